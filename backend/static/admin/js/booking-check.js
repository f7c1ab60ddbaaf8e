// What the server's booking check (GET /api/meetings/{id}/check) found, in the page's language.
// The rules live on the server only; a code picks the translated sentence, and the server's own
// message stands in for a code this page does not know yet.
import { get } from './api.js';
import { t } from './ui.js';

const MESSAGES = {
  no_host: () => t('need_host'),
  too_few_enterprises: () => t('need_two_enterprises'),
  no_documents: () => t('need_document'),
  // Which part is wrong: the enterprise (not registered, not approved) or the person (never which field).
  signer_unmatched: (x) => t(x.reason && x.reason !== 'person_unmatched' ? `signer_${x.reason}` : 'signer_unmatched',
    { name: x.participant, enterprise: x.enterprise }),
  counterparty_pending: (x) => t('counterparty_pending', { enterprise: x.enterprise }),
  signer_not_activated: (x) => t('signer_not_activated', { name: x.participant }),
  signer_without_controls: (x) => t('signer_without_controls', { name: x.participant }),
  signer_without_seal: (x) => t('signer_without_seal', { name: x.participant }),
  enterprise_without_seal: (x) => t('enterprise_without_seal', { enterprise: x.enterprise }),
};

export const explain = (item) => (MESSAGES[item.code] ? MESSAGES[item.code](item) : item.message);

// {problems, warnings} as sentences, optionally only the codes a step cares about.
export async function checkBooking(meetingId, codes = null) {
  const check = await get(`/api/meetings/${meetingId}/check`);
  const keep = (item) => !codes || codes.includes(item.code);
  return { problems: check.problems.filter(keep).map(explain), warnings: check.warnings.filter(keep).map(explain) };
}
