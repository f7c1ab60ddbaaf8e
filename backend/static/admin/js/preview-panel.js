// The preview card of the wizard's last step and the meeting page: pick a signer and see their phone
// (the real signer viewer in a 360×640 frame) beside the big screen as the room will see it (the real
// screen page, laid out at 1920×1080 and scaled down to the card). Both frames are pages of our own,
// drawn from the organizer's preview API, so what is shown here cannot drift from what is shown there.
import { h, t } from './ui.js';

const SCREEN_W = 1920, SCREEN_H = 1080, PHONE_W = 360, PHONE_H = 640;

function stylesheet() {
  if (document.getElementById('preview-css')) return;
  document.head.append(h('link', { id: 'preview-css', rel: 'stylesheet', href: '/admin/static/preview.css' }));
}

const controlsOf = (m, pid) => m.documents.reduce((n, d) => n + d.controls.filter((c) => c.participant_id === pid).length, 0);

// The screen frame keeps its 1920×1080 layout and is scaled to the width it is given.
function scaledScreen(src) {
  const frame = h('iframe', { class: 'screen-frame', src, width: SCREEN_W, height: SCREEN_H, title: t('preview_screen_of'),
    'data-testid': 'screen-preview' });
  const box = h('div', { class: 'screen-box' }, frame);
  const fit = () => {
    const scale = box.clientWidth / SCREEN_W;
    frame.style.transform = `scale(${scale})`;
    box.style.height = `${SCREEN_H * scale}px`;
  };
  new ResizeObserver(fit).observe(box);
  return box;
}

export function previewPanel(m) {
  stylesheet();
  const signers = m.participants.filter((p) => p.role === 'signer');
  const base = `/admin/meetings/${m.id}/preview`;
  if (!signers.length) {
    return h('section', { class: 'card', 'data-testid': 'preview' }, h('h2', {}, t('preview_title')),
      h('p', { class: 'empty' }, t('preview_no_signers')));
  }
  const phone = h('iframe', { class: 'phone-frame', width: PHONE_W, height: PHONE_H, 'data-testid': 'phone-preview' });
  const count = h('p', { class: 'muted small', 'data-testid': 'preview-control-count' });
  const show = (pid) => {
    const p = signers.find((s) => s.id === pid) || signers[0];
    phone.src = `${base}/signers/${p.id}`;
    phone.title = t('preview_phone_of', { name: p.name });
    count.textContent = t('preview_controls_x', { name: p.name, n: controlsOf(m, p.id) });
    count.dataset.count = String(controlsOf(m, p.id));
  };
  const picker = h('select', { 'data-testid': 'preview-signer', 'aria-label': t('preview_signer'),
    onchange: (e) => show(e.target.value) },
  signers.map((p) => h('option', { value: p.id }, `${p.name} · ${p.enterprise_name}`)));
  show(signers[0].id);
  return h('section', { class: 'card preview-card', 'data-testid': 'preview' },
    h('div', { class: 'card-head' }, h('h2', {}, t('preview_title')),
      h('a', { class: 'btn btn-sm', href: `${base}/screen`, target: '_blank', rel: 'noopener' }, t('preview_open_screen'))),
    h('p', { class: 'muted small' }, t('preview_hint')),
    h('div', { class: 'preview-grid' },
      h('div', { class: 'preview-phone' },
        h('label', { class: 'field-label small' }, t('preview_signer'), ' ', picker),
        count,
        h('div', { class: 'phone-shell' }, phone),
        h('p', { class: 'muted small center' }, t('preview_phone'))),
      h('div', { class: 'preview-screen' }, scaledScreen(`${base}/screen`),
        h('p', { class: 'muted small center' }, t('preview_screen')))));
}
