// Zero-copy Float32Array views over wasm memory, kept per key and rebuilt only when stale:
// when the memory grew (view.buffer !== memory.buffer, the old buffer is detached) or when
// Rust moved or resized the buffer (after a shape change). Rendering reads these views; it
// never copies and never goes through JSON.

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

/**
 * Read-only access to a Playground for the views: typed-array views of weights, biases,
 * activations and the neuron grid, plus the shape, looked up once per rebuild.
 */
export class ModelViews {
  constructor(wasm, pg) {
    this.views = new WasmViews(wasm.memory);
    this.pg = pg;
    this.net = pg.network();
    this.sizes = Array.from(this.net.layerSizes());
    this.L = this.sizes.length - 1;
    this.activations = [null];
    for (let l = 1; l <= this.L; l++) this.activations.push(this.net.activationName(l));
    this.gridResolution = pg.gridResolution();
    this.gridOffsets = [null];
    for (let l = 1; l <= this.L; l++) {
      const row = [];
      for (let j = 0; j < this.sizes[l]; j++) row.push(pg.gridOffset(l, j));
      this.gridOffsets.push(row);
    }
    this.outputs = pg.outputs();
    this.isRegression = pg.isRegression();
  }

  /** W⁽ˡ⁾, row-major [j][k], l = 1..L. */
  weights(l) {
    return this.views.f32(`w${l}`, this.net.weightsPtr(l), this.net.weightsLen(l));
  }

  /** b⁽ˡ⁾, l = 1..L. */
  biases(l) {
    return this.views.f32(`b${l}`, this.net.biasesPtr(l), this.net.biasesLen(l));
  }

  /** a⁽ˡ⁾ of the last net.forward(x), l = 0..L. */
  a(l) {
    return this.views.f32(`a${l}`, this.net.aPtr(l), this.sizes[l]);
  }

  /** All neurons' activations over the grid, [neuron][row][col] (call pg.evaluateGrid() first). */
  grid() {
    return this.views.f32("grid", this.pg.gridPtr(), this.pg.gridLen());
  }
}
