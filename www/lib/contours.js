// Pure helpers of the cost-surface views: contour lines by marching squares, the colour scale
// of C and its levels. No DOM, no wasm; unit-tested in contours.test.js.

import { clamp } from "./scale.js";

/**
 * Contour segments of a res × res grid at `level`, by marching squares.
 * `grid[row * res + col]`; returns a flat array [x0, y0, x1, y1, …] in grid coordinates
 * (x = col, y = row, both 0..res−1). Saddle cells are split by the value at their centre.
 */
export function contourSegments(grid, res, level) {
  const out = [];
  const at = (t0, t1) => (level - t0) / (t1 - t0); // where the level crosses an edge, 0..1
  for (let r = 0; r + 1 < res; r++) {
    for (let c = 0; c + 1 < res; c++) {
      const tl = grid[r * res + c], tr = grid[r * res + c + 1];
      const bl = grid[(r + 1) * res + c], br = grid[(r + 1) * res + c + 1];
      if (!(Number.isFinite(tl) && Number.isFinite(tr) && Number.isFinite(bl) && Number.isFinite(br))) continue;
      const index = (tl > level) * 8 + (tr > level) * 4 + (br > level) * 2 + (bl > level);
      if (index === 0 || index === 15) continue;
      // Crossing points on the four edges of the cell.
      const top = () => [c + at(tl, tr), r];
      const right = () => [c + 1, r + at(tr, br)];
      const bottom = () => [c + at(bl, br), r + 1];
      const left = () => [c, r + at(tl, bl)];
      const seg = (p, q) => out.push(p[0], p[1], q[0], q[1]);
      const centreAbove = (tl + tr + bl + br) / 4 > level;
      switch (index) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(top(), right()); break;
        case 6: case 9: seg(top(), bottom()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: // tl, br below; tr, bl above (and 10 is its mirror)
        case 10:
          if ((index === 5) === centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(top(), right());
            seg(left(), bottom());
          }
          break;
      }
    }
  }
  return out;
}

/**
 * The colour scale of C between `min` and `max`: t = √((C − min)/(max − min)), so the valley
 * near the minimum gets most of the colours (and of the contour levels). `cost(t)` inverts it.
 */
export function costScale(min, max) {
  const span = max > min ? max - min : 1;
  return {
    t: (c) => (Number.isFinite(c) ? Math.sqrt(clamp((c - min) / span, 0, 1)) : 0),
    cost: (t) => min + span * t * t,
  };
}

/** `count` contour levels of C equally spaced in the colour scale t, strictly inside (min, max). */
export function contourLevels(min, max, count) {
  if (!(max > min) || count < 1) return [];
  const scale = costScale(min, max);
  return Array.from({ length: count }, (_, i) => scale.cost((i + 1) / (count + 1)));
}

// Dark navy (low C, the valley) → 3B1B blue → pale yellow (high C).
const STOPS = [
  [0, [6, 12, 38]],
  [0.3, [24, 72, 140]],
  [0.62, [88, 196, 221]],
  [0.85, [196, 232, 196]],
  [1, [255, 250, 170]],
];

/** Colour [r, g, b] of t in [0, 1] (clamped; NaN → 0). */
export function surfaceColor(t) {
  t = Number.isFinite(t) ? clamp(t, 0, 1) : 0;
  let i = 1;
  while (i < STOPS.length - 1 && STOPS[i][0] < t) i++;
  const [t0, c0] = STOPS[i - 1], [t1, c1] = STOPS[i];
  const u = (t - t0) / (t1 - t0);
  return [0, 1, 2].map((k) => Math.round(c0[k] + (c1[k] - c0[k]) * u));
}

/** A 256-entry RGBA table of `surfaceColor`: entry i is the colour of t = i / 255. */
export function surfaceLUT() {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    lut.set([...surfaceColor(i / 255), 255], i * 4);
  }
  return lut;
}

/** Index 0..n−1 of the step nearest to v on n evenly spaced points from lo to hi. */
export function nearestStep(v, lo, hi, n) {
  return clamp(Math.round(((v - lo) / (hi - lo)) * (n - 1)), 0, n - 1);
}
