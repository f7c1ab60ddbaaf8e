// The Signstage signer API over wx.request (see the "Signer API" rows of API.md).
//
// Every call returns a promise of the JSON answer, or rejects with an ApiError carrying the
// server's error code and a message in the signer's language (utils/errors.js). The signer token
// from login is kept here and sent as `Authorization: Bearer …` on every later call; every call
// asks for the language the page speaks (Accept-Language), so the server's own messages match it.

const { wxCall } = require('./wx_promise');
const { ApiError, fromResponse, networkError } = require('./errors');
const { newIdempotencyKey } = require('./idempotency');
const { currentLanguage, t } = require('./strings');

// Waits before re-sending a sign request that got no answer. Short: the signer is watching.
const SIGN_RETRY_DELAYS_MS = [600, 1500];

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** JSON bodies arrive parsed, but a proxy's HTML error page arrives as a string. */
function parseBody(data) {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch (e) {
    return null;
  }
}

/**
 * @param {object} p
 * @param {string} p.baseUrl    e.g. "https://signstage.example.com"
 * @param {object} p.wx         the `wx` global (or a shim in tests)
 * @param {number} [p.timeoutMs]
 * @param {number[]} [p.signRetryDelaysMs]  one entry per automatic retry of a sign request
 * @param {function} [p.sleep]
 */
function createApi({ baseUrl, wx, timeoutMs = 15000, signRetryDelaysMs = SIGN_RETRY_DELAYS_MS, sleep = defaultSleep }) {
  const base = String(baseUrl || '').replace(/\/+$/, '');
  let token = null;

  function absolute(url) {
    if (/^https?:\/\//.test(url)) return url;
    return `${base}${url.startsWith('/') ? '' : '/'}${url}`;
  }

  function authHeader() {
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  function request(method, path, { data, headers } = {}) {
    return new Promise((resolve, reject) => {
      wx.request({
        url: absolute(path),
        method,
        data,
        timeout: timeoutMs,
        header: { 'Content-Type': 'application/json', 'Accept-Language': currentLanguage(), ...authHeader(), ...headers },
        success: (res) => {
          const body = parseBody(res.data);
          if (res.statusCode >= 200 && res.statusCode < 300) resolve(body);
          else reject(fromResponse(res.statusCode, body));
        },
        fail: (err) => reject(networkError(err && err.errMsg)),
      });
    });
  }

  const scenePath = (scene, rest = '') => `/api/signer/scenes/${encodeURIComponent(scene)}${rest}`;

  async function loginWithCode(code) {
    const body = await request('POST', '/api/signer/login', { data: { channel: 'wechat', code } });
    token = body.token;
    return token;
  }

  /** Log in with a fresh wx.login code; resolves to the signer token. */
  async function login() {
    let code;
    try {
      ({ code } = await wxCall(wx, 'login', { timeout: timeoutMs }));
    } catch (e) {
      throw new ApiError({ code: 'wechat_login_failed', status: 0, message: t('mp.error.wechat_login_failed'),
        serverMessage: e.errMsg || e.message });
    }
    return loginWithCode(code);
  }

  /** An anonymous session for the H5 channel (no WeChat); verification binds it later. */
  async function loginH5() {
    const body = await request('POST', '/api/signer/login', { data: { channel: 'h5' } });
    token = body.token;
    return token;
  }

  /**
   * Verify with name + ID number and either an SMS code or WeChat's phone-number code
   * (`e.detail.code` of the getPhoneNumber button).
   */
  function verify(scene, { name, idNumber, smsCode, phoneCode }) {
    const data = { name };
    if (idNumber) data.id_number = idNumber; // omitted when a bound WeChat account stands in for it
    if (phoneCode) data.phone_code = phoneCode;
    else data.sms_code = smsCode;
    return request('POST', scenePath(scene, '/verify'), { data });
  }

  /**
   * Submit the signature. The same Idempotency-Key goes with every automatic retry, and a
   * failure carries it (`error.idempotencyKey`) so a manual retry can reuse it too: however
   * often the request is sent, the server signs once.
   */
  async function sign(scene, { signaturePng, seals }, { idempotencyKey = newIdempotencyKey(), onRetry = () => {} } = {}) {
    const data = { signature_png: signaturePng, seals: seals || {} };
    const headers = { 'Idempotency-Key': idempotencyKey };
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request('POST', scenePath(scene, '/sign'), { data, headers });
      } catch (error) {
        error.idempotencyKey = idempotencyKey;
        if (!(error instanceof ApiError) || !error.retryable || attempt >= signRetryDelaysMs.length) throw error;
        onRetry(attempt + 1); // the page says so: the signer must not be left guessing
        await sleep(signRetryDelaysMs[attempt]);
      }
    }
  }

  /**
   * Fetch a page or seal image with the signer's token (an <image src> cannot send headers);
   * resolves to a local temp file path for <image src>.
   */
  function download(url) {
    return new Promise((resolve, reject) => {
      wx.downloadFile({
        url: absolute(url),
        header: authHeader(),
        timeout: timeoutMs,
        success: (res) => {
          if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.tempFilePath);
          else reject(fromResponse(res.statusCode, null));
        },
        fail: (err) => reject(networkError(err && err.errMsg)),
      });
    });
  }

  return {
    get token() {
      return token;
    },
    setToken(value) {
      token = value || null;
    },
    login,
    loginWithCode,
    loginH5,
    /** The words of every page in `lang` ('zh' or 'en'): `{language, strings}`. */
    strings: (lang) => request('GET', `/api/signer/strings?lang=${encodeURIComponent(lang)}`),
    scene: (scene) => request('GET', scenePath(scene)),
    sendSms: (scene) => request('POST', scenePath(scene, '/sms'), { data: {} }),
    verify,
    documents: (scene) => request('GET', scenePath(scene, '/documents')),
    seals: (scene) => request('GET', scenePath(scene, '/seals')),
    sign,
    decline: (scene, reason) => request('POST', scenePath(scene, '/decline'), { data: { reason } }),
    copy: (scene) => request('GET', scenePath(scene, '/copy')),
    download,
    absolute,
  };
}

module.exports = { createApi };
