// Offline and installed: the service worker saves the site on the first visit, so that a
// reload without a network still reads digits; a new deployment is saved beside the old one,
// announced ("a new version is ready") and taken whole on the next load; the web app manifest
// is linked, relative, and every icon it names loads at its stated size.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

import { waitForState } from "./browser.mjs";
import { REPO, SITE_DIR, TEST_TIMEOUT, draw, expectSingleDigit, gotoPage, openGuardedPage, useSite, withPage } from "./harness.mjs";
import { serveStatic } from "./server.mjs";

const site = useSite();

/** Wait until #offline says `state` ("ready": this version is saved). */
async function waitForOffline(page, state) {
  await page.waitForSelector(`#offline[data-state="${state}"]`, { state: "attached", timeout: 30_000 });
}

/** Poll `test(arg)` in the page until it holds, through the reloads that take a new version. */
async function waitFor(page, test, arg, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(test, arg).catch(() => false))) {
    if (Date.now() > deadline) {
      const seen = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const states = ["installing", "waiting", "active"].map((k) => `${k} ${registration?.[k]?.state ?? "-"}`);
        return `"${document.title}", #prediction ${document.getElementById("prediction").dataset.state}, #offline ${document.getElementById("offline").dataset.state}; ${states.join(", ")}; controller ${navigator.serviceWorker.controller?.state}, changed ${window.__changed}`;
      });
      throw new Error(`timed out after ${timeout} ms waiting for ${test}; the page: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("offline", () => {
  it("after the first visit, a reload without a network reads a digit", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page, context }) => {
      const served = site.server.log.length;
      await gotoPage(page);
      await waitForState(page, "empty");
      await waitForOffline(page, "ready");
      assert.match(await page.locator("#offline").innerText(), /Works offline/);
      const pages = site.server.log.slice(served).map((r) => r.path).filter((p) => p === "/nickara/" || p === "/nickara/index.html");
      assert.deepEqual(pages, ["/nickara/", "/nickara/"], "the page is saved from the address it was opened at, not downloaded again as index.html");

      await context.setOffline(true);
      await page.reload();
      await waitForState(page, "empty");
      assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true, "the saved site serves the page");
      await draw(page, 7, { x: 0.3, y: 0.1, height: 0.8 });
      await expectSingleDigit(page, 7, "7 drawn offline");
      await context.setOffline(false);
    });
  });

  it("a new deployment is saved, announced, and taken whole by the notice's Reload", { timeout: TEST_TIMEOUT }, async () => {
    // Deployments of our own: a copy of the site, changed and stamped again as the build does.
    const root = mkdtempSync(path.join(os.tmpdir(), "nickara-deploy-"));
    const server = await serveStatic(root, "/nickara/");
    const session = await openGuardedPage({}, server.origin);
    const { page, problems } = session;
    const versionOf = () =>
      page.evaluate(() => ({
        title: document.title,
        style: getComputedStyle(document.documentElement).getPropertyValue("--deployment").trim(),
      }));
    /** A new title in the page, a new rule in the style sheet, and so a new sw.js. */
    const deploy = (name) => {
      const index = path.join(root, "index.html");
      writeFileSync(index, readFileSync(index, "utf8").replace(/<title>(.*: )?/, `<title>${name}: `));
      writeFileSync(path.join(root, "www/style.css"), `${readFileSync(path.join(root, "www/style.css"), "utf8")}\n:root { --deployment: ${name}; }\n`);
      execFileSync("make", ["-s", "--no-print-directory", "-C", REPO, "offline-stamp", `SITE=${root}`], { stdio: "ignore" });
    };
    /** A new deployment is found: the saved version runs, whole, and says so. */
    const expectUpdateFound = async (running) => {
      await waitForOffline(page, "update");
      assert.match(await page.locator("#offline").innerText(), /A new version is ready/);
      assert.ok(await page.locator("#offline button").isVisible(), "with a Reload button");
      assert.deepEqual(await versionOf(), running, "the page runs the saved version until it is reloaded");
    };
    /** Then the page runs deployment `name`, page and style sheet alike, and it works. */
    const expectRunning = async (name, digit) => {
      await waitFor(page, (prefix) => document.title.startsWith(prefix) && document.getElementById("prediction").dataset.state === "empty", `${name}: `);
      assert.equal((await versionOf()).style, name, "no old file with the new page");
      await draw(page, digit, { x: 0.35, y: 0.1, height: 0.8 });
      await expectSingleDigit(page, digit, `${digit} in ${name}`);
      await waitForOffline(page, "ready");
      const names = await page.evaluate(() => caches.keys());
      assert.equal(names.length, 1, `the older versions' files are gone: ${names.join(", ")}`);
    };
    try {
      cpSync(SITE_DIR, root, { recursive: true });
      // The version is the content's: the same build stamped again is the same sw.js, so
      // browsers keep what they saved.
      const stamped = readFileSync(path.join(root, "sw.js"));
      execFileSync("make", ["-s", "--no-print-directory", "-C", REPO, "offline-stamp", `SITE=${root}`], { stdio: "ignore" });
      assert.ok(readFileSync(path.join(root, "sw.js")).equals(stamped), "an unchanged build stamps the same sw.js");
      await page.goto(server.url);
      await waitForState(page, "empty");
      await waitForOffline(page, "ready");
      const first = await versionOf();

      // The next visit finds the new deployment while the saved version runs, whole.
      deploy("second");
      await page.reload();
      await waitForState(page, "empty");
      await expectUpdateFound(first);
      // The browser's own reload keeps the version that runs (a service worker is not replaced
      // while its page reloads), whole, and says so again.
      await page.reload();
      await waitForState(page, "empty");
      await expectUpdateFound(first);
      // The notice's Reload takes the new version: page and style sheet alike.
      await page.click("#offline button");
      await expectRunning("second", 1);

      assert.deepEqual(problems, [], "no console errors, page errors or foreign requests");
      assert.deepEqual(server.log.filter((r) => r.status >= 400), [], "every file asked for is served");
    } finally {
      await session.context.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("installable", () => {
  it("links a web app manifest whose fields are relative and whose every icon loads", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async ({ page, context }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const href = await page.$eval('link[rel="manifest"]', (link) => link.href);
      const response = await page.request.get(href);
      assert.equal(response.status(), 200);
      const manifest = await response.json();
      for (const key of ["name", "short_name", "description"]) assert.ok(manifest[key], `the manifest has a ${key}`);
      assert.equal(manifest.display, "standalone");
      // Relative, so that the app is the site wherever it is served (/REPO/ on GitHub Pages).
      const siteUrl = new URL(".", page.url()).href;
      for (const key of ["start_url", "scope"]) {
        assert.doesNotMatch(manifest[key], /^(\/|[a-z]+:)/, `${key} is relative: ${manifest[key]}`);
        assert.equal(new URL(manifest[key], href).href, siteUrl, `${key} is the site`);
      }
      for (const colours of [manifest, manifest.color_scheme_dark]) {
        for (const key of ["theme_color", "background_color"]) assert.match(colours?.[key] ?? "", /^#[0-9a-f]{6}$/, `${key}, light and dark`);
      }

      const icons = manifest.icons.filter((icon) => icon.type === "image/png");
      const declared = icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort();
      assert.deepEqual(declared, ["192x192 any", "512x512 any", "512x512 maskable"]);
      for (const icon of manifest.icons) {
        const url = new URL(icon.src, href).href;
        const size = await page.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          return `${img.naturalWidth}x${img.naturalHeight}`;
        }, url);
        if (icon.sizes !== "any") assert.equal(size, icon.sizes, `${icon.src} is ${icon.sizes}`);
      }

      // Chromium's own reading of it: no errors, and nothing in the way of installing the
      // page but that the tests' browser contexts are private ("in-incognito").
      const cdp = await context.newCDPSession(page);
      const parsed = await cdp.send("Page.getAppManifest");
      assert.deepEqual(parsed.errors, [], `Chromium parses the manifest without errors: ${JSON.stringify(parsed.errors)}`);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      const blocking = installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito");
      assert.deepEqual(blocking, [], "Chromium would offer to install it");
    });
  });
});
