// Main-thread bridge to worker.js: at most one job in flight. Every pad on the page shares the
// one worker: while a job runs, each pad (`owner`) keeps only its newest waiting job (its older
// one resolves to null), and the pads' waiting jobs are sent in the order they came. The
// worker gets the compiled wasm (download.js) as soon as both are there.
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
  constructor(createWorker, wasm) {
    this.createWorker = createWorker; // () => Worker, a new one each call
    this.wasm = wasm;
    this.nextId = 1;
    this.inFlight = null; // { id, resolve, reject }
    this.waiting = new Map(); // owner → { input, resolve, reject }, in the order they came
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
    const worker = this.createWorker();
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
  submit(input, owner = null) {
    if (this.failure) return Promise.reject(new Error(this.failure));
    return new Promise((resolve, reject) => {
      this.cancelWaiting(owner);
      this.waiting.set(owner, { input, resolve, reject });
      this.pump();
    });
  }

  /** Drop `owner`'s waiting job, if any (one in flight still completes). */
  cancelWaiting(owner = null) {
    this.waiting.get(owner)?.resolve(null);
    this.waiting.delete(owner);
  }

  pump() {
    if (!this.isReady || this.inFlight || !this.waiting.size) return;
    const [owner, { input, resolve, reject }] = this.waiting.entries().next().value;
    this.waiting.delete(owner);
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
    for (const job of [this.inFlight, ...this.waiting.values()]) job?.reject(new Error(reason));
    this.inFlight = null;
    this.waiting.clear();
    this.worker.terminate();
    if (this.loaded) this.onfailure?.(reason);
  }
}
