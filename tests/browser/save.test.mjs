// Save / Load / Export as PyTorch through the page's own buttons: the downloaded JSON loads
// back with bit-identical weights and its scene; a malformed file or another version is
// refused with a clear message and the current weights kept; the PyTorch file is valid Python
// (parsed by python3) and carries every weight and bias.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { setup, openApp, assertNoProblems } from "./harness.mjs";

let env, dir;
before(async () => {
  env = await setup();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backprop-save-"));
});
after(async () => {
  if (env) await env.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** Every parameter via the API: { sizes, w: [[l, j, k, value]…], b: [[l, j, value]…] }. */
const parameters = (page) =>
  page.evaluate(() => {
    const net = window.backpropLab.net;
    const sizes = Array.from(net.layerSizes());
    const w = [], b = [];
    for (let l = 1; l < sizes.length; l++)
      for (let j = 0; j < sizes[l]; j++) {
        b.push([l, j, net.getBias(l, j)]);
        for (let k = 0; k < sizes[l - 1]; k++) w.push([l, j, k, net.getWeight(l, j, k)]);
      }
    return { sizes, w, b };
  });

/** Compare as float32 bit patterns (Object.is also tells -0 from 0). */
function assertSameBits(after, before, what) {
  assert.deepEqual(after.sizes, before.sizes, `${what}: same layer sizes`);
  const bits = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];
  for (const key of ["w", "b"])
    before[key].forEach((row, i) => {
      const v = row.at(-1), u = after[key][i].at(-1);
      assert.equal(bits(u), bits(v), `${what}: ${key}${row.slice(0, -1)} = ${v}, got ${u}`);
    });
}

async function download(page, selector, name) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const file = path.join(dir, name);
  await dl.saveAs(file);
  return { file, suggested: dl.suggestedFilename() };
}

const trainAndRedraw = (page, n) =>
  page.evaluate((n) => {
    window.backpropLab.pg.train(n);
    window.backpropLab.app.invalidate();
  }, n);

test("Save downloads JSON and Load restores the scene and bit-identical weights", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&hidden=5,3&act=relu,tanh&seed=11&lr=0.3");
  await trainAndRedraw(page, 200);
  await page.evaluate(() => window.backpropLab.net.setWeight(1, 0, 0, 0.1)); // a value f64 can't hold
  const saved = await parameters(page);
  const { file, suggested } = await download(page, "#save", "saved.json");
  assert.equal(suggested, "backprop-lab.json");
  const json = JSON.parse(await fs.readFile(file, "utf8"));
  assert.equal(json.format, "backprop-lab");
  assert.equal(json.version, 1);
  assert.match(json.scene, /dataset=xor/);
  assert.deepEqual(json.network.layers, [2, 5, 3, 1]);

  // Somewhere else entirely: another scene, trained further.
  await page.evaluate(() => (location.hash = "dataset=circle&hidden=2&seed=3"));
  await page.waitForFunction(() => window.backpropLab.net.layerSizes().join() === "2,2,1");
  await trainAndRedraw(page, 50);

  await page.setInputFiles("#load-file", file);
  await page.waitForFunction(() => window.backpropLab.net.layerSizes().join() === "2,5,3,1");
  assertSameBits(await parameters(page), saved, "after load");
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /dataset=xor/);
  assert.match(hash, /seed=11/);
  assert.match(await page.locator("#notice-text").textContent(), /Loaded "saved.json"/);
  assert.equal(await page.locator("#error").isHidden(), true);
  assertNoProblems(page);
});

test("a malformed file or another version is refused with a message and the weights kept", async () => {
  const page = await openApp(env.browser, env.url, "dataset=gaussian&hidden=3");
  const { file } = await download(page, "#save", "good.json");
  const good = await fs.readFile(file, "utf8");
  await trainAndRedraw(page, 30);
  const before = await parameters(page);
  const cases = [
    ["broken.json", good.slice(0, good.length / 2), /not valid JSON.*line \d+, column \d+/],
    ["future.json", good.replace('"version": 1', '"version": 2'), /version 2 .*reads version 1/],
    ["other.json", JSON.stringify({ hello: "world" }), /not a Backprop Lab save/],
  ];
  for (const [name, text, message] of cases) {
    await page.setInputFiles("#load-file", { name, mimeType: "application/json", buffer: Buffer.from(text) });
    await page.waitForFunction((n) => document.getElementById("error").textContent.includes(n), name);
    const shown = await page.locator("#error").textContent();
    assert.match(shown, message, name);
    assert.match(shown, /current network is kept/, name);
    assertSameBits(await parameters(page), before, name);
  }
  assertNoProblems(page);
});

test("Export as PyTorch gives valid Python that carries every weight and bias", async () => {
  const page = await openApp(env.browser, env.url, "dataset=threeClass&hidden=4&act=leakyRelu&outAct=softmax&cost=crossEntropy");
  await trainAndRedraw(page, 40);
  const params = await parameters(page);
  const { file, suggested } = await download(page, "#export-pytorch", "model.py");
  assert.match(suggested, /\.py$/);
  const source = await fs.readFile(file, "utf8");
  assert.match(source, /nn\.Linear\(2, 4\),\s*nn\.LeakyReLU\(0\.01\),\s*nn\.Linear\(4, 3\),\s*nn\.Softmax\(dim=-1\)/);
  // Parse it as Python, then read every torch.tensor(...) literal in file order.
  const script = [
    "import ast, json, sys",
    "tree = ast.parse(open(sys.argv[1]).read())",
    "calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'attr', '') == 'tensor']",
    "calls.sort(key=lambda n: (n.lineno, n.col_offset))",
    "print(json.dumps([ast.literal_eval(c.args[0]) for c in calls]))",
  ].join("\n");
  const tensors = JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" }));
  assert.equal(tensors.length, 2 * (params.sizes.length - 1), "a weight and a bias tensor per layer");
  const f32 = Math.fround;
  for (const [l, j, k, v] of params.w) assert.equal(f32(tensors[2 * (l - 1)][j][k]), v, `w(${l})_${j}${k}`);
  for (const [l, j, v] of params.b) assert.equal(f32(tensors[2 * (l - 1) + 1][j]), v, `b(${l})_${j}`);
  assertNoProblems(page);
});

test("Export as NumPy: the downloaded file, run by python3 with NumPy, gives the page's own outputs (issue 15)", async () => {
  const page = await openApp(env.browser, env.url, "dataset=threeClass&hidden=4,3&act=leakyRelu,tanh&outAct=softmax&cost=crossEntropy");
  await trainAndRedraw(page, 40);
  const { file, suggested } = await download(page, "#export-numpy", "numpy.py");
  assert.match(suggested, /\.py$/);
  const source = await fs.readFile(file, "utf8");
  assert.match(source, /def forward\(x\):/);
  assert.doesNotMatch(source, /torch/);
  // The page's network (the core) on a few points, and the file's forward() on the same points.
  const xs = [[0, 0], [0.5, -0.25], [-0.9, 0.8], [1, 1]];
  const core = await page.evaluate((xs) => xs.map((x) => Array.from(window.backpropLab.net.forward(new Float32Array(x)))), xs);
  const script = [
    "import importlib.util, json, sys",
    "spec = importlib.util.spec_from_file_location('m', sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
    "print(json.dumps([[float(v) for v in m.forward(x)] for x in json.loads(sys.argv[2])]))",
  ].join("\n");
  const numpy = JSON.parse(execFileSync("python3", ["-c", script, file, JSON.stringify(xs)], { encoding: "utf8" }));
  for (let i = 0; i < xs.length; i++) {
    assert.equal(numpy[i].length, 3, "three softmax outputs");
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(numpy[i][j] - core[i][j]) <= 1e-6, `x = ${xs[i]}, output ${j}: NumPy ${numpy[i][j]}, core ${core[i][j]}`);
  }
  assertNoProblems(page);
});

test("Download as CSV: the data (train / test marked) and the loss chart's history are the core's numbers (issue 15)", async () => {
  for (const [hash, regression] of [["dataset=threeClass&hidden=4&outAct=softmax&cost=crossEntropy&seed=2", false], ["dataset=plane&seed=3&noise=10", true]]) {
    const page = await openApp(env.browser, env.url, hash);
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.waitForFunction(() => window.backpropLab.pg.epoch() >= 20);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { file } = await download(page, "#export-data-csv", "data.csv");
    const lines = (await fs.readFile(file, "utf8")).trimEnd().split("\n");
    assert.equal(lines[0], `x1,x2,${regression ? "value" : "label"},set`);
    const want = await page.evaluate(() => ({ train: Array.from(window.backpropLab.pg.trainPoints()), test: Array.from(window.backpropLab.pg.testPoints()) }));
    const rows = lines.slice(1).map((l) => l.split(","));
    assert.equal(rows.length, (want.train.length + want.test.length) / 3, "one line per point");
    const flat = (set) => rows.filter((r) => r[3] === set).flatMap((r) => r.slice(0, 3).map((v) => Math.fround(Number(v))));
    assert.deepEqual(flat("train"), want.train, "the training points, bit for bit");
    assert.deepEqual(flat("test"), want.test, "the test points, bit for bit");
    if (!regression) assert.deepEqual([...new Set(flat("train").filter((_, i) => i % 3 === 2))].sort(), [0, 1, 2], "class indices 0, 1, 2");

    const h = await download(page, "#export-history-csv", "history.csv");
    const hist = (await fs.readFile(h.file, "utf8")).trimEnd().split("\n");
    assert.equal(hist[0], "epoch,iteration,train_cost,test_cost,train_accuracy,test_accuracy");
    const samples = await page.evaluate(() => window.backpropLab.views.chart.samples);
    assert.equal(hist.length - 1, samples.length, "one line per sample of the chart");
    const last = hist.at(-1).split(",");
    const m = await page.evaluate(() => ({ ...window.backpropLab.pg.metrics(), it: window.backpropLab.pg.iterations() }));
    assert.equal(Number(last[1]), m.it, "the last line is now");
    assert.equal(Math.fround(Number(last[2])), Math.fround(m.trainLoss), "its train cost is the core's");
    assert.equal(Math.fround(Number(last[3])), Math.fround(m.testLoss), "its test cost is the core's");
    if (regression) assert.deepEqual(last.slice(4), ["", ""], "no accuracy for regression");
    else assert.equal(Number(last[4]), m.trainAccuracy);
    assertNoProblems(page);
    await page.context().close();
  }
});
