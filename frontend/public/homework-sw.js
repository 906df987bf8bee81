// The homework pages' offline shell, registered by src/homework/worker.ts with scope /h/.
//
// It keeps the app itself and nothing else: homework.html and the static files it loads, found
// by reading homework.html (so no build step has to list them). Never an /api/ answer, and never
// a page's own address (the link's token is in it): a cached page is stored as /homework.html.
//
//   pages under /h/   network first; offline, the cached homework.html
//   /assets/          cache first (Vite names them by content, so a name never changes meaning)
//   /api/ and others  not touched
//
// Change VERSION when what is cached, or how, changes: activation drops the other versions.
const VERSION = "v1";
const PREFIX = "steady-homework-shell-";
const CACHE = PREFIX + VERSION;
const SHELL = "/homework.html";

self.addEventListener("install", (event) => {
  event.waitUntil(refresh().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim(); // the page that registered works offline from now on
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    if (url.pathname === "/h" || url.pathname.startsWith("/h/")) page(event);
    return;
  }
  if (url.pathname.startsWith("/assets/") || url.pathname === "/favicon.svg") {
    event.respondWith(asset(request));
  }
});

/** Network first; offline, the cached app. A page that loads keeps the cached app up to date. */
function page(event) {
  const network = fetch(event.request);
  event.respondWith(
    network.catch(async () => {
      const cached = await caches.match(SHELL, { cacheName: CACHE });
      return cached || Response.error();
    }),
  );
  event.waitUntil(network.then((res) => (res.ok ? refresh() : undefined)).catch(() => undefined));
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && new URL(request.url).pathname.startsWith("/assets/")) {
    await cache.put(request, res.clone()).catch(() => undefined);
  }
  return res;
}

/** The same-origin static files a page names in src= and href= (script, styles, preloads, icon). */
function filesOf(html) {
  const files = new Set();
  for (const m of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
    const url = new URL(m[1], self.location.origin);
    if (url.origin !== self.location.origin) continue;
    if (url.pathname.startsWith("/assets/") || url.pathname === "/favicon.svg") files.add(url.pathname);
  }
  return [...files];
}

let refreshing = null;

/** Fetches homework.html and every file it loads into the cache; drops files it no longer loads. */
function refresh() {
  refreshing ??= (async () => {
    const res = await fetch(SHELL, { cache: "no-cache", credentials: "omit" });
    if (!res.ok) throw new Error(`homework.html: ${res.status}`);
    const html = await res.clone().text();
    const files = filesOf(html);
    const cache = await caches.open(CACHE);
    // The files first, then the page: a cached page never names a file the cache lacks.
    for (const file of files) {
      if (!(await cache.match(file, { ignoreVary: true }))) await cache.add(file);
    }
    await cache.put(SHELL, res);
    const keep = new Set([SHELL, ...files]);
    for (const request of await cache.keys()) {
      if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}
