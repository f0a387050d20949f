// The output plot: the network's output over the input square [-1, 1]² as a coloured heatmap
// (orange = class 0 / low, blue = class 1 / high), with the training points (filled, white
// outline) and optionally the test points (hollow). Click adds a point; hovering one reports it.
// What does not change while training — the axes and the data points — is drawn once into an
// offscreen layer (redrawn only when the points, the size or what is shown change) and copied
// over the heatmap each frame: a frame draws two images and the rings, not every point.

import { divergingLUT, blendClasses, pointColor, paintLUT, markerPath } from "../lib/colors.js";
import { linear } from "../lib/scale.js";
import { fitSize, fitLayer, pixelRatio, figureGeneration } from "../lib/canvas.js";
import { onKeys, keyboardFocused } from "../lib/key-targets.js";

const HOVER_PX = 8;

export class HeatmapView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{ onAddPoint(x, y), onHoverPoint(point | null), onClickPoint?(point), onCursor?(x, y) }} callbacks
   *   With onClickPoint, a click on a data point picks it (`{ x, y, label, set, index }`)
   *   instead of adding a point there. On a touch screen a tap on a point shows its forward
   *   pass (there is no hover); a tap elsewhere adds a point.
   */
  constructor(canvas, callbacks) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.callbacks = callbacks;
    this.lut = divergingLUT(0.45);
    this.model = null;
    this.train = new Float32Array(0);
    this.test = new Float32Array(0);
    this.hovered = null;
    this.showTestForHover = false;
    this.size = 0;
    this.layer = document.createElement("canvas"); // the axes and points, in device pixels
    this.layerKey = null; // what the layer shows; a new key redraws it
    this.layerDraws = 0; // how often the layer was drawn (read by tests)
    this.pointerType = "mouse";
    canvas.addEventListener("pointerdown", (e) => (this.pointerType = e.pointerType));
    canvas.addEventListener("click", (e) => {
      const hit = this.pointAt(e);
      if (hit && this.callbacks.onClickPoint) return this.callbacks.onClickPoint(hit);
      if (hit && this.pointerType === "touch") return this.setHovered(hit);
      const [x, y] = this.toData(e);
      if (Math.abs(x) <= 1 && Math.abs(y) <= 1) this.callbacks.onAddPoint(x, y);
    });
    // The keyboard: with the plot focused the arrows move a cross (0.05 a press, Shift 0.01) and
    // Enter adds a point there, as a click would; onCursor(x, y | null) lets the page announce it.
    // The cross shows for the keyboard only: focus by a click (a mouse adding points) draws none.
    this.cursor = null; // [x, y] in data coordinates while the plot has focus
    onKeys(canvas, (e) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
      if (!d && e.key !== "Enter") return false; // the arrows are the plot's here, not the page's step
      const [x, y] = (this.cursor ??= [0, 0]);
      if (e.key === "Enter") this.callbacks.onAddPoint(x, y);
      else {
        const step = e.shiftKey ? 0.01 : 0.05;
        const clamp1 = (v) => Math.max(-1, Math.min(1, Math.round(v * 100) / 100));
        this.cursor = [clamp1(x + d[0] * step), clamp1(y + d[1] * step)];
      }
      this.callbacks.onCursor?.(...this.cursor);
      return true;
    });
    // (After onKeys, whose own focus listener records how the focus came.)
    canvas.addEventListener("focus", () => {
      if (!keyboardFocused(canvas)) return;
      this.cursor ??= [0, 0];
      this.callbacks.onCursor?.(...this.cursor);
    });
    canvas.addEventListener("blur", () => this.callbacks.onCursor?.(null));
    canvas.addEventListener("pointermove", (e) => this.hover(e));
    // A finger "leaves" as it lifts: keep the tapped point's forward pass until the next tap.
    canvas.addEventListener("pointerleave", (e) => e.pointerType !== "touch" && this.setHovered(null));
  }

  setModel(model) {
    this.model = model;
    this.layerKey = null;
    const res = model.gridResolution;
    this.off = document.createElement("canvas");
    this.off.width = this.off.height = res;
    this.offCtx = this.off.getContext("2d");
    this.image = this.offCtx.createImageData(res, res);
  }

  /** Data points as [x, y, label, …] (copies from pg.trainPoints()/testPoints(); they change rarely). */
  setPoints(train, test) {
    this.train = train;
    this.test = test;
    this.layerKey = null;
  }

  fit() {
    this.stroke = parseFloat(getComputedStyle(this.canvas).getPropertyValue("--canvas-stroke")) || 1;
    const s = Math.min(this.canvas.clientWidth, this.canvas.clientHeight);
    fitSize(this.canvas, this.ctx, s, s);
    this.size = s;
    this.sx = linear(-1, 1, 0, s);
    this.sy = linear(-1, 1, s, 0);
  }

  /** `marked` (optional): a point { x, y } ringed in yellow, e.g. the example being stepped. */
  render({ showTest, gridFresh, marked = null }) {
    if (!this.model) return;
    this.showTestForHover = showTest;
    this.fit();
    if (gridFresh) this.paintImage();
    const { ctx, size } = this;
    ctx.clearRect(0, 0, size, size); // (covered by the heatmap; a recording starts afresh here)
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.off, 0, 0, size, size);
    this.drawLayer(!!showTest);
    if (marked) {
      ctx.beginPath();
      ctx.arc(this.sx(marked.x), this.sy(marked.y), 9, 0, Math.PI * 2);
      ctx.strokeStyle = "#ffff66";
      ctx.lineWidth = 3;
      ctx.stroke();
    }
    if (this.cursor && keyboardFocused(this.canvas)) {
      const [cx, cy] = [this.sx(this.cursor[0]), this.sy(this.cursor[1])];
      ctx.strokeStyle = "#ffff66";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(cx - 10, cy);
      ctx.lineTo(cx + 10, cy);
      ctx.moveTo(cx, cy - 10);
      ctx.lineTo(cx, cy + 10);
      ctx.stroke();
    }
    if (this.hovered) {
      ctx.beginPath();
      ctx.arc(this.sx(this.hovered.x), this.sy(this.hovered.y), 8, 0, Math.PI * 2);
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }

  /** Copy the axes and points layer onto the canvas, drawing it first if what it shows changed. */
  drawLayer(showTest) {
    const { ctx, canvas, size, stroke } = this;
    const key = `${canvas.width}×${canvas.height} ${size} ${stroke} ${showTest} ${this.model.isRegression} ${figureGeneration()}`;
    if (key !== this.layerKey) {
      this.layerKey = key;
      this.layerDraws++;
      const layer = fitLayer(this.layer, size, size);
      this.drawAxes(layer);
      const reg = this.model.isRegression;
      if (showTest) this.drawPoints(layer, this.test, false, reg);
      this.drawPoints(layer, this.train, true, reg);
    }
    if (!this.layer.width || !this.layer.height) return; // a hidden plot (0 × 0) has nothing to copy
    ctx.setTransform(1, 0, 0, 1, 0, 0); // the layer has the canvas's pixel size: copy it 1:1
    ctx.drawImage(this.layer, 0, 0);
    const dpr = pixelRatio();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  /** Fill the small res×res image from the output neurons' grid (zero-copy view). */
  paintImage() {
    const { model, lut } = this;
    const grid = model.grid();
    const res = model.gridResolution, n2 = res * res;
    const data = this.image.data;
    const L = model.L;
    if (model.outputs === 1) {
      paintLUT(data, grid, model.gridOffsets[L][0], n2, 0, 1, lut); // NaN → the neutral colour
    } else {
      const offs = model.gridOffsets[L];
      const p = new Array(offs.length);
      for (let i = 0; i < n2; i++) {
        for (let c = 0; c < offs.length; c++) p[c] = grid[offs[c] + i];
        const [r, g, b] = blendClasses(p, 0.45);
        data[i * 4] = r;
        data[i * 4 + 1] = g;
        data[i * 4 + 2] = b;
        data[i * 4 + 3] = 255;
      }
    }
    this.offCtx.putImageData(this.image, 0, 0);
  }

  drawAxes(ctx) {
    const { size } = this;
    ctx.strokeStyle = "rgba(255,255,255,0.18)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(size / 2, 0);
    ctx.lineTo(size / 2, size);
    ctx.moveTo(0, size / 2);
    ctx.lineTo(size, size / 2);
    ctx.stroke();
    ctx.fillStyle = "rgba(255,255,255,0.7)";
    ctx.font = `italic 13px "DejaVu Serif", Georgia, serif`;
    ctx.textBaseline = "bottom";
    ctx.textAlign = "right";
    ctx.fillText("x₁", size - 4, size / 2 - 2);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText("x₂", size / 2 + 4, 3);
  }

  drawPoints(ctx, points, filled, reg) {
    const r = (this.size > 360 ? 4.5 : 3.5) * Math.sqrt(this.stroke);
    ctx.lineWidth = (filled ? 1.2 : 1.6) * this.stroke;
    // Three classes: each also has its own marker shape (lib/colors.js's markerPath).
    let shapes = false;
    for (let i = 2; !reg && !shapes && i < points.length; i += 3) shapes = points[i] >= 2;
    for (let i = 0; i + 2 < points.length; i += 3) {
      const x = this.sx(points[i]), y = this.sy(points[i + 1]);
      const color = pointColor(points[i + 2], reg);
      markerPath(ctx, x, y, r, points[i + 2], shapes);
      if (filled) {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = "#fff";
      } else {
        ctx.strokeStyle = color;
      }
      ctx.stroke();
    }
  }

  toData(e) {
    const box = this.canvas.getBoundingClientRect();
    return [this.sx.invert(e.clientX - box.left), this.sy.invert(e.clientY - box.top)];
  }

  /** A data point (x, y) in client (viewport) px: for tests and tooltips. */
  dataToClient(x, y) {
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + this.sx(x), y: box.top + this.sy(y) };
  }

  hover(e) {
    if (e.pointerType !== "touch") this.setHovered(this.pointAt(e));
  }

  /** The data point nearest a pointer event (within a few px), with its set and index, or null. */
  pointAt(e) {
    if (!this.sx) return null;
    const box = this.canvas.getBoundingClientRect();
    const px = e.clientX - box.left, py = e.clientY - box.top;
    let best = null, bestD = HOVER_PX;
    const scan = (pts, set) => {
      for (let i = 0; i + 2 < pts.length; i += 3) {
        const d = Math.hypot(this.sx(pts[i]) - px, this.sy(pts[i + 1]) - py);
        if (d < bestD) [best, bestD] = [{ x: pts[i], y: pts[i + 1], label: pts[i + 2], set, index: i / 3 }, d];
      }
    };
    scan(this.train, "train");
    if (this.showTestForHover) scan(this.test, "test");
    return best;
  }

  setHovered(p) {
    const same = p && this.hovered && p.x === this.hovered.x && p.y === this.hovered.y;
    if (same || (!p && !this.hovered)) return;
    this.hovered = p;
    this.canvas.style.cursor = p ? "pointer" : "crosshair";
    this.callbacks.onHoverPoint(p);
  }
}
