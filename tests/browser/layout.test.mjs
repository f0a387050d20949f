// The full page fits its window from a phone to a projector: no sideways scrolling in any tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, newPage, assertNoProblems } from "./harness.mjs";

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

// The layer controls never overlap (issue 14): at every width and for the largest shapes the
// page allows (8 hidden layers of 32), no two of their buttons and selects share a pixel, and
// each is the element under its own centre (so a mouse can click it).
for (const [width, height] of [[360, 740], [768, 1024], [1280, 800], [1920, 1080]]) {
  test(`at ${width}×${height} the layer controls never overlap and each is clickable at its centre`, async () => {
    const page = await openApp(env.browser, env.url, "", { width, height });
    const problems = [];
    for (const hidden of ["4,2", "8,8,8,8,8,8", "32,32,32,32,32,32,32,32", "1,1,1,1,1,1,1,1", "32"]) {
      await page.evaluate((h) => (location.hash = `hidden=${h}`), hidden);
      await page.waitForFunction((h) => window.backpropLab.app.store.get("hidden").join(",") === h, hidden);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const found = await page.evaluate(() => {
        const els = [...document.querySelectorAll("#layer-controls button, #layer-controls select, #addLayer, #removeLayer")];
        const boxes = els.map((el) => ({ id: el.id || el.getAttribute("aria-label"), r: el.getBoundingClientRect(), el }));
        const out = [];
        for (let i = 0; i < boxes.length; i++) {
          const a = boxes[i].r;
          if (a.width === 0 || a.height === 0) out.push(`${boxes[i].id} has no size`);
          for (let j = i + 1; j < boxes.length; j++) {
            const b = boxes[j].r;
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${boxes[i].id} overlaps ${boxes[j].id}`);
          }
          boxes[i].el.scrollIntoView({ block: "center", inline: "center" });
          const r = boxes[i].el.getBoundingClientRect();
          const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (!(at === boxes[i].el || boxes[i].el.contains(at))) out.push(`${boxes[i].id} is covered at its centre by ${at?.id || at?.className || at?.tagName}`);
        }
        if (document.documentElement.scrollWidth > window.innerWidth) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
        return out;
      });
      problems.push(...found.map((p) => `${hidden}: ${p}`));
    }
    assert.deepEqual(problems, []);
    assertNoProblems(page);
    await page.context().close();
  });
}

// The projector layout (issue 14): at 1280×800 (with and without presenter mode) and in a 960×540
// slide frame (the embed page), the Backprop tab stepped into the backward pass shows the network,
// the phase and the chain rule with its numbers without any scrolling.
for (const [where, width, height] of [["index.html", 1280, 800], ["index.html#presenter=true&", 1280, 800], ["embed.html", 960, 540], ["index.html#presenter=true&", 1920, 1080]]) {
  test(`${where} at ${width}×${height}: the Backprop tab's network, phase and chain rule fit without scrolling`, async () => {
    const page = await newPage(env.browser, env.url, { width, height });
    await page.goto(`${env.url}${where}${where.includes("#") ? "" : "#"}mode=backprop&seed=3`);
    await page.waitForFunction(() => window.backpropLab?.app?.backprop?.state, null, { timeout: 15000 });
    for (let i = 0; i < 6; i++) await page.evaluate(() => window.backpropLab.commands.step(1));
    await page.waitForFunction(() => window.backpropLab.app.backprop.state.phase === "backward");
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const boxes = await page.evaluate(() => {
      const box = (s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
      };
      return { scrollX: window.scrollX, scrollY: window.scrollY, wide: document.documentElement.scrollWidth, network: box("#network"), phase: box("#bp-phase"), chain: box("#bp-chain-math"), text: document.querySelector("#bp-chain-math").textContent };
    });
    assert.equal(boxes.scrollY, 0);
    assert.ok(boxes.wide <= width, `the page is ${boxes.wide} px wide`);
    for (const name of ["network", "phase", "chain"]) {
      const b = boxes[name];
      assert.ok(b.height > 0 && b.top >= 0 && b.bottom <= height + 0.5 && b.right <= width + 0.5, `${name} is inside the window: ${JSON.stringify(b)}`);
    }
    assert.match(boxes.text, /\d\.\d+/, "the chain rule shows its numbers");
    assertNoProblems(page);
    await page.context().close();
  });
}
