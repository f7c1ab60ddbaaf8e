// Clone a meeting: pick the new times (and name), then continue in the wizard with the new draft.
import { post } from './api.js';
import { h, isoFromInput, localInputValue, showError, t, toast, zoneName } from './ui.js';

// The same time of day, a week on (or a week from now if that has passed): a sensible first suggestion.
function nextWeek(iso) {
  const week = 7 * 24 * 3600e3;
  let at = new Date(iso).getTime() + week;
  while (at < Date.now() + 3600e3) at += week;
  return new Date(at).toISOString();
}

export function cloneForm(m, close) {
  const length = new Date(m.ends_at) - new Date(m.starts_at);
  const starts = nextWeek(m.starts_at);
  const form = h('form', { class: 'card clone-form stack', novalidate: true, 'data-testid': 'clone-form' },
    h('h3', {}, t('clone_title')),
    h('p', { class: 'muted small' }, t('clone_help')),
    h('div', { class: 'form-errors' }),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('clone_name')),
      h('input', { name: 'name', maxlength: 60, required: true, value: m.name })),
    h('div', { class: 'field-row' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('starts_at'), ' ', t('in_zone', { zone: zoneName() })),
        h('input', { name: 'starts_at', type: 'datetime-local', required: true, value: localInputValue(starts) })),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('ends_at'), ' ', t('in_zone', { zone: zoneName() })),
        h('input', { name: 'ends_at', type: 'datetime-local', required: true,
          value: localInputValue(new Date(new Date(starts).getTime() + length).toISOString()) }))),
    h('div', { class: 'row-actions' },
      h('button', { class: 'btn btn-primary btn-sm', type: 'submit', 'data-testid': 'clone-submit' }, t('clone_submit')),
      h('button', { class: 'btn btn-ghost btn-sm', type: 'button', onclick: close }, t('cancel_edit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { name: form.name.value.trim(), starts_at: isoFromInput(form.starts_at.value),
      ends_at: isoFromInput(form.ends_at.value) };
    if (!body.name || !body.starts_at || !body.ends_at) {
      showError(form, { message: t('fix_fields'), fields: Object.fromEntries(
        Object.entries(body).filter(([, v]) => !v).map(([k]) => [k, [t('required')]])) });
      return;
    }
    try {
      const copy = await post(`/api/meetings/${m.id}/clone`, body);
      toast(t('cloned'));
      window.location.href = `/admin/meetings/${copy.id}/edit/details`;
    } catch (err) { showError(form, err); }
  });
  return form;
}
