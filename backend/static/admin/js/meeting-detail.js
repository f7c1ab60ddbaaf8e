// The meeting detail: result-page link to copy, host link, video link, participant and notification
// statuses, re-opening a declined signer, clone, cancel; a preview as each signer and the room will see it;
// the replay once completed.
import { get, post } from './api.js';
import { explain } from './booking-check.js';
import { cloneForm } from './clone.js';
import { previewPanel } from './preview-panel.js';
import { rehearsalActions, rehearsalBadge } from './rehearsal.js';
import { alertBox, badge, clear, fmtRange, fmtTime, h, t, toast } from './ui.js';

const root = document.getElementById('meeting-detail');
const id = root.dataset.meetingId;

async function copy(text, input) {
  try { await navigator.clipboard.writeText(text); } catch (e) {
    // Clipboard API refused (e.g. an insecure origin): fall back to selecting the text.
    input.select(); document.execCommand('copy');
  }
  toast(t('copied'));
}

function linkRow(label, url, testid, hint) {
  const input = h('input', { class: 'link-input mono', readonly: true, value: url, 'data-testid': testid,
    onfocus: (e) => e.target.select() });
  return h('div', { class: 'link-row' },
    h('div', { class: 'link-label' }, label, hint ? h('span', { class: 'muted small' }, hint) : null),
    h('div', { class: 'link-box' }, input,
      h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': `${testid}-copy`, onclick: () => copy(url, input) }, t('copy')),
      h('a', { class: 'btn', href: url, target: '_blank', rel: 'noopener' }, t('open'))));
}

const ROLE = (r) => t(`role_${r}`);
// Each booked signer's H5 link and QR image URL, put in the page by the server (the API keeps them out).
const LINKS = JSON.parse(document.getElementById('signer-links')?.textContent || '{}');

// Re-opening changes the signer's link and QR code, which the server puts in the page: reload it.
async function reopen(p) {
  if (!confirm(t('confirm_reopen', { name: p.name }))) return;
  try {
    await post(`/api/meetings/${id}/participants/${p.id}/reopen`);
    sessionStorage.setItem(`reopened:${id}`, p.name);
    location.reload();
  } catch (err) { toast(err.message, 'error'); }
}

function signerCard(p, link, live) {
  const signed = p.status === 'signed', declined = p.status === 'declined';
  const qr = live && !signed && !declined
    ? h('img', { class: 'signer-qr', src: link.qr, alt: t('qr_of', { name: p.name }), width: 132, height: 132, 'data-testid': 'signer-qr' })
    : h('div', { class: `signer-qr signer-qr-off signer-qr-${p.status}` },
      signed ? [h('b', {}, '✓'), t('pstatus_signed')] : declined ? [h('b', {}, '✕'), t('pstatus_declined')] : t('qr_closed'));
  const input = h('input', { class: 'link-input mono', readonly: true, value: link.h5, 'aria-label': t('h5_link'),
    'data-testid': 'signer-link', onfocus: (e) => e.target.select() });
  return h('div', { class: `signer-card${declined ? ' is-declined' : ''}`, 'data-participant': p.id },
    qr,
    h('div', { class: 'signer-info' },
      h('div', { class: 'signer-name' }, h('strong', {}, p.name), badge(p.status, t(`pstatus_${p.status}`))),
      h('div', { class: 'muted small' }, p.enterprise_name),
      signed && p.signed_at ? h('div', { class: 'small signed-at' }, t('signed_at_x', { time: fmtTime(p.signed_at) })) : null,
      declined ? h('div', { class: 'decline-reason', 'data-testid': 'decline-reason' },
        t('decline_reason_x', { reason: p.decline_reason || '—' })) : null,
      declined && live ? h('button', { class: 'btn btn-sm btn-primary btn-reopen', type: 'button', 'data-testid': 'reopen-signer',
        onclick: () => reopen(p) }, t('reopen_signer')) : null,
      h('div', { class: 'field-label small' }, t('h5_link')),
      h('div', { class: 'link-box' }, input,
        h('button', { class: 'btn btn-sm', type: 'button', onclick: () => copy(link.h5, input) }, t('copy_short')))));
}

function signersCard(m) {
  const signers = m.participants.filter((p) => p.role === 'signer' && LINKS[p.id]);
  if (!signers.length) return null;
  const live = ['scheduled', 'in_progress'].includes(m.status);
  return h('section', { class: 'card', 'data-testid': 'signer-entries' },
    h('div', { class: 'card-head' }, h('h2', {}, t('signer_entries'), h('span', { class: 'count' }, signers.length)),
      h('span', { class: 'muted small' }, t('signer_entries_hint'))),
    h('div', { class: 'signer-grid' }, signers.map((p) => signerCard(p, LINKS[p.id], live))));
}

function participantsCard(m) {
  return h('section', { class: 'card' }, h('h2', {}, t('participants'), h('span', { class: 'count' }, m.participants.length)),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, [t('role'), t('name'), t('enterprise'), t('phone'), t('match_status'), t('participant_status')]
        .map((x) => h('th', {}, x)))),
      h('tbody', {}, m.participants.map((p) => h('tr', { 'data-participant': p.id },
        h('td', {}, h('span', { class: `role role-${p.role}` }, ROLE(p.role))), h('td', { class: 'nowrap' }, p.name),
        h('td', { class: 'ent' }, p.enterprise_name), h('td', { class: 'mono' }, p.phone_masked),
        h('td', {}, p.match_status === 'guest' ? '—' : badge(p.match_status, t(`match_${p.match_status}`))),
        h('td', {}, badge(p.status, t(`pstatus_${p.status}`)),
          p.status === 'declined' ? h('div', { class: 'decline-reason small' },
            t('decline_reason_x', { reason: p.decline_reason || '—' })) : null))))));
}

function notificationsCard(m) {
  // Delivery state per message: queued / sending / sent / failed (with the provider's reason) / unknown.
  const names = Object.fromEntries(m.participants.map((p) => [p.id, p.name]));
  const rows = m.notifications || [];
  return h('section', { class: 'card' }, h('h2', {}, t('notifications'), h('span', { class: 'count' }, rows.length)),
    rows.length ? h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, [t('recipient'), t('phone'), t('message_kind'), t('send_status'), t('attempts'), t('sent_at'), '']
        .map((x) => h('th', {}, x)))),
      h('tbody', {}, rows.map((n) => h('tr', { 'data-notification': n.id },
        h('td', {}, names[n.participant_id]
          || (n.template.split('@')[0] === 'counterparty_invited' ? t('counterparty_contact') : '—')),
        h('td', { class: 'mono' }, n.to_masked),
        h('td', {}, kindLabel(n.template)),
        h('td', { 'data-testid': 'delivery-state' }, badge(n.status, t(`nstatus_${n.status}`)), n.last_error && n.status !== 'sent'
          ? h('div', { class: 'muted small', title: n.last_error, 'data-testid': 'delivery-reason' }, n.last_error.slice(0, 120)) : null),
        h('td', {}, n.attempts), h('td', {}, fmtTime(n.sent_at)),
        h('td', {}, ['failed', 'unknown'].includes(n.status) ? h('button', { class: 'btn btn-sm', type: 'button',
          'data-testid': 'resend', onclick: () => resend(n) }, t('resend')) : null)))))
      : h('p', { class: 'empty' }, t('no_notifications')));
}

// "meeting_host_video" is the host's notice that also carries the video link; "…@en" is a kind's English text.
function kindLabel(template) {
  const [kind, language] = template.split('@');
  const base = kind.replace(/_video$/, '');
  const label = t(`template_${base}`) === `template_${base}` ? base : t(`template_${base}`);
  const shown = base === kind ? label : t('with_video', { kind: label });
  return language ? `${shown} · ${t(`language_${language}`)}` : shown;
}

async function resend(n) {
  try {
    await post(`/api/meetings/${id}/notifications/${n.id}/resend`);
    toast(t('resent'));
    load();
  } catch (err) { toast(err.message, 'error'); }
}

function documentsCard(m) {
  return h('section', { class: 'card' }, h('h2', {}, t('documents')),
    m.documents.length ? h('ul', { class: 'doc-list' }, m.documents.map((d) => h('li', {},
      h('span', { class: 'doc-icon' }, 'PDF'), h('span', { class: 'doc-name' }, d.filename),
      h('span', { class: 'muted small' }, t('doc_summary', { pages: d.page_count, controls: d.controls.length })))))
      : h('p', { class: 'empty' }, t('no_documents')));
}

// A completed ceremony replayed on its big screen, seal after seal, at ten times the real pace.
function replayLink(m) {
  if (m.status !== 'completed' || !m.result_url) return null;
  const screen = new URL(m.result_url, window.location.href);
  return h('a', { class: 'btn btn-sm', href: `${screen.pathname}?replay=1&pace=10`, target: '_blank', rel: 'noopener',
    title: t('replay_hint'), 'data-testid': 'replay' }, t('replay'));
}

// Before and during the ceremony: what each signer's phone and the room's screen show.
function previewCard(m) {
  return ['draft', 'scheduled', 'in_progress'].includes(m.status) ? previewPanel(m) : null;
}

async function cancel(m) {
  if (!confirm(t('confirm_cancel', { name: m.name }))) return;
  try {
    await post(`/api/meetings/${id}/cancel`);
    toast(t('cancelled'));
    load();
  } catch (err) { toast(err.message, 'error'); }
}

function render(m) {
  document.getElementById('meeting-title').textContent = m.name;
  const warnings = JSON.parse(sessionStorage.getItem(`booked:${id}`) || 'null');
  sessionStorage.removeItem(`booked:${id}`);
  const reopened = sessionStorage.getItem(`reopened:${id}`);
  sessionStorage.removeItem(`reopened:${id}`);
  const cancellable = ['draft', 'scheduled', 'in_progress'].includes(m.status);
  const cloneBox = h('div', { class: 'clone-box' });
  clear(root,
    warnings ? alertBox('success', h('strong', {}, t('booked_ok')), warnings.length
      ? h('ul', { class: 'warnings' }, warnings.map((w) => h('li', {}, explain(w)))) : null) : null,
    reopened ? alertBox('success', t('reopened', { name: reopened })) : null,
    m.phase === 'awaiting_organizer' ? h('div', { 'data-testid': 'awaiting-organizer' },
      alertBox('warning', h('strong', {}, t('status_awaiting_organizer')), ' ', t('awaiting_organizer_hint'))) : null,
    h('section', { class: 'card' },
      h('div', { class: 'card-head' },
        h('h2', {}, m.name, badge(m.status), m.rehearsal ? rehearsalBadge() : null),
        h('div', { class: 'row-actions' },
          m.status === 'draft' ? h('a', { class: 'btn btn-primary btn-sm', href: `/admin/meetings/${id}/edit/details` }, t('continue_editing')) : null,
          m.status === 'scheduled' ? h('a', { class: 'btn btn-sm', href: `/admin/meetings/${id}/edit/participants` }, t('edit_participants')) : null,
          m.status !== 'draft' && !m.rehearsal ? h('a', { class: 'btn btn-sm', href: `/admin/contracts/${id}`, 'data-testid': 'view-contract' }, t('view_contract')) : null,
          rehearsalActions(m, load),
          replayLink(m),
          h('button', { class: 'btn btn-sm', type: 'button', 'data-testid': 'clone-meeting',
            onclick: () => cloneBox.replaceChildren(cloneForm(m, () => cloneBox.replaceChildren())) }, t('clone_meeting')),
          cancellable ? h('button', { class: 'btn btn-sm btn-ghost-danger', type: 'button', 'data-testid': 'cancel-meeting',
            onclick: () => cancel(m) }, t('cancel_meeting')) : null)),
      cloneBox,
      h('dl', { class: 'facts' }, h('dt', {}, t('time')), h('dd', {}, fmtRange(m.starts_at, m.ends_at)),
        m.booked_at ? [h('dt', {}, t('booked_at')), h('dd', {}, fmtTime(m.booked_at))] : null,
        m.video_url ? [h('dt', {}, t('video_url')), h('dd', {}, h('a', { href: m.video_url, target: '_blank',
          rel: 'noopener noreferrer', class: 'mono', 'data-testid': 'video-url' }, m.video_url))] : null),
      m.result_url ? linkRow(t('result_link'), m.result_url, 'result-url', t('result_link_hint')) : h('p', { class: 'muted' }, t('result_link_after_booking')),
      m.host_url ? linkRow(t('host_link'), m.host_url, 'host-url', t('host_link_hint')) : null),
    signersCard(m), previewCard(m), participantsCard(m), notificationsCard(m), documentsCard(m));
}

async function load() {
  try { render(await get(`/api/meetings/${id}`)); } catch (err) { clear(root, alertBox('error', err.message)); }
}
load();
