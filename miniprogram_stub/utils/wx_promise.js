// WeChat's callback APIs (success/fail) as promises, so callers can use async/await.

/**
 * Call `wx[name](options)` and settle with its success or fail payload.
 * A fail payload is WeChat's `{errMsg}`; we wrap it in an Error so stack traces survive.
 */
function wxCall(wx, name, options = {}) {
  return new Promise((resolve, reject) => {
    wx[name]({
      ...options,
      success: resolve,
      fail: (err) => {
        const error = new Error((err && err.errMsg) || `${name}:fail`);
        error.errMsg = err && err.errMsg;
        reject(error);
      },
    });
  });
}

module.exports = { wxCall };
