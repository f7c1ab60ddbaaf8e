// Step 4: the big screen's layout — enterprise logos, a background and seats on a 16:9 stage.
import { get, post, put } from '../api.js';
import { alertBox, clear, debounce, h, t } from '../ui.js';

const interact = window.interact;

export async function render(ctx) {
  const base = `/api/meetings/${ctx.id}/layout`;
  const people = ctx.meeting.participants;
  const byId = Object.fromEntries(people.map((p) => [p.id, p]));
  const logoUrl = (enterpriseId) => (enterpriseId && layout.logo_urls?.[enterpriseId]) || null;
  let layout;
  try { layout = await get(base); } catch (err) { clear(ctx.root, alertBox('error', err.message)); return; }
  const readOnly = !['draft', 'scheduled'].includes(ctx.meeting.status);
  const status = h('span', { class: 'save-state', 'data-testid': 'layout-save-state', 'data-state': 'saved' }, t('saved'));
  const errors = h('div');
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const pool = h('ul', { class: 'seat-pool', 'data-testid': 'seat-pool' });
  const logosEl = h('div', { class: 'logo-uploads' });

  // Enterprises in the order their signers appear; only registered ones can carry a logo.
  const enterprises = [];
  for (const p of people) {
    if (p.role === 'signer' && !enterprises.find((e) => e.name === p.enterprise_name)) enterprises.push({ id: p.enterprise_id, name: p.enterprise_name });
  }

  const persist = async () => {
    status.dataset.state = 'saving'; status.textContent = t('saving');
    try {
      layout = await put(base, { background: layout.background, logos: layout.logos, seats: layout.seats, show_qr: layout.show_qr });
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
  const changed = () => { status.dataset.state = 'dirty'; status.textContent = t('unsaved'); save(); draw(); };

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

  function seatEl(seat) {
    const p = byId[seat.participant_id];
    const el = h('div', { class: `seat seat-${p.role}`, 'data-participant': p.id, 'data-testid': 'seat',
      style: { left: `${seat.x * 100}%`, top: `${seat.y * 100}%` } },
    h('span', { class: 'seat-avatar' }, p.name.slice(0, 1)),
    p.role === 'signer' ? h('span', { class: 'seat-qr', title: t('qr_on_screen') }) : null,
    h('span', { class: 'seat-name' }, p.name), h('span', { class: 'seat-role' }, t(`role_${p.role}`)),
    readOnly ? null : h('button', { class: 'seat-del', type: 'button', title: t('unseat'),
      onpointerdown: (e) => e.stopPropagation(),
      onclick: (e) => { e.stopPropagation(); layout.seats = layout.seats.filter((s) => s.participant_id !== seat.participant_id); changed(); } }, '×'));
    return el;
  }

  function draw() {
    stage.style.backgroundImage = layout.background_url ? `url("${layout.background_url}")` : '';
    stage.classList.toggle('qr-hidden', !layout.show_qr);
    const seated = new Set(layout.seats.map((s) => s.participant_id));
    clear(stage,
      h('div', { class: 'stage-title' }, ctx.meeting.name),
      h('div', { class: 'stage-logos' }, enterprises.map((e) => h('div', { class: 'stage-logo' },
        logoUrl(e.id) ? h('img', { src: logoUrl(e.id), alt: e.name }) : h('span', {}, e.name)))),
      h('div', { class: 'stage-screen' }, t('stage_contract_area')),
      layout.seats.filter((s) => byId[s.participant_id]).map(seatEl));
    clear(pool, people.filter((p) => !seated.has(p.id)).map((p) => h('li', { class: `pool-item seat-${p.role}`, 'data-participant': p.id, 'data-testid': 'pool-item' },
      h('span', { class: 'seat-avatar' }, p.name.slice(0, 1)), h('span', {}, p.name),
      h('span', { class: 'muted small' }, t(`role_${p.role}`), ' · ', p.enterprise_name))));
    if (!pool.children.length) pool.append(h('li', { class: 'muted small' }, t('everyone_seated')));
    drawUploads();
  }

  const inStage = (client) => {
    const r = stage.getBoundingClientRect();
    return client.x >= r.left && client.x <= r.right && client.y >= r.top && client.y <= r.bottom;
  };
  const fraction = (client) => {
    const r = stage.getBoundingClientRect();
    return { x: Math.min(Math.max((client.x - r.left) / r.width, 0), 1), y: Math.min(Math.max((client.y - r.top) / r.height, 0), 1) };
  };

  if (!readOnly) {
    // Seats move within the stage; their (x, y) is the seat's centre as a fraction of the stage.
    interact('.seat', { context: stage }).draggable({
      ignoreFrom: '.seat-del',
      modifiers: [interact.modifiers.restrict({ restriction: stage, elementRect: { left: 0.5, right: 0.5, top: 0.5, bottom: 0.5 } })],
      listeners: {
        move: (e) => {
          const seat = layout.seats.find((s) => s.participant_id === e.target.dataset.participant);
          const r = stage.getBoundingClientRect();
          seat.x = Math.min(Math.max(seat.x + e.dx / r.width, 0), 1); seat.y = Math.min(Math.max(seat.y + e.dy / r.height, 0), 1);
          Object.assign(e.target.style, { left: `${seat.x * 100}%`, top: `${seat.y * 100}%` });
        },
        end: () => changed(),
      },
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
          layout.seats = [...layout.seats.filter((s) => s.participant_id !== e.target.dataset.participant),
            { participant_id: e.target.dataset.participant, ...fraction(e.client) }];
          changed();
        },
      },
    });
  }

  // Enterprises side by side with their signers in front, observers behind, hosts at the side;
  // the server saves these seats like any others (an empty list would mean an empty stage).
  const auto = () => {
    const groups = enterprises.map((e) => people.filter((p) => p.role === 'signer' && p.enterprise_name === e.name));
    const row = (list, y, left = 0, width = 1) => list.map((p, i) => ({ participant_id: p.id,
      x: +(left + (width * (i + 1)) / (list.length + 1)).toFixed(4), y }));
    layout.seats = [
      ...groups.flatMap((g, gi) => row(g, 0.68, gi / groups.length, 1 / groups.length)),
      ...row(people.filter((p) => p.role === 'observer'), 0.9),
      ...people.filter((p) => p.role === 'host').map((p, i) => ({ participant_id: p.id, x: 0.06, y: +(0.4 + 0.1 * i).toFixed(4) })),
    ];
    changed();
  };
  const qrToggle = h('label', { class: 'switch', title: t('show_qr_help') },
    h('input', { type: 'checkbox', 'data-testid': 'show-qr', checked: layout.show_qr !== false, disabled: readOnly,
      onchange: (e) => { layout.show_qr = e.target.checked; changed(); } }),
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }), t('show_qr'));

  clear(ctx.root,
    h('div', { class: 'layout-editor' },
      h('section', { class: 'card layout-main' },
        h('div', { class: 'card-head' }, h('h2', {}, t('stage')),
          h('div', { class: 'row-actions' }, status, qrToggle, readOnly ? null : h('button', { class: 'btn btn-sm', type: 'button', onclick: auto }, t('auto_layout')))),
        errors, stage, h('p', { class: 'muted small' }, t('stage_help'))),
      h('aside', { class: 'stack' },
        h('section', { class: 'card' }, h('h2', {}, t('unseated')), pool),
        h('section', { class: 'card' }, h('h2', {}, t('logos_and_background')), logosEl))),
    ctx.footer('documents', null, { onNext: async () => { if (status.dataset.state !== 'saved' && !(await save.flush())) return; ctx.go('review'); } }));
  draw();
}
