// What the network view draws while the Backprop tab is on: the stepper's state instead of the
// playground's neuron pictures. The active layer is highlighted; forward lights neurons by a⁽ˡ⁾;
// backward shows δ⁽ˡ⁾ (colour by sign, disc size by |δ|) and ∂C/∂w on the incoming weights
// (colour by sign, width by |∂C/∂w|); layers not reached stay dim; the update animates W.
// Every number comes from the stepper snapshot (the core); this module only draws.

import { weightColor, activationGrey, neuronRange, css, BLUE, RED } from "../lib/colors.js";
import { weightWidth } from "../lib/scale.js";
import { fmt } from "../lib/notation.js";
import { weightIndex } from "../lib/layout.js";

const YELLOW = "#ffff66";
const DIM = 0.18;
export const UPDATE_MS = 700;

export class BackpropOverlay {
  /** @param {() => boolean} isOn  whether the Backprop tab is showing */
  constructor(isOn) {
    this.isOn = isOn;
    this.state = null; // snapshot from backprop-mode.js
    this.anim = null; // { from: [Float32Array per l], t0 } while the update animates
  }

  active() {
    return !!(this.state && this.isOn());
  }

  /** The highlighted layer: the layer of a forward/backward step, L for the cost, null otherwise. */
  get activeLayer() {
    const s = this.state;
    if (!s) return null;
    if (s.phase === "forward" || s.phase === "backward") return s.layer;
    if (s.phase === "cost") return s.L;
    return null;
  }

  /** Progress of the update animation in [0, 1] (1 when none). */
  progress(now = performance.now()) {
    if (!this.anim) return 1;
    const t = (now - this.anim.t0) / UPDATE_MS;
    if (t >= 1) this.anim = null;
    return t >= 1 ? 1 : t * t * (3 - 2 * t);
  }

  draw(view) {
    const s = this.state;
    const { ctx, layout, model } = view;
    const active = this.activeLayer;
    view.canvas.dataset.activeLayer = active === null ? "" : String(active);
    if (active !== null) {
      const col = layout.columns[active];
      const ys = col.nodes.map((p) => p.y);
      const r = layout.radius;
      ctx.save();
      ctx.fillStyle = "rgba(255,255,102,0.07)";
      ctx.strokeStyle = YELLOW;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.roundRect(col.x - r - 12, Math.min(...ys) - r - 12, 2 * r + 24, Math.max(...ys) - Math.min(...ys) + 2 * r + 24, 12);
      ctx.fill();
      ctx.stroke();
      ctx.restore();
    }
    this.drawEdges(view, s);
    for (let l = 0; l <= model.L; l++) this.drawLayer(view, s, l);
    if (s.phase === "cost" || s.phase === "backward" || s.phase === "update" || s.phase === "done") this.drawTargets(view, s);
  }

  drawEdges(view, s) {
    const { ctx, model } = view;
    const t = this.progress();
    ctx.lineCap = "round";
    for (let l = 1; l <= model.L; l++) {
      const W = model.weights(l);
      const from = this.anim?.from[l];
      const g = s.phase === "backward" && l >= s.layer ? s.dw[l] : null;
      const gMax = g ? Math.max(1e-12, ...g.map(Math.abs)) : 1;
      const reached = s.phase === "forward" ? l <= s.layer : s.phase !== "start";
      const nk = model.sizes[l - 1];
      for (let j = 0; j < model.sizes[l]; j++)
        for (let k = 0; k < nk; k++) {
          const i = weightIndex(nk, j, k);
          const [x0, y0, x1, y1] = view.edgeEnds(l, j, k);
          if (g) {
            const u = Math.abs(g[i]) / gMax;
            ctx.strokeStyle = css(g[i] >= 0 ? BLUE : RED, 0.3 + 0.7 * u);
            ctx.lineWidth = 0.75 + 7 * u;
          } else {
            const w = from ? from[i] + (W[i] - from[i]) * t : W[i];
            ctx.strokeStyle = weightColor(w);
            ctx.lineWidth = weightWidth(w);
            ctx.globalAlpha = reached && !(s.phase === "backward") ? 1 : DIM;
          }
          ctx.beginPath();
          ctx.moveTo(x0, y0);
          ctx.lineTo(x1, y1);
          ctx.stroke();
          ctx.globalAlpha = 1;
        }
    }
    if (this.anim) this.onTick?.(); // the page's loop draws the animation's next frame
  }

  drawLayer(view, s, l) {
    const { ctx, layout, model } = view;
    const r = layout.radius;
    const a = s.a[l];
    const delta = s.phase === "backward" || s.phase === "update" || s.phase === "done" ? s.delta[l] : null;
    const showDelta = delta && s.phase === "backward" && l >= s.layer;
    const dim = !a || (s.phase === "backward" && l < s.layer);
    const range = l === 0 ? [-1, 1] : neuronRange(model.activations[l], l === model.L);
    const dMax = showDelta ? Math.max(1e-12, ...delta.map(Math.abs)) : 1;
    layout.columns[l].nodes.forEach((p, j) => {
      ctx.save();
      ctx.globalAlpha = dim && !showDelta ? 0.35 : 1;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
      const grey = a ? activationGrey(a[j], range) : 20;
      ctx.fillStyle = showDelta ? "#111" : `rgb(${grey},${grey},${grey})`;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = dim ? "rgba(255,255,255,0.4)" : "#fff";
      ctx.stroke();
      if (showDelta) {
        const u = Math.abs(delta[j]) / dMax;
        ctx.beginPath();
        ctx.arc(p.x, p.y, Math.max(2, r * (0.2 + 0.8 * Math.sqrt(u))), 0, Math.PI * 2);
        ctx.fillStyle = css(delta[j] >= 0 ? BLUE : RED, 0.9);
        ctx.fill();
        label(ctx, p, r, `δ ${fmt(delta[j], 2)}`, "#fff", true);
      } else if (a) label(ctx, p, r, fmt(a[j], 2), r >= 15 && grey > 140 ? "#000" : "#fff", r < 15);
      ctx.restore();
    });
  }

  /** The target yⱼ under each output neuron (the panel lists the cost's terms). */
  drawTargets(view, s) {
    const { ctx, layout, model } = view;
    const r = layout.radius;
    ctx.save();
    ctx.font = `${Math.max(13, Math.round(r * 0.5))}px "DejaVu Sans", system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = YELLOW;
    layout.columns[model.L].nodes.forEach((p, j) => ctx.fillText(`y = ${fmt(s.y[j], 3)}`, p.x, p.y + r + 6));
    ctx.restore();
  }
}

/** A value inside its neuron (or above it when the neuron is small). */
function label(ctx, p, r, text, colour, above) {
  ctx.font = `${above ? 12 : Math.min(15, Math.round(r * 0.5))}px "DejaVu Sans", system-ui, sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillStyle = above ? "#fff" : colour;
  ctx.fillText(text.replace("-", "−"), p.x, above ? p.y - r - 9 : p.y);
}
