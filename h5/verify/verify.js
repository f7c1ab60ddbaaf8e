// The verify page: post the PDF to /api/verify and explain the report in plain words, in the page's language.
import { api } from "../common/api.js";
import { formatDateTime } from "../common/dates.js";
import { t } from "../common/strings.js";

const $ = (id) => document.getElementById(id);
const file = $("file");

// The checker's problems it knows, by their English words, in the page's words; any other is shown as sent
// (the server answers in the page's language).
const PROBLEMS = [
  [/carries no signature/i, "problem.no_signature"],
  [/changed after signing/i, "problem.changed"],
  [/signed bytes were altered/i, "problem.altered"],
  [/signature value is invalid/i, "problem.invalid"],
  [/does not chain to a trusted root/i, "problem.untrusted"],
  [/content after its last signature/i, "problem.appended"],
  [/cannot be validated/i, "problem.unvalidated"],
];
const problem = (text) => {
  const known = PROBLEMS.find(([re]) => re.test(text));
  return known ? t(known[1]) : text;
};
const what = (s) => t(s.kind === "timestamp" ? "what.timestamp"
  : /^seal_/.test(s.field || "") ? "what.seal" : /^signature_/.test(s.field || "") ? "what.signature"
  : /^date_/.test(s.field || "") ? "what.date" : /platform/i.test(`${s.field} ${s.signer_name}`) ? "what.platform" : "what.other");
const fmt = (iso) => (iso ? formatDateTime(iso) : t("verify.time_unknown"));

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// What the file is, by the platform's own records: a contract (sealed, or a revision while signing), a
// contract's audit trail, or a file it does not know.
const KINDS = {
  contract: { label: (r) => (r.document && !r.document.final ? "kind.contract_draft" : "kind.contract_final") },
  audit_trail: { label: () => "kind.audit_trail_label" },
};

function render(report) {
  const box = $("report");
  const ok = Boolean(report.authentic);
  const kind = KINDS[report.kind];
  const thing = kind ? report.kind : "file";  // the verdict names what the file is: "verify.ok.<thing>"
  const verdict = el("div", `verdict ${ok ? "ok" : "bad"}`);
  verdict.dataset.authentic = String(ok);
  verdict.dataset.kind = report.kind || "unknown";
  // A rehearsal's file: real signatures by the rehearsal certificate, and never a contract.
  const rehearsal = Boolean(report.rehearsal);
  verdict.dataset.rehearsal = String(rehearsal);
  const text = el("div");
  text.append(el("h2", null, ok ? t(`verify.ok_title.${thing}`) : t(rehearsal ? "verify.rehearsal_title" : "verify.bad_title")),
              el("p", null, ok ? t("verify.ok") : rehearsal ? t("verify.rehearsal") : t(`verify.bad.${thing}`)));
  verdict.append(el("span", "mark", ok ? "✓" : "✕"), text);
  const parts = [verdict];
  const meeting = report.meeting;
  if (meeting && (meeting.name || typeof meeting === "string")) {
    const card = el("div", "card");
    card.append(el("h3", null, t("verify.meeting")), el("p", null, meeting.name || meeting));
    const label = t(kind ? kind.label(report) : "kind.unknown");
    const type = el("p", "hint", t("verify.file_kind", { kind: rehearsal ? t("verify.rehearsal_kind", { kind: label }) : label }));
    type.dataset.testid = "file-kind";
    card.append(type);
    if (report.document?.filename) card.append(el("p", "hint", t("verify.document", { name: report.document.filename })));
    if (meeting.completed_at) card.append(el("p", "hint", t("verify.completed_at", { time: fmt(meeting.completed_at) })));
    parts.push(card);
  } else if (ok) {
    parts.push(el("p", "hint", t("verify.no_record")));
  }
  const sigs = report.signatures || [];
  const card = el("div", "card");
  card.append(el("h3", null, t("verify.signatures", { n: sigs.length })));
  const list = el("ul", "sig-list");
  for (const s of sigs) {
    const li = el("li");
    const good = s.intact !== false && s.valid !== false && s.trusted !== false;
    const platform = /platform/i.test(`${s.field} ${s.signer_name}`);
    const who = platform ? t("verify.platform") : [s.signer_name || s.name, s.organisation || s.enterprise_name].filter(Boolean).join(" · ");
    li.append(el("span", "who", t("verify.who", { what: what(s), who: who || t("verify.unknown_signer") })),
              el("span", `badge${good ? "" : " bad"}`, t(good ? "verify.valid" : "verify.invalid")),
              el("span", "when", fmt(s.signing_time || s.signed_at || s.timestamp_time)));
    list.append(li);
  }
  if (!sigs.length) list.append(el("li", null, t("verify.no_signatures")));
  card.append(list);
  parts.push(card);
  if (report.modified_after_signing) parts.push(el("p", "alert", t("verify.modified")));
  if ((report.problems || []).length) {
    const p = el("div", "card");
    const ul = el("ul", "problems");
    for (const item of new Set(report.problems.map((p) => problem(String(p))))) ul.append(el("li", null, item));
    p.append(el("h3", null, t("verify.problems")), ul);
    parts.push(p);
  }
  if (report.sha256) parts.push(el("p", "sha", t("verify.sha", { sha: report.sha256 })));
  box.replaceChildren(...parts);
  box.hidden = false;
  box.focus();
}

function chosen() {
  const f = file.files[0];
  $("file-name").textContent = f ? t("verify.file", { name: f.name, size: (f.size / 1024 / 1024).toFixed(2) })
    : t("verify.accepts");
}

file.addEventListener("change", chosen);
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) { file.files = e.dataTransfer.files; chosen(); }
});

$("form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const alert = $("alert");
  alert.textContent = "";
  const f = file.files[0];
  if (!f) { alert.textContent = t("verify.choose"); return; }
  const form = new FormData();
  form.append("file", f);
  $("submit").disabled = true;
  $("submit").textContent = t("verify.checking");
  try {
    render(await api("/api/verify", { method: "POST", form }));
  } catch (err) {
    alert.textContent = err.status === 404 ? t("verify.no_service") : err.message;
  } finally {
    $("submit").disabled = false;
    $("submit").textContent = t("verify.submit");
  }
});
