// The page around <nickara-pad> (pkg/pad/, the package's element): the pen and image
// controls, the answer, chips, bars and preview (view.js), and the offline notice. The pad
// reads the ink and reports each state; this file shows it. Keys, drops and pastes anywhere
// on the page go to the pad.

import { PENS, preload } from "../pkg/pad/index.js";
import { ResultView } from "./view.js";
import { carriesFiles } from "../pkg/pad/files.js";
import { keepOffline } from "./offline.js";

const pad = document.getElementById("pad");
const view = new ResultView(document);
view.onselect = (index) => pad.selectDigit(index);
const clearButton = document.getElementById("clear");
const undoButton = document.getElementById("undo");
const penControl = document.getElementById("pen");
const fileInput = document.getElementById("file");
const padFrame = pad.parentElement;
const PEN_KEY = "nickara:pen";
// The <link rel="preload"> in index.html starts the model's download with the page; the pad
// fetches the same URL, so that request is the one used. The site build writes the wasm's
// size into it for the progress (a compressing server's Content-Length counts compressed bytes).
const preloaded = document.querySelector(`link[rel="preload"][href$="nickara_bg.wasm"]`);
let firstPrediction = true;

view.showLoading();
restorePen();
syncControls();

preload({ expectedBytes: Number(preloaded?.dataset.bytes) || 0 }).then(
  ({ ms }) => {
    performance.mark("nickara:ready", { detail: { initMs: ms } });
    // Saving the site for offline use downloads its files once more (or asks whether they
    // changed): only now, so that it never competes with the first download of the model.
    keepOffline(document.getElementById("offline"));
  },
  () => {}, // the pad says why
);

pad.addEventListener("statechange", ({ detail }) => {
  syncControls();
  const { state, message, reading, final, ms, name, progress } = detail;
  if (state === "loading") {
    if (progress) view.showProgress(progress, message);
  } else if (state === "empty") {
    view.showEmpty(message);
  } else if (state === "reading") {
    if (reading) view.showResult(reading, { final: false, ms, name });
    else view.showPending(message);
  } else if (state === "done") {
    view.showResult(reading, { final, ms, name });
    pad.selectDigit(view.selected);
    if (firstPrediction) {
      firstPrediction = false;
      performance.mark("nickara:first-prediction");
    }
  } else {
    view.showFailure(message);
  }
});

clearButton.addEventListener("click", () => pad.clear());
undoButton.addEventListener("click", () => pad.undo());

// The pad takes its keys when it has the focus; elsewhere on the page they are its too.
document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.target.closest?.("input:not([type=radio]):not([type=file]), textarea, select, [contenteditable]")) return;
  if (e.key === "Escape") {
    pad.clear();
  } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z") {
    e.preventDefault();
    pad.undo();
  }
});

// --- pen -----------------------------------------------------------------------

penControl.addEventListener("change", (e) => {
  const name = e.target.value;
  if (!Object.hasOwn(PENS, name)) return;
  pad.pen = name;
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
  pad.pen = radio.value;
  penControl.dataset.value = radio.value;
}

// --- images: pick, or drop and paste anywhere on the page --------------------------------

fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  fileInput.value = ""; // choosing the same file again is a change too
  if (file) pad.openImage(file);
});

// A drop or paste the pad did not take itself (it was elsewhere on the page) is handed to it.
let dragTimer = 0;
document.addEventListener("dragover", (e) => {
  if (!e.defaultPrevented) {
    e.preventDefault(); // the page takes the drop instead of the browser opening the file
    e.dataTransfer.dropEffect = carriesFiles(e.dataTransfer) ? "copy" : "none";
  }
  if (!carriesFiles(e.dataTransfer)) return;
  padFrame.classList.add("is-drop-target");
  clearTimeout(dragTimer); // dragover repeats while the drag is over the page
  dragTimer = setTimeout(() => padFrame.classList.remove("is-drop-target"), 200);
});

document.addEventListener("drop", (e) => {
  clearTimeout(dragTimer);
  padFrame.classList.remove("is-drop-target");
  if (e.defaultPrevented) return;
  e.preventDefault();
  pad.dispatchEvent(new DragEvent("drop", { dataTransfer: e.dataTransfer, cancelable: true }));
});

document.addEventListener("paste", (e) => {
  if (e.defaultPrevented || e.target.closest?.("input:not([type=radio]):not([type=file]), textarea, [contenteditable]")) return;
  const forwarded = new ClipboardEvent("paste", { clipboardData: e.clipboardData, cancelable: true });
  pad.dispatchEvent(forwarded);
  if (forwarded.defaultPrevented) e.preventDefault(); // an image, taken; pasted text is left alone
});

function syncControls() {
  const inked = pad.matches(":state(ink)");
  undoButton.disabled = !inked;
  padFrame.classList.toggle("has-ink", inked);
  pad.dataset.input = pad.input;
}
