// The training session: owns the current Playground (and its typed-array views), applies store
// patches to it, and trains within a time budget. No DOM. Every number comes from the wasm API;
// any Error the API throws is passed on unchanged, and the old Playground is kept when a new
// one cannot be built, so nothing is lost.

import { ModelViews } from "./wasm-views.js";

/** Store fields that need a new Playground (new data or a new network shape). */
const REBUILD = new Set([
  "dataset", "noise", "trainFraction", "seed", "hidden", "activations", "outputActivation", "cost", "init", "customPoints",
]);

export class Session {
  /**
   * @param {object} wasm  the value of `await init()` (wasm.memory)
   * @param {typeof import("../pkg/backprop_lab.js").Playground} Playground
   */
  constructor(wasm, Playground) {
    this.wasm = wasm;
    this.Playground = Playground;
    this.pg = null;
    this.net = null;
    this.model = null;
    this.chunk = 1; // mini-batches per pg.train call, adapted so a call takes ~1 ms
    this.metrics = { trainLoss: NaN, testLoss: NaN, trainAccuracy: null, testAccuracy: null };
  }

  /** Build a Playground from a full config; replaces the current one only on success. */
  build(config) {
    const pg = new this.Playground(config);
    let model;
    try {
      model = new ModelViews(this.wasm, pg);
    } catch (e) {
      pg.free();
      throw e;
    }
    if (this.net) this.net.free();
    if (this.pg) this.pg.free();
    this.pg = pg;
    this.net = model.net;
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

  /** Fill the neuron grid and read the metrics: once per frame at most. */
  evaluate() {
    this.pg.evaluateGrid();
    this.metrics = this.pg.metrics();
  }

  /** Run x through the network so the a⁽ˡ⁾ caches hold its forward pass. */
  forward(x) {
    this.net.forward(x);
  }

  snapshot() {
    return { epoch: this.pg.epoch(), iterations: this.pg.iterations(), metrics: this.metrics };
  }

  points() {
    return { train: this.pg.trainPoints(), test: this.pg.testPoints() };
  }
}
