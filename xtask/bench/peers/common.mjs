// Shared pieces of the peers bench (xtask/bench/peers.mjs): loading the release wasm and
// TensorFlow.js, timing, and the per-round summaries.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The page module (www/pkg/backprop_lab.js), initialised from the release wasm. */
export async function pageModule() {
  const glue = await import(new URL("../../../www/pkg/backprop_lab.js", import.meta.url));
  const wasm = await glue.default({ module_or_path: readFileSync(here("../../../www/pkg/backprop_lab_bg.wasm")) });
  return { glue, wasm };
}

/** The extras module (www/pkg/backprop_lab_extras.js: the Digits trainer, save files). */
export async function extrasModule() {
  const glue = await import(new URL("../../../www/pkg/backprop_lab_extras.js", import.meta.url));
  const wasm = await glue.default({ module_or_path: readFileSync(here("../../../www/pkg/backprop_lab_extras_bg.wasm")) });
  return { glue, wasm };
}

let tfPromise = null;
/**
 * TensorFlow.js 4.22 (tfjs-core with the wasm and cpu backends) from node_modules, the wasm
 * backend pointed at the .wasm files inside its package and kept to one thread (as every other
 * contestant here runs on one thread).
 */
export function tensorflow() {
  tfPromise ??= (async () => {
    let tf, wasmBackend;
    try {
      tf = await import("@tensorflow/tfjs-core");
      await import("@tensorflow/tfjs-backend-cpu");
      wasmBackend = await import("@tensorflow/tfjs-backend-wasm");
    } catch (e) {
      throw new Error(`TensorFlow.js is not installed (${e.message.split("\n")[0]}): run npm ci (package-lock.json pins @tensorflow/tfjs-* 4.22.0)`);
    }
    wasmBackend.setWasmPaths(here("../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/"));
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    // tfjs-core greets Node users once with a banner recommending tfjs-node (a native TensorFlow
    // binding, not a peer here: it is not wasm nor one thread); keep it out of the report.
    const log = console.log, warn = console.warn;
    const quiet = (f) => (...a) => (/tfjs-node/.test(String(a[0])) ? undefined : f(...a));
    console.log = quiet(log);
    console.warn = quiet(warn);
    try {
      for (const name of ["wasm", "cpu"]) {
        if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js could not start its ${name} backend`);
        tf.tensor1d([0]).dispose(); // the cpu backend's first write prints the banner
      }
    } finally {
      console.log = log;
      console.warn = warn;
    }
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    return { tf, version: tf.version_core, simd };
  })();
  return tfPromise;
}

/** Switch TF.js to `backend` (already started by tensorflow()), throwing if it cannot. */
export async function useBackend(tf, backend) {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
}

/**
 * How many repetitions of `run(n)` (which does n units of work) fill about `seconds`: doubles n
 * from `start` until one call takes a tenth of that, then scales. Also warms the code up.
 */
export async function calibrate(run, seconds, start = 1, max = Infinity) {
  let n = start;
  for (;;) {
    const t0 = performance.now();
    await run(n);
    const dt = (performance.now() - t0) / 1000;
    if (dt > seconds / 10 || n >= max) return Math.max(1, Math.min(max, Math.round((n * seconds) / Math.max(dt, 1e-6))));
    n *= 2;
  }
}

export const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Rotate `list` by `k` (the order of the contestants changes every round). */
export const rotate = (list, k) => list.map((_, i) => list[(i + k) % list.length]);

/** "5.1× [4.8–5.5]": median and range of per-round ratios. */
export function ratioText(ratios) {
  if (!ratios.length) return "—";
  const f = (r) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
  return `${f(median(ratios))}× [${f(Math.min(...ratios))}–${f(Math.max(...ratios))}]`;
}

/** Number with an SI suffix: 2.61 M, 23.6 k. */
export function si(v, digits = 3) {
  const [d, s] = v >= 1e9 ? [1e9, " G"] : v >= 1e6 ? [1e6, " M"] : v >= 1e3 ? [1e3, " k"] : [1, " "];
  return `${(v / d).toPrecision(digits)}${s}`;
}

export const pass = (ok) => (ok ? "PASS" : "MISS");

/**
 * A cost surface over `pg`'s network and training set, wherever the Surface class lives: the page
 * module's `new Surface(pg)` (follows pg), or the extras module's
 * `new Surface(net.toJSON(), inputs, targets)` (copies). Returns { surface, memory, where }.
 */
export async function makeSurface(page, pg) {
  if (page.glue.Surface) return { surface: new page.glue.Surface(pg), memory: page.wasm.memory, where: "page module" };
  const extras = await extrasModule();
  if (!extras.glue.Surface) throw new Error("neither www/pkg module exports Surface");
  const net = pg.network();
  const count = pg.trainPoints().length / 3;
  const { xs, ys } = page.glue.trainingExamples(net, Uint32Array.from({ length: count }, (_, i) => i));
  return { surface: new extras.glue.Surface(net.toJSON(), xs, ys), memory: extras.wasm.memory, where: "extras module" };
}
