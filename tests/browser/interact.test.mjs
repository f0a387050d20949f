// Direct manipulation: drag a weight, click the plot to add a point, hover a point to light
// its forward pass.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


test("dragging a weight line up increases that weight and changes the cost shown", async () => {
  const page = await openApp(env.browser, env.url);
  const [l, j, k] = [2, 1, 2];
  const w0 = await page.evaluate(([l, j, k]) => window.backpropLab.net.getWeight(l, j, k), [l, j, k]);
  const others0 = await page.evaluate(() => window.backpropLab.net.getWeight(1, 0, 0));
  const cost0 = await page.locator("#trainLoss").textContent();
  const h = await page.evaluate(([l, j, k]) => window.backpropLab.views.network.weightHandle(l, j, k), [l, j, k]);
  await page.mouse.move(h.x, h.y);
  await page.mouse.down();
  await page.mouse.move(h.x, h.y - 30, { steps: 5 });
  await page.mouse.move(h.x, h.y - 60, { steps: 5 });
  await frames(page);
  const tip = page.locator("#weight-tip");
  assert.equal(await tip.isVisible(), true, "a tooltip shows the weight while dragging");
  assert.match(await tip.textContent(), /w.*=.*C =/);
  await page.mouse.up();
  await frames(page);
  const w1 = await page.evaluate(([l, j, k]) => window.backpropLab.net.getWeight(l, j, k), [l, j, k]);
  assert.ok(w1 - w0 > 0.5, `w went up by the drag (${w0} → ${w1})`);
  assert.equal(await page.evaluate(() => window.backpropLab.net.getWeight(1, 0, 0)), others0, "other weights untouched");
  assert.notEqual(await page.locator("#trainLoss").textContent(), cost0, "the cost shown follows the weight");
  assertNoProblems(page);
  await page.context().close();
});

test("clicking the plot adds a training point of the chosen class, kept in the URL", async () => {
  const page = await openApp(env.browser, env.url);
  const n0 = await page.evaluate(() => window.backpropLab.pg.trainPoints().length / 3);
  await page.getByRole("radio", { name: "class 0" }).check();
  const at = await page.evaluate(() => window.backpropLab.views.heatmap.dataToClient(0.05, -0.05));
  await page.mouse.click(at.x, at.y);
  await frames(page);
  const pts = await page.evaluate(() => Array.from(window.backpropLab.pg.trainPoints()));
  assert.equal(pts.length / 3, n0 + 1, "one more training point");
  const [x, y, label] = pts.slice(-3);
  assert.ok(Math.abs(x - 0.05) < 0.02 && Math.abs(y + 0.05) < 0.02, `at the click (${x}, ${y})`);
  assert.equal(label, 0);
  assert.match(await page.evaluate(() => location.hash), /points=-?0\.0\d*,-0\.0\d*,0/);
  assertNoProblems(page);
  await page.context().close();
});

test("hovering a data point runs its forward pass and lights the network", async () => {
  const page = await openApp(env.browser, env.url);
  const [x, y] = await page.evaluate(() => Array.from(window.backpropLab.pg.trainPoints().slice(0, 2)));
  const at = await page.evaluate(([x, y]) => window.backpropLab.views.heatmap.dataToClient(x, y), [x, y]);
  await page.mouse.move(at.x, at.y);
  await frames(page);
  const hovered = await page.evaluate(() => window.backpropLab.views.network.hoveredExample);
  assert.ok(hovered, "the network view shows a hovered example");
  // The nearest point may be a neighbour; either way a⁽⁰⁾ in wasm memory is that example.
  const a0 = await page.evaluate(() => {
    const { net, wasm } = window.backpropLab;
    const lay = net.layout(); // L, n₀…n_L, then W⁽⁰⁾, b⁽⁰⁾ and a⁽⁰⁾ as (address, length), …
    return Array.from(new Float32Array(wasm.memory.buffer, lay[lay[0] + 6], lay[lay[0] + 7]));
  });
  assert.deepEqual(a0, [hovered.x, hovered.y]);
  assert.ok(Math.hypot(hovered.x - x, hovered.y - y) < 0.05);
  // the output neuron is painted grey-white by its activation: sample its centre
  const grey = await page.evaluate(() => {
    const v = window.backpropLab.views.network;
    const col = v.layout.columns[v.layout.columns.length - 1].nodes[0];
    const c = v.canvas, dpr = c.width / c.clientWidth;
    const px = c.getContext("2d").getImageData(Math.round(col.x * dpr), Math.round(col.y * dpr), 1, 1).data;
    return Array.from(px.slice(0, 3));
  });
  assert.ok(grey[0] === grey[1] && grey[1] === grey[2], `neuron is grey (${grey})`);
  await page.mouse.move(2, 2);
  await frames(page);
  assert.equal(await page.evaluate(() => window.backpropLab.views.network.hoveredExample), null);
  assertNoProblems(page);
  await page.context().close();
});
