// A 1-D cut of the cost surface: C along one parameter with the other held, and the tangent
// line of slope ∂C/∂p at the current value — "the slope of the function". Draws only.

import { linear } from "../lib/scale.js";
import { fmt } from "../lib/notation.js";
import { startFrame } from "./heatmap.js";

const PAD = { left: 54, right: 10, top: 10, bottom: 26 };

export class SurfaceCut {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
  }

  /**
   * `{ cut: Float32Array (C from lo to hi), lo, hi, value, cost, slope, name }`: `value` and
   * `cost` are the current point, `slope` is ∂C/∂p there; without a cut, `message` is drawn.
   */
  render({ cut, lo, hi, value, cost, slope, name, message }) {
    const { ctx } = this;
    const size = startFrame(this.canvas, ctx, cut && cut.length >= 2, message);
    if (!size) return;
    const [w, h] = size;
    let cMin = Infinity, cMax = -Infinity;
    for (const c of cut) if (Number.isFinite(c)) (cMin = Math.min(cMin, c)), (cMax = Math.max(cMax, c));
    if (!(cMax >= cMin)) return;
    const pad = (cMax - cMin) * 0.08 || 0.01;
    const x = linear(lo, hi, PAD.left, w - PAD.right);
    const y = linear(cMin - pad, cMax + pad, h - PAD.bottom, PAD.top);
    ctx.strokeStyle = "#3a3a46";
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD.left + 0.5, PAD.top + 0.5, w - PAD.left - PAD.right - 1, h - PAD.top - PAD.bottom - 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top, w - PAD.left - PAD.right, h - PAD.top - PAD.bottom);
    ctx.clip();
    ctx.strokeStyle = "#58c4dd";
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    cut.forEach((c, i) => ctx[i ? "lineTo" : "moveTo"](x(lo + ((hi - lo) * i) / (cut.length - 1)), y(c)));
    ctx.stroke();
    // The tangent C + ∂C/∂p · (p − p₀), a quarter of the range to each side.
    const half = (hi - lo) / 4;
    ctx.strokeStyle = "#ffff00";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x(value - half), y(cost - slope * half));
    ctx.lineTo(x(value + half), y(cost + slope * half));
    ctx.stroke();
    ctx.fillStyle = "#ffff00";
    ctx.strokeStyle = "#000";
    ctx.beginPath();
    ctx.arc(x(value), y(cost), 5.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
    ctx.fillStyle = "#ececec";
    ctx.font = "13px 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(fmt(lo, 2), PAD.left, h - PAD.bottom + 4);
    ctx.textAlign = "right";
    ctx.fillText(fmt(hi, 2), w - PAD.right, h - PAD.bottom + 4);
    ctx.fillText(fmt(cMax), PAD.left - 4, PAD.top);
    ctx.textBaseline = "bottom";
    ctx.fillText(fmt(cMin), PAD.left - 4, h - PAD.bottom);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.font = "italic 15px 'DejaVu Serif', serif";
    ctx.fillText(`${name} →`, (PAD.left + w - PAD.right) / 2, h - PAD.bottom + 4);
    ctx.textBaseline = "bottom";
    ctx.textAlign = "left";
    ctx.fillStyle = "#ffff00";
    ctx.fillText(`slope ∂C/∂${name} = ${fmt(slope)}`, PAD.left + 8, PAD.top + 22);
  }
}
