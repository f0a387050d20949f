// Small slips a class notices (issue 14): a decimal comma typed in a number field is a decimal
// point ("0,3" is 0.3, never 3), anything else not a number is named and the value kept; the
// network's title is plural-correct ("1 hidden layer"); a failed load does not leave an earlier
// load's "Loaded …" notice beside its error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const lr = (page) => page.evaluate(() => window.backpropLab.app.store.get("learningRate"));

test("a decimal comma is a decimal point; a value that is not a number is named and the old one kept", async () => {
  const page = await openApp(env.browser, env.url, "lr=0.03");
  const type = async (id, text) => {
    await page.locator(`#${id}`).fill(text);
    await page.locator(`#${id}`).press("Enter");
    await frames(page);
  };
  await type("learningRate", "0,3");
  assert.ok(Math.abs((await lr(page)) - 0.3) < 1e-7, `0,3 is 0.3 (${await lr(page)})`);
  assert.match(await page.evaluate(() => location.hash), /lr=0\.3(&|$)/);
  await type("learningRate", "1,5");
  assert.ok(Math.abs((await lr(page)) - 1.5) < 1e-7, "1,5 is 1.5, not 15");
  await type("learningRate", "1,000.5");
  assert.match(await page.locator("#error").textContent(), /Learning rate η must be a number \(e\.g\. 0\.03 or 0,03\) — kept 1\.5/);
  assert.ok(Math.abs((await lr(page)) - 1.5) < 1e-7, "the last good value is kept");
  await type("regularizationRate", "0,001");
  assert.equal(await page.locator("#error").isHidden(), true, "a good value clears the message");
  assert.match(await page.evaluate(() => location.hash), /regRate=0\.001/);
  assertNoProblems(page);
  await page.close();
});

test("the network's title says 1 hidden layer, 2 hidden layers, 0 hidden layers", async () => {
  const page = await openApp(env.browser, env.url, "hidden=4,2");
  const title = () => page.locator("#net-title").textContent();
  assert.equal(await title(), "2 hidden layers");
  await page.click("#removeLayer");
  await frames(page);
  assert.equal(await title(), "1 hidden layer");
  await page.click("#removeLayer");
  await frames(page);
  assert.equal(await title(), "0 hidden layers");
  assertNoProblems(page);
  await page.close();
});

test("a failed load replaces an earlier load's notice instead of standing beside it", async () => {
  const page = await openApp(env.browser, env.url, "hidden=3");
  const text = await page.evaluate(async () => (await window.backpropLab.app.session.extras()).saveJson(window.backpropLab.net, window.backpropLab.app.store.toHash()));
  await page.setInputFiles("#load-file", { name: "good.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.getElementById("notice-text").textContent.includes("Loaded"));
  await page.setInputFiles("#load-file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{") });
  await page.waitForFunction(() => document.getElementById("error").textContent.includes("bad.json"));
  assert.equal(await page.locator("#notice").isHidden(), true, "the Loaded notice is gone");
  assertNoProblems(page);
  await page.close();
});
