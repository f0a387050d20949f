// TF Playground's input features in the Playground (issue 15): the feature column's toggles
// change the network's input layer (its layerSizes, read from the page's wasm), the URL keeps
// them, a malformed features= is named in a notice while the rest of the link applies, the last
// feature cannot be turned off, save files and the exports carry them, and the teaching claim
// holds with the core's numbers: X₁², X₂² with no hidden layer separate the circle, X₁, X₂ cannot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const state = (page) =>
  page.evaluate(() => {
    const lab = window.backpropLab;
    const notice = document.getElementById("notice");
    return {
      sizes: Array.from(lab.net.layerSizes()),
      features: lab.app.session.features(),
      pressed: [...document.querySelectorAll("#features button")].filter((b) => b.getAttribute("aria-pressed") === "true").map((b) => b.dataset.feature),
      hash: decodeURIComponent(location.hash),
      notice: notice.hidden ? "" : document.getElementById("notice-text").textContent,
      error: document.getElementById("error").hidden ? "" : document.getElementById("error").textContent,
    };
  });

test("toggling X₁² adds an input neuron, the link keeps it, and a new page builds the same network", async () => {
  const page = await openApp(env.browser, env.url);
  const before = await state(page);
  assert.deepEqual(before.sizes, [2, 4, 2, 1], "the default: X₁, X₂");
  assert.deepEqual(before.features, ["x1", "x2"]);
  assert.deepEqual(before.pressed, ["x1", "x2"]);
  const group = page.getByRole("group", { name: /Input features/ });
  assert.equal(await group.getByRole("button").count(), 7, "one toggle per feature the core names");
  await page.getByRole("button", { name: /input feature X1 squared$/ }).click();
  await frames(page);
  const on = await state(page);
  assert.deepEqual(on.sizes, [3, 4, 2, 1], "X₁² is a third input neuron");
  assert.deepEqual(on.features, ["x1", "x2", "x1sq"]);
  assert.deepEqual(on.pressed, ["x1", "x2", "x1sq"]);
  assert.match(on.hash, /(^#|&)features=x1,x2,x1sq(&|$)/);
  // From the keyboard: focus sin(X₂) and press Space; turn X₁ off with Enter.
  await page.getByRole("button", { name: /input feature sine of X2$/ }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: /input feature X1$/ }).focus();
  await page.keyboard.press("Enter");
  await frames(page);
  const keyed = await state(page);
  assert.deepEqual(keyed.features, ["x2", "x1sq", "sinx2"]);
  assert.deepEqual(keyed.sizes, [3, 4, 2, 1]);
  // The input neurons' pictures and the training examples are the core's features.
  const inputs = await page.evaluate(() => {
    const lab = window.backpropLab;
    const pts = lab.pg.trainPoints();
    const { xs } = lab.app.session.trainingExamples(new Uint32Array([0]));
    return { point: [pts[0], pts[1]], xs: Array.from(xs), core: Array.from(lab.pg.inputs([pts[0], pts[1]])) };
  });
  assert.deepEqual(inputs.xs, inputs.core);
  const [x1, x2] = inputs.point;
  assert.ok(Math.abs(inputs.xs[0] - x2) < 1e-7 && Math.abs(inputs.xs[1] - x1 * x1) < 1e-6 && Math.abs(inputs.xs[2] - Math.sin(x2)) < 1e-6, JSON.stringify(inputs));

  const again = await openApp(env.browser, env.url, keyed.hash);
  const reopened = await state(again);
  assert.deepEqual(reopened.sizes, keyed.sizes);
  assert.deepEqual(reopened.features, keyed.features);
  assert.deepEqual(reopened.pressed, keyed.features);
  assert.equal(reopened.notice, "");
  assertNoProblems(page);
  assertNoProblems(again);
  await page.close();
  await again.close();
});

test("the last input feature stays on, with a notice saying why", async () => {
  const page = await openApp(env.browser, env.url, "features=x1sq");
  assert.deepEqual((await state(page)).sizes, [1, 4, 2, 1]);
  await page.getByRole("button", { name: /input feature X1 squared$/ }).click();
  await frames(page);
  const s = await state(page);
  assert.deepEqual(s.features, ["x1sq"], "still on");
  assert.deepEqual(s.sizes, [1, 4, 2, 1]);
  assert.match(s.notice, /X₁² is the only input feature left: the network needs at least one input/);
  assertNoProblems(page);
  await page.close();
});

test("a malformed features= is named in a notice and the rest of the link is kept", async () => {
  const cases = [
    ["x1,x3", /Ignored bad value for features: 'x1,x3' \(names no input feature "x3" \(the features are x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2\)\) — using x1,x2/],
    ["", /Ignored bad value for features: '' \(needs at least one input feature/],
    ["x2sq,x2sq", /Ignored bad value for features: 'x2sq,x2sq' \(lists the input feature "x2sq" twice\) — using x1,x2/],
  ];
  for (const [value, notice] of cases) {
    const page = await openApp(env.browser, env.url, `dataset=xor&features=${value}&lr=0.1&seed=7&hidden=3`);
    const s = await state(page);
    assert.match(s.notice, notice, `features=${value}`);
    assert.deepEqual(s.sizes, [2, 3, 1], "the default features; the hidden layer of the link");
    assert.deepEqual(s.features, ["x1", "x2"]);
    const kept = await page.evaluate(() => ({ ...window.backpropLab.state.values }));
    assert.equal(kept.dataset, "xor");
    assert.equal(kept.learningRate, 0.1);
    assert.equal(kept.seed, 7);
    assert.equal(s.error, "");
    assertNoProblems(page);
    await page.close();
  }
});

test("on the circle, X₁² and X₂² with no hidden layer reach a small test cost; X₁ and X₂ cannot", async () => {
  const run = async (features) => {
    const page = await openApp(env.browser, env.url, `dataset=circle&features=${features}&hidden=&act=&lr=0.3`);
    const r = await page.evaluate(() => {
      const lab = window.backpropLab;
      const sizes = Array.from(lab.net.layerSizes());
      const before = lab.pg.metrics().testLoss;
      while (lab.pg.epoch() < 100) lab.pg.train(25);
      lab.app.invalidate();
      return { sizes, before, after: lab.pg.metrics(), epoch: lab.pg.epoch() };
    });
    await frames(page);
    assertNoProblems(page);
    await page.close();
    return r;
  };
  const squares = await run("x1sq,x2sq");
  const plain = await run("x1,x2");
  assert.deepEqual(squares.sizes, [2, 1], "no hidden layer: one sigmoid neuron on X₁², X₂²");
  assert.deepEqual(plain.sizes, [2, 1]);
  assert.ok(squares.after.testLoss < 0.05, `X₁², X₂²: test cost ${squares.after.testLoss} after ${squares.epoch} epochs`);
  assert.ok(squares.after.testAccuracy > 0.95, `X₁², X₂²: test accuracy ${squares.after.testAccuracy}`);
  assert.ok(plain.after.testLoss > 0.2, `X₁, X₂: test cost ${plain.after.testLoss} (a line cannot separate a disc from a ring)`);
});

test("save files and the exports carry the features; a file from before features loads as X₁, X₂", async () => {
  const page = await openApp(env.browser, env.url, "features=x1,x1x2,sinx1&hidden=3&seed=5");
  const r = await page.evaluate(async () => {
    const lab = window.backpropLab;
    lab.pg.train(100);
    const text = await lab.app.files.saveText();
    const x = await lab.app.session.extras();
    const numpy = x.toNumPy(lab.app.session.networkJSON());
    const w = lab.net.getWeight(1, 2, 2);
    return { text, numpy, w };
  });
  const file = JSON.parse(r.text);
  assert.deepEqual(file.network.features, ["x1", "x1x2", "sinx1"]);
  assert.deepEqual(file.network.layers, [3, 3, 1]);
  assert.match(r.numpy, /np\.stack\(\[x1, x1 \* x2, np\.sin\(x1\)\], axis=-1\)/);
  assert.match(r.numpy, /def predict\(p\):/);
  // Into a page with the default features: the file's scene brings its features back.
  const other = await openApp(env.browser, env.url);
  const loaded = await other.evaluate((text) => window.backpropLab.app.files.load(text, "features.json"), r.text);
  assert.equal(loaded, true);
  await frames(other);
  const s = await state(other);
  assert.deepEqual(s.features, ["x1", "x1x2", "sinx1"]);
  assert.deepEqual(s.pressed, ["x1", "x1x2", "sinx1"]);
  assert.equal(await other.evaluate(() => window.backpropLab.net.getWeight(1, 2, 2)), r.w);
  // A file whose network reads other features than its scene builds is refused, the page kept.
  const edited = r.text.replace('"features": ["x1", "x1x2", "sinx1"]', '"features": ["x1", "x2", "sinx1"]');
  assert.notEqual(edited, r.text);
  const refused = await other.evaluate((text) => window.backpropLab.app.files.load(text, "edited.json"), edited);
  assert.equal(refused, false);
  assert.match((await state(other)).error, /reads the input features X₁, X₂, sin\(X₁\) but this Playground's reads X₁, X₁X₂, sin\(X₁\)/);
  // A file written before features (no "features", no features= in its scene) loads as it did.
  const plainPage = await openApp(env.browser, env.url, "hidden=2&seed=9");
  const oldText = await plainPage.evaluate(() => window.backpropLab.app.files.saveText());
  assert.ok(!oldText.includes("features\":"), "the default is not written: such files stay as they were");
  const old = JSON.parse(oldText);
  old.scene = old.scene.replace(/&?features=[^&]*/, "");
  const loadedOld = await other.evaluate((text) => window.backpropLab.app.files.load(text, "old.json"), JSON.stringify(old));
  assert.equal(loadedOld, true);
  const o = await state(other);
  assert.deepEqual(o.features, ["x1", "x2"]);
  assert.deepEqual(o.sizes, [2, 2, 1]);
  assertNoProblems(page);
  for (const p of [page, other, plainPage]) await p.close();
});

test("the Backprop and Cost surface tabs step and draw the network of input features", async () => {
  const page = await openApp(env.browser, env.url, "features=x1sq,x2sq,sinx1&hidden=3&mode=backprop");
  await page.waitForFunction(() => document.getElementById("bp-example-values").textContent.length > 0);
  const bp = await page.evaluate(() => {
    const lab = window.backpropLab;
    const pts = lab.pg.trainPoints();
    const i = Number(document.getElementById("bp-example").value);
    return { text: document.getElementById("bp-example-values").textContent, want: Array.from(lab.pg.inputs([pts[3 * i], pts[3 * i + 1]])) };
  });
  assert.match(bp.text, /^a⁽⁰⁾ = \(X₁² = [-−\d.e]+, X₂² = [-−\d.e]+, sin\(X₁\) = [-−\d.e]+\) · y = /);
  assert.equal(bp.want.length, 3);
  await page.getByRole("button", { name: "Step forward ▶" }).click();
  await frames(page);
  await page.evaluate(() => window.backpropLab.commands.setMode("surface"));
  await page.waitForFunction(() => document.querySelector("#surface-panel canvas") !== null, null, { timeout: 15000 });
  await page.waitForTimeout(1500);
  await frames(page);
  assert.equal(await page.evaluate(() => document.getElementById("error").hidden), true, "no error in either tab");
  assertNoProblems(page);
  await page.close();
});
