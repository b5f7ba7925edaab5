// Main-thread bridge to worker.js: at most one job in flight; while one runs, only
// the newest waiting job is kept (older waiting ones resolve to null).

export class RecognizerClient {
  constructor(workerUrl) {
    this.worker = new Worker(workerUrl, { type: "module" });
    this.nextId = 1;
    this.inFlight = null; // { id, resolve, reject }
    this.waiting = null; // { input, resolve, reject }
    this.isReady = false;
    this.failure = null;

    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // failures are also reported through ready's users

    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "the recognizer worker could not start");
    };
  }

  /**
   * Queue a job reading `input` ({ strokes } or { image: ImageData }) as one digit and
   * as a number. Resolves to `{ prediction, number, ms }` (see worker.js), or to null
   * when a newer job replaced this one before it was sent.
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
    this.worker.postMessage({ id, input });
  }

  receive(message) {
    switch (message.type) {
      case "ready":
        this.isReady = true;
        this.resolveReady({ ms: message.ms });
        this.pump();
        return;
      case "failed":
        this.fail(message.message);
        return;
      case "result":
      case "error": {
        const job = this.inFlight;
        if (!job || job.id !== message.id) return;
        this.inFlight = null;
        if (message.type === "result") {
          const { prediction, number, ms } = message;
          job.resolve({ prediction, number, ms });
        }
        else job.reject(new Error(message.message));
        this.pump();
        return;
      }
    }
  }

  fail(reason) {
    if (this.failure) return;
    this.failure = reason;
    this.rejectReady(new Error(reason));
    for (const job of [this.inFlight, this.waiting]) job?.reject(new Error(reason));
    this.inFlight = this.waiting = null;
    this.worker.terminate();
  }
}
