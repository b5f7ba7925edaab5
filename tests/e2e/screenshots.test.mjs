// The README's screenshots, taken here: the phone layout in light and dark and the desktop
// layout, each with a number written. Every run takes them and checks the page in each
// layout; UPDATE_SCREENSHOTS=1 also writes them to tests/e2e/screenshots/, and otherwise the
// committed ones must be of the same layouts (same size) and shown in the README.
//
//   UPDATE_SCREENSHOTS=1 SITE_DIR=dist npm test --prefix tests/e2e

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { waitForState } from "./browser.mjs";
import { drawWithMouse, padBox, placeRow, row } from "./digits.mjs";
import { REPO, TEST_TIMEOUT, expectNumber, gotoPage, useSite, withPage } from "./harness.mjs";

useSite();

const DIR = path.join(REPO, "tests/e2e/screenshots");
const UPDATE = process.env.UPDATE_SCREENSHOTS === "1";
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const LAYOUTS = [
  { file: "phone-light.png", context: { ...phone, colorScheme: "light" }, dark: false },
  { file: "phone-dark.png", context: { ...phone, colorScheme: "dark" }, dark: true },
  { file: "desktop.png", context: { viewport: { width: 1040, height: 760 }, colorScheme: "light" }, dark: false, fullPage: true },
];

/** Width and height from a PNG's header. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", "a PNG file");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("screenshots", () => {
  for (const { file, context, dark, fullPage = false } of LAYOUTS) {
    it(`${file}: a number written, ${dark ? "dark" : "light"}`, { timeout: TEST_TIMEOUT }, async (t) => {
      await withPage({ context }, async ({ page }) => {
        await gotoPage(page);
        await waitForState(page, "empty");
        const { width } = await padBox(page);
        await drawWithMouse(page, placeRow(row([2, 0, 2, 6], 0.25), { x: 0.09, y: 0.36, height: 0.22 }, width));
        await expectNumber(page, "2026", `2026 in ${file}`);
        const fits = await page.$eval("#prediction", (el) => el.scrollWidth <= el.clientWidth);
        assert.ok(fits, "the headline shows the whole number, in smaller type, not cut off");
        await page.waitForSelector('#offline[data-state="ready"]', { state: "attached", timeout: 30_000 });
        const background = await page.evaluate(() => {
          const [r, g, b] = getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        });
        assert.equal(background < 0.2, dark, `the page is ${dark ? "dark" : "light"} (background luminance ${background.toFixed(2)})`);
        await page.mouse.move(0, 0);
        const shot = await page.screenshot({ fullPage });

        const target = path.join(DIR, file);
        if (UPDATE) {
          mkdirSync(DIR, { recursive: true });
          writeFileSync(target, shot);
          t.diagnostic(`wrote ${path.relative(REPO, target)}`);
        } else {
          assert.ok(existsSync(target), `${path.relative(REPO, target)} is committed (UPDATE_SCREENSHOTS=1 writes it)`);
          assert.deepEqual(pngSize(readFileSync(target)), pngSize(shot), `${file} is of this layout`);
        }
        const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
        assert.match(readme, new RegExp(`(\\]\\(|src=")tests/e2e/screenshots/${file}[)"]`), `the README shows ${file}`);
      });
    });
  }
});
