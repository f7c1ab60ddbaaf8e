// The documents as page images (fetched with the signer's token, a small image first and then the
// full one), the signer's own fields as buttons on the page, zoom, and a page strip that shows
// which pages have been seen.
import { imageUrl } from "../common/api.js";
import { t } from "../common/strings.js";

const kindLabel = (kind) => t(["seal", "signature", "date"].includes(kind) ? `field.${kind}` : "field.other");
const ZOOMS = [1, 1.5, 2, 3];
const PREVIEW_WIDTH = 300;  // a few kB: the page is legible in outline while the full image loads

/** Draw every page with its fields; `onField(control, button, pageNode)` runs when a field is tapped. */
export function renderDocuments(box, strip, docs, token, { seenKeys = [], onSeen, onField, onError }) {
  const pages = [];
  const fields = [];
  box.replaceChildren();
  strip.replaceChildren();
  const seen = new Set(seenKeys);
  for (const doc of docs) {
    const title = document.createElement("h3");
    title.className = "doc-title";
    title.textContent = t("doc.pages", { name: doc.filename, pages: doc.page_count });
    box.append(title);
    const group = document.createElement("div");
    group.className = "strip-doc";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", t("doc.name", { name: doc.filename }));
    strip.append(group);
    doc.pages.forEach((p, i) => {
      const n = i + 1;
      const key = `${doc.id}:${n}`;
      const page = document.createElement("div");
      page.className = "page";
      page.style.aspectRatio = `${p.width} / ${p.height}`;
      Object.assign(page.dataset, { url: p.url, key });
      page.id = `page-${pages.length + 1}`;
      const pageLabel = t("doc.page", { name: doc.filename, n });
      const img = document.createElement("img");
      img.alt = pageLabel;
      const no = document.createElement("span");
      no.className = "page-no";
      no.textContent = `${n} / ${doc.page_count}`;
      no.setAttribute("aria-hidden", "true");
      page.append(img, no);
      for (const c of doc.controls.filter((c) => c.page === n)) {
        const label = t("field.where", { kind: kindLabel(c.kind), page: pageLabel });
        const mark = document.createElement(c.kind === "date" ? "div" : "button");
        mark.className = `control ${c.kind}`;
        mark.dataset.control = c.id;
        Object.assign(mark.style, { left: pct(c.x), top: pct(c.y + c.h / 2), width: pct(c.w) });
        const text = Object.assign(document.createElement("span"), { className: "control-text", textContent: kindLabel(c.kind) });
        mark.append(text);
        if (c.kind === "date") {
          mark.setAttribute("role", "note");
          mark.setAttribute("aria-label", t("field.date_label", { n }));
        } else {
          mark.type = "button";
          mark.setAttribute("aria-label", t(c.kind === "seal" ? "field.tap_seal" : "field.tap_sign", { where: label }));
          mark.addEventListener("click", () => onField(c, mark, page));
          fields.push({ control: c, node: mark, page });
        }
        page.append(mark);
      }
      box.append(page);
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = String(n);
      chip.dataset.key = key;
      chip.addEventListener("click", () => jumpTo(page));
      group.append(chip);
      pages.push({ key, page, chip, label: pageLabel });
    });
  }
  const mark = () => {
    for (const p of pages) {
      const isSeen = seen.has(p.key);
      p.chip.classList.toggle("seen", isSeen);
      p.chip.setAttribute("aria-label", t(isSeen ? "page.seen" : "page.unseen", { page: p.label }));
    }
    onSeen([...seen], pages.filter((p) => !seen.has(p.key)));
  };
  const loader = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      loader.unobserve(e.target);
      load(e.target, token).catch(onError);
    }
  }, { rootMargin: "800px 0px" });
  // A page counts as seen once half of it, or half the screen's height of it, has been on screen.
  const reader = new IntersectionObserver((entries) => {
    let changed = false;
    for (const e of entries) {
      const enough = e.intersectionRatio >= 0.5 || e.intersectionRect.height >= window.innerHeight * 0.5;
      if (e.isIntersecting && enough && !seen.has(e.target.dataset.key)) { seen.add(e.target.dataset.key); changed = true; }
    }
    if (changed) mark();
  }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
  for (const { page } of pages) { loader.observe(page); reader.observe(page); }
  mark();
  return { pages, fields, seen };
}

/** Scroll a page (or a field) into the middle of the screen and put focus there. */
export function jumpTo(node) {
  node.scrollIntoView({ block: "center", behavior: "smooth" });
  if (!node.hasAttribute("tabindex") && node.tagName !== "BUTTON") node.setAttribute("tabindex", "-1");
  node.focus({ preventScroll: true });
}

async function load(page, token) {
  const dpr = Math.min(window.devicePixelRatio || 1, 2);
  // Widths in steps of 300 keep the server's render cache useful across phones.
  const width = Math.min(1800, Math.max(600, Math.ceil((page.clientWidth * dpr) / 300) * 300));
  const sep = page.dataset.url.includes("?") ? "&" : "?";
  const img = page.querySelector("img");
  img.src = await imageUrl(`${page.dataset.url}${sep}width=${PREVIEW_WIDTH}`, token);
  page.classList.add("preview");
  img.src = await imageUrl(`${page.dataset.url}${sep}width=${width}`, token);
  page.classList.remove("preview");
  page.dataset.loaded = "full";
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
  return apply;
}

const pct = (v) => `${(v * 100).toFixed(3)}%`;
