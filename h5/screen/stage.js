// Drawing the stage from the state: masthead, logos, progress, seats (QR until signed, then seal and
// handwriting), and the celebration. Rendering is idempotent: the same state draws the same stage.
// Every box comes from the geometry the layout editor uses (h5/common/stage-geometry.js).
// Words come from the screen's strings (words.js): one language, or Chinese and English stacked.
import { GEOMETRY, logoBox, placeElement, seatBox } from "/h5/assets/common/stage-geometry.js";
import { clock, dateTime, label, say, spoken, t } from "./words.js";

const SIGNER_KEY = {
  pending: "signer.pending", notified: "signer.pending", verified: "signer.verified", declined: "signer.declined",
};
const ACTIVITY_KEY = { scene_opened: "activity.scene_opened", verified: "signer.verified",
                       documents_viewed: "activity.documents_viewed", signing_started: "activity.signing_started" };
const ROLE_KEY = { host: "role.host", observer: "role.observer" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

export function renderMasthead(stage, state) {
  const m = state.meeting;
  stage.dataset.status = m.status;
  stage.dataset.phase = m.phase || m.status;  // awaiting_organizer: a decline holds the meeting
  document.title = `${m.name} · ${spoken(["screen"])}`;
  const title = stage.querySelector("#meeting-name");
  title.textContent = m.name;
  title.classList.toggle("long", m.name.length > 16);  // two smaller lines rather than a cut-off name
  // The meeting's time in Beijing time, the zone named: "12月5日 14:00 – 16:00 北京时间".
  say(stage.querySelector("#meeting-time"),
      (language) => `${dateTime(m.starts_at, language)} – ${clock(m.ends_at, language)} ${t("zone", {}, language)}`);
  // The one table of labels every audience shows, in the screen's languages.
  const status = stage.querySelector("#meeting-status");
  const words = label(`meeting.${m.phase || m.status}`, m.status_label || "");
  if (words) say(status, words);
  else { status.replaceChildren(); delete status.dataset.said; }
  const backdrop = stage.querySelector(".backdrop");
  const bg = state.layout.background_url;
  backdrop.style.backgroundImage = bg ? `url("${bg}")` : "";
  stage.classList.toggle("has-background", Boolean(bg));
  renderEmblems(stage.querySelector("#emblems"), state.layout.logos || []);
}

// Each signing enterprise where the organizer placed it: its logo, or a badge with its name.
function renderEmblems(box, logos) {
  const key = logos.map((l) => [l.enterprise_name, l.url, l.x, l.y].join(",")).join("|");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...logos.map((l) => {
    const item = el("div", l.url ? "emblem logo" : "emblem badge");
    item.dataset.enterprise = l.enterprise_name;
    placeElement(item, logoBox(l));
    if (l.url) {
      const img = el("img");
      img.src = l.url;
      img.alt = spoken(["logo.alt", { enterprise: l.enterprise_name }]);
      item.append(img);
    } else {
      item.setAttribute("role", "img");
      item.setAttribute("aria-label", `${l.enterprise_name}`);
      const name = el("span", "badge-name", l.enterprise_name);
      name.classList.toggle("long", l.enterprise_name.length > 12);
      item.append(name);
    }
    return item;
  }));
}

export function renderProgress(stage, state) {
  const { signed, declined, total } = state.progress;
  const pct = total ? Math.round((signed / total) * 100) : 0;
  const bar = stage.querySelector(".progress .bar");
  bar.setAttribute("aria-valuenow", String(pct));
  bar.querySelector("span").style.width = `${pct}%`;
  const count = ["progress.signed", { signed, total }];
  const refusals = declined ? ["progress.declined", { n: declined }] : null;
  let parts = [count, refusals];
  if (signed === total && total && state.meeting.status !== "completed") parts.push(["progress.sealing"]);
  if (state.meeting.status === "cancelled") parts = [["progress.cancelled"]];
  if (state.meeting.status === "expired") parts = [["progress.ended"], count];
  // A decline holds the meeting: the line becomes a banner, and nobody is invited to scan.
  const held = state.meeting.phase === "awaiting_organizer";
  if (held) parts = [count, ["progress.declined", { n: declined }], ["progress.held"]];
  stage.querySelector(".progress").classList.toggle("hold", held);
  say(stage.querySelector("#progress-text"), ...parts);
}

export function renderSeats(box, state, { activity = {}, landed = new Set() } = {}) {
  const signers = Object.fromEntries(state.signers.map((s) => [s.participant_id, s]));
  const seen = new Set();
  for (const seat of state.seats) {
    seen.add(seat.participant_id);
    let card = box.querySelector(`[data-participant="${seat.participant_id}"]`);
    if (!card) {
      card = el("article", "seat");
      card.dataset.participant = seat.participant_id;
      box.append(card);
    }
    placeSeat(card, seat, seat.role);
    const signer = signers[seat.participant_id];
    if (signer) drawSigner(card, signer, activity[seat.participant_id], landed.has(seat.participant_id),
                           state.meeting.phase === "awaiting_organizer");
    else drawGuest(card, seat);
  }
  for (const card of box.querySelectorAll(".seat")) if (!seen.has(card.dataset.participant)) card.remove();
}

/** Put a seat's card at its footprint around (x, y), the centre the organizer placed. */
export function placeSeat(card, seat, role) {
  card.dataset.x = String(seat.x);
  card.dataset.y = String(seat.y);
  placeElement(card, seatBox(seat, role));
}

const shownName = (p) => p.display_name || p.name_masked;

function drawGuest(card, seat) {
  const role = ROLE_KEY[seat.role] ? spoken([ROLE_KEY[seat.role]]) : "";
  const key = `guest|${shownName(seat)}|${seat.title || ""}|${seat.role}`;
  if (card.dataset.key === key) return;
  card.dataset.key = key;
  card.dataset.role = seat.role;
  card.className = "seat compact";
  card.setAttribute("aria-label", `${role} ${shownName(seat)} ${seat.title || ""}`.trim());
  const name = el("p", "name", shownName(seat));
  name.classList.toggle("long", shownName(seat).length > 5);
  card.replaceChildren(el("p", "role", seat.title ? `${role} · ${seat.title}` : role), name,
                       el("p", "enterprise", seat.enterprise_name));
}

// Every state of a signer fills the same card: the slot under the name holds the QR code (waiting),
// the seal and handwriting (signed), or a mark of its own (declined, held, or no QR shown).
function drawSigner(card, s, activity, landed, held) {
  const signedAt = s.signed_at ? ["signer.signed_at", (language) => ({ time: clock(s.signed_at, language) })]
    : ["signer.signed"];
  const statePart = s.status === "signed" ? signedAt
    : s.status === "declined" ? [SIGNER_KEY.declined]
    : held ? ["signer.held"] : [ACTIVITY_KEY[activity] || SIGNER_KEY[s.status]].filter(Boolean);
  const stateText = statePart.length ? spoken(statePart) : "";
  const key = [s.status, s.qr_url, s.seal_urls.join(","), s.handwriting_url, stateText, shownName(s), s.title].join("|");
  card.dataset.status = s.status;
  card.dataset.role = "signer";
  if (card.dataset.key === key) return;
  card.dataset.key = key;
  card.className = "seat";
  card.setAttribute("aria-label", `${s.enterprise_name} ${shownName(s)} ${s.title || ""} ${stateText}`);
  const name = el("p", "name", shownName(s));
  name.classList.toggle("long", shownName(s).length > 5);
  const slot = el("div", "slot");
  if (s.status === "signed") {
    slot.classList.add("marks");
    for (const url of s.seal_urls.slice(0, 1)) {
      const seal = el("img", `seal${landed ? " stamp-in" : ""}`);
      seal.src = url;
      seal.alt = spoken(["seal.alt", { enterprise: s.enterprise_name }]);
      slot.append(seal);
    }
    if (s.handwriting_url) {
      const hand = el("img", `hand${landed ? " ink-in" : ""}`);
      hand.src = s.handwriting_url;
      hand.alt = spoken(["handwriting.alt", { name: shownName(s) }]);
      slot.append(hand);
    }
    if (landed) {
      card.classList.add("landed");
      setTimeout(() => card.classList.remove("landed"), 1700);
    }
  } else if (s.qr_url) {
    const qr = el("img", "qr");
    qr.src = s.qr_url;
    qr.alt = spoken(["qr.alt", { name: shownName(s) }]);
    qr.dataset.participant = s.participant_id;
    slot.append(qr);
  } else if (s.status === "declined" || held) {
    // The QR code's place stays (the card keeps its footprint), saying why there is nothing to scan.
    slot.classList.add("qr-off");
    if (s.status === "declined") slot.textContent = "✕";
    else say(slot, ["signer.held_slot"]);
  } else {
    slot.classList.add("empty");
  }
  const stateLine = el("p", "state");
  if (statePart.length) say(stateLine, statePart);
  card.replaceChildren(el("p", "enterprise", s.enterprise_name), name, el("p", "title", s.title || ""), slot, stateLine);
}

let celebrationTimer = null;

/**
 * The completion state. On the moment itself (`live`): the banner over the contract and confetti below
 * the header for the organizer's celebration_seconds; then, and at once on a fresh load of a completed
 * meeting, the banner docks where the organizer chose. It never covers the title, date, status or counter.
 */
export function renderCelebration(stage, state, { live = false } = {}) {
  const box = stage.querySelector("#celebration");
  const banner = box.querySelector(".banner");
  const { signed, total } = state.progress;
  const done = state.meeting.status === "completed" || (total > 0 && signed === total);
  say(stage.querySelector("#celebration-note"), [state.meeting.rehearsal ? "celebration.rehearsal"
    : state.meeting.status === "completed" ? "celebration.completed" : "celebration.sealing"]);
  const layout = state.layout || {};
  const dock = GEOMETRY.banners[layout.banner] || GEOMETRY.banners.bottom;
  placeElement(banner, dock);  // where it docks; the moment itself is drawn by the .celebrating class
  box.dataset.banner = layout.banner || "bottom";
  if (done === !box.hidden) return;
  box.hidden = !done;
  const confetti = box.querySelector(".confetti");
  clearTimeout(celebrationTimer);
  confetti.replaceChildren();
  box.classList.remove("celebrating");
  if (!done) return;
  const seconds = Number.isFinite(layout.celebration_seconds) ? layout.celebration_seconds : 8;
  if (!live || seconds <= 0) return;  // a fresh load of a completed meeting: docked, nothing over the stage
  box.classList.add("celebrating");
  const colors = ["#f3d184", "#ffffff", "#e0403c", "#c9973c", "#ffd9a0"];
  confetti.replaceChildren(...Array.from({ length: 70 }, (_, i) => {
    const piece = el("i");
    piece.style.left = `${(i * 37) % 100}%`;
    piece.style.background = colors[i % colors.length];
    piece.style.animationDuration = `${4 + (i % 7) * 0.6}s`;
    piece.style.animationDelay = `${-(i % 11) * 0.55}s`;
    return piece;
  }));
  celebrationTimer = setTimeout(() => {
    confetti.replaceChildren();  // the confetti stops with the celebration
    box.classList.remove("celebrating");
  }, seconds * 1000);
}
