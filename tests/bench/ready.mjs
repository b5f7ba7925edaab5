// Time to ready: navigation → the page's model ready (#prediction leaves "loading"), for a
// first visit and a repeat visit, on a fast local connection and on a throttled one (CDP
// network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, DevTools' "Fast 3G"),
// served gzipped with caching headers as GitHub Pages serves it. Also when the wasm was
// requested (after the page's own request) and what the first visit downloaded.
//
//   make bench-ready                          the built site (dist/)
//   make bench-ready BENCH_BASELINE=REV       and, beside it, the page of git revision REV
//                                             with the same package (the "before")
//
// Environment: SITE_DIR (default dist/), BENCH_BASELINE_DIR (the baseline site, which
// bench.mk builds), BENCH_READY_ROUNDS (fast rounds, default 10), BENCH_READY_SLOW_ROUNDS
// (throttled rounds, default 3), BENCH_OUT, CHROMIUM. Sites alternate within each round;
// every first visit is a fresh browser context (empty caches), and the repeat visit reloads
// in that context once the site is saved for offline use, where it saves itself.

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { serveMounts } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const env = process.env;
const SITES = { after: path.resolve(env.SITE_DIR ?? path.join(ROOT, "dist")) };
if (env.BENCH_BASELINE_DIR) SITES.before = path.resolve(env.BENCH_BASELINE_DIR);
const LABELS = { before: `before (${env.BENCH_BASELINE ?? "baseline"})`, after: "after (this build)" };
const ORDER = ["before", "after"].filter((name) => SITES[name]);
const CONDITIONS = [
  { name: "unthrottled", rounds: Number(env.BENCH_READY_ROUNDS ?? 10), network: null },
  {
    name: "1.6 Mbit/s, 150 ms",
    rounds: Number(env.BENCH_READY_SLOW_ROUNDS ?? 3),
    network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 },
  },
];
const OUT = path.resolve(env.BENCH_OUT ?? path.join(HERE, "results"));
const TIMEOUT = 180_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Resolves with performance.now() when #prediction first leaves "loading" (set before navigation). */
function watchReady() {
  window.__ready = new Promise((resolve) => {
    const check = () => {
      const state = document.getElementById("prediction")?.dataset.state;
      if (!state || state === "loading") return false;
      resolve({ ms: performance.now(), state, status: document.getElementById("status")?.textContent });
      return true;
    };
    const watcher = new MutationObserver(() => check() && watcher.disconnect());
    watcher.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
}

async function main() {
  const server = await serveMounts(
    Object.fromEntries(ORDER.map((name) => [`/${name}/`, SITES[name]])),
    { isolated: false, gzip: true },
  );
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const log = (...a) => console.error("bench-ready:", ...a);
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  const chromiumVersion = browser.version();
  log(`Chromium ${chromiumVersion}, ${os.cpus().length} cores, load ${load}; sites: ${ORDER.map((n) => `${n} ${SITES[n]}`).join(", ")}`);

  /** One visit: navigation → ready; the wasm's request after the page's; bytes sent. */
  async function visit(page, name) {
    const from = server.log.length;
    await page.goto(`${server.origin}/${name}/`, { waitUntil: "commit", timeout: TIMEOUT });
    const ready = await page.evaluate(() => window.__ready);
    if (ready.state !== "empty") throw new Error(`${name}: the page shows "${ready.state}": ${ready.status}`);
    const sent = server.log.slice(from);
    const at = (suffix) => sent.find((r) => new URL(r.path, "http://x").pathname.endsWith(suffix))?.at;
    const wasmAfterPage = at("/nickara_bg.wasm") != null && at(`/${name}/`) != null ? at("/nickara_bg.wasm") - at(`/${name}/`) : null;
    return { readyMs: ready.ms, wasmAfterPageMs: wasmAfterPage, bytes: sent.reduce((s, r) => s + r.bytes, 0) };
  }

  const results = {};
  try {
    for (const condition of CONDITIONS) {
      for (const name of ORDER) results[`${condition.name}|${name}`] = { first: [], repeat: [], wasm: [], bytes: [] };
      for (let round = 0; round < condition.rounds; round++) {
        const order = round % 2 ? [...ORDER].reverse() : ORDER;
        for (const name of order) {
          const context = await browser.newContext();
          try {
            await context.addInitScript(watchReady);
            const page = await context.newPage();
            if (condition.network) {
              const cdp = await context.newCDPSession(page);
              await cdp.send("Network.enable");
              await cdp.send("Network.emulateNetworkConditions", condition.network);
            }
            const first = await visit(page, name);
            // The page saves itself for offline use after the model is ready (where it does):
            // the repeat visit comes once that is done, as it would for a person.
            await page.waitForFunction(() => {
              const state = document.getElementById("offline")?.dataset.state;
              return state === undefined || state === "ready" || state === "unavailable";
            }, null, { timeout: TIMEOUT });
            await page.waitForLoadState("networkidle", { timeout: TIMEOUT }).catch(() => {});
            const repeat = await visit(page, name);
            const r = results[`${condition.name}|${name}`];
            r.first.push(first.readyMs);
            r.repeat.push(repeat.readyMs);
            if (first.wasmAfterPageMs != null) r.wasm.push(first.wasmAfterPageMs);
            r.bytes.push(first.bytes);
            log(`${condition.name}, round ${round + 1}/${condition.rounds}, ${name}: first visit ${first.readyMs.toFixed(0)} ms ` +
              `(wasm requested +${first.wasmAfterPageMs?.toFixed(0)} ms), repeat ${repeat.readyMs.toFixed(0)} ms`);
          } finally {
            await context.close();
          }
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const rows = [];
  for (const condition of CONDITIONS) {
    for (const name of ORDER) {
      const r = results[`${condition.name}|${name}`];
      if (!r.first.length) continue;
      rows.push(`| ${condition.name} | ${LABELS[name]} | ${median(r.first).toFixed(0)} ms (${Math.min(...r.first).toFixed(0)}–${Math.max(...r.first).toFixed(0)}) | ` +
        `${r.wasm.length ? `+${median(r.wasm).toFixed(0)} ms` : "—"} | ${median(r.repeat).toFixed(0)} ms | ${(median(r.bytes) / 1e6).toFixed(2)} MB | ${r.first.length} |`);
    }
  }
  const md = [
    `Navigation → model ready, median (min–max); ${new Date().toISOString().slice(0, 10)}, Chromium ${chromiumVersion}, load average ${load} at the start.`,
    "",
    "| network | page | first visit | wasm requested after the page | repeat visit | first visit downloaded (gzip) | runs |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, "ready-latest.md"), md);
  writeFileSync(path.join(OUT, "ready-latest.json"), JSON.stringify({ sites: SITES, conditions: CONDITIONS, results }, null, 1));
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
