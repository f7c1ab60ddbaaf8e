// A stand-in for WeChat's Canvas 2D node: enough of the 2D context for the signature pad,
// drawing real pixels so the exported PNG carries the ink the test "wrote".

const { Bitmap } = require('./png');

class FakeContext {
  constructor(canvas) {
    this.canvas = canvas;
    this.ops = [];
    this.scaleFactor = 1;
    this.lineWidth = 1;
    this.path = [];
  }

  scale(sx) {
    this.scaleFactor *= sx;
    this.ops.push(['scale', sx]);
  }

  beginPath() { this.path = []; }

  moveTo(x, y) { this.path.push({ move: true, x, y }); }

  lineTo(x, y) { this.path.push({ move: false, x, y }); }

  stroke() {
    const s = this.scaleFactor;
    const bmp = this.canvas.bitmap();
    for (let i = 1; i < this.path.length; i += 1) {
      const a = this.path[i - 1];
      const b = this.path[i];
      if (!b.move) bmp.line(a.x * s, a.y * s, b.x * s, b.y * s, this.lineWidth * s);
    }
    this.ops.push(['stroke', this.path.length]);
  }

  clearRect() {
    this.canvas.bitmap().clear();
    this.ops.push(['clearRect']);
  }
}

class FakeCanvas {
  constructor() {
    this.width = 300; // the HTML default, until the pad sizes it
    this.height = 150;
    this._bitmap = null;
    this.context = null;
  }

  getContext(kind) {
    if (kind !== '2d') throw new Error('only 2d');
    if (!this.context) this.context = new FakeContext(this);
    return this.context;
  }

  bitmap() {
    if (!this._bitmap || this._bitmap.width !== this.width || this._bitmap.height !== this.height) {
      this._bitmap = new Bitmap(this.width, this.height);
    }
    return this._bitmap;
  }

  toPngBuffer() {
    return this.bitmap().toPng();
  }
}

module.exports = { FakeCanvas };
