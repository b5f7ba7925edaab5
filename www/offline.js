// Offline use, on the page's side: registers the service worker (sw.js, at the site's root),
// says in #offline whether this version works offline, and when a newer deployment has been
// saved, says "a new version is ready" with a Reload button that takes it.
//
// A new version takes over only from a page that has loaded and does nothing else: its
// Reload button asks it to (sw.js agrees when no other window of the site is open), and the
// page reloads the moment it has. A page that is loading is never switched, since its files
// would then come from two versions; the browser's own reload keeps the version that runs
// (a service worker cannot be replaced while its page reloads), and once every window of the
// site is closed, the next visit starts with the new version.
//
// #offline data-state: "saving" (this version is being saved), "ready" (it works offline),
// "update" (a newer version is saved: Reload takes it), "unavailable" (no service worker:
// the browser has none, or it failed; the page then works online only).

const SCOPE = new URL("../", import.meta.url);
const SCRIPT = new URL("../sw.js", import.meta.url);
/** How long the page waits for a waiting version to answer whether it takes over. */
const ANSWER_MS = 3000;
/** How long it then waits for it to take control (it first lets the old version finish serving). */
const TAKE_OVER_MS = 10_000;

/** Register the service worker and keep `element` (#offline) saying where offline use stands. */
export function keepOffline(element) {
  const reload = element.querySelector("button");
  const show = (state, text) => {
    element.dataset.state = state;
    element.querySelector(".offline-text").textContent = text;
    reload.hidden = state !== "update";
  };
  let registration = null;
  reload.addEventListener("click", async () => {
    reload.disabled = true;
    const outcome = await switchTo(registration?.waiting);
    if (outcome === "other windows") {
      element.querySelector(".offline-text").textContent = "A new version is ready: close this site's other windows, then reload.";
      reload.disabled = false;
    } else {
      location.reload(); // into the new version, or (if it did not take over in time) the saved one
    }
  });

  const sw = navigator.serviceWorker;
  if (!sw) return show("unavailable", "This browser cannot keep the page for offline use.");
  // Control only changes when this page asked for the new version (first visits are never
  // taken over): whatever it fetches from now on is the new version's, so it reloads into it.
  sw.addEventListener("controllerchange", () => location.reload());
  sw.register(SCRIPT.href, { scope: SCOPE.href }).then(
    (registered) => {
      registration = registered;
      const update = () => {
        if (registration.waiting && sw.controller) show("update", "A new version is ready.");
        else if (registration.installing && sw.controller) show("saving", "Works offline; saving a new version…");
        else if (registration.installing || registration.waiting) show("saving", "Saving the page for offline use…");
        else if (registration.active) show("ready", "Works offline: this page and its model are saved on this device.");
      };
      const follow = (worker) => worker?.addEventListener("statechange", update);
      follow(registration.installing);
      follow(registration.waiting);
      registration.addEventListener("updatefound", () => {
        follow(registration.installing);
        update();
      });
      update();
      // A saved version serves this page: ask for a newer deployment now rather than on the
      // next visit (offline, this just fails).
      if (sw.controller) registration.update().catch(() => {});
    },
    (err) => {
      console.warn("Nickara: no offline use:", err);
      show("unavailable", "This page could not be saved for offline use.");
    },
  );
}

/**
 * Ask the waiting version to take over and wait until it has. Resolves "taken", "other
 * windows" (it will not while another window of the site runs the old one), or "late".
 */
async function switchTo(waiting) {
  if (!waiting) return "late";
  const sw = navigator.serviceWorker;
  // Listening first: the new version may take control before its answer arrives.
  const changed = new Promise((resolve) => sw.addEventListener("controllerchange", () => resolve("taken"), { once: true }));
  const answer = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => resolve(data?.tookOver ? "taking" : "other windows");
    waiting.postMessage({ type: "take-over" }, [channel.port2]);
    setTimeout(() => resolve("late"), ANSWER_MS);
  });
  if (answer !== "taking") return answer;
  return Promise.race([changed, new Promise((resolve) => setTimeout(() => resolve("late"), TAKE_OVER_MS))]);
}
