// The signed page as it will look: the page image with every mark drawn at its control's rectangle,
// straight from the signing data, so it changes the moment someone signs. It stays inside the preview
// zone of the shared stage geometry, whatever the page's shape, so no seat placed beside it is covered.
import { GEOMETRY, placeElement } from "/h5/assets/common/stage-geometry.js";
import { say, spoken } from "./words.js";

const CAPTION_CQW = 2.2;  // the caption line under the sheet

// Widths the server renders the page at: the displayed width rounded up to one of these, so screens
// of one size share the server's cache and the browser's, and a 1080p screen fetches ~50 kB, not 1000 px.
export const PREVIEW_WIDTHS = [400, 600, 800, 1000, 1200, 1600, 2000];
let watched = null; // the ResizeObserver of the sheet on screen

export function renderPreview(root, documents, signers, { animate = new Set() } = {}) {
  const marks = signers.flatMap((s) => (s.marks || []).map((m) => ({ ...m, participant_id: s.participant_id })));
  const page = pickPage(documents, marks, animate);
  if (!page) { root.hidden = true; root.replaceChildren(); return; }
  root.hidden = false;
  placeElement(root, GEOMETRY.zones.preview);
  const key = `${page.doc.id}:${page.page}`;
  let sheet = root.querySelector(".sheet");
  if (!sheet || sheet.dataset.key !== key) {
    sheet = document.createElement("div");
    sheet.className = "sheet";
    sheet.dataset.key = key;
    Object.assign(sheet.style, sheetSize(page.width / page.height));
    const img = document.createElement("img");
    img.className = "page";
    img.alt = spoken(["preview.page_alt", { file: page.doc.filename, page: page.page }]);
    sheet.append(img);
    const caption = document.createElement("p");
    caption.className = "caption";
    say(caption, ["preview.caption", { file: page.doc.filename, page: page.page }]);
    root.replaceChildren(sheet, caption);
    fitImage(sheet, img, page.url); // after insertion: the sheet's size comes from the stage
  }
  const onPage = marks.filter((m) => m.document_id === page.doc.id && m.page === page.page);
  const wanted = new Set(onPage.map(markKey));
  for (const el of sheet.querySelectorAll(".mark")) if (!wanted.has(el.dataset.key)) el.remove();
  for (const m of onPage) {
    if (sheet.querySelector(`.mark[data-key="${CSS.escape(markKey(m))}"]`)) continue;
    const el = document.createElement("div");
    el.className = `mark ${m.kind}`;
    el.dataset.key = markKey(m);
    Object.assign(el.style, { left: pct(m.x), top: pct(m.y), width: pct(m.w), height: pct(m.h) });
    if (m.image_url) {
      const img = document.createElement("img");
      img.src = m.image_url;
      img.alt = spoken([m.kind === "seal" ? "mark.seal" : "mark.signature"]);
      el.append(img);
    } else if (m.text) {
      el.textContent = m.text;
      // Fit the date into its box, as the stamped date will be (sheet-relative units).
      el.style.fontSize = `min(${((m.w * 100) / (m.text.length * 1.05)).toFixed(3)}cqw, ${(m.h * 60).toFixed(3)}cqh)`;
    }
    if (animate.has(m.participant_id)) el.classList.add(m.kind === "seal" ? "stamp-in" : "ink-in");
    sheet.append(el);
  }
}

// The largest sheet of this shape (width / height) that fits the zone above its caption, in stage units.
function sheetSize(shape) {
  const zone = GEOMETRY.zones.preview;
  const zoneW = zone.w * 100, zoneH = (zone.h * 100) / GEOMETRY.ratio - CAPTION_CQW;
  const w = Math.min(zoneW, zoneH * shape);
  return { width: `${w.toFixed(3)}cqw`, height: `${(w / shape).toFixed(3)}cqw` };
}

export function previewWidth(cssWidth, ratio = window.devicePixelRatio || 1) {
  const wanted = Math.ceil(cssWidth * ratio);
  return PREVIEW_WIDTHS.find((w) => w >= wanted) || PREVIEW_WIDTHS[PREVIEW_WIDTHS.length - 1];
}

// The page at the size the sheet is shown, fetched again only when the sheet grows past its step
// (the host goes full screen): shrinking keeps the sharper image already there.
function fitImage(sheet, img, url) {
  watched?.disconnect();
  let shown = 0;
  const fit = () => {
    const width = previewWidth(sheet.getBoundingClientRect().width);
    if (width <= shown) return;
    shown = width;
    const src = new URL(url, window.location.href);
    src.searchParams.set("width", String(width));
    img.src = src.pathname + src.search;
  };
  fit();
  watched = new ResizeObserver(fit);
  watched.observe(sheet);
}

function pickPage(documents, marks, animate) {
  const pages = documents.flatMap((d) => d.pages.map((p) => ({ ...p, doc: d })));
  if (!pages.length) return null;
  // Show where the newest signature landed; otherwise the first page that awaits signatures.
  const fresh = marks.find((m) => animate.has(m.participant_id));
  const target = fresh || marks[marks.length - 1];
  if (target) {
    const hit = pages.find((p) => p.doc.id === target.document_id && p.page === target.page);
    if (hit) return hit;
  }
  return pages[0];
}

const markKey = (m) => `${m.participant_id}:${m.document_id}:${m.page}:${m.kind}:${m.x}:${m.y}`;
const pct = (v) => `${(v * 100).toFixed(3)}%`;
