// The page around the panels: the link → store → session wiring, the playground's own views and
// controls, the messages, and the `app` object every panel's mount…(app) receives. main.js boots
// it; the one loop (app/loop.js) calls its frame task; app/commands.js routes the page's commands.
// All math happens in Rust; the session (app/session.js, opened by main.js) owns every wasm
// handle and is the page's only way to the wasm module.

import { makeTable, Store, fitActivations, playgroundConfig, settleValues } from "./store.js";
import { decodeHash, validateValue, summarizeNotices } from "../lib/hash.js";
import { Loop } from "./loop.js";
import { Commands } from "./commands.js";
import { installKeys } from "./keys.js";
import { ModeTabs } from "./modes.js";
import { Controls } from "../playground/controls.js";
import { LayerControls } from "../playground/layer-controls.js";
import { DatasetPicker } from "../playground/dataset-previews.js";
import { NetworkView } from "../widgets/network-view.js";
import { HeatmapView } from "../widgets/heatmap-view.js";
import { LossChart } from "../playground/loss-chart.js";
import { MetricsView } from "../playground/metrics-view.js";

const TRAIN_BUDGET_MS = 8; // training time per animation frame: the page never freezes

/**
 * Build the page's app around its session (app/session.js: openSession()).
 * @param {{ session: import("./session.js").Session }} core
 */
export function createApp({ session }) {
  const $ = (id) => document.getElementById(id);
  const wasm = session.wasm;
  const D = session.defaults();
  const N = session.names();
  const table = makeTable(D, N, session.limits());
  const DEFAULT_VALUES = fitActivations(decodeHash("", table).values, D.activation);

  /** The core's message for a set of store values it refuses, or null (the session builds and frees a small Playground). */
  const refusal = (values) => session.refusal(playgroundConfig(values, 2));

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
  const loop = new Loop();
  const commands = new Commands(loop, store);

  // ---- UI state that is not in the URL ------------------------------------------------------
  let forceText = true; // write the metrics text now, not on its timer
  let uiDirty = true; // the DOM controls must show the store again (on change only, never per frame)
  let heatmapStale = true; // a grid was evaluated while the heatmap was not shown
  let networkStale = true; // … or while the network view was not shown
  let hovered = null; // the data point whose forward pass is shown
  let hoveredX = new Float32Array(2);
  let pointLabel = 1;
  const training = () => loop.playingView === "playground";

  // ---- messages -----------------------------------------------------------------------------
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

  /** Run a wasm call; show its Error (and pause) instead of throwing. Returns success. */
  function guard(f) {
    try {
      f();
      return true;
    } catch (e) {
      showError(e);
      loop.needEval = true;
      return false;
    }
  }

  // ---- state changes ------------------------------------------------------------------------
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
    loop.invalidate();
    forceText = true;
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
    loop.invalidate();
    forceText = uiDirty = true;
    for (const f of app.onRebuild) f();
  }

  /** The playground's training on or off (the header's Play; a drag, an error or a load stops it). */
  function setPlaying(p) {
    if (p) commands.play("playground");
    else if (training()) commands.pause();
  }

  store.subscribe(() => {
    uiDirty = true;
    history.replaceState(null, "", `#${store.toHash()}`);
  });
  loop.playListeners.push(() => (forceText = uiDirty = true));
  window.addEventListener("hashchange", () => {
    try {
      const { values, notices: bad } = readLink(location.hash);
      showNotices(summarizeNotices(bad));
      // Apply only what the new hash changes: a new learning rate keeps the trained network, a new
      // data set or shape builds a new one (a slide changing one attribute loses nothing else).
      const patch = Object.fromEntries(Object.entries(values).filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(store.get(f))));
      if ("mode" in patch) {
        commands.setMode(patch.mode);
        delete patch.mode;
      }
      if (Object.keys(patch).length) change(patch);
    } catch (e) {
      showError(e);
    }
    // The address shows the state in use, without the parts that were left out.
    history.replaceState(null, "", `#${store.toHash()}`);
  });

  // ---- the playground's commands (also the Cost surface tab's: it trains the same network) ----
  const trainer = {
    play() {
      clearError(); // a new attempt: a stale message would mislead
      return true;
    },
    step(dir) {
      if (dir < 0) return false; // training cannot be stepped back
      const ok = guard(() => session.step());
      if (ok) clearError();
      loop.needEval = true;
      return ok;
    },
    reset() {
      if (guard(() => session.reset())) clearError();
      views.chart.clear();
      loop.needEval = true;
    },
  };
  commands.register("playground", ["playground", "surface"], trainer);

  // ---- views ----------------------------------------------------------------------------------
  // The header's buttons are the playground's own: in the Backprop tab they still train it.
  const controls = new Controls(document, N, {
    constants: session.optimizerConstants(),
    onChange: change,
    onPlay: () => (training() ? commands.pause() : commands.play("playground")),
    onStep: () => commands.step(1, "playground"),
    onReset: () => commands.reset("playground"),
    onNewSeed: () => change({ seed: Math.floor(Math.random() * 1e6) }),
    onClearPoints: () => change({ customPoints: [] }),
    onPickClass: (label) => {
      pointLabel = label;
      uiDirty = true;
      loop.redraw();
    },
  });
  const modeTabs = new ModeTabs($("modes"), (mode) => commands.setMode(mode));
  const layerControls = new LayerControls($("layer-controls"), $("network"), N, { onChange: change });
  const datasetPicker = new DatasetPicker($("datasets"), N.datasets, (cfg) => session.previewPoints({ seed: 1, ...cfg }), (name) => change({ dataset: name }));

  const views = {
    network: new NetworkView($("network"), $("weight-tip"), {
      onDragStart: () => setPlaying(false),
      onWeightDrag: (l, j, k, w) => {
        guard(() => session.setWeight(l, j, k, w));
        loop.needEval = true;
      },
      onDragEnd: () => loop.redraw(),
      onSelect: (param) => {
        for (const f of app.onSelect) f(param);
        loop.redraw();
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
        loop.needEval = true;
      },
      onHoverPoint: (p) => {
        hovered = p;
        if (p) hoveredX = new Float32Array([p.x, p.y]);
        loop.redraw();
      },
    }),
    chart: new LossChart($("loss-chart")),
    metrics: new MetricsView(document),
  };

  // ---- the playground's frame task ------------------------------------------------------------
  // Trains while the playground plays, re-evaluates when asked, and draws only what the active
  // tab shows: the heatmap and the chart live in the output column (the Playground tab only),
  // the network view in every tab but Digits. The DOM controls are rendered on change only.
  function frame(f) {
    const mode = store.get("mode");
    if (training()) {
      const batches = session.batchesPerFrame(store.get("speed"), store.get("batchSize"));
      guard(() => session.trainFor(TRAIN_BUDGET_MS, batches));
      loop.needEval = true;
    }
    let gridFresh = false;
    if (loop.needEval) {
      guard(() => session.evaluate());
      const snap = session.snapshot();
      views.chart.push(snap.iterations, snap.metrics);
      loop.needEval = false;
      gridFresh = f.dirty = heatmapStale = networkStale = true;
    }
    if (uiDirty) {
      uiDirty = false;
      const values = store.values;
      modeTabs.render(values.mode); // first: the tab sets the layout the layer controls measure
      controls.render(values, { playing: training(), outputs: session.model.outputs, isRegression: session.model.isRegression, pointLabel });
      layerControls.render(values, D.activation);
      datasetPicker.render(values.dataset);
    }
    if (!f.dirty) return;
    if (mode !== "digits") {
      if (hovered) guard(() => session.forward(hoveredX));
      views.network.render({ hovered, cost: session.metrics.trainLoss, gridFresh: networkStale });
      networkStale = false;
      views.metrics.render(session.snapshot(), f.now, forceText || !training());
      forceText = false;
    }
    if (mode === "playground") {
      views.heatmap.render({ showTest: store.get("showTest"), gridFresh: heatmapStale });
      heatmapStale = false;
      views.chart.render();
    }
    for (const hook of app.onFrame) hook({ now: f.now, gridFresh, playing: training() });
  }

  // ---- the app every panel mounts on ----------------------------------------------------------
  // Each panel (backprop stepper, cost surface, digits, …) is a module exporting mount(app) that
  // registers hooks here and its commands with app.commands; main.js calls each mount once.
  const app = {
    session, store, views, wasm, table, defaults: D, names: N, loop, commands,
    guard, showError, clearError, showNotices,
    /** Parameters changed outside training (a drag, a nudge): re-evaluate and redraw. */
    invalidate: () => loop.invalidate(),
    redraw: () => loop.redraw(),
    setPlaying,
    /** Whether the playground trains (its Play is on, in whichever tab). */
    get playing() {
      return training();
    },
    onRebuild: [], // () after a new Playground (data or shape) replaces the old one
    onFrame: [], // ({ now, gridFresh, playing }) every frame something was drawn
    onSelect: [], // (param) a click on a weight { kind: "weight", l, j, k } or a neuron { kind: "bias", l, j }
    onHoverNeuron: [], // ({ l, j }) the pointer moved onto a neuron of the network view

    /** Build the link's playground and start the loop and the keys (after every panel is mounted). */
    start() {
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
      const resized = () => {
        uiDirty = true;
        loop.redraw();
      };
      new ResizeObserver(resized).observe(document.body);
      new ResizeObserver(resized).observe($("network")); // a tab's layout resizes the network
      // A field left with a refused value shows the store's again (render skips a focused field).
      document.addEventListener("focusout", () => (uiDirty = true));
      installKeys(window, commands);
      loop.onFrame(frame);
      loop.start();
    },
  };
  return app;
}

/**
 * The page's script API, window.backpropLab (docs/JS_API.md, "The page's script API"): the
 * commands and the state a script or a test reads. Stable: commands, mode, playing,
 * playingView, pg, net, state. For tests and tools (may change): app, views, wasm, frameWork.
 */
export function scriptApi(app) {
  const c = app.commands;
  return {
    commands: {
      play: () => c.play(),
      pause: () => c.pause(),
      toggle: () => c.toggle(),
      step: (dir = 1) => c.step(dir),
      reset: () => c.reset(),
      setMode: (mode) => c.setMode(mode),
    },
    get mode() {
      return c.mode;
    },
    get playing() {
      return c.playing;
    },
    get playingView() {
      return c.playingView;
    },
    get pg() {
      return app.session.pg;
    },
    get net() {
      return app.session.net;
    },
    state: app.store,
    wasm: app.wasm,
    views: app.views,
    app,
    frameWork: app.loop.frameWork,
  };
}
