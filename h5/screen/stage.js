// Drawing the stage from the state: masthead, logos, progress, seats (QR until signed, then seal and
// handwriting), and the celebration. Rendering is idempotent: the same state draws the same stage.
// Every box comes from the geometry the layout editor uses (h5/common/stage-geometry.js).
import { GEOMETRY, logoBox, placeElement, seatBox } from "/h5/assets/common/stage-geometry.js";

const SIGNER_TEXT = {
  pending: "请扫码签署", notified: "请扫码签署", verified: "身份已核验", signed: "已签署", declined: "已拒签",
};
const ACTIVITY_TEXT = { scene_opened: "已扫码", verified: "身份已核验", documents_viewed: "正在阅读合同",
                        signing_started: "正在签署…" };
const ROLE_TEXT = { host: "主持人", observer: "嘉宾" };

const fmtTime = (iso) => new Date(iso).toLocaleString("zh-CN", {
  timeZone: "Asia/Shanghai", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false,
});
const fmtClock = (iso) => new Date(iso).toLocaleTimeString("zh-CN", {
  timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false,
});

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
  document.title = `${m.name} · 签约大屏`;
  const title = stage.querySelector("#meeting-name");
  title.textContent = m.name;
  title.classList.toggle("long", m.name.length > 16);  // two smaller lines rather than a cut-off name
  stage.querySelector("#meeting-time").textContent = `${fmtTime(m.starts_at)} – ${fmtClock(m.ends_at)}`;
  stage.querySelector("#meeting-status").textContent = m.status_label || "";  // the server's one table of labels
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
      img.alt = `${l.enterprise_name}标志`;
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
  let text = `已签署 ${signed} / ${total}`;
  if (declined) text += ` · ${declined} 位拒签`;
  if (signed === total && total && state.meeting.status !== "completed") text += " · 合同封存中…";
  if (state.meeting.status === "cancelled") text = "本场签约仪式已取消";
  if (state.meeting.status === "expired") text = `签约已结束 · 已签署 ${signed} / ${total}`;
  // A decline holds the meeting: the line becomes a banner, and nobody is invited to scan.
  const held = state.meeting.phase === "awaiting_organizer";
  if (held) text = `已签署 ${signed} / ${total} · ${declined} 位拒签 · 签约暂停，等待组织方处理`;
  stage.querySelector(".progress").classList.toggle("hold", held);
  stage.querySelector("#progress-text").textContent = text;
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
  const role = ROLE_TEXT[seat.role] || "";
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
  const stateText = s.status === "signed" ? `已签署 ${s.signed_at ? fmtClock(s.signed_at) : ""}`.trim()
    : s.status === "declined" ? SIGNER_TEXT.declined
    : held ? "暂停签署" : (ACTIVITY_TEXT[activity] || SIGNER_TEXT[s.status] || "");
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
      seal.alt = `${s.enterprise_name}印章`;
      slot.append(seal);
    }
    if (s.handwriting_url) {
      const hand = el("img", `hand${landed ? " ink-in" : ""}`);
      hand.src = s.handwriting_url;
      hand.alt = `${shownName(s)}的手写签名`;
      slot.append(hand);
    }
    if (landed) {
      card.classList.add("landed");
      setTimeout(() => card.classList.remove("landed"), 1700);
    }
  } else if (s.qr_url) {
    const qr = el("img", "qr");
    qr.src = s.qr_url;
    qr.alt = `${shownName(s)}的签署二维码`;
    qr.dataset.participant = s.participant_id;
    slot.append(qr);
  } else if (s.status === "declined" || held) {
    // The QR code's place stays (the card keeps its footprint), saying why there is nothing to scan.
    slot.classList.add("qr-off");
    slot.textContent = s.status === "declined" ? "✕" : "等待组织方处理";
  } else {
    slot.classList.add("empty");
  }
  card.replaceChildren(el("p", "enterprise", s.enterprise_name), name, el("p", "title", s.title || ""), slot,
                       el("p", "state", stateText));
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
  stage.querySelector("#celebration-note").textContent = state.meeting.rehearsal ? "彩排签署完成（无法律效力）"
    : state.meeting.status === "completed" ? "全部签署完成，合同已生效" : "全部签署完成，正在封存合同…";
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
