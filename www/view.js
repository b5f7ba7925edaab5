// Renders what the recognizer said: the answer for all the ink read as one digit
// (#prediction, "not sure" with the top two when it is unsure), one bar per digit
// (#probabilities), the 28x28 image the model saw (#preview), and the number read
// digit by digit (#number).
// The data-* attributes written here are the page's automation hooks (README).

const SIDE = 28;

export class ResultView {
  constructor(doc = document) {
    this.prediction = doc.getElementById("prediction");
    this.answer = this.prediction.closest(".answer-card");
    this.confidence = doc.getElementById("confidence");
    this.alternatives = doc.getElementById("alternatives");
    this.status = doc.getElementById("status");
    this.announcer = doc.getElementById("announcer");
    this.number = doc.getElementById("number");
    this.bars = [...doc.getElementById("probabilities").children].map((item) => ({
      item,
      fill: item.querySelector(".bar-fill"),
      value: item.querySelector(".bar-value"),
    }));
    this.preview = doc.getElementById("preview");
    this.previewCtx = this.preview.getContext("2d");
    this.previewImage = this.previewCtx.createImageData(SIDE, SIDE);
    this.current = null; // { prediction, number } on screen
    this.lastAnnounced = "";
    this.clearPreview();
  }

  get state() {
    return this.prediction.dataset.state;
  }

  showLoading() {
    this.setAnswer("loading", null);
    this.status.textContent = "Loading the model…";
  }

  /** No input (or no ink found in it): no answer, no bars, no number. */
  showEmpty(message = "Draw a digit from 0 to 9 in the box, or several for a number.") {
    this.setAnswer("empty", null);
    this.setNumber(null);
    this.setBars(null);
    this.clearPreview();
    this.status.textContent = message;
    this.lastAnnounced = "";
  }

  /** The input changed; the answer on screen is for older input until the next result. */
  showPending(message = "Reading…") {
    const wasIdle = this.state !== "done" && this.state !== "pending";
    this.prediction.dataset.state = "pending";
    if (wasIdle) this.status.textContent = message;
  }

  /**
   * A reply from the Recognizer: `prediction` (all the ink as one digit) and `number`
   * (digit by digit). `final` says it is for the input now shown; otherwise it is a live
   * update for slightly older ink and the state stays pending. `name` names an image.
   */
  showResult({ prediction, number }, { final, ms, announce, name }) {
    if (prediction.digit === null || prediction.digit === undefined) {
      this.showEmpty(
        name
          ? `No digit found in ${quote(name)}. Try a closer, sharper picture: dark ink on light paper.`
          : "No ink found. Draw a digit from 0 to 9.",
      );
      return;
    }
    this.setAnswer(final ? "done" : "pending", prediction, number.digits.length >= 2);
    this.setNumber(number);
    this.setBars(prediction.probabilities);
    this.drawPreview(prediction.input);
    this.current = { prediction, number };
    const time = `on your device in ${formatMs(ms)}`;
    if (number.digits.length >= 2) {
      this.status.textContent = `Number read ${time}.`;
    } else {
      this.status.textContent = name ? `Read ${quote(name)} ${time}.` : `Read ${time}.`;
    }
    if (final && announce) this.announce();
  }

  /** The recognizer failed to load, or rejected the input: say why, show no answer. */
  showFailure(message) {
    this.setAnswer("error", null);
    this.setNumber(null);
    this.setBars(null);
    this.clearPreview();
    this.prediction.textContent = "!";
    this.status.textContent = message;
    this.announcer.textContent = message;
    this.lastAnnounced = message;
  }

  // --- parts -----------------------------------------------------------------

  /** The answer for all the ink read as one digit; `asOne` when a number is read too. */
  setAnswer(state, prediction, asOne = false) {
    const el = this.prediction;
    el.dataset.state = state;
    if (!prediction) this.current = null;
    const unsure = Boolean(prediction?.unsure);
    el.dataset.digit = prediction ? String(prediction.digit) : "";
    el.dataset.confidence = prediction ? String(prediction.confidence) : "";
    el.dataset.unsure = String(unsure);
    el.textContent = prediction ? String(prediction.digit) : "–";
    if (!prediction) {
      this.confidence.textContent = this.alternatives.textContent = "\u00a0";
    } else if (unsure) {
      this.confidence.textContent = "Not sure";
      this.alternatives.textContent = asOne ? `as one digit: ${topTwo(prediction, true)}` : topTwo(prediction);
    } else {
      this.confidence.textContent = `${formatPercent(prediction.confidence)} sure`;
      this.alternatives.textContent = asOne ? "reading all the ink as one digit" : "\u00a0";
    }
  }

  /** #number: one child per digit, left to right; shown big when there are two or more. */
  setNumber(number) {
    const digits = number?.digits ?? [];
    this.number.dataset.value = number?.value ?? "";
    this.number.replaceChildren(
      ...digits.map((d) => {
        const item = document.createElement("li");
        item.dataset.digit = String(d.digit);
        item.dataset.confidence = String(d.confidence);
        item.dataset.unsure = String(Boolean(d.unsure));
        item.title = d.unsure ? `Not sure: ${topTwo(d)}` : `${d.digit}: ${formatPercent(d.confidence)} sure`;
        item.setAttribute("aria-label", d.unsure ? `${d.digit}, not sure: ${topTwo(d)}` : `${d.digit}, ${formatPercent(d.confidence)} sure`);
        const digit = document.createElement("span");
        digit.className = "number-digit";
        digit.textContent = String(d.digit);
        const confidence = document.createElement("span");
        confidence.className = "number-confidence";
        confidence.textContent = `${d.unsure ? "?\u2009" : ""}${formatPercent(d.confidence, true)}`;
        item.append(digit, confidence);
        return item;
      }),
    );
    this.answer.classList.toggle("is-number", digits.length >= 2);
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

  /** Tell screen readers the answer (once per distinct answer, after a stroke). */
  announce() {
    if (!this.current || this.state !== "done") return;
    const text = describe(this.current);
    if (text === this.lastAnnounced) return;
    this.lastAnnounced = text;
    this.announcer.textContent = text;
  }
}

/** What a screen reader hears for an answer. */
function describe({ prediction, number }) {
  if (number.digits.length >= 2) {
    const unsure = number.digits.flatMap((d, i) => (d.unsure ? [`digit ${i + 1} (${orList(d)})`] : []));
    const doubt = unsure.length ? `; not sure about ${joinAnd(unsure)}` : "";
    return `Read the number ${number.value}${doubt}.`;
  }
  if (prediction.unsure) return `Not sure: ${topTwo(prediction).replace("?", "")}.`;
  return `Recognized ${prediction.digit}, ${formatPercent(prediction.confidence)} sure.`;
}

/** "4 (62.0%) or 9 (31.0%)?", or "4 (62%) or 9 (31%)?" when `short`. */
function topTwo({ digit, confidence, runnerUp }, short = false) {
  const first = `${digit} (${formatPercent(confidence, short)})`;
  return runnerUp ? `${first} or ${runnerUp.digit} (${formatPercent(runnerUp.confidence, short)})?` : `${first}?`;
}

function orList({ digit, runnerUp }) {
  return runnerUp ? `${digit} or ${runnerUp.digit}` : `${digit}`;
}

function joinAnd(items) {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function quote(name) {
  const short = name.length > 40 ? `${name.slice(0, 24)}…${name.slice(-12)}` : name;
  return `“${short}”`;
}

function formatPercent(p, whole = false) {
  const pct = p * 100;
  if (pct >= 99.95) return "100%";
  if (pct > 0 && pct < 0.1) return "<0.1%";
  if (whole) return pct >= 99.5 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
  return `${pct.toFixed(1)}%`;
}

function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
