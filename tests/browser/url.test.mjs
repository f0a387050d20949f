// The whole state lives in the URL hash: a link reproduces the controls and the initial
// weights; a bad value falls back to Rust's default with a visible notice, and only that value:
// the rest of the link still applies (issue 10, items 11 and 12).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames, allWeights, nonBackgroundPixels } from "./harness.mjs";

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
      hidden: document.getElementById("net-title").textContent,
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

test("a bad hash value shows a notice and falls back to the default; good keys still apply; an unknown key is named", async () => {
  const page = await openApp(env.browser, env.url, "lr=abc&noise=15&hidden=3&frobnicate=1");
  const lrDefault = await page.evaluate(async () => (await import("/www/pkg/backprop_lab.js")).defaults().learningRate);
  const notice = page.locator("#notice");
  assert.equal(await notice.isVisible(), true);
  const t = await notice.textContent();
  assert.match(t, /Ignored bad value for lr: 'abc'/);
  assert.ok(t.includes(`using ${lrDefault}`), t);
  assert.ok(t.includes("Ignored unknown setting 'frobnicate'"), t);
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

// ---- links broken in one place (issue 10): each case is a link from the issue ---------------------

/** The page's state, what the notice says and whether the network is drawn. */
async function look(page) {
  await frames(page);
  const net = await nonBackgroundPixels(page, "#network");
  return page.evaluate((lit) => {
    const lab = window.backpropLab;
    const notice = document.getElementById("notice");
    return {
      values: lab.state.values,
      hidden: Array.from(lab.net.layerSizes()).slice(1, -1),
      notice: notice.hidden ? "" : document.getElementById("notice-text").textContent,
      error: document.getElementById("error").hidden ? "" : document.getElementById("error").textContent,
      drawn: lit > 0,
      hash: decodeURIComponent(location.hash),
    };
  }, net.lit);
}

const CASES = [
  {
    name: "a stray '%' part: #dataset=xor&%%%",
    hash: "dataset=xor&%%%",
    keeps: { dataset: "xor" },
    notices: [/Ignored '%%%': it is not valid percent-encoding/],
  },
  {
    name: "a key cut off inside a UTF-8 escape: #%E0%A4%A=1&dataset=gaussian",
    hash: "%E0%A4%A=1&dataset=gaussian",
    keeps: { dataset: "gaussian" },
    notices: [/Ignored '%E0%A4%A=1': it is not valid percent-encoding/],
  },
  {
    name: "a learning rate the core refuses: #dataset=spiral&hidden=8,8&seed=9&lr=1e308",
    hash: "dataset=spiral&hidden=8,8&seed=9&lr=1e308",
    keeps: { dataset: "spiral", hidden: [8, 8], seed: 9 },
    defaults: ["learningRate"],
    notices: [/Ignored bad value for lr: '1e308' \(the learning rate η must be a positive finite number, not inf\) — using \d/],
  },
  {
    name: "softmax on a hidden layer: #act=softmax&dataset=xor&seed=4",
    hash: "act=softmax&dataset=xor&seed=4",
    keeps: { dataset: "xor", seed: 4 },
    defaults: ["activations"],
    notices: [/Ignored bad value for act: 'softmax' \(softmax can only be the output layer's activation .*\) — using tanh,tanh$/],
  },
  {
    name: "a point whose label is no class: #points=0,0,5&hidden=3",
    hash: "points=0,0,5&hidden=3",
    keeps: { hidden: [3] },
    defaults: ["customPoints"],
    notices: [/Ignored bad value for points: '0,0,5' \(a point's label here must be 0 or 1, not 5\) — using none/],
  },
  {
    name: "a point far outside the plane: #dataset=custom&points=1e9,1e9,1",
    hash: "dataset=custom&points=1e9,1e9,1",
    keeps: { dataset: "custom" },
    defaults: ["customPoints"],
    notices: [/Ignored bad value for points: '1e9,1e9,1' \(a point's x must be a number between -1 and 1[^)]*\)/],
  },
  {
    name: "an unknown key: #dataset=spiral&layers=3&seed=2",
    hash: "dataset=spiral&layers=3&seed=2",
    keeps: { dataset: "spiral", seed: 2 },
    notices: [/Ignored unknown setting 'layers'/],
  },
  {
    name: "a repeated key, an empty key, a key without '=', '+' and spaces: #lr=0.5&=3&seed& noise = 10 &dataset=xor+spiral&lr=0.1",
    hash: "lr=0.5&=3&seed&%20noise%20=%2010%20&dataset=xor+spiral&lr=0.1",
    keeps: { learningRate: 0.1, noise: 10 },
    defaults: ["seed", "dataset"],
    notices: [/Ignored 'lr=0\.5': lr is given more than once/, /Ignored '=3': there is no setting name/, /Ignored 'seed': a setting is written key=value/, /Ignored bad value for dataset: 'xor\+spiral'/],
  },
  {
    name: "raw unicode and a '%' at the very end: #ключ=1&dataset=spiral&seed=3%",
    hash: "ключ=1&dataset=spiral&seed=3%",
    keeps: { dataset: "spiral" },
    defaults: ["seed"],
    notices: [/Ignored unknown setting 'ключ'/, /Ignored 'seed=3%': it is not valid percent-encoding/],
  },
  {
    name: "only '#'",
    hash: "#",
    keeps: {},
    defaults: ["dataset", "hidden", "seed", "learningRate"],
    notices: [],
  },
];

async function checkCase(c, got, how) {
  const defaults = await defaultsOf();
  for (const [field, v] of Object.entries(c.keeps)) assert.deepEqual(got.values[field], v, `${how}: ${field} is kept`);
  for (const field of c.defaults || []) assert.deepEqual(got.values[field], defaults[field], `${how}: ${field} takes the default`);
  assert.deepEqual(got.hidden, got.values.hidden, `${how}: the network has the hidden layers of the state`);
  assert.ok(got.drawn, `${how}: the network is drawn`);
  assert.equal(got.error, "", `${how}: no error`);
  for (const re of c.notices) assert.match(got.notice, re, how);
  assert.equal(got.notice === "" ? 0 : got.notice.split(" · ").length, c.notices.length, `${how}: one notice per bad part: ${got.notice}`);
  for (const [field, v] of Object.entries(c.keeps)) {
    if (field === "hidden") assert.ok(got.hash.includes(`hidden=${v.join(",")}`), `${how}: the address keeps hidden: ${got.hash}`);
    if (field === "dataset") assert.ok(got.hash.includes(`dataset=${v}`), `${how}: the address keeps the dataset: ${got.hash}`);
  }
}

let defaultValues;
async function defaultsOf() {
  return defaultValues;
}

for (const c of CASES) {
  test(`link on load: ${c.name}`, async () => {
    const page = await openApp(env.browser, env.url, c.hash === "#" ? "" : c.hash);
    if (c.hash === "#") {
      await page.goto(`${env.url}index.html?again#`);
      await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    }
    defaultValues ??= await page.evaluate(() => Object.fromEntries(window.backpropLab.app.table.map((r) => [r.field, r.default])));
    await checkCase(c, await look(page), "on load");
    assertNoProblems(page);
    await page.context().close();
  });
}

test("the same links as a new hash on a running page: the same result, no uncaught error", async () => {
  const page = await openApp(env.browser, env.url, "dataset=threeClass&hidden=5&seed=21");
  defaultValues ??= await page.evaluate(() => Object.fromEntries(window.backpropLab.app.table.map((r) => [r.field, r.default])));
  for (const c of CASES) {
    await page.evaluate(() => (location.hash = "dataset=threeClass&hidden=5&seed=21"));
    await frames(page);
    await page.evaluate((h) => {
      location.hash = h;
      // "#" alone is no change of hash for the browser: tell the page anyway
      if (h === "#") window.dispatchEvent(new HashChangeEvent("hashchange"));
    }, c.hash);
    await page.waitForFunction(() => !location.hash.includes("threeClass") || document.getElementById("notice").hidden === false, null, { timeout: 5000 });
    await checkCase(c, await look(page), `hashchange ${c.name}`);
  }
  assertNoProblems(page);
  await page.context().close();
});
