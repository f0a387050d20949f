// The Playground's loss chart (issue 14): after training, its read-out line shows the core's
// latest costs and accuracies; pointing at the chart, or ← / → with it focused, reads out an
// earlier sample; the accuracy curve is drawn for classification and left out for regression.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems, nonBackgroundPixels } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

test("the read-out line is the core's metrics, and the pointer or the arrows read out earlier samples", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&seed=2");
  await page.evaluate(() => window.backpropLab.commands.play());
  await page.waitForFunction(() => window.backpropLab.pg.epoch() >= 30);
  await page.evaluate(() => window.backpropLab.commands.pause());
  await frames(page, 3);
  const now = await page.evaluate(async () => {
    const { decimals, percent, count } = await import("/www/lib/notation.js");
    const lab = window.backpropLab;
    const m = lab.pg.metrics();
    return {
      text: document.getElementById("loss-readout").textContent,
      want: `Now epoch ${count(lab.pg.epoch())} (iteration ${count(lab.pg.iterations())}): C ${decimals(m.trainLoss, 4)} train, ${decimals(m.testLoss, 4)} test · accuracy ${percent(m.trainAccuracy, 1)} train, ${percent(m.testAccuracy, 1)} test`,
    };
  });
  assert.equal(now.text, now.want);
  // The left end of the chart: the first sample.
  const box = await page.locator("#loss-chart").boundingBox();
  await page.mouse.move(box.x + 47, box.y + box.height / 2);
  await frames(page);
  assert.match(await page.locator("#loss-readout").textContent(), /^At epoch 0 \(iteration 0\): C /);
  // The keyboard: focus, then → moves one sample on.
  await page.mouse.move(0, 0);
  await page.locator("#loss-chart").focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  const picked = await page.evaluate(() => window.backpropLab.views.chart.picked);
  assert.equal(picked, 1);
  const px = await nonBackgroundPixels(page, "#loss-chart", [0, 0, 0]);
  assert.ok(px.lit > 500, `the chart is drawn (${px.lit})`);
  assertNoProblems(page);
  await page.close();
});

test("regression data has no accuracy in the read-out", async () => {
  const page = await openApp(env.browser, env.url, "dataset=plane&seed=2");
  await page.evaluate(() => window.backpropLab.commands.step(1));
  await frames(page, 3);
  const text = await page.locator("#loss-readout").textContent();
  assert.match(text, /^Now epoch \d+ \(iteration \d+\): C [\d.]+ train, [\d.]+ test$/);
  assertNoProblems(page);
  await page.close();
});
