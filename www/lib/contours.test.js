import { test } from "node:test";
import assert from "node:assert/strict";
import { contourSegments, contourLevels, costScale, surfaceColor, surfaceLUT, nearestStep } from "./contours.js";

/** A res × res grid of f(col, row). */
function grid(res, f) {
  const g = new Float32Array(res * res);
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) g[r * res + c] = f(c, r);
  return g;
}

test("a plane's contour is one straight line crossing every row at the right place", () => {
  // f = col: the level 2.5 runs down the middle between columns 2 and 3.
  const res = 6;
  const segs = contourSegments(grid(res, (c) => c), res, 2.5);
  assert.equal(segs.length, 4 * (res - 1), "one segment per row of cells");
  for (let i = 0; i < segs.length; i += 2) assert.equal(segs[i], 2.5);
});

test("a bowl's contour is a closed ring at the right radius", () => {
  // f = distance² from the centre (10, 10); the level 24.5 is the circle of radius √24.5 ≈ 4.95
  // (25 would pass exactly through grid nodes).
  const res = 21;
  const segs = contourSegments(grid(res, (c, r) => (c - 10) ** 2 + (r - 10) ** 2), res, 24.5);
  assert.ok(segs.length > 0);
  const ends = new Map();
  for (let i = 0; i < segs.length; i += 2) {
    const radius = Math.hypot(segs[i] - 10, segs[i + 1] - 10);
    assert.ok(Math.abs(radius - Math.sqrt(24.5)) < 0.25, `point at radius ${radius}`);
    const key = `${segs[i].toFixed(4)},${segs[i + 1].toFixed(4)}`;
    ends.set(key, (ends.get(key) ?? 0) + 1);
  }
  // Closed: every end point is shared by exactly two segments.
  for (const count of ends.values()) assert.equal(count, 2);
});

test("levels outside the grid give no contour, nor do non-finite cells", () => {
  const g = grid(4, (c, r) => c + r);
  assert.deepEqual(contourSegments(g, 4, 100), []);
  assert.deepEqual(contourSegments(g, 4, -1), []);
  g.fill(NaN);
  assert.deepEqual(contourSegments(g, 4, 1), []);
});

test("a saddle cell gives two segments", () => {
  const g = Float32Array.from([1, 0, 0, 1]); // tl, tr above on a diagonal
  assert.equal(contourSegments(g, 2, 0.5).length, 8);
});

test("the colour scale is √ of the normalised cost and inverts exactly", () => {
  const s = costScale(1, 5);
  assert.equal(s.t(1), 0);
  assert.equal(s.t(5), 1);
  assert.equal(s.t(2), Math.sqrt(0.25)); // (2 − 1) / 4 = 0.25
  assert.equal(s.cost(0.5), 2);
  assert.equal(s.t(-10), 0);
  assert.equal(s.t(NaN), 0);
});

test("contour levels lie strictly inside the range, denser near the minimum", () => {
  const levels = contourLevels(0, 1, 4);
  assert.equal(levels.length, 4);
  // t = 1/5 … 4/5, C = t²: 0.04, 0.16, 0.36, 0.64.
  [0.04, 0.16, 0.36, 0.64].forEach((v, i) => assert.ok(Math.abs(levels[i] - v) < 1e-12));
  assert.ok(levels[1] - levels[0] < levels[3] - levels[2]);
  assert.deepEqual(contourLevels(2, 2, 5), []);
});

test("colours run from dark to bright and the table matches the function", () => {
  const lum = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
  let last = -1;
  for (let i = 0; i <= 10; i++) {
    const l = lum(surfaceColor(i / 10));
    assert.ok(l > last, `brighter at t = ${i / 10}`);
    last = l;
  }
  assert.deepEqual(surfaceColor(NaN), surfaceColor(0));
  const lut = surfaceLUT();
  assert.deepEqual([...lut.slice(128 * 4, 128 * 4 + 3)], surfaceColor(128 / 255));
  assert.equal(lut[255 * 4 + 3], 255);
});

test("nearest step on an evenly spaced axis", () => {
  assert.equal(nearestStep(0, -1, 1, 5), 2);
  assert.equal(nearestStep(0.2, -1, 1, 5), 2); // 1.2 / 2 × 4 = 2.4 → 2
  assert.equal(nearestStep(5, -1, 1, 5), 4);
});
