// prefers-reduced-motion (issue 14): with the system asking for less motion, the Backprop tab's
// update step changes the weights at once (no 0.7 s tween of the weight lines); without it, the
// update animates. Chromium's media emulation stands in for the system setting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Steps the Backprop tab to its update and reports whether the overlay animates it. */
async function update(reducedMotion) {
  const page = await openApp(env.browser, env.url, "mode=backprop&seed=3");
  await page.emulateMedia({ reducedMotion });
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper && window.backpropLab.app.backprop.state);
  const r = await page.evaluate(() => {
    const lab = window.backpropLab;
    const walk = lab.app.backprop;
    while (walk.stepper.phase().phase !== "backward" || walk.stepper.phase().layer !== 1) lab.commands.step(1);
    lab.commands.step(1);
    return { phase: walk.stepper.phase().phase, animating: walk.overlay.anim !== null, progress: walk.overlay.progress() };
  });
  await frames(page);
  assertNoProblems(page);
  await page.close();
  return r;
}

test("under prefers-reduced-motion the update is an instant change; otherwise it animates", async () => {
  const reduced = await update("reduce");
  assert.equal(reduced.phase, "update");
  assert.equal(reduced.animating, false, "no tween");
  assert.equal(reduced.progress, 1, "the weights are drawn at their new values at once");
  const normal = await update("no-preference");
  assert.equal(normal.phase, "update");
  assert.equal(normal.animating, true, "the update animates when motion is welcome");
  assert.ok(normal.progress < 1);
});
