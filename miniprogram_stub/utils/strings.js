// The words every page shows, from the server's catalogue (GET /api/signer/strings?lang=…), the same
// words H5 shows under the same keys. Until that answer arrives (or when it cannot), the bundled
// Chinese table (strings_zh.js, generated from the server's) stands in.
// t('key', { n: 3 }) fills "%(n)s" placeholders, as the catalogue writes them.

const CHINESE = require('./strings_zh');

const LANGUAGES = ['zh', 'en'];
let table = CHINESE;
let language = 'zh';

function fill(text, params) {
  return String(text).replace(/%\((\w+)\)s/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The words of `key`, placeholders filled; the key itself when the table lacks it. */
function t(key, params = {}) {
  if (key in table) return fill(table[key], params);
  return key in CHINESE ? fill(CHINESE[key], params) : key;
}

/** Speak `lang` from now on with `strings` (the server's answer); missing keys fall back to Chinese. */
function useStrings(lang, strings) {
  language = LANGUAGES.includes(lang) ? lang : 'zh';
  table = strings && typeof strings === 'object' ? strings : CHINESE;
}

/** The language spoken now: 'zh' or 'en'. */
function currentLanguage() {
  return language;
}

/** 'en' or 'zh' from WeChat's language ("zh_CN", "en", "en_US" …); Chinese for anything else. */
function languageOf(wxLanguage) {
  return /^en/i.test(String(wxLanguage || '')) ? 'en' : 'zh';
}

/**
 * Every word for WXML, which cannot call t(): keys with dots become underscores
 * ("mp.pad.title" → w.mp_pad_title). Placeholders stay unfilled: texts with figures are built in JS.
 */
function words() {
  const out = {};
  for (const key of Object.keys(CHINESE)) out[key.replace(/\./g, '_')] = t(key);
  return out;
}

module.exports = { t, useStrings, currentLanguage, languageOf, words, CHINESE, LANGUAGES };
