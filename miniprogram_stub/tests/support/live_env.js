// The live app a test may drive, from environment variables set by
// tests/miniprogram/test_node_client.py (or by hand against `flask run` + the fake WeChat).
//
//   SIGNSTAGE_BASE_URL   the Flask app, e.g. http://127.0.0.1:5000
//   FAKE_WECHAT_URL      the fake WeChat, e.g. http://127.0.0.1:9100
//   SIGNSTAGE_SCENE, SIGNSTAGE_SIGNER_NAME, SIGNSTAGE_SIGNER_ID_NUMBER, SIGNSTAGE_SIGNER_PHONE
//                        a signer of a booked meeting whose signing window is open
//   the same four with the suffix _2   optional: a second signer (another enterprise)
//   SIGNSTAGE_SMS_FILE   optional: the SMS_BACKEND=file outbox, to read SMS codes back

const SIGNER_KEYS = { scene: 'SIGNSTAGE_SCENE', name: 'SIGNSTAGE_SIGNER_NAME', idNumber: 'SIGNSTAGE_SIGNER_ID_NUMBER',
  phone: 'SIGNSTAGE_SIGNER_PHONE' };

function signerFromEnv(suffix = '') {
  const out = {};
  for (const [field, key] of Object.entries(SIGNER_KEYS)) {
    const value = process.env[key + suffix];
    if (!value) return null;
    out[field] = value;
  }
  return out;
}

/** {baseUrl, fakeWeChatUrl, signer, secondSigner, smsFile}, or null when the live app is not configured. */
function liveConfig() {
  const baseUrl = process.env.SIGNSTAGE_BASE_URL;
  const fakeWeChatUrl = process.env.FAKE_WECHAT_URL;
  const signer = signerFromEnv();
  if (!baseUrl || !fakeWeChatUrl || !signer) return null;
  return { baseUrl: baseUrl.replace(/\/+$/, ''), fakeWeChatUrl: fakeWeChatUrl.replace(/\/+$/, ''), signer,
    secondSigner: signerFromEnv('_2'), smsFile: process.env.SIGNSTAGE_SMS_FILE || null };
}

const SKIP_MESSAGE = 'live app not configured: set SIGNSTAGE_BASE_URL, FAKE_WECHAT_URL, SIGNSTAGE_SCENE, '
  + 'SIGNSTAGE_SIGNER_NAME, SIGNSTAGE_SIGNER_ID_NUMBER and SIGNSTAGE_SIGNER_PHONE '
  + '(pytest tests/miniprogram does this)';

/** The SMS code most recently sent to `phone`, read from the file SMS backend. */
function lastSmsCode(smsFile, phone) {
  const fs = require('node:fs');
  if (!fs.existsSync(smsFile)) return null;
  const lines = fs.readFileSync(smsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const mine = lines.filter((m) => m.to === phone && m.params && m.params.code);
  return mine.length ? String(mine[mine.length - 1].params.code) : null;
}

module.exports = { liveConfig, SKIP_MESSAGE, lastSmsCode };
