// The whole state lives in the URL hash: a link reproduces the controls and the initial
// weights; a bad value falls back to Rust's default with a visible notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames, allWeights } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


const controlsOf = (page) =>
  page.evaluate(() => {
    const v = (id) => document.getElementById(id).value;
    return {
      dataset: document.querySelector("#datasets input:checked")?.value,
      noise: v("noise"), trainFraction: v("trainFraction"), batchSize: v("batchSize"), learningRate: v("learningRate"),
      regularization: v("regularization"), regularizationRate: v("regularizationRate"), optimizer: v("optimizer"),
      cost: v("cost"), init: v("init"), seed: v("seed"), showTest: document.getElementById("showTest").checked,
      layerSelects: [...document.querySelectorAll("#layer-controls select")].map((s) => `${s.getAttribute("aria-label")}=${s.value}`),
      hidden: document.getElementById("layer-count").textContent,
    };
  });


test("controls set in the page round-trip through the URL into a new page", async () => {
  const page = await openApp(env.browser, env.url);
  await page.getByTitle("XOR", { exact: true }).click(); // the thumbnail, as a user would
  assert.equal(await page.getByRole("radio", { name: "XOR" }).isChecked(), true);
  await page.getByRole("button", { name: "Add hidden layer" }).click();
  await page.getByRole("button", { name: "Add neuron to layer 1" }).click();
  await page.getByLabel("Activation of layer 2", { exact: true }).selectOption("relu");
  await page.getByLabel("Output activation", { exact: true }).selectOption("tanh");
  await page.getByLabel("Output activation", { exact: true }).selectOption("sigmoid"); // cross-entropy needs it
  await page.getByLabel("Learning rate", { exact: true }).fill("0.1");
  await page.getByLabel("Learning rate", { exact: true }).press("Enter");
  await page.getByLabel("Regularization", { exact: true }).selectOption("l2");
  await page.getByLabel("Regularization rate", { exact: true }).fill("0.003");
  await page.getByLabel("Regularization rate", { exact: true }).press("Enter");
  await page.getByLabel("Optimizer", { exact: true }).selectOption("momentum");
  await page.getByLabel("Cost", { exact: true }).selectOption("crossEntropy");
  await page.getByLabel("Init", { exact: true }).selectOption("he");
  await page.getByLabel("Seed", { exact: true }).fill("777");
  await page.getByLabel("Seed", { exact: true }).press("Enter");
  // sliders from the keyboard
  await page.getByLabel("Noise", { exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.getByLabel("Batch size", { exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  await page.getByLabel("Show test data").check();
  await frames(page);

  const hash = await page.evaluate(() => location.hash);
  for (const part of ["dataset=xor", "lr=0.1", "seed=777", "noise=10", "batch=11", "reg=l2", "regRate=0.003", "opt=momentum", "cost=crossEntropy", "init=he", "outAct=sigmoid", "act=tanh,relu,tanh", "showTest=true"])
    assert.ok(hash.includes(part), `${part} in ${hash}`);
  assert.match(hash, /hidden=5,2,2/);
  const controls = await controlsOf(page);
  const weights = await allWeights(page);
  assert.equal(await page.locator("#error").isHidden(), true, "no error while setting controls");

  const again = await openApp(env.browser, env.url, hash);
  assert.deepEqual(await controlsOf(again), controls, "the same controls");
  assert.deepEqual(await allWeights(again), weights, "the same initial weights");
  assert.equal(await again.locator("#notice").isHidden(), true, "no notice for a good link");
  assertNoProblems(page);
  assertNoProblems(again);
  await page.context().close();
  await again.context().close();
});

test("a bad hash value shows a notice and falls back to the default; good keys still apply", async () => {
  const page = await openApp(env.browser, env.url, "lr=abc&noise=15&hidden=3&frobnicate=1");
  const lrDefault = await page.evaluate(async () => (await import("/www/pkg/backprop_lab.js")).defaults().learningRate);
  const notice = page.locator("#notice");
  assert.equal(await notice.isVisible(), true);
  const t = await notice.textContent();
  assert.match(t, /Ignored bad value for lr: 'abc'/);
  assert.ok(t.includes(`using ${lrDefault}`), t);
  assert.ok(!t.includes("frobnicate"), "unknown keys are ignored silently");
  assert.equal(Number(await page.getByLabel("Learning rate", { exact: true }).inputValue()), lrDefault);
  assert.equal(await page.getByLabel("Noise", { exact: true }).inputValue(), "15");
  assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.net.layerSizes())).then((s) => s.slice(1, -1)), [3]);
  assert.ok((await page.evaluate(() => location.hash)).includes(`lr=${lrDefault}`), "the URL now holds the value used");
  await page.getByRole("button", { name: "Dismiss notice" }).click();
  assert.equal(await notice.isHidden(), true);
  assertNoProblems(page);
  await page.context().close();
});

test("a number being typed is not reset by frames drawn while training", async () => {
  const page = await openApp(env.browser, env.url);
  await page.getByRole("button", { name: "Play" }).click();
  const rate = page.getByLabel("Learning rate", { exact: true });
  await rate.fill("0.3");
  for (let i = 0; i < 10; i++) await frames(page); // training redraws the controls every frame
  assert.equal(await rate.inputValue(), "0.3", "the half-typed value is still in the field");
  await rate.press("Enter");
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.state.get("learningRate")), 0.3);
  assert.ok((await page.evaluate(() => location.hash)).includes("lr=0.3"));
  await page.getByRole("button", { name: "Pause" }).click();
  assertNoProblems(page);
});

test("a new hash applies only what it changes: a new η keeps the trained network, a new data set rebuilds", async () => {
  const page = await openApp(env.browser, env.url, "seed=5");
  await page.evaluate(() => window.backpropLab.pg.train(50));
  const trained = await allWeights(page);
  const iterations = await page.evaluate(() => window.backpropLab.pg.iterations());
  await page.evaluate(() => (location.hash = location.hash.replace(/lr=[^&]*/, "lr=0.5")));
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.state.get("learningRate")), 0.5);
  assert.deepEqual(await allWeights(page), trained, "the trained weights are kept");
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), iterations);
  await page.evaluate(() => (location.hash = location.hash.replace(/dataset=[^&]*/, "dataset=xor")));
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), 0, "a new data set starts afresh");
  assertNoProblems(page);
});
