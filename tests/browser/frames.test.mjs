// What a frame draws (issue 11, main-thread work per frame): a view redraws only what changed.
// The output plot keeps its axes and data points in a layer drawn once and copied over each
// new heatmap, and shows what drawing them directly would; the Cost surface panel and the
// Digits network leave their canvases as they are in a frame where nothing they show changed,
// and redraw them when something did; the surface's 3-D mesh and the Digits weight lines, drawn
// a part per frame while training, are the pictures drawn at once. No timed assertions: counts of
// draws and pixels.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/**
 * In the page: the output plot drawn the direct way (heatmap image, axes, test points if shown,
 * training points, straight onto a canvas of the same size) against what the view shows. The
 * layer is composited once, so antialiased edges may round differently by a level or two.
 */
function compareWithDirect(page) {
  return page.evaluate(() => {
    const h = window.backpropLab.views.heatmap;
    const c = h.canvas;
    const probe = document.createElement("canvas");
    probe.width = c.width;
    probe.height = c.height;
    const ctx = probe.getContext("2d");
    const dpr = globalThis.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(h.off, 0, 0, h.size, h.size);
    h.drawAxes(ctx);
    if (h.showTestForHover) h.drawPoints(ctx, h.test, false, h.model.isRegression);
    h.drawPoints(ctx, h.train, true, h.model.isRegression);
    const a = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const b = ctx.getImageData(0, 0, c.width, c.height).data;
    let max = 0, differ = 0;
    for (let i = 0; i < a.length; i += 4) {
      let m = 0;
      for (let k = 0; k < 4; k++) m = Math.max(m, Math.abs(a[i + k] - b[i + k]));
      if (m) differ++;
      max = Math.max(max, m);
    }
    return { max, differ, pixels: a.length / 4 };
  });
}

const heatmapState = (page) => page.evaluate(() => {
  const h = window.backpropLab.views.heatmap;
  const c = h.canvas;
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 97) sum = (sum * 31 + d[i]) >>> 0;
  return { layerDraws: h.layerDraws, pixels: sum, iterations: window.backpropLab.pg.iterations() };
});

test("the output plot draws its points once per change, not once per frame, and shows what drawing them directly shows", async () => {
  const page = await openApp(env.browser, env.url, "seed=5&showTest=false");
  const first = await heatmapState(page);
  assert.ok(first.layerDraws >= 1, "the layer was drawn for the first frame");
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => window.backpropLab.commands.step(1));
    await frames(page);
  }
  const trained = await heatmapState(page);
  assert.equal(trained.iterations, first.iterations + 5, "five mini-batches were trained");
  assert.notEqual(trained.pixels, first.pixels, "the heatmap under the points changed with the weights");
  assert.equal(trained.layerDraws, first.layerDraws, "training redrew the heatmap, not the points");
  let cmp = await compareWithDirect(page);
  assert.ok(cmp.max <= 3, `the plot matches the direct drawing within rounding (max channel difference ${cmp.max}, ${cmp.differ} of ${cmp.pixels} pixels)`);
  assert.ok(cmp.differ < cmp.pixels * 0.1, `only antialiased edges may differ (${cmp.differ} of ${cmp.pixels} pixels)`);

  // Showing the test points, and adding a point, change what the layer shows: it is redrawn.
  await page.locator("#showTest").check();
  await frames(page);
  const shown = await heatmapState(page);
  assert.equal(shown.layerDraws, trained.layerDraws + 1, "showing the test points redrew the layer once");
  cmp = await compareWithDirect(page);
  assert.ok(cmp.max <= 3, `with the test points too (max channel difference ${cmp.max})`);
  const box = await page.locator("#heatmap").boundingBox();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.1);
  await frames(page);
  const added = await page.evaluate(() => ({ draws: window.backpropLab.views.heatmap.layerDraws, n: window.backpropLab.views.heatmap.train.length }));
  assert.equal(added.draws, shown.layerDraws + 1, "a new point redrew the layer");
  assert.equal(added.n, (await page.evaluate(() => window.backpropLab.pg.trainPoints().length)), "the layer's points are the playground's");
  cmp = await compareWithDirect(page);
  assert.ok(cmp.max <= 3, `with the new point (max channel difference ${cmp.max})`);
  assertNoProblems(page);
  await page.context().close();
});

test("the Cost surface panel redraws when an answer comes, not in the frames between", async () => {
  const page = await openApp(env.browser, env.url, "mode=surface&seed=2");
  await page.waitForFunction(() => window.backpropLab.views.surface?.answer?.point, null, { timeout: 30000 });
  await frames(page, 4);
  const state = () => page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return { draws: s.draws, answer: s.answer, cost: document.getElementById("surface-cost").textContent };
  });
  const idle = await state();
  await frames(page, 10);
  const still = await state();
  assert.equal(still.draws, idle.draws, "ten frames with the same answer drew nothing");
  assert.equal(still.cost, idle.cost);
  const drawsBefore = still.draws;
  await page.evaluate(() => window.backpropLab.commands.step(1)); // the point moves: a new answer
  await page.waitForFunction((d) => window.backpropLab.views.surface.draws > d && window.backpropLab.views.surface.answer?.point, drawsBefore, { timeout: 30000 });
  await frames(page);
  const moved = await state();
  assert.notEqual(moved.cost, idle.cost, "the new answer's cost is shown");
  // Rotating the 3-D view changes what it shows with the same answer: drawn again.
  const box = await page.locator("#surface-3d").boundingBox();
  const drawsAfter = moved.draws;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await frames(page);
  assert.ok((await state()).draws > drawsAfter, "a rotation redrew the panel");
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits network is drawn again only when its weights, input or selection change", async () => {
  const page = await newPage(env.browser, env.url, { width: 1600, height: 1000 });
  await page.goto(`${env.url}index.html?digits=light`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => window.backpropLab.app.digits?.status === "ready" && window.backpropLab.app.digits.params, null, { timeout: 120000 });
  await frames(page, 4);
  const state = () => page.evaluate(() => {
    const d = window.backpropLab.app.digits;
    return { draws: d.netView.draws, chart: d.chart.drawnKey, weights: d.weights.drawnW === d.params.weights[0] };
  });
  const idle = await state();
  await page.evaluate(() => window.backpropLab.app.digits.requestRender());
  await frames(page, 5);
  const asked = await state();
  assert.equal(asked.draws, idle.draws, "a render with nothing new left the network canvas as it was");
  assert.equal(asked.chart, idle.chart, "and the chart");
  assert.ok(asked.weights, "the weight images show the last parameters");
  await page.locator("#digits-scene .dg-weight-cell[data-neuron='3']").click(); // a new selection
  await frames(page, 2);
  const selected = await state();
  assert.equal(selected.draws, asked.draws + 1, "a new selection drew the network once");
  assert.equal(await page.evaluate(() => window.backpropLab.app.digits.weights.big.dataset.neuron), "3");
  assertNoProblems(page);
  await page.context().close();
});

/** In the page: how many of two canvases' pixels differ, and by how much at most. */
const PIXEL_DIFF = `(a, b) => {
  const x = a.getContext("2d").getImageData(0, 0, a.width, a.height).data;
  const y = b.getContext("2d").getImageData(0, 0, b.width, b.height).data;
  let max = 0, differ = 0, ink = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    if (d) differ++;
    if (x[i]) ink++;
    max = Math.max(max, d);
  }
  return { max, differ, ink, same: x.length === y.length };
}`;

test("a new grid's 3-D mesh, drawn a part per frame while the last one is shown, is the mesh drawn at once", async () => {
  const page = await openApp(env.browser, env.url, "mode=surface&seed=2");
  await page.waitForFunction(() => window.backpropLab.views.surface?.settled, null, { timeout: 30000, polling: 20 });
  const r = await page.evaluate((diff) => {
    const pixelDiff = (0, eval)(diff); // PIXEL_DIFF, sent as text (the tests bypass the page's CSP)
    const v = window.backpropLab.views.surface.view3d;
    const [w, h] = [v.canvas.clientWidth, v.canvas.clientHeight];
    const old = v.surface;
    const next = { ...old, grid: old.grid.map((c, i) => c + 0.3 * Math.sin(i / 7) * (old.max - old.min)) }; // another grid
    next.max = Math.max(...next.grid);
    next.min = Math.min(...next.grid);
    v.stage(next);
    let steps = 0, shownOld = true;
    while (!v.step(w, h)) {
      steps++;
      shownOld &&= v.surface === old;
    }
    const staged = document.createElement("canvas");
    [staged.width, staged.height] = [v.layer.width, v.layer.height];
    staged.getContext("2d").drawImage(v.layer, 0, 0);
    v.drawMesh(w, h); // the same grid at once
    return { steps, shownOld, now: v.surface === next, ...pixelDiff(staged, v.layer) };
  }, PIXEL_DIFF);
  assert.ok(r.steps >= 2, `the mesh took ${r.steps} frames before the last`);
  assert.ok(r.shownOld, "the frames until then showed the last grid");
  assert.ok(r.now, "then the new one");
  assert.ok(r.same && r.ink > 1000, "the mesh was drawn");
  assert.equal(r.differ, 0, `the mesh drawn in parts differs from the mesh drawn at once (max ${r.max})`);
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits weight lines, drawn a layer per frame while training, are the lines drawn at once", async () => {
  const page = await newPage(env.browser, env.url, { width: 1280, height: 800 });
  await page.goto(`${env.url}index.html?digits=light`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => window.backpropLab.app.digits?.status === "ready" && window.backpropLab.app.digits.params, null, { timeout: 120000 });
  await frames(page, 3);
  const r = await page.evaluate((diff) => {
    const pixelDiff = (0, eval)(diff); // PIXEL_DIFF, sent as text (the tests bypass the page's CSP)
    const d = window.backpropLab.app.digits, n = d.netView;
    const old = n.weights;
    const next = old.map((w) => w.map((v, i) => (i % 3 ? -v : 1.5 * v))); // other weights
    n.setWeights(next);
    n.lines.at = -Infinity; // the last lines are old enough to be redrawn
    const state = { a: d.a, selected: d.selected, predicted: -1, training: true };
    let frames = 0, shownOld = true;
    for (; frames < 10 && n.lines.weights !== next; frames++) {
      n.render(state);
      if (n.lines.weights !== next) shownOld &&= n.lines.weights === old;
    }
    const staged = document.createElement("canvas");
    [staged.width, staged.height] = [n.lines.canvas.width, n.lines.canvas.height];
    staged.getContext("2d").drawImage(n.lines.canvas, 0, 0);
    n.lines.shape = null; // drawn again at once
    n.render({ ...state, training: false });
    return { frames, shownOld, now: n.lines.weights === next, ...pixelDiff(staged, n.lines.canvas) };
  }, PIXEL_DIFF);
  assert.equal(r.frames, 3, "one frame per weight layer");
  assert.ok(r.shownOld, "the frames until then showed the last lines");
  assert.ok(r.now, "then the new ones");
  assert.ok(r.same && r.ink > 1000, "the lines were drawn");
  assert.equal(r.differ, 0, `the lines drawn in parts differ from the lines drawn at once (max ${r.max})`);
  assertNoProblems(page);
  await page.context().close();
});
