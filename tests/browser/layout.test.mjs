// The full page fits its window from a phone to a projector: no sideways scrolling in any tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

for (const [width, height] of [[360, 740], [1000, 800], [1920, 1080]]) {
  test(`at ${width}×${height} no tab of the page scrolls sideways`, async () => {
    const page = await openApp(env.browser, env.url, "", { width, height });
    for (const tab of ["Playground", "Backprop", "Cost surface"]) {
      await page.getByRole("tab", { name: tab }).click();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `${tab}: the page is ${scroll} px wide in a ${width} px window`);
    }
    assertNoProblems(page);
    await page.context().close();
  });
}
