// The inputs every engine is timed on: the first 100 MNIST test digits as normalized
// 28x28 frames, and for Nickara's whole paths, the ten test digits drawn on a 280 px pad
// as pointer strokes and as the 280x280 ImageData of that pad.

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

/** The test digits (tests/fixtures/digits.json): polylines in a unit box (x right, y down). */
export async function loadDigits(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()).digits;
}

/**
 * A digit's unit strokes as pointer events would record them on the pad: 200 px tall,
 * 150 px wide, one point every ~3 px (about 120 Hz at a brisk pace).
 */
export function padStrokes(digit) {
  const [x0, y0, w, h] = [65, 40, 150, 200];
  return digit.map((stroke) => {
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

/**
 * A number of `length` test digits (`first`, `first + 1`, … mod 10) written side by side on
 * the page's pad as pointer events would record them: each digit 120 px tall and 90 px wide,
 * 24 px apart (a fifth of the height, as on a form), one point every ~3 px.
 */
export function padNumber(digits, first, length) {
  const [h, w, gap] = [120, 90, 24];
  return Array.from({ length }, (_, k) => {
    const digit = digits[(first + k) % 10];
    const x0 = 20 + k * (w + gap);
    return padStrokes(digit).map((stroke) =>
      stroke.map(([x, y]) => [x0 + ((x - 65) / 150) * w, 20 + ((y - 40) / 200) * h]),
    );
  }).flat();
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
