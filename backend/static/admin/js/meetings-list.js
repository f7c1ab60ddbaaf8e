// 我的预约: the enterprise's meetings, filtered by status tab and name; the CSV export takes the same filters.
import { get } from './api.js';
import { rehearsalBadge } from './rehearsal.js';
import { alertBox, badge, clear, fmtTime, h, t } from './ui.js';

const list = document.getElementById('meeting-list');
const tabs = document.getElementById('status-tabs');
const search = document.getElementById('meeting-search');
const csvLink = document.getElementById('meetings-csv');
const filters = { status: '', q: '' };

function query() {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function link(m) {
  return m.status === 'draft' ? `/admin/meetings/${m.id}/edit/details` : `/admin/meetings/${m.id}`;
}

async function load() {
  tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b.dataset.status === filters.status));
  csvLink.href = `/api/meetings/export.csv${query()}`;
  history.replaceState(null, '', query() || location.pathname);
  clear(list, h('p', { class: 'empty' }, t('loading')));
  try {
    const meetings = await get(`/api/meetings${query()}`);
    if (!meetings.length) {
      clear(list, filters.q ? h('div', { class: 'empty', 'data-testid': 'no-matches' }, t('no_matches', { q: filters.q }))
        : h('div', { class: 'empty' }, t('no_meetings'), ' ', h('a', { href: '/admin/meetings/new' }, t('book_first'))));
      return;
    }
    clear(list, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('meeting_name')), h('th', {}, t('starts_at')),
        h('th', {}, t('ends_at')), h('th', {}, t('status')), h('th', { class: 'w-actions' }, t('actions')))),
      h('tbody', {}, meetings.map((m) => h('tr', {},
        h('td', {}, h('a', { href: link(m) }, m.name), m.rehearsal ? rehearsalBadge() : null),
        h('td', {}, fmtTime(m.starts_at)), h('td', {}, fmtTime(m.ends_at)),
        h('td', {}, badge(m.status)),
        h('td', { class: 'row-actions' },
          m.status === 'draft' ? h('a', { class: 'btn btn-sm btn-primary', href: link(m) }, t('continue_editing')) : null,
          h('a', { class: 'btn btn-sm', href: `/admin/meetings/${m.id}` }, t('view_detail'))))))));
  } catch (err) {
    clear(list, alertBox('error', err.message));
  }
}

tabs.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-status]');
  if (!button) return;
  filters.status = button.dataset.status;
  load();
});
search.addEventListener('submit', (e) => {
  e.preventDefault();
  filters.q = search.q.value.trim();
  load();
});
const given = new URLSearchParams(location.search);
filters.status = given.get('status') || '';
filters.q = (given.get('q') || '').slice(0, 60);
search.q.value = filters.q;
load();
