// A signer's signed copy from the completion SMS: prove the phone the link was sent to, then read the
// summary and download the sealed PDFs and the audit trail (uses /api/copies/<token>).
import { api } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { renderCopy } from "./view.js";

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const base = `/api/copies/${encodeURIComponent(token)}`;
const accessKey = `signstage.copy.${token}`;
const $ = (id) => document.getElementById(id);

const fmt = (iso) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric",
                                                              month: "long", day: "numeric" });
const NOTICES = {
  copy_link_expired: ["签署件链接已过期", "为保护合同内容，签署件链接在有效期后失效。如需合同，请联系会议组织方。"],
  copy_link_not_found: ["签署件链接无效", "请检查短信中的链接是否完整，或联系会议组织方。"],
};

function show(step) {
  for (const s of ["loading", "prove", "copy", "notice"]) $(`step-${s}`).hidden = s !== step;
  if (step !== "loading") requestAnimationFrame(() => $(`step-${step}`).focus({ preventScroll: true }));
}

function notice(code, fallback) {
  const [title, text] = NOTICES[code] || ["无法打开签署件", fallback];
  $("notice").dataset.code = code;
  $("notice-title").textContent = title;
  $("notice-text").textContent = text;
  show("notice");
}

async function openCopy(access) {
  const copy = await api(`${base}/summary`, { token: access });
  $("title").textContent = copy.meeting.rehearsal ? `【彩排】${copy.meeting.name}` : copy.meeting.name;
  renderCopy($("copy"), copy, access);
  show("copy");
}

async function start() {
  if (!/^[0-9A-Za-z]{1,64}$/.test(token)) return notice("copy_link_not_found");
  let link;
  try {
    link = await api(base);
  } catch (err) { return notice(err.code, err.message); }
  const saved = sessionStorage.getItem(accessKey);
  if (saved) {
    try { return await openCopy(saved); } catch { sessionStorage.removeItem(accessKey); }
  }
  $("p-phone").textContent = link.phone_masked;
  $("p-expires").textContent = fmt(link.expires_at);
  show("prove");
}

$("send-code").addEventListener("click", async () => {
  const alert = $("prove-alert");
  alert.className = "alert";
  alert.textContent = "";
  $("send-code").disabled = true;
  try {
    await api(`${base}/sms`, { method: "POST" });
    countdown($("send-code"), 60);
    alert.className = "alert info";
    alert.textContent = "验证码已发送，5 分钟内有效。";
    $("f-code").focus();
  } catch (err) {
    if (NOTICES[err.code]) return notice(err.code);
    alert.textContent = err.message;
    if (err.extra?.retry_after) countdown($("send-code"), err.extra.retry_after); else $("send-code").disabled = false;
  }
});

$("f-code").addEventListener("input", (e) => { e.target.value = e.target.value.replace(/\D/g, ""); });

$("prove-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const code = $("f-code").value.trim();
  const alert = $("prove-alert");
  alert.className = "alert";
  alert.dataset.code = "";
  if (!/^\d{6}$/.test(code)) {
    $("f-code").setAttribute("aria-invalid", "true");
    alert.textContent = "请填写6位短信验证码。";
    return $("f-code").focus();
  }
  $("prove").disabled = true;
  try {
    const { access_token: access } = await api(`${base}/verify`, { method: "POST", body: { sms_code: code } });
    sessionStorage.setItem(accessKey, access);
    await openCopy(access);
  } catch (err) {
    if (NOTICES[err.code]) return notice(err.code);
    alert.dataset.code = err.code;
    alert.textContent = err.code === "verification_failed" ? "验证码不正确或已过期，请核对后重试，或重新获取验证码。" : err.message;
    $("f-code").select();
  } finally {
    $("prove").disabled = false;
  }
});

start();
