// Renders www/icon.svg into the PNG icons the web app manifest names (www/icons/), with the
// same Chromium the tests use: `make icons`, after changing the SVG; the PNGs are committed.
//   icon-192.png, icon-512.png  the icon as it is, transparent around its rounded square
//   maskable-512.png            full bleed in the icon's colour, the glyph inside the
//                               central 80% circle that launchers may crop to

import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "./browser.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

const SVG = readFileSync(path.join(REPO, "www/icon.svg"), "utf8");
const OUT = path.join(REPO, "www/icons");
const BACKGROUND = /<rect[^>]*fill="([^"]+)"/.exec(SVG)[1];
const MASKABLE_GLYPH = 0.8; // the icon drawn at 80%: its glyph stays well inside the safe circle

const icons = [
  { file: "icon-192.png", size: 192, scale: 1, fill: "transparent" },
  { file: "icon-512.png", size: 512, scale: 1, fill: "transparent" },
  { file: "maskable-512.png", size: 512, scale: MASKABLE_GLYPH, fill: BACKGROUND },
];

mkdirSync(OUT, { recursive: true });
const browser = await launchBrowser();
try {
  for (const { file, size, scale, fill } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const img = `data:image/svg+xml;base64,${Buffer.from(SVG).toString("base64")}`;
    const inner = Math.round(size * scale);
    await page.setContent(
      `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${fill}">` +
        `<img src="${img}" width="${inner}" height="${inner}"></body>`,
    );
    await page.screenshot({ path: path.join(OUT, file), omitBackground: fill === "transparent" });
    await page.close();
    console.log(`wrote ${path.join("www/icons", file)} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
