// Choosing a data point: in the Backprop tab a click on a training point makes it the example
// being stepped; on a touch screen a tap on a point shows its forward pass (there is no hover)
// while a tap elsewhere still adds a point.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());


test("in the Backprop tab, clicking a training point steps that example", async () => {
  const page = await openApp(env.browser, env.url, "mode=backprop&seed=3");
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
  await frames(page);
  const target = 17;
  const at = await page.evaluate((i) => window.backpropLab.app.backprop.picker.pointToClient(i), target);
  await page.mouse.click(at.x, at.y);
  await frames(page);
  const got = await page.evaluate(() => {
    const { app, pg } = window.backpropLab;
    const bp = app.backprop;
    const pts = pg.trainPoints();
    return { example: bp.example, x: Array.from(bp.stepper.x()), point: [pts[3 * bp.example], pts[3 * bp.example + 1]], phase: bp.stepper.phase().phase };
  });
  // The nearest point to the click is the target (or one drawn on top of it at the same spot).
  assert.ok(Math.hypot(got.point[0] - got.x[0], got.point[1] - got.x[1]) === 0, "the stepper's x is the picked point");
  const targetXY = await page.evaluate((i) => Array.from(window.backpropLab.pg.trainPoints().slice(3 * i, 3 * i + 2)), target);
  assert.ok(Math.hypot(targetXY[0] - got.x[0], targetXY[1] - got.x[1]) < 0.05, `picked ${got.example}, near point ${target}`);
  assert.equal(await page.locator("#bp-example").inputValue(), String(got.example));
  assert.equal(got.phase, "start", "a new example starts at Start");
  const before = await page.evaluate(() => window.backpropLab.pg.trainPoints().length);
  assert.equal(before, await page.evaluate(() => window.backpropLab.pg.trainPoints().length), "picking adds no point");
  assertNoProblems(page);
  await page.context().close();
});

test("on a touch screen a tap on a point shows its forward pass and a tap elsewhere adds a point", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const touch = await context.newPage();
  const problems = [];
  touch.on("pageerror", (e) => problems.push(e.message));
  touch.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await touch.goto(`${env.url}index.html#seed=3`);
  await touch.waitForFunction(() => window.backpropLab && window.backpropLab.pg);
  await frames(touch);
  const p = { n: await touch.evaluate(() => window.backpropLab.pg.trainPoints().length / 3) };
  await touch.locator("#heatmap").scrollIntoViewIfNeeded();
  const q = await touch.evaluate(() => {
    const pts = window.backpropLab.pg.trainPoints();
    return window.backpropLab.views.heatmap.dataToClient(pts[0], pts[1]);
  });
  await touch.touchscreen.tap(q.x, q.y);
  await frames(touch);
  const hovered = await touch.evaluate(() => window.backpropLab.views.network.hoveredExample);
  assert.ok(hovered, "the tapped point's forward pass is shown");
  assert.equal(await touch.evaluate(() => window.backpropLab.pg.trainPoints().length / 3), p.n, "tapping a point adds none");
  // A tap on an empty spot (the corner, where no circle point lies) adds one.
  const corner = await touch.evaluate(() => window.backpropLab.views.heatmap.dataToClient(0.97, 0.97));
  await touch.touchscreen.tap(corner.x, corner.y);
  await frames(touch);
  assert.equal(await touch.evaluate(() => window.backpropLab.pg.trainPoints().length / 3), p.n + 1, "a tap elsewhere adds a point");
  assert.deepEqual(problems, []);
  await context.close();
});

test("in the Backprop tab, hovering a neuron of the network shows its z = Σ w·a + b", async () => {
  const page = await openApp(env.browser, env.url, "mode=backprop&seed=3");
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
  await page.getByRole("button", { name: /Step forward/ }).click();
  await frames(page);
  const at = await page.evaluate(() => {
    const view = window.backpropLab.views.network;
    const p = view.layout.columns[1].nodes[1];
    const box = view.canvas.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.move(at.x - 40, at.y - 40);
  await page.mouse.move(at.x, at.y);
  await frames(page);
  const text = await page.locator("#bp-z-math").textContent();
  assert.match(text, /Neuron a⁽¹⁾₁/);
  const z = await page.evaluate(() => window.backpropLab.app.backprop.stepper.z(1)[1]);
  assert.ok(text.replace(/−/g, "-").includes(z.toPrecision(4).replace(/0+$/, "").slice(0, 5)), `z⁽¹⁾₁ = ${z} is in the panel`);
  assertNoProblems(page);
  await page.context().close();
});

test("a nudge ε of 0 or nothing is refused with a message and the last good ε kept", async () => {
  const page = await openApp(env.browser, env.url, "mode=backprop&seed=3");
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
  await page.locator("#bp-run").click(); // the check needs the backward step's ∂C₀/∂w
  await frames(page);
  const eps = page.locator("#bp-eps");
  await eps.fill("0");
  await eps.press("Enter");
  await frames(page);
  assert.match(await page.locator("#bp-nudge").textContent(), /ε must be a number other than 0/);
  assert.equal(await eps.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => window.backpropLab.app.backprop.eps), 0.01);
  await eps.fill("0.001");
  await eps.press("Enter");
  await frames(page);
  assert.equal(await eps.getAttribute("aria-invalid"), "false");
  assert.match(await page.locator("#bp-nudge").textContent(), /ΔC₀ measured/);
  assert.equal(await page.evaluate(() => window.backpropLab.app.backprop.eps), 0.001);
  assertNoProblems(page);
  await page.context().close();
});

// The widest shape the page allows (issue 14): 8 hidden layers of 32 are drawn compressed, and a
// click on any neuron's centre still picks that neuron (its bias in the chain rule), at a
// laptop's and a phone's width; every weight is reachable through the chain rule's selects.
for (const [width, height] of [[1280, 800], [360, 740]]) {
  test(`at ${width}×${height} every neuron of a 32-wide layer can be picked by a click, every weight by the selects`, async () => {
    const page = await openApp(env.browser, env.url, "mode=backprop&seed=3&hidden=32,32,32,32,32,32,32,32", { width, height });
    await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
    const wrong = [];
    for (const l of [1, 5, 8]) {
      for (let j = 0; j < 32; j++) {
        const at = await page.evaluate(([l, j]) => {
          const view = window.backpropLab.views.network;
          view.canvas.scrollIntoView({ block: "center" });
          const p = view.layout.columns[l].nodes[j];
          const box = view.canvas.getBoundingClientRect();
          return { x: box.left + p.x, y: box.top + p.y, r: view.layout.radius };
        }, [l, j]);
        await page.mouse.click(at.x, at.y);
        const got = await page.evaluate(() => window.backpropLab.app.backprop.param);
        if (!(got && got.kind === "bias" && got.l === l && got.j === j)) wrong.push(`neuron (${l}, ${j}) picked ${JSON.stringify(got)}`);
      }
    }
    assert.ok(await page.evaluate(() => window.backpropLab.views.network.layout.radius >= 2), "the neurons are drawn, smaller");
    // 1,024 lines between two 32-wide layers cross everywhere, so a click takes the nearest line;
    // every single weight is still reachable, through the chain rule's selects (and the keyboard).
    await page.selectOption("#bp-kind", "weight");
    await page.selectOption("#bp-l", "2");
    assert.equal(await page.locator("#bp-j option").count(), 32);
    assert.equal(await page.locator("#bp-k option").count(), 32);
    await page.selectOption("#bp-j", "31");
    await page.selectOption("#bp-k", "17");
    const got = await page.evaluate(() => window.backpropLab.app.backprop.param);
    if (!(got.kind === "weight" && got.l === 2 && got.j === 31 && got.k === 17)) wrong.push(`the selects picked ${JSON.stringify(got)}`);
    assert.deepEqual(wrong, []);
    assertNoProblems(page);
    await page.context().close();
  });
}
