// The wizard's counterparties: find an approved enterprise by name or credit code and invite it; its
// admin names its own signers. The organizer sees each one's progress, never its people's identities.
import { del, get, post } from './api.js';
import { badge, clear, debounce, h, t, toast } from './ui.js';

function progress(c) {
  return c.status === 'named' ? badge('matched', t('cp_named', { signers: c.signers }))
    : badge('pending', t('cp_waiting'));
}

export function counterpartyPanel(ctx, { onChange }) {
  const draft = ctx.meeting.status === 'draft';
  const invitedList = h('div', { 'data-testid': 'counterparties' });
  const results = h('div', { class: 'picker-results', 'data-testid': 'enterprise-results', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', maxlength: 100, autocomplete: 'off', placeholder: t('search_enterprises'),
    'data-testid': 'enterprise-search' });

  function renderInvited() {
    const rows = ctx.meeting.counterparties || [];
    clear(invitedList, rows.length ? h('ul', { class: 'plain picker-list' }, rows.map((c) =>
      h('li', { class: 'picker-row', 'data-counterparty': c.id },
        h('div', { class: 'picker-who' }, h('strong', { title: c.enterprise_name }, c.enterprise_name),
          h('span', { class: 'mono muted small' }, c.credit_code_masked)),
        progress(c),
        draft ? h('button', { class: 'btn btn-xs btn-ghost-danger', type: 'button', 'data-testid': 'withdraw-counterparty',
          onclick: () => withdraw(c) }, t('withdraw')) : null)))
      : h('p', { class: 'muted small' }, t('no_counterparties')));
  }

  async function withdraw(c) {
    if (!confirm(t('confirm_withdraw', { name: c.enterprise_name }))) return;
    try {
      await del(`/api/meetings/${ctx.id}/counterparties/${c.id}`);
      await ctx.reload();
      renderInvited();
      onChange();
    } catch (err) { toast(err.message, 'error'); }
  }

  async function invite(e, button) {
    button.disabled = true;
    try {
      await post(`/api/meetings/${ctx.id}/counterparties`, { enterprise_id: e.id });
      toast(t('invited_ok', { name: e.name }));
      await ctx.reload();
      renderInvited();
      find();
      onChange();
    } catch (err) { toast(err.message, 'error'); button.disabled = false; }
  }

  const find = async () => {
    const q = search.value.trim();
    if (q.length < 2) { clear(results); return; }
    try {
      const found = await get(`/api/enterprises/search?q=${encodeURIComponent(q)}`);
      const invited = new Set((ctx.meeting.counterparties || []).map((c) => c.enterprise_id));
      clear(results, found.length ? h('ul', { class: 'plain picker-list' }, found.map((e) => {
        const button = h('button', { class: 'btn btn-xs btn-primary', type: 'button', 'data-testid': 'invite-enterprise',
          onclick: () => invite(e, button) }, t('invite'));
        return h('li', { class: 'picker-row', 'data-enterprise': e.id },
          h('div', { class: 'picker-who' }, h('strong', { title: e.name }, e.name), h('span', { class: 'mono muted small' }, e.credit_code_masked)),
          invited.has(e.id) ? h('span', { class: 'muted small' }, t('invited'))
            : e.signing_approved ? button : h('span', { class: 'muted small' }, t('not_approved')));
      })) : h('p', { class: 'empty' }, t('no_enterprises_found')));
    } catch (err) { clear(results, h('p', { class: 'field-error' }, err.message)); }
  };
  const findSoon = debounce(find, 300);
  search.addEventListener('input', () => findSoon());
  renderInvited();
  return h('section', { class: 'card' }, h('h2', {}, t('counterparties')),
    h('p', { class: 'field-hint' }, t('counterparty_help')),
    invitedList,
    draft ? h('div', { class: 'stack picker-search' }, h('label', { class: 'field' },
      h('span', { class: 'field-label' }, t('invite_counterparty')), search), results) : null);
}
