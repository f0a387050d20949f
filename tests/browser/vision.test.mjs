// Colour for every student (issue 14): under Chromium's own simulation of protanopia,
// deuteranopia and tritanopia (CDP Emulation.setEmulatedVisionDeficiency), the three-class data
// set's classes stay far apart in colour (CIELAB ΔE ≥ 40 between every pair, measured on the
// rendered pixels of one point of each class; their shapes, a second cue, are unit-tested in
// www/lib/colors.test.js); the Digits tab's confusion matrix uses a single hue.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, frames, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const DEFICIENCIES = ["none", "protanopia", "deuteranopia", "tritanopia"];

/** sRGB bytes → CIELAB (D65). */
function lab([r, g, b]) {
  const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
const deltaE = (a, b) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

test("the three classes stay ΔE ≥ 40 apart under protanopia, deuteranopia and tritanopia", async () => {
  const page = await openApp(env.browser, env.url, "dataset=threeClass&noise=0&showTest=false");
  await frames(page, 3);
  // One point of each class, with no other point within 14 px (so its centre pixel is its own).
  const spots = await page.evaluate(() => {
    const lab = window.backpropLab;
    const p = lab.pg.trainPoints();
    const at = [];
    for (let i = 0; i < p.length; i += 3) at.push({ ...lab.views.heatmap.dataToClient(p[i], p[i + 1]), label: p[i + 2] });
    const out = {};
    for (const a of at) {
      if (out[a.label]) continue;
      if (at.every((b) => b === a || Math.hypot(a.x - b.x, a.y - b.y) > 14)) out[a.label] = a;
    }
    return out;
  });
  assert.deepEqual(Object.keys(spots).sort(), ["0", "1", "2"], "an isolated point of each class");
  const cdp = await page.context().newCDPSession(page);
  const decoder = await newPage(env.browser, env.url);
  await decoder.goto(`${env.url}tests/browser/blank.html`).catch(() => decoder.goto("about:blank"));
  const colors = {};
  for (const type of DEFICIENCIES) {
    await cdp.send("Emulation.setEmulatedVisionDeficiency", { type });
    await frames(page);
    colors[type] = {};
    for (const [label, { x, y }] of Object.entries(spots)) {
      const png = await page.screenshot({ clip: { x: Math.round(x) - 1, y: Math.round(y) - 1, width: 3, height: 3 } });
      // The 3 × 3 screenshot's middle pixel, decoded by a page without the emulation.
      colors[type][label] = await decoder.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = new OffscreenCanvas(img.width, img.height);
        const ctx = c.getContext("2d");
        ctx.drawImage(img, 0, 0);
        return Array.from(ctx.getImageData(Math.floor(img.width / 2), Math.floor(img.height / 2), 1, 1).data.slice(0, 3));
      }, png.toString("base64"));
    }
  }
  const report = [];
  for (const type of DEFICIENCIES) {
    const c = colors[type];
    for (const [a, b] of [["0", "1"], ["0", "2"], ["1", "2"]]) {
      const d = deltaE(c[a], c[b]);
      report.push(`${type} ${a}-${b}: ΔE ${d.toFixed(1)}`);
      // 40: a small marker needs a large difference to be told apart at a glance; the old
      // green class measured ΔE 24.7 from orange under protanopia and 23.3 from blue under
      // tritanopia here, the violet ≥ 46.
      assert.ok(d >= 40, `${type}: classes ${a} and ${b} are ΔE ${d.toFixed(1)} apart (${c[a]} vs ${c[b]})`);
    }
  }
  console.log(report.join("; "));
  // The emulation is real: orange under deuteranopia is not the orange seen normally.
  assert.ok(deltaE(colors.none["0"], colors.deuteranopia["0"]) > 3, "the emulation changed the colours");
  await cdp.send("Emulation.setEmulatedVisionDeficiency", { type: "none" });
  await decoder.close();
  assertNoProblems(page);
  await page.close();
});

test("the confusion matrix is one hue: every coloured cell is 3B1B's blue at some opacity", async () => {
  const page = await newPage(env.browser, env.url);
  await page.goto(`${env.url}index.html?digits=light#mode=digits`);
  await page.waitForFunction(() => window.backpropLab?.app?.digits?.evaluation, null, { timeout: 60000 });
  await frames(page, 3);
  const cells = await page.$$eval("#digits-scene .dg-confusion td", (tds) => tds.map((td) => ({ v: Number(td.textContent), bg: getComputedStyle(td).backgroundColor, diag: td.classList.contains("dg-diag") })));
  assert.equal(cells.length, 100);
  const hues = new Set(cells.filter((c) => c.v > 0).map((c) => c.bg.match(/\d+, \d+, \d+/)[0]));
  assert.deepEqual([...hues], ["88, 196, 221"], "one hue");
  assert.equal(cells.filter((c) => c.diag).length, 10, "the diagonal is marked");
  assertNoProblems(page);
  await page.close();
});
