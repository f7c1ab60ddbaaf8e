// The signed page as it will look: the page image with every mark drawn at its control's rectangle,
// straight from the signing data, so it changes the moment someone signs.

export function renderPreview(root, documents, signers, { animate = new Set() } = {}) {
  const marks = signers.flatMap((s) => (s.marks || []).map((m) => ({ ...m, participant_id: s.participant_id })));
  const page = pickPage(documents, marks, animate);
  if (!page) { root.hidden = true; root.replaceChildren(); return; }
  root.hidden = false;
  const key = `${page.doc.id}:${page.page}`;
  let sheet = root.querySelector(".sheet");
  if (!sheet || sheet.dataset.key !== key) {
    sheet = document.createElement("div");
    sheet.className = "sheet";
    sheet.dataset.key = key;
    sheet.style.aspectRatio = `${page.width} / ${page.height}`;
    const img = document.createElement("img");
    img.className = "page";
    img.src = page.url;
    img.alt = `合同《${page.doc.filename}》第${page.page}页`;
    sheet.append(img);
    const caption = document.createElement("p");
    caption.className = "caption";
    caption.textContent = `合同预览 · ${page.doc.filename} · 第 ${page.page} 页`;
    root.replaceChildren(sheet, caption);
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
      img.alt = m.kind === "seal" ? "印章" : "手写签名";
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
