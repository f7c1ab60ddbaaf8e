// Both clients walk the same path with the same words: the mini-program's steps must equal H5's.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { SIGNER_STEPS, stepTitle } = require('../utils/steps');
const { CHINESE, useStrings } = require('../utils/strings');

const H5_STEPS = path.join(__dirname, '../../h5/common/signer-steps.js');

/** H5's SIGNER_STEPS, read from its ES module without a bundler. */
function h5Steps() {
  const source = fs.readFileSync(H5_STEPS, 'utf8').replace(/^export\s+const\s+SIGNER_STEPS\s*=/m, 'SIGNER_STEPS =')
    .replace(/^export\s+/gm, '');  // its other exports (helpers) are plain declarations here
  const sandbox = {};
  vm.runInNewContext(source, sandbox);
  return JSON.parse(JSON.stringify(sandbox.SIGNER_STEPS)); // out of the sandbox realm
}

test('the mini-program and H5 name the same steps, in the same order, with the same words', () => {
  useStrings('zh', CHINESE);
  const h5 = h5Steps();
  assert.ok(Array.isArray(h5) && h5.length > 0, 'h5/common/signer-steps.js exports SIGNER_STEPS');
  assert.deepEqual(SIGNER_STEPS.map((s) => s.id), h5.map((s) => s.id));
  assert.deepEqual(SIGNER_STEPS.map((s) => s.id), ['verify', 'read', 'confirm', 'done']);
  // H5 names each step's words by key (the shared strings) or, before that, by its Chinese title.
  h5.forEach((step, i) => {
    if (step.key) assert.equal(SIGNER_STEPS[i].key, step.key);
    else assert.equal(stepTitle(step.id), step.title);
  });
});

test('a side step has no shared title; the path steps have theirs, in the signer\'s language', () => {
  useStrings('zh', CHINESE);
  assert.equal(stepTitle('read'), '阅读并签署');
  assert.equal(stepTitle('waiting'), '');
  useStrings('en', { ...CHINESE, 'step.read': 'Read and sign' });
  assert.equal(stepTitle('read'), 'Read and sign');
  useStrings('zh', CHINESE);
});
