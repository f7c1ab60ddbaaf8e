// Pick people from the enterprise's own employee registry (GET /api/employees): the identity comes
// from the registry, nobody retypes an ID number or phone. Used by the wizard and the counterparty's task page.
import { get } from './api.js';
import { badge, clear, debounce, h, t, toast } from './ui.js';

// roles: the roles offered, first one checked; onPick(employee, role) adds them (and may throw an ApiError).
export function registryPicker({ roles, onPick }) {
  const results = h('div', { class: 'picker-results', 'data-testid': 'registry-results', 'aria-live': 'polite' });
  const search = h('input', { type: 'search', name: 'q', maxlength: 50, autocomplete: 'off',
    placeholder: t('search_employees'), 'data-testid': 'registry-search' });
  const roleSwitch = h('div', { class: 'role-switch', role: 'radiogroup' }, roles.map((r, i) =>
    h('label', {}, h('input', { type: 'radio', name: 'pick_role', value: r, checked: i === 0 }), t(`role_${r}`))));
  const role = () => roleSwitch.querySelector('input:checked').value;

  function row(e) {
    const usable = e.status !== 'disabled';
    const add = h('button', { class: 'btn btn-xs btn-primary', type: 'button', 'data-testid': 'pick-employee',
      disabled: !usable, onclick: async () => {
        add.disabled = true;
        try {
          await onPick(e, role());
          add.textContent = t('picked');  // until the list is searched again: a role switch offers them anew
        } catch (err) { toast(err.message, 'error'); add.disabled = false; }
      } }, t('pick'));
    return h('li', { class: 'picker-row', 'data-employee': e.id },
      h('div', { class: 'picker-who' }, h('strong', { title: e.name }, e.name),
        h('span', { class: 'mono muted small' }, `${e.id_number_masked} · ${e.phone_masked}`)),
      usable ? (e.status === 'invited' ? badge('not_activated', t('emp_invited')) : null)
        : badge('unmatched', t('emp_disabled')),
      add);
  }

  const load = async () => {
    try {
      const { items, total } = await get(`/api/employees?q=${encodeURIComponent(search.value.trim())}`);
      clear(results, items.length ? h('ul', { class: 'plain picker-list' }, items.map(row))
        : h('p', { class: 'empty' }, t('no_employees_found')),
      total > items.length ? h('p', { class: 'muted small' }, t('more_results', { n: total - items.length })) : null);
    } catch (err) { clear(results, h('p', { class: 'field-error' }, err.message)); }
  };
  const reload = debounce(load, 250);
  search.addEventListener('input', () => reload());
  roleSwitch.addEventListener('change', () => load());
  load();
  const el = h('div', { class: 'stack registry-picker', 'data-testid': 'registry-picker' }, roleSwitch,
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('search_registry')), search), results);
  el.refresh = load;
  return el;
}
