// What the page shows that the core derives (bindings/src/derived.rs, issue 12 "JS does no
// math"), exercised in a real browser: predictedClass, oneHot, digitInput, predictedChange and
// Digits.epochs()/examplesUntil() of the extras module. Each is checked against what the core
// does elsewhere (a Surface point's step, the trainer's input and counters), and bad arguments
// throw an Error that says why.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, apiPage, assertNoProblems } from "./harness.mjs";

let env, page;
before(async () => {
  env = await setup();
  page = await apiPage(env, { extras: true });
});
after(async () => {
  if (page) assertNoProblems(page);
  if (env) await env.close();
});

/** Run f(api, extras, arg) in the page. */
const inPage = (f, arg) =>
  page.evaluate(
    ([src, arg]) => {
      const f = new Function(`return (${src})`)();
      return f(window.api, window.x, arg);
    },
    [f.toString(), arg],
  );

/** The message f throws in the page (null if it returns). */
const thrown = (f, arg) =>
  inPage(
    (api, x, [src, arg]) => {
      try {
        new Function(`return (${src})`)()(api, x, arg);
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : `not an Error: ${String(e)}`;
      }
    },
    [f.toString(), arg],
  );

const NET = (layers) => ({ layers, activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "normal", seed: 5 });

test("predictedClass is the largest output (the first on ties); an empty or non-finite output throws", async () => {
  assert.equal(await inPage((_a, x) => x.predictedClass(new Float32Array([0.1, 0.8, 0.3]))), 1);
  assert.equal(await inPage((_a, x) => x.predictedClass([0.2, 0.9, 0.9, 0.1])), 1);
  assert.equal(await inPage((_a, x) => x.predictedClass([-2, -3, -1])), 2);
  assert.match(await thrown((_a, x) => x.predictedClass([])), /empty output/);
  assert.match(await thrown((_a, x) => x.predictedClass(new Float32Array([0.1, NaN]))), /predictedClass: output\[1\]/);
  assert.match(await thrown((_a, x) => x.predictedClass("0.5")), /predictedClass: output/);
});

test("oneHot is the digit trainer's target; a class outside the classes throws", async () => {
  const y = await inPage((_a, x) => Array.from(x.oneHot(3, 10)));
  assert.deepEqual(y, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  assert.match(await thrown((_a, x) => x.oneHot(10, 10)), /class 10 is not one of the 10 classes 0 to 9/);
  assert.match(await thrown((_a, x) => x.oneHot(-1, 10)), /oneHot: label/);
  assert.match(await thrown((_a, x) => x.oneHot(1, 1.5)), /oneHot: classes/);
});

test("digitInput is byte / 255 in f32, as the trainer computes it; an image of the wrong size throws", async () => {
  const r = await inPage((_a, x) => {
    const image = Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
    return { image: Array.from(image), x: Array.from(x.digitInput(image)) };
  });
  assert.equal(r.x.length, 784);
  // The oracle: the byte times the f32 of 1/255, rounded to f32 (src/digits.rs, DigitSet::input).
  const k = Math.fround(1 / 255);
  r.image.forEach((b, i) => assert.equal(r.x[i], Math.fround(b * k), `pixel ${i}`));
  assert.ok(r.x.includes(1) && r.x.includes(0));
  assert.match(await thrown((_a, x) => x.digitInput(new Uint8Array(783))), /784 pixels \(28 × 28\), not 783/);
  assert.match(await thrown((_a, x) => x.digitInput(new Float32Array(784))), /digitInput: image/);
});

test("predictedChange of a Surface point is ∇C · Δp of its own step; a point without a gradient throws", async () => {
  const r = await inPage((api, x, cfg) => {
    const net = new api.Network(cfg);
    const xs = new Float32Array([0.5, -0.5, -0.25, 0.75, 0.9, 0.1]);
    const ys = new Float32Array([1, 0, 1]);
    const s = new x.Surface(net.toJSON(), xs, ys);
    s.fit();
    const point = s.point(0.3);
    const change = x.predictedChange(point);
    s.free();
    net.free();
    return { point, change };
  }, NET([2, 3, 1]));
  const p = r.point;
  assert.ok(p.gradA !== 0 || p.gradB !== 0, "the test's point has a gradient");
  const dot = p.gradA * p.stepA + p.gradB * p.stepB;
  assert.ok(Math.abs(r.change - dot) <= 1e-6 * Math.max(1, Math.abs(dot)), `${r.change} vs ${dot}`);
  assert.ok(r.change < 0, "a gradient step lowers C to first order");
  assert.match(await thrown((_a, x) => x.predictedChange({ gradA: 1, eta: 0.1 })), /predictedChange: point.gradB/);
  assert.match(await thrown((_a, x) => x.predictedChange({ gradA: 1, gradB: NaN, eta: 0.1 })), /predictedChange: point.gradB/);
  assert.match(await thrown((_a, x) => x.predictedChange(null)), /predictedChange: point/);
});

test("Digits.epochs() is examples seen over the training set; examplesUntil counts to a target", async () => {
  const r = await inPage((_a, x) => {
    const n = 20;
    const header = (dims, sizes) => [0, 0, 8, dims, ...sizes.flatMap((s) => [(s >>> 24) & 255, (s >>> 16) & 255, (s >>> 8) & 255, s & 255])];
    const images = Uint8Array.from([...header(3, [n, 28, 28]), ...Array.from({ length: n * 784 }, (_, i) => (i % 7 ? 0 : 200))]);
    const labels = Uint8Array.from([...header(1, [n]), ...Array.from({ length: n }, (_, i) => i % 10)]);
    const net = { layers: [784, 6, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 3 };
    const d = new x.Digits(net, 0.5, 4, images, labels, images, labels);
    const out = { start: [d.epochs(), d.examplesUntil(1), d.examplesUntil(2.5)] };
    const used = d.train(8);
    out.after = [used, d.examplesSeen(), d.epochs(), d.examplesUntil(1)];
    d.train(d.examplesUntil(1));
    out.epoch = [d.examplesSeen(), d.epochs(), d.epoch(), d.examplesUntil(1), d.examplesUntil(0.5)];
    out.errors = [-1, NaN, Infinity, "1"].map((v) => {
      try {
        d.examplesUntil(v);
        return null;
      } catch (e) {
        return e.message;
      }
    });
    d.free();
    return out;
  });
  assert.deepEqual(r.start, [0, 20, 50]);
  const [used, seen, epochs, left] = r.after;
  assert.equal(seen, used);
  assert.equal(epochs, used / 20);
  assert.equal(left, 20 - used);
  assert.deepEqual(r.epoch, [20, 1, 1, 0, 0]);
  assert.match(r.errors[0], /a number of epochs is a finite number ≥ 0, not -1/);
  for (const m of r.errors.slice(1)) assert.match(m ?? "", /examplesUntil: epochs/);
});

test("descendParameter is one parameter's step p − η ∂C/∂p with the page module's own C and gradient; bad arguments throw", async () => {
  const r = await inPage((api, x, cfg) => {
    const net = new api.Network(cfg);
    const xs = new Float32Array([0.5, -0.5, -0.25, 0.75, 0.9, 0.1]);
    const ys = new Float32Array([1, 0, 1]);
    const g = net.gradient(xs, ys);
    const cost = net.cost(xs, ys);
    const out = [];
    for (const [kind, l, j, k, grad, value] of [
      ["weight", 1, 2, 1, g.weights[0][2 * 2 + 1], net.getWeight(1, 2, 1)],
      ["bias", 2, 0, 0, g.biases[1][0], net.getBias(2, 0)],
    ]) out.push({ got: Array.from(x.descendParameter(net.toJSON(), xs, ys, kind, l, j, k, 0.5)), want: [cost, grad, value, Math.fround(value - Math.fround(0.5 * grad))] });
    net.free();
    return out;
  }, NET([2, 3, 1]));
  for (const { got, want } of r) assert.deepEqual(got, want, "[C, ∂C/∂p, p, p − η ∂C/∂p] as the page module computes them");
  const bad = (a) =>
    thrown((api, x, a) => {
      const net = new api.Network({ layers: [2, 3, 1], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 });
      const json = net.toJSON();
      net.free();
      return x.descendParameter(a.net === "bad" ? { layers: [2] } : json, a.xs ?? [0.5, 0.5], a.ys ?? [1], a.kind ?? "weight", a.l ?? 1, a.j ?? 0, a.k ?? 0, a.eta ?? 0.1);
    }, a);
  assert.match(await bad({ kind: "neuron" }), /descendParameter: kind: a parameter is a "weight" or a "bias", not "neuron"/);
  assert.match(await bad({ l: 3 }), /layer/);
  assert.match(await bad({ eta: -1 }), /learning rate/);
  assert.match(await bad({ eta: "fast" }), /descendParameter: eta/);
  assert.match(await bad({ xs: [0.5] }), /examples|input/);
  assert.match(await bad({ net: "bad" }), /./);
});
