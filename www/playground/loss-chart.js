// The cost C (train solid, test dashed) and, for classification, the accuracy (blue, its own
// 0–100 % axis on the right) over the epochs trained. The cost axis spans the data (with a little
// room), not 0 up, so slow progress does not look flat; both axes are labelled. Pointing at the
// chart (or, with the chart focused, ← / →) reads one sample out: epoch, iteration, both costs
// and both accuracies, in the line under it — every number the core's (session.snapshot()).

import { linear, decimate, ticks } from "../lib/scale.js";
import { percent, count, decimals } from "../lib/notation.js";
import { fitCanvas } from "../lib/canvas.js";
import { css, BLUE } from "../lib/colors.js";
import { onKeys } from "../lib/key-targets.js";

const MAX_SAMPLES = 400;
const FONT = `11px "DejaVu Sans", system-ui, sans-serif`;
const PAD = { left: 46, right: 40, top: 16, bottom: 18 };

export class LossChart {
  /** @param {HTMLCanvasElement} canvas  @param {HTMLElement} [readout] the line that reads a sample out */
  constructor(canvas, readout = null) {
    this.canvas = canvas;
    this.readout = readout;
    this.ctx = canvas.getContext("2d");
    this.samples = []; // { it, epoch, train, test, trainAcc, testAcc }
    this.picked = null; // index into samples of the read-out sample (null: none)
    canvas.addEventListener("pointermove", (e) => this.pickAt(e.clientX));
    canvas.addEventListener("pointerleave", () => this.pick(null));
    onKeys(canvas, (e) => {
      const d = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity }[e.key];
      if (d === undefined || !this.samples.length) return false; // the arrows are the chart's here, not the page's step
      const last = this.samples.length - 1;
      const from = this.picked ?? last;
      this.pick(Math.max(0, Math.min(last, Number.isFinite(d) ? from + d : d < 0 ? 0 : last)));
      return true;
    });
  }

  clear() {
    this.samples = [];
    this.pick(null);
  }

  /** Record the metrics at an iteration (skipped if it repeats the last one). */
  push(it, metrics, epoch = null) {
    const sample = {
      it, epoch, train: metrics.trainLoss, test: metrics.testLoss,
      trainAcc: metrics.trainAccuracy ?? null, testAcc: metrics.testAccuracy ?? null,
    };
    const last = this.samples[this.samples.length - 1];
    if (last && last.it === it) Object.assign(last, sample);
    else {
      this.samples.push(sample);
      this.samples = decimate(this.samples, MAX_SAMPLES);
    }
    if (this.picked === null) this.showReadout();
  }

  pickAt(clientX) {
    if (!this.samples.length || !this.x) return;
    const box = this.canvas.getBoundingClientRect();
    const it = this.x.invert ? this.x.invert(clientX - box.left) : null;
    if (it === null) return;
    let best = 0;
    this.samples.forEach((s, i) => {
      if (Math.abs(s.it - it) < Math.abs(this.samples[best].it - it)) best = i;
    });
    this.pick(best);
  }

  pick(i) {
    this.picked = i;
    this.showReadout();
    this.render();
  }

  /** The read-out line: the picked sample, or the latest. */
  showReadout() {
    if (!this.readout) return;
    const s = this.samples[this.picked ?? this.samples.length - 1];
    if (!s) {
      this.readout.textContent = "";
      return;
    }
    const acc = Number.isFinite(s.trainAcc) ? ` · accuracy ${percent(s.trainAcc, 1)} train, ${percent(s.testAcc, 1)} test` : "";
    const when = s.epoch === null ? `iteration ${count(s.it)}` : `epoch ${count(s.epoch)} (iteration ${count(s.it)})`;
    this.readout.textContent = `${this.picked === null ? "Now" : "At"} ${when}: C ${decimals(s.train, 4)} train, ${decimals(s.test, 4)} test${acc}`;
  }

  render() {
    const { canvas, ctx } = this;
    const [w, h] = fitCanvas(canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const s = this.samples;
    const costs = s.flatMap((p) => [p.train, p.test]).filter(Number.isFinite);
    let lo = costs.length ? Math.min(...costs) : 0;
    let hi = costs.length ? Math.max(...costs) : 1;
    const room = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 0.1;
    lo = Math.max(0, lo - room);
    hi += room;
    const first = s.length ? s[0].it : 0;
    const lastIt = s.length > 1 ? s[s.length - 1].it : first + 1;
    const x = (this.x = linear(first, lastIt, PAD.left, w - PAD.right));
    const y = linear(lo, hi, h - PAD.bottom, PAD.top);
    const yAcc = linear(0, 1, h - PAD.bottom, PAD.top);
    const hasAcc = s.some((p) => Number.isFinite(p.trainAcc));
    ctx.font = FONT;
    // Axes and ticks: cost on the left, accuracy on the right, epochs (or iterations) below.
    ctx.strokeStyle = "rgba(255,255,255,0.12)";
    ctx.fillStyle = "#9a9aa6";
    ctx.lineWidth = 1;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    // One labelled tick per 22 px of plot at most (a short embed chart gets two or three).
    const ts = ticks(lo, hi, Math.max(1, Math.min(4, Math.floor((h - PAD.top - PAD.bottom) / 22))));
    // As many decimals as the ticks' step needs (0.249 and 0.25 would both read 0.25 otherwise).
    const places = ts.length > 1 ? Math.max(0, Math.ceil(-Math.log10(ts[1] - ts[0]) - 1e-9)) : 3;
    for (const t of ts) {
      ctx.beginPath();
      ctx.moveTo(PAD.left, y(t));
      ctx.lineTo(w - PAD.right, y(t));
      ctx.stroke();
      ctx.fillText(decimals(t, places), PAD.left - 5, y(t));
    }
    if (hasAcc) {
      ctx.textAlign = "left";
      ctx.fillStyle = css(BLUE, 0.85);
      for (const t of [0, 0.5, 1]) ctx.fillText(`${t * 100} %`, w - PAD.right + 5, yAcc(t));
    }
    ctx.fillStyle = "#9a9aa6";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const epochs = s.length && s[0].epoch !== null;
    const lastS = s[s.length - 1];
    const span = epochs && lastS ? lastS.epoch : lastIt;
    ctx.fillText(epochs ? "epoch" : "iteration", (PAD.left + w - PAD.right) / 2, h - PAD.bottom + 3);
    ctx.textAlign = "left";
    ctx.fillText(epochs && s[0] ? count(s[0].epoch) : count(first), PAD.left, h - PAD.bottom + 3);
    ctx.textAlign = "right";
    ctx.fillText(count(span), w - PAD.right, h - PAD.bottom + 3);
    ctx.textAlign = "left";
    // The cost axis's title, in the corner above its tick labels (clear of the top one).
    ctx.fillText("C", 2, 0);
    // The curves.
    if (hasAcc) {
      this.line(s, "testAcc", x, yAcc, css(BLUE, 0.7), [4, 3]);
      this.line(s, "trainAcc", x, yAcc, css(BLUE, 0.95), []);
    }
    this.line(s, "test", x, y, "rgba(200,200,200,0.9)", [4, 3]);
    this.line(s, "train", x, y, "#fff", []);
    this.legend(w - PAD.right - (hasAcc ? 250 : 130), 2, hasAcc);
    // The read-out sample.
    const p = this.picked === null ? null : s[this.picked];
    if (p) {
      ctx.strokeStyle = "rgba(255,216,77,0.8)";
      ctx.beginPath();
      ctx.moveTo(x(p.it), PAD.top);
      ctx.lineTo(x(p.it), h - PAD.bottom);
      ctx.stroke();
    }
  }

  legend(x0, y0, hasAcc) {
    const { ctx } = this;
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    const items = [["train C", "#fff", []], ["test C", "rgba(200,200,200,0.9)", [4, 3]]];
    if (hasAcc) items.push(["accuracy", css(BLUE, 0.95), []]);
    items.forEach(([name, color, dash], i) => {
      const x = x0 + i * 82;
      ctx.strokeStyle = color;
      ctx.setLineDash(dash);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, y0 + 6);
      ctx.lineTo(x + 20, y0 + 6);
      ctx.stroke();
      ctx.fillStyle = "#ccc";
      ctx.fillText(name, x + 24, y0);
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
