// Requests on a weak venue network: each one shows that it is under way, a lost answer is retried
// after a pause, and the signer is told in plain words what is happening (never left guessing).
const DELAYS = [800, 1600, 3000, 5000, 8000];  // ms before retry n; then the signer decides
const SLOW_MS = 3000;

const retryable = (err) => err.code === "network" || err.status >= 500 || err.status === 408;

/** Run `attempt` until it answers; `say(text)` shows what is happening, `say("")` clears it. */
export async function persist(attempt, say, { busy = "正在加载…", tries = DELAYS.length + 1 } = {}) {
  for (let n = 1; ; n++) {
    say(n === 1 ? busy : `网络较慢，正在重试…（第 ${n - 1} 次）`);
    const slow = setTimeout(() => say(n === 1 ? `${busy}网络较慢，请稍候。` : `网络较慢，正在重试…（第 ${n - 1} 次）`), SLOW_MS);
    try {
      const out = await attempt(n);
      say("");
      return out;
    } catch (err) {
      if (!retryable(err) || n >= tries) { say(""); throw err; }
      say("网络较慢，正在重试…");
      await new Promise((resolve) => setTimeout(resolve, DELAYS[n - 1]));
    } finally {
      clearTimeout(slow);
    }
  }
}
