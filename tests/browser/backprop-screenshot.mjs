// Screenshot of the Backprop tab for the README:
//   node tests/browser/backprop-screenshot.mjs docs/stepper.png [hash] [WIDTHxHEIGHT] [steps]
// Opens the page in the Backprop tab, picks a hidden weight and steps `steps` times (→).
import path from "node:path";
import { setup, openApp } from "./harness.mjs";

const [out = "stepper.png", hash = "mode=backprop", size = "1600x1000", steps = "6"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const env = await setup();
try {
  const page = await openApp(env.browser, env.url, hash, { width, height });
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper);
  await page.evaluate(() => window.backpropLab.app.backprop && document.getElementById("bp-forward").focus());
  for (let i = 0; i < Number(steps); i++) await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(900);
  await page.screenshot({ path: path.resolve(out), fullPage: !!process.env.FULL });
  if (page.problems.length) console.error(page.problems.join("\n"));
  console.log(`wrote ${path.resolve(out)} (${width}×${height})`);
} finally {
  await env.close();
}
