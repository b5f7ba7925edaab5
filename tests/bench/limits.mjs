// The slowest inputs the recognizer accepts, and its memory under long use, in headless
// Chromium on the built package (make bench runs it after run.mjs):
//
//   node tests/bench/limits.mjs      (SITE_DIR, CHROMIUM, BENCH_OUT as for run.mjs)
//
// Each input gets a fresh page: wasm memory never shrinks, so its size after the first call
// is that call's peak. The time is the median of three more calls. The soak makes 10,000
// mixed calls (strokes, images, numbers, and refused inputs in between) on one Recognizer
// and fails the run unless wasm memory is the same after them as after the first 1,000.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { serveMounts } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const SITE = path.resolve(process.env.SITE_DIR ?? path.join(ROOT, "dist"));
const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(HERE, "results"));
const SOAK = Number(process.env.BENCH_SOAK ?? 10_000);
const WARMUP = 1_000;

/** The inputs, built in the page (so nothing large crosses from node). */
const CASES = [
  { name: "1024x1024 page of text: 64 lines of 100 characters (100 columns, each read as a digit)", method: "classifyNumber", input: { text: { side: 1024, lines: 64, columns: 100 } } },
  { name: "the same page, as one digit", method: "classifyImage", input: { text: { side: 1024, lines: 64, columns: 100 } } },
  { name: "1024x1024 page of text: 64 lines of 101 characters (refused: 101 digits)", method: "classifyNumber", input: { text: { side: 1024, lines: 64, columns: 101 } }, refused: true },
  { name: "4096x4096 page of text (the largest image), 100 columns", method: "classifyNumber", input: { text: { side: 4096, lines: 64, columns: 100 } } },
  { name: "4096x4096 page of text, as one digit", method: "classifyImage", input: { text: { side: 4096, lines: 64, columns: 100 } } },
  { name: "1,000 strokes of 50 points (50,000 points) in 100 digits", method: "classifyNumber", input: { strokes: { strokes: 1000, points: 50, columns: 100 } } },
  { name: "1,000 strokes of 50 points, as one digit", method: "classifyStrokes", input: { strokes: { strokes: 1000, points: 50, columns: 100 } } },
  { name: "5 strokes of 10,000 points", method: "classifyNumber", input: { strokes: { strokes: 5, points: 10_000, columns: 5 } } },
];

function inPage() {
  // Runs in the page; `build` and `run` are called by evaluate below.
  let state = 12345;
  const next = () => {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
  self.buildInput = ({ text, strokes }) => {
    if (text) {
      // Monospace "text": each character a few random short pen strokes in its cell, with a
      // gap between columns, so each column of characters is one piece of a number.
      const canvas = new OffscreenCanvas(text.side, text.side);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, text.side, text.side);
      ctx.strokeStyle = "#000";
      ctx.lineCap = "round";
      const cw = text.side / text.columns, ch = text.side / text.lines;
      ctx.lineWidth = Math.max(1, ch / 10);
      for (let line = 0; line < text.lines; line++) {
        for (let col = 0; col < text.columns; col++) {
          const x0 = col * cw + cw * 0.2, y0 = line * ch + ch * 0.15, w = cw * 0.45, h = ch * 0.7;
          ctx.beginPath();
          for (let s = 0; s < 3; s++) {
            ctx.moveTo(x0 + next() * w, y0 + next() * h);
            ctx.lineTo(x0 + next() * w, y0 + next() * h);
          }
          ctx.stroke();
        }
      }
      return ctx.getImageData(0, 0, text.side, text.side);
    }
    const perColumn = Math.ceil(strokes.strokes / strokes.columns);
    return Array.from({ length: strokes.strokes }, (_, i) => {
      const col = Math.floor(i / perColumn);
      const x0 = col * 30, y0 = (i % perColumn) * 4;
      return Array.from({ length: strokes.points }, (_, p) => [x0 + 10 * Math.sin(p / 7 + i) + 10, y0 + (p / strokes.points) * 80]);
    });
  };
}

async function main() {
  const server = await serveMounts({ "/site/": SITE, "/bench/": path.join(HERE, "pages") });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling"],
  });
  const fresh = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/bench/blank.html`);
    await page.evaluate(inPage);
    await page.evaluate(async () => {
      const { default: init, Recognizer } = await import("/site/pkg/nickara.js");
      self.wasm = await init();
      self.recognizer = new Recognizer();
    });
    return { context, page };
  };
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const results = [];
  try {
    for (const c of CASES) {
      const { context, page } = await fresh();
      const r = await page.evaluate(async ({ method, input }) => {
        const value = buildInput(input);
        const memory = () => wasm.memory.buffer.byteLength;
        const base = memory();
        const call = () => {
          const started = performance.now();
          let outcome;
          try {
            const answer = recognizer[method](value);
            outcome = method === "classifyNumber" ? `${answer.digits.length} digits` : `digit ${answer.digit}`;
          } catch (e) {
            outcome = `refused: ${e.message}`;
          }
          return { ms: performance.now() - started, outcome };
        };
        const first = call();
        const peak = memory();
        const times = [call(), call(), call()].map((t) => t.ms).sort((a, b) => a - b);
        return { base, peak, first: first.ms, ms: times[1], outcome: first.outcome };
      }, c);
      await context.close();
      const refused = r.outcome.startsWith("refused");
      if (refused !== Boolean(c.refused)) throw new Error(`${c.name}: ${r.outcome}`);
      results.push({ ...c, ...r });
      console.log(`${c.name}: ${r.ms.toFixed(0)} ms (first ${r.first.toFixed(0)} ms), wasm memory ${mb(r.base)} → ${mb(r.peak)}; ${r.outcome.slice(0, 100)}`);
    }

    const { context, page } = await fresh();
    const soak = await page.evaluate(async ({ total, warmup }) => {
      const memory = () => wasm.memory.buffer.byteLength;
      const digit = [[[10, 10], [60, 12], [30, 90]]];
      const number = [...digit, ...digit.map((s) => s.map(([x, y]) => [x + 100, y])), [[230, 10], [232, 90]]];
      const image = buildInput({ text: { side: 280, lines: 1, columns: 3 } });
      const frame = recognizer.classifyStrokes(digit).input;
      const deep = JSON.parse("[".repeat(50) + "]".repeat(50));
      const calls = [
        () => recognizer.classifyStrokes(digit),
        () => recognizer.classifyNumber(number),
        () => recognizer.classifyImage(image),
        () => recognizer.classifyNumber(image),
        () => recognizer.predict(frame),
        () => recognizer.predict("not a frame"),
        () => recognizer.classifyStrokes([[]]),
        () => recognizer.classifyNumber(deep),
        () => recognizer.predict(new Float32Array(10_000)),
        () => recognizer.classifyImage({ width: 2, height: 2, data: new Uint8Array(3) }),
      ];
      let refused = 0, afterWarmup = 0;
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        try {
          calls[i % calls.length]();
        } catch {
          refused++;
        }
        if (i + 1 === warmup) afterWarmup = memory();
      }
      return { total, refused, afterWarmup, after: memory(), ms: performance.now() - started };
    }, { total: SOAK, warmup: WARMUP });
    await context.close();
    const growth = soak.after - soak.afterWarmup;
    console.log(`soak: ${soak.total} mixed calls (${soak.refused} refused) in ${(soak.ms / 1000).toFixed(1)} s; wasm memory ${mb(soak.afterWarmup)} after ${WARMUP}, ${mb(soak.after)} after ${soak.total}: growth ${growth} bytes`);

    mkdirSync(OUT, { recursive: true });
    const table = [
      "| input | call | time (median of 3) | wasm memory before → peak | answer |",
      "| --- | --- | --- | --- | --- |",
      ...results.map((r) => `| ${r.name} | ${r.method} | ${r.ms.toFixed(0)} ms | ${mb(r.base)} → ${mb(r.peak)} | ${r.outcome.replace(/\|/g, "/").slice(0, 80)} |`),
      "",
      `Soak: ${soak.total.toLocaleString("en")} mixed calls (${soak.refused.toLocaleString("en")} refused): wasm memory ${mb(soak.afterWarmup)} after the first ${WARMUP.toLocaleString("en")}, ${mb(soak.after)} after all (growth ${growth} bytes).`,
    ].join("\n");
    writeFileSync(path.join(OUT, "limits-latest.md"), table + "\n");
    writeFileSync(path.join(OUT, "limits-latest.json"), JSON.stringify({ date: new Date().toISOString(), results, soak }, null, 2));
    console.log("\n" + table);
    if (growth !== 0) throw new Error(`wasm memory grew by ${growth} bytes after warm-up`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
