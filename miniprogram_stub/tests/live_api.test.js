// utils/api.js against the LIVE Flask app and the fake WeChat, through the fetch-backed wx shim:
// login → scene → verify (WeChat phone code) → documents → seals → sign, and the error mapping.
// Skips unless the environment names a live app (see support/live_env.js).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { createApi } = require('../utils/api');
const { ApiError } = require('../utils/errors');
const { createWxShim, fakeWeChatLogin, mintPhoneCode } = require('./support/wx_shim');
const { liveConfig, SKIP_MESSAGE } = require('./support/live_env');
const { signaturePngBase64, Bitmap } = require('./support/png');

const cfg = liveConfig();
const PNG_MAGIC = '\x89PNG';

function isPngFile(path) {
  return fs.readFileSync(path).subarray(0, 4).toString('latin1') === PNG_MAGIC;
}

function isJpegFile(path) {
  return fs.readFileSync(path).subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
}

/** A different valid ID number: same first 17 characters but one, right check character. */
function otherIdNumber(id) {
  const { isValidIdNumber } = require('../utils/id_number');
  const body = id.slice(0, 14) + String((Number(id[14]) + 1) % 10) + id.slice(15, 17);
  for (const check of '0123456789X') if (isValidIdNumber(body + check)) return body + check;
  throw new Error('unreachable');
}

test('live signer API through utils/api.js', { skip: cfg ? false : SKIP_MESSAGE }, async (t) => {
  const { baseUrl, fakeWeChatUrl, signer } = cfg;
  const openid = `o-node-${Date.now()}`;
  const wx = createWxShim({ loginCode: fakeWeChatLogin(fakeWeChatUrl, openid) });
  const api = createApi({ baseUrl, wx, signRetryDelaysMs: [100, 300] });
  t.after(() => wx.cleanup());

  await t.test('a wx.login code logs in once; the answer holds a token and never the session_key', async () => {
    const code = await fakeWeChatLogin(fakeWeChatUrl, `${openid}-raw`)();
    const res = await fetch(`${baseUrl}/api/signer/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel: 'wechat', code }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(typeof JSON.parse(text).token, 'string');
    assert.doesNotMatch(text, /session_key/);
    const again = createApi({ baseUrl, wx });
    const err = await again.loginWithCode(code).catch((e) => e);
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, 'wechat_code_used');
    assert.ok(err.status >= 400 && err.status < 500, `status ${err.status}`);
    assert.equal(err.message, '微信登录凭证已使用，请重新进入小程序');
  });

  await t.test('login through wx.login', async () => {
    const token = await api.login();
    assert.equal(typeof token, 'string');
    assert.ok(token.length >= 16);
  });

  await t.test('an unknown scene reads as an invalid QR code', async () => {
    const err = await api.scene('NoSuchScene0000000000000').catch((e) => e);
    assert.equal(err.status, 404);
    assert.match(err.message, /二维码无效/);
  });

  await t.test('the scene names the meeting and the masked signer', async () => {
    const body = await api.scene(signer.scene);
    assert.ok(body.meeting.name);
    assert.ok(Date.parse(body.meeting.starts_at) < Date.parse(body.meeting.ends_at));
    assert.equal(body.meeting.signing_open, true);
    assert.equal(body.participant.role, 'signer');
    assert.notEqual(body.participant.name_masked, signer.name);
    assert.ok(body.participant.enterprise_name);
    assert.notEqual(body.participant.status, 'signed');
    assert.doesNotMatch(JSON.stringify(body), new RegExp(`${signer.idNumber}|${signer.phone}`));
  });

  await t.test('documents are refused before verification', async () => {
    const err = await api.documents(signer.scene).catch((e) => e);
    assert.equal(err.status, 403);
    assert.equal(err.code, 'not_verified');
    assert.equal(err.message, '请先完成身份验证');
  });

  await t.test('a wrong ID number fails with the one vague message', async () => {
    const phoneCode = await mintPhoneCode(fakeWeChatUrl, signer.phone);
    const err = await api.verify(signer.scene, { name: signer.name, idNumber: otherIdNumber(signer.idNumber), phoneCode })
      .catch((e) => e);
    assert.equal(err.status, 422);
    assert.equal(err.code, 'verification_failed');
    assert.equal(err.message, '姓名、身份证号或验证码不正确，请核对后重试');
  });

  await t.test('verify with the WeChat phone-number code', async () => {
    const phoneCode = await mintPhoneCode(fakeWeChatUrl, signer.phone);
    const body = await api.verify(signer.scene, { name: signer.name, idNumber: signer.idNumber, phoneCode });
    assert.deepEqual(body, { verified: true });
  });

  await t.test('a verified signer cannot use another signer\'s scene', { skip: cfg.secondSigner ? false : 'no second signer' }, async () => {
    const err = await api.documents(cfg.secondSigner.scene).catch((e) => e);
    assert.ok(err.status === 403 || err.status === 404, `status ${err.status}`);
    assert.ok(err.message);
  });

  let documents;
  let seals;
  await t.test('documents: pages as images and only this signer\'s controls', async () => {
    documents = await api.documents(signer.scene);
    assert.ok(documents.length >= 1);
    for (const doc of documents) {
      assert.ok(doc.id && doc.filename);
      assert.equal(doc.pages.length, doc.page_count);
      for (const page of doc.pages) assert.ok(page.url && page.width > 0 && page.height > 0);
      for (const c of doc.controls) {
        assert.ok(['seal', 'signature', 'date'].includes(c.kind));
        assert.ok(c.id && c.page >= 1 && c.page <= doc.page_count);
        for (const k of ['x', 'y', 'w', 'h']) assert.ok(c[k] >= 0 && c[k] <= 1, `${k}=${c[k]}`);
      }
    }
    assert.ok(documents.some((d) => d.controls.some((c) => c.kind === 'seal')), 'a seal control');
    const first = await api.download(documents[0].pages[0].url);
    assert.ok(isJpegFile(first), 'page 1 is a JPEG (what the document list points at)');
  });

  await t.test('seals: the ones this signer may use, with images', async () => {
    seals = await api.seals(signer.scene);
    assert.ok(seals.length >= 1);
    for (const s of seals) assert.ok(s.id && s.name && s.kind && s.image_url);
    assert.ok(isPngFile(await api.download(seals[0].image_url)), 'seal image is a PNG');
  });

  await t.test('a blank handwriting image and an unknown seal are refused with clear messages', async () => {
    const sealControls = documents.flatMap((d) => d.controls.filter((c) => c.kind === 'seal').map((c) => c.id));
    const good = Object.fromEntries(sealControls.map((id) => [id, seals[0].id]));
    const blank = new Bitmap(600, 240).toPng().toString('base64');
    const err = await api.sign(signer.scene, { signaturePng: blank, seals: good }).catch((e) => e);
    assert.equal(err.status, 422);
    assert.equal(err.code, 'image_blank');
    assert.equal(err.message, '签名为空白，请在签名区手写您的签名');
    const foreign = Object.fromEntries(sealControls.map((id) => [id, 'no-such-seal']));
    const denied = await api.sign(signer.scene, { signaturePng: signaturePngBase64(), seals: foreign }).catch((e) => e);
    assert.equal(denied.status, 403);
    assert.equal(denied.code, 'seal_not_granted');
    assert.match(denied.message, /无权使用所选印章/);
  });

  await t.test('sign: a lost answer is retried with the same key and signs once', async () => {
    const sealControls = documents.flatMap((d) => d.controls.filter((c) => c.kind === 'seal').map((c) => c.id));
    const choice = Object.fromEntries(sealControls.map((id) => [id, seals[0].id]));
    wx.faults.push({ match: (r) => r.url.endsWith('/sign'), kind: 'lose-response' });
    const before = wx.requests.length;
    const body = await api.sign(signer.scene, { signaturePng: signaturePngBase64(), seals: choice });
    assert.equal(body.status, 'signed');
    assert.ok(['scheduled', 'in_progress', 'completed'].includes(body.meeting_status), body.meeting_status);
    const signs = wx.requests.slice(before).filter((r) => r.url.endsWith('/sign'));
    assert.equal(signs.length, 2);
    assert.equal(signs[0].header['Idempotency-Key'], signs[1].header['Idempotency-Key']);
  });

  await t.test('signing again with a new key is refused as already signed', async () => {
    const err = await api.sign(signer.scene, { signaturePng: signaturePngBase64(), seals: {} }).catch((e) => e);
    assert.equal(err.status, 409);
    assert.equal(err.code, 'already_signed');
    assert.equal(err.message, '您已完成签署，无需重复签署');
    const body = await api.scene(signer.scene);
    assert.equal(body.participant.status, 'signed');
  });
});
