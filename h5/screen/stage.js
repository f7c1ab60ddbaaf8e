// Drawing the stage from the state: masthead, progress, seats (QR until signed, then seal and
// handwriting), and the celebration. Rendering is idempotent: the same state draws the same stage.

const SIGNER_TEXT = {
  pending: "请扫码签署", notified: "请扫码签署", verified: "身份已核验", signed: "已签署", declined: "已拒签",
};
const ACTIVITY_TEXT = { scene_opened: "已扫码", verified: "身份已核验", documents_viewed: "正在阅读合同" };
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
  const enterprises = [...new Set(state.signers.map((s) => s.enterprise_name))];
  const logos = state.layout.logos.slice().sort((a, b) => enterprises.indexOf(a.enterprise_name) - enterprises.indexOf(b.enterprise_name));
  const half = Math.ceil(logos.length / 2);
  fillLogos(stage.querySelector(".logos-left"), logos.slice(0, half));
  fillLogos(stage.querySelector(".logos-right"), logos.slice(half));
}

function fillLogos(box, logos) {
  const key = logos.map((l) => l.url).join("|");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...logos.map((l) => {
    const img = el("img");
    img.src = l.url;
    img.alt = `${l.enterprise_name}标志`;
    return img;
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
    card.style.left = `${seat.x * 100}%`;
    card.style.top = `${seat.y * 100}%`;
    const signer = signers[seat.participant_id];
    if (signer) drawSigner(card, signer, activity[seat.participant_id], landed.has(seat.participant_id),
                           state.meeting.phase === "awaiting_organizer");
    else drawGuest(card, seat);
  }
  for (const card of box.querySelectorAll(".seat")) if (!seen.has(card.dataset.participant)) card.remove();
  requestAnimationFrame(() => keepInside(box));
}

function drawGuest(card, seat) {
  const key = `guest|${seat.name_masked}|${seat.role}`;
  if (card.dataset.key === key) return;
  card.dataset.key = key;
  card.className = "seat compact";
  card.setAttribute("aria-label", `${ROLE_TEXT[seat.role] || ""} ${seat.name_masked}`);
  card.replaceChildren(el("p", "role", ROLE_TEXT[seat.role] || ""), el("p", "name", seat.name_masked),
                       el("p", "enterprise", seat.enterprise_name));
}

function drawSigner(card, s, activity, landed, held) {
  const stateText = s.status === "signed" ? `已签署 ${s.signed_at ? fmtClock(s.signed_at) : ""}`.trim()
    : s.status === "declined" ? SIGNER_TEXT.declined
    : held ? "暂停签署" : (ACTIVITY_TEXT[activity] || SIGNER_TEXT[s.status] || "");
  const key = [s.status, s.qr_url, s.seal_urls.join(","), s.handwriting_url, stateText].join("|");
  card.dataset.status = s.status;
  if (card.dataset.key === key) return;
  card.dataset.key = key;
  card.className = "seat";
  card.setAttribute("aria-label", `${s.enterprise_name} ${s.name_masked} ${stateText}`);
  const parts = [el("p", "enterprise", s.enterprise_name), el("p", "name", s.name_masked)];
  if (s.status === "signed") {
    const marks = el("div", "marks");
    for (const url of s.seal_urls.slice(0, 1)) {
      const seal = el("img", `seal${landed ? " stamp-in" : ""}`);
      seal.src = url;
      seal.alt = `${s.enterprise_name}印章`;
      marks.append(seal);
    }
    if (s.handwriting_url) {
      const hand = el("img", `hand${landed ? " ink-in" : ""}`);
      hand.src = s.handwriting_url;
      hand.alt = `${s.name_masked}的手写签名`;
      marks.append(hand);
    }
    parts.push(marks);
    if (landed) {
      card.classList.add("landed");
      setTimeout(() => card.classList.remove("landed"), 1700);
    }
  } else if (s.qr_url) {
    const qr = el("img", "qr");
    qr.src = s.qr_url;
    qr.alt = `${s.name_masked}的签署二维码`;
    qr.dataset.participant = s.participant_id;
    parts.push(qr);
  } else if (s.status === "declined" || held) {
    // The QR code's place stays (the card keeps its footprint), saying why there is nothing to scan.
    parts.push(el("div", "qr qr-off", s.status === "declined" ? "✕" : "等待组织方处理"));
  }
  parts.push(el("p", "state", stateText));
  card.replaceChildren(...parts);
}

// Seats are placed by their centre; pull any card that would cross the stage edge back inside.
export function keepInside(box) {
  const frame = box.getBoundingClientRect();
  const margin = frame.width * 0.014;
  for (const card of box.querySelectorAll(".seat")) {
    card.style.translate = "";
    const r = card.getBoundingClientRect();
    let dx = 0, dy = 0;
    if (r.left < frame.left + margin) dx = frame.left + margin - r.left;
    if (r.right > frame.right - margin) dx = frame.right - margin - r.right;
    if (r.top < frame.top + margin) dy = frame.top + margin - r.top;
    if (r.bottom > frame.bottom - margin) dy = frame.bottom - margin - r.bottom;
    if (dx || dy) card.style.translate = `${dx}px ${dy}px`;
  }
}

export function renderCelebration(stage, state) {
  const box = stage.querySelector("#celebration");
  const { signed, total } = state.progress;
  const done = state.meeting.status === "completed" || (total > 0 && signed === total);
  stage.querySelector("#celebration-note").textContent = state.meeting.rehearsal ? "彩排签署完成（无法律效力）"
    : state.meeting.status === "completed" ? "全部签署完成，合同已生效" : "全部签署完成，正在封存合同…";
  if (done === !box.hidden) return;
  box.hidden = !done;
  const confetti = box.querySelector(".confetti");
  if (!done) { confetti.replaceChildren(); return; }
  const colors = ["#f3d184", "#ffffff", "#e0403c", "#c9973c", "#ffd9a0"];
  confetti.replaceChildren(...Array.from({ length: 70 }, (_, i) => {
    const piece = el("i");
    piece.style.left = `${(i * 37) % 100}%`;
    piece.style.background = colors[i % colors.length];
    piece.style.animationDuration = `${4 + (i % 7) * 0.6}s`;
    piece.style.animationDelay = `${-(i % 11) * 0.55}s`;
    return piece;
  }));
}
