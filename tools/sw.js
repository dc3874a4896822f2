// The site's service worker (written into release builds by tools/site.mjs, which fills in VERSION,
// BASE and FILES). It makes the site work offline after one visit:
// - install: every file of this build goes into a cache named for the build;
// - activate: caches of older builds are deleted;
// - a page (a navigation, or the app fetching `<route>.html`): the network first, so a new
//   deploy shows at once, then the cache, then the cached not-found page;
// - anything else (files named by their content): the cache first, then the network.
const VERSION = "__VERSION__";
const BASE = "__BASE__";
const FILES = __FILES__;
const CACHE = `tradeoffs-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tradeoffs-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page waiting for the new build asks for it.
self.addEventListener("message", (event) => {
  if (event.data === "activate") self.skipWaiting();
});

// The cached file for a page's address: `/x` is `x.html`, `/x/` is `x/index.html`.
function pageFile(url) {
  const path = url.pathname;
  if (path.endsWith(".html")) return path;
  return path.endsWith("/") ? `${path}index.html` : `${path}.html`;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  const page = request.mode === "navigate" || url.pathname.endsWith(".html");
  if (page) {
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(CACHE);
        return (await cache.match(pageFile(url))) ?? (await cache.match(`${BASE}404.html`)) ?? Response.error();
      }),
    );
  } else {
    event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(request, { ignoreSearch: true })) ?? fetch(request)));
  }
});
