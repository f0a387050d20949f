import { test } from "node:test";
import assert from "node:assert/strict";
import { markerPath, CLASS_COLORS, regressionColor, pointColor, weightColor, diverging, divergingLUT, activationGrey, normalize, blendClasses, BLUE, RED, ORANGE, activationRange, paintLUT } from "./colors.js";
import { weightWidth } from "./scale.js";

const rgb = (s) => s.match(/\d+(\.\d+)?/g).map(Number);

test("positive weights are blue and negative weights red", () => {
  assert.deepEqual(rgb(weightColor(0.8)).slice(0, 3), BLUE);
  assert.deepEqual(rgb(weightColor(-0.8)).slice(0, 3), RED);
});

test("a larger |w| draws a wider, more opaque line, the same for either sign", () => {
  assert.ok(weightWidth(2) > weightWidth(0.5));
  assert.equal(weightWidth(-1.5), weightWidth(1.5));
  assert.ok(rgb(weightColor(0.9))[3] > rgb(weightColor(0.1))[3]);
  assert.equal(weightWidth(1e9), 8, "width saturates");
  assert.equal(weightWidth(0), 0.5, "a zero weight is still visible");
});

test("a non-finite weight is painted fully transparent, never as NaN", () => {
  assert.equal(rgb(weightColor(NaN))[3], 0);
  assert.ok(!weightColor(NaN).includes("NaN"));
});

test("the diverging map runs orange → dark → blue", () => {
  const lo = diverging(0, 1), mid = diverging(0.5, 1), hi = diverging(1, 1);
  assert.deepEqual(lo, ORANGE);
  assert.deepEqual(hi, BLUE);
  assert.ok(mid.every((c) => c < 30), "the boundary is near-black");
});

test("the lookup table matches the diverging map", () => {
  const lut = divergingLUT(0.85);
  assert.equal(lut.length, 1024);
  assert.deepEqual(Array.from(lut.slice(255 * 4, 255 * 4 + 3)), diverging(1, 0.85));
  assert.equal(lut[3], 255);
});

test("neurons light up grey-white with their activation, clamped to the range", () => {
  assert.equal(activationGrey(0), 0);
  assert.equal(activationGrey(1), 255);
  assert.equal(activationGrey(0.5), 128);
  assert.equal(activationGrey(-3), 0);
  assert.equal(activationGrey(0, [-1, 1]), 128);
  assert.equal(activationGrey(NaN), 128, "NaN paints the neutral grey");
});

test("activation ranges: sigmoid is [0, 1], tanh is [-1, 1]", () => {
  assert.deepEqual(activationRange("sigmoid"), [0, 1]);
  assert.deepEqual(activationRange("tanh"), [-1, 1]);
  assert.equal(normalize(0, -1, 1), 0.5);
});

test("three-class blending leans to the most likely class", () => {
  const c = blendClasses([0.05, 0.9, 0.05], 1);
  assert.ok(c[2] > c[0], "blue dominates for class 1");
  assert.deepEqual(blendClasses([1 / 3, 1 / 3, 1 / 3], 1), [14, 14, 18], "no preference → the mid colour");
});


test("regression points run orange → light grey → blue, so mid values stay visible on black", () => {
  assert.deepEqual(regressionColor(0), ORANGE);
  assert.deepEqual(regressionColor(1), BLUE);
  assert.ok(regressionColor(0.5).every((c) => c > 200));
  assert.match(pointColor(1, false), /rgba\(88,196,221/);
  assert.ok(!pointColor(NaN, true).includes("NaN"));
});

test("paintLUT maps lo and hi to the table's ends, clamps outside and paints NaN in the middle", () => {
  const lut = new Uint8ClampedArray(256 * 4).map((_, i) => (i % 4 === 3 ? 255 : i >> 2)); // grey ramp 0..255
  const data = new Uint8ClampedArray(5 * 4);
  paintLUT(data, [9, -1, 3, 1, NaN, 5], 1, 5, -1, 1, lut);
  const reds = [0, 1, 2, 3, 4].map((i) => data[i * 4]);
  assert.deepEqual(reds, [0, 255, 255, 127, 255]); // −1 → 0; 3 → clamped → 255; 1 → 255; NaN → middle; 5 → 255
  assert.ok([0, 1, 2, 3, 4].every((i) => data[i * 4 + 3] === 255));
});

test("class markers differ in shape (circle, square, triangle, …, eight); two classes and regression stay circles", () => {
  const calls = (label, shapes) => {
    const log = [];
    const ctx = new Proxy({}, { get: (_, name) => (...args) => log.push(name) });
    markerPath(ctx, 10, 10, 4, label, shapes);
    return log.join(",");
  };
  assert.equal(calls(0, true), "beginPath,arc");
  assert.equal(calls(1, true), "beginPath,rect");
  assert.equal(calls(2, true), "beginPath,moveTo,lineTo,lineTo,closePath");
  assert.equal(calls(1, false), "beginPath,arc");
  assert.equal(calls(0.37, false), "beginPath,arc", "a regression value");
  // Up to 8 classes (imported data): eight colours and eight different marker paths.
  assert.equal(CLASS_COLORS.length, 8);
  assert.equal(new Set(CLASS_COLORS.map(String)).size, 8);
  const paths = Array.from({ length: 8 }, (_, c) => {
    const log = [];
    const ctx = new Proxy({}, { get: (_, name) => (...args) => log.push(`${name}(${args.map((v) => Math.round(v * 10)).join(" ")})`) });
    markerPath(ctx, 10, 10, 4, c, true);
    return log.join(",");
  });
  assert.equal(new Set(paths).size, 8, "each class its own shape");
  assert.equal(calls(8, true), calls(0, true), "the shapes repeat past eight");
  assert.notDeepEqual(CLASS_COLORS[2], [131, 193, 103], "class 2 is no longer the green that deuteranopia merges with orange");
});
