// 签约邀请: the meetings other enterprises invited ours to, and whether we have named our signers.
import { get } from './api.js';
import { alertBox, badge, clear, fmtTime, h, t } from './ui.js';

const list = document.getElementById('invitation-list');

export function progress(inv) {
  const signers = inv.participants.filter((p) => p.role === 'signer').length;
  return inv.status === 'named' ? badge('matched', t('cp_named', { signers })) : badge('pending', t('cp_waiting'));
}

async function load() {
  try {
    const rows = await get('/api/counterparty-invitations');
    if (!rows.length) { clear(list, h('p', { class: 'empty' }, t('no_invitations'))); return; }
    clear(list, h('table', { class: 'table', 'data-testid': 'invitations' },
      h('thead', {}, h('tr', {}, [t('meeting_name'), t('inviting_enterprise'), t('time'), t('status'), t('our_signers'), '']
        .map((x) => h('th', {}, x)))),
      h('tbody', {}, rows.map((inv) => h('tr', { 'data-invitation': inv.id },
        h('td', {}, h('a', { href: `/admin/invitations/${inv.id}` }, inv.meeting.name)),
        h('td', { class: 'ent' }, inv.meeting.organizer),
        h('td', { class: 'nowrap' }, fmtTime(inv.meeting.starts_at)),
        h('td', {}, badge(inv.meeting.status)),
        h('td', {}, progress(inv)),
        h('td', { class: 'row-actions' }, h('a', { class: `btn btn-sm${inv.editable ? ' btn-primary' : ''}`,
          href: `/admin/invitations/${inv.id}` }, inv.editable ? t('name_signers') : t('view_detail'))))))));
  } catch (err) { clear(list, alertBox('error', err.message)); }
}
if (list) load();
