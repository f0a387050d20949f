// The Lessons tab (www/lessons/, issue 13): every scene of every chapter opens from the list,
// Next / Back and ← / →, draws, and shows the core's own numbers (checked here against the same
// wasm module called directly); the claims a scene makes happen (13,002 parameters; the chain
// rule's factors multiply to ∂C₀/∂w and the nudge's ΔC₀/ε approaches it); links, malformed ones
// too, open the right scene or name what they could not use; the other tabs' work is kept and a
// left scene frees its handles; embed.html?lesson=… and <backprop-lab lesson=… scene=…> show it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, frames, assertNoProblems, nonBackgroundPixels } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** What the Lessons tab shows now. */
const shown = (page) =>
  page.evaluate(() => {
    const $ = (s) => document.querySelector(`#lessons-scene ${s}`);
    const lab = window.backpropLab;
    return {
      mode: lab.mode,
      scene: lab.app.lessons.scene,
      title: $("#ls-title").textContent,
      where: $("#ls-where").textContent,
      kind: lab.app.lessons.view?.constructor.name ?? null,
      error: $("#ls-error").hidden ? "" : $("#ls-error").textContent,
      notice: document.getElementById("notice").hidden ? "" : document.getElementById("notice-text").textContent,
      back: $("#ls-back").disabled,
      next: $("#ls-next").disabled,
      current: [...document.querySelectorAll("#lessons-scene .ls-scene[aria-current]")].map((b) => b.textContent),
      hash: location.hash,
    };
  });

/**
 * The shown scene's live numbers beside the same numbers computed here by the page's wasm
 * module called directly (a Network and a Stepper of the scene's own config and parameters).
 */
const checkNumbers = (page) =>
  page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const lab = window.backpropLab;
    const view = lab.app.lessons.view;
    const scene = view.scene;
    const text = (s) => document.querySelector(`#lessons-scene ${s}`)?.textContent ?? "";
    const out = { kind: scene.kind, text: text(".ls-stage") };
    if (scene.kind === "neuron") {
      const net = new api.Network({ ...scene.network, activation: view.act, outputActivation: view.act });
      net.setWeight(1, 0, 0, view.values.w);
      net.setBias(1, 0, view.values.b);
      const s = new api.Stepper(net, [view.values.input], [0], 0.1);
      s.next();
      out.mine = { z: view.z, a: view.a };
      out.core = { z: s.z(1)[0], a: s.a(1)[0] };
      s.free();
      net.free();
    } else if (scene.kind === "count") {
      const net = new api.Network({ ...scene.network, layers: view.sizes });
      out.mine = { count: view.count };
      out.core = { count: net.parameterCount() };
      net.free();
    } else if (scene.kind === "chain") {
      const net = api.Network.fromSaved(view.net.toJSON());
      const s = new api.Stepper(net, scene.x, view.y, 0.1);
      for (let i = 0; i < 64; i++) {
        const { phase, layer } = s.next();
        if (phase === "backward" && layer === 1) break;
      }
      const { kind, l, j } = view.param;
      const k = view.param.k ?? 0;
      const grad = kind === "weight" ? s.weightGradient(l)[j * s.a(l - 1).length + k] : s.biasGradient(l)[j];
      out.mine = { ...view.values, cost: view.cost, carried: view.carried.sum, nudge: view.nudged.gradient };
      out.core = {
        aPrev: s.a(l - 1)[k], fprime: s.derivative(l)[j], dCda: s.activationGradient(l)[j], grad,
        cost: s.cost(), carried: s.chainTerms(net.depth() - 1, scene.carry ?? 0).sum, nudge: grad,
      };
      out.ratio = view.nudged.actual / view.eps;
      out.grad = grad;
      out.product = (kind === "weight" ? s.a(l - 1)[k] : 1) * s.derivative(l)[j] * s.activationGradient(l)[j];
      s.free();
      net.free();
    } else if (scene.kind === "descent") {
      const net = api.Network.fromSaved(view.net.toJSON());
      const { l, j, k } = view.param;
      const picks = [0, 40, 80, 120, 160].map((i) => view.curve[i]);
      out.mine = picks.map(([, c]) => c);
      out.core = picks.map(([p]) => {
        net.setWeight(l, j, k, p);
        return net.cost(scene.examples.flatMap((e) => e.x), scene.examples.flatMap((e) => e.y));
      });
      net.free();
    } else if (scene.kind === "race") {
      out.mine = view.runs.map((r) => r.costs.at(-1)[1]);
      out.core = view.runs.map((r) => r.pg.metrics().trainLoss);
    } else if (scene.kind === "average") {
      const net = api.Network.fromSaved(view.net.toJSON());
      const first = scene.examples[0];
      const s = new api.Stepper(net, first.x, first.y, 0.1);
      const { kind, l, j } = view.param;
      const g = s.exampleGradients(scene.examples.flatMap((e) => e.x), scene.examples.flatMap((e) => e.y), kind, l, j, view.param.k ?? 0);
      out.mine = view.gradients;
      out.core = { perExample: Array.from(g.perExample), mean: g.mean, batch: g.batch };
      const { fmtNum } = await import("/www/lib/notation.js");
      const td = (q) => document.querySelector(`#lessons-scene .ls-average td[data-q="${q}"]`).textContent;
      out.shown = { table: [...g.perExample].map((_, i) => td(`g${i}`)).concat([td("mean"), td("batch")]), core: [...g.perExample, g.mean, g.batch].map((v) => fmtNum(v)) };
      s.free();
      net.free();
    }
    return out;
  });

test("every scene opens by Next from the first, draws, and shows the core's numbers; Back returns", async () => {
  const page = await openApp(env.browser, env.url, "mode=lessons");
  const seen = [];
  let s = await shown(page);
  assert.deepEqual(s.scene, { lesson: 1, scene: 1, notice: null });
  assert.equal(s.back, true, "Back is off on the first scene");
  for (;;) {
    s = await shown(page);
    assert.equal(s.error, "", `${s.title}: no error`);
    assert.ok(s.kind, `${s.title}: a live view`);
    assert.deepEqual(s.current, [s.title], "the list marks the scene shown");
    assert.match(s.hash, new RegExp(`lesson=${s.scene.lesson}&scene=${s.scene.scene}`), "the URL holds the scene");
    const n = await checkNumbers(page);
    assert.deepEqual(n.mine, n.core, `${s.title}: the numbers shown are the core's`);
    if (n.kind === "neuron") {
      const px = await nonBackgroundPixels(page, "#lessons-scene canvas.ls-curve", [5, 5, 7]);
      assert.ok(px.lit > 500, `${s.title}: the curve is drawn (${px.lit} pixels)`);
    }
    if (n.kind === "count") assert.match(n.text, /13,002 weights and biases/, "784-16-16-10 has 13,002 parameters");
    if (n.kind === "average") {
      const { perExample, mean, batch } = n.core;
      const sum = perExample.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum / perExample.length - mean) <= 1e-6, `${s.title}: the mean is the examples' average`);
      assert.ok(Math.abs(mean - batch) <= 1e-6, `${s.title}: the average of the ∂C₀/∂p is the set's ∂C/∂p (${mean} vs ${batch})`);
      assert.deepEqual(n.shown.table, n.shown.core, `${s.title}: the table shows the core's numbers`);
    }
    if (n.kind === "chain") {
      assert.ok(Math.abs(n.product - n.grad) <= 1e-6 * Math.max(1, Math.abs(n.grad)), `${s.title}: the factors multiply to ∂C₀/∂p (${n.product} vs ${n.grad})`);
      assert.ok(Math.abs(n.ratio - n.grad) <= 0.05 * Math.abs(n.grad) + 1e-6, `${s.title}: ΔC₀/ε ≈ ∂C₀/∂p at ε = 0.01 (${n.ratio} vs ${n.grad})`);
    }
    seen.push(`${s.scene.lesson}.${s.scene.scene}`);
    if (s.next) break;
    await page.click("#ls-next");
    await frames(page);
  }
  assert.deepEqual(seen, ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3", "4.4", "4.5"]);
  await page.click("#ls-back");
  await frames(page);
  assert.deepEqual((await shown(page)).scene, { lesson: 4, scene: 4, notice: null });
  assertNoProblems(page);
  await page.close();
});

test("the scene's controls change the core's numbers: sliders, the activation, the layer sizes, y and ε", async () => {
  const page = await openApp(env.browser, env.url, "lesson=1&scene=4");
  const set = (sel, v) =>
    page.evaluate(([sel, v]) => {
      const el = document.querySelector(`#lessons-scene ${sel}`);
      el.value = String(v);
      el.dispatchEvent(new Event(el.tagName === "SELECT" || el.type === "text" ? "change" : "input", { bubbles: true }));
    }, [sel, v]);
  // ReLU: max(0, z). w = 2, b = −1, input 0.25 → z = −0.5 → a = 0; input 1 → z = 1 → a = 1.
  await set('input[data-name="w"]', 2);
  await set('input[data-name="b"]', -1);
  await set('input[data-name="input"]', 0.25);
  let n = await checkNumbers(page);
  assert.deepEqual(n.mine, n.core);
  assert.equal(n.mine.a, 0, "ReLU is 0 below the threshold");
  await set('input[data-name="input"]', 1);
  n = await checkNumbers(page);
  assert.deepEqual(n.mine, { z: 1, a: 1 });
  await set('select[data-name="activation"]', "sigmoid");
  n = await checkNumbers(page);
  assert.deepEqual(n.mine, n.core);
  assert.ok(Math.abs(n.mine.a - 1 / (1 + Math.exp(-1))) < 1e-6, "σ(1) after switching to the sigmoid");
  assert.match(n.text, /σ/, "the formula names σ");

  // The parameter count follows the typed shape; a shape the core refuses is named and the last good one kept.
  await page.click("#lessons-scene .ls-scene >> text=13,002 knobs");
  await set('input[data-name="layers"]', "784, 100, 10");
  n = await checkNumbers(page);
  assert.deepEqual(n.mine, { count: 79510 });
  assert.deepEqual(n.mine, n.core);
  await set('input[data-name="layers"]', "784, x, 10");
  let t = await page.evaluate(() => document.querySelector("#lessons-scene .ls-count .error").textContent);
  assert.match(t, /"x" is not a whole number of neurons — kept 784, 100, 10/);
  await set('input[data-name="layers"]', "784, 0, 10");
  t = await page.evaluate(() => document.querySelector("#lessons-scene .ls-count .error").textContent);
  assert.match(t, /kept 784, 100, 10$/, "the core's refusal is shown and the last shape kept");
  assert.notEqual(t, "", "a message");

  // The chain: y = 0 flips ∂C₀/∂a⁽³⁾'s sign; w⁽³⁾ = 0 makes ∂C₀/∂a⁽²⁾ zero; a smaller ε brings ΔC₀/ε closer.
  await page.click("#lessons-scene .ls-scene >> text=The bias, and the neuron before");
  await frames(page);
  n = await checkNumbers(page);
  const before = n.mine.dCda;
  await set('select[data-name="y"]', "0");
  n = await checkNumbers(page);
  assert.deepEqual(n.mine, n.core);
  assert.ok(Math.sign(n.mine.dCda) === -Math.sign(before) && before !== 0, "y = 0 flips 2(a⁽³⁾ − y)");
  await set('input[data-name="top"]', 0);
  n = await checkNumbers(page);
  assert.equal(n.mine.carried, 0, "w⁽³⁾ = 0: ∂C₀/∂a⁽²⁾ = 0");
  await set('input[data-name="top"]', 2);
  const gaps = [];
  for (const eps of ["0.1", "0.01", "0.001"]) {
    await set('select[data-name="eps"]', eps);
    n = await checkNumbers(page);
    gaps.push(Math.abs(n.ratio - n.grad));
  }
  assert.ok(gaps[0] > gaps[1] && gaps[1] > gaps[2], `ΔC₀/ε approaches ∂C₀/∂b as ε shrinks (${gaps.join(", ")})`);

  // The ball on a 1-D cut: from each start, C falls at every step and the ball settles where the
  // slope is ~0; the two starts end in different valleys, the one from 3 lower.
  await page.click("#lessons-scene .ls-scene >> text=Rolling downhill in one dimension");
  await page.waitForFunction(() => !document.querySelector('#lessons-scene button[data-step="20"]').disabled);
  const roll = async (start) => {
    await page.click(`#lessons-scene button[data-start="${start}"]`);
    for (let i = 0; i < 5; i++) await page.click('#lessons-scene button[data-step="20"]');
    return page.evaluate(() => {
      const v = window.backpropLab.app.lessons.view;
      return { trail: v.trail, last: v.last, value: v.value() };
    });
  };
  const ends = [];
  for (const start of [0, 1]) {
    const r = await roll(start);
    const costs = r.trail.map(([, c]) => c);
    assert.ok(costs.every((c, i) => i === 0 || c <= costs[i - 1] + 1e-7), `C never rises along the path from start ${start}`);
    assert.ok(Math.abs(r.last[1]) < 1e-3, `the ball settles where the slope is ~0 (∂C/∂w = ${r.last[1]})`);
    assert.equal(r.value, r.last[3], "the network holds the core's stepped value");
    ends.push({ w: r.value, c: costs.at(-1) });
  }
  assert.ok(ends[0].w > 0 && ends[1].w < -3, `two valleys: ${JSON.stringify(ends)}`);
  assert.ok(ends[0].c < ends[1].c - 0.01, "the valley found from 3 is the deeper one: a local minimum is not the lowest");

  // Every example's desire: somewhere along b⁽³⁾ the average desire changes sign (a minimum of C along it).
  await page.click("#lessons-scene .ls-scene >> text=Every example has its own desires");
  await frames(page);
  const means = [];
  for (const b of [-6, 6]) {
    await set('input[data-name="param"]', b);
    means.push((await checkNumbers(page)).core.mean);
  }
  assert.ok(means[0] < 0 && means[1] > 0, `∂C/∂b⁽³⁾ goes from negative to positive across the slider (${means})`);

  // Several neurons: w⁽²⁾₀₀ moves the first term of ∂C₀/∂a⁽¹⁾₀'s sum, not ∂C₀/∂w⁽²⁾₁₀.
  await page.click("#lessons-scene .ls-scene >> text=Several neurons per layer");
  await frames(page);
  const terms = () => page.evaluate(() => {
    const v = window.backpropLab.app.lessons.view;
    return { products: Array.from(v.carried.products), grad: v.values.grad };
  });
  const t0 = await terms();
  await set('input[data-name="top"]', -2);
  const t1 = await terms();
  assert.notEqual(t1.products[0], t0.products[0], "the first term of the sum changed");
  assert.equal(t1.products[1], t0.products[1], "the second term did not");
  assert.equal(t1.grad, t0.grad, "∂C₀/∂w⁽²⁾₁₀ did not change");
  assertNoProblems(page);
  await page.close();
});

test("lesson links open that scene; a link past the end or malformed names the problem and shows the nearest scene", async () => {
  const cases = [
    ["lesson=4&scene=2", { lesson: 4, scene: 2 }, "The bias, and the neuron before", null],
    ["lesson=4&scene=9", { lesson: 4, scene: 5 }, "Several neurons per layer", /Lesson 4 has 5 scenes, not 9 — showing scene 5/],
    ["lesson=5&scene=1", { lesson: 1, scene: 1 }, "A neuron holds a number", /Ignored bad value for lesson: '5' \(must be between 1 and 4\)/],
    ["lesson=2&scene=9", { lesson: 2, scene: 7 }, "Sigmoid is a slow learner", /Lesson 2 has 7 scenes, not 9 — showing scene 7/],
    ["lesson=3&scene=7", { lesson: 3, scene: 5 }, "Stochastic gradient descent", /Lesson 3 has 5 scenes, not 7 — showing scene 5/],
    ["lesson=abc&scene=2", { lesson: 1, scene: 2 }, "The hope: edges, then loops, then digits", /Ignored bad value for lesson: 'abc'/],
    ["lesson=4&scene=0", { lesson: 4, scene: 1 }, "One neuron per layer", /Ignored bad value for scene: '0'/],
    ["mode=lessons&lesson=1&scene=5", { lesson: 1, scene: 5 }, "13,002 knobs", null],
  ];
  for (const [hash, at, title, notice] of cases) {
    const page = await openApp(env.browser, env.url, hash);
    const s = await shown(page);
    assert.equal(s.mode, "lessons", `${hash}: the Lessons tab`);
    assert.deepEqual({ lesson: s.scene.lesson, scene: s.scene.scene }, at, hash);
    assert.equal(s.title, title, hash);
    if (notice) assert.match(s.notice, notice, hash);
    else assert.equal(s.notice, "", `${hash}: no notice`);
    assert.match(s.hash, new RegExp(`mode=lessons&lesson=${at.lesson}&scene=${at.scene}`), `${hash}: the URL says what is shown`);
    assertNoProblems(page);
    await page.close();
  }
  // A live hash change moves the open page to the scene.
  const page = await openApp(env.browser, env.url, "lesson=1&scene=1");
  await page.evaluate(() => (location.hash = "lesson=4&scene=3&mode=lessons"));
  await page.waitForFunction(() => document.getElementById("ls-title").textContent === "Iterating backward");
  assertNoProblems(page);
  await page.close();
});

test("← / → and R move and reset scenes when no control has focus; in a slider the arrows move it", async () => {
  const page = await openApp(env.browser, env.url, "lesson=1&scene=3");
  await page.locator("#ls-title").click();
  await page.keyboard.press("ArrowRight");
  await frames(page);
  assert.deepEqual((await shown(page)).scene, { lesson: 1, scene: 4, notice: null });
  await page.keyboard.press("ArrowLeft");
  await frames(page);
  assert.deepEqual((await shown(page)).scene, { lesson: 1, scene: 3, notice: null });
  // In the slider, → is the slider's: the weight moves, the scene stays.
  await page.focus('#lessons-scene input[data-name="w"]');
  await page.keyboard.press("ArrowRight");
  await frames(page);
  const w = await page.evaluate(() => window.backpropLab.app.lessons.view.values.w);
  assert.ok(Math.abs(w - 1.6) < 1e-9, `the slider moved w to 1.6 (${w})`);
  assert.deepEqual((await shown(page)).scene, { lesson: 1, scene: 3, notice: null });
  // R (no control focused) builds the scene again with its own values.
  await page.locator("#ls-title").click();
  await page.keyboard.press("r");
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.app.lessons.view.values.w), 1.5);
  // At the last scene → does nothing.
  await page.evaluate(() => window.backpropLab.app.lessons.open(4, 5));
  assert.equal(await page.evaluate(() => window.backpropLab.commands.step(1)), false);
  assertNoProblems(page);
  await page.close();
});

test("the other tabs' work is kept, and a scene left frees every handle it built", async () => {
  const page = await openApp(env.browser, env.url, "");
  const state = () =>
    page.evaluate(() => {
      const lab = window.backpropLab;
      return { iterations: lab.pg.iterations(), weights: JSON.stringify(lab.net.toJSON().weights), handles: lab.app.session.liveHandles() };
    });
  await page.evaluate(() => {
    for (let i = 0; i < 5; i++) window.backpropLab.commands.step(1);
  });
  const start = await state();
  assert.equal(start.iterations, 5);
  for (const [lesson, scene] of [[1, 1], [1, 3], [4, 1], [4, 3]]) {
    await page.evaluate(([l, s]) => {
      window.backpropLab.commands.setMode("lessons");
      window.backpropLab.app.lessons.open(l, s);
    }, [lesson, scene]);
    await frames(page);
    await page.evaluate(() => {
      const el = document.querySelector("#lessons-scene input[type=range]");
      el.value = String(Number(el.min) + 1);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }).catch(() => {});
  }
  await page.evaluate(() => window.backpropLab.commands.setMode("playground"));
  await frames(page);
  const end = await state();
  assert.equal(end.iterations, start.iterations, "the playground did not train or reset");
  assert.equal(end.weights, start.weights, "its weights are untouched");
  assert.deepEqual(end.handles, start.handles, "leaving the Lessons tab freed the scene's networks and steppers");
  assertNoProblems(page);
  await page.close();
});

test("embed.html?lesson=4&scene=1 and <backprop-lab lesson scene> show that scene, without the chapter list", async () => {
  const page = await newPage(env.browser, env.url, { width: 960, height: 540 });
  await page.goto(`${env.url}embed.html?lesson=4&scene=1`);
  await page.waitForFunction(() => window.backpropLab && document.getElementById("ls-title")?.textContent);
  let s = await shown(page);
  assert.equal(s.mode, "lessons");
  assert.equal(s.title, "One neuron per layer");
  assert.equal(await page.locator("#lessons-scene .ls-toc").isVisible(), false, "no chapter list in a frame");
  assert.equal(await page.locator("header").isVisible(), false, "no playground header");
  assertNoProblems(page);
  await page.goto(`${env.url}embed.html?lesson=7`);
  await page.waitForFunction(() => window.backpropLab && document.getElementById("ls-title")?.textContent);
  s = await shown(page);
  assert.match(s.notice, /Ignored bad value for lesson: '7'/);
  assert.equal(s.title, "A neuron holds a number");
  await page.close();

  const host = await newPage(env.browser, env.url, { width: 1280, height: 800 });
  await host.goto(`${env.url}tests/browser/blank.html`);
  await host.evaluate(async () => {
    await import("/www/backprop-lab.js");
    document.body.innerHTML = `<backprop-lab id="l" lesson="4" scene="2" style="width: 960px; height: 540px"></backprop-lab>`;
    await document.getElementById("l").ready;
  });
  await host.waitForFunction(() => document.getElementById("l").frame.contentDocument.getElementById("ls-title")?.textContent);
  const inFrame = await host.evaluate(() => {
    const w = document.getElementById("l").frame.contentWindow;
    return { mode: w.backpropLab.mode, title: w.document.getElementById("ls-title").textContent };
  });
  assert.deepEqual(inFrame, { mode: "lessons", title: "The bias, and the neuron before" });
  assertNoProblems(host);
  await host.close();
});

test("sigmoid against ReLU: both train from the loop (Space plays and pauses), ReLU ends far lower, and the gradient sizes are the core's", async () => {
  const page = await openApp(env.browser, env.url, "lesson=2&scene=7");
  const run = () =>
    page.evaluate(() => {
      const v = window.backpropLab.app.lessons.view;
      return { its: v.runs.map((r) => r.pg.iterations()), costs: v.runs.map((r) => r.costs.at(-1)[1]), sizes: v.runs.map((r) => r.sizes), playing: window.backpropLab.playingView };
    });
  await page.waitForFunction(() => window.backpropLab.app.lessons.view.runs[0].sizes);
  await page.locator("#ls-title").click();
  await page.keyboard.press(" ");
  await page.waitForFunction(() => window.backpropLab.app.lessons.view.runs[0].pg.iterations() >= 100);
  await page.keyboard.press(" ");
  const paused = await run();
  assert.equal(paused.playing, null, "Space paused it");
  assert.equal(paused.its[0], paused.its[1], "both trained the same number of mini-batches");
  await frames(page, 3);
  assert.deepEqual((await run()).its, paused.its, "nothing trains while paused");
  await page.click('#lessons-scene button[data-act="play"]');
  await page.waitForFunction(() => window.backpropLab.playingView === null && window.backpropLab.app.lessons.view.runs[0].pg.iterations() === 1000, null, { timeout: 60000 });
  const end = await run();
  assert.deepEqual(end.its, [1000, 1000], "it stops at the scene's 1,000 mini-batches");
  assert.ok(end.costs[0] > 0.2 && end.costs[1] < 0.05, `after 1,000 mini-batches sigmoid's C is still near 0.25, ReLU's far below (${end.costs})`);
  // The sizes shown are the RMS of the page module's own gradient of each run's network.
  const check = await page.evaluate(() => {
    const v = window.backpropLab.app.lessons.view;
    return v.runs.map((r) => {
      const g = r.net.gradient(r.xs, r.ys);
      return { shown: r.sizes, mine: g.weights.map((w) => Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length)) };
    });
  });
  for (const { shown, mine } of check) shown.forEach((s, l) => assert.ok(Math.abs(s - mine[l]) <= 1e-5 * mine[l] + 1e-12, `layer ${l + 1}: ${s} vs ${mine[l]}`));
  assert.ok(check[0].shown[0] < check[1].shown[0], "the sigmoid's first layer learns slower than ReLU's");
  // Leaving while it plays stops it and frees both playgrounds.
  const before = await page.evaluate(() => window.backpropLab.app.session.liveHandles());
  await page.keyboard.press("r");
  await page.click('#lessons-scene button[data-act="play"]');
  await page.evaluate(() => window.backpropLab.commands.setMode("playground"));
  await frames(page);
  const after = await page.evaluate(() => ({ h: window.backpropLab.app.session.liveHandles(), playing: window.backpropLab.playingView }));
  assert.equal(after.playing, null, "leaving the scene stopped it");
  assert.deepEqual(after.h, { ...before, playground: before.playground - 2, network: before.network - 2 }, "the two runs' handles are freed");
  assertNoProblems(page);
  await page.close();
});

test("on a 360 px phone no scene scrolls sideways, and the chapter list starts folded", async () => {
  const page = await openApp(env.browser, env.url, "lesson=1&scene=1", { width: 360, height: 740 });
  assert.equal(await page.locator("#lessons-scene .ls-toc details").evaluate((d) => d.open), false, "the list is folded");
  const wide = [];
  for (;;) {
    await frames(page);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    const title = await page.locator("#ls-title").textContent();
    if (w > 360) wide.push(`${title}: ${w} px`);
    if (await page.locator("#ls-next").isDisabled()) break;
    await page.locator("#ls-next").click();
  }
  assert.deepEqual(wide, [], "every scene fits the phone's width");
  assertNoProblems(page);
  await page.close();
});
