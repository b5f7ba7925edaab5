// Inference worker: holds the one Recognizer (wasm) of the page and answers jobs one
// at a time. The main thread never runs the model.
//
// Protocol (see recognizer.js for the sending side):
//   main → worker  { type: "load", module }               the compiled WebAssembly.Module
//                                                         (download.js); sent once, first
//   worker → main  { type: "ready", ms }                  model loaded and optimized
//   worker → main  { type: "failed", message }            the wasm or model failed to load
//   main → worker  { type: "job", id, input }             input: { strokes } or { image: ImageData }
//   worker → main  { type: "result", id, reading, ms }
//                  reading: the input read as written: the Recognizer's Reading as it
//                    returns it (nickara.d.ts), less `whole`
//                    { value, confidence, unsure, digits: [{ ...prediction, box }] }
//   worker → main  { type: "error", id, message }         the Recognizer threw (bad input)
//   worker → main  { type: "crashed", id, message }       the module trapped or ran out of
//                                                         memory: it is unusable now, and the
//                                                         page starts a new worker

let recognizer = null;
let ready = null;

self.onmessage = ({ data }) => {
  if (data?.type === "load") {
    ready ??= load(data.module);
    ready.then(
      (ms) => postMessage({ type: "ready", ms }),
      (err) => postMessage({ type: "failed", message: messageOf(err) }),
    );
  } else if (data?.type === "job") {
    answer(data);
  }
};

async function load(module) {
  const started = performance.now();
  // A dynamic import, so that a missing or broken package becomes a message
  // instead of an anonymous worker error.
  const { default: init, Recognizer } = await import("../nickara.js");
  await init({ module_or_path: module });
  recognizer = new Recognizer();
  return performance.now() - started;
}

async function answer({ id, input }) {
  try {
    if (!ready) throw new Error("a job came before the module");
    await ready;
    const started = performance.now();
    const source = input?.strokes ?? input?.image;
    if (!source) throw new Error("expected a job { strokes } or { image }");
    const reading = recognizer.classifyNumber(source, { whole: false });
    const ms = performance.now() - started;
    // Rust's Reading as it comes (plain objects, each frame a Float32Array of its own, so
    // they can be transferred), without `whole`: the page shows what was written, and a
    // number of several digits is read with one run of the network fewer.
    postMessage({ type: "result", id, reading, ms }, reading.digits.map((d) => d.input.buffer));
  } catch (err) {
    postMessage({ type: isCrash(err) ? "crashed" : "error", id, message: messageOf(err) });
  }
}

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
