// The browser benchmark: Nickara vs onnxruntime-web vs TensorFlow.js on the
// same network in headless Chromium, plus the native criterion figures if present.
//
//   node tests/bench/run.mjs        (make bench builds, installs and runs everything)
//
// Environment (all optional):
//   SITE_DIR        the built site (default: dist/ at the repository root)
//   BENCH_ROUNDS    interleaved rounds, each a fresh page per engine (default 10)
//   BENCH_N         timed calls per path per round (default 300)
//   BENCH_WARMUP    untimed calls before them (default 200)
//   BENCH_SOAK      predictions after the first 1,000 in the memory soak (default 10000)
//   BENCH_ENGINES   comma-separated subset of: nickara, ort, ort-mt, tfjs, site
//   BENCH_OUT       results directory (default tests/bench/results)
//   CRITERION_DIR   criterion's output (default target/criterion)
//   BENCH_ONNX      the peers' model (default model/nickara.onnx: the one dist/ must embed)
//   CHROMIUM        the browser (default /usr/bin/chromium)
//   BENCH_TIMEOUT_S the whole run (default 1800); a hang fails the run
//
// All pages are served cross-origin isolated (COOP/COEP) from one origin: isolation
// gives 5 µs timers instead of 100 µs and allows wasm threads; single-thread engines
// are pinned to one thread explicitly.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

import { countMacs, readOnnx } from "./onnx.mjs";
import { serveMounts } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const env = process.env;
const num = (name, fallback) => (env[name] ? Number(env[name]) : fallback);

const CONFIG = {
  site: path.resolve(env.SITE_DIR ?? path.join(ROOT, "dist")),
  rounds: num("BENCH_ROUNDS", 10),
  n: num("BENCH_N", 300),
  warmup: num("BENCH_WARMUP", 200),
  soak: num("BENCH_SOAK", 10_000),
  out: path.resolve(env.BENCH_OUT ?? path.join(HERE, "results")),
  criterion: path.resolve(env.CRITERION_DIR ?? path.join(ROOT, "target/criterion")),
  chromium: env.CHROMIUM ?? "/usr/bin/chromium",
  timeoutMs: num("BENCH_TIMEOUT_S", 1800) * 1000,
  onnx: path.resolve(env.BENCH_ONNX ?? path.join(ROOT, "model/nickara.onnx")),
  tfjsModel: path.join(HERE, ".build/tfjs"),
};
const MT_THREADS = Math.max(2, Math.min(4, os.cpus().length));

const ENGINES = {
  nickara: { label: "Nickara", url: "/bench/nickara.html", paths: ["frame", "strokes", "image", "number1", "number5"] },
  ort: { label: "onnxruntime-web, 1 thread", url: "/bench/ort.html?threads=1", peer: true },
  "ort-mt": { label: `onnxruntime-web, ${MT_THREADS} threads`, url: `/bench/ort.html?threads=${MT_THREADS}`, peer: true },
  tfjs: { label: "TensorFlow.js wasm", url: "/bench/tfjs.html", peer: true },
  site: { label: "Nickara page (index.html)", url: "/site/", site: true },
};
const PAGE_TIMEOUT = 120_000;
// How far another engine's probabilities may be from Nickara's on the same 100 digits (tests/model.rs
// holds Nickara to the ONNX within the same).
const SAME_NETWORK_TOLERANCE = 2.5e-2;

// ---- helpers --------------------------------------------------------------------------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function quantile(xs, q) {
  const s = sorted(xs);
  if (!s.length) return null;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const median = (xs) => quantile(xs, 0.5);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms);
    }),
  ]);
}

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model;
  const flags = cpuinfo.match(/^flags\s*:\s*(.*)$/m)?.[1].split(" ") ?? [];
  return {
    cpu: model,
    cores: os.cpus().length,
    avx512: flags.includes("avx512f"),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function versions() {
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(HERE, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return null;
    }
  };
  const rev = sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]);
  const dirty = sh("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock", "model/nickara.onnx", ".cargo"]);
  return {
    nickara: rev ? `${rev}${dirty ? " (+ uncommitted changes)" : ""}` : null,
    "onnxruntime-web": pkg("onnxruntime-web"),
    "@tensorflow/tfjs-core": pkg("@tensorflow/tfjs-core"),
    "@tensorflow/tfjs-backend-wasm": pkg("@tensorflow/tfjs-backend-wasm"),
    "@tensorflow/tfjs-layers": pkg("@tensorflow/tfjs-layers"),
    "playwright-core": pkg("playwright-core"),
  };
}

/** Size of `gzip -9 < file` (the gzip tool itself; zlib's level 9 differs by ~0.5%). */
const gzipCache = new Map();
function gzip9(file) {
  if (!gzipCache.has(file)) {
    let size;
    try {
      size = execFileSync("gzip", ["-9", "-c", file], { maxBuffer: 1 << 30 }).length;
    } catch {
      size = gzipSync(readFileSync(file), { level: 9 }).length;
    }
    gzipCache.set(file, size);
  }
  return gzipCache.get(file);
}

/** Waits (at most `timeout` ms) until the server has answered every request of `entries`. */
async function settled(entries, timeout = 10000) {
  const until = performance.now() + timeout;
  while (entries.some((e) => e.status === 0) && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/** What the page downloaded: the server's log for this visit, harness files left out. */
function downloads(entries, { site }) {
  const files = [];
  const seen = new Set();
  for (const e of entries) {
    const p = new URL(e.path, "http://x").pathname;
    if (!site && (p.startsWith("/bench/") || p.startsWith("/fixtures/"))) continue;
    // A second request for the same file (a worker importing it again) is a cache hit
    // on a real first visit: count each file once.
    if (seen.has(p)) continue;
    seen.add(p);
    if (e.status !== 200) {
      files.push({ path: p, status: e.status, raw: 0, gzip: 0 });
      continue;
    }
    files.push({ path: p, status: 200, raw: e.bytes, gzip: gzip9(e.file) });
  }
  return {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}

// ---- criterion ------------------------------------------------------------------------

const NATIVE = {
  frame: "inference/frame_to_probabilities",
  strokesNormalize: "normalize/strokes_to_frame",
  imageNormalize: "normalize/image280_to_frame",
  strokes: "recognizer/classify_strokes",
  image: "recognizer/classify_image280",
  load: "model/load_and_optimize",
};

function nativeResults() {
  const out = {};
  for (const [key, id] of Object.entries(NATIVE)) {
    const file = path.join(CONFIG.criterion, id, "new/estimates.json");
    if (!existsSync(file)) continue;
    const est = JSON.parse(readFileSync(file, "utf8"));
    out[key] = {
      id,
      medianMs: est.median.point_estimate / 1e6,
      meanMs: est.mean.point_estimate / 1e6,
      meanCiMs: [est.mean.confidence_interval.lower_bound / 1e6, est.mean.confidence_interval.upper_bound / 1e6],
    };
  }
  return Object.keys(out).length ? out : null;
}

// ---- the run --------------------------------------------------------------------------

async function main() {
  const started = new Date();
  const info = machine();
  const wanted = (env.BENCH_ENGINES ?? Object.keys(ENGINES).join(",")).split(",").map((s) => s.trim());
  for (const name of wanted) if (!ENGINES[name]) throw new Error(`unknown engine ${name}`);

  const skipped = {};
  if (!existsSync(path.join(CONFIG.site, "pkg/nickara.js")))
    throw new Error(`${CONFIG.site}/pkg/nickara.js is missing: build the site first (make site)`);
  const tfjsReady = existsSync(path.join(CONFIG.tfjsModel, "model.json"));
  if (!tfjsReady) {
    const why = path.join(CONFIG.tfjsModel, "..", "tfjs-failed.txt");
    skipped.tfjs = existsSync(why) ? readFileSync(why, "utf8").trim() : `no converted model in ${CONFIG.tfjsModel}`;
  }
  const engines = wanted.filter((name) => !skipped[name]);

  const graph = countMacs(readOnnx(CONFIG.onnx));
  const macs = graph.macs;

  const nm = (pkgPath) => path.join(HERE, "node_modules", pkgPath);
  const server = await serveMounts({
    "/bench/": path.join(HERE, "pages"),
    "/fixtures/": path.join(ROOT, "tests/fixtures"),
    "/site/": CONFIG.site,
    "/ort/": nm("onnxruntime-web/dist"),
    "/tfjs/core/": nm("@tensorflow/tfjs-core/dist"),
    "/tfjs/layers/": nm("@tensorflow/tfjs-layers/dist"),
    "/tfjs/wasm/": nm("@tensorflow/tfjs-backend-wasm/dist"),
    "/models/nickara.onnx": CONFIG.onnx,
    "/models/tfjs/": CONFIG.tfjsModel,
  });
  let browser = null;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    browser = null;
    await server.close().catch(() => {});
  };
  const deadline = setTimeout(() => {
    console.error(`bench: the run took longer than ${CONFIG.timeoutMs / 1000} s; stopping`);
    cleanup().finally(() => process.exit(2));
  }, CONFIG.timeoutMs);
  for (const signal of ["SIGINT", "SIGTERM"])
    process.once(signal, () => cleanup().finally(() => process.exit(130)));

  try {
    browser = await chromium.launch({
      executablePath: CONFIG.chromium,
      headless: true,
      timeout: 60_000,
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--enable-precise-memory-info", "--js-flags=--expose-gc",
      ],
    });
    info.chromium = browser.version();
    const log = (...a) => console.error("bench:", ...a);
    log(`${info.cpu}, ${info.cores} cores, load ${info.loadAverageAtStart.join(" ")}; Chromium ${info.chromium}`);
    log(`network: ${macs.toLocaleString()} multiply-adds; engines: ${engines.join(", ")}` +
      (Object.keys(skipped).length ? `; skipped: ${Object.entries(skipped).map(([k, v]) => `${k} (${v})`).join("; ")}` : ""));

    /** A fresh context and page on `engine`; `body(page)` runs once the model is ready. */
    async function visit(name, body) {
      const engine = ENGINES[name];
      const context = await browser.newContext();
      context.setDefaultTimeout(PAGE_TIMEOUT);
      const problems = [];
      const from = server.log.length;
      try {
        if (engine.site) {
          await context.addInitScript(() => {
            window.__siteReady = new Promise((resolve) => {
              const check = () => {
                const el = document.getElementById("prediction");
                const state = el?.dataset.state;
                if (state && state !== "loading") {
                  resolve({ readyMs: performance.now(), state, status: document.getElementById("status")?.textContent });
                  return true;
                }
                return false;
              };
              const watcher = new MutationObserver(() => check() && watcher.disconnect());
              watcher.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
            });
          });
        }
        const page = await context.newPage();
        page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
        page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
        page.on("crash", () => problems.push("the page crashed"));
        await page.goto(server.origin + engine.url, { waitUntil: "commit", timeout: PAGE_TIMEOUT });
        let cold;
        try {
          cold = engine.site
            ? await withTimeout(page.evaluate(() => window.__siteReady), PAGE_TIMEOUT, `${name}: page ready`)
            : await withTimeout(
                page.waitForFunction(() => window.bench, null, { timeout: PAGE_TIMEOUT })
                  .then(() => page.evaluate(() => window.bench.ready)),
                PAGE_TIMEOUT, `${name}: model ready`);
        } catch (e) {
          throw new Error(`${e.message}${problems.length ? `\n  ${problems.join("\n  ")}` : ""}`);
        }
        if (engine.site && cold.state !== "empty")
          throw new Error(`${name}: the page shows "${cold.state}": ${cold.status}`);
        // A request the page made just before it was ready (the service worker's script) may
        // still be answered: its status and bytes are known once it is.
        await settled(server.log.slice(from));
        const bytes = downloads(server.log.slice(from), engine);
        for (const f of bytes.files) if (f.status !== 200) problems.push(`HTTP ${f.status} for ${f.path}`);
        const extra = body ? await body(page) : {};
        if (problems.length) throw new Error(`${name}: ${problems.join("; ")}`);
        return { cold, bytes, ...extra };
      } finally {
        await context.close().catch(() => {});
      }
    }
    const timed = (page, pathName) =>
      withTimeout(page.evaluate(([p, o]) => window.bench.latency(p, o), [pathName, { warmup: CONFIG.warmup, n: CONFIG.n }]),
        PAGE_TIMEOUT, `latency ${pathName}`);

    // 1. Same network? Every engine's probabilities on 100 MNIST digits against Nickara's.
    const agreement = {};
    let reference = null;
    for (const name of engines.filter((e) => !ENGINES[e].site)) {
      const res = await visit(name, async (page) => ({
        workers: page.workers().length,
        outputs: await page.evaluate(() => window.bench.outputs()),
        digits: ENGINES[name].paths
          ? { strokes: await page.evaluate(() => window.bench.pathDigits("strokes")),
              image: await page.evaluate(() => window.bench.pathDigits("image")) }
          : undefined,
      }));
      const { probabilities, labels } = res.outputs;
      const argmax = (p) => p.indexOf(Math.max(...p));
      reference ??= probabilities;
      let maxDiff = 0, same = 0;
      probabilities.forEach((p, i) => {
        p.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - reference[i][k]))));
        same += argmax(p) === argmax(reference[i]);
      });
      agreement[name] = {
        accuracy: probabilities.filter((p, i) => argmax(p) === labels[i]).length / labels.length,
        sameDigitAsNickara: same / labels.length,
        maxAbsDiffFromNickara: maxDiff,
        info: res.cold.info,
        crossOriginIsolated: res.cold.crossOriginIsolated,
        workers: res.workers,
        ...(res.digits ? { drawnDigitsRead: res.digits } : {}),
      };
      log(`${name}: MNIST-100 accuracy ${(agreement[name].accuracy * 100).toFixed(0)}%, ` +
        `max |p - p_nickara| ${maxDiff.toExponential(1)}, ${res.workers} worker(s) ${JSON.stringify(res.cold.info)}`);
      // Nickara's weights are the ONNX's rounded to int8 (src/model/weights.rs), which moves a
      // probability by a few thousandths (tests/model.rs); a different network moves them by far more.
      if (maxDiff > SAME_NETWORK_TOLERANCE || same < labels.length)
        throw new Error(`${name} does not compute the same network as Nickara (max probability difference ` +
          `${maxDiff.toFixed(3)}, ${labels.length - same} of ${labels.length} digits answered otherwise): was ${CONFIG.site} built from ${path.relative(ROOT, CONFIG.onnx)} as it is now ` +
          `(make site), and the TF.js model converted from it (make bench-tfjs)?`);
    }

    // 2. Interleaved rounds: a fresh page per engine and round, order rotated each round.
    const samples = Object.fromEntries(engines.map((e) => [e, { cold: [], scripts: [], runtime: [], first: [], bytes: null, paths: {}, roundP50: {} }]));
    for (let r = 0; r < CONFIG.rounds; r++) {
      const order = engines.map((_, i) => engines[(i + r) % engines.length]);
      for (const name of order) {
        const engine = ENGINES[name];
        const res = await visit(name, async (page) => {
          const paths = {};
          for (const p of engine.paths ?? (engine.site ? [] : ["frame"])) paths[p] = await timed(page, p);
          return { paths };
        });
        const s = samples[name];
        s.cold.push(res.cold.readyMs);
        if (res.cold.scriptsMs !== undefined) s.scripts.push(res.cold.scriptsMs);
        if (res.cold.runtimeMs != null) s.runtime.push(res.cold.runtimeMs);
        if (res.cold.firstMs !== undefined) s.first.push(res.cold.firstMs);
        s.bytes ??= res.bytes;
        if (res.bytes.raw !== s.bytes.raw) log(`${name}: round ${r + 1} downloaded ${res.bytes.raw} bytes, round 1 ${s.bytes.raw}`);
        for (const [p, xs] of Object.entries(res.paths)) {
          (s.paths[p] ??= []).push(...xs);
          (s.roundP50[p] ??= []).push(median(xs));
        }
      }
      log(`round ${r + 1}/${CONFIG.rounds}: ` + engines.map((e) => {
        const s = samples[e];
        return `${e} ready ${s.cold.at(-1).toFixed(0)} ms` + (s.roundP50.frame ? `, p50 ${s.roundP50.frame.at(-1).toFixed(3)} ms` : "");
      }).join("; "));
    }

    // 3. Memory: 1,000 predictions, then BENCH_SOAK more, reading wasm memory every 1,000.
    const memory = {};
    for (const name of engines.filter((e) => !ENGINES[e].site)) {
      const res = await visit(name, async (page) => {
        const points = [];
        const read = async (count) => {
          const m = await page.evaluate(() => {
            globalThis.gc?.();
            return window.bench.memory();
          });
          points.push({ predictions: count, wasmBytes: m.wasm.bytes, memories: m.wasm.memories, jsHeapBytes: m.jsHeap });
        };
        await read(1);
        let done = 1;
        for (const target of [1000, ...Array.from({ length: Math.ceil(CONFIG.soak / 1000) }, (_, i) => 1000 * (i + 2))]) {
          await withTimeout(page.evaluate((k) => window.bench.run("frame", k), target - done), PAGE_TIMEOUT, `${name}: soak`);
          done = target;
          await read(done);
        }
        return { points };
      });
      const pts = res.points;
      const at1k = pts.find((p) => p.predictions === 1000);
      const last = pts.at(-1);
      memory[name] = {
        afterFirstPrediction: pts[0].wasmBytes,
        after1000: at1k.wasmBytes,
        [`after${last.predictions}`]: last.wasmBytes,
        growthAfterWarmup: last.wasmBytes - at1k.wasmBytes,
        jsHeapGrowthAfterWarmup: last.jsHeapBytes != null ? last.jsHeapBytes - at1k.jsHeapBytes : null,
        stable: last.wasmBytes === at1k.wasmBytes,
        points: pts,
      };
      log(`${name}: wasm memory ${(at1k.wasmBytes / 2 ** 20).toFixed(2)} MiB after 1,000, ` +
        `${(last.wasmBytes / 2 ** 20).toFixed(2)} MiB after ${last.predictions.toLocaleString()}`);
    }

    info.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
    await browser.close();
    browser = null;

    const results = summarize({ started, info, macs, graph, samples, memory, agreement, skipped, engines });
    mkdirSync(CONFIG.out, { recursive: true });
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    const json = JSON.stringify(results, null, 1);
    writeFileSync(path.join(CONFIG.out, `bench-${stamp}.json`), json);
    writeFileSync(path.join(CONFIG.out, "latest.json"), json);
    const md = markdown(results);
    writeFileSync(path.join(CONFIG.out, "latest.md"), md);
    console.log(md);
    log(`results in ${path.relative(process.cwd(), CONFIG.out)}/bench-${stamp}.json and latest.{json,md}`);
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

// ---- results --------------------------------------------------------------------------

function summarize({ started, info, macs, graph, samples, memory, agreement, skipped, engines }) {
  const flops = 2 * macs;
  const perEngine = {};
  for (const name of engines) {
    const s = samples[name];
    const paths = {};
    for (const [p, xs] of Object.entries(s.paths)) {
      paths[p] = {
        samples: xs.length,
        p50Ms: median(xs),
        p95Ms: quantile(xs, 0.95),
        meanMs: xs.reduce((a, b) => a + b, 0) / xs.length,
        roundP50Ms: [Math.min(...s.roundP50[p]), Math.max(...s.roundP50[p])],
      };
    }
    perEngine[name] = {
      label: ENGINES[name].label,
      coldStartMs: {
        median: median(s.cold), min: Math.min(...s.cold), max: Math.max(...s.cold), runs: s.cold.length,
        // medians of: navigation → every script evaluated, → wasm runtime up (where the engine says)
        scriptsLoaded: median(s.scripts), runtimeReady: median(s.runtime),
      },
      firstPredictionMs: s.first.length ? { median: median(s.first), min: Math.min(...s.first), max: Math.max(...s.first) } : null,
      paths,
      gflops: paths.frame ? flops / (paths.frame.p50Ms * 1e6) : null,
      download: s.bytes,
      memory: memory[name] ?? null,
      agreement: agreement[name] ?? null,
    };
  }
  const native = nativeResults();
  if (native?.frame) native.frame.gflops = flops / (native.frame.medianMs * 1e6);
  return {
    date: started.toISOString(),
    machine: info,
    versions: versions(),
    config: { rounds: CONFIG.rounds, n: CONFIG.n, warmup: CONFIG.warmup, soak: CONFIG.soak, site: CONFIG.site },
    network: {
      multiplyAdds: macs,
      flops,
      parameters: graph.params,
      perLayer: graph.perNode.filter((n) => n.macs).map((n) => ({ op: n.op, out: n.out, macs: n.macs })),
    },
    engines: perEngine,
    native,
    skipped,
  };
}

const ms = (x, digits = 2) => (x == null ? "—" : `${x.toFixed(digits)} ms`);
const mb = (x) => (x == null ? "—" : `${(x / 1e6).toFixed(2)} MB`);

function markdown(r) {
  const names = Object.keys(r.engines).filter((n) => !ENGINES[n].site);
  const peers = names.filter((n) => ENGINES[n].peer);
  const E = r.engines;
  const rows = [];
  // [label, value(engine) → number|null, format, lower is better?]
  const ratio = (mine, theirs) =>
    mine == null || theirs == null ? "—" : theirs === 0 ? (mine === 0 ? "same" : "—") : `${(mine / theirs).toFixed(2)}x`;
  const metric = (label, get, fmt, lowerBetter = true, nativeValue) => {
    const values = names.map((n) => get(E[n]));
    const peerValues = peers.map((n) => get(E[n])).filter((v) => v != null);
    const mine = get(E.nickara ?? {});
    const best = peerValues.length ? (lowerBetter ? Math.min(...peerValues) : Math.max(...peerValues)) : null;
    rows.push([
      label, ...values.map((v) => (v == null ? "—" : fmt(v))),
      ratio(mine, best), ...(E.ort ? [ratio(mine, get(E.ort))] : []),
      nativeValue == null ? "—" : fmt(nativeValue),
    ]);
  };
  const text = (label, get) =>
    rows.push([label, ...names.map((n) => get(E[n]) ?? "—"), "", ...(E.ort ? [""] : []), ""]);
  const nat = r.native ?? {};
  metric("Cold start: navigation → model ready (median)", (e) => e.coldStartMs?.median, (v) => ms(v, 0), true, nat.load?.medianMs);
  text("… of which: scripts evaluated / wasm runtime up", (e) =>
    e.coldStartMs?.scriptsLoaded == null ? null
      : `${e.coldStartMs.scriptsLoaded.toFixed(0)} / ${e.coldStartMs.runtimeReady == null ? "—" : e.coldStartMs.runtimeReady.toFixed(0)} ms`);
  metric("First prediction", (e) => e.firstPredictionMs?.median, (v) => ms(v));
  metric("Inference, 28x28 frame, p50", (e) => e.paths?.frame?.p50Ms, (v) => ms(v, 3), true, nat.frame?.medianMs);
  metric("Inference, 28x28 frame, p95", (e) => e.paths?.frame?.p95Ms, (v) => ms(v, 3));
  metric("Achieved GFLOP/s (at p50)", (e) => e.gflops, (v) => v.toFixed(1), false, nat.frame?.gflops);
  metric("Strokes → probabilities, p50", (e) => e.paths?.strokes?.p50Ms, (v) => ms(v, 3), true, nat.strokes?.medianMs);
  metric("Strokes → probabilities, p95", (e) => e.paths?.strokes?.p95Ms, (v) => ms(v, 3));
  metric("Strokes → reading of one digit (classifyNumber), p50", (e) => e.paths?.number1?.p50Ms, (v) => ms(v, 3), true);
  metric("Strokes → reading of a 5-digit number, p50", (e) => e.paths?.number5?.p50Ms, (v) => ms(v, 3), true);
  metric("Strokes → reading of a 5-digit number, p95", (e) => e.paths?.number5?.p95Ms, (v) => ms(v, 3));
  metric("280x280 ImageData → probabilities, p50", (e) => e.paths?.image?.p50Ms, (v) => ms(v, 3), true, nat.image?.medianMs);
  metric("280x280 ImageData → probabilities, p95", (e) => e.paths?.image?.p95Ms, (v) => ms(v, 3));
  metric("Download, raw (engine + model)", (e) => e.download?.raw, mb);
  metric("Download, gzip -9", (e) => e.download?.gzip, mb);
  metric("wasm memory after 1,000 predictions", (e) => e.memory?.after1000, mb);
  metric(`wasm memory growth over the next ${r.config.soak.toLocaleString()}`, (e) => e.memory?.growthAfterWarmup,
    (v) => (v === 0 ? "0 (stable)" : `+${(v / 1e6).toFixed(2)} MB`));

  const head = ["", ...names.map((n) => E[n].label), "Nickara ÷ best peer",
    ...(E.ort ? [`Nickara ÷ ${E.ort.label}`] : []), "Nickara native"];
  const table = [head, head.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");

  const m = r.machine;
  const lines = [
    `### Benchmark, ${r.date.slice(0, 10)}`,
    "",
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Chromium ${m.chromium} (headless); Node ${m.node}; ` +
      `load average ${m.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd?.join(" ")} at end. ` +
      `Nickara ${r.versions.nickara}, onnxruntime-web ${r.versions["onnxruntime-web"]}, ` +
      `TensorFlow.js ${r.versions["@tensorflow/tfjs-core"]}.`,
    `Network: ${r.network.multiplyAdds.toLocaleString()} multiply-adds (${(r.network.flops / 1e6).toFixed(1)} MFLOP) per digit, ` +
      `${r.network.parameters.toLocaleString()} parameters. ${r.config.rounds} interleaved rounds, a fresh page per engine and round; ` +
      `latencies pooled over ${r.config.rounds} × ${r.config.n} calls after ${r.config.warmup} warm-up calls per page.`,
    "",
    table,
    "",
    "Ratios below 1 favour Nickara, except GFLOP/s (above 1). \"Nickara native\": criterion medians " +
      "(cold start there = load and optimize the model; its strokes are one 97-point \"3\", the browser's " +
      "ten digits of 79–210 points (pointer events every ~3 px)). onnxruntime-web runs on the main thread (no proxy worker), so its " +
      "threads spin there.",
  ];
  if (E.site) {
    lines.push("", `The page itself (index.html, first visit): ready in ${ms(E.site.coldStartMs.median, 0)} (median of ${E.site.coldStartMs.runs}), ` +
      `downloads ${mb(E.site.download.raw)} raw, ${mb(E.site.download.gzip)} gzip -9.`);
  }
  lines.push("", "Per-round p50 spread (min–max of the per-page medians): " + names.filter((n) => E[n].paths?.frame)
    .map((n) => `${n} ${E[n].paths.frame.roundP50Ms.map((v) => v.toFixed(3)).join("–")} ms`).join(", ") + ".");
  lines.push("", "Files downloaded (raw / gzip -9):", "");
  for (const n of [...names, ...(E.site ? ["site"] : [])]) {
    const files = E[n].download.files.map((f) => `\`${f.path}\` ${(f.raw / 1e3).toFixed(1)} kB / ${(f.gzip / 1e3).toFixed(1)} kB` +
      (f.status !== 200 ? ` (HTTP ${f.status})` : ""));
    lines.push(`- ${E[n].label}: ${files.join(", ")}`);
  }
  if (Object.keys(r.skipped).length)
    lines.push("", ...Object.entries(r.skipped).map(([k, v]) => `Not measured: ${k}: ${v}`));
  return lines.join("\n") + "\n";
}

main().catch((e) => {
  console.error(`bench: FAILED: ${e.stack ?? e}`);
  process.exitCode = 1;
});
