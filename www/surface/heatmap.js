// The cost surface seen from above: C(p_A, p_B) as colours with contour lines, the current
// point, the −η∇C arrow and the descent trail. Dragging in the plot moves the point (the panel
// sets both parameters through the wasm API). Draws only; every number comes from the core.

import { contourSegments, contourLevels, costScale, surfaceLUT } from "../lib/contours.js";
import { clamp } from "../lib/scale.js";
import { fmt } from "../lib/notation.js";
import { fitCanvas, fitLayer, figureGeneration } from "../lib/canvas.js";
import { onKeys } from "../lib/key-targets.js";

const LUT = surfaceLUT();
const PAD = { left: 40, right: 10, top: 10, bottom: 34 };
/** Contour lines of the heatmap (and marks on its legend). */
export const CONTOURS = 9;

/**
 * The start of each surface canvas's frame: fit it to its box and clear it. Returns its size
 * [w, h], or null when nothing more is to be drawn — a hidden frame (a slide not shown) is
 * 0 × 0, and a view with no data yet (`ready` false) shows `message` instead.
 */
export function startFrame(canvas, ctx, ready, message) {
  const [w, h] = fitCanvas(canvas, ctx);
  ctx.clearRect(0, 0, w, h);
  if (!w || !h) return null;
  if (!ready) {
    drawMessage(ctx, w, h, message);
    return null;
  }
  return [w, h];
}

/**
 * `text` in the middle of a w × h canvas, wrapped to its width: what a view shows while it has
 * no surface (before the first answer, or why there is none), so it is never left blank.
 */
export function drawMessage(ctx, w, h, text) {
  if (!text || !w || !h) return;
  ctx.save();
  ctx.fillStyle = "#ececec";
  ctx.font = "14px 'DejaVu Sans', sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > w - 24) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  const lh = 19;
  lines.forEach((l, i) => ctx.fillText(l, w / 2, h / 2 + (i - (lines.length - 1) / 2) * lh));
  ctx.restore();
}

/** An arrow from (x0, y0) to (x1, y1) in the current stroke/fill style. */
export function arrow(ctx, x0, y0, x1, y1, head = 9) {
  const len = Math.hypot(x1 - x0, y1 - y0);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  if (len < 1) return;
  const ux = (x1 - x0) / len, uy = (y1 - y0) / len, h = Math.min(head, len);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - h * ux - 0.5 * h * uy, y1 - h * uy + 0.5 * h * ux);
  ctx.lineTo(x1 - h * ux + 0.5 * h * uy, y1 - h * uy - 0.5 * h * ux);
  ctx.closePath();
  ctx.fill();
}

export class SurfaceHeatmap {
  /** @param {{ onDragStart(), onDrag(a, b), onDragEnd() }} callbacks */
  constructor(canvas, callbacks) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.callbacks = callbacks;
    this.image = document.createElement("canvas"); // the grid, one pixel per point
    this.layer = document.createElement("canvas"); // the grid drawn with its contours and axes
    this.version = 0;
    this.surface = null;
    this.dragging = false;
    canvas.addEventListener("pointerdown", (e) => this.pointer(e));
    canvas.addEventListener("pointermove", (e) => this.dragging && this.pointer(e));
    const end = () => {
      if (!this.dragging) return;
      this.dragging = false;
      this.callbacks.onDragEnd();
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    // The keyboard: with the plot focused the arrows move the point a fiftieth of the range
    // (Shift: a 250th), through the same drag calls a pointer makes.
    onKeys(canvas, (e) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
      if (!d || !this.surface || !this.point) return false; // the arrows are the plot's here, not the page's step
      const [minA, maxA, minB, maxB] = this.surface.range;
      const f = e.shiftKey ? 1 / 250 : 1 / 50;
      const a = clamp(this.point.a + d[0] * f * (maxA - minA), minA, maxA);
      const b = clamp(this.point.b + d[1] * f * (maxB - minB), minB, maxB);
      this.callbacks.onDragStart();
      this.callbacks.onDrag(a, b);
      this.callbacks.onDragEnd();
      return true;
    });
  }

  /**
   * A new grid: `{ grid, res, range: [minA, maxA, minB, maxB], min, max, contours? }`, or null
   * (none yet); `contours`, one segment array per level of `contourLevels(min, max, CONTOURS)`,
   * when the worker traced them already.
   */
  setSurface(surface) {
    this.surface = surface;
    this.version++;
    if (!surface) return;
    const { grid, res, min, max } = surface;
    const scale = costScale(min, max);
    this.image.width = this.image.height = res;
    const ictx = this.image.getContext("2d");
    const data = ictx.createImageData(res, res);
    const px = data.data;
    for (let i = 0; i < res * res; i++) {
      const c = Math.round(scale.t(grid[i]) * 255) * 4;
      px[4 * i] = LUT[c];
      px[4 * i + 1] = LUT[c + 1];
      px[4 * i + 2] = LUT[c + 2];
      px[4 * i + 3] = LUT[c + 3];
    }
    ictx.putImageData(data, 0, 0);
    this.contours = surface.contours ?? contourLevels(min, max, CONTOURS).map((level) => contourSegments(grid, res, level));
  }

  /** The plot rectangle in CSS pixels. */
  plot() {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    return { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
  }

  /**
   * Pixel of parameter values (a, b); `p`, the plot rectangle, when the caller has it already (a
   * trail of thousands of points reads the canvas's box once, not twice per point).
   */
  toPixel(a, b, p = this.plot()) {
    const [minA, maxA, minB, maxB] = this.surface.range;
    return [p.x + ((a - minA) / (maxA - minA)) * p.w, p.y + ((maxB - b) / (maxB - minB)) * p.h];
  }

  pointer(e) {
    if (!this.surface) return;
    const r = this.canvas.getBoundingClientRect();
    const p = this.plot();
    const [minA, maxA, minB, maxB] = this.surface.range;
    const u = clamp((e.clientX - r.left - p.x) / p.w, 0, 1);
    const v = clamp((e.clientY - r.top - p.y) / p.h, 0, 1);
    if (e.type === "pointerdown") {
      this.dragging = true;
      this.canvas.setPointerCapture?.(e.pointerId);
      this.callbacks.onDragStart();
    }
    this.callbacks.onDrag(minA + u * (maxA - minA), maxB - v * (maxB - minB));
  }

  /**
   * `{ point: { a, b, stepA, stepB }, trail: [{ a, b }], names: [A, B], message }`; `message`
   * is drawn instead while there is no grid. The grid, its contours and the axes are drawn once
   * per grid (and size) into a layer; a frame draws that layer and the point and trail over it.
   */
  render({ point, trail, names, message }) {
    const { ctx } = this;
    this.point = point; // where the keyboard moves on from
    const size = startFrame(this.canvas, ctx, this.surface, message);
    if (!size) return;
    const [w, h] = size;
    this.prepare(names);
    ctx.drawImage(this.layer, 0, 0, w, h);
    const p = this.plot();
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    this.overlay(point, trail, p);
    ctx.restore();
  }

  /** Draws the layer unless it is drawn for this grid, size and pair already. */
  prepare(names) {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    if (!this.surface || !w || !h) return;
    fitCanvas(this.canvas, this.ctx); // the layer has the canvas's pixel size
    const key = `${this.version} ${this.canvas.width} ${this.canvas.height} ${names.join(" ")} ${figureGeneration()}`;
    if (key !== this.layerKey) {
      this.drawLayer(names);
      this.layerKey = key;
    }
  }

  /** The grid as colours with its contour lines, the plot's frame and its axes, into the layer. */
  drawLayer(names) {
    const ctx = fitLayer(this.layer, this.canvas.clientWidth, this.canvas.clientHeight); // the canvas's pixel size
    const { res, range } = this.surface;
    const p = this.plot();
    // Node col sits at p.x + col·dx: stretch the image half a cell past the plot, then clip.
    const dx = p.w / (res - 1), dy = p.h / (res - 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, p.x - dx / 2, p.y - dy / 2, p.w + dx, p.h + dy);
    ctx.strokeStyle = "rgba(255,255,255,0.38)";
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
    // Axes: the range ends and the parameter names.
    ctx.fillStyle = "#ececec";
    ctx.font = "13px 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(fmt(range[0], 2), p.x, p.y + p.h + 4);
    ctx.textAlign = "right";
    ctx.fillText(fmt(range[1], 2), p.x + p.w, p.y + p.h + 4);
    ctx.textAlign = "center";
    ctx.font = "italic 16px 'DejaVu Serif', serif";
    ctx.fillText(`${names[0]} →`, p.x + p.w / 2, p.y + p.h + 12);
    ctx.save();
    ctx.translate(p.x - 6, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "bottom";
    ctx.fillText(`${names[1]} →`, 0, 0);
    ctx.font = "13px 'DejaVu Sans', sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(fmt(range[2], 2), -p.h / 2, 0);
    ctx.textAlign = "right";
    ctx.fillText(fmt(range[3], 2), p.h / 2, 0);
    ctx.restore();
  }

  overlay(point, trail, p) {
    const { ctx } = this;
    if (trail.length > 1) {
      ctx.strokeStyle = "rgba(255,255,255,0.85)";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      trail.forEach((t, i) => ctx[i ? "lineTo" : "moveTo"](...this.toPixel(t.a, t.b, p)));
      ctx.stroke();
    }
    if (!point) return;
    const [x, y] = this.toPixel(point.a, point.b, p);
    const [x1, y1] = this.toPixel(point.a + point.stepA, point.b + point.stepB, p);
    ctx.strokeStyle = ctx.fillStyle = "#fc6255";
    ctx.lineWidth = 2.5;
    arrow(ctx, x, y, x1, y1);
    ctx.fillStyle = "#ffff00";
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 6.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

/** The colour legend of C: the colour bar with the contour levels and both ends labelled. */
export function renderLegend(canvas, min, max) {
  const ctx = canvas.getContext("2d");
  const [w, h] = fitCanvas(canvas, ctx);
  ctx.clearRect(0, 0, w, h);
  if (!(max >= min)) return;
  const scale = costScale(min, max);
  const bar = { x: 40, y: 2, w: w - 50, h: 12 };
  for (let i = 0; i < bar.w; i++) {
    const c = Math.round((i / (bar.w - 1)) * 255) * 4; // the bar is linear in t
    ctx.fillStyle = `rgb(${LUT[c]},${LUT[c + 1]},${LUT[c + 2]})`;
    ctx.fillRect(bar.x + i, bar.y, 1, bar.h);
  }
  ctx.strokeStyle = "rgba(255,255,255,0.6)";
  ctx.beginPath();
  for (const level of contourLevels(min, max, CONTOURS)) {
    const x = bar.x + scale.t(level) * (bar.w - 1) + 0.5;
    ctx.moveTo(x, bar.y);
    ctx.lineTo(x, bar.y + bar.h);
  }
  ctx.stroke();
  ctx.fillStyle = "#ececec";
  ctx.font = "italic 15px 'DejaVu Serif', serif";
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.fillText("C", 16, bar.y - 1);
  ctx.font = "13px 'DejaVu Sans', sans-serif";
  ctx.fillText(fmt(min), bar.x, bar.y + bar.h + 3);
  ctx.textAlign = "center";
  const mid = scale.cost(0.5);
  ctx.fillText(fmt(mid), bar.x + 0.5 * (bar.w - 1), bar.y + bar.h + 3);
  ctx.textAlign = "right";
  ctx.fillText(fmt(max), bar.x + bar.w, bar.y + bar.h + 3);
}
