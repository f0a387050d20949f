// The Lessons tab's two-parameter scenes (issue 13): "Two inputs: the gradient field"
// (#lesson=2&scene=3, kind "field") and "Stochastic gradient descent" (#lesson=3&scene=5, kind
// "sgd") open by URL, draw their surface, log no error, and every number they show is the
// core's — checked against the extras module's gradientField, pairPath and compareDescents
// called here again on a network built afresh from the scene's own data. The race moved to
// #lesson=2&scene=7 and still opens there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems, nonBackgroundPixels } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Opens `hash` and waits until the scene's view has its surface from the extras module. */
async function openScene(hash, ready) {
  const page = await openApp(env.browser, env.url, hash);
  await page.waitForFunction(ready, null, { timeout: 15000 });
  await frames(page);
  return page;
}

const title = (page) => page.evaluate(() => document.querySelector("#lessons-scene #ls-title").textContent);

test("the gradient field: the arrows, the ball's C and ∇C and its steps are the core's", async () => {
  const page = await openScene("lesson=2&scene=3", () => window.backpropLab.app.lessons.view?.point);
  assert.equal(await title(page), "Two inputs: the gradient field");
  assert.equal(await page.evaluate(() => window.backpropLab.app.lessons.view.constructor.name), "FieldScene");
  const px = await nonBackgroundPixels(page, "#lessons-scene canvas.ls-plane", [5, 5, 7]);
  assert.ok(px.lit > 20000, `the surface and its arrows are drawn (${px.lit} pixels)`);

  // Click on the surface: the ball goes there; then 20 steps.
  const box = await page.locator("#lessons-scene canvas.ls-plane").boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.25);
  await frames(page);
  const placed = await page.evaluate(() => {
    const v = window.backpropLab.app.lessons.view;
    return { a: v.point.a, b: v.point.b, trail: v.trail.length };
  });
  assert.equal(placed.trail, 1, "a click starts a new path");
  await page.getByRole("button", { name: "20 steps" }).click();
  await frames(page);

  const r = await page.evaluate(async ([a, b]) => {
    const lab = window.backpropLab;
    const view = lab.app.lessons.view;
    const scene = view.scene;
    const api = await import("/www/pkg/backprop_lab.js");
    const x = await lab.app.session.extras();
    const { fmtNum } = await import("/www/lib/notation.js");
    const net = new api.Network(scene.network);
    const json = net.toJSON();
    net.free();
    const xs = scene.examples.flatMap((e) => e.x), ys = scene.examples.flatMap((e) => e.y);
    const [pa, pb] = scene.pair;
    const field = x.gradientField(json, xs, ys, pa, pb, scene.range, scene.arrows, scene.resolution);
    const walked = x.pairPath(json, xs, ys, pa, pb, [a, b], view.eta, 20);
    const q = (k) => document.querySelector(`#lessons-scene .ls-readout [data-q="${k}"]`).textContent;
    const end = walked.point;
    const next = x.pairPath(json, xs, ys, pa, pb, [end.a, end.b], view.eta, 1).path;
    return {
      next: { mine: view.next, core: [next[4], next[5]] },
      arrows: { mine: Array.from(view.field.field), core: Array.from(field.field) },
      grid: { mine: Array.from(view.field.grid), core: Array.from(field.grid) },
      trail: { mine: view.trail.at(-1), core: [walked.path.at(-4), walked.path.at(-3)], length: view.trail.length },
      shown: { mine: ["a", "b", "cost", "gradA", "gradB"].map(q), core: [end.a, end.b, end.cost, end.gradA, end.gradB].map((v) => fmtNum(v)) },
      costs: Array.from({ length: walked.path.length / 4 }, (_, i) => walked.path[4 * i + 2]),
      n: field.arrows,
    };
  }, [placed.a, placed.b]);
  assert.equal(r.n, 12);
  assert.equal(r.arrows.core.length, 12 * 12 * 5, "12 × 12 arrows of [p_A, p_B, C, ∂C/∂p_A, ∂C/∂p_B]");
  assert.deepEqual(r.arrows.mine, r.arrows.core, "the arrows drawn are the core's field");
  assert.deepEqual(r.grid.mine, r.grid.core, "the heatmap is the core's grid");
  assert.equal(r.trail.length, 21, "the click's point and 20 steps");
  assert.deepEqual(r.trail.mine, r.trail.core, "the ball's steps are the core's");
  assert.deepEqual(r.shown.mine, r.shown.core, "the readout's C and ∇C at the ball are the core's");
  assert.ok(r.costs.at(-1) < r.costs[0], `the ball went downhill (${r.costs[0]} → ${r.costs.at(-1)})`);
  assert.deepEqual(r.next.mine, r.next.core, "the ball's −η∇C arrow ends where the core's next step lands");
  // A larger η: the slider shows it and the arrow is the core's step with it.
  const moved = await page.evaluate(async () => {
    const el = document.querySelector('#lessons-scene input[data-name="eta"]');
    el.value = "10";
    el.dispatchEvent(new Event("input"));
    const view = window.backpropLab.app.lessons.view;
    const x = await window.backpropLab.app.session.extras();
    const s = view.scene;
    const p = x.pairPath(view.net.toJSON(), view.xs, view.ys, s.pair[0], s.pair[1], [view.point.a, view.point.b], 10, 1).path;
    return { eta: view.eta, shown: el.parentElement.querySelector("output").textContent, mine: view.next, core: [p[4], p[5]] };
  });
  assert.equal(moved.eta, 10);
  assert.equal(moved.shown, "10");
  assert.deepEqual(moved.mine, moved.core);
  assertNoProblems(page);
  await page.close();
});

test("stochastic gradient descent: both paths and the evaluations to the target are the core's; SGD needs fewer", async () => {
  const page = await openScene("lesson=3&scene=5", () => window.backpropLab.app.lessons.view?.result);
  assert.equal(await title(page), "Stochastic gradient descent");
  assert.equal(await page.evaluate(() => window.backpropLab.app.lessons.view.constructor.name), "SgdScene");
  const px = await nonBackgroundPixels(page, "#lessons-scene canvas.ls-plane", [5, 5, 7]);
  assert.ok(px.lit > 20000, `the surface and the paths are drawn (${px.lit} pixels)`);

  const check = (batch) =>
    page.evaluate(async (batch) => {
      const lab = window.backpropLab;
      const view = lab.app.lessons.view;
      const scene = view.scene;
      const api = await import("/www/pkg/backprop_lab.js");
      const x = await lab.app.session.extras();
      const { fmtNum, count } = await import("/www/lib/notation.js");
      const net = new api.Network(scene.network);
      const json = net.toJSON();
      net.free();
      const xs = scene.examples.flatMap((e) => e.x), ys = scene.examples.flatMap((e) => e.y);
      const d = x.compareDescents(json, xs, ys, scene.pair[0], scene.pair[1], scene.start, scene.eta, scene.steps, batch, scene.seed, scene.target);
      const td = (k) => document.querySelector(`#lessons-scene td[data-q="${k}"]`).textContent;
      const keys = ["fullCost", "fullEvals", "fullReach", "miniCost", "miniEvals", "miniReach"];
      const reach = (v) => (v === null ? "not reached" : count(v));
      return {
        n: scene.examples.length,
        paths: { mine: [Array.from(view.result.full), Array.from(view.result.mini)], core: [Array.from(d.full), Array.from(d.mini)] },
        shown: {
          mine: keys.map(td),
          core: [fmtNum(d.full.at(-2)), count(d.full.at(-1)), reach(d.fullReach), fmtNum(d.mini.at(-2)), count(d.mini.at(-1)), reach(d.miniReach)],
        },
        reach: [d.fullReach, d.miniReach],
        scene: { batch: scene.batch, steps: scene.steps },
      };
    }, batch);

  const first = await check(await page.evaluate(() => window.backpropLab.app.lessons.view.scene.batch));
  assert.deepEqual(first.paths.mine, first.paths.core, "the paths drawn are the core's");
  assert.deepEqual(first.shown.mine, first.shown.core, "the table shows the core's numbers");
  const [full, mini] = first.reach;
  assert.ok(full !== null && mini !== null, "both reach the target");
  assert.ok(mini < full, `the mini-batch path needs fewer gradient evaluations (${mini} against ${full})`);
  assert.equal(first.paths.core[0].at(-1), first.n * first.scene.steps, "full batch: n evaluations a step");

  // The batch slider at n, then Run: every step uses every example, and the two paths are one.
  await page.evaluate((n) => {
    const el = document.querySelector('#lessons-scene input[data-name="batch"]');
    el.value = String(n);
    el.dispatchEvent(new Event("input"));
  }, first.n);
  await page.getByRole("button", { name: "▶ Run both" }).click();
  await frames(page);
  const whole = await check(first.n);
  assert.deepEqual(whole.paths.mine, whole.paths.core);
  assert.deepEqual(whole.paths.core[1], whole.paths.core[0], "a batch of every example is full-batch descent");
  assert.deepEqual(whole.shown.mine, whole.shown.core);
  // Reset: the scene's own batch size again.
  await page.getByRole("button", { name: "Reset" }).click();
  await frames(page);
  const again = await check(first.scene.batch);
  assert.deepEqual(again.shown.mine, first.shown.mine);
  assertNoProblems(page);
  await page.close();
});

test("bad input to the bindings is a thrown Error naming the argument", async () => {
  const page = await openScene("lesson=3&scene=5", () => window.backpropLab.app.lessons.view?.result);
  const errors = await page.evaluate(async () => {
    const lab = window.backpropLab;
    const scene = lab.app.lessons.view.scene;
    const x = await lab.app.session.extras();
    const json = lab.app.lessons.view.net.toJSON();
    const xs = scene.examples.flatMap((e) => e.x), ys = scene.examples.flatMap((e) => e.y);
    const [a, b] = scene.pair;
    const tries = {
      batch0: () => x.compareDescents(json, xs, ys, a, b, scene.start, 1, 10, 0, 1, 0.3),
      empty: () => x.compareDescents(json, [], [], a, b, scene.start, 1, 10, 4, 1, 0.3),
      samePair: () => x.gradientField(json, xs, ys, a, a, scene.range, 12, 32),
      nanRange: () => x.gradientField(json, xs, ys, a, b, [NaN, 1, -1, 1], 12, 32),
      noLayer: () => x.pairPath(json, xs, ys, { kind: "weight", l: 9, j: 0, k: 0 }, b, scene.start, 1, 3),
      shortStart: () => x.pairPath(json, xs, ys, a, b, [1], 1, 3),
    };
    const out = {};
    for (const [k, f] of Object.entries(tries)) {
      try {
        f();
        out[k] = "no error";
      } catch (e) {
        out[k] = e instanceof Error ? e.message : `not an Error: ${e}`;
      }
    }
    return out;
  });
  for (const [k, message] of Object.entries(errors)) {
    assert.notEqual(message, "no error", `${k}: refused`);
    assert.doesNotMatch(message, /^not an Error|unreachable|RuntimeError/, `${k}: a clear Error (${message})`);
  }
  assert.match(errors.batch0, /mini-batch|batch/);
  assert.match(errors.nanRange, /range/);
  assertNoProblems(page);
  await page.close();
});

test("the race is scene 7 of chapter 2, and Next from the descent opens the field, then the gradient bars", async () => {
  const page = await openApp(env.browser, env.url, "lesson=2&scene=7");
  assert.equal(await title(page), "Sigmoid is a slow learner");
  assertNoProblems(page);
  await page.close();
  const descent = await openApp(env.browser, env.url, "lesson=2&scene=2");
  assert.equal(await title(descent), "Rolling downhill in one dimension");
  await descent.click("#ls-next");
  await frames(descent);
  assert.equal(await title(descent), "Two inputs: the gradient field");
  assert.match(await descent.evaluate(() => location.hash), /lesson=2&scene=3/);
  await descent.click("#ls-next");
  await frames(descent);
  assert.equal(await title(descent), "Which nudges matter most");
  assertNoProblems(descent);
  await descent.close();
});
