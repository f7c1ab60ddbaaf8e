const test = require('node:test');
const assert = require('node:assert/strict');
const { ApiError, fromResponse, networkError, messageOf } = require('../utils/errors');

test('known codes get a Chinese message that says what to do', () => {
  const err = fromResponse(422, { error: { code: 'verification_failed', message: '身份信息或验证码不正确 (not correct)' } });
  assert.ok(err instanceof ApiError);
  assert.equal(err.code, 'verification_failed');
  assert.equal(err.status, 422);
  assert.match(err.message, /验证码不正确/);
  assert.equal(err.serverMessage, '身份信息或验证码不正确 (not correct)');
  assert.equal(err.retryable, false);
});

test('lockout, not-open and rate-limit messages carry the server figures', () => {
  const locked = fromResponse(423, { error: { code: 'locked_out', message: 'x', retry_after: 900 } });
  assert.equal(locked.message, '验证失败次数过多，已暂时锁定，请15分钟后再试');
  assert.equal(locked.details.retry_after, 900);
  const notOpen = fromResponse(409, { error: { code: 'signing_not_open', message: 'x', opens_at: '2030-03-08T05:30:00+00:00' } });
  assert.equal(notOpen.message, '签署将于3月8日 13:30 北京时间开放（会议开始前30分钟）');
  const sms = fromResponse(429, { error: { code: 'sms_rate_limited', message: 'x', retry_after: 60 } });
  assert.equal(sms.message, '验证码发送过于频繁，请60秒后再试');
});

test('already signed, a used WeChat code and an unknown scene read clearly', () => {
  assert.equal(fromResponse(409, { error: { code: 'already_signed', message: 'x' } }).message, '您已完成签署，无需重复签署');
  assert.match(fromResponse(400, { error: { code: 'wechat_code_used', message: 'x' } }).message, /凭证已使用/);
  assert.match(fromResponse(404, { error: { code: 'scene_not_found', message: 'x' } }).message, /二维码无效/);
});

test('unknown codes fall back to the server message (in the language asked for), then to the status', () => {
  const err = fromResponse(409, { error: { code: 'meeting_over', message: '会议已结束或已取消' } });
  assert.equal(err.message, '会议已结束或已取消');
  assert.equal(fromResponse(409, { error: { code: 'meeting_over', message: 'The meeting is over' } }).message,
    'The meeting is over');
  assert.equal(fromResponse(423, { error: { code: 'new_thing', message: '' } }).message,
    '验证失败次数过多，已暂时锁定，请15分钟后再试');
  const html = fromResponse(503, '<html>bad gateway</html>');
  assert.equal(html.code, 'http_503');
  assert.equal(html.retryable, true);
  assert.match(html.message, /暂时不可用/);
});

test('fields from a 422 are kept for the form', () => {
  const err = fromResponse(422, { error: { code: 'validation_error', message: 'x', fields: { id_number: ['bad'] } } });
  assert.deepEqual(err.fields, { id_number: ['bad'] });
});

test('no answer at all is a retryable network error', () => {
  const err = networkError('request:fail timeout');
  assert.equal(err.status, 0);
  assert.equal(err.code, 'network_error');
  assert.equal(err.retryable, true);
  assert.match(err.message, /网络/);
});

test('a programming error gets a plain message, not its own text', () => {
  assert.equal(messageOf(new TypeError('x')), '出现了意外错误，请稍后重试');
});
