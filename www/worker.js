// Inference worker: holds the one Recognizer (wasm) of the page and answers jobs one
// at a time. The main thread never runs the model.
//
// Protocol (see recognizer.js for the sending side):
//   worker → main  { type: "ready", ms }                  model loaded and optimized
//   worker → main  { type: "failed", message }            the wasm or model failed to load
//   main → worker  { id, input }                          input: { strokes } or { image: ImageData }
//   worker → main  { type: "result", id, prediction, number, ms }
//                  number: the Recognizer's Reading as it returns it (nickara.d.ts), the
//                    input read digit by digit, left to right
//                    { value, confidence, unsure, digits: [{ ...prediction, box }], whole }
//                  prediction: number.whole, all the input read as one digit
//                    { digit, confidence, unsure, runnerUp, probabilities, input: Float32Array(784) }
//   worker → main  { type: "error", id, message }         the Recognizer threw (bad input)
//   worker → main  { type: "crashed", id, message }       the module trapped or ran out of
//                                                         memory: it is unusable now, and the
//                                                         page starts a new worker

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
  const { id, input } = data;
  try {
    await ready;
    const started = performance.now();
    const source = input?.strokes ?? input?.image;
    if (!source) throw new Error("expected a job { strokes } or { image }");
    // One call: the number digit by digit, and `whole`, all the ink read as one digit.
    const number = recognizer.classifyNumber(source);
    const ms = performance.now() - started;
    // Plain objects, each frame in a Float32Array of its own: the whole's is transferred.
    const prediction = number.whole;
    postMessage({ type: "result", id, prediction, number, ms }, [prediction.input.buffer]);
  } catch (err) {
    postMessage({ type: isCrash(err) ? "crashed" : "error", id, message: messageOf(err) });
  }
};

// The Recognizer reports bad input with a plain Error. Anything else (WebAssembly.RuntimeError
// for a trap, a RangeError for a stack overflow or memory that cannot grow) means the wasm
// instance stopped mid-call, and every later call on it would fail too.
function isCrash(err) {
  return !(err instanceof Error) || err.constructor !== Error;
}

function messageOf(err) {
  if (err instanceof Error) return err.message || String(err);
  return String(err);
}
