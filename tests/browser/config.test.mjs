// The Playground's configuration table as the page module sends it (bindings/src/config.rs):
// defaults() holds every key a Playground accepts, limits() holds the core's own bounds (each
// bound accepted, a step past it refused by the core), names() every name each key takes, and
// the checked accessors' errors reach JS as Errors naming the layers there are.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, apiPage, assertNoProblems } from "./harness.mjs";

let env, page;
before(async () => {
  env = await setup();
  page = await apiPage(env);
});
after(async () => {
  if (page) assertNoProblems(page);
  if (env) await env.close();
});

test("defaults() is a whole Playground configuration, and every key of it is accepted", async () => {
  const r = await page.evaluate(() => {
    const d = api.defaults();
    const built = new api.Playground(d);
    const sizes = built.network().layerSizes();
    built.free();
    let typo = null;
    try {
      new api.Playground({ ...d, lerningRate: 0.1 });
    } catch (e) {
      typo = e.message;
    }
    return { keys: Object.keys(d), sizes, typo };
  });
  assert.deepEqual(r.keys, [
    "dataset", "points", "noise", "trainFraction", "features", "hidden", "activation", "activations", "outputActivation", "cost",
    "init", "seed", "optimizer", "learningRate", "batchSize", "regularization", "regularizationRate", "gridResolution",
    "customPoints",
  ]);
  assert.deepEqual(r.sizes, [2, 4, 2, 1]);
  // The refusal lists the same keys, from the same table.
  assert.equal(r.typo, `bad Playground configuration: unknown key "lerningRate"; the keys are ${r.keys.join(", ")}`);
});

test("limits() are the core's: each bound is accepted and a step past it refused with the core's message", async () => {
  const r = await page.evaluate(() => {
    const L = api.limits();
    const tries = {};
    const attempt = (key, value) => {
      try {
        new api.Playground({ seed: 1, gridResolution: 4, [key]: value }).free();
        return null;
      } catch (e) {
        return e.message;
      }
    };
    for (const key of ["points", "noise", "trainFraction", "batchSize", "gridResolution"]) {
      const { min, max } = L[key];
      const step = Number.isInteger(min) && Number.isInteger(max) ? 1 : 0.5;
      tries[key] = { min: attempt(key, min), max: attempt(key, max), below: attempt(key, min - step), above: attempt(key, max + step) };
    }
    const h = L.hidden;
    tries.hidden = {
      ok: attempt("hidden", Array(h.maxLength).fill(h.min)),
      long: attempt("hidden", Array(h.maxLength + 1).fill(h.min)),
      wide: attempt("hidden", [h.max + 1]),
      empty: attempt("hidden", [h.min - 1]),
    };
    tries.learningRate = { at: attempt("learningRate", L.learningRate.above), past: attempt("learningRate", L.learningRate.above + 0.01) };
    tries.regularizationRate = { min: attempt("regularizationRate", L.regularizationRate.min), below: attempt("regularizationRate", L.regularizationRate.min - 0.01) };
    return { L, tries };
  });
  const { L, tries } = r;
  assert.deepEqual(Object.keys(L).sort(), ["batchSize", "gridResolution", "hidden", "learningRate", "noise", "points", "regularizationRate", "seed", "trainFraction"]);
  assert.deepEqual([L.noise, L.trainFraction], [{ min: 0, max: 50 }, { min: 10, max: 90 }]);
  for (const key of ["points", "noise", "trainFraction", "batchSize", "gridResolution"]) {
    const t = tries[key];
    assert.equal(t.min, null, `${key} = ${L[key].min} is accepted`);
    assert.equal(t.max, null, `${key} = ${L[key].max} is accepted`);
    assert.ok(t.below && t.above, `${key} past its limits is refused: ${JSON.stringify(t)}`);
  }
  assert.match(tries.noise.above, /^the noise is a percentage between 0 and 50, not 51$/);
  assert.match(tries.trainFraction.below, /^the share of points used for training is a percentage between 10 and 90, not 9$/);
  assert.equal(tries.hidden.ok, null, JSON.stringify(tries.hidden));
  assert.ok(tries.hidden.long && tries.hidden.wide && tries.hidden.empty, JSON.stringify(tries.hidden));
  assert.ok(tries.learningRate.at, "a learning rate of exactly `above` is refused");
  assert.equal(tries.learningRate.past, null);
  assert.equal(tries.regularizationRate.min, null);
  assert.ok(tries.regularizationRate.below);
});

test("names() lists each kind of name once, and every listed name is accepted", async () => {
  const r = await page.evaluate(() => {
    const n = api.names();
    const refused = [];
    const key = { datasets: "dataset", costs: "cost", inits: "init", optimizers: "optimizer", regularizations: "regularization", activations: "outputActivation", features: "features" };
    for (const [plural, names] of Object.entries(n)) {
      for (const name of names) {
        const cfg = { seed: 1, gridResolution: 4, [key[plural]]: plural === "features" ? [name] : name };
        if (name === "crossEntropy") cfg.outputActivation = "sigmoid";
        if (name === "softmax") cfg.dataset = "threeClass";
        if (name === "custom") cfg.customPoints = [0.5, 0.5, 1, -0.5, -0.5, 0];
        // Imported sets are given their points (a CSV read by the extras module's parseCsvPoints).
        if (name === "imported") cfg.customPoints = [0.5, 0.5, 1, -0.5, -0.5, 0, 0.1, 0.2, 4];
        if (name === "importedValues") cfg.customPoints = [0.5, 0.5, 0.25, -0.5, -0.5, 1];
        try {
          new api.Playground(cfg).free();
        } catch (e) {
          refused.push(`${plural} ${name}: ${e.message}`);
        }
      }
    }
    return { keys: Object.keys(n).sort(), refused };
  });
  assert.deepEqual(r.keys, ["activations", "costs", "datasets", "features", "inits", "optimizers", "regularizations"]);
  assert.deepEqual(r.refused, []);
});

test("a bad layer reaches JS as the core's Error naming the layers there are", async () => {
  const r = await page.evaluate(() => {
    const net = new api.Network({ layers: [2, 3, 1], seed: 1 });
    const pg = new api.Playground({ seed: 1 });
    const grab = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return { isError: e instanceof Error, message: e.message };
      }
    };
    const out = {
      weight0: grab(() => net.getWeight(0, 0, 0)),
      bias3: grab(() => net.getBias(3, 0)),
      activation3: grab(() => net.activationName(3)),
      setActivation0: grab(() => net.setActivation(0, "tanh")),
      gridLayer: grab(() => pg.gridOffset(0, 0)),
      gridNeuron: grab(() => pg.gridOffset(1, 4)),
    };
    net.free();
    pg.free();
    return out;
  });
  const input = "layer 0 is the input layer and has no weights or biases: this network's weight layers are 1 to 2";
  const beyond = "layer 3 does not exist: this network has layers 1 to 2 (and the input layer 0)";
  assert.deepEqual(r.weight0, { isError: true, message: input });
  assert.deepEqual(r.setActivation0, { isError: true, message: input });
  assert.deepEqual(r.bias3, { isError: true, message: beyond });
  assert.deepEqual(r.activation3, { isError: true, message: beyond });
  assert.deepEqual(r.gridLayer, { isError: true, message: "layer 0 has no neurons in the grid: layers 1 to 3 do" });
  assert.deepEqual(r.gridNeuron, { isError: true, message: "layer 1 has 4 neurons (0 to 3), so there is no neuron 4" });
});
