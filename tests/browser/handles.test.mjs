// The session owns every wasm handle (www/app/session.js) and wasm-views.js is the only view
// over wasm memory (www/app/wasm-views.js): rebuilding the Playground hundreds of times, in the
// Playground and the Backprop tab, leaves the same handles alive and the wasm memory the same
// size (a leaked Playground per rebuild would grow it by megabytes); the views' accessors read
// exactly what the core's getters return, also after training and after the memory grew; the
// session's own networks take their parameters through the core's checked write; an index
// outside the network is a clear Error, never a silent undefined.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, assertNoProblems } from "./harness.mjs";

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  if (env) await env.close();
});

/** Rebuilds the Playground `n` times through the page's own hash path (seed i, i + 1, …). */
const rebuild = (page, from, n) =>
  page.evaluate(
    ([from, n]) => {
      for (let i = from; i < from + n; i++) {
        history.replaceState(null, "", `#${location.hash.slice(1).replace(/(^|&)seed=\d+/, "")}&seed=${i}`);
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      }
      const s = window.backpropLab.app.session;
      return { live: s.liveHandles(), bytes: s.wasm.memory.buffer.byteLength };
    },
    [from, n],
  );

for (const mode of ["playground", "backprop"]) {
  test(`${mode} tab: 400 rebuilds leave the same live handles and the same wasm memory`, async () => {
    const page = await openApp(env.browser, env.url, `mode=${mode}&hidden=8,8&seed=1`);
    const start = await page.evaluate(() => window.backpropLab.app.session.liveHandles());
    assert.equal(start.playground, 1, "one Playground is alive");
    const warm = await rebuild(page, 10, 50);
    assert.deepEqual(warm.live, start, "after 50 rebuilds: the same handles are alive");
    const later = await rebuild(page, 100, 350);
    assert.deepEqual(later.live, start, "after 400 rebuilds: the same handles are alive");
    // One leaked Playground of this shape holds its data and its 8 + 8 + 1 neuron grids: 350 of
    // them would be tens of MiB. A heap that only reuses its blocks does not grow at all.
    assert.ok(later.bytes - warm.bytes <= 1 << 20, `wasm memory grew by ${later.bytes - warm.bytes} bytes over 350 rebuilds`);
    assert.equal(await page.evaluate(() => window.backpropLab.app.session.pg.iterations()), 0);
    assertNoProblems(page);
    await page.close();
  });
}

test("probes (link checks, dataset previews, saved-file checks) free their handles", async () => {
  const page = await openApp(env.browser, env.url, "seed=2");
  const r = await page.evaluate(() => {
    const s = window.backpropLab.app.session;
    const before = s.liveHandles();
    const bytes0 = s.wasm.memory.buffer.byteLength;
    let points = 0, refused = 0;
    for (let i = 0; i < 300; i++) {
      points += s.previewPoints({ seed: 1, dataset: "spiral", noise: 0, points: 200 }).train.length;
      if (s.refusal({ dataset: "circle", hidden: [4], gridResolution: 2 }) !== null) refused++;
      if (typeof s.refusal({ dataset: "nope", gridResolution: 2 }) === "string") refused++;
    }
    let checkError = null;
    try {
      s.checkSaved({ dataset: "circle", hidden: [2], gridResolution: 2 }, { layers: [2, 3, 1], activations: ["tanh", "tanh"], cost: "quadratic", init: "xavier", seed: 1, weights: [[0, 0, 0, 0, 0, 0], [0, 0, 0]], biases: [[0, 0, 0], [0]] });
    } catch (e) {
      checkError = e.message;
    }
    return { before, after: s.liveHandles(), grew: s.wasm.memory.buffer.byteLength - bytes0, points, refused, checkError };
  });
  assert.deepEqual(r.after, r.before, "every probe's handles were freed");
  assert.ok(r.points > 0, "the previews had points");
  assert.equal(r.refused, 300, "only the bad data set was refused, each time with a message");
  assert.match(r.checkError, /./, "a saved network of another shape is refused with the core's message");
  assert.ok(r.grew <= 1 << 20, `wasm memory grew by ${r.grew} bytes over 900 probes`);
  assertNoProblems(page);
  await page.close();
});

test("wasm-views accessors read what the core's getters return, after training and after the memory grew", async () => {
  const page = await openApp(env.browser, env.url, "hidden=5,3&dataset=threeClass&seed=4");
  const r = await page.evaluate(() => {
    const s = window.backpropLab.app.session;
    const m = s.model, net = s.net, pg = s.pg;
    const bad = [];
    const same = (what, got, want) => {
      if (!Object.is(got, want)) bad.push(`${what}: view ${got}, core ${want}`);
    };
    const compare = (when) => {
      const sizes = Array.from(net.layerSizes());
      same(`${when} sizes`, JSON.stringify(m.sizes), JSON.stringify(sizes));
      // The core's layout(), read here on its own (bindings/src/layout.rs's format): L, n₀…n_L,
      // then per layer W, b, a, z as (byte address, f32 length).
      const lay = Array.from(net.layout());
      same(`${when} layout depth`, lay[0], sizes.length - 1);
      const at = (l, buffer) => lay.slice(sizes.length + 1 + 8 * l + 2 * buffer, sizes.length + 3 + 8 * l + 2 * buffer);
      const lies = (what, view, [address, length]) => {
        same(`${what} address`, view.byteOffset, address);
        same(`${what} length`, view.length, length);
      };
      for (let l = 0; l < sizes.length; l++) {
        lies(`${when} a${l}`, m.a(l), at(l, 2));
        same(`${when} a${l} size`, m.a(l).length, sizes[l]);
      }
      for (let l = 1; l < sizes.length; l++) {
        lies(`${when} W${l}`, m.weights(l), at(l, 0));
        lies(`${when} b${l}`, m.biases(l), at(l, 1));
        lies(`${when} z${l}`, m.z(l), at(l, 3));
        same(`${when} W${l} size`, m.weights(l).length, sizes[l] * sizes[l - 1]);
        same(`${when} z${l} size`, m.z(l).length, sizes[l]);
        for (let j = 0; j < sizes[l]; j++) {
          same(`${when} b${l}${j}`, m.bias(l, j), net.getBias(l, j));
          const row = m.row(l, j);
          same(`${when} row ${l},${j} length`, row.length, sizes[l - 1]);
          for (let k = 0; k < sizes[l - 1]; k++) {
            same(`${when} w${l}${j}${k}`, m.weight(l, j, k), net.getWeight(l, j, k));
            same(`${when} row ${l},${j}[${k}]`, row[k], net.getWeight(l, j, k));
          }
          const g = m.neuronGrid(l, j);
          same(`${when} grid ${l},${j} start`, g.byteOffset, pg.gridPtr() + 4 * pg.gridOffset(l, j));
          same(`${when} grid ${l},${j} cells`, g.length, pg.gridResolution() ** 2);
        }
      }
      same(`${when} grid`, m.grid().byteOffset, pg.gridPtr());
      same(`${when} grid length`, m.grid().length, pg.gridLen());
    };
    compare("built");
    const w0 = m.weight(2, 1, 4);
    s.trainFor(50, 40);
    s.evaluate();
    compare("trained");
    const moved = m.weight(2, 1, 4) !== w0;
    const oldBuffer = m.weights(1).buffer;
    s.wasm.memory.grow(4); // detaches every view over the old buffer
    compare("grown");
    const rebuilt = m.weights(1).buffer !== oldBuffer && m.weights(1).buffer === s.wasm.memory.buffer;
    // a(l) holds the forward pass of x: its last layer is what predict-like reads see.
    s.forward(new Float32Array([0.25, -0.5]));
    const out = Array.from(m.a(m.L));
    // The caches are the core's: a⁽ᴸ⁾ of the same x through net.forward (a copy).
    const copy = Array.from(net.forward(new Float32Array([0.25, -0.5])));
    return { bad, moved, rebuilt, out, copy, outputs: m.outputs };
  });
  assert.deepEqual(r.bad, [], "every view agrees with the core");
  assert.ok(r.moved, "training moved w⁽²⁾₁₄ and the (live) view saw it");
  assert.ok(r.rebuilt, "after memory.grow the views were rebuilt over the new buffer");
  assert.equal(r.out.length, r.outputs);
  assert.deepEqual(r.out, r.copy, "the a⁽ᴸ⁾ view holds what forward returns");
  assert.ok(r.out.every(Number.isFinite));
  assertNoProblems(page);
  await page.close();
});

test("the session's own network: checked writes, copies that match, freed on drop", async () => {
  const page = await openApp(env.browser, env.url, "seed=5");
  const r = await page.evaluate(() => {
    const s = window.backpropLab.app.session;
    const before = s.liveHandles();
    const config = { layers: [3, 4, 2], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 7 };
    const net = s.network("test", config);
    const during = s.liveHandles();
    const weights = [Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 8), Float32Array.from({ length: 8 }, (_, i) => i / 16)];
    const biases = [new Float32Array([0.5, -0.5, 0.25, 0]), new Float32Array([1, -1])];
    s.setParameters(net, weights, biases);
    const copy = s.parameters(net);
    const v = s.views(net);
    const agree = [1, 2].every((l) =>
      [...Array(config.layers[l]).keys()].every((j) =>
        v.bias(l, j) === net.getBias(l, j) &&
        [...Array(config.layers[l - 1]).keys()].every((k) => v.weight(l, j, k) === net.getWeight(l, j, k))));
    const errors = {};
    const tryIt = (name, f) => {
      try {
        f();
      } catch (e) {
        errors[name] = e instanceof Error ? e.message : `not an Error: ${e}`;
      }
    };
    tryIt("shape", () => s.setParameters(net, [new Float32Array(11), weights[1]], biases));
    tryIt("layers", () => s.setParameters(net, [weights[0]], biases));
    tryIt("long", () => net.setParameters(new Float32Array(27)));
    tryIt("short", () => net.setParameters(new Float32Array(25)));
    tryIt("nan", () => s.setParameters(net, [weights[0], Float32Array.of(NaN, 0, 0, 0, 0, 0, 0, 0)], biases));
    const unchanged = net.getWeight(1, 0, 0) === weights[0][0] && net.getWeight(2, 0, 0) === weights[1][0];
    const acts = s.activations(net, new Float32Array([1, 0, -1]));
    // The same name replaces the network and frees the old one.
    const net2 = s.network("test", { ...config, seed: 8 });
    tryIt("freed views", () => s.views(net));
    const replaced = s.liveHandles();
    s.drop("test");
    return {
      before, during, replaced, after: s.liveHandles(), agree, unchanged, errors,
      copy: copy.weights.map((w) => Array.from(w)).concat(copy.biases.map((b) => Array.from(b))),
      given: weights.map((w) => Array.from(w)).concat(biases.map((b) => Array.from(b))),
      acts: acts.map((a) => a.length), distinct: net2 !== net,
    };
  });
  assert.equal(r.during.network, r.before.network + 1, "network() made one handle");
  assert.deepEqual(r.replaced, r.during, "a second network under the same name freed the first");
  assert.deepEqual(r.after, r.before, "drop freed it");
  assert.deepEqual(r.copy, r.given, "parameters() copies exactly what setParameters wrote");
  assert.ok(r.agree, "the views agree with getWeight/getBias");
  assert.match(r.errors.shape, /^setParameters: W of layer 1 must hold 12 numbers, got 11$/, "a wrong shape is named");
  assert.match(r.errors.layers, /^setParameters: this network has 2 weight layers, got 1 weight and 2 bias layers$/);
  assert.match(r.errors.nan, /finite|NaN/i, "a NaN is refused");
  assert.match(r.errors.long, /^setParameters: values has 27 numbers, more than this network's 26 parameters$/);
  assert.match(r.errors.short, /layer 2 of this network has 2×4 weights and 2 biases, but 8 weights and 1 biases were given/);
  assert.ok(r.unchanged, "a refused write changes nothing");
  assert.match(r.errors["freed views"], /not one the session holds/);
  assert.deepEqual(r.acts, [3, 4, 2]);
  assert.ok(r.distinct);
  assertNoProblems(page);
  await page.close();
});

test("an index outside the network is a clear Error from every accessor", async () => {
  const page = await openApp(env.browser, env.url, "hidden=4&seed=6");
  const messages = await page.evaluate(() => {
    const m = window.backpropLab.app.session.model; // sizes [2, 4, 1]
    const calls = {
      "weight(0,0,0)": () => m.weight(0, 0, 0),
      "weight(3,0,0)": () => m.weight(3, 0, 0),
      "weight(1,4,0)": () => m.weight(1, 4, 0),
      "weight(1,0,2)": () => m.weight(1, 0, 2),
      "weight(1.5,0,0)": () => m.weight(1.5, 0, 0),
      "weight(1,-1,0)": () => m.weight(1, -1, 0),
      "row(2,1)": () => m.row(2, 1),
      "bias(1,'0')": () => m.bias(1, "0"),
      "weights(NaN)": () => m.weights(NaN),
      "biases(0)": () => m.biases(0),
      "a(3)": () => m.a(3),
      "z(0)": () => m.z(0),
      "neuronGrid(2,1)": () => m.neuronGrid(2, 1),
    };
    const out = {};
    for (const [name, f] of Object.entries(calls)) {
      try {
        out[name] = `returned ${f()}`;
      } catch (e) {
        out[name] = e instanceof Error ? e.message : `threw a non-Error ${e}`;
      }
    }
    return out;
  });
  const layers = /weight layers are 1 to 2/;
  assert.match(messages["weight(0,0,0)"], layers);
  assert.match(messages["weight(3,0,0)"], layers);
  assert.match(messages["weight(1.5,0,0)"], /^weight: the layer l must be a whole number, got 1\.5$/);
  assert.match(messages["weights(NaN)"], /^weights: the layer l must be a whole number, got NaN$/);
  assert.match(messages["biases(0)"], layers);
  assert.match(messages["z(0)"], layers);
  assert.match(messages["weight(1,4,0)"], /layer 1 has 4 neurons \(0 to 3\), so there is no neuron j = 4/);
  assert.match(messages["weight(1,0,2)"], /layer 0 has 2 neurons \(0 to 1\), so there is no neuron k = 2/);
  assert.match(messages["weight(1,-1,0)"], /^weight: the neuron j must be a whole number, got -1$/);
  assert.match(messages["row(2,1)"], /^row: layer 2 has 1 neurons .*no neuron j = 1/);
  assert.match(messages["bias(1,'0')"], /^bias: the neuron j must be a whole number, got "0"$/);
  assert.match(messages["a(3)"], /^a: layer 3 does not exist: this network has layers 0 \(input\) to 2/);
  assert.match(messages["neuronGrid(2,1)"], /^neuronGrid: .*no neuron j = 1/);
  assertNoProblems(page);
  await page.close();
});

test("Digits tab: its page network and its backprop stepper are the session's, freed on rebuild", async () => {
  const page = await newPage(env.browser, env.url, { width: 1600, height: 1000 });
  await page.goto(`${env.url}index.html?digits=light#mode=digits`);
  await page.waitForFunction(() => window.backpropLab?.app?.digits?.status === "ready" && window.backpropLab.app.digits.net, null, { timeout: 60000, polling: 100 });
  const live = () => page.evaluate(() => window.backpropLab.app.session.liveHandles());
  const start = await live();
  assert.equal(start.network, 2, "the Playground's network and the Digits page network");
  await page.click("#digits-scene .dg-thumb");
  for (let i = 0; i < 3; i++) await page.click("#digits-scene .dg-bp-step");
  assert.equal((await live()).stepper, start.stepper + 1, "the Digits backprop walk is one session stepper");
  const r = await page.evaluate(() => {
    const { session: s, digits: d } = window.backpropLab.app;
    const bytes = () => s.wasm.memory.buffer.byteLength;
    for (let i = 0; i < 10; i++) d.rebuild(d.controls.network());
    const warm = bytes();
    for (let i = 0; i < 60; i++) d.rebuild(d.controls.network());
    const v = s.views(d.net);
    const agree = [0, 5, 783].every((k) => v.weight(1, 3, k) === d.net.getWeight(1, 3, k)) && v.bias(3, 9) === d.net.getBias(3, 9);
    return { live: s.liveHandles(), grew: bytes() - warm, agree };
  });
  assert.deepEqual(r.live, { ...start }, "70 rebuilds freed every old network and the walk's stepper");
  assert.ok(r.grew <= 1 << 20, `wasm memory grew by ${r.grew} bytes over 60 rebuilds`);
  assert.ok(r.agree, "the Digits network's views read what getWeight/getBias return");
  assertNoProblems(page);
  await page.close();
});
