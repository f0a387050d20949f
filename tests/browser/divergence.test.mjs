// Divergence leaves finite numbers behind (issue 10, item 14): on the linear plane at η = 10 the
// page stops with a message that suggests a learning rate, and the readouts show finite costs
// (they showed ∞ and "—" before, with weights of 10⁵ and 10⁷ kept).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

test("the linear plane at η = 10 stops with a suggested rate and finite readouts", async () => {
  const page = await openApp(env.browser, env.url, "dataset=plane&hidden=8,8&act=linear,linear&outAct=linear&lr=10");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const error = page.getByRole("alert");
  await error.waitFor({ state: "visible", timeout: 15000 });
  const message = await error.textContent();
  assert.match(message, /diverg/i);
  assert.match(message, /η ≤ 1\b/, "the message suggests η ≤ 1");
  await frames(page, 4);
  assert.equal(await page.evaluate(() => window.backpropLab.playing), false, "training paused");
  for (const sel of ["#trainLoss", "#testLoss"]) {
    const text = (await page.locator(sel).textContent()).trim();
    const value = Number(text.replace(/,/g, ""));
    assert.ok(text !== "—" && Number.isFinite(value), `${sel} reads "${text}"`);
  }
  const api = await page.evaluate(() => {
    const m = window.backpropLab.pg.metrics();
    const net = window.backpropLab.net;
    const s = Array.from(net.layerSizes());
    let largest = 0;
    for (let l = 1; l < s.length; l++)
      for (let j = 0; j < s[l]; j++) for (let k = 0; k < s[l - 1]; k++) largest = Math.max(largest, Math.abs(net.getWeight(l, j, k)));
    return { train: m.trainLoss, test: m.testLoss, largest };
  });
  assert.ok(Number.isFinite(api.train) && Number.isFinite(api.test), JSON.stringify(api));
  assert.ok(api.largest < 1e3, `no weight on its way to infinity: ${api.largest}`);
  assertNoProblems(page);
  await page.context().close();
});
