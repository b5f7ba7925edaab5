// The npm package as its users get it. `npm pack` the built package (make package), install
// the tarball into a fresh project, type-check a page that calls every method and reads every
// result field (tsc --noEmit --strict), bundle it with esbuild and run the bundle in headless
// Chromium, where it must read a digit and a number. The results must have exactly the fields
// the package's types declare, and the same fields and answer as `nickara predict --json`.
//
//   PACKAGE_DIR  the built package (default: pkg/ at the repository root)
//   NICKARA_CLI  the nickara binary (default: cargo's target/debug/nickara)
//   CHROMIUM     the browser (default: /usr/bin/chromium)

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { HERE, ORIGIN, PACKAGE_DIR, ROOT, install, launch, pack, run, serve, written } from "./packed.mjs";

const TARGET_DIR = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target");
const NICKARA_CLI = process.env.NICKARA_CLI ?? path.join(TARGET_DIR, "debug/nickara");
const TSC = path.join(HERE, "node_modules/.bin/tsc");

/** What a user installs: the code, its types, the module, the element, and the package's own papers. */
const PAD_FILES = ["download.js", "engine.js", "files.js", "index.d.ts", "index.js", "ink.js", "recognizer.js", "words.js", "worker.js"];
const PACKAGE_FILES = ["LICENSE", "README.md", "nickara.d.ts", "nickara.js", "nickara_bg.wasm", "package.json", ...PAD_FILES.map((f) => `pad/${f}`)].sort();

test("the packed package installs, type-checks, bundles and reads digits in Chromium", async (t) => {
  const work = mkdtempSync(path.join(tmpdir(), "nickara-package-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // Packed as `npm publish` would, with only the files a user needs.
  const packed = pack(work);
  const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const version = cargo.match(/^version = "(.*)"$/m)[1];
  assert.equal(packed.name, "nickara");
  assert.equal(packed.version, version, "the version is the crate's");
  assert.deepEqual(packed.files.map((f) => f.path).sort(), PACKAGE_FILES);
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));
  assert.equal(manifest.license, "MIT");
  assert.equal(manifest.types, "nickara.d.ts");
  const readme = readFileSync(path.join(PACKAGE_DIR, "README.md"), "utf8");
  assert.match(readme, /classifyNumber/, "the package's README is the README's JavaScript section");
  assert.doesNotMatch(readme, /\]\((?!https:)/, "no link in the package's README points into the repository");

  // A fresh project that installs the tarball.
  const app = path.join(work, "app");
  install(work, packed, path.join(HERE, "consumer"), app);

  // Strict TypeScript over the page and the package's declarations.
  try {
    run(TSC, ["--project", app]);
  } catch (e) {
    assert.fail(`tsc --strict found errors:\n${e.stdout}${e.stderr}`);
  }
  const types = readFileSync(path.join(app, "node_modules/nickara/nickara.d.ts"), "utf8");
  assert.doesNotMatch(types, /\): any;/, "no method of the package returns `any`");

  await build({
    entryPoints: [path.join(app, "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outdir: path.join(app, "dist"),
    loader: { ".wasm": "file" },
    logLevel: "error",
  });
  const served = new Map(readdirSync(path.join(app, "dist")).map((name) => [`/${name}`, path.join(app, "dist", name)]));
  served.set("/", path.join(app, "index.html"));

  const digit = written(["7"], 150, 40, 25);
  const number = written(["4", "2"], 120, 30, 40);
  const browser = await launch();
  t.after(() => browser.close());
  const context = await browser.newContext();
  await serve(context, (pathname) => served.get(pathname));
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${ORIGIN}/`);
  const bundle = [...served.keys()].find((name) => name.endsWith(".js"));
  const { results, error } = await page.evaluate(
    async ({ bundle, digit, number }) => (await import(bundle)).run(digit, number),
    { bundle, digit, number },
  );
  assert.deepEqual(problems, [], "no console error or uncaught exception");

  // The answers.
  for (const name of ["strokes", "image", "frame", "plain", "grid"]) {
    assert.equal(results[name].raw.digit, 7, `${name}: ${JSON.stringify(results[name].typed.probabilities)}`);
  }
  assert.deepEqual(results.plain.raw, results.frame.raw, "a plain array reads as a Float32Array does");
  assert.equal(results.number.raw.value, "42");
  assert.equal(results.numberImage.raw.value, "42");
  const { whole, ...digitsOnly } = results.number.raw;
  assert.ok(whole, "a reading holds the whole ink read as one digit");
  assert.deepStrictEqual(results.numberDigits.raw, digitsOnly, "{ whole: false }: the same digits, no whole");
  assert.equal(error, "expected 784 values (a 28x28 image, row-major), got 783");

  // The declared types name exactly the fields the objects have, and the frames are Float32Arrays.
  for (const [name, { typed, raw }] of Object.entries(results)) {
    assert.deepEqual(keyTree(typed), keyTree(unmark(raw)), `${name}: the types declare the fields the result has`);
  }
  for (const p of [results.strokes.raw, results.number.raw.whole, ...results.number.raw.digits]) {
    assert.ok(p.input.Float32Array?.length === 784, "input is a Float32Array of 784 values");
  }

  // The command line answers the same strokes with the same fields and values.
  const strokesFile = path.join(work, "seven.json");
  writeFileSync(strokesFile, JSON.stringify({ strokes: digit }));
  const cli = JSON.parse(run(NICKARA_CLI, ["predict", "--json", strokesFile]));
  const js = unmark(results.strokes.raw);
  assert.deepEqual(keyTree(cli), keyTree(js), "nickara predict --json has the JS result's fields");
  assert.deepEqual(cli.input.map(Math.fround), js.input, "the same frame, to the last bit");
  // The network's arithmetic differs between the native and the wasm kernels in the last bits.
  assertClose(cli, js, 1e-5);
});

/** The same values: numbers within `tolerance`, everything else equal. */
function assertClose(actual, expected, tolerance, at = "the result") {
  if (typeof expected === "number") {
    assert.ok(Math.abs(actual - expected) <= tolerance, `${at}: ${actual}, expected ${expected}`);
  } else if (expected !== null && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), at);
    for (const key of Object.keys(expected)) assertClose(actual[key], expected[key], tolerance, `${at}.${key}`);
  } else {
    assert.equal(actual, expected, at);
  }
}

/** The value with typed arrays back as plain arrays. */
function unmark(value) {
  if (Array.isArray(value)) return value.map(unmark);
  if (value !== null && typeof value === "object") {
    if ("Float32Array" in value) return value.Float32Array;
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, unmark(field)]));
  }
  return value;
}

/** The field names of a value, nested: `{ digit: null, runnerUp: { confidence: null, ... } }`. */
function keyTree(value) {
  if (Array.isArray(value)) return value.length && typeof value[0] === "object" ? [keyTree(value[0])] : [];
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, keyTree(value[key])]));
  }
  return null;
}
