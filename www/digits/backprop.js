// Backprop on one digit: the JS Stepper API (one example through forward, cost, backward and
// update, one phase per click) on the page's copy of the digit network. The 784-wide input is
// shown compressed — as its 28 × 28 image of ∂C₀/∂a⁽⁰⁾ — and the layers of 16, 16 and 10 as
// bars of δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾.

import { BLUE, RED, css } from "../lib/colors.js";
import { paintSigned } from "../widgets/signed-image.js";
import { fitCanvas } from "../lib/canvas.js";
import { layer, decimals } from "../lib/notation.js";

/** The name the session holds this panel's stepper under. */
const STEPPER = "digits-backprop";

/** The phase line; `acts` are the activations of layers 1..L, `cost` the cost's name. */
function describe({ phase, layer: n }, depth, acts = [], cost = "quadratic") {
  const l = layer(n), below = layer(n - 1), L = layer(depth);
  const f = acts[n - 1] === "sigmoid" ? "σ" : "f";
  const c0 = cost === "quadratic" ? `C₀ = Σⱼ (a${L}ⱼ − yⱼ)²` : acts[depth - 1] === "softmax" ? `C₀ = −Σⱼ yⱼ ln a${L}ⱼ` : `C₀ = −Σⱼ [yⱼ ln a${L}ⱼ + (1 − yⱼ) ln(1 − a${L}ⱼ)]`;
  switch (phase) {
    case "start": return "Ready: press Step to run the digit forward, layer by layer.";
    case "forward": return `Forward, layer ${n}: z${l} = W${l}a${below} + b${l}, a${l} = ${f}(z${l}).`;
    case "cost": return `Cost: ${c0}; δ${L} = ∂C₀/∂z${L}.`;
    case "backward": return `Backward, layer ${n}: ∂C₀/∂W${l} = δ${l}a${below}ᵀ, ∂C₀/∂a${below} = W${l}ᵀδ${l}.`;
    case "update": return "Update: W ← W − η ∂C₀/∂W, b ← b − η ∂C₀/∂b — the network has learned from this one digit.";
    default: return "Done. Step again to start over with the new weights.";
  }
}

export class BackpropPanel {
  /**
   * @param {HTMLElement} root
   * @param {{ session, example(): { net, x: Float32Array, label: number, eta: number } | null, onUpdated(): void, onStart(): void }} hooks
   *   `session` (app/session.js) builds and frees the stepper; `net` is a network it holds
   */
  constructor(root, hooks) {
    root.innerHTML = `
      <h2>Backprop on this digit</h2>
      <div class="dg-row">
        <label>target <i>y</i> <select class="dg-bp-target" aria-label="Target digit">${[...Array(10).keys()].map((d) => `<option>${d}</option>`).join("")}</select></label>
        <button type="button" class="dg-bp-step">Step backprop on this digit</button>
        <button type="button" class="dg-bp-back" aria-label="Undo the last step">◀</button>
      </div>
      <p class="dg-bp-phase dg-caption" aria-live="polite">Draw or pick a digit, then step one example through one training step.</p>
      <div class="dg-bp-body">
        <canvas class="dg-bp-bars" aria-label="δ of each layer as bars" role="img"></canvas>
        <figure><canvas class="dg-bp-input" aria-label="∂C₀/∂a⁽⁰⁾ as a 28 × 28 image" role="img"></canvas>
          <figcaption>∂C₀/∂a⁽⁰⁾ — the 784 inputs, compressed into their image</figcaption></figure>
      </div>`;
    this.hooks = hooks;
    this.target = root.querySelector(".dg-bp-target");
    this.phaseText = root.querySelector(".dg-bp-phase");
    this.bars = root.querySelector(".dg-bp-bars");
    this.input = root.querySelector(".dg-bp-input");
    this.stepper = null;
    this.phase = null;
    paintSigned(this.input, new Float32Array(784));
    root.querySelector(".dg-bp-step").addEventListener("click", () => this.step());
    root.querySelector(".dg-bp-back").addEventListener("click", () => this.back());
    this.target.addEventListener("change", () => this.forget());
  }

  /** The input or the network changed: the next Step starts over. */
  forget() {
    this.hooks.session.drop(STEPPER);
    this.stepper = null;
  }

  setTarget(label) {
    this.target.value = String(label);
    this.forget();
  }

  step() {
    if (!this.stepper || this.phase?.phase === "done") {
      const ex = this.hooks.example();
      if (!ex) {
        this.phaseText.textContent = "Draw a digit or pick a test digit first.";
        return;
      }
      this.hooks.onStart();
      const y = this.hooks.extras().oneHot(Number(this.target.value), 10);
      this.forget();
      this.net = ex.net;
      this.stepper = this.hooks.session.stepper(STEPPER, ex.net, ex.x, y, ex.eta);
      this.depth = ex.net.depth();
      this.acts = Array.from({ length: this.depth }, (_, i) => ex.net.activationName(i + 1));
      this.costName = ex.net.costName();
    }
    this.phase = this.stepper.next();
    if (this.phase.phase === "update") this.hooks.onUpdated();
    this.render();
  }

  back() {
    if (!this.stepper) return;
    const before = this.phase?.phase;
    this.phase = this.stepper.prev();
    if (before === "update") this.hooks.onUpdated();
    this.render();
  }

  /** Values of a stepper quantity, or null while it is not computed yet. */
  tryGet(f) {
    try {
      return f();
    } catch {
      return null;
    }
  }

  render() {
    const s = this.stepper;
    const cost = this.tryGet(() => s.cost());
    this.phaseText.textContent = describe(this.phase, this.depth, this.acts, this.costName) + (cost !== null ? `  C₀ = ${decimals(cost, 4)}` : "");
    this.phaseText.dataset.phase = this.phase.phase;
    const deltas = [];
    for (let l = 1; l <= this.depth; l++) deltas.push(this.tryGet(() => s.delta(l)));
    this.drawBars(deltas);
    const da0 = this.tryGet(() => s.activationGradient(0));
    paintSigned(this.input, da0 ?? new Float32Array(784));
    this.input.dataset.computed = String(da0 !== null);
  }

  drawBars(deltas) {
    const c = this.bars;
    const ctx = c.getContext("2d");
    const [w, h] = fitCanvas(c, ctx);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "12px DejaVu Sans, sans-serif";
    const rowH = h / deltas.length;
    deltas.forEach((d, i) => {
      const y0 = i * rowH;
      ctx.fillStyle = "#9a9aa4";
      ctx.textAlign = "left";
      ctx.fillText(`δ${layer(i + 1)}`, 2, y0 + rowH / 2 + 4);
      if (!d) return;
      const max = Math.max(1e-9, ...d.map(Math.abs));
      const bw = (w - 30) / d.length;
      const mid = y0 + rowH / 2;
      d.forEach((v, j) => {
        const len = (v / max) * (rowH / 2 - 4);
        ctx.fillStyle = css(v >= 0 ? BLUE : RED);
        ctx.fillRect(28 + j * bw + 1, Math.min(mid, mid - len), Math.max(1, bw - 2), Math.abs(len));
      });
      ctx.strokeStyle = "#24242c";
      ctx.beginPath();
      ctx.moveTo(28, mid);
      ctx.lineTo(w, mid);
      ctx.stroke();
    });
  }
}
