// Inference worker: holds the one Recognizer (wasm) of the page and answers
// requests one at a time. The main thread never runs the model.
//
// Protocol (see recognizer.js for the sending side):
//   worker → main  { type: "ready", ms }                 model loaded and optimized
//   worker → main  { type: "failed", message }           the wasm or model failed to load
//   main → worker  { id, method, args }                  method: one of METHODS
//   worker → main  { type: "result", id, result, ms }    result: { digit, confidence, probabilities, input }
//   worker → main  { type: "error", id, message }        the Recognizer threw (bad input)

const METHODS = new Set(["classifyStrokes", "classifyImage", "predict"]);

let recognizer = null;

const ready = (async () => {
  const started = performance.now();
  // A dynamic import, so that a missing or broken package becomes a message
  // instead of an anonymous worker error.
  const { default: init, Recognizer } = await import("../pkg/nickara.js");
  await init();
  recognizer = new Recognizer();
  return performance.now() - started;
})();

ready.then(
  (ms) => postMessage({ type: "ready", ms }),
  (err) => postMessage({ type: "failed", message: messageOf(err) }),
);

self.onmessage = async ({ data }) => {
  const { id, method, args } = data;
  try {
    await ready;
    if (!METHODS.has(method)) throw new Error(`unknown method ${JSON.stringify(method)}`);
    const started = performance.now();
    const out = recognizer[method](...args);
    const ms = performance.now() - started;
    const result = {
      digit: out.digit ?? null,
      confidence: out.confidence,
      probabilities: Array.from(out.probabilities),
      input: Float32Array.from(out.input), // a copy we own, so it can be transferred
    };
    postMessage({ type: "result", id, result, ms }, [result.input.buffer]);
  } catch (err) {
    postMessage({ type: "error", id, message: messageOf(err) });
  }
};

function messageOf(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}
