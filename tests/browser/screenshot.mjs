// Screenshot for the README: serve the repository, open the page, play ~2 s, save a PNG.
//   node tests/browser/screenshot.mjs out.png [hash] [WIDTHxHEIGHT]
// e.g. node tests/browser/screenshot.mjs docs/screenshot.png "dataset=spiral&hidden=8,8,4" 1920x1080
import path from "node:path";
import { setup, openApp } from "./harness.mjs";

const [out = "screenshot.png", hash = "", size = "1280x800"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const env = await setup();
try {
  const page = await openApp(env.browser, env.url, hash, { width, height });
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(Number(process.env.PLAY_MS || 2000));
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  // Hover a training point so the network shows a forward pass lit up, 3Blue1Brown style.
  if (!process.env.NO_HOVER) {
    const p = await page.evaluate(() => {
      const pts = window.backpropLab.pg.trainPoints();
      return window.backpropLab.views.heatmap.dataToClient(pts[0], pts[1]);
    });
    await page.mouse.move(p.x, p.y);
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.resolve(out) });
  if (page.problems.length) console.error(page.problems.join("\n"));
  console.log(`wrote ${path.resolve(out)} (${width}×${height})`);
} finally {
  await env.close();
}
