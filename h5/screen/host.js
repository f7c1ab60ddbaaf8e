// Host controls (only with ?host=<token>): drag seats to new places, show or hide the QR codes, see
// failed identity checks on each signer's scene (anyone in the meeting can scan a QR code) with a reset,
// and re-open a signer who declined.
// Every change is saved through the host-token endpoint, so every open screen follows.
import { cardSize, clampCentre } from "/h5/assets/common/stage-geometry.js";
import { placeSeat } from "./stage.js";
import { t } from "./words.js";

// The server's message (in the screen's language), else ours.
async function refusal(res, fallback) {
  try { return (await res.json()).error.message || fallback; } catch { return fallback; }
}

export function setupHost({ stage, base, hostToken, getState, applyState, toast }) {
  const tools = document.getElementById("host-tools");
  tools.hidden = false;
  const qrButton = document.getElementById("toggle-qr");
  const editButton = document.getElementById("toggle-edit");
  // The video meeting the host shares this screen in (the host's state only carries it).
  const video = Object.assign(document.createElement("a"), { id: "host-video", target: "_blank", rel: "noopener noreferrer",
                                                            textContent: t("host.video"), hidden: true });
  tools.prepend(video);
  const syncVideo = () => {
    const url = getState().meeting.video_url;
    video.hidden = !url;
    if (url) { video.href = url; video.title = url; }
  };

  async function save(body, done) {
    const res = await fetch(`${base}/layout`, {
      method: "PUT", headers: { "Content-Type": "application/json", "X-Host-Token": hostToken },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!res || !res.ok) {
      toast(res ? await refusal(res, t("host.save_failed")) : t("host.save_failed"));
      return;
    }
    applyState(await res.json());
    toast(done);
  }

  const attemptsBox = document.getElementById("host-attempts");
  const syncAttempts = () => {
    attemptsBox.replaceChildren(...getState().signers.filter((s) => s.attempts && (s.attempts.failures || s.attempts.retry_after))
      .map((s) => {
        const item = document.createElement("span");
        item.className = "attempt";
        item.dataset.participant = s.participant_id;
        item.textContent = `${t("host.attempts", { enterprise: s.enterprise_name, name: s.name_masked, n: s.attempts.failures })} `;
        const reset = document.createElement("button");
        reset.type = "button";
        reset.textContent = t("host.reset");
        reset.addEventListener("click", () => resetAttempts(s.participant_id));
        item.append(reset);
        return item;
      }));
  };
  async function resetAttempts(participantId) {
    const res = await fetch(`${base}/signers/${participantId}/reset-attempts`, {
      method: "POST", headers: { "X-Host-Token": hostToken },
    }).catch(() => null);
    if (!res || !res.ok) { toast(t("host.reset_failed")); return; }
    applyState(await res.json());
    toast(t("host.reset_done"));
  }

  // A declined signer can be re-opened from here too: a new QR code for them, and the screen invites scans again.
  const reopenBox = Object.assign(document.createElement("span"), { id: "host-reopen", className: "host-attempts" });
  tools.append(reopenBox);
  const syncDeclined = () => {
    reopenBox.replaceChildren(...getState().signers.filter((s) => s.status === "declined").map((s) => {
      const button = Object.assign(document.createElement("button"), { type: "button",
        textContent: t("host.reopen", { enterprise: s.enterprise_name, name: s.name_masked }) });
      button.dataset.participant = s.participant_id;
      button.addEventListener("click", () => reopen(s));
      return button;
    }));
  };
  async function reopen(s) {
    if (!confirm(t("host.reopen_confirm", { enterprise: s.enterprise_name, name: s.name_masked }))) return;
    const res = await fetch(`${base}/signers/${s.participant_id}/reopen`, {
      method: "POST", headers: { "X-Host-Token": hostToken },
    }).catch(() => null);
    if (!res || !res.ok) {
      toast(res ? await refusal(res, t("host.reopen_failed")) : t("host.reopen_failed"));
      return;
    }
    applyState(await res.json());
    toast(t("host.reopen_done"));
  }

  const syncQr = () => { qrButton.textContent = t(getState().layout.show_qr ? "host.qr_hide" : "host.qr_show"); };
  qrButton.addEventListener("click", () => {
    const show = !getState().layout.show_qr;
    save({ show_qr: show }, t(show ? "host.qr_shown" : "host.qr_hidden"));
  });

  editButton.addEventListener("click", () => {
    const on = !stage.classList.contains("editing");
    stage.classList.toggle("editing", on);
    editButton.setAttribute("aria-pressed", String(on));
    editButton.textContent = t(on ? "host.edit_done" : "host.edit");
    toast(t(on ? "host.edit_hint" : "host.edit_finished"));
  });

  let drag = null;
  stage.addEventListener("pointerdown", (e) => {
    const card = e.target.closest(".seat");
    if (!card || !stage.classList.contains("editing")) return;
    e.preventDefault();
    card.setPointerCapture(e.pointerId);
    const frame = stage.getBoundingClientRect();
    drag = { card, id: e.pointerId, frame, startX: e.clientX, startY: e.clientY,
             x: Number(card.dataset.x), y: Number(card.dataset.y), role: card.dataset.role };
    card.classList.add("dragging");
  });
  stage.addEventListener("pointermove", (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    // The whole card stays on the stage, as the server requires.
    const c = clampCentre(drag.x + (e.clientX - drag.startX) / drag.frame.width,
                          drag.y + (e.clientY - drag.startY) / drag.frame.height, cardSize(drag.role));
    drag.nx = c.x;
    drag.ny = c.y;
    placeSeat(drag.card, { x: c.x, y: c.y }, drag.role);
  });
  const drop = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const { card, nx, ny } = drag;
    drag = null;
    card.classList.remove("dragging");
    if (nx == null) return;
    const seats = getState().seats.map((s) => ({ participant_id: s.participant_id, x: s.x, y: s.y }));
    const seat = seats.find((s) => s.participant_id === card.dataset.participant);
    if (seat) Object.assign(seat, { x: round(nx), y: round(ny) });
    save({ seats }, t("host.seats_saved"));
  };
  stage.addEventListener("pointerup", drop);
  stage.addEventListener("pointercancel", drop);
  return { sync: () => { syncQr(); syncAttempts(); syncVideo(); syncDeclined(); } };
}

const round = (v) => Math.round(v * 10000) / 10000;
