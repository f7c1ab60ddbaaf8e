// Small DOM helpers shared by the admin scripts: element builder, strings, times, errors.
const STRINGS = JSON.parse(document.getElementById('i18n')?.textContent || '{}');

export function t(key, params = {}) {
  const s = STRINGS[key] ?? key;
  return s.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ''));
}
window.SIGNSTAGE_T = t;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'style' && typeof v === 'object') setStyle(el, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Custom properties (--c) need setProperty; Object.assign on style silently drops them.
export function setStyle(el, styles) {
  for (const [k, v] of Object.entries(styles)) {
    if (k.startsWith('--')) el.style.setProperty(k, v); else el.style[k] = v;
  }
  return el;
}

export function clear(el, ...children) { el.replaceChildren(...children.flat(Infinity).filter(Boolean)); return el; }

// The page's language (<html lang>, the server's choice) and the zone every time is shown in.
export const LANG = document.documentElement.lang || 'zh-CN';
const ZONE = 'Asia/Shanghai';
const MOMENT = new Intl.DateTimeFormat(LANG, { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
const CLOCK = new Intl.DateTimeFormat(LANG, { timeZone: ZONE, timeStyle: 'short' });
const ZONE_NAME = new Intl.DateTimeFormat(LANG, { timeZone: ZONE, timeZoneName: 'long' });
// Digits only, for <input type="datetime-local"> values, whatever the page's language.
const INPUT = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit',
  day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

// "中国标准时间" / "China Standard Time", as the page's language names the zone.
export const zoneName = () => ZONE_NAME.formatToParts(new Date()).find((x) => x.type === 'timeZoneName')?.value || ZONE;

// "2026年12月5日 14:00 中国标准时间" / "Dec 5, 2026, 2:00 PM China Standard Time".
export function fmtTime(iso) {
  if (!iso) return '—';
  return `${MOMENT.format(new Date(iso))} ${zoneName()}`;
}

// A meeting's span, the day said once when it ends on the day it starts:
// "2026年12月5日 14:00 – 16:00 中国标准时间" / "Dec 5, 2026, 2:00 PM – 4:00 PM China Standard Time".
// (Intl's formatRange writes Chinese days as digits, 2026/12/5, unlike the page's other times.)
export function fmtRange(startIso, endIso) {
  if (!startIso || !endIso) return fmtTime(startIso || endIso);
  const sameDay = localInputValue(startIso).slice(0, 10) === localInputValue(endIso).slice(0, 10);
  const end = sameDay ? CLOCK.format(new Date(endIso)) : MOMENT.format(new Date(endIso));
  return `${MOMENT.format(new Date(startIso))} – ${end} ${zoneName()}`;
}

// "2025-06-01T14:00" as typed in China ⇄ ISO 8601 with +08:00.
export function localInputValue(iso) {
  if (!iso) return '';
  const p = Object.fromEntries(INPUT.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
export function isoFromInput(value) { return value ? `${value}:00+08:00` : ''; }

export function badge(status, label) {
  return h('span', { class: `badge badge-${status}` }, label ?? t(`status_${status}`));
}

export function alertBox(kind, ...content) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

// Show an API refusal: the message on top, each field's message under its input.
export function showError(form, err, box) {
  form?.querySelectorAll('.field-error').forEach((e) => e.remove());
  form?.querySelectorAll('.has-error').forEach((e) => e.classList.remove('has-error'));
  const target = box || form?.querySelector('.form-errors');
  if (target) clear(target, err ? alertBox('error', err.message || t('error_generic')) : null);
  if (!err || !form) return;
  for (const [name, msgs] of Object.entries(err.fields || {})) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const label = input?.closest('.field');
    if (!label) continue;
    label.classList.add('has-error');
    label.append(h('div', { class: 'field-error' }, [].concat(msgs).join(t('semicolon'))));
  }
}

export function toast(message, kind = 'success') {
  let host = document.getElementById('toasts');
  if (!host) { host = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' }); document.body.append(host); }
  const el = h('div', { class: `toast toast-${kind}` }, message);
  host.replaceChildren(el);  // one at a time: a stack would cover the page
  setTimeout(() => el.remove(), 3200);
}

export const SIGNER_COLOURS = ['#e5484d', '#1f5fd6', '#12a150', '#d9822b', '#8e4ec6', '#0e9aa7', '#c2185b', '#6b7c00'];

export function debounce(fn, ms) {
  let timer;
  const wrapped = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  wrapped.flush = (...args) => { clearTimeout(timer); return fn(...args); };
  return wrapped;
}
