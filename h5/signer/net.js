// Requests on a weak venue network: each one shows that it is under way, a lost answer is retried
// after a pause, and the signer is told in plain words what is happening (never left guessing).
import { t } from "../common/strings.js";

const DELAYS = [800, 1600, 3000, 5000, 8000];  // ms before retry n; then the signer decides
const SLOW_MS = 3000;

const retryable = (err) => err.code === "network" || err.status >= 500 || err.status === 408;

/** Run `attempt` until it answers; `say(text)` shows what is happening, `say("")` clears it. */
export async function persist(attempt, say, { busy = t("net.loading"), tries = DELAYS.length + 1 } = {}) {
  for (let n = 1; ; n++) {
    const retrying = t("net.retrying_n", { n: n - 1 });
    say(n === 1 ? busy : retrying);
    const slow = setTimeout(() => say(n === 1 ? t("net.slow", { busy }) : retrying), SLOW_MS);
    try {
      const out = await attempt(n);
      say("");
      return out;
    } catch (err) {
      if (!retryable(err) || n >= tries) { say(""); throw err; }
      say(t("net.retrying"));
      await new Promise((resolve) => setTimeout(resolve, DELAYS[n - 1]));
    } finally {
      clearTimeout(slow);
    }
  }
}
