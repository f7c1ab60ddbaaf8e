// Step 1: the meeting's name and times (shown in Asia/Shanghai), its video link, and whether it is a rehearsal.
import { patch, post } from '../api.js';
import { clear, h, isoFromInput, localInputValue, showError, t, zoneName } from '../ui.js';

function defaults() {
  // Tomorrow 10:00–12:00 in China: a sensible first suggestion.
  const now = new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3);
  const day = now.toISOString().slice(0, 10);
  return { start: `${day}T10:00`, end: `${day}T12:00` };
}

const SCREEN_LANGUAGES = ['zh', 'en', 'bilingual'];

// The inputs follow the browser's language, not the page's: the label says which zone they are in.
const inZone = () => h('span', { class: 'field-zone muted' }, t('in_zone', { zone: zoneName() }));

export function render(ctx) {
  const m = ctx.meeting;
  const d = defaults();
  const form = h('form', { class: 'stack details-form', novalidate: true },
    h('div', { class: 'form-errors' }),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('meeting_name'), h('em', {}, '*')),
      h('input', { name: 'name', maxlength: 60, required: true, value: m?.name || '', placeholder: t('meeting_name_hint') }),
      h('span', { class: 'field-hint' }, t('meeting_name_help'))),
    h('div', { class: 'field-row' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('starts_at'), h('em', {}, '*'), inZone()),
        h('input', { name: 'starts_at', type: 'datetime-local', required: true, value: m ? localInputValue(m.starts_at) : d.start })),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('ends_at'), h('em', {}, '*'), inZone()),
        h('input', { name: 'ends_at', type: 'datetime-local', required: true, value: m ? localInputValue(m.ends_at) : d.end }))),
    h('p', { class: 'field-hint' }, t('time_help')),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('screen_language')),
      h('select', { name: 'screen_language', 'data-testid': 'screen-language' }, SCREEN_LANGUAGES.map((code) =>
        h('option', { value: code, selected: (m?.screen_language || 'zh') === code }, t(`screen_language_${code}`)))),
      h('span', { class: 'field-hint' }, t('screen_language_help'))),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('video_url')),
      h('input', { name: 'video_url', type: 'url', inputmode: 'url', maxlength: 500, value: m?.video_url || '',
        placeholder: 'https://meeting.tencent.com/dm/…', 'data-testid': 'video-url' }),
      h('span', { class: 'field-hint' }, t('video_url_help'))),
    // A rehearsal is fixed at booking: its PDFs are stamped then.
    h('label', { class: 'field field-check' },
      h('span', { class: 'switch' }, h('input', { type: 'checkbox', name: 'rehearsal', 'data-testid': 'rehearsal',
        checked: Boolean(m?.rehearsal), disabled: Boolean(m?.booked_at) }),
      h('span', { class: 'switch-track', 'aria-hidden': 'true' }), t('rehearsal')),
      h('span', { class: 'field-hint' }, t('rehearsal_help'))));
  const save = async () => {
    const body = { name: form.name.value.trim(), starts_at: isoFromInput(form.starts_at.value),
      ends_at: isoFromInput(form.ends_at.value), video_url: form.video_url.value.trim() || null };
    if (!m?.booked_at) body.rehearsal = form.rehearsal.checked;
    body.screen_language = form.screen_language.value;  // the big screen's (and audit trail's, poster's) language
    const missing = {};
    if (!body.name) missing.name = [t('required')];
    if (!body.starts_at) missing.starts_at = [t('required')];
    if (!body.ends_at) missing.ends_at = [t('required')];
    if (Object.keys(missing).length) { showError(form, { message: t('fix_fields'), fields: missing }); return; }
    try {
      const saved = m ? await patch(`/api/meetings/${ctx.id}`, body) : await post('/api/meetings', body);
      window.location.href = ctx.url('participants', saved.id);
    } catch (err) { showError(form, err); }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); save(); });
  clear(ctx.root, h('section', { class: 'card narrow-lg' }, h('h2', {}, t('step_details')), form),
    ctx.footer(null, null, { onNext: save, nextLabel: m ? t('save_and_next') : t('create_and_next') }));
}
