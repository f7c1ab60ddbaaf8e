// Runs pages/sign/index.js outside WeChat: a fake `Page()` registrar captures the page
// definition, and `instantiate` gives it `data` and a `setData` that behaves like WeChat's
// (path keys such as "form.name", a callback after the update).

const PAGE_MODULE = require.resolve('../../pages/sign/index.js');

function setPath(target, path, value) {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null) node[key] = {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}

function instantiate(definition) {
  const page = { data: structuredClone(definition.data || {}), history: [] };
  for (const [name, value] of Object.entries(definition)) {
    if (typeof value === 'function') page[name] = value;
  }
  page.setData = function setData(patch, callback) {
    for (const [path, value] of Object.entries(patch)) setPath(this.data, path, structuredClone(value));
    this.history.push(patch);
    if (callback) callback();
  };
  return page;
}

/** Load the sign page with `wx` and an API base URL; returns a live page object. */
function loadSignPage({ wx, apiBaseUrl }) {
  let definition = null;
  global.wx = wx;
  global.getApp = () => ({ globalData: { apiBaseUrl } });
  global.Page = (def) => { definition = def; };
  delete require.cache[PAGE_MODULE];
  require(PAGE_MODULE);
  if (!definition) throw new Error('pages/sign/index.js did not call Page()');
  return instantiate(definition);
}

/** A touch event on the canvas at (x, y), as WeChat delivers it for Canvas 2D. */
function touch(x, y) {
  return { touches: [{ x, y }], changedTouches: [{ x, y }] };
}

/** Draw a zig-zag "signature" on the page's pad through its touch handlers. */
function writeSignature(page) {
  page.onPadStart(touch(20, 80));
  for (const [x, y] of [[60, 30], [100, 120], [140, 30], [180, 120], [220, 60]]) page.onPadMove(touch(x, y));
  page.onPadEnd(touch(220, 60));
}

/** Tap a highlighted field of `kind`, as the signer would on the document. */
function tapField(page, kind) {
  return page.onFieldTap({ currentTarget: { dataset: { kind } } });
}

/** Tap the signature field, write on the pad that opens, tap 完成. */
async function signField(page) {
  await tapField(page, 'signature');
  writeSignature(page);
  await page.onPadDone();
}

/** Every page scrolls past on screen (what WeChat's IntersectionObserver reports). */
function seeAllPages(page) {
  for (const p of page.data.pageStrip) page.onSheetVisible({ dataset: { key: p.key }, intersectionRatio: 1 });
}

/** The step titles the page announced, in order (a repeat of the same step counts once). */
function announcedSteps(page) {
  const titles = page.history.filter((patch) => patch.stepTitle).map((patch) => patch.stepTitle);
  return titles.filter((t, i) => t !== titles[i - 1]);
}

module.exports = { loadSignPage, instantiate, touch, writeSignature, tapField, signField, seeAllPages, announcedSteps };
