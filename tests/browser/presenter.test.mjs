// The presenter toggle and hide=… (issue 14): for a class, the full page hides its settings, file
// buttons, data sliders and layer controls and keeps the views and the play controls; the link
// carries it (presenter=true), and hide=… hides any group alone, like TF Playground's per-control
// keys; an unknown group is named in a notice and the rest of the link kept.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const SHOWN = { settings: "header .settings", files: "header .file-actions", data: "#noise", layers: "#addLayer", speed: "#speed", tabs: "#modes", network: "#network", heatmap: "#heatmap", play: "#play" };
const visible = (page) => page.evaluate((sel) => Object.fromEntries(Object.entries(sel).map(([k, s]) => {
  const el = document.querySelector(s);
  const r = el.getBoundingClientRect();
  return [k, r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"];
})), SHOWN);

test("Presenter hides the settings, files, data sliders and layer controls, and the link keeps it", async () => {
  const page = await openApp(env.browser, env.url, "");
  let v = await visible(page);
  assert.ok(Object.values(v).every(Boolean), `all shown at first: ${JSON.stringify(v)}`);
  await page.click("#presenter");
  await frames(page);
  v = await visible(page);
  assert.deepEqual(v, { settings: false, files: false, data: false, layers: false, speed: true, tabs: true, network: true, heatmap: true, play: true });
  assert.equal(await page.getAttribute("#presenter", "aria-pressed"), "true");
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /presenter=true/);
  // The play controls still work in presenter mode.
  await page.click("#play");
  await page.waitForFunction(() => window.backpropLab.pg.iterations() > 0);
  await page.click("#play");
  // The link opens in presenter mode; the toggle turns it off again.
  const again = await openApp(env.browser, env.url, hash.slice(1));
  assert.equal((await visible(again)).settings, false);
  await again.click("#presenter");
  await frames(again);
  assert.ok(Object.values(await visible(again)).every(Boolean), "all back");
  assert.match(await again.evaluate(() => location.hash), /presenter=false/);
  assertNoProblems(page);
  assertNoProblems(again);
  await page.close();
  await again.close();
});

test("hide=files,tabs hides those groups alone; an unknown group is named and the rest of the link kept", async () => {
  const page = await openApp(env.browser, env.url, "hide=files,tabs&lr=0.3");
  const v = await visible(page);
  assert.deepEqual(v, { settings: true, files: false, data: true, layers: true, speed: true, tabs: false, network: true, heatmap: true, play: true });
  const bad = await openApp(env.browser, env.url, "hide=files,bogus&lr=0.3");
  assert.match(await bad.locator("#notice-text").textContent(), /hide.*bogus/i);
  assert.equal(await bad.evaluate(() => window.backpropLab.app.store.get("learningRate")), 0.3, "the rest of the link is kept");
  assert.equal((await visible(bad)).files, true, "the bad value is ignored as a whole");
  await page.close();
  await bad.close();
});
