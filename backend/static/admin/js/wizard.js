// The booking wizard: loads the meeting and hands the page to the current step's module.
import { get } from './api.js';
import { alertBox, clear, h, t } from './ui.js';

const root = document.getElementById('wizard');
const ctx = {
  root,
  id: root.dataset.meetingId,
  step: root.dataset.step,
  enterpriseName: root.dataset.enterpriseName,
  url: (step, id = ctx.id) => `/admin/meetings/${id}/edit/${step}`,
  async reload() { ctx.meeting = await get(`/api/meetings/${ctx.id}`); return ctx.meeting; },
  go(step) { window.location.href = ctx.url(step); },
};

// The footer every step shares: back, a status slot and next.
ctx.footer = (prev, next, { nextLabel, onNext, extra } = {}) => h('div', { class: 'wizard-footer' },
  prev ? h('a', { class: 'btn', href: ctx.url(prev) }, '‹ ', t('prev')) : h('span'),
  h('div', { class: 'wizard-footer-right' }, extra || null,
    next || onNext ? h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'next',
      onclick: onNext || (() => ctx.go(next)) }, nextLabel || t('next'), ' ›') : null));

async function main() {
  if (ctx.id) {
    try { await ctx.reload(); } catch (err) { clear(root, alertBox('error', err.message)); return; }
    document.getElementById('wizard-title').textContent = ctx.meeting.name;
    if (ctx.meeting.status !== 'draft') {
      root.before(alertBox('info', t('not_draft_notice'), ' ', h('a', { href: `/admin/meetings/${ctx.id}` }, t('view_detail'), ' →')));
    }
  }
  const module = await import(`./steps/${ctx.step}.js`);
  await module.render(ctx);
}
main();
