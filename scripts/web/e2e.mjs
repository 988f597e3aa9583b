// End-to-end: a real headless Chromium (Debian's, /usr/bin/chromium) against `myo serve`:
// sign up, log a session, see the body map change, invite a coach, the coach sees the athlete,
// the athlete revokes, the coach no longer does; the charts (forecast band, load, HRV) from eight
// weeks of uploaded history. Screenshots go to docs/screenshots/.
// Usage: node scripts/web/e2e.mjs http://127.0.0.1:PORT
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:18080";
const shots = new URL("../../docs/screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const run = Date.now();
const ann = `ann${run}@example.org`, coachEmail = `coach${run}@example.org`;
try {
  const a = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  const errors = [];
  a.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await a.goto(`${base}/signup`);
  await a.fill("input[name=email]", ann);
  await a.fill("input[name=password]", "correct horse battery");
  await a.fill("input[name=name]", `ann-${run}`);
  await a.fill("input[name=time_zone]", "Europe/Oslo");
  await a.click("form[action='/signup'] button[type=submit]");
  await a.waitForURL(/\/athletes\/\d+$/);
  const dashboard = a.url();
  const quads = a.locator("#readiness-map a[data-group=quadriceps]").first();
  const before = await quads.getAttribute("aria-label");
  // Eight weeks of history for the charts, uploaded as generic CSVs on the log page: morning HRV
  // (a dip in the last days) and runs every other day.
  const day = (k) => new Date(Date.parse("2026-03-12T00:00:00Z") - k * 86400000).toISOString().slice(0, 10);
  let hrv = "at,kind,rmssd_ms\n", runs = "at,kind,sport,minutes,rpe\n";
  for (let k = 56; k >= 1; k--) {
    hrv += `${day(k)}T06:30:00+01:00,observation,${(62 + 6 * Math.sin(k / 3) - (k <= 4 ? 12 : 0)).toFixed(1)}\n`;
    if (k % 2 === 0) runs += `${day(k)}T18:00:00+01:00,endurance,run,${40 + (k % 5) * 8},${5 + (k % 4)}\n`;
  }
  for (const [name, text] of [["hrv.csv", hrv], ["runs.csv", runs]]) {
    await a.goto(`${dashboard}/log`);
    await a.setInputFiles("#import-file", { name, mimeType: "text/csv", buffer: Buffer.from(text) });
    await a.click("form[action$='/import'] button[type=submit]");
    await a.waitForLoadState();
    assert.match(await a.content(), /Imported/, `${name} imported`);
  }
  // Log a session in the quick form.
  await a.goto(`${dashboard}/log`);
  await a.fill("#quick-text", "Barbell Squat 5x5 100kg\nBarbell Deadlift 3x5 120kg");
  await a.click("form[action$='/log/quick'] button[type=submit]");
  await a.waitForURL(dashboard);
  const after = await a.locator("#readiness-map a[data-group=quadriceps]").first().getAttribute("aria-label");
  assert.notEqual(after, before, `the body map changed (${before} → ${after})`);
  // Keyboard: Tab reaches a region, Enter opens its detail.
  await a.locator("#readiness-map a[data-group=quadriceps]").first().focus();
  await a.keyboard.press("Enter");
  await a.waitForURL(/\/muscles\/quadriceps$/);
  // The group's charts: the forecast with the band of similar athletes.
  assert.equal(await a.locator("figure.chart svg[role=img]").count(), 3);
  assert.ok(await a.locator("figure.chart polygon").count() >= 1, "the forecast band");
  await a.screenshot({ path: `${shots}muscle.png`, fullPage: true });
  await a.goto(dashboard);
  // The charts: the slowest group, whole-body readiness, training load and HRV.
  for (const name of ["Force", "Whole-body readiness", "Fitness, fatigue and form", "Morning HRV"]) {
    assert.equal(await a.locator(`figure.chart svg[aria-label^="${name}:"]`).count(), 1, name);
  }
  // Eight weeks of morning HRV: the personal model has learned a baseline and says so.
  const learned = a.locator("section[aria-labelledby=learned-h] li");
  assert.ok(await learned.count() >= 1, "what myo has learned is shown");
  assert.match(await learned.allInnerTexts().then((t) => t.join(" ")), /HRV \(rMSSD\) baseline: \d+ ms/);
  await a.screenshot({ path: `${shots}dashboard.png`, fullPage: true });
  // On a phone: the same page at 390 px.
  await a.setViewportSize({ width: 390, height: 844 });
  await a.screenshot({ path: `${shots}dashboard-phone.png`, fullPage: true });
  await a.setViewportSize({ width: 1200, height: 1000 });
  // The soreness map: tapping a region raises the rating.
  await a.goto(`${dashboard}/log`);
  await a.locator("#soreness-map a[data-group=calves] ellipse").first().click();
  assert.equal(await a.inputValue("#sore-calves"), "2");
  // A coach invites; the athlete accepts; the coach sees; the athlete revokes.
  const c = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  await c.goto(`${base}/signup`);
  await c.fill("input[name=email]", coachEmail);
  await c.fill("input[name=password]", "correct horse battery");
  await c.check("input[name=role][value=coach]");
  await c.click("form[action='/signup'] button[type=submit]");
  await c.waitForURL(/\/coach$/);
  await c.fill("#invite-email", ann);
  await c.click("form[action='/coach/invite'] button");
  await a.goto(`${base}/settings`);
  await a.click("form[action$='/accept'] button");
  await c.goto(`${base}/coach`);
  const row = c.locator(`#roster tr[data-athlete="ann-${run}"]`);
  assert.equal(await row.count(), 1, "the coach sees the athlete");
  assert.match(await row.locator("td.learned").innerText(), /HRV/, "the roster shows what was learned");
  await c.screenshot({ path: `${shots}roster.png`, fullPage: true });
  // The athlete asks myo to forget: the dashboard no longer claims to know them.
  await a.goto(dashboard);
  await a.click("form[action$='/personal/forget'] button");
  await a.waitForURL(dashboard);
  assert.equal(await a.locator("section[aria-labelledby=learned-h]").count(), 0, "forgotten");
  await row.locator("a").click();
  await c.waitForURL(dashboard);
  await a.goto(`${base}/settings`);
  await a.click("form[action$='/revoke'] button");
  await c.goto(`${base}/coach`);
  assert.equal(await c.locator(`#roster tr[data-athlete="ann-${run}"]`).count(), 0, "revoked");
  assert.deepEqual(errors, [], "no console errors (CSP violations show up here)");
  const resp = await c.goto(dashboard);
  assert.equal(resp.status(), 404);
  console.log("e2e: ok");
} finally {
  await browser.close();
}
