// The handwriting pad: pointer events (finger, pen, mouse), strokes smoothed through midpoints,
// undo and clear. The exported PNG is drawn by the same code as the screen, so what the signer
// sees is exactly what is stamped.
const INK = "#111111";
const LINE = 3.2;  // CSS pixels

export class Pad {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.strokes = [];
    this.current = null;
    this.size = null;
    this.onChange = () => {};
    canvas.addEventListener("pointerdown", (e) => this.down(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    canvas.addEventListener("pointerup", (e) => this.up(e));
    canvas.addEventListener("pointercancel", (e) => this.up(e));
    canvas.addEventListener("contextmenu", (e) => e.preventDefault());
    new ResizeObserver(() => this.resize()).observe(canvas);
  }

  resize() {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    if (!w || !h) return;
    if (this.size && (this.size.w !== w || this.size.h !== h)) {
      // Turning the phone keeps the signature: scale it uniformly into the new box.
      const k = Math.min(w / this.size.w, h / this.size.h);
      for (const s of this.strokes) s.points = s.points.map(([x, y]) => [x * k, y * k]);
    }
    this.size = { w, h };
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.redraw();
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  down(e) {
    if (this.current) return;  // one finger writes; a second one is ignored
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.current = { id: e.pointerId, points: [this.point(e)] };
    this.strokes.push(this.current);
    this.redraw();
  }

  move(e) {
    if (!this.current || e.pointerId !== this.current.id) return;
    e.preventDefault();
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) this.current.points.push(this.point(ev));
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = null; this.redraw(); });
  }

  up(e) {
    if (!this.current || e.pointerId !== this.current.id) return;
    this.current = null;
    this.redraw();
    this.onChange();
  }

  undo() { this.strokes.pop(); this.current = null; this.redraw(); this.onChange(); }
  clear() { this.strokes = []; this.current = null; this.redraw(); this.onChange(); }
  isEmpty() { return !this.strokes.some((s) => s.points.length); }

  redraw() {
    const dpr = this.canvas.width / (this.size?.w || 1);
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    draw(this.ctx, this.strokes);
  }

  // A transparent PNG cropped to the ink, at twice the CSS size (at most 1800 px a side).
  toPNG() {
    const pts = this.strokes.flatMap((s) => s.points);
    const pad = LINE * 3;
    const minX = Math.min(...pts.map((p) => p[0])) - pad, minY = Math.min(...pts.map((p) => p[1])) - pad;
    const maxX = Math.max(...pts.map((p) => p[0])) + pad, maxY = Math.max(...pts.map((p) => p[1])) + pad;
    const w = maxX - minX, h = maxY - minY;
    const scale = Math.min(2, 1800 / Math.max(w, h));
    const out = document.createElement("canvas");
    out.width = Math.max(1, Math.round(w * scale));
    out.height = Math.max(1, Math.round(h * scale));
    const ctx = out.getContext("2d");
    ctx.setTransform(scale, 0, 0, scale, -minX * scale, -minY * scale);
    draw(ctx, this.strokes);
    return out.toDataURL("image/png");
  }
}

function draw(ctx, strokes) {
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  ctx.lineWidth = LINE;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  for (const { points } of strokes) {
    if (!points.length) continue;
    if (points.length < 3) {
      const [x, y] = points[0];
      ctx.beginPath();
      ctx.arc(x, y, LINE / 2, 0, Math.PI * 2);
      ctx.fill();
      if (points.length === 2) { ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(...points[1]); ctx.stroke(); }
      continue;
    }
    // Quadratic curves through the midpoints: smooth, and it never overshoots the finger.
    ctx.beginPath();
    ctx.moveTo(...points[0]);
    for (let i = 1; i < points.length - 1; i++) {
      const [x, y] = points[i], [nx, ny] = points[i + 1];
      ctx.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
    }
    ctx.lineTo(...points[points.length - 1]);
    ctx.stroke();
  }
}
