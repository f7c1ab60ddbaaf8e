// Rehearsals on the admin pages: the 彩排 badge, a rehearsal run of a meeting, and resetting a rehearsal to run again.
import { post } from './api.js';
import { h, t, toast } from './ui.js';

export function rehearsalBadge() {
  return h('span', { class: 'badge badge-rehearsal', 'data-testid': 'rehearsal-badge', title: t('rehearsal_help') },
    t('rehearsal_badge'));
}

// A rehearsal copy of a meeting (its people, documents and layout, starting in half an hour), on to its last step.
async function rehearse(m) {
  try {
    const run = await post(`/api/meetings/${m.id}/rehearsal`, {});
    toast(t('rehearsal_created'));
    window.location.href = `/admin/meetings/${run.id}/edit/review`;
  } catch (err) { toast(err.message, 'error'); }
}

async function reset(m, reload) {
  if (!confirm(t('confirm_reset_rehearsal', { name: m.name }))) return;
  try {
    await post(`/api/meetings/${m.id}/reset`, {});
    toast(t('rehearsal_reset_done'));
    reload();
  } catch (err) { toast(err.message, 'error'); }
}

// The meeting page's buttons: reset a booked rehearsal; rehearse any other meeting.
export function rehearsalActions(m, reload) {
  if (!m.rehearsal) {
    return h('button', { class: 'btn btn-sm', type: 'button', 'data-testid': 'rehearse', onclick: () => rehearse(m) },
      t('rehearse'));
  }
  if (!m.booked_at || m.status === 'cancelled') return null;
  return h('button', { class: 'btn btn-sm', type: 'button', 'data-testid': 'reset-rehearsal',
    onclick: () => reset(m, reload) }, t('reset_rehearsal'));
}
