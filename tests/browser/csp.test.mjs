// index.html and embed.html under the strict Content-Security-Policy that slide hosts use:
// no violation is reported, and the page still works (Play moves the epoch counter).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, newPage, assertNoProblems } from "./harness.mjs";

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

let server, browser;
before(async () => {
  server = await serve(undefined, { headers: { "Content-Security-Policy": STRICT_CSP } });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

async function openStrict(file, { waitForApp = true } = {}) {
  const page = await newPage(browser, server.url);
  page.violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) page.violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction("reportViolation", (v) => page.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportViolation(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
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
