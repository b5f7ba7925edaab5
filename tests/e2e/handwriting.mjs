// Real pen handwriting for the end-to-end tests: the UNIPEN development set in
// ../shared/data/unipen-dev (read from there, never copied into the repository), its
// writers split into folds by the same fixed hash as src/eval/handwriting.rs, and a
// digit's tablet trajectory placed on #pad at the size and place a person would write it.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { REPO } from "./harness.mjs";

export const UNIPEN = process.env.NICKARA_UNIPEN ?? path.join(REPO, "../shared/data/unipen-dev/digits.jsonl.gz");

/** Every sample of the file: { label, site, writer, strokes: [[[x, y], ...], ...] }. */
export function loadSamples(file = UNIPEN) {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8");
  return text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
}

const MASK = (1n << 64n) - 1n;

/** SplitMix64's first output for `seed`, as src/eval/rng.rs computes it. */
function splitMix(seed) {
  let z = (seed + 0x9e3779b97f4a7c15n) & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** The writer's fold out of `folds` (src/eval/handwriting.rs `fold_of`). */
export function foldOf({ site, writer }, folds) {
  let key = BigInt(writer);
  for (const byte of Buffer.from(site, "utf8")) key = (key * 131n + BigInt(byte)) & MASK;
  return Number(splitMix(key) % BigInt(folds));
}

/**
 * The strokes of `sample` in pad CSS pixels: `height` px tall (narrower if it would not
 * fit across the pad) with the top-left corner of its box at (x, y).
 */
export function onPad(sample, { x, y, height }, side) {
  const points = sample.strokes.flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  const [w, h] = [Math.max(...xs) - x0, Math.max(...ys) - y0];
  let scale = h > 0 ? height / h : 1;
  if (w * scale > 0.9 * side) scale = (0.9 * side) / w;
  const left = Math.min(x, side - w * scale - 2);
  const top = Math.min(y, side - h * scale - 2);
  return sample.strokes.map((stroke) => stroke.map(([px, py]) => [left + (px - x0) * scale, top + (py - y0) * scale]));
}

/** The box of a sample's ink: [x0, y0, x1, y1] in its tablet units. */
function inkBox(sample) {
  const points = sample.strokes.flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * A number as one writer writes it (as src/eval/numbers.rs makes them): `digits` (samples
 * of one writer) side by side at their own sizes, `gap` (a fraction of their median height)
 * between boxes, each digit's middle `drift[i]` median heights off the line. Returns a
 * sample-like { label, strokes } in tablet units, to place with onPad.
 */
export function numberOf(digits, gap, drift = []) {
  const boxes = digits.map(inkBox);
  const heights = boxes.map(([, y0, , y1]) => y1 - y0).sort((a, b) => a - b);
  const median = Math.max(heights[Math.floor(heights.length / 2)], 1e-9);
  let x = 0;
  const strokes = [];
  digits.forEach((sample, i) => {
    const [x0, y0, x1, y1] = boxes[i];
    const [dx, dy] = [x - x0, (drift[i] ?? 0) * median - (y0 + y1) / 2];
    for (const stroke of sample.strokes) strokes.push(stroke.map(([px, py]) => [px + dx, py + dy]));
    x += x1 - x0 + gap * median;
  });
  return { label: digits.map((d) => d.label).join(""), strokes };
}
