// Step 2: hosts, signers and observers: picked from our registry, named by an invited counterparty from
// theirs, or typed by hand and matched against their enterprise's registry.
import { del, patch, post } from '../api.js';
import { checkBooking } from '../booking-check.js';
import { counterpartyPanel } from '../counterparty-panel.js';
import { registryPicker } from '../registry-picker.js';
import { alertBox, badge, clear, h, showError, t, toast } from '../ui.js';

// The booking problems this step can fix; the server's check decides them.
const STEP_CODES = ['no_host', 'too_few_enterprises', 'signer_unmatched', 'counterparty_pending'];
const FROZEN = ['verified', 'signed', 'declined'];
const ID_TYPES = ['resident_id', 'hk_mo_permit', 'tw_permit', 'residence_permit', 'passport'];

function roleFields(form, role) {
  // Hosts belong to the organizer's enterprise; observers need no ID number.
  form.querySelector('.f-enterprise').hidden = role === 'host';
  form.querySelector('.f-id').hidden = role === 'observer';
  form.querySelector('.f-id-type').hidden = role === 'observer';
  // Only a passport names its issuing country.
  form.querySelector('.f-country').hidden = role === 'observer' || form.id_type.value !== 'passport';
  form.enterprise_name.placeholder = t(role === 'observer' ? 'observer_enterprise_hint' : 'enterprise_hint');
  form.querySelector('.f-id .field-label em').hidden = role !== 'signer' || Boolean(form.dataset.editing);
}

// The language of a participant's SMS and signer pages; the server's default is their employee's or enterprise's.
const LANGUAGES = ['zh', 'en'];

function languageCell(p, changeable, onLanguage) {
  if (!changeable) return h('td', { class: 'nowrap' }, t(`language_${p.language}`));
  return h('td', {}, h('select', { class: 'select-sm', 'aria-label': t('participant_language_of', { name: p.name }),
    'data-testid': 'participant-language', onchange: (e) => onLanguage(p, e.target.value) },
  LANGUAGES.map((code) => h('option', { value: code, selected: p.language === code }, t(`language_${code}`)))));
}

function table(ctx, { onEdit, onRemove, onLanguage, editing }) {
  const people = ctx.meeting.participants;
  if (!people.length) return h('p', { class: 'empty' }, t('no_participants'));
  const draft = ctx.meeting.status === 'draft';
  const editable = draft || ctx.meeting.status === 'scheduled';
  return h('table', { class: 'table', 'data-testid': 'participants' },
    h('thead', {}, h('tr', {}, [t('role'), t('name'), t('enterprise'), t('id_and_phone'), t('match_status'), t('participant_language'), '']
      .map((x) => h('th', {}, x)))),
    h('tbody', {}, people.map((p) => h('tr', { 'data-participant': p.id, class: p.id === editing ? 'editing' : null },
      h('td', {}, h('span', { class: `role role-${p.role}` }, t(`role_${p.role}`))),
      h('td', { class: 'nowrap' }, p.name, p.title ? h('div', { class: 'muted small', 'data-testid': 'participant-title' }, p.title) : null),
      h('td', { class: 'ent' }, p.enterprise_name),
      h('td', { class: 'mono nowrap' }, h('div', {}, p.id_number_masked || '—',
        p.id_number_masked && p.id_type !== 'resident_id'
          ? h('span', { class: 'muted small' }, ` ${t(`id_type_${p.id_type}`)}${p.id_country ? ` ${p.id_country}` : ''}`) : null),
      h('div', { class: 'muted' }, p.phone_masked)),
      h('td', {}, p.match_status === 'guest' ? h('span', { class: 'muted' }, t('match_guest'))
        : badge(p.match_status, t(`match_${p.match_status}`))),
      languageCell(p, editable && !FROZEN.includes(p.status) && !p.counterparty_id, onLanguage),
      h('td', { class: 'row-actions' },
        p.counterparty_id ? h('span', { class: 'muted small', 'data-testid': 'named-by-counterparty' }, t('named_by_counterparty')) : null,
        p.counterparty_id ? null : editable && !FROZEN.includes(p.status) ? h('button', { class: 'btn btn-xs', type: 'button', 'data-testid': 'edit-participant',
          onclick: () => onEdit(p) }, t('edit')) : null,
        draft && !p.counterparty_id ? h('button', { class: 'btn btn-xs btn-ghost-danger', type: 'button', 'data-testid': 'remove-participant',
          onclick: () => onRemove(p) }, t('delete')) : null)))));
}

async function summary(ctx) {
  if (ctx.meeting.status !== 'draft' || !ctx.meeting.participants.length) return null;
  try {
    const { problems } = await checkBooking(ctx.id, STEP_CODES);
    return problems.length ? alertBox('warning', h('ul', { class: 'plain', 'data-testid': 'participant-problems' },
      problems.map((n) => h('li', {}, n)))) : null;
  } catch (err) { return alertBox('error', err.message); }
}

function field(cls, name, label, attrs) {
  return h('label', { class: `field ${cls}` }, h('span', { class: 'field-label' }, label, h('em', {}, '*')),
    h('input', { name, ...attrs }), h('span', { class: 'field-hint f-keep', hidden: true }));
}

export function render(ctx) {
  let editing = null;
  // Once booked, documents and controls are frozen: a new signer could never sign, so only hosts and guests are added.
  const booked = ctx.meeting.status !== 'draft';
  const firstRole = booked ? 'observer' : 'signer';
  const addRoles = (form) => form.querySelectorAll('input[name="role"]').forEach((r) => {
    r.disabled = booked && r.value === 'signer'; r.checked = r.value === firstRole;
  });
  const title = h('h2', {}, t('typed_title'));
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, t('add_participant'));
  const cancel = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => stopEditing() }, t('cancel_edit'));
  const form = h('form', { class: 'stack participant-form', novalidate: true, 'data-testid': 'participant-form' },
    h('div', { class: 'form-errors' }),
    h('div', { class: 'role-switch', role: 'radiogroup' }, ['signer', 'host', 'observer'].map((r) =>
      h('label', {}, h('input', { type: 'radio', name: 'role', value: r }), t(`role_${r}`)))),
    booked ? h('p', { class: 'field-hint f-booked' }, t('no_new_signers')) : null,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('name'), h('em', {}, '*')),
      h('input', { name: 'name', maxlength: 50, required: true })),
    h('label', { class: 'field f-title' }, h('span', { class: 'field-label' }, t('job_title')),
      h('input', { name: 'job_title', maxlength: 50, placeholder: t('job_title_hint') })),
    h('label', { class: 'field f-id-type' }, h('span', { class: 'field-label' }, t('id_type')),
      h('select', { name: 'id_type' }, ID_TYPES.map((k) => h('option', { value: k }, t(`id_type_${k}`))))),
    field('f-id', 'id_number', t('id_number'), { maxlength: 20, placeholder: t('id_number_hint') }),
    h('label', { class: 'field f-country' }, h('span', { class: 'field-label' }, t('id_country')),
      h('input', { name: 'id_country', maxlength: 2, placeholder: t('id_country_hint') })),
    field('f-phone', 'phone', t('phone'), { maxlength: 20, placeholder: t('phone_hint') }),
    h('label', { class: 'field f-enterprise' }, h('span', { class: 'field-label' }, t('enterprise'), h('em', {}, '*')),
      h('input', { name: 'enterprise_name', maxlength: 100, placeholder: t('enterprise_hint') })),
    h('p', { class: 'field-hint' }, t('match_help')),
    h('div', { class: 'row-actions' }, submit, cancel));
  form.addEventListener('change', (e) => { if (['role', 'id_type'].includes(e.target.name)) roleFields(form, form.role.value); });
  const listHost = h('div');

  const rerender = async () => {
    const note = await summary(ctx);
    clear(listHost, note, table(ctx, { onEdit: startEditing, onRemove: remove, onLanguage: changeLanguage,
      editing: editing?.id }));
  };

  // Masked ID number and phone can't be shown again: blank keeps what is registered.
  const keep = (name, masked) => {
    const hint = form[name].closest('.field').querySelector('.f-keep');
    hint.hidden = !masked;
    hint.textContent = masked ? t('keep_if_blank', { value: masked }) : '';
    form[name].closest('.field').querySelector('.field-label em').hidden = Boolean(masked);
  };

  function startEditing(p) {
    editing = p;
    form.dataset.editing = p.id;
    showError(form, null);
    form.querySelectorAll('input[name="role"]').forEach((r) => {
      r.checked = r.value === p.role;
      r.disabled = ctx.meeting.status !== 'draft' && r.value !== p.role;  // roles are fixed once booked
    });
    form.name.value = p.name;
    form.job_title.value = p.title || '';
    form.enterprise_name.value = p.role === 'host' ? '' : p.enterprise_name;
    form.id_number.value = ''; form.phone.value = '';
    form.id_type.value = p.id_type || 'resident_id'; form.id_country.value = p.id_country || '';
    keep('id_number', p.id_number_masked); keep('phone', p.phone_masked);
    roleFields(form, p.role);
    form.querySelector('.f-booked')?.setAttribute('hidden', '');
    title.textContent = t('edit_participant', { name: p.name });
    submit.textContent = t('save_changes');
    cancel.hidden = false;
    form.closest('.card').classList.add('card-editing');
    rerender();
    form.name.focus();
  }

  function stopEditing() {
    editing = null;
    delete form.dataset.editing;
    showError(form, null);
    addRoles(form);
    ['name', 'job_title', 'id_number', 'id_country', 'phone', 'enterprise_name'].forEach((n) => { form[n].value = ''; });
    form.id_type.value = 'resident_id';
    keep('id_number', null); keep('phone', null);
    roleFields(form, firstRole);
    form.querySelector('.f-booked')?.removeAttribute('hidden');
    title.textContent = t('typed_title');
    submit.textContent = t('add_participant');
    cancel.hidden = true;
    form.closest('.card').classList.remove('card-editing');
    rerender();
  }

  async function changeLanguage(p, language) {
    try {
      await patch(`/api/meetings/${ctx.id}/participants/${p.id}`, { language });
      await ctx.reload();
      toast(t('saved_language', { name: p.name, language: t(`language_${language}`) }));
    } catch (err) { toast(err.message, 'error'); }
    rerender();
  }

  async function remove(p) {
    if (!confirm(t('confirm_remove_participant', { name: p.name }))) return;
    try {
      await del(`/api/meetings/${ctx.id}/participants/${p.id}`);
      if (editing?.id === p.id) editing = null;
      await ctx.reload();
      editing ? rerender() : stopEditing();
    } catch (err) { toast(err.message, 'error'); }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const role = form.role.value;
    const body = { role, name: form.name.value.trim(),
      enterprise_name: role === 'host' ? ctx.enterpriseName : form.enterprise_name.value.trim() };
    // Shown under the name on the big screen; blank clears it when editing.
    const title = form.job_title.value.trim();
    if (title || editing) body.title = title || null;
    if (form.phone.value.trim() || !editing) body.phone = form.phone.value.trim();
    if (role !== 'observer' && form.id_number.value.trim()) {
      body.id_number = form.id_number.value.trim();
      body.id_type = form.id_type.value;
      if (body.id_type === 'passport') body.id_country = form.id_country.value.trim();
    }
    if (editing && ctx.meeting.status !== 'draft') delete body.role;
    try {
      const p = editing ? await patch(`/api/meetings/${ctx.id}/participants/${editing.id}`, body)
        : await post(`/api/meetings/${ctx.id}/participants`, body);
      const unmatched = p.match_status === 'unmatched';
      // Which part is wrong (the enterprise, or the person), never which field of the person.
      const problem = t(`problem_${p.match_problem || 'person_unmatched'}`);
      const message = editing ? t(unmatched ? 'saved_with_problem' : 'saved_participant', { name: p.name, problem })
        : t(unmatched ? 'added_with_problem' : 'added', { name: p.name, problem });
      await ctx.reload();
      if (editing) stopEditing();
      else {
        showError(form, null);
        ['name', 'job_title', 'id_number', 'id_country', 'phone'].forEach((n) => { form[n].value = ''; });
        rerender();
      }
      toast(message, unmatched ? 'error' : 'success');
      form.name.focus();
    } catch (err) { showError(form, err); }
  });
  addRoles(form);
  roleFields(form, firstRole);
  rerender();
  const open = ['draft', 'scheduled'].includes(ctx.meeting.status);
  const picker = open ? registryPicker({
    roles: booked ? ['host', 'observer'] : ['signer', 'host', 'observer'],
    onPick: async (e, role) => {
      await post(`/api/meetings/${ctx.id}/participants/from-registry`, { role, employee_id: e.id });
      toast(t('added', { name: e.name }));
      await ctx.reload();
      rerender();
    },
  }) : null;
  clear(ctx.root,
    h('div', { class: 'grid-2-1' },
      h('section', { class: 'card' }, h('h2', {}, t('participants')), listHost),
      open ? h('div', { class: 'stack' },
        h('section', { class: 'card', 'data-testid': 'registry-card' }, h('h2', {}, t('registry_pick')),
          h('p', { class: 'field-hint' }, t('registry_pick_help')), picker),
        counterpartyPanel(ctx, { onChange: rerender }),
        h('section', { class: 'card' }, title, form))
        : h('section', { class: 'card' }, alertBox('info', t('participants_frozen')))),
    ctx.footer('details', 'documents'));
}
