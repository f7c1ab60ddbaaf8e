// A signed copy as a person reads it: meeting, parties, when it was signed, each file's SHA-256 and a
// download button. Shared by the SMS link's page (h5/copy) and the signer's done screen (h5/signer).
import { ApiError, LANGUAGE_HEADERS } from "../common/api.js";
import { formatDateTime } from "../common/dates.js";
import { plainMessage } from "../common/messages.js";
import { t } from "../common/strings.js";

const fmt = (iso) => (iso ? formatDateTime(iso) : "");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k in node) node[k] = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

// Files behind a bearer token: fetched as a blob, saved through a temporary link under their own name.
export async function downloadPdf(url, token, filename) {
  let res;
  try {
    res = await fetch(url, { headers: { ...LANGUAGE_HEADERS, Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError({ code: "network", message: plainMessage({ code: "network" }) });
  }
  if (!res.ok) {
    let err = {};
    try { err = (await res.json()).error || {}; } catch { err = {}; }
    throw new ApiError({ status: res.status, code: err.code || `http_${res.status}`,
                         message: plainMessage({ status: res.status, code: err.code, message: err.message || "" }) });
  }
  const href = URL.createObjectURL(await res.blob());
  const a = el("a", { href, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

function fileItem(name, sha, url, filename, token, alert) {
  const button = el("button", { type: "button", class: "secondary download", textContent: t("copy.download") });
  button.dataset.filename = filename;
  button.addEventListener("click", async () => {
    alert.textContent = "";
    button.disabled = true;
    try { await downloadPdf(url, token, filename); } catch (err) { alert.textContent = err.message; } finally { button.disabled = false; }
  });
  return el("li", {}, el("p", { class: "file-name", textContent: name }),
            el("p", { class: "sha", textContent: t("copy.sha", { sha: sha || "—" }) }), button);
}

export function renderCopy(box, copy, token) {
  const alert = el("div", { class: "alert", role: "alert" });
  const meta = el("dl", { class: "meta" });
  const rows = [[t("copy.meeting"), copy.meeting.name], [t("copy.parties"), copy.parties.join(t("list.enum"))],
                [t("copy.signer"), t("copy.signer_of", { name: copy.signer.name, enterprise: copy.signer.enterprise_name })],
                [t("copy.signed_at"), fmt(copy.signer.signed_at)], [t("copy.completed_at"), fmt(copy.meeting.completed_at)]];
  for (const [dt, dd] of rows) meta.append(el("dt", { textContent: dt }), el("dd", { textContent: dd }));
  const signers = el("ol", { class: "copy-signers" });
  for (const s of copy.signers) signers.append(el("li", { textContent: `${s.enterprise_name} · ${s.name_masked} · ${fmt(s.signed_at)}` }));
  const list = el("ul", { class: "copy-files" });
  for (const d of copy.documents) list.append(fileItem(t("doc.name", { name: d.signed_filename }), d.sha256, d.url, d.signed_filename, token, alert));
  list.append(fileItem(t("copy.audit_trail"), copy.audit_trail.sha256, copy.audit_trail.url, copy.audit_trail.filename, token, alert));
  box.replaceChildren(
    el("div", { class: "card" }, meta),
    el("div", { class: "card" }, el("p", { class: "copy-label", textContent: t("copy.signers") }), signers),
    el("div", { class: "card" }, list),
    alert,
    el("p", { class: "hint", textContent: t("copy.hint") }),
  );
  box.dataset.state = "ready";
}
