// utils/api.js against a scripted server: the request shapes, the token, retries, errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createApi } = require('../utils/api');
const { ApiError } = require('../utils/errors');
const { createWxShim } = require('./support/wx_shim');
const { createScriptedApi, BASE } = require('./support/scripted_api');

function setup(options = {}) {
  const server = createScriptedApi(options);
  const wx = createWxShim({ transport: server.transport, loginCode: async () => 'wx-code-1' });
  const api = createApi({ baseUrl: `${BASE}/`, wx, signRetryDelaysMs: [0, 0], sleep: async () => {} });
  return { server, wx, api };
}

test('login sends the wx.login code and keeps the token for later calls', async () => {
  const { wx, api } = setup();
  assert.equal(await api.login(), 'tok-wechat');
  assert.deepEqual(wx.requests[0].data, { channel: 'wechat', code: 'wx-code-1' });
  assert.equal(wx.requests[0].url, `${BASE}/api/signer/login`);
  assert.equal(wx.requests[0].header.Authorization, undefined);
  const scene = await api.scene('SCENE1');
  assert.equal(scene.participant.name_masked, '张*');
  assert.equal(wx.requests[1].header.Authorization, 'Bearer tok-wechat');
});

test('a failing wx.login is an ApiError, not a crash', async () => {
  const { wx, api } = setup();
  wx.loginCode = async () => { throw Object.assign(new Error('login:fail'), { errMsg: 'login:fail auth deny' }); };
  await assert.rejects(api.login(), (e) => e instanceof ApiError && e.code === 'wechat_login_failed' && /微信登录失败/.test(e.message));
});

test('verify sends a phone code or an SMS code, never both', async () => {
  const { server, api } = setup();
  await api.login();
  await api.verify('SCENE1', { name: '张三', idNumber: '11010519491231002X', phoneCode: 'pc' });
  await api.verify('SCENE1', { name: '张三', idNumber: '11010519491231002X', smsCode: '123456' });
  assert.deepEqual(server.state.verifyBodies, [
    { name: '张三', id_number: '11010519491231002X', phone_code: 'pc' },
    { name: '张三', id_number: '11010519491231002X', sms_code: '123456' },
  ]);
});

test('scene tokens are URL-encoded into the path', async () => {
  const { wx, api } = setup();
  await api.login();
  await assert.rejects(api.scene('a b/c'), (e) => e.code === 'scene_not_found' && e.status === 404);
  assert.equal(wx.requests[1].url, `${BASE}/api/signer/scenes/a%20b%2Fc`);
});

test('sign retries a lost answer with the same Idempotency-Key and signs once', async () => {
  const { server, wx, api } = setup();
  await api.login();
  wx.faults.push({ match: (r) => r.url.endsWith('/sign'), kind: 'lose-response' });
  wx.faults.push({ match: (r) => r.url.endsWith('/sign'), kind: 'no-send' });
  const res = await api.sign('SCENE1', { signaturePng: 'iVBOR', seals: { 'c-seal': 'seal1' } }, { idempotencyKey: 'key-1' });
  assert.deepEqual(res, { status: 'signed', meeting_status: 'in_progress' });
  const signs = wx.requests.filter((r) => r.url.endsWith('/sign'));
  assert.equal(signs.length, 3);
  assert.deepEqual(signs.map((r) => r.header['Idempotency-Key']), ['key-1', 'key-1', 'key-1']);
  assert.deepEqual(signs[0].data, { signature_png: 'iVBOR', seals: { 'c-seal': 'seal1' } });
  assert.deepEqual(server.state.signKeys, ['key-1', 'key-1']); // one never left the phone
});

test('sign gives up after its retries and hands back the key for a manual retry', async () => {
  const { wx, api } = setup();
  await api.login();
  for (let i = 0; i < 3; i += 1) wx.faults.push({ match: (r) => r.url.endsWith('/sign'), kind: 'no-send' });
  const err = await api.sign('SCENE1', { signaturePng: 'x', seals: {} }).catch((e) => e);
  assert.equal(err.code, 'network_error');
  assert.match(err.idempotencyKey, /^[0-9a-f-]{36}$/);
  const signs = wx.requests.filter((r) => r.url.endsWith('/sign'));
  assert.equal(new Set(signs.map((r) => r.header['Idempotency-Key'])).size, 1);
  const again = await api.sign('SCENE1', { signaturePng: 'x', seals: {} }, { idempotencyKey: err.idempotencyKey });
  assert.equal(again.status, 'signed');
});

test('a 4xx on sign is not retried', async () => {
  const { server, wx, api } = setup();
  await api.login();
  server.failNext('/sign', server.error(422, 'validation_error', '签名图片为空白', { fields: { signature_png: ['blank'] } }));
  const err = await api.sign('SCENE1', { signaturePng: 'x', seals: {} }).catch((e) => e);
  assert.equal(err.status, 422);
  assert.equal(err.message, '签名图片为空白');
  assert.deepEqual(err.fields, { signature_png: ['blank'] });
  assert.equal(wx.requests.filter((r) => r.url.endsWith('/sign')).length, 1);
});

test('download fetches with the bearer token and resolves to a temp file', async () => {
  const { wx, api } = setup();
  await api.login();
  const path = await api.download('/api/signer/scenes/SCENE1/documents/doc1/pages/1.png');
  assert.ok(require('node:fs').readFileSync(path).toString('latin1').startsWith('\x89PNG'));
  assert.deepEqual(wx.downloads[0], { url: `${BASE}/api/signer/scenes/SCENE1/documents/doc1/pages/1.png`,
    header: { Authorization: 'Bearer tok-wechat' } });
  wx.transport = async () => ({ statusCode: 403, body: Buffer.alloc(0) });
  await assert.rejects(api.download('https://elsewhere.test/x.png'), (e) => e.status === 403);
  wx.cleanup();
});

test('sendSms, seals, documents and decline hit the documented paths', async () => {
  const { server, wx, api } = setup();
  await api.login();
  await api.sendSms('SCENE1');
  assert.equal((await api.documents('SCENE1'))[0].controls.length, 3);
  assert.equal((await api.seals('SCENE1')).length, 2);
  await api.decline('SCENE1', '条款有误');
  assert.equal(server.state.declined, '条款有误');
  assert.deepEqual(wx.requests.map((r) => `${r.method} ${r.url.replace(BASE, '')}`), [
    'POST /api/signer/login', 'POST /api/signer/scenes/SCENE1/sms', 'GET /api/signer/scenes/SCENE1/documents',
    'GET /api/signer/scenes/SCENE1/seals', 'POST /api/signer/scenes/SCENE1/decline']);
});
