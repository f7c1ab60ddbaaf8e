// What each refusal means to a person, in the page's language: "error.<code>" in the page's strings.
// A code with no entry shows the server's own message (it answers in the page's language, see api.js),
// never the raw answer.
import { has, t } from "./strings.js";

const minutes = (seconds) => Math.max(1, Math.ceil(Number(seconds) / 60));

// Codes whose words need the refusal's details.
const DETAILED = {
  locked_out: (e) => t("error.locked_out", { minutes: e.extra?.retry_after ? minutes(e.extra.retry_after) : 15 }),
  sms_rate_limited: (e) => DETAILED.too_many_requests(e),
  too_many_requests: (e) => (e.extra?.retry_after ? t("error.too_many_requests", { seconds: e.extra.retry_after })
    : t("error.too_many_requests_later")),
};

/** Plain words for a refusal {status, code, message, extra}. */
export function plainMessage({ status, code, message = "", extra = {} }) {
  if (DETAILED[code]) return DETAILED[code]({ status, code, message, extra });
  if (code && has(`error.${code}`)) return t(`error.${code}`);
  if (String(message).trim()) return String(message).trim();
  if (status === 413) return t("error.too_large");
  if (status >= 500) return t("error.unavailable");
  return t("error.failed");
}
