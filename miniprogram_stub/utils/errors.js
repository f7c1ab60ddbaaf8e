// API failures as exceptions with a stable `code` and a message a signer can act on.
//
// The server's own messages are bilingual ("中文 (english)"); signers need plain Chinese,
// and for the situations a signer actually meets we say what to do next rather than what
// went wrong inside. Unknown codes fall back to the server's Chinese text, then to the
// HTTP status, so a new server error is never shown as "undefined".

const { formatDateTime } = require('./time');

const MESSAGES = {
  network_error: '网络连接失败，请检查网络后重试',
  locked_out: '验证失败次数过多，已暂时锁定，请15分钟后再试',
  verification_failed: '姓名、身份证号或验证码不正确，请核对后重试',
  signing_not_open: '签署尚未开始：会议开始前30分钟开放签署',
  already_signed: '您已完成签署，无需重复签署',
  already_declined: '您已拒绝签署此合同',
  meeting_completed: '合同已由各方签署完成',
  meeting_cancelled: '签约仪式已取消',
  meeting_ended: '签约仪式已结束，无法签署',
  scene_not_found: '二维码无效，请扫描大屏上属于您的二维码',
  not_your_scene: '您已验证为其他签署人，不能使用此二维码',
  not_verified: '请先完成身份验证',
  invalid_token: '登录已失效，请重新扫码进入',
  wechat_invalid_code: '微信登录凭证无效，请重新进入小程序',
  wechat_code_used: '微信登录凭证已使用，请重新进入小程序',
  wechat_rate_limited: '请求过于频繁，请稍后再试',
  wechat_not_configured: '本服务未开通微信小程序签署，请使用短信链接签署',
  sms_rate_limited: '验证码发送过于频繁，请稍后再试',
  image_blank: '签名为空白，请在签名区手写您的签名',
  image_too_large: '签名图片过大，请清除后重写',
  image_too_big: '签名图片过大，请清除后重写',
  not_an_image: '签名图片无效，请清除后重写',
  seal_not_granted: '您无权使用所选印章，请重新选择或联系本企业管理员',
  signer_unmatched: '您的信息与企业登记信息不一致，请联系组织方',
  wechat_unavailable: '微信服务暂时不可用，请稍后再试',
};

// Messages that are clearer with a figure the server sends along (when, how long).
const DETAILED_MESSAGES = {
  signing_not_open: (d) => (d.opens_at ? `签署将于${formatDateTime(d.opens_at)}开放（会议开始前30分钟）` : null),
  locked_out: (d) => (d.retry_after ? `验证失败次数过多，已暂时锁定，请${Math.ceil(d.retry_after / 60)}分钟后再试` : null),
  sms_rate_limited: (d) => (d.retry_after ? `验证码发送过于频繁，请${waitText(d.retry_after)}后再试` : null),
};

function waitText(seconds) {
  return seconds < 120 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分钟`;
}

const STATUS_MESSAGES = {
  400: '请求有误，请重新进入小程序',
  401: '登录已失效，请重新扫码进入',
  403: '您没有权限进行此操作',
  404: '内容不存在或二维码无效',
  409: '当前状态无法进行此操作，请刷新后重试',
  413: '上传内容过大',
  422: '填写的信息有误，请核对后重试',
  423: MESSAGES.locked_out,
  429: '操作过于频繁，请稍后再试',
  502: '微信服务暂时不可用，请稍后再试',
};

class ApiError extends Error {
  /**
   * @param {object} p
   * @param {string} p.code       stable machine code (the server's `error.code`, or ours)
   * @param {number} p.status     HTTP status; 0 when no answer arrived
   * @param {string} p.message    Chinese text to show the signer
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

/** The Chinese half of a bilingual server message ("签署尚未开始 (signing …)" → "签署尚未开始"). */
function chinesePart(text) {
  if (typeof text !== 'string' || !/[\u4e00-\u9fff]/.test(text)) return '';
  return text.replace(/\s*\([^()]*[A-Za-z][^()]*\)\s*$/, '').trim();
}

/** Build the ApiError for an HTTP answer with status >= 400. */
function fromResponse(status, body) {
  const err = (body && typeof body === 'object' && body.error) || {};
  const { code: serverCode, message: serverMessage, fields, ...details } = err;
  const code = serverCode || `http_${status}`;
  const detailed = DETAILED_MESSAGES[code] && DETAILED_MESSAGES[code](details);
  const message = detailed || MESSAGES[code] || chinesePart(serverMessage) || STATUS_MESSAGES[status] ||
    (status >= 500 ? '服务暂时不可用，请稍后再试' : '操作失败，请稍后再试');
  return new ApiError({ code, status, message, serverMessage: serverMessage || '', fields: fields || {}, details });
}

/** Build the ApiError for a request that got no answer (offline, timeout, DNS …). */
function networkError(errMsg) {
  return new ApiError({ code: 'network_error', status: 0, message: MESSAGES.network_error, serverMessage: errMsg || '' });
}

/** The text to show for any thrown value: ours, WeChat's, or a programming error. */
function messageOf(error) {
  if (error instanceof ApiError) return error.message;
  return '出现了意外错误，请稍后重试';
}

module.exports = { ApiError, MESSAGES, fromResponse, networkError, chinesePart, messageOf };
