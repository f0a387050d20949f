// The Playground tab: the trained playground's views (network, heatmap, loss chart, metrics) and
// its controls, its commands (also the Cost surface tab's: it trains the same network) and its
// frame task. mountPlayground(app) is called first by main.js: its views are app.views, which
// the other tabs draw on. Every number comes from the session (the wasm core).

import { Controls } from "./controls.js";
import { LayerControls } from "./layer-controls.js";
import { DatasetPicker } from "./dataset-previews.js";
import { FeatureToggles } from "./features.js";
import { LossChart } from "./loss-chart.js";
import { MetricsView } from "./metrics-view.js";
import { NetworkView } from "../widgets/network-view.js";
import { HeatmapView } from "../widgets/heatmap-view.js";
import { sym, fmt } from "../lib/notation.js";
import { markerPath, pointColor } from "../lib/colors.js";
import { mountCsvImport, importedSummary } from "./csv-import.js";
import { IMPORTED, importedData } from "../app/imported.js";

const TRAIN_BUDGET_MS = 8; // training time per animation frame: the page never freezes

export function mountPlayground(app) {
  const { session, store, loop, commands, guard, clearError, change } = app;
  const $ = (id) => document.getElementById(id);
  const N = app.names;
  const D = app.defaults;

  // ---- UI state that is not in the URL ------------------------------------------------------
  let forceText = true; // write the metrics text now, not on its timer
  let uiDirty = true; // the DOM controls must show the store again (on change only, never per frame)
  let heatmapStale = true; // a grid was evaluated while the heatmap was not shown
  let networkStale = true; // … or while the network view was not shown
  let hovered = null; // the data point whose forward pass is shown
  let hoveredX = new Float32Array(2);
  let pointLabel = 1;
  const training = () => loop.playingView === "playground";

  // ---- the commands (the Cost surface tab's too) ------------------------------------------------
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
  app.markInvalid = (fields, bad) => controls.markInvalid(fields, bad);
  // Data from a CSV file: the dialog (a CSV dropped anywhere on the page comes here too).
  app.csvImport = mountCsvImport(app);
  const layerControls = new LayerControls($("layer-controls"), $("network"), N, { onChange: change });
  const featureToggles = new FeatureToggles($("features"), N.features, {
    onChange: (features) => change({ features }),
    onRefuse: (text) => app.addNotice(text),
  });
  // Imported data sets come from a file (csv-import.js), not from a thumbnail.
  const generated = N.datasets.filter((name) => !IMPORTED.has(name));
  const datasetPicker = new DatasetPicker($("datasets"), generated, (cfg) => session.previewPoints({ seed: 1, ...cfg }), (name) => change({ dataset: name }));

  const views = Object.assign(app.views, {
    network: new NetworkView($("network"), $("weight-tip"), {
      onDragStart: () => app.setPlaying(false),
      onWeightDrag: (l, j, k, w) => {
        guard(() => session.setWeight(l, j, k, w));
        loop.needEval = true;
      },
      onDragEnd: () => loop.redraw(),
      // The keyboard's + / − on the focused network: the parameter under its cursor.
      onNudge: (p, v) => {
        app.setPlaying(false);
        guard(() => (p.kind === "bias" ? session.setBias(p.l, p.j, v) : session.setWeight(p.l, p.j, p.k, v)));
        loop.needEval = true;
      },
      onCursor: (p) => {
        const say = $("network-announce");
        if (!p) return loop.redraw();
        const value = p.kind === "bias" ? session.net.getBias(p.l, p.j) : session.net.getWeight(p.l, p.j, p.k);
        const name = p.kind === "bias" ? sym("b", p.l, p.j) : sym("w", p.l, p.j, p.k);
        say.textContent = `${name} = ${fmt(value, 4)}`;
        loop.redraw();
      },
      onSelect: (param) => {
        for (const f of app.onSelect) f(param);
        loop.redraw();
      },
      onHoverNeuron: (neuron) => {
        for (const f of app.onHoverNeuron) f(neuron);
      },
    }),
    heatmap: new HeatmapView($("heatmap"), {
      onCursor: (x, y) => {
        if (x !== null) $("heatmap-announce").textContent = `cross at x₁ = ${fmt(x, 2)}, x₂ = ${fmt(y, 2)}: Enter adds a point of the chosen class`;
        loop.redraw();
      },
      onAddPoint: (x, y) => {
        if (IMPORTED.has(store.get("dataset"))) {
          app.showError("Points cannot be added to imported data: add rows to the CSV file and import it again.");
          return;
        }
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
    chart: new LossChart($("loss-chart"), $("loss-readout")),
    metrics: new MetricsView(document),
  });

  /** The output legend of an imported set: each class's marker and its name as the file wrote it. */
  let legendFor = null;
  function renderImportedLegend(data) {
    const classes = data && data.dataset === "imported" ? data.classNames : null;
    const key = classes ? JSON.stringify(classes) : null;
    $("legend-imported").hidden = !classes;
    document.querySelector("#out-title ~ .legend:not(#legend-imported)").hidden = Boolean(classes);
    if (key === legendFor) return;
    legendFor = key;
    $("legend-imported").replaceChildren(
      ...(classes ?? []).map((name, c) => {
        const item = document.createElement("span");
        item.className = "legend-class";
        const mark = document.createElement("canvas");
        mark.width = mark.height = 28; // drawn at 2× for a sharp marker
        mark.setAttribute("aria-hidden", "true");
        const ctx = mark.getContext("2d");
        ctx.fillStyle = pointColor(c, false);
        markerPath(ctx, 14, 14, 8, c, classes.length > 2);
        ctx.fill();
        item.append(mark, ` ${c}: ${name}`);
        return item;
      }),
    );
  }

  // ---- what changes what is shown -------------------------------------------------------------
  // The first hook of a rebuild: the other tabs' hooks find the views on the new model.
  app.onRebuild.unshift(() => {
    const { train, test } = session.points();
    views.network.setModel(session.model);
    views.heatmap.setModel(session.model);
    views.heatmap.setPoints(train, test);
    views.chart.clear();
    hovered = null;
    if (!session.model.isRegression) pointLabel = Math.min(Math.round(pointLabel), session.model.outputs === 1 ? 1 : session.model.outputs - 1);
    forceText = uiDirty = true;
  });
  app.onChange.push(() => (forceText = true));
  store.subscribe(() => (uiDirty = true));
  loop.playListeners.push(() => (forceText = uiDirty = true));
  const resized = () => {
    uiDirty = true;
    loop.redraw();
  };
  new ResizeObserver(resized).observe(document.body);
  new ResizeObserver(resized).observe($("network")); // a tab's layout resizes the network
  // A field left with a refused value shows the store's again (render skips a focused field).
  document.addEventListener("focusout", () => (uiDirty = true));

  // ---- the frame task -------------------------------------------------------------------------
  // Trains while the playground plays, re-evaluates when asked, and draws only what the active
  // tab shows: the heatmap and the chart live in the output column (the Playground tab only),
  // the network view in every tab but Digits. The DOM controls are rendered on change only.
  loop.onFrame((f) => {
    if (!session.model) return; // before app.start() has built the first playground
    const mode = store.get("mode");
    if (training()) {
      const batches = session.batchesPerFrame(store.get("speed"), store.get("batchSize"));
      guard(() => session.trainFor(TRAIN_BUDGET_MS, batches));
      loop.needEval = true;
    }
    if (loop.needEval) {
      guard(() => session.evaluate());
      const snap = session.snapshot();
      views.chart.push(snap.iterations, snap.metrics, snap.epoch);
      loop.needEval = false;
      f.gridFresh = f.dirty = heatmapStale = networkStale = true;
    }
    if (uiDirty) {
      uiDirty = false;
      const values = store.values;
      controls.render(values, { playing: training(), outputs: session.model.outputs, isRegression: session.model.isRegression, pointLabel });
      layerControls.render(values, D.activation);
      datasetPicker.render(values.dataset);
      const imported = IMPORTED.has(values.dataset);
      $("imported-summary").hidden = !imported;
      $("imported-summary").textContent = imported ? `Imported from ${importedSummary(importedData())}` : "";
      document.querySelector(".add-points").hidden = imported;
      $("noise").closest("label").hidden = imported; // the generators' noise: a file has none to add
      renderImportedLegend(imported ? importedData() : null);
      featureToggles.render(values.features);
    }
    if (!f.dirty) return;
    if (mode !== "digits") {
      if (hovered) guard(() => session.forward(hoveredX));
      views.network.render({ hovered, cost: session.metrics.trainLoss, gridFresh: networkStale });
      networkStale = false;
    }
    if (mode === "playground") {
      views.heatmap.render({ showTest: store.get("showTest"), gridFresh: heatmapStale });
      heatmapStale = false;
      views.chart.render();
    }
    // The text last: the canvases above read their boxes, which a text written before them
    // would make the browser lay out again in the middle of the frame.
    if (mode !== "digits") {
      views.metrics.render(session.snapshot(), f.now, forceText || !training());
      forceText = false;
    }
  });
}
