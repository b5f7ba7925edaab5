// Numbers: several digits written side by side are read digit by digit (#number), while
// #prediction keeps reading all the ink as one digit; a digit written in several strokes
// stays one digit.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readNumber, readPrediction } from "./browser.mjs";
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

    // #prediction keeps its meaning: all the ink read as one digit, whatever that is.
    const prediction = await readPrediction(page);
    assert.equal(prediction.state, "done");
    assert.match(prediction.digit, /^[0-9]$/);
    assert.match(prediction.unsure, /^(true|false)$/);

    // Each digit's confidence is shown beneath it; screen readers hear the number.
    const shown = await page.$$eval("#number > li .number-confidence", (els) => els.map((el) => el.textContent));
    assert.equal(shown.length, 3);
    for (const text of shown) assert.match(text, /%$/);
    await page.waitForFunction(() => document.getElementById("announcer").textContent.includes("107"));
    assert.match(await page.locator("#announcer").innerText(), /^Read the number 107/);
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
