// The H5 signer: meeting → identity → read → handwriting → seal → confirm → done. One API with the
// mini-program (/api/signer); every refusal becomes a Chinese message or a notice screen.
import { api, ApiError } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { offerCopy, stopCopy } from "./copy.js";
import { Pad } from "./pad.js";
import { renderSeals } from "./seals.js";
import { renderDocuments, zoomer } from "./viewer.js";

const scene = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const base = `/api/signer/scenes/${encodeURIComponent(scene)}`;
const tokenKey = `signstage.signer.${scene}`;
const $ = (id) => document.getElementById(id);
const STEPS = ["meeting", "identity", "documents", "pad", "seal", "confirm", "decline", "notice", "loading"];
const PROGRESS = { meeting: 1, identity: 2, documents: 3, pad: 4, seal: 4, confirm: 5, decline: 3 };

const app = { token: sessionStorage.getItem(tokenKey), scene: null, docs: [], seals: [], chosenSeal: null, png: null };
let pad = null;

const fmt = (iso, opts) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, ...opts });
const fmtRange = (a, b) => `${fmt(a, { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" })} – ${fmt(b, { hour: "2-digit", minute: "2-digit" })}`;

function show(step) {
  for (const s of STEPS) $(`step-${s}`).hidden = s !== step;
  const done = PROGRESS[step] || (step === "notice" ? 0 : 0);
  document.querySelectorAll(".steps li").forEach((li, i) => li.classList.toggle("done", i < done));
  const section = $(`step-${step}`);
  window.scrollTo(0, 0);
  // Move focus to the new step so screen readers announce it and Tab starts there.
  if (step !== "loading") requestAnimationFrame(() => section.focus({ preventScroll: true }));
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
  show("notice");
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
  const { token } = await api("/api/signer/login", { method: "POST", body: { channel: "h5" } });
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
    app.scene = await call(base);
  } catch (err) { return fatal(err); }
  const { meeting, participant } = app.scene;
  $("title").textContent = meeting.name;
  $("m-name").textContent = meeting.name;
  $("m-time").textContent = fmtRange(meeting.starts_at, meeting.ends_at);
  $("m-enterprise").textContent = participant.enterprise_name;
  $("m-person").textContent = participant.name_masked;
  $("m-status").textContent = meeting.status_label || "";  // the server's one table of labels
  $("rehearsal-banner").hidden = !meeting.rehearsal;  // on every step: a rehearsal makes no contract
  if (meeting.video_url) {  // the ceremony's video meeting, on every step
    $("video-link").href = meeting.video_url;
    $("video-link").hidden = false;
  }
  if (participant.status === "signed") {
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
  if (app.scene.verified) return openDocuments();
  show("meeting");
}

// Identity ----------------------------------------------------------------------------------
function fieldError(input, id, message) {
  input.setAttribute("aria-invalid", message ? "true" : "false");
  $(id).hidden = !message;
  $(id).textContent = message || "";
  return !message;
}

function checkIdentity() {
  const name = $("f-name").value.trim(), id = $("f-id").value.trim().toUpperCase(), code = $("f-code").value.trim();
  const ok = [
    fieldError($("f-name"), "e-name", name ? "" : "请填写姓名"),
    fieldError($("f-id"), "e-id", $("id-group").hidden || /^\d{17}[\dX]$/.test(id) ? "" : "请填写18位身份证号"),
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
    await call(`${base}/sms`, { method: "POST" });
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
    await call(`${base}/verify`, { method: "POST", body });
    await openDocuments();
  } catch (err) {
    alert.dataset.code = err.code;
    alert.textContent = err.message;
    if (FLOW_CODES.has(err.code)) return fatal(err);
    if (err.code === "verification_failed") $("f-code").select();
  } finally {
    $("verify").disabled = false;
  }
}

// Documents ---------------------------------------------------------------------------------
async function openDocuments() {
  try {
    app.docs = await call(`${base}/documents`);
  } catch (err) { return fatal(err); }
  show("documents");
  const total = app.docs.reduce((n, d) => n + d.pages.length, 0);
  let pagesSeen = 0, reachedEnd = false;
  const update = () => {
    const done = reachedEnd && pagesSeen >= total;
    $("to-pad").disabled = !done;
    $("read-hint").textContent = done ? "已阅读全部内容，可以签名了。" : `请阅读完整合同后继续（已阅读 ${pagesSeen} / ${total} 页）。`;
  };
  renderDocuments($("documents"), app.docs, app.token, {
    onRead: (seen) => { pagesSeen = seen; update(); },
    onError: (err) => { $("read-hint").textContent = err.message; },
  });
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) { reachedEnd = true; update(); }
  }).observe($("read-end"));
}

// Handwriting, seal, confirm -----------------------------------------------------------------
function openPad() {
  show("pad");
  if (!pad) {
    pad = new Pad($("pad"));
    pad.onChange = () => { $("pad-alert").textContent = ""; };
  }
}

async function padNext() {
  if (pad.isEmpty()) { $("pad-alert").textContent = "请先在签名区域写下您的姓名。"; return; }
  app.png = pad.toPNG();
  const sealControls = app.docs.flatMap((d) => d.controls).filter((c) => c.kind === "seal");
  if (!sealControls.length) return openConfirm();
  await openSeals();
}

async function openSeals() {
  show("seal");
  const list = $("seal-list");
  const alert = $("seal-alert");
  alert.textContent = "";
  if (!app.seals.length) {
    try { app.seals = await call(`${base}/seals`); } catch (err) { alert.textContent = err.message; return; }
  }
  if (!app.seals.length) { alert.textContent = "您暂无可用的企业印章，请联系企业管理员授权。"; return; }
  renderSeals(list, app.seals, app.chosenSeal || app.seals[0].id, app.token, (id) => { app.chosenSeal = id; });
  app.chosenSeal = app.chosenSeal || app.seals[0].id;
}

async function openConfirm() {
  show("confirm");
  $("c-hand").src = app.png;
  const seal = app.seals.find((s) => s.id === app.chosenSeal);
  $("c-seal-box").hidden = !seal;
  if (seal) { $("c-seal").src = await seal.blob; $("c-seal").alt = `印章：${seal.name}`; }
  $("c-docs").textContent = app.docs.map((d) => `《${d.filename}》`).join("、");
  $("c-date").textContent = fmt(new Date().toISOString(), { year: "numeric", month: "long", day: "numeric" });
  $("agree").checked = false;
  $("sign").disabled = true;
  $("sign-alert").textContent = "";
}

async function sign() {
  const seals = {};
  for (const c of app.docs.flatMap((d) => d.controls)) if (c.kind === "seal") seals[c.id] = app.chosenSeal;
  // One key per signing attempt: a double tap or a retry after a lost answer signs once.
  const keyName = `${tokenKey}.idem`;
  const key = sessionStorage.getItem(keyName) || `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
  sessionStorage.setItem(keyName, key);
  $("sign").disabled = true;
  $("sign").textContent = "正在签署…";
  try {
    const res = await call(`${base}/sign`, { method: "POST", headers: { "Idempotency-Key": key },
                                             body: { signature_png: app.png.split(",")[1], seals } });
    sessionStorage.removeItem(keyName);
    notice("signed", "您的签名和印章已提交，将即时显示在签约大屏上。",
           { extra: res.meeting_status === "completed" ? "全部签署方已完成签署。" : "合同将在全部签署方完成后生效。" });
    copyOffered();
  } catch (err) {
    $("sign-alert").textContent = err.message;
    if (err.code === "already_signed" || FLOW_CODES.has(err.code)) fatal(err);
    if (err.status && err.status < 500) sessionStorage.removeItem(keyName);  // refused: a new attempt gets a new key
  } finally {
    $("sign").textContent = "确认签署";
    $("sign").disabled = !$("agree").checked;
  }
}

// Declining is its own step: what it means, a required reason, then a clear confirm or the way back.
function openDecline() {
  $("decline-alert").textContent = "";
  fieldError($("decline-reason"), "e-decline-reason", "");
  show("decline");
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
    await call(`${base}/decline`, { method: "POST", body: { reason } });
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

$("start").addEventListener("click", () => { show("identity"); });
$("identity-form").addEventListener("submit", verify);
$("send-code").addEventListener("click", sendCode);
$("f-id").addEventListener("input", (e) => { e.target.value = e.target.value.toUpperCase().replace(/[^0-9X]/g, ""); });
$("f-code").addEventListener("input", (e) => { e.target.value = e.target.value.replace(/\D/g, ""); });
$("to-pad").addEventListener("click", openPad);
$("to-decline").addEventListener("click", openDecline);
$("decline-reason").addEventListener("input", countReason);
$("decline-cancel").addEventListener("click", () => show("documents"));
$("decline-confirm").addEventListener("click", decline);
$("pad-undo").addEventListener("click", () => pad.undo());
$("pad-clear").addEventListener("click", () => pad.clear());
$("pad-next").addEventListener("click", padNext);
$("pad-back").addEventListener("click", () => show("documents"));
$("seal-next").addEventListener("click", () => { if (app.chosenSeal) openConfirm(); });
$("agree").addEventListener("change", (e) => { $("sign").disabled = !e.target.checked; });
$("sign").addEventListener("click", sign);
$("back-to-pad").addEventListener("click", openPad);
zoomer($("documents"), $("zoom-level"), $("zoom-out"), $("zoom-in"));
start();
