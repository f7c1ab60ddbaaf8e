// An in-memory stand-in for the signer API, for unit tests of utils/api.js and the page:
// a transport function for the wx shim that answers like the server's contract, with hooks
// to make one call fail.

const { CHINESE } = require('../../utils/strings');

const BASE = 'https://signstage.test';

const DOCUMENTS = [{
  id: 'doc1', filename: '战略合作协议.pdf', page_count: 2,
  pages: [{ url: '/api/signer/scenes/SCENE1/documents/doc1/pages/1.png', width: 595, height: 842 },
    { url: '/api/signer/scenes/SCENE1/documents/doc1/pages/2.png', width: 595, height: 842 }],
  controls: [
    { id: 'c-seal', kind: 'seal', page: 1, x: 0.05, y: 0.1, w: 0.2, h: 0.08 },
    { id: 'c-sig', kind: 'signature', page: 1, x: 0.35, y: 0.1, w: 0.2, h: 0.08 },
    { id: 'c-date', kind: 'date', page: 2, x: 0.65, y: 0.1, w: 0.2, h: 0.08 },
  ],
}];

const SEALS = [{ id: 'seal1', name: '合同章', kind: 'contract', image_url: '/api/signer/scenes/SCENE1/seals/seal1.png' },
  { id: 'seal2', name: '公章', kind: 'official', image_url: '/api/signer/scenes/SCENE1/seals/seal2.png' }];

/**
 * The words as the server serves them: the real Chinese table, and for English a stand-in where each
 * text is its key in Latin letters with the same placeholders ("[mp.read.todo %(fields)s %(pages)s]"),
 * so any Chinese left on an English page can only be a literal the code kept, or user data.
 */
function stringsFor(lang) {
  if (lang !== 'en') return CHINESE;
  return Object.fromEntries(Object.entries(CHINESE).map(([key, zh]) => {
    const params = zh.match(/%\(\w+\)s/g) || [];
    return [key, `[${[key, ...params].join(' ')}]`];
  }));
}

function error(statusCode, code, message, extra = {}) {
  return { statusCode, data: { error: { code, message, ...extra } } };
}

/**
 * A scripted signer API. `api.failNext(pathPart, response)` makes the next request whose
 * URL contains `pathPart` answer `response` instead.
 */
function createScriptedApi({ participantStatus = 'notified', signingOpen = true, idNumberRequired, verified, seals = SEALS,
  language } = {}) {
  const state = {
    language, stringsAsked: [],
    participantStatus, signingOpen, idNumberRequired, sessionVerified: verified, verified: false, token: null, signKeys: [], signed: null, failures: [],
    verifyBodies: [], declined: null,
    copies: [], // answers of GET .../copy, in order (the last one repeats)
  };

  const routes = [
    ['GET', /\/api\/signer\/strings$/, (req) => {
      const lang = new URL(req.url).searchParams.get('lang');
      state.stringsAsked.push(lang);
      return { statusCode: 200, data: { language: lang === 'en' ? 'en' : 'zh', strings: stringsFor(lang) } };
    }],
    ['POST', /\/api\/signer\/login$/, (req) => {
      state.token = `tok-${req.data.channel}`;
      return { statusCode: 200, data: { token: state.token } };
    }],
    ['GET', /\/scenes\/SCENE1$/, () => ({ statusCode: 200, data: {
      meeting: { name: '战略合作签约仪式', starts_at: '2030-03-08T06:00:00+00:00', ends_at: '2030-03-08T08:00:00+00:00',
        status: 'scheduled', signing_open: state.signingOpen },
      participant: { role: 'signer', name_masked: '张*', enterprise_name: '甲公司', status: state.participantStatus,
        ...(state.language ? { language: state.language } : {}),
        ...(state.idNumberRequired === undefined ? {} : { id_number_required: state.idNumberRequired }) },
      ...(state.sessionVerified === undefined ? {} : { verified: state.sessionVerified }),
    } })],
    ['POST', /\/scenes\/SCENE1\/sms$/, () => ({ statusCode: 202, data: '' })],
    ['POST', /\/scenes\/SCENE1\/verify$/, (req) => {
      state.verifyBodies.push(req.data);
      state.verified = true;
      return { statusCode: 200, data: { verified: true } };
    }],
    ['GET', /\/scenes\/SCENE1\/documents$/, () => (state.signingOpen ? { statusCode: 200, data: DOCUMENTS }
      : error(409, 'signing_not_open', '签署尚未开始', { opens_at: '2030-03-08T05:30:00+00:00' }))],
    ['GET', /\/scenes\/SCENE1\/seals$/, () => ({ statusCode: 200, data: seals })],
    ['GET', /\.png$/, () => ({ statusCode: 200, body: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('fake')]) })],
    ['POST', /\/scenes\/SCENE1\/sign$/, (req) => {
      const key = req.header['Idempotency-Key'];
      state.signKeys.push(key);
      if (state.signed && state.signed.key !== key) return error(409, 'already_signed', '您已完成签署');
      state.signed = state.signed || { key, body: req.data };
      return { statusCode: 200, data: { status: 'signed', meeting_status: 'in_progress' } };
    }],
    ['POST', /\/scenes\/SCENE1\/decline$/, (req) => {
      state.declined = req.data.reason;
      return { statusCode: 200, data: { status: 'declined' } };
    }],
    ['GET', /\/scenes\/SCENE1\/copy$/, () => (state.copies.length > 1 ? state.copies.shift() : state.copies[0])
      || error(404, 'not_found', 'no copy scripted')],
    ['GET', /\.pdf$/, () => ({ statusCode: 200, body: Buffer.from('%PDF-1.7 fake') })],
    ['GET', /\/scenes\/[^/]+$/, () => error(404, 'scene_not_found', '二维码无效')],
  ];

  async function transport(req) {
    const i = state.failures.findIndex((f) => req.url.includes(f.pathPart));
    if (i >= 0) return state.failures.splice(i, 1)[0].response;
    if (!req.url.startsWith(BASE)) return { statusCode: 404, data: 'wrong host' };
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(req.url.split('?')[0]));
    if (!route) return { statusCode: 404, data: { error: { code: 'not_found', message: 'no route' } } };
    if (!/\/(login|strings)$/.test(req.url.split('?')[0]) && req.header.Authorization !== `Bearer ${state.token}`) {
      return error(401, 'invalid_token', '签署会话已失效');
    }
    return route[2](req);
  }

  return {
    BASE, state, transport, DOCUMENTS, SEALS,
    failNext(pathPart, response) {
      state.failures.push({ pathPart, response });
    },
    error,
  };
}

module.exports = { createScriptedApi, BASE, error, stringsFor };
