// The only place that builds typed arrays over wasm memory. A network's layout() (sent by the
// bindings once per rebuild: every buffer's address and length per layer) and, for the
// Playground, its grid's address and neuron offsets (asked once per rebuild) say where W⁽ˡ⁾,
// b⁽ˡ⁾, a⁽ˡ⁾, z⁽ˡ⁾ and the neuron grid lie; the views here are zero-copy
// Float32Arrays over them, rebuilt only when the memory grew (view.buffer !== memory.buffer:
// the old buffer is detached). Rendering reads these views; it never copies and never goes
// through JSON. Writes never go through them: they go through the handles' checked setters
// (setWeight, setBias, loadSaved — session.setParameters), so the views are read-only by convention.
//
// The accessors (weight(l, j, k), row(l, j), bias(l, j), neuronGrid(l, j)) hold the layout's
// index arithmetic (W⁽ˡ⁾ is row-major [j][k]) in one place and throw a clear Error on an index
// outside the network, as the core does.

import { weightIndex, weightRow } from "../lib/layout.js";

/** Typed-array views over one wasm memory, cached per key. */
export class WasmViews {
  /** @param {WebAssembly.Memory} memory  wasm.memory from `await init()` */
  constructor(memory) {
    this.memory = memory;
    this.cache = new Map();
  }

  /** A Float32Array of `len` elements at byte address `ptr` of wasm memory. */
  f32(key, ptr, len) {
    let v = this.cache.get(key);
    if (!v || v.buffer !== this.memory.buffer || v.byteOffset !== ptr || v.length !== len) {
      v = new Float32Array(this.memory.buffer, ptr, len);
      this.cache.set(key, v);
    }
    return v;
  }

  /** Forget every view (after the network is rebuilt). */
  clear() {
    this.cache.clear();
  }
}

const BUFFERS = ["weights", "biases", "a", "z"];

/**
 * A network's layout() — one flat Uint32Array, its format in bindings/src/layout.rs — as named
 * fields: { sizes, weights, weightsLen, biases, biasesLen, a, aLen, z, zLen }, each indexed by
 * l = 0..L: a byte address, a length in f32 elements.
 */
export function readLayout(flat) {
  let i = 0;
  const next = () => {
    if (i >= flat.length) throw new Error(`layout: it ends after ${flat.length} numbers, in the middle of a layer`);
    return flat[i++];
  };
  const L = next();
  const sizes = [];
  for (let l = 0; l <= L; l++) sizes.push(next());
  const out = { sizes };
  for (const kind of BUFFERS) out[kind] = [], out[`${kind}Len`] = [];
  for (let l = 0; l <= L; l++)
    for (const kind of BUFFERS) {
      out[kind].push(next());
      out[`${kind}Len`].push(next());
    }
  if (i !== flat.length) throw new Error(`layout: ${flat.length - i} numbers left over after the last layer`);
  return out;
}

/** Throws unless x is an index (a whole number ≥ 0); `what` names the call, `name` the index. */
function whole(what, name, x) {
  if (!Number.isInteger(x) || x < 0)
    throw new Error(`${what}: ${name} must be a whole number, got ${typeof x === "string" ? JSON.stringify(x) : String(x)}`);
}

/**
 * Read access to one network's buffers, from its layout(): `sizes` (n_0..n_L), `L`, and views
 * of W⁽ˡ⁾, b⁽ˡ⁾, a⁽ˡ⁾, z⁽ˡ⁾ with checked accessors. Valid until the network is rebuilt (then
 * the session makes new views from the new layout).
 */
export class NetworkViews {
  /**
   * @param {WebAssembly.Memory} memory
   * @param {Uint32Array} layout  Network.layout()
   */
  constructor(memory, layout) {
    this.views = new WasmViews(memory);
    this.layout = readLayout(layout);
    this.sizes = this.layout.sizes;
    this.L = this.sizes.length - 1;
  }

  /** Throws unless l is a weight layer (1..L); `what` names the call. */
  checkLayer(what, l) {
    whole(what, "the layer l", l);
    if (l < 1 || l > this.L) throw new Error(`${what}: layer ${l} has no weights: this network's weight layers are 1 to ${this.L}`);
  }

  /** Throws unless j is a neuron of layer l (0..n_l − 1); `role` says which index it is. */
  checkNeuron(what, l, j, role = "j") {
    whole(what, `the neuron ${role}`, j);
    const n = this.sizes[l];
    if (j >= n) throw new Error(`${what}: layer ${l} has ${n} neurons (0 to ${n - 1}), so there is no neuron ${role} = ${j}`);
  }

  /** Throws unless l is a layer with activations (0 is the input, up to L). */
  checkActivationLayer(what, l) {
    whole(what, "the layer l", l);
    if (l > this.L) throw new Error(`${what}: layer ${l} does not exist: this network has layers 0 (input) to ${this.L}`);
  }

  view(kind, l) {
    return this.views.f32(`${kind}${l}`, this.layout[kind][l], this.layout[`${kind}Len`][l]);
  }

  /** W⁽ˡ⁾, row-major [j][k] (n_l × n_{l−1}), l = 1..L. */
  weights(l) {
    this.checkLayer("weights", l);
    return this.view("weights", l);
  }

  /** b⁽ˡ⁾, l = 1..L. */
  biases(l) {
    this.checkLayer("biases", l);
    return this.view("biases", l);
  }

  /** a⁽ˡ⁾ of the last forward pass, l = 0..L (a⁽⁰⁾ = x). */
  a(l) {
    this.checkActivationLayer("a", l);
    return this.view("a", l);
  }

  /** z⁽ˡ⁾ of the last forward pass, l = 1..L. */
  z(l) {
    this.checkLayer("z", l);
    return this.view("z", l);
  }

  /** w⁽ˡ⁾ⱼₖ: from neuron k of layer l − 1 to neuron j of layer l. */
  weight(l, j, k) {
    this.checkLayer("weight", l);
    this.checkNeuron("weight", l, j);
    this.checkNeuron("weight", l - 1, k, "k");
    return this.view("weights", l)[weightIndex(this.sizes[l - 1], j, k)];
  }

  /** Row j of W⁽ˡ⁾: the n_{l−1} weights into neuron j of layer l (a view, not a copy). */
  row(l, j) {
    this.checkLayer("row", l);
    this.checkNeuron("row", l, j);
    return weightRow(this.view("weights", l), this.sizes[l - 1], j);
  }

  /** b⁽ˡ⁾ⱼ. */
  bias(l, j) {
    this.checkLayer("bias", l);
    this.checkNeuron("bias", l, j);
    return this.view("biases", l)[j];
  }

  /** Copies of every W⁽ˡ⁾ and b⁽ˡ⁾, l = 1..L (index l − 1): `{ weights, biases }`. */
  parameters() {
    const weights = [], biases = [];
    for (let l = 1; l <= this.L; l++) {
      weights.push(this.view("weights", l).slice());
      biases.push(this.view("biases", l).slice());
    }
    return { weights, biases };
  }

  /**
   * Every W⁽ˡ⁾ and b⁽ˡ⁾ (index l − 1) in one Float32Array in the order Network.setParameters
   * reads: W⁽¹⁾, b⁽¹⁾, W⁽²⁾, …, b⁽ᴸ⁾. Throws unless each has its layer's length (from the
   * layout), so that no value lands in another layer.
   */
  pack(weights, biases) {
    const count = (x) => (Array.isArray(x) ? x.length : "no");
    if (count(weights) !== this.L || count(biases) !== this.L)
      throw new Error(`setParameters: this network has ${this.L} weight layers, got ${count(weights)} weight and ${count(biases)} bias layers`);
    const parts = [];
    for (let l = 1; l <= this.L; l++)
      for (const [kind, given, name] of [["weights", weights, "W"], ["biases", biases, "b"]]) {
        const part = given[l - 1], want = this.layout[`${kind}Len`][l];
        const length = part && (Array.isArray(part) || ArrayBuffer.isView(part)) ? part.length : "no";
        if (length !== want) throw new Error(`setParameters: ${name} of layer ${l} must hold ${want} numbers, got ${length}`);
        parts.push(part);
      }
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Copies of every a⁽ˡ⁾, l = 0..L. */
  activationsCopy() {
    return this.sizes.map((_, l) => this.view("a", l).slice());
  }
}

/**
 * Read access to a Playground for the views: NetworkViews of its network plus the neuron grid
 * (its resolution and where each neuron starts), the activations' names and the data's kind,
 * looked up once per rebuild.
 */
export class ModelViews extends NetworkViews {
  /**
   * @param {{ memory: WebAssembly.Memory }} wasm
   * @param {object} pg  the Playground
   * @param {object} net  its network() handle (the session owns both)
   * @param {string[]} features  its input features, one name per input neuron (Session.featuresOf)
   */
  constructor(wasm, pg, net, features) {
    super(wasm.memory, net.layout());
    this.pg = pg;
    this.net = net;
    this.activations = [null];
    for (let l = 1; l <= this.L; l++) this.activations.push(net.activationName(l));
    // The grid's place in memory, asked once per rebuild (its buffer is never reallocated).
    this.gridAt = { ptr: pg.gridPtr(), len: pg.gridLen() };
    this.gridResolution = pg.gridResolution();
    this.gridOffsets = [null];
    for (let l = 1; l <= this.L; l++) this.gridOffsets.push(Array.from({ length: this.sizes[l] }, (_, j) => pg.gridOffset(l, j)));
    this.outputs = pg.outputs();
    this.isRegression = pg.isRegression();
    /** The input features, one name per input neuron, in the core's order. */
    if (features.length !== this.sizes[0]) throw new Error(`${features.length} input features (${features.join(", ")}) but the network has ${this.sizes[0]} inputs`);
    this.features = features;
    this.inputGrids = null;
  }

  /**
   * Each input neuron's value a⁽⁰⁾ₖ over the grid, [k][row][col] (row 0 at x₂ = +1): the core's
   * features (Playground.inputs) of the grid's points, asked once per model.
   */
  inputGrid(k) {
    if (!this.inputGrids) {
      const res = this.gridResolution, last = res - 1, n0 = this.sizes[0];
      const points = new Float32Array(2 * res * res);
      for (let r = 0; r < res; r++)
        for (let c = 0; c < res; c++) {
          // The grid's points, as the core's evaluate_grid places them.
          points[2 * (r * res + c)] = (2 * c - last) / last;
          points[2 * (r * res + c) + 1] = (last - 2 * r) / last;
        }
      const a = this.pg.inputs(points);
      this.inputGrids = Array.from({ length: n0 }, (_, i) => Float32Array.from({ length: res * res }, (_, p) => a[p * n0 + i]));
    }
    return this.inputGrids[k];
  }

  /** All neurons' activations over the grid, [neuron][row][col] (after pg.evaluateGrid()). */
  grid() {
    return this.views.f32("grid", this.gridAt.ptr, this.gridAt.len);
  }

  /** Neuron j of layer l over the grid, [row][col] (a view). */
  neuronGrid(l, j) {
    this.checkLayer("neuronGrid", l);
    this.checkNeuron("neuronGrid", l, j);
    const cells = this.gridResolution * this.gridResolution;
    const start = this.gridOffsets[l][j];
    return this.grid().subarray(start, start + cells);
  }
}
