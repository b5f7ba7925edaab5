// Renders what the recognizer said: the answer (#prediction), one bar per digit
// (#probabilities), and the 28x28 image the model saw (#preview).
// The data-* attributes written here are the page's automation hooks (README).

const SIDE = 28;

export class ResultView {
  constructor(doc = document) {
    this.prediction = doc.getElementById("prediction");
    this.confidence = doc.getElementById("confidence");
    this.status = doc.getElementById("status");
    this.announcer = doc.getElementById("announcer");
    this.bars = [...doc.getElementById("probabilities").children].map((item) => ({
      item,
      fill: item.querySelector(".bar-fill"),
      value: item.querySelector(".bar-value"),
    }));
    this.preview = doc.getElementById("preview");
    this.previewCtx = this.preview.getContext("2d");
    this.previewImage = this.previewCtx.createImageData(SIDE, SIDE);
    this.current = null; // the result on screen
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

  /** No ink on the pad (or no ink found in it): no answer, no bars. */
  showEmpty(message = "Draw a digit from 0 to 9 in the box.") {
    this.setAnswer("empty", null);
    this.setBars(null);
    this.clearPreview();
    this.status.textContent = message;
    this.lastAnnounced = "";
  }

  /** The ink changed; the answer on screen is for older ink until the next result. */
  showPending() {
    const wasIdle = this.state !== "done" && this.state !== "pending";
    this.prediction.dataset.state = "pending";
    if (wasIdle) this.status.textContent = "Reading…";
  }

  /**
   * A result from the Recognizer. `final` says it is for the ink now on the pad;
   * otherwise it is a live update for slightly older ink and the state stays pending.
   */
  showResult(result, { final, ms, announce }) {
    if (result.digit === null || result.digit === undefined) {
      this.showEmpty("No ink found. Draw a digit from 0 to 9.");
      return;
    }
    this.setAnswer(final ? "done" : "pending", result);
    this.setBars(result.probabilities);
    this.drawPreview(result.input);
    this.status.textContent = `Read on your device in ${formatMs(ms)}.`;
    if (final && announce) this.announce(result);
  }

  /** The recognizer failed to load, or rejected the input. */
  showFailure(message) {
    this.setAnswer("error", null);
    this.prediction.textContent = "!";
    this.status.textContent = message;
    this.announcer.textContent = message;
  }

  // --- parts -----------------------------------------------------------------

  setAnswer(state, result) {
    const el = this.prediction;
    el.dataset.state = state;
    this.current = result;
    el.dataset.digit = result ? String(result.digit) : "";
    el.dataset.confidence = result ? String(result.confidence) : "";
    el.textContent = result ? String(result.digit) : "–";
    this.confidence.textContent = result ? `${formatPercent(result.confidence)} sure` : "\u00a0";
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
  announce(result = this.current) {
    if (!result || this.state !== "done") return;
    const text = `Recognized ${result.digit}, ${formatPercent(result.confidence)} sure.`;
    if (text === this.lastAnnounced) return;
    this.lastAnnounced = text;
    this.announcer.textContent = text;
  }
}

function formatPercent(p) {
  const pct = p * 100;
  if (pct >= 99.95) return "100%";
  if (pct > 0 && pct < 0.1) return "<0.1%";
  return `${pct.toFixed(1)}%`;
}

function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
