// The Lessons' scenes on 3Blue1Brown's digit network (lessons/digit.js, edge.js, memorise.js;
// issue 13): each opens by its link with no console error, draws, and shows the core's own
// numbers — checked here against the page's wasm module called directly on the same network
// and input —, and the claims happen: the hand-set edge detector lights for its stroke and not
// without it; pure noise gets a confident answer (brightest output > 0.5) from the pretrained
// network; trained on 1,000 images with shuffled labels the network learns them by heart
// (training accuracy ≥ 30 %) while the test accuracy stays ≤ 15 %.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems, nonBackgroundPixels } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Opens a scene and waits until its view has shown an input (and, if asked, the test score). */
async function openScene(hash, { evaluation = false } = {}) {
  const page = await openApp(env.browser, env.url, hash);
  await page.waitForFunction(
    (evaluation) => {
      const v = window.backpropLab.app.lessons.view;
      return v && v.input && Object.keys(v.numbers).length > 0 && (!evaluation || v.evaluation);
    },
    evaluation,
    { timeout: 30000 },
  );
  return page;
}

/**
 * The shown digit's numbers recomputed with the page's wasm module: a copy of the scene's
 * network, the same input and target, a Stepper walked to its last backward phase.
 */
const recompute = (page) =>
  page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const v = window.backpropLab.app.lessons.view;
    const net = api.Network.fromSaved(v.net.toJSON());
    const y = Array.from({ length: 10 }, (_, j) => (j === v.target ? 1 : 0));
    const s = new api.Stepper(net, v.input.x, y, 1);
    for (;;) {
      const p = s.next();
      if (p.phase === "backward" && p.layer === 1) break;
    }
    const all = [];
    for (let l = 1; l <= 3; l++) {
      s.weightGradient(l).forEach((g) => all.push(-g));
      s.biasGradient(l).forEach((g) => all.push(-g));
    }
    const out = {
      shown: v.numbers,
      core: {
        outputs: Array.from(s.a(3)),
        terms: Array.from(s.costTerms()),
        c0: s.cost(),
        nudges: Array.from(s.activationGradient(3), (g) => -g),
        column: Array.from(s.a(0)),
        gradientTop: all.map(Math.abs).sort((a, b) => b - a).slice(0, 16),
        gradientCount: all.length,
        zero: all.filter((g) => g === 0).length,
        b: -s.biasGradient(3)[v.target],
        weightGradient: Array.from(s.weightGradient(3)),
        sums: v.numbers.ways ? v.numbers.ways.terms.map((t) => s.chainTerms(2, t.k).sum) : [],
      },
      target: v.target,
      text: document.querySelector("#lessons-scene .ls-stage").textContent,
    };
    s.free();
    net.free();
    return out;
  });

test("1.1 a neuron holds a number: the 784 input neurons are the core's x = byte / 255 of the test digit", async () => {
  const page = await openScene("lesson=1&scene=1");
  const r = await recompute(page);
  assert.deepEqual(r.shown.column, r.core.column, "a⁽⁰⁾ shown is the core's");
  const px = await nonBackgroundPixels(page, "#lessons-scene canvas.ls-grid", [5, 5, 7]);
  assert.ok(px.lit > 2000, `the grid is drawn (${px.lit} pixels)`);
  const [i, value] = r.shown.pixel;
  assert.equal(value, r.core.column[i]);
  assert.match(r.text, /Neuron a⁽⁰⁾\S+ \(row \d+, column \d+\) holds \d\.\d{3}/);
  // The arrow keys on the focused grid move the neuron read (the scene stays).
  await page.locator("#lessons-scene canvas.ls-grid").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  const moved = await page.evaluate(() => window.backpropLab.app.lessons.view.numbers.pixel);
  assert.equal(moved[0], i + 29, "one right, one down");
  assert.equal(moved[1], r.core.column[i + 29]);
  assert.deepEqual((await page.evaluate(() => window.backpropLab.app.lessons.scene)).scene, 1, "the arrows were the grid's");
  // Another test digit, picked with the keyboard (its button), gives another column.
  await page.locator('#lessons-scene button[data-image="3"]').focus();
  await page.keyboard.press("Enter");
  const r2 = await recompute(page);
  assert.deepEqual(r2.shown.column, r2.core.column);
  assert.notDeepEqual(r2.shown.column, r.shown.column);
  assertNoProblems(page);
  await page.close();
});

test("1.2 the hand-set edge detector: its stroke lights it (a > 0.5), a blank pad or a stroke elsewhere does not; z and a are the core's", async () => {
  // The edge scene has no test digits: it is ready once its extras module has loaded.
  const p = await openApp(env.browser, env.url, "lesson=1&scene=2");
  await p.waitForFunction(() => window.backpropLab.app.lessons.view?.values);
  const check = () =>
    p.evaluate(async () => {
      const api = await import("/www/pkg/backprop_lab.js");
      const v = window.backpropLab.app.lessons.view;
      const net = api.Network.fromSaved(v.net.toJSON());
      const s = new api.Stepper(net, v.values.x, [0], 1);
      s.next();
      const out = { shown: { z: v.values.z, a: v.values.a }, core: { z: s.z(1)[0], a: s.a(1)[0] }, text: document.querySelector("#lessons-scene .ls-total").textContent };
      s.free();
      net.free();
      return out;
    });
  let r = await check();
  assert.deepEqual(r.shown, r.core);
  assert.ok(r.shown.a < 0.01, `dark on a blank pad (${r.shown.a})`);
  await p.locator('#lessons-scene button[data-act="edge"]').focus();
  await p.keyboard.press("Enter");
  r = await check();
  assert.deepEqual(r.shown, r.core);
  assert.ok(r.shown.a > 0.5, `lit by its stroke (${r.shown.a})`);
  assert.match(r.text, /lit: there is an edge/);
  // The buttons draw the stroke lower, or a vertical one: dark.
  for (const act of ["lower", "vertical"]) {
    await p.click(`#lessons-scene button[data-act="${act}"]`);
    r = await check();
    assert.deepEqual(r.shown, r.core);
    assert.ok(r.shown.a < 0.5, `${act}: dark (${r.shown.a})`);
  }
  // A vertical stroke through the band, drawn with the mouse, leaves it dark.
  await p.locator('#lessons-scene button[data-act="clear"]').click();
  const box = await p.locator("#lessons-scene canvas.ls-pad").boundingBox();
  await p.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.1);
  await p.mouse.down();
  await p.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 12 });
  await p.mouse.up();
  r = await check();
  assert.deepEqual(r.shown, r.core);
  assert.ok(r.shown.a < 0.5, `a vertical stroke leaves it dark (${r.shown.a})`);
  assertNoProblems(p);
  await p.close();
});

test("2.1 the cost of one example: the ten (a⁽³⁾ⱼ − yⱼ)² and C₀ are the core's; a wrong target makes C₀ large", async () => {
  const page = await openScene("lesson=2&scene=1", { evaluation: true });
  let r = await recompute(page);
  assert.equal(r.target, 2, "the scene starts on a 2");
  assert.deepEqual(r.shown.terms, r.core.terms);
  assert.equal(r.shown.c0, r.core.c0);
  assert.deepEqual(r.shown.outputs, r.core.outputs);
  assert.ok(r.shown.c0 < 0.1, `the pretrained net reads this 2 well (C₀ = ${r.shown.c0})`);
  assert.match(r.text, /Averaged over all 2,000 test images, the cost C = 0\.0\d/);
  await page.selectOption('#lessons-scene select[data-name="target"]', "7");
  r = await recompute(page);
  assert.equal(r.target, 7);
  assert.deepEqual(r.shown.terms, r.core.terms);
  assert.ok(r.shown.c0 > 1, `C₀ is large for the wrong target (${r.shown.c0})`);
  const px = await nonBackgroundPixels(page, '#lessons-scene canvas[data-canvas="outputs"]', [5, 5, 7]);
  assert.ok(px.lit > 300, `the output bars are drawn (${px.lit})`);
  assertNoProblems(page);
  await page.close();
});

test("2.4 which nudges matter most: the sorted bars are the largest of the core's 13,002 gradient components", async () => {
  const page = await openScene("lesson=2&scene=4");
  const r = await recompute(page);
  assert.equal(r.shown.gradient.count, 13002);
  assert.equal(r.core.gradientCount, 13002);
  assert.equal(r.shown.gradient.zero, r.core.zero);
  assert.deepEqual(r.shown.gradient.top.map(([, g]) => Math.abs(g)), r.core.gradientTop);
  assert.match(r.shown.gradient.top[0][0], /^[wb]⁽[¹²³]⁾/, "each bar names its parameter");
  assertNoProblems(page);
  await page.close();
});

test("2.5 what the network learned: ~95 % on the test set, and pure noise gets a confident answer (brightest output > 0.5)", async () => {
  const page = await openScene("lesson=2&scene=5", { evaluation: true });
  const acc = await page.evaluate(() => window.backpropLab.app.lessons.view.evaluation.accuracy);
  assert.ok(acc > 0.93, `the pretrained network's test accuracy ${acc}`);
  assert.match(await page.locator('#lessons-scene [data-out="accuracy"]').textContent(), /reads 9\d\.\d % right/);
  await page.locator('#lessons-scene button[data-act="noise"]').focus();
  await page.keyboard.press("Enter");
  const r = await page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const v = window.backpropLab.app.lessons.view;
    const noise = new Float32Array(v.x.noiseInput(v.scene.noiseSeed));
    const net = api.Network.fromSaved(v.net.toJSON());
    const s = new api.Stepper(net, noise, Array(10).fill(0), 1);
    for (let l = 0; l < 3; l++) s.next();
    const out = { shown: v.numbers.outputs, core: Array.from(s.a(3)), what: v.input.what, same: Array.from(v.input.x).every((t, i) => t === noise[i]) };
    s.free();
    net.free();
    return out;
  });
  assert.equal(r.what, "random noise");
  assert.ok(r.same, "the input is the core's noise image of the scene's seed");
  assert.deepEqual(r.shown, r.core);
  assert.ok(Math.max(...r.shown) > 0.5, `noise: brightest output ${Math.max(...r.shown)}`);
  const weights = await page.locator('#lessons-scene [data-out="weights"] canvas').count();
  assert.equal(weights, 16, "the 16 first-layer neurons' weights are drawn");
  const px = await nonBackgroundPixels(page, '#lessons-scene [data-out="weights"] canvas', [0, 0, 0]);
  assert.ok(px.lit > 300, `the weight images are not blank (${px.lit})`);
  assertNoProblems(page);
  await page.close();
});

test("2.6 learning by heart: shuffled labels on 1,000 images reach ≥ 30 % training accuracy with ≤ 15 % on the test set; the real labels generalise", async () => {
  const page = await openApp(env.browser, env.url, "lesson=2&scene=6");
  await page.waitForFunction(() => !document.querySelector('#lessons-scene button[data-act="play"]').disabled, null, { timeout: 30000 });
  await page.locator("#ls-title").click();
  await page.keyboard.press(" "); // Space plays the scene
  await page.waitForFunction(() => window.backpropLab.app.lessons.view.done(), null, { timeout: 120000 });
  await frames(page, 3);
  const r = await page.evaluate(() => window.backpropLab.app.lessons.view.runs.map((r) => ({ label: r.label, points: r.points })));
  const [real, shuffled] = r;
  assert.equal(real.points.at(-1)[0], 40);
  assert.equal(shuffled.points.at(-1)[0], 40);
  assert.ok(real.points.length >= 40, `an accuracy point per epoch (${real.points.length})`);
  const [, strain, stest] = shuffled.points.at(-1);
  const [, , rtest] = real.points.at(-1);
  assert.ok(strain >= 0.3, `shuffled labels: training accuracy ${strain}`);
  assert.ok(stest <= 0.15, `shuffled labels: test accuracy ${stest}`);
  assert.ok(rtest >= 0.75, `real labels: test accuracy ${rtest}`);
  assert.equal(await page.evaluate(() => window.backpropLab.playingView), null, "the scene stops when both runs are done");
  const td = await page.locator('#lessons-scene td[data-q="train1"]').textContent();
  assert.match(td, /^\d+\.\d %$/);
  const px = await nonBackgroundPixels(page, "#lessons-scene canvas.ls-curve", [5, 5, 7]);
  assert.ok(px.lit > 500, `the curves are drawn (${px.lit})`);
  assertNoProblems(page);
  await page.close();
});

test("3.1 and 3.2: what one example wants and the three ways to raise an output are the core's ∂C₀/∂a⁽³⁾, ∂C₀/∂b⁽³⁾, ∂C₀/∂W⁽³⁾ and ∂C₀/∂a⁽²⁾", async () => {
  let page = await openScene("lesson=3&scene=1");
  let r = await recompute(page);
  assert.deepEqual(r.shown.nudges, r.core.nudges);
  assert.ok(r.shown.nudges[2] > 0 && r.shown.nudges.every((v, j) => j === 2 || v <= 0), "up for the 2, down (or still) for the others");
  assertNoProblems(page);
  await page.close();

  page = await openScene("lesson=3&scene=2");
  r = await recompute(page);
  const { b, terms } = r.shown.ways;
  assert.equal(b, r.core.b);
  for (const t of terms) {
    assert.equal(t.grad, r.core.weightGradient[r.target * 16 + t.k], `∂C₀/∂w⁽³⁾ for k = ${t.k}`);
  }
  assert.deepEqual(terms.map((t) => t.sum), r.core.sums, "the sums over all ten outputs are the core's ∂C₀/∂a⁽²⁾ₖ");
  assert.match(r.text, /Three ways to raise a⁽³⁾₂/);
  assertNoProblems(page);
  await page.close();
});

test("3.3 recursing backward: each press is one backward step of the stepper, and each layer's −∂C₀/∂a⁽ˡ⁾ is the core's", async () => {
  const page = await openScene("lesson=3&scene=3");
  const core = await page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const v = window.backpropLab.app.lessons.view;
    const net = api.Network.fromSaved(v.net.toJSON());
    const y = Array.from({ length: 10 }, (_, j) => (j === v.target ? 1 : 0));
    const s = new api.Stepper(net, v.input.x, y, 1);
    while (s.next().phase !== "backward" || s.phase().layer !== 1);
    const out = [3, 2, 1, 0].map((l) => Array.from(s.activationGradient(l), (g) => -g));
    s.free();
    net.free();
    return out;
  });
  const shown = () => page.evaluate(() => window.backpropLab.app.lessons.view.numbers.backward);
  for (let step = 0; step <= 3; step++) {
    const b = await shown();
    assert.equal(b.l, 3 - step);
    assert.deepEqual(b.want, core[step], `−∂C₀/∂a⁽${3 - step}⁾`);
    assert.equal(b.phase.phase, step === 0 ? "cost" : "backward");
    if (step < 3) await page.click('#lessons-scene button[data-act="bw-next"]');
  }
  assert.equal(await page.locator('#lessons-scene button[data-act="bw-next"]').isDisabled(), true, "the pixels are the last layer");
  const px = await nonBackgroundPixels(page, '#lessons-scene canvas[data-canvas="backward-image"]', [0, 0, 0]);
  assert.ok(px.lit > 100, `the pixels' wishes are drawn as an image (${px.lit})`);
  await page.click('#lessons-scene button[data-act="bw-prev"]');
  assert.equal((await shown()).l, 1, "a step forward again");
  // Its way to the Digits tab.
  await page.click("#lessons-scene .ls-scene >> text=What the network actually learned");
  await page.click('#lessons-scene button[data-act="digits-tab"]');
  assert.equal(await page.evaluate(() => window.backpropLab.mode), "digits");
  assertNoProblems(page);
  await page.close();
});
