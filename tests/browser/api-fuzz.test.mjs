// A seeded fuzz of the wasm API in Node (issue 10, item 13): random methods of random handles
// (Network, Playground, Stepper and the functions of the page's module; Digits, Surface,
// readSave, saveJson, toPyTorch, toNumPy, preprocessDigit, gradientField, pairPath, compareDescents of the
// extras module) with arguments drawn
// from good values and from a pool of wrong ones (wrong types, negative, fractional, 2**32 + 1,
// NaN, ±Infinity, 1e308, { length: 1e9 }, …). Every call must return or throw an Error with a
// message — never trap ("unreachable", "memory access out of bounds"), never take a second,
// never return NaN from good arguments — the handle must work after an error, and neither
// module's memory may grow past 256 MiB.
//
// 10⁴ calls by default; API_FUZZ_CALLS=100000 for more, API_FUZZ_SEED=n for another sequence.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rng } from "../rng.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CALLS = Number(process.env.API_FUZZ_CALLS || 10000);
const SEED = Number(process.env.API_FUZZ_SEED || 20261201);
const MEMORY_CAP = 256 * 1024 * 1024;
const SLOW_MS = 1000;

let api, wasm, x, xwasm;
before(async () => {
  api = await import(`${ROOT}/www/pkg/backprop_lab.js`);
  wasm = await api.default({ module_or_path: readFileSync(`${ROOT}/www/pkg/backprop_lab_bg.wasm`) });
  x = await import(`${ROOT}/www/pkg/backprop_lab_extras.js`);
  xwasm = await x.default({ module_or_path: readFileSync(`${ROOT}/www/pkg/backprop_lab_extras_bg.wasm`) });
});


/** A wasm trap, as opposed to an Error the API threw on purpose. */
function isTrap(e) {
  if (e instanceof WebAssembly.RuntimeError) return true;
  const message = e && typeof e.message === "string" ? e.message : String(e);
  return /unreachable|memory access out of bounds|RuntimeError/i.test(message);
}

/** A short text for an argument, for failure messages. */
function show(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…(${v.length})` : v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  if (typeof v === "function") return "function";
  if (typeof v === "symbol") return "symbol";
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length})`;
  if (Array.isArray(v)) return v.length > 6 ? `Array(${v.length})` : `[${v.map(show).join(", ")}]`;
  if (v && v.constructor && v.constructor !== Object) return v.constructor.name;
  try {
    const text = JSON.stringify(v);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return "object";
  }
}

/** Every number in a result (numbers, typed arrays, arrays, plain objects). */
function numbersIn(v, path, out, skip) {
  if (typeof v === "number") out.push([path, v]);
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) v.forEach((n, i) => out.push([`${path}[${i}]`, Number(n)]));
  else if (Array.isArray(v)) v.forEach((e, i) => numbersIn(e, `${path}[${i}]`, out, skip));
  else if (v && typeof v === "object" && v.constructor === Object) {
    for (const [k, e] of Object.entries(v)) if (!skip.includes(k)) numbersIn(e, `${path}.${k}`, out, skip);
  }
  return out;
}

/** Whether `v` holds a number beyond ±1e6 (finite f32s that large are valid, e.g. a learning
 * rate of 1e10 to show divergence, but the next forward pass may overflow). */
function extreme(v, depth = 0) {
  if (typeof v === "number") return Math.abs(v) > 1e6 && Number.isFinite(v);
  if (depth > 2 || v === null || typeof v !== "object") return false;
  if (ArrayBuffer.isView(v)) return v.length <= 1e5 && Array.prototype.some.call(v, (n) => Math.abs(Number(n)) > 1e6);
  if (Array.isArray(v)) return v.length <= 1e5 && v.some((e) => extreme(e, depth + 1));
  if (v.constructor === Object) return Object.values(v).some((e) => extreme(e, depth + 1));
  return false;
}

/** IDX files of `n` random 28 × 28 images and their labels. */
function idx(r, n) {
  const header = (dims, sizes) => [0, 0, 8, dims, ...sizes.flatMap((s) => [(s >>> 24) & 255, (s >>> 16) & 255, (s >>> 8) & 255, s & 255])];
  const images = Uint8Array.from([...header(3, [n, 28, 28]), ...Array.from({ length: n * 784 }, () => (r.next() < 0.8 ? 0 : r.between(0, 255)))]);
  const labels = Uint8Array.from([...header(1, [n]), ...Array.from({ length: n }, () => r.between(0, 9))]);
  return { images, labels };
}

/** The fuzzer: handles, argument generators and the call loop. */
function fuzzer(seed) {
  const r = rng(seed);
  const N = api.names();
  const DIGITS_NET = { layers: [784, 6, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 3 };
  const set = idx(r, 8);

  // ---- the pool of bad arguments ----------------------------------------------------------
  const sparse = [];
  sparse.length = 1e9;
  const BAD = [
    5, 0, 1, 2, -1, -0, 1.9, 0.5, -2.5, 2 ** 32 + 1, 2 ** 32, 2 ** 31, 2 ** 53, -(2 ** 31), NaN, Infinity, -Infinity,
    1e308, -1e308, 3.5e38, 3e38, 1e-45, Number.MIN_VALUE, 1e30,
    "", "abc", "sgd", "1", "weight", "x".repeat(100000), true, false, null, undefined,
    {}, [], [1, 2], [NaN, "a"], ["sigmoid", 3], { length: 1e9 }, { length: 5e8 }, { length: -1 }, { length: 2 ** 32 + 1 }, sparse,
    new Float32Array(0), new Float32Array(3), Float32Array.of(NaN, 1, 2), Float32Array.of(3.4e38, -3.4e38), new Uint8Array(10), new Int32Array([-1, 2]),
    new Uint32Array([4294967295]), new Float64Array([1e300, 2]), new ArrayBuffer(8), () => 1, Symbol("s"), 10n,
    { kind: "weight", l: 1.5, j: 0, k: 0 }, { kind: "bias", l: -1, j: 0 }, { kind: 5 }, { layers: [2, 1] }, { layers: {length: 1e9} },
    { layers: [2, 1e9, 1] }, { layers: sparse }, { hidden: sparse }, { points: 1e9 }, { customPoints: { length: 1e9 } }, { toJSON: 5 },
  ];
  const bad = () => r.pick(BAD);

  // ---- good arguments ----------------------------------------------------------------------
  const small = () => r.real(-2, 2);
  const f32 = (n, lo = -1, hi = 1) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = r.real(lo, hi);
    return r.next() < 0.3 ? Array.from(a) : a;
  };
  const netConfig = () => {
    const depth = r.between(1, 3);
    const layers = [r.between(1, 4), ...Array.from({ length: depth - 1 }, () => r.between(1, 5)), r.between(1, 3)];
    const cfg = { layers, activation: r.pick(N.activations.filter((a) => a !== "softmax")), cost: r.pick(N.costs), init: r.pick(N.inits), seed: r.between(0, 1000) };
    cfg.outputActivation = cfg.cost === "crossEntropy" ? r.pick(["sigmoid", "softmax"]) : r.pick(N.activations);
    return cfg;
  };
  const pgConfig = () => ({
    dataset: r.pick(N.datasets.filter((d) => d !== "custom")),
    points: r.between(20, 200),
    hidden: Array.from({ length: r.between(0, 2) }, () => r.between(1, 4)),
    activation: r.pick(["tanh", "relu", "sigmoid", "linear"]),
    optimizer: r.pick(N.optimizers),
    learningRate: r.pick([0.01, 0.03, 0.1]),
    batchSize: r.between(1, 20),
    gridResolution: r.between(2, 24),
    seed: r.between(0, 1000),
    // Issue 15: any non-empty set of input features, named in any order.
    features: ((all) => { const f = all.filter(() => r.next() < 0.4); return f.length ? f.reverse() : [r.pick(all)]; })(N.features),
  });

  // ---- handles -----------------------------------------------------------------------------
  const h = {};
  const sizes = () => h.net.layerSizes();
  const depth = () => h.net.depth();
  const layer = () => r.between(0, depth() + 1);
  const neuron = () => r.between(0, 4);
  // A handle from random good settings (some combinations are refused: try again).
  const valid = (make) => {
    for (let i = 0; ; i++) {
      try {
        return make();
      } catch (e) {
        if (i > 50) throw e;
      }
    }
  };
  const newNet = () => {
    h.net?.free();
    h.net = valid(() => new api.Network(netConfig()));
  };
  const newPg = () => {
    h.surface?.free();
    h.pg?.free();
    h.pg = valid(() => new api.Playground(pgConfig()));
    h.pgNet = h.pg.network();
    h.surface = new x.Surface(h.pgNet, ...trainingSet());
  };
  // The playground's whole training set as { xs, ys }, what the extras Surface takes.
  const trainingSet = () => {
    const { xs, ys } = api.trainingExamples(h.pgNet, Uint32Array.from({ length: h.pg.trainPoints().length / 3 }, (_, i) => i));
    return [xs, ys];
  };
  const newStepper = () => {
    h.stepper?.free();
    const s = sizes();
    h.stepper = new api.Stepper(h.net, f32(s[0]), f32(s[s.length - 1], 0, 1), 0.5);
  };
  const newDigits = () => {
    h.digits?.free();
    h.digits = new x.Digits(DIGITS_NET, 0.5, 2, set.images, set.labels, set.images, set.labels);
  };
  newNet();
  newPg();
  newStepper();
  newDigits();
  const batch = () => {
    const s = sizes();
    const n = r.between(1, 4);
    return [f32(n * s[0]), f32(n * s[s.length - 1], 0, 1)];
  };
  const param = () => (r.next() < 0.5 ? { kind: "weight", l: r.between(1, 2), j: r.between(0, 3), k: r.between(0, 3) } : { kind: "bias", l: r.between(1, 2), j: r.between(0, 3) });

  // ---- the methods: name → [handle kind, argument generators, known-good call] --------------
  // A generator returns the good value; `bad()` may replace it. `skip` names result fields
  // that are NaN by design (chainTerms' derivative of a softmax layer).
  const G = (...gens) => gens;
  const M = {
    net: {
      layerSizes: G(), depth: G(), activationName: G(layer), setActivation: G(layer, () => r.pick(N.activations)), costName: G(), seed: G(),
      parameterCount: G(), getWeight: G(layer, neuron, neuron), setWeight: G(layer, neuron, neuron, small), getBias: G(layer, neuron),
      setBias: G(layer, neuron, small), forward: G(() => f32(sizes()[0])), cost: G(...[0, 1].map((i) => () => batch()[i])),
      gradient: G(...[0, 1].map((i) => () => batch()[i])), sgdStep: G(...[0, 1].map((i) => () => batch()[i]), () => r.pick([0.01, 0.1, 0.5])),
      reset: G(), toJSON: G(), loadSaved: G(() => h.net.toJSON()), layout: G(),
      setParameters: G(() => f32(h.net.parameterCount(), -0.5, 0.5)),
    },
    pg: {
      nextBatch: G(), step: G(), train: G(() => r.between(0, 5)), reset: G(), epoch: G(), iterations: G(), metrics: G(), evaluateGrid: G(), gridPtr: G(),
      gridLen: G(), gridResolution: G(), gridOffset: G(() => r.between(0, 3), neuron), outputs: G(), isRegression: G(), trainPoints: G(), testPoints: G(),
      addPoint: G(() => r.real(-1, 1), () => r.real(-1, 1), () => r.between(0, 1)), setLearningRate: G(() => r.pick([0.001, 0.03, 0.3])),
      setBatchSize: G(() => r.between(1, 30)), setRegularization: G(() => r.pick(N.regularizations), () => r.pick([0, 0.001, 0.01])),
      setOptimizer: G(() => r.pick(N.optimizers)), setActivation: G(() => r.between(1, 3), () => r.pick(N.activations)), network: G(),
      inputs: G(() => f32(2 * r.between(0, 4), -1, 1)),
    },
    pgNet: { forward: G(() => f32(h.pgNet.layerSizes()[0])), getWeight: G(layer, neuron, neuron), depth: G() },
    stepper: {
      next: G(), prev: G(), phase: G(), z: G(layer), a: G(layer), delta: G(layer), weightGradient: G(layer), biasGradient: G(layer),
      activationGradient: G(layer), cost: G(), derivative: G(layer), costTerms: G(), chainTerms: G(layer, neuron),
      nudge: G(() => r.pick(["weight", "bias"]), layer, neuron, neuron, () => r.pick([1e-3, 1e-2])), x: G(), y: G(), learningRate: G(), phases: G(),
    },
    surface: {
      select: G(param, param), params: G(), fit: G(() => (r.next() < 0.3 ? undefined : r.real(0.1, 5))),
      setRange: G(() => r.real(-3, -0.1), () => r.real(0.1, 3), () => r.real(-3, -0.1), () => r.real(0.1, 3)), range: G(),
      setResolution: G(() => r.between(2, 24)), resolution: G(), compute: G(), gridPtr: G(), gridLen: G(), computeCut: G(() => r.between(0, 1)),
      cutPtr: G(), cutLen: G(), point: G(() => r.pick([0.01, 0.3, 3])), values: G(), setValues: G(small, small),
    },
    digits: {
      train: G(() => r.between(0, 6)), epoch: G(), examplesSeen: G(), counts: G(), takeRunning: G(), evaluate: G(), testImage: G(() => r.between(0, 8)),
      testLabel: G(() => r.between(0, 8)), weights: G(() => r.between(0, 3)), biases: G(() => r.between(0, 3)),
      setWeights: G(() => r.between(1, 2), () => (r.next() < 0.5 ? f32(784 * 6, -0.1, 0.1) : f32(60, -0.1, 0.1))),
      setBiases: G(() => r.between(1, 2), () => f32(r.pick([6, 10]), -0.1, 0.1)), setLearningRate: G(() => r.pick([0.1, 1])),
      setRegularization: G(() => r.pick([0, 1])), setLearningRateDecay: G(() => r.pick([0.5, 1])), currentLearningRate: G(),
      setBatchSize: G(() => r.between(1, 4)), reset: G(),
    },
    page: {
      defaults: G(), names: G(),
      exampleGradients: G(() => h.net, ...[0, 1].map((i) => () => batch()[i]), () => r.pick(["weight", "bias"]), layer, neuron, neuron),
      trainingExamples: G(() => h.pgNet, () => Uint32Array.from({ length: r.between(0, 3) }, () => r.between(0, 10))),
      Network: G(netConfig), Playground: G(pgConfig),
      Stepper: G(() => h.net, () => f32(sizes()[0]), () => f32(sizes().at(-1), 0, 1), () => 0.5),
      fromSaved: G(() => h.net.toJSON()),
    },
    extras: {
      readSave: G(() => x.saveJson(h.net, "#seed=1")), saveJson: G(() => (r.next() < 0.5 ? h.net : h.net.toJSON()), () => "#dataset=xor"),
      toPyTorch: G(() => h.net), toNumPy: G(() => h.net), digitsDefaults: G(),
      // A CSV of x1, x2, label rows, now and then with a header, another separator, a decimal
      // comma or text labels.
      parseCsvPoints: G(() => {
        const sep = r.pick([",", ";", "\t"]);
        const rows = Array.from({ length: r.between(0, 30) }, () => {
          const num = (v) => (sep !== "," && r.next() < 0.3 ? String(v).replace(".", ",") : String(v));
          const label = r.next() < 0.5 ? String(r.between(0, 3)) : r.pick(["a", "b", "c", "d e", '"q,x"']);
          return [num(r.real(-50, 50)), num(r.real(-50, 50)), label].join(sep);
        });
        return (r.next() < 0.3 ? `x1${sep}x2${sep}label\n` : "") + rows.join("\n");
      }, () => r.pick(["auto", "classes", "numbers"])),
      checkFeatures: G(() => x.readSave(x.saveJson(h.net, "#seed=1")), () => r.pick([["x1", "x2"], ["x1sq"], ["x2", "x1"]])),
      Surface: G(() => (r.next() < 0.5 ? h.pgNet : h.pgNet.toJSON()), () => trainingSet()[0], () => trainingSet()[1]),
      preprocessDigit: G(...(() => {
        let w = 1, hh = 1;
        return [() => ((w = r.between(1, 40)), (hh = r.between(1, 40)), f32(w * hh, 0, 1)), () => w, () => hh];
      })()),
      Digits: G(() => DIGITS_NET, () => 0.5, () => 2, () => set.images, () => set.labels, () => set.images, () => set.labels),
      gradientField: G(() => h.net.toJSON(), ...[0, 1].map((i) => () => batch()[i]), param, param, () => [r.real(-3, -0.1), r.real(0.1, 3), r.real(-3, -0.1), r.real(0.1, 3)], () => r.between(1, 12), () => r.between(2, 24)),
      pairPath: G(() => h.net.toJSON(), ...[0, 1].map((i) => () => batch()[i]), param, param, () => [small(), small()], () => r.pick([0.01, 0.1, 1]), () => r.between(0, 30)),
      compareDescents: G(() => h.net.toJSON(), ...[0, 1].map((i) => () => batch()[i]), param, param, () => [small(), small()], () => r.pick([0.01, 0.1, 1]), () => r.between(0, 30), () => r.between(1, 5), () => r.between(0, 9), () => r.real(0, 1)),
    },
  };
  // A call that must work on each kind of handle, after any error.
  const probe = {
    net: () => h.net.forward(new Float32Array(h.net.layerSizes()[0])),
    pgNet: () => h.pgNet.depth(),
    pg: () => (h.pg.metrics(), h.pg.step()),
    stepper: () => h.stepper.phase(),
    surface: () => h.surface.range(),
    digits: () => h.digits.counts(),
    page: () => api.names(),
    extras: () => x.digitsDefaults(),
  };
  const invoke = (kind, name, args) => {
    switch (kind) {
      case "page":
        if (name === "Network") return new api.Network(...args);
        if (name === "Playground") return new api.Playground(...args);
        if (name === "Stepper") return new api.Stepper(...args);
        if (name === "fromSaved") return api.Network.fromSaved(...args);
        return api[name](...args);
      case "extras":
        if (name === "Digits") return new x.Digits(...args);
        if (name === "Surface") return new x.Surface(...args);
        return x[name](...args);
      default:
        return h[kind][name](...args);
    }
  };
  const kinds = Object.keys(M);
  const failures = [];
  const fail = (what) => failures.length < 40 && failures.push(what);
  const stats = { calls: 0, errors: 0, ok: 0, extreme: 0 };
  let slowest = 0;

  const run = (calls) => {
    for (let c = 0; c < calls; c++) {
      // Now and then, new handles (so constructors' good paths keep running too).
      if (r.next() < 0.01) newNet();
      if (r.next() < 0.005) newPg();
      if (r.next() < 0.01) newStepper();
      if (r.next() < 0.002) newDigits();
      const kind = r.pick(kinds);
      const name = r.pick(Object.keys(M[kind]));
      const gens = M[kind][name];
      let good = true;
      const args = [];
      try {
        for (const g of gens) {
          if (r.next() < 0.3) {
            good = false;
            args.push(bad());
          } else args.push(g());
        }
        // Now and then a missing or an extra argument.
        if (r.next() < 0.03 && args.length) (args.pop(), (good = false));
        else if (r.next() < 0.03) (args.push(bad()), (good = false));
      } catch (e) {
        fail(`generating arguments for ${kind}.${name} threw ${e && e.message}`);
        continue;
      }
      const call = `${kind}.${name}(${args.map(show).join(", ")})`;
      stats.calls++;
      const t0 = performance.now();
      let result, error;
      try {
        result = invoke(kind, name, args);
      } catch (e) {
        error = e;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > SLOW_MS) fail(`${call} took ${ms.toFixed(0)} ms`);
      if (error !== undefined) {
        stats.errors++;
        if (isTrap(error)) fail(`${call} trapped: ${error}`);
        else if (!(error instanceof Error) || !error.message) fail(`${call} threw a non-Error or an empty message: ${show(error)}`);
        // The handle is still usable.
        try {
          probe[kind]();
        } catch (e) {
          fail(`after ${call} threw "${error.message}", ${kind} is unusable: ${e && e.message}`);
          // Start that handle again so one broken handle does not hide others.
          if (kind === "net" || kind === "stepper") (newNet(), newStepper());
          else if (kind === "pg" || kind === "pgNet" || kind === "surface") newPg();
          else if (kind === "digits") newDigits();
        }
      } else {
        stats.ok++;
        if (good) {
          const skip = name === "chainTerms" ? ["derivative"] : [];
          const bad = numbersIn(result, "result", [], skip).filter(([, v]) => !Number.isFinite(v));
          if (bad.length) fail(`${call} with good arguments returned ${bad.slice(0, 3).map(([p, v]) => `${p} = ${v}`).join(", ")}`);
        }
        // Constructors' results are freed at once; the handles in `h` stay.
        if (result && typeof result.free === "function" && kind === "page") result.free();
        // Arguments beyond ±1e6 were accepted: finite, but what the handle computes next may
        // overflow, so the handles sharing that state start again before the next NaN check.
        if (args.some((a) => extreme(a))) {
          stats.extreme++;
          if (kind === "net" || kind === "stepper" || kind === "page") (newNet(), newStepper());
          if (kind === "pg" || kind === "pgNet" || kind === "surface") newPg();
          if (kind === "digits") newDigits();
        }
      }
      for (const [mod, w] of [["page", wasm], ["extras", xwasm]]) {
        const bytes = w.memory.buffer.byteLength;
        if (bytes > MEMORY_CAP) {
          fail(`after ${call} the ${mod} module's memory is ${(bytes / 2 ** 20).toFixed(0)} MiB`);
          return;
        }
      }
    }
  };
  return { run, failures, stats, h, slowest: () => slowest };
}

test(`${CALLS} random calls: no trap, no hang, no NaN from good arguments, handles usable, memory capped`, () => {
  const f = fuzzer(SEED);
  f.run(CALLS);
  const report = `${f.stats.calls} calls, ${f.stats.errors} errors, ${f.stats.extreme} with accepted values beyond ±1e6, slowest ${f.slowest().toFixed(0)} ms`;
  assert.deepEqual(f.failures, [], report);
  // The fuzz did exercise both paths.
  assert.ok(f.stats.errors > CALLS / 10 && f.stats.ok > CALLS / 10, report);
});

// ---- the issue's examples, one by one ------------------------------------------------------

/** `f()` throws an Error (not a trap) whose message matches `pattern`. */
function refuses(f, pattern) {
  let error;
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(performance.now() - t0 < SLOW_MS, "answered at once");
  assert.ok(error instanceof Error, `threw an Error, not ${show(error)}`);
  assert.ok(!isTrap(error), `not a trap: ${error}`);
  assert.match(error.message, pattern);
}

const NET = { layers: [2, 3, 1], activation: "sigmoid", cost: "quadratic", init: "normal", seed: 42 };

test("a non-string where a string is expected is refused, naming the method and the argument", () => {
  const pg = new api.Playground({ dataset: "xor", seed: 1 });
  refuses(() => pg.setOptimizer(5), /^setOptimizer: optimizer must be a string such as "sgd", got 5$/);
  pg.setOptimizer("adam");
  pg.step();
  refuses(() => pg.setRegularization(null, 0.1), /^setRegularization: kind must be a string such as "l2", got null$/);
  refuses(() => x.readSave(12345), /^readSave: text must be a string, got 12345$/);
  const net = new api.Network(NET);
  refuses(() => net.setActivation(2, true), /^setActivation: name must be a string such as "tanh", got true$/);
  refuses(() => net.setActivation(2, "x".repeat(1e6)), /^setActivation: name must be at most 64 characters long, got 1000000$/);
  net.setActivation(2, "tanh");
  assert.equal(net.activationName(2), "tanh");
  refuses(() => x.saveJson(net, {}), /^saveJson: scene must be a string, got an object$/);
  pg.free();
  net.free();
});

test("a huge length is refused before anything is allocated; memory does not grow", () => {
  const { learningRate, batchSize, decay, regularization, ...network } = x.digitsDefaults();
  const { images, labels } = idx(rng(1), 3);
  const d = new x.Digits(network, learningRate, batchSize, images, labels, images, labels);
  const extrasBefore = xwasm.memory.buffer.byteLength;
  refuses(() => d.setWeights(1, { length: 1e9 }), /^setWeights: values must be a Float32Array or an array of numbers, got an object$/);
  const sparse = [];
  sparse.length = 1e9;
  refuses(() => d.setWeights(1, sparse), /^setWeights: values must hold at most 2000000 values, got 1000000000$/);
  refuses(() => new x.Digits(network, learningRate, batchSize, { length: 1e9 }, labels, images, labels), /^Digits: trainImages must be a Uint8Array, got an object$/);
  assert.equal(xwasm.memory.buffer.byteLength, extrasBefore, "the extras module's memory did not grow");
  d.setWeights(1, d.weights(1));
  assert.equal(d.train(6), 6);

  const net = new api.Network(NET);
  const before = wasm.memory.buffer.byteLength;
  refuses(() => net.forward({ length: 5e8 }), /^forward: x must be a Float32Array or an array of numbers, got an object$/);
  refuses(() => net.forward(sparse), /^forward: x must hold at most 1024 values, got 1000000000$/);
  refuses(() => net.cost(new Float32Array(2), "ab"), /^cost: ys must be a Float32Array or an array of numbers, got "ab"$/);
  refuses(() => net.forward([0.5, "a"]), /^forward: x\[1\] must be a finite number within ±3.4e38, got "a"$/);
  refuses(() => net.forward(Float32Array.of(0.5, NaN)), /^forward: x\[1\] must be a finite number within ±3.4e38, got NaN$/);
  refuses(() => new api.Network({ layers: sparse }), /layers must hold at most 65536 values/);
  assert.equal(wasm.memory.buffer.byteLength, before, "the page module's memory did not grow");
  assert.equal(net.forward([0.5, 0.5]).length, 1);
  d.free();
  net.free();
});

test("a negative count is refused at once instead of wrapping to 4,294,967,295 batches", () => {
  const pg = new api.Playground({ dataset: "circle", seed: 2 });
  refuses(() => pg.train(-1), /^train: batches must be a whole number from 0 to 100000, got -1$/);
  refuses(() => pg.train(2 ** 32 + 1), /^train: batches must be a whole number from 0 to 100000, got 4294967297$/);
  refuses(() => pg.train(2.5), /^train: batches must be a whole number from 0 to 100000, got 2.5$/);
  refuses(() => pg.train("3"), /^train: batches must be a whole number from 0 to 100000, got "3"$/);
  refuses(() => pg.setBatchSize(-3), /^setBatchSize: size must be a whole number from 0 to 5000, got -3$/);
  assert.equal(pg.train(3), 3);
  assert.equal(pg.iterations(), 3);
  pg.free();
});

test("indices are never truncated or wrapped: getWeight(1.9, 0, 0) and getWeight(2 ** 32 + 1, 0, 0) throw", () => {
  const net = new api.Network(NET);
  refuses(() => net.getWeight(1.9, 0, 0), /^getWeight: l must be a whole number from 0 to 9, got 1.9$/);
  refuses(() => net.getWeight(2 ** 32 + 1, 0, 0), /^getWeight: l must be a whole number from 0 to 9, got 4294967297$/);
  refuses(() => net.getWeight(1, -1, 0), /^getWeight: j must be a whole number from 0 to 1023, got -1$/);
  refuses(() => net.getWeight(1, 0, NaN), /^getWeight: k must be a whole number from 0 to 1023, got NaN$/);
  refuses(() => net.getWeight(1, 0, undefined), /^getWeight: k must be a whole number from 0 to 1023, got undefined$/);
  refuses(() => net.setWeight(1, 0, 0, true), /^setWeight: value must be a finite number within ±3.4e38, got true$/);
  // Finite in JS but ∞ as an f32: refused, not turned into ∞.
  refuses(() => net.setWeight(1, 0, 0, 3.5e38), /^setWeight: value must be a finite number within ±3.4e38, got 3.5e\+38$/);
  refuses(() => net.sgdStep([0, 0], [1], 1e308), /^sgdStep: eta must be a finite number within ±3.4e38, got 1e\+308$/);
  refuses(() => net.getBias(-0.5, 0), /^getBias: l must be a whole number/);
  // Within the bounds but not in this network: the core's message.
  refuses(() => net.getWeight(5, 0, 0), /layer 5/);
  net.setWeight(1, 2, 1, 0.75);
  assert.equal(net.getWeight(1, 2, 1), 0.75);
  const pg = new api.Playground({ dataset: "xor", seed: 3 });
  refuses(() => api.trainingExamples(pg.network(), [-1]), /^trainingExamples: indices\[0\] must be a whole number/);
  assert.equal(api.trainingExamples(pg.network(), Uint32Array.of(0, 1)).xs.length, 4);
  pg.free();
  net.free();
});

test("Surface.fit(3.5e38) is refused, so point() and compute() stay finite", () => {
  const pg = new api.Playground({ dataset: "circle", seed: 4 });
  const net = pg.network();
  const all = Uint32Array.from({ length: pg.trainPoints().length / 3 }, (_, i) => i);
  const { xs, ys } = api.trainingExamples(net, all);
  const s = new x.Surface(net, xs, ys);
  refuses(() => s.fit(3.5e38), /^fit: half must be a number from -1000000 to 1000000, got 3.5e\+38$/);
  refuses(() => s.fit(3e38), /^fit: half must be a number from -1000000 to 1000000, got 3e\+38$/);
  refuses(() => s.setRange(-3e38, 3e38, -1, 1), /^setRange: minA must be a number/);
  refuses(() => s.setValues(3.5e38, 0), /^setValues: a must be a finite number within ±3.4e38, got 3.5e\+38$/);
  refuses(() => s.select({ kind: "weight", l: 1.5, j: 0, k: 0 }, { kind: "bias", l: 2, j: 0 }), /^select: a\.l must be a whole number from 0 to 9, got 1.5$/);
  refuses(() => s.select({ kind: 5, l: 1, j: 0, k: 0 }, { kind: "bias", l: 2, j: 0 }), /^select: a\.kind must be a string such as "weight", got 5$/);
  s.fit(1e6);
  const finite = (o) => Object.values(o).every((v) => Number.isFinite(v));
  assert.ok(finite(s.point(0.03)), JSON.stringify(s.point(0.03)));
  assert.ok(finite(s.compute()), JSON.stringify(s.compute()));
  s.fit();
  assert.ok(finite(s.compute()));
  s.free();
  pg.free();
});

test("the extras Surface reads a page-module network and its examples as plain data, and refuses bad ones", () => {
  const pg = new api.Playground({ dataset: "xor", seed: 5 });
  const net = pg.network();
  const { xs, ys } = api.trainingExamples(net, Uint32Array.from({ length: pg.trainPoints().length / 3 }, (_, i) => i));
  const s = new x.Surface(net.toJSON(), xs, ys);
  // Its point is the page module's network on the same examples: C and the two gradient entries.
  const p = s.point(0.5);
  const L = net.depth();
  const g = net.gradient(xs, ys);
  assert.equal(p.cost, net.cost(xs, ys));
  assert.deepEqual([p.a, p.b], [net.getWeight(L, 0, 0), net.getWeight(L, 0, 1)]);
  assert.ok(Math.abs(p.gradA - g.weights[L - 1][0]) <= 1e-6 && Math.abs(p.gradB - g.weights[L - 1][1]) <= 1e-6, JSON.stringify([p, g.weights[L - 1]]));
  assert.deepEqual([p.stepA, p.stepB], [Math.fround(-0.5 * p.gradA), Math.fround(-0.5 * p.gradB)]);
  // A copy: moving its point leaves the page's network alone.
  s.setValues(3, -2);
  assert.deepEqual(Array.from(s.values()), [3, -2]);
  assert.notEqual(net.getWeight(L, 0, 0), 3);
  refuses(() => new x.Surface({ ...net.toJSON(), weights: [[1]] }, xs, ys), /weight layers/);
  refuses(() => new x.Surface(net, "xs", ys), /^Surface: inputs must be a Float32Array or an array of numbers, got "xs"$/);
  refuses(() => new x.Surface(net, xs, [NaN]), /^Surface: targets\[0\] must be a finite number/);
  refuses(() => s.point(), /^point: eta must be a finite number/);
  const short = new x.Surface(net, xs.subarray(0, 3), ys);
  refuses(() => short.compute(), /^the inputs hold 3 numbers, which is not a whole number of examples of 2 inputs each$/);
  refuses(() => short.point(0.1), /not a whole number of examples/);
  short.free();
  s.free();
  pg.free();
});
