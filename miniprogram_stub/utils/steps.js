// The signer's path, shared word for word with H5 (h5/common/signer-steps.js): both clients
// announce these titles, so a signer who switches client (or a helper beside them) sees the same steps.

const SIGNER_STEPS = [
  { id: 'verify', title: '核验身份' },
  { id: 'read', title: '阅读并签署' },
  { id: 'confirm', title: '确认签署' },
  { id: 'done', title: '签署完成' },
];

/** The shared title of step `id`, or '' for a side step (waiting, decline …). */
function stepTitle(id) {
  const step = SIGNER_STEPS.find((s) => s.id === id);
  return step ? step.title : '';
}

// What the page says while the sign request is on its way (a weak venue network is expected).
const SIGN_STATUS = {
  sending: '正在提交签署…',
  retrying: (n) => `网络较慢，正在重试（第${n}次），请勿离开本页…`,
  // After the error's own words: the server may have signed, so the retry carries the same key.
  unconfirmed: '签署结果尚未确认：请点击“重试签署”，不会重复签署。',
};

module.exports = { SIGNER_STEPS, stepTitle, SIGN_STATUS };
