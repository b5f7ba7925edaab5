// The page: input (pad strokes or an opened image) → worker → view. The input goes to
// the Recognizer at most once per animation frame; only the newest input waits while a
// job is running. Each job reads the input as written: one digit, or a number.

import { Pad, PENS } from "./pad.js";
import { RecognizerClient } from "./recognizer.js";
import { ResultView, isNumber } from "./view.js";
import { UnreadableFile, carriesFiles, fileFrom, readImageFile } from "./files.js";
import { downloadWasm } from "./download.js";
import { keepOffline } from "./offline.js";

const pad = new Pad(document.getElementById("pad"));
const view = new ResultView(document);
view.onselect = showMarks;
// The same address as the <link rel="preload"> in index.html, so this fetch is that download.
const wasmUrl = new URL("../pkg/nickara_bg.wasm", import.meta.url);
const preload = document.querySelector(`link[rel="preload"][href$="nickara_bg.wasm"]`);
const wasm = downloadWasm(wasmUrl, {
  expectedBytes: Number(preload?.dataset.bytes) || 0,
  onProgress: (progress) => view.showProgress(progress),
});
const recognizer = new RecognizerClient(new URL("./worker.js", import.meta.url), wasm);
const clearButton = document.getElementById("clear");
const undoButton = document.getElementById("undo");
const penControl = document.getElementById("pen");
const fileInput = document.getElementById("file");
const padFrame = pad.canvas.parentElement;
const PEN_KEY = "nickara:pen";

let sentVersion = -1; // pad.version of the newest input handed to the recognizer
let frame = 0;
let firstPrediction = true;
let opening = 0; // the newest file being opened; older ones are dropped when they finish

view.showLoading();
restorePen();
syncControls();

recognizer.ready.then(
  ({ ms }) => {
    performance.mark("nickara:ready", { detail: { initMs: ms } });
    // Saving the site for offline use downloads its files once more (or asks whether they
    // changed): only now, so that it never competes with the first download of the model.
    keepOffline(document.getElementById("offline"));
    if (view.state !== "loading") return; // a file was refused meanwhile: keep saying so
    if (pad.isEmpty) view.showEmpty();
    else view.showPending();
    scheduleSend();
  },
  (err) => {
    console.error("Nickara: the recognizer failed to load:", err);
    view.showFailure(`Could not load the recognizer: ${err.message}. Try reloading the page; it needs a browser with WebAssembly and module workers.`);
  },
);

// A worker that crashed, hung or died is replaced (recognizer.js); the ink stays on the pad
// and the next change is read by the new one.
recognizer.onrestart = (reason) => {
  if (pad.isEmpty) return view.showEmpty(`The recognizer ${reason} and was restarted. Draw a digit.`);
  view.showFailure(`The recognizer ${reason} and was restarted; your ink is kept. Draw another stroke to have it read.`);
};
recognizer.onfailure = (reason) => {
  console.error("Nickara: the recognizer failed:", reason);
  view.showFailure(`The recognizer stopped working: ${reason}. Reload the page to try again.`);
};

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

clearButton.addEventListener("click", clear);
undoButton.addEventListener("click", () => pad.undo());

document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.target.closest?.("input:not([type=radio]):not([type=file]), textarea, select, [contenteditable]")) return;
  if (e.key === "Escape") {
    clear();
  } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z") {
    e.preventDefault();
    pad.undo();
  }
});

/** Clear the pad; on an empty pad, also dismiss a message about a refused file. */
function clear() {
  opening++; // a file still being decoded is not wanted any more
  if (pad.isEmpty && view.state === "error" && recognizer.isReady && !recognizer.failure) view.showEmpty();
  pad.clear();
}

// --- pen -----------------------------------------------------------------------

penControl.addEventListener("change", (e) => {
  const name = e.target.value;
  if (!Object.hasOwn(PENS, name)) return;
  pad.setPen(name);
  penControl.dataset.value = name;
  try {
    localStorage.setItem(PEN_KEY, name);
  } catch {
    // storage may be disabled; the choice then lasts for this visit
  }
});

function restorePen() {
  let name = "medium";
  try {
    name = localStorage.getItem(PEN_KEY) ?? name;
  } catch {
    // storage may be disabled
  }
  // A stored name is whatever the storage holds: only a pen's own name counts ("constructor"
  // is a property of every object, and quotes would break the selector).
  if (!Object.hasOwn(PENS, name)) name = "medium";
  const radio = penControl.querySelector(`input[value="${name}"]`);
  radio.checked = true;
  pad.setPen(radio.value);
  penControl.dataset.value = radio.value;
}

// --- images: pick, drop, paste -------------------------------------------------------

fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  fileInput.value = ""; // choosing the same file again is a change too
  if (file) openFile(file);
});

let dragTimer = 0;
document.addEventListener("dragover", (e) => {
  e.preventDefault(); // the page takes the drop instead of the browser opening the file
  e.dataTransfer.dropEffect = carriesFiles(e.dataTransfer) ? "copy" : "none";
  if (!carriesFiles(e.dataTransfer)) return;
  padFrame.classList.add("is-drop-target");
  clearTimeout(dragTimer); // dragover repeats while the drag is over the page
  dragTimer = setTimeout(() => padFrame.classList.remove("is-drop-target"), 200);
});

document.addEventListener("drop", (e) => {
  e.preventDefault();
  clearTimeout(dragTimer);
  padFrame.classList.remove("is-drop-target");
  const file = fileFrom(e.dataTransfer);
  if (file) openFile(file);
  else if (!recognizer.failure) view.showFailure("That was not a file. Drop an image file of a digit or number, or copy an image and paste it here.");
});

document.addEventListener("paste", (e) => {
  if (e.target.closest?.("input:not([type=radio]):not([type=file]), textarea, [contenteditable]")) return;
  const file = fileFrom(e.clipboardData);
  if (!file) return; // pasted text: nothing to read
  e.preventDefault();
  openFile(file);
});

async function openFile(file) {
  if (recognizer.failure) return; // the failure to load stays on screen
  const token = ++opening;
  if (recognizer.isReady) view.showPending(`Opening ${file.name || "the image"}…`);
  try {
    const image = await readImageFile(file);
    if (token === opening) pad.showImage(image);
  } catch (err) {
    if (token !== opening || recognizer.failure) return;
    if (!(err instanceof UnreadableFile)) console.error("Nickara: could not open the file:", err);
    view.showFailure(err instanceof UnreadableFile ? err.message : `Could not open ${file.name || "the image"}: ${err.message}`);
    pad.setMarks([]);
  }
}

// --- recognition ---------------------------------------------------------------------

/** Outline each digit of a number on the pad, the selected one drawn solid. */
function showMarks() {
  const { reading, selected } = view;
  const marks = reading && isNumber(reading) ? reading.digits.map((d, i) => ({ box: d.box, label: d.digit, unsure: d.unsure, selected: i === selected })) : [];
  pad.setMarks(marks);
}
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
  const inputId = pad.inputId;
  const input = pad.snapshot();
  let reply;
  try {
    reply = await recognizer.submit(input);
  } catch (err) {
    if (recognizer.failure) return; // reported through recognizer.ready
    console.error("Nickara: the recognizer rejected the input:", err);
    if (version === pad.version) view.showFailure(`Could not read this ${input.image ? "image" : "drawing"}: ${err.message}`);
    return;
  }
  // Replaced by newer input, cleared, or for an input that is no longer shown.
  if (!reply || pad.isEmpty || inputId !== pad.inputId) return;
  const final = version === pad.version;
  view.showResult(reply.reading, { final, ms: reply.ms, announce: final && !pad.isDrawing, name: input.name });
  showMarks();
  if (final && firstPrediction) {
    firstPrediction = false;
    performance.mark("nickara:first-prediction");
  }
}
