// The documents as page images (fetched with the signer's token), the signer's own controls
// highlighted, zoom, and a record of whether every page has been scrolled past.
import { imageUrl } from "../common/api.js";

const KIND_LABEL = { seal: "盖章处", signature: "签名处", date: "日期" };
const ZOOMS = [1, 1.5, 2, 3];

export function renderDocuments(box, docs, token, { onRead, onError }) {
  const pages = [];
  box.replaceChildren();
  for (const doc of docs) {
    const title = document.createElement("h3");
    title.className = "doc-title";
    title.textContent = `《${doc.filename}》共 ${doc.page_count} 页`;
    box.append(title);
    doc.pages.forEach((p, i) => {
      const n = i + 1;
      const page = document.createElement("div");
      page.className = "page";
      page.style.aspectRatio = `${p.width} / ${p.height}`;
      page.dataset.url = p.url;
      const img = document.createElement("img");
      img.alt = `《${doc.filename}》第 ${n} 页`;
      const no = document.createElement("span");
      no.className = "page-no";
      no.textContent = `${n} / ${doc.page_count}`;
      no.setAttribute("aria-hidden", "true");
      page.append(img, no);
      for (const c of doc.controls.filter((c) => c.page === n)) {
        const mark = document.createElement("div");
        mark.className = `control ${c.kind}`;
        mark.textContent = KIND_LABEL[c.kind] || "";
        mark.setAttribute("role", "note");
        mark.setAttribute("aria-label", `您的${KIND_LABEL[c.kind] || "签署位置"}（第 ${n} 页）`);
        Object.assign(mark.style, { left: pct(c.x), top: pct(c.y), width: pct(c.w), height: pct(c.h) });
        page.append(mark);
      }
      box.append(page);
      pages.push(page);
    });
  }
  const seen = new Set();
  const loader = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      loader.unobserve(e.target);
      load(e.target, token).catch(onError);
    }
  }, { rootMargin: "800px 0px" });
  const reader = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) seen.add(e.target);
    onRead(seen.size, pages.length);
  }, { threshold: 0.01 });
  for (const page of pages) { loader.observe(page); reader.observe(page); }
  onRead(0, pages.length);
  return { pages, seen };
}

async function load(page, token) {
  const dpr = Math.min(window.devicePixelRatio || 1, 2);
  // Widths in steps of 300 keep the server's render cache useful across phones.
  const width = Math.min(1800, Math.max(600, Math.ceil((page.clientWidth * dpr) / 300) * 300));
  const sep = page.dataset.url.includes("?") ? "&" : "?";
  page.querySelector("img").src = await imageUrl(`${page.dataset.url}${sep}width=${width}`, token);
}

export function zoomer(box, label, outButton, inButton) {
  let i = 0;
  const apply = () => {
    for (const page of box.querySelectorAll(".page")) page.style.width = `${ZOOMS[i] * 100}%`;
    label.textContent = `${ZOOMS[i] * 100}%`;
    outButton.disabled = i === 0;
    inButton.disabled = i === ZOOMS.length - 1;
  };
  outButton.addEventListener("click", () => { i = Math.max(0, i - 1); apply(); });
  inButton.addEventListener("click", () => { i = Math.min(ZOOMS.length - 1, i + 1); apply(); });
  apply();
}

const pct = (v) => `${(v * 100).toFixed(3)}%`;
