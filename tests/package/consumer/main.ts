// A page of someone else's that uses the nickara package as its README says, type-checked
// with `tsc --strict` and bundled with esbuild: every method is called and every result field
// read with the type the package declares. The test calls `run` in Chromium.

import init, { Recognizer } from "nickara";
import type { Box, Digit, FrameInput, Grid, ImageDataLike, Prediction, Reading, RunnerUp, Strokes } from "nickara";
// The bundler copies the module next to the bundle and hands over its URL.
import wasmUrl from "nickara/nickara_bg.wasm";

/** A result read field by field; the keys must be exactly the type's, optional where the
 * type's are (tsc checks). */
type Fields<T> = { [K in keyof T]: unknown };

function prediction(p: Prediction): Fields<Prediction> {
  const digit: number | null = p.digit;
  const confidence: number = p.confidence;
  const unsure: boolean = p.unsure;
  const runnerUp: RunnerUp | null = p.runnerUp;
  const probabilities: number[] = p.probabilities;
  const input: Float32Array = p.input;
  const second: Fields<RunnerUp> | null = runnerUp && { digit: runnerUp.digit, confidence: runnerUp.confidence };
  return { digit, confidence, unsure, runnerUp: second, probabilities, input: Array.from(input) };
}

function box(b: Box): Fields<Box> {
  const [x, y, width, height]: number[] = [b.x, b.y, b.width, b.height];
  return { x, y, width, height };
}

function reading(r: Reading): Fields<Reading> {
  const value: string = r.value;
  const confidence: number = r.confidence;
  const unsure: boolean = r.unsure;
  const digits: Digit[] = r.digits;
  const whole: Prediction | undefined = r.whole;
  const each = digits.map((d): Fields<Digit> => ({ ...prediction(d), box: box(d.box) }));
  return { value, confidence, unsure, digits: each, ...(whole ? { whole: prediction(whole) } : {}) };
}

/** A value as structured data for the test, with each typed array marked as one. */
function raw(value: unknown): unknown {
  if (value instanceof Float32Array) return { Float32Array: Array.from(value) };
  if (Array.isArray(value)) return value.map(raw);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, raw(field)]));
  }
  return value;
}

/** Strokes drawn on a white canvas with a round black pen, as a page's pad would. */
function paint(strokes: Strokes, width: number, height: number): ImageDataLike {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d context");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  context.lineWidth = 12;
  context.lineCap = context.lineJoin = "round";
  for (const stroke of strokes) {
    context.beginPath();
    stroke.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.stroke();
  }
  return context.getImageData(0, 0, width, height);
}

/** Each result as the consumer reads it through the types, and as it is. */
function both<T>(result: T, read: (value: T) => unknown) {
  return { typed: read(result), raw: raw(result) };
}

/** One digit's strokes, and a number's, in pixels of a 300x200 canvas. */
export async function run(digit: Strokes, number: Strokes) {
  await init({ module_or_path: wasmUrl });
  const recognizer = new Recognizer();
  const strokes = recognizer.classifyStrokes(digit);
  const frame: FrameInput = strokes.input;
  const plain: FrameInput = Array.from(strokes.input);
  const rows: Grid = Array.from({ length: 28 }, (_, y) => Array.from(strokes.input.subarray(y * 28, y * 28 + 28)));
  const results = {
    strokes: both(strokes, prediction),
    image: both(recognizer.classifyImage(paint(digit, 300, 200)), prediction),
    frame: both(recognizer.predict(frame), prediction),
    plain: both(recognizer.predict(plain), prediction),
    grid: both(recognizer.predict({ data: rows }), prediction),
    number: both(recognizer.classifyNumber(number), reading),
    numberDigits: both(recognizer.classifyNumber(number, { whole: false }), reading),
    numberImage: both(recognizer.classifyNumber(paint(number, 300, 200)), reading),
  };
  let error = "";
  try {
    recognizer.predict(new Float32Array(783));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  recognizer.free();
  return { results, error };
}
