// The Cost surface tab: choosing two weights by clicking the network, dragging the point on the
// heatmap (checked through the JS API), the descent trail while training, rotating the 3-D view.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


async function openSurface(hash = "") {
  const page = await openApp(env.browser, env.url, `mode=surface&seed=3${hash}`);
  await page.waitForFunction(() => window.backpropLab.views.surface?.surface && window.backpropLab.views.surface.heatmap.surface);
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

test("the default pair is two weights into the output neuron, outlined in the network", async () => {
  const page = await openSurface();
  const { params, selected, L } = await page.evaluate(() => {
    const { views, net } = window.backpropLab;
    return { params: Array.from(views.surface.surface.params()), selected: views.network.selected, L: net.depth() };
  });
  assert.deepEqual(params, [{ kind: "weight", l: L, j: 0, k: 0 }, { kind: "weight", l: L, j: 0, k: 1 }]);
  assert.deepEqual(selected, params);
  assert.match(await page.locator("#surface-note").textContent(), /slice/);
  assert.equal(await page.locator("#surface-panel").isVisible(), true);
  assert.equal(await page.locator(".column.output").isVisible(), false);
  assertNoProblems(page);
});

test("clicking two weights chooses them; dragging the point sets both through the JS API", async () => {
  const page = await openSurface();
  for (const [l, j, k] of [[1, 0, 1], [2, 1, 2]]) {
    const p = await page.evaluate(([l, j, k]) => window.backpropLab.views.network.weightHandle(l, j, k), [l, j, k]);
    await page.mouse.click(p.x, p.y);
    await frames(page);
  }
  const params = await page.evaluate(() => Array.from(window.backpropLab.views.surface.surface.params()));
  assert.deepEqual(params, [{ kind: "weight", l: 1, j: 0, k: 1 }, { kind: "weight", l: 2, j: 1, k: 2 }]);
  assert.deepEqual(await page.evaluate(() => window.backpropLab.views.network.selected), params);
  assert.equal(await page.locator("#surface-a option:checked").textContent(), "w⁽¹⁾₀₁");

  // Drag the yellow point to 25 % across and 30 % down the plot.
  const { from, to, want, before } = await page.evaluate(() => {
    const { views, net } = window.backpropLab;
    const h = views.surface.heatmap;
    const box = h.canvas.getBoundingClientRect();
    const [a, b] = views.surface.surface.values();
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
  await frames(page);
  const after = await page.evaluate(() => {
    const { net, views } = window.backpropLab;
    return { w: [net.getWeight(1, 0, 1), net.getWeight(2, 1, 2)], point: views.surface.surface.point() };
  });
  const cell = (want[0] - before[0]) / 100; // a pixel is far smaller than this
  assert.ok(Math.abs(during - want[0]) < Math.abs(cell) + 0.05, "the weight follows while dragging");
  for (const i of [0, 1]) {
    assert.notEqual(after.w[i], before[i]);
    assert.ok(Math.abs(after.w[i] - want[i]) < 0.05, `weight ${i}: ${after.w[i]} vs ${want[i]}`);
  }
  assert.deepEqual([after.point.a, after.point.b], after.w);
  const shown = Number((await page.locator("#surface-cost").textContent()).replace("−", "-"));
  assert.ok(Math.abs(shown - after.point.cost) <= 1e-3 * after.point.cost, "the panel shows the core's C");
  assertNoProblems(page);
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
  const { grid1, last, values } = await page.evaluate(() => {
    const s = window.backpropLab.views.surface;
    return { grid1: Array.from(s.heatmap.surface.grid.slice(0, 64)), last: s.trail.at(-1), values: Array.from(s.surface.values()) };
  });
  assert.notDeepEqual(grid1, grid0, "the slice moved with the other parameters");
  assert.deepEqual([last.a, last.b], values, "the trail ends at the current point");
  assertNoProblems(page);
});

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
});

test("the pickers choose biases too, and the range control refits around the point", async () => {
  const page = await openSurface();
  const index = await page.evaluate(() => [...document.querySelectorAll("#surface-b option")].findIndex((o) => o.textContent === "b⁽²⁾₁"));
  await page.selectOption("#surface-b", String(index));
  await page.selectOption("#surface-range", "0.5");
  await frames(page);
  const { params, range, values } = await page.evaluate(() => {
    const s = window.backpropLab.views.surface.surface;
    return { params: Array.from(s.params()), range: Array.from(s.range()), values: Array.from(s.values()) };
  });
  assert.deepEqual(params[1], { kind: "bias", l: 2, j: 1 });
  assert.ok(Math.abs(range[1] - range[0] - 1) < 1e-5 && Math.abs(range[3] - range[2] - 1) < 1e-5, `range ${range}`);
  assert.ok(Math.abs((range[2] + range[3]) / 2 - values[1]) < 1e-5, "centred on the bias");
  assertNoProblems(page);
});
