import { test } from "node:test";
import assert from "node:assert/strict";
import { clamp, linear, networkLayout, columnSpacing, distanceToSegment, decimate, finiteMax, ticks } from "./scale.js";

test("clamp and linear", () => {
  assert.equal(clamp(NaN, 0, 1), 0);
  const s = linear(-1, 1, 0, 200);
  assert.equal(s(0), 100);
  assert.equal(s.invert(200), 1);
});

test("network layout centres each column and keeps columns in order", () => {
  const pad = { top: 20, bottom: 20, left: 40, right: 40 };
  const { columns, radius } = networkLayout([2, 4, 1], 600, 400, pad);
  assert.equal(columns.length, 3);
  assert.ok(columns[0].x < columns[1].x && columns[1].x < columns[2].x);
  assert.equal(columns[2].nodes[0].y, 200, "a single neuron sits in the middle");
  assert.ok(radius >= 7 && radius <= 30);
  assert.equal(columns[0].x, 40);
  assert.equal(columns[2].x, 560);
  assert.ok(columns[1].nodes[1].y - columns[1].nodes[0].y > 2 * radius, "neurons of a column don't overlap");
});

test("distance to a segment", () => {
  assert.equal(distanceToSegment(5, 3, 0, 0, 10, 0), 3);
  assert.equal(distanceToSegment(-4, 3, 0, 0, 10, 0), 5);
});

test("decimate halves a long history and keeps the last sample", () => {
  const d = decimate([1, 2, 3, 4, 5, 6], 4);
  assert.deepEqual(d, [1, 3, 5, 6]);
});

test("finiteMax ignores NaN and Infinity", () => {
  assert.equal(finiteMax([1, NaN, 3, Infinity, -2]), 3);
  assert.equal(finiteMax([]), 0);
});

test("axis ticks are round numbers inside the range, about n of them", () => {
  assert.deepEqual(ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(ticks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(ticks(0.2412, 0.2658, 4), [0.245, 0.25, 0.255, 0.26, 0.265]);
  assert.deepEqual(ticks(3, 3), [3]);
  assert.deepEqual(ticks(NaN, 1), []);
  for (const [lo, hi] of [[0.0013, 0.0041], [12, 980], [-3, 7]]) {
    const t = ticks(lo, hi);
    assert.ok(t.length >= 2 && t.length <= 9, `${lo}..${hi}: ${t}`);
    assert.ok(t.every((v) => v >= lo - 1e-12 && v <= hi + 1e-12), `${lo}..${hi}: inside`);
  }
});

test("columnSpacing is the narrowest gap between neighbouring columns, or the fallback for one column", () => {
  const { columns } = networkLayout([2, 8, 8, 1], 500, 300, { top: 0, bottom: 0, left: 50, right: 50 });
  assert.ok(Math.abs(columnSpacing(columns, 999) - 400 / 3) < 1e-9);
  assert.equal(columnSpacing([{ x: 0 }, { x: 30 }, { x: 40 }, { x: 100 }], 999), 10);
  assert.equal(columnSpacing([{ x: 5 }], 321), 321);
});
