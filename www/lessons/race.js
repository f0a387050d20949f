// Lesson scene kind "race": the same network with different hidden activations (sigmoid and
// ReLU, say) trained side by side on the same data from the same seed — each a Playground of
// the core, a few mini-batches per frame from the page's one loop — with both costs C on one
// chart and, for each, how large each layer's gradient is (the extras module's gradientSizes:
// the root mean square of ∂C/∂W⁽ˡ⁾ on the training set), so a vanishing gradient shows.

import { fitCanvas } from "../lib/canvas.js";
import { fmtNum, count } from "../lib/notation.js";
import { css, BLUE, ORANGE } from "../lib/colors.js";
import { esc } from "../lib/backprop-math.js";

const COLORS = [ORANGE, BLUE];
const SIZES_EVERY = 10; // frames between gradient-size readings

export class RaceScene {
  constructor(root, scene, session, host) {
    this.session = session;
    this.scene = scene;
    this.host = host;
    this.runs = scene.variants.map((v, i) => {
      const slot = `lesson-race-${i}`;
      const { pg, net } = session.playground(slot, { ...scene.playground, activations: scene.playground.hidden.map(() => v.activation) });
      const n = pg.trainPoints().length / 3;
      const { xs, ys } = session.examplesOf(net, Uint32Array.from({ length: n }, (_, k) => k));
      return { ...v, slot, pg, net, xs, ys, costs: [[0, pg.metrics().trainLoss]], sizes: null };
    });
    root.innerHTML = `
      <div class="ls-race">
        <canvas class="ls-curve" aria-label="The cost C of each network against mini-batches trained"></canvas>
        <div class="ls-buttons">
          <button type="button" data-act="play">▶ Train both</button>
          <button type="button" data-act="pause" disabled>Pause</button>
          <span class="ls-progress" aria-live="polite"></span>
        </div>
        <table class="ls-table"><thead><tr><th scope="col"></th><th scope="col">C</th>${scene.playground.hidden
          .concat([0])
          .map((_, l) => `<th scope="col">l = ${l + 1}</th>`)
          .join("")}</tr></thead><tbody></tbody></table>
        <p class="ls-dims">Under l = 1, 2, …: |∂C/∂W⁽ˡ⁾|, the root mean square of layer l's weight gradient on the ${count(this.runs[0].pg.trainPoints().length / 3)} training points.</p>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.body = root.querySelector("tbody");
    this.progress = root.querySelector(".ls-progress");
    this.buttons = Object.fromEntries([...root.querySelectorAll("button[data-act]")].map((b) => [b.dataset.act, b]));
    this.buttons.play.addEventListener("click", () => host.play());
    this.buttons.pause.addEventListener("click", () => host.pause());
    this.frames = 0;
    session.extras().then(
      (x) => {
        this.x = x;
        this.measure();
        this.show();
      },
      () => {},
    );
    this.show();
  }

  /** Each run's gradient sizes now (the extras module's gradientSizes on its training set). */
  measure() {
    if (!this.x) return;
    for (const r of this.runs) r.sizes = Array.from(this.x.gradientSizes(r.net.toJSON(), r.xs, r.ys));
  }

  done() {
    return this.runs[0].pg.iterations() >= this.scene.batches;
  }

  play() {
    if (this.done()) return false;
    this.buttons.play.disabled = true;
    this.buttons.pause.disabled = false;
    return true;
  }

  pause() {
    this.buttons.play.disabled = this.done();
    this.buttons.pause.disabled = true;
    this.measure();
    this.show();
  }

  /** One frame of training: the same number of mini-batches for each run. False when done. */
  frame() {
    const left = this.scene.batches - this.runs[0].pg.iterations();
    const n = Math.min(this.scene.perFrame, left);
    for (const r of this.runs) {
      r.pg.train(n);
      r.costs.push([r.pg.iterations(), r.pg.metrics().trainLoss]);
    }
    if (++this.frames % SIZES_EVERY === 0) this.measure();
    this.show();
    return !this.done();
  }

  show() {
    const it = this.runs[0].pg.iterations();
    this.progress.textContent = `${count(it)} of ${count(this.scene.batches)} mini-batches`;
    this.body.innerHTML = this.runs
      .map((r, i) => `<tr><th scope="row" class="ls-run${i}">${esc(r.label)}</th><td data-q="cost${i}">${fmtNum(r.costs.at(-1)[1])}</td>` +
        (r.sizes ? r.sizes.map((s, l) => `<td data-q="size${i}-${l + 1}">${fmtNum(s, 3)}</td>`).join("") : `<td colspan="${this.scene.playground.hidden.length + 1}">…</td>`) + "</tr>")
      .join("");
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    const [w, h] = fitCanvas(this.canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const pad = 28;
    const top = Math.max(...this.runs.flatMap((r) => r.costs.map(([, c]) => c)), 1e-9);
    const X = (i) => pad + (i / this.scene.batches) * (w - 2 * pad);
    const Y = (c) => h - pad - (c / top) * (h - 2 * pad);
    ctx.strokeStyle = "rgba(255,255,255,0.3)";
    ctx.beginPath();
    ctx.moveTo(pad, pad / 2);
    ctx.lineTo(pad, h - pad);
    ctx.lineTo(w - pad, h - pad);
    ctx.stroke();
    ctx.fillStyle = "rgba(255,255,255,0.6)";
    ctx.font = "12px sans-serif";
    ctx.fillText("C", 8, pad / 2 + 8);
    ctx.fillText(fmtNum(top, 3), pad + 4, pad / 2 + 8);
    ctx.fillText("0", 14, h - pad + 4);
    ctx.fillText(`${count(this.scene.batches)} mini-batches`, w - pad - 110, h - 8);
    this.runs.forEach((r, i) => {
      ctx.strokeStyle = css(COLORS[i]);
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      r.costs.forEach(([it, c], k) => (k ? ctx.lineTo(X(it), Y(c)) : ctx.moveTo(X(it), Y(c))));
      ctx.stroke();
      ctx.fillStyle = css(COLORS[i]);
      ctx.fillText(r.label, w - pad - 70, pad + 16 * i);
    });
  }

  destroy() {
    for (const r of this.runs) {
      this.session.drop(r.slot);
      this.session.drop(`${r.slot}:net`);
    }
  }
}
