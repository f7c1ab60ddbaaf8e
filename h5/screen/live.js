// Live updates: Server-Sent Events resumed from the last id seen, with backoff, and /state polling
// when the stream keeps failing (a proxy that buffers, a network that drops long requests).
const MAX_BACKOFF_MS = 30000;
const POLL_MS = 3000;

export class Live {
  constructor({ eventsUrl, onEvent, onPoll, onMode }) {
    Object.assign(this, { eventsUrl, onEvent, onPoll, onMode });
    this.lastId = 0;
    this.failures = 0;
    this.source = null;
    this.pollTimer = null;
    this.retryTimer = null;
  }

  start(lastId) {
    this.lastId = Math.max(this.lastId, lastId || 0);
    this.connect();
  }

  connect() {
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    const url = new URL(this.eventsUrl, location.href);
    url.searchParams.set("last_event_id", String(this.lastId));
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.stopPolling();
      this.onMode("live");
    };
    source.onmessage = (e) => {
      const id = Number(e.lastEventId);
      if (id && id <= this.lastId) return;  // already shown: never apply an event twice
      if (id) this.lastId = id;
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      this.onEvent(data, id);
    };
    source.onerror = () => {
      // The server ends each stream after a few minutes; the browser reconnects by itself then.
      // When it gives up (CLOSED) or keeps failing, we take over with backoff and polling.
      if (source.readyState === EventSource.CLOSED || this.failures >= 2) {
        source.close();
        this.failures += 1;
        if (this.failures >= 3) this.startPolling();
        else this.onMode("connecting");
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures) * (0.75 + Math.random() / 2);
        this.retryTimer = setTimeout(() => this.connect(), delay);
      } else {
        this.failures += 1;
        this.onMode("connecting");
      }
    };
  }

  startPolling() {
    this.onMode("polling");
    if (this.pollTimer) return;
    const tick = async () => {
      const lastId = await this.onPoll();
      if (typeof lastId === "number") this.lastId = Math.max(this.lastId, lastId);
    };
    tick();
    this.pollTimer = setInterval(tick, POLL_MS);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
