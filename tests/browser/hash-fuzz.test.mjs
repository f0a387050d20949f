// Fuzzed links on a live page (issue 10, items 11 and 12): 300 links made of good parts and bad
// ones (malformed percent-encoding, unknown keys, values the table refuses, values only the core
// refuses, empty keys, keys without '='), most as a new hash on one running page (half through
// the location.hash setter, half as the replaceState + hashchange that Load uses), 20 as fresh
// loads. Every time: no uncaught error, the network drawn, a notice naming each bad part, every
// good part kept and everything else at its default.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames, nonBackgroundPixels } from "./harness.mjs";
import { quote } from "../../www/lib/hash.js";
import { rng } from "../rng.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const SEED = 1010;
const CASES = 300;
const LOADS = 20;


// Good parts the core accepts in any combination with each other: [key, value as written,
// field, value the page must use]. (No cost: crossEntropy with a tanh output is refused as a
// pair; no mode: the other tabs hide the network.) Text is as a browser keeps it in
// location.hash: ASCII, with anything else percent-encoded.
const GOOD = [
  ["dataset", "spiral", "dataset", "spiral"], ["dataset", "%73piral", "dataset", "spiral"], ["dataset", "xor", "dataset", "xor"],
  ["dataset", "threeClass", "dataset", "threeClass"], ["dataset", "custom", "dataset", "custom"], ["dataset", "plane", "dataset", "plane"],
  ["noise", "15", "noise", 15], ["noise", "%2030%20", "noise", 30], ["train", "70", "trainFraction", 70],
  ["seed", "9", "seed", 9], ["seed", "+123", "seed", 123], ["hidden", "8,8", "hidden", [8, 8]], ["hidden", "3,%201,2", "hidden", [3, 1, 2]],
  ["hidden", "5", "hidden", [5]], ["act", "relu", "activations", ["relu"]], ["act", "leakyRelu,linear,tanh", "activations", ["leakyRelu", "linear", "tanh"]],
  ["outAct", "tanh", "outputActivation", "tanh"], ["outAct", "linear", "outputActivation", "linear"], ["init", "he", "init", "he"],
  ["opt", "adam", "optimizer", "adam"], ["opt", "momentum", "optimizer", "momentum"], ["lr", "0.3", "learningRate", 0.3], ["l%72", "1e-3", "learningRate", 0.001],
  ["reg", "l1", "regularization", "l1"], ["regRate", "0.01", "regularizationRate", 0.01], ["batch", "25", "batchSize", 25],
  ["points", "0.5,-0.25,1;0,0,0", "customPoints", [0.5, -0.25, 1, 0, 0, 0]], ["showTest", "true", "showTest", true], ["speed", "max", "speed", "max"],
  ["features", "x1sq,x2sq", "features", ["x1sq", "x2sq"]], ["features", "x1,%20sinx2", "features", ["x1", "sinx2"]], ["features", "x1x2", "features", ["x1x2"]],
];
// Values the table refuses (never good after trimming).
const TABLE_BAD = {
  dataset: ["moon", "Spiral", ""], noise: ["51", "x"], train: ["5"], seed: ["-1", "1.5"], hidden: ["4,0", "33", "a", "4,", "1,1,1,1,1,1,1,1,1"],
  act: ["softmaxx", "RELU"], outAct: ["x"], cost: ["mse"], init: ["glorot"], opt: ["rmsprop"], lr: ["abc", "0", "1e999", "NaN", ""],
  reg: ["l3"], regRate: ["11"], batch: ["0", "101"], points: ["1,2", "a,b,c"], showTest: ["yes"], speed: ["fast"], mode: ["x"],
  features: ["", "x3", "x1,x1", "X1", "sin(x1)"],
};
// Values the table takes but the core refuses, whatever the good parts beside them.
const CORE_BAD = [["lr", "1e39"], ["lr", "1e308"], ["act", "softmax"], ["points", "0,0,5"], ["points", "1e9,1e9,1"], ["points", "0.5,2,0"]];
// Escapes that are never valid, and ones that are incomplete only at the end of a part.
const ALWAYS_BAD = ["%zz", "%z", "%%", "%FF", "%ED%A0%80", "%C0%AF", "%-1"];
const BAD_AT_END = ["%", "%E0%A4%A", "%E2%82", "%C3", "%4"];
// ASCII a browser leaves as it is in a fragment, and some percent-encoded unicode.
const WORDS = ["layers", "LR", "learningRate", "foo", "x1", "__proto__", "constructor", "%D0%BA%D0%BB%D1%8E%D1%87", "%F0%9F%98%80", "a.b", "(x)", "~!*"];

const decode = (s) => decodeURIComponent(s);

/** One bad part: { raw, named (text the notice must contain), key? (its key, if a known one) }. */
function badPart(r, taken) {
  const kind = r.below(6);
  if (kind === 0) {
    const base = r.chance(0.6) ? (([k, v]) => `${k}=${v}`)(r.pick(GOOD)) : `${r.pick(WORDS)}=${r.pick(WORDS)}`;
    let raw;
    if (r.chance(0.5)) raw = base + r.pick(BAD_AT_END);
    else {
      const at = r.below(base.length + 1);
      raw = base.slice(0, at) + r.pick(ALWAYS_BAD) + base.slice(at);
    }
    return { raw, named: quote(raw) };
  }
  if (kind === 1) {
    const key = r.pick(WORDS);
    return { raw: `${key}=${r.pick(["3", "x", "%20"])}`, named: `Ignored unknown setting ${quote(decode(key))}` };
  }
  if (kind === 2) {
    const key = r.pick(Object.keys(TABLE_BAD));
    const value = r.pick(TABLE_BAD[key]);
    return { raw: `${key}=${value}`, named: `Ignored bad value for ${key}: ${quote(value)} (` };
  }
  if (kind === 3) {
    // only one value of a key the core refuses, and not beside a good part of that key: the
    // table would take it as the last good value and the core would then put the default back
    const free = CORE_BAD.filter(([k]) => !taken.has(k));
    if (free.length) {
      const [key, value] = r.pick(free);
      taken.add(key);
      return { raw: `${key}=${value}`, named: `Ignored bad value for ${key}: '${value}' (` };
    }
  }
  if (kind === 4 || kind === 3) {
    const key = r.pick([...Object.keys(TABLE_BAD), "layers", "%20x"]);
    return { raw: key, named: `Ignored ${quote(decode(key))}: a setting is written key=value` };
  }
  const blank = r.pick(["", "%20"]);
  const value = r.pick(["5", "", "spiral"]);
  return { raw: `${blank}=${value}`, named: `Ignored ${quote(`${decode(blank)}=${value}`)}: there is no setting name` };
}

/** A fuzzed link: { hash, expected: { field: value }, named: [text] }. */
function fuzzedLink(r) {
  const parts = [];
  const expected = {};
  const taken = new Set();
  for (const field of r.shuffle([...new Set(GOOD.map((g) => g[2]))]).slice(0, r.below(7))) {
    const g = r.pick(GOOD.filter((x) => x[2] === field));
    parts.push({ raw: `${g[0]}=${g[1]}` });
    expected[field] = g[3];
    taken.add(decode(g[0]));
  }
  const named = [];
  for (let n = 1 + r.below(5); n > 0; n--) {
    const bad = badPart(r, taken);
    parts.push(bad);
    named.push(bad.named);
  }
  r.shuffle(parts);
  return { hash: parts.map((p) => p.raw).join("&"), expected, named };
}

/** What the page shows after a link: state, network, notice, error, lit pixels of the network. */
const inspect = async (page) => ({
  ...(await page.evaluate(() => {
    const lab = window.backpropLab;
    return {
      values: lab.state.values,
      hidden: Array.from(lab.net.layerSizes()).slice(1, -1),
      notice: document.getElementById("notice").hidden ? "" : document.getElementById("notice-text").textContent,
      error: document.getElementById("error").hidden ? "" : document.getElementById("error").textContent,
    };
  })),
  lit: (await nonBackgroundPixels(page, "#network")).lit,
});

function check(got, link, defaults, where) {
  for (const name of link.named) assert.ok(got.notice.includes(name), `${where}: the notice names ${JSON.stringify(name)}: ${got.notice}`);
  assert.equal(got.notice.split(" · ").length, link.named.length, `${where}: one notice per bad part: ${got.notice}`);
  for (const [field, dflt] of Object.entries(defaults)) {
    let want = field in link.expected ? link.expected[field] : dflt;
    // one activation per hidden layer: the list is cut to the layers, or padded with its first
    if (field === "activations") want = got.values.hidden.map((_, i) => want[i] ?? want[0]);
    assert.deepEqual(got.values[field], want, `${where}: ${field}`);
  }
  assert.deepEqual(got.hidden, got.values.hidden, `${where}: the network has the state's hidden layers`);
  assert.ok(got.lit > 100, `${where}: the network is drawn (${got.lit} lit pixels)`);
  assert.equal(got.error, "", `${where}: no error`);
}

test(`${CASES} fuzzed links on a live page, ${LOADS} of them fresh loads: no uncaught error, a drawn network, every bad part named, every good part kept`, async () => {
  const page = await openApp(env.browser, env.url);
  const defaults = await page.evaluate(() => {
    const d = Object.fromEntries(window.backpropLab.app.table.map((row) => [row.field, row.default]));
    delete d.mode;
    return d;
  });
  const r = rng(SEED);
  for (let n = 0; n < CASES; n++) {
    const link = fuzzedLink(r);
    const where = `case ${n} (seed ${SEED}) #${link.hash}`;
    let got;
    if (n % Math.floor(CASES / LOADS) === 0) {
      // a fresh load; the query only makes it a new document rather than a new hash
      await page.goto(`${env.url}index.html?load=${n}#${link.hash}`);
      await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
      await frames(page);
      got = await inspect(page);
    } else {
      await page.evaluate(
        async ({ hash, setter }) => {
          const c = document.getElementById("network");
          c.getContext("2d").clearRect(0, 0, c.width, c.height); // drawn again, or the check fails
          if (setter) {
            const changed = new Promise((resolve) => window.addEventListener("hashchange", resolve, { once: true }));
            location.hash = hash;
            await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 1000))]);
          } else {
            history.replaceState(null, "", `#${hash}`);
            window.dispatchEvent(new HashChangeEvent("hashchange"));
          }
          window.backpropLab.app.redraw();
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        },
        { hash: link.hash, setter: n % 2 === 1 },
      );
      got = await inspect(page);
    }
    assert.deepEqual(page.problems, [], `${where}: no uncaught error`);
    check(got, link, defaults, where);
  }
  assertNoProblems(page);
  await page.context().close();
});
