// The documented JS API of www/pkg/backprop_lab.js (docs/JS_API.md), exercised inside a real
// browser page: shapes, values, the Stepper's phase order, bit-exact undo and thrown Errors.
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

/** Run f(api, wasm) in the page; Errors come back as { error: message, isError }. */
const inPage = (f, arg) =>
  page.evaluate(
    ([src, arg]) => {
      const f = new Function(`return (${src})`)();
      return f(window.api, window.wasm, arg);
    },
    [f.toString(), arg],
  );

const NET = { layers: [2, 3, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "normal", seed: 42 };

test("a Network reports its shape, activations, cost and seed", async () => {
  const r = await inPage((api, _w, cfg) => {
    const net = new api.Network(cfg);
    return { sizes: net.layerSizes(), depth: net.depth(), act: [net.activationName(1), net.activationName(2)], cost: net.costName(), seed: net.seed() };
  }, NET);
  assert.deepEqual(r, { sizes: [2, 3, 1], depth: 2, act: ["sigmoid", "sigmoid"], cost: "quadratic", seed: 42 });
});

test("the same seed gives the same weights; setWeight/getWeight round-trip", async () => {
  const r = await inPage((api, _w, cfg) => {
    const a = new api.Network(cfg), b = new api.Network(cfg);
    const same = a.getWeight(2, 0, 1) === b.getWeight(2, 0, 1) && a.getWeight(1, 2, 0) === b.getWeight(1, 2, 0);
    a.setWeight(1, 2, 1, 0.75);
    a.setBias(1, 0, -0.5);
    return { same, w: a.getWeight(1, 2, 1), b: a.getBias(1, 0), untouched: b.getWeight(1, 2, 1) !== 0.75 };
  }, NET);
  assert.deepEqual(r, { same: true, w: 0.75, b: -0.5, untouched: true });
});

test("forward computes a = σ(W a + b) layer by layer, and the zero-copy views hold the caches", async () => {
  const r = await inPage((api, wasm, cfg) => {
    const net = new api.Network(cfg);
    const x = new Float32Array([0.5, -0.25]);
    const out = net.forward(x);
    const sizes = net.layerSizes();
    // oracle written here from getWeight/getBias (the test is allowed to redo the math)
    const sigma = (z) => 1 / (1 + Math.exp(-z));
    let a = Array.from(x);
    for (let l = 1; l <= 2; l++) {
      const next = [];
      for (let j = 0; j < sizes[l]; j++) {
        let z = net.getBias(l, j);
        for (let k = 0; k < sizes[l - 1]; k++) z += net.getWeight(l, j, k) * a[k];
        next.push(sigma(z));
      }
      a = next;
    }
    // layout(): L, n₀…n_L, then per layer W, b, a, z as (byte address, f32 length).
    const lay = Array.from(net.layout());
    const buffer = (l, i) => lay.slice(lay[0] + 2 + 8 * l + 2 * i, lay[0] + 4 + 8 * l + 2 * i);
    const view = ([ptr, n]) => Array.from(new Float32Array(wasm.memory.buffer, ptr, n));
    const W1 = view(buffer(1, 0));
    return {
      isF32: out instanceof Float32Array, out: Array.from(out), oracle: a,
      a0: view(buffer(0, 2)), a2: view(buffer(2, 2)), z1len: view(buffer(1, 3)).length,
      w1len: buffer(1, 0)[1], b1len: buffer(1, 1)[1], sizes: lay.slice(1, lay[0] + 2),
      w1RowMajor: W1[1 * 2 + 0] === net.getWeight(1, 1, 0) && W1[2 * 2 + 1] === net.getWeight(1, 2, 1),
    };
  }, NET);
  assert.ok(r.isF32);
  assert.equal(r.out.length, 1);
  assert.ok(Math.abs(r.out[0] - r.oracle[0]) < 1e-5, `${r.out[0]} ≈ ${r.oracle[0]}`);
  assert.deepEqual(r.a0, [0.5, -0.25]);
  assert.deepEqual(r.a2, r.out);
  assert.equal(r.z1len, 3);
  assert.equal(r.w1len, 3 * 2, "W⁽¹⁾ is n₁ × n₀");
  assert.equal(r.b1len, 3);
  assert.ok(r.w1RowMajor, "weights are row-major [j][k]");
});

test("cost is the mean quadratic cost Σ(a − y)², gradient has the weights' shapes, sgdStep lowers C", async () => {
  const r = await inPage((api, _w, cfg) => {
    const net = new api.Network(cfg);
    const xs = new Float32Array([0.5, -0.25, -0.8, 0.9, 0.1, 0.1]);
    const ys = new Float32Array([1, 0, 1]);
    let mean = 0;
    for (let i = 0; i < 3; i++) mean += (net.forward(xs.subarray(2 * i, 2 * i + 2))[0] - ys[i]) ** 2 / 3;
    const c0 = net.cost(xs, ys);
    const g = net.gradient(xs, ys);
    const before = net.sgdStep(xs, ys, 0.5);
    const c1 = net.cost(xs, ys);
    return {
      c0, mean, before, c1,
      wShapes: g.weights.map((w) => w.length), bShapes: g.biases.map((b) => b.length),
      f32: g.weights[0] instanceof Float32Array,
    };
  }, NET);
  assert.ok(Math.abs(r.c0 - r.mean) < 1e-5, `C = ${r.c0}, mean of (a − y)² = ${r.mean}`);
  assert.deepEqual(r.wShapes, [6, 3]);
  assert.deepEqual(r.bShapes, [3, 1]);
  assert.ok(r.f32);
  assert.ok(Math.abs(r.before - r.c0) < 1e-6, "sgdStep returns the cost before the step");
  assert.ok(r.c1 < r.c0, `one step of gradient descent lowers C (${r.c0} → ${r.c1})`);
});

test("the Stepper runs forward 1..L, cost, backward L..1, update, done", async () => {
  const r = await inPage((api, _w, cfg) => {
    const net = new api.Network({ ...cfg, layers: [2, 3, 2, 1] });
    const s = new api.Stepper(net, new Float32Array([0.3, 0.7]), new Float32Array([1]), 0.5);
    const start = s.phase();
    let early = null;
    try {
      s.delta(1);
    } catch (e) {
      early = { isError: e instanceof Error, message: e.message };
    }
    const phases = [];
    for (let i = 0; i < 8; i++) {
      const p = s.next();
      phases.push(`${p.phase}${p.phase === "forward" || p.phase === "backward" ? p.layer : ""}`);
    }
    return { start: start.phase, early, phases, delta1: Array.from(s.delta(1)).length, cost: s.cost() };
  }, NET);
  assert.equal(r.start, "start");
  assert.deepEqual(r.phases, ["forward1", "forward2", "forward3", "cost", "backward3", "backward2", "backward1", "update"]);
  assert.ok(r.early && r.early.isError, "δ⁽¹⁾ before its phase throws an Error");
  assert.match(r.early.message, /backward/i, `the message names the step: ${r.early.message}`);
  assert.equal(r.delta1, 3);
  assert.ok(r.cost >= 0);
  const done = await inPage((api, _w, cfg) => {
    const net = new api.Network(cfg);
    const s = new api.Stepper(net, new Float32Array([0.3, 0.7]), new Float32Array([1]), 0.5);
    const seen = [];
    for (let i = 0; i < 9; i++) seen.push(s.next().phase);
    return seen.slice(-4); // L = 2: f1 f2 cost b2 b1 update, then done…
  }, NET);
  assert.deepEqual(done, ["update", "done", "done", "done"], "after update comes done, and done stays done");
});

test("Stepper.prev undoes the update and restores the weights bit-exactly", async () => {
  const r = await inPage((api, _w, cfg) => {
    const net = new api.Network(cfg);
    const before = JSON.stringify(net.toJSON());
    const s = new api.Stepper(net, new Float32Array([0.3, 0.7]), new Float32Array([1]), 2.0);
    let p;
    do p = s.next(); while (p.phase !== "update");
    const after = JSON.stringify(net.toJSON());
    const back = s.prev();
    const restored = JSON.stringify(net.toJSON());
    let all = [];
    while (s.phase().phase !== "start") all.push(s.prev().phase);
    return { changed: before !== after, restored: restored === before, back: back.phase, last: all[all.length - 1] };
  }, NET);
  assert.ok(r.changed, "the update phase changed the weights");
  assert.ok(r.restored, "prev() gave back exactly the same numbers");
  assert.equal(r.back, "backward");
  assert.equal(r.last, "start");
});

test("bad arguments throw Errors with readable messages and leave the network usable", async () => {
  const r = await inPage((api, _w, cfg) => {
    const net = new api.Network(cfg);
    const grab = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return { isError: e instanceof Error, notPanic: !(e instanceof WebAssembly.RuntimeError), message: String(e.message) };
      }
    };
    return {
      layer: grab(() => net.getWeight(3, 0, 0)),
      layer0: grab(() => net.setWeight(0, 0, 0, 1)),
      neuron: grab(() => net.getWeight(1, 3, 0)),
      length: grab(() => net.forward(new Float32Array(3))),
      costLen: grab(() => net.cost(new Float32Array(4), new Float32Array(3))),
      act: grab(() => new api.Network({ ...cfg, activation: "sigmoidd" })),
      pgAct: grab(() => new api.Playground({ activation: "sigmoidd" })),
      lr: grab(() => new api.Playground({ learningRate: 0 })),
      stillWorks: net.forward(new Float32Array([0, 0])).length,
    };
  }, NET);
  for (const [k, v] of Object.entries(r)) {
    if (k === "stillWorks") continue;
    assert.ok(v, `${k} threw`);
    assert.ok(v.isError && v.notPanic, `${k} threw a plain Error, not a wasm trap: ${v.message}`);
    assert.ok(v.message.length > 10, `${k} says why: ${v.message}`);
  }
  assert.match(r.act.message, /sigmoidd/);
  assert.match(r.pgAct.message, /sigmoidd/);
  assert.match(r.layer.message, /layer|\bl\b/i);
  assert.equal(r.stillWorks, 1);
});

test("defaults() and names() describe the Playground config, and a Playground trains", async () => {
  const r = await inPage((api) => {
    const d = api.defaults(), n = api.names();
    const pg = new api.Playground({ seed: 3 });
    const m0 = pg.metrics();
    const done = pg.train(200);
    const m1 = pg.metrics();
    pg.evaluateGrid();
    const res = pg.gridResolution();
    return {
      keys: ["dataset", "noise", "trainFraction", "hidden", "activation", "outputActivation", "cost", "init", "seed", "optimizer", "learningRate", "batchSize", "regularization", "regularizationRate"].filter((k) => !(k in d)),
      lists: ["activations", "costs", "inits", "optimizers", "regularizations", "datasets"].every((k) => Array.isArray(n[k]) && n[k].length > 0),
      defaultsValid: n.datasets.includes(d.dataset) && n.activations.includes(d.activation),
      done, it: pg.iterations(), m0, m1,
      gridLen: pg.gridLen(), expected: res * res * (d.hidden.reduce((a, b) => a + b, 0) + pg.outputs()),
      lastOffset: pg.gridOffset(d.hidden.length + 1, 0), res,
    };
  });
  assert.deepEqual(r.keys, [], "defaults() has every documented key");
  assert.ok(r.lists && r.defaultsValid);
  assert.equal(r.done, 200);
  assert.equal(r.it, 200);
  assert.ok(r.m1.trainLoss < r.m0.trainLoss, `training lowers the train cost (${r.m0.trainLoss} → ${r.m1.trainLoss})`);
  assert.equal(r.gridLen, r.expected, "the grid holds every neuron of layers 1..L");
  assert.equal(r.lastOffset, r.gridLen - r.res * r.res, "the output neuron's picture comes last");
});

test("a Playground's training step is the teaching path's sgdStep to the bit (the narrow fast path in wasm)", async () => {
  const r = await inPage((api) => {
    const cases = [
      { hidden: [8, 8], activation: "tanh", outputActivation: "tanh", cost: "quadratic", batchSize: 10 },
      { hidden: [3], activation: "sigmoid", outputActivation: "sigmoid", cost: "crossEntropy", batchSize: 7 },
      { hidden: [32, 5], activation: "relu", outputActivation: "linear", cost: "quadratic", batchSize: 1, dataset: "plane" },
      { hidden: [6, 4, 2], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", batchSize: 13, dataset: "spiral" },
      { hidden: [], activation: "tanh", outputActivation: "tanh", cost: "quadratic", batchSize: 4 },
    ];
    return cases.map((c) => {
      const pg = new api.Playground({ seed: 11, optimizer: "sgd", learningRate: 0.1, ...c });
      const net = pg.network();
      const teach = api.Network.fromSaved(net.toJSON());
      let steps = 0;
      for (; steps < 40; steps++) {
        const { xs, ys } = api.trainingExamples(net, pg.nextBatch());
        teach.sgdStep(xs, ys, 0.1);
        pg.step();
      }
      const [a, b] = [net.toJSON(), teach.toJSON()];
      const flat = (j) => JSON.stringify([j.weights ?? j.network?.weights, j.biases ?? j.network?.biases]);
      const out = { c, steps, same: flat(a) === flat(b), some: flat(a).length > 20 };
      pg.free?.();
      teach.free?.();
      return out;
    });
  });
  for (const c of r) {
    assert.ok(c.some, `the saved network has its weights (${JSON.stringify(c.c)})`);
    assert.ok(c.same, `after ${c.steps} steps the Playground's weights are sgdStep's, bit for bit: ${JSON.stringify(c.c)}`);
  }
});
