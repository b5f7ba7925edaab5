// Real handwriting through the whole page: digits written by real people on tablets
// (UNIPEN, writers of the held-out fold the model never trained on) replayed with the
// mouse on #pad, at sizes and places people use, and read from the page's hooks. This
// tests pointer capture → strokes → worker → wasm → view with real pen trajectories,
// not only synthetic polylines. The answer the page shows for one written digit must be
// that digit, read as one digit (ink split into a number is wrong).

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readPrediction, waitForState } from "./browser.mjs";
import { drawWithMouse, padBox } from "./digits.mjs";
import { foldOf, loadSamples, onPad } from "./handwriting.mjs";
import { TEST_TIMEOUT, resetPage, sharedPage, useSite } from "./harness.mjs";

/** The held-out writers (src/eval/handwriting.rs; `nickara frames --held-out 0 --folds 5`). */
const FOLDS = 5;
const HELD_OUT = 0;
const REPLAYED = 40;
/** Of the REPLAYED digits, at least this many must be read right (the whole held-out fold: model/MODEL_CARD.md, first section). */
const FLOOR = 36;

useSite();

/** REPLAYED samples of the held-out writers, spread evenly over the file's order. */
function heldOutDigits() {
  const held = loadSamples().filter((s) => foldOf(s, FOLDS) === HELD_OUT && s.strokes.some((st) => st.length > 1));
  const step = held.length / REPLAYED;
  return Array.from({ length: REPLAYED }, (_, i) => held[Math.floor(i * step)]);
}

describe("real handwriting on the page", () => {
  const session = sharedPage();

  it("the fold hash is the Rust one (same writers held out)", () => {
    // Values from src/eval/handwriting.rs's test `the_fold_hash_is_fixed`.
    assert.deepEqual(
      [foldOf({ site: "apb", writer: 12 }, 5), foldOf({ site: "syn", writer: 0 }, 5), foldOf({ site: "gmd", writer: 301 }, 5)],
      [1, 0, 4],
    );
  });

  it(`reads at least ${FLOOR} of ${REPLAYED} real digits by unseen writers, drawn with the mouse`, { timeout: TEST_TIMEOUT * 4 }, async () => {
    const { page } = session();
    const { width: side } = await padBox(page);
    const wrong = [];
    const digits = heldOutDigits();
    for (const [i, sample] of digits.entries()) {
      // Sizes from a third to four fifths of the pad, placed anywhere they fit.
      const height = side * (0.33 + 0.47 * ((i * 0.618) % 1));
      const box = { x: side * 0.05 + ((i * 37) % 11) * side * 0.03, y: side * 0.05 + ((i * 53) % 7) * side * 0.02, height };
      await drawWithMouse(page, onPad(sample, box, side));
      await waitForState(page, "done");
      const prediction = await readPrediction(page);
      const read = prediction.value.length > 1 ? `"${prediction.value}"` : prediction.value;
      if (read !== String(sample.label)) wrong.push(`#${i} (${sample.site}, writer ${sample.writer}) ${sample.label} → ${read}`);
      await resetPage(page);
    }
    const right = REPLAYED - wrong.length;
    console.log(`real handwriting on the page: ${right} of ${REPLAYED} right; misread: ${wrong.join("; ") || "none"}`);
    assert.ok(right >= FLOOR, `${right} of ${REPLAYED} right, floor ${FLOOR}: ${wrong.join("; ")}`);
  });
});
