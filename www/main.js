// Wiring only: wasm → store → session → views, and the one requestAnimationFrame loop.
// All math happens in Rust (www/pkg/backprop_lab.js); views read wasm memory through typed arrays.

import init, { Playground, defaults, names } from "./pkg/backprop_lab.js";
import { makeTable, Store, fitActivations, playgroundConfig, settleValues } from "./app/store.js";
import { decodeHash, validateValue, summarizeNotices } from "./lib/hash.js";
import { Session } from "./app/session.js";
import { Controls } from "./playground/controls.js";
import { LayerControls } from "./playground/layer-controls.js";
import { DatasetPicker } from "./playground/dataset-previews.js";
import { NetworkView } from "./widgets/network-view.js";
import { HeatmapView } from "./widgets/heatmap-view.js";
import { LossChart } from "./playground/loss-chart.js";
import { MetricsView } from "./playground/metrics-view.js";
import { ModeTabs } from "./app/modes.js";
import { mountDigits } from "./digits/scene.js";
import { mountBackprop } from "./backprop/mode.js";
import { mount as mountSurface } from "./surface/panel.js";
import { mountSaveLoad } from "./app/save-load.js";
import { mountShareDialog } from "./app/share-dialog.js";

const TRAIN_BUDGET_MS = 8; // training time per animation frame: the page never freezes
const $ = (id) => document.getElementById(id);

const wasm = await init().catch((e) => {
  $("error").textContent = `⚠ Could not load the WebAssembly core (www/pkg/): ${e.message}. Run \`cargo xtask build\`.`;
  $("error").hidden = false;
  throw e;
});
const D = defaults();
const N = names();
const table = makeTable(D, N);
const DEFAULT_VALUES = fitActivations(decodeHash("", table).values, D.activation);

/** The core's message for a set of store values it refuses, or null: a small Playground is built and freed. */
function refusal(values) {
  try {
    new Playground(playgroundConfig(values, 2)).free();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * What a link asks for, less each part the table or the core refuses: { values, notices }, a
 * notice naming every part left out (the rest of the link still applies). Never throws.
 */
function readLink(hash) {
  const { values, given, notices } = decodeHash(hash, table);
  const settled = settleValues(fitActivations(values, D.activation), DEFAULT_VALUES, given, refusal, table, D.activation);
  return { values: settled.values, notices: [...notices, ...settled.notices] };
}

const link = readLink(location.hash);
const store = new Store(table, link.values);
const notices = link.notices;
const session = new Session(wasm, Playground);

// ---- UI state that is not in the URL ------------------------------------------------------------
let playing = false;
let needEval = true; // grid + metrics must be recomputed
let dirty = true; // something must be redrawn
let forceText = true; // write the metrics text now, not on its timer
let hovered = null; // the data point whose forward pass is shown
let hoveredX = new Float32Array(2);
let pointLabel = 1;

// ---- messages -------------------------------------------------------------------------------
function showError(e) {
  const msg = e instanceof Error ? e.message : String(e);
  $("error").textContent = `⚠ ${msg}`;
  $("error").hidden = false;
  setPlaying(false);
}
function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}
function showNotices(list) {
  $("notice-text").textContent = list.join(" · ");
  $("notice").hidden = list.length === 0;
}
$("notice-close").addEventListener("click", () => showNotices([]));

// ---- state changes ----------------------------------------------------------------------------
const LABELS = Object.fromEntries(table.map((r) => [r.field, r.label]));

/** Apply a patch from a control: check it with the hash table, then hand it to Rust. */
function change(patch) {
  if ("activationAll" in patch) patch = { activations: store.get("activations").map(() => patch.activationAll) };
  const fields = Object.keys(patch);
  const next = fitActivations({ ...store.values, ...patch }, D.activation);
  if ("hidden" in patch) patch = { ...patch, activations: next.activations };
  for (const f of fields) {
    const problem = validateValue(table.find((r) => r.field === f), next[f]);
    if (problem || (typeof next[f] === "number" && !Number.isFinite(next[f]))) {
      controls.markInvalid(fields, true);
      showError(`${LABELS[f]} ${problem || "must be a number"} — kept ${JSON.stringify(store.get(f))}`);
      return;
    }
  }
  try {
    const rebuilt = session.apply(patch, next, configOf(next));
    if (rebuilt) afterRebuild();
  } catch (e) {
    controls.markInvalid(fields, true);
    showError(e);
    return;
  }
  controls.markInvalid(fields, false);
  clearError();
  store.set(patch);
  needEval = dirty = forceText = true;
}

function configOf(values) {
  return playgroundConfig(values, D.gridResolution);
}

function afterRebuild() {
  const { train, test } = session.points();
  views.network.setModel(session.model);
  views.heatmap.setModel(session.model);
  views.heatmap.setPoints(train, test);
  views.chart.clear();
  hovered = null;
  if (!session.model.isRegression) pointLabel = Math.min(Math.round(pointLabel), session.model.outputs === 1 ? 1 : session.model.outputs - 1);
  needEval = dirty = forceText = true;
  for (const f of app.onRebuild) f();
}

function setPlaying(p) {
  playing = p;
  dirty = forceText = true;
}

store.subscribe(() => history.replaceState(null, "", `#${store.toHash()}`));
window.addEventListener("hashchange", () => {
  try {
    const { values, notices: bad } = readLink(location.hash);
    showNotices(summarizeNotices(bad));
    // Apply only what the new hash changes: a new learning rate keeps the trained network, a new
    // data set or shape builds a new one (a slide changing one attribute loses nothing else).
    const patch = Object.fromEntries(Object.entries(values).filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(store.get(f))));
    if (Object.keys(patch).length) change(patch);
  } catch (e) {
    showError(e);
  }
  // The address shows the state in use, without the parts that were left out.
  history.replaceState(null, "", `#${store.toHash()}`);
});

// ---- views --------------------------------------------------------------------------------------
const controls = new Controls(document, N, {
  onChange: change,
  onPlay: () => {
    if (!playing) clearError(); // a new attempt: a stale message would mislead
    setPlaying(!playing);
  },
  onStep: () => {
    setPlaying(false);
    if (guard(() => session.step())) clearError();
    needEval = true;
  },
  onReset: () => {
    setPlaying(false);
    if (guard(() => session.reset())) clearError();
    views.chart.clear();
    needEval = true;
  },
  onNewSeed: () => change({ seed: Math.floor(Math.random() * 1e6) }),
  onClearPoints: () => change({ customPoints: [] }),
  onPickClass: (label) => {
    pointLabel = label;
    dirty = true;
  },
});
const modeTabs = new ModeTabs($("modes"), (mode) => {
  store.set({ mode });
  dirty = true;
});
const layerControls = new LayerControls($("layer-controls"), $("network"), N, { onChange: change });
const datasetPicker = new DatasetPicker($("datasets"), N.datasets, (cfg) => new Playground({ seed: 1, ...cfg }), (name) => change({ dataset: name }));

const views = {
  network: new NetworkView($("network"), $("weight-tip"), {
    onDragStart: () => setPlaying(false),
    onWeightDrag: (l, j, k, w) => {
      guard(() => session.setWeight(l, j, k, w));
      needEval = true;
    },
    onDragEnd: () => (dirty = true),
    onSelect: (param) => {
      for (const f of app.onSelect) f(param);
      dirty = true;
    },
    onHoverNeuron: (neuron) => {
      for (const f of app.onHoverNeuron) f(neuron);
    },
  }),
  heatmap: new HeatmapView($("heatmap"), {
    onAddPoint: (x, y) => {
      const round = (v) => Math.round(v * 1000) / 1000; // what the URL keeps is what Rust gets
      const p = [round(x), round(y), pointLabel];
      if (!guard(() => session.addPoint(...p))) return;
      clearError();
      store.set({ customPoints: [...store.get("customPoints"), ...p] });
      const { train, test } = session.points();
      views.heatmap.setPoints(train, test);
      needEval = true;
    },
    onHoverPoint: (p) => {
      hovered = p;
      if (p) hoveredX = new Float32Array([p.x, p.y]);
      dirty = true;
    },
  }),
  chart: new LossChart($("loss-chart")),
  metrics: new MetricsView(document),
};

/** Run a wasm call; show its Error (and pause) instead of throwing. Returns success. */
function guard(f) {
  try {
    f();
    return true;
  } catch (e) {
    showError(e);
    needEval = true;
    return false;
  }
}

// Keyboard: space plays/pauses, → steps, R resets — not in a text field, a select or a dialog,
// not on a button's own Space/Enter, and never with a modifier (browser and slide-deck keys).
document.addEventListener("keydown", (e) => {
  const t = e.target;
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
  if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
  if (t instanceof HTMLElement && (t.isContentEditable || t.closest("dialog"))) return;
  if (t instanceof HTMLButtonElement && (e.key === " " || e.key === "Enter")) return;
  if (e.key === " ") {
    e.preventDefault();
    $("play").click();
  } else if (e.key === "ArrowRight") $("step").click();
  else if (e.key === "r" || e.key === "R") $("reset").click();
});

// ---- the one animation loop ---------------------------------------------------------------------
// Main-thread time of the last frames' work (ms), read by `cargo xtask bench`.
const frameWork = [];
function frame(now) {
  requestAnimationFrame(frame);
  const t0 = performance.now();
  drawFrame(now);
  frameWork.push(performance.now() - t0);
  if (frameWork.length > 600) frameWork.splice(0, 300);
}

function drawFrame(now) {
  if (playing) {
    const batches = session.batchesPerFrame(store.get("speed"), store.get("batchSize"));
    guard(() => session.trainFor(TRAIN_BUDGET_MS, batches));
    needEval = true;
  }
  let gridFresh = false;
  if (needEval) {
    guard(() => session.evaluate());
    const snap = session.snapshot();
    views.chart.push(snap.iterations, snap.metrics);
    needEval = false;
    gridFresh = dirty = true;
  }
  if (!dirty) return;
  if (hovered) guard(() => session.forward(hoveredX));
  const values = store.values;
  views.network.render({ hovered, cost: session.metrics.trainLoss, gridFresh });
  views.heatmap.render({ showTest: values.showTest, gridFresh });
  views.chart.render();
  views.metrics.render(session.snapshot(), now, forceText || !playing);
  controls.render(values, { playing, outputs: session.model.outputs, isRegression: session.model.isRegression, pointLabel });
  layerControls.render(values, D.activation);
  datasetPicker.render(values.dataset);
  modeTabs.render(values.mode);
  for (const f of app.onFrame) f({ now, gridFresh, playing });
  dirty = playing;
  forceText = false;
}

// ---- extension point for the other panels ---------------------------------------------------
// Each panel (backprop stepper, cost surface, digits, …) is a module exporting mount(app) that
// registers hooks here; main.js only imports it and calls mount once, below.
const app = {
  session, store, views, wasm, table, defaults: D, names: N,
  guard, showError, clearError, showNotices,
  /** Parameters changed outside training (a drag, a nudge): re-evaluate and redraw. */
  invalidate() {
    needEval = dirty = true;
  },
  redraw() {
    dirty = true;
  },
  setPlaying,
  get playing() {
    return playing;
  },
  onRebuild: [], // () after a new Playground (data or shape) replaces the old one
  onFrame: [], // ({ now, gridFresh, playing }) every frame something was drawn
  onSelect: [], // (param) a click on a weight { kind: "weight", l, j, k } or a neuron { kind: "bias", l, j }
  onHoverNeuron: [], // ({ l, j }) the pointer moved onto a neuron of the network view
};
mountBackprop(app);
mountDigits(app);
mountSurface(app);
app.files = mountSaveLoad(app); // Save / Load / Export as PyTorch
app.share = mountShareDialog(app);

// ---- start ----------------------------------------------------------------------------------
try {
  session.build(configOf(store.values));
} catch (e) {
  // readLink left out every setting the core refused, so this is a last resort (the full-size
  // grid could not be allocated, say): Rust's defaults, and a notice saying so.
  notices.push(`Could not use the link's settings (${e.message}) — using the defaults`);
  store.set(DEFAULT_VALUES);
  session.build(configOf(store.values));
}
afterRebuild();
showNotices(summarizeNotices(notices));
history.replaceState(null, "", `#${store.toHash()}`);
new ResizeObserver(() => (dirty = true)).observe(document.body);
requestAnimationFrame(frame);

// Test hook: the browser tests (tests/browser/) read the live objects through this.
window.backpropLab = {
  frameWork,
  get pg() { return session.pg; },
  get net() { return session.net; },
  state: store,
  wasm,
  views,
  app,
  get playing() { return playing; },
};
