// The H5 signer, one path shared with the mini-program (h5/common/signer-steps.js): verify → read and
// mark the fields in place → confirm once → done. A signer verified earlier in this session starts
// at reading. Every request shows progress and survives a weak network (net.js); the handwriting,
// the seal choice and the pages seen survive a reload (draft.js). One API with the mini-program.
import { api, ApiError, imageUrl } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { formatDate, formatDateTime, formatRange } from "../common/dates.js";
import { SIGNER_STEPS, stepHeading } from "../common/signer-steps.js";
import { t } from "../common/strings.js";
import { offerCopy, stopCopy } from "./copy.js";
import { draftStore } from "./draft.js";
import { persist } from "./net.js";
import { Pad } from "./pad.js";
import { renderSeals } from "./seals.js";
import { jumpTo, renderDocuments, zoomer } from "./viewer.js";

const scene = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const base = `/api/signer/scenes/${encodeURIComponent(scene)}`;
const tokenKey = `signstage.signer.${scene}`;
const idemKey = `${tokenKey}.idem`;
const draft = draftStore(`${tokenKey}.draft`);
const $ = (id) => document.getElementById(id);
const SECTIONS = ["verify", "read", "confirm", "decline", "notice", "loading"];
const DONE_CODES = new Set(["signed", "already_signed"]);

// The signature is drawn on the pad, or (where the organizer allows it) typed: `mode` says which is used,
// `png` is its image (the pad's export, or the server's drawing of the typed name).
const app = { token: sessionStorage.getItem(tokenKey), scene: null, docs: [], seals: [], chosenSeal: null, png: null,
              view: null, unseen: [], mode: "drawn", drawnPng: null, typed: null };
let pad = null;
let applyZoom = () => {};

const today = () => formatDate(new Date().toISOString());
const docName = (d) => t("doc.name", { name: d.filename });
const controls = () => app.docs.flatMap((d) => d.controls);
const hasSeals = () => controls().some((c) => c.kind === "seal");

/** Show one section; `step` (a SIGNER_STEPS id, or "" off the path) is announced on <main>. */
function show(section, step) {
  for (const s of SECTIONS) $(`step-${s}`).hidden = s !== section;
  $("main").dataset.step = step || "";
  $("step-heading").textContent = stepHeading(step, t);
  $("step-heading").hidden = !step;
  const done = SIGNER_STEPS.findIndex((s) => s.id === step) + 1;
  document.querySelectorAll(".steps li").forEach((li, i) => li.classList.toggle("done", i < done));
  window.scrollTo(0, 0);
  // Move focus to the new step so screen readers announce it and Tab starts there.
  if (section !== "loading") requestAnimationFrame(() => $(`step-${section}`).focus({ preventScroll: true }));
}

/** What the network is doing, in plain words, on every screen ("" hides it). */
function say(text) {
  $("net-status").textContent = text;
  $("net-status").hidden = !text;
}

// The screens that end the path: tone and icon; the title is the strings' "notice.<code>".
const NOTICES = {
  signing_not_open: ["wait", "i"],
  locked_out: ["", "!"],
  meeting_cancelled: ["", "✕"],
  meeting_ended: ["", "✕"],
  meeting_completed: ["ok", "✓"],
  already_signed: ["ok", "✓"],
  already_declined: ["", "✕"],
  scene_not_found: ["", "?"],
  not_your_scene: ["", "!"],
  signer_unmatched: ["", "!"],
  declined: ["", "✕"],
  signed: ["ok", "✓"],
  network: ["", "!"],
};

function notice(code, text, { extra = "", action = null } = {}) {
  const [tone, icon] = NOTICES[code] || ["", "!"];
  const title = t(NOTICES[code] ? `notice.${code}` : "notice.other");
  const box = $("notice");
  box.className = `notice ${tone}`;
  box.dataset.code = code;
  $("notice-icon").textContent = icon;
  $("notice-title").textContent = title;
  $("notice-text").textContent = text;
  $("notice-extra").textContent = extra;
  const button = $("notice-action");
  button.hidden = !action;
  if (action) { button.textContent = action.label; button.onclick = action.run; }
  stopCopy();
  $("copy-box").hidden = true;
  show("notice", DONE_CODES.has(code) ? "done" : "");
}

// Once signed, the done screen follows the signed copy until it can be downloaded.
const copyOffered = () => offerCopy($("copy-box"), base, (path) => call(path), () => app.token,
                                    () => { $("notice-extra").textContent = t("signer.all_signed_effective"); });

async function call(path, opts = {}, retried = false) {
  try {
    return await api(path, { ...opts, token: app.token });
  } catch (err) {
    if (err.code === "invalid_token" && !retried) {  // the session expired: start a new one, once
      await login(true);
      return call(path, opts, true);
    }
    throw err;
  }
}

async function login(force = false) {
  if (app.token && !force) return;
  const { token } = await persist(() => api("/api/signer/login", { method: "POST", body: { channel: "h5" } }), say);
  app.token = token;
  sessionStorage.setItem(tokenKey, token);
}

// Errors that end the flow get a notice screen; the rest are shown where they happened.
function fatal(err) {
  if (!(err instanceof ApiError)) { console.error(err); err = new ApiError({ message: t("signer.page_error") }); }
  if (err.code === "signing_not_open") {
    const opens = err.extra?.opens_at ? t("signer.opens_at", { time: formatDateTime(err.extra.opens_at) }) : "";
    notice("signing_not_open", t("signer.not_open"),
           { extra: opens, action: { label: t("action.refresh"), run: () => location.reload() } });
  } else if (err.code === "network") {
    notice("network", err.message, { action: { label: t("action.retry"), run: () => location.reload() } });
  } else {
    notice(err.code, err.message);
  }
}

const FLOW_CODES = new Set(["locked_out", "signing_not_open", "meeting_cancelled", "meeting_ended", "meeting_completed", "already_signed",
  "already_declined", "scene_not_found", "not_your_scene", "signer_unmatched", "not_verified"]);

async function start() {
  if (!/^[0-9A-Za-z]{1,32}$/.test(scene)) return notice("scene_not_found", t("error.scene_not_found"));
  try {
    await login();
    app.scene = await persist(() => call(base), say);
  } catch (err) { return fatal(err); }
  const { meeting, participant } = app.scene;
  $("title").textContent = meeting.name;
  $("m-name").textContent = meeting.name;
  $("m-time").textContent = formatRange(meeting.starts_at, meeting.ends_at);
  $("m-enterprise").textContent = participant.enterprise_name;
  $("m-person").textContent = participant.name_masked;
  // The masked name is all the scene reveals; the signer types the full name themselves.
  $("name-hint").textContent = t("signer.name_hint", { name: participant.name_masked });
  $("m-status").textContent = meeting.status_label || "";  // the server's one table of labels
  $("rehearsal-banner").hidden = !meeting.rehearsal;  // on every step: a rehearsal makes no contract
  if (meeting.video_url) {  // the ceremony's video meeting, on every step
    $("video-link").href = meeting.video_url;
    $("video-link").hidden = false;
  }
  if (participant.status === "signed") {
    draft.clear();
    notice("already_signed", t("signer.already_signed"),
           { extra: app.scene.verified ? "" : t("signer.copy_by_sms") });
    return app.scene.verified && copyOffered();
  }
  if (participant.status === "declined") {
    return notice("already_declined", t("signer.already_declined"), { extra: t("signer.new_link") });
  }
  if (meeting.status === "cancelled") return notice("meeting_cancelled", t("error.meeting_cancelled"));
  if (meeting.status === "expired") return notice("meeting_ended", t("error.meeting_ended"));
  if (meeting.status === "completed") return notice("meeting_completed", t("error.meeting_completed"));
  if (!meeting.signing_open) {
    const opens = new Date(new Date(meeting.starts_at).getTime() - 30 * 60 * 1000).toISOString();
    return fatal(new ApiError({ code: "signing_not_open", message: t("error.signing_not_open"),
                                extra: { opens_at: opens } }));
  }
  // A WeChat account already bound to the employee stands in for the ID number (never on H5 today).
  $("id-group").hidden = app.scene.id_number_required === false;
  showIdField(participant.id_type);
  if (app.scene.verified) return openRead();  // verified earlier in this session: straight to reading
  show("verify", "verify");
}

// Identity ----------------------------------------------------------------------------------
// The document the signer was registered with decides the ID field's label and the check before sending
// (the server's rules: backend/lib/identity/documents.py).
// `other` matches what typing drops (after upper-casing): anything no number of that kind holds; label and
// error are keys of the page's strings.
const ID_FIELDS = {
  resident_id: { label: "id.resident_id.label", pattern: /^\d{17}[\dX]$/, error: "id.resident_id.error", maxLength: 18,
                 other: /[^0-9X]/g },
  hk_mo_permit: { label: "id.hk_mo_permit.label", pattern: /^[HM](\d{8}|\d{10})$/,
                  error: "id.hk_mo_permit.error", maxLength: 11, other: /[^0-9HM]/g },
  tw_permit: { label: "id.tw_permit.label", pattern: /^(\d{8}|\d{10}(\([A-Z]\))?)$/,
               error: "id.tw_permit.error", maxLength: 13, other: /[^0-9A-Z()]/g },
  residence_permit: { label: "id.residence_permit.label", pattern: /^8[123]0000\d{11}[\dX]$/,
                      error: "id.residence_permit.error", maxLength: 18, other: /[^0-9X]/g },
  passport: { label: "id.passport.label", pattern: /^[A-Z0-9]{5,20}$/, error: "id.passport.error", maxLength: 20,
              other: /[^0-9A-Z]/g },
};
let idField = ID_FIELDS.resident_id;

function showIdField(idType) {
  idField = ID_FIELDS[idType] || ID_FIELDS.resident_id;
  document.querySelector('label[for="f-id"]').textContent = t(idField.label);
  $("f-id").maxLength = idField.maxLength;
  // Digits only for the numeric permits: the phone shows its number pad.
  $("f-id").inputMode = idType === "tw_permit" ? "numeric" : "text";
}

function typedId() {
  return $("f-id").value.replace(/\s+/g, "").replace(/\uff08/g, "(").replace(/\uff09/g, ")").toUpperCase();
}

function fieldError(input, id, message) {
  input.setAttribute("aria-invalid", message ? "true" : "false");
  $(id).hidden = !message;
  $(id).textContent = message || "";
  return !message;
}

function checkIdentity() {
  const name = $("f-name").value.trim(), id = typedId(), code = $("f-code").value.trim();
  const ok = [
    fieldError($("f-name"), "e-name", name ? "" : t("signer.name_required")),
    fieldError($("f-id"), "e-id", $("id-group").hidden || idField.pattern.test(id) ? "" : t(idField.error)),
    fieldError($("f-code"), "e-code", /^\d{6}$/.test(code) ? "" : t("signer.code_required")),
  ];
  const first = [$("f-name"), $("f-id"), $("f-code")][ok.indexOf(false)];
  if (first) first.focus();
  return ok.every(Boolean) ? { name, id_number: $("id-group").hidden ? null : id, sms_code: code } : null;
}

async function sendCode() {
  const button = $("send-code");
  const alert = $("identity-alert");
  alert.className = "alert";
  alert.textContent = "";
  button.disabled = true;
  try {
    await persist(async (n) => {
      try {
        await call(`${base}/sms`, { method: "POST" });
      } catch (err) {
        // A retry refused as too soon means the first request did reach the server: the code is on its way.
        if (!(n > 1 && err.status === 429)) throw err;
      }
    }, say, { busy: t("signer.sending_code"), tries: 3 });
    countdown(button, 60);
    alert.className = "alert info";
    alert.textContent = t("code.sent");
    $("f-code").focus();
  } catch (err) {
    alert.textContent = err.message;
    if (err.extra?.retry_after && err.status === 429) countdown(button, err.extra.retry_after);
    else button.disabled = false;
    if (FLOW_CODES.has(err.code)) fatal(err);
  }
}

async function verify(e) {
  e.preventDefault();
  const body = checkIdentity();
  if (!body) return;
  const alert = $("identity-alert");
  alert.className = "alert";
  alert.textContent = "";
  alert.dataset.code = "";
  $("verify").disabled = true;
  try {
    await persist(async (n) => {
      // The code is single-use: after a lost answer, ask whether the first attempt verified before sending it again.
      if (n > 1 && (await call(base)).verified) return;
      await call(`${base}/verify`, { method: "POST", body });
    }, say, { busy: t("signer.verifying") });
    draft.save({ name: body.name });  // the typed-name alternative starts from the name just verified
    await openRead();
  } catch (err) {
    alert.dataset.code = err.code;
    alert.textContent = err.message;
    if (FLOW_CODES.has(err.code)) return fatal(err);
    if (err.code === "verification_failed") $("f-code").select();
  } finally {
    $("verify").disabled = false;
  }
}

// Read and mark -----------------------------------------------------------------------------
async function openRead() {
  const saved = draft.get();
  try {
    app.docs = await persist(() => call(`${base}/documents`), say, { busy: t("signer.loading_documents") });
    if (hasSeals() && !app.seals.length) app.seals = await persist(() => call(`${base}/seals`), say, { busy: t("signer.loading_seals") });
  } catch (err) { return fatal(err); }
  for (const seal of app.seals) seal.blob = seal.blob || imageUrl(seal.image_url, app.token);
  // A single granted seal is the signer's choice already; a saved choice survives a reload.
  const ids = app.seals.map((s) => s.id);
  app.chosenSeal = ids.includes(saved.seal) ? saved.seal : ids.length === 1 ? ids[0] : null;
  app.drawnPng = saved.png || null;
  app.typed = typedAllowed() ? saved.typed || null : null;
  app.mode = app.typed && saved.mode === "typed" ? "typed" : "drawn";
  app.png = app.mode === "typed" ? app.typed.png : app.drawnPng;
  show("read", "read");
  closePanels();
  app.view = renderDocuments($("documents"), $("page-strip"), app.docs, app.token, {
    seenKeys: saved.seen || [],
    onSeen: (seen, unseen) => { app.unseen = unseen; draft.save({ seen }); updateRead(); },
    onField: openField,
    onError: (err) => { $("read-hint").textContent = err.message; },
  });
  applyZoom();
  for (const node of document.querySelectorAll(".control.date .control-text")) node.textContent = today();
  paintFields();
  updateRead();
}

const missingSignature = () => !app.png;
const missingSeal = () => hasSeals() && !app.chosenSeal;
const typedAllowed = () => Boolean(app.scene?.meeting?.allow_typed_signature);

// The signature in use changed (drawn, typed, or cleared): keep it, and show it on every field.
function signatureChanged() {
  app.png = app.mode === "typed" ? app.typed?.png || null : app.drawnPng;
  draft.save({ png: app.drawnPng, typed: app.typed, mode: app.mode });
  paintFields();
  updateRead();
}

// Every field shows what will be stamped there: the handwriting, the chosen seal, the date.
function paintFields() {
  const seal = app.seals.find((s) => s.id === app.chosenSeal);
  for (const { control, node } of app.view?.fields || []) {
    const done = control.kind === "signature" ? !missingSignature() : !missingSeal();
    node.classList.toggle("done", done);
    let img = node.querySelector("img");
    if (!done) { img?.remove(); continue; }
    if (!img) { img = Object.assign(document.createElement("img"), { alt: "" }); node.append(img); }
    if (control.kind === "signature") img.src = app.png;
    else seal.blob.then((url) => { img.src = url; }).catch(() => {});
  }
}

function updateRead() {
  const total = app.view ? app.view.pages.length : 0;
  const todo = [];
  if (app.unseen.length) todo.push(t("read.unseen", { n: app.unseen.length }));
  if (missingSignature()) todo.push(t("read.need_signature"));
  if (missingSeal()) todo.push(t("read.need_seal"));
  $("read-hint").textContent = todo.length
    ? t("read.progress", { seen: total - app.unseen.length, total, todo: todo.join(t("list.comma")) })
    : t(hasSeals() ? "read.ready_seal" : "read.ready", { total });
}

function closePanels() {
  $("documents").after($("pad-panel"), $("seal-panel"));  // out of the pages, which are drawn anew
  $("pad-panel").hidden = true;
  $("seal-panel").hidden = true;
}

function openField(control, node, page) {
  if (control.kind === "seal") openSeals(page);
  else openPad(page);
}

// The pad opens under the page of the field (or after the documents when there is no field to tap).
function openPad(page) {
  const panel = $("pad-panel");
  $("seal-panel").hidden = true;
  (page || $("documents").lastElementChild || $("documents")).after(panel);
  panel.hidden = false;
  if (!pad) {
    pad = new Pad($("pad"));
    const saved = draft.get();
    if (saved.strokes?.length && saved.size) { pad.strokes = saved.strokes; pad.size = saved.size; }
    pad.onChange = () => {
      $("pad-alert").textContent = "";
      app.drawnPng = pad.isEmpty() ? null : pad.toPNG();
      draft.save({ strokes: pad.strokes, size: pad.size });
      signatureChanged();
    };
  }
  $("pad-mode").hidden = !typedAllowed();
  setMode(app.mode);
  panel.scrollIntoView({ block: "center" });
  panel.focus({ preventScroll: true });  // screen readers hear the pad's name; Tab reaches its tools next
}

// One toggle between the pad and the typed name; the other one's work is kept for switching back.
function setMode(mode) {
  app.mode = mode === "typed" && typedAllowed() ? "typed" : "drawn";
  const typed = app.mode === "typed";
  $("pad-panel").classList.toggle("typed", typed);
  $("pad-mode").setAttribute("aria-pressed", String(typed));
  $("pad-title").textContent = typed ? t("typed.title") : t("pad.title");
  $("pad-alert").textContent = "";
  if (typed && !$("typed-name").value) $("typed-name").value = app.typed?.name || draft.get().name || $("f-name").value.trim();
  showTypedPreview();
  signatureChanged();
}

function showTypedPreview() {
  const img = $("typed-preview");
  img.hidden = !app.typed;
  if (app.typed) { img.src = app.typed.png; img.alt = t("typed.preview_alt", { name: app.typed.name }); }
}

const tidyName = (name) => name.trim().split(/\s+/).filter(Boolean).join(" ");

// The server draws the typed name: the preview is the very image signing with it stores.
async function renderTyped(e) {
  e?.preventDefault();
  const input = $("typed-name");
  const name = tidyName(input.value);
  if (!fieldError(input, "e-typed", name ? "" : t("typed.name_required"))) { input.focus(); return false; }
  $("typed-render").disabled = true;
  try {
    const res = await persist(() => call(`${base}/typed-signature`, { method: "POST", body: { name } }), say,
                              { busy: t("typed.rendering") });
    app.typed = { name: res.name, png: `data:image/png;base64,${res.png}` };
    showTypedPreview();
    signatureChanged();
    return true;
  } catch (err) {
    if (err.fields?.name) { fieldError(input, "e-typed", err.message); input.focus(); }
    else $("pad-alert").textContent = err.message;
    if (err.code === "typed_signature_not_allowed") {  // the organizer turned it off meanwhile: back to the pad
      app.scene.meeting.allow_typed_signature = false;
      app.typed = null;
      $("pad-mode").hidden = true;
      setMode("drawn");
      $("pad-alert").textContent = err.message;
    }
    if (FLOW_CODES.has(err.code)) fatal(err);
    return false;
  } finally {
    $("typed-render").disabled = false;
  }
}

// Typing again un-sets the signature until it is generated anew: what is signed is always what was previewed.
function typedEdited() {
  fieldError($("typed-name"), "e-typed", "");
  if (app.typed && tidyName($("typed-name").value) !== app.typed.name) {
    app.typed = null;
    showTypedPreview();
    signatureChanged();
  }
}

async function typedDone() {
  if (!app.typed && !(await renderTyped())) return;
  closePad();
}

function padDone() {
  if (pad.isEmpty()) { $("pad-alert").textContent = t("pad.empty"); return; }
  closePad();
}

function closePad() {
  $("pad-panel").hidden = true;
  const field = app.view.fields.find((f) => f.control.kind === "signature");
  if (field) jumpTo(field.node);
}

function openSeals(page) {
  const panel = $("seal-panel");
  $("pad-panel").hidden = true;
  page.after(panel);
  panel.hidden = false;
  $("seal-alert").textContent = app.seals.length ? "" : t("seal.none");
  renderSeals($("seal-list"), app.seals, app.chosenSeal, app.token, (id) => {
    app.chosenSeal = id;
    draft.save({ seal: id });
    paintFields();
    updateRead();
    panel.hidden = true;  // chosen: back to the document, no extra tap
    const field = app.view.fields.find((f) => f.control.kind === "seal");
    if (field) jumpTo(field.node);
  });
  panel.scrollIntoView({ block: "center" });
  panel.focus({ preventScroll: true });
}

const firstField = (kind) => app.view.fields.find((f) => f.control.kind === kind);

// "Next": the next field still to do, then the next page not yet seen.
function nextField() {
  const todo = app.view.fields.find((f) => (f.control.kind === "signature" ? missingSignature() : missingSeal()));
  if (todo) return jumpTo(todo.node);
  if (missingSignature()) return openPad(null);
  if (app.unseen.length) return jumpTo(app.unseen[0].page);
  $("read-hint").textContent = t("read.all_fields_done");
}

// The button is never disabled: it says what is still missing and takes the signer there.
function toConfirm() {
  if (missingSignature()) {
    $("read-hint").textContent = t("read.sign_first");
    return openPad(firstField("signature")?.page || null);
  }
  if (missingSeal()) {
    $("read-hint").textContent = t("read.choose_seal");
    return openSeals(firstField("seal").page);
  }
  if (app.unseen.length) {
    const pages = app.unseen.slice(0, 3).map((p) => p.label).join(t("list.enum"));
    $("read-hint").textContent = t(app.unseen.length > 3 ? "read.see_all_more" : "read.see_all", { pages, n: app.unseen.length });
    return jumpTo(app.unseen[0].page);
  }
  openConfirm();
}

// Confirm once, then sign ----------------------------------------------------------------------
async function openConfirm() {
  show("confirm", "confirm");
  $("c-hand").src = app.png;
  $("c-hand-label").textContent = app.mode === "typed" ? t("confirm.hand_typed") : t("confirm.hand");
  $("c-hand").alt = app.mode === "typed" ? t("confirm.hand_alt_typed", { name: app.typed.name }) : t("confirm.hand_alt");
  const seal = app.seals.find((s) => s.id === app.chosenSeal);
  $("c-seal-box").hidden = !seal;
  const list = $("c-docs");
  list.replaceChildren();
  for (const d of app.docs) {
    const count = (kind) => d.controls.filter((c) => c.kind === kind).length;
    const marks = [count("signature") && t("confirm.signatures", { n: count("signature") }),
                   count("seal") && t("confirm.seals", { n: count("seal") }),
                   count("date") && t("confirm.dates", { n: count("date") })].filter(Boolean).join(t("list.enum"));
    const doc = t("doc.pages", { name: d.filename, pages: d.page_count });
    list.append(Object.assign(document.createElement("li"), { textContent: marks ? t("confirm.doc_marks", { doc, marks }) : doc }));
  }
  $("c-date").textContent = today();
  const docs = app.docs.map(docName).join(t("list.enum"));
  $("consent").textContent = seal ? t("confirm.consent_seal", { docs, seal: seal.name }) : t("confirm.consent", { docs });
  $("sign-alert").textContent = "";
  if (seal) { $("c-seal").src = await seal.blob; $("c-seal").alt = t("confirm.seal_alt", { name: seal.name }); }
}

const newKey = () => `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;

async function sign() {
  const seals = {};
  for (const c of controls()) if (c.kind === "seal") seals[c.id] = app.chosenSeal;
  // One key per signing attempt, kept across retries and reloads: a lost answer signs once.
  const signature = app.mode === "typed" ? { signature_typed: app.typed.name } : { signature_png: app.png.split(",")[1] };
  const key = sessionStorage.getItem(idemKey) || newKey();
  sessionStorage.setItem(idemKey, key);
  const button = $("sign");
  button.disabled = true;
  button.textContent = t("sign.submitting");
  $("sign-alert").textContent = "";
  // The big screen shows "signing…" while the request is on its way; never wait long for it.
  const started = persist(() => call(`${base}/confirming`, { method: "POST" }), () => {}, { tries: 2 }).catch(() => {});
  await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 1500))]);
  try {
    const res = await persist(() => call(`${base}/sign`, { method: "POST", headers: { "Idempotency-Key": key },
                                                           body: { ...signature, seals } }),
                              (text) => { say(text); if (text) button.textContent = text; }, { busy: t("sign.submitting") });
    sessionStorage.removeItem(idemKey);
    draft.clear();
    notice("signed", t("sign.done"),
           { extra: t(res.meeting_status === "completed" ? "signer.all_signed" : "signer.effective_later") });
    copyOffered();
  } catch (err) {
    $("sign-alert").textContent = err.code === "network" ? t("sign.network") : err.message;
    if (err.code === "already_signed" || FLOW_CODES.has(err.code)) fatal(err);
    if (err.status && err.status < 500) sessionStorage.removeItem(idemKey);  // refused: a new attempt gets a new key
  } finally {
    button.textContent = t("sign.button");
    button.disabled = false;
  }
}

// Declining is its own step: what it means, a required reason, then a clear confirm or the way back.
function openDecline() {
  $("decline-alert").textContent = "";
  fieldError($("decline-reason"), "e-decline-reason", "");
  show("decline", "");
}

function countReason() {
  $("decline-count").textContent = `${$("decline-reason").value.length} / 200`;
  if ($("decline-reason").value.trim()) fieldError($("decline-reason"), "e-decline-reason", "");
}

async function decline() {
  const reason = $("decline-reason").value.trim();
  $("decline-alert").textContent = "";
  if (!fieldError($("decline-reason"), "e-decline-reason", reason ? "" : t("decline.reason_required"))) {
    $("decline-reason").focus();
    return;
  }
  $("decline-confirm").disabled = true;
  try {
    await persist(() => call(`${base}/decline`, { method: "POST", body: { reason } }), say, { busy: t("sign.submitting") });
    notice("declined", t("decline.done"), { extra: t("decline.mistake") });
  } catch (err) {
    const field = err.fields?.reason;
    if (field) fieldError($("decline-reason"), "e-decline-reason", err.message);
    else $("decline-alert").textContent = err.message;
    if (FLOW_CODES.has(err.code)) fatal(err);
  } finally {
    $("decline-confirm").disabled = false;
  }
}

$("identity-form").addEventListener("submit", verify);
$("send-code").addEventListener("click", sendCode);
$("f-id").addEventListener("input", (e) => { e.target.value = typedId().replace(idField.other, ""); });
$("f-code").addEventListener("input", (e) => { e.target.value = e.target.value.replace(/\D/g, ""); });
$("next-field").addEventListener("click", nextField);
$("to-confirm").addEventListener("click", toConfirm);
$("to-decline").addEventListener("click", openDecline);
$("decline-reason").addEventListener("input", countReason);
$("decline-cancel").addEventListener("click", () => openRead());
$("decline-confirm").addEventListener("click", decline);
$("pad-undo").addEventListener("click", () => pad.undo());
$("pad-clear").addEventListener("click", () => pad.clear());
$("pad-done").addEventListener("click", padDone);
$("pad-mode").addEventListener("click", () => {
  setMode(app.mode === "typed" ? "drawn" : "typed");
  (app.mode === "typed" ? $("typed-name") : $("pad-panel")).focus();
});
$("typed-form").addEventListener("submit", renderTyped);
$("typed-name").addEventListener("input", typedEdited);
$("typed-done").addEventListener("click", typedDone);
$("sign").addEventListener("click", sign);
$("back-to-read").addEventListener("click", () => openRead());
// Turning the phone while writing keeps the pad on screen.
window.addEventListener("resize", () => { if (!$("pad-panel").hidden) $("pad-panel").scrollIntoView({ block: "start" }); });
applyZoom = zoomer($("documents"), $("zoom-level"), $("zoom-out"), $("zoom-in"));
start();
