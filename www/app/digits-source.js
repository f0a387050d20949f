// Where the Digits scene gets its training worker, MNIST and the pretrained network: in the
// site, files beside this module, fetched when the Digits tab is opened. `cargo xtask dist`
// swaps this one module for a generated one in dist/backprop-lab.html, which serves the same
// from bytes inlined in that file (the light set only), so the scene has no special cases.

/** The MNIST sets the Data menu offers, as [value, label]; the first is the default. */
export const SETS = [["full", "MNIST 60k / 10k"], ["light", "light 10k / 2k"]];

/** A new training worker (digits-worker.js, a module worker). */
export function createWorker() {
  return new Worker(new URL("./digits-worker.js", import.meta.url), { type: "module" });
}

/**
 * What the worker's "load" message carries: `wasm`, anything the extras glue's init() takes as
 * module_or_path (here the URL of its .wasm), and `data`, what loadMnist() takes (here the
 * URL of the www/data/ folder).
 */
export function workerSource() {
  return {
    wasm: new URL("../pkg/backprop_lab_extras_bg.wasm", import.meta.url).href,
    data: new URL("../data/", import.meta.url).href,
  };
}

/** The text of the pretrained network's JSON file (made by `cargo xtask pretrain`). */
export async function pretrainedText() {
  const response = await fetch(new URL("../data-pretrained/digits-784-16-16-10.json", import.meta.url));
  if (!response.ok) throw new Error(`no pretrained network (${response.status}): run \`cargo xtask pretrain\``);
  return response.text();
}
