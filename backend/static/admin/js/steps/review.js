// Step 5: check everything, preview it as each signer and the room will see it, show what the server
// will refuse or warn about, and book.
import { post } from '../api.js';
import { checkBooking, explain } from '../booking-check.js';
import { previewPanel } from '../preview-panel.js';
import { alertBox, badge, clear, fmtRange, h, t } from '../ui.js';

export async function render(ctx) {
  const m = ctx.meeting;
  let problems = [], warnings = [];
  if (m.status === 'draft') {
    try {
      ({ problems, warnings } = await checkBooking(ctx.id));
    } catch (err) { clear(ctx.root, alertBox('error', err.message)); return; }
  }
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
      const listed = (err.body.problems || []).map((p) => h('li', {}, explain(p)));
      clear(result, alertBox('error', h('strong', {}, err.message), listed.length ? h('ul', {}, listed) : null));
    }
  };
  const bookButton = h('button', { class: 'btn btn-primary btn-lg', type: 'button', 'data-testid': 'book',
    disabled: m.status !== 'draft' || problems.length > 0, onclick: (e) => book(e.currentTarget) }, t('book_now'));
  clear(ctx.root,
    h('section', { class: 'card' }, h('h2', {}, t('step_review')),
      h('dl', { class: 'facts' },
        h('dt', {}, t('meeting_name')), h('dd', {}, m.name, ' ', badge(m.status)),
        h('dt', {}, t('time')), h('dd', {}, fmtRange(m.starts_at, m.ends_at)),
        h('dt', {}, t('participants')), h('dd', {}, t('participant_counts', { hosts: count('host'), signers: count('signer'), observers: count('observer') }),
          ' ', h('a', { href: ctx.url('participants') }, t('edit'))),
        h('dt', {}, t('documents')), h('dd', {}, m.documents.length
          ? m.documents.map((d) => h('span', { class: 'doc-inline' }, d.filename, h('span', { class: 'muted small' }, ' · ', t('doc_summary', { pages: d.page_count, controls: d.controls.length }))))
          : '—', ' ', h('a', { href: ctx.url('documents') }, t('edit'))),
        h('dt', {}, t('stage')), h('dd', {}, h('a', { href: ctx.url('layout') }, t('edit'))))),
    previewPanel(m),
    problems.length ? alertBox('error', h('strong', {}, t('problems_title')), h('ul', {}, problems.map((p) => h('li', {}, p)))) : null,
    warnings.length ? alertBox('warning', h('strong', {}, t('warnings_title')), h('ul', { 'data-testid': 'warnings' }, warnings.map((w) => h('li', {}, w)))) : null,
    !problems.length ? alertBox('info', t('book_explain')) : null,
    result,
    ctx.footer('layout', null, { extra: bookButton }));
}
