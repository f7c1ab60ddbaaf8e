// The signing page: open from the QR code → verify identity → read the documents → sign.
//
// Steps (data.step): loading → verify → sign → done, with side exits: decline (its own step from
// sign: what declining means, a required reason, confirm or back; the pad stays as it was),
// waiting (signing not open yet), declined, fatal (nothing on this page can help, e.g. a cancelled meeting).
// Every handler returns its promise so tests can await it; WeChat ignores the return value.

const { createApi } = require('../../utils/api');
const { sceneFromOptions } = require('../../utils/scene');
const { messageOf } = require('../../utils/errors');
const { isValidIdNumber, normalizeIdNumber } = require('../../utils/id_number');
const { Countdown } = require('../../utils/countdown');
const { SignAttempt } = require('../../utils/idempotency');
const { SignaturePad } = require('../../utils/signature_pad');
const { queryCanvas, canvasToBase64Png } = require('../../utils/canvas');
const { mapLimit } = require('../../utils/async');
const { wxCall } = require('../../utils/wx_promise');
const views = require('../../utils/view_models');

const SMS_RESEND_SECONDS = 60;
const COPY_POLL_MS = 2000;
const DOWNLOADS_IN_FLIGHT = 4;

// After these, retrying on this page cannot help: say so full screen.
const FATAL_CODES = new Set([
  'scene_not_found', 'meeting_cancelled', 'meeting_ended', 'meeting_completed', 'not_your_scene',
  'wechat_not_configured', 'invalid_token', 'signer_unmatched',
]);

function windowInfo() {
  return wx.getWindowInfo ? wx.getWindowInfo() : wx.getSystemInfoSync();
}

function pixelRatio() {
  return windowInfo().pixelRatio || 2;
}

/** Page images rendered for this screen (sharp, not wasteful): the server's `?width=` in px. */
function withRenderWidth(url) {
  const info = windowInfo();
  const width = Math.min(1600, Math.round((info.windowWidth || 375) * (info.pixelRatio || 2)));
  return `${url}${url.includes('?') ? '&' : '?'}width=${width}`;
}

Page({
  data: {
    step: 'loading',
    fatalMessage: '',
    notice: '',
    error: '',
    meeting: null,
    form: { name: '', idNumber: '', smsCode: '' },
    idNumberRequired: true,
    smsLeft: 0,
    sendingSms: false,
    verifying: false,
    documents: [],
    seals: [],
    sealIndex: 0,
    needsSeal: false,
    signatureEmpty: true,
    signing: false,
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
    this.countdown = new Countdown((left) => this.setData({ smsLeft: left }));
    this.attempt = new SignAttempt();
    this.pad = new SignaturePad();
    this.sealControlIds = [];
    return this.start();
  },

  onUnload() {
    this.countdown.stop();
    clearTimeout(this.copyTimer);
    this.copyTimer = null;
    this.unloaded = true;
  },

  async start() {
    if (!this.scene) return this.fail('二维码无效，请扫描大屏上属于您的二维码');
    this.setData({ step: 'loading', error: '' });
    try {
      await this.api.login();
      const body = await this.api.scene(this.scene);
      // A WeChat account already bound to this signer need not retype the ID number
      // (the server still matches name and phone); the server says so when it applies.
      this.setData({ meeting: views.meetingView(body), idNumberRequired: body.participant.id_number_required !== false });
      const status = body.participant.status;
      if (status === 'signed') return this.finish('您已完成签署', { verified: body.verified });
      if (status === 'declined') return this.setData({ step: 'declined' });
      if (body.verified) return this.loadDocuments(); // this session verified earlier
      this.setData({ step: 'verify' });
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
    if (!name.trim()) return '请输入姓名';
    if (this.data.idNumberRequired && !isValidIdNumber(idNumber)) return '身份证号格式不正确，请核对';
    if (needSmsCode && !/^\d{6}$/.test(smsCode.trim())) return '请输入6位短信验证码';
    return '';
  },

  async onSendSms() {
    if (this.countdown.running || this.data.sendingSms) return;
    this.setData({ sendingSms: true, error: '' });
    try {
      await this.api.sendSms(this.scene);
      this.countdown.start(SMS_RESEND_SECONDS);
      wx.showToast({ title: '验证码已发送', icon: 'success' });
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
      this.setData({ error: '未获得手机号授权，您也可以使用短信验证码验证' });
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
    const pageSrcs = await this.downloadAll(documents.map((doc) => doc.pages.map((p) => withRenderWidth(p.url))));
    const sealSrcs = (await this.downloadAll([seals.map((s) => s.image_url)]))[0];
    this.sealControlIds = views.sealControlIds(documents);
    return new Promise((resolve) => {
      this.setData({
        step: 'sign',
        notice: '',
        documents: views.documentsView(documents, (d, p) => pageSrcs[d][p]),
        seals: views.sealsView(seals, (i) => sealSrcs[i]),
        sealIndex: 0,
        needsSeal: this.sealControlIds.length > 0,
      }, () => this.initPad().then(resolve));
    });
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

  onSealChange(e) {
    this.attempt.reset(); // another seal is another attempt
    this.setData({ sealIndex: Number(e.detail.value) });
  },

  // ---- handwriting ------------------------------------------------------------------------

  async initPad() {
    try {
      const { canvas, width, height } = await queryCanvas(wx, this, '#signature-pad');
      this.pad.attach(canvas, { width, height, dpr: pixelRatio() });
      this.setData({ signatureEmpty: true });
    } catch (error) {
      this.setData({ error: '签名板加载失败，请退出后重新扫码' });
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
  },

  onPadClear() {
    this.pad.clear();
    this.attempt.reset();
    this.setData({ signatureEmpty: true });
  },

  // ---- sign / decline ---------------------------------------------------------------------

  signProblem() {
    if (this.pad.isEmpty) return '请先在签名区手写您的签名';
    if (this.data.needsSeal && this.data.seals.length === 0) return '您没有可用的印章授权，请联系本企业管理员';
    return '';
  },

  async onSign() {
    if (this.data.signing) return;
    const problem = this.signProblem();
    if (problem) {
      this.setData({ error: problem });
      return;
    }
    const { confirm } = await wxCall(wx, 'showModal', {
      title: '确认签署', content: '提交后即完成签署，不可撤销。', confirmText: '确认签署', confirmColor: '#b71c1c',
    });
    if (!confirm) return;
    this.setData({ signing: true, error: '' });
    try {
      const signaturePng = await canvasToBase64Png(wx, this.pad.canvas);
      const seal = this.data.seals[this.data.sealIndex];
      const seals = seal ? views.sealChoices(this.sealControlIds, seal.id) : {};
      const result = await this.api.sign(this.scene, { signaturePng, seals }, { idempotencyKey: this.attempt.current() });
      this.attempt.reset();
      await this.finish(views.doneText(result.meeting_status), { verified: true });
    } catch (error) {
      // Keep the key only when the server may have signed already and not told us.
      if (!error.retryable) this.attempt.reset();
      if (error.code === 'already_signed') this.finish('您已完成签署');
      else this.showError(error);
    } finally {
      this.setData({ signing: false });
    }
  },

  /** Declining is a step of its own, never a tap beside 确认签署: the documents and the pad wait behind it. */
  onDecline() {
    if (this.data.signing) return;
    this.setData({ step: 'decline', declineError: '', error: '' });
  },

  onDeclineInput(e) {
    this.setData({ declineReason: e.detail.value, declineError: '' });
  },

  onDeclineBack() {
    this.setData({ step: 'sign', declineError: '' });
  },

  async onDeclineConfirm() {
    if (this.data.declining) return;
    const reason = this.data.declineReason.trim();
    if (!reason) {
      this.setData({ declineError: '请填写拒签原因，组织方将据此与您沟通' });
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
    if (error.code === 'already_signed') return this.finish('您已完成签署');
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
    this.setData({ step: 'done', doneText: text, error: '' });
    return verified ? this.watchCopy() : undefined;
  },

  // ---- the signed copy --------------------------------------------------------------------

  /** Follow the signed copy until it is ready ("正在生成" meanwhile); quiet when there will be none. */
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
