// The sign page's data flow, with a fake Page() registrar and a scripted server.
const test = require('node:test');
const assert = require('node:assert/strict');
const { createWxShim } = require('./support/wx_shim');
const { createScriptedApi, BASE } = require('./support/scripted_api');
const {
  loadSignPage, writeSignature, tapField, signField, seeAllPages, announcedSteps,
} = require('./support/page_harness');
const { SIGNER_STEPS, stepTitle } = require('../utils/steps');

const TITLES = SIGNER_STEPS.map((s) => stepTitle(s.id));

const ID = '11010519491231002X';

async function openPage({ scene = 'SCENE1', server = createScriptedApi(), wx: reuse } = {}) {
  // Passing the `wx` of an earlier page is a reload: same storage, same server.
  const wx = reuse || createWxShim({ transport: server.transport, loginCode: async () => 'wx-code' });
  const page = loadSignPage({ wx, apiBaseUrl: BASE });
  // No real waiting between automatic sign retries in unit tests.
  const onLoad = page.onLoad.bind(page);
  await onLoad({ scene: encodeURIComponent(scene) });
  page.api = require('../utils/api').createApi({ baseUrl: BASE, wx, signRetryDelaysMs: [0, 0], sleep: async () => {} });
  page.api.setToken(server.state.token);
  return { page, wx, server };
}

async function verified(options) {
  const opened = await openPage(options);
  const { page } = opened;
  page.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: ' 张三 ' } });
  page.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: ID.toLowerCase() } });
  await page.onPhoneNumber({ detail: { code: 'phone-code-1' } });
  return opened;
}

/** Read & mark: every page seen, the handwriting written, the second seal chosen. */
async function markAll(page, { sealIndex = 1 } = {}) {
  seeAllPages(page);
  await signField(page);
  await tapField(page, 'seal');
  page.onSealChoose({ currentTarget: { dataset: { index: String(sealIndex) } } });
}

/** Read, mark and confirm: the page is on the confirm step. */
async function readyToSign(options) {
  const opened = await verified(options);
  await markAll(opened.page);
  opened.page.onToConfirm();
  assert.equal(opened.page.data.step, 'confirm', opened.page.data.error);
  return opened;
}

test('opening from a mini-program code logs in, reads the scene and asks for verification', async () => {
  const { page, wx } = await openPage();
  assert.equal(page.data.step, 'verify');
  assert.equal(page.data.meeting.name, '战略合作签约仪式');
  assert.equal(page.data.meeting.timeText, '3月8日 14:00–16:00 北京时间');
  assert.equal(page.data.meeting.signerName, '张*');
  // The words first, in the phone's language; the participant's is Chinese too: no second fetch.
  assert.deepEqual(wx.requests.map((r) => r.url.replace(BASE, '')),
    ['/api/signer/strings?lang=zh', '/api/signer/login', '/api/signer/scenes/SCENE1']);
  page.onUnload();
});

test('a missing or unknown scene ends on a clear full-screen message', async () => {
  const none = await openPage({ scene: '' });
  assert.equal(none.page.data.step, 'fatal');
  assert.match(none.page.data.fatalMessage, /二维码无效/);
  assert.deepEqual(none.wx.requests.map((r) => r.url.replace(BASE, '')), ['/api/signer/strings?lang=zh']);
  const unknown = await openPage({ scene: 'NOPE42' });
  assert.equal(unknown.page.data.step, 'fatal');
  assert.match(unknown.page.data.fatalMessage, /二维码无效/);
});

test('a signer who already signed goes straight to the done screen', async () => {
  const { page } = await openPage({ server: createScriptedApi({ participantStatus: 'signed' }) });
  assert.equal(page.data.step, 'done');
  assert.equal(page.data.doneText, '您已完成签署');
});

test('a WeChat account bound to the signer verifies without retyping the ID number', async () => {
  const { page, server } = await openPage({ server: createScriptedApi({ idNumberRequired: false }) });
  assert.equal(page.data.idNumberRequired, false);
  page.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '张三' } });
  await page.onPhoneNumber({ detail: { code: 'pc' } });
  assert.deepEqual(server.state.verifyBodies, [{ name: '张三', phone_code: 'pc' }]);
  assert.equal(page.data.step, 'read');
});

test('a first-time signer walks the shared steps: 核验身份 → 阅读并签署 → 确认签署 → 签署完成', async () => {
  const { page, server } = await verified();
  await markAll(page);
  page.onToConfirm();
  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.deepEqual(announcedSteps(page), TITLES);
  assert.equal(page.data.stepTitle, '签署完成');
  assert.equal(server.state.signKeys.length, 1);
});

test('a returning signer (verified earlier, bound WeChat) skips 核验身份 and walks the other three steps', async () => {
  const { page, server } = await openPage({ server: createScriptedApi({ verified: true, idNumberRequired: false }) });
  assert.equal(page.data.step, 'read');
  await markAll(page);
  page.onToConfirm();
  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.deepEqual(announcedSteps(page), TITLES.slice(1));
  assert.equal(server.state.verifyBodies.length, 0);
});

test('the form is checked on the phone before any attempt is spent', async () => {
  const { page, server } = await openPage();
  await page.onVerifySms();
  assert.equal(page.data.error, '请输入姓名');
  page.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '张三' } });
  page.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: '110105194912310021' } });
  await page.onVerifySms();
  assert.match(page.data.error, /身份证号格式不正确/);
  page.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: ID } });
  await page.onVerifySms();
  assert.match(page.data.error, /6位短信验证码/);
  assert.equal(server.state.verifyBodies.length, 0);
  await page.onPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } });
  assert.match(page.data.error, /短信验证码/);
  assert.equal(server.state.verifyBodies.length, 0);
});

test('the phone-number button verifies and shows documents with outlined controls and seals', async () => {
  const { page, server, wx } = await verified();
  assert.deepEqual(server.state.verifyBodies, [{ name: '张三', id_number: ID, phone_code: 'phone-code-1' }]);
  assert.equal(page.data.step, 'read');
  const [doc] = page.data.documents;
  assert.equal(doc.filename, '战略合作协议.pdf');
  assert.equal(doc.pages.length, 2);
  assert.ok(doc.pages.every((p) => p.src.startsWith(wx.tmpDir)));
  assert.deepEqual(doc.pages[0].boxes.map((b) => b.kind), ['seal', 'signature']);
  assert.deepEqual(doc.pages[1].boxes.map((b) => b.kind), ['date']);
  assert.deepEqual(page.data.seals.map((s) => s.label), ['合同章（合同专用章）', '公章（公章）']);
  assert.equal(page.data.needsSeal, true);
  await tapField(page, 'signature');
  assert.equal(page.data.padOpen, true);
  assert.equal(wx.canvas.width, 640); // the pad was attached at the device pixel ratio
  assert.ok(wx.downloads.every((d) => d.header.Authorization === 'Bearer tok-wechat'));
  // A small image of every page first, then each page rendered for this screen: 375 px wide at pixel ratio 2.
  const pageUrls = wx.downloads.map((d) => d.url).filter((u) => u.includes('/pages/'));
  assert.deepEqual(pageUrls.map((u) => u.replace(/^.*\/pages\//, '')), ['1.png?width=240', '2.png?width=240',
    '1.png?width=750', '2.png?width=750']);
  const shown = page.history.find((patch) => patch.documents).documents[0].pages[0].src;
  const sharpened = page.history.filter((patch) => patch['documents[0].pages[0].src']);
  assert.equal(sharpened.length, 1, 'the sharp image replaced the small one, once');
  assert.notEqual(sharpened[0]['documents[0].pages[0].src'], shown);
  assert.equal(doc.pages[0].src, sharpened[0]['documents[0].pages[0].src']);
});

test('SMS: a code is sent once per countdown, and the server\'s wait wins when rate-limited', async () => {
  const { page, server, wx } = await openPage();
  await page.onSendSms();
  assert.equal(page.data.smsLeft, 60);
  assert.deepEqual(wx.toasts, ['验证码已发送']);
  await page.onSendSms(); // still counting down: nothing sent
  assert.equal(wx.requests.filter((r) => r.url.endsWith('/sms')).length, 1);
  page.countdown.stop();
  server.failNext('/sms', server.error(429, 'sms_rate_limited', 'x', { retry_after: 3600 }));
  await page.onSendSms();
  assert.equal(page.data.smsLeft, 3600);
  assert.equal(page.data.error, '验证码发送过于频繁，请60分钟后再试');
  page.onUnload();
  assert.equal(page.countdown.running, false);
});

test('SMS verification sends the typed code; a lockout reads clearly and keeps the form', async () => {
  const { page, server } = await openPage();
  page.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '张三' } });
  page.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: ID } });
  page.onInput({ currentTarget: { dataset: { field: 'smsCode' } }, detail: { value: ' 123456 ' } });
  server.failNext('/verify', server.error(423, 'locked_out', 'x', { retry_after: 900 }));
  await page.onVerifySms();
  assert.equal(page.data.step, 'verify');
  assert.equal(page.data.error, '验证失败次数过多，已暂时锁定，请15分钟后再试');
  assert.equal(page.data.verifying, false);
  server.failNext('/verify', server.error(422, 'verification_failed', '身份信息或验证码不正确 (x)'));
  await page.onVerifySms();
  assert.match(page.data.error, /验证码不正确/);
  await page.onVerifySms();
  assert.equal(page.data.step, 'read');
  assert.equal(server.state.verifyBodies.at(-1).sms_code, '123456');
});

test('before the window opens the signer waits, then refreshes into the documents', async () => {
  const server = createScriptedApi({ signingOpen: false });
  const { page } = await verified({ server });
  assert.equal(page.data.step, 'waiting');
  assert.equal(page.data.notice, '签署将于3月8日 13:30 北京时间开放（会议开始前30分钟）');
  server.state.signingOpen = true;
  await page.onRefreshDocuments();
  assert.equal(page.data.step, 'read');
});

test('reading: fields highlighted in order, 下一处 jumps to the next one, the date fills itself', async () => {
  const { page } = await verified();
  assert.deepEqual(page.data.fields.map((f) => [f.kind, f.filled]), [['seal', false], ['signature', false], ['date', true]]);
  assert.match(page.data.fields[2].valueText, /^\d{4}年\d{1,2}月\d{1,2}日$/);
  assert.equal(page.data.unfilledCount, 2);
  page.onNextField();
  assert.equal(page.data.scrollInto, 'sheet-0-1'); // the seal, on page 1
  await signField(page);
  assert.equal(page.data.padOpen, false);
  assert.equal(page.data.fields[1].filled, true);
  await tapField(page, 'seal');
  assert.equal(page.data.sealChoiceOpen, true);
  page.onSealChoose({ currentTarget: { dataset: { index: '0' } } });
  assert.equal(page.data.fields[0].valueText, '合同章（合同专用章）');
  assert.equal(page.data.unfilledCount, 0);
  page.onNextField(); // every field filled: on to the first page not yet seen
  assert.equal(page.data.scrollInto, 'sheet-0-1');
});

test('with a single granted seal it is chosen for the signer', async () => {
  const server = createScriptedApi({ seals: [createScriptedApi().SEALS[1]] });
  const { page } = await verified({ server });
  assert.equal(page.data.sealIndex, 0);
  assert.equal(page.data.fields.find((f) => f.kind === 'seal').valueText, '公章（公章）');
  seeAllPages(page);
  await signField(page);
  page.onToConfirm();
  assert.equal(page.data.step, 'confirm');
  await page.onSign();
  assert.deepEqual(server.state.signed.body.seals, { 'c-seal': 'seal2' });
});

test('every page must be seen before confirming: the strip shows which, nothing is forced', async () => {
  const { page, server } = await verified();
  await signField(page);
  await tapField(page, 'seal');
  page.onSealChoose({ currentTarget: { dataset: { index: '1' } } });
  assert.deepEqual(page.data.pageStrip.map((p) => [p.label, p.seen]), [['第1页', false], ['第2页', false]]);
  page.onSheetVisible({ dataset: { key: '0-1' }, intersectionRatio: 0.9 });
  page.onSheetVisible({ dataset: { key: '0-2' }, intersectionRatio: 0.2 }); // a glimpse is not a view
  assert.deepEqual(page.data.pageStrip.map((p) => p.seen), [true, false]);
  page.onToConfirm();
  assert.equal(page.data.step, 'read');
  assert.equal(page.data.error, '请先查看全部页面（还有1页未查看）');
  assert.equal(page.data.scrollInto, 'sheet-0-2');
  page.onStripTap({ currentTarget: { dataset: { anchor: 'sheet-0-1' } } });
  assert.equal(page.data.scrollInto, 'sheet-0-1');
  page.onSheetVisible({ dataset: { key: '0-2' }, intersectionRatio: 0.6 });
  page.onToConfirm();
  assert.equal(page.data.step, 'confirm');
  assert.equal(server.state.signKeys.length, 0);
});

test('with no signature box on any page the pad still opens before confirming', async () => {
  const server = createScriptedApi();
  const docs = structuredClone(server.DOCUMENTS);
  docs[0].controls = docs[0].controls.filter((c) => c.kind !== 'signature');
  server.failNext('/documents', { statusCode: 200, data: docs });
  const { page } = await verified({ server });
  seeAllPages(page);
  await tapField(page, 'seal');
  page.onSealChoose({ currentTarget: { dataset: { index: '0' } } });
  await page.onToConfirm();
  assert.equal(page.data.step, 'read');
  assert.equal(page.data.padOpen, true);
  assert.equal(page.data.error, '请先手写您的签名');
  writeSignature(page);
  await page.onPadDone();
  page.onToConfirm();
  assert.equal(page.data.step, 'confirm');
});

test('an unfilled field keeps the signer reading, and says which', async () => {
  const { page } = await verified();
  seeAllPages(page);
  page.onToConfirm();
  assert.equal(page.data.step, 'read');
  assert.equal(page.data.error, '还有2处待填写：请点击高亮的“企业印章”');
  await tapField(page, 'signature');
  await page.onPadDone(); // no ink yet
  assert.match(page.data.error, /手写您的签名/);
  assert.equal(page.data.padOpen, true);
});

test('the confirmation names the documents and the seal; one consent sends the handwriting PNG', async () => {
  const { page, server, wx } = await readyToSign();
  assert.deepEqual(page.data.confirmNames, ['《战略合作协议.pdf》']);
  assert.equal(page.data.seals[page.data.sealIndex].label, '公章（公章）');
  assert.equal(wx.modalAnswers.length, 0);
  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.match(page.data.doneText, /大屏/);
  const { body } = server.state.signed;
  assert.deepEqual(body.seals, { 'c-seal': 'seal2' });
  const png = Buffer.from(body.signature_png, 'base64');
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const sign = wx.requests.find((r) => r.url.endsWith('/sign'));
  assert.match(sign.header['Idempotency-Key'], /^[0-9a-f-]{36}$/);
});

test('going back from the confirmation sends nothing and keeps what was marked', async () => {
  const { page, server } = await readyToSign();
  page.onConfirmBack();
  assert.equal(page.data.step, 'read');
  assert.equal(page.data.unfilledCount, 0);
  assert.equal(page.data.unseenCount, 0);
  assert.equal(server.state.signKeys.length, 0);
});

test('a retried sign says what is happening and reuses one key; new ink means a new key', async () => {
  const { page, server, wx } = await readyToSign();
  for (let i = 0; i < 3; i += 1) wx.faults.push({ match: (r) => r.url.endsWith('/sign'), kind: 'lose-response' });
  await page.onSign();
  const statuses = page.history.filter((p) => p.signStatus).map((p) => p.signStatus);
  assert.deepEqual(statuses, ['正在提交签署…', '网络较慢，正在重试（第1次），请勿离开本页…',
    '网络较慢，正在重试（第2次），请勿离开本页…']);
  assert.equal(page.data.step, 'confirm');
  assert.match(page.data.error, /网络.*签署结果尚未确认.*不会重复签署/);
  assert.equal(page.data.retryPending, true);
  await page.onSign();
  assert.equal(page.data.step, 'done');
  const keys = wx.requests.filter((r) => r.url.endsWith('/sign')).map((r) => r.header['Idempotency-Key']);
  assert.equal(keys.length, 4);
  assert.equal(new Set(keys).size, 1, 'one attempt, one key');
  assert.equal(server.state.signKeys.length, 4); // the server saw all four and signed once

  const second = await readyToSign();
  second.server.failNext('/sign', second.server.error(422, 'validation_error', '签名图片为空白'));
  await second.page.onSign();
  assert.equal(second.page.data.error, '签名图片为空白');
  second.page.onConfirmBack();
  await tapField(second.page, 'signature');
  second.page.onPadClear();
  assert.equal(second.page.data.signatureEmpty, true);
  writeSignature(second.page);
  await second.page.onPadDone();
  second.page.onToConfirm();
  await second.page.onSign();
  const [k1, k2] = second.server.state.signKeys;
  assert.notEqual(k1, k2);
});

test('handwriting, seal, pages seen and a pending key survive a reload of the page', async () => {
  const { page, server, wx } = await readyToSign();
  const strokes = page.pad.strokes.length;
  wx.faults.push(...[0, 1, 2].map(() => ({ match: (r) => r.url.endsWith('/sign'), kind: 'lose-response' })));
  await page.onSign();
  assert.equal(page.data.step, 'confirm');
  page.onUnload();

  server.state.sessionVerified = true; // the same WeChat session, verified before the reload
  const reloaded = await openPage({ server, wx });
  assert.equal(reloaded.page.data.step, 'read');
  assert.equal(reloaded.page.data.unfilledCount, 0, 'the handwriting and the seal came back');
  assert.equal(reloaded.page.data.unseenCount, 0);
  assert.equal(reloaded.page.data.seals[reloaded.page.data.sealIndex].id, 'seal2');
  assert.equal(reloaded.page.pad.strokes.length, strokes);
  assert.equal(reloaded.page.data.retryPending, true, 'the button says 重试签署');
  await tapField(reloaded.page, 'signature');
  assert.equal(reloaded.page.pad.isEmpty, false, 'the pad shows the ink again');
  await reloaded.page.onPadDone(); // the same ink: still the same attempt
  reloaded.page.onToConfirm();
  await reloaded.page.onSign();
  assert.equal(reloaded.page.data.step, 'done');
  assert.equal(server.state.signKeys.length, 4);
  assert.equal(new Set(server.state.signKeys).size, 1, 'the retry after the reload carried the same key');
  assert.equal(wx.getStorageSync('signstage.draft.SCENE1'), '', 'a signed draft is forgotten');
});

test('"already signed" from the server ends on the done screen', async () => {
  const { page, server } = await readyToSign();
  server.failNext('/sign', server.error(409, 'already_signed', 'x'));
  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.equal(page.data.doneText, '您已完成签署');
});

test('a blank or ungranted signature reads clearly and keeps the signer on the page', async () => {
  const { page, server } = await readyToSign();
  server.failNext('/sign', server.error(422, 'image_blank', '签名图片为空白'));
  await page.onSign();
  assert.equal(page.data.error, '签名为空白，请在签名区手写您的签名');
  server.failNext('/sign', server.error(403, 'seal_not_granted', '您无权使用所选印章 (no)'));
  await page.onSign();
  assert.equal(page.data.step, 'confirm');
  assert.equal(page.data.error, '您无权使用所选印章，请重新选择或联系本企业管理员');
});

test('declining is a step of its own: a required reason, then confirm, or back to the fields as they were', async () => {
  const { page, server, wx } = await verified();
  await signField(page);
  wx.modalAnswers.push({ confirm: false }); // were a modal to ask, it would be refused: none may
  await page.onDecline();
  assert.equal(page.data.step, 'decline');
  assert.equal(wx.modalAnswers.length, 1);
  await page.onDeclineConfirm();
  assert.equal(page.data.declineError, '请填写拒签原因，组织方将据此与您沟通');
  page.onDeclineInput({ detail: { value: '   ' } });
  await page.onDeclineConfirm();
  assert.equal(page.data.declineError, '请填写拒签原因，组织方将据此与您沟通');
  assert.equal(server.state.declined, null);
  assert.equal(page.data.step, 'decline');

  page.onDeclineBack();
  assert.equal(page.data.step, 'read');
  assert.equal(page.data.fields.find((f) => f.kind === 'signature').filled, true);
  assert.equal(page.pad.isEmpty, false); // the handwriting waited behind the step
  assert.equal(server.state.declined, null);

  await page.onDecline();
  assert.equal(page.data.declineError, '');
  page.onDeclineInput({ detail: { value: ' 金额条款需再议 ' } });
  await page.onDeclineConfirm();
  assert.equal(server.state.declined, '金额条款需再议');
  assert.equal(page.data.step, 'declined');
});

test('a refused decline says why on the decline step; a cancelled meeting ends the page', async () => {
  const { page, server } = await verified();
  await page.onDecline();
  page.onDeclineInput({ detail: { value: '条款有误' } });
  server.failNext('/decline', server.error(503, 'database_busy', '系统繁忙，请稍后重试 (busy)'));
  await page.onDeclineConfirm();
  assert.equal(page.data.step, 'decline');
  assert.match(page.data.declineError, /系统繁忙/);
  assert.equal(page.data.error, '');
  server.failNext('/decline', server.error(409, 'meeting_cancelled', '签约仪式已取消 (cancelled)'));
  await page.onDeclineConfirm();
  assert.equal(page.data.step, 'fatal');
  assert.equal(server.state.declined, null);
});

test('拒绝签署 is not beside 确认签署: it sits outside the signing card and opens the decline step', () => {
  const wxml = require('node:fs').readFileSync(require('node:path').join(__dirname, '../pages/sign/index.wxml'), 'utf8');
  const signCard = wxml.slice(wxml.lastIndexOf('<view class="card">', wxml.indexOf('bindtap="onSign"')),
    wxml.indexOf('</view>', wxml.indexOf('bindtap="onSign"')));
  assert.doesNotMatch(signCard, /onDecline/);
  assert.match(wxml, /class="decline-entry[^"]*"[\s\S]*?bindtap="onDecline"/);
  const declineStep = wxml.slice(wxml.indexOf('class="card decline"'), wxml.indexOf('hidden="{{step === \'decline\'}}"'));
  assert.match(declineStep, /bindtap="onDeclineConfirm"/);
  assert.match(declineStep, /bindtap="onDeclineBack"/);
  assert.match(declineStep, /bindinput="onDeclineInput"/);
});

test('a cancelled meeting mid-way is shown full screen', async () => {
  const { page, server } = await readyToSign();
  server.failNext('/sign', server.error(409, 'meeting_cancelled', '签约仪式已取消 (cancelled)'));
  await page.onSign();
  assert.equal(page.data.step, 'fatal');
  assert.equal(page.data.fatalMessage, '签约仪式已取消');
});

test('once signed, the done screen says 正在生成 with progress, then opens the signed copy', async () => {
  const server = createScriptedApi();
  const generating = { statusCode: 200, data: { state: 'generating', signed: 1, signer_count: 2, applied: 1, total: 2, sealed: false } };
  const ready = { statusCode: 200, data: {
    state: 'ready', signed: 2, signer_count: 2, applied: 2, total: 2, sealed: true,
    documents: [{ id: 'doc1', signed_filename: '战略合作协议（已签署）.pdf', sha256: 'ab'.repeat(32),
      url: '/api/signer/scenes/SCENE1/copy/documents/doc1.pdf' }],
    audit_trail: { sha256: 'cd'.repeat(32), url: '/api/signer/scenes/SCENE1/copy/audit.pdf' },
  } };
  server.state.copies.push(generating, ready);
  const { page, wx } = await readyToSign({ server });
  await page.onSign();
  assert.equal(page.data.step, 'done');
  assert.equal(page.data.copy.state, 'generating');
  assert.match(page.data.copy.text, /正在生成签署件.*已签1\/2.*签名已写入1\/2/);
  assert.ok(page.copyTimer, 'it keeps polling while the copy is made');
  clearTimeout(page.copyTimer);
  await page.watchCopy(); // the next poll, without waiting for the timer
  assert.equal(page.data.copy.state, 'ready');
  assert.deepEqual(page.data.copy.files.map((f) => f.name), ['战略合作协议（已签署）.pdf', '签署审计报告']);
  await page.onOpenCopyFile({ currentTarget: { dataset: { key: 'doc1' } } });
  const fetched = wx.downloads.at(-1);
  assert.match(fetched.url, /\/copy\/documents\/doc1\.pdf$/);
  assert.equal(fetched.header.Authorization, `Bearer ${server.state.token}`);
  assert.deepEqual(wx.openedDocuments.map((d) => d.fileType), ['pdf']);
  page.onUnload();
});

test('a signer who opens the page again in a new, unverified session sees no copy (the SMS link has it)', async () => {
  const { page } = await openPage({ server: createScriptedApi({ participantStatus: 'signed', verified: false }) });
  assert.equal(page.data.step, 'done');
  assert.equal(page.data.copy, null);
});
