// Pure colour helpers in 3Blue1Brown's palette: no DOM, no wasm. Unit-tested in colors.test.js.
import { clamp } from "./scale.js";

export const BLUE = [88, 196, 221];   // 3B1B BLUE_C: positive weights, class 1, high values
export const RED = [252, 98, 85];     // 3B1B RED_C: negative weights
export const ORANGE = [245, 147, 34]; // class 0, low values
export const GREEN = [131, 193, 103]; // 3B1B GREEN_C
// Class 2 of the three-class data: a violet, not 3B1B's green, which under protanopia and
// deuteranopia turns the yellow of class 0's orange. Chosen as the colour farthest (CIELAB ΔE) from
// orange and blue under normal vision and simulated protanopia, deuteranopia and tritanopia
// (Machado et al. 2009), ΔE ≥ 47 in each; tests/browser/vision.test.mjs measures it in Chromium.
export const VIOLET = [150, 105, 255];
// Classes 3 to 7 (an imported data set has up to 8): 3B1B's green, yellow, pink, teal and a light
// grey. Colour alone cannot keep eight classes apart under every colour-vision deficiency, so
// from three classes on every class has its own marker shape as well (markerPath).
export const CLASS_COLORS = [ORANGE, BLUE, VIOLET, GREEN, [255, 228, 94], [236, 110, 173], [92, 208, 179], [200, 200, 205]];
/** A second cue beside colour for a point's class (0 circle, 1 square, 2 triangle, …). */
export const CLASS_SHAPES = ["circle", "square", "triangle", "diamond", "down", "plus", "hexagon", "star"];
export const BACKGROUND = [0, 0, 0];
const MID = [14, 14, 18];             // the heatmap's colour at the decision boundary

const css = ([r, g, b], a = 1) => `rgba(${r | 0},${g | 0},${b | 0},${a})`;

/** Stroke colour of a weight line: blue for w > 0, red for w < 0, fainter when |w| is small. */
export function weightColor(w) {
  const alpha = clamp(0.25 + 0.75 * Math.abs(w), 0.25, 1);
  return css(w >= 0 ? BLUE : RED, Number.isFinite(w) ? alpha.toFixed(3) : 0);
}

/** The natural output range of an activation, for colouring its values. */
export function activationRange(name) {
  switch (name) {
    case "sigmoid":
    case "softmax":
      return [0, 1];
    case "relu":
      return [0, 1];
    default:
      return [-1, 1]; // tanh, leakyRelu, linear
  }
}

/** The range coloured for neuron values of layer l: outputs use the targets' range [0, 1]. */
export function neuronRange(name, isOutput) {
  return isOutput ? [0, 1] : activationRange(name);
}

/** Map v in [lo, hi] to t in [0, 1] (clamped; NaN → 0.5, the neutral colour). */
export function normalize(v, lo, hi) {
  if (!Number.isFinite(v)) return 0.5;
  return clamp((v - lo) / (hi - lo), 0, 1);
}

/** Grey level 0..255 of a neuron lit by its activation a (3B1B: black = 0, white = 1). */
export function activationGrey(a, range = [0, 1]) {
  return Math.round(normalize(a, range[0], range[1]) * 255);
}

/** Diverging colour for t in [0, 1]: orange (0) → near-black (0.5) → blue (1). Returns [r,g,b]. */
export function diverging(t, strength = 0.85) {
  const u = clamp(2 * t - 1, -1, 1);
  const end = u < 0 ? ORANGE : BLUE;
  const s = Math.abs(u) * strength;
  return [0, 1, 2].map((i) => Math.round(MID[i] + (end[i] - MID[i]) * s));
}

/**
 * A 256-entry RGBA lookup table of `diverging`, so filling a heatmap is one table read per
 * pixel. Entry i is the colour of t = i / 255.
 */
export function divergingLUT(strength = 0.85) {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = diverging(i / 255, strength);
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}

/** Blend class colours by weights p (e.g. softmax outputs): for three-class heatmaps. */
export function blendClasses(p, strength = 0.85) {
  let sum = 0;
  for (const v of p) sum += Number.isFinite(v) && v > 0 ? v : 0;
  const out = [0, 0, 0];
  if (sum === 0) return MID.slice();
  let top = 0;
  p.forEach((v, c) => {
    const w = Number.isFinite(v) && v > 0 ? v / sum : 0;
    top = Math.max(top, w);
    for (let i = 0; i < 3; i++) out[i] += w * CLASS_COLORS[c % CLASS_COLORS.length][i];
  });
  // The more certain the network, the more saturated; uncertain regions fade to the mid colour.
  const s = clamp((top - 1 / p.length) / (1 - 1 / p.length), 0, 1) * strength;
  return out.map((c, i) => Math.round(MID[i] + (c - MID[i]) * s));
}

/** Regression targets in [0, 1]: orange (0) → light grey (0.5) → blue (1), bright on any background. */
export function regressionColor(t) {
  const u = clamp(2 * t - 1, -1, 1);
  const end = u < 0 ? ORANGE : BLUE;
  const light = [225, 225, 225];
  return [0, 1, 2].map((i) => Math.round(light[i] + (end[i] - light[i]) * Math.abs(u)));
}

/**
 * The path of a point's marker centred at (x, y) with radius r. With `shapes` (three classes:
 * the data set where colour alone is hardest), a circle for class 0, a square for class 1 and a
 * triangle for class 2, so the classes differ in shape too; else a circle, as in TF Playground.
 */
export function markerPath(ctx, x, y, r, label, shapes) {
  const shape = shapes ? CLASS_SHAPES[Math.round(label) % CLASS_SHAPES.length] ?? "circle" : "circle";
  ctx.beginPath();
  /** A closed polygon through `n` points at radius `rr`, the first at angle `start`. */
  const polygon = (n, rr, start, inner = null) => {
    for (let i = 0; i < (inner ? 2 * n : n); i++) {
      const radius = inner && i % 2 ? inner : rr;
      const a = start + (i * Math.PI * 2) / (inner ? 2 * n : n);
      if (i === 0) ctx.moveTo(x + radius * Math.cos(a), y + radius * Math.sin(a));
      else ctx.lineTo(x + radius * Math.cos(a), y + radius * Math.sin(a));
    }
    ctx.closePath();
  };
  if (shape === "diamond") polygon(4, r * 1.25, -Math.PI / 2);
  else if (shape === "down") polygon(3, r * 1.25, Math.PI / 2);
  else if (shape === "hexagon") polygon(6, r * 1.1, 0);
  else if (shape === "star") polygon(5, r * 1.35, -Math.PI / 2, r * 0.6);
  else if (shape === "plus") {
    const [a, b] = [r * 1.2, r * 0.42];
    for (const [px, py] of [[-b, -a], [b, -a], [b, -b], [a, -b], [a, b], [b, b], [b, a], [-b, a], [-b, b], [-a, b], [-a, -b], [-b, -b]])
      ctx.lineTo(x + px, y + py);
    ctx.closePath();
  } else if (shape === "square") {
    const h = r * 0.9;
    ctx.rect(x - h, y - h, 2 * h, 2 * h);
  } else if (shape === "triangle") {
    const h = r * 1.25;
    ctx.moveTo(x, y - h);
    ctx.lineTo(x + h * 0.866, y + h * 0.5);
    ctx.lineTo(x - h * 0.866, y + h * 0.5);
    ctx.closePath();
  } else {
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

/** Colour of a data point: class colour for classification, orange–grey–blue for regression values. */
export function pointColor(label, isRegression) {
  if (isRegression) return css(regressionColor(Number.isFinite(label) ? label : 0.5));
  return css(CLASS_COLORS[Math.round(label) % CLASS_COLORS.length] || ORANGE);
}

export { css };

/**
 * Paint `n` values (read from `values` at `offset`) into the RGBA bytes `data` through a
 * 256-entry colour table: `lo` gets its first colour, `hi` its last; NaN paints the middle one.
 */
export function paintLUT(data, values, offset, n, lo, hi, lut) {
  const span = hi - lo;
  for (let i = 0; i < n; i++) {
    let t = (values[offset + i] - lo) / span;
    if (!(t >= 0)) t = t < 0 ? 0 : 0.5; // below the range clamps; NaN is neither < 0 nor ≥ 0
    else if (t > 1) t = 1;
    const q = ((t * 255) | 0) * 4;
    data[i * 4] = lut[q];
    data[i * 4 + 1] = lut[q + 1];
    data[i * 4 + 2] = lut[q + 2];
    data[i * 4 + 3] = 255;
  }
}
