// The stage's one geometry, for the layout editor and the big screen alike. The stage is 16:9; a
// position is a fraction of its width (x) and of its height (y); every box is the footprint the screen
// really draws (a signer's card with its QR code, name, title, "scan to sign" and status; a guest's card;
// a logo or name badge), so what the organizer lays out is what the room sees at any resolution.
// Sizes are in cqw (hundredths of the stage's width), as the screen's CSS draws them.
//
// The JSON between the markers is read by the server too (backend/lib/stage_geometry.py): keep it JSON.
// geometry:begin
export const GEOMETRY = {
  "ratio": 1.7777777777777777,
  "edge": 1.2,
  "cards": {
    "signer": {"w": 12.8, "h": 17.6, "qr": {"top": 5.6, "size": 9.6}},
    "guest": {"w": 10.4, "h": 5.6}
  },
  "logo": {"w": 9.6, "h": 4.4},
  "zones": {
    "title": {"x": 0.22, "y": 0.03, "w": 0.56, "h": 0.175},
    "progress": {"x": 0.3, "y": 0.21, "w": 0.4, "h": 0.055},
    "preview": {"x": 0.405, "y": 0.275, "w": 0.19, "h": 0.56}
  },
  "banners": {
    "bottom": {"x": 0.405, "y": 0.85, "w": 0.19, "h": 0.125},
    "left": {"x": 0.012, "y": 0.85, "w": 0.19, "h": 0.125},
    "right": {"x": 0.798, "y": 0.85, "w": 0.19, "h": 0.125}
  },
  "names": ["full", "masked"],
  "celebration": {"default": 8, "max": 60}
};
// geometry:end

export const BANNERS = Object.keys(GEOMETRY.banners);
export const DEFAULTS = { names: "full", banner: "bottom", celebration_seconds: GEOMETRY.celebration.default };
const EPS = 1e-6;

/** A size in cqw as fractions of the stage: {w, h}. */
export function fraction(size) {
  return { w: size.w / 100, h: (size.h / 100) * GEOMETRY.ratio };
}

/** The footprint of a seat's card: "signer" or "guest" (hosts and observers). */
export function cardSize(role) {
  return fraction(GEOMETRY.cards[role === "signer" ? "signer" : "guest"]);
}

export const logoSize = () => fraction(GEOMETRY.logo);

/** The centre nearest (x, y) at which a box of this size stays inside the stage's edge. */
export function clampCentre(x, y, size) {
  const mx = GEOMETRY.edge / 100 + size.w / 2;
  const my = (GEOMETRY.edge / 100) * GEOMETRY.ratio + size.h / 2;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : 0.5));
  return { x: clamp(x, mx, 1 - mx), y: clamp(y, my, 1 - my) };
}

/** The box {x, y, w, h} (top-left corner and size, fractions) of something of `size` centred near (x, y). */
export function boxAt(x, y, size) {
  const c = clampCentre(x, y, size);
  return { x: c.x - size.w / 2, y: c.y - size.h / 2, w: size.w, h: size.h };
}

export const seatBox = (seat, role) => boxAt(seat.x, seat.y, cardSize(role));
export const logoBox = (logo) => boxAt(logo.x, logo.y, logoSize());

/** The QR code's box inside a signer's card at `box` (fractions of the stage). */
export function qrBox(box) {
  const { top, size } = GEOMETRY.cards.signer.qr;
  const s = fraction({ w: size, h: size });
  return { x: box.x + (box.w - s.w) / 2, y: box.y + fraction({ w: 0, h: top }).h, w: s.w, h: s.h };
}

export function intersects(a, b) {
  return a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
}

/** The stage's own parts that nothing placed may cover: title, counter, contract preview and the banner's dock. */
export function reservedZones(banner = DEFAULTS.banner) {
  return [...Object.entries(GEOMETRY.zones).map(([id, box]) => ({ id, box })),
          { id: "banner", box: GEOMETRY.banners[banner] || GEOMETRY.banners.bottom }];
}

/** Every pair of placed items ({id, box}) that overlap each other or a reserved zone: [[idA, idB], ...]. */
export function overlaps(items, banner) {
  const zones = reservedZones(banner);
  const found = [];
  items.forEach((a, i) => {
    for (const b of items.slice(i + 1)) if (intersects(a.box, b.box)) found.push([a.id, b.id]);
    for (const z of zones) if (intersects(a.box, z.box)) found.push([a.id, `zone:${z.id}`]);
  });
  return found;
}

/** The placed items of a layout: seats by participant id, logos by "logo:<enterprise name>". */
export function placedItems(seats, roles, logos = []) {
  return [...seats.filter((s) => roles[s.participant_id]).map((s) => ({ id: s.participant_id, box: seatBox(s, roles[s.participant_id]) })),
          ...logos.map((l) => ({ id: `logo:${l.enterprise_name}`, box: logoBox(l) }))];
}

const round = (v) => Math.round(v * 10000) / 10000;

/**
 * The automatic arrangement (the server's is the same: backend/lib/stage_geometry.py): signers on both
 * sides of the contract, two columns and two rows a side at most; hosts and guests in the outer columns;
 * logos in the masthead's corners. `people`: [{id, role, enterprise_name}] in their order.
 */
export function arrange(people, enterprises) {
  const signers = people.filter((p) => p.role === "signer");
  const guests = [...people.filter((p) => p.role === "host"), ...people.filter((p) => p.role === "observer")];
  const leftCount = Math.ceil(signers.length / 2);
  const seats = [];
  const side = (list, right) => {
    const cols = list.length > 1 ? 2 : 1;
    const rows = Math.ceil(list.length / cols);
    const left = cols === 1 ? [0.25] : [0.197, 0.333];
    const xs = right ? left.map((x) => 1 - x).reverse() : left;  // read left to right on both sides
    const ys = rows === 1 ? [0.56] : [0.435, 0.765];
    list.forEach((p, i) => {
      seats.push({ participant_id: p.id, x: round(xs[i % cols]), y: ys[Math.floor(i / cols)] });
    });
  };
  side(signers.slice(0, leftCount), false);
  side(signers.slice(leftCount), true);
  guests.forEach((p, i) => {
    const x = 0.064;
    seats.push({ participant_id: p.id, x: round(i % 2 ? 1 - x : x), y: round(0.33 + 0.115 * Math.floor(i / 2)) });
  });
  const names = enterprises.map((e) => (typeof e === "string" ? e : e.name));
  const leftLogos = Math.ceil(names.length / 2);
  const logos = [];
  const logoSide = (list, right) => {
    const cols = list.length > 2 ? 2 : 1;
    const left = cols === 1 ? [0.115] : [0.062, 0.166];
    const xs = right ? left.map((x) => 1 - x).reverse() : left;
    const ys = list.length === 1 ? [0.12] : [0.075, 0.165];
    list.forEach((name, i) => {
      logos.push({ enterprise_name: name, x: round(xs[i % cols]), y: ys[cols === 1 ? i : Math.floor(i / cols)] });
    });
  };
  logoSide(names.slice(0, leftLogos), false);
  logoSide(names.slice(leftLogos), true);
  return { seats, logos };
}

/** Place an element at a box: left/top/width/height in % of its positioned stage. */
export function placeElement(el, box) {
  Object.assign(el.style, { left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%` });
}
