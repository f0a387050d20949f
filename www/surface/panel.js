// The "Cost surface" panel: C of the live network as a function of two of its parameters, every
// other parameter held. Wiring only: the core's Surface computes the grid, the cut, C and ∇C in
// a Web Worker (surface/worker.js, on the extras module), so the page's thread only draws. The
// panel posts the network of the moment (Network.toJSON()), the training set, the pair, the
// range and η; at most one request is in flight, the next one carries the latest network, and
// an answer to an older question (another pair, range or playground) is dropped. Mounted once by
// main.js; it lives in #surface-panel. Its training examples come from the session.

import { createWorker, workerWasm } from "./source.js";
import { paramName, fmt } from "../lib/notation.js";
import { SurfaceHeatmap, renderLegend, CONTOURS } from "./heatmap.js";
import { Surface3D } from "./view3d.js";
import { SurfaceCut } from "./cut.js";
import { pixelRatio, figureGeneration } from "../lib/canvas.js";

const RECOMPUTE_MS = 300; // while training, the grid is recomputed at most ~3 times a second
const MAX_TRAIL = 4000;
const RANGES = [["auto", null], ["± 0.5", 0.5], ["± 1", 1], ["± 2", 2], ["± 4", 4], ["± 8", 8]];
const LOADING = "Computing the cost surface…";

const key = (p) => `${p.kind} ${p.l} ${p.j} ${p.kind === "weight" ? p.k : ""}`;

const HTML = `
  <h2 id="surface-title">Cost surface</h2>
  <p class="surface-note" id="surface-note"></p>
  <p class="error" id="surface-status" role="alert" hidden></p>
  <div class="surface-pick">
    <label><span class="tag a">A</span><select id="surface-a" aria-label="Parameter A"></select></label>
    <label><span class="tag b">B</span><select id="surface-b" aria-label="Parameter B"></select></label>
    <label>Range <select id="surface-range" aria-label="Range"></select></label>
  </div>
  <p class="hint">Click weights or neurons (biases) in the network to choose them · drag the yellow point</p>
  <div class="surface-views">
    <div><canvas id="surface-heatmap" tabindex="0" role="img" aria-label="Cost over the two parameters, seen from above; drag to move the point, or focus it and use the arrow keys (Shift: finer)"></canvas>
      <canvas id="surface-legend" class="surface-legend" role="img" aria-label="Colour legend of the cost C"></canvas></div>
    <div><canvas id="surface-3d" role="img" aria-label="The cost surface in 3-D; drag to rotate"></canvas>
      <p class="hint">drag to rotate</p></div>
  </div>
  <div class="surface-cut-head"><span class="caption">1-D cut along</span>
    <button type="button" id="surface-cut-param" title="Cut along the other parameter"></button></div>
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
    root.innerHTML = HTML;
    const $ = (id) => root.querySelector(`#${id}`);
    this.$ = $;
    this.params = null; // [p_A, p_B]; null: the core's default pair, which the next answer names
    this.range = null; // [minA, maxA, minB, maxB]; null: the next request fits it
    this.half = null; // range half-width, null = auto
    this.cutParam = 0;
    this.trail = [];
    this.pickNext = 0; // which of A, B the next click in the network replaces
    this.options = [];
    this.examples = null; // { xs, ys, count } of the training set, sent with each request
    // The worker and the requests.
    this.worker = null;
    this.failure = null; // why the surface cannot be shown (the worker or its wasm failed)
    this.generation = 0; // bumped when the pair, the range or the playground changes
    this.nextId = 1;
    this.inFlight = null; // the request waiting for its answer
    this.sentKey = null; // what the last request was about
    this.refusedKey = null; // what the core last refused: not asked again until something changes
    this.refusal = null; // the core's message for it
    this.gridDue = true;
    this.lastGridAt = -Infinity; // when the last grid was asked for
    this.lastGrid = null; // the grid drawn: { grid, res, range, min, max, argminA, argminB, ms, contours }
    this.grids = 0; // grids received (for the tests)
    this.gridIterations = -1; // the iterations of the grid shown
    this.answer = null; // the last answer accepted: { point, cut, cutParam, range, params, … }
    this.lastTrailIterations = -1;
    this.active = false;
    this.dragging = false;
    this.heatmap = new SurfaceHeatmap($("surface-heatmap"), {
      onDragStart: () => {
        this.dragging = true;
        app.setPlaying(false);
        this.trail = [];
      },
      onDrag: (a, b) => {
        if (app.guard(() => this.setValues(a, b))) app.clearError();
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

  // ---- the worker -------------------------------------------------------------------------------

  /** Starts the worker the first time the tab is shown (pages that never open it fetch nothing). */
  startWorker() {
    if (this.worker || this.failure) return;
    try {
      this.worker = createWorker();
    } catch (e) {
      this.fail(`the surface worker could not be started (${e.message})`);
      return;
    }
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.fail(e.message ? `the surface worker failed: ${e.message}` : "the surface worker (www/surface/worker.js) could not be loaded");
    };
    this.worker.onmessageerror = () => this.fail("the surface worker sent a message that could not be read");
    this.worker.postMessage({ type: "load", wasm: workerWasm() });
  }

  /** The surface cannot be shown: say why, in the panel and on its canvases. */
  fail(why) {
    this.failure = `The cost surface could not be computed: ${String(why).replace(/\.+$/, "")}.`;
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = null;
    const status = this.$("surface-status");
    status.textContent = this.failure;
    status.hidden = false;
    this.app.redraw();
  }

  receive(data) {
    if (data.type === "ready") return;
    if (data.type === "failed") {
      this.fail(data.message);
      return;
    }
    if (this.inFlight && data.id === this.inFlight.id) this.inFlight = null;
    if (data.type === "error") {
      // The core refused the request (its message says why); it is not sent again unchanged.
      if (data.generation === this.generation) {
        this.refusedKey = this.sentKey;
        this.refusal = data.message; // drawn in place of a surface there is none of yet
        this.app.showError(data.message);
      }
      this.app.redraw();
      return;
    }
    if (data.type !== "surface") return;
    this.app.redraw(); // a frame to draw the answer, or to ask the next question
    if (data.generation !== this.generation) return; // about an older pair, range or playground
    this.accept(data);
  }

  accept(answer) {
    this.answer = answer;
    this.refusal = null;
    this.range = answer.range;
    if (!this.params) this.setParams(answer.params, { keep: true });
    if (answer.grid) {
      const info = {
        grid: answer.grid,
        res: answer.resolution,
        range: answer.range,
        min: answer.min,
        max: answer.max,
        argminA: answer.argminA,
        argminB: answer.argminB,
        ms: answer.gridMs,
        contours: answer.contours,
      };
      this.lastGrid = info;
      this.grids++;
      this.heatmap.setSurface(info);
      renderLegend(this.$("surface-legend"), answer.min, answer.max);
      this.gridIterations = answer.iterations;
      // The grid's colours, contours and axes are drawn into the heatmap's layer now, in this
      // message's task, so the next frame's task (training and every view) only copies them.
      if (this.active) this.heatmap.prepare(this.params.map(paramName));
      // The 3-D mesh is drawn a part per frame (frame() steps it); the frames until it is
      // complete show the last one. A newer grid, or forget(), replaces it.
      if (this.active) this.view3d.stage(info);
      else this.view3d.setSurface(info); // drawn when the tab is shown
    }
    // The descent path: one (p_A, p_B, C) per answer in which training had moved.
    const { point, iterations } = answer;
    if (iterations < this.lastTrailIterations) this.trail = []; // a reset
    if (iterations !== this.lastTrailIterations && !this.dragging) {
      this.trail.push({ a: point.a, b: point.b, c: point.cost });
      if (this.trail.length > MAX_TRAIL) this.trail = this.trail.filter((_, i) => i % 2 === 0);
    }
    this.lastTrailIterations = iterations;
  }

  /** What a request now would be about; a new request goes out when this changes. */
  currentKey() {
    const [a, b] = this.params ? this.values() : [NaN, NaN];
    const eta = this.app.store.get("learningRate");
    return `${this.generation}|${this.app.session.pg.iterations()}|${a}|${b}|${eta}|${this.cutParam}|${this.app.session.trainCount}`;
  }

  /**
   * The request due now, `{ key, grid }`, or null: a new question (key) or a grid to redo — at
   * once when the pair, the range or the playground changed or training paused, and at most
   * every RECOMPUTE_MS while training.
   */
  due(now) {
    const key = this.currentKey();
    if (key === this.refusedKey) return null;
    const moved = this.app.session.pg.iterations() !== this.gridIterations;
    const grid = this.gridDue || this.range === null || (moved && (!this.app.playing || now - this.lastGridAt >= RECOMPUTE_MS));
    return grid || key !== this.sentKey ? { key, grid } : null;
  }

  /** True when what is drawn answers the network as it is now (for the tests). */
  get settled() {
    return !this.failure && !this.inFlight && this.answer?.generation === this.generation && this.due(Infinity) === null &&
      this.view3d.surface === this.lastGrid;
  }

  /** Posts a request if one is due and none is in flight. */
  request(now) {
    if (!this.worker || this.inFlight) return;
    const due = this.due(now);
    if (!due) return;
    try {
      this.post(now, due);
    } catch (e) {
      this.refusedKey = due.key;
      this.app.showError(e);
    }
  }

  post(now, { key: k, grid: gridNow }) {
    const app = this.app;
    const iterations = app.session.pg.iterations();
    const net = app.session.net;
    if (!this.examples || this.examples.count !== app.session.trainCount || this.examples.pg !== app.session.pg) {
      const count = app.session.trainCount;
      const { xs, ys } = app.session.trainingExamples(Uint32Array.from({ length: count }, (_, i) => i));
      this.examples = { xs, ys, count, pg: app.session.pg };
    }
    const request = {
      type: "compute",
      id: this.nextId++,
      generation: this.generation,
      iterations,
      network: net.toJSON(),
      inputs: this.examples.xs,
      targets: this.examples.ys,
      params: this.params,
      range: this.range,
      half: this.half,
      grid: gridNow,
      contours: CONTOURS,
      cut: this.cutParam,
      eta: app.store.get("learningRate"),
    };
    this.sentKey = k;
    this.inFlight = request;
    if (gridNow) {
      this.gridDue = false;
      this.lastGridAt = now;
    }
    this.worker.postMessage(request);
  }

  // ---- the pair, the range, the point -----------------------------------------------------------

  /** A new Playground: the options of its network, and the core's default pair (next answer). */
  rebuild() {
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
    this.examples = null;
    this.params = null;
    this.forget({ clear: true });
  }

  /**
   * The pair, the range or the playground changed: a new question, with the range fitted again;
   * answers in flight no longer count. `clear`: what is drawn no longer applies either (another
   * pair or network), so the views wait for the answer; otherwise they keep the last one.
   */
  forget({ clear = false } = {}) {
    this.generation++;
    this.range = null;
    this.gridDue = true;
    this.refusedKey = null;
    this.refusal = null;
    if (clear) {
      this.trail = [];
      this.answer = null;
      this.lastGrid = null;
      this.heatmap.setSurface(null);
      this.view3d.setSurface(null);
      renderLegend(this.$("surface-legend"), NaN, NaN); // cleared
    }
    this.app.redraw();
  }

  /** `keep`: the pair the worker just named (its range is the answer's). */
  setParams(params, { keep = false } = {}) {
    this.params = params;
    ["surface-a", "surface-b"].forEach((id, i) => {
      this.$(id).value = String(this.options.findIndex((p) => key(p) === key(params[i])));
    });
    if (this.active) this.app.views.network.selected = this.params;
    if (!keep) this.forget({ clear: true });
    this.app.redraw();
  }

  /** Put parameter p in slot i (0 = A, 1 = B). */
  choose(i, p) {
    if (!this.params) return; // the default pair is not known yet
    if (!p || key(p) === key(this.params[1 - i])) {
      this.setParams(this.params, { keep: true }); // same as the other axis: keep the pair, reset the pickers
      return;
    }
    this.setParams(i === 0 ? [p, this.params[1]] : [this.params[0], p]);
  }

  /** A click in the network view: replace the older of the two choices. */
  select(p) {
    if (!this.active || !this.params || this.params.some((q) => key(q) === key(p))) return;
    this.choose(this.pickNext, p);
    this.pickNext = 1 - this.pickNext;
  }

  refit() {
    this.forget();
  }

  /** The value of parameter p in the page's network. */
  value(p) {
    const net = this.app.session.net;
    return p.kind === "weight" ? net.getWeight(p.l, p.j, p.k) : net.getBias(p.l, p.j);
  }

  setValue(p, v) {
    const net = this.app.session.net;
    if (p.kind === "weight") net.setWeight(p.l, p.j, p.k, v);
    else net.setBias(p.l, p.j, v);
  }

  /** `[p_A, p_B]` now, read from the page's network. */
  values() {
    return this.params.map((p) => this.value(p));
  }

  /** Sets p_A and p_B in the page's network (dragging the point): both or neither. */
  setValues(a, b) {
    const [pa, pb] = this.params;
    const before = this.value(pa);
    this.setValue(pa, a);
    try {
      this.setValue(pb, b);
    } catch (e) {
      this.setValue(pa, before);
      throw e;
    }
  }

  // ---- each frame -------------------------------------------------------------------------------

  /** Called by main.js's loop for every frame it draws. */
  frame(now) {
    const app = this.app;
    const on = app.store.get("mode") === "surface";
    if (!on) {
      if (this.active && app.views.network.selected === this.params) app.views.network.selected = [];
      this.active = false;
      this.view3d.step(0, 0); // a mesh being drawn: its grid is shown, drawn when the tab is shown again
      return;
    }
    if (!this.active) {
      this.active = true;
      this.gridDue = true; // the other parameters may have moved while the tab was hidden
      if (this.params) app.views.network.selected = this.params;
      this.startWorker();
      queueMicrotask(() => app.redraw()); // the network was drawn before this hook ran
    }
    // The point left the range (training or a drag moved it): fit the range around it again.
    const point = this.answer?.generation === this.generation ? this.answer.point : null;
    if (point && !this.dragging) {
      const [minA, maxA, minB, maxB] = this.answer.range;
      const margin = 0.04;
      const inside = (v, lo, hi) => v >= lo + (hi - lo) * margin && v <= hi - (hi - lo) * margin;
      if (!(inside(point.a, minA, maxA) && inside(point.b, minB, maxB))) this.forget();
    }
    if (!this.failure) this.request(now);
    this.view3d.step(); // the next part of a new grid's mesh, if one is being drawn
    if (this.view3d.staged) app.redraw(); // and a frame for its next part (a paused page draws none)
    this.render();
  }

  render() {
    const answer = this.answer;
    const point = answer?.point ?? null;
    const message = this.failure ?? this.refusal ?? LOADING;
    const names = this.params ? this.params.map(paramName) : ["A", "B"];
    // The same answer, trail, pair, angle and sizes draw the same pictures and texts: a frame
    // between two answers of the worker leaves the three canvases and the figures as they are.
    const { heatmap, view3d, cut } = this;
    const boxes = [heatmap.canvas, view3d.canvas, cut.canvas].map((c) => `${c.clientWidth}×${c.clientHeight}`).join(" ");
    const key = `${boxes} ${pixelRatio()} ${figureGeneration()} ${message} ${names.join(" | ")} ${this.cutParam} ` +
      `${heatmap.version} ${view3d.version} ${view3d.yaw} ${view3d.pitch} ${this.trail.length} ${point ? "" : this.app.store.get("learningRate")}`;
    const trailEnd = this.trail.at(-1);
    if (key === this.drawn?.key && answer === this.drawn.answer && this.trail === this.drawn.trail && trailEnd === this.drawn.trailEnd) return;
    this.drawn = { key, answer, trail: this.trail, trailEnd };
    this.draws = (this.draws ?? 0) + 1; // how often it was drawn (read by tests)
    this.heatmap.render({ point, trail: this.trail, names, message });
    this.view3d.render({ point, trail: this.trail, names, message });
    const i = answer ? answer.cutParam : this.cutParam;
    if (answer) {
      const range = answer.range;
      this.cut.render({
        cut: answer.cut, lo: range[2 * i], hi: range[2 * i + 1], name: names[i],
        value: i ? point.b : point.a, cost: point.cost, slope: i ? point.gradB : point.gradA,
      });
    } else this.cut.render({ cut: null, message });
    const $ = this.$;
    const shown = (v, digits) => (point ? fmt(v, digits) : "—");
    const set = (id, text) => {
      const el = $(id);
      if (el.textContent !== text) el.textContent = text; // an unchanged text is not laid out again
    };
    set("surface-cut-param", `${names[this.cutParam]} (switch to ${names[1 - this.cutParam]})`);
    set("surface-cost", shown(point?.cost, 4));
    set("surface-ga-name", `∂C/∂${names[0]}`);
    set("surface-gb-name", `∂C/∂${names[1]}`);
    set("surface-ga", shown(point?.gradA, 3));
    set("surface-gb", shown(point?.gradB, 3));
    set("surface-step", shown(point?.stepLength, 3));
    set("surface-eta", fmt(point ? point.eta : this.app.store.get("learningRate"), 3));
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
