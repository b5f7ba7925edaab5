// The drawing pad: collects strokes from Pointer Events (mouse, touch, pen) in CSS
// pixels of the canvas, and paints them crisp at the device pixel ratio.
// It only records and draws; recognition happens elsewhere.
//
// Events: "change" whenever the ink changes (point added, undo, clear), with
// `pad.version` incremented; "strokeend" when a stroke is finished.

const MIN_STEP = 0.75; // CSS px: closer points add nothing visible or useful
const PEN_FRACTION = 1 / 26; // pen width relative to the pad's side

export class Pad extends EventTarget {
  constructor(canvas) {
    super();
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.strokes = []; // [[[x, y], ...], ...] in CSS px
    this.version = 0;
    this.activePointer = null;
    this.rect = null;
    this.cssSize = { width: 0, height: 0 };
    this.ink = "#000";
    this.renderQueued = false;

    canvas.addEventListener("pointerdown", (e) => this.onDown(e));
    canvas.addEventListener("pointermove", (e) => this.onMove(e));
    canvas.addEventListener("pointerup", (e) => this.onUp(e));
    canvas.addEventListener("pointercancel", (e) => this.onUp(e));
    canvas.addEventListener("lostpointercapture", (e) => this.onUp(e));
    canvas.addEventListener("contextmenu", (e) => e.preventDefault());

    new ResizeObserver((entries) => this.onResize(entries[0])).observe(canvas);
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.requestRender());
    this.watchPixelRatio();
    this.readInk();
  }

  get isEmpty() {
    return this.strokes.length === 0;
  }

  get isDrawing() {
    return this.activePointer !== null;
  }

  /** A snapshot of the strokes, safe to keep while drawing continues. */
  snapshot() {
    return this.strokes.map((stroke) => stroke.slice());
  }

  clear() {
    this.activePointer = null;
    if (this.isEmpty) return;
    this.strokes = [];
    this.changed();
  }

  undo() {
    if (this.isEmpty) return;
    if (this.isDrawing) this.activePointer = null;
    this.strokes.pop();
    this.changed();
  }

  // --- pointer input -------------------------------------------------------

  onDown(e) {
    if (this.activePointer !== null) return; // one pen at a time; ignore extra fingers
    if (e.pointerType === "mouse" && e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.activePointer = e.pointerId;
    this.rect = this.canvas.getBoundingClientRect();
    this.strokes.push([this.point(e)]);
    this.changed();
  }

  onMove(e) {
    if (e.pointerId !== this.activePointer) return;
    const stroke = this.strokes[this.strokes.length - 1];
    const events = e.getCoalescedEvents?.() ?? [];
    let added = false;
    for (const ev of events.length ? events : [e]) {
      const p = this.point(ev);
      const last = stroke[stroke.length - 1];
      if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= MIN_STEP) {
        stroke.push(p);
        added = true;
      }
    }
    if (added) this.changed();
  }

  onUp(e) {
    if (e.pointerId !== this.activePointer) return;
    this.activePointer = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.dispatchEvent(new Event("strokeend"));
  }

  point(e) {
    const x = e.clientX - this.rect.left;
    const y = e.clientY - this.rect.top;
    return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
  }

  changed() {
    this.version++;
    this.requestRender();
    this.dispatchEvent(new Event("change"));
  }

  // --- rendering -----------------------------------------------------------

  onResize(entry) {
    const box = entry.contentBoxSize?.[0];
    this.cssSize = {
      width: box ? box.inlineSize : this.canvas.clientWidth,
      height: box ? box.blockSize : this.canvas.clientHeight,
    };
    this.resizeBackingStore();
  }

  /** Backing store at device pixels, so lines stay crisp on high-DPI screens. */
  resizeBackingStore() {
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.cssSize.width * dpr);
    this.canvas.height = Math.round(this.cssSize.height * dpr);
    this.render();
  }

  /** Zooming or moving the window to another screen changes the ratio, not the CSS size. */
  watchPixelRatio() {
    const query = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = () => {
      this.resizeBackingStore();
      this.watchPixelRatio();
    };
    query.addEventListener("change", onChange, { once: true });
  }

  readInk() {
    this.ink = getComputedStyle(this.canvas).getPropertyValue("--ink").trim() || "#000";
  }

  requestRender() {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.readInk();
      this.render();
    });
  }

  render() {
    const { ctx, canvas } = this;
    const { width, height } = this.cssSize;
    if (!width || !height) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(canvas.width / width, 0, 0, canvas.height / height, 0, 0);
    const pen = Math.max(4, Math.min(width, height) * PEN_FRACTION);
    ctx.lineWidth = pen;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = ctx.fillStyle = this.ink;
    for (const stroke of this.strokes) drawSmooth(ctx, stroke, pen);
  }
}

/** A stroke through its points, smoothed with quadratic curves between midpoints. */
function drawSmooth(ctx, points, pen) {
  if (points.length === 1) {
    ctx.beginPath();
    ctx.arc(points[0][0], points[0][1], pen / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(points[0][0], points[0][1]);
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = points[i];
    const [nx, ny] = points[i + 1];
    ctx.quadraticCurveTo(x, y, (x + nx) / 2, (y + ny) / 2);
  }
  const last = points[points.length - 1];
  ctx.lineTo(last[0], last[1]);
  ctx.stroke();
}
