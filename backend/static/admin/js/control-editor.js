// The control editor: page images with seal / signature / date controls dragged from a palette,
// moved and resized with interact.js, each assigned to a signer by colour. Rects are fractions of
// the displayed page, origin top left — what PUT /api/documents/{id}/controls stores.
import { put } from './api.js';
import { clear, debounce, h, setStyle, SIGNER_COLOURS, t } from './ui.js';

const interact = window.interact;
// Default sizes in fractions of the page width (a 40 mm seal on a 210 mm page is ~0.19).
const SIZES = { seal: [0.19, 0.19], signature: [0.22, 0.09], date: [0.2, 0.045] };
const MIN_PX = 16;

export class ControlEditor {
  constructor(host, { doc, signers, readOnly, onSaved }) {
    this.host = host; this.doc = doc; this.signers = signers; this.readOnly = readOnly; this.onSaved = onSaved;
    this.colour = Object.fromEntries(signers.map((s, i) => [s.id, SIGNER_COLOURS[i % SIGNER_COLOURS.length]]));
    this.active = signers[0].id;
    this.controls = doc.controls.filter((c) => this.colour[c.participant_id]).map((c) => ({ ...c, key: crypto.randomUUID() }));
    this.selected = null;
    this.interactables = [];
    this.save = debounce(() => this.persist(), 500);
    this.build();
  }

  build() {
    this.status = h('span', { class: 'save-state', 'data-testid': 'save-state', 'data-state': 'saved' }, t('saved'));
    this.pagesEl = h('div', { class: 'pages' }, this.doc.pages.map((p, i) => this.pageEl(p, i + 1)));
    this.signerList = h('div', { class: 'signer-pick', role: 'radiogroup' });
    this.palette = h('div', { class: 'palette' }, Object.keys(SIZES).map((kind) => h('div', {
      class: `palette-item kind-${kind}`, 'data-kind': kind, 'data-testid': `palette-${kind}`, title: t('drag_hint') },
    h('span', { class: 'palette-icon' }, t(`icon_${kind}`)), t(`kind_${kind}`))));
    this.errors = h('div');
    clear(this.host, h('div', { class: 'control-editor' },
      h('aside', { class: 'card editor-side' },
        h('h3', {}, t('signer_pick')), this.signerList,
        h('h3', {}, t('palette')), this.readOnly ? h('p', { class: 'muted small' }, t('read_only_controls')) : this.palette,
        h('p', { class: 'muted small' }, t('palette_help')),
        this.selectedPanel = h('div', { class: 'selected-panel' }),
        h('h3', {}, t('controls_summary')), this.summary = h('ul', { class: 'plain summary' }),
        h('div', { class: 'editor-save' }, this.status,
          this.readOnly ? null : h('button', { class: 'btn btn-sm', type: 'button', onclick: () => this.save.flush() }, t('save')))),
      h('div', { class: 'pages-wrap' }, this.errors, this.pagesEl)));
    this.renderSigners();
    this.renderControls();
    if (!this.readOnly) this.bindPalette();
  }

  pageEl(size, n) {
    const width = Math.min(2400, window.devicePixelRatio > 1 ? 1600 : 1000);
    return h('div', { class: 'page', 'data-page': n, style: { aspectRatio: `${size.width} / ${size.height}` } },
      // No `v`: after booking a page shows the newest revision, so the browser revalidates (a 304 while unchanged).
      h('img', { src: `/api/documents/${this.doc.id}/pages/${n}.jpg?width=${width}`, alt: t('page_n', { n }), draggable: 'false', loading: n > 2 ? 'lazy' : 'eager' }),
      h('div', { class: 'page-no' }, `${n} / ${this.doc.page_count}`));
  }

  renderSigners() {
    clear(this.signerList, this.signers.map((s) => h('label', { class: `signer-chip${s.id === this.active ? ' active' : ''}`,
      style: { '--c': this.colour[s.id] } },
    h('input', { type: 'radio', name: 'active-signer', value: s.id, checked: s.id === this.active,
      onchange: () => { this.active = s.id; this.select(null); this.renderSigners(); } }),
    h('span', { class: 'dot' }), h('span', {}, s.name), h('span', { class: 'muted small' }, s.enterprise_name))));
  }

  renderControls() {
    this.interactables.forEach((i) => i.unset());
    this.interactables = [];
    this.pagesEl.querySelectorAll('.ctl').forEach((e) => e.remove());
    for (const c of this.controls) {
      const page = this.pagesEl.querySelector(`.page[data-page="${c.page}"]`);
      if (page) page.append(this.controlEl(c));
    }
    const counts = this.signers.map((s) => {
      const mine = this.controls.filter((c) => c.participant_id === s.id);
      return h('li', { style: { '--c': this.colour[s.id] } }, h('span', { class: 'dot' }), s.name, ' ',
        h('span', { class: mine.length ? 'muted small' : 'text-danger small' }, mine.length
          ? Object.keys(SIZES).map((k) => mine.filter((c) => c.kind === k).length ? `${t(`kind_${k}`)}×${mine.filter((c) => c.kind === k).length}` : '').filter(Boolean).join(' ')
          : t('no_controls_yet')));
    });
    clear(this.summary, counts);
  }

  controlEl(c) {
    const signer = this.signers.find((s) => s.id === c.participant_id);
    const el = h('div', { class: `ctl kind-${c.kind}${this.selected === c.key ? ' selected' : ''}`, 'data-key': c.key,
      'data-testid': 'control', tabindex: 0, style: { '--c': this.colour[c.participant_id] } },
    h('span', { class: 'ctl-label' }, t(`kind_${c.kind}`), h('small', {}, signer?.name || '')));
    this.place(el, c);
    if (this.readOnly) return el;
    el.append(h('span', { class: 'ctl-handle', 'aria-hidden': 'true' }),
      h('button', { class: 'ctl-del', type: 'button', title: t('delete'), onclick: (e) => { e.stopPropagation(); this.remove(c.key); } }, '×'));
    el.addEventListener('pointerdown', () => this.select(c.key));
    el.addEventListener('keydown', (e) => { if (e.key === 'Delete' || e.key === 'Backspace') this.remove(c.key); });
    const page = () => el.parentElement.getBoundingClientRect();
    this.interactables.push(interact(el)
      .draggable({ ignoreFrom: '.ctl-del', modifiers: [interact.modifiers.restrictRect({ restriction: 'parent' })],
        listeners: { move: (e) => { const r = page(); c.x += e.dx / r.width; c.y += e.dy / r.height; this.place(el, c); },
          end: () => this.changed() } })
      .resizable({ ignoreFrom: '.ctl-del', edges: { left: true, right: true, bottom: true, top: true }, margin: 10,
        modifiers: [interact.modifiers.restrictEdges({ outer: 'parent' }),
          interact.modifiers.restrictSize({ min: { width: MIN_PX, height: MIN_PX } })],
        listeners: { move: (e) => {
          const r = page();
          c.x += e.deltaRect.left / r.width; c.y += e.deltaRect.top / r.height;
          c.w = e.rect.width / r.width; c.h = e.rect.height / r.height;
          this.place(el, c);
        }, end: () => this.changed() } }));
    return el;
  }

  place(el, c) {
    Object.assign(el.style, { left: `${c.x * 100}%`, top: `${c.y * 100}%`, width: `${c.w * 100}%`, height: `${c.h * 100}%` });
  }

  select(key) {
    this.selected = key;
    this.pagesEl.querySelectorAll('.ctl').forEach((e) => e.classList.toggle('selected', e.dataset.key === key));
    this.renderSelected();
  }

  renderSelected() {
    // The selected control's own panel: whose it is (reassign) and delete.
    const c = this.controls.find((x) => x.key === this.selected);
    if (!c || this.readOnly) { clear(this.selectedPanel); return; }
    clear(this.selectedPanel, h('h3', {}, t('selected_control')),
      h('div', { class: 'selected-box', style: { '--c': this.colour[c.participant_id] } },
        h('div', {}, h('strong', {}, t(`kind_${c.kind}`)), ' · ', t('page_n', { n: c.page })),
        h('select', { 'aria-label': t('assign_to'), 'data-testid': 'assign-select',
          onchange: (e) => this.assign(c.key, e.target.value) },
        this.signers.map((s) => h('option', { value: s.id, selected: s.id === c.participant_id }, t('name_with_enterprise', { name: s.name, enterprise: s.enterprise_name })))),
        h('button', { class: 'btn btn-xs btn-ghost-danger', type: 'button', onclick: () => this.remove(c.key) }, t('delete'))));
  }

  assign(key, signerId) {
    const c = this.controls.find((x) => x.key === key);
    if (!c || c.participant_id === signerId) return;
    c.participant_id = signerId;
    this.renderControls();
    this.renderSelected();
    this.changed();
  }

  remove(key) {
    this.controls = this.controls.filter((c) => c.key !== key);
    if (this.selected === key) this.selected = null;
    this.renderControls();
    this.renderSelected();
    this.changed();
  }

  bindPalette() {
    // Drag a ghost the size the control will have; drop it centred on the pointer.
    let ghost = null;
    this.paletteInteractable = interact('.palette-item', { context: this.palette }).draggable({
      listeners: {
        start: (e) => {
          const kind = e.target.dataset.kind;
          const size = this.pixelSize(kind);
          ghost = h('div', { class: `ctl ghost kind-${kind}`, style: { '--c': this.colour[this.active], width: `${size.w}px`, height: `${size.h}px` } },
            h('span', { class: 'ctl-label' }, t(`kind_${kind}`)));
          ghost.dataset.kind = kind;
          document.body.append(ghost);
          this.moveGhost(ghost, e.client, size);
        },
        move: (e) => this.moveGhost(ghost, e.client, this.pixelSize(ghost.dataset.kind)),
        end: (e) => { const kind = ghost.dataset.kind; ghost.remove(); ghost = null; this.drop(kind, e.client); },
      },
    });
    this.palette.querySelectorAll('.palette-item').forEach((el) => { el.style.touchAction = 'none'; });
  }

  pixelSize(kind) {
    const page = this.pagesEl.querySelector('.page').getBoundingClientRect();
    return { w: SIZES[kind][0] * page.width, h: SIZES[kind][1] * page.width };
  }

  moveGhost(ghost, client, size) {
    Object.assign(ghost.style, { left: `${client.x - size.w / 2}px`, top: `${client.y - size.h / 2}px` });
  }

  drop(kind, client) {
    const page = [...this.pagesEl.querySelectorAll('.page')].find((p) => {
      const r = p.getBoundingClientRect();
      return client.x >= r.left && client.x <= r.right && client.y >= r.top && client.y <= r.bottom;
    });
    if (!page) return;
    const r = page.getBoundingClientRect();
    const w = SIZES[kind][0], hh = SIZES[kind][1] * r.width / r.height;
    const clamp = (v, max) => Math.min(Math.max(v, 0), max);
    const c = { key: crypto.randomUUID(), page: Number(page.dataset.page), kind, participant_id: this.active,
      x: clamp((client.x - r.left) / r.width - w / 2, 1 - w), y: clamp((client.y - r.top) / r.height - hh / 2, 1 - hh), w, h: hh };
    this.controls.push(c);
    this.selected = c.key;
    this.renderControls();
    this.renderSelected();
    this.changed();
  }

  changed() {
    this.status.dataset.state = 'dirty';
    this.status.textContent = t('unsaved');
    this.save();
  }

  async persist() {
    if (this.status.dataset.state === 'saved') return true;
    this.status.dataset.state = 'saving';
    this.status.textContent = t('saving');
    const round = (v) => Math.round(v * 1e5) / 1e5;
    const body = this.controls.map((c) => ({ page: c.page, kind: c.kind, participant_id: c.participant_id,
      x: round(c.x), y: round(c.y), w: round(c.w), h: round(c.h) }));
    try {
      const saved = await put(`/api/documents/${this.doc.id}/controls`, body);
      clear(this.errors);
      this.onSaved?.(saved);
      if (this.status.dataset.state === 'saving') { this.status.dataset.state = 'saved'; this.status.textContent = t('saved'); }
      return true;
    } catch (err) {
      this.status.dataset.state = 'error';
      this.status.textContent = t('save_failed');
      clear(this.errors, h('div', { class: 'alert alert-error', role: 'alert' }, err.message,
        Object.keys(err.fields || {}).length ? h('ul', {}, Object.entries(err.fields).map(([i, msgs]) =>
          h('li', {}, t('control_n', { n: Number(i) + 1 }), t('colon'), [].concat(msgs).join(t('semicolon'))))) : null));
      return false;
    }
  }

  flush() { return this.save.flush(); }

  destroy() {
    this.interactables.forEach((i) => i.unset());
    this.interactables = [];
    this.paletteInteractable?.unset();
  }
}
