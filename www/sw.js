// The service worker: offline use. The site build (`make offline-stamp`) writes it to the site's
// root as sw.js, so that its scope is the whole site wherever it is served from (GitHub Pages
// serves a project under /REPO/), with two constants above this text:
//   VERSION  the build's content hash (of every file of the site but sw.js)
//   FILES    { "path relative to the site": "its SHA-256", ... }
// A build that changes any file changes sw.js, which is how the browser learns of it.
//
// Each version keeps all its files in a cache of its own, filled on install and checked
// against FILES, so a page is only ever served the files of one build: a deployment that
// changes while a version is being saved fails that install (the next visit tries again)
// instead of mixing the two. The page is served from the cache, network or not; a new
// version installs beside the old one and waits until no window of the site is open, or
// until a page asks it to take over (offline.js: its Reload button, with no other window of
// the site open).

const SCOPE = self.registration.scope;
// Caches are per origin, and USER.github.io holds every project of USER: the scope keeps
// this site's caches apart from another site's.
const CACHE_PREFIX = `nickara ${SCOPE} `;
const CACHE = CACHE_PREFIX + VERSION;

self.addEventListener("install", (event) => event.waitUntil(save()));

self.addEventListener("activate", (event) => event.waitUntil(dropOlderVersions()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  event.respondWith(fromCache(request));
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "take-over") event.waitUntil(takeOver(event));
});

/** Fetch every file of this version, check it is this version's, and keep it. */
async function save() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(
      Object.entries(FILES).map(async ([path, sha256]) => {
        // "no-cache": asks the server (a 304 costs no download), so the HTTP cache cannot hand
        // over a file of the previous deployment.
        // The page is asked for at the site's own address ("./", which people open and the server
        // answers with index.html), whose validators the HTTP cache then holds: "index.html" would
        // be a second download of it.
        const address = path === "index.html" ? SCOPE : new URL(path, SCOPE);
        const response = await fetch(address, { cache: "no-cache" });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        const body = await response.arrayBuffer();
        if ((await hex(body)) !== sha256) throw new Error(`${path} is not the file of this build: the site changed meanwhile`);
        const type = response.headers.get("Content-Type");
        await cache.put(new URL(path, SCOPE), new Response(body, { headers: type ? { "Content-Type": type } : {} }));
      }),
    );
  } catch (err) {
    await caches.delete(CACHE); // nothing half saved; the next visit installs again
    throw err;
  }
}

async function dropOlderVersions() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
}

/** This version's file; the page itself for any address of it ("./", "./?x"); else the network. */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit =
    (await cache.match(request, { ignoreSearch: true })) ??
    (request.mode === "navigate" ? await cache.match(new URL("index.html", SCOPE)) : undefined);
  return hit ?? fetch(request);
}

/**
 * A page asks the waiting version to take over (its Reload button). Only when that page is
 * the only window of the site: another one still runs the old files, and would get new ones.
 * Answers on the message's port whether it takes over.
 */
async function takeOver(event) {
  const windows = (await self.clients.matchAll({ type: "window", includeUncontrolled: true })).filter((c) => c.url.startsWith(SCOPE));
  const alone = windows.length <= 1;
  event.ports[0]?.postMessage({ tookOver: alone });
  // Answered first: Chromium settles skipWaiting() only once this version is active, seconds
  // later when the old one is still serving; the page waits for the change of control itself.
  if (alone) self.skipWaiting();
}

async function hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
