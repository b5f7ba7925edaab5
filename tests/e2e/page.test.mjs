// End-to-end tests of the built page in headless Chromium: draw digits on #pad with
// the mouse (and a finger), read the automation hooks, and check that nothing goes
// wrong on the way (console errors, uncaught errors, requests leaving the origin,
// missing files). The site is served under a sub-path, as GitHub Pages does.
//
//   SITE_DIR=dist npm test --prefix tests/e2e     (SITE_DIR relative to the repo root)
//   UPDATE_SCREENSHOT=1 ...                       also rewrites www/screenshot.png

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { serveStatic } from "./server.mjs";
import {
  launchBrowser,
  openPage,
  previewInk,
  readPrediction,
  readProbabilities,
  waitForState,
} from "./browser.mjs";
import { DIGITS, drawWithMouse, drawWithTouch, padBox, place } from "./digits.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const SITE_DIR = path.resolve(REPO, process.env.SITE_DIR || "dist");
const UPDATE_SCREENSHOT = process.env.UPDATE_SCREENSHOT === "1";
const SCREENSHOT = path.join(REPO, "www", "screenshot.png");
const TEST_TIMEOUT = 90_000;

let server;
let browser;

before(async () => {
  for (const file of ["index.html", "www/app.js", "www/worker.js", "pkg/nickara.js", "pkg/nickara_bg.wasm"]) {
    if (!existsSync(path.join(SITE_DIR, file))) {
      throw new Error(`${path.join(SITE_DIR, file)} is missing: build the site first (make site), or point SITE_DIR at it`);
    }
  }
  // Under a sub-path, as on GitHub Pages: every path in the page must be relative.
  server = await serveStatic(SITE_DIR, "/nickara/");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Run `fn` on a fresh page; fail on any problem the guards saw or any 404; always close. */
async function withPage(options, fn) {
  const served = server.log.length;
  const session = await openPage(browser, server.origin, options.context);
  try {
    await fn(session);
    const missing = server.log.slice(served).filter((r) => r.status >= 400);
    assert.deepEqual(missing, [], "every file the page asked for is served");
    if (!options.allowProblems) assert.deepEqual(session.problems, [], "no console errors, page errors or foreign requests");
  } finally {
    await session.context.close();
  }
}

async function gotoPage(page, waitUntil = "load") {
  await page.goto(server.url, { waitUntil });
}

/** Wait for the answer to the ink on the pad and check it and the other hooks. */
async function expectDigit(page, expected, label) {
  await waitForState(page, "done");
  const prediction = await readPrediction(page);
  const probabilities = await readProbabilities(page);
  const shown = probabilities.map(({ digit, p }) => `${digit}:${p.toFixed(3)}`).join(" ");
  assert.equal(prediction.digit, String(expected), `${label}: expected ${expected}, read ${prediction.digit} (${shown})`);
  assert.equal(prediction.text, String(expected), "the visible text shows the digit");

  assert.deepEqual(probabilities.map((x) => x.digit), ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  const sum = probabilities.reduce((s, x) => s + x.p, 0);
  assert.ok(Math.abs(sum - 1) < 1e-3, `probabilities sum to 1 (got ${sum})`);
  const top = probabilities.reduce((a, b) => (b.p > a.p ? b : a));
  assert.equal(top.digit, prediction.digit, "the answer is the most probable digit");
  assert.ok(Math.abs(Number(prediction.confidence) - top.p) < 1e-6, "data-confidence is its probability");
  assert.ok((await previewInk(page)) > 10, "#preview shows the 28x28 input");
  return { prediction, probabilities };
}

async function expectEmpty(page) {
  await waitForState(page, "empty");
  const prediction = await readPrediction(page);
  assert.equal(prediction.digit, "");
  assert.equal(prediction.confidence, "");
  const probabilities = await readProbabilities(page);
  assert.equal(probabilities.length, 10);
  assert.ok(probabilities.every(({ p }) => p === 0), "no bars when the pad is empty");
  assert.equal(await previewInk(page), 0, "#preview is blank when the pad is empty");
}

async function draw(page, digit, box) {
  const { width } = await padBox(page);
  await drawWithMouse(page, place(DIGITS[digit], box, width));
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

  describe("recognizes digits drawn with the mouse at different sizes and places", () => {
    const cases = [
      { digit: 0, box: { x: 0.2, y: 0.06, height: 0.85 }, where: "large, centred" },
      { digit: 0, box: { x: 0.04, y: 0.04, height: 0.2 }, where: "small, top-left corner" },
      { digit: 0, box: { x: 0.5, y: 0.45, height: 0.45 }, where: "medium, bottom right" },
      { digit: 1, box: { x: 0.15, y: 0.05, height: 0.9 }, where: "large, left of centre" },
      { digit: 1, box: { x: 0.8, y: 0.75, height: 0.2 }, where: "small, bottom-right corner" },
      { digit: 1, box: { x: 0.35, y: 0.3, height: 0.4 }, where: "medium, centred" },
      { digit: 7, box: { x: 0.2, y: 0.08, height: 0.84 }, where: "large, centred" },
      { digit: 7, box: { x: 0.78, y: 0.04, height: 0.18 }, where: "small, top-right corner" },
      { digit: 7, box: { x: 0.05, y: 0.5, height: 0.45 }, where: "medium, bottom left" },
    ];
    let session;
    before(async () => {
      session = await openPage(browser, server.origin);
      await gotoPage(session.page);
      await waitForState(session.page, "empty");
    });
    after(async () => {
      const problems = session?.problems ?? [];
      await session?.context.close();
      assert.deepEqual(problems, [], "no console errors, page errors or foreign requests");
    });
    for (const { digit, box, where } of cases) {
      it(`${digit}, ${where}`, { timeout: TEST_TIMEOUT }, async (t) => {
        const { page } = session;
        await page.keyboard.press("Escape");
        await waitForState(page, "empty");
        await draw(page, digit, box);
        const { prediction } = await expectDigit(page, digit, `${digit} ${where}`);
        t.diagnostic(`confidence ${Number(prediction.confidence).toFixed(4)}`);
      });
    }
  });

  it("the Clear button and the Escape key empty the pad", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      await draw(page, 0, { x: 0.2, y: 0.1, height: 0.8 });
      await expectDigit(page, 0, "0 before Clear");
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

  it("works with a finger on a phone: one column, answer in view, no scrolling, crisp pad", { timeout: TEST_TIMEOUT }, async () => {
    const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
    await withPage({ context: phone }, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const layout = await page.evaluate(() => {
        const pad = document.getElementById("pad");
        const rect = (sel) => document.querySelector(sel).getBoundingClientRect().toJSON();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth,
          innerHeight,
          answer: rect(".answer-card"),
          pad: rect(".pad-card"),
          details: rect(".details-card"),
          backing: [pad.width, pad.height],
          css: [pad.clientWidth, pad.clientHeight],
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
      await expectDigit(page, 1, "1 drawn with a finger");
      assert.equal(await page.evaluate(() => scrollY), scrollBefore, "drawing does not scroll the page");
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

  it("writes www/screenshot.png for the README", { timeout: TEST_TIMEOUT, skip: !UPDATE_SCREENSHOT && "set UPDATE_SCREENSHOT=1" }, async (t) => {
    await withPage({ context: { viewport: { width: 1040, height: 720 } } }, async ({ page }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      await draw(page, 3, { x: 0.28, y: 0.12, height: 0.74 });
      await expectDigit(page, 3, "3 for the screenshot");
      await page.mouse.move(0, 0);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      t.diagnostic(`wrote ${SCREENSHOT}`);
    });
  });
});
