// The page loads, draws, plays, pauses, steps and resets — read from the DOM and checked
// against the Playground through the test hook window.backpropLab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, nonBackgroundPixels, frames, allWeights } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const text = (page, sel) => page.locator(sel).textContent();
const num = (s) => Number(String(s).replace(/,/g, "").match(/-?[0-9.]+/)[0]);


test("the page loads without console errors and draws the network and the heatmap", async () => {
  const page = await openApp(env.browser, env.url);
  assert.equal(await page.title(), "Backprop Lab");
  await frames(page, 3);
  const net = await nonBackgroundPixels(page, "#network");
  const map = await nonBackgroundPixels(page, "#heatmap");
  assert.ok(net.lit > net.total * 0.02, `network canvas has drawing (${net.lit} of ${net.total} px lit)`);
  assert.ok(map.lit > map.total * 0.5, `heatmap is filled (${map.lit} of ${map.total} px lit)`);
  // the dataset previews were drawn from Playgrounds, too
  assert.ok((await page.locator("#datasets canvas").count()) >= 4);
  assert.equal(await text(page, "#trainLoss").then((t) => t.includes("NaN")), false);
  for (const name of ["Play", "Step", "Reset", "Learning rate", "Activation", "Dataset", "Batch size", "Noise", "Regularization", "Regularization rate", "Optimizer", "Seed", "New seed"]) {
    assert.ok((await page.getByLabel(name, { exact: true }).or(page.getByRole("button", { name, exact: true })).count()) >= 1, `a control named "${name}"`);
  }
  assert.equal(await page.locator("[aria-live=polite]").count() >= 1, true);
  assertNoProblems(page);
  await page.context().close();
});

test("Play changes the cost and the epoch counter; Pause stops them", async () => {
  const page = await openApp(env.browser, env.url);
  const before = { loss: await text(page, "#trainLoss"), it: num(await text(page, "#iterations")), epoch: num(await text(page, "#epoch")) };
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => Number(document.querySelector("#epoch").textContent.replace(/,/g, "")) >= 2, null, { timeout: 10000 });
  await page.waitForTimeout(400);
  const playing = { loss: await text(page, "#trainLoss"), it: num(await text(page, "#iterations")), epoch: num(await text(page, "#epoch")) };
  assert.notEqual(playing.loss, before.loss, "the cost shown changed");
  assert.ok(playing.it > before.it && playing.epoch > before.epoch, "iterations and epoch went up");
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await frames(page, 2);
  const paused = { loss: await text(page, "#trainLoss"), it: await text(page, "#iterations"), epoch: await text(page, "#epoch") };
  await page.waitForTimeout(700);
  assert.deepEqual({ loss: await text(page, "#trainLoss"), it: await text(page, "#iterations"), epoch: await text(page, "#epoch") }, paused, "nothing moves while paused");
  assert.equal(await page.evaluate(() => window.backpropLab.playing), false);
  assert.equal(num(paused.it), await page.evaluate(() => window.backpropLab.pg.iterations()), "the DOM shows the Playground's count");
  await page.getByRole("button", { name: "Play", exact: true }).focus();
  assertNoProblems(page);
  await page.context().close();
});

test("Step trains exactly one mini-batch", async () => {
  const page = await openApp(env.browser, env.url);
  const it0 = await page.evaluate(() => window.backpropLab.pg.iterations());
  const w0 = await allWeights(page);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await frames(page, 2);
  const it1 = await page.evaluate(() => window.backpropLab.pg.iterations());
  assert.equal(it1, it0 + 1, "one more iteration in the Playground");
  assert.equal(num(await text(page, "#iterations")), it1, "and on the page");
  assert.equal(num(await text(page, "#epoch")), await page.evaluate(() => window.backpropLab.pg.epoch()));
  assert.notDeepEqual(await allWeights(page), w0, "the weights moved");
  // From the keyboard: focus Step and press Enter three times.
  await page.getByRole("button", { name: "Step", exact: true }).focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Enter");
  await frames(page, 2);
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), it0 + 4);
  assert.equal(num(await text(page, "#iterations")), it0 + 4);
  assertNoProblems(page);
  await page.context().close();
});

test("Reset with the same seed restores the same initial weights", async () => {
  const page = await openApp(env.browser, env.url);
  const initial = await allWeights(page);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => window.backpropLab.pg.iterations() > 50, null, { timeout: 10000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  assert.notDeepEqual(await allWeights(page), initial, "training changed the weights");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await frames(page, 2);
  assert.deepEqual(await allWeights(page), initial, "bit-for-bit the same initial weights");
  assert.equal(num(await text(page, "#epoch")), 0);
  assert.equal(num(await text(page, "#iterations")), 0);
  assertNoProblems(page);
  await page.context().close();
});

test("every dataset builds, previews, trains and paints without errors", async () => {
  const page = await openApp(env.browser, env.url);
  const datasets = await page.evaluate(async () => (await import("/www/pkg/backprop_lab.js")).names().datasets);
  // Imported data sets have no thumbnail: they come from a CSV file (csv-import.test.mjs).
  assert.deepEqual(datasets.filter((d) => d.startsWith("imported")), ["imported", "importedValues"]);
  assert.equal(await page.locator('#datasets input[value^="imported"]').count(), 0);
  for (const name of datasets.filter((d) => d !== "custom" && !d.startsWith("imported"))) {
    await page.locator(`#datasets input[value="${name}"]`).focus();
    await page.locator(`#datasets input[value="${name}"]`).check({ force: true });
    assert.equal(await page.evaluate(() => window.backpropLab.state.get("dataset")), name);
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await frames(page, 2);
    assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), 1, name);
    assert.equal(await page.locator("#error").isHidden(), true, `${name}: ${await page.locator("#error").textContent()}`);
    assert.ok(!(await text(page, "#trainLoss")).includes("NaN"));
    const map = await nonBackgroundPixels(page, "#heatmap");
    assert.ok(map.lit > map.total * 0.5, `${name} heatmap painted`);
  }
  // "custom" starts empty: training says so instead of failing silently; one click fixes it.
  await page.locator(`#datasets input[value="custom"]`).check({ force: true });
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByRole("alert").waitFor({ state: "visible" });
  const at = await page.evaluate(() => window.backpropLab.views.heatmap.dataToClient(0.3, 0.3));
  await page.mouse.click(at.x, at.y);
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await frames(page, 2);
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), 1);
  assert.equal(await page.getByRole("alert").isHidden(), true, "the message goes once the problem is fixed");
  assertNoProblems(page);
  await page.context().close();
});
