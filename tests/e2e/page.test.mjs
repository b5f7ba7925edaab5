// End-to-end tests of the built page in headless Chromium: draw digits on #pad with
// the mouse (and a finger), read the automation hooks, and check that nothing goes
// wrong on the way (console errors, uncaught errors, requests leaving the origin,
// missing files). The site is served under a sub-path, as GitHub Pages does.
// Numbers: number.test.mjs; photos and files: images.test.mjs; the start: start.test.mjs;
// offline and installing: offline.test.mjs; the README's screenshots: screenshots.test.mjs.
//
//   SITE_DIR=dist npm test --prefix tests/e2e     (SITE_DIR relative to the repo root)

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readPrediction, waitForState } from "./browser.mjs";
import { DIGITS, drawWithMouse, drawWithTouch, padBox, place, placeRow, row, tapWithFinger } from "./digits.mjs";
import { paperPng, pickFile } from "./images.mjs";
import {
  TEST_TIMEOUT,
  draw,
  expectDigit,
  expectEmpty,
  expectNumber,
  expectSingleDigit,
  gotoPage,
  layoutBoxes,
  resetPage,
  sharedPage,
  useSite,
  withPage,
} from "./harness.mjs";

useSite();

/** Choose a pen width with the #pen control. */
async function choosePen(page, pen) {
  await page.check(`#pen input[value="${pen}"]`);
  assert.equal(await page.$eval("#pen", (el) => el.dataset.value), pen);
}

/** Pixels of the pad's backing store with ink on them. */
function padInk(page) {
  return page.$eval("#pad", (pad) => {
    const canvas = pad.shadowRoot.querySelector("canvas");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 128) n++;
    return n;
  });
}

describe("the Nickara page", () => {
  it("answers the first drawing soon after navigation (timing printed)", { timeout: TEST_TIMEOUT }, async (t) => {
    await withPage({}, async ({ page, requests }) => {
      const started = Date.now();
      await gotoPage(page, "domcontentloaded");
      // Draw right away, while the model may still be loading: the answer comes once it is ready.
      await draw(page, 7, { x: 0.3, y: 0.15, height: 0.7 });
      await expectDigit(page, 7, "7 drawn during start-up");
      const wall = Date.now() - started;
      const marks = await page.evaluate(() =>
        Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)])),
      );
      assert.ok(marks["nickara:ready"] > 0 && marks["nickara:first-prediction"] >= marks["nickara:ready"], JSON.stringify(marks));
      const line =
        `navigation → model ready ${marks["nickara:ready"]} ms, → first prediction ${marks["nickara:first-prediction"]} ms ` +
        `(page clock); goto → done seen by the test ${wall} ms (includes drawing)`;
      t.diagnostic(line);
      // The wasm is fetched by the worker: seeing it proves worker requests are watched too.
      assert.ok(requests.some((url) => url.endsWith("/pkg/nickara_bg.wasm")), `worker requests observed: ${requests.join(", ")}`);
    });
  });

  it("shows the empty state once the model is ready", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await expectEmpty(page);
      assert.equal((await readPrediction(page)).text, "–");
    });
  });

  describe("recognizes digits drawn with the mouse at different sizes, places and pen widths", () => {
    const cases = [
      { digit: 0, pen: "medium", box: { x: 0.2, y: 0.06, height: 0.85 }, where: "large, centred" },
      { digit: 0, pen: "thin", box: { x: 0.04, y: 0.04, height: 0.2 }, where: "small, top-left corner" },
      { digit: 0, pen: "thick", box: { x: 0.5, y: 0.45, height: 0.45 }, where: "medium, bottom right" },
      { digit: 1, pen: "thick", box: { x: 0.15, y: 0.05, height: 0.9 }, where: "large, left of centre" },
      { digit: 1, pen: "thin", box: { x: 0.8, y: 0.75, height: 0.2 }, where: "small, bottom-right corner" },
      { digit: 1, pen: "medium", box: { x: 0.35, y: 0.3, height: 0.4 }, where: "medium, centred" },
      { digit: 7, pen: "thin", box: { x: 0.2, y: 0.08, height: 0.84 }, where: "large, centred" },
      { digit: 7, pen: "thick", box: { x: 0.78, y: 0.04, height: 0.18 }, where: "small, top-right corner" },
      { digit: 7, pen: "medium", box: { x: 0.05, y: 0.5, height: 0.45 }, where: "medium, bottom left" },
      { digit: 2, pen: "thick", box: { x: 0.3, y: 0.2, height: 0.6 }, where: "medium, centred" },
      { digit: 3, pen: "thin", box: { x: 0.06, y: 0.62, height: 0.32 }, where: "small, bottom left" },
      { digit: 6, pen: "medium", box: { x: 0.55, y: 0.05, height: 0.4 }, where: "medium, top right" },
      { digit: 9, pen: "thick", box: { x: 0.1, y: 0.1, height: 0.25 }, where: "small, top left" },
    ];
    const session = sharedPage();
    for (const { digit, pen, box, where } of cases) {
      it(`${digit}, ${where}, ${pen} pen`, { timeout: TEST_TIMEOUT }, async (t) => {
        const { page } = session();
        await resetPage(page);
        await choosePen(page, pen);
        await draw(page, digit, box);
        const { prediction } = await expectSingleDigit(page, digit, `${digit} ${where}, ${pen} pen`);
        assert.equal(prediction.unsure, "false", `a clear ${digit} is not "not sure": ${prediction.confidenceText}`);
        assert.match(prediction.confidenceText, /% sure$/);
        t.diagnostic(`confidence ${Number(prediction.confidence).toFixed(4)}`);
      });
    }
  });

  it("the pen width changes the ink on the pad, not the answer", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const seen = {};
      for (const pen of ["thin", "thick"]) {
        await resetPage(page);
        await choosePen(page, pen);
        await draw(page, 1, { x: 0.35, y: 0.1, height: 0.8 });
        const { prediction } = await expectSingleDigit(page, 1, `1 with the ${pen} pen`);
        seen[pen] = { ink: await padInk(page), confidence: prediction.confidence };
      }
      assert.ok(seen.thick.ink > 3 * seen.thin.ink, `the thick pen lays down more ink: ${JSON.stringify(seen)}`);
      assert.equal(seen.thick.confidence, seen.thin.confidence, "the same strokes get the same answer, whatever the pen");

      // The choice is remembered on the next visit.
      await page.reload();
      await waitForState(page, "empty");
      assert.equal(await page.isChecked('#pen input[value="thick"]'), true);
    });
  });

  it('a single tap is "not sure" and shows the top two', { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const pad = await padBox(page);
      await page.mouse.click(pad.x + pad.width * 0.4, pad.y + pad.height * 0.4);
      await waitForState(page, "done");
      const tap = await readPrediction(page);
      assert.equal(tap.unsure, "true", "a dot is not a digit one can be sure of");
      assert.match(tap.digit, /^[0-9]$/, "data-digit keeps the top digit");
      assert.equal(tap.text, tap.digit);
      assert.equal(tap.confidenceText, "Not sure");
      assert.match(tap.alternativesText, new RegExp(`^${tap.digit} \\([0-9.<]+%\\) or [0-9] \\([0-9.<]+%\\)\\?$`), "the top two with their confidences");
      assert.ok(await page.locator("#confidence").isVisible());
      assert.match(await page.locator("#pad [part=announcer]").innerText(), /^Not sure: /);

      // A clear digit drawn next is sure again.
      await resetPage(page);
      assert.equal((await readPrediction(page)).unsure, "false");
      await draw(page, 7, { x: 0.2, y: 0.1, height: 0.8 });
      const seven = (await expectSingleDigit(page, 7, "7 after the tap")).prediction;
      assert.equal(seven.unsure, "false");
      assert.equal(seven.alternativesText, "");
    });
  });

  it("the Clear button and the Escape key empty the pad", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      await draw(page, 0, { x: 0.2, y: 0.1, height: 0.8 });
      await expectSingleDigit(page, 0, "0 before Clear");
      await page.click("#clear");
      await expectEmpty(page);

      await draw(page, 1, { x: 0.3, y: 0.1, height: 0.8 });
      await expectDigit(page, 1, "1 before Escape");
      await page.keyboard.press("Escape");
      await expectEmpty(page);

      // Escape works wherever the focus is, e.g. on the Clear button.
      await draw(page, 7, { x: 0.2, y: 0.1, height: 0.8 });
      await expectDigit(page, 7, "7 before Escape");
      await page.focus("#clear");
      await page.keyboard.press("Escape");
      await expectEmpty(page);
    });
  });

  it("Ctrl+Z undoes the last stroke", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const { width } = await padBox(page);
      const [bar, stem] = place(DIGITS["7 in two strokes"], { x: 0.2, y: 0.1, height: 0.8 }, width);
      await drawWithMouse(page, [bar, stem]);
      await expectDigit(page, 7, "7 in two strokes");
      await page.keyboard.press("Control+z");
      await waitForState(page, "done"); // the bar alone is still ink, so still an answer
      await page.keyboard.press("Control+z");
      await expectEmpty(page);
      assert.equal(await page.isDisabled("#undo"), true, "nothing left to undo");
    });
  });

  it("nothing moves when answers, numbers, images and errors come and go", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const empty = await layoutBoxes(page);
      const { width } = await padBox(page);
      const states = {};

      await draw(page, 7, { x: 0.3, y: 0.1, height: 0.8 });
      await expectSingleDigit(page, 7, "7");
      states.digit = await layoutBoxes(page);

      await resetPage(page);
      await page.mouse.click((await padBox(page)).x + 50, (await padBox(page)).y + 50);
      await waitForState(page, "done");
      assert.equal((await readPrediction(page)).unsure, "true");
      states.unsure = await layoutBoxes(page);

      await resetPage(page);
      await drawWithMouse(page, placeRow(row([1, 0, 7]), { x: 0.08, y: 0.3, height: 0.3 }, width));
      await expectNumber(page, "107", "107");
      states.number = await layoutBoxes(page);

      await pickFile(page, "photo.png", "image/png", await paperPng(page, row([1, 0, 7])));
      await expectNumber(page, "107", "a photo of 107");
      states.image = await layoutBoxes(page);

      await pickFile(page, "notes.txt", "text/plain", Buffer.from("not a picture"));
      await waitForState(page, "error");
      states.error = await layoutBoxes(page);

      for (const [state, boxes] of Object.entries(states)) assert.deepEqual(boxes, empty, `the layout with ${state} is the layout when empty`);
    });
  });

  it("works with a finger on a phone: one column, answer in view, no scrolling, crisp pad", { timeout: TEST_TIMEOUT }, async () => {
    const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
    await withPage({ context: phone }, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const layout = await page.evaluate(() => {
        const pad = document.getElementById("pad");
        const canvas = pad.shadowRoot.querySelector("canvas");
        const rect = (sel) => document.querySelector(sel).getBoundingClientRect().toJSON();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth,
          innerHeight,
          answer: rect(".answer-card"),
          pad: rect(".pad-card"),
          details: rect(".details-card"),
          backing: [canvas.width, canvas.height],
          css: [canvas.clientWidth, canvas.clientHeight],
          touchAction: getComputedStyle(pad).touchAction,
        };
      });
      assert.ok(layout.scrollWidth <= layout.innerWidth, `no horizontal scrolling (${layout.scrollWidth} > ${layout.innerWidth})`);
      assert.ok(
        layout.answer.bottom <= layout.pad.top && layout.pad.bottom <= layout.details.top,
        `one column: answer, pad, details (${JSON.stringify(layout)})`,
      );
      assert.ok(layout.pad.bottom <= layout.innerHeight, "the answer and the whole pad fit on the first screen");
      assert.equal(layout.touchAction, "none");
      assert.deepEqual(layout.backing, layout.css.map((v) => v * 3), "pad backing store at devicePixelRatio");

      const scrollBefore = await page.evaluate(() => scrollY);
      const { width } = await padBox(page);
      await drawWithTouch(page, place(DIGITS[1], { x: 0.3, y: 0.1, height: 0.8 }, width));
      await expectSingleDigit(page, 1, "1 drawn with a finger");
      assert.equal(await page.evaluate(() => scrollY), scrollBefore, "drawing does not scroll the page");
      const oneDigit = await layoutBoxes(page);

      // A number, with a finger: read digit by digit, and still nothing moves.
      await tapWithFinger(page, page.locator("#clear"));
      await expectEmpty(page);
      await drawWithTouch(page, placeRow(row([7, 1]), { x: 0.15, y: 0.25, height: 0.45 }, width));
      const number = await expectNumber(page, "71", "71 drawn with a finger");
      assert.deepEqual(await layoutBoxes(page), oneDigit, "the layout with a number is the layout with a digit");
      // A tap on a chip selects that digit.
      const other = number.digits.findIndex((d) => !d.selected);
      await tapWithFinger(page, page.locator(`#number > :nth-child(${other + 1})`));
      await page.waitForSelector(`#number > :nth-child(${other + 1})[aria-checked="true"]`, { state: "attached" });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true);
    });
  });

  it("says so visibly when the wasm cannot be loaded", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({ allowProblems: true }, async ({ page, context }) => {
      await context.route("**/pkg/nickara_bg.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
      await gotoPage(page);
      await waitForState(page, "error");
      const status = await page.locator("#status").innerText();
      assert.match(status, /Could not load the recognizer/);
      assert.ok(await page.locator("#status").isVisible());
      assert.equal((await readPrediction(page)).digit, "");
    });
  });
});
