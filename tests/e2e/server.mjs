// A tiny static file server for the tests: serves one directory on 127.0.0.1 at a
// free port, with the MIME types the page needs (wasm streaming compilation
// requires application/wasm; mime-types knows them). Records every request it answers.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import mime from "mime-types";

/**
 * Serve `root` under the URL path `base` (like GitHub Pages serves a project site
 * under /REPO/; anything outside it is a 404, so absolute paths in the page fail).
 * Resolves to { origin, url, log, close }: `url` is the site's address, `log` lists
 * { method, path, status } for every request answered.
 */
export async function serveStatic(root, base = "/") {
  const dir = path.resolve(root);
  const log = [];

  const server = createServer(async (req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    log.push(entry);
    const send = (status, headers = {}, body = "") => {
      entry.status = status;
      res.writeHead(status, { "Cache-Control": "no-store", ...headers });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { Allow: "GET, HEAD" });

    let file;
    try {
      const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (!pathname.startsWith(base)) return send(404);
      file = path.resolve(dir, "." + pathname.slice(base.length - 1));
    } catch {
      return send(400);
    }
    if (file !== dir && !file.startsWith(dir + path.sep)) return send(403);

    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, "index.html");
        info = await stat(file);
      }
      entry.status = 200;
      res.writeHead(200, {
        "Content-Type": mime.contentType(path.extname(file)) || "application/octet-stream",
        "Content-Length": info.size,
        "Cache-Control": "no-store",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).on("error", () => res.destroy()).pipe(res);
    } catch {
      send(404, { "Content-Type": "text/plain; charset=utf-8" }, "not found\n");
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();

  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + base,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
