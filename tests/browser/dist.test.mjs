// dist/backprop-lab.html, the one self-contained file of `cargo xtask dist`, opened from
// file:// with nothing but file:, data: and blob: requests: it loads, draws and trains, and its
// Digits tab trains, reads a drawn digit and loads the pretrained network on the light MNIST
// set built into the file.
// `cargo xtask test` writes dist/ before the browser tests; if it is missing, this runs dist.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { ROOT, launch, nonBackgroundPixels } from "./harness.mjs";

const FILE = path.join(ROOT, "dist", "backprop-lab.html");
let browser;
before(async () => {
  if (!fs.existsSync(FILE)) execFileSync("cargo", ["xtask", "dist"], { cwd: ROOT, stdio: "inherit" });
  browser = await launch();
});
after(async () => browser && browser.close());

/** An offline page that records every request and error in page.problems / page.requests. */
async function offlinePage(viewport) {
  // The file's CSP has no 'unsafe-eval', which the probes below use; csp.test.mjs runs it under its CSP.
  const context = await browser.newContext({ viewport, offline: true, bypassCSP: true });
  const page = await context.newPage();
  const problems = (page.problems = []);
  const requests = (page.requests = []);
  const watch = (where) => {
    where.on("request", (r) => {
      requests.push(r.url());
      if (!/^(file|data|blob):/.test(r.url())) problems.push(`request leaves the page: ${r.url()}`);
    });
    where.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url().slice(0, 80)} ${r.failure()?.errorText}`));
    where.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  };
  watch(page);
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("worker", (w) => w.on("console", (m) => m.type() === "error" && problems.push(`worker console: ${m.text()}`)));
  return page;
}

test("dist/backprop-lab.html works offline from file:// with no request leaving the page", async () => {
  const html = fs.readFileSync(FILE, "utf8");
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/, "no external script");
  assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/, "no external stylesheet");
  const page = await offlinePage({ width: 1280, height: 800 });
  const { problems, requests } = page;
  await page.goto(`${pathToFileURL(FILE).href}#dataset=xor&hidden=4,2`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  assert.deepEqual(await page.evaluate(() => Array.from(window.backpropLab.net.layerSizes())), [2, 4, 2, 1]);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const net = await nonBackgroundPixels(page, "#network");
  assert.ok(net.lit > net.total * 0.02, "the network is drawn (the stylesheet and modules are inlined)");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent.replace(/,/g, "")) > 0, null, { timeout: 10000 });
  assert.ok(requests.length > 0);
  assert.deepEqual(problems, [], "no request left the page and nothing failed");
  await page.context().close();
});

test("the single file's Digits tab trains, reads a drawn digit and loads the pretrained network on the light set it carries", async () => {
  const page = await offlinePage({ width: 1600, height: 1000 });
  const digits = (f, arg) => page.evaluate(([src, arg]) => new Function("d", "arg", `return (${src})(d, arg)`)(window.backpropLab.app.digits, arg), [f.toString(), arg]);
  const waitFor = (f, arg, timeout = 30000) => page.waitForFunction(([src, arg]) => {
    const d = window.backpropLab?.app?.digits;
    return d && (d.lastError || new Function("d", "arg", `return (${src})(d, arg)`)(d, arg));
  }, [f.toString(), arg], { timeout, polling: 50 });
  const noError = async () => assert.equal(await digits((d) => d.lastError ?? null), null, "the scene reports no error");
  const bars = () => page.$$eval("#digits-scene .dg-bars li", (lis) => lis.map((li) => Number(li.dataset.value || 0)));
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  await page.goto(pathToFileURL(FILE).href);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await page.getByRole("tab", { name: "Digits" }).click();
  await waitFor((d) => d.status === "ready" && d.evaluation !== null);
  await noError();
  const p = await digits((d) => d.progress);
  assert.ok(p.total > 1e6 && p.loaded === p.total, `the built-in light set loaded (${p.loaded} / ${p.total} compressed bytes)`);
  assert.deepEqual(await digits((d) => d.counts), { train: 10000, test: 2000 });
  const options = await page.$$eval("#digits-scene .dg-set option", (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options, [["light", "light 10k / 2k (built into this file)"]], "only the light set is offered");

  // One epoch of the 10k training images: well above chance (10 %) on the 2k test images.
  const before = await digits((d) => d.evaluation.accuracy);
  await page.fill("#digits-scene .dg-epochs", "1");
  await page.click("#digits-scene .dg-play");
  await waitFor((d) => d.metrics.epochs >= 1 && !d.playing && d.evaluation.epochs >= 1);
  await noError();
  const after = await digits((d) => d.evaluation.accuracy);
  assert.ok(before < 0.3 && after > 0.5, `test accuracy ${before} → ${after} after one epoch of the light set`);

  // A vertical stroke lights the output bars.
  assert.deepEqual(await bars(), new Array(10).fill(0), "no input, no bars");
  const box = await page.locator("#digits-scene .dg-pad").boundingBox();
  await page.mouse.move(box.x + 140, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 240, { steps: 12 });
  await page.mouse.up();
  await frames();
  const drawn = await bars();
  assert.ok(drawn.some((v) => v > 0.05), `the bars show the output (${drawn.map((v) => v.toFixed(2))})`);

  // The pretrained network, read from the file, scores ≥ 90 % on the 2k test images.
  await page.click("#digits-scene .dg-pretrained");
  await waitFor((d) => d.evaluation && d.evaluation.accuracy >= 0.9, null, 10000);
  await noError();
  await frames();
  assert.notDeepEqual(await bars(), drawn, "the pretrained network reads the drawn digit differently");
  assert.equal((await bars()).indexOf(Math.max(...(await bars()))), 1, "and reads the stroke as a 1");
  assert.match(await page.locator("#digits-scene .dg-test-acc").textContent(), /^(9\d|100)\.\d\d %$/);
  if (process.env.DIST_SCREENSHOT) await page.screenshot({ path: process.env.DIST_SCREENSHOT });
  assert.deepEqual(page.problems, [], "no request left the page and nothing failed");
  await page.context().close();
});

test("the single file's Lessons tab opens every scene offline, and the descent scene steps with the inlined extras module", async () => {
  const page = await offlinePage({ width: 1280, height: 800 });
  await page.goto(`${pathToFileURL(FILE).href}#lesson=1&scene=1`);
  await page.waitForFunction(() => document.getElementById("ls-title")?.textContent, null, { timeout: 15000 });
  const titles = [];
  for (;;) {
    titles.push(await page.locator("#ls-title").textContent());
    assert.equal(await page.locator("#ls-error").isHidden(), true, `${titles.at(-1)}: no error`);
    if (await page.locator("#ls-next").isDisabled()) break;
    await page.locator("#ls-next").click();
  }
  assert.ok(titles.length >= 10, `every scene (${titles.length})`);
  // A digit-network scene: the worker, the light MNIST set and the pretrained network, all inlined.
  await page.evaluate(() => window.backpropLab.app.lessons.open(2, 1));
  await page.waitForFunction(() => window.backpropLab.app.lessons.view?.numbers?.terms && window.backpropLab.app.lessons.view.evaluation, null, { timeout: 30000 });
  assert.match(await page.locator("#lessons-scene .ls-digit").textContent(), /Averaged over all 2,000 test images, the cost C = /);
  await page.evaluate(() => window.backpropLab.app.lessons.open(2, 2));
  await page.waitForFunction(() => !document.querySelector('#lessons-scene button[data-step="1"]').disabled, null, { timeout: 15000 });
  await page.locator('#lessons-scene button[data-step="1"]').click();
  assert.match(await page.locator("#lessons-scene .ls-readout").textContent(), /Last step: ∂C\/∂w⁽¹⁾₁₀ = /);
  assert.deepEqual(page.problems, [], "no request left the page and nothing failed");
  await page.context().close();
});
