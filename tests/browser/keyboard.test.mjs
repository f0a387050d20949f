// Keyboard reach for every canvas (issue 14), with no mouse event at all: on the focused network
// the arrows move a cursor and + / − change the weight under it; on the focused data plot the
// arrows move a cross and Enter adds a point there; on the focused cost surface the arrows move
// the point; → steps the Backprop stepper. Each is announced or shown, and every value is the
// core's own afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Counts the mouse and pointer presses the page sees (none are made here). */
const watchMouse = (page) =>
  page.evaluate(() => {
    window.__presses = 0;
    for (const t of ["pointerdown", "mousedown", "touchstart"]) document.addEventListener(t, () => window.__presses++, true);
  });
const presses = (page) => page.evaluate(() => window.__presses);

test("the keyboard alone changes a weight and a bias, adds a point, moves the surface point and steps the stepper", async () => {
  const page = await openApp(env.browser, env.url, "dataset=custom&hidden=3&seed=4");
  await watchMouse(page);
  const lab = (f, arg) => page.evaluate(f, arg);

  // The network: focus puts the cursor on w⁽¹⁾₀₀; + adds 0.1, Shift + − takes 0.01 away.
  await page.focus("#network");
  const w0 = await lab(() => window.backpropLab.net.getWeight(1, 0, 0));
  await page.keyboard.press("+");
  await frames(page);
  const w1 = await lab(() => window.backpropLab.net.getWeight(1, 0, 0));
  assert.ok(Math.abs(w1 - (w0 + 0.1)) < 1e-6, `w⁽¹⁾₀₀ ${w0} → ${w1}`);
  assert.match(await page.locator("#network-announce").textContent(), /^w⁽¹⁾₀₀ = /);
  await page.keyboard.press("Shift+Minus");
  const w2 = await lab(() => window.backpropLab.net.getWeight(1, 0, 0));
  assert.ok(Math.abs(w2 - (w1 - 0.01)) < 1e-6, `Shift+− takes 0.01 (${w1} → ${w2})`);
  // ↑ from the first weight is the neuron's bias; → is the next layer (the output's bias or weight).
  await page.keyboard.press("ArrowUp");
  assert.match(await page.locator("#network-announce").textContent(), /^b⁽¹⁾₀ = /);
  const b0 = await lab(() => window.backpropLab.net.getBias(1, 0));
  await page.keyboard.press("=");
  const b1 = await lab(() => window.backpropLab.net.getBias(1, 0));
  assert.ok(Math.abs(b1 - (b0 + 0.1)) < 1e-6, `b⁽¹⁾₀ ${b0} → ${b1}`);
  await page.keyboard.press("ArrowRight");
  assert.match(await page.locator("#network-announce").textContent(), /^b⁽²⁾₀ = /);
  assert.equal(await lab(() => window.backpropLab.pg.iterations()), 0, "the arrows on the network did not step training");

  // The data plot: the cross starts at (0, 0); four → make it x₁ = 0.2; Enter adds a point.
  const before = await lab(() => window.backpropLab.pg.trainPoints().length + window.backpropLab.pg.testPoints().length);
  await page.focus("#heatmap");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  assert.match(await page.locator("#heatmap-announce").textContent(), /x₁ = 0\.2, x₂ = 0\.05/);
  await page.keyboard.press("Enter");
  await frames(page);
  const added = await lab(() => ({ n: window.backpropLab.pg.trainPoints().length + window.backpropLab.pg.testPoints().length, points: window.backpropLab.app.store.get("customPoints") }));
  assert.equal(added.n, before + 3, "one more point (x, y, label)");
  assert.deepEqual(added.points.slice(-3, -1), [0.2, 0.05]);

  // The cost surface: → moves p_A by a fiftieth of the range.
  await lab(() => window.backpropLab.commands.setMode("surface"));
  await page.waitForFunction(() => window.backpropLab.views.surface?.params && window.backpropLab.views.surface.heatmap.point, null, { timeout: 30000 });
  const pointBefore = await lab(() => ({ ...window.backpropLab.views.surface.heatmap.point, range: window.backpropLab.views.surface.heatmap.surface.range }));
  await page.focus("#surface-heatmap");
  await page.keyboard.press("ArrowRight");
  await frames(page, 3);
  const moved = await lab(() => window.backpropLab.views.surface.values());
  const step = (pointBefore.range[1] - pointBefore.range[0]) / 50;
  assert.ok(Math.abs(moved[0] - (pointBefore.a + step)) < 1e-4 * Math.max(1, Math.abs(step)), `p_A ${pointBefore.a} → ${moved[0]} (step ${step})`);
  assert.ok(Math.abs(moved[1] - pointBefore.b) < 1e-6, "p_B stays");

  // The Backprop tab: → (no canvas focused) is the stepper's next phase.
  await lab(() => window.backpropLab.commands.setMode("backprop"));
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
  await page.focus("#mode-backprop");
  await page.keyboard.press("Escape");
  await lab(() => document.activeElement.blur());
  const phase0 = await lab(() => window.backpropLab.app.backprop.stepper.phase().phase);
  await page.keyboard.press("ArrowRight");
  const phase1 = await lab(() => window.backpropLab.app.backprop.stepper.phase());
  assert.equal(phase0, "start");
  assert.deepEqual(phase1, { phase: "forward", layer: 1 });

  assert.equal(await presses(page), 0, "no mouse, pointer or touch event was made");
  assertNoProblems(page);
  await page.close();
});

test("the digit pad's keyboard path: Tab to “Test digit”, Enter puts the next MNIST test digit on the pad and the network reads it", async () => {
  const page = await newPage(env.browser, env.url, { width: 1400, height: 900 });
  await page.goto(`${env.url}index.html?digits=light#mode=digits`);
  await page.waitForFunction(() => window.backpropLab?.app?.digits?.status === "ready", null, { timeout: 60000 });
  await watchMouse(page);
  const bars = () => page.$$eval("#digits-scene .dg-bars li", (lis) => lis.map((li) => Number(li.dataset.value || 0)));
  assert.ok((await bars()).every((v) => v === 0), "nothing is read before a digit is on the pad");
  await page.focus("#digits-scene .dg-clear");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("dg-next-test")), true, "Tab from Clear reaches “Test digit”");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.backpropLab.app.digits.pad.mnist !== null);
  const first = await page.evaluate(() => ({ label: window.backpropLab.app.digits.pad.mnist.label, status: document.querySelector("#digits-scene .dg-pad-status").textContent }));
  assert.match(first.status, new RegExp(`^Test digit number 0, a ${first.label}, is on the pad$`));
  await page.waitForFunction(() => [...document.querySelectorAll("#digits-scene .dg-bars li")].some((li) => Number(li.dataset.value) > 0));
  const read = await bars();
  assert.ok(Math.abs(read.reduce((a, b) => a + b, 0)) > 0, `the ten outputs read it (${read.join(", ")})`);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^Test digit number 1,/.test(document.querySelector("#digits-scene .dg-pad-status").textContent));
  assert.equal(await presses(page), 0, "no mouse or pointer event");
  assertNoProblems(page);
  await page.context().close();
});
