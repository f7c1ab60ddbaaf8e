// Turning API answers into what the page's WXML shows. Pure functions: no wx, no network.

const { formatRange } = require('./time');

const CONTROL_KIND_TEXT = { seal: '企业印章', signature: '手写签名', date: '签署日期' };

const SEAL_KIND_TEXT = {
  official: '公章', contract: '合同专用章', finance: '财务专用章', personnel: '人事专用章',
  invoice: '发票专用章', other: '其他印章',
};

/** The header card: meeting name and time, who is signing for which enterprise. */
function meetingView({ meeting, participant }) {
  return {
    name: meeting.name,
    timeText: formatRange(meeting.starts_at, meeting.ends_at),
    statusText: meeting.status_label || '', // the server's one table of labels
    signingOpen: meeting.signing_open !== false, // absent on older servers: let the server decide
    signerName: participant.name_masked,
    enterpriseName: participant.enterprise_name || '',
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
function pageView(page, pageNumber, controls, src) {
  const aspect = page.width > 0 ? (page.height / page.width) * 100 : 141.4; // A4 if unknown
  return {
    number: pageNumber,
    src,
    boxStyle: `padding-bottom: ${aspect.toFixed(3)}%;`,
    boxes: controls
      .filter((c) => c.page === pageNumber)
      .map((c) => ({
        id: c.id,
        kind: c.kind,
        kindText: CONTROL_KIND_TEXT[c.kind] || c.kind,
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
    pages: doc.pages.map((page, p) => pageView(page, p + 1, doc.controls, srcOf(d, p))),
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
    return { key, anchor: `sheet-${key}`, label: `${documents.length > 1 ? `文件${d + 1} ` : ''}第${page.number}页`,
      seen: seen.includes(key) };
  }));
}

/**
 * The signer's fields in reading order, each with whether it is filled: the handwriting once
 * written, a seal once chosen, the date always (it fills itself).
 */
function fieldsView(documents, { signatureDone, sealLabel, dateText }) {
  return documents.flatMap((doc, d) => doc.pages.flatMap((page) => page.boxes.map((box) => {
    const value = { signature: signatureDone ? '已签名' : '', seal: sealLabel || '', date: dateText }[box.kind] || '';
    return { id: box.id, kind: box.kind, kindText: box.kindText, anchor: `sheet-${pageKey(d, page.number)}`,
      filled: Boolean(value), valueText: value };
  })));
}

/** Today's date as the date field shows it, in Beijing time like every other time here. */
function todayText(now = Date.now()) {
  const d = new Date(now + 8 * 60 * 60 * 1000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The seal picker's entries. */
function sealsView(seals, srcOf = () => '') {
  return seals.map((seal, i) => ({
    id: seal.id,
    name: seal.name,
    kindText: SEAL_KIND_TEXT[seal.kind] || seal.kind,
    label: `${seal.name}（${SEAL_KIND_TEXT[seal.kind] || seal.kind}）`,
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
  return meetingStatus === 'completed'
    ? '各方已全部签署，合同已生效'
    : '您的签署已提交，请在会议大屏上查看其他各方的签署进度';
}

/** The done screen's signed copy: progress while it is made (正在生成), then the files to open. */
function copyView(body) {
  if (body.state === 'ready') {
    const files = body.documents.map((d) => ({ key: d.id, name: d.signed_filename, sha256: d.sha256, url: d.url }));
    files.push({ key: 'audit', name: '签署审计报告', sha256: body.audit_trail.sha256, url: body.audit_trail.url });
    return { state: 'ready', text: '签署件已生成，可打开或转发保存', files };
  }
  if (body.state === 'generating') {
    const stage = body.signed < body.signer_count ? `等待其他签署方签署（已签${body.signed}/${body.signer_count}）`
      : body.sealed ? '正在生成签署审计报告' : '正在将签名写入合同';
    return { state: 'generating', text: `正在生成签署件：${stage}，签名已写入${body.applied}/${body.total}`, files: [] };
  }
  if (body.state === 'unavailable') return { state: 'unavailable', text: '有签署方拒绝签署，合同未生效，不生成签署件', files: [] };
  return null;
}

module.exports = {
  meetingView, documentsView, sealsView, pageKey, pageStrip, fieldsView, todayText, sealControlIds, sealChoices, doneText, copyView,
  CONTROL_KIND_TEXT, SEAL_KIND_TEXT,
};
