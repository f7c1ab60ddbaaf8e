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

const TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit',
  day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export function fmtTime(iso) {
  if (!iso) return '—';
  const p = Object.fromEntries(TIME.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

// "2025-06-01T14:00" as typed in China ⇄ ISO 8601 with +08:00.
export function localInputValue(iso) { return iso ? fmtTime(iso).replace(' ', 'T') : ''; }
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
    label.append(h('div', { class: 'field-error' }, [].concat(msgs).join('；')));
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
