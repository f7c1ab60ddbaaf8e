// Dates and times in the page's language, on the ceremony's clock (Beijing), with the zone named.
import { LANGUAGE, t } from "./strings.js";

const LOCALE = { zh: "zh-CN", en: "en-US" };
const ZONE = "Asia/Shanghai";

const format = (iso, options) => new Intl.DateTimeFormat(LOCALE[LANGUAGE] || "zh-CN",
  { timeZone: ZONE, hourCycle: LANGUAGE === "zh" ? "h23" : undefined, ...options }).format(new Date(iso));

/** A day: "December 5, 2026" (or the Chinese form). */
export const formatDate = (iso) => format(iso, { year: "numeric", month: "long", day: "numeric" });

/** A moment with its zone: "December 5, 2026 at 2:00 PM China Standard Time". */
export const formatDateTime = (iso) => `${format(iso, { dateStyle: "long", timeStyle: "short" })} ${t("time.zone")}`;

/** A span on one day: "December 5, 2026 at 2:00 PM – 4:00 PM China Standard Time". */
export const formatRange = (from, to) => `${format(from, { dateStyle: "long", timeStyle: "short" })} – ${
  format(to, { timeStyle: "short" })} ${t("time.zone")}`;
