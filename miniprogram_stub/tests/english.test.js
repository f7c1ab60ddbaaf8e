// The page in English: the words come from the server's table for the signer's language (the
// participant's, else the phone's), and no Chinese is left on the page but the user's own data.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createWxShim } = require('./support/wx_shim');
const { createScriptedApi, BASE, stringsFor } = require('./support/scripted_api');
const { loadSignPage, signField, tapField, seeAllPages } = require('./support/page_harness');
const { CHINESE, useStrings } = require('../utils/strings');

const ID = '11010519491231002X';
const CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/;
// What the organizer and the enterprises typed: shown as they wrote it, in any language.
const USER_DATA = ['战略合作签约仪式', '战略合作协议.pdf', '张*', '张三', '甲公司', '合同章', '公章'];

async function openPage({ phone = 'zh_CN', language } = {}) {
  const server = createScriptedApi({ language });
  const wx = createWxShim({ transport: server.transport, loginCode: async () => 'wx-code', language: phone });
  const page = loadSignPage({ wx, apiBaseUrl: BASE });
  await page.onLoad({ scene: 'SCENE1' });
  page.api = require('../utils/api').createApi({ baseUrl: BASE, wx, signRetryDelaysMs: [0, 0], sleep: async () => {} });
  page.api.setToken(server.state.token);
  return { page, wx, server };
}

/** Every text in the page's data (what WXML shows), user data taken out. */
function texts(value, out = []) {
  if (typeof value === 'string') {
    out.push(USER_DATA.reduce((text, data) => text.split(data).join(''), value));
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) texts(item, out);
  }
  return out;
}

function assertNoChinese(page, where) {
  const left = texts(page.data).filter((text) => CJK.test(text));
  assert.deepEqual(left, [], `Chinese left on the ${where} step`);
}

test.afterEach(() => useStrings('zh', CHINESE));

test('an English participant walks verify → read → confirm → done with no Chinese but their data', async () => {
  const { page, wx, server } = await openPage({ phone: 'zh_CN', language: 'en' });
  // The phone's language first, then the participant's, which wins.
  assert.deepEqual(server.state.stringsAsked, ['zh', 'en']);
  assert.equal(page.data.language, 'en');
  assert.equal(page.data.step, 'verify');
  assert.equal(page.data.stepTitle, stringsFor('en')['step.verify']);
  assert.equal(page.data.w.mp_verify_name, stringsFor('en')['mp.verify.name']);
  assertNoChinese(page, 'verify');

  await page.onVerifySms();
  assert.equal(page.data.error, stringsFor('en')['mp.form.name_required']);
  page.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '张三' } });
  page.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: ID } });
  await page.onPhoneNumber({ detail: { code: 'phone-code-1' } });
  assert.equal(page.data.step, 'read');
  assertNoChinese(page, 'read');
  // Once the language is known, every call asks for it: the server's own messages come back in English.
  const calls = wx.requests.filter((r) => /\/(verify|documents|seals)$/.test(r.url));
  assert.ok(calls.length >= 3 && calls.every((r) => r.header['Accept-Language'] === 'en'));

  page.onToConfirm();
  assert.match(page.data.error, /^\[mp\.read\./);  // what is still missing, in English words
  seeAllPages(page);
  await signField(page);
  await tapField(page, 'seal');
  page.onSealChoose({ currentTarget: { dataset: { index: '0' } } });
  page.onToConfirm();
  assert.equal(page.data.step, 'confirm', page.data.error);
  assertNoChinese(page, 'confirm');

  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.equal(page.data.doneText, stringsFor('en')['mp.done.submitted']);
  assertNoChinese(page, 'done');
  page.onUnload();
});

test('a phone set to English speaks English when the participant has no language of their own', async () => {
  const { page, server } = await openPage({ phone: 'en_US' });
  assert.deepEqual(server.state.stringsAsked, ['en']);
  assert.equal(page.data.step, 'verify');
  assertNoChinese(page, 'verify');
  page.onUnload();
});

test('a Chinese participant on an English phone gets Chinese', async () => {
  const { page, server } = await openPage({ phone: 'en', language: 'zh' });
  assert.deepEqual(server.state.stringsAsked, ['en', 'zh']);
  assert.equal(page.data.stepTitle, '核验身份');
  assert.equal(page.data.w.mp_verify_name, '姓名');
  page.onUnload();
});

test('without the server\'s words the bundled Chinese stands in and signing goes on', async () => {
  const server = createScriptedApi({ language: 'en' });
  server.failNext('/strings', { statusCode: 503, data: '' });
  server.failNext('/strings', { statusCode: 503, data: '' });
  const wx = createWxShim({ transport: server.transport, loginCode: async () => 'wx-code' });
  const page = loadSignPage({ wx, apiBaseUrl: BASE });
  await page.onLoad({ scene: 'SCENE1' });
  assert.equal(page.data.step, 'verify');
  assert.equal(page.data.stepTitle, '核验身份');
  page.onUnload();
});
