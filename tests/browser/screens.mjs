// The docs' screenshots of every tab at 1920×1080 and 1280×800 (issue 14), each in the state a
// teacher would show: the playground after some training with a forward pass lit, the stepper in
// the backward pass, the cost surface with its point, the Digits network pretrained and reading a
// test digit, a lesson scene. Run after `cargo xtask build`:
//   node tests/browser/screens.mjs [out-dir]        (default docs/screens)
import fs from "node:fs";
import path from "node:path";
import { setup, openApp, ROOT } from "./harness.mjs";

const out = path.resolve(process.argv[2] || path.join(ROOT, "docs", "screens"));
fs.mkdirSync(out, { recursive: true });
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const TABS = {
  async playground(page) {
    await page.evaluate(() => window.backpropLab.commands.play());
    await page.waitForFunction(() => window.backpropLab.pg.epoch() >= 150, null, { timeout: 60000 });
    await page.evaluate(() => window.backpropLab.commands.pause());
    const p = await page.evaluate(() => {
      const pts = window.backpropLab.pg.trainPoints();
      return window.backpropLab.views.heatmap.dataToClient(pts[0], pts[1]);
    });
    await page.mouse.move(p.x, p.y);
  },
  async backprop(page) {
    await page.evaluate(() => window.backpropLab.commands.setMode("backprop"));
    await page.waitForFunction(() => window.backpropLab.app.backprop?.state);
    for (let i = 0; i < 6; i++) await page.evaluate(() => window.backpropLab.commands.step(1));
  },
  async surface(page) {
    await page.evaluate(() => window.backpropLab.commands.setMode("surface"));
    await page.waitForFunction(() => window.backpropLab.views.surface?.answer?.point, null, { timeout: 60000 });
    await page.waitForTimeout(500);
  },
  async digits(page) {
    await page.evaluate(() => window.backpropLab.commands.setMode("digits"));
    await page.waitForFunction(() => window.backpropLab.app.digits?.status === "ready", null, { timeout: 60000 });
    await page.click("#digits-scene .dg-pretrained");
    await page.waitForFunction(() => window.backpropLab.app.digits.metrics?.seen > 0 || window.backpropLab.app.digits.evaluation?.accuracy > 0.5, null, { timeout: 60000 });
    await page.locator("#digits-scene .dg-thumb").first().click();
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(800);
  },
  async lessons(page) {
    await page.evaluate(() => (location.hash = "mode=lessons&lesson=3&scene=2"));
    await page.waitForFunction(() => document.getElementById("ls-title")?.textContent, null, { timeout: 20000 });
    await page.waitForTimeout(1500);
  },
};

/** Re-encode a PNG with a 256-colour palette through Python's Pillow, when it is there. */
async function quantize(file) {
  const { spawnSync } = await import("node:child_process");
  const py = `from PIL import Image\nim = Image.open(${JSON.stringify(file)}).convert("RGB")\nim.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(${JSON.stringify(file)}, optimize=True)`;
  spawnSync("python3", ["-c", py], { stdio: "inherit" });
}

const env = await setup();
try {
  for (const [width, height] of [[1920, 1080], [1280, 800]]) {
    for (const [tab, prepare] of Object.entries(TABS)) {
      const page = await openApp(env.browser, env.url, "dataset=spiral&hidden=8,8,4&seed=3&lr=0.03&noise=5", { width, height });
      await prepare(page);
      await frames(page);
      const file = path.join(out, `${tab}-${width}x${height}.png`);
      await page.screenshot({ path: file });
      // 256 colours (the dark theme has few): a quarter of the bytes, no visible change.
      if (!process.env.FULL_COLOUR) await quantize(file);
      console.log(`wrote ${path.relative(ROOT, file)}`);
      await page.context().close();
    }
  }
} finally {
  await env.close();
}
