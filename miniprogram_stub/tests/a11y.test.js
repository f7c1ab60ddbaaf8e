// The sign page's markup, checked for what a screen reader (WeChat's 读屏) needs: every field labelled,
// every tappable view announced as a button, the step title announced when it changes.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const WXML = fs.readFileSync(path.join(__dirname, '../pages/sign/index.wxml'), 'utf8');
const tags = (name) => [...WXML.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);

test('every input, textarea and canvas has an aria-label', () => {
  const fields = [...tags('input'), ...tags('textarea'), ...tags('canvas')];
  assert.ok(fields.length >= 5);
  for (const tag of fields) assert.match(tag, /aria-label="[^"]+"/, tag);
});

test('a tappable view or text is announced as a button', () => {
  const tappable = [...tags('view'), ...tags('text')].filter((tag) => /bindtap=/.test(tag));
  assert.ok(tappable.length >= 4);
  for (const tag of tappable) assert.match(tag, /aria-role="button"/, tag);
});

test('the step title is a heading read out when it changes', () => {
  const [title] = tags('view').filter((tag) => /class="step-title"/.test(tag));
  assert.match(title, /aria-role="heading"/);
  assert.match(title, /aria-live="polite"/);
});

test('tap targets are at least 88 rpx (44 px on a 375 px phone) and muted text keeps AA contrast', () => {
  const css = fs.readFileSync(path.join(__dirname, '../app.wxss'), 'utf8')
    + fs.readFileSync(path.join(__dirname, '../pages/sign/index.wxss'), 'utf8');
  for (const selector of ['button', '.strip-page', '.control', '.seal-option', '.decline-entry .link']) {
    const rules = [...css.matchAll(new RegExp(`(^|\\n)${selector.replaceAll('.', '\\.')}\\s*\\{([^}]*)\\}`, 'g'))];
    assert.ok(rules.length, `a rule for ${selector}`);
    assert.match(rules.map((r) => r[2]).join(';'), /min-height:\s*88rpx/, selector);
  }
  assert.doesNotMatch(css, /color:\s*#(888|999|aaa|bbb)\b/, 'grey text lighter than #777 fails AA on white');
});
