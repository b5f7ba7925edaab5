// The benchmark's static server: several directories mounted on one origin
// (127.0.0.1, a free port), optionally cross-origin isolated (COOP/COEP, which
// SharedArrayBuffer, wasm threads and 5 µs timers need). No compression. Responses are
// cacheable, as on a real host, but the runner opens every page in a fresh browser
// context, so each visit is a first visit with an empty cache. Every answered request
// is logged with its size so the runner can count what the browser actually fetched.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import mime from "mime-types";

/**
 * `mounts` maps URL prefixes ("/ort/", or an exact file path "/models/a.onnx") to
 * files or directories. Resolves to { origin, log, close }; `log` holds
 * { path, file, status, bytes, at } per request (`bytes` as sent). `gzip`: compress every
 * response for a browser that accepts it, as GitHub Pages does (level 9, computed once a file).
 */
export async function serveMounts(mounts, { isolated = true, gzip = false } = {}) {
  const table = Object.entries(mounts)
    .map(([prefix, target]) => [prefix, path.resolve(target)])
    .sort((a, b) => b[0].length - a[0].length);
  const log = [];
  const isolation = isolated
    ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
    : {};

  const resolve = (pathname) => {
    for (const [prefix, target] of table) {
      if (prefix.endsWith("/") ? pathname.startsWith(prefix) : pathname === prefix) {
        if (!prefix.endsWith("/")) return target;
        const file = path.resolve(target, "." + pathname.slice(prefix.length - 1));
        return file === target || file.startsWith(target + path.sep) ? file : null;
      }
    }
    return null;
  };

  const server = createServer(async (req, res) => {
    const entry = { path: req.url, file: null, status: 0, bytes: 0, at: performance.now() };
    log.push(entry);
    const send = (status, body = "") => {
      entry.status = status;
      res.writeHead(status, { "Cache-Control": "no-store", "Content-Type": "text/plain", ...isolation });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405);
    let file;
    try {
      file = resolve(decodeURIComponent(new URL(req.url, "http://x").pathname));
    } catch {
      return send(400);
    }
    if (!file) return send(404, "not found\n");
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      // Validators, as a real host sends: a request that asks whether a file changed gets a
      // 304 without the file (the service worker of the page asks so).
      const modified = new Date(Math.floor((await stat(file)).mtimeMs / 1000) * 1000);
      const since = Date.parse(req.headers["if-modified-since"] ?? "");
      if (since >= modified.getTime()) {
        entry.status = 304;
        res.writeHead(304, { "Last-Modified": modified.toUTCString(), "Cache-Control": "public, max-age=3600", ...isolation });
        return res.end();
      }
      let body = await readFile(file);
      const compress = gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      if (compress) body = gzipped(file, body);
      Object.assign(entry, { file, status: 200, bytes: body.length });
      res.writeHead(200, {
        "Content-Type": mime.contentType(path.extname(file)) || "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "public, max-age=3600",
        "Last-Modified": modified.toUTCString(),
        ...(compress ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}),
        ...isolation,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      send(404, "not found\n");
    }
  });

  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    log,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const compressed = new Map(); // file → { body, gzip }: a file changes between runs, not within
function gzipped(file, body) {
  const known = compressed.get(file);
  if (known?.body.equals(body)) return known.gzip;
  const gzip = gzipSync(body, { level: 9 });
  compressed.set(file, { body, gzip });
  return gzip;
}
