// A tiny PNG encoder and rasteriser for tests: Node has zlib but no canvas, and the server
// wants a real PNG with ink in it.

const zlib = require('node:zlib');

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encode RGBA pixels (Uint8Array of width*height*4) as a PNG. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A transparent RGBA bitmap that thick lines can be drawn on. */
class Bitmap {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.rgba = new Uint8Array(width * height * 4);
  }

  clear() {
    this.rgba.fill(0);
  }

  dot(cx, cy, radius) {
    const r = Math.max(radius, 0.5);
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y += 1) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x += 1) {
        if (x < 0 || y < 0 || x >= this.width || y >= this.height) continue;
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const i = (y * this.width + x) * 4;
        this.rgba[i] = 17; this.rgba[i + 1] = 17; this.rgba[i + 2] = 17; this.rgba[i + 3] = 255;
      }
    }
  }

  line(x0, y0, x1, y1, width) {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s += 1) this.dot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, width / 2);
  }

  inkPixels() {
    let n = 0;
    for (let i = 3; i < this.rgba.length; i += 4) if (this.rgba[i] > 0) n += 1;
    return n;
  }

  toPng() {
    return encodePng(this.width, this.height, this.rgba);
  }
}

/** A base64 PNG of a made-up handwritten signature (a few strokes), as the page would send. */
function signaturePngBase64(width = 600, height = 240) {
  const bmp = new Bitmap(width, height);
  const strokes = [
    [[60, 160], [110, 60], [150, 170], [200, 70]],
    [[230, 120], [330, 110], [300, 190], [380, 60]],
    [[410, 170], [470, 80], [540, 150]],
  ];
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i += 1) bmp.line(...stroke[i - 1], ...stroke[i], 8);
  }
  return bmp.toPng().toString('base64');
}

module.exports = { encodePng, Bitmap, signaturePngBase64, crc32 };
