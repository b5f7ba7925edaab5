// What every test file shares: the built site served under a sub-path (as GitHub Pages
// does), one headless Chromium, fresh guarded pages, and the checks of the page's
// automation hooks. Call useSite() once at the top of a test file.
//
//   SITE_DIR=dist npm test --prefix tests/e2e     (SITE_DIR relative to the repo root)

import { after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { serveStatic } from "./server.mjs";
import {
  launchBrowser,
  openPage,
  previewInk,
  readNumber,
  readPrediction,
  readProbabilities,
  waitForState,
} from "./browser.mjs";
import { DIGITS, drawWithMouse, padBox, place } from "./digits.mjs";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const SITE_DIR = path.resolve(REPO, process.env.SITE_DIR || "dist");
export const TEST_TIMEOUT = 90_000;

const site = { server: null, browser: null };

/** Serve the site and launch the browser before the file's tests; close both after. */
export function useSite() {
  before(async () => {
    for (const file of ["index.html", "www/app.js", "pkg/pad/worker.js", "pkg/pad/index.js", "pkg/nickara.js", "pkg/nickara_bg.wasm"]) {
      if (!existsSync(path.join(SITE_DIR, file))) {
        throw new Error(`${path.join(SITE_DIR, file)} is missing: build the site first (make site), or point SITE_DIR at it`);
      }
    }
    // Under a sub-path, as on GitHub Pages: every path in the page must be relative.
    site.server = await serveStatic(SITE_DIR, "/nickara/");
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * A fresh page whose Content-Security-Policy violations are problems too: the page's policy
 * (index.html) must allow everything it does. Each violation is logged as a console error,
 * which the guards of openPage collect. `origin`: the site's, unless another server serves it.
 */
export async function openGuardedPage(contextOptions, origin = site.server.origin) {
  const session = await openPage(site.browser, origin, contextOptions);
  await session.page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content-Security-Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline code"} at ${e.sourceFile || "?"}:${e.lineNumber}`);
    });
  });
  return session;
}

/** Run `fn` on a fresh page; fail on any problem the guards saw or any 404; always close. */
export async function withPage(options, fn) {
  const served = site.server.log.length;
  const session = await openGuardedPage(options.context);
  try {
    await fn(session);
    const missing = site.server.log.slice(served).filter((r) => r.status >= 400);
    assert.deepEqual(missing, [], "every file the page asked for is served");
    if (!options.allowProblems) assert.deepEqual(session.problems, [], "no console errors, page errors or foreign requests");
  } finally {
    await session.context.close();
  }
}

/**
 * One page shared by the tests of a describe(): call in the describe body; `get()`
 * returns the session once the page is ready. After the suite: no problems allowed.
 */
export function sharedPage(contextOptions) {
  let session;
  before(async () => {
    session = await openGuardedPage(contextOptions);
    await gotoPage(session.page);
    await waitForState(session.page, "empty");
  });
  after(async () => {
    const problems = session?.problems ?? [];
    await session?.context.close();
    assert.deepEqual(problems, [], "no console errors, page errors or foreign requests");
  });
  return () => session;
}

export async function gotoPage(page, waitUntil = "load") {
  await page.goto(site.server.url, { waitUntil });
}

/** Clear the page (Escape) and wait until it says it is empty. */
export async function resetPage(page) {
  await page.keyboard.press("Escape");
  await waitForState(page, "empty");
}

/** Wait for the answer to the input shown and check it and the other hooks. */
export async function expectDigit(page, expected, label) {
  await waitForState(page, "done");
  const prediction = await readPrediction(page);
  const probabilities = await readProbabilities(page);
  const shown = probabilities.map(({ digit, p }) => `${digit}:${p.toFixed(3)}`).join(" ");
  assert.equal(prediction.digit, String(expected), `${label}: expected ${expected}, read ${prediction.digit} (${shown})`);
  assert.equal(prediction.value, String(expected), "data-value is the answer shown");
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

/** A single digit: #prediction is `expected` and #number reads it as that one digit. */
export async function expectSingleDigit(page, expected, label) {
  const result = await expectDigit(page, expected, label);
  const number = await readNumber(page);
  assert.equal(number.digits.length, 1, `${label}: one digit, not split (#number read "${number.value}")`);
  assert.equal(number.value, String(expected), `${label}: #number data-value`);
  assert.equal(number.digits[0].digit, String(expected));
  assert.equal(number.visible, false, "a single digit is not shown as a number");
  return { ...result, number };
}

/**
 * Wait for the answer and check that #prediction and #number read `value`, digit by digit,
 * the headline as sure as the least sure digit and unsure when any digit is.
 */
export async function expectNumber(page, value, label) {
  await waitForState(page, "done");
  const number = await readNumber(page);
  const read = number.digits.map((d) => `${d.digit} (${Number(d.confidence).toFixed(3)}${d.unsure === "true" ? ", unsure" : ""})`);
  assert.equal(number.value, value, `${label}: expected ${value}, read "${number.value}": ${read.join(", ")}`);
  assert.deepEqual(number.digits.map((d) => d.digit), [...value], "one child per digit, left to right");
  for (const d of number.digits) {
    assert.ok(Number(d.confidence) > 0 && Number(d.confidence) <= 1, `data-confidence in (0, 1]: ${d.confidence}`);
    assert.match(d.unsure, /^(true|false)$/);
  }
  if (value.length >= 2) {
    assert.equal(number.visible, true, "two or more digits are shown as a number");
    assert.equal(number.text, [...value].join(""), "the number's visible digits");
    const prediction = await readPrediction(page);
    assert.equal(prediction.value, value, `${label}: #prediction data-value is the number`);
    assert.equal(prediction.text, value, `${label}: the headline is the number`);
    assert.equal(prediction.digit, "", "data-digit is empty for a number");
    const least = Math.min(...number.digits.map((d) => Number(d.confidence)));
    assert.equal(Number(prediction.confidence), least, "data-confidence is the least sure digit's");
    const unsure = number.digits.some((d) => d.unsure === "true");
    assert.equal(prediction.unsure, String(unsure), "data-unsure when any digit is unsure");
    if (unsure) assert.equal(prediction.confidenceText, "Not sure");
    else assert.match(prediction.confidenceText, /^[0-9.]+% sure$/);
    assert.equal(number.digits.filter((d) => d.selected).length, 1, "one chip is selected");
  }
  return number;
}

export async function expectEmpty(page) {
  await waitForState(page, "empty");
  const prediction = await readPrediction(page);
  assert.equal(prediction.value, "");
  assert.equal(prediction.digit, "");
  assert.equal(prediction.confidence, "");
  assert.notEqual(prediction.unsure, "true");
  const probabilities = await readProbabilities(page);
  assert.equal(probabilities.length, 10);
  assert.ok(probabilities.every(({ p }) => p === 0), "no bars when the pad is empty");
  assert.equal(await previewInk(page), 0, "#preview is blank when the pad is empty");
  const number = await readNumber(page);
  assert.equal(number.value, "", "#number is empty");
  assert.equal(number.digits.length, 0);
}

/** Draw DIGITS[key] with the mouse in `box` (fractions of the pad side). */
export async function draw(page, key, box) {
  const { width } = await padBox(page);
  await drawWithMouse(page, place(DIGITS[key], box, width));
}

/** The page's main boxes, to check that nothing moves when answers change. */
export function layoutBoxes(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [".pad-card", "#pad", ".pad-actions", ".answer-card", "#prediction", ".number-strip", ".details-card", "#preview"].map((sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        return [sel, [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 10) / 10)];
      }),
    ),
  );
}
