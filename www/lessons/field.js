// Lesson scene kind "field": the cost C(p_A, p_B) of two parameters of the scene's network on
// its examples, seen from above, with a field of −∇C arrows over it — each arrow's components
// ∂C/∂p_A, ∂C/∂p_B the core's at its point (the extras module's gradientField). A click puts a
// ball there; each step is the core's p ← p − η ∇C on the pair (pairPath), and the readout
// shows C and ∇C at the ball, as the core computed them.

import { fmtNum, paramName } from "../lib/notation.js";
import { css, RED, GREEN } from "../lib/colors.js";
import { slider } from "./controls.js";
import { NET, sceneNetwork } from "./scene-net.js";
import { Plane, arrow, path, ball } from "./plane.js";

const RUN = 20; // steps per "Roll"

export class FieldScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    Object.assign(this, sceneNetwork(session, scene));
    this.pair = scene.pair;
    this.eta = scene.eta;
    this.trail = []; // [a, b] of the ball's path, the current point last
    this.point = null; // { a, b, cost, gradA, gradB } at the ball, the core's
    this.names = this.pair.map(paramName);
    const [A, B] = this.names;
    root.innerHTML = `
      <div class="ls-field">
        <canvas class="ls-plane" aria-label="The cost C over ${A} and ${B}, with the arrows −∇C; click to place the ball"></canvas>
        <p class="ls-readout" aria-live="polite"></p>
        <div class="ls-buttons">
          <button type="button" data-step="1" disabled>One step</button>
          <button type="button" data-step="${RUN}" disabled>${RUN} steps</button>
        </div>
        <div class="ls-controls"></div>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.canvas = root.querySelector("canvas");
    this.readout = root.querySelector(".ls-readout");
    this.error = root.querySelector(".error");
    this.buttons = [...root.querySelectorAll("button[data-step]")];
    this.plane = new Plane(this.canvas, scene.range, this.names);
    root.querySelector(".ls-buttons").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-step]");
      if (b) this.step(Number(b.dataset.step));
    });
    this.canvas.addEventListener("pointerdown", (e) => this.x && this.place(this.plane.fromEvent(e)));
    const onEta = (v) => {
      this.eta = v;
      eta.show(v);
      try {
        this.aim();
      } catch (e) {
        this.fail(e.message);
      }
      this.draw();
    };
    const eta = slider(root.querySelector(".ls-controls"), { label: "learning rate η", name: "eta", min: 0.5, max: 20, step: 0.5, value: this.eta, onInput: onEta });
    this.readout.textContent = "Loading the surface…";
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.canvas);
    session.extras().then(
      (x) => {
        if (this.gone) return;
        this.x = x;
        try {
          const f = x.gradientField(this.net.toJSON(), this.xs, this.ys, this.pair[0], this.pair[1], scene.range, scene.arrows, scene.resolution);
          this.field = f;
          this.plane.setSurface(f);
          this.place(scene.start);
          for (const b of this.buttons) b.disabled = false;
        } catch (e) {
          this.fail(e.message);
        }
      },
      (e) => this.fail(`could not load the extras module for the gradient field: ${e.message}`),
    );
  }

  /** The core's path of `steps` steps from (a, b); the ball ends where it ends. */
  walk(at, steps) {
    const r = this.x.pairPath(this.net.toJSON(), this.xs, this.ys, this.pair[0], this.pair[1], at, this.eta, steps);
    const pts = [];
    for (let i = 0; i < r.path.length; i += 4) pts.push([r.path[i], r.path[i + 1]]);
    return { pts, point: r.point };
  }

  /** Puts the ball at [a, b]: C and ∇C there are the core's. */
  place(at) {
    try {
      const { pts, point } = this.walk(at, 0);
      this.trail = pts;
      this.point = point;
      this.aim();
      this.error.hidden = true;
    } catch (e) {
      this.fail(e.message);
    }
    this.show();
  }

  /** `n` steps of the core's (p_A, p_B) ← (p_A, p_B) − η ∇C from the ball. */
  step(n) {
    if (!this.x || !this.point) return;
    try {
      const { pts, point } = this.walk([this.point.a, this.point.b], n);
      this.trail.push(...pts.slice(1));
      this.point = point;
      this.aim();
      this.error.hidden = true;
    } catch (e) {
      this.fail(e.message);
    }
    this.show();
  }

  /** Where the ball's next step lands with the current η (the core's), for its −η∇C arrow. */
  aim() {
    this.next = this.x && this.point ? this.walk([this.point.a, this.point.b], 1).pts[1] : null;
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  show() {
    const p = this.point;
    if (p) {
      const [A, B] = this.names;
      const steps = this.trail.length - 1;
      this.readout.innerHTML =
        `Ball at ${A} = <b data-q="a">${fmtNum(p.a)}</b>, ${B} = <b data-q="b">${fmtNum(p.b)}</b>: ` +
        `<i>C</i> = <b data-q="cost">${fmtNum(p.cost)}</b>, ∇<i>C</i> = (∂<i>C</i>/∂${A}, ∂<i>C</i>/∂${B}) = ` +
        `(<b data-q="gradA">${fmtNum(p.gradA)}</b>, <b data-q="gradB">${fmtNum(p.gradB)}</b>)` +
        (steps ? ` after ${steps} step${steps === 1 ? "" : "s"}.` : ".");
    }
    this.draw();
  }

  draw() {
    const ctx = this.plane.begin();
    if (!ctx) return;
    const f = this.field;
    const n = f.arrows;
    const pl = this.plane.plot();
    const cell = Math.min(pl.w, pl.h) / n;
    let top = 0;
    for (let i = 0; i < n * n; i++) top = Math.max(top, Math.hypot(f.field[5 * i + 3], f.field[5 * i + 4]));
    // −∇C at each cell's centre, in pixels (p_B grows upwards); the longest is 0.85 of a cell,
    // the others by √(|∇C| / max) so the gentle slopes still show their direction.
    const [minA, maxA, minB, maxB] = this.scene.range;
    const sx = pl.w / (maxA - minA), sy = pl.h / (maxB - minB);
    ctx.strokeStyle = ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.lineWidth = 1.4;
    for (let i = 0; i < n * n; i++) {
      const [a, b, , ga, gb] = f.field.subarray(5 * i, 5 * i + 5);
      const dx = -ga * sx, dy = gb * sy;
      const len = Math.hypot(dx, dy);
      if (!(len > 0) || !(top > 0)) continue;
      const size = 0.85 * cell * Math.sqrt(Math.hypot(ga, gb) / top);
      const [x, y] = this.plane.toPixel(a, b);
      const ux = (dx / len) * size, uy = (dy / len) * size;
      arrow(ctx, x - ux / 2, y - uy / 2, x + ux / 2, y + uy / 2, Math.max(3, size * 0.35));
    }
    path(this.plane, ctx, this.trail, css(GREEN));
    const p = this.point;
    if (p) {
      // The ball and its next step −η∇C, to where the core's step lands.
      if (this.next) {
        ctx.strokeStyle = ctx.fillStyle = css(RED);
        ctx.lineWidth = 2.5;
        arrow(ctx, ...this.plane.toPixel(p.a, p.b), ...this.plane.toPixel(...this.next), 9);
      }
      ball(this.plane, ctx, p.a, p.b, "#ffd84d");
    }
    this.plane.end();
  }

  destroy() {
    this.gone = true;
    this.resize.disconnect();
    this.session.drop(NET);
  }
}
