// The signer's path, shared word for word with H5 (h5/common/signer-steps.js): both clients
// announce these titles (the catalogue's "step.<id>"), so a signer who switches client (or a helper
// beside them) sees the same steps.

const { t } = require('./strings');

const SIGNER_STEPS = [
  { id: 'verify', key: 'step.verify' },
  { id: 'read', key: 'step.read' },
  { id: 'confirm', key: 'step.confirm' },
  { id: 'done', key: 'step.done' },
];

/** The shared title of step `id` in the signer's language, or '' for a side step (waiting, decline …). */
function stepTitle(id) {
  const step = SIGNER_STEPS.find((s) => s.id === id);
  return step ? t(step.key) : '';
}

// What the page says while the sign request is on its way (a weak venue network is expected).
const SIGN_STATUS = {
  get sending() { return t('mp.sign.sending'); },
  retrying: (n) => t('mp.sign.retrying', { n }),
  // After the error's own words: the server may have signed, so the retry carries the same key.
  get unconfirmed() { return t('mp.sign.unconfirmed'); },
};

module.exports = { SIGNER_STEPS, stepTitle, SIGN_STATUS };
