// End-to-end: a real headless Chromium (Debian's, /usr/bin/chromium) against `myo serve`:
// sign up, log a session, see the body map change, invite a coach, the coach sees the athlete,
// the athlete revokes, the coach no longer does; the charts (forecast band, load, HRV) from eight
// weeks of uploaded history; a second athlete's account from sign-up to deletion (form errors,
// editing, tokens, export, a recovery code). Screenshots go to docs/screenshots/.
// Usage: node scripts/web/e2e.mjs http://127.0.0.1:PORT
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:18080";
const shots = new URL("../../docs/screenshots/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const run = Date.now();
const axeSource = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

// WCAG 2.1 AA by axe-core: no serious or critical violation. The page must allow the injected
// script, so audits run in a context that bypasses the CSP (the CSP is checked in the others).
async function audit(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${v.nodes[0]?.target}`);
  assert.deepEqual(bad, [], `${name}: accessibility`);
}

// A phone: no page wider than the screen at 360, 390 and 414 px, and tap targets of 44 px.
async function fitsPhones(page, name) {
  for (const width of [360, 390, 414]) {
    await page.setViewportSize({ width, height: 844 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(over <= 0, `${name} at ${width} px is ${over} px wider than the screen`);
    const small = await page.evaluate(() => [...document.querySelectorAll(
      "button, a.button, header nav a, .bodymap a.tap, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select")]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.height < 44 || (e.matches(".bodymap a.tap") && r.width < 44)); })
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(small, [], `${name} at ${width} px: tap targets under 44 px`);
  }
}
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
  // Sign-up answers with the recovery codes, once, and a way on.
  await a.waitForSelector("#recovery-codes li code");
  assert.equal(await a.locator("#recovery-codes li").count(), 8, "eight recovery codes");
  await a.click("main a.button:text('Continue')");
  await a.waitForURL(/\/athletes\/\d+$/);
  const dashboard = a.url();
  const quads = a.locator("#readiness-map a.region:not(.tap)[data-group=quadriceps]").first();
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
  const after = await a.locator("#readiness-map a.region:not(.tap)[data-group=quadriceps]").first().getAttribute("aria-label");
  assert.notEqual(after, before, `the body map changed (${before} → ${after})`);
  // Keyboard: Tab reaches a region, Enter opens its detail.
  await a.locator("#readiness-map a.region:not(.tap)[data-group=quadriceps]").first().focus();
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
  // Every page of the athlete's app: fits a phone, passes the audit; screenshots at 390 px.
  const x = await (await browser.newContext({
    storageState: await a.context().storageState(), bypassCSP: true, viewport: { width: 390, height: 844 },
  })).newPage();
  for (const [name, path] of [["dashboard", ""], ["log", "/log"], ["history", "/history"],
    ["muscle", "/muscles/quadriceps"], ["settings", "settings"]]) {
    await x.goto(path === "settings" ? `${base}/settings` : `${dashboard}${path}`);
    await fitsPhones(x, name);
    await x.setViewportSize({ width: 390, height: 844 });
    if (name !== "dashboard") await x.screenshot({ path: `${shots}${name}-phone.png`, fullPage: true });
    await audit(x, name);
    await x.setViewportSize({ width: 1200, height: 1000 });
    await audit(x, `${name} (desktop)`);
  }
  await x.goto(`${base}/no/such/page`);
  await audit(x, "404 page");
  await x.context().close();
  // The pages before signing in, the same way.
  const y = await (await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } })).newPage();
  for (const name of ["signup", "signin", "forgot"]) {
    await y.goto(`${base}/${name}`);
    await fitsPhones(y, name);
    await y.setViewportSize({ width: 390, height: 844 });
    await audit(y, name);
    await y.setViewportSize({ width: 1200, height: 1000 });
    await audit(y, `${name} (desktop)`);
  }
  await y.context().close();
  // Installable: a manifest with 192 and 512 px icons that load.
  const manifest = await (await a.request.get(`${base}/manifest.webmanifest`)).json();
  assert.equal(manifest.display, "standalone");
  for (const icon of manifest.icons) {
    assert.equal((await a.request.get(`${base}${icon.src}`)).status(), 200, icon.src);
  }
  // No signal in the gym: a log form sent offline waits on the phone, is sent once back
  // online, and is logged once even when it arrives twice.
  const o = await (await browser.newContext({
    storageState: await a.context().storageState(), viewport: { width: 390, height: 844 },
  })).newPage();
  // (Offline, the browser reports the failed request on the console: expected here.)
  await o.goto(`${dashboard}/log`);
  await o.evaluate(() => navigator.serviceWorker.ready);
  await o.reload(); // now controlled by the worker
  assert.ok(await o.evaluate(() => !!navigator.serviceWorker.controller), "the service worker controls the page");
  await o.context().setOffline(true);
  await o.fill("#quick-text", "row 17m rpe4");
  await o.click("form[action$='/log/quick'] button[type=submit]");
  await o.waitForSelector("text=Saved on this phone");
  await o.context().setOffline(false);
  await o.goto(`${dashboard}/log`);
  await o.waitForFunction(() => /was logged/.test(document.getElementById("queue-status")?.textContent ?? ""));
  const rows = async () => (await (await o.request.get(`${dashboard}/history?kind=endurance`)).text())
    .split("row, 17 min").length - 1;
  assert.equal(await rows(), 1, "the offline entry was logged");
  // The same queued entry arriving twice (a retry after a lost answer): logged once.
  const csrf = await o.inputValue("form[action$='/log/quick'] input[name=_csrf]");
  for (let i = 0; i < 2; i++) {
    const r = await o.request.post(`${dashboard}/log/quick`, {
      form: { _csrf: csrf, text: "swim 23m rpe3", at: "2026-03-11T07:15", queued: "1" }, maxRedirects: 0,
    });
    assert.equal(r.status(), 303, `replay ${i}`);
  }
  const swims = (await (await o.request.get(`${dashboard}/history?kind=endurance`)).text()).split("swim, 23 min").length - 1;
  assert.equal(swims, 1, "a queued entry is logged once");
  await o.context().close();
  // The soreness map: tapping a region raises the rating.
  await a.goto(`${dashboard}/log`);
  await a.locator("#soreness-map a.region:not(.tap)[data-group=calves] ellipse").first().click();
  assert.equal(await a.inputValue("#sore-calves"), "2");
  // A coach invites; the athlete accepts; the coach sees; the athlete revokes.
  const c = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  await c.goto(`${base}/signup`);
  await c.fill("input[name=email]", coachEmail);
  await c.fill("input[name=password]", "correct horse battery");
  await c.check("input[name=role][value=coach]");
  await c.click("form[action='/signup'] button[type=submit]");
  await c.click("main a.button:text('Continue')");
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
  assert.match(await row.innerText(), /of 7/, "days logged in the past week");
  await fitsPhones(c, "roster");
  await c.setViewportSize({ width: 390, height: 844 });
  await c.screenshot({ path: `${shots}roster-phone.png`, fullPage: true });
  await c.setViewportSize({ width: 1200, height: 800 });
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
  // A new athlete's account from start to end, on a phone: sign-up's recovery codes, a form
  // error beside its field with what was typed kept, an entry edited in its own form, an API
  // token made, used and revoked, the export, a forgotten password set again with a recovery
  // code, and the account deleted.
  const eveEmail = `eve${run}@example.org`;
  const e = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  // (The form error's 422 and the revoked token's 401 are expected answers, not page errors.)
  e.on("console", (m) => m.type() === "error" && !/status of (422|401)/.test(m.text()) && errors.push(m.text()));
  await e.goto(`${base}/signup`);
  await e.fill("input[name=email]", eveEmail);
  await e.fill("input[name=password]", "correct horse battery");
  await e.fill("input[name=name]", `eve-${run}`);
  await e.click("form[action='/signup'] button[type=submit]");
  const code = (await e.locator("#recovery-codes li code").first().innerText()).trim();
  await fitsPhones(e, "welcome");
  await e.setViewportSize({ width: 390, height: 844 });
  await e.screenshot({ path: `${shots}welcome-phone.png`, fullPage: true });
  await e.click("main a.button:text('Continue')");
  await e.waitForURL(/\/athletes\/\d+$/);
  const eveHome = e.url();
  // A coach's invitation shows on the new athlete's dashboard; accepted there; the coach, on a
  // phone, drops her again.
  await c.goto(`${base}/coach`);
  await c.fill("#invite-email", eveEmail);
  await c.click("form[action='/coach/invite'] button");
  await e.goto(eveHome);
  await e.click("main form[action$='/accept'] button");
  await c.setViewportSize({ width: 390, height: 844 });
  await c.goto(`${base}/coach`);
  await c.click(`button[aria-label="Stop following eve-${run}"]`);
  await c.goto(`${base}/coach`);
  assert.equal(await c.locator(`#roster [data-athlete="eve-${run}"]`).count(), 0, "dropped");
  await c.setViewportSize({ width: 1200, height: 800 });
  await e.goto(`${eveHome}/log`);
  await e.fill("#quick-text", "squatz 5x5 100kg");
  await e.click("form[action$='/log/quick'] button[type=submit]");
  await e.waitForSelector("#quick-text-error");
  assert.equal(await e.getAttribute("#quick-text", "aria-invalid"), "true", "the field is marked");
  assert.equal(await e.inputValue("#quick-text"), "squatz 5x5 100kg", "what was typed is kept");
  await e.fill("#quick-text", "run 30m rpe6");
  await e.click("form[action$='/log/quick'] button[type=submit]");
  await e.waitForURL(eveHome);
  await e.goto(`${eveHome}/history`);
  await e.click("a.button[aria-label^='Edit']");
  await e.fill("form[action*='/events/'] input[name=minutes]", "45");
  await e.click("form[action*='/events/'] button[type=submit]");
  await e.waitForURL(/\/history$/);
  assert.match(await e.content(), /run, 45 min/, "the edited entry");
  assert.doesNotMatch(await e.content(), /run, 30 min/, "replaced, not added");
  await e.goto(`${base}/settings`);
  await e.fill("form[action='/settings/tokens'] input[name=name]", "script");
  await e.click("form[action='/settings/tokens'] button[type=submit]");
  const token = (await e.locator("#new-token").innerText()).trim();
  const api = async () => (await e.request.get(`${base}/api/v1/status`,
    { headers: { Authorization: `Bearer ${token}` } })).status();
  assert.equal(await api(), 200, "the token works");
  await e.click("form[action$='/revoke'] button");
  assert.equal(await api(), 401, "the revoked token does not");
  const exported = await (await e.request.get(`${base}/settings/export.json`)).json();
  assert.equal(exported.athletes?.[0]?.events?.length ?? exported.athlete?.events?.length, 1, "the export holds the entry");
  // Signed out, the password forgotten: a recovery code sets a new one, once.
  await e.click("form[action='/signout'] button");
  await e.goto(`${base}/forgot`);
  await e.fill("form[action='/forgot'] input[name=email]", eveEmail);
  await e.fill("form[action='/forgot'] input[name=code]", code);
  await e.fill("form[action='/forgot'] input[name=password]", "maple orbit cactus violin");
  await e.click("form[action='/forgot'] button[type=submit]");
  await e.waitForURL(/\/signin/);
  await e.fill("input[name=email]", eveEmail);
  await e.fill("input[name=password]", "maple orbit cactus violin");
  await e.click("form[action='/signin'] button[type=submit]");
  await e.waitForURL(eveHome);
  await e.goto(`${base}/settings`);
  await e.fill("form[action='/settings/delete'] input[name=password]", "maple orbit cactus violin");
  await e.fill("form[action='/settings/delete'] input[name=confirm]", "DELETE");
  await e.click("form[action='/settings/delete'] button[type=submit]");
  await e.goto(`${base}/signin`);
  await e.fill("input[name=email]", eveEmail);
  await e.fill("input[name=password]", "maple orbit cactus violin");
  await e.click("form[action='/signin'] button[type=submit]");
  assert.match(await e.content(), /Wrong email or password/, "the account is gone");
  await e.context().close();
  assert.deepEqual(errors, [], "no console errors (CSP violations show up here)");
  const resp = await c.goto(dashboard);
  assert.equal(resp.status(), 404);
  console.log("e2e: ok");
} finally {
  await browser.close();
}
