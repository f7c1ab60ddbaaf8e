// Handwriting on a Canvas 2D node: touch points become round-capped strokes.
//
// The pad draws in CSS pixels and scales the backing store by the device pixel ratio so ink
// is sharp, but never beyond MAX_PIXELS a side: the server refuses signatures larger than
// 2000×2000. The background stays transparent so the signature sits on the page like ink.

const MAX_PIXELS = 2000;
// A tap or a short slip of the finger is not a signature; ask for this much ink (CSS px).
const MIN_INK_LENGTH = 40;

/** The backing-store scale for a canvas of `width`×`height` CSS px on a `dpr` screen. */
function canvasScale(width, height, dpr) {
  const limit = Math.min(MAX_PIXELS / Math.max(width, 1), MAX_PIXELS / Math.max(height, 1));
  return Math.min(dpr || 1, limit);
}

class SignaturePad {
  constructor({ lineWidth = 4, color = '#111111' } = {}) {
    this.lineWidth = lineWidth;
    this.color = color;
    this.canvas = null;
    this.ctx = null;
    this.width = 0;
    this.height = 0;
    this.last = null;
    this.inkLength = 0;
    this.strokes = []; // [[{x, y}, …], …] in CSS px: what a reload redraws
  }

  /** Bind to a Canvas 2D node measured at `width`×`height` CSS px. */
  attach(canvas, { width, height, dpr }) {
    const scale = canvasScale(width, height, dpr);
    this.canvas = canvas;
    this.width = width;
    this.height = height;
    canvas.width = Math.floor(width * scale);
    canvas.height = Math.floor(height * scale);
    this.ctx = canvas.getContext('2d');
    this.ctx.scale(scale, scale);
    this.ctx.lineWidth = this.lineWidth;
    this.ctx.lineCap = 'round';
    this.ctx.lineJoin = 'round';
    this.ctx.strokeStyle = this.color;
    const kept = this.strokes;
    this.clear();
    this.replay(kept);
  }

  /** Take saved strokes back (after a reload), drawing them when the pad is attached. */
  replay(strokes) {
    const saved = (strokes || []).filter((stroke) => stroke.length).map((stroke) => stroke.slice());
    if (!this.ctx) {
      this.strokes = saved; // drawn on attach
      this.inkLength = saved.reduce((sum, stroke) => sum + stroke.slice(1)
        .reduce((len, p, i) => len + Math.hypot(p.x - stroke[i].x, p.y - stroke[i].y), 0), 0);
      return;
    }
    for (const stroke of saved) {
      this.start(stroke[0].x, stroke[0].y);
      for (const point of stroke.slice(1)) this.move(point.x, point.y);
      this.end();
    }
  }

  start(x, y) {
    if (!this.ctx) return;
    this.last = { x, y };
    this.strokes.push([{ x, y }]);
  }

  move(x, y) {
    if (!this.ctx || !this.last) return;
    const { ctx, last } = this;
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(x, y);
    ctx.stroke();
    this.inkLength += Math.hypot(x - last.x, y - last.y);
    this.last = { x, y };
    this.strokes[this.strokes.length - 1].push({ x, y });
  }

  end() {
    this.last = null;
  }

  clear() {
    if (this.ctx) this.ctx.clearRect(0, 0, this.width, this.height);
    this.last = null;
    this.inkLength = 0;
    this.strokes = [];
  }

  /** True until enough has been written to count as a signature. */
  get isEmpty() {
    return this.inkLength < MIN_INK_LENGTH;
  }
}

module.exports = { SignaturePad, canvasScale, MAX_PIXELS, MIN_INK_LENGTH };
