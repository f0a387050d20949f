// The Digits scene's Web Worker (a module worker): loads MNIST, trains the digit network with
// the Rust core (www/pkg's extras module) off the main thread, and posts back metrics and the
// parameters the page draws, as transferable Float32Arrays. Protocol: see docs/JS_API.md, "Digits".

import init, { Digits } from "../pkg/backprop_lab_extras.js";
import { loadMnist } from "./mnist.js";

const SLICE_MS = 40; // training between two messages: the worker stays responsive
const EVAL_MS = 1000; // the test set is scored at most this often while training
const GALLERY = 48; // misclassified test images sent with each evaluation

let digits = null;
let data = null; // the four IDX byte arrays, kept to rebuild the network
let settings = null; // { network, learningRate, batchSize, decay, regularization }
let playing = false;
let heard = 0; // the seq of the last message read (the page numbers its messages)
let stopAt = Infinity; // epoch after which training pauses
let perSlice = 2000; // examples per slice, adapted to SLICE_MS
let lastEval = 0;
let counts = null;
let restricted = false; // training on a subset (restrict): evaluations score it too

// Every message says which of the page's messages had been read when it was sent (`heard`).
const post = (message, transfer = []) => self.postMessage({ ...message, heard }, transfer);

function fail(e) {
  playing = false;
  post({ type: "error", message: e instanceof Error ? e.message : String(e) });
}

function build() {
  digits?.free();
  const { network, learningRate, batchSize } = settings;
  digits = new Digits(network, learningRate, batchSize, ...data);
  digits.setLearningRateDecay(settings.decay);
  digits.setRegularization(settings.regularization);
}

/** The parameters and the running training metrics, transferred (no copy). */
function sendMetrics() {
  const depth = settings.network.layers.length - 1;
  const weights = [];
  const biases = [];
  for (let l = 1; l <= depth; l++) {
    weights.push(digits.weights(l));
    biases.push(digits.biases(l));
  }
  const train = digits.takeRunning();
  post({
    type: "metrics",
    epoch: digits.epoch(),
    seen: digits.examplesSeen(),
    epochs: digits.epochs(),
    train: train.count > 0 ? train : null,
    eta: digits.currentLearningRate(),
    weights,
    biases,
    playing,
  }, [...weights, ...biases].map((a) => a.buffer));
}

/** Scores the test set: cost, accuracy, confusion matrix, and the first misread images. */
function sendEvaluation() {
  const e = digits.evaluate();
  const shown = Math.min(GALLERY, e.wrong.length / 2);
  const images = new Uint8Array(shown * 784);
  const labels = new Uint8Array(shown);
  for (let i = 0; i < shown; i++) {
    const index = e.wrong[2 * i];
    images.set(digits.testImage(index), i * 784);
    labels[i] = digits.testLabel(index);
  }
  lastEval = performance.now();
  const trained = restricted ? digits.evaluateTrain() : null;
  post({
    type: "evaluation",
    epochs: digits.epochs(),
    epoch: digits.epoch(),
    cost: e.cost,
    accuracy: e.accuracy,
    train: trained && { cost: trained.cost, accuracy: trained.accuracy },
    confusion: e.confusion,
    wrong: e.wrong,
    images,
    labels,
  }, [e.confusion.buffer, e.wrong.buffer, images.buffer, labels.buffer]);
}

function loop() {
  if (!playing || !digits) return;
  try {
    const t0 = performance.now();
    const before = digits.epoch();
    // Never run past the epoch the user asked to stop at (the core counts the examples left).
    let left = stopAt === Infinity ? perSlice : digits.examplesUntil(stopAt);
    // On a subset (restrict) every epoch ends a slice, so each epoch is scored.
    if (restricted) left = Math.min(left, digits.examplesUntil(digits.epoch() + 1));
    digits.train(Math.max(1, Math.min(perSlice, left)));
    const ms = performance.now() - t0;
    perSlice = Math.max(100, Math.min(20000, Math.round(perSlice * (SLICE_MS / Math.max(ms, 1)) ** 0.5)));
    if (stopAt !== Infinity && digits.examplesUntil(stopAt) === 0) {
      playing = false;
      post({ type: "stopped", reason: `reached ${stopAt} epochs` });
    }
    sendMetrics();
    if (!playing || digits.epoch() !== before || performance.now() - lastEval > EVAL_MS) sendEvaluation();
  } catch (e) {
    fail(e);
    if (digits) {
      sendMetrics();
      sendEvaluation();
    }
    return;
  }
  setTimeout(loop, 0);
}

const handlers = {
  /** source: where the wasm and MNIST come from (digits-source.js's workerSource()). */
  async load({ set, source, config }) {
    await init({ module_or_path: source.wasm });
    const mnist = await loadMnist(source.data, set, (loaded, total) => post({ type: "progress", loaded, total }));
    data = mnist.bytes;
    counts = mnist.counts;
    settings = config;
    build();
    post({ type: "ready", counts, source: mnist.source });
    sendMetrics();
    sendEvaluation();
  },
  play({ epochs }) {
    stopAt = epochs > 0 ? epochs : Infinity;
    if (stopAt !== Infinity && digits.examplesUntil(stopAt) === 0) stopAt = Infinity;
    playing = true;
    lastEval = performance.now();
    loop();
  },
  pause() {
    playing = false;
    sendMetrics();
    sendEvaluation();
  },
  /** Learning rate, its decay, λ and batch size: the weights are kept. */
  settings({ learningRate, batchSize, decay, regularization }) {
    digits.setLearningRate(learningRate);
    digits.setBatchSize(batchSize);
    digits.setLearningRateDecay(decay);
    digits.setRegularization(regularization);
    settings = { ...settings, learningRate, batchSize, decay, regularization };
  },
  /** Activation, cost or init changed: a new network (epoch 0). */
  rebuild({ config }) {
    settings = config;
    build();
    sendMetrics();
    sendEvaluation();
  },
  /**
   * Train only on the first `n` images, their labels shuffled among them when `shuffleSeed`
   * is a number (the Lessons' memorising scene); epoch 0 again. Evaluations then also score
   * that training subset.
   */
  restrict({ n, shuffleSeed }) {
    digits.restrictTraining(n, shuffleSeed ?? null);
    restricted = true;
    counts = digits.counts();
    sendMetrics();
    sendEvaluation();
  },
  /** Test images `from` … `from + count − 1` and their labels (the Lessons' digits to show). */
  images({ from, count }) {
    const n = Math.max(0, Math.min(count, counts.test - from));
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      images.set(digits.testImage(from + i), i * 784);
      labels[i] = digits.testLabel(from + i);
    }
    post({ type: "images", from, images, labels }, [images.buffer, labels.buffer]);
  },
  reset() {
    digits.reset();
    sendMetrics();
    sendEvaluation();
  },
  /** Load parameters (saved file, pretrained, or a backprop step on the page). */
  params({ weights, biases }) {
    weights.forEach((w, i) => digits.setWeights(i + 1, w));
    biases.forEach((b, i) => digits.setBiases(i + 1, b));
    sendMetrics();
    sendEvaluation();
  },
};

self.onmessage = async ({ data: message }) => {
  if (Number.isInteger(message.seq)) heard = message.seq;
  try {
    await handlers[message.type](message);
  } catch (e) {
    fail(e);
  }
};
