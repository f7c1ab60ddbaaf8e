// Step 4: the big screen's layout — logos, a background, seats, and how the screen presents the ceremony.
// Every box here is the footprint the big screen draws (h5/common/stage-geometry.js, shared with the
// screen and the server): a seat that does not overlap anything here does not overlap on the screen.
import {
  BANNERS, DEFAULTS, GEOMETRY, arrange, cardSize, clampCentre, logoBox, logoSize, overlaps, placeElement, qrBox,
  seatBox,
} from '/h5/assets/common/stage-geometry.js';
import { get, post, put } from '../api.js';
import { alertBox, clear, debounce, h, t } from '../ui.js';

const interact = window.interact;

export async function render(ctx) {
  const base = `/api/meetings/${ctx.id}/layout`;
  const people = ctx.meeting.participants;
  const byId = Object.fromEntries(people.map((p) => [p.id, p]));
  const roles = Object.fromEntries(people.map((p) => [p.id, p.role]));
  const logoUrl = (enterpriseId) => (enterpriseId && layout.logo_urls?.[enterpriseId]) || null;
  let layout;
  try { layout = await get(base); } catch (err) { clear(ctx.root, alertBox('error', err.message)); return; }
  for (const [k, v] of Object.entries(DEFAULTS)) layout[k] ??= v;
  layout.logo_positions ||= {};
  const readOnly = !['draft', 'scheduled'].includes(ctx.meeting.status);
  const status = h('span', { class: 'save-state', 'data-testid': 'layout-save-state', 'data-state': 'saved' }, t('saved'));
  const errors = h('div');
  // Under the stage: a list appearing above it would move the stage under the pointer in mid-drag.
  const overlapBox = h('div', { class: 'layout-overlaps', 'data-testid': 'layout-overlaps' });
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const pool = h('ul', { class: 'seat-pool', 'data-testid': 'seat-pool' });
  const logosEl = h('div', { class: 'logo-uploads' });

  // Enterprises in the order their signers appear: each gets its logo, or a name badge without one.
  const enterprises = [];
  for (const p of people) {
    if (p.role === 'signer' && !enterprises.find((e) => e.name === p.enterprise_name)) enterprises.push({ id: p.enterprise_id, name: p.enterprise_name });
  }
  const autoPlaces = arrange([], enterprises).logos;
  const logoPlace = (name) => layout.logo_positions[name] || autoPlaces.find((l) => l.enterprise_name === name);

  let edits = 0;  // every local change counts one
  let lastSave = Promise.resolve(true);
  // One save at a time, in order: two in flight could reach the server in either order, the older last.
  const persist = () => (lastSave = lastSave.then(send, send));
  const send = async () => {
    status.dataset.state = 'saving'; status.textContent = t('saving');
    const sent = edits;
    try {
      const saved = await put(base, { background: layout.background, logos: layout.logos, seats: layout.seats, show_qr: layout.show_qr,
        logo_positions: layout.logo_positions, names: layout.names, banner: layout.banner,
        celebration_seconds: layout.celebration_seconds });
      // A change made while this request was in flight is newer than its answer: keep it (its own save follows).
      if (edits === sent) layout = saved;
      clear(errors);
      if (status.dataset.state === 'saving') { status.dataset.state = 'saved'; status.textContent = t('saved'); }
      return true;
    } catch (err) {
      status.dataset.state = 'error'; status.textContent = t('save_failed');
      clear(errors, alertBox('error', err.message));
      return false;
    }
  };
  const save = debounce(persist, 400);
  // Choices that change nothing on the stage save without redrawing it (a redraw under a pointer would end its drag).
  const changed = (redraw = true) => { edits += 1; status.dataset.state = 'dirty'; status.textContent = t('unsaved'); save(); if (redraw) draw(); };

  async function upload(kind, file, enterpriseId) {
    const form = new FormData();
    form.append('image', file);
    if (enterpriseId) form.append('enterprise_id', enterpriseId);
    try {
      const asset = await post(`${base}/${kind}`, form);
      // The server's URLs show the images; the keys are what the layout saves.
      if (kind === 'logo') {
        layout.logos = { ...layout.logos, [enterpriseId]: asset.key };
        layout.logo_urls = { ...layout.logo_urls, [enterpriseId]: asset.url };
      } else { layout.background = asset.key; layout.background_url = asset.url; }
      changed();
    } catch (err) { clear(errors, alertBox('error', err.message)); }
  }

  const fileButton = (label, onFile, testid) => {
    const input = h('input', { type: 'file', accept: 'image/png,image/jpeg', hidden: true, 'data-testid': testid,
      onchange: () => { if (input.files[0]) onFile(input.files[0]); input.value = ''; } });
    return h('label', { class: 'btn btn-sm' }, input, label);
  };

  function drawUploads() {
    clear(logosEl, enterprises.map((e) => h('div', { class: 'logo-row' },
      h('div', { class: 'logo-thumb' }, logoUrl(e.id) ? h('img', { src: logoUrl(e.id), alt: '' }) : t('no_logo')),
      h('div', { class: 'logo-name' }, e.name),
      e.id && !readOnly ? fileButton(t('upload_logo'), (f) => upload('logo', f, e.id), `logo-input-${e.id}`)
        : h('span', { class: 'muted small' }, e.id ? '' : t('logo_needs_registered')))),
    h('div', { class: 'logo-row bg-row' },
      h('div', { class: 'logo-thumb wide' }, layout.background_url ? h('img', { src: layout.background_url, alt: '' }) : t('default_background')),
      h('div', { class: 'logo-name' }, t('background'), h('div', { class: 'muted small' }, t('background_hint'))),
      readOnly ? null : h('div', { class: 'row-actions' }, fileButton(t('upload_background'), (f) => upload('background', f), 'background-input'),
        layout.background ? h('button', { class: 'btn btn-sm btn-ghost', type: 'button', onclick: () => { layout.background = null; layout.background_url = null; changed(); } }, t('remove')) : null)));
  }

  // A box of the stage at its place, in % of the stage (as the big screen places it).
  const placed = (el, box) => { placeElement(el, box); return el; };

  function seatEl(seat) {
    const p = byId[seat.participant_id];
    const box = seatBox(seat, p.role);
    const el = placed(h('div', { class: `seat seat-${p.role}`, 'data-participant': p.id, 'data-testid': 'seat',
      'data-x': seat.x, 'data-y': seat.y, title: p.title ? `${p.name} · ${p.title}` : p.name },
    h('span', { class: 'seat-name' }, p.name), h('span', { class: 'seat-role' }, p.title || t(`role_${p.role}`)),
    readOnly ? null : h('button', { class: 'seat-del', type: 'button', title: t('unseat'),
      onpointerdown: (e) => e.stopPropagation(),
      onclick: (e) => { e.stopPropagation(); layout.seats = layout.seats.filter((s) => s.participant_id !== seat.participant_id); changed(); } }, '×')), box);
    if (p.role === 'signer') {
      // Where the screen draws this signer's QR code, relative to the card.
      const qr = qrBox(box);
      el.append(h('span', { class: 'seat-qr', title: t('qr_on_screen'), style: {
        left: `${((qr.x - box.x) / box.w) * 100}%`, top: `${((qr.y - box.y) / box.h) * 100}%`,
        width: `${(qr.w / box.w) * 100}%`, height: `${(qr.h / box.h) * 100}%` } }));
    }
    return el;
  }

  function logoEl(e) {
    const place = logoPlace(e.name);
    return placed(h('div', { class: `stage-logo${logoUrl(e.id) ? '' : ' badge'}`, 'data-enterprise': e.name, 'data-testid': 'stage-logo',
      'data-x': place.x, 'data-y': place.y, title: e.name },
    logoUrl(e.id) ? h('img', { src: logoUrl(e.id), alt: e.name }) : h('span', {}, e.name)), logoBox(place));
  }

  const zoneLabel = { title: t('zone_title'), progress: t('zone_progress'), preview: t('stage_contract_area'), banner: t('zone_banner') };
  function zones() {
    const list = [...Object.entries(GEOMETRY.zones), ['banner', GEOMETRY.banners[layout.banner] || GEOMETRY.banners.bottom]];
    return list.map(([id, box]) => placed(h('div', { class: `stage-zone zone-${id}`, 'data-zone': id },
      id === 'title' ? h('span', { class: 'stage-title' }, ctx.meeting.name) : h('span', {}, zoneLabel[id])), box));
  }

  // What overlaps what, computed on the real footprints: flagged on the stage and listed above it.
  function flagOverlaps() {
    const seats = layout.seats.filter((s) => byId[s.participant_id]);
    const items = [...seats.map((s) => ({ id: s.participant_id, box: seatBox(s, roles[s.participant_id]) })),
      ...enterprises.map((e) => ({ id: `logo:${e.name}`, box: logoBox(logoPlace(e.name)) }))];
    const pairs = overlaps(items, layout.banner);
    const label = (id) => id.startsWith('zone:') ? zoneLabel[id.slice(5)]
      : id.startsWith('logo:') ? t('logo_of', { name: id.slice(5) }) : byId[id].name;
    const bad = new Set(pairs.flat());
    for (const el of stage.querySelectorAll('[data-participant], [data-enterprise]')) {
      const id = el.dataset.participant || `logo:${el.dataset.enterprise}`;
      el.classList.toggle('overlap', bad.has(id));
    }
    for (const el of stage.querySelectorAll('.stage-zone')) el.classList.toggle('overlap', bad.has(`zone:${el.dataset.zone}`));
    stage.dataset.overlaps = String(pairs.length);
    clear(overlapBox, pairs.length ? alertBox('warning', h('strong', {}, t('overlaps_title')),
      h('ul', { class: 'plain' }, pairs.map(([a, b]) => h('li', {}, t('overlap_pair', { a: label(a), b: label(b) }))))) : null);
  }

  function draw() {
    stage.style.backgroundImage = layout.background_url ? `url("${layout.background_url}")` : '';
    stage.classList.toggle('qr-hidden', !layout.show_qr);
    const seated = new Set(layout.seats.map((s) => s.participant_id));
    clear(stage, zones(), enterprises.map(logoEl), layout.seats.filter((s) => byId[s.participant_id]).map(seatEl));
    clear(pool, people.filter((p) => !seated.has(p.id)).map((p) => h('li', { class: `pool-item seat-${p.role}`, 'data-participant': p.id, 'data-testid': 'pool-item' },
      h('span', { class: 'seat-avatar' }, p.name.slice(0, 1)), h('span', {}, p.name),
      h('span', { class: 'muted small' }, t(`role_${p.role}`), ' · ', p.enterprise_name))));
    if (!pool.children.length) pool.append(h('li', { class: 'muted small' }, t('everyone_seated')));
    drawUploads();
    flagOverlaps();
  }

  const inStage = (client) => {
    const r = stage.getBoundingClientRect();
    return client.x >= r.left && client.x <= r.right && client.y >= r.top && client.y <= r.bottom;
  };
  const fraction = (client) => {
    const r = stage.getBoundingClientRect();
    return { x: (client.x - r.left) / r.width, y: (client.y - r.top) / r.height };
  };
  const round = (v) => Math.round(v * 10000) / 10000;
  const centre = (x, y, size) => { const c = clampCentre(x, y, size); return { x: round(c.x), y: round(c.y) }; };

  if (!readOnly) {
    // Seats and logos move by their centre, a fraction of the stage; their whole box stays on it.
    const raw = new Map();  // where the pointer would put the centre, before it is kept on the stage
    const mover = (find, size, place) => ({
      move: (e) => {
        const item = find(e.target);
        const r = stage.getBoundingClientRect();
        const was = raw.get(e.target) || { x: item.x, y: item.y };
        const now = { x: was.x + e.dx / r.width, y: was.y + e.dy / r.height };
        raw.set(e.target, now);
        Object.assign(item, centre(now.x, now.y, size(e.target)));
        placeElement(e.target, place(item, e.target));
        flagOverlaps();
      },
      end: (e) => { raw.delete(e.target); changed(); },
    });
    // The whole box stays on the stage (interact.js needs a modifier to know the element's rect).
    const onStage = [interact.modifiers.restrict({ restriction: stage, elementRect: { left: 0, right: 1, top: 0, bottom: 1 } })];
    interact('.seat', { context: stage }).draggable({
      ignoreFrom: '.seat-del',
      modifiers: onStage,
      listeners: mover((el) => layout.seats.find((s) => s.participant_id === el.dataset.participant),
        (el) => cardSize(roles[el.dataset.participant]), (seat, el) => seatBox(seat, roles[el.dataset.participant])),
    });
    interact('.stage-logo', { context: stage }).draggable({
      modifiers: onStage,
      listeners: mover((el) => {
        const name = el.dataset.enterprise;
        layout.logo_positions[name] ||= { ...logoPlace(name) };
        delete layout.logo_positions[name].enterprise_name;
        return layout.logo_positions[name];
      }, () => logoSize(), (place) => logoBox(place)),
    });
    // Participants not yet seated are dragged from the list onto the stage.
    let ghost = null;
    interact('.pool-item', { context: pool }).draggable({
      listeners: {
        start: (e) => { ghost = e.target.cloneNode(true); ghost.classList.add('ghost'); document.body.append(ghost); },
        move: (e) => Object.assign(ghost.style, { left: `${e.client.x}px`, top: `${e.client.y}px` }),
        end: (e) => {
          ghost.remove(); ghost = null;
          if (!inStage(e.client)) return;
          const id = e.target.dataset.participant;
          const at = fraction(e.client);
          layout.seats = [...layout.seats.filter((s) => s.participant_id !== id), { participant_id: id, ...centre(at.x, at.y, cardSize(roles[id])) }];
          changed();
        },
      },
    });
  }

  // The same arrangement the server makes for a stage never arranged; saved like any other.
  const auto = () => {
    const made = arrange(people, enterprises);
    layout.seats = made.seats;
    layout.logo_positions = Object.fromEntries(made.logos.map((l) => [l.enterprise_name, { x: l.x, y: l.y }]));
    changed();
  };
  const qrToggle = h('label', { class: 'switch', title: t('show_qr_help') },
    h('input', { type: 'checkbox', 'data-testid': 'show-qr', checked: layout.show_qr !== false, disabled: readOnly,
      onchange: (e) => { layout.show_qr = e.target.checked; changed(); } }),
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }), t('show_qr'));

  const choice = (key, options, testid) => h('select', { 'data-testid': testid, disabled: readOnly,
    onchange: (e) => { layout[key] = e.target.value; changed(key === 'banner'); } },
  options.map((o) => h('option', { value: o, selected: layout[key] === o }, t(`${key}_${o}`))));
  const seconds = h('input', { type: 'number', min: 0, max: GEOMETRY.celebration.max, step: 1, value: layout.celebration_seconds,
    disabled: readOnly, 'data-testid': 'celebration-seconds', class: 'input-narrow',
    onchange: (e) => {
      const v = Math.round(Number(e.target.value));
      layout.celebration_seconds = Number.isFinite(v) ? Math.min(GEOMETRY.celebration.max, Math.max(0, v)) : DEFAULTS.celebration_seconds;
      e.target.value = layout.celebration_seconds;
      changed(false);
    } });
  const presentation = h('section', { class: 'card', 'data-testid': 'presentation' }, h('h2', {}, t('presentation')),
    h('div', { class: 'stack' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('names_on_screen')), choice('names', GEOMETRY.names, 'names-mode'),
        h('span', { class: 'field-hint' }, t('names_help'))),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('banner_place')), choice('banner', BANNERS, 'banner-place')),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('celebration_seconds')), seconds,
        h('span', { class: 'field-hint' }, t('celebration_help')))));

  clear(ctx.root,
    h('div', { class: 'layout-editor' },
      h('section', { class: 'card layout-main' },
        h('div', { class: 'card-head' }, h('h2', {}, t('stage')),
          h('div', { class: 'row-actions' }, status, qrToggle, readOnly ? null : h('button', { class: 'btn btn-sm', type: 'button', onclick: auto, 'data-testid': 'auto-layout' }, t('auto_layout')))),
        errors, stage, overlapBox, h('p', { class: 'muted small' }, t('stage_help'))),
      h('aside', { class: 'stack' },
        h('section', { class: 'card' }, h('h2', {}, t('unseated')), pool),
        h('section', { class: 'card' }, h('h2', {}, t('logos_and_background')), logosEl),
        presentation)),
    ctx.footer('documents', null, { onNext: async () => { if (status.dataset.state !== 'saved' && !(await save.flush())) return; ctx.go('review'); } }));
  draw();
}
