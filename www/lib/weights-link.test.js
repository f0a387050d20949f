import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeWeights, decodeWeights, takeWeights, parameterCount } from "./weights-link.js";

const net = (sizes, seed = 1) => {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s / 2 ** 32) * 4 - 2);
  return {
    weights: sizes.slice(1).map((n, i) => Float32Array.from({ length: n * sizes[i] }, r)),
    biases: sizes.slice(1).map((n) => Float32Array.from({ length: n }, r)),
  };
};

test("a network's parameters go through the link value bit for bit", async () => {
  for (const sizes of [[2, 1], [2, 4, 2, 1], [2, 8, 8, 8, 3], [784, 16, 16, 10]]) {
    const p = net(sizes, sizes.length);
    p.weights[0][0] = -0; // a negative zero stays one
    const text = await encodeWeights(p);
    assert.match(text, /^1\.[A-Za-z0-9_-]+$/);
    const back = await decodeWeights(text, sizes);
    for (const k of ["weights", "biases"]) {
      back[k].forEach((a, i) => assert.deepEqual(new Uint32Array(a.buffer), new Uint32Array(Float32Array.from(p[k][i]).buffer), `${sizes}: ${k}[${i}]`));
    }
  }
  assert.equal(parameterCount([2, 4, 2, 1]), 25);
});

test("a bad weights value is refused with what is wrong, never thrown as something else", async () => {
  const text = await encodeWeights(net([2, 4, 2, 1]));
  const cases = [
    ["2.abc", /not a weights value of this version/],
    ["1.ab$c", /not base64url/],
    ["1.AAAA", /not deflate|holds 0 numbers|holds \d+ numbers/],
    [text.slice(0, text.length - 8), /cut short|holds/],
    [text, /holds 25 numbers, but a 2-3-1 network has 13/, [2, 3, 1]],
  ];
  for (const [value, message, sizes = [2, 4, 2, 1]] of cases) await assert.rejects(decodeWeights(value, sizes), message, value);
  const nan = net([2, 1]);
  nan.biases[0][0] = NaN;
  await assert.rejects(decodeWeights(await encodeWeights(nan), [2, 1]), /number 3 is NaN/);
  // Fuzz: 300 mutated values are each decoded or refused with an Error.
  let s = 7;
  for (let i = 0; i < 300; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const at = s % text.length;
    const mutated = text.slice(0, at) + "AZaz09-_$."[s % 10] + text.slice(at + 1);
    try {
      await decodeWeights(mutated, [2, 4, 2, 1]);
    } catch (e) {
      assert.ok(e instanceof Error && e.message.length > 0, String(e));
    }
  }
});

test("takeWeights splits the key off a hash and keeps the rest in order", () => {
  assert.deepEqual(takeWeights("#dataset=xor&weights=1.abc&seed=2"), { hash: "dataset=xor&seed=2", weights: "1.abc" });
  assert.deepEqual(takeWeights("dataset=xor"), { hash: "dataset=xor", weights: null });
});
