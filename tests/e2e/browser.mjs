// Browser side of the tests: launch Debian's Chromium through playwright-core, open
// the page with guards that collect every console error, page error and request
// that leaves the origin, and read the page's automation hooks.

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Local URLs that never leave the machine although their origin differs. */
const LOCAL_SCHEMES = new Set(["data:", "blob:", "about:"]);

/**
 * A fresh context and page on `origin`. `problems` collects everything that must not
 * happen (console errors, uncaught errors, requests to another origin); `requests`
 * lists every URL requested by the page and its workers.
 */
export async function openPage(browser, origin, contextOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 800 },
    colorScheme: "light",
    ...contextOptions,
  });
  context.setDefaultTimeout(20_000);
  const problems = [];
  const requests = [];
  const leftOrigin = (url) => {
    const u = new URL(url);
    return !LOCAL_SCHEMES.has(u.protocol) && u.origin !== origin;
  };

  context.on("request", (request) => {
    const url = request.url();
    requests.push(url);
    if (leftOrigin(url)) problems.push(`request left the origin: ${url}`);
  });
  // Nothing may actually go out either: foreign requests are aborted (and reported above).
  await context.route(leftOrigin, (route) => route.abort("blockedbyclient"));

  const page = await context.newPage();
  const onConsole = (where) => (msg) => {
    if (msg.type() === "error") problems.push(`console error (${where}): ${msg.text()}`);
  };
  page.on("console", onConsole("page"));
  page.on("pageerror", (err) => problems.push(`uncaught error: ${err.message}`));
  page.on("crash", () => problems.push("the page crashed"));
  page.on("worker", (worker) => worker.on("console", onConsole("worker")));
  return { context, page, problems, requests };
}

/** The #prediction hook as plain data, with the visible answer lines beside it. */
export function readPrediction(page) {
  return page.$eval("#prediction", (el) => ({
    state: el.dataset.state,
    value: el.dataset.value,
    digit: el.dataset.digit,
    confidence: el.dataset.confidence,
    unsure: el.dataset.unsure,
    text: el.textContent.trim(),
    confidenceText: document.getElementById("confidence").innerText.trim(),
    alternativesText: document.getElementById("alternatives").innerText.trim(),
  }));
}

/**
 * The #number hook: `value`, one { digit, confidence, unsure, selected } per child (chip),
 * the visible digits and whether the number is shown (it is for two digits or more).
 */
export function readNumber(page) {
  return page.$eval("#number", (el) => ({
    value: el.dataset.value,
    digits: [...el.children].map((d) => ({
      digit: d.dataset.digit,
      confidence: d.dataset.confidence,
      unsure: d.dataset.unsure,
      selected: d.getAttribute("aria-checked") === "true",
    })),
    visible: getComputedStyle(el).visibility === "visible" && el.getBoundingClientRect().height > 0,
    text: [...el.querySelectorAll(".number-digit")].map((d) => d.textContent).join(""),
  }));
}

/** The #probabilities hook: [{ digit, p }] in document order. */
export function readProbabilities(page) {
  return page.$$eval("#probabilities > *", (items) =>
    items.map((el) => ({ digit: el.dataset.digit, p: Number(el.dataset.p) })),
  );
}

/** The #preview pixels (RGBA bytes, comma-separated): to compare two frames. */
export function previewPixels(page) {
  return page.$eval("#preview", (canvas) => canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data.join(","));
}

/** Number of #preview pixels that are not black. */
export function previewInk(page) {
  return page.$eval("#preview", (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 0) lit++;
    return lit;
  });
}

/** Wait until #prediction has data-state `state`; an "error" state fails at once with its message. */
export async function waitForState(page, state, timeout = 20_000) {
  const selector = `#prediction[data-state="${state}"], #prediction[data-state="error"]`;
  await page.waitForSelector(selector, { state: "attached", timeout });
  if (state === "error") return;
  const { reached, status } = await page.evaluate((wanted) => ({
    reached: document.getElementById("prediction").dataset.state === wanted,
    status: document.getElementById("status").textContent,
  }), state);
  if (!reached) throw new Error(`the page shows an error instead of "${state}": ${status}`);
}
