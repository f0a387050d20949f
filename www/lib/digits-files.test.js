import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeF32, decodeF32, saveNetwork, loadNetwork } from "./digits-files.js";

const net = (fill = 0.5) => ({
  layers: [784, 2, 10], activations: ["sigmoid", "sigmoid"], cost: "quadratic", init: "xavier", seed: 1,
  weights: [new Float32Array(1568).fill(fill), new Float32Array(20).fill(-1 / 3)],
  biases: [new Float32Array(2), new Float32Array(10).fill(0.1)],
});

test("f32 values survive base64 exactly", () => {
  const v = Float32Array.from([0.1, -1 / 3, 1e-38, 3.4e38, 0]);
  assert.deepEqual(decodeF32(encodeF32(v)), v);
});

test("a saved network loads back with the same weights and notes", () => {
  const back = loadNetwork(saveNetwork(net(), { testAccuracy: 0.96 }));
  assert.deepEqual(back.weights[1], net().weights[1]);
  assert.deepEqual(back.biases[1], net().biases[1]);
  assert.equal(back.notes.testAccuracy, 0.96);
});

test("Network.toJSON's plain arrays load too", () => {
  const n = net();
  const back = loadNetwork({ ...n, weights: n.weights.map((w) => [...w]), biases: n.biases.map((b) => [...b]) });
  assert.deepEqual(back.weights[0], n.weights[0]);
});

test("a file of the wrong shape is refused with a reason", () => {
  assert.throws(() => loadNetwork("{"), /not JSON/);
  assert.throws(() => loadNetwork({ ...net(), layers: [2, 2, 10] }), /784 inputs to 10 outputs/);
  const n = net();
  n.weights[0] = new Float32Array(3);
  assert.throws(() => loadNetwork(saveNetwork(n)), /layer 1 needs 1568 weights/);
});
