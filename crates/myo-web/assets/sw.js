// Logging that survives a gym without signal. A log form sent while offline is kept on this
// phone (IndexedDB) with the time it was filled in, and sent when the network is back: the
// page asks on load and when the browser comes online. The server writes a queued entry once
// even if it arrives twice (`queued=1`: an identical event at the same time is not added).
"use strict";
const DB = "myo-queue", STORE = "forms";
const LOG_FORM = /^\/athletes\/\d+\/log\/[a-z_]+$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

function db() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function tx(mode, work) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const result = work(t.objectStore(STORE));
    t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    t.onerror = () => reject(t.error);
  });
}

// The local wall-clock time as a datetime-local field writes it.
function localNow() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

async function tell(message) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) c.postMessage(message);
}

async function count() {
  return tx("readonly", (s) => s.count());
}

const SAVED_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Saved on this phone · myo</title>
<link rel="stylesheet" href="/assets/style.css"></head><body><main>
<h1>Saved on this phone</h1><p class="notice" role="status">You are offline. This entry is kept on this
phone and will be sent when you are back online; it will be logged once.</p>
<p>Go back to log more; entries wait here until the network returns.</p></main></body></html>`;

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "POST" || url.origin !== self.location.origin || !LOG_FORM.test(url.pathname)) return;
  event.respondWith((async () => {
    const copy = event.request.clone();
    try {
      return await fetch(event.request);
    } catch (_) {
      const form = new URLSearchParams(await copy.text());
      if (!form.get("at")) form.set("at", localNow());
      form.set("queued", "1");
      await tx("readwrite", (s) => s.add({ url: url.pathname, body: form.toString(), saved: Date.now() }));
      await tell({ queued: await count() });
      return new Response(SAVED_PAGE, { status: 202, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
  })());
});

let flushing = null;
async function flush() {
  const entries = await tx("readonly", (s) => s.getAll());
  let sent = 0, refused = 0;
  for (const e of entries || []) {
    let response;
    try {
      response = await fetch(e.url, {
        method: "POST", body: e.body, credentials: "same-origin", redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    } catch (_) {
      break; // Still offline: try again later.
    }
    if (response.status >= 500) break;
    // Logged (a redirect), or refused for good (a bad value, an expired session): either way
    // it leaves the queue, and the page says which.
    if (response.type === "opaqueredirect" || response.ok) sent++; else refused++;
    await tx("readwrite", (s) => s.delete(e.id));
  }
  await tell({ queued: await count(), sent, refused });
}

self.addEventListener("message", (event) => {
  if (event.data === "flush") {
    flushing = flushing || flush().finally(() => { flushing = null; });
    event.waitUntil(flushing);
  }
});
