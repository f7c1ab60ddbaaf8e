const test = require('node:test');
const assert = require('node:assert/strict');
const { sceneFromOptions } = require('../utils/scene');
const { isValidIdNumber, normalizeIdNumber } = require('../utils/id_number');
const { newIdempotencyKey, SignAttempt } = require('../utils/idempotency');
const { formatRange, formatClock } = require('../utils/time');
const { Countdown } = require('../utils/countdown');
const { SignaturePad, canvasScale } = require('../utils/signature_pad');
const { mapLimit } = require('../utils/async');
const views = require('../utils/view_models');
const { FakeCanvas } = require('./support/fake_canvas');

test('scene comes URL-decoded from options.scene, or from the H5 link in options.q', () => {
  assert.equal(sceneFromOptions({ scene: 'Ab3dEf' }), 'Ab3dEf');
  assert.equal(sceneFromOptions({ scene: encodeURIComponent('Ab3dEf') }), 'Ab3dEf');
  assert.equal(sceneFromOptions({ scene: '%20Ab3dEf%20' }), 'Ab3dEf');
  assert.equal(sceneFromOptions({ q: encodeURIComponent('https://signstage.example.com/h5/s/XyZ123?from=qr') }), 'XyZ123');
  assert.equal(sceneFromOptions({}), '');
  assert.equal(sceneFromOptions(undefined), '');
  assert.equal(sceneFromOptions({ scene: 'a'.repeat(33) }), '');
  assert.equal(sceneFromOptions({ scene: 'abc%2Fdef' }), '');
  assert.equal(sceneFromOptions({ scene: '%E0%A4%A' }), '');
});

test('ID numbers are checked with the GB 11643 check character', () => {
  assert.equal(isValidIdNumber('11010519491231002X'), true);
  assert.equal(isValidIdNumber('11010519491231002x'), true);
  assert.equal(isValidIdNumber('110105194912310021'), false);
  assert.equal(isValidIdNumber('1101051949123100'), false);
  assert.equal(normalizeIdNumber(' 110105 19491231002x '), '11010519491231002X');
});

test('idempotency keys are UUID-shaped and distinct; an attempt keeps its key until reset', () => {
  const keys = new Set(Array.from({ length: 200 }, newIdempotencyKey));
  assert.equal(keys.size, 200);
  for (const k of keys) assert.match(k, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const attempt = new SignAttempt();
  const first = attempt.current();
  assert.equal(attempt.current(), first);
  attempt.reset();
  assert.notEqual(attempt.current(), first);
});

test('times read in Beijing time whatever the phone zone', () => {
  assert.equal(formatClock('2030-03-08T06:05:00Z'), '14:05');
  assert.equal(formatRange('2030-03-08T06:00:00+00:00', '2030-03-08T08:00:00+00:00'), '3月8日 14:00–16:00 北京时间');
  assert.equal(formatRange('2030-03-08T15:00:00Z', '2030-03-08T17:00:00Z'), '3月8日 23:00–3月9日 01:00 北京时间');
  assert.equal(formatRange('nonsense', '2030-03-08T17:00:00Z'), '');
});

test('the SMS countdown ticks down to zero and stops', () => {
  const ticks = [];
  let fire = null;
  let cleared = false;
  const cd = new Countdown((left) => ticks.push(left), {
    setInterval: (fn) => { fire = fn; return 7; }, clearInterval: (h) => { cleared = h === 7; },
  });
  cd.start(3);
  assert.equal(cd.running, true);
  fire(); fire(); fire();
  assert.deepEqual(ticks, [3, 2, 1, 0]);
  assert.equal(cd.running, false);
  assert.equal(cleared, true);
});

test('the signature pad needs real ink, clears, and keeps the backing store within 2000 px', () => {
  assert.equal(canvasScale(375, 180, 3), 3);
  assert.ok(canvasScale(1000, 300, 3) * 1000 <= 2000);
  const canvas = new FakeCanvas();
  const pad = new SignaturePad();
  pad.attach(canvas, { width: 320, height: 160, dpr: 2 });
  assert.equal(canvas.width, 640);
  assert.equal(pad.isEmpty, true);
  pad.start(10, 10); pad.move(12, 11); pad.end(); // a tap is not a signature
  assert.equal(pad.isEmpty, true);
  pad.start(10, 10); pad.move(100, 80); pad.move(200, 20); pad.end();
  assert.equal(pad.isEmpty, false);
  assert.ok(canvas.bitmap().inkPixels() > 200);
  pad.move(250, 100); // no stroke without a touch start
  pad.clear();
  assert.equal(pad.isEmpty, true);
  assert.equal(canvas.bitmap().inkPixels(), 0);
});

test('mapLimit keeps order and never runs more than the limit at once', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
    inFlight += 1; peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, n));
    inFlight -= 1;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
  assert.deepEqual(await mapLimit([], 3, async () => 1), []);
});

test('documents become pages with the signer\'s controls outlined in percentages', () => {
  const docs = [{ id: 'd', filename: 'a.pdf', page_count: 2, pages: [{ url: 'u1', width: 600, height: 800 }, { url: 'u2', width: 800, height: 600 }],
    controls: [{ id: 'c1', kind: 'seal', page: 1, x: 0.1, y: 0.25, w: 0.2, h: 0.05 }, { id: 'c2', kind: 'date', page: 2, x: 0, y: 0, w: 0.5, h: 0.5 }] }];
  const [view] = views.documentsView(docs, (d, p) => `/tmp/${d}-${p}.png`);
  assert.equal(view.pages.length, 2);
  assert.equal(view.pages[0].src, '/tmp/0-0.png');
  assert.equal(view.pages[0].boxStyle, 'padding-bottom: 133.333%;');
  assert.deepEqual(view.pages[0].boxes, [{ id: 'c1', kind: 'seal', kindText: '企业印章',
    style: 'left: 10.000%; top: 25.000%; width: 20.000%; height: 5.000%;' }]);
  assert.equal(view.pages[1].boxes[0].kindText, '签署日期');
  assert.deepEqual(views.sealControlIds(docs), ['c1']);
  assert.deepEqual(views.sealChoices(['c1', 'c9'], 's1'), { c1: 's1', c9: 's1' });
  assert.equal(views.sealsView([{ id: 's', name: '合同章', kind: 'contract' }])[0].label, '合同章（合同专用章）');
  assert.match(views.doneText('completed'), /全部签署/);
});

test('the pad keeps its strokes: taken back before attach, drawn again on attach', () => {
  const first = new SignaturePad();
  first.attach(new FakeCanvas(), { width: 320, height: 160, dpr: 2 });
  first.start(10, 10);
  first.move(100, 10);
  first.end();
  const saved = JSON.parse(JSON.stringify(first.strokes));
  const reloaded = new SignaturePad();
  reloaded.replay(saved);
  assert.equal(reloaded.isEmpty, false);
  reloaded.attach(new FakeCanvas(), { width: 320, height: 160, dpr: 2 });
  assert.deepEqual(reloaded.strokes, saved);
  assert.equal(reloaded.isEmpty, false);
  reloaded.clear();
  assert.deepEqual(reloaded.strokes, []);
});

test('other documents are checked by their own kind\'s rule', () => {
  assert.equal(isValidIdNumber('h1234 5678', 'hk_mo_permit'), true);
  assert.equal(isValidIdNumber('H1234567', 'hk_mo_permit'), false);
  assert.equal(isValidIdNumber('1234567890（b）', 'tw_permit'), true);
  assert.equal(isValidIdNumber('1234567', 'tw_permit'), false);
  assert.equal(isValidIdNumber('C01X00T47', 'passport'), true);
  assert.equal(isValidIdNumber('C01', 'passport'), false);
  assert.equal(isValidIdNumber('11010519491231002X', 'residence_permit'), false); // a mainland region code
  assert.equal(isValidIdNumber('11010519491231002X', undefined), true); // a mainland ID by default
});
