// Photos and files: an image opened with #file, dropped on the pad or pasted is shown on
// the pad and read as written (#prediction; a number digit by digit in #number); drawing or
// Clear returns to the pad; files that are not images get a clear message.
// The images are made in the page with the canvas API (images.mjs): dark ink on
// off-white paper, unevenly lit, with grain and dust.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readNumber, readPrediction, waitForState } from "./browser.mjs";
import { DIGITS, drawWithMouse, padBox, place, row } from "./digits.mjs";
import { dropFile, paperPng, pasteFile, pickFile } from "./images.mjs";
import { TEST_TIMEOUT, expectEmpty, expectNumber, expectSingleDigit, resetPage, sharedPage, useSite } from "./harness.mjs";

useSite();

/** What the pad shows: "image" or "draw" (#pad data-input), and how varied its pixels are. */
function padShows(page) {
  return page.$eval("#pad", (pad) => {
    const canvas = pad.shadowRoot.querySelector("canvas");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const levels = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) levels.add(data[i] >> 3);
    return { input: pad.dataset.input, levels: levels.size };
  });
}

async function expectError(page, patterns) {
  await waitForState(page, "error");
  const status = await page.locator("#status").innerText();
  for (const pattern of patterns) assert.match(status, pattern);
  assert.ok(await page.locator("#status").isVisible(), "the message is visible");
  const prediction = await readPrediction(page);
  assert.equal(prediction.digit, "", "no answer");
  assert.equal((await readNumber(page)).value, "", "no number");
  return status;
}

describe("photos and files", () => {
  const session = sharedPage();

  it("reads a photo of a digit opened with the file button", { timeout: TEST_TIMEOUT }, async (t) => {
    const { page } = session();
    await resetPage(page);
    await pickFile(page, "seven.png", "image/png", await paperPng(page, DIGITS[7], { width: 640, height: 480 }));
    const { prediction } = await expectSingleDigit(page, 7, "a photo of a 7");
    t.diagnostic(`confidence ${Number(prediction.confidence).toFixed(4)}`);
    const shown = await padShows(page);
    assert.equal(shown.input, "image", "#pad shows the image");
    assert.ok(shown.levels > 3, `the image is drawn on the pad (${shown.levels} grey levels)`);
    assert.match(await page.locator("#status").innerText(), /seven\.png/);
  });

  it("reads a photo of a number, 107", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await pickFile(page, "number.png", "image/png", await paperPng(page, row([1, 0, 7])));
    await expectNumber(page, "107", "a photo of 107");
    assert.equal((await readPrediction(page)).state, "done");
  });

  it("reads a large JPEG photo (scaled down to 1024 px first), 2026", { timeout: TEST_TIMEOUT }, async (t) => {
    const { page } = session();
    await resetPage(page);
    const jpeg = await paperPng(page, row([2, 0, 2, 6], 0.3), { width: 2400, height: 1600, inkHeight: 0.3, type: "image/jpeg" });
    const started = Date.now();
    await pickFile(page, "IMG_2026.jpg", "image/jpeg", jpeg);
    await expectNumber(page, "2026", "a 2400x1600 photo of 2026");
    t.diagnostic(`${(jpeg.length / 1e6).toFixed(1)} MB JPEG opened and read in ${Date.now() - started} ms`);
  });

  it("drawing or Clear returns from the image to the pad", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await pickFile(page, "three.png", "image/png", await paperPng(page, DIGITS[3]));
    await expectSingleDigit(page, 3, "a photo of a 3");

    const { width } = await padBox(page);
    await drawWithMouse(page, place(DIGITS[1], { x: 0.35, y: 0.1, height: 0.8 }, width));
    await expectSingleDigit(page, 1, "a 1 drawn over the image");
    assert.equal((await padShows(page)).input, "draw", "drawing replaced the image");

    await pickFile(page, "three.png", "image/png", await paperPng(page, DIGITS[3]));
    await expectSingleDigit(page, 3, "the photo again");
    await page.click("#clear");
    await expectEmpty(page);
    assert.equal((await padShows(page)).input, "draw");
  });

  it("reads an image dropped on the pad", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    const drop = await dropFile(page, "dropped.png", "image/png", await paperPng(page, DIGITS[0], { width: 500, height: 700 }));
    assert.deepEqual(drop, { dragoverAccepted: true, dropTarget: true, dropHandled: true }, "the page takes the drop and shows where");
    await expectSingleDigit(page, 0, "a dropped photo of a 0");
    assert.equal((await padShows(page)).input, "image");
  });

  it("reads a pasted image (Ctrl/Cmd+V)", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    const paste = await pasteFile(page, "image.png", "image/png", await paperPng(page, row([9, 1])));
    assert.deepEqual(paste, { pasteHandled: true, carried: 1 });
    await expectNumber(page, "91", "a pasted photo of 91");
  });

  it("says so when a file is not an image, and Escape dismisses it", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await pickFile(page, "notes.txt", "text/plain", Buffer.from("2026\n"));
    const status = await expectError(page, [/notes\.txt/, /not an image/, /text\/plain/, /PNG, JPEG/]);
    assert.equal(await page.locator("#pad [part=announcer]").innerText(), status, "screen readers hear it too");
    await page.keyboard.press("Escape");
    await expectEmpty(page);

    // Dropped, too.
    await dropFile(page, "report.pdf", "application/pdf", Buffer.from("%PDF-1.4"));
    await expectError(page, [/report\.pdf/, /application\/pdf/, /PNG, JPEG/]);
  });

  it("says so when an image cannot be decoded", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = session();
    await resetPage(page);
    await pickFile(page, "broken.png", "image/png", Buffer.from("\x89PNG\r\n\x1a\n but nothing after the signature"));
    await expectError(page, [/Could not decode/, /broken\.png/, /image\/png/, /PNG, JPEG/]);
    // The next good image is read as usual.
    await pickFile(page, "seven.png", "image/png", await paperPng(page, DIGITS[7]));
    await expectSingleDigit(page, 7, "a good photo after a broken one");
  });
});
