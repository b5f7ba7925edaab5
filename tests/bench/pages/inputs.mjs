// The inputs every engine is timed on: the first 100 MNIST test digits as normalized
// 28x28 frames, and for Nickara's whole paths, ten digits drawn on a 280 px pad as
// pointer strokes and as the 280x280 ImageData of that pad.

export const PAD = 280;

/** MNIST test digits 0–99 (tests/fixtures/mnist-test-100.bin): frames in [0, 1] and labels. */
export async function loadMnist(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const count = bytes.length / 785;
  const frames = Array.from({ length: count }, (_, i) =>
    Float32Array.from(bytes.subarray(i * 784, (i + 1) * 784), (b) => b / 255),
  );
  return { frames, labels: Array.from(bytes.subarray(count * 784)) };
}

const TURN = 2 * Math.PI;
const arc = (cx, cy, rx, ry, a0, a1, n = 32) =>
  Array.from({ length: n + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / n;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });

/** Digits as polylines in a unit box (x right, y down). */
const DIGITS = [
  [arc(0.5, 0.5, 0.4, 0.48, -TURN / 4, -TURN / 4 - 1.05 * TURN)],
  [[[0.35, 0.15], [0.58, 0.02], [0.55, 0.5], [0.52, 0.98]]],
  [[...arc(0.5, 0.3, 0.38, 0.28, TURN / 2 + 0.3, TURN + 0.6), [0.08, 0.97], [0.95, 0.96]]],
  [[...arc(0.5, 0.26, 0.34, 0.24, TURN / 2 + 0.5, TURN + TURN / 4), ...arc(0.5, 0.73, 0.38, 0.26, -TURN / 4, TURN / 2 - 0.4).slice(1)]],
  [[[0.62, 0.02], [0.06, 0.66], [0.96, 0.66]], [[0.72, 0.3], [0.7, 0.98]]],
  [[[0.9, 0.04], [0.2, 0.04], [0.14, 0.44], ...arc(0.48, 0.68, 0.4, 0.3, -TURN / 3, TURN / 2 - 0.3).slice(1)]],
  [[[0.75, 0.02], ...arc(0.5, 0.7, 0.38, 0.28, TURN / 2 + 0.4, TURN / 2 + 0.4 + TURN)]],
  [[[0.1, 0.06], [0.5, 0.04], [0.9, 0.05], [0.65, 0.5], [0.42, 0.97]]],
  [[...arc(0.5, 0.26, 0.3, 0.24, TURN / 4, TURN / 4 + TURN), ...arc(0.5, 0.73, 0.38, 0.25, -TURN / 4, -TURN / 4 + TURN)]],
  [[...arc(0.5, 0.3, 0.36, 0.27, 0.2, 0.2 - TURN), [0.84, 0.35], [0.78, 0.98]]],
];

/**
 * Digit `d` as pointer events would record it on the pad: 200 px tall, 150 px wide,
 * one point every ~3 px (about 120 Hz at a brisk pace).
 */
export function padStrokes(d) {
  const [x0, y0, w, h] = [65, 40, 150, 200];
  return DIGITS[d].map((stroke) => {
    const pts = stroke.map(([x, y]) => [x0 + x * w, y0 + y * h]);
    const out = [pts[0]];
    for (let i = 1; i < pts.length; i++) {
      const [ax, ay] = pts[i - 1];
      const [bx, by] = pts[i];
      const steps = Math.max(1, Math.round(Math.hypot(bx - ax, by - ay) / 3));
      for (let s = 1; s <= steps; s++) out.push([ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps]);
    }
    return out.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  });
}

/** The pad as ImageData: dark ink (18 px round pen) on white paper, 280x280 RGBA. */
export function padImage(strokes) {
  const canvas = new OffscreenCanvas(PAD, PAD);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, PAD, PAD);
  ctx.strokeStyle = "#111";
  ctx.lineWidth = 18;
  ctx.lineCap = ctx.lineJoin = "round";
  for (const stroke of strokes) {
    ctx.beginPath();
    stroke.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
  }
  return ctx.getImageData(0, 0, PAD, PAD);
}
