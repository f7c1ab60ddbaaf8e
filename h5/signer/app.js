// The H5 signer, one path shared with the mini-program (h5/common/signer-steps.js): verify → read and
// mark the fields in place → confirm once → done. A signer verified earlier in this session starts
// at reading. Every request shows progress and survives a weak network (net.js); the handwriting,
// the seal choice and the pages seen survive a reload (draft.js). One API with the mini-program.
import { api, ApiError, imageUrl } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { SIGNER_STEPS, stepHeading } from "../common/signer-steps.js";
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

const app = { token: sessionStorage.getItem(tokenKey), scene: null, docs: [], seals: [], chosenSeal: null, png: null,
              view: null, unseen: [] };
let pad = null;
let applyZoom = () => {};

const fmt = (iso, opts) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, ...opts });
const fmtRange = (a, b) => `${fmt(a, { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" })} – ${fmt(b, { hour: "2-digit", minute: "2-digit" })}`;
const today = () => fmt(new Date().toISOString(), { year: "numeric", month: "long", day: "numeric" });
const controls = () => app.docs.flatMap((d) => d.controls);
const hasSeals = () => controls().some((c) => c.kind === "seal");

/** Show one section; `step` (a SIGNER_STEPS id, or "" off the path) is announced on <main>. */
function show(section, step) {
  for (const s of SECTIONS) $(`step-${s}`).hidden = s !== section;
  $("main").dataset.step = step || "";
  $("step-heading").textContent = stepHeading(step);
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

const NOTICES = {
  signing_not_open: ["wait", "i", "签约尚未开始"],
  locked_out: ["", "!", "暂时无法验证"],
  meeting_cancelled: ["", "✕", "签约仪式已取消"],
  meeting_ended: ["", "✕", "签约仪式已结束"],
  meeting_completed: ["ok", "✓", "合同已签署完成"],
  already_signed: ["ok", "✓", "您已完成签署"],
  already_declined: ["", "✕", "您已拒绝签署"],
  scene_not_found: ["", "?", "二维码无效"],
  not_your_scene: ["", "!", "无法使用此二维码"],
  signer_unmatched: ["", "!", "身份信息未登记"],
  declined: ["", "✕", "您已拒绝签署"],
  signed: ["ok", "✓", "签署成功"],
  network: ["", "!", "网络连接失败"],
};

function notice(code, text, { extra = "", action = null } = {}) {
  const [tone, icon, title] = NOTICES[code] || ["", "!", "无法继续签署"];
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
                                    () => { $("notice-extra").textContent = "全部签署方已完成签署，合同已生效。"; });

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
  if (!(err instanceof ApiError)) { console.error(err); err = new ApiError({ message: "页面出错，请刷新后重试。" }); }
  if (err.code === "signing_not_open") {
    const opens = err.extra?.opens_at ? `将于 ${fmt(err.extra.opens_at, { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" })} 开放签署。` : "";
    notice("signing_not_open", "签署在会议开始前 30 分钟开放，届时请刷新本页或重新扫码。",
           { extra: opens, action: { label: "刷新", run: () => location.reload() } });
  } else if (err.code === "network") {
    notice("network", err.message, { action: { label: "重试", run: () => location.reload() } });
  } else {
    notice(err.code, err.message);
  }
}

const FLOW_CODES = new Set(["locked_out", "signing_not_open", "meeting_cancelled", "meeting_ended", "meeting_completed", "already_signed",
  "already_declined", "scene_not_found", "not_your_scene", "signer_unmatched", "not_verified"]);

async function start() {
  if (!/^[0-9A-Za-z]{1,32}$/.test(scene)) return notice("scene_not_found", "二维码无效或已过期，请重新扫描大屏上的二维码。");
  try {
    await login();
    app.scene = await persist(() => call(base), say);
  } catch (err) { return fatal(err); }
  const { meeting, participant } = app.scene;
  $("title").textContent = meeting.name;
  $("m-name").textContent = meeting.name;
  $("m-time").textContent = fmtRange(meeting.starts_at, meeting.ends_at);
  $("m-enterprise").textContent = participant.enterprise_name;
  $("m-person").textContent = participant.name_masked;
  // The masked name is all the scene reveals; the signer types the full name themselves.
  $("name-hint").textContent = `请输入完整姓名（登记为“${participant.name_masked}”）。`;
  $("m-status").textContent = meeting.status_label || "";  // the server's one table of labels
  $("rehearsal-banner").hidden = !meeting.rehearsal;  // on every step: a rehearsal makes no contract
  if (meeting.video_url) {  // the ceremony's video meeting, on every step
    $("video-link").href = meeting.video_url;
    $("video-link").hidden = false;
  }
  if (participant.status === "signed") {
    draft.clear();
    notice("already_signed", "您已完成签署，感谢您的参与。",
           { extra: app.scene.verified ? "" : "合同签署完成后，签署件链接将以短信发送到您的登记手机号。" });
    return app.scene.verified && copyOffered();
  }
  if (participant.status === "declined") {
    return notice("already_declined", "您已拒绝签署本合同，如有疑问请联系会议组织方。",
                  { extra: "组织方重新开放签署后，您将收到新的签署链接。" });
  }
  if (meeting.status === "cancelled") return notice("meeting_cancelled", "本场签约仪式已取消。");
  if (meeting.status === "expired") return notice("meeting_ended", "本场签约仪式已结束，无法再签署。");
  if (meeting.status === "completed") return notice("meeting_completed", "合同已全部签署完成。");
  if (!meeting.signing_open) {
    const opens = new Date(new Date(meeting.starts_at).getTime() - 30 * 60 * 1000).toISOString();
    return fatal(new ApiError({ code: "signing_not_open", message: "签约尚未开始：会议开始前 30 分钟开放签署。",
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
// `other` matches what typing drops (after upper-casing): anything no number of that kind holds.
const ID_FIELDS = {
  resident_id: { label: "身份证号", pattern: /^\d{17}[\dX]$/, error: "请填写18位身份证号", maxLength: 18,
                 other: /[^0-9X]/g },
  hk_mo_permit: { label: "港澳居民来往内地通行证号码", pattern: /^[HM](\d{8}|\d{10})$/,
                  error: "港澳通行证号码应为H或M加8位数字", maxLength: 11, other: /[^0-9HM]/g },
  tw_permit: { label: "台湾居民来往大陆通行证号码", pattern: /^(\d{8}|\d{10}(\([A-Z]\))?)$/,
               error: "台湾居民来往大陆通行证号码应为8位数字", maxLength: 13, other: /[^0-9A-Z()]/g },
  residence_permit: { label: "港澳台居民居住证号码", pattern: /^8[123]0000\d{11}[\dX]$/,
                      error: "请填写18位居住证号码", maxLength: 18, other: /[^0-9X]/g },
  passport: { label: "护照号码", pattern: /^[A-Z0-9]{5,20}$/, error: "护照号码应为5至20位字母或数字", maxLength: 20,
              other: /[^0-9A-Z]/g },
};
let idField = ID_FIELDS.resident_id;

function showIdField(idType) {
  idField = ID_FIELDS[idType] || ID_FIELDS.resident_id;
  document.querySelector('label[for="f-id"]').textContent = idField.label;
  $("f-id").maxLength = idField.maxLength;
  // Digits only for the numeric permits: the phone shows its number pad.
  $("f-id").inputMode = idType === "tw_permit" ? "numeric" : "text";
}

function typedId() {
  return $("f-id").value.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").toUpperCase();
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
    fieldError($("f-name"), "e-name", name ? "" : "请填写姓名"),
    fieldError($("f-id"), "e-id", $("id-group").hidden || idField.pattern.test(id) ? "" : idField.error),
    fieldError($("f-code"), "e-code", /^\d{6}$/.test(code) ? "" : "请填写6位短信验证码"),
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
    }, say, { busy: "正在发送验证码…", tries: 3 });
    countdown(button, 60);
    alert.className = "alert info";
    alert.textContent = "验证码已发送，5 分钟内有效。";
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
    }, say, { busy: "正在核验身份…" });
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
    app.docs = await persist(() => call(`${base}/documents`), say, { busy: "正在加载合同…" });
    if (hasSeals() && !app.seals.length) app.seals = await persist(() => call(`${base}/seals`), say, { busy: "正在加载印章…" });
  } catch (err) { return fatal(err); }
  for (const seal of app.seals) seal.blob = seal.blob || imageUrl(seal.image_url, app.token);
  // A single granted seal is the signer's choice already; a saved choice survives a reload.
  const ids = app.seals.map((s) => s.id);
  app.chosenSeal = ids.includes(saved.seal) ? saved.seal : ids.length === 1 ? ids[0] : null;
  app.png = saved.png || null;
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
  if (app.unseen.length) todo.push(`还有 ${app.unseen.length} 页未查看`);
  if (missingSignature()) todo.push("还需签名");
  if (missingSeal()) todo.push("还需选择印章");
  $("read-hint").textContent = todo.length ? `已查看 ${total - app.unseen.length} / ${total} 页 · ${todo.join("，")}`
    : `已查看全部 ${total} 页，签名${hasSeals() ? "和印章" : ""}已就绪。`;
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
      app.png = pad.isEmpty() ? null : pad.toPNG();
      draft.save({ png: app.png, strokes: pad.strokes, size: pad.size });
      paintFields();
      updateRead();
    };
  }
  panel.scrollIntoView({ block: "center" });
  panel.focus({ preventScroll: true });  // screen readers hear the pad's name; Tab reaches its tools next
}

function padDone() {
  if (pad.isEmpty()) { $("pad-alert").textContent = "请先在签名区域写下您的姓名。"; return; }
  $("pad-panel").hidden = true;
  const field = app.view.fields.find((f) => f.control.kind === "signature");
  if (field) jumpTo(field.node);
}

function openSeals(page) {
  const panel = $("seal-panel");
  $("pad-panel").hidden = true;
  page.after(panel);
  panel.hidden = false;
  $("seal-alert").textContent = app.seals.length ? "" : "您暂无可用的企业印章，请联系企业管理员授权。";
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

// "下一处": the next field still to do, then the next page not yet seen.
function nextField() {
  const todo = app.view.fields.find((f) => (f.control.kind === "signature" ? missingSignature() : missingSeal()));
  if (todo) return jumpTo(todo.node);
  if (missingSignature()) return openPad(null);
  if (app.unseen.length) return jumpTo(app.unseen[0].page);
  $("read-hint").textContent = "全部签署位置已完成，请点按“下一步：确认签署”。";
}

// The button is never disabled: it says what is still missing and takes the signer there.
function toConfirm() {
  if (missingSignature()) {
    $("read-hint").textContent = "请先在签名处写下您的姓名。";
    return openPad(firstField("signature")?.page || null);
  }
  if (missingSeal()) {
    $("read-hint").textContent = "请选择要加盖的印章。";
    return openSeals(firstField("seal").page);
  }
  if (app.unseen.length) {
    const names = app.unseen.slice(0, 3).map((p) => p.label).join("、");
    $("read-hint").textContent = `签署前请查看全部页面：${names}${app.unseen.length > 3 ? ` 等 ${app.unseen.length} 页` : ""}未查看，已为您跳转。`;
    return jumpTo(app.unseen[0].page);
  }
  openConfirm();
}

// Confirm once, then sign ----------------------------------------------------------------------
async function openConfirm() {
  show("confirm", "confirm");
  $("c-hand").src = app.png;
  const seal = app.seals.find((s) => s.id === app.chosenSeal);
  $("c-seal-box").hidden = !seal;
  const list = $("c-docs");
  list.replaceChildren();
  for (const d of app.docs) {
    const count = (kind) => d.controls.filter((c) => c.kind === kind).length;
    const marks = [count("signature") && `签名 ${count("signature")} 处`, count("seal") && `盖章 ${count("seal")} 处`,
                   count("date") && `日期 ${count("date")} 处`].filter(Boolean).join("、");
    list.append(Object.assign(document.createElement("li"), { textContent: `《${d.filename}》共 ${d.page_count} 页${marks ? `：${marks}` : ""}` }));
  }
  $("c-date").textContent = today();
  const names = app.docs.map((d) => `《${d.filename}》`).join("、");
  $("consent").textContent = `点按“同意并签署”，即表示您已阅读并同意${names}的全部内容，确认以上签名${seal ? `与“${seal.name}”印章` : ""}由您本人使用。`;
  $("sign-alert").textContent = "";
  if (seal) { $("c-seal").src = await seal.blob; $("c-seal").alt = `印章：${seal.name}`; }
}

const newKey = () => `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;

async function sign() {
  const seals = {};
  for (const c of controls()) if (c.kind === "seal") seals[c.id] = app.chosenSeal;
  // One key per signing attempt, kept across retries and reloads: a lost answer signs once.
  const key = sessionStorage.getItem(idemKey) || newKey();
  sessionStorage.setItem(idemKey, key);
  const button = $("sign");
  button.disabled = true;
  button.textContent = "正在提交…";
  $("sign-alert").textContent = "";
  // The big screen shows "正在签署…" while the request is on its way; never wait long for it.
  const started = persist(() => call(`${base}/confirming`, { method: "POST" }), () => {}, { tries: 2 }).catch(() => {});
  await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 1500))]);
  try {
    const res = await persist(() => call(`${base}/sign`, { method: "POST", headers: { "Idempotency-Key": key },
                                                           body: { signature_png: app.png.split(",")[1], seals } }),
                              (text) => { say(text); if (text) button.textContent = text; }, { busy: "正在提交…" });
    sessionStorage.removeItem(idemKey);
    draft.clear();
    notice("signed", "您的签名和印章已提交，将即时显示在签约大屏上。",
           { extra: res.meeting_status === "completed" ? "全部签署方已完成签署。" : "合同将在全部签署方完成后生效。" });
    copyOffered();
  } catch (err) {
    $("sign-alert").textContent = err.code === "network" ? "网络连接失败，签署尚未完成。请检查网络后再次点按“同意并签署”，不会重复签署。" : err.message;
    if (err.code === "already_signed" || FLOW_CODES.has(err.code)) fatal(err);
    if (err.status && err.status < 500) sessionStorage.removeItem(idemKey);  // refused: a new attempt gets a new key
  } finally {
    button.textContent = "同意并签署";
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
  if (!fieldError($("decline-reason"), "e-decline-reason", reason ? "" : "请填写拒签原因，组织方将据此与您沟通。")) {
    $("decline-reason").focus();
    return;
  }
  $("decline-confirm").disabled = true;
  try {
    await persist(() => call(`${base}/decline`, { method: "POST", body: { reason } }), say, { busy: "正在提交…" });
    notice("declined", "您已拒绝签署，会议组织方将收到您的拒签原因。",
           { extra: "如是误操作，请联系组织方重新开放签署，届时您将收到新的签署链接。" });
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
$("sign").addEventListener("click", sign);
$("back-to-read").addEventListener("click", () => openRead());
// Turning the phone while writing keeps the pad on screen.
window.addEventListener("resize", () => { if (!$("pad-panel").hidden) $("pad-panel").scrollIntoView({ block: "start" }); });
applyZoom = zoomer($("documents"), $("zoom-level"), $("zoom-out"), $("zoom-in"));
start();
