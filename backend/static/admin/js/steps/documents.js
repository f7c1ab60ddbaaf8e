// Step 3: upload PDFs and place signing controls on their pages.
import { del, post } from '../api.js';
import { ControlEditor } from '../control-editor.js';
import { alertBox, clear, h, t, toast } from '../ui.js';

export function render(ctx) {
  let current = null;
  let editor = null;
  const uploadBox = h('div', { class: 'form-errors' });
  const fileInput = h('input', { type: 'file', accept: 'application/pdf,.pdf', 'data-testid': 'pdf-input', hidden: true });
  const docList = h('ul', { class: 'doc-tabs' });
  const editorHost = h('div', { class: 'editor-host' });

  async function upload(file) {
    const form = new FormData();
    form.append('file', file);
    clear(uploadBox, alertBox('info', t('uploading', { name: file.name })));
    try {
      const doc = await post(`/api/meetings/${ctx.id}/documents`, form);
      clear(uploadBox);
      await ctx.reload();
      current = doc.id;
      refresh();
    } catch (err) { clear(uploadBox, alertBox('error', err.message)); }
  }

  async function remove(doc) {
    if (!confirm(t('confirm_remove_document', { name: doc.filename }))) return;
    try {
      await del(`/api/meetings/${ctx.id}/documents/${doc.id}`);
      await ctx.reload();
      if (current === doc.id) current = null;
      refresh();
    } catch (err) { toast(err.message, 'error'); }
  }

  function refresh() {
    const docs = ctx.meeting.documents;
    if (!docs.find((d) => d.id === current)) current = docs[0]?.id || null;
    clear(docList, docs.map((d) => h('li', { class: d.id === current ? 'active' : '' },
      h('button', { type: 'button', class: 'doc-tab', onclick: async () => { await editor?.flush(); current = d.id; refresh(); } },
        h('span', { class: 'doc-icon' }, 'PDF'), h('span', { class: 'doc-name' }, d.filename),
        h('span', { class: 'muted small' }, t('pages_n', { n: d.page_count }))),
      ctx.meeting.status === 'draft' ? h('button', { type: 'button', class: 'btn btn-xs btn-ghost-danger', title: t('delete'),
        onclick: () => remove(d) }, '×') : null)));
    editor?.destroy();
    editor = null;
    const doc = docs.find((d) => d.id === current);
    if (!doc) { clear(editorHost, h('div', { class: 'card empty-drop' }, h('p', {}, t('no_documents_yet')))); return; }
    const signers = ctx.meeting.participants.filter((p) => p.role === 'signer');
    if (!signers.length) {
      clear(editorHost, alertBox('warning', t('add_signers_first'), ' ', h('a', { href: ctx.url('participants') }, t('step_participants'))));
      return;
    }
    editor = new ControlEditor(editorHost, { doc, signers, readOnly: ctx.meeting.status !== 'draft',
      onSaved: (controls) => { doc.controls = controls; } });
  }

  const drop = h('label', { class: 'upload-drop' }, fileInput, h('strong', {}, t('upload_pdf')), h('span', { class: 'muted small' }, t('upload_pdf_hint')));
  fileInput.addEventListener('change', () => { if (fileInput.files[0]) upload(fileInput.files[0]); fileInput.value = ''; });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]); });

  clear(ctx.root,
    h('div', { class: 'docs-layout' },
      h('section', { class: 'card docs-side' }, h('h2', {}, t('documents')), ctx.meeting.status === 'draft' ? drop : null, uploadBox, docList),
      editorHost),
    ctx.footer('participants', null, { onNext: async () => { if (editor && !(await editor.flush())) return; ctx.go('layout'); } }));
  refresh();
}
