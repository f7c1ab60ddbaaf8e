// The whole sign page against the LIVE app and fake WeChat: open from the scene, verify
// (by SMS when the outbox file is known, else by the phone-number button), read & mark (every
// page seen, a signature on the fake canvas, a seal), confirm, done. Uses the second signer (suffix _2),
// in their own language (SIGNSTAGE_SIGNER_LANGUAGE_2: pytest makes them English) with the server's real words.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { createWxShim, fakeWeChatLogin, mintPhoneCode } = require('./support/wx_shim');
const { liveConfig, SKIP_MESSAGE, lastSmsCode } = require('./support/live_env');
const { loadSignPage, tapField, signField, seeAllPages, announcedSteps } = require('./support/page_harness');
const { SIGNER_STEPS, stepTitle } = require('../utils/steps');
const { CHINESE, useStrings } = require('../utils/strings');

const LANGUAGE = process.env.SIGNSTAGE_SIGNER_LANGUAGE_2 || 'zh';
const CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/;

/** Every text in the page's data that is not user data (meeting, people, enterprises, files, seals). */
function uiTexts(page, extra) {
  const d = page.data;
  const data = [d.meeting.name, d.meeting.signerName, d.meeting.enterpriseName, ...extra,
    ...d.documents.map((doc) => doc.filename), ...d.seals.map((seal) => seal.name)].filter(Boolean)
    .sort((a, b) => b.length - a.length);
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') out.push(data.reduce((text, item) => text.split(item).join(''), v));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(d);
  return out;
}

const cfg = liveConfig();
let skip = cfg ? false : SKIP_MESSAGE;
if (cfg && !cfg.secondSigner) skip = 'no second signer: set SIGNSTAGE_SCENE_2 and the other _2 variables';

function input(page, field, value) {
  page.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
}

test('live sign page: scene → verify → read & mark → confirm → done', { skip }, async () => {
  const signer = cfg.secondSigner;
  const wx = createWxShim({ loginCode: fakeWeChatLogin(cfg.fakeWeChatUrl, `o-page-${Date.now()}`) });
  const page = loadSignPage({ wx, apiBaseUrl: cfg.baseUrl });
  try {
    await page.onLoad({ scene: encodeURIComponent(signer.scene) });
    assert.equal(page.data.step, 'verify', page.data.fatalMessage);
    assert.ok(page.data.meeting.name);
    assert.equal(page.data.language, LANGUAGE);
    if (LANGUAGE === 'en') assert.match(page.data.meeting.timeText, /^[A-Z][a-z]{2} \d+ \d\d:\d\d–.* China Standard Time$/);
    else assert.match(page.data.meeting.timeText, /\d+月\d+日 \d\d:\d\d–.* 北京时间$/);

    input(page, 'name', signer.name);
    input(page, 'idNumber', signer.idNumber);
    if (cfg.smsFile) {
      await page.onSendSms();
      assert.equal(page.data.error, '');
      assert.equal(page.data.smsLeft, 60);
      const code = lastSmsCode(cfg.smsFile, signer.phone);
      assert.match(code || '', /^\d{6}$/, 'the SMS outbox holds a code for this phone');
      input(page, 'smsCode', code);
      await page.onVerifySms();
    } else {
      await page.onPhoneNumber({ detail: { code: await mintPhoneCode(cfg.fakeWeChatUrl, signer.phone) } });
    }
    assert.equal(page.data.error, '');
    assert.equal(page.data.step, 'read');

    const pages = page.data.documents.flatMap((d) => d.pages);
    assert.ok(pages.length >= 1);
    for (const p of pages) assert.ok(fs.readFileSync(p.src).subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), 'a JPEG');
    assert.ok(pages.some((p) => p.boxes.length > 0), 'the signer\'s controls are outlined');
    assert.ok(page.data.seals.length >= 1);

    seeAllPages(page);
    if (page.data.fields.some((f) => f.kind === 'signature')) await signField(page);
    if (page.data.fields.some((f) => f.kind === 'seal' && !f.filled)) {
      await tapField(page, 'seal');
      page.onSealChoose({ currentTarget: { dataset: { index: '0' } } });
    }
    page.onToConfirm();
    assert.equal(page.data.step, 'confirm', page.data.error);
    await page.onSign();
    assert.equal(page.data.error, '');
    assert.equal(page.data.step, 'done');
    assert.deepEqual(announcedSteps(page), SIGNER_STEPS.map((s) => stepTitle(s.id)));
    if (LANGUAGE === 'en') {
      assert.doesNotMatch(page.data.stepTitle, CJK);  // the server's English for step.done
      assert.deepEqual(uiTexts(page, [signer.name]).filter((text) => CJK.test(text)), [], 'no Chinese but user data');
    }
    const sign = wx.requests.filter((r) => r.url.endsWith('/sign'));
    assert.equal(sign.length, 1);
    const sealControls = page.sealControlIds;
    assert.deepEqual(Object.keys(sign[0].data.seals).sort(), [...sealControls].sort());
  } finally {
    page.onUnload();
    wx.cleanup();
    useStrings('zh', CHINESE);
  }
});
