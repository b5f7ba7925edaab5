// A start you can see: while the model downloads, the page shows its bytes and percent (a
// streaming fetch), then "Preparing the model…", and the download starts with the page
// (<link rel="preload">) instead of at the end of a chain of scripts; the scripts are
// preloaded too. The pad works meanwhile (page.test.mjs draws during start-up).

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import path from "node:path";

import { waitForState } from "./browser.mjs";
import { SITE_DIR, TEST_TIMEOUT, gotoPage, useSite, withPage } from "./harness.mjs";

useSite();
const WASM = "pkg/nickara_bg.wasm";
// Slow enough that the download takes about a second here, not so slow that the test drags.
const THROTTLE = { offline: false, latency: 20, downloadThroughput: 6e6, uploadThroughput: 6e6 };

describe("the start", () => {
  it("shows the model's download in bytes and percent, then that it is being prepared", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page, context }) => {
      await page.addInitScript(() => {
        window.statusSeen = [];
        const watch = () => {
          const status = document.getElementById("status");
          const progress = document.getElementById("progress");
          if (!status) return requestAnimationFrame(watch);
          const note = () => window.statusSeen.push({ text: status.textContent, value: progress.position });
          new MutationObserver(note).observe(status, { childList: true, characterData: true, subtree: true });
        };
        watch();
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", THROTTLE);
      await gotoPage(page, "domcontentloaded");
      await waitForState(page, "empty");
      const seen = await page.evaluate(() => window.statusSeen);

      const mb = (statSync(path.join(SITE_DIR, WASM)).size / 1e6).toFixed(1);
      const downloads = seen.flatMap(({ text, value }) => {
        const m = /^Downloading the model: ([0-9.]+) of ([0-9.]+) MB \(([0-9]+)%\)$/.exec(text);
        return m ? [{ loaded: Number(m[1]), total: m[2], percent: Number(m[3]), value }] : [];
      });
      const texts = [...new Set(seen.map((s) => s.text))];
      assert.ok(downloads.length >= 3, `several steps of the download are shown: ${texts.join(" | ")}`);
      assert.ok(downloads.every((d) => d.total === mb), `out of the wasm's ${mb} MB: ${texts.join(" | ")}`);
      for (let i = 1; i < downloads.length; i++) assert.ok(downloads[i].percent >= downloads[i - 1].percent, "the percent only grows");
      assert.ok(downloads.some((d) => d.percent > 0 && d.percent < 100), "a step in between");
      assert.ok(downloads.every((d) => Math.abs(d.value * 100 - d.percent) < 1), "#progress shows the same fraction");
      const lastDownload = seen.findLastIndex((s) => s.text.startsWith("Downloading"));
      const preparing = seen.findIndex((s) => s.text === "Preparing the model…");
      assert.ok(preparing > lastDownload, `then it is prepared: ${texts.join(" | ")}`);
      assert.equal(await page.locator("#progress").isVisible(), false, "the bar is gone once the model is ready");
    });
  });

  it("starts the model's download with the page, and preloads the scripts", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page }) => {
      // The page's and its worker's requests (not the service worker's, which saves the site
      // once the model is ready).
      const requested = [];
      page.on("request", (request) => requested.push(new URL(request.url()).pathname));
      await gotoPage(page);
      await waitForState(page, "empty");
      const wasm = await page.evaluate((file) => performance.getEntriesByType("resource").find((e) => e.name.endsWith(`/${file}`))?.initiatorType, WASM);
      assert.equal(wasm, "link", `the wasm is the page's <link rel="preload"> download (${wasm})`);
      assert.equal(requested.filter((p) => p.endsWith(`/${WASM}`)).length, 1, "used, not downloaded a second time");
      // Without the preloads, each file is asked for only once the one before it has run:
      // the page → app.js → its imports → worker.js → nickara.js → the wasm.
      const first = (file) => requested.findIndex((p) => p.endsWith(`/${file}`));
      const app = first("www/app.js");
      assert.ok(app > 0, `app.js is requested: ${requested.join(" ")}`);
      for (const file of [WASM, "pkg/pad/index.js", "pkg/pad/ink.js", "pkg/pad/engine.js", "pkg/pad/recognizer.js", "pkg/pad/download.js", "pkg/pad/files.js", "pkg/pad/words.js", "www/view.js", "www/offline.js", "pkg/pad/worker.js", "pkg/nickara.js"]) {
        const at = first(file);
        assert.ok(at >= 0 && at < app, `${file} is requested with the page, before app.js: ${requested.join(" ")}`);
      }
    });
  });
});
