// The done screen's signed copy: "正在生成" with progress until the platform has sealed the contract,
// then the same summary and downloads as the completion SMS's link (GET /api/signer/scenes/<scene>/copy).
import { renderCopy } from "../copy/view.js";

const POLL_MS = 2000;
let timer = null;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function generating(box, p) {
  const stage = p.signed < p.signer_count ? `等待其他签署方签署（已签 ${p.signed} / ${p.signer_count}）`
    : p.applied < p.total ? "正在将签名写入合同" : p.sealed ? "正在生成签署审计报告" : "正在加盖平台数字签名";
  const bar = el("progress");
  bar.max = Math.max(1, p.total + 1);
  bar.value = p.applied + (p.sealed ? 1 : 0);
  bar.setAttribute("aria-label", "签署件生成进度");
  box.replaceChildren(el("h3", "", "正在生成签署件"),
                      el("p", "hint copy-progress", `${stage} · 签名已写入 ${p.applied} / ${p.total}`), bar,
                      el("p", "hint", "全部签署方完成后，签署件将在此处提供下载，并以短信发送到您的登记手机号。"));
  box.dataset.state = "generating";
}

// Poll until ready (or until there will be no copy); `load` is the page's authenticated GET.
export function offerCopy(box, base, load, token, onReady = () => {}) {
  clearTimeout(timer);
  box.hidden = false;
  const round = async () => {
    let p;
    try {
      p = await load(`${base}/copy`);
    } catch (err) {
      if (err.code === "network") { timer = setTimeout(round, POLL_MS); return; }
      box.hidden = true;  // not verified in this session: the completion SMS carries the link instead
      return;
    }
    if (p.state === "ready") {
      box.replaceChildren(el("h3", "", "签署件已生成"), el("div"));
      renderCopy(box.lastChild, p, token());
      box.dataset.state = "ready";
      onReady();
    } else if (p.state === "generating") {
      generating(box, p);
      timer = setTimeout(round, POLL_MS);
    } else if (p.state === "unavailable") {
      box.replaceChildren(el("p", "hint", "有签署方拒绝签署，合同未生效，不生成签署件。"));
      box.dataset.state = "unavailable";
    } else {
      box.hidden = true;
    }
  };
  round();
}

export function stopCopy() {
  clearTimeout(timer);
}
