// The Backprop tab: a fixed-seed network stepped through every phase and back with the keyboard;
// the panel's numbers are compared with the JS API (to the displayed 4 significant digits).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


async function openBackprop(hash = "") {
  const page = await openApp(env.browser, env.url, `mode=backprop&seed=3${hash}`);
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper && window.backpropLab.app.backprop.state);
  return page;
}

/** Every number cell of the step area against the stepper's accessors: list of mismatches. */
function panelMismatches(page) {
  return page.evaluate(() => {
    const s = window.backpropLab.app.backprop.stepper;
    const api = {
      z: (l, j) => s.z(l)[j], a: (l, j) => s.a(l)[j], fprime: (l, j) => s.derivative(l)[j], y: (l, j) => s.y()[j],
      term: (l, j) => s.costTerms()[j], da: (l, j) => s.activationGradient(l)[j], delta: (l, j) => s.delta(l)[j],
      cost: () => s.cost(), costBefore: () => s.cost(), eta: () => s.learningRate(),
      costAfter: () => window.backpropLab.net.cost(s.x(), s.y()),
    };
    const bad = [];
    const cells = [...document.querySelectorAll("#bp-step [data-q]")];
    for (const c of cells) {
      const want = api[c.dataset.q](Number(c.dataset.l), Number(c.dataset.j));
      const got = Number(c.textContent.replace(/−/g, "-"));
      if (!(Math.abs(got - want) <= 5e-4 * Math.abs(want) + 1e-9)) bad.push(`${c.dataset.q}(${c.dataset.l},${c.dataset.j}) shows ${c.textContent}, API ${want}`);
    }
    return { bad, count: cells.length };
  });
}

const expectedPhases = (L) => [
  ...Array.from({ length: L }, (_, i) => [`Forward · layer ${i + 1} of ${L}`, String(i + 1)]),
  ["Cost", String(L)],
  ...Array.from({ length: L }, (_, i) => [`Backward · layer ${L - i} of ${L}`, String(L - i)]),
  ["Update", ""],
  ["Done", ""],
];

test("→ walks every phase with the core's numbers and the active layer lit; the update is exactly −η∂C/∂w; ← undoes it all exactly", async () => {
  const page = await openBackprop();
  const L = await page.evaluate(() => window.backpropLab.net.depth());
  const params = () =>
    page.evaluate(() => {
      const { net } = window.backpropLab;
      const out = [];
      for (let l = 1; l <= net.depth(); l++) out.push([Array.from(net.toJSON().weights[l - 1]), Array.from(net.toJSON().biases[l - 1])]);
      return out;
    });
  const start = await params();
  await page.locator("#bp-forward").focus();
  assert.match(await page.locator("#bp-phase").textContent(), /^Start/);
  assert.equal(await page.locator("#bp-phase").getAttribute("aria-live"), "polite");
  let gradients = null;
  for (const [text, layer] of expectedPhases(L)) {
    if (text === "Update") {
      gradients = await page.evaluate(() => {
        const { app, net } = window.backpropLab;
        const s = app.backprop.stepper;
        const ind = net.gradient(s.x(), s.y()); // the Network API's own backprop of this example
        const out = [];
        for (let l = 1; l <= net.depth(); l++) {
          const w = Array.from(s.weightGradient(l));
          w.forEach((g, i) => {
            if (Math.abs(g - ind.weights[l - 1][i]) > 1e-6) throw new Error(`∂C/∂w differs at layer ${l}`);
          });
          out.push([w, Array.from(s.biasGradient(l))]);
        }
        return { out, eta: s.learningRate() };
      });
    }
    await page.keyboard.press("ArrowRight");
    await frames(page);
    assert.ok((await page.locator("#bp-phase").textContent()).startsWith(text), `phase bar says ${text}`);
    assert.equal(await page.locator("#network").getAttribute("data-active-layer"), layer, `layer ${layer || "none"} highlighted at ${text}`);
    const { bad, count } = await panelMismatches(page);
    assert.deepEqual(bad, [], `panel numbers = API at ${text}`);
    if (text !== "Update") assert.ok(count > 0 || text === "Done", `numbers shown at ${text}`);
  }
  assert.equal(await page.evaluate(() => window.backpropLab.pg.iterations()), 0, "→ stepped the stepper, it did not train a mini-batch");
  // The update: w ← w − η ∂C/∂w, in f32 arithmetic exactly as the core does it.
  const updated = await params();
  const f = Math.fround;
  for (let l = 0; l < L; l++)
    for (const p of [0, 1])
      start[l][p].forEach((w, i) => assert.equal(updated[l][p][i], f(w - f(f(gradients.eta) * gradients.out[l][p][i])), `layer ${l + 1} ${p ? "b" : "w"}[${i}]`));
  // Back to Start with ←: parameters bit-identical to before the update.
  for (const [text] of expectedPhases(L).reverse().slice(1)) {
    await page.keyboard.press("ArrowLeft");
    assert.ok((await page.locator("#bp-phase").textContent()).startsWith(text));
  }
  await page.keyboard.press("ArrowLeft");
  assert.match(await page.locator("#bp-phase").textContent(), /^Start/);
  assert.deepEqual(await params(), start, "step back is exact");
  assertNoProblems(page);
  await page.context().close();
});

// How fast a step is lives in the bench (`cargo xtask bench` times the Backprop tab's frames);
// here each click does its one step at once, in order, and none hangs.
test("each click of → does its one step at once, in order, on the default network", async () => {
  const page = await openBackprop();
  const steps = await page.evaluate(() => {
    const out = [];
    const button = document.getElementById("bp-forward");
    const stepper = () => window.backpropLab.app.backprop.stepper;
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      button.click();
      const { phase, layer } = stepper().phase();
      out.push({ ms: performance.now() - t0, phase, layer });
    }
    return out;
  });
  const names = steps.map((s) => s.phase);
  // 2-4-2-1: forward 1..3, cost, backward 3..1, update, done (and done stays done).
  assert.deepEqual(names.slice(0, 9), ["forward", "forward", "forward", "cost", "backward", "backward", "backward", "update", "done"], JSON.stringify(steps));
  assert.ok(names.slice(9).every((n) => n === "done"), JSON.stringify(steps));
  assert.deepEqual(steps.slice(0, 7).map((s) => s.layer), [1, 2, 3, 0, 3, 2, 1]);
  assert.ok(Math.max(...steps.map((s) => s.ms)) < 1000, `a step hung: ${steps.map((s) => s.ms.toFixed(1)).join(", ")} ms`);
  assertNoProblems(page);
  await page.context().close();
});

test("the phase bar lists the stepper's own phases in its order and lights the one just done; a new η restarts the walk", async () => {
  const page = await openBackprop("&hidden=3,2,4");
  const bar = () =>
    page.evaluate(() => {
      const pips = [...document.querySelectorAll("#bp-pips span")];
      const name = (p) => (p.layer ? `${p.phase} ${p.layer}` : p.phase);
      const s = window.backpropLab.app.backprop.stepper;
      return { titles: pips.map((p) => p.title), lit: pips.filter((p) => p.classList.contains("on")).map((p) => p.title), core: s.phases().map(name), now: name(s.phase()) };
    });
  // 2-3-2-4-1, L = 4: the order the core walks.
  const order = ["start", "forward 1", "forward 2", "forward 3", "forward 4", "cost", "backward 4", "backward 3", "backward 2", "backward 1", "update", "done"];
  let b = await bar();
  assert.deepEqual(b.core, order, "Stepper.phases() is the walk's order");
  assert.deepEqual(b.titles, order, "one pip per phase, in that order");
  assert.deepEqual(b.lit, ["start"]);
  for (const want of order.slice(1)) {
    await page.locator("#bp-forward").click();
    b = await bar();
    assert.equal(b.now, want);
    assert.deepEqual(b.lit, [want], `after the step to ${want}`);
  }
  // η changed in the header: the walk begins again at Start, says why, and uses the new η.
  await page.locator("#learningRate").fill("0.3");
  await page.locator("#learningRate").press("Enter");
  await page.waitForFunction(() => window.backpropLab.app.backprop.stepper?.phase().phase === "start" && Math.abs(window.backpropLab.app.backprop.stepper.learningRate() - 0.3) < 1e-7);
  assert.match(await page.locator("#bp-notice").textContent(), /learning rate η changed/);
  assert.deepEqual((await bar()).lit, ["start"]);
  assertNoProblems(page);
  await page.context().close();
});

test("the chain rule shows ? until each factor's step, then the core's values; a hidden weight expands over the next layer", async () => {
  const page = await openBackprop();
  await page.locator("#bp-l").selectOption("1");
  await page.locator("#bp-j").selectOption("1");
  await page.locator("#bp-k").selectOption("0");
  const factors = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#bp-chain-math [data-factor]")].map((m) => [m.dataset.factor, m.textContent])));
  assert.deepEqual(await factors(), { aPrev: await page.evaluate(() => {
    const v = window.backpropLab.app.backprop.stepper.a(0)[0];
    return String(Number(v.toPrecision(4))).replace("-", "−");
  }), fprime: "?", dCda: "?", grad: "?" });
  assert.equal(await page.locator("#bp-hidden-math math").count(), 1, "∂C₀/∂a⁽¹⁾₁ expands as a sum");
  await page.locator("#bp-run").click();
  await frames(page);
  const f = await factors();
  const want = await page.evaluate(() => {
    const s = window.backpropLab.app.backprop.stepper;
    return { fprime: s.derivative(1)[1], dCda: s.activationGradient(1)[1], grad: s.weightGradient(1)[1 * 2 + 0] };
  });
  for (const k of ["fprime", "dCda", "grad"]) {
    const got = Number(f[k].replace(/−/g, "-"));
    assert.ok(Math.abs(got - want[k]) <= 5e-4 * Math.abs(want[k]) + 1e-9, `${k}: ${f[k]} vs ${want[k]}`);
  }
  const sum = await page.evaluate(() => document.querySelector('#bp-hidden-math [data-factor="sum"]').textContent);
  const da = await page.evaluate(() => window.backpropLab.app.backprop.stepper.chainTerms(1, 1).sum);
  assert.ok(Math.abs(Number(sum.replace(/−/g, "-")) - da) <= 5e-4 * Math.abs(da) + 1e-9);
  assertNoProblems(page);
  await page.context().close();
});

test("clicking a weight of the network picks it; the nudge check's ΔC matches ∂C/∂w·ε to second order", async () => {
  const page = await openBackprop();
  const h = await page.evaluate(() => window.backpropLab.views.network.weightHandle(2, 1, 2));
  await page.mouse.click(h.x, h.y);
  await frames(page);
  assert.deepEqual(await page.evaluate(() => window.backpropLab.app.backprop.param), { kind: "weight", l: 2, j: 1, k: 2 });
  // At Start the check waits for the backward step that computes ∂C₀/∂w (issue 10.8).
  assert.match(await page.locator("#bp-nudge").textContent(), /backward step for layer 2/);
  assert.equal(await page.locator('[data-q="nudgePredicted"]').count(), 0, "no prediction before its step");
  await page.locator("#bp-run").click();
  await frames(page);
  const w0 = await page.evaluate(() => window.backpropLab.net.getWeight(2, 1, 2));
  const read = (q) => page.evaluate((q) => Number(document.querySelector(`[data-q="${q}"]`).textContent.replace(/−/g, "-")), q);
  for (const eps of [0.01, 0.001]) {
    await page.locator("#bp-eps").fill(String(eps));
    await page.locator("#bp-eps").press("Enter");
    await page.locator("#bp-eps").blur();
    const n = await page.evaluate((eps) => window.backpropLab.app.backprop.stepper.nudge("weight", 2, 1, 2, eps), eps);
    const [actual, predicted] = [await read("nudgeActual"), await read("nudgePredicted")];
    assert.ok(Math.abs(actual - n.actual) <= 5e-4 * Math.abs(n.actual) + 1e-12, `ΔC shown ${actual} = API ${n.actual}`);
    assert.ok(Math.abs(predicted - n.predicted) <= 5e-4 * Math.abs(n.predicted) + 1e-12);
    // |ΔC − ∂C/∂w·ε| is of order ε² (plus f32 rounding of C₀ ≈ 1e-7).
    assert.ok(Math.abs(n.actual - n.predicted) < 2 * eps * eps + 1e-6, `ε = ${eps}: ${n.actual} vs ${n.predicted}`);
    assert.ok(Math.abs(n.predicted) > 10 * Math.abs(n.actual - n.predicted) || Math.abs(n.predicted) < 1e-6, "the prediction explains ΔC");
  }
  assert.equal(await page.evaluate(() => window.backpropLab.net.getWeight(2, 1, 2)), w0, "the nudge put w back");
  assertNoProblems(page);
  await page.context().close();
});

test("the mini-batch table lists each example's ∂C₀/∂w and their average equals the batch gradient", async () => {
  const page = await openBackprop("&batch=5");
  const rows = await page.locator('[data-q="exampleGradient"]').count();
  assert.equal(rows, 5);
  const check = await page.evaluate(() => {
    const { app, net } = window.backpropLab;
    const bp = app.backprop;
    const n = window.backpropLab.pg.trainPoints().length / 3;
    const pts = window.backpropLab.pg.trainPoints();
    const xs = new Float32Array(bp.batch.flatMap((i) => [pts[3 * i], pts[3 * i + 1]]));
    const ys = new Float32Array(bp.batch.map((i) => pts[3 * i + 2])); // circle: one output, label 0/1
    const g = net.gradient(xs, ys); // the batch gradient from the Network API
    const { l, j, k } = bp.param;
    const cell = (q) => Number(document.querySelector(`[data-q="${q}"]`).textContent.replace(/−/g, "-"));
    return {
      n, batch: g.weights[l - 1][j * net.layerSizes()[l - 1] + k], mean: cell("batchMean"), shown: cell("batchGradient"),
      indices: bp.batch, next: Array.from(window.backpropLab.pg.nextBatch()),
    };
  });
  assert.deepEqual(check.indices, check.next, "the table is the mini-batch Step trains on next");
  assert.ok(Math.abs(check.mean - check.batch) <= 5e-4 * Math.abs(check.batch) + 1e-9, `mean ${check.mean} = ∂C/∂w ${check.batch}`);
  assert.ok(Math.abs(check.shown - check.batch) <= 5e-4 * Math.abs(check.batch) + 1e-9);
  assertNoProblems(page);
  await page.context().close();
});

test("a softmax three-class network runs to the end with δ shown directly; leaving the tab restores the playground's look", async () => {
  const page = await openBackprop("&dataset=threeClass&outAct=softmax&cost=crossEntropy");
  await page.locator("#bp-kind").selectOption("bias");
  await page.locator("#bp-run").click();
  await frames(page);
  assert.match(await page.locator("#bp-phase").textContent(), /^Done/);
  assert.equal(await page.locator("#bp-softmax-note").isVisible(), true);
  assert.ok(await page.locator('#bp-chain-math [data-factor="delta"]').count());
  await page.getByRole("tab", { name: "Playground" }).click();
  await frames(page);
  await frames(page);
  assert.equal(await page.locator("#network").getAttribute("data-active-layer"), null);
  assert.deepEqual(await page.evaluate(() => window.backpropLab.views.network.selected), []);
  assert.equal(await page.locator("#heatmap").isVisible(), true);
  assert.equal(await page.locator("#backprop-panel").isVisible(), false);
  assertNoProblems(page);
  await page.context().close();
});
