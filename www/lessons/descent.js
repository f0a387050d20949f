// Lesson scene kind "descent": gradient descent on a function of one input, the cost C as a
// function of one parameter p (every other one held) — a real 1-D cut of a network's cost on
// the scene's examples, each point C(p) computed by the core (Network.cost). A ball sits at p;
// each step is the core's own one-parameter step p ← p − η ∂C/∂p (the extras module's
// descendParameter), so the step is large where the slope is steep and shrinks near a minimum;
// the scene's start points roll into different valleys (local minima).

import { fitCanvas } from "../lib/canvas.js";
import { fmtNum, paramName } from "../lib/notation.js";
import { css, BLUE } from "../lib/colors.js";
import { slider } from "./controls.js";
import { NET, sceneNetwork, getParam, setParam } from "./scene-net.js";

const CURVE_POINTS = 161;
const RUN = 20; // steps per "Run"

export class DescentScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    this.param = scene.param;
    Object.assign(this, sceneNetwork(session, scene));
    this.eta = scene.eta;
    this.trail = [];
    this.last = null; // [C, ∂C/∂p, from, to] of the last step
    const name = paramName(this.param);
    root.innerHTML = `
      <div class="ls-descent">
        <canvas class="ls-curve" aria-label="The cost C as a function of ${name}, with the ball at its current value"></canvas>
        <p class="ls-readout" aria-live="polite"></p>
        <div class="ls-buttons">
          ${scene.starts.map((v, i) => `<button type="button" data-start="${i}">Start at ${name} = ${fmtNum(v)}</button>`).join("")}
          <button type="button" data-step="1" disabled>One step</button>
          <button type="button" data-step="${RUN}" disabled>${RUN} steps</button>
        </div>
        <div class="ls-controls"></div>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.readout = root.querySelector(".ls-readout");
    this.error = root.querySelector(".error");
    this.steps = [...root.querySelectorAll("button[data-step]")];
    root.querySelector(".ls-buttons").addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (!b) return;
      if (b.dataset.start !== undefined) this.start(scene.starts[Number(b.dataset.start)]);
      else this.step(Number(b.dataset.step));
    });
    slider(root.querySelector(".ls-controls"), { label: "learning rate η", name: "eta", min: 1, max: 100, step: 1, value: this.eta, onInput: (v) => (this.eta = v) });
    this.curve = this.cut();
    this.start(scene.starts[0]);
    // The step is the extras module's (loaded on demand, as the Digits tab's trainer is).
    session.extras().then(
      (x) => {
        this.x = x;
        for (const b of this.steps) b.disabled = false;
      },
      (e) => this.fail(`could not load the extras module for the descent step: ${e.message}`),
    );
  }

  value() {
    return getParam(this.net, this.param);
  }

  set(v) {
    setParam(this.net, this.param, v);
  }

  /** C along the scene's range of p, each point the core's, p put back afterwards. */
  cut() {
    const [lo, hi] = this.scene.range;
    const p0 = this.value();
    const out = [];
    for (let i = 0; i < CURVE_POINTS; i++) {
      const p = lo + ((hi - lo) * i) / (CURVE_POINTS - 1);
      this.set(p);
      out.push([p, this.net.cost(this.xs, this.ys)]);
    }
    this.set(p0);
    return out;
  }

  start(v) {
    this.set(v);
    this.trail = [[this.value(), this.net.cost(this.xs, this.ys)]];
    this.last = null;
    this.show();
  }

  /** `n` steps of the core's p ← p − η ∂C/∂p. */
  step(n) {
    if (!this.x) return;
    const { kind, l, j } = this.param;
    try {
      for (let i = 0; i < n; i++) {
        this.last = Array.from(this.x.descendParameter(this.net.toJSON(), this.xs, this.ys, kind, l, j, this.param.k ?? 0, this.eta));
        this.set(this.last[3]);
        this.trail.push([this.value(), this.net.cost(this.xs, this.ys)]);
      }
      this.error.hidden = true;
    } catch (e) {
      this.fail(e.message);
    }
    this.show();
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  show() {
    const name = paramName(this.param);
    const [p, c] = this.trail.at(-1);
    const s = this.last;
    this.readout.innerHTML = s
      ? `Last step: ∂C/∂${name} = ${fmtNum(s[1])}, so ${name} ← ${fmtNum(s[2])} − ${fmtNum(this.eta)} · (${fmtNum(s[1])}) = <b>${fmtNum(s[3])}</b>. ` +
        `Now C = <b>${fmtNum(c)}</b> after ${this.trail.length - 1} steps.`
      : `The ball is at ${name} = <b>${fmtNum(p)}</b>, where C = <b>${fmtNum(c)}</b>.`;
    this.draw();
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    const [w, h] = fitCanvas(this.canvas, ctx);
    ctx.clearRect(0, 0, w, h);
    const [lo, hi] = this.scene.range;
    const cs = this.curve.map(([, c]) => c);
    const cmin = Math.min(...cs), cmax = Math.max(...cs);
    const pad = 26;
    const X = (p) => pad + ((p - lo) / (hi - lo)) * (w - 2 * pad);
    const Y = (c) => h - pad - ((c - cmin) / (cmax - cmin || 1)) * (h - 2 * pad);
    ctx.fillStyle = "rgba(255,255,255,0.6)";
    ctx.font = "12px sans-serif";
    ctx.fillText(`C(${paramName(this.param)})`, 6, 14);
    ctx.fillText(fmtNum(lo), pad - 8, h - 8);
    ctx.fillText(fmtNum(hi), w - pad - 12, h - 8);
    ctx.strokeStyle = css(BLUE);
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    this.curve.forEach(([p, c], i) => (i ? ctx.lineTo(X(p), Y(c)) : ctx.moveTo(X(p), Y(c))));
    ctx.stroke();
    // The path so far, then the ball.
    ctx.fillStyle = "rgba(255,216,77,0.45)";
    for (const [p, c] of this.trail.slice(0, -1)) {
      ctx.beginPath();
      ctx.arc(X(p), Y(c), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    const [p, c] = this.trail.at(-1);
    ctx.fillStyle = "#ffd84d";
    ctx.beginPath();
    ctx.arc(X(Math.max(lo, Math.min(hi, p))), Y(Math.max(cmin, Math.min(cmax, c))), 7, 0, 2 * Math.PI);
    ctx.fill();
  }

  destroy() {
    this.session.drop(NET);
  }
}
