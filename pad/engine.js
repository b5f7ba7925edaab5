// The one recognizer of a page, shared by every <nickara-pad> on it: the wasm downloaded once
// (download.js, with progress), one worker (worker.js) that runs it, replaced when it traps
// or hangs (recognizer.js). Started by the first pad that connects, or earlier by preload().
//
// Events on the engine: "progress" (detail: { loaded, total, done } bytes), "ready" (detail:
// { ms }), "restart" (detail: { reason }), "failure" (detail: { reason }).

import { RecognizerClient } from "./recognizer.js";
import { downloadWasm } from "./download.js";

let engine = null;

class Engine extends EventTarget {
  constructor({ wasm, worker, expectedBytes }) {
    super();
    this.state = "loading"; // "loading", "ready" or "failed"
    this.progress = null; // the download's last { loaded, total, done }
    this.reason = ""; // why it failed
    this.options = { wasm: String(wasm), worker: worker && String(worker) };
    const download = downloadWasm(wasm, {
      expectedBytes,
      onProgress: (progress) => {
        this.progress = progress;
        this.emit("progress", progress);
      },
    });
    // Written out as `new Worker(new URL("./worker.js", import.meta.url), …)` so that bundlers
    // (Vite, webpack) find the worker and bundle it with the package it imports.
    const createWorker = worker
      ? () => new Worker(worker, { type: "module" })
      : () => new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.client = new RecognizerClient(createWorker, download);
    this.client.onrestart = (reason) => this.emit("restart", { reason });
    this.client.onfailure = (reason) => this.failed(reason);
    this.ready = this.client.ready.then(
      ({ ms }) => {
        this.state = "ready";
        this.emit("ready", { ms });
        return { ms };
      },
      (err) => {
        this.failed(err.message || String(err));
        throw err;
      },
    );
    this.ready.catch(() => {}); // reported through "failure"
  }

  failed(reason) {
    if (this.state === "failed") return;
    this.state = "failed";
    this.reason = reason;
    this.emit("failure", { reason });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * Start the page's recognizer now, before any pad needs it, and resolve once the model is
 * ready (`{ ms }`: how long loading took in the worker). Options, for bundlers that do not
 * follow `new URL(…, import.meta.url)`: `wasm`, the URL of nickara_bg.wasm (default: beside
 * nickara.js); `worker`, the URL of the package's worker (`nickara/worker`) as bundled;
 * `expectedBytes`, the wasm's size for the progress when the server compresses it.
 */
export function preload(options = {}) {
  return start(options).ready;
}

/** The page's engine, started on first use with `options`. */
export function start(options = {}) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("preload() expects an object { wasm, worker, expectedBytes }, or nothing");
  }
  const wasm = options.wasm ?? new URL("../nickara_bg.wasm", import.meta.url);
  const { worker = null, expectedBytes = 0 } = options;
  if (engine) {
    const asked = { wasm: String(wasm), worker: worker && String(worker) };
    const differs = (options.wasm !== undefined && asked.wasm !== engine.options.wasm) || (worker && asked.worker !== engine.options.worker);
    if (differs) {
      throw new Error(
        `the recognizer already started with ${engine.options.wasm}${engine.options.worker ? ` and ${engine.options.worker}` : ""}; ` +
          "call preload({ wasm, worker }) before the first <nickara-pad> is added to the page",
      );
    }
    return engine;
  }
  engine = new Engine({ wasm, worker, expectedBytes });
  return engine;
}
