// Training and test accuracy (top) and cost C (bottom) against epochs, for the digit network.
// Training figures are running means over the mini-batches since the previous point.

import { decimate } from "../lib/scale.js";
import { fmt, percent, decimals } from "../lib/notation.js";
import { fitCanvas } from "../lib/canvas.js";

const MAX = 400;

export class DigitsChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.train = []; // { x: epochs, acc, cost }
    this.test = [];
    this.version = 0; // counts the changes of the series: render draws only a new one
  }

  clear() {
    this.train = [];
    this.test = [];
    this.version++;
  }

  pushTrain(x, acc, cost) {
    this.train.push({ x, acc, cost });
    this.train = decimate(this.train, MAX);
    this.version++;
  }

  pushTest(x, acc, cost) {
    const last = this.test.at(-1);
    if (last && last.x === x) Object.assign(last, { acc, cost });
    else this.test.push({ x, acc, cost });
    this.test = decimate(this.test, MAX);
    this.version++;
  }

  render() {
    const { canvas, ctx } = this;
    const [w, h] = fitCanvas(canvas, ctx);
    // The same series at the same size draw the same picture: the canvas keeps it.
    const key = `${this.version} ${canvas.width}×${canvas.height} ${w}×${h}`;
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    ctx.clearRect(0, 0, w, h);
    const all = [...this.train, ...this.test];
    const xMax = Math.max(1, ...all.map((p) => p.x));
    const accs = all.map((p) => p.acc).filter(Number.isFinite);
    const lo = Math.min(0.9, Math.floor(Math.min(1, ...accs) * 20) / 20);
    const costs = all.map((p) => p.cost).filter(Number.isFinite);
    const cMax = Math.max(1e-6, ...costs);
    const left = 44;
    const right = w - 8;
    const top = [8, h * 0.58 + 6];
    const bottom = [h * 0.58 - 8, h - 18];
    const X = (x) => left + (x / xMax) * (right - left);
    const panels = [
      { key: "acc", y: (v) => bottom[0] - ((v - lo) / (1 - lo)) * (bottom[0] - top[0]), label: [percent(lo, 0, " %"), "100 %"], title: "accuracy" },
      { key: "cost", y: (v) => bottom[1] - (v / cMax) * (bottom[1] - top[1]), label: ["0", fmt(cMax)], title: "cost C" },
    ];
    ctx.font = "11px DejaVu Sans, sans-serif";
    panels.forEach((p, i) => {
      ctx.strokeStyle = "#24242c";
      ctx.strokeRect(left, top[i], right - left, bottom[i] - top[i]);
      ctx.fillStyle = "#9a9aa4";
      ctx.textAlign = "right";
      ctx.fillText(p.label[0], left - 4, bottom[i]);
      ctx.fillText(p.label[1], left - 4, top[i] + 9);
      ctx.textAlign = "left";
      ctx.fillText(p.title, left + 4, top[i] + 12);
      for (const [series, color, dash] of [[this.train, "#58c4dd", []], [this.test, "#f59322", [5, 3]]]) {
        ctx.strokeStyle = color;
        ctx.setLineDash(dash);
        ctx.lineWidth = 2;
        ctx.beginPath();
        series.forEach((s, k) => {
          const v = Math.max(i === 0 ? lo : 0, s[p.key]);
          if (!Number.isFinite(v)) return;
          if (k === 0) ctx.moveTo(X(s.x), p.y(v));
          else ctx.lineTo(X(s.x), p.y(v));
        });
        ctx.stroke();
        ctx.setLineDash([]);
      }
    });
    ctx.fillStyle = "#9a9aa4";
    ctx.textAlign = "center";
    ctx.fillText(`epochs (0 – ${decimals(xMax, xMax < 10 ? 1 : 0)})`, (left + right) / 2, h - 4);
  }
}
