// "Figure" (issue 15): each view as a PNG at slide resolution — 1920 px wide or more, redrawn by
// the view itself (not an upscaled screenshot: its lines are as thin as on screen, in more
// pixels), transparent or on the dark background; the screen's own drawing is back afterwards.
// And as an SVG: the same drawing recorded as vectors, which parses, has the PNG's size, decodes
// in the browser and looks like the PNG; the network's neurons are <circle>s and its weights
// <line>s in the canvas's blue and red. The Digits tab's weight images and confusion matrix too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setup, openApp, newPage, allWeights, assertNoProblems } from "./harness.mjs";

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

/** Download the figure of `key` through the dialog: { name, bytes }. */
async function download(page, key, background, format = "png") {
  await page.getByRole("button", { name: "Figure" }).click();
  await page.selectOption("#figure-view", key);
  await page.check(`input[name="figure-format"][value="${format}"]`);
  await page.check(`input[name="figure-bg"][value="${background}"]`);
  assert.equal(await page.locator("#figure-download").textContent(), `Download ${format.toUpperCase()}`);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#figure-download")]);
  const file = path.join(dir, `${key}-${background}.${format}`);
  await dl.saveAs(file);
  await page.waitForFunction(() => /^Downloaded |Could not/.test(document.querySelector("#figure-dialog .share-status").textContent));
  assert.match(await page.locator("#figure-dialog .share-status").textContent(), /^Downloaded /);
  await page.keyboard.press("Escape");
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(file) };
}

async function figure(page, key, background) {
  const { name, bytes } = await download(page, key, background);
  return { name, png: await inspect(page, bytes) };
}

/**
 * The SVG beside the PNG of the same state, in the page: whether it parses (DOMParser), its
 * width, height and viewBox, whether it has a background, and — decoded by the browser's own
 * Image and drawn at the PNG's size — the mean absolute difference per channel from the PNG
 * (0–255) and both shares of lit pixels; `lines` and `circles`: the strokes of its <line>s and
 * the number of <circle>s outside clip paths.
 */
const compare = (page, pngBytes, svgBytes) =>
  page.evaluate(async ([pngB64, svgText]) => {
    const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
    const root = doc.documentElement;
    const parsed = !doc.querySelector("parsererror") && root.localName === "svg";
    const png = await createImageBitmap(await (await fetch(`data:image/png;base64,${pngB64}`)).blob());
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
    let decoded = true;
    await img.decode().catch(() => (decoded = false));
    const pixels = (src) => {
      const c = new OffscreenCanvas(png.width, png.height);
      const ctx = c.getContext("2d");
      if (decoded || src === png) ctx.drawImage(src, 0, 0, png.width, png.height);
      return ctx.getImageData(0, 0, png.width, png.height).data;
    };
    const a = pixels(png), b = pixels(img);
    let diff = 0, litA = 0, litB = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
    for (let i = 0; i < a.length; i += 4) {
      if (a[i + 3] && a[i] + a[i + 1] + a[i + 2] > 60) litA++;
      if (b[i + 3] && b[i] + b[i + 1] + b[i + 2] > 60) litB++;
    }
    const n = a.length / 4;
    return {
      parsed, decoded, size: [png.width, png.height], natural: [img.naturalWidth, img.naturalHeight],
      attrs: [root.getAttribute("width"), root.getAttribute("height"), root.getAttribute("viewBox")],
      background: !!root.querySelector(":scope > rect"),
      diff: diff / a.length, lit: [litA / n, litB / n],
      lines: [...root.querySelectorAll("line")].map((l) => l.getAttribute("stroke")),
      circles: [...root.querySelectorAll("circle")].filter((c) => !c.closest("clipPath")).length,
      texts: [...root.querySelectorAll("text")].map((t) => t.textContent),
      images: root.querySelectorAll("image").length,
    };
  }, [pngBytes.toString("base64"), svgBytes.toString("utf8")]);

/** The SVG and the PNG of `key` on the dark background: the SVG's facts, checked to match the PNG. */
async function svgFigure(page, key) {
  const png = await download(page, key, "dark");
  const svg = await download(page, key, "dark", "svg");
  assert.equal(svg.name, png.name.replace(/\.png$/, ".svg"), `${key}: the SVG is named as the PNG`);
  const c = await compare(page, png.bytes, svg.bytes);
  assert.ok(c.parsed, `${key}: the SVG parses`);
  assert.ok(c.decoded, `${key}: the browser decodes the SVG as an image`);
  assert.ok(c.size[0] >= 1919, `${key}: ${c.size[0]} px wide`);
  assert.deepEqual(c.attrs, [String(c.size[0]), String(c.size[1]), `0 0 ${c.size[0]} ${c.size[1]}`], `${key}: the SVG has the PNG's size`);
  assert.deepEqual(c.natural, c.size, `${key}: and decodes at it`);
  assert.ok(c.background, `${key}: the dark SVG has its background`);
  assert.ok(c.diff < 1.5, `${key}: the SVG drawn looks like the PNG (mean difference ${c.diff.toFixed(2)} of 255)`);
  assert.ok(c.lit[1] > 0.005 && Math.abs(c.lit[0] - c.lit[1]) < 0.1 * c.lit[0] + 0.002, `${key}: as much of it is lit (${c.lit.map((v) => v.toFixed(4))})`);
  return c;
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

test("every view of the Playground and Cost surface tabs as an SVG like its PNG: vector lines, circles and text", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&hidden=4,2&seed=3", { width: 1280, height: 800 });
  await page.evaluate(() => (window.backpropLab.pg.train(200), window.backpropLab.app.invalidate()));
  const screenWidth = await page.evaluate(() => document.getElementById("network").width);
  const net = await svgFigure(page, "network");
  const { sizes, out } = await allWeights(page);
  assert.equal(net.circles, sizes.reduce((a, b) => a + b, 0), "one <circle> per neuron");
  assert.equal(net.lines.length, out.length, "one <line> per weight");
  const BLUE = "rgb(88,196,221)", RED = "rgb(252,98,85)";
  assert.deepEqual(net.lines, out.map((w) => (w >= 0 ? BLUE : RED)), "each in the canvas's colour of its sign, in the order w⁽ˡ⁾ⱼₖ");
  assert.ok(net.texts.includes("X₁") && net.texts.some((t) => t.startsWith("a⁽³⁾")), `the labels are text: ${net.texts}`);
  assert.equal(net.images, sizes.reduce((a, b) => a + b, 0), "each neuron's heatmap is an image of its pixels");
  const transparent = await compare(page, (await download(page, "network", "transparent")).bytes, (await download(page, "network", "transparent", "svg")).bytes);
  assert.equal(transparent.background, false, "a transparent SVG has nothing under the drawing");
  assert.ok(transparent.diff < 1.5, `and looks like the transparent PNG (${transparent.diff.toFixed(2)})`);
  const boundary = await svgFigure(page, "boundary");
  assert.equal(boundary.circles, 2 * await page.evaluate(() => window.backpropLab.pg.trainPoints().length / 3), "each training point is a filled and an outlined circle (the points layer recorded as vectors)");
  assert.equal(boundary.images, 1, "the output heatmap is the one image");
  const loss = await svgFigure(page, "loss");
  assert.ok(loss.texts.includes("epoch") && loss.texts.includes("train C"), `the chart's labels are text: ${loss.texts}`);
  assert.equal(await page.evaluate(() => document.getElementById("network").width), screenWidth, "the screen's canvas is back at its own resolution");
  await page.evaluate(() => window.backpropLab.commands.setMode("surface"));
  await page.waitForFunction(() => window.backpropLab.views.surface?.answer?.point, null, { timeout: 30000 });
  const surface = await svgFigure(page, "surface");
  assert.equal(surface.circles, 2, "the current point, filled and outlined");
  assert.ok(surface.texts.some((t) => t.includes("→")), `the axes' names are text: ${surface.texts}`);
  // A drawing an SVG cannot record is refused by name, in the dialog, and the view's frame goes
  // on (here the loss chart draws once with a compositing mode; the screen is drawn as before).
  await page.evaluate(() => window.backpropLab.commands.setMode("playground"));
  await page.evaluate(() => {
    const chart = window.backpropLab.app.views.chart;
    const render = chart.render;
    chart.render = function () {
      this.ctx.globalCompositeOperation = "lighter";
      this.ctx.globalCompositeOperation = "source-over";
      return render.call(this);
    };
  });
  await page.getByRole("button", { name: "Figure" }).click();
  await page.selectOption("#figure-view", "loss");
  await page.check('input[name="figure-format"][value="svg"]');
  await page.click("#figure-download");
  await page.waitForFunction(() => /Could not|Downloaded/.test(document.querySelector("#figure-dialog .share-status").textContent));
  assert.equal(await page.locator("#figure-dialog .share-status").textContent(), 'Could not make the figure: this view cannot be an SVG: an SVG cannot record ctx.globalCompositeOperation = "lighter"');
  await page.keyboard.press("Escape");
  const png = await figure(page, "loss", "dark");
  assert.ok(png.png.lit > 0.005, "the PNG of it is still made");
  await page.evaluate(() => window.backpropLab.commands.setMode("surface"));
  await page.waitForFunction(() => window.backpropLab.views.surface?.answer?.point, null, { timeout: 30000 });
  // The dialog says why when the chosen view is gone (here: the tab changed under it).
  await page.getByRole("button", { name: "Figure" }).click();
  await page.selectOption("#figure-view", "surface");
  await page.check('input[name="figure-format"][value="svg"]');
  await page.evaluate(() => window.backpropLab.commands.setMode("playground"));
  await page.click("#figure-download");
  await page.waitForFunction(() => /Could not/.test(document.querySelector("#figure-dialog .share-status").textContent));
  assert.equal(await page.locator("#figure-dialog .share-status").textContent(), "Could not make the figure: that view is not on the screen in this tab");
  await page.keyboard.press("Escape");
  const refused = await page.evaluate(() => Promise.all([
    window.backpropLab.app.figures.figureBlob("confusion", { format: "svg" }).catch((e) => e.message),
    window.backpropLab.app.figures.figureBlob("network", { format: "pdf" }).catch((e) => e.message),
  ]));
  assert.deepEqual(refused, ["that view is not on the screen in this tab", 'a figure is a PNG or an SVG, not "pdf"']);
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits tab's weight images and confusion matrix as PNG and SVG", async () => {
  const page = await newPage(env.browser, env.url, { width: 1280, height: 800 });
  await page.goto(`${env.url}index.html?digits=light#mode=digits`);
  await page.waitForFunction(() => window.backpropLab?.app?.digits?.evaluation && window.backpropLab.app.digits.weights.drawnW, null, { timeout: 60000 });
  await page.getByRole("button", { name: "Figure" }).click();
  const offered = await page.$$eval("#figure-view option", (os) => os.map((o) => o.value));
  await page.keyboard.press("Escape");
  assert.deepEqual(offered, ["digit-weights", "confusion"], "the Digits tab offers its two figures");
  for (const key of offered) {
    for (const bg of ["transparent", "dark"]) {
      const { name, bytes } = await download(page, key, bg);
      assert.match(name, /^backprop_lab_digits-.+\.png$/);
      const png = await inspect(page, bytes);
      assert.ok(png.width >= 1919 && png.width <= 1921, `${key} ${bg}: a PNG 1920 px wide (${png.width})`);
      assert.ok(png.lit > 0.01, `${key} ${bg}: something is drawn (${png.lit})`);
      if (bg === "dark") assert.equal(png.transparent, 0);
    }
  }
  const weights = await svgFigure(page, "digit-weights");
  assert.equal(weights.images, 16, "the 16 weight images, as their 28 × 28 pixels");
  assert.ok(weights.texts.includes("neuron 15"), `labelled: ${weights.texts.slice(0, 4)}`);
  const confusion = await svgFigure(page, "confusion");
  const counts = await page.$$eval("#digits-scene .dg-confusion td", (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(confusion.texts.filter((t, i, all) => i >= all.length - 101 && i < all.length - 1), counts, "the table's 100 counts, row by row, as text");
  assert.equal(confusion.images, 0, "the matrix is all vectors");
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
  await page.check('input[name="figure-format"][value="svg"]');
  assert.equal(await page.locator("#figure-copy").textContent(), "Copy SVG");
  await page.click("#figure-copy");
  await page.waitForFunction(() => /Copied the SVG|Could not/.test(document.querySelector("#figure-dialog .share-status").textContent));
  assert.equal(await page.locator("#figure-dialog .share-status").textContent(), "Copied the SVG.");
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^<\?xml[^]*<svg [^>]*width="19\d\d"[^]*<\/svg>\s*$/, "the SVG's markup, as text (what vector editors paste)");
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
