// The page's words, translated on the server from the catalogues and handed over as JSON in the page
// (<script type="application/json" id="strings">{"zh": {...}} or {"zh": {...}, "en": {...}}</script>).
// t("key", {n: 3}) fills "%(n)s" placeholders, as the catalogues write them.

const ALL = JSON.parse(document.getElementById("strings")?.textContent || "{}");
export const LANGUAGES = Object.keys(ALL);
export const LANGUAGE = document.documentElement.lang.startsWith("en") ? "en" : "zh";

function fill(text, params) {
  return String(text).replace(/%\((\w+)\)s/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The string `key` in `language` (default: the page's), placeholders filled; the key itself when missing. */
export function t(key, params = {}, language = LANGUAGE) {
  const table = ALL[language] || ALL[LANGUAGES[0]] || {};
  return key in table ? fill(table[key], params) : key;
}

/** Whether the page has words for `key` (else a caller shows its own fallback). */
export function has(key, language = LANGUAGE) {
  return key in (ALL[language] || ALL[LANGUAGES[0]] || {});
}

/** The string in every language the page shows (a bilingual big screen shows them stacked). */
export function each(key, params = {}) {
  return LANGUAGES.map((language) => t(key, params, language));
}
