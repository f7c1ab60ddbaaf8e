// The "get code" button: disabled with a visible countdown until another code may be sent.
export function countdown(button, seconds, idleText = "重新获取") {
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
    button.textContent = `${left} 秒后重发`;
    left -= 1;
  };
  tick();
  button._timer = setInterval(tick, 1000);
}
