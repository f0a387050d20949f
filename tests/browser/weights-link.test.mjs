// A link that carries the trained network (issue 15): Share's "Include the trained weights" puts
// them in the link (weights=1.…, deflated f32); the same link opens exactly that network, bit for
// bit, says so, and takes the key off the address; a network too big for a link is refused with
// a message; a bad or mismatched value is named and the network keeps its seed's weights.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const bits = (page) =>
  page.evaluate(() => {
    const j = window.backpropLab.net.toJSON();
    return [...j.weights, ...j.biases].flat().map((v) => new Uint32Array(Float32Array.of(v).buffer)[0]);
  });

async function shareLink(page, withWeights) {
  await page.getByRole("button", { name: "Share / embed" }).click();
  if (withWeights) await page.locator("#share-with-weights").check();
  await page.waitForFunction((w) => document.getElementById("share-link").value.includes("weights=") === w, withWeights);
  const out = { link: await page.locator("#share-link").inputValue(), iframe: await page.locator("#share-iframe").inputValue(), status: await page.locator("#share-dialog .share-status").textContent() };
  await page.keyboard.press("Escape");
  return out;
}

test("Share with the trained weights: the link opens exactly the trained network, and the key leaves the address", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&hidden=4,2&seed=7&lr=0.3");
  await page.evaluate(() => (window.backpropLab.pg.train(300), window.backpropLab.app.invalidate()));
  const trained = await bits(page);
  const plain = await shareLink(page, false);
  assert.doesNotMatch(plain.link, /weights=/, "without the box, the link has the settings only");
  const shared = await shareLink(page, true);
  assert.match(shared.link, /&weights=1\.[A-Za-z0-9_-]+$/);
  assert.match(shared.iframe, /weights=1\./, "the iframe snippet carries them too");
  assert.match(shared.status, /carry the trained weights/);

  const other = await newPage(env.browser, env.url);
  await other.goto(shared.link.replace(/^http:\/\/[^/]+\//, env.url));
  await other.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  assert.deepEqual(await bits(other), trained, "every weight and bias, bit for bit");
  assert.match(await other.locator("#notice-text").textContent(), /Opened the link's trained network/);
  assert.doesNotMatch(await other.evaluate(() => location.hash), /weights=/, "the address keeps only the settings");
  assert.equal(await other.evaluate(() => window.backpropLab.state.get("dataset")), "xor");
  assertNoProblems(other);
  await other.context().close();
  assertNoProblems(page);
  await page.context().close();
});

test("a network too big for a link is refused with a message; the box unticks", async () => {
  const page = await openApp(env.browser, env.url, "hidden=32,32,32,32,32,32,32,32&seed=2");
  await page.getByRole("button", { name: "Share / embed" }).click();
  // click(), not check(): the page unticks the box as soon as the link is refused, which on a fast
  // machine happens before check() looks at the box again (and check() then calls it a failure).
  await page.locator("#share-with-weights").click();
  await page.waitForFunction(() => /too long to paste safely/.test(document.querySelector("#share-dialog .share-status").textContent));
  assert.equal(await page.locator("#share-with-weights").isChecked(), false);
  assert.doesNotMatch(await page.locator("#share-link").inputValue(), /weights=/);
  assertNoProblems(page);
  await page.context().close();
});

test("a bad, cut or mismatched weights value is named, the rest of the link kept, the seed's weights used", async () => {
  const seedPage = await openApp(env.browser, env.url, "dataset=xor&hidden=3&seed=4");
  const seedBits = await bits(seedPage);
  await seedPage.evaluate(() => (window.backpropLab.pg.train(50), window.backpropLab.app.invalidate()));
  const good = (await shareLink(seedPage, true)).link.match(/weights=(.*)$/)[1];
  await seedPage.context().close();
  for (const [value, message, hidden = "3"] of [
    ["1.@@", /not base64url/],
    [good.slice(0, -6), /cut short|holds/],
    [good, /but a 2-5-1 network has 21/, "5"],
    ["9.abc", /not a weights value of this version/],
  ]) {
    const page = await openApp(env.browser, env.url, `dataset=xor&hidden=${hidden}&seed=4&weights=${value}`);
    assert.match(await page.locator("#notice-text").textContent(), new RegExp(`Ignored the link's weights: .*(${message.source})`), value);
    assert.equal(await page.evaluate(() => window.backpropLab.state.get("dataset")), "xor", "the settings are kept");
    if (hidden === "3") assert.deepEqual(await bits(page), seedBits, "the seed's weights");
    assertNoProblems(page);
    await page.context().close();
  }
});
