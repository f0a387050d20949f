// The digit network drawn as in 3Blue1Brown's video: the 784 input pixels as one compressed
// column (row after row of the 28 × 28 image, split by an ellipsis), two hidden layers of 16,
// ten outputs labelled 0–9 with the brightest boxed. Weights blue > 0, red < 0; for the 784
// inputs only each neuron's strongest few weights are drawn, so a frame stays cheap.

import { BLUE, RED, css, activationGrey, activationRange } from "../lib/colors.js";
import { fitCanvas } from "../lib/canvas.js";
import { weightIndex } from "../lib/layout.js";

const STRONGEST = 8; // input lines drawn per first-layer neuron
const PIXELS = 784;
const HALF = PIXELS / 2;

export class DigitsNetworkView {
  /** @param {HTMLCanvasElement} canvas @param {{ onSelectNeuron(j: number): void }} hooks */
  constructor(canvas, hooks) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.hooks = hooks;
    this.weights = null; // [W¹, W², W³] Float32Arrays, row-major [j][k]
    this.sizes = [784, 16, 16, 10];
    this.activations = ["sigmoid", "sigmoid", "sigmoid"];
    this.strongest = []; // per first-layer neuron: indices k of its largest |w_jk|
    this.layout = null;
    this.strip = new ImageData(1, HALF * 2);
    this.stripCanvas = new OffscreenCanvas(1, HALF * 2);
    canvas.addEventListener("click", (e) => {
      const hit = this.neuronAt(e.offsetX, e.offsetY);
      if (hit && hit.l === 1) hooks.onSelectNeuron(hit.j);
    });
  }

  setShape(sizes, activations) {
    this.sizes = sizes;
    this.activations = activations;
  }

  setWeights(weights) {
    this.weights = weights;
    const w1 = weights[0];
    const n = this.sizes[1];
    this.strongest = [];
    // Each neuron's STRONGEST largest |w| by one pass with a small sorted list (no full sort).
    for (let j = 0; j < n; j++) {
      const top = [];
      const base = j * PIXELS;
      for (let k = 0; k < PIXELS; k++) {
        const v = Math.abs(w1[base + k]);
        if (top.length === STRONGEST && v <= top[STRONGEST - 1].v) continue;
        let i = Math.min(top.length, STRONGEST - 1);
        if (top.length < STRONGEST) top.push(null);
        while (i > 0 && top[i - 1].v < v) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = { v, k };
      }
      this.strongest.push(top.map((t) => t.k));
    }
  }

  /** Positions of every drawn neuron for the canvas' current size. */
  computeLayout(width, height) {
    const pad = { top: 26, bottom: 18, left: 30, right: 70 };
    const xs = [0, 1, 2, 3].map((i) => pad.left + (i * (width - pad.left - pad.right)) / 3);
    const inner = height - pad.top - pad.bottom;
    const gap = 26; // the ellipsis between the two halves of the pixel column
    const segment = (inner - gap) / 2;
    const pixelY = (k) => pad.top + (k < HALF ? 0 : segment + gap) + (((k % HALF) + 0.5) / HALF) * segment;
    const layers = this.sizes.map((n, l) => {
      if (l === 0) return [];
      const spacing = Math.min(inner / n, 40);
      const top = pad.top + (inner - spacing * n) / 2;
      return Array.from({ length: n }, (_, j) => ({ x: xs[l], y: top + spacing * (j + 0.5) }));
    });
    const r = Math.max(4, Math.min(13, (Math.min(inner / 16, 40) / 2) * 0.78));
    return { xs, pad, segment, gap, pixelY, layers, r, width, height };
  }

  neuronAt(x, y) {
    if (!this.layout) return null;
    for (let l = 1; l < this.layout.layers.length; l++) {
      const j = this.layout.layers[l].findIndex((p) => Math.hypot(p.x - x, p.y - y) <= this.layout.r + 4);
      if (j >= 0) return { l, j };
    }
    return null;
  }

  /**
   * @param {{ a: Float32Array[] | null, selected: number }} state  a = [a⁰ (784), a¹, a², a³] of
   *   the digit shown, or null before any input
   */
  /** `predicted`: the class the core reads from the output (predictedClass), ringed; -1 for none. */
  render({ a, selected, predicted = -1 }) {
    const { canvas, ctx } = this;
    const [width, height] = fitCanvas(canvas, ctx);
    // The same inputs draw the same picture: a frame without new weights, a new forward pass, a
    // new selection or a new size leaves the canvas as it is (its pixels are kept).
    const key = `${canvas.width}×${canvas.height} ${width}×${height} ${selected} ${predicted} ${this.sizes.join(",")} ${this.activations.join(",")}`;
    if (key === this.drawnKey && a === this.drawnA && this.weights === this.drawnWeights) return;
    this.drawnKey = key;
    this.drawnA = a;
    this.drawnWeights = this.weights;
    this.draws = (this.draws ?? 0) + 1; // how often it was drawn (read by tests)
    ctx.clearRect(0, 0, width, height);
    if (width < 50 || height < 50) return;
    const L = (this.layout = this.computeLayout(width, height));
    if (this.weights) this.drawLines(L);
    this.drawPixels(L, a ? a[0] : null);
    for (let l = 1; l < this.sizes.length; l++) this.drawLayer(L, l, a ? a[l] : null, selected, predicted);
    ctx.fillStyle = "#9a9aa4";
    ctx.font = "12px DejaVu Sans, sans-serif";
    ctx.textAlign = "center";
    const titles = ["784 pixels", "16 neurons", "16 neurons", "10 digits"];
    L.xs.forEach((x, i) => ctx.fillText(this.sizes[i] === [784, 16, 16, 10][i] ? titles[i] : `${this.sizes[i]}`, x, 14));
  }

  drawLines(L) {
    const { ctx } = this;
    const depth = this.sizes.length - 1;
    for (let l = 1; l <= depth; l++) {
      const w = this.weights[l - 1];
      const nPrev = this.sizes[l - 1];
      let max = 1e-6;
      for (const v of w) max = Math.max(max, Math.abs(v));
      L.layers[l].forEach((p, j) => {
        const ks = l === 1 ? this.strongest[j] || [] : Array.from({ length: nPrev }, (_, k) => k);
        for (const k of ks) {
          const v = w[weightIndex(nPrev, j, k)];
          const t = Math.abs(v) / max;
          if (t < 0.05) continue;
          const from = l === 1 ? { x: L.xs[0] + 8, y: L.pixelY(k) } : L.layers[l - 1][k];
          ctx.strokeStyle = css(v >= 0 ? BLUE : RED, (0.15 + 0.75 * t).toFixed(3));
          ctx.lineWidth = 0.4 + 2.6 * t;
          ctx.beginPath();
          ctx.moveTo(from.x, from.y);
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
        }
      });
    }
  }

  /** The 784 inputs as a column of tiny cells, the two halves split by "⋮". */
  drawPixels(L, a0) {
    const { ctx } = this;
    const data = this.strip.data;
    for (let k = 0; k < PIXELS; k++) {
      const v = a0 ? Math.round(255 * Math.max(0, Math.min(1, a0[k]))) : 0;
      data[k * 4] = data[k * 4 + 1] = data[k * 4 + 2] = v;
      data[k * 4 + 3] = 255;
    }
    this.stripCanvas.getContext("2d").putImageData(this.strip, 0, 0);
    const x = L.xs[0] - 8;
    ctx.imageSmoothingEnabled = true;
    for (const half of [0, 1]) {
      const y = L.pad.top + half * (L.segment + L.gap);
      ctx.drawImage(this.stripCanvas, 0, half * HALF, 1, HALF, x, y, 16, L.segment);
      ctx.strokeStyle = "#3a3a44";
      ctx.lineWidth = 1;
      ctx.strokeRect(x - 0.5, y - 0.5, 17, L.segment + 1);
    }
    ctx.fillStyle = "#ececec";
    ctx.font = "20px DejaVu Sans, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText("⋮", L.xs[0], L.pad.top + L.segment + L.gap / 2);
    ctx.textBaseline = "alphabetic";
  }

  drawLayer(L, l, values, selected, predicted) {
    const { ctx } = this;
    const isOutput = l === this.sizes.length - 1;
    const range = isOutput ? [0, 1] : activationRange(this.activations[l - 1]);
    const best = isOutput && values ? predicted : -1;
    L.layers[l].forEach((p, j) => {
      ctx.beginPath();
      ctx.arc(p.x, p.y, L.r, 0, 2 * Math.PI);
      { const g = values ? activationGrey(values[j], range) : 0; ctx.fillStyle = `rgb(${g},${g},${g})`; }
      ctx.fill();
      ctx.lineWidth = l === 1 && j === selected ? 3 : 1.2;
      ctx.strokeStyle = l === 1 && j === selected ? "#ffff00" : "#ececec";
      ctx.stroke();
      if (isOutput) {
        ctx.fillStyle = "#ececec";
        ctx.font = "bold 15px DejaVu Sans, sans-serif";
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(String(j), p.x + L.r + 10, p.y);
        ctx.textBaseline = "alphabetic";
        if (j === best) {
          ctx.strokeStyle = "#ffff00";
          ctx.lineWidth = 2;
          ctx.strokeRect(p.x - L.r - 5, p.y - L.r - 4, 2 * L.r + 34, 2 * L.r + 8);
        }
      }
    });
  }
}
