// The verify page: post the PDF to /api/verify and explain the report in plain Chinese.
import { api } from "../common/api.js";

const $ = (id) => document.getElementById(id);
const file = $("file");

const PROBLEMS = [
  [/carries no signature/i, "该文件没有数字签名"],
  [/changed after signing/i, "文件在签署后被修改过。"],
  [/signed bytes were altered/i, "已签名的内容被篡改。"],
  [/signature value is invalid/i, "签名值无效。"],
  [/does not chain to a trusted root/i, "签名证书不是由 Signstage 平台签发的。"],
  [/content after its last signature/i, "最后一个签名之后还附加了其他内容。"],
  [/cannot be validated/i, "有签名无法校验。"],
];
// Problems come as "中文 (English)" or in English only; show Chinese either way.
const zhProblem = (text) => {
  const zh = text.split(" (")[0];
  if (/[\u4e00-\u9fff]/.test(zh)) return zh;
  return (PROBLEMS.find(([re]) => re.test(text)) || [null, text])[1];
};
const what = (s) => s.kind === "timestamp" ? "时间戳"
  : /^seal_/.test(s.field || "") ? "企业印章" : /^signature_/.test(s.field || "") ? "手写签名"
  : /^date_/.test(s.field || "") ? "签署日期" : /platform/i.test(`${s.field} ${s.signer_name}`) ? "平台签章" : "签名";
const fmt = (iso) => iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "时间未知";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// What the file is, by the platform's own records: a contract (sealed, or a revision while signing), a
// contract's audit trail, or a file it does not know.
const KINDS = {
  contract: { name: "合同", label: (r) => (r.document && !r.document.final ? "合同（签署过程中的版本）" : "合同（签署完成版）") },
  audit_trail: { name: "审计报告", label: () => "签约审计报告" },
};

function render(report) {
  const box = $("report");
  const ok = Boolean(report.authentic);
  const kind = KINDS[report.kind];
  const thing = kind ? kind.name : "文件";
  const verdict = el("div", `verdict ${ok ? "ok" : "bad"}`);
  verdict.dataset.authentic = String(ok);
  verdict.dataset.kind = report.kind || "unknown";
  // A rehearsal's file: real signatures by the rehearsal certificate, and never a contract.
  const rehearsal = Boolean(report.rehearsal);
  verdict.dataset.rehearsal = String(rehearsal);
  const text = el("div");
  text.append(el("h2", null, ok ? `验证通过：真实、完整的 Signstage ${thing}` : rehearsal ? "彩排文件：无法律效力" : "验证未通过"),
              el("p", null, ok ? "所有签名有效，签署后未被修改。" : rehearsal
                ? "此文件来自一次彩排，由 Signstage 彩排证书签名，不是合同。" : `此文件不能被确认为真实、未被篡改的 Signstage ${thing}。`));
  verdict.append(el("span", "mark", ok ? "✓" : "✕"), text);
  const parts = [verdict];
  const meeting = report.meeting;
  if (meeting && (meeting.name || typeof meeting === "string")) {
    const card = el("div", "card");
    card.append(el("h3", null, "签约仪式"), el("p", null, meeting.name || meeting));
    const type = el("p", "hint", `文件类型：${rehearsal ? "彩排 · " : ""}${kind ? kind.label(report) : "未知"}`);
    type.dataset.testid = "file-kind";
    card.append(type);
    if (report.document?.filename) card.append(el("p", "hint", `合同文件：${report.document.filename}`));
    if (meeting.completed_at) card.append(el("p", "hint", `完成时间：${fmt(meeting.completed_at)}`));
    parts.push(card);
  } else if (ok) {
    parts.push(el("p", "hint", "签名由 Signstage 平台证书签发，但平台没有这份文件的签约记录。"));
  }
  const sigs = report.signatures || [];
  const card = el("div", "card");
  card.append(el("h3", null, `签名（${sigs.length}）`));
  const list = el("ul", "sig-list");
  for (const s of sigs) {
    const li = el("li");
    const good = s.intact !== false && s.valid !== false && s.trusted !== false;
    const platform = /platform/i.test(`${s.field} ${s.signer_name}`);
    const who = platform ? "Signstage 平台" : [s.signer_name || s.name, s.organisation || s.enterprise_name].filter(Boolean).join(" · ");
    li.append(el("span", "who", `${what(s)}：${who || "未知签署人"}`), el("span", `badge${good ? "" : " bad"}`, good ? "有效" : "无效"),
              el("span", "when", fmt(s.signing_time || s.signed_at || s.timestamp_time)));
    list.append(li);
  }
  if (!sigs.length) list.append(el("li", null, "未找到签名。"));
  card.append(list);
  parts.push(card);
  if (report.modified_after_signing) parts.push(el("p", "alert", "文件在最后一次签署之后被修改过。"));
  if ((report.problems || []).length) {
    const p = el("div", "card");
    const ul = el("ul", "problems");
    for (const item of new Set(report.problems.map((p) => zhProblem(String(p))))) ul.append(el("li", null, item));
    p.append(el("h3", null, "发现的问题"), ul);
    parts.push(p);
  }
  if (report.sha256) parts.push(el("p", "sha", `文件 SHA-256：${report.sha256}`));
  box.replaceChildren(...parts);
  box.hidden = false;
  box.focus();
}

function chosen() {
  const f = file.files[0];
  $("file-name").textContent = f ? `${f.name}（${(f.size / 1024 / 1024).toFixed(2)} MB）` : "支持 .pdf，最大 50 MB";
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
  if (!f) { alert.textContent = "请先选择要验证的 PDF 文件。"; return; }
  const form = new FormData();
  form.append("file", f);
  $("submit").disabled = true;
  $("submit").textContent = "正在验证…";
  try {
    render(await api("/api/verify", { method: "POST", form }));
  } catch (err) {
    alert.textContent = err.status === 404 ? "验证服务暂不可用，请稍后再试。" : err.message;
  } finally {
    $("submit").disabled = false;
    $("submit").textContent = "开始验证";
  }
});
