// Shared set-up for the browser tests: a static file server over the repository root and a
// headless Debian Chromium driven by playwright-core, with every console error, page error and
// failed request of a page collected so each test can assert there were none.

import http from "node:http";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/**
 * Serve ROOT on 127.0.0.1 at a free port. Resolves to { url, close() }.
 * BACKPROP_LAB_PKG_DIR (optional) serves /www/pkg/ from another folder, e.g. an older build.
 * `headers` (optional) are added to every response, e.g. a Content-Security-Policy.
 */
export async function serve(root = ROOT, { headers = {} } = {}) {
  const pkgDir = process.env.BACKPROP_LAB_PKG_DIR ? path.resolve(process.env.BACKPROP_LAB_PKG_DIR) : null;
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = pkgDir && rel.startsWith("/www/pkg/") ? path.join(pkgDir, rel.slice("/www/pkg/".length)) : path.resolve(root, "." + rel);
      if (!file.startsWith(root + path.sep) && !(pkgDir && file.startsWith(pkgDir + path.sep))) throw Object.assign(new Error("outside root"), { code: "ENOENT" });
      const body = await fs.readFile(file);
      res.writeHead(200, {
        "Content-Type": MIME[path.extname(file)] || "application/octet-stream",
        "Cache-Control": "no-store",
        ...headers,
      });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" || e.code === "EISDIR" ? 404 : 500, { "Content-Type": "text/plain" });
      res.end(String(e.code || e.message));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-sandbox",
    ],
  });
}

/**
 * A new page that records problems: page.problems lists console errors, uncaught page errors,
 * failed requests, HTTP errors and any request to another origin.
 * The pages declare a Content-Security-Policy without 'unsafe-eval', which would refuse the
 * tests' own `new Function` probes: only csp.test.mjs (bypassCSP: false) runs them under it.
 */
export async function newPage(browser, baseUrl, { width = 1280, height = 800, bypassCSP = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => page.problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) page.problems.push(`http ${r.status()}: ${r.url()}`);
  });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) page.problems.push(`foreign request: ${u}`);
  });
  return page;
}

/** Wait for `n` animation frames of the page (2 by default: one to draw, one to settle). */
export function frames(page, n = 2) {
  return page.evaluate((n) => new Promise((r) => { const f = () => (n-- <= 0 ? r() : requestAnimationFrame(f)); f(); }), n);
}

/** The page's layer sizes and every weight, via the JS API: { sizes, out } (out: l = 1..L, row-major [j][k]). */
export function allWeights(page) {
  return page.evaluate(() => {
    const net = window.backpropLab.net;
    const sizes = Array.from(net.layerSizes());
    const out = [];
    for (let l = 1; l < sizes.length; l++)
      for (let j = 0; j < sizes[l]; j++) for (let k = 0; k < sizes[l - 1]; k++) out.push(net.getWeight(l, j, k));
    return { sizes, out };
  });
}

/** Open the app (optionally with a hash) and wait until it has drawn its first frame. */
export async function openApp(browser, baseUrl, hash = "", size) {
  const page = await newPage(browser, baseUrl, size);
  await page.goto(`${baseUrl}index.html${hash ? "#" + hash.replace(/^#/, "") : ""}`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await frames(page);
  return page;
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], "the page logged no errors and made no failed or foreign requests");
}

/** Set up a server and a browser for one test file: call in before(); returns { ctx, done }. */
export async function setup() {
  const server = await serve();
  const browser = await launch();
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Count the pixels of a canvas (a selector or the element) that differ from the background colour
 * (black by default): `{ lit, total }`. Self-contained, so any driver can run it in the page
 * (playwright's page.evaluate here, WebDriver's execute in tests/firefox/).
 */
export function countLit([canvas, bg = [0, 0, 0]]) {
  const c = typeof canvas === "string" ? document.querySelector(canvas) : canvas;
  if (!c || !c.width || !c.height) return { lit: 0, total: 1 };
  const probe = document.createElement("canvas");
  probe.width = c.width;
  probe.height = c.height;
  const ctx = probe.getContext("2d");
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    const lit = d[i + 3] > 0 && (Math.abs(d[i] - bg[0]) > 8 || Math.abs(d[i + 1] - bg[1]) > 8 || Math.abs(d[i + 2] - bg[2]) > 8);
    if (lit) n++;
  }
  return { lit: n, total: d.length / 4 };
}

/** Count pixels of a canvas that differ from the background colour (black by default). */
export function nonBackgroundPixels(page, selector, bg = [0, 0, 0]) {
  return page.evaluate(countLit, [selector, bg]);
}

/**
 * A blank page of the test server with the page's wasm module loaded, as a script would load
 * it: `window.api` (its exports), `window.wasm` (what init() returned) and, with
 * `{ extras: true }`, `window.x` (the extras module's exports, initialised).
 */
export async function apiPage(env, { extras = false } = {}) {
  const page = await newPage(env.browser, env.url);
  await page.goto(`${env.url}tests/browser/blank.html`);
  await page.evaluate(async (extras) => {
    window.api = await import("/www/pkg/backprop_lab.js");
    window.wasm = await window.api.default();
    if (extras) {
      window.x = await import("/www/pkg/backprop_lab_extras.js");
      await window.x.default();
    }
  }, extras);
  return page;
}
