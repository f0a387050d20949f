// Content-Security-Policy: every page declares its own (a <meta>; the offline file's by hash of
// its inline script and style) and runs under it with no violation on any tab — index.html
// (Playground, Backprop, Cost surface, Digits), embed.html, the dist/ site and
// dist/backprop-lab.html from file://; and index.html, embed.html and the element host also run
// under the strict policy slide hosts send as a header (Play moves the epoch counter).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { serve, launch, newPage, assertNoProblems, ROOT } from "./harness.mjs";

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/** What the site's pages declare (and `cargo xtask serve` sends: xtask/src/serve.rs, SITE_CSP). */
const SITE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'";
const OFFLINE = path.join(ROOT, "dist", "backprop-lab.html");

let server, plain, distServer, browser;
before(async () => {
  if (!fs.existsSync(OFFLINE)) execFileSync("cargo", ["xtask", "dist"], { cwd: ROOT, stdio: "inherit" });
  server = await serve(undefined, { headers: { "Content-Security-Policy": STRICT_CSP } });
  plain = await serve();
  distServer = await serve(path.join(ROOT, "dist"));
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  for (const s of [server, plain, distServer]) if (s) await s.close();
});

/** Records CSP violations of the page, its frames and its workers in page.violations. */
async function watchViolations(page) {
  page.violations = [];
  const csp = /Content Security Policy|Refused to/i;
  page.on("console", (m) => csp.test(m.text()) && page.violations.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => csp.test(e.message) && page.violations.push(`pageerror: ${e.message}`));
  page.on("worker", (w) => w.on("console", (m) => (m.type() === "error" || csp.test(m.text())) && page.violations.push(`worker: ${m.text()}`)));
  await page.exposeFunction("reportViolation", (v) => page.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportViolation(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
}

const declared = (page) => page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);

/** Play/Pause on the playground, then each tab: Backprop steps, Cost surface draws, Digits loads the light set. */
async function everyTab(page) {
  const epoch0 = await page.evaluate(() => window.backpropLab.pg.epoch());
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction((e) => window.backpropLab.pg.epoch() > e, epoch0, { timeout: 10000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("tab", { name: "Backprop" }).click();
  await page.waitForFunction(() => window.backpropLab.app.backprop?.state, null, { timeout: 10000 });
  for (let i = 0; i < 4; i++) await page.locator("#bp-forward").click();
  await page.getByRole("tab", { name: "Cost surface" }).click();
  await page.waitForFunction(() => document.querySelector("#surface-panel")?.offsetParent !== null, null, { timeout: 10000 });
  // Its worker loads the extras module and answers (under the page's policy).
  await page.waitForFunction(() => window.backpropLab.views.surface.failure || window.backpropLab.views.surface.settled, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.backpropLab.views.surface.failure), null, "the Cost surface's worker works");
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => {
    const d = window.backpropLab?.app?.digits;
    return d && (d.lastError || (d.status === "ready" && d.evaluation !== null));
  }, null, { timeout: 30000, polling: 100 });
  assert.equal(await page.evaluate(() => window.backpropLab.app.digits.lastError ?? null), null, "the Digits scene reports no error");
  await page.getByRole("tab", { name: "Playground" }).click();
  await page.waitForTimeout(200);
}

for (const file of ["index.html", "embed.html"]) {
  test(`${file} declares the site's policy and runs under it alone (no header) with no violation${file === "index.html" ? ", on every tab" : ""}`, async () => {
    const page = await newPage(browser, plain.url, { bypassCSP: false });
    await watchViolations(page);
    const response = await page.goto(`${plain.url}${file}?digits=light#dataset=xor&hidden=3`);
    assert.equal(response.headers()["content-security-policy"], undefined, "no header: the page's own <meta> is the policy");
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    assert.equal(await declared(page), SITE_CSP);
    if (file === "index.html") await everyTab(page);
    else {
      await page.getByRole("button", { name: "Play", exact: true }).click();
      await page.waitForFunction(() => window.backpropLab.pg.epoch() > 0, null, { timeout: 10000 });
    }
    // The policy really applies: an inline script is refused (and reported).
    await page.evaluate(() => { const s = document.createElement("script"); s.textContent = "window.inlineRan = true"; document.body.append(s); });
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.inlineRan ?? false), false, "an inline script is refused");
    const refused = page.violations.filter((v) => /script-src/.test(v));
    assert.ok(refused.length > 0, "the refusal is reported, so the listener works");
    assert.deepEqual(page.violations.filter((v) => !refused.includes(v)), [], "no other Content-Security-Policy violation");
    page.problems = page.problems.filter((p) => !/Content Security Policy/.test(p));
    assertNoProblems(page);
    await page.context().close();
  });
}

test("the dist/ site's pages declare the site's policy and run with no violation", async () => {
  for (const file of ["index.html", "embed.html"]) {
    const page = await newPage(browser, distServer.url, { bypassCSP: false });
    await watchViolations(page);
    await page.goto(`${distServer.url}${file}?digits=light#dataset=xor&hidden=3`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    assert.equal(await declared(page), SITE_CSP, file);
    if (file === "index.html") await everyTab(page);
    assert.deepEqual(page.violations, [], `${file}: no Content-Security-Policy violation`);
    assertNoProblems(page);
    await page.context().close();
  }
});

test("dist/backprop-lab.html declares a policy of its own (no inline code but by hash) and runs every tab from file:// with no violation", async () => {
  const html = fs.readFileSync(OFFLINE, "utf8");
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, offline: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await watchViolations(page);
  await page.goto(pathToFileURL(OFFLINE).href);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  const policy = await declared(page);
  assert.ok(policy, "the offline file declares a policy");
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/, "no 'unsafe-inline', no 'unsafe-eval', no wildcard");
  assert.match(policy, /default-src 'none'/);
  const hashes = [...policy.matchAll(/'sha256-([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]);
  assert.equal(hashes.length, 3, "the import map, the entry module and the style, by hash");
  const inline = [...html.matchAll(/<(script|style)( type="(importmap|module)")?>([\s\S]*?)<\/\1>/g)].map((m) => m[4]);
  const { createHash } = await import("node:crypto");
  assert.deepEqual(inline.map((t) => createHash("sha256").update(t).digest("base64")).sort(), hashes.sort(), "each inline element's hash is in the policy");
  await everyTab(page);
  assert.deepEqual(page.violations, [], "no Content-Security-Policy violation");
  assert.deepEqual(problems, []);
  await context.close();
});

async function openStrict(file, { waitForApp = true } = {}) {
  const page = await newPage(browser, server.url, { bypassCSP: false });
  await watchViolations(page);
  const response = await page.goto(`${server.url}${file}#dataset=xor&hidden=3`);
  assert.equal(response.headers()["content-security-policy"], STRICT_CSP, "the policy is really sent");
  if (waitForApp) await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  return page;
}

for (const file of ["index.html", "embed.html"]) {
  test(`${file} runs under the strict CSP with no violation`, async () => {
    const page = await openStrict(file);
    const epoch0 = await page.evaluate(() => window.backpropLab.pg.epoch());
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.waitForFunction((e) => window.backpropLab.pg.epoch() > e, epoch0, { timeout: 10000 });
    await page.waitForFunction(() => Number(document.getElementById("epoch").textContent.replace(/,/g, "")) > 0);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    if (file === "index.html") {
      // The dialog and the file buttons build their DOM in script: still no violation.
      await page.click("#share");
      await page.keyboard.press("Escape");
      await Promise.all([page.waitForEvent("download"), page.click("#export-pytorch")]);
    }
    await page.waitForTimeout(200);
    assert.deepEqual(page.violations, [], "no Content-Security-Policy violation");
    assertNoProblems(page);
  });
}

test("a page hosting two <backprop-lab> elements runs under the strict CSP with no violation", async () => {
  const page = await openStrict("tests/browser/element-host.html", { waitForApp: false });
  await page.evaluate(() => Promise.all([...document.querySelectorAll("backprop-lab")].map((el) => el.ready)));
  assert.equal(await page.evaluate(() => document.getElementById("a").step()), true);
  await page.waitForFunction(() => document.getElementById("a").playground.iterations() === 1);
  await page.evaluate(() => document.getElementById("b").setAttribute("theme", "high-contrast"));
  await page.evaluate(() => document.getElementById("b").play());
  await page.waitForFunction(() => document.getElementById("b").playground.epoch() > 0, null, { timeout: 10000 });
  await page.evaluate(() => document.getElementById("b").pause());
  const box = await page.locator("#a").boundingBox();
  assert.ok(box.height > 100, "the element's constructed stylesheet applies (16:9 box)");
  await page.waitForTimeout(200);
  assert.deepEqual(page.violations, [], "no Content-Security-Policy violation, in the host page or the frames");
  assertNoProblems(page);
});
