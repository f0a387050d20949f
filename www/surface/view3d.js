// The cost surface as a 3-D mesh projected onto a 2-D canvas (no WebGL): height = C, drawn
// back to front with flat shading; drag to rotate. The current point, the −η∇C arrow (in the
// tangent plane) and the descent trail are drawn over it. Draws only; the numbers are the core's.

import { costScale, surfaceColor } from "../lib/contours.js";
import { arrow, startFrame } from "./heatmap.js";
import { fitLayer } from "../lib/canvas.js";
import { clamp } from "../lib/scale.js";

const MESH = 36; // quads per side at most (the grid is sampled down to this)
const MESH_PART = 440; // quads of a new grid's mesh drawn per frame (36² = 1296: three frames, after one that sets the mesh up)
const LIGHT = [-0.4, 0.5, 0.77]; // unit vector towards the light, in model space

/**
 * The projection of model point (x, y, z) (x, y in [−1, 1], z up) seen from yaw and pitch:
 * `[sx, sy, depth]`, sx right, sy up, depth growing towards the viewer.
 */
export function project(x, y, z, yaw, pitch) {
  const X = x * Math.cos(yaw) - y * Math.sin(yaw);
  const Y = x * Math.sin(yaw) + y * Math.cos(yaw); // away from the viewer
  return [X, z * Math.cos(pitch) + Y * Math.sin(pitch), z * Math.sin(pitch) - Y * Math.cos(pitch)];
}

export class Surface3D {
  /** @param {{ onRotate() }} callbacks */
  constructor(canvas, callbacks) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.layer = document.createElement("canvas"); // the mesh, redrawn only when it changes
    this.yaw = -0.65;
    this.pitch = 0.62;
    this.surface = null;
    this.meshKey = "";
    let last = null;
    canvas.addEventListener("pointerdown", (e) => {
      last = [e.clientX, e.clientY];
      canvas.setPointerCapture?.(e.pointerId);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!last) return;
      this.yaw += (e.clientX - last[0]) * 0.01;
      this.pitch = clamp(this.pitch + (e.clientY - last[1]) * 0.01, 0.08, 1.5);
      last = [e.clientX, e.clientY];
      callbacks.onRotate();
    });
    const end = () => (last = null);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  }

  /** A new grid: `{ grid, res, range, min, max }`, or null (none yet), shown from the next frame. */
  setSurface(surface) {
    this.surface = surface;
    this.staged = null;
    if (!surface) return;
    this.scale = costScale(surface.min, surface.max);
    this.version = (this.version ?? 0) + 1;
  }

  /**
   * A new grid shown once its mesh is drawn: `step()`, once per frame, sets the mesh up, then
   * draws MESH_PART of its quads per frame into a second layer while the frames go on showing
   * the last grid, then swaps it in as setSurface would. The quads are drawn in the same order
   * as at once, so the mesh looks the same; a frame spends only a part of its time on it (the
   * mesh is the surface tab's costliest drawing).
   */
  stage(surface) {
    if (!surface || !this.surface) {
      this.setSurface(surface); // nothing shown yet, or nothing to show: no reason to wait
      return;
    }
    this.staged = { surface, job: null };
  }

  /** Draws the next part of the staged grid's mesh; true when the staged grid is now shown. */
  step(w = this.canvas.clientWidth, h = this.canvas.clientHeight) {
    const staged = this.staged;
    if (!staged) return false;
    if (!w || !h) {
      this.setSurface(staged.surface); // a hidden canvas: drawn when it is shown (prepare)
      return true;
    }
    const view = `${w} ${h} ${this.yaw} ${this.pitch}`;
    if (staged.job?.view !== view) {
      this.back ??= document.createElement("canvas");
      staged.job = this.meshJob(staged.surface, w, h, this.back); // a new size or angle: start over
      return false; // its quads from the next frame on
    }
    this.drawQuads(staged.job, MESH_PART);
    if (staged.job.next < staged.job.order.length) return false;
    [this.layer, this.back] = [this.back, this.layer];
    this.setSurface(staged.surface);
    this.meshKey = `${this.version} ${view}`;
    return true;
  }

  /** Draws the mesh into its layer unless it is drawn for this grid, size and angle already. */
  prepare(w = this.canvas.clientWidth, h = this.canvas.clientHeight) {
    if (!this.surface || !w || !h) return;
    const key = `${this.version} ${w} ${h} ${this.yaw} ${this.pitch}`;
    if (key !== this.meshKey) {
      this.drawMesh(w, h);
      this.meshKey = key;
    }
  }

  /** Model coordinates of parameter values (a, b) at cost c. */
  model(a, b, c, surface = this.surface) {
    const { range, min, max } = surface;
    const span = max > min ? max - min : 1;
    return [
      ((a - range[0]) / (range[1] - range[0])) * 2 - 1,
      ((b - range[2]) / (range[3] - range[2])) * 2 - 1,
      ((c - min) / span) * 1.3 - 0.65,
    ];
  }

  /** Screen pixel of model point m in a w × h canvas. */
  screen(m, w, h) {
    const [sx, sy, depth] = project(m[0], m[1], m[2], this.yaw, this.pitch);
    const s = Math.min(w, h) * 0.3;
    return [w / 2 + s * sx, h / 2 - s * sy, depth];
  }

  drawMesh(w, h) {
    this.drawQuads(this.meshJob(this.surface, w, h, this.layer), Infinity);
  }

  /**
   * The mesh of `surface` seen now, to be drawn into `layer` (fitted to w × h and cleared here):
   * its quads' screen corners, colours and far-to-near order. `drawQuads` draws it.
   */
  meshJob(surface, w, h, layer) {
    const ctx = fitLayer(layer, w, h);
    const { grid, res } = surface;
    const scale = costScale(surface.min, surface.max);
    const n = Math.min(MESH, res - 1);
    const idx = (i) => Math.round((i / n) * (res - 1)); // sampled node i → grid index
    // Model and screen points of the sampled nodes (row 0 of the grid is p_B = max_B, y = +1).
    const count = (n + 1) * (n + 1);
    const m = new Float64Array(3 * count), s = new Float64Array(3 * count), costs = new Float64Array(count);
    for (let r = 0, i = 0; r <= n; r++) {
      for (let c = 0; c <= n; c++, i++) {
        const cost = grid[idx(r) * res + idx(c)];
        const node = [(c / n) * 2 - 1, 1 - (r / n) * 2, this.model(0, 0, cost, surface)[2]];
        const p = this.screen(node, w, h);
        m.set(node, 3 * i);
        s.set(p, 3 * i);
        costs[i] = cost;
      }
    }
    // Each quad's corners (node indices), and its depth: the mean of its corners'.
    const corners = new Uint32Array(4 * n * n), depth = new Float64Array(n * n);
    for (let r = 0, q = 0; r < n; r++) {
      for (let c = 0; c < n; c++, q++) {
        const k = [r * (n + 1) + c, r * (n + 1) + c + 1, (r + 1) * (n + 1) + c + 1, (r + 1) * (n + 1) + c];
        corners.set(k, 4 * q);
        depth[q] = (s[3 * k[0] + 2] + s[3 * k[1] + 2] + s[3 * k[2] + 2] + s[3 * k[3] + 2]) / 4;
      }
    }
    const order = Array.from({ length: n * n }, (_, q) => q).sort((a, b) => depth[a] - depth[b]); // far first (a stable sort)
    return { ctx, m, s, costs, corners, order, scale, next: 0, view: `${w} ${h} ${this.yaw} ${this.pitch}`, styles: new Map() };
  }

  /** Draws up to `most` more quads of a mesh job, far to near, with flat shading. */
  drawQuads(job, most) {
    const { ctx, m, s, costs, corners, order, scale, styles } = job;
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "rgba(255,255,255,0.16)";
    const end = Math.min(order.length, job.next + most);
    for (let o = job.next; o < end; o++) {
      const q = 4 * order[o];
      const [i0, i1, i2, i3] = [3 * corners[q], 3 * corners[q + 1], 3 * corners[q + 2], 3 * corners[q + 3]];
      // Flat shading: the quad's normal from its diagonals, against the light.
      const d1x = m[i2] - m[i0], d1y = m[i2 + 1] - m[i0 + 1], d1z = m[i2 + 2] - m[i0 + 2];
      const d2x = m[i3] - m[i1], d2y = m[i3 + 1] - m[i1 + 1], d2z = m[i3 + 2] - m[i1 + 2];
      const nx = d1y * d2z - d1z * d2y, ny = d1z * d2x - d1x * d2z, nz = d1x * d2y - d1y * d2x;
      const len = Math.hypot(nx, ny, nz) || 1;
      const light = 0.55 + 0.45 * Math.abs((nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]) / len);
      const t = scale.t((costs[i0 / 3] + costs[i1 / 3] + costs[i2 / 3] + costs[i3 / 3]) / 4);
      const [R, G, B] = surfaceColor(t).map((v) => Math.round(v * light));
      const rgb = (R << 16) | (G << 8) | B;
      let style = styles.get(rgb);
      if (!style) styles.set(rgb, (style = `rgb(${R},${G},${B})`));
      ctx.fillStyle = style;
      ctx.beginPath();
      ctx.moveTo(s[i0], s[i0 + 1]);
      ctx.lineTo(s[i1], s[i1 + 1]);
      ctx.lineTo(s[i2], s[i2 + 1]);
      ctx.lineTo(s[i3], s[i3 + 1]);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    job.next = end;
  }

  /**
   * `{ point: { a, b, cost, gradA, gradB, stepA, stepB }, trail: [{ a, b, c }], names, message }`;
   * `message` is drawn instead while there is no grid.
   */
  render({ point, trail, names, message }) {
    const { ctx } = this;
    const size = startFrame(this.canvas, ctx, this.surface, message);
    if (!size) return;
    const [w, h] = size;
    this.prepare(w, h);
    ctx.drawImage(this.layer, 0, 0, w, h);
    // The floor's two axes, labelled with the parameters.
    ctx.strokeStyle = "rgba(255,255,255,0.5)";
    ctx.fillStyle = "#ececec";
    ctx.lineWidth = 1;
    ctx.font = "italic 15px 'DejaVu Serif', serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    // The floor under the mesh, faint, then its two axes.
    ctx.beginPath();
    [[-1, -1], [1, -1], [1, 1], [-1, 1]].forEach(([x, y], i) => ctx[i ? "lineTo" : "moveTo"](...this.screen([x, y, -0.72], w, h).slice(0, 2)));
    ctx.closePath();
    ctx.strokeStyle = "rgba(255,255,255,0.18)";
    ctx.stroke();
    ctx.strokeStyle = "rgba(255,255,255,0.6)";
    const o = this.screen([-1, -1, -0.72], w, h);
    for (const [end, name] of [[[1.2, -1, -0.72], names[0]], [[-1, 1.2, -0.72], names[1]]]) {
      const e = this.screen(end, w, h);
      ctx.fillStyle = ctx.strokeStyle;
      arrow(ctx, o[0], o[1], e[0], e[1], 7);
      ctx.fillStyle = "#ececec";
      const l = this.screen(end.map((v, i) => (i < 2 ? v + Math.sign(v) * 0.14 : v)), w, h);
      ctx.fillText(name, l[0], l[1]);
    }
    const at = (a, b, c) => this.screen(this.model(a, b, c), w, h);
    if (trail.length > 1) {
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      trail.forEach((t, i) => ctx[i ? "lineTo" : "moveTo"](...at(t.a, t.b, t.c).slice(0, 2)));
      ctx.stroke();
    }
    if (!point) return;
    const p = at(point.a, point.b, point.cost);
    // −η∇C in the tangent plane: C changes by ∇C·Δp along it (the core's predictedChange).
    const q = at(point.a + point.stepA, point.b + point.stepB, point.cost + point.predictedChange);
    ctx.strokeStyle = ctx.fillStyle = "#fc6255";
    ctx.lineWidth = 2.5;
    arrow(ctx, p[0], p[1], q[0], q[1]);
    ctx.fillStyle = "#ffff00";
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(p[0], p[1], 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
