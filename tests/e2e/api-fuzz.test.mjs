// The JS API under fire, in Chromium, on the built package and under the page's
// Content-Security-Policy: seeded random and hostile values (deep nesting, huge lengths,
// NaN and Infinity, getters that throw, proxies, wrong types) to every method of one
// Recognizer, as classifyNumber's options, and to its constructor. Every call must return a
// well-formed answer or throw an Error whose message is for people (no Rust debug text);
// afterwards the same Recognizer still reads a known digit and wasm memory has not grown by
// the huge inputs.
//
//   FUZZ_SEED=7 FUZZ_CASES=2000 npm test --prefix tests/e2e   (defaults below)

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { DIGITS } from "./digits.mjs";
import { TEST_TIMEOUT, gotoPage, useSite, withPage } from "./harness.mjs";

const SEED = Number(process.env.FUZZ_SEED ?? 2026);
const RANDOM_VALUES = Number(process.env.FUZZ_CASES ?? 1200);

useSite();

describe("the JS API", () => {
  it("answers or throws a clear Error for every value, and keeps working", { timeout: 4 * TEST_TIMEOUT }, async (t) => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      const report = await page.evaluate(fuzz, { seed: SEED, randomValues: RANDOM_VALUES, seven: DIGITS[7] });
      t.diagnostic(`${report.calls} calls (${report.hostile} hostile values and ${report.random} random ones, each to the 4 methods; ${report.constructed} constructor calls): ${report.answered} answered, ${report.refused} refused with an Error; ${report.ms} ms`);
      t.diagnostic(`wasm memory ${report.memoryBefore} → ${report.memoryAfter} bytes`);
      assert.deepEqual(report.broken, [], "every call answers well-formed or throws a plain Error with a message for people");
      assert.equal(report.afterwards.strokes, 7, "the same Recognizer still reads a 7 drawn as strokes");
      assert.equal(report.afterwards.frame, 7, "… and the frame it saw, through predict");
      assert.ok(report.calls >= 5000, `thousands of calls (${report.calls})`);
      assert.ok(report.answered > 100 && report.refused > 1000, "both answers and refusals were exercised");
      // The inputs accepted here need a few MB at most: the 64 MB Float32Array and the arrays
      // of length 2^32 - 1 must have been refused before anything was copied.
      assert.ok(report.memoryAfter - report.memoryBefore < 16 << 20, `memory grew by ${report.memoryAfter - report.memoryBefore} bytes`);
    });
  });
});

/** Runs in the page: everything it needs is inside (it is serialized to the browser). */
async function fuzz({ seed, randomValues, seven }) {
  const { default: init, Recognizer } = await import(new URL("pkg/nickara.js", document.baseURI));
  const wasm = await init();
  const memory = () => wasm.memory.buffer.byteLength;
  const recognizer = new Recognizer();

  // xorshift32: the same values for the same seed.
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];

  const nested = (depth, leaf = 0) => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };
  const throwing = () => {
    throw new Error("a getter that throws");
  };
  const revoked = Proxy.revocable([], {});
  revoked.revoke();
  const trapsThrow = new Proxy([], { get: throwing, has: throwing, ownKeys: throwing, getPrototypeOf: throwing });
  const selfNesting = new Proxy([], { get: (target, key) => (key === "length" ? 1 : key === "0" ? selfNesting : Reflect.get(target, key)) });
  const lyingLength = new Proxy([[1, 2]], { get: (target, key) => (key === "length" ? 2 ** 32 - 1 : Reflect.get(target, key)) });
  const lyingFloat32 = new Float32Array(784);
  Object.defineProperty(lyingFloat32, "length", { get: () => 10 });
  const throwingFloat32 = new Float32Array(784);
  Object.defineProperty(throwingFloat32, "length", { get: throwing });
  const lyingBytes = new Uint8ClampedArray(16);
  Object.defineProperty(lyingBytes, "length", { get: () => 2 ** 31 });
  const throwingIndex = [[1, 2], [3, 4]];
  Object.defineProperty(throwingIndex, 1, { get: throwing });
  const strokeOf = (points) => [points];
  const grid = (pixel) => Array.from({ length: 28 }, () => Array.from({ length: 28 }, () => pixel));
  const frameOfSeven = () => {
    const r = recognizer.classifyStrokes(seven);
    return r.input;
  };

  const hostile = [
    undefined, null, true, false, 0, -0, 1, -1, NaN, Infinity, -Infinity, 1e308, 5e-324,
    "", "7", "abc", "x".repeat(1 << 20), Symbol("s"), 10n, () => 7, class {}, Math, JSON,
    {}, [], [[]], [[[]]], [[[1]]], [[[1, 2, 3]]], [[[NaN, 1]]], [[[Infinity, 1]]], [[[1e308, -1e308]]],
    [[[-1.7e308, 0], [1.7e308, 0]]], [[["1", "2"]]], [[[null, 1]]], [[[undefined, 1]]], [[[1, 2]], 5],
    [[{ x: 1, y: 2 }]], [[[1, 2]], [[3, 4]], "z"], new Array(5), [new Array(5)], [[new Array(2)]],
    new Array(2 ** 32 - 1), [new Array(1e7)], [[...Array(20000)].map((_, i) => [i, i])],
    Array.from({ length: 1001 }, () => [[1, 2]]), [Array.from({ length: 10001 }, (_, i) => [i, 0])],
    nested(5), nested(100), nested(5000), nested(100000), [[nested(3)]],
    revoked.proxy, trapsThrow, selfNesting, lyingLength, new Proxy([[[1, 2]]], {}), new Proxy({}, { get: throwing }),
    [[{ toJSON: throwing }]], [[[1, 2]], { toJSON: () => [[1, 2]] }], throwingIndex,
    { data: undefined }, { data: null }, { data: 7 }, { data: "x" }, { data: [] }, { data: grid(0.5) }, { data: grid([0.5]) },
    { data: grid(255) }, { data: grid(NaN) }, { data: grid([[0.5]]) }, { data: nested(5000) }, { data: nested(100000) },
    { data: selfNesting }, { data: revoked.proxy }, { get data() { return throwing(); } }, { data: new Float32Array(784) },
    Object.create(null), Object.freeze({ data: grid(0) }), new Proxy({ data: grid(0) }, {}),
    new Float32Array(0), new Float32Array(783), new Float32Array(784), new Float32Array(785), new Float32Array(784).fill(NaN),
    new Float32Array(784).fill(255), new Float32Array(784).fill(-0), new Float32Array(784).fill(0.5), new Float32Array(1 << 24),
    new Float64Array(784), new Uint8Array(784), new Uint8ClampedArray(784), new Int8Array(16), new ArrayBuffer(784 * 4),
    new DataView(new ArrayBuffer(16)), lyingFloat32, throwingFloat32, new Proxy(new Float32Array(784), {}),
    Object.setPrototypeOf(new Uint8Array(784), Float32Array.prototype),
    new ImageData(1, 1), new ImageData(28, 28), new ImageData(300, 10), new ImageData(new Uint8ClampedArray(16).fill(255), 2, 2),
    { width: 2, height: 2, data: new Uint8ClampedArray(16) }, { width: 2, height: 2, data: new Uint8Array(16) },
    { width: 2, height: 2, data: new Uint8Array(15) }, { width: 2, height: 2, data: [0, 0, 0, 0] },
    { width: 2, height: 2, data: lyingBytes }, { width: 2, height: 2, data: new Proxy(new Uint8ClampedArray(16), {}) },
    { width: 2, height: 2, get data() { return throwing(); } }, { get width() { return throwing(); }, height: 2 },
    { width: -1, height: 2 }, { width: 2.5, height: 2 }, { width: "2", height: 2 }, { width: NaN, height: 2 },
    { width: Infinity, height: 1 }, { width: 2 ** 32, height: 1 }, { width: 0, height: 0, data: new Uint8Array(0) },
    { width: 16385, height: 1, data: new Uint8Array(0) }, { width: 4097, height: 4096, data: new Uint8Array(0) },
    { width: 1e9, height: 1e9, data: new Uint8Array(0) }, { width: 4, height: 4, data: new Uint8ClampedArray(64).fill(NaN) },
    new Date(), /regex/, new Map(), new Set(), Promise.resolve(7), new Error("an error"), new WeakMap(), document.body,
    strokeOf([[0, 0]]), strokeOf([[0, 0], [0, 0]]), strokeOf([[0, 0], [1e-300, 1e-300]]), strokeOf([[1e300, 1e300], [-1e300, -1e300]]),
  ];

  const randomNumber = () =>
    pick([() => int(1000), () => next() * 2 - 1, () => (next() - 0.5) * 1e6, () => pick([NaN, Infinity, -Infinity, -0, 1e308, 5e-324, 2 ** 53])])();
  const randomValue = (depth) => {
    const kind = depth > 4 ? int(3) : int(10);
    switch (kind) {
      case 0: case 1: return randomNumber();
      case 2: return pick([undefined, null, true, "s", "", {}]);
      case 3: case 4: case 5: return Array.from({ length: int(6) }, () => randomValue(depth + 1));
      case 6: return Array.from({ length: 1 + int(30) }, () => [randomNumber(), randomNumber()]);
      case 7: return { data: randomValue(depth + 1), width: randomNumber(), height: randomNumber() };
      case 8: {
        const width = 1 + int(40), height = 1 + int(40);
        const data = new Uint8ClampedArray(width * height * 4).map(() => (next() < 0.7 ? 255 : int(256)));
        return next() < 0.8 ? new ImageData(data, width, height) : { width, height: height + int(2), data };
      }
      default: {
        // plausible strokes: a few strokes of points on a pixel grid
        const strokes = Array.from({ length: 1 + int(4) }, () => Array.from({ length: 1 + int(25) }, () => [int(300), int(300)]));
        return next() < 0.9 ? strokes : strokes.map((s) => s.map(([x, y]) => [x, next() < 0.1 ? randomNumber() : y]));
      }
    }
  };

  const finite01 = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
  const problemWithPrediction = (p) => {
    if (typeof p !== "object" || p === null) return "not an object";
    if (!(p.digit === null || (Number.isInteger(p.digit) && p.digit >= 0 && p.digit <= 9))) return `digit ${p.digit}`;
    if (!finite01(p.confidence)) return `confidence ${p.confidence}`;
    if (typeof p.unsure !== "boolean") return `unsure ${p.unsure}`;
    if (!Array.isArray(p.probabilities) || p.probabilities.length !== 10 || !p.probabilities.every(finite01)) return "probabilities";
    if (!(p.input instanceof Float32Array) || p.input.length !== 784 || !p.input.every(finite01)) return "input";
    if (p.digit !== null) {
      const sum = p.probabilities.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-3) return `probabilities sum to ${sum}`;
      if (p.confidence !== p.probabilities[p.digit]) return "confidence is not the digit's probability";
      if (!p.runnerUp || p.runnerUp.digit === p.digit || !finite01(p.runnerUp.confidence)) return "runnerUp";
    }
    return null;
  };
  const problemWithReading = (r) => {
    if (typeof r !== "object" || r === null) return "not an object";
    if (typeof r.value !== "string" || !/^[0-9]*$/.test(r.value) || !Array.isArray(r.digits) || r.value.length !== r.digits.length) return "value/digits";
    for (const d of r.digits) {
      const p = problemWithPrediction(d);
      if (p) return `digit: ${p}`;
      const b = d.box;
      if (!b || ![b.x, b.y, b.width, b.height].every(Number.isFinite) || b.width < 0 || b.height < 0) return "box";
    }
    const whole = problemWithPrediction(r.whole);
    return whole && `whole: ${whole}`;
  };
  const problemWithError = (e) => {
    if (!(e instanceof Error) || e.constructor !== Error) return `threw ${e?.constructor?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 200)}`;
    const m = e.message;
    if (typeof m !== "string" || m.length < 10) return `message ${JSON.stringify(m)}`;
    if (/JsValue\(|Object\(|\bSome\(|\bNone\b|panicked|unreachable|Error: /.test(m)) return `Rust text in: ${m.slice(0, 300)}`;
    if (m.length > 600) return `a message of ${m.length} characters`;
    return null;
  };
  const describeValue = (v) => {
    try {
      return (typeof v === "object" && v !== null ? Object.prototype.toString.call(v) : typeof v) + " " + String(JSON.stringify(v)).slice(0, 80);
    } catch {
      return typeof v;
    }
  };

  const report = { calls: 0, answered: 0, refused: 0, broken: [], hostile: hostile.length, random: randomValues, constructed: 0 };
  const methods = {
    predict: problemWithPrediction,
    classifyStrokes: problemWithPrediction,
    classifyImage: problemWithPrediction,
    classifyNumber: problemWithReading,
  };
  const memoryBefore = memory();
  const started = performance.now();
  const values = [...hostile, ...Array.from({ length: randomValues }, () => randomValue(0))];
  for (const [i, value] of values.entries()) {
    for (const [method, check] of Object.entries(methods)) {
      report.calls++;
      let problem;
      try {
        problem = check(recognizer[method](value));
        report.answered++;
      } catch (e) {
        problem = problemWithError(e);
        report.refused++;
      }
      if (problem && report.broken.length < 20) report.broken.push(`${method}(${i < hostile.length ? `hostile #${i}` : "random"}: ${describeValue(value)}): ${problem}`);
    }
  }
  // classifyNumber's options: every hostile value, and options of the right shape and the wrong.
  const options = [...hostile, { whole: false }, { whole: true }, { whole: 0 }, { whole: "no" }, { get whole() { return throwing(); } }];
  for (const value of options) {
    report.calls++;
    let problem;
    try {
      const r = recognizer.classifyNumber(seven, value);
      // Without `whole` (asked with { whole: false }) the digits are checked alone.
      problem = problemWithReading(r.whole === undefined ? { ...r, whole: r.digits[0] } : r);
      report.answered++;
    } catch (e) {
      problem = problemWithError(e);
      report.refused++;
    }
    if (problem && report.broken.length < 20) report.broken.push(`classifyNumber(seven, ${describeValue(value)}): ${problem}`);
  }
  // The constructor takes no arguments and ignores any.
  for (const value of hostile.slice(0, 24)) {
    report.calls++;
    report.constructed++;
    try {
      new Recognizer(value).free();
    } catch (e) {
      const problem = problemWithError(e);
      if (problem) report.broken.push(`new Recognizer(${describeValue(value)}): ${problem}`);
    }
  }
  report.ms = Math.round(performance.now() - started);
  report.memoryBefore = memoryBefore;
  report.memoryAfter = memory();
  report.afterwards = {
    strokes: recognizer.classifyStrokes(seven).digit,
    frame: recognizer.predict(frameOfSeven()).digit,
  };
  return report;
}
