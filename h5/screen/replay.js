// The replay of a ceremony (/screen/{token}?replay=1&pace=10): the stage as it stood before anyone signed,
// then every event of the log played back through the live screen's own drawing (applyState), in order,
// at real pace (pace=1) or compressed (pace=10: ten times faster). Nothing here talks to the live stream.
import { t } from "./words.js";

const PACE_MAX = 1000;
// A seal's landing is an animation: however compressed the pace, the next seal waits for it.
const LANDING_MS = 900;
const STEP_KINDS = new Set(["scene_opened", "verified", "documents_viewed", "signed", "declined", "completed", "cancelled"]);
const LANDINGS = new Set(["signed", "declined", "completed", "cancelled"]);

export function replayWanted(search = location.search) {
  return new URLSearchParams(search).get("replay") === "1";
}

export function replayPace(search = location.search) {
  const pace = Number(new URLSearchParams(search).get("pace"));
  return Number.isFinite(pace) && pace > 0 ? Math.min(pace, PACE_MAX) : 1;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

// The final state turned back to before the first scan: nobody signed, no marks, no QR codes (they are
// gone once a ceremony is over, and a replay invites nobody to scan).
export function openingState(final) {
  const state = structuredClone(final);
  // Its chip says "replay" (meeting.replay in the screen's strings) until the ceremony's own outcome.
  Object.assign(state.meeting, { status: "in_progress", phase: "replay", status_label: "", completed_at: null,
                                 signing_open: false });
  for (const s of state.signers) {
    Object.assign(s, { status: "notified", qr_url: null, signed_at: null, marks: [], seal_urls: [], handwriting_url: null });
  }
  for (const seat of state.seats) if (seat.status !== undefined && seat.role === "signer") seat.status = "notified";
  Object.assign(state.progress, { signed: 0, declined: 0 });
  return state;
}

// One event applied to a copy of the state, as the live screen's onEvent and the next /state would show it.
export function step(current, event, final) {
  const state = structuredClone(current);
  const signer = state.signers.find((s) => s.participant_id === event.participant_id);
  const seat = state.seats.find((s) => s.participant_id === event.participant_id);
  if (event.kind === "signed" && signer && signer.status !== "signed") {
    Object.assign(signer, { status: "signed", signed_at: event.at, qr_url: null, marks: event.marks || [],
                            seal_urls: event.seal_urls || [], handwriting_url: event.handwriting_url || null });
    state.progress.signed += 1;
  } else if (event.kind === "declined" && signer && signer.status !== "declined") {
    signer.status = "declined";
    state.progress.declined += 1;
  } else if (event.kind === "verified" && signer && !["signed", "declined"].includes(signer.status)) {
    signer.status = "verified";
  } else if (event.kind === "completed") {
    Object.assign(state.meeting, { status: "completed", phase: "completed", completed_at: event.at,
                                   status_label: final.meeting.status_label });
  } else if (event.kind === "cancelled") {
    Object.assign(state.meeting, { status: "cancelled", phase: "cancelled", status_label: final.meeting.status_label });
  }
  if (seat && signer) seat.status = signer.status;
  return state;
}

// How long to wait before an event: the real gap ÷ pace, and never less than a landing after a landing.
export function delays(events, pace) {
  let previous = null, landed = false;
  return events.map((e) => {
    const at = Date.parse(e.at);
    const gap = previous == null || Number.isNaN(at) ? 0 : Math.max(0, at - previous) / pace;
    if (!Number.isNaN(at)) previous = at;
    const wait = landed && LANDINGS.has(e.kind) ? Math.max(gap, LANDING_MS) : gap;
    landed = landed || LANDINGS.has(e.kind);
    return wait;
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startReplay({ base, applyState, toast }) {
  const pace = replayPace();
  const status = document.getElementById("live-status");
  status.dataset.mode = "replay";
  status.textContent = pace === 1 ? t("replay.real_pace") : t("replay.pace", { pace });
  let final, log;
  try {
    [final, log] = await Promise.all([getJson(`${base}/state`), getJson(`${base}/events.json`)]);
  } catch {
    status.textContent = t("replay.load_failed");
    toast(t("replay.load_failed_hint"));
    return;
  }
  // The ceremony starts with the first scan; what came before (layout saved, details changed) is not replayed.
  const first = log.events.findIndex((e) => STEP_KINDS.has(e.kind) && e.kind !== "cancelled");
  const events = first < 0 ? [] : log.events.slice(first).filter((e) => STEP_KINDS.has(e.kind));
  const waits = delays(events, pace);
  const replay = { pace, total: events.length, played: 0, done: false };
  window.signstageReplay = replay;  // for people checking a replay, and for tests
  let state = openingState(final);
  applyState(state);
  await sleep(LANDING_MS);  // the empty stage first, long enough to be seen
  for (const [i, event] of events.entries()) {
    await sleep(waits[i]);
    state = step(state, event, final);
    applyState(state);
    replay.played = i + 1;
  }
  replay.done = true;
  status.textContent = t("replay.ended");
  offerAgain(toast);
}

function offerAgain(toast) {
  const tools = document.getElementById("toolbar");
  if (document.getElementById("replay-again")) return;
  const again = Object.assign(document.createElement("button"), { type: "button", id: "replay-again", textContent: t("replay.again") });
  again.addEventListener("click", () => location.reload());
  tools.append(again);
  toast(t("replay.ended"));
}
