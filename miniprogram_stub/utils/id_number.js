// Mainland resident ID numbers (GB 11643-1999), checked on the phone before we ask the
// server: a typo then costs nothing, instead of one of the five verification attempts.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Upper-case and strip spaces, as people type them. */
function normalizeIdNumber(value) {
  return String(value || '').replace(/\s+/g, '').toUpperCase();
}

/** True for an 18-character number whose last character is the right check character. */
function isValidIdNumber(value) {
  const id = normalizeIdNumber(value);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11] === id[17];
}

module.exports = { normalizeIdNumber, isValidIdNumber };
