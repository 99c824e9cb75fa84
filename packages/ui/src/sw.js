// The app's service worker: keeps the page, its hashed files and the engine (worker, chunks, wasm),
// so a reload while the server is down shows the app, and the served model's weights, so drawing
// still predicts in the page. Pages and the weights come from the network first (a new build or a
// reloaded model shows at once; the weights revalidate through their ETag), the cache when the
// server cannot be reached; hashed files never change, so they come from the cache first. Other API
// calls are never touched. build.mjs fills in SHELL (precached) and LAZY (cached when first used:
// gpu.js, fetched only where WebGL2 is tried) with this build's files.
const SHELL = ['/'];
const LAZY = [];
const BUILD = '';
const CACHE = `digitnet-${SHELL.join(',')}${BUILD}`;
// Network first, then the last good copy.
const FRESH = ['/api/model/weights', '/api/model'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        await cache.addAll(SHELL);
        // The weights too, so a page that never predicted yet still works offline; a failure here
        // (no model loaded yet) must not stop the page's own files from being kept.
        await cache.add('/api/model/weights').catch(() => {});
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, kept in the cache when it is good; the cached copy when there is none. */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw err;
  }
}

/** The cached copy of a file that never changes, else the network's (then kept). */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Only the app's own page is kept; any other page falls back to it when offline.
    event.respondWith(
      url.pathname === '/'
        ? networkFirst(request, '/')
        : fetch(request).catch(() => caches.match('/', { cacheName: CACHE })),
    );
  } else if (FRESH.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (SHELL.includes(url.pathname) || LAZY.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
