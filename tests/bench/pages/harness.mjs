// The part of every benchmark page that is not the engine: cold-start timing, the
// timed loops, memory readings and the outputs used to check that all engines compute
// the same network. Each page calls `harness(engine)` once; the runner (run.mjs) drives
// the page through `window.bench`.
//
// engine = {
//   name,
//   load: async (mark) => handle,             fetch + compile + model ready; may call
//                                             mark("runtime") once the wasm runtime is up
//   predict: (handle, Float32Array(784)) => probabilities (or a promise of them),
//   strokes?: (handle, strokes) => probabilities,     whole path (Nickara only)
//   image?: (handle, ImageData) => probabilities,     whole path (Nickara only)
//   number?: (handle, strokes) => confidences,        a drawing read as a number (Nickara only)
//   info?: (handle) => object,                        what the engine actually uses
// }

import { loadDigits, loadMnist, padImage, padNumber, padStrokes } from "./inputs.mjs";

const FIXTURE = "/fixtures/mnist-test-100.bin";
const DIGITS = "/fixtures/digits.json";

export function harness(engine) {
  let state = null;
  let sink = 0;

  const ready = (async () => {
    // performance.now() counts from the navigation's start. By now every script of the
    // page (engine included) is fetched and evaluated.
    const scriptsMs = performance.now();
    const marks = {};
    const handle = await engine.load((name) => (marks[name] = performance.now()));
    const readyMs = performance.now();
    const mnist = await loadMnist(FIXTURE);
    const t0 = performance.now();
    const first = await engine.predict(handle, mnist.frames[0]);
    const firstMs = performance.now() - t0;
    const digits = await loadDigits(DIGITS);
    const strokes = Array.from({ length: 10 }, (_, d) => padStrokes(digits[d]));
    const images = engine.image ? strokes.map(padImage) : [];
    // Numbers of five digits, and single digits read as a number (the page's every frame).
    const numbers = Array.from({ length: 10 }, (_, d) => padNumber(digits, d, 5));
    const singles = Array.from({ length: 10 }, (_, d) => padNumber(digits, d, 1));
    state = { handle, mnist, strokes, images, numbers, singles };
    return {
      readyMs,
      scriptsMs,
      runtimeMs: marks.runtime ?? null,
      firstMs,
      firstProbabilities: Array.from(first),
      crossOriginIsolated: self.crossOriginIsolated,
      info: engine.info?.(handle) ?? {},
    };
  })();
  ready.catch(() => {});

  /** One call of a path on input `i` (cycling over its inputs). */
  const caller = (path) => {
    const { handle, mnist, strokes, images, numbers, singles } = state;
    switch (path) {
      case "frame":
        return (i) => engine.predict(handle, mnist.frames[i % mnist.frames.length]);
      case "strokes":
        if (!engine.strokes) throw new Error(`${engine.name} has no strokes path`);
        return (i) => engine.strokes(handle, strokes[i % strokes.length]);
      case "image":
        if (!engine.image) throw new Error(`${engine.name} has no image path`);
        return (i) => engine.image(handle, images[i % images.length]);
      case "number5":
      case "number1":
        if (!engine.number) throw new Error(`${engine.name} has no number path`);
        return path === "number5"
          ? (i) => engine.number(handle, numbers[i % numbers.length])
          : (i) => engine.number(handle, singles[i % singles.length]);
      default:
        throw new Error(`unknown path ${path}`);
    }
  };
  const consume = (p) => {
    sink += p[0];
  };

  /** Runs `count` predictions without timing them. */
  async function run(path, count) {
    const call = caller(path);
    for (let i = 0; i < count; i++) {
      const r = call(i);
      consume(r instanceof Promise ? await r : r);
    }
  }

  window.bench = {
    name: engine.name,
    ready,
    /** Per-call latencies in ms of `n` calls after `warmup` untimed ones. */
    async latency(path, { warmup = 50, n = 300 } = {}) {
      await run(path, warmup);
      const call = caller(path);
      const samples = new Array(n);
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        let r = call(i);
        if (r instanceof Promise) r = await r;
        samples[i] = performance.now() - t0;
        consume(r);
      }
      return samples;
    },
    run,
    memory() {
      return {
        wasm: self.wasmMemoryBytes(),
        jsHeap: performance.memory?.usedJSHeapSize ?? null,
      };
    },
    /** Probabilities for every MNIST digit, and the labels, to compare engines. */
    async outputs() {
      const call = caller("frame");
      const out = [];
      for (let i = 0; i < state.mnist.frames.length; i++) {
        const r = call(i);
        out.push(Array.from(r instanceof Promise ? await r : r));
      }
      return { probabilities: out, labels: state.mnist.labels };
    },
    /** The whole-path outputs (Nickara): the digit read from each drawn digit 0–9. */
    async pathDigits(path) {
      const call = caller(path);
      const digits = [];
      for (let i = 0; i < 10; i++) {
        const p = Array.from(await call(i));
        digits.push(p.indexOf(Math.max(...p)));
      }
      return digits;
    },
    sink: () => sink,
  };
}
