// <nickara-pad> as other people's pages use it, from the packed package:
// - a plain HTML page on static hosting (an import map, no bundler) with two pads in a form,
//   written on with the mouse: the submit carries both values and is blocked while the required
//   one is empty; validity, reset and restore, events, keys, strokes saved and restored, one
//   worker for both pads, light and dark, parts and custom properties, labels, the live region,
//   and nothing fetched from anywhere but the page's origin;
// - the same element in a React 19 app bundled with esbuild from npm.
// (Its types are checked with tsc --strict by package.test.mjs: consumer/pad.ts.)

import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { HERE, ORIGIN, install, launch, pack, serve, written } from "./packed.mjs";

/** Draw `strokes` (pad CSS px) on the pad `selector` with the mouse. */
async function drawOn(page, selector, strokes) {
  const box = await page.locator(selector).boundingBox();
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    await page.mouse.move(box.x + first[0], box.y + first[1]);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x, box.y + y);
    await page.mouse.up();
  }
}

/** Wait until the pad's answer for its ink is in, and return what it says. */
async function settled(page, selector) {
  await page.waitForFunction((s) => ["done", "empty", "error"].includes(document.querySelector(s).state), selector, { timeout: 30_000 });
  return page.$eval(selector, (pad) => ({
    value: pad.value,
    state: pad.state,
    valid: pad.validity.valid,
    message: pad.validationMessage,
    reading: pad.reading && { value: pad.reading.value, digits: pad.reading.digits.length, confidence: pad.reading.confidence },
  }));
}

describe("<nickara-pad> in other people's pages", () => {
  let work;
  let browser;
  let site;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "nickara-pad-"));
    const packed = pack(work);
    site = path.join(work, "site");
    install(work, packed, path.join(HERE, "form"), site);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A page of the form site; `submitted` collects the form's submissions. */
  async function formPage(t, { colorScheme = "light" } = {}) {
    const context = await browser.newContext({ colorScheme });
    t.after(() => context.close());
    const outside = [];
    const submitted = [];
    await serve(
      context,
      (pathname, url) => {
        if (pathname === "/submit") {
          submitted.push(Object.fromEntries(url.searchParams));
          return path.join(site, "index.html");
        }
        return pathname === "/" ? path.join(site, "index.html") : path.join(site, pathname);
      },
      outside,
    );
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => ["amount", "pin"].every((id) => document.getElementById(id).state === "empty"), null, { timeout: 60_000 });
    t.after(() => {
      assert.deepEqual(outside, [], "nothing is fetched from another origin: it works offline from static hosting");
      assert.deepEqual(problems, [], "no console error or uncaught exception");
    });
    return { page, context, submitted };
  }

  it("a form with two pads: written with the mouse, submitted with both values, blocked while a required one is empty", async (t) => {
    const { page, submitted } = await formPage(t);
    assert.equal(await page.evaluate(() => customElements.get("nickara-pad").formAssociated), true);

    // Nothing written: the required amount blocks the submit and says why.
    await page.click("#send");
    assert.equal(await page.$eval("#amount", (pad) => pad.validity.valueMissing), true);
    assert.equal(await page.$eval("#amount", (pad) => pad.validationMessage), "Write a number here.");
    assert.equal(await page.$eval("#form", (form) => form.checkValidity()), false);
    assert.deepEqual(submitted, [], "the submit is blocked");

    // The events a page listens to.
    await page.evaluate(() => {
      window.events = [];
      for (const type of ["input", "change"]) {
        document.getElementById("amount").addEventListener(type, (e) => window.events.push({ type, value: e.detail?.value ?? null, target: e.target.id }));
      }
    });
    await drawOn(page, "#amount", written(["4", "2"], 110, 40, 35));
    const amount = await settled(page, "#amount");
    assert.equal(amount.value, "42", JSON.stringify(amount));
    assert.ok(amount.valid, amount.message);
    await page.waitForFunction(() => window.events.some((e) => e.type === "change"), null, { timeout: 10_000 });
    const events = await page.evaluate(() => window.events);
    assert.ok(events.some((e) => e.type === "input" && e.value === "42"), `input carries the reading: ${JSON.stringify(events)}`);
    assert.deepEqual(events.filter((e) => e.type === "change"), [{ type: "change", value: "42", target: "amount" }], "one change, when the writer paused");

    // Only the digit boxes of this pad; styled through ::part by the page.
    assert.equal(await page.locator("#amount").locator("[part~=box]").count(), 2, "a box per digit of 42");
    assert.equal(await page.locator("#pin").locator("[part~=box]").count(), 0);
    assert.equal(await page.locator("#amount").locator("[part~=chip]").first().innerText(), "4");
    const border = await page.$eval("#amount", (pad) => getComputedStyle(pad.shadowRoot.querySelector("[part~=box]")).borderTopWidth);
    assert.equal(border, "3px", "the page's ::part(box) rule styles the boxes");

    await drawOn(page, "#pin", written(["7"], 130, 60, 25));
    assert.equal((await settled(page, "#pin")).value, "7");
    assert.equal(page.workers().length, 1, "both pads share one worker");

    await page.click("#send");
    await page.waitForURL(/\/submit\?/);
    assert.deepEqual(submitted, [{ amount: "42", pin: "7" }]);
  });

  it("reset, restore, disabled, digits and min-confidence are a form field's", async (t) => {
    const { page } = await formPage(t);
    await drawOn(page, "#amount", written(["1", "0", "7"], 100, 30, 40));
    assert.equal((await settled(page, "#amount")).value, "107");

    // Saved and restored by the app: the same drawing reads the same.
    const saved = await page.$eval("#amount", (pad) => pad.strokes);
    assert.ok(saved.length >= 3 && saved.every((s) => s.every((p) => p.length === 2)));
    await page.$eval("#amount", (pad) => pad.clear());
    assert.equal((await settled(page, "#amount")).value, "");
    await page.$eval("#amount", (pad, strokes) => (pad.strokes = strokes), saved);
    assert.equal((await settled(page, "#amount")).value, "107", "strokes set back read as before");
    const refused = await page.$eval("#amount", (pad) => {
      try {
        pad.strokes = [[[1, "x"]]];
      } catch (err) {
        return `${err.name}: ${err.message}`;
      }
      return "accepted";
    });
    assert.match(refused, /^TypeError: expected strokes .*point 0 of stroke 0 is not \[x, y\]/);

    // The browser restores a form's fields when one goes back to it.
    await page.click("#send");
    await page.waitForURL(/\/submit\?/);
    await page.goBack();
    await page.waitForFunction(() => document.getElementById("amount")?.value === "107", null, { timeout: 30_000 });

    // Reset empties both pads.
    await page.click("#reset");
    assert.equal((await settled(page, "#amount")).value, "");
    assert.deepEqual(await page.$eval("#amount", (pad) => pad.strokes), []);

    // More digits than the field takes: invalid, saying so.
    await page.$eval("#pin", (pad, strokes) => (pad.strokes = strokes), written(["1", "2", "3", "4", "5"], 60, 10, 40));
    const long = await settled(page, "#pin");
    assert.equal(long.reading?.digits, 5, JSON.stringify(long));
    assert.equal(await page.$eval("#pin", (pad) => pad.validity.tooLong), true);
    assert.match(long.message, /at most 4 digits/);

    // A dot is not sure enough for min-confidence 0.5: no value, invalid.
    await page.$eval("#pin", (pad) => (pad.strokes = [[[200, 90]]]));
    const dot = await settled(page, "#pin");
    assert.ok(dot.reading && dot.reading.confidence < 0.5, JSON.stringify(dot));
    assert.equal(dot.value, "", "below min-confidence the value stays empty");
    assert.equal(await page.$eval("#pin", (pad) => pad.validity.badInput), true);

    // Both pads written at once: the shared worker answers each (a pad's newer ink replaces
    // only its own waiting job).
    await page.evaluate(
      ([a, b]) => {
        document.getElementById("amount").strokes = a;
        document.getElementById("pin").strokes = b;
      },
      [written(["2", "5"], 100, 30, 40), written(["8"], 120, 60, 30)],
    );
    assert.equal((await settled(page, "#amount")).value, "25");
    assert.equal((await settled(page, "#pin")).value, "8");

    // Disabled: no ink, and not submitted.
    await page.$eval("#pin", (pad) => pad.clear());
    await page.$eval("#pin", (pad) => (pad.disabled = true));
    await drawOn(page, "#pin", written(["7"], 130, 60, 25));
    assert.deepEqual(await page.$eval("#pin", (pad) => pad.strokes), [], "a disabled pad takes no ink");
    assert.equal(await page.$eval("#pin", (pad) => pad.matches(":state(disabled)")), true);
  });

  it("keys, undo, labels, the live region, light and dark, custom properties", async (t) => {
    const { page } = await formPage(t, { colorScheme: "dark" });
    // Focus with the keyboard, write, undo with Ctrl+Z, clear with Escape.
    await page.focus("#amount");
    assert.equal(await page.evaluate(() => document.activeElement.id), "amount", "the pad takes the focus");
    await drawOn(page, "#amount", written(["4", "2"], 110, 40, 35));
    assert.equal((await settled(page, "#amount")).value, "42");
    await page.waitForFunction(() => document.querySelector("#amount").shadowRoot.querySelector("[part=announcer]").textContent.startsWith("Read the number 42"));
    assert.equal(await page.locator("#amount [part=announcer]").getAttribute("aria-live"), "polite");
    const strokes = (await page.$eval("#amount", (pad) => pad.strokes)).length;
    await page.keyboard.press("Control+z");
    assert.equal((await page.$eval("#amount", (pad) => pad.strokes)).length, strokes - 1, "Ctrl+Z removes the last stroke");
    await page.$eval("#amount", (pad) => pad.undo());
    assert.equal((await page.$eval("#amount", (pad) => pad.strokes)).length, strokes - 2, "undo() too");
    await page.keyboard.press("Escape");
    assert.equal((await settled(page, "#amount")).value, "", "Escape clears");

    // Named by its <label>, and a screen reader knows what it is.
    assert.equal(await page.$eval("#amount", (pad) => pad.labels.length), 1);
    // The browser's own accessibility tree (ElementInternals' role is not in the DOM).
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const named = nodes.filter((n) => n.role?.value === "application").map((n) => n.name?.value);
    assert.deepEqual(named, ["Amount", "PIN"], "each pad is an application named by its label");

    // Dark from color-scheme: the paper follows it; the page's custom property colours the ink.
    const paper = (id) => page.$eval(`#${id}`, (pad) => getComputedStyle(pad.shadowRoot.querySelector("[part=paper]")).backgroundColor);
    const dark = await paper("amount");
    await page.emulateMedia({ colorScheme: "light" });
    const light = await paper("amount");
    assert.notEqual(dark, light, `the paper is ${dark} in dark, ${light} in light`);
    await page.addStyleTag({ content: "#amount { --nickara-ink: rgb(255, 0, 0); }" });
    await drawOn(page, "#amount", [[[30, 90], [380, 90]]]);
    await settled(page, "#amount");
    const red = await page.$eval("#amount", (pad) => {
      const canvas = pad.shadowRoot.querySelector("canvas");
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] < 60 && data[i + 3] > 200) n++;
      return n;
    });
    assert.ok(red > 100, `the ink is drawn in --nickara-ink (${red} red pixels)`);
  });

  it("images are read when dropped or pasted only where accept-images is set", async (t) => {
    const { page } = await formPage(t);
    /** Drop (or paste, on the focused pad) a PNG of 4 written on paper onto pad `id`. */
    const give = (id, how) =>
      page.evaluate(
        async ([id, how, strokes]) => {
          const canvas = new OffscreenCanvas(320, 240);
          const ctx = canvas.getContext("2d");
          ctx.fillStyle = "#fff";
          ctx.fillRect(0, 0, 320, 240);
          ctx.lineWidth = 14;
          ctx.lineCap = ctx.lineJoin = "round";
          for (const stroke of strokes) {
            ctx.beginPath();
            stroke.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
            ctx.stroke();
          }
          const file = new File([await canvas.convertToBlob({ type: "image/png" })], "four.png", { type: "image/png" });
          const data = new DataTransfer();
          data.items.add(file);
          const pad = document.getElementById(id);
          pad.focus();
          const event = how === "drop" ? new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }) : new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
          pad.dispatchEvent(event);
          return event.defaultPrevented;
        },
        [id, how, written(["4"], 180, 100, 30)],
      );
    assert.equal(await give("amount", "drop"), false, "a pad without accept-images leaves a drop to the page");
    assert.equal(await page.$eval("#amount", (pad) => pad.input), "draw");
    await page.$eval("#amount", (pad) => (pad.acceptImages = true));
    assert.equal(await give("amount", "drop"), true, "with accept-images the pad takes the drop");
    await page.waitForFunction(() => document.getElementById("amount").input === "image");
    assert.equal((await settled(page, "#amount")).value, "4");
    await page.$eval("#amount", (pad) => pad.clear());
    assert.equal(await give("amount", "paste"), true, "and a pasted image");
    await page.waitForFunction(() => document.getElementById("amount").input === "image");
    assert.equal((await settled(page, "#amount")).value, "4");
  });

  it("the same element in a React 19 app bundled with esbuild", async (t) => {
    const app = path.join(work, "react");
    install(work, pack(work), path.join(HERE, "react"), app);
    await build({
      absWorkingDir: app,
      entryPoints: [{ in: path.join(app, "main.jsx"), out: "main" }, { in: "nickara/worker", out: "worker" }],
      bundle: true,
      format: "esm",
      platform: "browser",
      outdir: path.join(app, "dist"),
      loader: { ".wasm": "file" },
      jsx: "automatic",
      nodePaths: [path.join(HERE, "node_modules")], // react and react-dom, from npm
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "error",
    });
    const context = await browser.newContext();
    t.after(() => context.close());
    const outside = [];
    await serve(context, (pathname) => (pathname === "/" ? path.join(app, "index.html") : path.join(app, "dist", pathname)), outside);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => document.getElementById("pin")?.state === "empty", null, { timeout: 60_000 });
    await drawOn(page, "#pin", written(["3", "1"], 110, 40, 35));
    await page.waitForFunction(() => document.getElementById("shown").textContent === "31", null, { timeout: 30_000 });
    await page.waitForFunction(() => document.getElementById("changes").textContent === "1", null, { timeout: 10_000 });
    await page.click("#clear");
    await page.waitForFunction(() => document.getElementById("shown").textContent === "", null, { timeout: 10_000 });
    assert.deepEqual(outside, []);
    assert.deepEqual(problems, []);
  });
});
