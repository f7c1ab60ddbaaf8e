// Times shown to signers are Beijing time (UTC+8, no daylight saving), whatever the phone's
// time zone: the SMS notice, the big screen and the organizer all speak Beijing time, and a
// signer abroad must see the same "14:00" as everyone else in the meeting.

const { t } = require('./strings');

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad2(n) {
  return String(n).padStart(2, '0');
}

/** The Beijing wall-clock parts of an ISO 8601 time, or null if it does not parse. */
function beijingParts(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes() };
}

/** "14:05" */
function formatClock(iso) {
  const p = beijingParts(iso);
  return p ? `${pad2(p.hour)}:${pad2(p.minute)}` : '';
}

/** The day in the signer's language: "3月8日" / "Mar 8". */
function dayText(p) {
  return t('mp.time.date', { month: t(`mp.time.month.${p.month}`), day: p.day });
}

/** "3月8日 14:05" / "Mar 8 14:05" */
function formatDateTime(iso) {
  const p = beijingParts(iso);
  return p ? `${dayText(p)} ${pad2(p.hour)}:${pad2(p.minute)}` : '';
}

/** The full date of a moment in Beijing: "2026年3月8日" / "Mar 8, 2026". */
function formatDate(ms) {
  const p = beijingParts(new Date(ms).toISOString());
  return p ? t('mp.time.full_date', { year: p.year, month: t(`mp.time.month.${p.month}`), day: p.day }) : '';
}

/** "3月8日 14:00–16:00 北京时间", or both dates when the meeting spans midnight; the zone is named. */
function formatRange(startIso, endIso) {
  const s = beijingParts(startIso);
  const e = beijingParts(endIso);
  if (!s || !e) return '';
  const sameDay = s.month === e.month && s.day === e.day;
  return `${formatDateTime(startIso)}–${sameDay ? formatClock(endIso) : formatDateTime(endIso)} ${t('time.zone')}`;
}

module.exports = { formatClock, formatDateTime, formatDate, formatRange };
