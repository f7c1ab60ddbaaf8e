// The "resend in 59s" countdown of the SMS button. Timers are injectable so tests run instantly.

class Countdown {
  /**
   * @param {function(number)} onTick  called with the seconds left, down to 0
   * @param {object} [timers]          {setInterval, clearInterval}
   */
  constructor(onTick, timers = { setInterval, clearInterval }) {
    this.onTick = onTick;
    this.timers = timers;
    this.handle = null;
    this.left = 0;
  }

  start(seconds) {
    this.stop();
    this.left = Math.max(0, Math.ceil(seconds));
    this.onTick(this.left);
    if (this.left === 0) return;
    this.handle = this.timers.setInterval(() => {
      this.left -= 1;
      this.onTick(this.left);
      if (this.left <= 0) this.stop();
    }, 1000);
  }

  stop() {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  get running() {
    return this.handle !== null;
  }
}

module.exports = { Countdown };
