import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeHash, encodeHash, splitHash, TYPES } from "./hash.js";
import { makeTable, Store, fitActivations } from "./state.js";

// Stand-ins for Rust's defaults() and names(): the table is built from whatever Rust says.
const D = {
  dataset: "circle", points: 500, noise: 0, trainFraction: 50, hidden: [4, 2], activation: "tanh",
  outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1, optimizer: "sgd",
  learningRate: 0.03, batchSize: 10, regularization: "none", regularizationRate: 0, gridResolution: 48,
};
const N = {
  activations: ["sigmoid", "tanh", "relu", "leakyRelu", "linear", "softmax"], costs: ["quadratic", "crossEntropy"],
  inits: ["normal", "xavier", "he", "uniform", "zeros"], optimizers: ["sgd", "momentum", "adam"],
  regularizations: ["none", "l1", "l2"], datasets: ["circle", "xor", "gaussian", "spiral", "plane", "multiGaussian", "threeClass", "custom"],
};
const table = makeTable(D, N);

test("an empty hash gives Rust's defaults and no notice", () => {
  const { values, notices } = decodeHash("", table);
  assert.deepEqual(notices, []);
  assert.equal(values.learningRate, 0.03);
  assert.deepEqual(values.hidden, [4, 2]);
  assert.deepEqual(values.activations, ["tanh", "tanh"]);
  assert.equal(values.showTest, false);
});

test("every field survives encode then decode", () => {
  const values = {
    ...decodeHash("", table).values,
    dataset: "spiral", noise: 25, trainFraction: 70, seed: 12345, hidden: [8, 3, 1],
    activations: ["relu", "tanh", "sigmoid"], outputActivation: "tanh", cost: "crossEntropy",
    init: "he", optimizer: "adam", learningRate: 0.001, regularization: "l2", regularizationRate: 0.01,
    batchSize: 25, customPoints: [0.5, -0.25, 1, -0.125, 0.75, 0], showTest: true,
  };
  const again = decodeHash("#" + encodeHash(values, table), table);
  assert.deepEqual(again.notices, []);
  assert.deepEqual(again.values, values);
});

test("a bad value falls back to the default with a notice naming key, text and default", () => {
  const { values, notices } = decodeHash("#lr=abc&noise=10", table);
  assert.equal(values.learningRate, 0.03);
  assert.equal(values.noise, 10, "good keys beside a bad one still apply");
  assert.equal(notices.length, 1);
  assert.match(notices[0], /Ignored bad value for lr: 'abc'/);
  assert.match(notices[0], /using 0\.03/);
});

test("out-of-range and unknown names are bad values too", () => {
  const { values, notices } = decodeHash("#noise=99&dataset=moon&hidden=4,0&act=tanh,sigmoidd&lr=0&batch=2.5", table);
  assert.equal(values.noise, 0);
  assert.equal(values.dataset, "circle");
  assert.deepEqual(values.hidden, [4, 2]);
  assert.deepEqual(values.activations, ["tanh", "tanh"]);
  assert.equal(values.learningRate, 0.03);
  assert.equal(values.batchSize, 10);
  assert.equal(notices.length, 6);
});

test("unknown keys are ignored silently", () => {
  const { notices } = decodeHash("#frobnicate=7&lr=0.1", table);
  assert.deepEqual(notices, []);
});

test("numbers reject trailing junk, Infinity and NaN", () => {
  for (const s of ["1x", "Infinity", "NaN", "", "0x10", "1e999"]) assert.throws(() => TYPES.number.parse(s), s);
  assert.equal(TYPES.number.parse("1e-3"), 0.001);
  assert.equal(TYPES.number.parse("-.5"), -0.5);
});

test("custom points encode as x,y,label triples", () => {
  assert.equal(TYPES.points.serialize([0.5, -1, 1, 0, 0.25, 0]), "0.5,-1,1;0,0.25,0");
  assert.deepEqual(TYPES.points.parse("0.5,-1,1;0,0.25,0"), [0.5, -1, 1, 0, 0.25, 0]);
  assert.throws(() => TYPES.points.parse("0.5,1"));
});

test("an empty hidden list means no hidden layer", () => {
  const { values, notices } = decodeHash("#hidden=&act=", table);
  assert.deepEqual(notices, []);
  assert.deepEqual(values.hidden, []);
});

test("splitHash tolerates a leading '#', empty pairs and percent-encoding", () => {
  const m = splitHash("#a=1&&b=%27x%27&c");
  assert.equal(m.get("a"), "1");
  assert.equal(m.get("b"), "'x'");
  assert.equal(m.get("c"), "");
});

test("activations are padded or cut to the number of hidden layers", () => {
  const v = fitActivations({ hidden: [3, 3, 3], activations: ["relu"] }, "tanh");
  assert.deepEqual(v.activations, ["relu", "relu", "relu"]);
  assert.deepEqual(fitActivations({ hidden: [3], activations: ["relu", "tanh"] }, "tanh").activations, ["relu"]);
});

test("the store notifies only fields that changed and writes the hash", () => {
  const { store } = Store.fromHash(table, "#lr=0.1", "tanh");
  const seen = [];
  store.subscribe((changed) => seen.push(changed));
  store.set({ learningRate: 0.1, noise: 5 });
  assert.deepEqual(seen, [["noise"]]);
  assert.match(store.toHash(), /(^|&)lr=0\.1(&|$)/);
  assert.match(store.toHash(), /(^|&)noise=5(&|$)/);
  assert.ok(store.playgroundConfig().customPoints instanceof Float32Array);
});
