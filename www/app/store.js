// The one store of UI/config state, and the one declarative table that maps it to the URL hash.
// Model state (weights, data, epoch) lives only in Rust; this holds what a link must reproduce.
// Defaults come from Rust's defaults(); allowed names from Rust's names().

import { decodeHash, encodeHash, quote, TYPES } from "../lib/hash.js";

export const MAX_HIDDEN_LAYERS = 6;
export const MAX_NEURONS = 8;
export const SPEEDS = ["batch", "epoch", "10epochs", "max"];
export const MODES = ["playground", "backprop", "surface", "digits"];

const oneOf = (list, what) => (v) => (list.includes(v) ? null : `is not a known ${what}`);
const range = (lo, hi) => (v) => (v >= lo && v <= hi ? null : `must be between ${lo} and ${hi}`);
const positive = (v) => (v > 0 ? null : "must be greater than 0");

/**
 * The table: one row per piece of state. `field` names match the Playground config keys so
 * the store's values can be handed to `new Playground(…)` as they are.
 * @param {object} d  defaults() from Rust
 * @param {object} n  names() from Rust
 */
export function makeTable(d, n) {
  const hiddenDefault = Array.from(d.hidden);
  const actsDefault =
    d.activations && d.activations.length === hiddenDefault.length
      ? Array.from(d.activations)
      : hiddenDefault.map(() => d.activation);
  return [
    { key: "dataset", field: "dataset", label: "Dataset", type: "string", default: d.dataset, validate: oneOf(n.datasets, "dataset") },
    { key: "noise", field: "noise", label: "Noise", type: "number", default: d.noise, validate: range(0, 50) },
    { key: "train", field: "trainFraction", label: "Train %", type: "number", default: d.trainFraction, validate: range(10, 90) },
    { key: "seed", field: "seed", label: "Seed", type: "int", default: d.seed, validate: range(0, 4294967295) },
    {
      key: "hidden", field: "hidden", label: "Hidden layers", type: "intList", default: hiddenDefault,
      validate: (v) =>
        v.length > MAX_HIDDEN_LAYERS ? `must be at most ${MAX_HIDDEN_LAYERS} layers`
          : v.every((s) => s >= 1 && s <= MAX_NEURONS) ? null : `must have 1 to ${MAX_NEURONS} neurons per layer`,
    },
    {
      key: "act", field: "activations", label: "Activation", type: "stringList", default: actsDefault,
      validate: (v) => (v.every((a) => n.activations.includes(a)) ? null : "is not a known activation"),
    },
    { key: "outAct", field: "outputActivation", label: "Output activation", type: "string", default: d.outputActivation, validate: oneOf(n.activations, "activation") },
    { key: "cost", field: "cost", label: "Cost C", type: "string", default: d.cost, validate: oneOf(n.costs, "cost") },
    { key: "init", field: "init", label: "Init", type: "string", default: d.init, validate: oneOf(n.inits, "initialisation") },
    { key: "opt", field: "optimizer", label: "Optimizer", type: "string", default: d.optimizer, validate: oneOf(n.optimizers, "optimizer") },
    { key: "lr", field: "learningRate", label: "Learning rate η", type: "number", default: d.learningRate, validate: positive },
    { key: "reg", field: "regularization", label: "Regularization", type: "string", default: d.regularization, validate: oneOf(n.regularizations, "regularization") },
    { key: "regRate", field: "regularizationRate", label: "Regularization rate λ", type: "number", default: d.regularizationRate, validate: range(0, 10) },
    { key: "batch", field: "batchSize", label: "Batch size", type: "int", default: d.batchSize, validate: range(1, 100) },
    { key: "points", field: "customPoints", label: "Custom points", type: "points", default: Array.from(d.customPoints || []) },
    { key: "showTest", field: "showTest", label: "Show test data", type: "bool", default: false },
    // UI only (not a Playground setting): mini-batches per animation frame.
    { key: "speed", field: "speed", label: "Speed", type: "string", default: "epoch", validate: oneOf(SPEEDS, "speed") },
    // UI only: which view is on (the tabs in the header).
    { key: "mode", field: "mode", label: "View", type: "string", default: "playground", validate: oneOf(MODES, "view") },
  ];
}

/** Make the per-hidden-layer activation list as long as the hidden list (pad with the first). */
export function fitActivations(values, fallback) {
  const acts = values.activations.slice(0, values.hidden.length);
  while (acts.length < values.hidden.length) acts.push(acts[0] || fallback);
  return { ...values, activations: acts };
}

/** The store: plain values plus change listeners. set() notifies with the changed fields. */
export class Store {
  constructor(table, values) {
    this.table = table;
    this.values = { ...values };
    this.listeners = [];
  }

  /** Read the hash: { store, notices }. */
  static fromHash(table, hash, fallbackActivation) {
    const { values, notices } = decodeHash(hash, table);
    return { store: new Store(table, fitActivations(values, fallbackActivation)), notices };
  }

  get(field) {
    return this.values[field];
  }

  set(patch) {
    const changed = Object.keys(patch).filter((k) => JSON.stringify(this.values[k]) !== JSON.stringify(patch[k]));
    Object.assign(this.values, patch);
    if (changed.length) for (const f of this.listeners) f(changed);
    return changed;
  }

  subscribe(f) {
    this.listeners.push(f);
  }

  toHash() {
    return encodeHash(this.values, this.table);
  }

  /** The Playground config for the current state. */
  playgroundConfig() {
    return playgroundConfig(this.values);
  }
}

/** The Playground config for a set of store values (only keys the Playground knows). */
export function playgroundConfig(v, gridResolution) {
  const config = {
    dataset: v.dataset, noise: v.noise, trainFraction: v.trainFraction, seed: v.seed,
    hidden: v.hidden.slice(), activations: v.activations.slice(),
    outputActivation: v.outputActivation, cost: v.cost, init: v.init, optimizer: v.optimizer,
    learningRate: v.learningRate, batchSize: v.batchSize, regularization: v.regularization,
    regularizationRate: v.regularizationRate, customPoints: new Float32Array(v.customPoints),
  };
  if (gridResolution) config.gridResolution = gridResolution;
  return config;
}

/** Store fields that are Playground settings (the rest, such as the view, only the page uses). */
export const CONFIG_FIELDS = new Set(Object.keys(playgroundConfig({ hidden: [], activations: [], customPoints: [] })));

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Keep every setting of a link that the core accepts, and only drop the ones it refuses: the
 * table checks each value on its own, but only the core knows every limit and which settings
 * go together (softmax only on the output layer, a label that the data set has, an η that is
 * finite as an f32, …).
 * When `refusal(values)` (the core's message for a set of values it refuses, or null) accepts
 * `values` as they are, they are kept whole. Otherwise the link's settings (the fields in
 * `given`, field → text as written) are put one at a time, in table order, onto `defaults`,
 * each kept if the core still accepts the result; those refused are tried again once the
 * others are in (a setting may need another one that comes after it), and each one left out
 * is named in a notice with the core's reason.
 * Returns { values, notices }.
 * @param {object} values   decoded values (every field), activations fitted to hidden
 * @param {object} defaults the values of an empty link
 * @param {object} given    decodeHash().given
 * @param {(values: object) => string | null} refusal
 * @param {object[]} table
 * @param {string} fallbackActivation
 */
export function settleValues(values, defaults, given, refusal, table, fallbackActivation) {
  if (refusal(values) === null) return { values, notices: [] };
  let working = fitActivations({ ...defaults, ...pick(values, (f) => !CONFIG_FIELDS.has(f)) }, fallbackActivation);
  const waiting = table.filter((row) => CONFIG_FIELDS.has(row.field) && row.field in given && !same(values[row.field], defaults[row.field]));
  const reasons = new Map();
  for (let progress = true; progress && waiting.length; ) {
    progress = false;
    for (const row of [...waiting]) {
      const candidate = fitActivations({ ...working, [row.field]: values[row.field] }, fallbackActivation);
      const why = refusal(candidate);
      if (why === null) {
        working = candidate;
        waiting.splice(waiting.indexOf(row), 1);
        progress = true;
      } else reasons.set(row, why);
    }
  }
  const notices = waiting.map((row) => {
    const shown = TYPES[row.type].serialize(working[row.field]) || "none";
    return `Ignored bad value for ${row.key}: ${quote(given[row.field])} (${reasons.get(row)}) — using ${shown}`;
  });
  return { values: working, notices };
}

function pick(values, keep) {
  return Object.fromEntries(Object.entries(values).filter(([f]) => keep(f)));
}
