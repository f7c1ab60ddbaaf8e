// The signer mini-program. Its only configuration is where the Signstage API lives.
//
// One base URL per mini-program version, so a developer build talks to a local server
// (`flask --app wsgi run` plus `python -m dev.fake_wechat.server`) while the released
// build talks to production. Every URL here must also be registered as a "request" and
// "downloadFile" legal domain in the WeChat admin console, or wx.request refuses it.
const API_BASE_URLS = {
  develop: 'http://127.0.0.1:5000',
  trial: 'https://staging.signstage.example.com',
  release: 'https://signstage.example.com',
};

function currentEnvVersion() {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion;
  } catch (e) {
    return 'release'; // older base libraries lack getAccountInfoSync: assume production
  }
}

App({
  globalData: {
    apiBaseUrl: API_BASE_URLS[currentEnvVersion()] || API_BASE_URLS.release,
  },
});
