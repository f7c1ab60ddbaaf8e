// Step 5: check everything, show what the server will refuse or warn about, and book.
import { post } from '../api.js';
import { alertBox, badge, clear, fmtTime, h, t } from '../ui.js';

// The same rules the server applies at booking, shown before the click (the server decides).
function precheck(m) {
  const problems = [], warnings = [];
  const signers = m.participants.filter((p) => p.role === 'signer');
  const controls = m.documents.flatMap((d) => d.controls);
  if (!m.participants.some((p) => p.role === 'host')) problems.push(t('need_host'));
  if (new Set(signers.map((p) => p.enterprise_name)).size < 2) problems.push(t('need_two_enterprises'));
  if (!m.documents.length) problems.push(t('need_document'));
  for (const p of signers) {
    if (p.match_status === 'unmatched') problems.push(t('signer_unmatched', { name: p.name, enterprise: p.enterprise_name }));
    if (p.match_status === 'not_activated') warnings.push(t('signer_not_activated', { name: p.name }));
    if (!controls.some((c) => c.participant_id === p.id)) problems.push(t('signer_without_controls', { name: p.name }));
  }
  for (const e of new Set(signers.map((p) => p.enterprise_name))) {
    const ids = new Set(signers.filter((p) => p.enterprise_name === e).map((p) => p.id));
    if (!controls.some((c) => c.kind === 'seal' && ids.has(c.participant_id))) warnings.push(t('enterprise_without_seal', { enterprise: e }));
  }
  return { problems, warnings };
}

export function render(ctx) {
  const m = ctx.meeting;
  const { problems, warnings } = precheck(m);
  const result = h('div', { 'data-testid': 'book-result' });
  const count = (role) => m.participants.filter((p) => p.role === role).length;
  const book = async (button) => {
    button.disabled = true;
    try {
      const res = await post(`/api/meetings/${ctx.id}/book`);
      sessionStorage.setItem(`booked:${ctx.id}`, JSON.stringify(res.warnings || []));
      window.location.href = `/admin/meetings/${ctx.id}`;
    } catch (err) {
      button.disabled = false;
      const listed = (err.body.problems || []).map((p) => h('li', {}, p.message));
      clear(result, alertBox('error', h('strong', {}, err.message), listed.length ? h('ul', {}, listed) : null));
    }
  };
  const bookButton = h('button', { class: 'btn btn-primary btn-lg', type: 'button', 'data-testid': 'book',
    disabled: m.status !== 'draft', onclick: (e) => book(e.currentTarget) }, t('book_now'));
  clear(ctx.root,
    h('section', { class: 'card' }, h('h2', {}, t('step_review')),
      h('dl', { class: 'facts' },
        h('dt', {}, t('meeting_name')), h('dd', {}, m.name, ' ', badge(m.status)),
        h('dt', {}, t('time')), h('dd', {}, `${fmtTime(m.starts_at)} — ${fmtTime(m.ends_at)}`),
        h('dt', {}, t('participants')), h('dd', {}, t('participant_counts', { hosts: count('host'), signers: count('signer'), observers: count('observer') }),
          ' ', h('a', { href: ctx.url('participants') }, t('edit'))),
        h('dt', {}, t('documents')), h('dd', {}, m.documents.length
          ? m.documents.map((d) => h('span', { class: 'doc-inline' }, d.filename, h('span', { class: 'muted small' }, ' · ', t('doc_summary', { pages: d.page_count, controls: d.controls.length }))))
          : '—', ' ', h('a', { href: ctx.url('documents') }, t('edit'))),
        h('dt', {}, t('stage')), h('dd', {}, h('a', { href: ctx.url('layout') }, t('edit'))))),
    problems.length ? alertBox('error', h('strong', {}, t('problems_title')), h('ul', {}, problems.map((p) => h('li', {}, p)))) : null,
    warnings.length ? alertBox('warning', h('strong', {}, t('warnings_title')), h('ul', { 'data-testid': 'warnings' }, warnings.map((w) => h('li', {}, w)))) : null,
    !problems.length ? alertBox('info', t('book_explain')) : null,
    result,
    ctx.footer('layout', null, { extra: bookButton }));
}
