// The ink of a <nickara-pad>: it collects strokes from Pointer Events (mouse, touch, pen;
// pressure is ignored) in CSS pixels of the canvas and paints them crisp at the device pixel
// ratio, or shows an opened image (fit, letterboxed) instead. It only records and draws;
// recognition happens elsewhere.
//
// Events: "change" whenever the input changes (point added, undo, clear, image shown),
// with `ink.version` incremented; "strokeend" when a stroke is finished.
// `ink.inputId` changes only when the input is replaced (cleared, an image shown, or
// drawing started over an image): answers for another inputId are not for this input.

const MIN_STEP = 0.75; // CSS px: closer points add nothing visible or useful

/** Brush widths, relative to the pad's side (with a floor in CSS px). Looks only: the
 *  recognizer redraws strokes at MNIST's pen width. */
export const PENS = {
  thin: { fraction: 1 / 64, min: 2 },
  medium: { fraction: 1 / 26, min: 4 },
  thick: { fraction: 1 / 12, min: 8 },
};

export class Ink extends EventTarget {
  constructor(canvas) {
    super();
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.strokes = []; // [{ points: [[x, y], ...] in CSS px, pen: name in PENS }]
    this.image = null; // { source: CanvasImageSource, data: ImageData, name }
    this.pen = "medium";
    this.disabled = false;
    this.version = 0;
    this.inputId = 0;
    this.activePointer = null;
    this.rect = null;
    this.cssSize = { width: 0, height: 0 };
    this.colors = { ink: "#000", letterbox: "#fff" };
    this.renderQueued = false;

    canvas.addEventListener("pointerdown", (e) => this.onDown(e));
    canvas.addEventListener("pointermove", (e) => this.onMove(e));
    canvas.addEventListener("pointerup", (e) => this.onUp(e));
    canvas.addEventListener("pointercancel", (e) => this.onUp(e));
    canvas.addEventListener("lostpointercapture", (e) => this.onUp(e));
    canvas.addEventListener("contextmenu", (e) => e.preventDefault());

    new ResizeObserver((entries) => this.onResize(entries[0])).observe(canvas);
    // color-scheme can change without a media change (the page's own switch): look at every render.
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.requestRender());
    this.watchPixelRatio();
    this.readColors();
  }

  get isEmpty() {
    return this.strokes.length === 0 && !this.image;
  }

  get isDrawing() {
    return this.activePointer !== null;
  }

  /**
   * What to recognize, safe to keep while drawing continues:
   * `{ strokes: [[[x, y], ...], ...] }` or `{ image: ImageData, name }`.
   */
  snapshot() {
    if (this.image) return { image: this.image.data, name: this.image.name };
    return { strokes: this.strokes.map((stroke) => stroke.points.slice()) };
  }

  clear() {
    this.activePointer = null;
    if (this.isEmpty) return;
    this.replaceInput();
    this.changed();
  }

  undo() {
    if (this.isEmpty) return;
    if (this.isDrawing) this.activePointer = null;
    if (this.image || this.strokes.length === 1) this.replaceInput();
    else this.strokes.pop();
    this.changed();
  }

  /**
   * Show an image instead of the drawing, until drawing starts or the pad is cleared.
   * `source` is drawn (fit, letterboxed); `data` is its ImageData, what gets recognized.
   */
  showImage({ source, data, name }) {
    this.activePointer = null;
    this.replaceInput();
    this.image = { source, data, name };
    this.changed();
  }

  /** The brush for the next strokes: a key of PENS. */
  setPen(name) {
    if (PENS[name]) this.pen = name;
  }

  /** Replace the drawing with `strokes` ([[[x, y], ...], ...] in CSS px), drawn with the pen. */
  setStrokes(strokes) {
    this.activePointer = null;
    this.replaceInput();
    this.strokes = strokes.map((points) => ({ points, pen: this.pen }));
    this.changed();
  }

  replaceInput() {
    this.strokes = [];
    this.image = null;
    this.inputId++;
  }

  // --- pointer input -------------------------------------------------------

  onDown(e) {
    if (this.activePointer !== null || this.disabled) return; // one pen at a time; ignore extra fingers
    if (e.pointerType === "mouse" && e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.activePointer = e.pointerId;
    this.rect = this.canvas.getBoundingClientRect();
    if (this.image) this.replaceInput(); // drawing returns from the image to the pad
    this.strokes.push({ points: [this.point(e)], pen: this.pen });
    this.changed();
  }

  onMove(e) {
    if (e.pointerId !== this.activePointer) return;
    const stroke = this.strokes[this.strokes.length - 1].points;
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

  /** The canvas's CSS `color` is the ink; the paper under it (its parent) the letterbox. */
  readColors() {
    this.colors = {
      ink: getComputedStyle(this.canvas).color || "#000",
      letterbox: getComputedStyle(this.canvas.parentElement).backgroundColor || "#fff",
    };
  }

  requestRender() {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.readColors();
      this.render();
    });
  }

  /** Where the image sits on the pad: fit inside, centred (CSS px). */
  imageFrame() {
    const { width, height } = this.cssSize;
    const { width: w, height: h } = this.image.data;
    const scale = Math.min(width / w, height / h);
    return { x: (width - w * scale) / 2, y: (height - h * scale) / 2, scale };
  }

  /** Where `box` (input coordinates: CSS px for strokes, pixels for an image) is on the pad, in CSS px. */
  rectOf(box) {
    if (this.image) {
      const { x, y, scale } = this.imageFrame();
      return { x: x + box.x * scale, y: y + box.y * scale, width: box.width * scale, height: box.height * scale };
    }
    return box;
  }

  /** Half the widest pen, so that an outline around strokes clears their ink. */
  inkMargin() {
    if (this.image) return 0;
    const side = Math.min(this.cssSize.width, this.cssSize.height);
    return Math.max(0, ...this.strokes.map(({ pen }) => penWidth(pen, side) / 2));
  }

  render() {
    const { ctx, canvas } = this;
    const { width, height } = this.cssSize;
    if (!width || !height) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(canvas.width / width, 0, 0, canvas.height / height, 0, 0);
    if (this.image) {
      const { x, y, scale } = this.imageFrame();
      const { width: w, height: h } = this.image.data;
      ctx.fillStyle = this.colors.letterbox;
      ctx.fillRect(0, 0, width, height);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(this.image.source, x, y, w * scale, h * scale);
      return;
    }
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = ctx.fillStyle = this.colors.ink;
    const side = Math.min(width, height);
    for (const { points, pen } of this.strokes) {
      const w = penWidth(pen, side);
      ctx.lineWidth = w;
      drawSmooth(ctx, points, w);
    }
  }
}

function penWidth(name, side) {
  return Math.max(PENS[name].min, side * PENS[name].fraction);
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
