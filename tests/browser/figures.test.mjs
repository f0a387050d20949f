// "Figure" (issue 15): each view as a PNG at slide resolution — 1920 px wide or more, redrawn by
// the view itself (not an upscaled screenshot: its lines are as thin as on screen, in more
// pixels), transparent or on the dark background; the screen's own drawing is back afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setup, openApp, assertNoProblems } from "./harness.mjs";

let env, dir;
before(async () => {
  env = await setup();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "backprop-lab-figures-"));
});
after(async () => {
  await env?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** The PNG's size and a few facts about its pixels, decoded by the browser. */
const inspect = (page, bytes) =>
  page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    let transparent = 0, lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) transparent++;
      else if (d[i] + d[i + 1] + d[i + 2] > 60) lit++;
    }
    return { width: img.width, height: img.height, transparent: transparent / (d.length / 4), lit: lit / (d.length / 4) };
  }, bytes.toString("base64"));

async function figure(page, key, background) {
  await page.getByRole("button", { name: "Figure" }).click();
  await page.selectOption("#figure-view", key);
  await page.check(`input[name="figure-bg"][value="${background}"]`);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#figure-download")]);
  const file = path.join(dir, `${key}-${background}.png`);
  await dl.saveAs(file);
  await page.waitForFunction(() => /^Downloaded /.test(document.querySelector("#figure-dialog .share-status").textContent));
  await page.keyboard.press("Escape");
  return { name: dl.suggestedFilename(), png: await inspect(page, await fs.readFile(file)) };
}

test("every view of the Playground and Cost surface tabs as a PNG 1920 px wide, transparent or dark", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&hidden=4,2&seed=3", { width: 1280, height: 800 });
  await page.evaluate(() => (window.backpropLab.pg.train(200), window.backpropLab.app.invalidate()));
  const screenWidth = await page.evaluate(() => document.getElementById("network").width);
  for (const key of ["network", "boundary", "loss"]) {
    const t = await figure(page, key, "transparent");
    assert.match(t.name, /^backprop_lab_.+\.png$/);
    assert.ok(t.png.width >= 1919, `${key}: ${t.png.width} px wide`);
    assert.ok(t.png.lit > 0.005, `${key}: something is drawn (${t.png.lit})`);
    const d = await figure(page, key, "dark");
    assert.equal(d.png.transparent, 0, `${key}: the dark background has no transparent pixel`);
    assert.equal(d.png.width, t.png.width);
    if (key === "network") assert.ok(t.png.transparent > 0.3, "the network's own background is transparent");
  }
  assert.equal(await page.evaluate(() => document.getElementById("network").width), screenWidth, "the screen's canvas is back at its own resolution");
  await page.evaluate(() => window.backpropLab.commands.setMode("surface"));
  await page.waitForFunction(() => window.backpropLab.views.surface?.answer?.point, null, { timeout: 30000 });
  await page.getByRole("button", { name: "Figure" }).click();
  const offered = await page.$$eval("#figure-view option", (os) => os.map((o) => o.value));
  await page.keyboard.press("Escape");
  assert.ok(offered.includes("surface") && !offered.includes("boundary"), `the Cost surface tab offers its own views: ${offered}`);
  const s = await figure(page, "surface", "dark");
  assert.ok(s.png.width >= 1919 && s.png.lit > 0.2, `the cost surface's heatmap (${s.png.width} px, ${s.png.lit})`);
  assertNoProblems(page);
  await page.context().close();
});

test("Copy image puts the PNG on the clipboard where the browser allows it", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&seed=3", { width: 1280, height: 800 });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(env.url).origin });
  await page.getByRole("button", { name: "Figure" }).click();
  await page.selectOption("#figure-view", "boundary");
  await page.click("#figure-copy");
  await page.waitForFunction(() => /Copied the image|Could not/.test(document.querySelector("#figure-dialog .share-status").textContent));
  assert.equal(await page.locator("#figure-dialog .share-status").textContent(), "Copied the image.");
  const size = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const img = await createImageBitmap(await item.getType("image/png"));
    return [img.width, img.height];
  });
  assert.ok(size[0] >= 1919 && size[0] === size[1], `a square 1920 px boundary plot on the clipboard (${size})`);
  assertNoProblems(page);
  await page.context().close();
});

test("Record: the network and boundary while training N epochs, as a WebM video the browser plays", async () => {
  const page = await openApp(env.browser, env.url, "dataset=circle&seed=3&speed=batch", { width: 1280, height: 800 });
  assert.ok(await page.evaluate(() => window.backpropLab.app.figures.recorder !== null), "Chromium has MediaRecorder");
  const e0 = await page.evaluate(() => window.backpropLab.pg.epoch());
  await page.getByRole("button", { name: "Figure" }).click();
  await page.fill("#figure-epochs", "0");
  await page.click("#figure-record-start");
  assert.match(await page.locator("#figure-dialog .share-status").textContent(), /whole number from 1 to 2000/);
  await page.fill("#figure-epochs", "3");
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), page.click("#figure-record-start")]);
  assert.equal(dl.suggestedFilename(), "backprop_lab_training.webm");
  const file = path.join(dir, "training.webm");
  await dl.saveAs(file);
  const bytes = await fs.readFile(file);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], "an EBML (WebM) file");
  const video = await page.evaluate(async (b64) => {
    const v = document.createElement("video");
    v.muted = true;
    v.src = `data:video/webm;base64,${b64}`;
    await new Promise((resolve, reject) => ((v.onloadedmetadata = resolve), (v.onerror = () => reject(new Error("the video does not decode")))));
    return [v.videoWidth, v.videoHeight];
  }, bytes.toString("base64"));
  assert.deepEqual(video, [1280, 720], "a 1280×720 video");
  const after = await page.evaluate(() => ({ epoch: window.backpropLab.pg.epoch(), playing: window.backpropLab.playing }));
  assert.ok(after.epoch >= e0 + 3, `it trained the epochs it recorded (${e0} → ${after.epoch})`);
  assert.equal(after.playing, false, "and stopped");
  assert.match(await page.locator("#notice-text").textContent(), /Recorded the training/);
  assertNoProblems(page);
  await page.context().close();
});
