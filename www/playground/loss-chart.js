// A small line chart of training and test cost C over iterations.

import { linear, finiteMax, decimate } from "../lib/scale.js";
import { fmt } from "../lib/notation.js";
import { fitCanvas } from "../lib/canvas.js";

const MAX_SAMPLES = 400;

export class LossChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.samples = []; // { it, train, test }
  }

  clear() {
    this.samples = [];
  }

  /** Record the metrics at an iteration (skipped if it repeats the last one). */
  push(it, metrics) {
    const last = this.samples[this.samples.length - 1];
    if (last && last.it === it) {
      last.train = metrics.trainLoss;
      last.test = metrics.testLoss;
      return;
    }
    this.samples.push({ it, train: metrics.trainLoss, test: metrics.testLoss });
    this.samples = decimate(this.samples, MAX_SAMPLES);
  }

  render() {
    const { canvas, ctx } = this;
    const [w, h] = fitCanvas(canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const s = this.samples;
    const yMax = finiteMax(s.flatMap((p) => [p.train, p.test])) || 1;
    const x = linear(s.length ? s[0].it : 0, s.length > 1 ? s[s.length - 1].it : 1, 4, w - 4);
    const y = linear(0, yMax * 1.05, h - 4, 14);
    ctx.strokeStyle = "rgba(255,255,255,0.15)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(4, h - 4);
    ctx.lineTo(w - 4, h - 4);
    ctx.stroke();
    this.line(s, "test", x, y, "rgba(200,200,200,0.9)", [4, 3]);
    this.line(s, "train", x, y, "#fff", []);
    ctx.fillStyle = "#888";
    ctx.font = `11px "DejaVu Sans", system-ui, sans-serif`;
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(`C  (max ${fmt(yMax)})`, 4, 1);
    this.legend(w - 150, 7);
  }

  legend(x, y) {
    const { ctx } = this;
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#ccc";
    [["train", "#fff", []], ["test", "rgba(200,200,200,0.9)", [4, 3]]].forEach(([name, color, dash], i) => {
      const x0 = x + i * 72;
      ctx.strokeStyle = color;
      ctx.setLineDash(dash);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x0, y);
      ctx.lineTo(x0 + 22, y);
      ctx.stroke();
      ctx.fillText(name, x0 + 27, y);
    });
    ctx.setLineDash([]);
  }

  line(s, key, x, y, color, dash) {
    const { ctx } = this;
    ctx.strokeStyle = color;
    ctx.setLineDash(dash);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let started = false;
    for (const p of s) {
      if (!Number.isFinite(p[key])) continue;
      if (started) ctx.lineTo(x(p.it), y(p[key]));
      else ctx.moveTo(x(p.it), y(p[key]));
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
