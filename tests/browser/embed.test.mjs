// embed.html: the app without the page chrome, filling its frame from a phone to a projector,
// reading the same URL-hash state; and the "Share / embed" dialog of the full page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, newPage, openApp, assertNoProblems, nonBackgroundPixels } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

async function openEmbed(hash, size) {
  const page = await newPage(env.browser, env.url, size);
  await page.goto(`${env.url}embed.html#${hash}`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

const visible = (page, sel) => page.locator(sel).first().isVisible();

for (const [width, height] of [[960, 540], [360, 640], [1920, 1080]]) {
  test(`embed.html at ${width}×${height}: controls, network and output only, no sideways scroll`, async () => {
    const page = await openEmbed("dataset=xor&hidden=3,2&seed=4", { width, height });
    assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.net.layerSizes())), [2, 3, 2, 1], "the hash's network");
    for (const sel of ["#play", "#step", "#reset", "#network", "#trainLoss"]) assert.ok(await visible(page, sel), `${sel} shown`);
    const h1 = await page.locator("h1").boundingBox();
    assert.ok(h1 && h1.width <= 1 && h1.height <= 1, "the title is there for screen readers only");
    for (const sel of ["#modes", "#learningRate", "#datasets", "#save", "#share"]) assert.equal(await visible(page, sel), false, `${sel} hidden`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
    const net = await page.locator("#network").boundingBox();
    assert.ok(net.width >= Math.min(300, width * 0.5) && net.height >= 200, `network canvas is large (${net.width}×${net.height})`);
    const lit = await nonBackgroundPixels(page, "#network");
    assert.ok(lit.lit > 0.01 * lit.total, "the network is drawn");
    if (width >= 900) {
      const box = await page.locator("#heatmap").boundingBox();
      assert.ok(box.y + box.height <= height + 1, `the boundary plot fits in the frame (${box.y}+${box.height})`);
    }
    const e0 = await page.evaluate(() => window.backpropLab.pg.epoch());
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.waitForFunction((e) => window.backpropLab.pg.epoch() > e, e0);
    assertNoProblems(page);
  });
}

test("a plain embed link picks its view from the query: ?view=surface opens the cost surface, sized to a 16:9 slide", async () => {
  const page = await newPage(env.browser, env.url, { width: 960, height: 540 });
  await page.goto(`${env.url}embed.html?view=surface#dataset=xor&seed=2`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.waitForFunction(() => window.backpropLab.state.get("mode") === "surface");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.ok(await visible(page, "#surface-heatmap"), "the cost surface is shown");
  for (const id of ["#surface-heatmap", "#surface-3d"]) {
    const box = await page.locator(id).boundingBox();
    assert.ok(box.y + box.height <= 540, `${id} fits in the frame's height (bottom at ${box.y + box.height})`);
  }
  assertNoProblems(page);
  await page.context().close();
});

test("theme=high-contrast and a projector-wide frame draw thicker strokes", async () => {
  const strokeOf = async (query, size) => {
    const page = await newPage(env.browser, env.url, size);
    await page.goto(`${env.url}embed.html${query}#seed=2`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const stroke = await page.evaluate(() => [window.backpropLab.views.network.stroke, window.backpropLab.views.heatmap.stroke]);
    assertNoProblems(page);
    await page.context().close();
    return stroke;
  };
  assert.deepEqual(await strokeOf("", { width: 960, height: 540 }), [1, 1]);
  assert.deepEqual(await strokeOf("?theme=high-contrast", { width: 960, height: 540 }), [1.8, 1.8]);
  assert.deepEqual(await strokeOf("", { width: 1920, height: 1080 }), [1.35, 1.35]);
});

test("controls=none hides the panels' own buttons too (scripted demos)", async () => {
  const page = await newPage(env.browser, env.url, { width: 960, height: 540 });
  await page.goto(`${env.url}embed.html?view=stepper&controls=none#seed=2`);
  await page.waitForFunction(() => window.backpropLab?.app?.backprop?.stepper, null, { timeout: 15000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const sel of ["#play", "#bp-next-example", "#bp-example"]) assert.equal(await visible(page, sel), false, `${sel} hidden`);
  assert.ok(await visible(page, "#network"));
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits view in a 16:9 frame: minimal controls, and the network fits the frame", async () => {
  const page = await newPage(env.browser, env.url, { width: 960, height: 540 });
  await page.goto(`${env.url}embed.html?view=digits&controls=minimal#seed=1`);
  await page.waitForFunction(() => document.querySelector("#digits-scene .dg-network"), null, { timeout: 15000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (const sel of ["#digits-scene .dg-play", "#digits-scene .dg-pretrained", "#digits-scene .dg-network"]) assert.ok(await visible(page, sel), `${sel} shown`);
  for (const sel of ["#digits-scene .dg-eta", "#digits-scene .dg-save", "header"]) assert.equal(await visible(page, sel), false, `${sel} hidden`);
  const net = await page.locator("#digits-scene .dg-network").boundingBox();
  assert.ok(net.y + net.height <= 540, `the network ends inside the frame (${net.y + net.height})`);
  assert.ok(net.width >= 350, `the network is wide enough (${net.width})`);
  assertNoProblems(page);
  await page.context().close();
});

test("Share / embed: a modal dialog with the link, the iframe and the element; Esc closes it", async () => {
  const page = await openApp(env.browser, env.url, "dataset=spiral&hidden=6,4&seed=9&lr=0.03");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#share");
  const dialog = page.getByRole("dialog", { name: "Share / embed" });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.closest("dialog")?.id), "share-dialog", "focus moves into the dialog");
  const link = await page.inputValue("#share-link");
  const hash = await page.evaluate(() => location.hash);
  assert.equal(link, `${env.url}index.html${hash}`);
  assert.match(await page.inputValue("#share-iframe"), new RegExp(`^<iframe src="${env.url}embed\\.html#dataset=spiral&amp;`));
  assert.equal(
    await page.inputValue("#share-element"),
    '<backprop-lab dataset="spiral" layers="6,4" activation="tanh" learning-rate="0.03" seed="9" view="full"></backprop-lab>',
  );
  await page.getByRole("button", { name: "Copy: Link to this state" }).click();
  await page.waitForFunction(() => document.querySelector("#share-dialog .share-status").textContent !== "");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "share", "focus returns to the Share button");
  // The embed link opens the same state.
  const embed = await openEmbed(hash.slice(1), { width: 800, height: 450 });
  assert.deepEqual(await embed.evaluate(() => Array.from(window.backpropLab.net.layerSizes())), [2, 6, 4, 1]);
  assertNoProblems(page);
  assertNoProblems(embed);
});
