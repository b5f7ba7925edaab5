// Digits as polylines in a unit box (x right, y down, 0..1), and how to draw them
// on #pad with the mouse or a finger at a given place and size.

import { readFileSync } from "node:fs";

/**
 * Each digit: a list of strokes, each a list of [x, y] in the unit box, keyed "0" to "9" and
 * by name for digits written in more strokes ("crossed 7"). The same digits as the Rust tests'
 * and the benchmark's (tests/fixtures/digits.json).
 */
export const DIGITS = JSON.parse(readFileSync(new URL("../fixtures/digits.json", import.meta.url), "utf8")).digits;

/** Digit keys of DIGITS side by side: a number in unit boxes 0.75 wide, `gap` apart (strokes in one box of height 1). */
export function row(keys, gap = 0.2) {
  return keys.flatMap((key, i) => DIGITS[key].map((stroke) => stroke.map(([x, y]) => [i * (0.75 + gap) + x * 0.75, y])));
}

/** Place strokes of row() in pad CSS pixels: `box` is { x, y, height } as fractions of the pad side. */
export function placeRow(strokes, box, side) {
  const h = box.height * side;
  return strokes.map((stroke) => stroke.map(([x, y]) => [box.x * side + x * h, box.y * side + y * h]));
}

/**
 * Place a digit in pad CSS pixels: `box` is { x, y, height } as fractions of the
 * pad side; the digit is drawn 0.75 times as wide as it is tall.
 */
export function place(strokes, box, side) {
  const h = box.height * side;
  const w = 0.75 * h;
  const x0 = box.x * side;
  const y0 = box.y * side;
  return strokes.map((stroke) => stroke.map(([x, y]) => [x0 + x * w, y0 + y * h]));
}

/**
 * Points every `step` px along a polyline (and its last point): as a hand moving at a
 * steady pace reports them. Long segments are split, dense arcs thinned.
 */
function resample(stroke, step = 8) {
  const out = [stroke[0]];
  let carry = 0; // distance walked since the last point emitted
  for (let i = 1; i < stroke.length; i++) {
    const [ax, ay] = stroke[i - 1];
    const [bx, by] = stroke[i];
    const length = Math.hypot(bx - ax, by - ay);
    let at = step - carry;
    for (; at <= length; at += step) out.push([ax + ((bx - ax) * at) / length, ay + ((by - ay) * at) / length]);
    carry = length - (at - step);
  }
  const last = stroke[stroke.length - 1];
  const end = out[out.length - 1];
  if (end[0] !== last[0] || end[1] !== last[1]) out.push(last);
  return out;
}

/** The pad's position and side in CSS pixels of the viewport. */
export async function padBox(page) {
  const box = await page.locator("#pad").boundingBox();
  if (!box) throw new Error("#pad is not visible");
  return box;
}

/** Draw strokes (pad CSS pixels) with the mouse: down, move along, up. */
export async function drawWithMouse(page, strokes) {
  const pad = await padBox(page);
  for (const stroke of strokes) {
    const points = resample(stroke);
    await page.mouse.move(pad.x + points[0][0], pad.y + points[0][1]);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(pad.x + x, pad.y + y);
    await page.mouse.up();
  }
}

/**
 * Tap `locator` with one finger the way a person does: on a settled page, down, held
 * for a moment, up. Playwright's tap() sends touchStart and touchEnd in the same
 * instant; under load Chromium then sometimes makes no click of them (the touch events
 * reach the page, the click never does; cf. crbug.com/613219), which failed CI.
 */
export async function tapWithFinger(page, locator, holdMs = 80) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await withFinger(page, async (touch) => {
    await nextFrames(page); // the last answer's layout is painted before the finger lands
    await touch("touchStart", point);
    await Promise.all([nextFrames(page), new Promise((resolve) => setTimeout(resolve, holdMs))]);
    await touch("touchEnd");
  });
}

/** Resolve after the page has rendered two more frames (input before them is handled). */
function nextFrames(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Draw strokes with one finger, through CDP touch events (playwright has no touch drag). */
export async function drawWithTouch(page, strokes) {
  const pad = await padBox(page);
  await withFinger(page, async (touch) => {
    for (const stroke of strokes) {
      const [first, ...rest] = resample(stroke).map(([x, y]) => ({ x: pad.x + x, y: pad.y + y }));
      await touch("touchStart", first);
      for (const p of rest) await touch("touchMove", p);
      await touch("touchEnd");
    }
  });
}

/**
 * Run `fn(touch)` with one finger over CDP: `touch(type, point)` sends a touchStart or
 * touchMove at `point` (page CSS px), `touch("touchEnd")` lifts the finger.
 */
async function withFinger(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, point) =>
    cdp.send("Input.dispatchTouchEvent", { type, touchPoints: point ? [{ ...point, id: 1 }] : [] });
  try {
    await fn(touch);
  } finally {
    await cdp.detach();
  }
}
