// Lesson scene kind "sgd": full-batch gradient descent against mini-batch stochastic gradient
// descent on the cost C(p_A, p_B) of two parameters of the scene's network. Both paths start
// at the same point with the same η and number of steps; a full-batch step uses every example
// (n per-example gradient evaluations), a mini-batch step the next b of a seeded shuffle (b
// evaluations). Both paths, each point's C and the evaluations each took to reach the target
// cost are the core's (the extras module's compareDescents); the heatmap is its gradientField.

import { count, fmtNum, paramName } from "../lib/notation.js";
import { css, BLUE, ORANGE } from "../lib/colors.js";
import { slider } from "./controls.js";
import { NET, sceneNetwork } from "./scene-net.js";
import { Plane, path, ball } from "./plane.js";

export class SgdScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    Object.assign(this, sceneNetwork(session, scene));
    this.pair = scene.pair;
    this.settings = { batch: scene.batch, eta: scene.eta, steps: scene.steps };
    this.result = null;
    this.names = this.pair.map(paramName);
    const n = scene.examples.length;
    root.innerHTML = `
      <div class="ls-sgd">
        <canvas class="ls-plane" aria-label="The cost C over ${this.names[0]} and ${this.names[1]} with the full-batch and the mini-batch paths"></canvas>
        <p class="ls-key"><span class="ls-full">━ full batch (all ${count(n)} examples a step)</span> <span class="ls-mini">━ mini-batch SGD</span></p>
        <table class="ls-table ls-paths"><thead><tr><th scope="col"></th><th scope="col"><i>C</i> at the end</th><th scope="col">gradient evaluations</th><th scope="col">evaluations to <i>C</i> ≤ ${fmtNum(scene.target)}</th></tr></thead>
          <tbody><tr><th scope="row" class="ls-full">full batch</th><td data-q="fullCost">…</td><td data-q="fullEvals">…</td><td data-q="fullReach">…</td></tr>
          <tr><th scope="row" class="ls-mini">mini-batch</th><td data-q="miniCost">…</td><td data-q="miniEvals">…</td><td data-q="miniReach">…</td></tr></tbody></table>
        <div class="ls-buttons">
          <button type="button" data-act="run" disabled>▶ Run both</button>
          <button type="button" data-act="reset" disabled>Reset</button>
        </div>
        <div class="ls-controls"></div>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.error = root.querySelector(".error");
    this.buttons = Object.fromEntries([...root.querySelectorAll("button[data-act]")].map((b) => [b.dataset.act, b]));
    this.plane = new Plane(this.canvas, scene.range, this.names);
    this.buttons.run.addEventListener("click", () => this.run());
    this.buttons.reset.addEventListener("click", () => this.reset());
    const controls = root.querySelector(".ls-controls");
    const set = (key) => (v) => {
      this.settings[key] = v;
      this.sliders[key].show(v);
    };
    this.sliders = {
      batch: slider(controls, { label: "batch size b", name: "batch", min: 1, max: n, step: 1, value: scene.batch, onInput: set("batch") }),
      eta: slider(controls, { label: "learning rate η", name: "eta", min: 0.1, max: 10, step: 0.1, value: scene.eta, onInput: set("eta") }),
      steps: slider(controls, { label: "steps", name: "steps", min: 5, max: 200, step: 5, value: scene.steps, onInput: set("steps") }),
    };
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.canvas);
    session.extras().then(
      (x) => {
        if (this.gone) return;
        this.x = x;
        try {
          this.plane.setSurface(x.gradientField(this.net.toJSON(), this.xs, this.ys, this.pair[0], this.pair[1], scene.range, 1, scene.resolution));
          for (const b of Object.values(this.buttons)) b.disabled = false;
          this.run();
        } catch (e) {
          this.fail(e.message);
        }
      },
      (e) => this.fail(`could not load the extras module for the descents: ${e.message}`),
    );
  }

  /** Both descents from the scene's start with the sliders' b, η and steps: the core's. */
  run() {
    if (!this.x) return;
    const s = this.scene, { batch, eta, steps } = this.settings;
    try {
      this.result = this.x.compareDescents(this.net.toJSON(), this.xs, this.ys, this.pair[0], this.pair[1], s.start, eta, steps, batch, s.seed, s.target);
      this.error.hidden = true;
    } catch (e) {
      this.result = null;
      this.fail(e.message);
    }
    this.show();
  }

  /** Back to the scene's own b, η and steps, and their run. */
  reset() {
    const s = this.scene;
    for (const key of ["batch", "eta", "steps"]) {
      this.settings[key] = s[key];
      this.sliders[key].input.value = String(s[key]);
      this.sliders[key].show(s[key]);
    }
    this.run();
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  show() {
    const r = this.result;
    const cell = (q, text) => (this.canvas.parentElement.querySelector(`td[data-q="${q}"]`).textContent = text);
    for (const [key, flat] of [["full", r?.full], ["mini", r?.mini]]) {
      const last = flat ? flat.length - 4 : -1;
      cell(`${key}Cost`, flat ? fmtNum(flat[last + 2]) : "—");
      cell(`${key}Evals`, flat ? count(flat[last + 3]) : "—");
      const reach = r?.[`${key}Reach`];
      cell(`${key}Reach`, !r ? "—" : reach === null ? "not reached" : count(reach));
    }
    this.draw();
  }

  draw() {
    const ctx = this.plane.begin();
    if (!ctx) return;
    const r = this.result;
    if (r) {
      const points = (flat) => Array.from({ length: flat.length / 4 }, (_, i) => [flat[4 * i], flat[4 * i + 1]]);
      const full = points(r.full), mini = points(r.mini);
      path(this.plane, ctx, mini, css(ORANGE));
      path(this.plane, ctx, full, css(BLUE));
      ball(this.plane, ctx, ...full.at(-1), css(BLUE), 5.5);
      ball(this.plane, ctx, ...mini.at(-1), css(ORANGE), 5.5);
      ball(this.plane, ctx, ...full[0], "#ffd84d", 6.5);
    }
    this.plane.end();
  }

  destroy() {
    this.gone = true;
    this.resize.disconnect();
    this.session.drop(NET);
  }
}
