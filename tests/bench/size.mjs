// Where the wasm's bytes are: `make bench-size`. Reads twiggy's item list of an unstripped
// build (function names kept) and prints, as markdown, the largest items and the code per
// crate. An item's crate is the first path in its name (`<tract_core::ops::… as …>::eval`
// is tract_core's); the custom sections that only the unstripped build has (names, producers)
// are reported apart, so the totals are what the shipped, stripped module carries.
//
//   node tests/bench/size.mjs WASM [TOP]

import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";

const [wasm, top = "20"] = process.argv.slice(2);
if (!wasm) {
  console.error("usage: node tests/bench/size.mjs WASM [TOP] (an unstripped build: make bench-size)");
  process.exit(2);
}
const items = JSON.parse(
  execFileSync("twiggy", ["top", "-n", "1000000", "--format", "json", wasm], { maxBuffer: 1 << 28 }).toString(),
);

/** Custom sections of the unstripped build only: the shipped module has none of them. */
const debugOnly = (name) => /^"[a-z ]*names" subsection$|^custom section '(name|producers|target_features)'/.test(name);
/** The crate an item's code belongs to, or what kind of item it is. */
function owner(name) {
  if (name.startsWith("data segment")) return "data (the embedded model, tables, strings)";
  const path = name.match(/([A-Za-z_][A-Za-z0-9_]*)::/);
  if (path) return path[1];
  if (/^(elem|table|import|export|type|global|memory)\b/.test(name)) return "wasm tables, imports and exports";
  return "other (unnamed functions, glue)";
}

const shipped = items.filter((item) => !debugOnly(item.name));
const total = shipped.reduce((sum, item) => sum + item.shallow_size, 0);
const mb = (bytes) => `${(bytes / 1e6).toFixed(3)} MB`;
const share = (bytes) => `${((100 * bytes) / total).toFixed(1)}%`;
const strip = (name) => name.replace(/::h[0-9a-f]{16}$/, "").replaceAll("|", "\\|");

const byOwner = new Map();
for (const item of shipped) {
  const key = owner(item.name);
  const entry = byOwner.get(key) ?? { bytes: 0, items: 0 };
  entry.bytes += item.shallow_size;
  entry.items += 1;
  byOwner.set(key, entry);
}

console.log(`${wasm}: ${mb(statSync(wasm).size)} unstripped, ${mb(total)} without its debug-only sections (twiggy ${
  execFileSync("twiggy", ["--version"]).toString().trim().split(" ").pop()})\n`);
console.log("| crate or kind | bytes | share | items |\n| --- | --- | --- | --- |");
for (const [key, { bytes, items: count }] of [...byOwner].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 20)) {
  console.log(`| ${key} | ${bytes.toLocaleString("en")} | ${share(bytes)} | ${count.toLocaleString("en")} |`);
}
console.log(`\n| largest items | bytes | share |\n| --- | --- | --- |`);
for (const item of shipped.slice().sort((a, b) => b.shallow_size - a.shallow_size).slice(0, Number(top))) {
  console.log(`| \`${strip(item.name)}\` | ${item.shallow_size.toLocaleString("en")} | ${share(item.shallow_size)} |`);
}
