// Where the Cost surface tab gets its worker and the worker its wasm: in the site, files beside
// this module, fetched when the tab is first opened. `cargo xtask dist` swaps this one module
// for a generated one in dist/backprop-lab.html, which serves both from bytes inlined in that
// file (as digits-source.js does for the Digits scene), so the panel has no special cases.

/** A new surface worker (surface-worker.js, a module worker). */
export function createWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
}

/** What the worker's "load" message carries: anything the extras glue's init() takes as
 * module_or_path (here the URL of its .wasm). */
export function workerWasm() {
  return new URL("../pkg/backprop_lab_extras_bg.wasm", import.meta.url).href;
}
