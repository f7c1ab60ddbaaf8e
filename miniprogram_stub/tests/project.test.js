// The project is laid out as WeChat DevTools expects, and the WXML only calls handlers that exist.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadSignPage } = require('./support/page_harness');
const { createWxShim } = require('./support/wx_shim');

const ROOT = path.resolve(__dirname, '..');
const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

test('project.config.json, app.json and every page file are where WeChat looks', () => {
  const project = JSON.parse(read('project.config.json'));
  assert.equal(project.compileType, 'miniprogram');
  assert.ok(project.packOptions.ignore.some((i) => i.value === 'tests'), 'tests are not uploaded');
  const app = JSON.parse(read('app.json'));
  assert.deepEqual(app.pages, ['pages/sign/index']); // the page getwxacodeunlimit names
  for (const ext of ['js', 'wxml', 'wxss', 'json']) assert.ok(fs.existsSync(path.join(ROOT, `pages/sign/index.${ext}`)), ext);
  JSON.parse(read('pages/sign/index.json'));
  JSON.parse(read(app.sitemapLocation));
  for (const f of ['app.js', 'app.wxss', 'utils/api.js']) assert.ok(fs.existsSync(path.join(ROOT, f)), f);
});

test('app.js picks the API base URL for the running mini-program version', () => {
  let registered = null;
  global.App = (def) => { registered = def; };
  global.wx = { getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }) };
  delete require.cache[require.resolve('../app.js')];
  require('../app.js');
  assert.equal(registered.globalData.apiBaseUrl, 'http://127.0.0.1:5000');
  global.wx = {}; // an old base library without getAccountInfoSync
  delete require.cache[require.resolve('../app.js')];
  require('../app.js');
  assert.match(registered.globalData.apiBaseUrl, /^https:\/\//);
});

test('every event handler the WXML binds exists on the page', () => {
  const wxml = read('pages/sign/index.wxml');
  const page = loadSignPage({ wx: createWxShim(), apiBaseUrl: 'https://x.test' });
  const handlers = [...wxml.matchAll(/\b(?:bind|catch)[a-z]+="(\w+)"/g)].map((m) => m[1]);
  assert.ok(handlers.length >= 10);
  for (const name of handlers) assert.equal(typeof page[name], 'function', `${name} is bound in WXML`);
  assert.match(wxml, /open-type="getPhoneNumber"\s+bindgetphonenumber="onPhoneNumber"/);
  assert.match(wxml, /<canvas type="2d" id="signature-pad"/);
});

test('the page never puts an ID number or phone into its logs', () => {
  const sources = ['pages/sign/index.js', 'utils/api.js', 'utils/errors.js'].map(read).join('\n');
  assert.doesNotMatch(sources, /console\.(log|info|warn|error)/);
});

test('every word the WXML reads exists in the strings, and no Chinese is written into the pages or utils', () => {
  const { words } = require('../utils/strings');
  const wxml = read('pages/sign/index.wxml');
  const known = words();
  const used = [...new Set([...wxml.matchAll(/\bw\.(\w+)/g)].map((m) => m[1]))];
  assert.ok(used.length > 30);
  assert.deepEqual(used.filter((key) => !(key in known)), []);
  // Only the bundled fallback table (generated from the server's) holds Chinese; comments may quote it.
  const files = ['pages/sign/index.wxml', 'pages/sign/index.js', 'pages/sign/index.json', 'app.json',
    ...fs.readdirSync(path.join(ROOT, 'utils')).filter((f) => f !== 'strings_zh.js').map((f) => `utils/${f}`)];
  for (const file of files) {
    const code = read(file).replace(/<!--[\s\S]*?-->/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s\/\/ .*$/gm, '');
    assert.doesNotMatch(code, /[\u4e00-\u9fff]/, file);
  }
});
