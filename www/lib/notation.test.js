import { test } from "node:test";
import assert from "node:assert/strict";
import { sup, sub, layer, indices, sym, paramName, derivativeName, activationName } from "./notation.js";

test("a layer superscript is always in parentheses; neuron 0 is an index", () => {
  assert.equal(layer(3), "⁽³⁾");
  assert.equal(layer(12), "⁽¹²⁾");
  assert.equal(sym("a", 2, 0), "a⁽²⁾₀");
  assert.equal(sym("a", 0), "a⁽⁰⁾");
  assert.equal(paramName({ kind: "weight", l: 3, j: 0, k: 0 }), "w⁽³⁾₀₀");
  assert.equal(paramName({ kind: "bias", l: 1, j: 0 }), "b⁽¹⁾₀");
});

test("two-digit indices are comma-separated", () => {
  assert.equal(indices(1, 0), "₁₀");
  assert.equal(indices(10, 2), "₁₀,₂");
  assert.equal(paramName({ kind: "weight", l: 1, j: 3, k: 17 }), "w⁽¹⁾₃,₁₇");
  assert.equal(sub("jk"), "ⱼₖ");
  assert.equal(sup("2"), "²");
});

test("σ′ only for the sigmoid", () => {
  assert.equal(derivativeName("sigmoid"), "σ′");
  for (const a of ["tanh", "relu", "leakyRelu", "linear"]) assert.equal(derivativeName(a), "f′");
  assert.equal(activationName("sigmoid"), "σ");
  assert.equal(activationName("tanh"), "tanh");
});
