// The signing page: open from the QR code → verify identity → read & mark → confirm → done,
// the same path and words as H5 (utils/steps.js).
//
// Steps (data.step): loading → verify → read → confirm → done, with side exits: decline (its own
// step from read: what declining means, a required reason, confirm or back; the fields stay as
// they were), waiting (signing not open yet), declined, fatal (nothing on this page can help,
// e.g. a cancelled meeting). A returning signer (verified earlier in this session, or a bound
// WeChat account) skips verify. The handwriting, the seal, the pages seen and a pending sign
// attempt's key are kept in wx storage, so a reload of the page loses none of them.
// Every handler returns its promise so tests can await it; WeChat ignores the return value.
//
// Words: every text comes from the server's strings (utils/strings.js) in the signer's language:
// the phone's at first, then the participant's once the scene names it. WXML reads them as `w`.

const { createApi } = require('../../utils/api');
const { sceneFromOptions } = require('../../utils/scene');
const { codeMessage, messageOf } = require('../../utils/errors');
const { idNumberLabel, isValidIdNumber, normalizeIdNumber } = require('../../utils/id_number');
const { Countdown } = require('../../utils/countdown');
const { SignAttempt } = require('../../utils/idempotency');
const { SignaturePad } = require('../../utils/signature_pad');
const { queryCanvas, canvasToBase64Png } = require('../../utils/canvas');
const { mapLimit } = require('../../utils/async');
const { wxCall } = require('../../utils/wx_promise');
const views = require('../../utils/view_models');
const { stepTitle, SIGN_STATUS } = require('../../utils/steps');
const { currentLanguage, languageOf, t, useStrings, words } = require('../../utils/strings');

const SMS_RESEND_SECONDS = 60;
const COPY_POLL_MS = 2000;
const DOWNLOADS_IN_FLIGHT = 4;
// On a congested venue network a small image of every page comes first, the sharp one after.
const PREVIEW_WIDTH = 240;
const DRAFT_PREFIX = 'signstage.draft.';

// After these, retrying on this page cannot help: say so full screen.
const FATAL_CODES = new Set([
  'scene_not_found', 'meeting_cancelled', 'meeting_ended', 'meeting_completed', 'not_your_scene',
  'wechat_not_configured', 'invalid_token', 'signer_unmatched',
]);

function windowInfo() {
  return wx.getWindowInfo ? wx.getWindowInfo() : wx.getSystemInfoSync();
}

/** The phone's language as WeChat reports it ("zh_CN", "en" …). */
function phoneLanguage() {
  try {
    return languageOf((wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync()).language);
  } catch (e) {
    return 'zh';
  }
}

function pixelRatio() {
  return windowInfo().pixelRatio || 2;
}

/** Page images rendered for this screen (sharp, not wasteful), or `width` px: the server's `?width=`. */
function withRenderWidth(url, width) {
  const info = windowInfo();
  const px = width || Math.min(1600, Math.round((info.windowWidth || 375) * (info.pixelRatio || 2)));
  return `${url}${url.includes('?') ? '&' : '?'}width=${px}`;
}

Page({
  data: {
    w: words(),
    language: 'zh',
    step: 'loading',
    stepTitle: '',
    smsButtonText: '',
    progressText: '',
    sealLine: '',
    dateLine: '',
    fatalMessage: '',
    notice: '',
    error: '',
    meeting: null,
    form: { name: '', idNumber: '', smsCode: '' },
    idNumberRequired: true,
    idType: 'resident_id', // the registered document's kind: its label and check (utils/id_number.js)
    idLabel: t('id.resident_id.label'),
    smsLeft: 0,
    sendingSms: false,
    verifying: false,
    documents: [],
    seals: [],
    sealIndex: -1,
    needsSeal: false,
    signatureEmpty: true,
    signatureDone: false,
    fields: [],
    pageStrip: [],
    unseenCount: 0,
    unfilledCount: 0,
    scrollInto: '',
    padOpen: false,
    sealChoiceOpen: false,
    dateText: '',
    confirmNames: [],
    signing: false,
    signStatus: '',
    retryPending: false,
    doneText: '',
    copy: null,
    declineReason: '',
    declineError: '',
    declining: false,
  },

  // ---- opening --------------------------------------------------------------------------

  onLoad(options) {
    this.scene = sceneFromOptions(options);
    this.api = createApi({ baseUrl: getApp().globalData.apiBaseUrl, wx });
    this.countdown = new Countdown((left) => this.setData({ smsLeft: left, smsButtonText: this.smsButtonText(left) }));
    this.attempt = new SignAttempt();
    this.pad = new SignaturePad();
    this.sealControlIds = [];
    this.seen = [];
    return this.start();
  },

  onUnload() {
    this.countdown.stop();
    clearTimeout(this.copyTimer);
    this.copyTimer = null;
    this.unloaded = true;
    if (this.pageObserver) this.pageObserver.disconnect();
  },

  /** Go to `step`, announcing its shared title (the navigation bar and the page heading say it). */
  go(step, extra = {}) {
    const title = stepTitle(step);
    this.setData({ step, ...(title ? { stepTitle: title } : {}), ...extra });
    if (title && wx.setNavigationBarTitle) wx.setNavigationBarTitle({ title });
  },

  /** Speak `language` from now on: the server's words for it (the bundled Chinese when they cannot come). */
  async speak(language) {
    if (!language || (language === currentLanguage() && this.spoken)) return;
    this.spoken = true;
    try {
      const body = await this.api.strings(language);
      useStrings(body.language, body.strings);
    } catch (error) {
      // Offline or an older server: the bundled Chinese words stand in; signing goes on.
    }
    this.setData({ w: words(), language: currentLanguage(), smsButtonText: this.smsButtonText(this.data.smsLeft),
                   idLabel: t(idNumberLabel(this.data.idType)) });
    if (wx.setNavigationBarTitle) wx.setNavigationBarTitle({ title: this.data.stepTitle || t('mp.app_title') });
  },

  smsButtonText(left) {
    return left > 0 ? t('mp.sms.resend_in', { n: left }) : t('mp.sms.get');
  },

  async start() {
    this.setData({ step: 'loading', error: '' });
    await this.speak(phoneLanguage());
    if (!this.scene) return this.fail(codeMessage('scene_not_found'));
    try {
      await this.api.login();
      const body = await this.api.scene(this.scene);
      await this.speak(body.participant.language); // the participant's language wins over the phone's
      // A WeChat account already bound to this signer need not retype the ID number
      // (the server still matches name and phone); the server says so when it applies.
      this.setData({ meeting: views.meetingView(body), idNumberRequired: body.participant.id_number_required !== false,
                     idType: body.participant.id_type || 'resident_id', idLabel: t(idNumberLabel(body.participant.id_type)) });
      const status = body.participant.status;
      if (status === 'signed') return this.finish(t('notice.already_signed'), { verified: body.verified });
      if (status === 'declined') return this.setData({ step: 'declined' });
      if (body.verified) return this.loadDocuments(); // this session verified earlier
      this.go('verify');
    } catch (error) {
      // Before the verify form there is nothing to correct: any failure is shown full screen.
      this.fail(messageOf(error));
    }
  },

  onRetryStart() {
    return this.start();
  },

  // ---- verification -----------------------------------------------------------------------

  onInput(e) {
    this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, error: '' });
  },

  /** The first problem with the form, or '' (checked here so a typo costs no attempt). */
  formProblem({ needSmsCode }) {
    const { name, idNumber, smsCode } = this.data.form;
    if (!name.trim()) return t('mp.form.name_required');
    if (this.data.idNumberRequired && !isValidIdNumber(idNumber, this.data.idType)) return t('mp.form.id_invalid_kind', { label: this.data.idLabel });
    if (needSmsCode && !/^\d{6}$/.test(smsCode.trim())) return t('mp.form.code_required');
    return '';
  },

  async onSendSms() {
    if (this.countdown.running || this.data.sendingSms) return;
    this.setData({ sendingSms: true, error: '' });
    try {
      await this.api.sendSms(this.scene);
      this.countdown.start(SMS_RESEND_SECONDS);
      wx.showToast({ title: t('mp.sms.sent'), icon: 'success' });
    } catch (error) {
      if (error.code === 'sms_rate_limited' && error.details.retry_after) this.countdown.start(error.details.retry_after);
      this.showError(error);
    } finally {
      this.setData({ sendingSms: false });
    }
  },

  /** WeChat's phone-number button: `e.detail.code` proves the phone, once, for 5 minutes. */
  onPhoneNumber(e) {
    const code = e && e.detail && e.detail.code;
    if (!code) {
      this.setData({ error: t('mp.phone.denied') });
      return Promise.resolve();
    }
    return this.verifyWith({ phoneCode: code });
  },

  onVerifySms() {
    return this.verifyWith({ smsCode: this.data.form.smsCode.trim() });
  },

  async verifyWith(proof) {
    const problem = this.formProblem({ needSmsCode: !proof.phoneCode });
    if (problem) return this.setData({ error: problem });
    if (this.data.verifying) return undefined;
    this.setData({ verifying: true, error: '' });
    try {
      const { name, idNumber } = this.data.form;
      const id = this.data.idNumberRequired ? normalizeIdNumber(idNumber) : undefined;
      await this.api.verify(this.scene, { name: name.trim(), idNumber: id, ...proof });
      this.countdown.stop();
      await this.loadDocuments();
    } catch (error) {
      this.showError(error);
    } finally {
      this.setData({ verifying: false });
    }
    return undefined;
  },

  // ---- documents and seals ----------------------------------------------------------------

  async loadDocuments() {
    let documents;
    let seals;
    try {
      [documents, seals] = await Promise.all([this.api.documents(this.scene), this.api.seals(this.scene)]);
    } catch (error) {
      if (error.code === 'signing_not_open') return this.setData({ step: 'waiting', notice: error.message });
      throw error;
    }
    const pageSrcs = await this.downloadAll(documents.map((doc) => doc.pages.map((p) => withRenderWidth(p.url, PREVIEW_WIDTH))));
    const sealSrcs = (await this.downloadAll([seals.map((s) => s.image_url)]))[0];
    this.sealControlIds = views.sealControlIds(documents);
    const docs = views.documentsView(documents, (d, p) => pageSrcs[d][p]);
    const sealViews = views.sealsView(seals, (i) => sealSrcs[i]);
    const draft = this.readDraft();
    const keys = docs.flatMap((doc, d) => doc.pages.map((page) => views.pageKey(d, page.number)));
    this.seen = (draft.seen || []).filter((k) => keys.includes(k));
    let sealIndex = sealViews.findIndex((seal) => seal.id === draft.sealId);
    if (sealIndex < 0 && sealViews.length === 1) sealIndex = 0; // one granted seal: chosen for them
    this.pad.replay(draft.strokes || []);
    this.signaturePng = draft.signaturePng || '';
    if (draft.attemptKey) this.attempt.key = draft.attemptKey; // a sign that may have reached the server
    this.go('read', {
      notice: '',
      documents: docs,
      seals: sealViews,
      sealIndex,
      needsSeal: this.sealControlIds.length > 0,
      signatureDone: Boolean(draft.signatureDone && draft.signaturePng) && !this.pad.isEmpty,
      signatureEmpty: this.pad.isEmpty,
      dateText: views.todayText(),
      dateLine: t('mp.confirm.date', { date: views.todayText() }),
      confirmNames: docs.map((doc) => t('doc.name', { name: doc.filename })),
      retryPending: Boolean(draft.attemptKey),
    });
    this.refreshProgress();
    this.observePages();
    return this.sharpenPages(documents);
  },

  /** Replace each small page image by the sharp one as it arrives (a failed one keeps the small image). */
  sharpenPages(documents) {
    const items = documents.flatMap((doc, d) => doc.pages.map((page, p) => ({ d, p, url: withRenderWidth(page.url) })));
    return mapLimit(items, DOWNLOADS_IN_FLIGHT, async ({ d, p, url }) => {
      const path = await this.api.download(url).catch(() => '');
      if (path && !this.unloaded && this.data.documents[d]) this.setData({ [`documents[${d}].pages[${p}].src`]: path });
    });
  },

  /** Recompute the fields and the page strip from what the signer has done so far. */
  refreshProgress() {
    const seal = this.data.seals[this.data.sealIndex];
    const fields = views.fieldsView(this.data.documents, {
      signatureDone: this.data.signatureDone, sealLabel: seal ? seal.label : '', dateText: this.data.dateText,
    });
    const pageStrip = views.pageStrip(this.data.documents, this.seen);
    const unfilledCount = fields.filter((f) => !f.filled).length;
    const unseenCount = pageStrip.filter((p) => !p.seen).length;
    this.setData({
      fields, pageStrip, unfilledCount, unseenCount,
      progressText: t('mp.read.todo', { fields: unfilledCount, pages: unseenCount }),
      sealLine: seal ? t('mp.confirm.seal', { seal: seal.label }) : '',
    });
  },

  /** Mark pages seen as they scroll into view: no forced scrolling, the strip shows what is left. */
  observePages() {
    if (!this.createIntersectionObserver) return; // outside WeChat the tests report views themselves
    if (this.pageObserver) this.pageObserver.disconnect();
    this.pageObserver = this.createIntersectionObserver({ observeAll: true, thresholds: [0.5] });
    this.pageObserver.relativeToViewport().observe('.sheet', (res) => this.onSheetVisible(res));
  },

  /** A page was (at least half) on screen: `res.dataset.key` names it. */
  onSheetVisible(res) {
    const key = res && res.dataset && res.dataset.key;
    if (!key || (res.intersectionRatio !== undefined && res.intersectionRatio < 0.5) || this.seen.includes(key)) return;
    this.seen.push(key);
    this.saveDraft();
    this.refreshProgress();
  },

  /** A tap on the page strip scrolls to that page. */
  onStripTap(e) {
    this.setData({ scrollInto: e.currentTarget.dataset.anchor });
  },

  /** "Next" jumps to the next field still to fill, then to the next page not yet seen. */
  onNextField() {
    const field = this.data.fields.find((f) => !f.filled);
    if (field) return this.setData({ scrollInto: field.anchor, error: '' });
    const unseen = this.data.pageStrip.find((p) => !p.seen);
    if (unseen) return this.setData({ scrollInto: unseen.anchor, error: '' });
    return this.onToConfirm();
  },

  /** Tapping a field opens the pad or the seal choice in place; the date fills itself. */
  onFieldTap(e) {
    const { kind } = e.currentTarget.dataset;
    if (kind === 'signature') return this.openPad();
    if (kind === 'seal') {
      if (this.data.seals.length === 0) return this.setData({ error: t('mp.seal.none') });
      return this.setData({ sealChoiceOpen: true, error: '' });
    }
    return undefined;
  },

  /** Leave reading for the confirmation, or say (and show) what is still missing. */
  onToConfirm() {
    if (this.data.needsSeal && this.data.seals.length === 0) {
      return this.setData({ error: t('mp.seal.none') });
    }
    const field = this.data.fields.find((f) => !f.filled);
    if (field) {
      return this.setData({ scrollInto: field.anchor,
        error: t('mp.read.fields_left', { n: this.data.unfilledCount, kind: field.kindText }) });
    }
    if (!this.data.signatureDone) { // every signature is handwritten, even without a signature box to tap
      return this.openPad(t('mp.read.sign_first'));
    }
    const unseen = this.data.pageStrip.find((p) => !p.seen);
    if (unseen) {
      return this.setData({ scrollInto: unseen.anchor, error: t('mp.read.pages_left', { n: this.data.unseenCount }) });
    }
    this.go('confirm', { error: '', signStatus: '' });
    return undefined;
  },

  onConfirmBack() {
    if (this.data.signing) return;
    this.go('read', { error: '', signStatus: '' });
  },

  // ---- the draft (survives a reload) -----------------------------------------------------

  draftKey() {
    return `${DRAFT_PREFIX}${this.scene}`;
  },

  readDraft() {
    const raw = wx.getStorageSync(this.draftKey());
    return raw && typeof raw === 'object' ? raw : {};
  },

  saveDraft() {
    const seal = this.data.seals[this.data.sealIndex];
    wx.setStorageSync(this.draftKey(), {
      strokes: this.pad.strokes, signatureDone: this.data.signatureDone, signaturePng: this.signaturePng || '', sealId: seal ? seal.id : null,
      seen: this.seen || [], attemptKey: this.attempt.key,
    });
  },

  clearDraft() {
    wx.removeStorageSync(this.draftKey());
  },

  onRefreshDocuments() {
    this.setData({ error: '' });
    return this.loadDocuments().catch((error) => this.showError(error));
  },

  /** Download nested lists of image URLs; a failed image becomes '' (shown as a placeholder). */
  async downloadAll(urlLists) {
    const flat = urlLists.flatMap((urls, i) => urls.map((url, j) => ({ url, i, j })));
    const paths = await mapLimit(flat, DOWNLOADS_IN_FLIGHT, (item) => this.api.download(item.url).catch(() => ''));
    const out = urlLists.map((urls) => new Array(urls.length).fill(''));
    flat.forEach((item, k) => { out[item.i][item.j] = paths[k]; });
    return out;
  },

  /** The seal choice: `data-index` of the tapped seal. */
  onSealChoose(e) {
    const index = Number(e.currentTarget.dataset.index);
    if (index !== this.data.sealIndex) this.attempt.reset(); // another seal is another attempt
    this.setData({ sealIndex: index, sealChoiceOpen: false, error: '' });
    this.saveDraft();
    this.refreshProgress();
  },

  onSealChoiceClose() {
    this.setData({ sealChoiceOpen: false });
  },

  // ---- handwriting ------------------------------------------------------------------------

  /** Open the pad in place (over the document); the ink written before is drawn again. */
  openPad(why = '') {
    return new Promise((resolve) => {
      this.setData({ padOpen: true, error: why }, () => this.initPad().then(resolve));
    });
  },

  async initPad() {
    try {
      const { canvas, width, height } = await queryCanvas(wx, this, '#signature-pad');
      this.pad.attach(canvas, { width, height, dpr: pixelRatio() });
      this.setData({ signatureEmpty: this.pad.isEmpty });
    } catch (error) {
      this.setData({ error: t('mp.pad.failed') });
    }
  },

  onPadStart(e) {
    const t = e.touches[0];
    this.attempt.reset(); // new ink is a new attempt
    this.pad.start(t.x, t.y);
  },

  onPadMove(e) {
    const t = e.touches[0];
    this.pad.move(t.x, t.y);
  },

  onPadEnd() {
    this.pad.end();
    if (this.data.signatureEmpty !== this.pad.isEmpty) this.setData({ signatureEmpty: this.pad.isEmpty, error: '' });
    this.saveDraft();
  },

  onPadClear() {
    this.pad.clear();
    this.signaturePng = '';
    this.attempt.reset();
    this.setData({ signatureEmpty: true, signatureDone: false });
    this.saveDraft();
    this.refreshProgress();
  },

  /** "Done": the handwriting goes on every signature field (exported now: the pad closes). */
  async onPadDone() {
    if (this.pad.isEmpty) return this.setData({ error: t('mp.pad.empty') });
    try {
      this.signaturePng = await canvasToBase64Png(wx, this.pad.canvas);
    } catch (error) {
      return this.setData({ error: t('mp.pad.save_failed') });
    }
    this.setData({ padOpen: false, signatureDone: true, error: '' });
    this.saveDraft();
    this.refreshProgress();
    return undefined;
  },

  // ---- sign / decline ---------------------------------------------------------------------

  /** The one consent: sign what the confirmation names. Retries keep the attempt's key. */
  async onSign() {
    if (this.data.signing || this.data.step !== 'confirm') return;
    this.setData({ signing: true, error: '', signStatus: SIGN_STATUS.sending });
    try {
      const { signaturePng } = this;
      const seal = this.data.seals[this.data.sealIndex];
      const seals = seal ? views.sealChoices(this.sealControlIds, seal.id) : {};
      const idempotencyKey = this.attempt.current();
      this.saveDraft(); // a reload mid-request resends with this key, and the server signs once
      const result = await this.api.sign(this.scene, { signaturePng, seals }, {
        idempotencyKey, onRetry: (n) => this.setData({ signStatus: SIGN_STATUS.retrying(n) }),
      });
      this.attempt.reset();
      this.clearDraft();
      await this.finish(views.doneText(result.meeting_status), { verified: true });
    } catch (error) {
      // Keep the key only when the server may have signed already and not told us.
      if (!error.retryable) this.attempt.reset();
      this.saveDraft();
      if (error.code === 'already_signed') this.finish(t('notice.already_signed'));
      else if (error.retryable) this.setData({ error: `${messageOf(error)}${SIGN_STATUS.unconfirmed}` });
      else this.showError(error);
    } finally {
      this.setData({ signing: false, signStatus: '', retryPending: Boolean(this.attempt.key) });
    }
  },

  /** Declining is a step of its own, never a tap beside "confirm": the documents and the pad wait behind it. */
  onDecline() {
    if (this.data.signing) return;
    this.setData({ step: 'decline', declineError: '', error: '' });
  },

  onDeclineInput(e) {
    this.setData({ declineReason: e.detail.value, declineError: '' });
  },

  onDeclineBack() {
    this.go('read', { declineError: '' });
  },

  async onDeclineConfirm() {
    if (this.data.declining) return;
    const reason = this.data.declineReason.trim();
    if (!reason) {
      this.setData({ declineError: t('mp.decline.reason_required') });
      return;
    }
    this.setData({ declining: true, declineError: '' });
    try {
      await this.api.decline(this.scene, reason);
      this.setData({ step: 'declined', error: '' });
    } catch (error) {
      this.showError(error);
      // What the signer can act on here stays on this step, under the reason.
      if (this.data.step === 'decline') this.setData({ declineError: this.data.error, error: '' });
    } finally {
      this.setData({ declining: false });
    }
  },

  // ---- outcomes ---------------------------------------------------------------------------

  showError(error) {
    if (FATAL_CODES.has(error.code)) return this.fail(messageOf(error));
    if (error.code === 'already_signed') return this.finish(t('notice.already_signed'));
    if (error.code === 'already_declined') return this.setData({ step: 'declined', error: '' });
    if (error.code === 'signing_not_open') return this.setData({ step: 'waiting', notice: error.message });
    return this.setData({ error: messageOf(error) });
  },

  fail(message) {
    this.countdown.stop();
    this.setData({ step: 'fatal', fatalMessage: message });
  },

  finish(text, { verified = false } = {}) {
    this.countdown.stop();
    this.clearDraft();
    this.go('done', { doneText: text, error: '' });
    return verified ? this.watchCopy() : undefined;
  },

  // ---- the signed copy --------------------------------------------------------------------

  /** Follow the signed copy until it is ready (its progress meanwhile); quiet when there will be none. */
  async watchCopy() {
    clearTimeout(this.copyTimer);
    if (this.unloaded) return;
    let copy;
    try {
      copy = views.copyView(await this.api.copy(this.scene));
    } catch (error) {
      copy = null; // not verified in this session: the completion SMS carries the link instead
    }
    this.setData({ copy });
    if (copy && copy.state === 'generating') this.copyTimer = setTimeout(() => this.watchCopy(), COPY_POLL_MS);
  },

  /** Open a file of the signed copy in WeChat's viewer (its menu saves or forwards it). */
  async onOpenCopyFile(e) {
    const file = this.data.copy.files.find((f) => f.key === e.currentTarget.dataset.key);
    try {
      const filePath = await this.api.download(file.url);
      await wxCall(wx, 'openDocument', { filePath, fileType: 'pdf', showMenu: true });
    } catch (error) {
      this.setData({ error: messageOf(error) });
    }
  },
});
