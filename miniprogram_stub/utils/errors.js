// API failures as exceptions with a stable `code` and a message a signer can act on, in their language.
//
// For the situations a signer actually meets we say what to do next rather than what went wrong
// inside ("mp.error.<code>" in the strings). Unknown codes fall back to the server's own message
// (one language: the one the page asked for), then to the HTTP status, so a new server error is
// never shown as "undefined".

const { formatDateTime } = require('./time');
const { t } = require('./strings');

// The codes with words of their own; some share another's.
const CODES = [
  'network_error', 'locked_out', 'verification_failed', 'signing_not_open', 'already_signed', 'already_declined',
  'meeting_completed', 'meeting_cancelled', 'meeting_ended', 'scene_not_found', 'not_your_scene', 'not_verified',
  'invalid_token', 'wechat_invalid_code', 'wechat_code_used', 'wechat_rate_limited', 'wechat_not_configured',
  'sms_rate_limited', 'image_blank', 'image_too_large', 'not_an_image', 'seal_not_granted', 'signer_unmatched',
  'wechat_unavailable',
];
const SAME_AS = { image_too_big: 'image_too_large' };

/** The words for a code, or '' when it has none. */
function codeMessage(code) {
  const own = SAME_AS[code] || code;
  return CODES.includes(own) ? t(`mp.error.${own}`) : '';
}

// Messages that are clearer with a figure the server sends along (when, how long).
const DETAILED_MESSAGES = {
  signing_not_open: (d) => (d.opens_at ? t('mp.error.signing_not_open_at', { time: `${formatDateTime(d.opens_at)} ${t('time.zone')}` }) : null),
  locked_out: (d) => (d.retry_after ? t('mp.error.locked_out_minutes', { n: Math.ceil(d.retry_after / 60) }) : null),
  sms_rate_limited: (d) => (d.retry_after ? t('mp.error.sms_rate_limited_wait', { wait: waitText(d.retry_after) }) : null),
};

function waitText(seconds) {
  return seconds < 120 ? t('mp.wait.seconds', { n: seconds }) : t('mp.wait.minutes', { n: Math.ceil(seconds / 60) });
}

const STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 502];

function statusMessage(status) {
  if (status === 423) return codeMessage('locked_out');
  return STATUSES.includes(status) ? t(`mp.error.http_${status}`) : '';
}

class ApiError extends Error {
  /**
   * @param {object} p
   * @param {string} p.code       stable machine code (the server's `error.code`, or ours)
   * @param {number} p.status     HTTP status; 0 when no answer arrived
   * @param {string} p.message    the text to show the signer, in their language
   * @param {string} [p.serverMessage] the server's own text, for logs
   * @param {object} [p.fields]   per-field problems from a 422
   * @param {object} [p.details]  any other keys of the error body (retry_after, opens_at …)
   */
  constructor({ code, status, message, serverMessage = '', fields = {}, details = {} }) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.serverMessage = serverMessage;
    this.fields = fields;
    this.details = details;
  }

  /** Worth sending the very same request again (nothing reached the server, or it was overloaded). */
  get retryable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** Build the ApiError for an HTTP answer with status >= 400. */
function fromResponse(status, body) {
  const err = (body && typeof body === 'object' && body.error) || {};
  const { code: serverCode, message: serverMessage, fields, ...details } = err;
  const code = serverCode || `http_${status}`;
  const detailed = DETAILED_MESSAGES[code] && DETAILED_MESSAGES[code](details);
  const message = detailed || codeMessage(code) || (typeof serverMessage === 'string' && serverMessage.trim()) ||
    statusMessage(status) || t(status >= 500 ? 'mp.error.server' : 'mp.error.failed');
  return new ApiError({ code, status, message, serverMessage: serverMessage || '', fields: fields || {}, details });
}

/** Build the ApiError for a request that got no answer (offline, timeout, DNS …). */
function networkError(errMsg) {
  return new ApiError({ code: 'network_error', status: 0, message: codeMessage('network_error'), serverMessage: errMsg || '' });
}

/** The text to show for any thrown value: ours, WeChat's, or a programming error. */
function messageOf(error) {
  if (error instanceof ApiError) return error.message;
  return t('mp.error.unexpected');
}

module.exports = { ApiError, fromResponse, networkError, messageOf, codeMessage };
