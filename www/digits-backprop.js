// Backprop on one digit: the JS Stepper API (one example through forward, cost, backward and
// update, one phase per click) on the page's copy of the digit network. The 784-wide input is
// shown compressed — as its 28 × 28 image of ∂C/∂a⁽⁰⁾ — and the layers of 16, 16 and 10 as
// bars of δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾.

import { Stepper } from "./pkg/backprop_lab.js";
import { BLUE, RED, css } from "./colors.js";
import { paintSigned } from "./digits-weights.js";
import { fitCanvas } from "./canvas.js";

const SUP = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴" };

function describe({ phase, layer }, depth) {
  const l = SUP[layer] ?? layer;
  switch (phase) {
    case "start": return "Ready: press Step to run the digit forward, layer by layer.";
    case "forward": return `Forward, layer ${layer}: z${l} = W${l} a${SUP[layer - 1]} + b${l}, a${l} = f(z${l}).`;
    case "cost": return `Cost: C₀ = Σⱼ (aⱼ${SUP[depth]} − yⱼ)² (or cross-entropy); δ${SUP[depth]} = ∂C₀/∂z${SUP[depth]}.`;
    case "backward": return `Backward, layer ${layer}: ∂C₀/∂W${l} = δ${l} a${SUP[layer - 1]}ᵀ, ∂C₀/∂a${SUP[layer - 1]} = W${l}ᵀ δ${l}.`;
    case "update": return "Update: W ← W − η ∂C₀/∂W, b ← b − η ∂C₀/∂b — the network has learned from this one digit.";
    default: return "Done. Step again to start over with the new weights.";
  }
}

export class BackpropPanel {
  /**
   * @param {HTMLElement} root
   * @param {{ example(): { net, x: Float32Array, label: number, eta: number } | null, onUpdated(): void, onStart(): void }} hooks
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
        <figure><canvas class="dg-bp-input" aria-label="∂C/∂a⁰ as a 28 × 28 image" role="img"></canvas>
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
    this.stepper?.free();
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
      const y = new Float32Array(10);
      y[Number(this.target.value)] = 1;
      this.forget();
      this.net = ex.net;
      this.stepper = new Stepper(ex.net, ex.x, y, ex.eta);
      this.depth = ex.net.depth();
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
    this.phaseText.textContent = describe(this.phase, this.depth) + (cost !== null ? `  C₀ = ${cost.toFixed(4)}` : "");
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
      ctx.fillText(`δ${SUP[i + 1]}`, 2, y0 + rowH / 2 + 4);
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
