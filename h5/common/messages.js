// What each refusal means to a person, in plain Chinese. Server messages are "中文 (English)";
// when a code is not listed here the Chinese half is shown, never the raw answer.

const minutes = (seconds) => Math.max(1, Math.ceil(Number(seconds) / 60));

const BY_CODE = {
  network: () => "网络连接失败，请检查网络后重试。",
  verification_failed: () => "身份核验未通过：请核对姓名、身份证号和短信验证码后重试。",
  locked_out: (e) => `验证失败次数过多，为保护您的身份安全，请${e.extra?.retry_after ? ` ${minutes(e.extra.retry_after)} 分钟` : " 15 分钟"}后再试。`,
  sms_rate_limited: (e) => BY_CODE.too_many_requests(e),
  too_many_requests: (e) => `验证码发送过于频繁，请${e.extra?.retry_after ? ` ${e.extra.retry_after} 秒` : "稍"}后再试。`,
  signing_not_open: () => "签约尚未开始：会议开始前 30 分钟开放签署。",
  meeting_cancelled: () => "本场签约仪式已取消。",
  meeting_ended: () => "本场签约仪式已结束，无法再签署。",
  meeting_completed: () => "合同已全部签署完成。",
  already_signed: () => "您已完成签署，无需重复操作。",
  already_declined: () => "您已拒绝签署本合同。",
  scene_not_found: () => "二维码无效或已过期，请重新扫描大屏上的二维码。",
  not_your_scene: () => "您已验证为其他签署人，不能使用此二维码。",
  not_verified: () => "请先完成身份验证。",
  signer_unmatched: () => "您的签署信息与企业登记信息不一致，请联系会议组织方。",
  invalid_token: () => "签署会话已失效，请重新扫码进入。",
  seal_not_granted: () => "您无权使用所选印章，请联系企业管理员。",
  activation_invalid: () => "激活链接无效或已过期，请联系企业管理员重新邀请。",
};

export function chineseMessage({ status, code, message = "", extra = {} }) {
  const known = BY_CODE[code];
  if (known) return known({ status, code, message, extra });
  const zh = String(message).split(" (")[0].trim();
  if (/[\u4e00-\u9fff]/.test(zh)) return zh.endsWith("。") ? zh : `${zh}。`;
  if (status === 413) return "文件过大，请压缩后重试。";
  if (status >= 500) return "服务暂时不可用，请稍后重试。";
  return "操作未成功，请稍后重试。";
}
