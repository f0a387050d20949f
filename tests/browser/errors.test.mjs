// Bad input never crashes the page: a clear message shows, training pauses, nothing is lost.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, nonBackgroundPixels, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


test("a learning rate of 0 is refused with a visible message and the old rate kept", async () => {
  const page = await openApp(env.browser, env.url);
  const lr = page.getByLabel("Learning rate", { exact: true });
  const before = await page.evaluate(() => window.backpropLab.state.get("learningRate"));
  await lr.fill("0");
  await lr.press("Enter");
  const error = page.getByRole("alert");
  await error.waitFor({ state: "visible" });
  assert.match(await error.textContent(), /lr|learning rate/i);
  assert.equal(await lr.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => window.backpropLab.state.get("learningRate")), before, "the old rate is kept");
  assert.ok(!(await page.evaluate(() => location.hash)).includes("lr=0&"));
  // still trains fine afterwards with the old rate, and a good value clears the message
  await lr.fill("0.1");
  await lr.press("Enter");
  assert.equal(await error.isHidden(), true);
  assertNoProblems(page);
  await page.context().close();
});

test("a learning rate that makes training diverge shows the message, pauses, paints no NaN", async () => {
  const page = await openApp(env.browser, env.url, "act=relu,relu&outAct=linear&hidden=8,8");
  const lr = page.getByLabel("Learning rate", { exact: true });
  await lr.fill("1e10");
  await lr.press("Enter");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const error = page.getByRole("alert");
  await error.waitFor({ state: "visible", timeout: 10000 });
  assert.match(await error.textContent(), /diverg/i);
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.playing), false, "training paused");
  assert.equal(await page.getByRole("button", { name: "Play", exact: true }).count(), 1);
  const finite = await page.evaluate(() => {
    const net = window.backpropLab.net;
    const s = Array.from(net.layerSizes());
    for (let l = 1; l < s.length; l++) for (let j = 0; j < s[l]; j++) for (let k = 0; k < s[l - 1]; k++) if (!Number.isFinite(net.getWeight(l, j, k))) return false;
    return true;
  });
  assert.ok(finite, "the weights stayed finite: the diverging step was not applied");
  for (const sel of ["#trainLoss", "#testLoss", "#epoch"]) assert.ok(!(await page.locator(sel).textContent()).includes("NaN"), sel);
  const net = await nonBackgroundPixels(page, "#network");
  const map = await nonBackgroundPixels(page, "#heatmap");
  assert.ok(net.lit > 0 && map.lit > map.total * 0.5, "no blank canvas");
  // Reset and a sane rate recover.
  await lr.fill("0.01");
  await lr.press("Enter");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), 1);
  assertNoProblems(page);
  await page.context().close();
});

test("a hidden layer can't be shrunk below one neuron or grown past 32, and layers stop at eight", async () => {
  const page = await openApp(env.browser, env.url, "hidden=1");
  assert.equal(await page.getByRole("button", { name: "Remove neuron from layer 1" }).isDisabled(), true);
  for (let i = 0; i < 7; i++) await page.getByRole("button", { name: "Add hidden layer" }).click();
  assert.equal(await page.getByRole("button", { name: "Add hidden layer" }).isDisabled(), true);
  assert.equal(await page.evaluate(() => window.backpropLab.net.layerSizes().length), 10);
  for (let i = 0; i < 8; i++) await page.getByRole("button", { name: "Remove hidden layer" }).click();
  assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.net.layerSizes())).then((s) => s.length), 2, "no hidden layer: a single-layer network");
  await page.evaluate(() => (location.hash = "hidden=31"));
  await page.waitForFunction(() => window.backpropLab.net.layerSizes()[1] === 31);
  await page.getByRole("button", { name: "Add neuron to layer 1" }).click();
  assert.equal(await page.evaluate(() => window.backpropLab.net.layerSizes()[1]), 32);
  assert.equal(await page.getByRole("button", { name: "Add neuron to layer 1" }).isDisabled(), true, "32 neurons at most");
  await frames(page);
  assertNoProblems(page);
  await page.context().close();
});
