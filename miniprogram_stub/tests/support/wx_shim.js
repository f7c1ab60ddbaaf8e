// A small `wx` for Node: the parts of WeChat's API the mini-program uses, with the same
// callback shapes (success/fail with {errMsg}). Requests go through a pluggable transport:
// `fetchTransport` for the live app, or a scripted function in unit tests.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { FakeCanvas } = require('./fake_canvas');

/** Settle a wx-style call from a promise, on a later tick as WeChat does. */
function settle(options, promise) {
  promise.then(
    (value) => setImmediate(() => options.success && options.success(value)),
    (err) => setImmediate(() => options.fail && options.fail({ errMsg: err.errMsg || String(err.message || err) })),
  );
}

/** wx.request's answer body: JSON when it parses (dataType "json"), the raw text otherwise. */
function wxBody(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

/**
 * A transport over global fetch: {url, method, header, data, timeout, binary} →
 * {statusCode, header, data} (parsed JSON or text), or {statusCode, header, body: Buffer} when binary.
 */
async function fetchTransport(req) {
  const init = { method: req.method || 'GET', headers: req.header || {} };
  if (req.data !== undefined && init.method !== 'GET') init.body = JSON.stringify(req.data);
  if (req.timeout) init.signal = AbortSignal.timeout(req.timeout);
  let res;
  try {
    res = await fetch(req.url, init);
  } catch (e) {
    const err = new Error(`request:fail ${e.cause ? e.cause.code || e.cause.message : e.message}`);
    err.errMsg = err.message;
    throw err;
  }
  const header = Object.fromEntries(res.headers);
  if (req.binary) return { statusCode: res.status, header, body: Buffer.from(await res.arrayBuffer()) };
  return { statusCode: res.status, header, data: wxBody(await res.text()) };
}

/** A wx.login code provider that mints codes from the fake WeChat over HTTP. */
function fakeWeChatLogin(fakeWeChatUrl, openid) {
  return async () => {
    const res = await fetch(`${fakeWeChatUrl}/__fake__/login-code`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ openid }),
    });
    if (!res.ok) throw new Error(`login:fail fake WeChat answered ${res.status}`);
    return (await res.json()).code;
  };
}

/** A WeChat phone-number code for `phone`, as the getPhoneNumber button would hand over. */
async function mintPhoneCode(fakeWeChatUrl, phone) {
  const res = await fetch(`${fakeWeChatUrl}/__fake__/phone-code`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }),
  });
  if (!res.ok) throw new Error(`fake WeChat answered ${res.status}`);
  return (await res.json()).code;
}

/**
 * @param {object} p
 * @param {function} [p.transport]  request transport (default: fetch)
 * @param {function} [p.loginCode]  async () => code for wx.login
 * @param {object}   [p.canvas]     the node the selector query finds (default: a FakeCanvas)
 * @param {string}   [p.language]   the phone's language as WeChat reports it ("zh_CN", "en")
 */
function createWxShim({ transport = fetchTransport, loginCode = async () => 'test-code', canvas, language = 'zh_CN' } = {}) {
  const storage = new Map();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-shim-'));
  let tmpCount = 0;
  const writeTemp = (buf, ext) => {
    tmpCount += 1;
    const file = path.join(tmpDir, `tmp_${tmpCount}${ext}`);
    fs.writeFileSync(file, buf);
    return file;
  };

  const shim = {
    requests: [], // every wx.request, in order: {url, method, header, data}
    downloads: [], // every wx.downloadFile: {url, header}
    faults: [], // [{match(req) → bool, kind: 'no-send' | 'lose-response'}], each used once
    modalAnswers: [], // answers for wx.showModal, in order; default {confirm: true}
    toasts: [],
    openedDocuments: [], // every wx.openDocument: {filePath, fileType}
    canvas: canvas || new FakeCanvas(),
    canvasSize: { width: 320, height: 160 },
    pixelRatio: 2,
    transport,
    loginCode,
    tmpDir,

    request(options) {
      const req = { url: options.url, method: options.method || 'GET', header: { ...(options.header || {}) },
        data: options.data, timeout: options.timeout };
      shim.requests.push(req);
      const i = shim.faults.findIndex((f) => f.match(req));
      const fault = i >= 0 ? shim.faults.splice(i, 1)[0] : null;
      const lost = Object.assign(new Error('request:fail timeout'), { errMsg: 'request:fail timeout' });
      let promise;
      if (fault && fault.kind === 'no-send') promise = Promise.reject(lost);
      else if (fault && fault.kind === 'lose-response') {
        // The server gets the request and acts on it; the phone never hears back.
        promise = shim.transport(req).then(() => { throw lost; });
      } else promise = shim.transport(req);
      settle(options, promise.then(({ statusCode, data, header }) => ({ statusCode, data, header: header || {} })));
    },

    login(options) {
      settle(options, shim.loginCode().then((code) => ({ code, errMsg: 'login:ok' })));
    },

    downloadFile(options) {
      shim.downloads.push({ url: options.url, header: { ...(options.header || {}) } });
      const run = async () => {
        const res = await shim.transport({ url: options.url, method: 'GET', header: options.header || {},
          timeout: options.timeout, binary: true });
        const buf = res.body || Buffer.alloc(0);
        return { statusCode: res.statusCode, tempFilePath: writeTemp(buf, '.png') };
      };
      settle(options, run());
    },

    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, value) => { storage.set(key, value); },
    removeStorageSync: (key) => { storage.delete(key); },

    showToast(options) { shim.toasts.push(options.title); },
    openDocument(options) {
      shim.openedDocuments.push({ filePath: options.filePath, fileType: options.fileType });
      settle(options, Promise.resolve({ errMsg: 'openDocument:ok' }));
    },
    showLoading() {},
    hideLoading() {},
    showModal(options) {
      const answer = shim.modalAnswers.length ? shim.modalAnswers.shift() : { confirm: true };
      settle(options, Promise.resolve({ cancel: !answer.confirm, content: '', ...answer }));
    },

    getWindowInfo: () => ({ pixelRatio: shim.pixelRatio, windowWidth: 375, windowHeight: 667 }),
    getSystemInfoSync: () => ({ pixelRatio: shim.pixelRatio, windowWidth: 375, windowHeight: 667, language }),
    getAppBaseInfo: () => ({ language }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wxtest', envVersion: 'develop' } }),

    createSelectorQuery() {
      let selector = null;
      const query = {
        in: () => query,
        select: (s) => { selector = s; return query; },
        fields: () => query,
        exec: (cb) => setImmediate(() => cb([selector === '#signature-pad'
          ? { node: shim.canvas, ...shim.canvasSize } : null])),
      };
      return query;
    },

    canvasToTempFilePath(options) {
      settle(options, Promise.resolve().then(() => ({ tempFilePath: writeTemp(options.canvas.toPngBuffer(), '.png') })));
    },

    getFileSystemManager() {
      return {
        readFile(options) {
          settle(options, fs.promises.readFile(options.filePath).then((buf) => ({
            data: options.encoding ? buf.toString(options.encoding) : buf,
          })));
        },
      };
    },

    /** Remove the temp files. */
    cleanup() {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
  return shim;
}

module.exports = { createWxShim, fetchTransport, fakeWeChatLogin, mintPhoneCode };
