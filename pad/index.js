// <nickara-pad>: a handwriting field any page can drop in. A form-associated custom element
// whose value is what was written on it ("7", "42", "" while empty), read by the page's one
// recognizer (engine.js: the wasm in a worker shared by every pad) as the ink changes. It
// owns the whole behaviour of the pad: pointer input (ink.js), pens, keys, images pasted or
// dropped, the digit boxes on the ink, validity and form reset/restore, and a live region
// that says the answer. The page around it only shows what it reports.
//
// Events: "input" on every new answer (detail: the Reading, null once cleared), "change"
// when the writer pauses (settle-ms), "statechange" (detail: { state, message, reading,
// final, ms, progress }) for everything a page may show: loading, reading, errors.

import { Ink, PENS } from "./ink.js";
import { start, preload } from "./engine.js";
import { UnreadableFile, carriesFiles, fileFrom, quote, readImageFile } from "./files.js";
import { describe, isNumber } from "./words.js";

export { preload, PENS };

/** How long the writer pauses before "change": longer than between two strokes of a digit. */
const SETTLE_MS = 700;
const LABEL = "Handwriting pad: write a digit, or several side by side for a number, with mouse, finger or pen.";
const KEYS = "Escape clears it, Control+Z undoes the last stroke.";
const TAG = "nickara-pad";

const STYLE = `
:host {
  display: inline-block;
  position: relative;
  width: 320px;
  height: 160px;
  box-sizing: border-box;
  border-radius: var(--nickara-radius, 10px);
  touch-action: none;
  user-select: none;
  -webkit-user-select: none;
  cursor: crosshair;
  contain: layout paint;
}
:host([hidden]) { display: none; }
:host(:focus-visible) { outline: 2px solid var(--nickara-focus, Highlight); outline-offset: 2px; }
:host(:state(disabled)) { cursor: not-allowed; opacity: 0.6; }
.paper {
  position: absolute;
  inset: 0;
  border-radius: inherit;
  overflow: hidden;
  background-color: var(--nickara-paper, light-dark(#ffffff, #121418));
  border: 1px solid var(--nickara-border, light-dark(#c8cdd6, #3a3f4b));
}
:host(:state(drop-target)) .paper { border-color: var(--nickara-box, light-dark(#4f46e5, #a5b4fc)); border-style: dashed; }
canvas {
  position: absolute;
  inset: 0;
  width: 100%;
  height: 100%;
  display: block;
  touch-action: none;
  color: var(--nickara-ink, light-dark(#111318, #f2f3f5));
}
.placeholder {
  position: absolute;
  inset: 0;
  margin: 0;
  display: grid;
  place-items: center;
  text-align: center;
  pointer-events: none;
  color: var(--nickara-placeholder, light-dark(#8a909c, #6b7280));
  font: 500 15px/1.4 system-ui, sans-serif;
}
:host(:state(ink)) .placeholder { display: none; }
.boxes { position: absolute; inset: 0; pointer-events: none; }
.box {
  position: absolute;
  box-sizing: border-box;
  border: 1.5px dashed var(--nickara-box, light-dark(#4f46e5, #a5b4fc));
  border-radius: 6px;
}
.box.selected { border-style: solid; border-width: 2.5px; }
.box.unsure { border-color: var(--nickara-unsure, light-dark(#b54708, #fdb022)); }
.chip {
  position: absolute;
  left: -1px;
  bottom: calc(100% + 2px);
  padding: 0 5px;
  border-radius: 5px;
  font: 600 12px/18px system-ui, sans-serif;
  color: var(--nickara-chip-text, light-dark(#ffffff, #111318));
  background: var(--nickara-box, light-dark(#4f46e5, #a5b4fc));
}
.box.unsure .chip { background: var(--nickara-unsure, light-dark(#b54708, #fdb022)); }
.box.low .chip { bottom: auto; top: 2px; left: 2px; }
.live {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
`;

let sheet = null;
const ANSWER_STATES = new Set(["reading", "done"]);

export class NickaraPad extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ["pen", "disabled", "digits", "min-confidence", "required", "label", "placeholder"];

  #internals = this.attachInternals();
  #root = this.attachShadow({ mode: "open" });
  #ink;
  #canvas;
  #boxes;
  #live;
  #placeholder;
  #engine = null;
  #listening = [];
  #state = "loading";
  #message = "Loading the recognizer…";
  #reading = null;
  #ms = 0;
  #final = false;
  #sentVersion = -1;
  #frame = 0;
  #settleTimer = 0;
  #changedValue = "";
  #opening = 0;
  #selected = -1;
  #announced = "";
  #formDisabled = false;
  #dragTimer = 0;

  constructor() {
    super();
    const paper = element("div", "paper", "paper");
    this.#canvas = element("canvas", "", "ink");
    this.#placeholder = element("p", "placeholder", "placeholder");
    this.#placeholder.setAttribute("aria-hidden", "true");
    this.#boxes = element("div", "boxes", "boxes");
    this.#live = element("p", "live", "announcer");
    this.#live.setAttribute("role", "status");
    this.#live.setAttribute("aria-live", "polite");
    this.#live.setAttribute("aria-atomic", "true");
    paper.append(this.#canvas, this.#placeholder, this.#boxes);
    // A constructed sheet, shared by every pad: a page's Content-Security-Policy without
    // 'unsafe-inline' for styles allows it, where it would refuse a <style> element.
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(STYLE);
    this.#root.adoptedStyleSheets = [sheet];
    this.#root.append(paper, this.#live);

    this.#ink = new Ink(this.#canvas);
    this.#ink.addEventListener("change", () => this.#inkChanged());
    this.#ink.addEventListener("strokeend", () => this.#strokeEnded());
    this.#internals.role = "application";
    this.#internals.ariaRoleDescription = "handwriting pad";

    this.addEventListener("keydown", (e) => this.#onKey(e));
    this.addEventListener("paste", (e) => this.#onPaste(e));
    this.addEventListener("dragover", (e) => this.#onDragOver(e));
    this.addEventListener("drop", (e) => this.#onDrop(e));
  }

  connectedCallback() {
    // Properties an app set before this element was defined shadow the class's: take them.
    for (const name of ["strokes", "pen", "digits", "minConfidence", "settleMs", "acceptImages", "required", "disabled"]) {
      if (!Object.hasOwn(this, name)) continue;
      const value = this[name];
      delete this[name];
      this[name] = value;
    }
    if (!this.hasAttribute("tabindex")) this.tabIndex = 0;
    this.#syncLabel();
    this.#placeholder.textContent = this.getAttribute("placeholder") ?? "Write here";
    this.#ink.setPen(this.pen);
    this.#syncDisabled();
    this.#connectEngine();
    this.#syncStates();
    this.#validate();
  }

  disconnectedCallback() {
    for (const [type, listener] of this.#listening) this.#engine?.removeEventListener(type, listener);
    this.#listening = [];
    this.#engine?.client.cancelWaiting(this);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearTimeout(this.#settleTimer);
  }

  attributeChangedCallback(name) {
    if (name === "pen") this.#ink.setPen(this.pen);
    else if (name === "disabled") this.#syncDisabled();
    else if (name === "label") this.#syncLabel();
    else if (name === "placeholder") this.#placeholder.textContent = this.getAttribute("placeholder") ?? "Write here";
    else this.#validate(); // digits, min-confidence, required
  }

  // --- the field -------------------------------------------------------------

  /** The reading as shown: "7", "42"; "" when empty, unread, or less sure than min-confidence. */
  get value() {
    const r = this.#reading;
    if (!r || !this.#hasInk() || r.confidence < this.minConfidence) return "";
    return r.value;
  }

  /** The last answer for the ink on the pad (a Reading, see nickara.d.ts), or null. */
  get reading() {
    return this.#hasInk() ? this.#reading : null;
  }

  /** The drawing: strokes of [x, y] points in CSS px of the pad. Set it to restore one. */
  get strokes() {
    return this.#ink.image ? [] : this.#ink.strokes.map(({ points }) => points.map(([x, y]) => [x, y]));
  }

  set strokes(strokes) {
    const checked = checkStrokes(strokes);
    this.#opening++;
    if (checked.length) this.#ink.setStrokes(checked);
    else this.#ink.clear();
  }

  /** "loading", "empty", "reading", "done", "error" (input refused) or "failed" (no recognizer). */
  get state() {
    return this.#state;
  }

  /** What the state means, in words for people. */
  get message() {
    return this.#message;
  }

  /** "draw", or "image" while an opened image is shown. */
  get input() {
    return this.#ink.image ? "image" : "draw";
  }

  get pen() {
    const name = this.getAttribute("pen");
    return name && Object.hasOwn(PENS, name) ? name : "medium";
  }

  set pen(name) {
    if (!Object.hasOwn(PENS, name)) throw new TypeError(`pen must be one of ${Object.keys(PENS).join(", ")}; got ${String(name)}`);
    this.setAttribute("pen", name);
  }

  /** The most digits the field takes (0: any number). */
  get digits() {
    const n = Number.parseInt(this.getAttribute("digits") ?? "", 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
  }

  set digits(n) {
    if (!n) this.removeAttribute("digits");
    else this.setAttribute("digits", String(n));
  }

  /** Below this confidence (0–1) the value stays empty and the field is invalid. */
  get minConfidence() {
    const p = Number.parseFloat(this.getAttribute("min-confidence") ?? "");
    return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
  }

  set minConfidence(p) {
    this.setAttribute("min-confidence", String(p));
  }

  get settleMs() {
    const ms = Number.parseFloat(this.getAttribute("settle-ms") ?? "");
    return Number.isFinite(ms) && ms >= 0 ? ms : SETTLE_MS;
  }

  set settleMs(ms) {
    this.setAttribute("settle-ms", String(ms));
  }

  get acceptImages() {
    return this.hasAttribute("accept-images");
  }

  set acceptImages(on) {
    this.toggleAttribute("accept-images", Boolean(on));
  }

  get required() {
    return this.hasAttribute("required");
  }

  set required(on) {
    this.toggleAttribute("required", Boolean(on));
  }

  get disabled() {
    return this.hasAttribute("disabled");
  }

  set disabled(on) {
    this.toggleAttribute("disabled", Boolean(on));
  }

  get name() {
    return this.getAttribute("name") ?? "";
  }

  set name(name) {
    this.setAttribute("name", name);
  }

  get form() {
    return this.#internals.form;
  }

  get labels() {
    return this.#internals.labels;
  }

  get type() {
    return TAG;
  }

  get validity() {
    return this.#internals.validity;
  }

  get validationMessage() {
    return this.#internals.validationMessage;
  }

  get willValidate() {
    return this.#internals.willValidate;
  }

  checkValidity() {
    return this.#internals.checkValidity();
  }

  reportValidity() {
    return this.#internals.reportValidity();
  }

  /** Remove all ink (or the image). */
  clear() {
    this.#opening++; // a file still being decoded is not wanted any more
    if (!this.#hasInk() && this.#state === "error" && this.#engine?.state === "ready") this.#setState("empty", EMPTY);
    this.#ink.clear();
  }

  /** Remove the last stroke, or the image. */
  undo() {
    this.#ink.undo();
  }

  /** Read an image File (a photo of a digit or number) instead of the drawing. */
  async openImage(file) {
    if (!(file instanceof Blob)) throw new TypeError("openImage() expects a File or Blob of an image");
    if (this.#engine?.state === "failed") return;
    const token = ++this.#opening;
    this.#setState(this.#engine?.state === "ready" ? "reading" : this.#state, `Opening ${file.name || "the image"}…`);
    try {
      const image = await readImageFile(file);
      if (token === this.#opening) this.#ink.showImage(image);
    } catch (err) {
      if (token !== this.#opening || this.#engine?.state === "failed") return;
      if (!(err instanceof UnreadableFile)) console.error("Nickara: could not open the file:", err);
      this.#ink.clear();
      this.#refuse(err instanceof UnreadableFile ? err.message : `Could not open ${file.name || "the image"}: ${err.message}`);
    }
  }

  /** Outline digit `index` of a number solid (the one a page shows the details of). */
  selectDigit(index) {
    this.#selected = index;
    this.#renderBoxes();
  }

  formResetCallback() {
    this.clear();
  }

  formStateRestoreCallback(state) {
    try {
      this.strokes = JSON.parse(state);
    } catch {
      // a state this version did not write: start empty
    }
  }

  formDisabledCallback(disabled) {
    this.#formDisabled = disabled;
    this.#syncDisabled();
  }

  // --- the recognizer ----------------------------------------------------------

  #connectEngine() {
    if (this.#listening.length) return;
    this.#engine = start();
    const on = (type, listener) => {
      this.#engine.addEventListener(type, listener);
      this.#listening.push([type, listener]);
    };
    on("progress", ({ detail }) => this.#state === "loading" && this.#setState("loading", progressText(detail), { progress: detail }));
    on("ready", () => this.#engineReady());
    on("restart", ({ detail }) => this.#restarted(detail.reason));
    on("failure", ({ detail }) => this.#engineFailed(detail.reason));
    if (this.#engine.state === "ready") this.#engineReady();
    else if (this.#engine.state === "failed") this.#engineFailed(this.#engine.reason);
    else this.#setState("loading", this.#engine.progress ? progressText(this.#engine.progress) : "Loading the recognizer…");
  }

  #engineReady() {
    if (this.#state === "error" && !this.#hasInk()) return; // a file was refused meanwhile: keep saying so
    this.#sentVersion = -1;
    if (this.#hasInk()) {
      this.#setState("reading", READING);
      this.#scheduleSend();
    } else {
      this.#setState("empty", EMPTY);
    }
  }

  #engineFailed(reason) {
    console.error("Nickara: the recognizer failed:", reason);
    const message = this.#engine.client.loaded
      ? `The recognizer stopped working: ${reason}. Reload the page to try again.`
      : `Could not load the recognizer: ${reason}. Try reloading the page; it needs a browser with WebAssembly and module workers.`;
    this.#setReading(null);
    this.#setState("failed", message);
    this.#announce(message);
  }

  /** A worker that crashed, hung or died was replaced; the ink stays and the next change is read. */
  #restarted(reason) {
    this.#sentVersion = this.#ink.version; // the ink that was being read is not sent again
    if (!this.#hasInk()) {
      this.#setState("empty", `The recognizer ${reason} and was restarted. ${EMPTY}`);
      return;
    }
    this.#setReading(null);
    this.#refuse(`The recognizer ${reason} and was restarted; your ink is kept. Draw another stroke to have it read.`);
  }

  #inkChanged() {
    this.#syncStates();
    this.#renderBoxes();
    this.#syncLabel();
    this.#internals.setFormValue(this.value, this.#formState());
    if (!this.#engine || this.#engine.state !== "ready") {
      if (this.#state !== "failed") this.#setState(this.#state, this.#message); // still loading: the ink is kept for later
      return;
    }
    if (!this.#hasInk()) {
      this.#engine.client.cancelWaiting(this);
      this.#sentVersion = this.#ink.version;
      this.#setReading(null);
      this.#setState("empty", EMPTY);
      return;
    }
    this.#setState("reading", READING, this.#answerDetail(false));
    this.#scheduleSend();
  }

  #strokeEnded() {
    this.#announceReading();
    this.#settleLater();
  }

  #scheduleSend() {
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#send());
  }

  /** The ink goes to the recognizer at most once per animation frame. */
  async #send() {
    this.#frame = 0;
    const engine = this.#engine;
    if (!engine || engine.state !== "ready" || !this.#hasInk() || this.#ink.version === this.#sentVersion) return;
    const version = (this.#sentVersion = this.#ink.version);
    const inputId = this.#ink.inputId;
    const input = this.#ink.snapshot();
    let reply;
    try {
      reply = await engine.client.submit(input, this);
    } catch (err) {
      if (engine.state === "failed") return; // reported through "failure"
      console.error("Nickara: the recognizer rejected the input:", err);
      if (version === this.#ink.version) this.#refuse(`Could not read this ${input.image ? "image" : "drawing"}: ${err.message}`);
      return;
    }
    // Replaced by newer input, cleared, or for an input that is no longer shown.
    if (!reply || !this.#hasInk() || inputId !== this.#ink.inputId) return;
    const final = version === this.#ink.version;
    const { reading, ms } = reply;
    if (!reading.digits.length) {
      this.#setReading(null);
      this.#setState("empty", input.name ? `No digit found in ${quote(input.name)}. Try a closer, sharper picture: dark ink on light paper.` : "No ink found. Draw a digit from 0 to 9.");
      return;
    }
    this.#ms = ms;
    this.#final = final;
    this.#setReading(reading);
    this.#setState(final ? "done" : "reading", final ? "Read." : READING, this.#answerDetail(final));
    if (final && !this.#ink.isDrawing) {
      this.#announceReading();
      this.#settleLater();
    }
  }

  #answerDetail(final) {
    return { reading: this.reading, final, ms: this.#ms, name: this.#ink.image?.name ?? "" };
  }

  #setReading(reading) {
    const before = this.#reading;
    this.#reading = reading;
    if (!reading) this.#selected = -1;
    this.#internals.setFormValue(this.value, this.#formState());
    this.#validate();
    this.#renderBoxes();
    this.#syncStates();
    this.#syncLabel();
    if (before !== reading) this.dispatchEvent(new CustomEvent("input", { bubbles: true, composed: true, detail: this.reading }));
    if (!reading && before) this.#settleLater();
  }

  /** "change" once the writer has paused with a value other than the last change's. */
  #settleLater() {
    clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(() => {
      if (this.#ink.isDrawing || this.#state === "reading") return this.#settleLater();
      if (this.value === this.#changedValue) return;
      this.#changedValue = this.value;
      this.dispatchEvent(new CustomEvent("change", { bubbles: true, detail: this.reading }));
    }, this.settleMs);
  }

  #refuse(message) {
    this.#setReading(null);
    this.#setState("error", message);
    this.#announce(message);
  }

  #setState(state, message, extra = {}) {
    this.#state = state;
    this.#message = message;
    this.#syncStates();
    const detail = { state, message, reading: ANSWER_STATES.has(state) ? this.reading : null, final: state === "done", ms: this.#ms, name: "", progress: null, ...extra };
    this.dispatchEvent(new CustomEvent("statechange", { detail }));
  }

  // --- looks and access ------------------------------------------------------------

  #validate() {
    const r = this.#hasInk() ? this.#reading : null;
    const flags = {};
    let message = "";
    const what = this.digits === 1 ? "a digit" : "a number";
    if (r && r.confidence < this.minConfidence) {
      flags.badInput = true;
      message = `This is not clear enough to read (${Math.round(r.confidence * 100)}% sure); write it again.`;
    } else if (r && this.digits && r.digits.length > this.digits) {
      flags.tooLong = true;
      message = `Write at most ${this.digits} digit${this.digits === 1 ? "" : "s"}; this reads as ${r.digits.length}.`;
    } else if (this.required && !this.value) {
      flags.valueMissing = true;
      message = this.#hasInk() ? `Write ${what} the pad can read.` : `Write ${what} here.`;
    }
    this.#internals.setValidity(flags, message, this.#canvas);
    this.#syncStates();
  }

  #formState() {
    return this.#ink.image ? "[]" : JSON.stringify(this.strokes);
  }

  #hasInk() {
    return !this.#ink.isEmpty;
  }

  #syncDisabled() {
    const off = this.disabled || this.#formDisabled;
    this.#ink.disabled = off;
    this.#internals.ariaDisabled = String(off);
    this.#syncStates();
  }

  #syncStates() {
    const states = this.#internals.states;
    const set = (name, on) => (on ? states.add(name) : states.delete(name));
    set("ink", this.#hasInk());
    set("image", Boolean(this.#ink.image));
    set("disabled", this.disabled || this.#formDisabled);
    set("invalid", !this.#internals.validity.valid);
    for (const name of ["loading", "empty", "reading", "done", "error", "failed"]) set(name, this.#state === name);
  }

  /** The name: the `label` attribute, else a <label> of the field, else what the pad is for. */
  #syncLabel() {
    const image = this.#ink.image;
    const labelled = !this.hasAttribute("label") && (this.#internals.labels.length > 0 || this.hasAttribute("aria-labelledby"));
    if (image) this.#internals.ariaLabel = `The image ${image.name}, being read. Draw on the pad or press Escape to go back to drawing.`;
    else this.#internals.ariaLabel = labelled ? null : (this.getAttribute("label") ?? LABEL);
    this.#internals.ariaDescription = this.value ? `Reads ${this.value}.` : KEYS;
  }

  /** Boxes around the digits of a number, on the ink; the selected one solid. */
  #renderBoxes() {
    const r = this.reading;
    const digits = r && isNumber(r) ? r.digits : [];
    const margin = this.#ink.inkMargin() + 4;
    this.#boxes.replaceChildren(
      ...digits.map((d, i) => {
        const { x, y, width, height } = this.#ink.rectOf(d.box);
        const box = element("div", "box", "box");
        const low = y - margin < 22; // no room for the chip above: put it inside
        for (const [flag, on] of [["unsure", d.unsure], ["selected", i === this.#selected], ["low", low]]) {
          if (!on) continue;
          box.classList.add(flag);
          box.part.add(flag);
        }
        Object.assign(box.style, { left: `${x - margin}px`, top: `${y - margin}px`, width: `${width + 2 * margin}px`, height: `${height + 2 * margin}px` });
        const chip = element("span", "chip", "chip");
        chip.textContent = d.unsure ? `${d.digit}?` : String(d.digit);
        box.append(chip);
        return box;
      }),
    );
  }

  #announceReading() {
    const r = this.reading;
    if (r && this.#state === "done") this.#announce(describe(r));
  }

  /** Tell screen readers, once per distinct message. */
  #announce(text) {
    if (text === this.#announced) return;
    this.#announced = text;
    this.#live.textContent = text;
  }

  // --- keys and images -------------------------------------------------------------

  #onKey(e) {
    if (e.defaultPrevented || this.disabled || this.#formDisabled) return;
    if (e.key === "Escape") {
      e.preventDefault();
      this.clear();
    } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z") {
      e.preventDefault();
      this.undo();
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.undo();
    }
  }

  #onPaste(e) {
    if (!this.acceptImages || this.disabled) return;
    const file = fileFrom(e.clipboardData);
    if (!file) return; // pasted text: nothing to read
    e.preventDefault();
    this.openImage(file);
  }

  #onDragOver(e) {
    if (!this.acceptImages || this.disabled || !carriesFiles(e.dataTransfer)) return;
    e.preventDefault(); // this pad takes the drop
    e.dataTransfer.dropEffect = "copy";
    this.#internals.states.add("drop-target");
    clearTimeout(this.#dragTimer); // dragover repeats while the drag is over the pad
    this.#dragTimer = setTimeout(() => this.#internals.states.delete("drop-target"), 200);
  }

  #onDrop(e) {
    if (!this.acceptImages || this.disabled) return;
    e.preventDefault();
    clearTimeout(this.#dragTimer);
    this.#internals.states.delete("drop-target");
    const file = fileFrom(e.dataTransfer);
    if (file) this.openImage(file);
    else this.#refuse("That was not a file. Drop an image file of a digit or number, or copy an image and paste it here.");
  }
}

const EMPTY = "Draw a digit from 0 to 9, or several for a number.";
const READING = "Reading…";

function progressText({ loaded, total, done }) {
  if (done) return "Preparing the model…";
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  if (!total) return `Downloading the model: ${mb(loaded)} MB`;
  return `Downloading the model: ${mb(loaded)} of ${mb(total)} MB (${Math.floor(Math.min(1, loaded / total) * 100)}%)`;
}

function element(tag, className, part) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (part) el.part.add(part);
  return el;
}

/** Strokes as the `strokes` property takes them, copied; a TypeError says what was expected. */
function checkStrokes(strokes) {
  const expected = "expected strokes as an array of strokes, each an array of [x, y] points with finite numbers";
  if (!Array.isArray(strokes)) throw new TypeError(`${expected}; got ${typeof strokes}`);
  return strokes.map((stroke, i) => {
    if (!Array.isArray(stroke) || !stroke.length) throw new TypeError(`${expected}; stroke ${i} is not a non-empty array`);
    return stroke.map((point, j) => {
      if (!Array.isArray(point) || point.length !== 2 || !point.every(Number.isFinite)) {
        throw new TypeError(`${expected}; point ${j} of stroke ${i} is not [x, y]`);
      }
      return [point[0], point[1]];
    });
  });
}

if (!customElements.get(TAG)) customElements.define(TAG, NickaraPad);
