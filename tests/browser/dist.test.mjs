// dist/backprop-lab.html, the one self-contained file of `cargo xtask dist`, opened from
// file:// with nothing but file:, data: and blob: requests: it loads, draws and trains.
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

test("dist/backprop-lab.html works offline from file:// with no request leaving the page", async () => {
  const html = fs.readFileSync(FILE, "utf8");
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/, "no external script");
  assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/, "no external stylesheet");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("request", (r) => {
    requests.push(r.url());
    if (!/^(file|data|blob):/.test(r.url())) problems.push(`request leaves the page: ${r.url()}`);
  });
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url().slice(0, 80)} ${r.failure()?.errorText}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
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
  await context.close();
});
