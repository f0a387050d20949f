// node --test www/lib/layout.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { weightIndex, weightRow } from "./layout.js";

test("weights are row-major [j][k], as the core stores them", () => {
  // W of a 3 → 2 layer: w_jk = 10 j + k.
  const W = Float32Array.from([0, 1, 2, 10, 11, 12]);
  for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) assert.equal(W[weightIndex(3, j, k)], 10 * j + k);
  assert.deepEqual([...weightRow(W, 3, 1)], [10, 11, 12]);
  const row = weightRow(W, 3, 0);
  W[1] = 99;
  assert.equal(row[1], 99, "a typed array's row is a view into it");
});
