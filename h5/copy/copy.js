// A signer's signed copy from the completion SMS: prove the phone the link was sent to, then read the
// summary and download the sealed PDFs and the audit trail (uses /api/copies/<token>).
import { api } from "../common/api.js";
import { countdown } from "../common/countdown.js";
import { formatDate } from "../common/dates.js";
import { t } from "../common/strings.js";
import { renderCopy } from "./view.js";

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const base = `/api/copies/${encodeURIComponent(token)}`;
const accessKey = `signstage.copy.${token}`;
const $ = (id) => document.getElementById(id);

// The links that open nothing: their title and words in the strings.
const NOTICES = {
  copy_link_expired: ["copy.expired_title", "copy.expired"],
  copy_link_not_found: ["copy.not_found_title", "copy.not_found"],
};

function show(step) {
  for (const s of ["loading", "prove", "copy", "notice"]) $(`step-${s}`).hidden = s !== step;
  if (step !== "loading") requestAnimationFrame(() => $(`step-${step}`).focus({ preventScroll: true }));
}

function notice(code, fallback) {
  const [title, text] = NOTICES[code] || [];
  $("notice").dataset.code = code;
  $("notice-title").textContent = t(title || "copy.cannot_open");
  $("notice-text").textContent = text ? t(text) : fallback;
  show("notice");
}

async function openCopy(access) {
  const copy = await api(`${base}/summary`, { token: access });
  $("title").textContent = copy.meeting.rehearsal ? t("copy.rehearsal_title", { name: copy.meeting.name }) : copy.meeting.name;
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
  $("p-expires").textContent = formatDate(link.expires_at);
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
    alert.textContent = t("code.sent");
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
    alert.textContent = t("code.required");
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
    alert.textContent = err.code === "verification_failed" ? t("code.wrong") : err.message;
    $("f-code").select();
  } finally {
    $("prove").disabled = false;
  }
});

start();
