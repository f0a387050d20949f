// The one store of UI/config state, and the one declarative table that maps it to the URL hash.
// Model state (weights, data, epoch) lives only in Rust; this holds what a link must reproduce.
// The Playground's keys, defaults and limits are the core's one table (the bindings' defaults()
// and limits()); allowed names come from names(). What this table adds is the link's own: the
// short URL keys, the labels, the page's caps and its UI-only rows.

import { decodeHash, encodeHash, quote, TYPES } from "../lib/hash.js";
import { IMPORTED, importedPoints } from "./imported.js";

/**
 * The page's own caps, tighter than the core's limits(): what the network view draws (8 hidden
 * layers of at most 32 neurons; wide layers drawn compressed, every neuron still pickable), what the controls offer (a batch of at most 100, λ ≤ 10) and the
 * seeds a link writes (below 2³²).
 */
export const UI_CAPS = { hiddenLayers: 8, neurons: 32, batchSize: 100, regularizationRate: 10, seed: 4294967295 };
export const MAX_HIDDEN_LAYERS = UI_CAPS.hiddenLayers;
export const MAX_NEURONS = UI_CAPS.neurons;
export const SPEEDS = ["batch", "epoch", "10epochs", "max"];
export const MODES = ["playground", "backprop", "surface", "digits", "lessons"];
/**
 * Control groups a link or the Presenter toggle can hide (`hide=settings,files`, like TF
 * Playground's per-control keys): the header's settings, the file buttons, the speed, the data
 * column's sliders and point picker, the layer +/− controls, the view tabs. Presenter mode hides
 * PRESENTER_HIDES, leaving the views, the play controls and the tabs for a class.
 */
export const HIDE_GROUPS = ["settings", "files", "speed", "data", "layers", "tabs"];
export const PRESENTER_HIDES = ["settings", "files", "data", "layers"];

const oneOf = (list, what) => (v) => (list.includes(v) ? null : `is not a known ${what}`);
const range = (lo, hi) => (v) => (v >= lo && v <= hi ? null : `must be between ${lo} and ${hi}`);
const above = (lo) => (v) => (v > lo ? null : `must be greater than ${lo}`);
/**
 * The check of a list of input features: at least one, each one the core names, none twice
 * (the core checks them again when it builds the network).
 */
export const featureProblem = (names) => (v) => {
  if (v.length === 0) return `needs at least one input feature (the features are ${names.join(", ")})`;
  const bad = v.find((f) => !names.includes(f));
  if (bad !== undefined) return `names no input feature "${bad}" (the features are ${names.join(", ")})`;
  const twice = v.find((f, i) => v.indexOf(f) !== i);
  return twice === undefined ? null : `lists the input feature "${twice}" twice`;
};
/** The tighter of the core's greatest value (absent: none) and the page's cap. */
const capped = (max, cap) => (max === undefined ? cap : Math.min(max, cap));
const copy = (v) => (Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v) : v);

/** The rows only the page uses (not Playground settings): what it shows, not what the core builds. */
const UI_ROWS = [
  { key: "showTest", field: "showTest", label: "Show test data", type: "bool", default: false, ui: true },
  // Mini-batches per animation frame.
  { key: "speed", field: "speed", label: "Speed", type: "string", default: "epoch", validate: oneOf(SPEEDS, "speed"), ui: true },
  // Which view is on (the tabs in the header).
  { key: "mode", field: "mode", label: "View", type: "string", default: "playground", validate: oneOf(MODES, "view"), ui: true },
  // The Lessons tab's chapter (the video's number) and scene, from 1 (lessons/mode.js says
  // which exist and shows the nearest one, with a notice, for a link past the end).
  { key: "lesson", field: "lesson", label: "Lesson", type: "int", default: 1, validate: range(1, 4), ui: true },
  { key: "scene", field: "scene", label: "Scene", type: "int", default: 1, validate: range(1, 99), ui: true },
  // Presenter mode and the groups of controls a link hides (see HIDE_GROUPS).
  { key: "presenter", field: "presenter", label: "Presenter", type: "bool", default: false, ui: true },
  {
    key: "hide", field: "hide", label: "Hidden controls", type: "stringList", default: [], ui: true,
    validate: (v) => {
      const bad = v.find((g) => !HIDE_GROUPS.includes(g));
      return bad === undefined ? null : `names no control group "${bad}" (the groups are ${HIDE_GROUPS.join(", ")})`;
    },
  },
];
const UI_FIELDS = new Set(UI_ROWS.map((row) => row.field));

/**
 * The table: one row per piece of state. `field` names the Playground config key (the rows
 * without `ui`), so the store's values can be handed to `new Playground(…)` as they are; each
 * such row's default is the core's (defaults()) and its range the core's (limits()), capped by
 * the page's UI_CAPS.
 * @param {object} d  defaults() from Rust
 * @param {object} n  names() from Rust
 * @param {object} l  limits() from Rust: { field: { min?, max?, above?, maxLength? } }
 */
export function makeTable(d, n, l) {
  if (!l || typeof l !== "object") throw new Error("makeTable needs the core's limits() beside its defaults() and names()");
  const limit = (field) => {
    if (!l[field]) throw new Error(`the core's limits() has no ${field}`);
    return l[field];
  };
  const hidden = limit("hidden");
  const most = { layers: capped(hidden.maxLength, UI_CAPS.hiddenLayers), neurons: capped(hidden.max, UI_CAPS.neurons) };
  const config = [
    { key: "dataset", field: "dataset", label: "Dataset", type: "string", validate: oneOf(n.datasets, "dataset") },
    { key: "noise", field: "noise", label: "Noise", type: "number", validate: range(limit("noise").min, limit("noise").max) },
    { key: "train", field: "trainFraction", label: "Train %", type: "number", validate: range(limit("trainFraction").min, limit("trainFraction").max) },
    { key: "seed", field: "seed", label: "Seed", type: "int", validate: range(limit("seed").min, capped(limit("seed").max, UI_CAPS.seed)) },
    // The input features (issue 15): "features=x1,x2,x1sq", the core's names (names().features).
    { key: "features", field: "features", label: "Input features", type: "stringList", validate: featureProblem(n.features) },
    {
      key: "hidden", field: "hidden", label: "Hidden layers", type: "intList",
      validate: (v) =>
        v.length > most.layers ? `must be at most ${most.layers} layers`
          : v.every((s) => s >= hidden.min && s <= most.neurons) ? null : `must have ${hidden.min} to ${most.neurons} neurons per layer`,
    },
    {
      key: "act", field: "activations", label: "Activation", type: "stringList",
      validate: (v) => (v.every((a) => n.activations.includes(a)) ? null : "is not a known activation"),
    },
    { key: "outAct", field: "outputActivation", label: "Output activation", type: "string", validate: oneOf(n.activations, "activation") },
    { key: "cost", field: "cost", label: "Cost C", type: "string", validate: oneOf(n.costs, "cost") },
    { key: "init", field: "init", label: "Init", type: "string", validate: oneOf(n.inits, "initialisation") },
    { key: "opt", field: "optimizer", label: "Optimizer", type: "string", validate: oneOf(n.optimizers, "optimizer") },
    { key: "lr", field: "learningRate", label: "Learning rate η", type: "number", validate: above(limit("learningRate").above) },
    { key: "reg", field: "regularization", label: "Regularization", type: "string", validate: oneOf(n.regularizations, "regularization") },
    {
      key: "regRate", field: "regularizationRate", label: "Regularization rate λ", type: "number",
      validate: range(limit("regularizationRate").min, capped(limit("regularizationRate").max, UI_CAPS.regularizationRate)),
    },
    { key: "batch", field: "batchSize", label: "Batch size", type: "int", validate: range(limit("batchSize").min, capped(limit("batchSize").max, UI_CAPS.batchSize)) },
    { key: "points", field: "customPoints", label: "Custom points", type: "points" },
  ].map((row) => {
    if (!(row.field in d)) throw new Error(`the core's defaults() has no ${row.field}`);
    return { ...row, default: copy(d[row.field]) };
  });
  const acts = config.find((row) => row.field === "activations");
  const hiddenDefault = config.find((row) => row.field === "hidden").default;
  if (acts.default.length !== hiddenDefault.length) acts.default = hiddenDefault.map(() => d.activation);
  return [...config, ...UI_ROWS];
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

/**
 * The Playground config for a set of store values: every field but the UI-only ones (the
 * table's Playground rows), lists copied, the custom points as a Float32Array.
 */
export function playgroundConfig(v, gridResolution) {
  const config = {};
  for (const [field, value] of Object.entries(v)) {
    if (!UI_FIELDS.has(field)) config[field] = Array.isArray(value) ? value.slice() : value;
  }
  // An imported data set's points live outside the link (app/imported.js).
  config.customPoints = IMPORTED.has(v.dataset) ? importedPoints(v.dataset) : new Float32Array(v.customPoints || []);
  if (gridResolution) config.gridResolution = gridResolution;
  return config;
}

/** Whether a store field is a Playground setting (the rest, such as the view, only the page uses). */
const isConfig = (field) => !UI_FIELDS.has(field);

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
  let working = fitActivations({ ...defaults, ...pick(values, (f) => !isConfig(f)) }, fallbackActivation);
  const waiting = table.filter((row) => !row.ui && row.field in given && !same(values[row.field], defaults[row.field]));
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
