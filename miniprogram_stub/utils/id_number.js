// Identity document numbers, checked on the phone before we ask the server: a typo then costs
// nothing, instead of one of the five verification attempts. The rules are the server's
// (backend/lib/identity/documents.py); the mainland ID (GB 11643-1999) is the default kind.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Upper-case, strip spaces and use ASCII parentheses, as people type them. */
function normalizeIdNumber(value) {
  return String(value || '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toUpperCase();
}

function hasCheckCharacter(id) {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11] === id[17];
}

// Each kind: its label (the key of the field's placeholder in the served strings) and its check.
const KINDS = {
  resident_id: { label: 'id.resident_id.label', valid: hasCheckCharacter },
  hk_mo_permit: { label: 'id.hk_mo_permit.label', valid: (id) => /^[HM](\d{8}|\d{10})$/.test(id) },
  tw_permit: { label: 'id.tw_permit.label', valid: (id) => /^(\d{8}|\d{10}(\([A-Z]\))?)$/.test(id) },
  residence_permit: { label: 'id.residence_permit.label', valid: (id) => /^8[123]0000/.test(id) && hasCheckCharacter(id) },
  passport: { label: 'id.passport.label', valid: (id) => /^[A-Z0-9]{5,20}$/.test(id) },
};

function kindOf(idType) {
  return KINDS[idType] || KINDS.resident_id;
}

/** True when the number holds by its kind's rule (a mainland ID unless idType says otherwise). */
function isValidIdNumber(value, idType) {
  return kindOf(idType).valid(normalizeIdNumber(value));
}

/** The strings key of what the ID field is called for this kind of document. */
function idNumberLabel(idType) {
  return kindOf(idType).label;
}

module.exports = { normalizeIdNumber, isValidIdNumber, idNumberLabel };
