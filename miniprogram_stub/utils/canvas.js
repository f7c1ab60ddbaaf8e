// Canvas 2D plumbing: find the node on the page, export it as base64 PNG.

const { wxCall } = require('./wx_promise');

/** Resolve to {canvas, width, height} (CSS px) for the `<canvas type="2d">` matching `selector`. */
function queryCanvas(wx, page, selector) {
  return new Promise((resolve, reject) => {
    wx.createSelectorQuery()
      .in(page)
      .select(selector)
      .fields({ node: true, size: true })
      .exec((res) => {
        const hit = res && res[0];
        if (hit && hit.node) resolve({ canvas: hit.node, width: hit.width, height: hit.height });
        else reject(new Error(`canvas ${selector} not found`));
      });
  });
}

/**
 * The canvas as base64 PNG (no "data:" prefix), as the sign request wants it.
 * canvasToTempFilePath + readFile rather than canvas.toDataURL: toDataURL is missing or
 * broken on some older Android base libraries.
 */
async function canvasToBase64Png(wx, canvas) {
  const { tempFilePath } = await wxCall(wx, 'canvasToTempFilePath', { canvas, fileType: 'png' });
  const { data } = await wxCall(wx.getFileSystemManager(), 'readFile', { filePath: tempFilePath, encoding: 'base64' });
  return data;
}

module.exports = { queryCanvas, canvasToBase64Png };
