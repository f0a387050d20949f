// Lesson scene kind "memorise": the digit network trained on a small subset of MNIST twice,
// side by side — once with the real labels, once with the labels shuffled among the images —
// each in a digit worker of its own (app/digits-worker.js, off the page's thread), and both
// runs' training and test accuracy plotted against epochs. With 13,002 parameters and 1,000
// images the network learns the shuffled labels by heart (training accuracy climbs) while it
// stays at chance on the test set; with the real labels it generalises. The subset, the
// shuffle (the core's seeded DigitSet::with_shuffled_labels), the training and every accuracy
// are the core's; tests/memorise.rs checks the claim with the scene's own numbers.

import { fitCanvas } from "../lib/canvas.js";
import { css, BLUE, ORANGE } from "../lib/colors.js";
import { count, percent } from "../lib/notation.js";
import { esc } from "../lib/backprop-math.js";
import { digitWorker } from "./digit-net.js";

const COLORS = [ORANGE, BLUE]; // the table's .ls-run0 and .ls-run1

export class MemoriseScene {
  /** The scene takes the tab's full width, its text above it (mode.js). */
  static wide = true;

  constructor(root, scene, session, host) {
    this.scene = scene;
    this.host = host;
    root.innerHTML = `
      <div class="ls-memorise">
        <canvas class="ls-curve ls-tall" aria-label="Training and test accuracy of both runs against epochs"></canvas>
        <div class="ls-buttons">
          <button type="button" data-act="play" disabled>▶ Train both</button>
          <button type="button" data-act="pause" disabled>Pause</button>
          <span class="ls-progress" aria-live="polite">Loading MNIST…</span>
        </div>
        <table class="ls-table"><thead><tr><th scope="col"></th><th scope="col">epoch</th><th scope="col">training accuracy</th><th scope="col">test accuracy</th></tr></thead><tbody></tbody></table>
        <p class="ls-dims">Solid: accuracy on the ${count(scene.subset)} training images (with the labels it trains on). Dashed: on the test images it never sees.</p>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.body = root.querySelector("tbody");
    this.progress = root.querySelector(".ls-progress");
    this.error = root.querySelector(".error");
    this.buttons = Object.fromEntries([...root.querySelectorAll("button[data-act]")].map((b) => [b.dataset.act, b]));
    this.buttons.play.addEventListener("click", () => host.play());
    this.buttons.pause.addEventListener("click", () => host.pause());
    this.runs = scene.runs.map((r) => ({ ...r, points: [], ready: false, epoch: 0, playing: false }));
    session.extras().then(
      (x) => {
        if (this.dead) return;
        this.runs.forEach((r) => this.start(x, r));
      },
      (e) => this.fail(`could not load the extras module: ${e.message}`),
    );
    this.show();
  }

  start(x, run) {
    const s = this.scene;
    run.worker = digitWorker(x, s.network, { learningRate: s.eta, batchSize: s.batchSize, decay: 1, regularization: 0 }, {
      ready: () => run.worker.post({ type: "restrict", n: s.subset, shuffleSeed: run.shuffleSeed ?? null }),
      evaluation: (e) => {
        if (!e.train) return; // the full set's score before the subset is in place
        run.ready = true;
        run.epoch = e.epoch;
        if (run.points.at(-1)?.[0] !== e.epoch) run.points.push([e.epoch, e.train.accuracy, e.accuracy]);
        this.show();
      },
      stopped: () => {
        run.playing = false;
        this.show();
      },
      metrics: (m) => {
        run.playing = m.playing;
      },
      error: (m) => this.fail(m.message),
    });
  }

  done() {
    return this.runs.every((r) => r.epoch >= this.scene.epochs);
  }

  play() {
    if (!this.runs.every((r) => r.ready) || this.done()) return false;
    for (const r of this.runs) {
      if (r.epoch < this.scene.epochs) r.worker.post({ type: "play", epochs: this.scene.epochs });
      r.playing = true;
    }
    this.show();
    return true;
  }

  pause() {
    for (const r of this.runs) r.worker?.post({ type: "pause" });
    this.show();
  }

  /** The page's loop asks each frame: false once both runs have stopped (the workers train). */
  frame() {
    return !this.done();
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  show() {
    const ready = this.runs.every((r) => r.ready);
    const playing = this.host.playing && !this.done();
    this.buttons.play.disabled = !ready || playing || this.done();
    this.buttons.pause.disabled = !playing;
    const epoch = Math.min(...this.runs.map((r) => r.epoch));
    this.progress.textContent = ready ? `${epoch} of ${this.scene.epochs} epochs` : "Loading MNIST…";
    this.body.innerHTML = this.runs
      .map((r, i) => {
        const p = r.points.at(-1);
        return `<tr><th scope="row" class="ls-run${i}">${esc(r.label)}</th><td>${p ? p[0] : "…"}</td>` +
          `<td data-q="train${i}">${p ? percent(p[1], 1, " %") : "…"}</td><td data-q="test${i}">${p ? percent(p[2], 1, " %") : "…"}</td></tr>`;
      })
      .join("");
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    const [w, h] = fitCanvas(this.canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const pad = 34;
    const E = this.scene.epochs;
    const X = (e) => pad + (e / E) * (w - 2 * pad);
    const Y = (a) => h - pad - a * (h - 2 * pad);
    ctx.strokeStyle = "rgba(255,255,255,0.3)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad, pad / 2);
    ctx.lineTo(pad, h - pad);
    ctx.lineTo(w - pad, h - pad);
    ctx.stroke();
    ctx.fillStyle = "rgba(255,255,255,0.6)";
    ctx.font = "12px sans-serif";
    for (const a of [0, 0.5, 1]) ctx.fillText(`${a * 100} %`, 2, Y(a) + 4);
    // Chance: one digit in ten.
    ctx.setLineDash([2, 4]);
    ctx.beginPath();
    ctx.moveTo(pad, Y(0.1));
    ctx.lineTo(w - pad, Y(0.1));
    ctx.stroke();
    ctx.fillText("chance", w - pad - 44, Y(0.1) - 4);
    ctx.fillText(`${E} epochs`, w - pad - 56, h - 10);
    this.runs.forEach((r, i) => {
      ctx.strokeStyle = ctx.fillStyle = css(COLORS[i]);
      ctx.lineWidth = 2.5;
      for (const [col, dash] of [[1, []], [2, [7, 5]]]) {
        ctx.setLineDash(dash);
        ctx.beginPath();
        r.points.forEach((p, k) => (k ? ctx.lineTo(X(p[0]), Y(p[col])) : ctx.moveTo(X(p[0]), Y(p[col]))));
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.fillText(r.label, pad + 10, pad / 2 + 14 + 16 * i);
    });
    ctx.setLineDash([]);
  }

  destroy() {
    this.dead = true;
    for (const r of this.runs) r.worker?.stop();
  }
}
