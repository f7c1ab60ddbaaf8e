// Where the signer's scene token comes from when the mini-program opens.
//
// A mini-program code (getwxacodeunlimit) delivers it as `options.scene`, URL-encoded by
// WeChat. A plain QR code of the H5 link (PUBLIC_BASE_URL/h5/s/{scene}), when the link is
// registered for "扫普通链接二维码打开小程序", arrives as `options.q`, the encoded URL.

const SCENE_PATTERN = /^[0-9A-Za-z]{1,32}$/;

function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch (e) {
    return value; // a malformed escape: keep the raw text and let validation refuse it
  }
}

/** The scene token from page options, or '' when there is none or it is malformed. */
function sceneFromOptions(options) {
  const opts = options || {};
  let scene = '';
  if (opts.scene) {
    scene = safeDecode(String(opts.scene));
  } else if (opts.q) {
    const url = safeDecode(String(opts.q));
    const match = url.match(/\/h5\/s\/([^/?#]+)/);
    scene = match ? match[1] : '';
  }
  scene = scene.trim();
  return SCENE_PATTERN.test(scene) ? scene : '';
}

module.exports = { sceneFromOptions, SCENE_PATTERN };
