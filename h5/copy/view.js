// A signed copy as a person reads it: meeting, parties, when it was signed, each file's SHA-256 and a
// download button. Shared by the SMS link's page (h5/copy) and the signer's done screen (h5/signer).
import { ApiError } from "../common/api.js";
import { chineseMessage } from "../common/messages.js";

const fmt = (iso) => (iso ? new Date(iso).toLocaleString("zh-CN", {
  timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit",
}) : "");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k in node) node[k] = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

// Files behind a bearer token: fetched as a blob, saved through a temporary link under their Chinese name.
export async function downloadPdf(url, token, filename) {
  let res;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError({ code: "network", message: chineseMessage({ code: "network" }) });
  }
  if (!res.ok) {
    let err = {};
    try { err = (await res.json()).error || {}; } catch { err = {}; }
    throw new ApiError({ status: res.status, code: err.code || `http_${res.status}`,
                         message: chineseMessage({ status: res.status, code: err.code, message: err.message || "" }) });
  }
  const href = URL.createObjectURL(await res.blob());
  const a = el("a", { href, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

function fileItem(name, sha, url, filename, token, alert) {
  const button = el("button", { type: "button", class: "secondary download", textContent: "下载" });
  button.dataset.filename = filename;
  button.addEventListener("click", async () => {
    alert.textContent = "";
    button.disabled = true;
    try { await downloadPdf(url, token, filename); } catch (err) { alert.textContent = err.message; } finally { button.disabled = false; }
  });
  return el("li", {}, el("p", { class: "file-name", textContent: name }),
            el("p", { class: "sha", textContent: `SHA-256：${sha || "—"}` }), button);
}

export function renderCopy(box, copy, token) {
  const alert = el("div", { class: "alert", role: "alert" });
  const meta = el("dl", { class: "meta" });
  const rows = [["签约仪式", copy.meeting.name], ["签约各方", copy.parties.join("、")],
                ["签署人", `${copy.signer.name}（${copy.signer.enterprise_name}）`], ["签署时间", fmt(copy.signer.signed_at)],
                ["完成时间", fmt(copy.meeting.completed_at)]];
  for (const [dt, dd] of rows) meta.append(el("dt", { textContent: dt }), el("dd", { textContent: dd }));
  const signers = el("ol", { class: "copy-signers" });
  for (const s of copy.signers) signers.append(el("li", { textContent: `${s.enterprise_name} · ${s.name_masked} · ${fmt(s.signed_at)}` }));
  const list = el("ul", { class: "copy-files" });
  for (const d of copy.documents) list.append(fileItem(`《${d.signed_filename}》`, d.sha256, d.url, d.signed_filename, token, alert));
  list.append(fileItem("签署审计报告", copy.audit_trail.sha256, copy.audit_trail.url, copy.audit_trail.filename, token, alert));
  box.replaceChildren(
    el("div", { class: "card" }, meta),
    el("div", { class: "card" }, el("p", { class: "copy-label", textContent: "签署方" }), signers),
    el("div", { class: "card" }, list),
    alert,
    el("p", { class: "hint", textContent: "每份文件均带平台数字签名；可在 Signstage 验证页面上传文件核验真伪。SHA-256 可用于核对文件未被改动。" }),
  );
  box.dataset.state = "ready";
}
