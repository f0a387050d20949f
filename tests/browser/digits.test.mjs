// The Digits scene on the light MNIST subset (10k / 2k, `?digits=light`): data loads lazily
// with progress, training in the worker raises test accuracy, a drawn stroke changes the
// output bars, weight images render, the confusion matrix sums to the test set, backprop steps
// through one digit, and the committed pretrained network loads. No console errors.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setup, newPage, assertNoProblems, nonBackgroundPixels, ROOT } from "./harness.mjs";

let env;
let page;
before(async () => {
  env = await setup();
  page = await newPage(env.browser, env.url, { width: 1600, height: 1000 });
});
after(async () => env && env.close());

test("the extras wasm API refuses a truncated or wrong-magic IDX file with the core's message", async () => {
  const { default: init, Digits, digitsDefaults, preprocessDigit } = await import(`${ROOT}/www/pkg/backprop_lab_extras.js`);
  await init({ module_or_path: readFileSync(`${ROOT}/www/pkg/backprop_lab_extras_bg.wasm`) });
  const { learningRate, batchSize, decay, regularization, ...network } = digitsDefaults();
  const idx = (dims, sizes, body) => Uint8Array.from([0, 0, 8, dims, ...sizes.flatMap((n) => [0, 0, n >> 8, n & 255]), ...body]);
  const images = idx(3, [2, 28, 28], new Array(2 * 784).fill(9));
  const labels = idx(1, [2], [3, 7]);
  const d = new Digits(network, learningRate, batchSize, images, labels, images, labels);
  assert.deepEqual(d.counts(), { train: 2, test: 2 });
  assert.throws(() => new Digits(network, learningRate, batchSize, images.slice(0, 500), labels, images, labels), /image file is not a valid IDX file.*truncated/);
  const longLabels = idx(1, [20], new Array(20).fill(3));
  assert.throws(() => new Digits(network, learningRate, batchSize, longLabels, labels, images, labels), /should start with 00 00 08 03/);
  const x = preprocessDigit(new Float32Array(100).fill(1), 10, 10);
  assert.equal(x.length, 784);
});

const digits = (f, arg) => page.evaluate(([src, arg]) => new Function("d", "arg", `return (${src})(d, arg)`)(window.backpropLab.app.digits, arg), [f.toString(), arg]);
const bars = () => page.$$eval("#digits-scene .dg-bars li", (lis) => lis.map((li) => Number(li.dataset.value || 0)));
const waitFor = (f, arg, timeout = 30000) => page.waitForFunction(([src, arg]) => {
  const d = window.backpropLab?.app?.digits;
  return d && new Function("d", "arg", `return (${src})(d, arg)`)(d, arg);
}, [f.toString(), arg], { timeout, polling: 50 });

test("the playground does not load MNIST; the Digits tab does, with progress", async () => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${env.url}index.html?digits=light`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  assert.equal(requests.filter((u) => u.includes("/www/data/")).length, 0, "no MNIST request before the tab is opened");
  await page.getByRole("tab", { name: "Digits" }).click();
  await waitFor((d) => d.status === "ready");
  const p = await digits((d) => d.progress);
  assert.ok(p.total > 1e6 && p.loaded === p.total, `progress reached the total (${p.loaded} / ${p.total})`);
  assert.ok(requests.some((u) => u.endsWith("/www/data/light/train-images.idx.gz")), "the light subset was fetched");
  assert.equal(await page.locator("#digits-scene .dg-progress").isVisible(), false, "the progress bar goes away");
  assert.equal(await page.locator("#main").isVisible(), false, "the scene replaces the playground");
});

test("the confusion matrix sums to the test-set size", async () => {
  await waitFor((d) => d.evaluation !== null);
  const cells = await page.$$eval("#digits-scene .dg-confusion td", (tds) => tds.map((td) => Number(td.textContent)));
  assert.equal(cells.length, 100);
  assert.equal(cells.reduce((a, b) => a + b, 0), 2000);
});

test("training in the worker raises the test accuracy", async () => {
  const before = await digits((d) => d.evaluation.accuracy);
  await page.fill("#digits-scene .dg-epochs", "2");
  assert.equal(await page.evaluate(() => window.backpropLab.commands.play()), true, "the play command trains the digits");
  await waitFor((d) => d.metrics.epochs >= 2 && !d.playing && d.evaluation.epochs >= 2);
  const after = await digits((d) => d.evaluation.accuracy);
  assert.ok(before < 0.3 && after > 0.85, `test accuracy ${before} → ${after} after 2 epochs of 10k`);
  assert.match(await page.locator("#digits-scene .dg-test-acc").textContent(), /\d+\.\d\d %/);
});

test("drawing a stroke changes the output bars", async () => {
  const blank = await bars();
  assert.deepEqual(blank, new Array(10).fill(0), "no input, no bars");
  const box = await page.locator("#digits-scene .dg-pad").boundingBox();
  await page.mouse.move(box.x + 140, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 240, { steps: 12 }); // a "1"
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const one = await bars();
  assert.ok(one.some((v) => v > 0), "the bars show the output");
  assert.equal(one.indexOf(Math.max(...one)), 1, `a vertical stroke reads as 1 (${one.map((v) => v.toFixed(2))})`);
  const input = await nonBackgroundPixels(page, "#digits-scene .dg-input");
  assert.ok(input.lit > 10 && input.lit < 200, `the 28 × 28 input shows the preprocessed stroke (${input.lit} px)`);
  await page.click("#digits-scene .dg-clear");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(await bars(), new Array(10).fill(0), "Clear empties the input");
});

test("a weight image renders for a chosen first-layer neuron", async () => {
  await page.click('#digits-scene .dg-weight-cell[data-neuron="5"]');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.getAttribute("#digits-scene .dg-weight-big", "data-neuron"), "5");
  const lit = await nonBackgroundPixels(page, "#digits-scene .dg-weight-big");
  assert.ok(lit.lit > 300, `most of the 784 weights are coloured (${lit.lit})`);
  // Clicking the neuron in the network picks it too.
  const pos = await digits((d) => d.netView.layout.layers[1][9]);
  const canvas = await page.locator("#digits-scene .dg-network").boundingBox();
  await page.mouse.click(canvas.x + pos.x, canvas.y + pos.y);
  await waitFor((d) => d.selected === 9, null, 3000);
});

test("stepping backprop on a misread test digit runs forward, backward and update", async () => {
  await page.click("#digits-scene .dg-thumb");
  await waitFor((d) => d.input && d.input.label !== null, null, 3000);
  const w0 = await digits((d) => [...d.readParams().weights[2]]);
  const phases = [];
  for (let i = 0; i < 9; i++) {
    await page.click("#digits-scene .dg-bp-step");
    phases.push(await page.getAttribute("#digits-scene .dg-bp-phase", "data-phase"));
  }
  assert.deepEqual(phases, ["forward", "forward", "forward", "cost", "backward", "backward", "backward", "update", "done"]);
  assert.equal(await page.getAttribute("#digits-scene .dg-bp-input", "data-computed"), "true", "∂C/∂a⁰ is drawn");
  const w1 = await digits((d) => [...d.readParams().weights[2]]);
  assert.ok(w1.some((w, i) => w !== w0[i]), "the update changed the page's network");
});

test("the pretrained network loads and reads the light test set well", async () => {
  await page.click("#digits-scene .dg-pretrained");
  await waitFor((d) => d.evaluation && d.evaluation.accuracy > 0.95, null, 10000);
  // Issue 10.10: ▶ goes on at the pretrained run's final η (from the file), not at the default
  // η = 3 that drops it from 96 % to 92 % in seconds; the page says so.
  const file = JSON.parse(readFileSync(`${ROOT}/www/data-pretrained/digits-784-16-16-10.json`, "utf8"));
  assert.ok(file.finalLearningRate > 0 && file.finalLearningRate < 0.1, `final η ${file.finalLearningRate}`);
  assert.equal(Number(await page.locator("#digits-scene .dg-eta").inputValue()), file.finalLearningRate);
  assert.equal(Number(await page.locator("#digits-scene .dg-decay").inputValue()), file.settings.decay);
  assert.match(await page.locator("#digits-scene .dg-progress-text").textContent(), /continues at its final η = 0\.0356/);
});

test("Save downloads the exact weights and Load puts them back", async () => {
  // Right after the pretrained network's accuracy shows (maybe before a frame has drawn it),
  // Save writes the pretrained weights — not the rebuilt network's that came just before them.
  const saved = await digits((d) => d.readParams().weights.map((w) => [...w]));
  const file = JSON.parse(readFileSync(`${ROOT}/www/data-pretrained/digits-784-16-16-10.json`, "utf8"));
  const f32 = (b64) => { const b = Buffer.from(b64, "base64"); return [...new Float32Array(b.buffer, b.byteOffset, b.length / 4)]; };
  assert.deepEqual(saved, file.weights.map(f32), "the page's network is the pretrained one");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#digits-scene .dg-save")]);
  const text = readFileSync(await download.path(), "utf8");
  assert.equal(JSON.parse(text).format, "backprop-lab-digits/1");
  await page.click("#digits-scene .dg-reset");
  await waitFor((d, w) => d.readParams().weights[2][0] !== w, saved[2][0], 5000);
  await page.setInputFiles("#digits-scene .dg-load", { name: "net.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await waitFor((d, w) => d.readParams().weights[2][0] === w, saved[2][0], 5000);
  const loaded = await digits((d) => d.readParams().weights.map((w) => [...w]));
  assert.deepEqual(loaded, saved, "every weight is back, bit for bit");
  assertNoProblems(page);
});
