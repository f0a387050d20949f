// The two wasm modules (docs/JS_API.md, "Two wasm modules"): the page's own stays within its
// size budget (issue 2's 200 KB; docs/ARCHITECTURE.md) and is all a page loads; the extras
// module (Digits trainer, cost surface, save files, PyTorch export) is fetched only when first
// needed — by the Cost surface tab's worker, by Save, by the Digits tab; a network crosses
// between them exactly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { setup, newPage, assertNoProblems, ROOT } from "./harness.mjs";

const MAIN_WASM = "www/pkg/backprop_lab_bg.wasm";
const EXTRAS_WASM = "www/pkg/backprop_lab_extras_bg.wasm";
// Issue 2 set 200 KB. Issue 10 (every JS argument checked at the boundary; the walk's f64 nudge
// check and staleness, precise σ′/tanh′, divergence restore) took the module to 221.8 KB; issue 11
// moved the Cost surface into the extras module (computed in a Web Worker): 198.4 KB, and then put
// the Playground's training on the fast batched path beside the teaching path (+13.6 KB of code):
// 211.9 KB, held to 214 KB. Issue 12 brought it back within 200 KB (199.4 KB): the page module's
// own allocator instead of dlmalloc (−7 KB), no string-slicing panic in the core's number
// formatting (its Unicode tables, −7 KB), one borrow guard and shared helpers for the handles'
// per-layer getters (−5 KB), the Digits-only helpers in the extras module; then 198.1 KB with
// Stepper.phases() added and Network's six pointer getters dropped for layout().
// Issue 15's input features (+≈ 7 KB at first) left it at exactly 200.0 KB (204,800 bytes):
// wasm-opt's --converge --low-memory-unused, one copy of the features in the data set, a saved
// network's features checked in the extras (checkFeatures), one inputs(points) call.
const LIMIT = 200 * 1024; // the size `cargo xtask bench` prints

let env;
before(async () => {
  env = await setup();
});
after(async () => env && env.close());

test("the page's release wasm is at most 200 KB", () => {
  const size = statSync(`${ROOT}/${MAIN_WASM}`).size;
  assert.ok(size <= LIMIT, `${MAIN_WASM} is ${(size / 1024).toFixed(1)} KB, over the ${LIMIT / 1024} KB target`);
  // The extras module is a module of its own, not a copy of the page's.
  assert.ok(statSync(`${ROOT}/${EXTRAS_WASM}`).size > 0);
});

test("a page loads only its own wasm; the Cost surface's worker, Save and the Digits tab fetch the extras", async () => {
  const page = await newPage(env.browser, env.url);
  const fetched = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) fetched.push(new URL(r.url()).pathname.slice(1));
  });
  await page.goto(`${env.url}index.html#dataset=xor&hidden=3`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  // The Playground and Backprop tabs work on the page's module alone.
  for (const mode of ["backprop", "playground"]) {
    await page.click(`#mode-${mode}`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  assert.deepEqual(fetched, [MAIN_WASM], "only the page's wasm before anything needs the extras");
  // The page's own fetches of the extras wasm (a worker's are not in the page's resource timing).
  const pageFetched = () => page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/backprop_lab_extras_bg.wasm")).length);

  // The Cost surface tab computes in its worker, which loads the extras module; the page does not.
  await page.click("#mode-surface");
  await page.waitForFunction(() => window.backpropLab.views.surface.failure || window.backpropLab.views.surface.settled, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.backpropLab.views.surface.failure), null);
  assert.deepEqual(fetched, [MAIN_WASM, EXTRAS_WASM], "the surface worker fetched the extras module");
  assert.equal(await pageFetched(), 0, "from the worker, not the page");
  await page.click("#mode-playground");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
  assert.equal(download.suggestedFilename(), "backprop-lab.json");
  assert.equal(await pageFetched(), 1, "Save fetched the extras module into the page");

  await page.click("#mode-digits");
  await page.waitForFunction(() => window.backpropLab.app.digits, null, { timeout: 15000 });
  // The Digits worker instantiates its own copy (from the HTTP cache); the page does not again.
  const requests = fetched.filter((f) => f === EXTRAS_WASM).length;
  assert.ok(requests <= 4, `the extras wasm was requested ${requests} times`);
  assert.equal(await pageFetched(), 1, "the page fetched it once");
  assertNoProblems(page);
});

test("a network crosses between the modules with exactly its parameters", async () => {
  const page = await newPage(env.browser, env.url);
  await page.goto(`${env.url}tests/browser/blank.html`);
  const r = await page.evaluate(async () => {
    const main = await import("/www/pkg/backprop_lab.js");
    const extras = await import("/www/pkg/backprop_lab_extras.js");
    await main.default();
    await extras.default();
    const bits = (net) => {
      const d = net.toJSON();
      return [...d.weights.flat(), ...d.biases.flat()].map((v) => new Uint32Array(new Float32Array([v]).buffer)[0]);
    };
    const net = new main.Network({ layers: [2, 3, 2], activation: "tanh", outputActivation: "softmax", cost: "crossEntropy", seed: 5 });
    net.setWeight(1, 0, 0, 0.1); // an f32 that no short decimal is
    net.setBias(2, 1, -3.4028234663852886e38); // the most negative f32
    const text = extras.saveJson(net, "#dataset=xor&seed=5");
    const file = extras.readSave(text);
    const copy = main.Network.fromSaved(file);
    const other = new main.Network({ layers: [2, 3, 2], activation: "tanh", outputActivation: "softmax", cost: "crossEntropy", seed: 9 });
    other.loadSaved(file);
    const wrongShape = new main.Network({ layers: [2, 4, 2], activation: "tanh", outputActivation: "softmax", cost: "crossEntropy" });
    const wrongActivation = new main.Network({ layers: [2, 3, 2], activation: "relu", outputActivation: "softmax", cost: "crossEntropy" });
    const before = bits(wrongShape);
    const error = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : `not an Error: ${e}`;
      }
    };
    const errors = {
      shape: error(() => wrongShape.loadSaved(file)),
      activation: error(() => wrongActivation.loadSaved(file)),
      noWeights: error(() => extras.saveJson({ layers: [2, 1], seed: 1 }, "")),
      badLength: error(() => main.Network.fromSaved({ ...file, weights: [[1, 2], [3]] })),
      notFinite: error(() => extras.toPyTorch({ ...file, biases: [[0, 0, NaN], [0, 0]] })),
      unknownKey: error(() => main.Network.fromSaved({ ...file, weigths: [] })),
      freed: error(() => {
        const gone = new main.Network({ layers: [1, 1] });
        gone.free();
        extras.saveJson(gone, "");
      }),
    };
    const python = extras.toPyTorch(net);
    return {
      scene: file.scene,
      version: file.version,
      layers: file.layers,
      activations: file.activations,
      same: JSON.stringify(bits(copy)) === JSON.stringify(bits(net)),
      sameLoaded: JSON.stringify(bits(other)) === JSON.stringify(bits(net)),
      untouched: JSON.stringify(bits(wrongShape)) === JSON.stringify(before),
      copyActivation: copy.activationName(2),
      copyCost: copy.costName(),
      python: python.includes("nn.Linear(2, 3)") && python.includes("nn.Softmax(dim=-1)"),
      errors,
    };
  });
  assert.equal(r.scene, "dataset=xor&seed=5");
  assert.equal(r.version, 1);
  assert.deepEqual(r.layers, [2, 3, 2]);
  assert.deepEqual(r.activations, ["tanh", "softmax"]);
  assert.ok(r.same, "fromSaved(readSave(saveJson(net))) has net's parameters bit for bit");
  assert.ok(r.sameLoaded, "loadSaved puts the saved parameters in bit for bit");
  assert.ok(r.untouched, "a refused load changes nothing");
  assert.equal(r.copyActivation, "softmax");
  assert.equal(r.copyCost, "crossEntropy");
  assert.ok(r.python, "toPyTorch reads a main-module Network");
  assert.match(r.errors.shape, /weights|layer/);
  assert.match(r.errors.activation, /activations \[tanh, softmax\].*activations \[relu, softmax\]/);
  assert.match(r.errors.noWeights, /needs weights/);
  assert.match(r.errors.badLength, /layer 1/);
  assert.match(r.errors.notFinite, /finite/);
  assert.match(r.errors.unknownKey, /unknown key "weigths"/);
  assert.match(r.errors.freed, /could not read the network/);
  assertNoProblems(page);
});

test("the single offline file inlines both modules", () => {
  // dist.test.mjs drives dist/backprop-lab.html from file:// (playground, Digits, drawing);
  // surface.test.mjs its Cost surface tab.
  const html = readFileSync(`${ROOT}/dist/backprop-lab.html`, "utf8");
  assert.match(html, /<script type="application\/octet-stream" id="backprop-lab-wasm">/);
  assert.match(html, /<script type="application\/octet-stream" id="backprop-lab-extras-wasm">/);
  assert.match(html, /<script type="application\/octet-stream" id="backprop-lab-surface-worker">/);
});
