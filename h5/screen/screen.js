// The result page: load the state once, then follow the live stream; every change redraws from the
// state, and a signature draws at once from the event itself (the state catches up right after).
import { setupHost } from "./host.js";
import { Live } from "./live.js";
import { previewBase, startPreview } from "./organizer-preview.js";
import { renderPreview } from "./preview.js";
import { replayWanted, startReplay } from "./replay.js";
import { renderCelebration, renderMasthead, renderProgress, renderSeats } from "./stage.js";
import { t } from "./words.js";

const token = location.pathname.split("/").filter(Boolean)[1];
const base = previewBase() || `/screen/${token}`;
const hostToken = new URLSearchParams(location.search).get("host");
// Only a token's own characters go into a header (anything else would make fetch throw): such a link is wrong anyway.
const hostHeader = hostToken && /^[0-9A-Za-z]{1,64}$/.test(hostToken) ? { "X-Host-Token": hostToken } : {};
const stage = document.getElementById("stage");
const seatsBox = document.getElementById("seats");
const previewBox = document.getElementById("preview");
let state = null;
const activity = {};
let host = null;
window.signstageEvents = [];

let doneBefore = null;  // unknown until the first drawing: a page opened on a completed meeting only shows it

const isDone = (s) => s.meeting.status === "completed" || (s.progress.total > 0 && s.progress.signed === s.progress.total);

function draw(landed = new Set()) {
  renderMasthead(stage, state);
  document.getElementById("rehearsal-banner").hidden = !state.meeting.rehearsal;
  renderProgress(stage, state);
  renderSeats(seatsBox, state, { activity, landed });
  renderPreview(previewBox, state.documents, state.signers, { animate: landed });
  const done = isDone(state);
  renderCelebration(stage, state, { live: doneBefore === false && done });
  doneBefore = done;
  if (host) host.sync();
}

export function applyState(next) {
  const before = new Set((state?.signers || []).filter((s) => s.status === "signed").map((s) => s.participant_id));
  const landed = new Set(state ? next.signers.filter((s) => s.status === "signed" && !before.has(s.participant_id))
    .map((s) => s.participant_id) : []);
  state = next;
  draw(landed);
  return next.last_event_id;
}

async function loadState() {
  const res = await fetch(`${base}/state`, { headers: hostHeader })
    .catch(() => null);
  if (!res || !res.ok) return null;
  return applyState(await res.json());
}

const RECHECK_MS = 1500;
const RECHECK_MAX_MS = 15000;

let refreshTimer = null;
let rechecks = 0;
function refreshSoon(delay = 250) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, delay);
}

// A refresh that failed would leave the stage on a stale answer until the next event: ask again,
// less and less often, until one succeeds.
async function refresh() {
  const lastId = await loadState();
  if (lastId != null) {
    rechecks = 0;
    return;
  }
  refreshSoon(Math.min(RECHECK_MAX_MS, RECHECK_MS * 1.5 ** rechecks));
  rechecks += 1;
}

function onEvent(event, id) {
  window.signstageEvents.push({ id, kind: event.kind });  // what arrived, for tests and debugging
  if (!state) return;
  const signer = state.signers.find((s) => s.participant_id === event.participant_id);
  if (event.kind === "signed" && signer && signer.status !== "signed") {
    // Draw the seal now from the event; the state refresh then fills in the rest.
    Object.assign(signer, { status: "signed", signed_at: event.at, qr_url: null, marks: event.marks,
                            seal_urls: event.seal_urls, handwriting_url: event.handwriting_url });
    state.progress.signed += 1;
    draw(new Set([signer.participant_id]));
    refreshSoon();
  } else if (event.kind === "declined" && signer) {
    Object.assign(signer, { status: "declined", qr_url: null });
    state.progress.declined += 1;
    draw();
    refreshSoon();
  } else if (event.kind === "reopened" && signer) {
    delete activity[signer.participant_id];  // a new scene: what they did on the old one is over
    refreshSoon(0);
  } else if (["scene_opened", "verified", "documents_viewed", "signing_started"].includes(event.kind) && signer) {
    activity[signer.participant_id] = event.kind;
    draw();
  } else {
    // A reset rehearsal starts over: nobody has scanned yet.
    if (event.kind === "rehearsal_reset") Object.keys(activity).forEach((pid) => delete activity[pid]);
    refreshSoon();  // completed, cancelled, layout saved, meeting changed, signature applied, rehearsal reset
  }
}

let toastTimer = null;
function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 3000);
}

function setMode(mode) {
  const label = t(`live.${mode}`);
  const box = document.getElementById("live-status");
  box.dataset.mode = mode;
  box.textContent = label;
}

function setupFullscreen() {
  const button = document.getElementById("fullscreen");
  const sync = () => {
    const on = Boolean(document.fullscreenElement);
    document.body.classList.toggle("fullscreen", on);
    button.textContent = t(on ? "fullscreen.exit" : "fullscreen.enter");
  };
  button.addEventListener("click", async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await document.documentElement.requestFullscreen({ navigationUI: "hide" });
    } catch { toast(t("fullscreen.refused")); }
  });
  document.addEventListener("fullscreenchange", sync);
  // Tools fade out while nobody moves the mouse, so the shared screen stays clean.
  const toolbar = document.getElementById("toolbar");
  let idle = null;
  const wake = () => { toolbar.classList.remove("idle"); clearTimeout(idle); idle = setTimeout(() => toolbar.classList.add("idle"), 4000); };
  document.addEventListener("pointermove", wake);
  document.addEventListener("keydown", wake);
  wake();
}

// A host link whose token does not open the host controls (cut short when copied, or from another
// meeting) says so, instead of quietly showing the audience's screen.
function warnWrongHostLink() {
  const notice = document.getElementById("host-notice");
  notice.hidden = false;
  document.getElementById("host-notice-close").addEventListener("click", () => { notice.hidden = true; }, { once: true });
}

async function main() {
  setupFullscreen();
  if (previewBase()) return startPreview({ loadState });
  if (replayWanted()) return startReplay({ base, applyState, toast });
  let lastId = await loadState();
  while (lastId == null) {
    setMode("connecting");
    await new Promise((r) => setTimeout(r, 3000));
    lastId = await loadState();
  }
  if (hostToken && state.host) host = setupHost({ stage, base, hostToken, getState: () => state, applyState, toast });
  else if (hostToken !== null) warnWrongHostLink();
  if (host) host.sync();
  // The host's stream also carries failed checks on the scenes, for the host tools.
  const eventsUrl = host ? `${base}/events?host=${encodeURIComponent(hostToken)}` : `${base}/events`;
  const live = new Live({ eventsUrl, onEvent, onPoll: loadState, onMode: setMode });
  window.signstageLive = live;  // for people debugging a venue's network
  live.start(lastId);
}

main();
