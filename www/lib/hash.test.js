import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeHash, encodeHash, readParts, quote, summarizeNotices, validateValue, MAX_HASH_LENGTH, TYPES } from "./hash.js";
import { makeTable, Store, fitActivations, settleValues, playgroundConfig, UI_CAPS } from "../app/store.js";
import { rng } from "../../tests/rng.mjs";

// Stand-ins for Rust's defaults(), names() and limits(): the table is built from whatever Rust says.
const D = {
  dataset: "circle", points: 500, noise: 0, trainFraction: 50, features: ["x1", "x2"], hidden: [4, 2], activation: "tanh",
  activations: ["tanh", "tanh"], outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1,
  optimizer: "sgd", learningRate: 0.03, batchSize: 10, regularization: "none", regularizationRate: 0,
  gridResolution: 48, customPoints: [],
};
const N = {
  activations: ["sigmoid", "tanh", "relu", "leakyRelu", "linear", "softmax"], costs: ["quadratic", "crossEntropy"],
  inits: ["normal", "xavier", "he", "uniform", "zeros"], optimizers: ["sgd", "momentum", "adam"],
  regularizations: ["none", "l1", "l2"], datasets: ["circle", "xor", "gaussian", "spiral", "plane", "multiGaussian", "threeClass", "custom"],
  features: ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"],
};
const L = {
  points: { min: 2, max: 5000 }, noise: { min: 0, max: 50 }, trainFraction: { min: 10, max: 90 },
  hidden: { min: 1, max: 1024, maxLength: 8 }, seed: { min: 0, max: 9e15 }, learningRate: { above: 0 },
  batchSize: { min: 1, max: 5000 }, regularizationRate: { min: 0 }, gridResolution: { min: 2, max: 256 },
};
const table = makeTable(D, N, L);

test("the table's ranges are the core's limits(), capped by the page's own UI_CAPS", () => {
  const row = (t, field) => t.find((r) => r.field === field);
  // The core's range as it is, and the tighter of the core's and the page's where both exist.
  assert.equal(validateValue(row(table, "noise"), 50), null);
  assert.equal(validateValue(row(table, "noise"), 55), "must be between 0 and 50");
  assert.equal(validateValue(row(table, "batchSize"), 101), `must be between 1 and ${UI_CAPS.batchSize}`);
  assert.equal(validateValue(row(table, "learningRate"), 0), "must be greater than 0");
  // Another core (narrower limits) gives another table: nothing here restates them.
  const narrow = makeTable(D, N, { ...L, noise: { min: 5, max: 20 }, batchSize: { min: 2, max: 8 }, learningRate: { above: 0.5 }, hidden: { min: 2, max: 3, maxLength: 2 } });
  assert.equal(validateValue(row(narrow, "noise"), 25), "must be between 5 and 20");
  assert.equal(validateValue(row(narrow, "noise"), 5), null);
  assert.equal(validateValue(row(narrow, "batchSize"), 9), "must be between 2 and 8");
  assert.equal(validateValue(row(narrow, "learningRate"), 0.5), "must be greater than 0.5");
  assert.equal(validateValue(row(narrow, "hidden"), [2, 2, 2]), "must be at most 2 layers");
  assert.equal(validateValue(row(narrow, "hidden"), [4]), "must have 2 to 3 neurons per layer");
  // Every Playground row's default is the core's, and each row needs the core to know its key.
  for (const r of table.filter((r) => !r.ui)) assert.deepEqual(r.default, D[r.field], r.field);
  assert.throws(() => makeTable(D, N), /limits\(\)/);
  assert.throws(() => makeTable(Object.fromEntries(Object.entries(D).filter(([k]) => k !== "noise")), N, L), /defaults\(\) has no noise/);
  assert.throws(() => makeTable(D, N, { ...L, noise: undefined }), /limits\(\) has no noise/);
});

test("playgroundConfig hands the core every Playground field and none of the page's own", () => {
  const values = decodeHash("#speed=max&mode=backprop&showTest=1&points=0.5,0.5,1", table).values;
  const config = playgroundConfig(values, 2);
  assert.deepEqual(Object.keys(config).sort(), [...table.filter((r) => !r.ui).map((r) => r.field), "gridResolution"].sort());
  assert.ok(config.customPoints instanceof Float32Array);
  assert.deepEqual(Array.from(config.customPoints), [0.5, 0.5, 1]);
  config.hidden.push(9);
  assert.deepEqual(values.hidden, [4, 2], "lists are copies");
});

test("an empty hash gives Rust's defaults and no notice", () => {
  const { values, notices } = decodeHash("", table);
  assert.deepEqual(notices, []);
  assert.equal(values.learningRate, 0.03);
  assert.deepEqual(values.hidden, [4, 2]);
  assert.deepEqual(values.activations, ["tanh", "tanh"]);
  assert.equal(values.showTest, false);
});

test("every field survives encode then decode", () => {
  const values = {
    ...decodeHash("", table).values,
    dataset: "spiral", noise: 25, trainFraction: 70, seed: 12345, hidden: [8, 3, 1],
    activations: ["relu", "tanh", "sigmoid"], outputActivation: "tanh", cost: "crossEntropy",
    init: "he", optimizer: "adam", learningRate: 0.001, regularization: "l2", regularizationRate: 0.01,
    batchSize: 25, customPoints: [0.5, -0.25, 1, -0.125, 0.75, 0], showTest: true, features: ["x1sq", "x2sq", "sinx1"],
  };
  const again = decodeHash("#" + encodeHash(values, table), table);
  assert.deepEqual(again.notices, []);
  assert.deepEqual(again.values, values);
});

test("a bad value falls back to the default with a notice naming key, text and default", () => {
  const { values, notices } = decodeHash("#lr=abc&noise=10", table);
  assert.equal(values.learningRate, 0.03);
  assert.equal(values.noise, 10, "good keys beside a bad one still apply");
  assert.equal(notices.length, 1);
  assert.match(notices[0], /Ignored bad value for lr: 'abc'/);
  assert.match(notices[0], /using 0\.03/);
});

test("out-of-range and unknown names are bad values too", () => {
  const { values, notices } = decodeHash("#noise=99&dataset=moon&hidden=4,0&act=tanh,sigmoidd&lr=0&batch=2.5", table);
  assert.equal(values.noise, 0);
  assert.equal(values.dataset, "circle");
  assert.deepEqual(values.hidden, [4, 2]);
  assert.deepEqual(values.activations, ["tanh", "tanh"]);
  assert.equal(values.learningRate, 0.03);
  assert.equal(values.batchSize, 10);
  assert.equal(notices.length, 6);
});

test("an unknown key is named in a notice and changes nothing else", () => {
  const { values, notices } = decodeHash("#frobnicate=7&lr=0.1&layers=3", table);
  assert.deepEqual(notices, ["Ignored unknown setting 'frobnicate'", "Ignored unknown setting 'layers'"]);
  assert.equal(values.learningRate, 0.1);
  assert.deepEqual(values.hidden, [4, 2]);
});

test("numbers reject trailing junk, Infinity and NaN", () => {
  for (const s of ["1x", "Infinity", "NaN", "", "0x10", "1e999"]) assert.throws(() => TYPES.number.parse(s), s);
  assert.equal(TYPES.number.parse("1e-3"), 0.001);
  assert.equal(TYPES.number.parse("-.5"), -0.5);
});

test("custom points encode as x,y,label triples", () => {
  assert.equal(TYPES.points.serialize([0.5, -1, 1, 0, 0.25, 0]), "0.5,-1,1;0,0.25,0");
  assert.deepEqual(TYPES.points.parse("0.5,-1,1;0,0.25,0"), [0.5, -1, 1, 0, 0.25, 0]);
  assert.throws(() => TYPES.points.parse("0.5,1"));
});

test("an empty hidden list means no hidden layer", () => {
  const { values, notices } = decodeHash("#hidden=&act=", table);
  assert.deepEqual(notices, []);
  assert.deepEqual(values.hidden, []);
});

test("readParts tolerates a leading '#', empty pairs and percent-encoding, and names a part without '='", () => {
  const { parts, notices } = readParts("#a=1&&b=%27x%27&c& &d=");
  assert.deepEqual(parts.map((p) => [p.key, p.value]), [["a", "1"], ["b", "'x'"], ["d", ""]]);
  assert.equal(notices.length, 1);
  assert.match(notices[0].text, /Ignored 'c': a setting is written key=value/);
});

test("activations are padded or cut to the number of hidden layers", () => {
  const v = fitActivations({ hidden: [3, 3, 3], activations: ["relu"] }, "tanh");
  assert.deepEqual(v.activations, ["relu", "relu", "relu"]);
  assert.deepEqual(fitActivations({ hidden: [3], activations: ["relu", "tanh"] }, "tanh").activations, ["relu"]);
});

test("the store notifies only fields that changed and writes the hash", () => {
  const { store } = Store.fromHash(table, "#lr=0.1", "tanh");
  const seen = [];
  store.subscribe((changed) => seen.push(changed));
  store.set({ learningRate: 0.1, noise: 5 });
  assert.deepEqual(seen, [["noise"]]);
  assert.match(store.toHash(), /(^|&)lr=0\.1(&|$)/);
  assert.match(store.toHash(), /(^|&)noise=5(&|$)/);
  assert.ok(store.playgroundConfig().customPoints instanceof Float32Array);
});

// ---- links that are broken in one place: the rest of the link still applies -----------------------

const defaultsOf = () => decodeHash("", table).values;

test("a stray '%' spoils only its own part (issue 10: '#dataset=xor&%%%')", () => {
  const { values, notices } = decodeHash("#dataset=xor&%%%", table);
  assert.equal(values.dataset, "xor");
  assert.deepEqual(notices, ["Ignored '%%%': it is not valid percent-encoding"]);
});

test("a key cut off in the middle of a UTF-8 escape is named and ignored ('#%E0%A4%A=1&dataset=gaussian')", () => {
  const { values, notices } = decodeHash("#%E0%A4%A=1&dataset=gaussian", table);
  assert.equal(values.dataset, "gaussian");
  assert.deepEqual(notices, ["Ignored '%E0%A4%A=1': it is not valid percent-encoding"]);
});

test("'%' at the end, '%zz', an encoded lone surrogate and a bad byte each name their part", () => {
  const cases = [
    ["#seed=5&lr=0.1%", "'lr=0.1%'"],
    ["#seed=5&lr=%zz", "'lr=%zz'"],
    ["#seed=5&dataset=%ED%A0%80", "'dataset=%ED%A0%80'"],
    ["#seed=5&%FF=1", "'%FF=1'"],
    ["#seed=5&%", "'%'"],
  ];
  for (const [hash, named] of cases) {
    const { values, notices } = decodeHash(hash, table);
    assert.equal(values.seed, 5, hash);
    assert.equal(notices.length, 1, hash);
    assert.ok(notices[0].includes(named), `${hash}: ${notices[0]}`);
    assert.match(notices[0], /not valid percent-encoding/);
  }
});

test("a raw lone surrogate in a key or a value is a bad part like any other", () => {
  const { values, notices } = decodeHash("#lr=0.1\uD800&\uDC00x=1&seed=4", table);
  assert.equal(values.learningRate, 0.03);
  assert.equal(values.seed, 4);
  assert.equal(notices.length, 2);
  assert.ok(notices[0].includes("'0.1\uD800'"), notices[0]);
  assert.ok(notices[1].includes("unknown setting '\uDC00x'"), notices[1]);
});

test("a hash of only '#', or only '&'s, is the defaults without a notice", () => {
  for (const hash of ["#", "", "#&&&", "&"]) {
    const { values, notices } = decodeHash(hash, table);
    assert.deepEqual(notices, [], hash);
    assert.deepEqual(values, defaultsOf(), hash);
  }
});

test("a repeated key: the last good value is used, every other one is named", () => {
  const { values, notices } = decodeHash("#lr=0.5&seed=3&lr=0.1&lr=abc", table);
  assert.equal(values.learningRate, 0.1);
  assert.equal(values.seed, 3);
  assert.deepEqual(notices, [
    "Ignored 'lr=0.5': lr is given more than once — using 0.1",
    "Ignored bad value for lr: 'abc' (not a number) — using 0.1",
  ]);
});

test("an empty key and a key without '=' are named; 'hidden=' (no hidden layer) is not", () => {
  const { values, notices } = decodeHash("#=5&dataset&hidden=&seed=2", table);
  assert.deepEqual(values.hidden, []);
  assert.equal(values.dataset, "circle");
  assert.equal(values.seed, 2);
  assert.deepEqual(notices, ["Ignored '=5': there is no setting name before '='", "Ignored 'dataset': a setting is written key=value"]);
});

test("spaces around keys, values and list items are dropped; '+' stays a '+'", () => {
  const { values, notices } = decodeHash("# lr = 0.25 &hidden=8,%203&act=relu%20,%20tanh&seed=+7&dataset=spiral+xor&noise=1e+1", table);
  assert.equal(values.learningRate, 0.25);
  assert.deepEqual(values.hidden, [8, 3]);
  assert.deepEqual(values.activations, ["relu", "tanh"]);
  assert.equal(values.seed, 7, "'+7' is the number 7");
  assert.equal(values.noise, 10, "1e+1 keeps its '+'");
  assert.equal(values.dataset, "circle");
  assert.deepEqual(notices, ["Ignored bad value for dataset: 'spiral+xor' (is not a known dataset) — using circle"]);
});

test("a very long link is read up to MAX_HASH_LENGTH, and the cut is named", () => {
  const points = Array.from({ length: 10000 }, (_, i) => `0.${i % 10},-0.5,${i % 2}`).join(";");
  const hash = `#dataset=xor&seed=8&points=${points}&lr=0.1`;
  assert.ok(hash.length > MAX_HASH_LENGTH);
  const { values, notices } = decodeHash(hash, table);
  assert.equal(values.dataset, "xor");
  assert.equal(values.seed, 8);
  assert.deepEqual(values.customPoints, [], "the part cut in two is not used");
  assert.equal(values.learningRate, 0.03, "what comes after the limit is not read");
  assert.equal(notices.length, 1);
  assert.match(notices[0], new RegExp(`Ignored the end of the link from 'points=0\\.0,-0\\.5,0;.*…': it is ${hash.length - 1} characters long and only the first ${MAX_HASH_LENGTH} are read`));
});

test("a long bad part is quoted cut to 40 characters", () => {
  const { notices } = decodeHash(`#lr=${"9".repeat(500)}x`, table);
  assert.equal(notices.length, 1);
  assert.ok(notices[0].includes(`'${"9".repeat(40)}…'`), notices[0]);
  assert.ok(notices[0].length < 150);
});

test("quote never splits a surrogate pair", () => {
  assert.equal(quote("😀".repeat(41)), `'${"😀".repeat(40)}…'`);
});

test("summarizeNotices keeps short lists and collapses long ones into a count", () => {
  assert.deepEqual(summarizeNotices(["a", "b"], 3), ["a", "b"]);
  assert.deepEqual(summarizeNotices(["a", "b", "c", "d", "e"], 3), ["a", "b", "… and 3 more problems in the link"]);
});

// ---- property tests: thousands of random and mutated links ------------------------------------


// Characters of random text: ASCII, accents, Cyrillic, CJK, emoji (astral), combining marks,
// zero-width and direction marks, NBSP, and lone surrogates. Never '&' (it splits parts) or '%'.
const CHARS = [
  ..."abcxyzABC019.,;:-_+!~*'()[]/? =", "é", "ü", "ж", "中", "文", "😀", "🧠", "\u0301", "\u200d", "\u200f", "\u00a0",
  "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFEFF", "\u0000", "\n",
];
// At least one of these makes a text that is no number, no known name and not blank.
const SURE = ["é", "ж", "中", "😀", "\uD800", "\uDC00"];
function randomText(r, { noEquals = false } = {}) {
  const chars = noEquals ? CHARS.filter((c) => c !== "=") : CHARS;
  const out = [];
  const n = r.below(8);
  for (let i = 0; i < n; i++) out.push(r.pick(chars));
  out.splice(r.below(out.length + 1), 0, r.pick(SURE));
  return out.join("");
}
const hasLoneSurrogate = (s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

// Good parts: [key as written, value as written, field, the value the page must use].
const GOOD = [
  ["dataset", "spiral", "dataset", "spiral"], ["dataset", "%73piral", "dataset", "spiral"], ["dataset", "xor", "dataset", "xor"],
  ["dataset", "threeClass", "dataset", "threeClass"], ["%64ataset", "gaussian", "dataset", "gaussian"],
  ["noise", "15", "noise", 15], ["noise", " 2.5 ", "noise", 2.5], ["noise", "%2050", "noise", 50],
  ["train", "70", "trainFraction", 70], ["train", "1e1", "trainFraction", 10],
  ["seed", "9", "seed", 9], ["seed", "+4294967295", "seed", 4294967295], ["seed", "0", "seed", 0],
  ["hidden", "8,8", "hidden", [8, 8]], ["hidden", "", "hidden", []], ["hidden", "3, 1,2", "hidden", [3, 1, 2]], ["hidden", "8%2C3", "hidden", [8, 3]],
  ["act", "relu,tanh", "activations", ["relu", "tanh"]], ["act", "sigmoid", "activations", ["sigmoid"]], ["act", "", "activations", []],
  ["outAct", "tanh", "outputActivation", "tanh"], ["outAct", "softmax", "outputActivation", "softmax"],
  ["cost", "crossEntropy", "cost", "crossEntropy"], ["init", "he", "init", "he"], ["opt", "adam", "optimizer", "adam"],
  ["lr", "0.1", "learningRate", 0.1], ["lr", "1e-3", "learningRate", 0.001], ["lr", "1e308", "learningRate", 1e308], ["l%72", ".5", "learningRate", 0.5],
  ["reg", "l2", "regularization", "l2"], ["regRate", "0.01", "regularizationRate", 0.01],
  ["batch", "25", "batchSize", 25], ["batch", "100", "batchSize", 100],
  ["points", "0.5,-0.25,1;0,0,0", "customPoints", [0.5, -0.25, 1, 0, 0, 0]], ["points", "0,0,5", "customPoints", [0, 0, 5]], ["points", "", "customPoints", []],
  ["showTest", "true", "showTest", true], ["showTest", "0", "showTest", false],
  ["speed", "max", "speed", "max"], ["mode", "backprop", "mode", "backprop"], [" mode ", "surface", "mode", "surface"],
];
// Values the table refuses, per key (never one that is good after trimming).
const BAD_VALUES = {
  dataset: ["moon", "Spiral", "", "spiral,xor"], noise: ["51", "-1", "x", ""], train: ["5", "95", "50%25"],
  seed: ["-1", "1.5", "4294967296", "0x10"], hidden: ["4,0", "33", "1,2,3,4,5,6,7,8,9", "a", "4,,2", "4,"],
  act: ["softmaxx", "tanh,,relu", "RELU"], outAct: ["x", ""], cost: ["mse"], init: ["glorot"], opt: ["rmsprop"],
  lr: ["abc", "0", "-1", "1e999", "NaN", "", "Infinity", "1,2"], reg: ["l3"], regRate: ["11", "-0.1"],
  batch: ["0", "101", "2.5"], points: ["1,2", "a,b,c", "0,0", "0,0,0;"], showTest: ["yes", "2", ""],
  speed: ["fast"], mode: ["x", "Playground"],
};
const KEYS = Object.keys(BAD_VALUES);
// Escapes that are never valid, wherever they stand …
const ALWAYS_BAD = ["%zz", "%z", "%%", "%FF", "%ED%A0%80", "%C0%AF", "%-1", "%\u00e9"];
// … and ones that are only incomplete at the end of a part (a hex digit after them could complete them).
const BAD_AT_END = ["%", "%E0%A4%A", "%E2%82", "%C3", "%4"];

/**
 * A random link made of good and bad parts, and what the page must make of it:
 * { hash, expected: { field: value } (the good parts kept), named: [text a notice must contain] }.
 */
function randomLink(r) {
  const parts = []; // { raw, good?: [field, value], named?: string }
  const keys = r.shuffle([...new Set(GOOD.map((g) => g[2]))]).slice(0, r.below(8));
  for (const field of keys) {
    const choices = GOOD.filter((g) => g[2] === field);
    const g = r.pick(choices);
    // now and then the same key twice with two good values: the later one is used
    if (r.chance(0.15)) {
      const other = r.pick(choices);
      if (JSON.stringify(other[3]) !== JSON.stringify(g[3])) parts.push({ raw: `${other[0]}=${other[1]}`, good: [field, other[3]] });
    }
    parts.push({ raw: `${g[0]}=${g[1]}`, good: [field, g[3]] });
  }
  const badCount = r.below(7);
  for (let i = 0; i < badCount; i++) parts.push(randomBadPart(r));
  r.shuffle(parts);
  // the later of two good values of a field is used, the earlier one is named
  const expected = {};
  const named = [];
  for (const p of parts) if (p.good) expected[p.good[0]] = p.good[1];
  const seen = new Map();
  parts.forEach((p, i) => p.good && seen.set(p.good[0], i));
  parts.forEach((p, i) => {
    if (p.good && seen.get(p.good[0]) !== i) {
      const [k, ...v] = p.raw.split("=");
      named.push(quote(`${decodeURIComponent(k).trim()}=${decodeURIComponent(v.join("=")).trim()}`));
    }
    if (p.named) named.push(p.named);
  });
  const glue = parts.map((p) => p.raw);
  if (r.chance(0.2)) glue.splice(r.below(glue.length + 1), 0, ""); // an empty part: "a=1&&b=2"
  return { hash: (r.chance(0.8) ? "#" : "") + glue.join("&"), expected, named, parts };
}

/** A part the page must name and not use: { raw, named }. */
function randomBadPart(r) {
  const kind = r.below(6);
  if (kind === 0) {
    // malformed percent-encoding, in a good part or in random text
    const base = r.chance(0.6) ? (([k, v]) => `${k}=${v}`)(r.pick(GOOD)) : `${randomText(r, { noEquals: true })}=${randomText(r)}`;
    let raw;
    if (r.chance(0.5)) raw = base + r.pick(BAD_AT_END);
    else {
      const at = r.below(base.length + 1);
      raw = base.slice(0, at) + r.pick(ALWAYS_BAD) + base.slice(at);
    }
    return { raw, named: quote(raw) };
  }
  if (kind === 1) {
    // an unknown key, in plain words or random unicode
    const key = r.chance(0.5) ? r.pick(["layers", "LR", "learningRate", "data set", "hidden2", "foo", "__proto__", "constructor"]) : randomText(r, { noEquals: true });
    return { raw: `${key}=${r.chance(0.5) ? "3" : randomText(r)}`, named: `unknown setting ${quote(key.trim())}` };
  }
  if (kind === 2 || kind === 3) {
    // a bad value for a known key: from the list, or random unicode, sometimes percent-encoded
    const key = r.pick(KEYS);
    const value = kind === 2 ? r.pick(BAD_VALUES[key]) : randomText(r);
    const written = r.chance(0.3) && !hasLoneSurrogate(value) ? encodeURIComponent(value) : value;
    return { raw: `${key}=${written}`, named: `Ignored bad value for ${key}: ${quote(decodeURIComponent(written).trim())}` };
  }
  if (kind === 4) {
    // a key without '='
    const key = r.chance(0.5) ? r.pick(KEYS) : randomText(r, { noEquals: true });
    return { raw: key, named: quote(key) };
  }
  // an empty key
  const blank = r.pick(["", " ", "%20", "\u00a0"]);
  const value = r.pick(["5", "", "x", "spiral"]);
  return { raw: `${blank}=${value}`, named: quote(`${decodeURIComponent(blank)}=${value}`) };
}

test("property: 5000 links of good and bad parts: no throw, every bad part named, every good part kept", () => {
  const seed = 20261201;
  const r = rng(seed);
  const defaults = defaultsOf();
  for (let n = 0; n < 5000; n++) {
    const { hash, expected, named } = randomLink(r);
    const where = `case ${n} (seed ${seed}): ${JSON.stringify(hash)}`;
    let out;
    assert.doesNotThrow(() => (out = decodeHash(hash, table)), where);
    const { values, notices } = out;
    for (const name of named) assert.ok(notices.some((t) => t.includes(name)), `${where}: no notice names ${JSON.stringify(name)} in ${JSON.stringify(notices)}`);
    assert.equal(notices.length, named.length, `${where}: one notice per bad part, none for good ones: ${JSON.stringify(notices)}`);
    for (const row of table) {
      const want = row.field in expected ? expected[row.field] : defaults[row.field];
      assert.deepEqual(values[row.field], want, `${where}: ${row.field}`);
    }
    assert.doesNotThrow(() => encodeHash(fitActivations(values, "tanh"), table), where);
  }
});

test("property: 3000 mutated good links and random strings never throw; each unused part is named", () => {
  const seed = 7;
  const r = rng(seed);
  const defaults = defaultsOf();
  for (let n = 0; n < 3000; n++) {
    // a good link from random good values, then mutated: characters deleted, duplicated,
    // replaced by random ones, or bad escapes put in; or plain random text with '&'s and '='s
    let hash;
    if (r.chance(0.7)) {
      const v = { ...defaults };
      for (const g of GOOD) if (r.chance(0.2)) v[g[2]] = g[3];
      hash = "#" + encodeHash(v, table);
      const chars = Array.from(hash);
      for (let m = r.below(6); m >= 0; m--) {
        const at = r.below(chars.length + 1);
        const op = r.below(4);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, chars[at] ?? "%");
        else if (op === 2) chars.splice(at, 1, r.pick(CHARS));
        else chars.splice(at, 0, r.pick([...ALWAYS_BAD, ...BAD_AT_END, "&", "=", "#", "+"]));
      }
      hash = chars.join("");
    } else {
      const len = r.below(40);
      hash = Array.from({ length: len }, () => r.pick([...CHARS, "&", "&", "=", "%", "%2", "%41", "#"])).join("");
    }
    const where = `case ${n} (seed ${seed}): ${JSON.stringify(hash)}`;
    let out;
    assert.doesNotThrow(() => (out = decodeHash(hash, table)), where);
    const { values, given, notices } = out;
    // every value is one the table accepts
    for (const row of table) {
      const v = values[row.field];
      if (JSON.stringify(v) === JSON.stringify(row.default)) continue;
      assert.equal(row.validate ? row.validate(v) : null, null, `${where}: ${row.field} = ${JSON.stringify(v)}`);
    }
    // each non-empty part is either the one value used for its key or named in a notice
    const body = hash.startsWith("#") ? hash.slice(1) : hash;
    const partCount = body.split("&").filter((p) => p.trim() !== "").length;
    assert.equal(notices.length, partCount - Object.keys(given).length, `${where}: ${JSON.stringify(notices)}`);
    for (const t of notices) assert.equal(typeof t, "string");
  }
});

// ---- what the core refuses: settleValues keeps the rest ----------------------------------------

/**
 * A stand-in for the core's checks (the real ones are exercised by tests/browser/url.test.mjs and
 * hash-fuzz.test.mjs): η finite as an f32, softmax only on the output layer and there only with
 * the cross-entropy cost, labels 0/1 (0..2 for threeClass), points inside [−1, 1]².
 */
function fakeCore(v) {
  if (!(v.learningRate < 3.4e38)) return `the learning rate η must be a positive finite number, not ${v.learningRate}`;
  if (v.activations.includes("softmax")) return "softmax can only be the output layer's activation";
  if (v.outputActivation === "softmax" && v.cost !== "crossEntropy") return "softmax needs the cross-entropy cost";
  const classes = v.dataset === "threeClass" ? 3 : 2;
  for (let i = 0; i + 2 < v.customPoints.length; i += 3) {
    const [x, y, label] = v.customPoints.slice(i, i + 3);
    if (Math.abs(x) > 1 || Math.abs(y) > 1) return `a point must lie in [−1, 1]², not (${x}, ${y})`;
    if (!Number.isInteger(label) || label < 0 || label >= classes) return `the label ${label} is not a class of this data set`;
  }
  return null;
}

function settle(hash, refusal = fakeCore) {
  const d = decodeHash(hash, table);
  const defaults = fitActivations(defaultsOf(), "tanh");
  const s = settleValues(fitActivations(d.values, "tanh"), defaults, d.given, refusal, table, "tanh");
  return { values: s.values, notices: [...d.notices, ...s.notices] };
}

test("one setting the core refuses leaves the rest of the link in place (issue 10: lr=1e308)", () => {
  const { values, notices } = settle("#dataset=spiral&hidden=8,8&seed=9&lr=1e308");
  assert.equal(values.dataset, "spiral");
  assert.deepEqual(values.hidden, [8, 8]);
  assert.equal(values.seed, 9);
  assert.equal(values.learningRate, 0.03);
  assert.deepEqual(notices, ["Ignored bad value for lr: '1e308' (the learning rate η must be a positive finite number, not 1e+308) — using 0.03"]);
});

test("act=softmax, points=0,0,5 and points=1e9,1e9,1 are each dropped alone, with the core's reason", () => {
  let s = settle("#act=softmax&dataset=xor&seed=4");
  assert.deepEqual([s.values.dataset, s.values.seed, s.values.activations], ["xor", 4, ["tanh", "tanh"]]);
  assert.deepEqual(s.notices, ["Ignored bad value for act: 'softmax' (softmax can only be the output layer's activation) — using tanh,tanh"]);
  s = settle("#points=0,0,5&hidden=3");
  assert.deepEqual([s.values.customPoints, s.values.hidden], [[], [3]]);
  assert.match(s.notices[0], /^Ignored bad value for points: '0,0,5' \(the label 5 is not a class of this data set\) — using none$/);
  s = settle("#dataset=custom&points=1e9,1e9,1");
  assert.deepEqual([s.values.dataset, s.values.customPoints], ["custom", []]);
  assert.match(s.notices[0], /^Ignored bad value for points: '1e9,1e9,1' \(a point must lie/);
});

test("a setting that needs one after it in the table is tried again once that one is in", () => {
  // outAct=softmax alone is refused (the default cost is quadratic); with cost=crossEntropy it is fine
  const { values, notices } = settle("#outAct=softmax&dataset=threeClass&cost=crossEntropy&lr=1e39");
  assert.deepEqual([values.outputActivation, values.cost, values.dataset], ["softmax", "crossEntropy", "threeClass"]);
  assert.equal(notices.length, 1);
  assert.match(notices[0], /^Ignored bad value for lr: '1e39'/);
});

test("a link the core accepts whole is checked once and kept as it is", () => {
  let calls = 0;
  const { values, notices } = settle("#dataset=xor&hidden=3&lr=0.5", (v) => (calls++, fakeCore(v)));
  assert.equal(calls, 1);
  assert.deepEqual(notices, []);
  assert.deepEqual([values.dataset, values.hidden, values.learningRate], ["xor", [3], 0.5]);
});

test("property: 1000 links mixing good settings with ones only the core refuses: each refused one named, the rest kept", () => {
  const r = rng(99);
  const coreBad = [["lr", "1e39"], ["lr", "1e308"], ["act", "softmax"], ["act", "relu,softmax"], ["points", "0,0,5"], ["points", "1e9,1e9,1"], ["points", "0.5,2,0"]];
  // Good settings the stand-in has no rule about (with no hidden layer an act= has no layer to
  // apply to, so hidden= is left out too).
  const good = GOOD.filter(([k, v, field]) => !["learningRate", "activations", "customPoints", "outputActivation", "cost"].includes(field) && !(field === "hidden" && v === ""));
  for (let n = 0; n < 1000; n++) {
    const fields = new Set();
    const parts = [];
    for (const g of r.shuffle([...good]).slice(0, r.below(6))) if (!fields.has(g[2])) fields.add(g[2]), parts.push(g);
    const bad = r.pick(coreBad);
    parts.splice(r.below(parts.length + 1), 0, bad);
    const hash = "#" + parts.map(([k, v]) => `${k}=${v}`).join("&");
    const { values, notices } = settle(hash);
    assert.equal(notices.length, 1, `${hash}: ${JSON.stringify(notices)}`);
    assert.ok(notices[0].startsWith(`Ignored bad value for ${bad[0]}: '${bad[1]}' (`), `${hash}: ${notices[0]}`);
    for (const g of parts) if (g !== bad) assert.deepEqual(values[g[2]], g[3], `${hash}: ${g[2]}`);
    assert.equal(fakeCore(values), null, hash);
  }
});

test("features= (issue 15): the core's names, readable in the link; a bad list is named and the default kept", () => {
  assert.deepEqual(decodeHash("", table).values.features, ["x1", "x2"], "an old link: X₁, X₂");
  const good = decodeHash("#features=x1,x1sq,sinx2&lr=0.1", table);
  assert.deepEqual(good.notices, []);
  assert.deepEqual(good.values.features, ["x1", "x1sq", "sinx2"]);
  assert.match(encodeHash(good.values, table), /(^|&)features=x1,x1sq,sinx2(&|$)/);
  for (const [value, why] of [
    ["x1,x3", /names no input feature "x3" \(the features are x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2\)/],
    ["", /needs at least one input feature/],
    ["x1,x2,x1", /lists the input feature "x1" twice/],
  ]) {
    const d = decodeHash(`#features=${value}&lr=0.1&seed=7`, table);
    assert.equal(d.notices.length, 1, value);
    assert.match(d.notices[0], new RegExp(`^Ignored bad value for features: '${value}' \\(`));
    assert.match(d.notices[0], why);
    assert.match(d.notices[0], /— using x1,x2$/);
    assert.deepEqual(d.values.features, ["x1", "x2"]);
    assert.equal(d.values.learningRate, 0.1, "the rest of the link is kept");
    assert.equal(d.values.seed, 7);
  }
});
