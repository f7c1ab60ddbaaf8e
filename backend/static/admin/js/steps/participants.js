// Step 2: hosts, signers and observers, each signer matched against their enterprise's registry.
import { del, post } from '../api.js';
import { alertBox, badge, clear, h, showError, t, toast } from '../ui.js';

function roleFields(form, role) {
  // Hosts belong to the organizer's enterprise; observers need no ID number.
  form.querySelector('.f-enterprise').hidden = role === 'host';
  form.querySelector('.f-id').hidden = role === 'observer';
  form.querySelector('.f-id .field-label em').hidden = role !== 'signer';
}

function table(ctx, rerender) {
  const people = ctx.meeting.participants;
  if (!people.length) return h('p', { class: 'empty' }, t('no_participants'));
  const remove = async (p) => {
    if (!confirm(t('confirm_remove_participant', { name: p.name }))) return;
    try { await del(`/api/meetings/${ctx.id}/participants/${p.id}`); await ctx.reload(); rerender(); } catch (err) { toast(err.message, 'error'); }
  };
  return h('table', { class: 'table', 'data-testid': 'participants' },
    h('thead', {}, h('tr', {}, [t('role'), t('name'), t('enterprise'), t('id_number'), t('phone'), t('match_status'), '']
      .map((x) => h('th', {}, x)))),
    h('tbody', {}, people.map((p) => h('tr', { 'data-participant': p.id },
      h('td', {}, h('span', { class: `role role-${p.role}` }, t(`role_${p.role}`))),
      h('td', { class: 'nowrap' }, p.name), h('td', {}, p.enterprise_name),
      h('td', { class: 'mono' }, p.id_number_masked || '—'), h('td', { class: 'mono' }, p.phone_masked),
      h('td', {}, p.match_status === 'guest' ? h('span', { class: 'muted' }, t('match_guest'))
        : badge(p.match_status, t(`match_${p.match_status}`))),
      h('td', {}, ctx.meeting.status === 'draft' ? h('button', { class: 'btn btn-xs btn-ghost-danger', type: 'button',
        onclick: () => remove(p) }, t('delete')) : null)))));
}

function summary(ctx) {
  const signers = ctx.meeting.participants.filter((p) => p.role === 'signer');
  const enterprises = new Set(signers.map((p) => p.enterprise_name));
  const notes = [];
  if (!ctx.meeting.participants.some((p) => p.role === 'host')) notes.push(t('need_host'));
  if (enterprises.size < 2) notes.push(t('need_two_enterprises'));
  const unmatched = signers.filter((p) => p.match_status === 'unmatched');
  if (unmatched.length) notes.push(t('unmatched_signers', { names: unmatched.map((p) => p.name).join('、') }));
  return notes.length ? alertBox('warning', h('ul', { class: 'plain' }, notes.map((n) => h('li', {}, n)))) : null;
}

export function render(ctx) {
  const form = h('form', { class: 'stack participant-form', novalidate: true, 'data-testid': 'participant-form' },
    h('div', { class: 'form-errors' }),
    h('div', { class: 'role-switch', role: 'radiogroup' }, ['signer', 'host', 'observer'].map((r) =>
      h('label', {}, h('input', { type: 'radio', name: 'role', value: r, checked: r === 'signer' }), t(`role_${r}`)))),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('name'), h('em', {}, '*')),
      h('input', { name: 'name', maxlength: 50, required: true })),
    h('label', { class: 'field f-id' }, h('span', { class: 'field-label' }, t('id_number'), h('em', {}, '*')),
      h('input', { name: 'id_number', maxlength: 18, placeholder: t('id_number_hint') })),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('phone'), h('em', {}, '*')),
      h('input', { name: 'phone', maxlength: 11, placeholder: t('phone_hint') })),
    h('label', { class: 'field f-enterprise' }, h('span', { class: 'field-label' }, t('enterprise'), h('em', {}, '*')),
      h('input', { name: 'enterprise_name', maxlength: 100, placeholder: t('enterprise_hint') })),
    h('p', { class: 'field-hint' }, t('match_help')),
    h('button', { class: 'btn btn-primary', type: 'submit' }, t('add_participant')));
  form.addEventListener('change', (e) => { if (e.target.name === 'role') roleFields(form, e.target.value); });
  const listHost = h('div');
  const rerender = () => clear(listHost, summary(ctx), table(ctx, rerender));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const role = form.role.value;
    const body = { role, name: form.name.value.trim(), phone: form.phone.value.trim(),
      enterprise_name: role === 'host' ? ctx.enterpriseName : form.enterprise_name.value.trim() };
    if (role !== 'observer' && form.id_number.value.trim()) body.id_number = form.id_number.value.trim();
    try {
      const p = await post(`/api/meetings/${ctx.id}/participants`, body);
      showError(form, null);
      ['name', 'id_number', 'phone'].forEach((n) => { form[n].value = ''; });
      await ctx.reload();
      rerender();
      toast(p.match_status === 'unmatched' ? t('added_unmatched', { name: p.name }) : t('added', { name: p.name }),
        p.match_status === 'unmatched' ? 'error' : 'success');
      form.name.focus();
    } catch (err) { showError(form, err); }
  });
  roleFields(form, 'signer');
  rerender();
  clear(ctx.root,
    h('div', { class: 'grid-2-1' },
      h('section', { class: 'card' }, h('h2', {}, t('participants')), listHost),
      h('section', { class: 'card' }, h('h2', {}, t('add_participant')), form)),
    ctx.footer('details', 'documents'));
}
