// The cost surface in the release wasm under Node: a 64×64 grid of C(p_A, p_B) on the default
// network (2-4-2-1 tanh, sigmoid output) over its 250 training points (default circle set).
// Target (issue 11): ≤ 3 ms for the default pair (issue 4's was 10 ms), two weights into the output neuron. Also
// timed: the worst pair, two weights of layer 1, where every layer after the first is redone.
import { pageModule, makeSurface } from "./peers/common.mjs";

const page = await pageModule();
const pg = new page.glue.Playground({});
const trainCount = pg.trainPoints().length / 3;
// The Surface of the page module (following pg) or of the extras module (copies of pg's network
// and training set), wherever this build has it.
const { surface, where } = await makeSurface(page, pg);

function median(runs, f) {
  for (let i = 0; i < 5; i++) f(); // warm-up: let the engine tier up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], best: times[0], worst: times.at(-1) };
}

const fmt = (t) => `median ${t.median.toFixed(2)} ms (best ${t.best.toFixed(2)}, worst ${t.worst.toFixed(2)})`;
const res = surface.resolution();
const output = median(41, () => surface.compute());
console.log(
  `surface ${res}×${res}, default network [${pg.network().layerSizes()}], ${trainCount} training points (wasm, ${where}, in Node ${process.version}):\n` +
    `  two weights into the output: ${fmt(output)} (issue 11's target ≤ 3 ms: ${output.median <= 3 ? "PASS" : "MISS"})`,
);
surface.select({ kind: "weight", l: 1, j: 0, k: 0 }, { kind: "weight", l: 1, j: 1, k: 1 });
const first = median(21, () => surface.compute());
console.log(`  two weights of layer 1:      ${fmt(first)}`);
const cut = median(41, () => surface.computeCut(0));
console.log(`  1-D cut (${surface.cutLen()} points), layer 1: ${fmt(cut)}`);
