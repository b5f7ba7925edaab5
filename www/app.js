// The page: pad → worker → view. Strokes go to the Recognizer at most once per
// animation frame; only the newest ink waits while a prediction is running.

import { Pad } from "./pad.js";
import { RecognizerClient } from "./recognizer.js";
import { ResultView } from "./view.js";

const pad = new Pad(document.getElementById("pad"));
const view = new ResultView(document);
const recognizer = new RecognizerClient(new URL("./worker.js", import.meta.url));
const clearButton = document.getElementById("clear");
const undoButton = document.getElementById("undo");
const padFrame = pad.canvas.parentElement;

let sentVersion = -1; // pad.version of the newest ink handed to the recognizer
let frame = 0;
let firstPrediction = true;

view.showLoading();
syncControls();

recognizer.ready.then(
  ({ ms }) => {
    performance.mark("nickara:ready", { detail: { initMs: ms } });
    if (pad.isEmpty) view.showEmpty();
    else view.showPending();
    scheduleSend();
  },
  (err) => {
    console.error("Nickara: the recognizer failed to load:", err);
    view.showFailure(`Could not load the recognizer: ${err.message}. Try reloading the page; it needs a browser with WebAssembly and module workers.`);
  },
);

pad.addEventListener("change", () => {
  syncControls();
  if (recognizer.failure) return;
  if (pad.isEmpty) {
    recognizer.cancelWaiting();
    sentVersion = pad.version;
    if (recognizer.isReady) view.showEmpty();
    return;
  }
  if (recognizer.isReady) view.showPending();
  scheduleSend();
});

pad.addEventListener("strokeend", () => view.announce());

clearButton.addEventListener("click", () => pad.clear());
undoButton.addEventListener("click", () => pad.undo());

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.target.closest?.("input, textarea, select, [contenteditable]")) return;
  if (e.key === "Escape") {
    pad.clear();
  } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z") {
    e.preventDefault();
    pad.undo();
  }
});

function syncControls() {
  undoButton.disabled = pad.isEmpty;
  padFrame.classList.toggle("has-ink", !pad.isEmpty);
}

function scheduleSend() {
  if (!frame) frame = requestAnimationFrame(send);
}

async function send() {
  frame = 0;
  if (recognizer.failure || pad.isEmpty || pad.version === sentVersion) return;
  const version = (sentVersion = pad.version);
  let reply;
  try {
    reply = await recognizer.submit("classifyStrokes", [pad.snapshot()]);
  } catch (err) {
    if (recognizer.failure) return; // reported through recognizer.ready
    console.error("Nickara: the recognizer rejected the drawing:", err);
    if (version === pad.version) view.showFailure(`Could not read this drawing: ${err.message}`);
    return;
  }
  if (!reply || pad.isEmpty) return; // replaced by newer ink, or cleared meanwhile
  const final = version === pad.version;
  view.showResult(reply.result, { final, ms: reply.ms, announce: final && !pad.isDrawing });
  if (final && firstPrediction) {
    firstPrediction = false;
    performance.mark("nickara:first-prediction");
  }
}
