// The "get code" button: disabled with a visible countdown until another code may be sent.
import { t } from "./strings.js";

export function countdown(button, seconds, idleText = t("countdown.again")) {
  clearInterval(button._timer);
  let left = Math.max(1, Math.round(seconds));
  const tick = () => {
    if (left <= 0) {
      clearInterval(button._timer);
      button.disabled = false;
      button.textContent = idleText;
      return;
    }
    button.disabled = true;
    button.textContent = t("countdown.left", { n: left });
    left -= 1;
  };
  tick();
  button._timer = setInterval(tick, 1000);
}
