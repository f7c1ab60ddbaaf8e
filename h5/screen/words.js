// The stage's words in every language the screen shows: one, or Chinese with English beneath on a
// bilingual screen. The host's tools and toasts speak the page's own language (t()).
import { LANGUAGES, t } from "/h5/assets/common/strings.js";

const ORDER = ["zh", "en"];
/** The languages on the stage, in stacking order. */
export const SHOWN = ORDER.filter((code) => LANGUAGES.includes(code));
const HTML_LANG = { zh: "zh-CN", en: "en" };

export { t };

/** A line in one language: its parts (`[key, params]`, plain text, or a function of the language) joined by " · ";
 * params may be a function of the language (a time written the language's way). */
export function line(parts, language) {
  const text = (p) => {
    if (typeof p === "string") return p;
    if (typeof p === "function") return p(language);
    const params = typeof p[1] === "function" ? p[1](language) : p[1] || {};
    return t(p[0], params, language);
  };
  return parts.filter(Boolean).map(text).join(" · ");
}

/** Fill `node` with the line in each shown language, stacked; returns the key it drew. */
export function say(node, ...parts) {
  const texts = SHOWN.map((code) => line(parts, code));
  const key = texts.join("\n");
  if (node.dataset.said === key) return key;
  node.dataset.said = key;
  node.replaceChildren(...SHOWN.map((code, i) => {
    const span = document.createElement("span");
    span.className = "say";
    span.lang = HTML_LANG[code];
    span.textContent = texts[i];
    return span;
  }));
  return key;
}

/** The line in each shown language as one string, for alt text and labels ("Chinese / English"). */
export function spoken(...parts) {
  return [...new Set(SHOWN.map((code) => line(parts, code)))].join(" / ");
}

/** A status's words from the catalogue (`meeting.completed`), else what the server sent. */
export function label(key, fallback = "") {
  return t(key) === key ? fallback : [key];
}

/** The time a date is shown in: Beijing, named in the line. */
export const ZONE = "Asia/Shanghai";
const LOCALE = { zh: "zh-CN", en: "en-US" };

/** The date and time in Beijing time, written the language's way (zh: month, day, 24-hour clock). */
export function dateTime(iso, language) {
  return new Date(iso).toLocaleString(LOCALE[language], language === "en"
    ? { timeZone: ZONE, month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }
    : { timeZone: ZONE, month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
}

/** "14:05" / "2:05 PM" in Beijing time. */
export function clock(iso, language) {
  return new Date(iso).toLocaleTimeString(LOCALE[language], language === "en"
    ? { timeZone: ZONE, hour: "numeric", minute: "2-digit" }
    : { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hour12: false });
}
