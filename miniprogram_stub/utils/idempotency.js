// Idempotency keys for the sign request.
//
// A key names one *sign attempt* (this signature image with these seals), not one HTTP
// request: a retry after a timeout must carry the same key so the server signs once, while a
// new signature or another seal is a new attempt and needs a new key.
//
// The key only has to be unique, not secret (the signer's token already authenticates the
// call), so Math.random is enough; WeChat has no synchronous crypto API on every base library.

function randomHex(length) {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A fresh key in UUID v4 shape, e.g. "3f0c2a9e-7b1d-4c55-9a0e-1f2b3c4d5e6f". */
function newIdempotencyKey() {
  const h = randomHex(32).split('');
  h[12] = '4'; // version 4
  h[16] = '89ab'[parseInt(h[16], 16) & 3]; // RFC 4122 variant
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * Holds the key of the current sign attempt: the same key until the attempt either succeeds,
 * fails for good, or its content changes (`reset`).
 */
class SignAttempt {
  constructor(makeKey = newIdempotencyKey) {
    this.makeKey = makeKey;
    this.key = null;
  }

  /** The key to send now: the pending attempt's key, or a new one. */
  current() {
    if (!this.key) this.key = this.makeKey();
    return this.key;
  }

  /** Forget the key: the next sign is a new attempt. */
  reset() {
    this.key = null;
  }
}

module.exports = { newIdempotencyKey, SignAttempt };
