// The page recovers when its worker fails: a trap in the wasm module, an uncaught error, a
// worker that hangs or silently dies. Each test breaks the live worker from the inside
// (Playwright evaluates code in the worker: no test hook in the page), then checks that the
// page says so in #status, keeps the ink, and reads the next stroke with a new worker.
// Also: the Content-Security-Policy is in force, and a stored pen name that is no pen
// ("constructor") does not break the start.

import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { readPrediction, waitForState } from "./browser.mjs";
import { drawWithMouse, padBox, placeRow, row } from "./digits.mjs";
import { TEST_TIMEOUT, expectNumber, gotoPage, useSite, withPage } from "./harness.mjs";

useSite();

/** The digits of `keys` side by side, as strokes in pad CSS pixels, one digit per entry. */
async function digitsOf(page, keys) {
  const { width } = await padBox(page);
  const box = { x: 0.08, y: 0.3, height: 0.3 };
  const all = placeRow(row(keys), box, width);
  // row() keeps each digit's strokes together and in order; split them back per digit.
  const counts = keys.map((key) => row([key]).length);
  return counts.map((n) => all.splice(0, n));
}

/** The worker the page runs now (a restart replaces it). */
function liveWorker(page) {
  const workers = page.workers();
  assert.ok(workers.length >= 1, "the page runs a worker");
  return workers[workers.length - 1];
}

/**
 * Write 10, break the worker with `breakIt` (code run inside it), undo the 0 (one job, which
 * meets the broken worker), expect #status to say `reason` and the restart with the 1 still
 * on the pad, then write 0 and 7: the new worker reads all the ink, 107.
 */
async function expectRecovery(breakIt, reason) {
  await withPage({ allowProblems: true }, async ({ page, problems }) => {
    await gotoPage(page);
    await waitForState(page, "empty");
    const [one, zero, seven] = await digitsOf(page, [1, 0, 7]);
    await drawWithMouse(page, [...one, ...zero]);
    await expectNumber(page, "10", "before the failure");

    const worker = liveWorker(page);
    await worker.evaluate(breakIt);
    await page.click("#undo");
    await page.waitForSelector('#prediction[data-state="error"]', { state: "attached", timeout: 30_000 });
    const status = await page.locator("#status").innerText();
    assert.match(status, reason, `#status says why: ${status}`);
    assert.match(status, /restarted; your ink is kept/, `#status says what happened: ${status}`);
    assert.equal(await page.$eval("#undo", (b) => b.disabled), false, "the 1 is still on the pad");

    await drawWithMouse(page, [...zero, ...seven]);
    await page.waitForSelector('#prediction[data-state="done"]', { state: "attached", timeout: 30_000 });
    await expectNumber(page, "107", "the ink from before and after the restart");
    assert.notEqual(liveWorker(page), worker, "a new worker answers");
    // Only the failure made on purpose may show in the console.
    assert.deepEqual(problems.filter((p) => !p.includes("simulated")), []);
  });
}

describe("recovery from a failing worker", () => {
  it("restarts a worker whose module trapped", { timeout: TEST_TIMEOUT }, async () => {
    await expectRecovery(async () => {
      // The worker's Recognizer comes from this module: the same instance, patched.
      const { Recognizer } = await import(new URL("../nickara.js", self.location.href));
      Recognizer.prototype.classifyNumber = () => {
        throw new WebAssembly.RuntimeError("unreachable (simulated trap)");
      };
    }, /crashed \(unreachable \(simulated trap\)\)/);
  });

  it("restarts a worker that threw outside a job", { timeout: TEST_TIMEOUT }, async () => {
    await expectRecovery(() => {
      self.onmessage = () => setTimeout(() => {
        throw new Error("simulated uncaught error");
      });
    }, /stopped with an error/);
  });

  it("restarts a worker that does not answer", { timeout: TEST_TIMEOUT }, async () => {
    await expectRecovery(async () => {
      const { Recognizer } = await import(new URL("../nickara.js", self.location.href));
      Recognizer.prototype.classifyNumber = () => {
        for (;;); // hangs for good: only terminate() ends it
      };
    }, /did not answer within 6 seconds/);
  });

  it("restarts a worker that died without a word", { timeout: TEST_TIMEOUT }, async () => {
    await expectRecovery(() => {
      setTimeout(() => self.close());
    }, /did not answer within 6 seconds/);
  });
});

describe("what the page runs under", () => {
  it("enforces its Content-Security-Policy: no inline script, no eval", { timeout: TEST_TIMEOUT }, async () => {
    await withPage({ allowProblems: true }, async ({ page, problems }) => {
      await gotoPage(page);
      await waitForState(page, "empty");
      const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
      for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'"]) {
        assert.ok(policy.includes(directive), `the policy has ${directive}: ${policy}`);
      }
      assert.deepEqual(problems, [], "the page itself violates nothing");
      const tried = await page.evaluate(async () => {
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true";
        document.head.append(script);
        // Later, as page code: Playwright's own evaluation is exempt from the policy.
        const evalResult = await new Promise((resolve) => setTimeout(() => {
          try {
            resolve(eval("'eval ran'"));
          } catch (e) {
            resolve(e.name);
          }
        }));
        await new Promise((resolve) => setTimeout(resolve, 100)); // violation events are queued
        return { inline: window.inlineRan === true, evalResult };
      });
      assert.deepEqual(tried, { inline: false, evalResult: "EvalError" });
      assert.ok(problems.some((p) => p.includes("Content-Security-Policy violation: script-src-elem")), `the inline script is reported: ${problems}`);
    });
  });

  it("starts with the medium pen when the stored pen is no pen", { timeout: TEST_TIMEOUT }, async () => {
    for (const stored of ["constructor", "__proto__", 'thin"]']) {
      await withPage({}, async ({ page }) => {
        await page.addInitScript((name) => localStorage.setItem("nickara:pen", name), stored);
        await gotoPage(page);
        await waitForState(page, "empty");
        assert.equal(await page.$eval("#pen", (el) => el.dataset.value), "medium", `stored ${stored}`);
        assert.equal((await readPrediction(page)).state, "empty");
      });
    }
  });
});
