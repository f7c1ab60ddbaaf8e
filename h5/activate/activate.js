// Employee activation: prove the registered phone with an SMS code (uses /api/activation/<token>).
import { api } from "../common/api.js";
import { countdown } from "../common/countdown.js";

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const base = `/api/activation/${encodeURIComponent(token)}`;
const $ = (id) => document.getElementById(id);

function show(step) {
  for (const s of ["loading", "form", "notice"]) $(`step-${s}`).hidden = s !== step;
  if (step !== "loading") requestAnimationFrame(() => $(`step-${step}`).focus());
}

function notice(ok, title, text) {
  $("notice").className = `notice${ok ? " ok" : ""}`;
  $("notice-icon").textContent = ok ? "✓" : "!";
  $("notice-title").textContent = title;
  $("notice-text").textContent = text;
  show("notice");
}

async function start() {
  let who;
  try {
    who = await api(base);
  } catch (err) {
    return notice(false, err.status === 404 ? "激活链接无效" : "无法打开激活页面",
                  err.status === 404 ? "激活链接无效或已过期，请联系企业管理员重新邀请。" : err.message);
  }
  if (who.status === "active") return notice(true, "账号已激活", `${who.name_masked}，您的账号已激活，可以参加签约了。`);
  $("a-enterprise").textContent = who.enterprise_name;
  $("a-name").textContent = who.name_masked;
  $("a-phone").textContent = who.phone_masked;
  show("form");
}

$("send").addEventListener("click", async () => {
  const alert = $("alert");
  alert.className = "alert";
  alert.textContent = "";
  $("send").disabled = true;
  try {
    await api(`${base}/sms`, { method: "POST" });
    countdown($("send"), 60);
    alert.className = "alert info";
    alert.textContent = "验证码已发送。";
    $("code").focus();
  } catch (err) {
    alert.textContent = err.message;
    if (err.extra?.retry_after) countdown($("send"), err.extra.retry_after); else $("send").disabled = false;
  }
});

$("code").addEventListener("input", (e) => { e.target.value = e.target.value.replace(/\D/g, ""); });

$("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const code = $("code").value.trim();
  const alert = $("alert");
  alert.className = "alert";
  if (!/^\d{6}$/.test(code)) {
    $("code").setAttribute("aria-invalid", "true");
    alert.textContent = "请填写6位短信验证码。";
    $("code").focus();
    return;
  }
  $("submit").disabled = true;
  try {
    const who = await api(`${base}/verify`, { method: "POST", body: { sms_code: code } });
    notice(true, "账号已激活", `${who.name_masked}，您的账号已激活。签约时请扫描大屏上的二维码，按提示完成签署。`);
  } catch (err) {
    alert.textContent = err.code === "verification_failed" || err.status === 422 ? "验证码不正确或已过期，请核对后重试，或重新获取验证码。" : err.message;
  } finally {
    $("submit").disabled = false;
  }
});

start();
