// Main-thread bridge to worker.js: at most one job in flight; while one runs, only
// the newest waiting job is kept (older waiting ones resolve to null). The worker gets the
// compiled wasm from the page (download.js) as soon as both are there.
//
// Recovery: a worker whose module trapped ("crashed"), that threw outside a job, or that does
// not answer a job within ANSWER_TIMEOUT_MS (hung, or died without a word) is terminated and
// replaced by a new one. The job it had resolves to null (its input is still on the page);
// the waiting job, if any, goes to the new worker. `onrestart(reason)` tells the page. After
// MAX_RESTARTS restarts in a row without an answer, the recognizer gives up (`onfailure`).

/** How long a job may take: far above the slowest accepted input (README, Limits). */
export const ANSWER_TIMEOUT_MS = 6000;
/** How long a restarted worker may take to load the model again. */
const RESTART_TIMEOUT_MS = 20_000;
const MAX_RESTARTS = 3;

export class RecognizerClient {
  /** `wasm`: a promise of the compiled WebAssembly.Module; if it fails, so does `ready`. */
  constructor(workerUrl, wasm) {
    this.workerUrl = workerUrl;
    this.wasm = wasm;
    this.nextId = 1;
    this.inFlight = null; // { id, resolve, reject }
    this.waiting = null; // { input, resolve, reject }
    this.isReady = false;
    this.failure = null;
    this.loaded = false; // the first worker loaded the model (`ready` resolved)
    this.restarts = 0; // restarts since the last answer
    this.timer = 0;
    this.onrestart = null; // (reason) => void
    this.onfailure = null; // (reason) => void, for a failure after `ready` resolved

    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // failures are also reported through ready's users
    this.start();
  }

  start() {
    const worker = new Worker(this.workerUrl, { type: "module" });
    this.worker = worker;
    // Messages and errors of a worker that was replaced are ignored.
    worker.onmessage = ({ data }) => {
      if (this.worker === worker) this.receive(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      const reason = event.message || "the recognizer worker could not start";
      if (this.loaded) this.restart(`stopped with an error (${reason})`);
      else this.fail(reason);
    };
    this.wasm.then(
      (module) => {
        if (this.worker === worker) worker.postMessage({ type: "load", module });
      },
      (err) => this.fail(err.message || String(err)),
    );
  }

  /**
   * Queue a job reading `input` ({ strokes } or { image: ImageData }) as written: one digit
   * or a number. Resolves to `{ reading, ms }` (see worker.js), or to null when a newer job
   * replaced this one before it was sent, or the worker was restarted.
   */
  submit(input) {
    if (this.failure) return Promise.reject(new Error(this.failure));
    return new Promise((resolve, reject) => {
      if (this.waiting) this.waiting.resolve(null);
      this.waiting = { input, resolve, reject };
      this.pump();
    });
  }

  /** Drop the waiting job, if any (the one in flight still completes). */
  cancelWaiting() {
    if (this.waiting) this.waiting.resolve(null);
    this.waiting = null;
  }

  pump() {
    if (!this.isReady || this.inFlight || !this.waiting) return;
    const { input, resolve, reject } = this.waiting;
    this.waiting = null;
    const id = this.nextId++;
    this.inFlight = { id, resolve, reject };
    this.worker.postMessage({ type: "job", id, input });
    this.watch(ANSWER_TIMEOUT_MS, `did not answer within ${ANSWER_TIMEOUT_MS / 1000} seconds`);
  }

  /** Restart the worker unless it answers within `ms`. */
  watch(ms, reason) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.restart(reason), ms);
  }

  receive(message) {
    switch (message.type) {
      case "ready":
        clearTimeout(this.timer);
        this.isReady = true;
        if (!this.loaded) {
          this.loaded = true;
          this.resolveReady({ ms: message.ms });
        }
        this.pump();
        return;
      case "failed":
        this.fail(message.message);
        return;
      case "crashed":
        this.restart(`crashed (${message.message})`);
        return;
      case "result":
      case "error": {
        const job = this.inFlight;
        if (!job || job.id !== message.id) return;
        clearTimeout(this.timer);
        this.inFlight = null;
        this.restarts = 0; // the worker answered: it works
        if (message.type === "result") job.resolve({ reading: message.reading, ms: message.ms });
        else job.reject(new Error(message.message));
        this.pump();
        return;
      }
    }
  }

  /** Replace the worker; the job in flight is dropped, the waiting one is kept. */
  restart(reason) {
    if (this.failure) return;
    clearTimeout(this.timer);
    this.worker.terminate();
    this.inFlight?.resolve(null);
    this.inFlight = null;
    this.isReady = false;
    if (++this.restarts > MAX_RESTARTS) {
      this.fail(`the recognizer ${reason}, and again after ${MAX_RESTARTS} restarts`);
      return;
    }
    console.warn(`Nickara: the recognizer ${reason}; starting a new one`);
    this.start();
    this.watch(RESTART_TIMEOUT_MS, "did not load again after a restart");
    this.onrestart?.(reason);
  }

  fail(reason) {
    if (this.failure) return;
    clearTimeout(this.timer);
    this.failure = reason;
    this.rejectReady(new Error(reason));
    for (const job of [this.inFlight, this.waiting]) job?.reject(new Error(reason));
    this.inFlight = this.waiting = null;
    this.worker.terminate();
    if (this.loaded) this.onfailure?.(reason);
  }
}
