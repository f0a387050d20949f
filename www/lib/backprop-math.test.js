import { test } from "node:test";
import assert from "node:assert/strict";
import { chainRule, hiddenSum, zExpansion, mathNumber } from "./backprop-math.js";

test("the weight's chain rule shows each factor's value and ? for those not computed yet", () => {
  const m = chainRule({ kind: "weight", l: 2, j: 1, k: 0 }, { aPrev: 0.5, fprime: 0.25, dCda: null, grad: null });
  assert.match(m, /^<math display="block">/);
  assert.match(m, /data-factor="aPrev">0\.5</);
  assert.match(m, /data-factor="fprime">0\.25</);
  assert.match(m, /class="pending" data-factor="dCda">\?</);
  assert.match(m, /<msubsup><mi>w<\/mi><mrow><mn>1<\/mn><mo>&#x2063;<\/mo><mn>0<\/mn><\/mrow><mrow><mo>\(<\/mo><mn>2<\/mn>/, "w⁽²⁾₁₀: j and k two numbers");
  assert.match(m, /<mi>σ<\/mi><mo>′<\/mo>/);
});

test("a softmax output's chain goes through δ, with no σ′", () => {
  const m = chainRule({ kind: "bias", l: 3, j: 0 }, { delta: -0.2, grad: -0.2 }, { softmax: true });
  assert.doesNotMatch(m, /σ/);
  assert.match(m, /data-factor="delta">−0\.2</);
});

test("a hidden neuron's ∂C₀/∂a expands into one term per neuron of the next layer", () => {
  const t = { w: [1, 2], derivative: [0.5, 0.25], activationGradient: [0.1, -0.1], delta: [0.05, -0.025], products: [0.05, -0.05], sum: 0 };
  const m = hiddenSum(1, 0, 2, t);
  assert.equal((m.match(/data-factor="w-/g) || []).length, 2);
  assert.match(m, /data-factor="dCda-1">−0\.1</);
  assert.match(m, /data-factor="sum">0</);
  assert.equal((hiddenSum(1, 0, 3, null).match(/>\?</g) || []).length, 10, "3 × 3 factors and the sum");
});

test("z expands into its weighted inputs plus the bias", () => {
  const m = zExpansion(1, 0, { w: [0.5, -1], aPrev: [1, 2], b: 0.1, z: -1.4, a: -0.885, act: "tanh" });
  assert.match(m, /data-factor="w-1">−1</);
  assert.match(m, /data-factor="z">−1\.4</);
  assert.match(m, /<mi>tanh<\/mi>/);
});

// Issue 10.1: a numeric 0 is an index, not "no subscript".
test("subscript 0 renders on every symbol of the chain rule, the hidden sum and the z-expansion", () => {
  const m = chainRule({ kind: "weight", l: 3, j: 0, k: 0 }, { aPrev: 1, fprime: 1, dCda: 1, grad: 1 });
  assert.doesNotMatch(m, /<msup><mi>[az]<\/mi>/, "no a⁽ˡ⁾ or z⁽ˡ⁾ without a neuron index");
  assert.match(m, /<msubsup><mi>w<\/mi><mrow><mn>0<\/mn><mo>&#x2063;<\/mo><mn>0<\/mn><\/mrow>/, "w⁽³⁾₀₀");
  assert.match(m, /<msubsup><mi>z<\/mi><mn>0<\/mn><mrow><mo>\(<\/mo><mn>3<\/mn>/, "z⁽³⁾₀");
  assert.match(m, /<msubsup><mi>a<\/mi><mn>0<\/mn><mrow><mo>\(<\/mo><mn>2<\/mn>/, "a⁽²⁾₀");
  const b = chainRule({ kind: "bias", l: 1, j: 0 }, { fprime: 1, dCda: 1, grad: 1 });
  assert.match(b, /<msubsup><mi>b<\/mi><mn>0<\/mn>/, "b⁽¹⁾₀");
  const h = hiddenSum(1, 0, 2, null);
  assert.match(h, /<msubsup><mi>a<\/mi><mn>0<\/mn><mrow><mo>\(<\/mo><mn>1<\/mn>/, "∂C₀/∂a⁽¹⁾₀");
  assert.match(h, /<msubsup><mi>w<\/mi><mrow><mi>i<\/mi><mo>&#x2063;<\/mo><mn>0<\/mn><\/mrow>/, "w⁽²⁾ᵢ₀");
  const z = zExpansion(2, 0, { w: [1], aPrev: [1], b: 0, z: 1, a: 1, act: "relu" });
  assert.match(z, /<msubsup><mi>z<\/mi><mn>0<\/mn>/, "z⁽²⁾₀");
  assert.match(z, /<msubsup><mi>w<\/mi><mrow><mn>0<\/mn><mo>&#x2063;<\/mo><mi>k<\/mi><\/mrow>/, "w⁽²⁾₀ₖ");
  assert.doesNotMatch(z, /<msup><mi>[az]<\/mi>/);
});

test("two-digit indices are separated by a comma, so w⁽¹⁾₁₀,₂ is not w⁽¹⁾₁,₀₂", () => {
  const m = chainRule({ kind: "weight", l: 1, j: 10, k: 2 }, { aPrev: 1, fprime: 1, dCda: 1, grad: 1 });
  assert.match(m, /<mrow><mn>10<\/mn><mo>,<\/mo><mn>2<\/mn><\/mrow>/);
  assert.match(m, /<msubsup><mi>z<\/mi><mn>10<\/mn>/);
});

test("f′ is written for every activation but the sigmoid, which keeps σ′", () => {
  const p = { kind: "weight", l: 2, j: 1, k: 0 };
  const v = { aPrev: 1, fprime: 1, dCda: 1, grad: 1 };
  for (const act of ["tanh", "relu", "leakyRelu", "linear"]) {
    const m = chainRule(p, v, { act });
    assert.doesNotMatch(m, /σ/, act);
    assert.match(m, /<mi>f<\/mi><mo>′<\/mo>/, act);
    assert.doesNotMatch(hiddenSum(1, 0, 2, null, { act }), /σ/, act);
  }
  assert.match(chainRule(p, v, { act: "sigmoid" }), /<mi>σ<\/mi><mo>′<\/mo>/);
  assert.match(zExpansion(1, 0, { w: [1], aPrev: [1], b: 0, z: 0, a: 0.5, act: "sigmoid" }), /<mi>σ<\/mi>/);
});

test("a constant is written exactly, small ones as a power of ten", () => {
  assert.equal(mathNumber(0.9), "<mn>0.9</mn>");
  assert.equal(mathNumber(0.999), "<mn>0.999</mn>");
  assert.equal(mathNumber(0), "<mn>0</mn>");
  assert.equal(mathNumber(1e-8), "<msup><mn>10</mn><mrow><mo>−</mo><mn>8</mn></mrow></msup>");
  assert.equal(mathNumber(2.5e-4), "<mrow><mn>2.5</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>4</mn></mrow></msup></mrow>");
});

test("a wide layer's z-sum wraps: at most three products a row, the bias and z once, at the end", () => {
  const w = Array.from({ length: 9 }, (_, k) => k + 1);
  const m = zExpansion(2, 0, { w, aPrev: w.map(() => 0.5), b: 0.25, z: 22.75, a: 1, act: "tanh" });
  const rows = [...m.matchAll(/<mtr>(.*?)<\/mtr>/g)].map((r) => r[1]);
  assert.equal(rows.length, 1 + 4 + 1, "the formula, four rows of the 10 parts (9 products + b), and a");
  for (const r of rows.slice(1, 5)) assert.ok((r.match(/<mo>·<\/mo>/g) || []).length <= 3, r);
  const numbers = rows.slice(1, 5).join("").match(/<mn[^>]*>[^<]*<\/mn>/g).map((x) => x.replace(/<[^>]+>/g, ""));
  assert.deepEqual(numbers, [...w.flatMap((x) => [String(x), "0.5"]), "0.25", "22.75"], "every product in order, then b, then z");
  assert.ok(rows[4].includes("22.75") && !rows[3].includes("22.75"), "z closes the last row");
});
