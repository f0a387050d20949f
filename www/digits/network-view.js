// The digit network drawn as in 3Blue1Brown's video: the 784 input pixels as one compressed
// column (row after row of the 28 × 28 image, split by an ellipsis), two hidden layers of 16,
// ten outputs labelled 0–9 with the brightest boxed. Weights blue > 0, red < 0; for the 784
// inputs only each neuron's strongest few weights are drawn, so a frame stays cheap. The weight
// lines (some 540, the costliest part to rasterise) are drawn into a layer of their own, which
// each drawing copies; while training they are redrawn at most every LINES_MS, one weight layer
// per frame into a second layer that is swapped in when complete.

import { BLUE, RED, css, activationGrey, activationRange } from "../lib/colors.js";
import { fitCanvas, fitLayer } from "../lib/canvas.js";
import { weightIndex } from "../lib/layout.js";

const STRONGEST = 8; // input lines drawn per first-layer neuron
const PIXELS = 784;
const LINES_MS = 100; // while training, the weight lines are redrawn at most this often
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
  /**
   * `predicted`: the class the core reads from the output (predictedClass), ringed; -1 for none.
   * `training`: the weights change with each message of the worker, so new weight lines are
   * drawn a part per frame (see linesStep) and shown when complete; otherwise at once.
   * True when it drew (false: the canvas already shows these inputs).
   */
  render({ a, selected, predicted = -1, training = false }) {
    const { canvas, ctx } = this;
    const [width, height] = fitCanvas(canvas, ctx);
    const shape = `${canvas.width}×${canvas.height} ${width}×${height} ${this.sizes.join(",")} ${this.activations.join(",")}`;
    const newLines = this.linesStep(shape, width, height, training);
    // The same inputs draw the same picture: a frame without new lines, a new forward pass, a
    // new selection or a new size leaves the canvas as it is (its pixels are kept).
    const key = `${shape} ${selected} ${predicted}`;
    if (!newLines && key === this.drawnKey && a === this.drawnA) return false;
    this.drawnKey = key;
    this.drawnA = a;
    this.draws = (this.draws ?? 0) + 1; // how often it was drawn (read by tests)
    ctx.clearRect(0, 0, width, height);
    if (width < 50 || height < 50) return true;
    const L = (this.layout = this.computeLayout(width, height));
    if (this.lines.weights) ctx.drawImage(this.lines.canvas, 0, 0, width, height);
    this.drawPixels(L, a ? a[0] : null);
    for (let l = 1; l < this.sizes.length; l++) this.drawLayer(L, l, a ? a[l] : null, selected, predicted);
    ctx.fillStyle = "#9a9aa4";
    ctx.font = "12px DejaVu Sans, sans-serif";
    ctx.textAlign = "center";
    const titles = ["784 pixels", "16 neurons", "16 neurons", "10 digits"];
    L.xs.forEach((x, i) => ctx.fillText(this.sizes[i] === [784, 16, 16, 10][i] ? titles[i] : `${this.sizes[i]}`, x, 14));
    return true;
  }

  /**
   * Brings the weight lines' layer up to date; true when the lines shown changed. The layer
   * shows `this.lines.weights` for `shape`. Paused (or a new shape), the lines of the newest
   * weights are drawn at once; training, new weights start a job at most every LINES_MS that
   * draws one weight layer's lines per frame into the back layer, then swaps the two. The job
   * keeps the weights it started with (the next one takes the newest).
   */
  linesStep(shape, width, height, training) {
    this.lines ??= { canvas: document.createElement("canvas"), weights: null, shape: null, at: -Infinity };
    this.back ??= { canvas: document.createElement("canvas"), job: null };
    const lines = this.lines;
    const now = performance.now();
    const drawn = (weights) => {
      Object.assign(lines, { weights, shape, at: now });
      return true;
    };
    if (!this.weights) {
      this.back.job = null;
      return lines.weights !== null && drawn(null);
    }
    if (!training || shape !== lines.shape || width < 50 || height < 50) {
      this.back.job = null;
      if (lines.weights === this.weights && lines.shape === shape) return false;
      const ctx = fitLayer(lines.canvas, width, height); // cleared
      if (width >= 50 && height >= 50) this.drawLines(ctx, this.computeLayout(width, height), this.weights, 1, Infinity);
      return drawn(this.weights);
    }
    let job = this.back.job;
    if (!job) {
      if (lines.weights === this.weights || now - lines.at < LINES_MS) return false;
      const ctx = fitLayer(this.back.canvas, width, height);
      job = this.back.job = { ctx, L: this.computeLayout(width, height), weights: this.weights, strongest: this.strongest, next: 1 };
    }
    this.drawLines(job.ctx, job.L, job.weights, job.next, 1, job.strongest);
    job.next++;
    if (job.next < this.sizes.length) return false;
    this.back.job = null;
    [lines.canvas, this.back.canvas] = [this.back.canvas, lines.canvas];
    return drawn(job.weights);
  }

  /**
   * The lines of `count` weight layers from layer `from` on, into ctx: colour by sign, opacity
   * and width by |w| relative to the layer's largest; for the pixels, each neuron's strongest.
   */
  drawLines(ctx, L, weights, from, count, strongest = this.strongest) {
    const depth = this.sizes.length - 1;
    for (let l = from; l <= depth && l < from + count; l++) {
      const w = weights[l - 1];
      const nPrev = this.sizes[l - 1];
      let max = 1e-6;
      for (const v of w) max = Math.max(max, Math.abs(v));
      L.layers[l].forEach((p, j) => {
        const ks = l === 1 ? strongest[j] || [] : Array.from({ length: nPrev }, (_, k) => k);
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
