// Offline reading. scripts/build-service-worker.mjs writes this file to dist/sw.js after the build, with VERSION (a
// hash of every built file) and PRECACHE (the URL of every built file) defined above it. So:
// - install precaches the whole site in one cache named after the build: every chapter page, the engine worker and its
//   WebAssembly, Monaco and its TypeScript worker, fonts (KaTeX's included) and the Pagefind index. One visit is enough;
// - a rebuild changes VERSION, so the browser installs the new worker; it fills its own cache, takes over at once
//   and deletes every older cache, so two builds never mix in one cache;
// - pages and every other unhashed file (Pagefind's entry point, theme script) come from the network first, so an
//   online reader always gets the newest build; the cache answers only when the network fails (offline);
// - /_astro/ files carry a content hash in their names, so a cached copy is always right: cache first.
/* global VERSION, PRECACHE */
const PREFIX = "gradflow-";
const CACHE = `${PREFIX}${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: "reload" skips the HTTP cache, so a rebuilt file is never precached from an older copy.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

/** The cached copy of a request: query strings ignored (Pagefind adds ?ts=, share links add nothing the page needs). */
async function cached(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit || request.mode !== "navigate") return hit;
  // A page asked for without its trailing slash, else the site's 404 page.
  const url = new URL(request.url);
  return (await cache.match(`${url.pathname}/`)) ?? (await cache.match("/404.html"));
}

async function cacheFirst(request) {
  return (await cached(request)) ?? fetch(request);
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const hit = await cached(request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(url.pathname.startsWith("/_astro/") ? cacheFirst(request) : networkFirst(request));
});
