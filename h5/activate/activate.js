// Employee activation: prove the registered phone with an SMS code (uses /api/activation/<token>).
import { api } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { t } from "../common/strings.js";

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
    return notice(false, t(err.status === 404 ? "activate.invalid_title" : "activate.cannot_open"),
                  err.status === 404 ? t("activate.invalid") : err.message);
  }
  if (who.status === "active") return notice(true, t("activate.done_title"), t("activate.already", { name: who.name_masked }));
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
    alert.textContent = t("activate.code_sent");
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
    alert.textContent = t("code.required");
    $("code").focus();
    return;
  }
  $("submit").disabled = true;
  try {
    const who = await api(`${base}/verify`, { method: "POST", body: { sms_code: code } });
    notice(true, t("activate.done_title"), t("activate.done", { name: who.name_masked }));
  } catch (err) {
    alert.textContent = err.code === "verification_failed" || err.status === 422 ? t("code.wrong") : err.message;
  } finally {
    $("submit").disabled = false;
  }
});

start();
