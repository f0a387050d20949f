// What the two-parameter lesson scenes share (lessons/field.js, lessons/sgd.js): the cost
// surface C(p_A, p_B) as a heatmap with contour lines, axes named in 3Blue1Brown's notation,
// and the map between parameter values and the canvas's pixels. Draws only: the grid is the
// core's (the extras module's gradientField).

import { contourSegments, contourLevels, costScale, surfaceLUT } from "../lib/contours.js";
import { fitCanvas, fitLayer } from "../lib/canvas.js";
import { fmt } from "../lib/notation.js";
import { clamp } from "../lib/scale.js";

const LUT = surfaceLUT();
const PAD = { left: 34, right: 8, top: 8, bottom: 34 };
const CONTOURS = 8;

/** A canvas showing C over [minA, maxA] × [minB, maxB]; `names` are the axes' symbols. */
export class Plane {
  constructor(canvas, range, names) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.range = range;
    this.names = names;
    this.image = document.createElement("canvas");
    this.layer = document.createElement("canvas");
    this.surface = null;
    this.layerKey = "";
  }

  /** The core's grid `{ grid, res, min, max }` (row 0 the top, p_B = maxB). */
  setSurface(surface) {
    const { grid, res, min, max } = surface;
    this.surface = surface;
    const scale = costScale(min, max);
    this.image.width = this.image.height = res;
    const ictx = this.image.getContext("2d");
    const data = ictx.createImageData(res, res);
    for (let i = 0; i < res * res; i++) {
      const c = Math.round(scale.t(grid[i]) * 255) * 4;
      data.data.set(LUT.subarray(c, c + 4), 4 * i);
    }
    ictx.putImageData(data, 0, 0);
    this.contours = contourLevels(min, max, CONTOURS).map((level) => contourSegments(grid, res, level));
    this.layerKey = "";
  }

  /** The plot rectangle in CSS pixels. */
  plot() {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    return { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
  }

  /** The pixel of (a, b). */
  toPixel(a, b) {
    const [minA, maxA, minB, maxB] = this.range;
    const p = this.plot();
    return [p.x + ((a - minA) / (maxA - minA)) * p.w, p.y + ((maxB - b) / (maxB - minB)) * p.h];
  }

  /** The parameter values (a, b) under a pointer event, clamped to the range. */
  fromEvent(e) {
    const r = this.canvas.getBoundingClientRect();
    const [minA, maxA, minB, maxB] = this.range;
    const p = this.plot();
    const u = clamp((e.clientX - r.left - p.x) / p.w, 0, 1);
    const v = clamp((e.clientY - r.top - p.y) / p.h, 0, 1);
    return [minA + u * (maxA - minA), maxB - v * (maxB - minB)];
  }

  /**
   * Starts a frame: fits the canvas, draws the heatmap, its contours and axes (kept in a layer
   * while the grid and the size stay), and clips to the plot. Returns the 2-D context, or null
   * while there is nothing to draw; call end() after drawing over it.
   */
  begin() {
    const [w, h] = fitCanvas(this.canvas, this.ctx);
    const ctx = this.ctx;
    ctx.clearRect(0, 0, w, h);
    if (!w || !h || !this.surface) return null;
    const key = `${this.canvas.width}x${this.canvas.height}`;
    if (key !== this.layerKey) {
      this.drawLayer();
      this.layerKey = key;
    }
    ctx.drawImage(this.layer, 0, 0, w, h);
    const p = this.plot();
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    return ctx;
  }

  end() {
    this.ctx.restore();
  }

  drawLayer() {
    const ctx = fitLayer(this.layer, this.canvas.clientWidth, this.canvas.clientHeight);
    const { res } = this.surface;
    const p = this.plot();
    const dx = p.w / (res - 1), dy = p.h / (res - 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, p.x - dx / 2, p.y - dy / 2, p.w + dx, p.h + dy);
    ctx.strokeStyle = "rgba(255,255,255,0.3)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const segs of this.contours) {
      for (let i = 0; i < segs.length; i += 4) {
        ctx.moveTo(p.x + segs[i] * dx, p.y + segs[i + 1] * dy);
        ctx.lineTo(p.x + segs[i + 2] * dx, p.y + segs[i + 3] * dy);
      }
    }
    ctx.stroke();
    ctx.restore();
    ctx.strokeStyle = "#3a3a46";
    ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
    const range = this.range;
    ctx.fillStyle = "#ececec";
    ctx.font = "12px 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(fmt(range[0], 2), p.x, p.y + p.h + 4);
    ctx.textAlign = "right";
    ctx.fillText(fmt(range[1], 2), p.x + p.w, p.y + p.h + 4);
    ctx.textAlign = "center";
    ctx.font = "italic 15px 'DejaVu Serif', serif";
    ctx.fillText(`${this.names[0]} →`, p.x + p.w / 2, p.y + p.h + 14);
    ctx.save();
    ctx.translate(p.x - 6, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "bottom";
    ctx.fillText(`${this.names[1]} →`, 0, 0);
    ctx.font = "12px 'DejaVu Sans', sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(fmt(range[2], 2), -p.h / 2, 0);
    ctx.textAlign = "right";
    ctx.fillText(fmt(range[3], 2), p.h / 2, 0);
    ctx.restore();
  }
}

/** An arrow from (x0, y0) to (x1, y1) in the current stroke and fill style. */
export function arrow(ctx, x0, y0, x1, y1, head = 6) {
  const len = Math.hypot(x1 - x0, y1 - y0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  if (len < 1) return;
  const ux = (x1 - x0) / len, uy = (y1 - y0) / len, h = Math.min(head, len * 0.6);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - h * ux - 0.5 * h * uy, y1 - h * uy + 0.5 * h * ux);
  ctx.lineTo(x1 - h * ux + 0.5 * h * uy, y1 - h * uy - 0.5 * h * ux);
  ctx.closePath();
  ctx.fill();
}

/** A path of points [a, b] as a line with dots, in `colour`. */
export function path(plane, ctx, points, colour) {
  if (!points.length) return;
  ctx.strokeStyle = ctx.fillStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach(([a, b], i) => ctx[i ? "lineTo" : "moveTo"](...plane.toPixel(a, b)));
  ctx.stroke();
  for (const [a, b] of points) {
    const [x, y] = plane.toPixel(a, b);
    ctx.beginPath();
    ctx.arc(x, y, 2.2, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** A ball at (a, b): filled `colour`, outlined in black. */
export function ball(plane, ctx, a, b, colour, r = 6.5) {
  const [x, y] = plane.toPixel(a, b);
  ctx.fillStyle = colour;
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}
