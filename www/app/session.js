// The session owns every wasm handle of the page: it is the only module (with the extras loader
// app/extras.js and the two workers) that imports www/pkg/, and the only one that constructs or
// free()s a handle. It holds the current Playground and its network (with their typed-array
// views, app/wasm-views.js), applies store patches to them and trains within a time budget; it
// builds and frees the Backprop steppers, the Digits page network, the dataset previews and the
// probes that check a link or a saved file, so that every handle it made is freed exactly once
// (liveHandles() counts them). Panels receive views and call these methods; they never import
// pkg/. No DOM. Every number comes from the wasm API; any Error the API throws is passed on
// unchanged, and the old Playground is kept when a new one cannot be built, so nothing is lost.

import init, { Network, Playground, Stepper, defaults, limits, names, optimizerConstants, trainingExamples } from "../pkg/backprop_lab.js";
import { extras } from "./extras.js";
import { ModelViews, NetworkViews } from "./wasm-views.js";

/** Store fields that need a new Playground (new data or a new network shape). */
const REBUILD = new Set([
  "dataset", "noise", "trainFraction", "seed", "features", "hidden", "activations", "outputActivation", "cost", "init", "customPoints",
]);

/** Load the page's wasm module and open its session. Rejects with the loader's Error. */
export async function openSession() {
  return new Session(await init());
}

export class Session {
  /** @param {object} wasm  the value of `await init()` of www/pkg/backprop_lab.js (wasm.memory) */
  constructor(wasm) {
    this.wasm = wasm;
    /** Every handle this session made and has not freed yet → its kind. */
    this.live = new Map();
    /** Handles held for a panel under a name ("backprop", "digits"): one per name. */
    this.slots = new Map();
    /** Views of the networks made by network(). */
    this.netViews = new Map();
    this.pg = null;
    this.net = null;
    this.model = null;
    this.chunk = 1; // mini-batches per pg.train call, adapted so a call takes ~1 ms
    this.metrics = { trainLoss: NaN, testLoss: NaN, trainAccuracy: null, testAccuracy: null };
  }

  // ---- the core's tables ------------------------------------------------------------------------

  /** The default Playground configuration (the core's defaults()). */
  defaults() {
    return defaults();
  }

  /** The names each option accepts (the core's names()). */
  names() {
    return names();
  }

  /** Each Playground key's range and limits (the core's limits(), for the store's table). */
  limits() {
    return limits();
  }

  /** The optimizers' constants { momentum, beta1, beta2, epsilon } (the core's own). */
  optimizerConstants() {
    return optimizerConstants();
  }

  /** The extras module's exports (loaded on the first call): the Digits trainer, save files, … */
  extras() {
    return extras();
  }

  // ---- handles ----------------------------------------------------------------------------------

  own(kind, handle) {
    this.live.set(handle, kind);
    return handle;
  }

  /** Frees a handle this session made (once; null and already-freed handles are ignored). */
  release(handle) {
    if (!handle || !this.live.delete(handle)) return;
    this.netViews.delete(handle);
    handle.free();
  }

  /** How many handles this session holds, by kind: { playground: 1, network: 1, stepper: 0, … }. */
  liveHandles() {
    const counts = { playground: 0, network: 0, stepper: 0 };
    for (const kind of this.live.values()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  /** `use(handle)` on a handle `make()` builds, freed afterwards whatever happens; returns use's value. */
  scratch(kind, make, use) {
    const handle = this.own(kind, make());
    try {
      return use(handle);
    } finally {
      this.release(handle);
    }
  }

  /** Frees the handle held under `slot`, if any. */
  drop(slot) {
    this.release(this.slots.get(slot));
    this.slots.delete(slot);
  }

  /**
   * A Stepper (one example through one training step, phase by phase) on `net`, held under
   * `slot`: the slot's previous stepper is freed first, also when the new one cannot be built
   * (then this throws the API's Error and the slot is empty).
   */
  stepper(slot, net, x, y, eta) {
    this.drop(slot);
    const stepper = this.own("stepper", new Stepper(net, x, y, eta));
    this.slots.set(slot, stepper);
    return stepper;
  }

  /**
   * A Network of its own (not the Playground's) built from `config`, held under `slot`: it
   * replaces the slot's previous one only on success (the Digits page's copy of its network).
   */
  network(slot, config) {
    const net = this.own("network", new Network(config));
    this.drop(slot);
    this.slots.set(slot, net);
    return net;
  }

  /**
   * A Playground of its own (not the page's) built from a full config, held under `slot` with
   * its network (`slot` + ":net"): they replace the slot's previous ones only on success (the
   * Lessons tab's side-by-side runs). Returns { pg, net }.
   */
  playground(slot, config) {
    const pg = this.own("playground", new Playground(config));
    const net = this.own("network", pg.network());
    this.drop(slot);
    this.drop(`${slot}:net`);
    this.slots.set(slot, pg);
    this.slots.set(`${slot}:net`, net);
    return { pg, net };
  }

  /** The training examples `indices` of the Playground `net` belongs to, as it reads them: { xs, ys }. */
  examplesOf(net, indices) {
    return trainingExamples(net, indices);
  }

  /** The typed-array views (app/wasm-views.js) of a network this session made. */
  views(net) {
    if (net === this.net && this.model) return this.model;
    if (!this.live.has(net)) throw new Error("views: this network is not one the session holds (was it freed?)");
    let v = this.netViews.get(net);
    if (!v) this.netViews.set(net, (v = new NetworkViews(this.wasm.memory, net.layout())));
    return v;
  }

  /**
   * Replaces every parameter of a network this session holds: `weights[l − 1]` is W⁽ˡ⁾
   * (row-major [j][k]), `biases[l − 1]` is b⁽ˡ⁾ (Float32Arrays or arrays of numbers). Checked
   * (each layer's length here, the values by the core); on an error nothing changes and the
   * Error is thrown. One copy into wasm memory (Network.setParameters).
   */
  setParameters(net, weights, biases) {
    net.setParameters(this.views(net).pack(weights, biases));
  }

  /** Copies of every W⁽ˡ⁾ and b⁽ˡ⁾ of a network this session holds: { weights, biases }. */
  parameters(net) {
    return this.views(net).parameters();
  }

  /** Runs x through a network this session holds and returns copies of its a⁽ˡ⁾, l = 0..L. */
  activations(net, x) {
    net.forward(x);
    return this.views(net).activationsCopy();
  }

  // ---- probes: a handle built to check or read something, freed at once ----------------------

  /** The core's message for a Playground configuration it refuses, or null. */
  refusal(config) {
    try {
      this.scratch("playground", () => new Playground(config), () => null);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** The points of the data set a configuration generates: { train, test, isRegression }. */
  previewPoints(config) {
    return this.scratch("playground", () => new Playground(config), (pg) => ({
      train: pg.trainPoints(), test: pg.testPoints(), isRegression: pg.isRegression(),
    }));
  }

  /**
   * Checks that a saved file's parameters load into the network `config` builds (and, given
   * the extras module, that it reads the same input features), touching nothing on the page;
   * throws the API's Error when they do not.
   */
  checkSaved(config, file, extras = null) {
    this.scratch("playground", () => new Playground(config), (pg) => {
      // The input features the file's network reads must be those the scene builds (the extras'
      // checkFeatures, the core's SaveFile::check_playground_features).
      extras?.checkFeatures(file, this.featuresOf(config));
      this.scratch("network", () => pg.network(), (net) => net.loadSaved(file));
    });
  }

  /** The training examples `indices` of the current Playground as the network reads them: { xs, ys }. */
  trainingExamples(indices) {
    return trainingExamples(this.net, indices);
  }

  // ---- the Playground -----------------------------------------------------------------------

  /** Build a Playground from a full config; replaces the current one only on success. */
  build(config) {
    const pg = this.own("playground", new Playground(config));
    const features = this.featuresOf(config);
    let net, model;
    try {
      net = this.own("network", pg.network());
      model = new ModelViews(this.wasm, pg, net, features);
    } catch (e) {
      this.release(net);
      this.release(pg);
      throw e;
    }
    this.release(this.net);
    this.release(this.pg);
    this.pg = pg;
    this.net = net;
    this.model = model;
    this.countPoints();
    this.evaluate();
  }

  /**
   * Apply a patch of store values (`next` is the full state after the patch): a new Playground
   * when the data or shape changes, otherwise the Playground's setters, which keep the weights.
   * Throws the API's Error on a bad value.
   */
  apply(patch, next, config) {
    const fields = Object.keys(patch);
    if (fields.some((f) => REBUILD.has(f))) {
      this.build(config);
      return true;
    }
    const pg = this.pg;
    if ("learningRate" in patch) pg.setLearningRate(next.learningRate);
    if ("batchSize" in patch) pg.setBatchSize(next.batchSize);
    if ("regularization" in patch || "regularizationRate" in patch)
      pg.setRegularization(next.regularization, next.regularizationRate);
    if ("optimizer" in patch) pg.setOptimizer(next.optimizer);
    return false;
  }

  /**
   * How many mini-batches one animation frame trains at a speed setting: one batch, one epoch
   * (TensorFlow Playground's pace), ten epochs, or as many as the time budget allows.
   */
  batchesPerFrame(speed, batchSize) {
    const epoch = Math.max(1, Math.ceil(this.trainCount / batchSize));
    return { batch: 1, epoch, "10epochs": 10 * epoch }[speed] ?? Infinity;
  }

  /**
   * Train up to `maxBatches` mini-batches, stopping early once `budgetMs` has passed so the
   * page never freezes. Throws the API's Error (e.g. "Training diverged…").
   */
  trainFor(budgetMs, maxBatches = Infinity) {
    const t0 = performance.now();
    let now = t0;
    let left = maxBatches;
    while (left > 0 && now - t0 < budgetMs) {
      const n = Math.min(this.chunk, left);
      const done = this.pg.train(n);
      left -= done;
      const t = performance.now();
      const dt = t - now;
      now = t;
      if (done < n) break;
      if (dt < 0.5 && this.chunk < 4096) this.chunk *= 2;
      else if (dt > 2 && this.chunk > 1) this.chunk = Math.max(1, this.chunk >> 1);
    }
  }

  step() {
    this.pg.step();
  }

  reset() {
    this.pg.reset();
    this.evaluate();
  }

  addPoint(x, y, label) {
    this.pg.addPoint(x, y, label);
    this.countPoints();
  }

  countPoints() {
    this.trainCount = this.pg.trainPoints().length / 3;
  }

  setWeight(l, j, k, w) {
    this.net.setWeight(l, j, k, w);
  }

  setBias(l, j, b) {
    this.net.setBias(l, j, b);
  }

  /** Fill the neuron grid and read the metrics: once per frame at most. */
  evaluate() {
    this.pg.evaluateGrid();
    this.metrics = this.pg.metrics();
  }

  /**
   * Run the point x = [x₁, x₂] through the network so the a⁽ˡ⁾ caches hold its forward pass:
   * its input a⁽⁰⁾ is the core's features of the point (Playground.inputs).
   */
  forward(x) {
    this.net.forward(this.pg.inputs(x));
  }

  /**
   * The input features a Playground config builds, one name per input neuron: the config's
   * names (the core's defaults() when it has none) in the core's order, names().features,
   * which is the order of the input neurons.
   */
  featuresOf(config) {
    const given = config.features ?? defaults().features;
    return names().features.filter((f) => given.includes(f));
  }

  /** The input features of the current Playground, one name per input neuron. */
  features() {
    return this.model.features;
  }

  /**
   * The current network as the extras module reads it (save files, the exports): toJSON() and
   * the Playground's input features, which the file and the exported Python keep.
   */
  networkJSON() {
    return { ...this.net.toJSON(), features: this.features() };
  }

  snapshot() {
    return { epoch: this.pg.epoch(), iterations: this.pg.iterations(), metrics: this.metrics };
  }

  points() {
    return { train: this.pg.trainPoints(), test: this.pg.testPoints() };
  }
}
