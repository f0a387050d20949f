// What the lesson scenes on 3Blue1Brown's digit network share: the pretrained 784-16-16-10
// network and a digit worker, both through app/digits-source.js — the one module that names
// the data folders (in the offline file it serves the same from its own bytes) — so the
// Lessons and the Digits tab read one network and one MNIST. The worker
// (app/digits-worker.js) loads the light MNIST set off the page's thread and gives test digits,
// the test set's score and, for a scene that trains, the training itself.

import { SETS, createWorker, workerSource, pretrainedText } from "../app/digits-source.js";
import { loadNetwork } from "../lib/digits-files.js";

/** The MNIST set lessons load: the light one (10k / 2k), which the offline file also has. */
const SET = SETS.some(([v]) => v === "light") ? "light" : SETS[0][0];

/** The pretrained network: { config (for new Network), weights, biases, notes }. */
export async function pretrainedNetwork() {
  const n = loadNetwork(await pretrainedText());
  return {
    config: { layers: n.layers, activations: n.activations, cost: n.cost, init: "xavier", seed: 1 },
    weights: n.weights,
    biases: n.biases,
    notes: n.notes,
  };
}

/**
 * A digit worker training `network` (a Network config) with the extras module's defaults
 * except `settings` ({ learningRate, batchSize, decay, regularization }); `on` maps the
 * worker's message types ("ready", "metrics", "evaluation", "images", "error", "stopped",
 * "progress") to handlers. Returns { post(message), stop() } (stop ends the worker).
 */
export function digitWorker(x, network, settings, on) {
  const d = x.digitsDefaults();
  const config = {
    network,
    learningRate: d.learningRate,
    batchSize: d.batchSize,
    decay: d.decay,
    regularization: d.regularization,
    ...settings,
  };
  const worker = createWorker();
  worker.onmessage = ({ data }) => on[data.type]?.(data);
  worker.onerror = (e) => on.error?.({ message: e.message || "the digit worker could not start" });
  worker.postMessage({ type: "load", set: SET, source: workerSource(), config });
  return {
    post: (message) => worker.postMessage(message),
    stop: () => worker.terminate(),
  };
}
