// The recognizer's WebAssembly module (the model is inside it): downloaded with progress and
// compiled while it streams in. The page downloads it, not the worker, so that the
// <link rel="preload"> in index.html, which starts the download with the page before any
// script runs, is the request that gets used (a worker cannot use the page's preloads). The
// compiled module is handed to the worker, and again to a restarted one, without a second
// download.

/**
 * Fetch and compile the wasm at `url`. `onProgress({ loaded, total, done })` follows the
 * bytes as they arrive: `total` is `expectedBytes` (the site build writes the file's size
 * into the page, since a compressing server's Content-Length counts compressed bytes), else
 * an uncompressed response's Content-Length, else 0 (unknown); `done` once all are in.
 */
export async function downloadWasm(url, { expectedBytes = 0, onProgress = () => {} } = {}) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not download ${url.pathname ?? url} (HTTP ${response.status} ${response.statusText})`);
  const total = expectedBytes || identityLength(response);
  let loaded = 0;
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress({ loaded, total, done: false });
        controller.enqueue(chunk);
      },
      flush() {
        onProgress({ loaded, total: loaded, done: true });
      },
    }),
  );
  return WebAssembly.compileStreaming(new Response(counted, { headers: { "Content-Type": "application/wasm" } }));
}

/** Content-Length, when it counts the bytes the body will give (no Content-Encoding). */
function identityLength(response) {
  const encoding = response.headers.get("Content-Encoding");
  if (encoding && encoding !== "identity") return 0;
  return Number(response.headers.get("Content-Length")) || 0;
}
