import { test } from "node:test";
import assert from "node:assert/strict";
import {
  sup, sub, layer, indices, sym, paramName, derivativeName, activationName,
  fmt, fmtNum, parseNum, parseDecimal, plural, neuronValue, decimals, significant, percent, count,
} from "./notation.js";

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

test("a label has 3 significant digits, exponents below 1e-3, and — for what is not a number", () => {
  assert.equal(fmt(0.123456), "0.123");
  assert.equal(fmt(0.123456, 4), "0.1235");
  assert.equal(fmt(-12.345), "-12.3");
  assert.equal(fmt(1234.5), "1230");
  assert.equal(fmt(0), "0");
  assert.equal(fmt(0.0004567), "4.6e-4");
  assert.equal(fmt(-0.0004567), "-4.6e-4");
  assert.equal(fmt(0.001), "0.001");
  for (const v of [NaN, Infinity, -Infinity, null, undefined]) assert.equal(fmt(v), "—");
});

test("a Backprop panel value shows 4 significant digits with a true minus sign, and reads back", () => {
  assert.equal(fmtNum(-0.123456), "−0.1235");
  assert.equal(fmtNum(12.34567), "12.35");
  assert.equal(fmtNum(0.5, 2), "0.5");
  assert.equal(fmtNum(0), "0");
  assert.equal(fmtNum(null), "?");
  assert.equal(fmtNum(undefined), "?");
  assert.equal(fmtNum(NaN), "—");
  assert.equal(fmtNum(Infinity), "—");
  assert.equal(fmtNum(-2.5e-6), "−2.500e−6");
  assert.equal(fmtNum(123456), "1.235e+5");
  assert.equal(fmtNum(9876.5), "9877");
  assert.equal(parseNum(fmtNum(-2.5e-6)), -2.5e-6);
  assert.ok(Math.abs(parseNum(fmtNum(-0.123456)) + 0.123456) < 5e-5);
  assert.ok(Number.isNaN(parseNum("?")) && Number.isNaN(parseNum("—")));
});

test("a neuron's value has two decimals, whole numbers from 10, a true minus sign", () => {
  assert.equal(neuronValue(0.7311), "0.73");
  assert.equal(neuronValue(-0.2), "−0.20");
  assert.equal(neuronValue(0), "0.00");
  assert.equal(neuronValue(12.6), "13");
  assert.equal(neuronValue(-10.2), "−10");
  assert.equal(neuronValue(NaN), "—");
  assert.equal(neuronValue(-Infinity), "—");
});

test("decimals, percentages and counts, and — for what is not a number", () => {
  assert.equal(decimals(1.23456, 2), "1.23");
  assert.equal(decimals(2, 3), "2.000");
  assert.equal(decimals(-0.5, 0), "-1");
  assert.equal(percent(0.97312), "97.3%");
  assert.equal(percent(0.97312, 2, " %"), "97.31 %");
  assert.equal(percent(0.5, 0, " %"), "50 %");
  assert.equal(percent(1), "100.0%");
  assert.equal(count(60000), "60,000");
  assert.equal(count(1234.6), "1,235");
  assert.equal(count(0), "0");
  assert.equal(significant(3), "3.00");
  assert.equal(significant(0.035612), "0.0356");
  assert.equal(significant(1234.5, 2), "1.2e+3");
  for (const v of [NaN, Infinity, null, undefined, "1"]) {
    assert.equal(significant(v), "—");
    assert.equal(decimals(v, 2), "—");
    assert.equal(percent(v), "—");
    assert.equal(count(v), "—");
  }
});

test("a typed number takes a decimal point or a decimal comma, and nothing else", () => {
  for (const [text, v] of [["0.03", 0.03], ["0,03", 0.03], [" 1,5 ", 1.5], ["1.5", 1.5], ["3", 3], [",5", 0.5], ["5,", 5], ["−2,5", -2.5], ["-2.5", -2.5], ["1e-3", 0.001], ["1,5E2", 150], ["+4", 4]]) {
    assert.equal(parseDecimal(text), v, text);
  }
  for (const bad of ["", " ", "abc", "1,000.5", "1.2.3", "1,2,3", "1 5", "0x10", "Infinity", "NaN", "e5", ".", ","]) {
    assert.ok(Number.isNaN(parseDecimal(bad)), `"${bad}" is refused`);
  }
});

test("plural labels: 1 hidden layer, 2 hidden layers, 0 hidden layers", () => {
  assert.equal(plural(1, "hidden layer"), "1 hidden layer");
  assert.equal(plural(2, "hidden layer"), "2 hidden layers");
  assert.equal(plural(0, "hidden layer"), "0 hidden layers");
  assert.equal(plural(1000, "image"), "1,000 images");
  assert.equal(plural(1, "child", "children"), "1 child");
});
