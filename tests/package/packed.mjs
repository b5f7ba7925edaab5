// What the package tests share: the packed package installed into a fresh project, the
// browser, a made-up origin served from files, and real strokes to write with.
//
//   PACKAGE_DIR  the built package (default: pkg/ at the repository root)
//   CHROMIUM     the browser (default: /usr/bin/chromium)

import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "../..");
export const PACKAGE_DIR = path.resolve(process.env.PACKAGE_DIR ?? path.join(ROOT, "pkg"));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Pages are served from this made-up origin, by the browser context itself. */
export const ORIGIN = "http://consumer.test";

const DIGITS = JSON.parse(readFileSync(path.join(ROOT, "tests/fixtures/digits.json"), "utf8")).digits;

/** Strokes of the unit-box digits `keys` side by side, `height` px tall, from (x, y). */
export function written(keys, height, x, y) {
  return keys.flatMap((key, i) =>
    DIGITS[key].map((stroke) => stroke.map(([u, v]) => [x + (i * 1.2 + u) * height, y + v * height])),
  );
}

export const run = (command, args, options = {}) => execFileSync(command, args, { encoding: "utf8", ...options });

/** `npm pack` the package into `work`, as `npm publish` would: its manifest entry. */
export function pack(work) {
  const [packed] = JSON.parse(run("npm", ["pack", PACKAGE_DIR, "--pack-destination", work, "--json"]));
  return packed;
}

/** A fresh project at `app` (a copy of `source`) with the tarball installed from `work`. */
export function install(work, packed, source, app) {
  cpSync(source, app, { recursive: true });
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run("npm", ["install", path.join(work, packed.filename), "--no-audit", "--no-fund", "--offline"], { cwd: app });
}

/** Headless Chromium; the caller closes it. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/**
 * Serve ORIGIN from the files `served(pathname)` names (a path, or null for 404) in `context`.
 * Nothing else is reachable: `outside` collects every request for another origin.
 */
export async function serve(context, served, outside = []) {
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? served(url.pathname, url) : null;
    if (url.origin !== ORIGIN) outside.push(url.href);
    if (!file) return route.fulfill({ status: 404 });
    const type = TYPES[path.extname(file)] ?? "text/html";
    return route.fulfill({ body: readFileSync(file), contentType: type });
  });
}
