// The cost surface as a 3-D mesh projected onto a 2-D canvas (no WebGL): height = C, drawn
// back to front with flat shading; drag to rotate. The current point, the −η∇C arrow (in the
// tangent plane) and the descent trail are drawn over it. Draws only; the numbers are the core's.

import { costScale, surfaceColor } from "../lib/contours.js";
import { arrow, startFrame } from "./heatmap.js";
import { fitLayer } from "../lib/canvas.js";
import { clamp } from "../lib/scale.js";

const MESH = 36; // quads per side at most (the grid is sampled down to this)
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

  /** A new grid: `{ grid, res, range, min, max }`, or null (none yet). */
  setSurface(surface) {
    this.surface = surface;
    if (!surface) return;
    this.scale = costScale(surface.min, surface.max);
    this.version = (this.version ?? 0) + 1;
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
  model(a, b, c) {
    const { range, min, max } = this.surface;
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
    const ctx = fitLayer(this.layer, w, h);
    const { grid, res } = this.surface;
    const n = Math.min(MESH, res - 1);
    const idx = (i) => Math.round((i / n) * (res - 1)); // sampled node i → grid index
    // Model and screen points of the sampled nodes (row 0 of the grid is p_B = max_B, y = +1).
    const nodes = [];
    for (let r = 0; r <= n; r++) {
      for (let c = 0; c <= n; c++) {
        const cost = grid[idx(r) * res + idx(c)];
        const m = [(c / n) * 2 - 1, 1 - (r / n) * 2, this.model(0, 0, cost)[2]];
        nodes.push({ m, s: this.screen(m, w, h), cost });
      }
    }
    const quads = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const q = [nodes[r * (n + 1) + c], nodes[r * (n + 1) + c + 1], nodes[(r + 1) * (n + 1) + c + 1], nodes[(r + 1) * (n + 1) + c]];
        quads.push({ q, depth: (q[0].s[2] + q[1].s[2] + q[2].s[2] + q[3].s[2]) / 4 });
      }
    }
    quads.sort((a, b) => a.depth - b.depth); // far first
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "rgba(255,255,255,0.16)";
    const styles = new Map(); // "rgb(…)" strings, one per colour
    for (const { q } of quads) {
      // Flat shading: the quad's normal from its diagonals, against the light.
      const [m0, m1, m2, m3] = [q[0].m, q[1].m, q[2].m, q[3].m];
      const d1x = m2[0] - m0[0], d1y = m2[1] - m0[1], d1z = m2[2] - m0[2];
      const d2x = m3[0] - m1[0], d2y = m3[1] - m1[1], d2z = m3[2] - m1[2];
      const nx = d1y * d2z - d1z * d2y, ny = d1z * d2x - d1x * d2z, nz = d1x * d2y - d1y * d2x;
      const len = Math.hypot(nx, ny, nz) || 1;
      const light = 0.55 + 0.45 * Math.abs((nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]) / len);
      const t = this.scale.t((q[0].cost + q[1].cost + q[2].cost + q[3].cost) / 4);
      const [R, G, B] = surfaceColor(t).map((v) => Math.round(v * light));
      const rgb = (R << 16) | (G << 8) | B;
      let style = styles.get(rgb);
      if (!style) styles.set(rgb, (style = `rgb(${R},${G},${B})`));
      ctx.fillStyle = style;
      ctx.beginPath();
      ctx.moveTo(q[0].s[0], q[0].s[1]);
      for (let i = 1; i < 4; i++) ctx.lineTo(q[i].s[0], q[i].s[1]);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
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
