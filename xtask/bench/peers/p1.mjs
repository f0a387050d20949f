// P1: 2-8-8-1 tanh, batch 10, η 0.03, quadratic cost, on the 500 training points of the circle
// set (xtask/bench/train.mjs's configuration). Figure: training samples per second.
import { pageModule, tensorflow, useBackend, calibrate, si } from "./common.mjs";
import { ObjectGraphNet } from "./object_graph.mjs";

export const CONFIG = {
  dataset: "circle", points: 1000, trainFraction: 50, noise: 0,
  hidden: [8, 8], activation: "tanh", outputActivation: "tanh",
  cost: "quadratic", init: "xavier", optimizer: "sgd", learningRate: 0.03,
  batchSize: 10, seed: 7,
};
const BATCH = CONFIG.batchSize;
const ETA = CONFIG.learningRate;
const SECONDS = 0.25; // per contestant per round

/** The contestants of P1; the first is the figure the target applies to. */
export async function p1() {
  const { glue } = await pageModule();
  const reference = new glue.Playground(CONFIG);
  const net0 = reference.network();
  const sizes = Array.from(net0.layerSizes());
  const acts = sizes.slice(1).map((_, i) => net0.activationName(i + 1));
  const count = reference.trainPoints().length / 3;
  const { xs, ys } = glue.trainingExamples(net0, Uint32Array.from({ length: count }, (_, i) => i));
  const weight = (l, j, k) => net0.getWeight(l, j, k);
  const bias = (l, j) => net0.getBias(l, j);
  const batches = count / BATCH;
  if (!Number.isInteger(batches)) throw new Error(`P1: ${count} training points are not whole batches of ${BATCH}`);

  const contestants = [];

  // Backprop Lab's Playground, n mini-batches per call (pg.train caps n at 100,000).
  {
    const pg = new glue.Playground(CONFIG);
    const train = (n) => {
      for (let left = n; left > 0; ) {
        const done = pg.train(Math.min(left, 100_000));
        if (done === 0) throw new Error("P1: pg.train did no batch");
        left -= done;
      }
    };
    let n = 0;
    contestants.push({
      name: "Backprop Lab pg.train (wasm)",
      setup: async () => { n = await calibrate(train, SECONDS, 1000); },
      run: () => timeRate(() => train(n), n * BATCH),
      after: () => `training C ${pg.metrics().trainLoss.toFixed(4)} after ${pg.epoch()} epochs`,
    });
  }

  // The same network stepped from JS, one net.sgdStep per mini-batch.
  {
    const pg = new glue.Playground(CONFIG);
    const net = pg.network();
    const bx = [], by = [];
    for (let b = 0; b < batches; b++) {
      bx.push(xs.slice(b * BATCH * sizes[0], (b + 1) * BATCH * sizes[0]));
      by.push(ys.slice(b * BATCH * sizes.at(-1), (b + 1) * BATCH * sizes.at(-1)));
    }
    let cursor = 0;
    const train = (n) => {
      for (let i = 0; i < n; i++) {
        net.sgdStep(bx[cursor], by[cursor], ETA);
        cursor = (cursor + 1) % batches;
      }
      steps += n;
    };
    let n = 0;
    let steps = 0;
    contestants.push({
      name: "Backprop Lab net.sgdStep from JS (wasm)",
      setup: async () => { n = await calibrate(train, SECONDS, 1000); },
      run: () => timeRate(() => train(n), n * BATCH),
      after: () => `training C ${net.cost(xs, ys).toFixed(4)} after ${(steps / batches).toFixed(0)} epochs`,
    });
  }

  // The object-graph peer (nn.ts's style, our code).
  {
    const g = new ObjectGraphNet(sizes, acts, weight, bias);
    const nIn = sizes[0], nOut = sizes.at(-1);
    const inputs = Array.from({ length: count }, (_, i) => Array.from(xs.subarray(i * nIn, (i + 1) * nIn)));
    const targets = Array.from({ length: count }, (_, i) => Array.from(ys.subarray(i * nOut, (i + 1) * nOut)));
    let cursor = 0;
    const train = (n) => {
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < BATCH; i++) {
          g.forward(inputs[cursor]);
          g.backward(targets[cursor]);
          cursor = (cursor + 1) % count;
        }
        g.update(ETA);
      }
      steps += n;
    };
    let n = 0;
    let steps = 0;
    contestants.push({
      name: "object graph in nn.ts's style (JS, ours)",
      peer: "nnStyle",
      setup: async () => { n = await calibrate(train, SECONDS, 100); },
      run: () => timeRate(() => train(n), n * BATCH),
      after: () => `training C ${g.cost(xs, ys, nIn, nOut).toFixed(4)} after ${(steps / batches).toFixed(0)} epochs`,
    });
  }

  // TensorFlow.js: the same model as tensors, one plain-SGD step per mini-batch of 10 (see
  // tfModel); the batches are tensors made once, in a fixed order.
  const { tf, version, simd } = await tensorflow();
  for (const backend of ["wasm", "cpu"]) {
    let model = null;
    let cursor = 0;
    let steps = 0;
    const train = (n) => {
      for (let i = 0; i < n; i++) {
        model.step(model.bx[cursor], model.by[cursor]);
        cursor = (cursor + 1) % batches;
      }
      steps += n;
      model.vars[0].dataSync(); // wait for the last step
    };
    let n = 0;
    contestants.push({
      name: `TensorFlow.js ${version} ${backend}${backend === "wasm" ? (simd ? " (SIMD, 1 thread)" : " (no SIMD, 1 thread)") : " (JS)"}`,
      peer: "tfjs",
      setup: async () => {
        await useBackend(tf, backend);
        model = tfModel(tf, sizes, acts, weight, bias, ETA);
        for (let b = 0; b < batches; b++) {
          model.bx.push(tf.tensor2d(xs.subarray(b * BATCH * sizes[0], (b + 1) * BATCH * sizes[0]), [BATCH, sizes[0]]));
          model.by.push(tf.tensor2d(ys.subarray(b * BATCH * sizes.at(-1), (b + 1) * BATCH * sizes.at(-1)), [BATCH, sizes.at(-1)]));
        }
        n = await calibrate(train, SECONDS, 20);
      },
      run: async () => {
        await useBackend(tf, backend);
        const live = tf.memory().numTensors;
        const rate = timeRate(() => train(n), n * BATCH);
        if (tf.memory().numTensors !== live) throw new Error(`P1 TF.js peer leaks tensors: ${live} → ${tf.memory().numTensors}`);
        return rate;
      },
      after: async () => {
        await useBackend(tf, backend);
        const c = tf.tidy(() => model.cost(tf.tensor2d(xs, [count, sizes[0]]), tf.tensor2d(ys, [count, sizes.at(-1)])));
        return `training C ${c.toFixed(4)} after ${(steps / batches).toFixed(0)} epochs (no tensor leaked in any round)`;
      },
    });
  }
  // The same arithmetic: from the same weights, 20 steps on the same batches, each contestant's
  // training cost after them (Backprop Lab's net.sgdStep stands for the core's update).
  const same = [];
  {
    const net = new glue.Playground(CONFIG).network();
    for (let b = 0; b < 20; b++) net.sgdStep(xs.subarray(b * BATCH * 2, (b + 1) * BATCH * 2), ys.subarray(b * BATCH, (b + 1) * BATCH), ETA);
    same.push(`Backprop Lab ${net.cost(xs, ys).toFixed(6)}`);
    const g = new ObjectGraphNet(sizes, acts, weight, bias);
    for (let b = 0; b < 20; b++) {
      for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
        g.forward(xs.subarray(i * 2, i * 2 + 2));
        g.backward(ys.subarray(i, i + 1));
      }
      g.update(ETA);
    }
    same.push(`object graph ${g.cost(xs, ys, 2, 1).toFixed(6)}`);
    for (const backend of ["wasm", "cpu"]) {
      await useBackend(tf, backend);
      const m = tfModel(tf, sizes, acts, weight, bias, ETA);
      const c = tf.tidy(() => {
        for (let b = 0; b < 20; b++)
          m.step(tf.tensor2d(xs.subarray(b * BATCH * 2, (b + 1) * BATCH * 2), [BATCH, 2]), tf.tensor2d(ys.subarray(b * BATCH, (b + 1) * BATCH), [BATCH, 1]));
        return m.cost(tf.tensor2d(xs, [count, 2]), tf.tensor2d(ys, [count, 1]));
      });
      m.vars.forEach((v) => v.dispose());
      same.push(`TF.js ${backend} ${c.toFixed(6)}`);
    }
  }
  return {
    id: "P1",
    title: `P1: ${sizes.join("-")} ${acts[0]}, batch ${BATCH}, η ${ETA}, quadratic cost, ${count} circle training points`,
    unit: "samples/s",
    higherIsBetter: true,
    repeats: 3,
    format: (v) => si(v),
    contestants,
    notes: [
      `the same arithmetic: training C after the same 20 mini-batches from the same weights — ${same.join(", ")}`,
      "every contestant starts from Backprop Lab's initial weights (xavier, seed 7); the peers' mini-batches are prepared once, in a fixed order (no shuffle cost)",
      "TF.js: tfjs-core's kernels with the backward pass written out in TF.js ops (tfjs-core alone registers no gradients), one tf.tidy per step",
      "the object-graph peer is our own code written in TF Playground nn.ts's style (a Node per neuron, a Link per weight, one example at a time), not nn.ts itself",
    ],
  };
}

/**
 * A dense model of TF.js variables with Backprop Lab's weights (W⁽ˡ⁾ stored as [n_{l-1}, n_l]) and
 * one plain-SGD step on a mini-batch in TF.js ops. tfjs-core registers no gradient functions
 * (the union package @tensorflow/tfjs does), so the backward pass is written out as the matrix
 * form, the same arithmetic tf.grads would run:
 *   D⁽ᴸ⁾ = (2/B)(A⁽ᴸ⁾ − Y) ⊙ f′,  ∂C/∂W⁽ˡ⁾ = A⁽ˡ⁻¹⁾ᵀ D⁽ˡ⁾,  D⁽ˡ⁻¹⁾ = D⁽ˡ⁾ W⁽ˡ⁾ᵀ ⊙ f′,  W ← W − η ∂C/∂W.
 * Cost: C = mean over the batch of Σⱼ (aⱼ − yⱼ)² (Backprop Lab's quadratic cost, no ½).
 */
export function tfModel(tf, sizes, acts, weight, bias, eta) {
  const one = tf.scalar(1);
  const ops = {
    tanh: [tf.tanh, (a) => tf.sub(one, tf.square(a))],
    sigmoid: [tf.sigmoid, (a) => tf.mul(a, tf.sub(one, a))],
    relu: [tf.relu, (a) => tf.step(a)],
    linear: [(x) => x, () => one],
  };
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const w = new Float32Array(sizes[l - 1] * sizes[l]);
    for (let j = 0; j < sizes[l]; j++) for (let k = 0; k < sizes[l - 1]; k++) w[k * sizes[l] + j] = weight(l, j, k);
    const b = Float32Array.from({ length: sizes[l] }, (_, j) => bias(l, j));
    const op = ops[acts[l - 1]];
    if (!op) throw new Error(`TF.js peer: no activation ${acts[l - 1]}`);
    layers.push({ W: tf.variable(tf.tensor2d(w, [sizes[l - 1], sizes[l]])), B: tf.variable(tf.tensor1d(b)), f: op[0], df: op[1] });
  }
  const rate = tf.scalar(eta);
  const twoOver = new Map(); // 2/B per batch size
  const forward = (x) => layers.reduce((a, { W, B, f }) => f(tf.add(tf.matMul(a, W), B)), x);
  const cost = (x, y) => tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(forward(x), y)), 1)).dataSync()[0]);
  const step = (x, y) =>
    tf.tidy(() => {
      const a = [x];
      for (const { W, B, f } of layers) a.push(f(tf.add(tf.matMul(a.at(-1), W), B)));
      const n = x.shape[0];
      if (!twoOver.has(n)) twoOver.set(n, tf.keep(tf.scalar(2 / n)));
      let d = tf.mul(tf.mul(tf.sub(a.at(-1), y), twoOver.get(n)), layers.at(-1).df(a.at(-1)));
      for (let l = layers.length; l >= 1; l--) {
        const { W, B } = layers[l - 1];
        const gW = tf.matMul(a[l - 1], d, true, false);
        const gB = tf.sum(d, 0);
        if (l > 1) d = tf.mul(tf.matMul(d, W, false, true), layers[l - 2].df(a[l - 1]));
        W.assign(tf.sub(W, tf.mul(gW, rate)));
        B.assign(tf.sub(B, tf.mul(gB, rate)));
      }
    });
  return { vars: layers.flatMap(({ W, B }) => [W, B]), forward, cost, step, bx: [], by: [] };
}

function timeRate(f, units) {
  const t0 = performance.now();
  f();
  return units / ((performance.now() - t0) / 1000);
}
