// The done screen's signed copy: "generating" with progress until the platform has sealed the contract,
// then the same summary and downloads as the completion SMS's link (GET /api/signer/scenes/<scene>/copy).
import { t } from "../common/strings.js";
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
  const stage = p.signed < p.signer_count ? t("progress.waiting", { signed: p.signed, total: p.signer_count })
    : t(p.applied < p.total ? "progress.applying" : p.sealed ? "progress.auditing" : "progress.sealing");
  const bar = el("progress");
  bar.max = Math.max(1, p.total + 1);
  bar.value = p.applied + (p.sealed ? 1 : 0);
  bar.setAttribute("aria-label", t("progress.label"));
  box.replaceChildren(el("h3", "", t("progress.title")),
                      el("p", "hint copy-progress", t("progress.stage", { stage, applied: p.applied, total: p.total })), bar,
                      el("p", "hint", t("progress.hint")));
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
      box.replaceChildren(el("h3", "", t("progress.ready")), el("div"));
      renderCopy(box.lastChild, p, token());
      box.dataset.state = "ready";
      onReady();
    } else if (p.state === "generating") {
      generating(box, p);
      timer = setTimeout(round, POLL_MS);
    } else if (p.state === "unavailable") {
      box.replaceChildren(el("p", "hint", t("progress.unavailable")));
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
