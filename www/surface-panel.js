// The "Cost surface" panel: C of the live network as a function of two of its parameters, every
// other parameter held. Wiring only: the core's Surface computes the grid, the cut, C and ∇C;
// the views draw them. Mounted once by main.js; it lives in #surface-panel.

import { Surface } from "./pkg/backprop_lab.js";
import { paramName } from "./notation.js";
import { fmt } from "./scale.js";
import { SurfaceHeatmap, renderLegend } from "./surface-heatmap.js";
import { Surface3D } from "./surface-3d.js";
import { SurfaceCut } from "./surface-cut.js";
import { WasmViews } from "./wasm-views.js";

const RECOMPUTE_MS = 300; // while training, the surface is recomputed at most ~3 times a second
const MAX_TRAIL = 4000;
const RANGES = [["auto", null], ["± 0.5", 0.5], ["± 1", 1], ["± 2", 2], ["± 4", 4], ["± 8", 8]];

const key = (p) => `${p.kind} ${p.l} ${p.j} ${p.kind === "weight" ? p.k : ""}`;

const HTML = `
  <h2 id="surface-title">Cost surface</h2>
  <p class="surface-note" id="surface-note"></p>
  <div class="surface-pick">
    <label><span class="tag a">A</span><select id="surface-a" aria-label="Parameter A"></select></label>
    <label><span class="tag b">B</span><select id="surface-b" aria-label="Parameter B"></select></label>
    <label>Range <select id="surface-range" aria-label="Range"></select></label>
  </div>
  <p class="hint">Click weights or neurons (biases) in the network to choose them · drag the yellow point</p>
  <div class="surface-views">
    <div><canvas id="surface-heatmap" role="img" aria-label="Cost over the two parameters, seen from above; drag to move the point"></canvas>
      <canvas id="surface-legend" class="surface-legend" role="img" aria-label="Colour legend of the cost C"></canvas></div>
    <div><canvas id="surface-3d" role="img" aria-label="The cost surface in 3-D; drag to rotate"></canvas>
      <p class="hint">drag to rotate</p></div>
  </div>
  <div class="surface-cut-head"><span class="caption">1-D cut along</span>
    <button type="button" id="surface-cut-param" aria-label="Cut along the other parameter"></button></div>
  <canvas id="surface-cut" role="img" aria-label="Cost along one parameter with its tangent line"></canvas>
  <div class="surface-readout" aria-live="off">
    <div><span class="caption">Cost <i>C</i></span><span id="surface-cost">—</span></div>
    <div><span class="caption" id="surface-ga-name">∂C/∂A</span><span id="surface-ga">—</span></div>
    <div><span class="caption" id="surface-gb-name">∂C/∂B</span><span id="surface-gb">—</span></div>
    <div><span class="caption">Step |<i>η</i>∇<i>C</i>|</span><span id="surface-step">—</span></div>
  </div>
  <p class="hint"><span class="arrow-key">━▶</span> −<i>η</i>∇<i>C</i>, the next step of plain gradient descent (<i>η</i> = <span id="surface-eta"></span>) · <span class="trail-key">━</span> the path so far</p>`;

class SurfacePanel {
  constructor(app, root) {
    this.app = app;
    this.views = new WasmViews(app.wasm.memory);
    root.innerHTML = HTML;
    const $ = (id) => root.querySelector(`#${id}`);
    this.$ = $;
    this.surface = null;
    this.params = [];
    this.trail = [];
    this.pickNext = 0; // which of A, B the next click in the network replaces
    this.half = null; // range half-width, null = auto
    this.cutParam = 0;
    this.dirtySurface = true;
    this.lastCompute = -Infinity;
    this.lastIterations = 0;
    this.active = false;
    this.dragging = false;
    this.heatmap = new SurfaceHeatmap($("surface-heatmap"), {
      onDragStart: () => {
        this.dragging = true;
        app.setPlaying(false);
        this.trail = [];
      },
      onDrag: (a, b) => {
        if (app.guard(() => this.surface.setValues(a, b))) app.clearError();
        app.invalidate();
      },
      onDragEnd: () => {
        this.dragging = false;
        app.invalidate();
      },
    });
    this.view3d = new Surface3D($("surface-3d"), { onRotate: () => app.redraw() });
    this.cut = new SurfaceCut($("surface-cut"));
    for (const [label, half] of RANGES) $("surface-range").add(new Option(label, half ?? "auto"));
    $("surface-range").addEventListener("change", (e) => {
      this.half = e.target.value === "auto" ? null : Number(e.target.value);
      this.refit();
    });
    for (const [i, id] of [[0, "surface-a"], [1, "surface-b"]]) {
      $(id).addEventListener("change", (e) => {
        const p = this.options[Number(e.target.value)];
        this.choose(i, p);
      });
    }
    $("surface-cut-param").addEventListener("click", () => {
      this.cutParam = 1 - this.cutParam;
      app.redraw();
    });
  }

  /** A new Playground: a new Surface on it with the default pair. */
  rebuild() {
    this.surface?.free();
    this.surface = new Surface(this.app.session.pg);
    const sizes = this.app.session.model.sizes;
    this.options = [];
    for (let l = 1; l < sizes.length; l++) {
      for (let j = 0; j < sizes[l]; j++) {
        for (let k = 0; k < sizes[l - 1]; k++) this.options.push({ kind: "weight", l, j, k });
        this.options.push({ kind: "bias", l, j });
      }
    }
    const count = this.options.length;
    this.$("surface-note").textContent = `A slice: C as a function of 2 of the network's ${count} parameters, the other ${count - 2} held where they are now — the full cost surface has ${count} dimensions.`;
    for (const id of ["surface-a", "surface-b"]) {
      const select = this.$(id);
      select.replaceChildren(...this.options.map((p, i) => new Option(paramName(p), i)));
    }
    this.setParams(Array.from(this.surface.params()));
  }

  setParams(params) {
    this.params = params;
    this.trail = [];
    this.dirtySurface = true;
    ["surface-a", "surface-b"].forEach((id, i) => {
      this.$(id).value = String(this.options.findIndex((p) => key(p) === key(params[i])));
    });
    if (this.active) this.app.views.network.selected = this.params;
    if (this.half !== null) this.refit();
    this.app.redraw();
  }

  /** Put parameter p in slot i (0 = A, 1 = B). */
  choose(i, p) {
    if (!p || key(p) === key(this.params[1 - i])) {
      this.setParams(this.params); // same as the other axis: keep the pair, reset the pickers
      return;
    }
    const pair = i === 0 ? [p, this.params[1]] : [this.params[0], p];
    if (!this.app.guard(() => this.surface.select(pair[0], pair[1]))) return;
    this.setParams(pair);
  }

  /** A click in the network view: replace the older of the two choices. */
  select(p) {
    if (!this.active || !this.surface || this.params.some((q) => key(q) === key(p))) return;
    this.choose(this.pickNext, p);
    this.pickNext = 1 - this.pickNext;
  }

  refit() {
    this.app.guard(() => this.surface.fit(this.half ?? undefined));
    this.dirtySurface = true;
    this.app.redraw();
  }

  /** Called by main.js's loop for every frame it draws. */
  frame(now) {
    const app = this.app;
    const on = app.store.get("mode") === "surface";
    if (!on || !this.surface) {
      if (this.active && app.views.network.selected === this.params) app.views.network.selected = [];
      this.active = false;
      return;
    }
    if (!this.active) {
      this.active = true;
      app.views.network.selected = this.params;
      queueMicrotask(() => app.redraw()); // the network was drawn before this hook ran
    }
    let point;
    if (!app.guard(() => (point = this.surface.point()))) return;
    // The descent path: one (p_A, p_B) per frame in which training moved.
    const iterations = app.session.pg.iterations();
    if (iterations < this.lastIterations) this.trail = []; // reset
    if (iterations !== this.lastIterations) {
      this.trail.push({ a: point.a, b: point.b, c: point.cost });
      if (this.trail.length > MAX_TRAIL) this.trail = this.trail.filter((_, i) => i % 2 === 0);
    }
    this.lastIterations = iterations;
    const [minA, maxA, minB, maxB] = this.surface.range();
    const margin = 0.04;
    const inside = (v, lo, hi) => v >= lo + (hi - lo) * margin && v <= hi - (hi - lo) * margin;
    if (!this.dragging && !(inside(point.a, minA, maxA) && inside(point.b, minB, maxB))) {
      app.guard(() => this.surface.fit(this.half ?? undefined));
      this.dirtySurface = true;
    }
    if (this.dirtySurface || (iterations !== this.lastComputeIterations && now - this.lastCompute > RECOMPUTE_MS)) {
      this.compute(now, iterations);
    }
    this.render(point);
  }

  compute(now, iterations) {
    let extent;
    if (!this.app.guard(() => (extent = this.surface.compute()))) return;
    const surface = this.surface;
    const views = this.views;
    const info = {
      // A zero-copy view of the core's grid, rebuilt if wasm memory grew since.
      get grid() {
        return views.f32("grid", surface.gridPtr(), surface.gridLen());
      },
      res: surface.resolution(),
      range: Array.from(surface.range()),
      ...extent,
    };
    this.heatmap.setSurface(info);
    this.view3d.setSurface(info);
    renderLegend(this.$("surface-legend"), extent.min, extent.max);
    this.dirtySurface = false;
    this.lastCompute = now;
    this.lastComputeIterations = iterations;
  }

  render(point) {
    const names = this.params.map(paramName);
    this.heatmap.render({ point, trail: this.trail, names });
    this.view3d.render({ point, trail: this.trail, names });
    const i = this.cutParam;
    if (this.app.guard(() => this.surface.computeCut(i))) {
      const cut = this.views.f32("cut", this.surface.cutPtr(), this.surface.cutLen());
      const range = this.surface.range();
      this.cut.render({
        cut, lo: range[2 * i], hi: range[2 * i + 1], name: names[i],
        value: i ? point.b : point.a, cost: point.cost, slope: i ? point.gradB : point.gradA,
      });
    }
    const $ = this.$;
    $("surface-cut-param").textContent = `${names[i]} (switch to ${names[1 - i]})`;
    $("surface-cost").textContent = fmt(point.cost, 4);
    $("surface-ga-name").textContent = `∂C/∂${names[0]}`;
    $("surface-gb-name").textContent = `∂C/∂${names[1]}`;
    $("surface-ga").textContent = fmt(point.gradA, 3);
    $("surface-gb").textContent = fmt(point.gradB, 3);
    $("surface-step").textContent = fmt(point.stepLength, 3);
    $("surface-eta").textContent = fmt(point.eta, 3);
  }
}

/** Mount the panel into #surface-panel and hook it into the app's loop. */
export function mount(app) {
  const root = document.getElementById("surface-panel");
  if (!root) return null;
  const panel = new SurfacePanel(app, root);
  app.views.surface = panel; // for the browser tests
  app.onRebuild.push(() => panel.rebuild());
  app.onSelect.push((p) => panel.select(p));
  app.onFrame.push(({ now }) => panel.frame(now));
  return panel;
}
