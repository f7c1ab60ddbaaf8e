// Turning API answers into what the page's WXML shows. Pure functions: no wx, no network.

// Every word comes from the strings (utils/strings.js), in the signer's language.

const { formatDate, formatRange } = require('./time');
const { t } = require('./strings');

const CONTROL_KINDS = ['seal', 'signature', 'date'];
const SEAL_KINDS = ['official', 'contract', 'finance', 'personnel', 'invoice', 'other'];

/** What a control asks for: "企业印章" / "Company seal". */
function controlKindText(kind) {
  return CONTROL_KINDS.includes(kind) ? t(`mp.control.${kind}`) : kind;
}

/** A seal's kind, in H5's words: "公章" / "Official seal". */
function sealKindText(kind) {
  return SEAL_KINDS.includes(kind) ? t(`seal.kind.${kind}`) : kind;
}

/** The meeting's state in the signer's language: the one table of labels, by phase; else the server's label. */
function statusText(meeting) {
  const key = `meeting.${meeting.phase || meeting.status}`;
  const words = t(key);
  return words !== key ? words : meeting.status_label || '';
}

/** The header card: meeting name and time, who is signing for which enterprise. */
function meetingView({ meeting, participant }) {
  const signer = { name: participant.name_masked, enterprise: participant.enterprise_name || '' };
  return {
    name: meeting.name,
    timeText: formatRange(meeting.starts_at, meeting.ends_at),
    statusText: statusText(meeting),
    signingOpen: meeting.signing_open !== false, // absent on older servers: let the server decide
    signerName: participant.name_masked,
    enterpriseName: participant.enterprise_name || '',
    signerLine: signer.enterprise ? t('mp.signer_line_enterprise', signer) : t('mp.signer_line', signer),
    confirmLead: signer.enterprise ? t('mp.confirm.lead_enterprise', signer) : t('mp.confirm.lead', signer),
    rehearsal: meeting.rehearsal === true, // a rehearsal: signing makes no contract
  };
}

function percent(fraction) {
  return `${(Number(fraction) * 100).toFixed(3)}%`;
}

/**
 * A page image with the signer's controls outlined. Control rectangles are fractions of the
 * displayed page (origin top left), so percentages place them at any rendered width; the
 * container keeps the page's aspect ratio before the image has loaded.
 */
function pageView(page, pageNumber, controls, src, filename = '') {
  const aspect = page.width > 0 ? (page.height / page.width) * 100 : 141.4; // A4 if unknown
  return {
    number: pageNumber,
    src,
    label: t('mp.page.label', { file: filename, n: pageNumber }),
    missingText: t('mp.page.failed', { n: pageNumber }),
    boxStyle: `padding-bottom: ${aspect.toFixed(3)}%;`,
    boxes: controls
      .filter((c) => c.page === pageNumber)
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        kindText: controlKindText(c.kind),
        style: `left: ${percent(c.x)}; top: ${percent(c.y)}; width: ${percent(c.w)}; height: ${percent(c.h)};`,
      })),
  };
}

/** Every document with its pages; `srcOf(docIndex, pageIndex)` gives the local image path. */
function documentsView(documents, srcOf = () => '') {
  return documents.map((doc, d) => ({
    id: doc.id,
    filename: doc.filename,
    pageCount: doc.page_count,
    controlCount: doc.controls.length,
    hint: t('mp.doc.hint', { n: doc.page_count }),
    pages: doc.pages.map((page, p) => pageView(page, p + 1, doc.controls, srcOf(d, p), doc.filename)),
  }));
}

/** Key of page `pageNumber` (1-based) of document `docIndex`: what the page strip and the draft remember. */
function pageKey(docIndex, pageNumber) {
  return `${docIndex}-${pageNumber}`;
}

/** The page strip: one entry per page of every document, marked once the signer has seen it. */
function pageStrip(documents, seen) {
  return documents.flatMap((doc, d) => doc.pages.map((page) => {
    const key = pageKey(d, page.number);
    const label = documents.length > 1 ? t('mp.strip.doc_page', { d: d + 1, n: page.number }) : t('mp.strip.page', { n: page.number });
    const isSeen = seen.includes(key);
    return { key, anchor: `sheet-${key}`, label, seen: isSeen,
      ariaLabel: t(isSeen ? 'page.seen' : 'page.unseen', { page: label }) };
  }));
}

/**
 * The signer's fields in reading order, each with whether it is filled: the handwriting once
 * written, a seal once chosen, the date always (it fills itself).
 */
function fieldsView(documents, { signatureDone, sealLabel, dateText }) {
  return documents.flatMap((doc, d) => doc.pages.flatMap((page) => page.boxes.map((box) => {
    const value = { signature: signatureDone ? t('mp.field.signed') : '', seal: sealLabel || '', date: dateText }[box.kind] || '';
    return { id: box.id, kind: box.kind, kindText: box.kindText, anchor: `sheet-${pageKey(d, page.number)}`,
      filled: Boolean(value), valueText: value };
  })));
}

/** Today's date as the date field shows it, in Beijing time like every other time here. */
function todayText(now = Date.now()) {
  return formatDate(now);
}

/** The seal picker's entries. */
function sealsView(seals, srcOf = () => '') {
  return seals.map((seal, i) => ({
    id: seal.id,
    name: seal.name,
    kindText: sealKindText(seal.kind),
    label: t('mp.seal.label', { name: seal.name, kind: sealKindText(seal.kind) }),
    src: srcOf(i),
  }));
}

/** Ids of the seal controls assigned to this signer, across every document. */
function sealControlIds(documents) {
  return documents.flatMap((doc) => doc.controls.filter((c) => c.kind === 'seal').map((c) => c.id));
}

/** The `seals` field of the sign request: the chosen seal on every seal control. */
function sealChoices(controlIds, sealId) {
  const out = {};
  for (const id of controlIds) out[id] = sealId;
  return out;
}

/** The done screen's line, from the sign answer's meeting status. */
function doneText(meetingStatus) {
  return t(meetingStatus === 'completed' ? 'mp.done.effective' : 'mp.done.submitted');
}

/** The done screen's signed copy: progress while it is made, then the files to open. */
function copyView(body) {
  if (body.state === 'ready') {
    const file = (key, name, sha256, url) => ({ key, name, sha256, url, shaText: t('copy.sha', { sha: sha256 }) });
    const files = body.documents.map((d) => file(d.id, d.signed_filename, d.sha256, d.url));
    files.push(file('audit', t('copy.audit_trail'), body.audit_trail.sha256, body.audit_trail.url));
    return { state: 'ready', text: t('mp.copy.ready'), files };
  }
  if (body.state === 'generating') {
    const stage = body.signed < body.signer_count ? t('mp.copy.waiting', { signed: body.signed, total: body.signer_count })
      : t(body.sealed ? 'progress.auditing' : 'progress.applying');
    return { state: 'generating', text: t('mp.copy.generating', { stage, applied: body.applied, total: body.total }), files: [] };
  }
  if (body.state === 'unavailable') return { state: 'unavailable', text: t('mp.copy.unavailable'), files: [] };
  return null;
}

module.exports = {
  meetingView, documentsView, sealsView, pageKey, pageStrip, fieldsView, todayText, sealControlIds, sealChoices, doneText, copyView,
  controlKindText, sealKindText,
};
