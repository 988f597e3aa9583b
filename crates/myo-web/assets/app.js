// Tap-to-rate soreness: a click (or Enter) on a body-map region raises that group's rating
// in its number field (0 → 2 → … → 10 → 0) and shades the region. Without JavaScript the
// number fields work on their own.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const map = document.getElementById("soreness-map");
  if (!map) return;
  const shade = (region, value) => {
    const t = value / 10;
    // cividis-like: light yellow (0) to dark blue (10)
    const r = Math.round(254 - t * 254), g = Math.round(232 - t * 198), b = Math.round(56 + t * 22);
    region.querySelectorAll("ellipse.lvl").forEach((e) => e.setAttribute("fill", `rgb(${r},${g},${b})`));
    const text = region.querySelector("text.value");
    if (text) { text.textContent = String(value); text.setAttribute("fill", t > 0.5 ? "#ffffff" : "#000000"); }
  };
  map.querySelectorAll("a.region").forEach((region) => {
    const input = document.getElementById("sore-" + region.dataset.group);
    if (!input) return;
    shade(region, Number(input.value) || 0);
    region.addEventListener("click", (ev) => {
      ev.preventDefault();
      const next = ((Number(input.value) || 0) + 2) % 12;
      input.value = String(next > 10 ? 0 : next);
      shade(region, Number(input.value));
      region.setAttribute("aria-label", `${region.dataset.group.replace("_", " ")}: soreness ${input.value}`);
    });
    input.addEventListener("input", () => shade(region, Math.min(10, Number(input.value) || 0)));
  });
});

// A new profile's time zone: the browser's own (an IANA name such as Europe/Oslo), when the
// field is still empty. Without JavaScript the field is typed, or left empty for UTC.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-browser-zone]").forEach((input) => {
    if (input.value) return;
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (_) { /* old browser */ }
  });
});

// Offline logging (sw.js): register the worker, send what waits when the network is back, and
// say how many entries wait on this phone.
if ("serviceWorker" in navigator) {
  const say = (text) => {
    let box = document.getElementById("queue-status");
    if (!box) {
      box = document.createElement("p");
      box.id = "queue-status";
      box.className = "notice";
      box.setAttribute("role", "status");
      document.querySelector("main")?.prepend(box);
    }
    box.textContent = text;
    box.hidden = !text;
  };
  navigator.serviceWorker.addEventListener("message", (e) => {
    const { queued = 0, sent = 0, refused = 0 } = e.data || {};
    const parts = [];
    if (sent) parts.push(`${sent} entr${sent === 1 ? "y" : "ies"} saved offline ${sent === 1 ? "was" : "were"} logged.`);
    if (refused) parts.push(`${refused} saved offline could not be logged (the form had an error or you were signed out): log ${refused === 1 ? "it" : "them"} again.`);
    if (queued) parts.push(`${queued} entr${queued === 1 ? "y waits" : "ies wait"} on this phone for the network.`);
    say(parts.join(" "));
  });
  const flush = () => navigator.serviceWorker.ready.then((r) => r.active?.postMessage("flush"));
  navigator.serviceWorker.register("/sw.js").then(flush, () => {});
  window.addEventListener("online", flush);
}
