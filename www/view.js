// Renders what the recognizer read, as it was written: the answer (#prediction: the digit,
// or the number with how sure it is), the digits of a number as chips to select (#number),
// and for the selected digit its bars (#probabilities) and the 28x28 image the model saw
// (#preview). Rust decides the answer, its confidence and whether it is unsure; this file
// only shows what <nickara-pad> reports (the pad itself says the answer to screen readers).
// While the model loads, it shows the download's progress (#progress).
// The data-* attributes written here are the page's automation hooks (README).

import { quote } from "../pkg/pad/files.js";
import { formatMs, formatPercent, isNumber, ordinal, topTwo } from "../pkg/pad/words.js";

const SIDE = 28;

export class ResultView {
  constructor(doc = document) {
    this.prediction = doc.getElementById("prediction");
    this.answer = this.prediction.closest(".answer-card");
    this.confidence = doc.getElementById("confidence");
    this.alternatives = doc.getElementById("alternatives");
    this.status = doc.getElementById("status");
    this.progress = doc.getElementById("progress");
    this.number = doc.getElementById("number");
    this.detailsOf = doc.getElementById("details-of");
    this.seenOf = doc.getElementById("seen-of");
    this.bars = [...doc.getElementById("probabilities").children].map((item) => ({
      item,
      fill: item.querySelector(".bar-fill"),
      value: item.querySelector(".bar-value"),
    }));
    this.preview = doc.getElementById("preview");
    this.previewCtx = this.preview.getContext("2d");
    this.previewImage = this.previewCtx.createImageData(SIDE, SIDE);
    this.reading = null; // the reading on screen
    this.selected = -1; // the index of its digit whose details are shown
    this.chosen = null; // { index, count }: a digit a person selected, kept while the number has `count` digits
    this.onselect = null; // (index) => void, after a person selects another digit
    this.clearPreview();

    this.number.addEventListener("click", (e) => {
      const chip = e.target.closest?.("[data-index]");
      if (chip) this.choose(Number(chip.dataset.index));
    });
    this.number.addEventListener("keydown", (e) => this.onChipKey(e));
  }

  get state() {
    return this.prediction.dataset.state;
  }

  showLoading() {
    this.setAnswer("loading", null);
    this.status.textContent = "Loading the model…";
  }

  /** The model's download: `{ loaded, total, done }` bytes, and the pad's words for it. */
  showProgress({ loaded, total, done }, message) {
    if (this.state !== "loading") return;
    if (done) this.progress.removeAttribute("value"); // indeterminate: compiling and loading
    else if (total) this.progress.value = Math.min(1, loaded / total);
    this.status.textContent = message;
  }

  /** No input (or no ink found in it): no answer, no bars, no number. */
  showEmpty(message) {
    this.setAnswer("empty", null);
    this.clearDetails();
    this.status.textContent = message;
  }

  /** The input changed; the answer on screen is for older input until the next result. */
  showPending(message = "Reading…") {
    const wasIdle = this.state !== "done" && this.state !== "pending";
    this.prediction.dataset.state = "pending";
    if (wasIdle) this.status.textContent = message;
  }

  /**
   * A reading from the Recognizer (worker.js). `final` says it is for the input now shown;
   * otherwise it is a live update for slightly older ink and the state stays pending.
   * `name` names an opened image.
   */
  showResult(reading, { final, ms, name }) {
    const count = reading.digits.length;
    if (this.chosen?.count !== count) this.chosen = null;
    this.reading = reading;
    this.setAnswer(final ? "done" : "pending", reading);
    this.setNumber(reading);
    this.select(this.chosen?.index ?? leastSure(reading));
    const time = `on your device in ${formatMs(ms)}`;
    if (isNumber(reading)) this.status.textContent = `Number read ${time}.`;
    else this.status.textContent = name ? `Read ${quote(name)} ${time}.` : `Read ${time}.`;
  }

  /** The recognizer failed to load, or rejected the input: say why, show no answer. */
  showFailure(message) {
    this.setAnswer("error", null);
    this.clearDetails();
    this.prediction.textContent = "!";
    this.status.textContent = message;
  }

  // --- parts -----------------------------------------------------------------

  /** The answer as written: the digit, or the number, with how sure the reading is. */
  setAnswer(state, reading) {
    const el = this.prediction;
    el.dataset.state = state;
    if (!reading) this.reading = null;
    const one = reading && !isNumber(reading) ? reading.digits[0] : null;
    el.dataset.value = reading?.value ?? "";
    el.dataset.digit = one ? String(one.digit) : "";
    el.dataset.confidence = reading ? String(reading.confidence) : "";
    el.dataset.unsure = String(Boolean(reading?.unsure));
    el.textContent = reading ? reading.value : "–";
    // Longer numbers get smaller type in the same box, so nothing around it moves.
    el.style.setProperty("--length", String(Math.max(1, reading?.value.length ?? 1)));
    if (!reading) {
      this.confidence.textContent = this.alternatives.textContent = "\u00a0";
      return;
    }
    this.confidence.textContent = reading.unsure ? "Not sure" : `${formatPercent(reading.confidence)} sure`;
    // One digit: its top two when unsure. A number: the selected digit (select()).
    this.alternatives.textContent = one?.unsure ? topTwo(one) : "\u00a0";
  }

  /** #number: one chip per digit, left to right; shown when there are two or more. */
  setNumber(reading) {
    const digits = reading?.digits ?? [];
    this.number.dataset.value = reading?.value ?? "";
    this.number.replaceChildren(
      ...digits.map((d, i) => {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip";
        chip.setAttribute("role", "radio");
        chip.dataset.index = String(i);
        chip.dataset.digit = String(d.digit);
        chip.dataset.confidence = String(d.confidence);
        chip.dataset.unsure = String(Boolean(d.unsure));
        chip.title = d.unsure ? `Not sure: ${topTwo(d)}` : `${d.digit}: ${formatPercent(d.confidence)} sure`;
        chip.setAttribute("aria-label", d.unsure ? `${d.digit}, not sure: ${topTwo(d)}` : `${d.digit}, ${formatPercent(d.confidence)} sure`);
        const digit = document.createElement("span");
        digit.className = "number-digit";
        digit.textContent = String(d.digit);
        const confidence = document.createElement("span");
        confidence.className = "number-confidence";
        confidence.textContent = `${d.unsure ? "?\u2009" : ""}${formatPercent(d.confidence, true)}`;
        chip.append(digit, confidence);
        return chip;
      }),
    );
    this.answer.classList.toggle("is-number", Boolean(reading) && isNumber(reading));
  }

  /** Show digit `index` of the reading: its chip checked, its bars, its 28x28 frame. */
  select(index) {
    const { digits } = this.reading;
    this.selected = Math.min(Math.max(0, index), digits.length - 1);
    const d = digits[this.selected];
    [...this.number.children].forEach((chip, i) => {
      chip.setAttribute("aria-checked", String(i === this.selected));
      chip.tabIndex = i === this.selected ? 0 : -1; // one tab stop; arrows move within
    });
    this.setBars(d.probabilities);
    this.drawPreview(d.input);
    const of = isNumber(this.reading) ? `${ordinal(this.selected + 1)} digit` : "";
    this.detailsOf.textContent = of ? `: ${of}` : "";
    this.seenOf.textContent = of ? `The ${of}` : "Your digit";
    if (of) this.alternatives.textContent = `${of}: ${d.unsure ? topTwo(d, true) : `${d.digit} (${formatPercent(d.confidence, true)})`}`;
  }

  /** A person selected digit `index` (click, tap or keys). */
  choose(index) {
    if (!this.reading || !isNumber(this.reading)) return;
    this.chosen = { index, count: this.reading.digits.length };
    this.select(index);
    this.onselect?.(this.selected);
  }

  onChipKey(e) {
    const moves = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
    if (!this.reading || !isNumber(this.reading)) return;
    const last = this.reading.digits.length - 1;
    let index;
    if (e.key in moves) index = Math.min(last, Math.max(0, this.selected + moves[e.key]));
    else if (e.key === "Home") index = 0;
    else if (e.key === "End") index = last;
    else return;
    e.preventDefault();
    this.choose(index);
    this.number.children[this.selected].focus();
  }

  clearDetails() {
    this.setNumber(null);
    this.setBars(null);
    this.clearPreview();
    this.selected = -1;
    this.chosen = null;
    this.detailsOf.textContent = "";
    this.seenOf.textContent = "Your digit";
  }

  setBars(probabilities) {
    let top = -1;
    if (probabilities) {
      top = 0;
      for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[top]) top = d;
    }
    this.bars.forEach(({ item, fill, value }, d) => {
      const p = probabilities ? probabilities[d] : 0;
      item.dataset.p = String(p);
      item.classList.toggle("is-top", d === top);
      fill.style.transform = `scaleX(${p})`;
      value.textContent = probabilities ? formatPercent(p) : "–";
    });
  }

  drawPreview(input) {
    const px = this.previewImage.data;
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round(Math.min(1, Math.max(0, input[i])) * 255);
      px[4 * i] = px[4 * i + 1] = px[4 * i + 2] = v;
      px[4 * i + 3] = 255;
    }
    this.previewCtx.putImageData(this.previewImage, 0, 0);
  }

  clearPreview() {
    this.previewCtx.fillStyle = "#000";
    this.previewCtx.fillRect(0, 0, SIDE, SIDE);
  }
}

/** The digit shown first: an unsure one before any sure one, then the lowest confidence. */
function leastSure({ digits }) {
  let least = 0;
  for (let i = 1; i < digits.length; i++) {
    const [a, b] = [digits[i], digits[least]];
    if (a.unsure !== b.unsure ? a.unsure : a.confidence < b.confidence) least = i;
  }
  return least;
}
