// A/B training throughput of several builds of the page's wasm in one Node process, measured
// in interleaved rounds so that a noisy machine affects each build alike:
//   node xtask/bench/ab.mjs a.wasm b.wasm …   (each built from the same glue as www/pkg/)
// Prints, per build, the median and best samples/s of 2-8-8-1 tanh training as in train.mjs,
// and the median time of a 64×64 cost surface as in surface.mjs (builds whose page module has one).
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node xtask/bench/ab.mjs a.wasm b.wasm …");
  process.exit(2);
}
const BATCH = 10;
const builds = [];
for (const [i, file] of files.entries()) {
  const glue = await import(new URL(`../../www/pkg/backprop_lab.js?build=${i}`, import.meta.url));
  await glue.default({ module_or_path: readFileSync(file) });
  const pg = new glue.Playground({
    dataset: "circle", points: 1000, trainFraction: 50, noise: 0,
    hidden: [8, 8], activation: "tanh", outputActivation: "tanh",
    cost: "quadratic", init: "xavier", optimizer: "sgd", learningRate: 0.03,
    batchSize: BATCH, seed: 7,
  });
  pg.train(20_000); // warm-up
  // The surface is timed only where the page module has it (it moved to the extras module in
  // issue 11: time it there with xtask/bench/surface.mjs).
  const surface = glue.Surface ? new glue.Surface(new glue.Playground({})) : null;
  for (let i = 0; surface && i < 5; i++) surface.compute();
  builds.push({ file, pg, surface, runs: [], surfaceRuns: [] });
}
for (let round = 0; round < 15; round++) {
  for (const b of builds) {
    const t0 = performance.now();
    const done = b.pg.train(10_000);
    b.runs.push((done * BATCH) / ((performance.now() - t0) / 1000));
    if (!b.surface) continue;
    const t1 = performance.now();
    b.surface.compute();
    b.surfaceRuns.push(performance.now() - t1);
  }
}
for (const b of builds) {
  b.runs.sort((x, y) => x - y);
  b.surfaceRuns.sort((x, y) => x - y);
  const m = (v) => `${(v / 1e6).toFixed(2)} M`;
  console.log(
    `${b.file}: training median ${m(b.runs[7])}, best ${m(b.runs.at(-1))} samples/s; ` +
      (b.surface
        ? `64×64 surface median ${b.surfaceRuns[7].toFixed(2)} ms, best ${b.surfaceRuns[0].toFixed(2)} ms`
        : "no Surface in this page module (xtask/bench/surface.mjs times the extras module's)"),
  );
}
