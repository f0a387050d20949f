// The network: neurons as circles, weights as lines (blue w > 0, red w < 0, width by |w|).
// Each neuron shows a small heatmap of its activation over the input square; when a data
// point is hovered, neurons are lit grey-white by a⁽ˡ⁾ of that point's forward pass instead.
// A weight line can be dragged vertically to change w. Reads wasm memory through ModelViews.

import { sub, sym, layer, fmt, neuronValue, featureLabel } from "../lib/notation.js";
import { columnSpacing, networkLayout, networkPad, distanceToSegment, weightWidth } from "../lib/scale.js";
import { weightColor, divergingLUT, neuronRange, activationGrey, BLUE, paintLUT } from "../lib/colors.js";
import { fitCanvas } from "../lib/canvas.js";
import { onKeys, keyboardFocused } from "../lib/key-targets.js";

const EDGE_AT = 0.3; // where along a weight line its drag handle sits (0 = left neuron)
const DRAG_PER_PX = 0.02; // Δw per CSS pixel of vertical drag
const SELECT_COLOR = "#ffff66"; // 3Blue1Brown's yellow, for "this one"

export class NetworkView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {HTMLElement} tooltip  an absolutely positioned element in the canvas's container
   * @param {{ onWeightDrag(l, j, k, w), onDragStart(), onDragEnd(), onSelect(param), onHoverNeuron(neuron) }} callbacks
   *   onHoverNeuron gets { l, j } when the pointer moves onto a neuron.
   *   onSelect gets { kind: "weight", l, j, k } for a click (no drag) on a weight line, or
   *   { kind: "bias", l, j } for a click on a neuron of layer l ≥ 1.
   *   Keyboard (the canvas is focusable): ← / → move the cursor between layers, ↑ / ↓ through a
   *   layer's biases and weights (each neuron's bias, then its incoming weights), + / − change the
   *   parameter by 0.1 (Shift: 0.01) through onNudge(param, value), Enter selects it (onSelect);
   *   onCursor(param | null) says where the cursor is, for the page to announce.
   */
  constructor(canvas, tooltip, callbacks) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.tooltip = tooltip;
    this.callbacks = callbacks;
    this.model = null;
    this.lut = divergingLUT(0.9);
    this.hoveredExample = null; // { x, y, label } whose forward pass is lit, or null (read by tests)
    this.hoverEdge = null; // { l, j, k }
    this.hoverNeuron = null; // { l, j }
    this.drag = null; // { l, j, k, startY, w0, moved }
    this.selected = []; // parameters chosen by other panels, outlined in yellow: { kind, l, j, k? }
    this.overlay = null; // the Backprop tab's drawing (backprop-overlay.js): used while overlay.active()
    this.cost = null;
    this.layout = null;
    this.width = 0;
    this.height = 0;
    this.cursor = null; // the keyboard's parameter: { kind: "weight", l, j, k } or { kind: "bias", l, j }
    onKeys(canvas, (e) => this.keyDown(e));
    // The cursor shows for the keyboard only: focus by a click or a drag draws none.
    canvas.addEventListener("focus", () => {
      if (!keyboardFocused(canvas)) return;
      if (!this.cursor && this.model) this.moveCursor({ kind: "weight", l: 1, j: 0, k: 0 });
      else this.callbacks.onCursor?.(this.cursor);
    });
    canvas.addEventListener("blur", () => this.callbacks.onCursor?.(null));
    canvas.addEventListener("pointerdown", (e) => this.pointerDown(e));
    canvas.addEventListener("pointermove", (e) => this.pointerMove(e));
    canvas.addEventListener("pointerup", (e) => this.pointerUp(e));
    canvas.addEventListener("pointercancel", (e) => this.pointerUp(e));
    canvas.addEventListener("pointerleave", () => {
      this.hoverNeuron = null;
      if (!this.drag) this.setHoverEdge(null);
    });
  }

  /** A new Playground (or shape): make one small offscreen image per neuron. */
  setModel(model) {
    this.model = model;
    this.hoverEdge = null;
    this.drag = null;
    const res = model.gridResolution;
    this.images = model.sizes.map((n) =>
      Array.from({ length: n }, () => {
        const c = document.createElement("canvas");
        c.width = c.height = res;
        const ctx = c.getContext("2d");
        return { canvas: c, ctx, image: ctx.createImageData(res, res) };
      }),
    );
    // a⁽⁰⁾: the input neurons' pictures are their features over the input square (X₁ rises left→right,
    // X₂ bottom→top, X₁² is bright at both sides, …), the core's values mapped from [−1, 1].
    for (let k = 0; k < model.sizes[0]; k++) {
      const { ctx, image } = this.images[0][k];
      const values = model.inputGrid(k);
      for (let i = 0; i < res * res; i++) {
        const t = Math.max(0, Math.min(1, (values[i] + 1) / 2));
        image.data.set(this.lut.subarray(((t * 255) | 0) * 4, ((t * 255) | 0) * 4 + 4), i * 4);
      }
      ctx.putImageData(image, 0, 0);
    }
  }

  /** Match the backing store to the element's size and the device pixel ratio. */
  fit() {
    // Stroke widths scale with the CSS custom property --canvas-stroke (themes and projectors
    // set it; 1 by default).
    this.stroke = parseFloat(getComputedStyle(this.canvas).getPropertyValue("--canvas-stroke")) || 1;
    [this.width, this.height] = fitCanvas(this.canvas, this.ctx);
    this.layout = networkLayout(this.model.sizes, this.width, this.height, networkPad(this.model.features));
  }

  /**
   * Draw. `hovered` is the example whose forward pass main.js has just run (or null);
   * `cost` is the current training cost, shown in the drag tooltip.
   */
  render({ hovered, cost, gridFresh }) {
    if (!this.model) return;
    this.hoveredExample = hovered;
    this.cost = cost;
    this.fit();
    const { ctx, model, layout } = this;
    ctx.clearRect(0, 0, this.width, this.height);
    if (gridFresh) this.paintNeuronImages();
    if (this.overlay?.active()) this.overlay.draw(this);
    else {
      delete this.canvas.dataset.activeLayer;
      this.drawEdges();
      this.drawNeurons(hovered);
    }
    this.drawSelection();
    this.drawCursor();
    this.drawLabels();
    this.updateTooltip();
  }

  /** The parameters of layer l in the keyboard's order: each neuron's bias, then its weights. */
  layerItems(l) {
    const out = [];
    for (let j = 0; j < this.model.sizes[l]; j++) {
      out.push({ kind: "bias", l, j });
      for (let k = 0; k < this.model.sizes[l - 1]; k++) out.push({ kind: "weight", l, j, k });
    }
    return out;
  }

  /** Puts the keyboard's cursor on p (clamped into the network) and says so. */
  moveCursor(p) {
    const { sizes, L } = this.model;
    const l = Math.max(1, Math.min(L, p.l));
    const j = Math.max(0, Math.min(sizes[l] - 1, p.j));
    this.cursor = p.kind === "bias" ? { kind: "bias", l, j } : { kind: "weight", l, j, k: Math.max(0, Math.min(sizes[l - 1] - 1, p.k)) };
    this.callbacks.onCursor?.(this.cursor);
  }

  /** A key pressed while the canvas has focus; true when it was the network's (app/keys.js). */
  keyDown(e) {
    if (!this.model) return false;
    const c = this.cursor ?? { kind: "weight", l: 1, j: 0, k: 0 };
    const step = e.shiftKey ? 0.01 : 0.1;
    let handled = true;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") this.moveCursor({ ...c, l: c.l + (e.key === "ArrowRight" ? 1 : -1) });
    else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const items = this.layerItems(c.l);
      const at = items.findIndex((p) => p.kind === c.kind && p.j === c.j && (p.kind === "bias" || p.k === c.k));
      this.moveCursor(items[Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))]);
    } else if (["+", "=", "-", "_"].includes(e.key)) {
      const v = c.kind === "bias" ? this.model.biases(c.l)[c.j] : this.model.weight(c.l, c.j, c.k);
      this.cursor = c;
      this.callbacks.onNudge?.(c, v + (e.key === "+" || e.key === "=" ? step : -step));
      this.callbacks.onCursor?.(c);
    } else if (e.key === "Enter") this.callbacks.onSelect?.(c);
    else handled = false;
    return handled; // the arrows are the network's here, not the page's step
  }

  /** The keyboard's cursor, while the canvas has focus: a solid yellow ring or pair of lines. */
  drawCursor() {
    const p = this.cursor;
    if (!p || !keyboardFocused(this.canvas)) return;
    const { ctx, layout, model } = this;
    if (!(p.l >= 1 && p.l <= model.L && p.j < model.sizes[p.l])) return;
    ctx.save();
    ctx.strokeStyle = SELECT_COLOR;
    ctx.lineWidth = 3;
    ctx.beginPath();
    if (p.kind === "bias") {
      const n = layout.columns[p.l].nodes[p.j];
      ctx.arc(n.x, n.y, layout.radius + 8, 0, Math.PI * 2);
    } else {
      if (!(p.k < model.sizes[p.l - 1])) return ctx.restore();
      const [x0, y0, x1, y1] = this.edgeEnds(p.l, p.j, p.k);
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.globalAlpha = 0.55;
      ctx.lineWidth = 9;
    }
    ctx.stroke();
    ctx.restore();
  }

  paintNeuronImages() {
    const { model, lut } = this;
    const grid = model.grid();
    const n2 = model.gridResolution * model.gridResolution;
    for (let l = 1; l <= model.L; l++) {
      const [lo, hi] = neuronRange(model.activations[l], l === model.L);
      for (let j = 0; j < model.sizes[l]; j++) {
        const { ctx, image } = this.images[l][j];
        paintLUT(image.data, grid, model.gridOffsets[l][j], n2, lo, hi, lut); // NaN → the neutral mid colour
        ctx.putImageData(image, 0, 0);
      }
    }
  }

  edgeEnds(l, j, k) {
    const a = this.layout.columns[l - 1].nodes[k], b = this.layout.columns[l].nodes[j];
    const r = this.layout.radius;
    return [a.x + r, a.y, b.x - r, b.y];
  }

  drawEdges() {
    const { ctx, model } = this;
    ctx.lineCap = "round";
    for (let l = 1; l <= model.L; l++) {
      const nk = model.sizes[l - 1];
      for (let j = 0; j < model.sizes[l]; j++) {
        const row = model.row(l, j); // w⁽ˡ⁾ⱼₖ for k = 0..n_{l−1} − 1
        for (let k = 0; k < nk; k++) {
          const w = row[k];
          const [x0, y0, x1, y1] = this.edgeEnds(l, j, k);
          const active = sameEdge(this.drag || this.hoverEdge, l, j, k);
          ctx.strokeStyle = weightColor(w);
          ctx.lineWidth = (weightWidth(w) + (active ? 2 : 0)) * this.stroke;
          if (active) {
            ctx.shadowColor = "rgba(255,255,255,0.9)";
            ctx.shadowBlur = 8;
          }
          ctx.beginPath();
          ctx.moveTo(x0, y0);
          ctx.lineTo(x1, y1);
          ctx.stroke();
          ctx.shadowBlur = 0;
        }
      }
    }
  }

  drawNeurons(hovered) {
    const { ctx, model, layout } = this;
    const r = layout.radius;
    for (let l = 0; l <= model.L; l++) {
      const a = hovered ? model.a(l) : null;
      const range = l === 0 ? [-1, 1] : neuronRange(model.activations[l], l === model.L);
      layout.columns[l].nodes.forEach((p, j) => {
        ctx.save();
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
        if (a) {
          const g = activationGrey(a[j], range);
          ctx.fillStyle = `rgb(${g},${g},${g})`;
          ctx.fill();
        } else {
          ctx.clip();
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(this.images[l][j].canvas, p.x - r, p.y - r, 2 * r, 2 * r);
        }
        ctx.restore();
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
        ctx.lineWidth = (a ? 2 : 1.5) * this.stroke;
        ctx.strokeStyle = a ? "#fff" : "rgba(255,255,255,0.75)";
        ctx.stroke();
        if (a) this.drawValue(p, r, a[j], activationGrey(a[j], range));
      });
    }
  }

  /** Outline the parameters other panels have chosen: a weight's line or a bias's neuron. */
  drawSelection() {
    const { ctx, layout, model } = this;
    ctx.save();
    ctx.strokeStyle = SELECT_COLOR;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 2;
    for (const p of this.selected) {
      if (!(p.l >= 1 && p.l <= model.L && p.j < model.sizes[p.l])) continue;
      ctx.beginPath();
      if (p.kind === "bias") {
        const c = layout.columns[p.l].nodes[p.j];
        ctx.arc(c.x, c.y, layout.radius + 5, 0, Math.PI * 2);
      } else {
        if (!(p.k < model.sizes[p.l - 1])) continue;
        const [x0, y0, x1, y1] = this.edgeEnds(p.l, p.j, p.k);
        const nx = -(y1 - y0), ny = x1 - x0, len = Math.hypot(nx, ny) || 1;
        for (const side of [-5, 5]) {
          ctx.moveTo(x0 + (side * nx) / len, y0 + (side * ny) / len);
          ctx.lineTo(x1 + (side * nx) / len, y1 + (side * ny) / len);
        }
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  /** The activation's value, inside the lit circle (dark text on light grey), or above it if small. */
  drawValue(p, r, value, grey) {
    const { ctx } = this;
    const inside = r >= 15;
    ctx.font = `${inside ? Math.min(16, Math.round(r * 0.55)) : 11}px "DejaVu Sans", system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = inside ? (grey > 140 ? "#000" : "#fff") : "#fff";
    ctx.fillText(neuronValue(value), p.x, inside ? p.y : p.y - r - 8);
  }

  drawLabels() {
    const { ctx, model, layout } = this;
    const r = layout.radius;
    ctx.fillStyle = "#ddd";
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    // Each input neuron's feature (X₁, X₁², sin(X₁), …), as large as fits left of it.
    layout.columns[0].nodes.forEach((p, k) => {
      const text = this.inputLabel(k);
      const room = p.x - r - 8;
      let size = Math.max(14, Math.round(r * 0.7));
      for (; size > 9; size--) {
        ctx.font = `italic ${size}px "DejaVu Serif", Georgia, serif`;
        if (ctx.measureText(text).width <= room) break;
      }
      ctx.fillText(text, p.x - r - 6, p.y);
    });
    ctx.font = `13px "DejaVu Sans", system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.fillStyle = "#9a9a9a";
    // The longest caption that fits between the columns: "a⁽ˡ⁾ · hidden l", else a⁽ˡ⁾ alone.
    const cols = layout.columns;
    const gap = columnSpacing(cols, this.width);
    const captions = cols.map((_, l) => `a${layer(l)} · ${l === 0 ? "input" : l === model.L ? "output" : `hidden ${l}`}`);
    const fits = Math.max(...captions.map((c) => ctx.measureText(c).width)) + 8 <= gap;
    cols.forEach((col, l) => ctx.fillText(fits ? captions[l] : `a${layer(l)}`, col.x, this.height - 10));
  }

  /** The point on weight (l, j, k)'s line where dragging grabs it, in client (viewport) px. */
  weightHandle(l, j, k) {
    const [x0, y0, x1, y1] = this.edgeEnds(l, j, k);
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + x0 + EDGE_AT * (x1 - x0), y: box.top + y0 + EDGE_AT * (y1 - y0) };
  }

  /** The weight line nearest a canvas point (within 6 px), or null. */
  edgeAt(px, py) {
    if (!this.model || !this.layout) return null;
    let best = null, bestD = 6;
    for (let l = 1; l <= this.model.L; l++)
      for (let j = 0; j < this.model.sizes[l]; j++)
        for (let k = 0; k < this.model.sizes[l - 1]; k++) {
          const d = distanceToSegment(px, py, ...this.edgeEnds(l, j, k));
          if (d < bestD) [best, bestD] = [{ l, j, k }, d];
        }
    return best;
  }

  /** The neuron { l, j } under a canvas point, or null. */
  neuronAt(px, py) {
    if (!this.layout) return null;
    const r = this.layout.radius;
    for (let l = 0; l < this.layout.columns.length; l++) {
      const j = this.layout.columns[l].nodes.findIndex((p) => Math.hypot(p.x - px, p.y - py) <= r);
      if (j >= 0) return { l, j };
    }
    return null;
  }

  local(e) {
    const box = this.canvas.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  }

  weightValue({ l, j, k }) {
    return this.model.weight(l, j, k);
  }

  pointerDown(e) {
    const [x, y] = this.local(e);
    const neuron = this.neuronAt(x, y);
    if (neuron) {
      if (neuron.l > 0) this.callbacks.onSelect?.({ kind: "bias", l: neuron.l, j: neuron.j });
      return;
    }
    const edge = this.edgeAt(x, y);
    if (!edge) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { ...edge, startY: e.clientY, w0: this.weightValue(edge) };
    this.callbacks.onDragStart();
  }

  pointerMove(e) {
    if (this.drag) {
      const { l, j, k, startY, w0 } = this.drag;
      if (Math.abs(startY - e.clientY) < 3 && !this.drag.moved) return; // still a click
      this.drag.moved = true;
      this.callbacks.onWeightDrag(l, j, k, w0 + (startY - e.clientY) * DRAG_PER_PX);
      this.tooltipAt = this.local(e);
      return;
    }
    const [x, y] = this.local(e);
    this.tooltipAt = [x, y];
    const neuron = this.neuronAt(x, y);
    const changed = (neuron && neuron.l) !== (this.hoverNeuron && this.hoverNeuron.l) || (neuron && neuron.j) !== (this.hoverNeuron && this.hoverNeuron.j);
    this.hoverNeuron = neuron;
    if (changed && neuron) this.callbacks.onHoverNeuron?.(neuron);
    this.setHoverEdge(this.hoverNeuron ? null : this.edgeAt(x, y));
  }

  pointerUp(e) {
    if (!this.drag) return;
    const { l, j, k, moved } = this.drag;
    this.drag = null;
    if (!moved && e.type === "pointerup") this.callbacks.onSelect?.({ kind: "weight", l, j, k });
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.callbacks.onDragEnd();
  }

  /** Input neuron k's feature, as the core names it (model.features): "X₁", "X₁²", … */
  inputLabel(k) {
    const name = this.model.features?.[k];
    return name === undefined ? `x${sub(k + 1)}` : featureLabel(name);
  }

  /** Tooltip for a neuron: its bias b (read from wasm memory) and, when an example is hovered, a. */
  neuronTooltip({ l, j }) {
    const parts = [l === 0 ? `${this.inputLabel(j)} = ${sym("a", 0, j)}` : `${sym("b", l, j)} = ${fmt(this.model.biases(l)[j], 3)}`];
    if (this.hoveredExample) parts.push(`${sym("a", l, j)} = ${fmt(this.model.a(l)[j], 3)}`);
    if (l > 0) parts.push(this.model.activations[l]);
    this.tooltip.textContent = parts.join(" · ");
    this.tooltip.style.color = "#eee";
    this.tooltip.style.left = `${this.tooltipAt[0] + 14}px`;
    this.tooltip.style.top = `${this.tooltipAt[1] - 30}px`;
    this.tooltip.hidden = false;
  }

  setHoverEdge(edge) {
    this.hoverEdge = edge;
    this.canvas.style.cursor = edge ? "ns-resize" : "default";
    this.updateTooltip();
  }

  updateTooltip() {
    const edge = this.drag || this.hoverEdge;
    if (!edge && this.hoverNeuron && this.model && this.tooltipAt) return this.neuronTooltip(this.hoverNeuron);
    if (!edge || !this.model || !this.tooltipAt) {
      if (!this.tooltip.hidden) this.tooltip.hidden = true; // called every frame: no write when hidden already
      return;
    }
    const { l, j, k } = edge;
    const w = this.weightValue(edge);
    const cost = this.drag ? ` · C = ${fmt(this.cost, 4)}` : " · drag ↕";
    this.tooltip.textContent = `${sym("w", l, j, k)} = ${fmt(w, 3)}${cost}`;
    this.tooltip.style.color = w >= 0 ? `rgb(${BLUE})` : "#fc6255";
    this.tooltip.style.left = `${this.tooltipAt[0] + 14}px`;
    this.tooltip.style.top = `${this.tooltipAt[1] - 30}px`;
    this.tooltip.hidden = false;
  }
}

function sameEdge(e, l, j, k) {
  return !!e && e.l === l && e.j === j && e.k === k;
}
