// One invitation: the meeting another enterprise organises, the people we named, and our registry to pick from.
import { del, get, post } from './api.js';
import { progress } from './invitations.js';
import { registryPicker } from './registry-picker.js';
import { alertBox, badge, clear, fmtRange, fmtTime, h, t, toast } from './ui.js';

const root = document.getElementById('invitation');
const url = `/api/counterparty-invitations/${root.dataset.id}`;
let inv;
let picker;

function table() {
  if (!inv.participants.length) return h('p', { class: 'empty' }, t('no_nominees'));
  return h('table', { class: 'table', 'data-testid': 'nominees' },
    h('thead', {}, h('tr', {}, [t('role'), t('name'), t('id_and_phone'), t('match_status'), t('participant_status'), '']
      .map((x) => h('th', {}, x)))),
    h('tbody', {}, inv.participants.map((p) => h('tr', { 'data-participant': p.id },
      h('td', {}, h('span', { class: `role role-${p.role}` }, t(`role_${p.role}`))),
      h('td', { class: 'nowrap' }, p.name),
      h('td', { class: 'mono nowrap' }, h('div', {}, p.id_number_masked || '—'), h('div', { class: 'muted' }, p.phone_masked)),
      h('td', {}, p.match_status === 'guest' ? h('span', { class: 'muted' }, t('match_guest'))
        : badge(p.match_status, t(`match_${p.match_status}`))),
      h('td', {}, badge(p.status, t(`pstatus_${p.status}`))),
      h('td', { class: 'row-actions' }, inv.editable ? h('button', { class: 'btn btn-xs btn-ghost-danger', type: 'button',
        'data-testid': 'remove-nominee', onclick: () => remove(p) }, t('remove')) : null)))));
}

async function remove(p) {
  if (!confirm(t('confirm_remove_participant', { name: p.name }))) return;
  try { await del(`${url}/participants/${p.id}`); await load(); } catch (err) { toast(err.message, 'error'); }
}

async function pick(e, role) {
  await post(`${url}/participants`, { role, employee_id: e.id });
  toast(t('added', { name: e.name }));
  await load();
}

function render() {
  const m = inv.meeting;
  document.getElementById('invitation-title').textContent = m.name;
  const open = inv.editable || ['scheduled'].includes(m.status);
  // Signers only before booking (their controls go on the contract); guests until the start.
  if (!picker && open) picker = registryPicker({ roles: inv.editable ? ['signer', 'observer'] : ['observer'], onPick: pick });
  clear(root,
    h('div', { class: 'grid-2-1' },
      h('div', { class: 'stack' },
        h('section', { class: 'card' },
          h('div', { class: 'card-head' }, h('h2', {}, m.name, badge(m.status)), progress(inv)),
          h('dl', { class: 'facts' },
            h('dt', {}, t('inviting_enterprise')), h('dd', {}, m.organizer),
            h('dt', {}, t('time')), h('dd', {}, fmtRange(m.starts_at, m.ends_at)),
            h('dt', {}, t('invited_at')), h('dd', {}, fmtTime(inv.invited_at))),
          inv.editable ? alertBox('info', t('nominate_explain'))
            : alertBox('info', t(m.status === 'scheduled' ? 'nominees_booked' : 'nominees_frozen'))),
        h('section', { class: 'card' }, h('h2', {}, t('our_participants'), h('span', { class: 'count' }, inv.participants.length)),
          table())),
      open ? h('section', { class: 'card', 'data-testid': 'registry-card' }, h('h2', {}, t('registry_pick_ours')),
        h('p', { class: 'field-hint' }, t('registry_pick_help')), picker) : null));
}

async function load() {
  try { inv = await get(url); render(); } catch (err) { clear(root, alertBox('error', err.message)); }
}
load();
