// Training throughput of the release wasm under Node: 2-8-8-1 tanh, batch 10, η 0.03, on 500
// training points of the circle set — the configuration TF Playground's nn.ts trains at
// ≈ 530k samples/s on this machine kind (../shared/TOOLCHAIN.md). Target (issue 11): ≥ 10 M samples/s
// (`cargo xtask bench --peers` measures it beside TF.js and an object graph in nn.ts's style).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import init, { Playground } from "../../www/pkg/backprop_lab.js";

const wasmPath = fileURLToPath(new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url));
await init({ module_or_path: readFileSync(wasmPath) });

const BATCH = 10;
const pg = new Playground({
  dataset: "circle", points: 1000, trainFraction: 50, noise: 0,
  hidden: [8, 8], activation: "tanh", outputActivation: "tanh",
  cost: "quadratic", init: "xavier", optimizer: "sgd", learningRate: 0.03,
  batchSize: BATCH, seed: 7,
});
const trainCount = pg.trainPoints().length / 3;

function samplesPerSecond(batches) {
  const t0 = performance.now();
  const done = pg.train(batches);
  const seconds = (performance.now() - t0) / 1000;
  return (done * BATCH) / seconds;
}

samplesPerSecond(20_000); // warm-up: let the engine tier up
const runs = [];
for (let i = 0; i < 7; i++) runs.push(samplesPerSecond(50_000));
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
const fmt = (v) => `${(v / 1e6).toFixed(2)} M`;
console.log(
  `train 2-8-8-1 tanh, ${trainCount} training points, batch ${BATCH}, η 0.03 (wasm in Node ${process.version}):\n` +
  `  median ${fmt(median)} samples/s, best ${fmt(runs.at(-1))}, worst ${fmt(runs[0])} ` +
  `(7 runs of 500k samples; target ≥ 10 M: ${median >= 10e6 ? "PASS" : "MISS"}; TF Playground nn.ts ≈ 0.53 M)`,
);
const m = pg.metrics();
console.log(`  after ${pg.epoch()} epochs: train loss ${m.trainLoss.toFixed(4)}, test accuracy ${(m.testAccuracy * 100).toFixed(1)} %`);
