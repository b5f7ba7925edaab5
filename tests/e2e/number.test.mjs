// Numbers: several digits written side by side are answered as the number (#prediction),
// each digit a chip to select (#number) whose bars (#probabilities) and 28x28 frame (#preview)
// are shown; a digit written in several strokes stays one digit.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { previewPixels, readNumber, readPrediction, readProbabilities } from "./browser.mjs";
import { DIGITS, drawWithMouse, padBox, place, placeRow, row } from "./digits.mjs";
import { TEST_TIMEOUT, expectEmpty, expectNumber, expectSingleDigit, resetPage, sharedPage, useSite } from "./harness.mjs";

useSite();

/** Draw the digits `keys` side by side with the mouse, in `box` (fractions of the pad side). */
async function drawNumber(page, keys, box) {
  const { width } = await padBox(page);
  await drawWithMouse(page, placeRow(row(keys), box, width));
}

describe("numbers", () => {
  const session = sharedPage();

  it("reads 107 written side by side, each digit with its confidence", { timeout: TEST_TIMEOUT }, async (t) => {
    const { page } = session();
    await resetPage(page);
    await drawNumber(page, [1, 0, 7], { x: 0.08, y: 0.3, height: 0.3 });
    const number = await expectNumber(page, "107", "1, 0, 7 side by side");
    t.diagnostic(`confidences ${number.digits.map((d) => Number(d.confidence).toFixed(4)).join(", ")}`);

    // The answer is the number (expectNumber checked the hooks); all the ink read as one
    // digit is no longer shown anywhere.
    assert.equal((await readPrediction(page)).text, "107");
    assert.doesNotMatch(await page.locator("body").innerText(), /as one digit/);

    // Each digit's confidence is shown beneath it; screen readers hear the number.
    const shown = await page.$$eval("#number > .chip .number-confidence", (els) => els.map((el) => el.textContent));
    assert.equal(shown.length, 3);
    for (const text of shown) assert.match(text, /%$/);
    await page.waitForFunction(() => document.getElementById("pad").shadowRoot.querySelector("[part=announcer]").textContent.includes("107"));
    assert.match(await page.locator("#pad [part=announcer]").innerText(), /^Read the number 107/);
  });

  it("reads 2026 written small in a corner", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await drawNumber(page, [2, 0, 2, 6], { x: 0.5, y: 0.72, height: 0.13 });
    await expectNumber(page, "2026", "2026, small, bottom right");
  });

  it("follows the ink: undoing the last digit and adding another", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await drawNumber(page, [3, 9], { x: 0.05, y: 0.3, height: 0.35 });
    await expectNumber(page, "39", "3, 9");
    await page.keyboard.press("Control+z");
    await expectSingleDigit(page, 3, "3 after undoing the 9");
    const { width } = await padBox(page);
    await drawWithMouse(page, place(DIGITS[1], { x: 0.55, y: 0.3, height: 0.35 }, width));
    await expectNumber(page, "31", "3, then 1");
    await resetPage(page);
    await expectEmpty(page);
  });

  it("a chip per digit: the least sure is selected, and selecting another shows its bars and frame", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await drawNumber(page, ["4 in two strokes", 2], { x: 0.1, y: 0.25, height: 0.4 });
    const number = await expectNumber(page, "42", "4, 2");
    const shown = async () => {
      const bars = await readProbabilities(page);
      const top = bars.reduce((a, b) => (b.p > a.p ? b : a));
      return { top: top.digit, p: top.p, preview: await previewPixels(page), number: await readNumber(page) };
    };
    const expectDetailsOf = async (index, label) => {
      const now = await shown();
      const chip = now.number.digits[index];
      assert.ok(chip.selected, `${label}: chip ${index} is selected (${JSON.stringify(now.number.digits)})`);
      assert.equal(now.top, chip.digit, `${label}: #probabilities are the selected digit's`);
      assert.ok(Math.abs(now.p - Number(chip.confidence)) < 1e-6, `${label}: its top bar is its confidence`);
      return now;
    };

    const least = number.digits.reduce((a, d, i) => (Number(d.confidence) < Number(number.digits[a].confidence) ? i : a), 0);
    const first = await expectDetailsOf(least, "by default");
    const other = 1 - least;

    await page.click(`#number > :nth-child(${other + 1})`);
    const clicked = await expectDetailsOf(other, "after a click");
    assert.notEqual(clicked.preview, first.preview, "#preview shows the selected digit's frame");
    assert.match(await page.locator("#alternatives").innerText(), new RegExp(`^${other + 1}(st|nd) digit: ${number.digits[other].digit} `));

    // Keys: the selected chip is the group's one tab stop; arrows move the selection.
    await page.focus(`#number > :nth-child(${other + 1})`);
    await page.keyboard.press(other === 0 ? "ArrowRight" : "ArrowLeft");
    const moved = await expectDetailsOf(least, "after an arrow key");
    assert.equal(moved.preview, first.preview);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-checked")), "true", "the focus follows");
  });

  describe("a digit written in several strokes stays one digit", () => {
    const cases = [
      { key: "crossed 7", digit: 7 },
      { key: "4 in two strokes", digit: 4 },
      { key: "7 in two strokes", digit: 7 },
    ];
    for (const { key, digit } of cases) {
      it(key, { timeout: TEST_TIMEOUT }, async () => {
        const { page } = session();
        await resetPage(page);
        const { width } = await padBox(page);
        await drawWithMouse(page, place(DIGITS[key], { x: 0.25, y: 0.12, height: 0.75 }, width));
        await expectSingleDigit(page, digit, key);
        const number = await readNumber(page);
        assert.equal(number.digits.length, 1, `${key}: #number has one child`);
      });
    }
  });
});
