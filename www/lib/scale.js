// Pure scale and layout helpers: no DOM, no wasm. Unit-tested in scale.test.js.

/** Clamp v to [lo, hi]; NaN becomes lo so nothing non-finite is ever painted. */
export function clamp(v, lo, hi) {
  if (!(v >= lo)) return lo; // also catches NaN
  return v > hi ? hi : v;
}

/** A linear map from [d0, d1] to [r0, r1], with .invert going back. */
export function linear(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0 || 1);
  const f = (v) => r0 + (v - d0) * k;
  f.invert = (r) => d0 + (r - r0) / (k || 1);
  return f;
}

/** Round tick values covering [lo, hi]: about `n` of them, at 1, 2 or 5 × 10ᵏ (an axis's labels). */
export function ticks(lo, hi, n = 4) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (on a log scale).
  const step = [1, 2, 5, 10].map((m) => m * p).reduce((a, b) => (Math.abs(Math.log(b / raw)) < Math.abs(Math.log(a / raw)) ? b : a));
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Line width in CSS px for a weight: thin for |w| ≈ 0, saturating at 8 px. */
export function weightWidth(w) {
  return clamp(0.5 + 2.2 * Math.abs(w), 0.5, 8);
}

/**
 * The network's margins: room on the left for the input neurons' labels, wider when an input
 * feature has a long one (sin(X₁), issue 15). `features` are the core's names (none: x₁, x₂).
 * The network view and the layer boxes above it use the same, so the boxes sit over the columns.
 */
export function networkPad(features = []) {
  const long = features.some((f) => f.startsWith("sin"));
  return { top: 24, bottom: 34, left: long ? 96 : 64, right: 40 };
}

/**
 * Where the neurons of a network go on a canvas of width × height (CSS px).
 * Column l holds layer l (0 = input); neurons are spread evenly and centred vertically.
 * Returns { radius, columns: [{ x, nodes: [{ x, y }] }] }.
 */
export function networkLayout(sizes, width, height, pad = networkPad()) {
  const maxN = Math.max(1, ...sizes);
  const innerH = Math.max(1, height - pad.top - pad.bottom);
  const innerW = Math.max(1, width - pad.left - pad.right);
  const gap = innerH / maxN;
  const radius = clamp(Math.min(gap * 0.38, innerW / Math.max(1, sizes.length - 1) * 0.2), 7, 30);
  const columns = sizes.map((n, l) => {
    const x = sizes.length === 1 ? width / 2 : pad.left + (innerW * l) / (sizes.length - 1);
    const y0 = pad.top + innerH / 2 - (gap * (n - 1)) / 2;
    const nodes = [];
    for (let j = 0; j < n; j++) nodes.push({ x, y: y0 + gap * j });
    return { x, nodes };
  });
  return { radius, columns };
}

/**
 * The smallest distance between neighbouring columns of a networkLayout (`fallback` for a
 * single column): the room a column's caption or its layer box has.
 */
export function columnSpacing(columns, fallback) {
  return columns.length > 1 ? Math.min(...columns.slice(1).map((c, i) => c.x - columns[i].x)) : fallback;
}

/** Distance from point (px, py) to the segment (ax, ay)–(bx, by). */
export function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0, 1);
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

/** The largest finite value of a list of numbers (0 if none): for chart y-ranges. */
export function finiteMax(values) {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** Keep at most `max` samples by dropping every other one (the chart stays cheap forever). */
export function decimate(samples, max) {
  if (samples.length <= max) return samples;
  return samples.filter((_, i) => i % 2 === 0 || i === samples.length - 1);
}
