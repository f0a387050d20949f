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
    // Each tab gives the network its own width (the Backprop and Cost surface panels take room).
    for (const [mode, hidden] of ["playground", "backprop", "surface"].flatMap((m) => ["4,2", "8,8", "8,8,8,8,8,8", "32,32,32,32,32,32,32,32", "1,1,1,1,1,1,1,1", "32"].map((h) => [m, h]))) {
      await page.evaluate(([m, h]) => (location.hash = `mode=${m}&hidden=${h}`), [mode, hidden]);
      await page.waitForFunction(([m, h]) => window.backpropLab.app.store.get("hidden").join(",") === h && window.backpropLab.app.store.get("mode") === m, [mode, hidden]);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // Every layer control is shown (controlProblems skips what has no size), then the
      // page's one check: apart, clickable at its centre, no sideways scroll.
      const sel = "#layer-controls button, #layer-controls select, #addLayer, #removeLayer";
      const unsized = await page.evaluate((sel) => [...document.querySelectorAll(sel)].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width === 0 || r.height === 0;
      }).map((el) => `${el.id || el.getAttribute("aria-label")} has no size`), sel);
      const found = [...unsized, ...(await page.evaluate(controlProblems, sel))];
      problems.push(...found.map((p) => `${mode} ${hidden}: ${p}`));
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
    await page.goto(`${env.url}${where}${where.includes("#") ? "" : "#"}mode=backprop&seed=3&hidden=8,8,4`);
    await page.waitForFunction(() => window.backpropLab?.app?.backprop?.state, null, { timeout: 15000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    // Step to the backward pass's first layer (how many steps that takes depends on the depth).
    await page.evaluate(() => {
      for (let i = 0; i < 20 && window.backpropLab.app.backprop.state.phase !== "backward"; i++) window.backpropLab.commands.step(1);
    });
    assert.equal(await page.evaluate(() => window.backpropLab.app.backprop.state.phase), "backward");
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const boxes = await page.evaluate(() => {
      const box = (s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
      };
      const clipped = ["#bp-chain-math", "#bp-z-math"].filter((s) => {
        const el = document.querySelector(s);
        return el.scrollWidth > el.clientWidth + 1;
      });
      return { scrollX: window.scrollX, scrollY: window.scrollY, wide: document.documentElement.scrollWidth, network: box("#network"), phase: box("#bp-phase"), chain: box("#bp-chain-math"), text: document.querySelector("#bp-chain-math").textContent, clipped };
    });
    assert.deepEqual(boxes.clipped, [], "no line of the math runs out of the panel (the z-sum wraps)");
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

// Every tab at every size the issue names, with the largest network the page allows: no two
// interactive elements overlap, each is the element under its own centre once scrolled to (a
// mouse can click it), and nothing scrolls sideways.
const CONTROLS = "button, select, input:not([type=hidden]), textarea, a[href], [role=tab], summary";

/** In the page: what is wrong with its shown controls (overlaps, covered centres, sideways scroll). */
const controlProblems = (sel) => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false; // visually hidden (read by screen readers only)
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && el.closest("[hidden], details:not([open]) > :not(summary)") === null && el.getClientRects().length > 0;
  };
  const els = [...document.querySelectorAll(sel)].filter(shown);
  const name = (el) => el.id || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 24) || el.tagName;
  const out = [];
  // The part of each box its scrolling containers show (an element scrolled out of a
  // gallery's box is not on top of what follows the gallery).
  const boxes = els.map((el) => {
    const r = el.getBoundingClientRect();
    let [l, t, rr, b] = [r.left, r.top, r.right, r.bottom];
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX === "visible" && cs.overflowY === "visible") continue;
      const c = p.getBoundingClientRect();
      [l, t, rr, b] = [Math.max(l, c.left), Math.max(t, c.top), Math.min(rr, c.right), Math.min(b, c.bottom)];
    }
    return { el, l: l + scrollX, t: t + scrollY, r: rr + scrollX, b: b + scrollY };
  });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1) out.push(`${name(a.el)} overlaps ${name(b.el)}`);
    }
  }
  for (const { el } of boxes) {
    el.scrollIntoView({ block: "center", inline: "center" });
    const r = el.getBoundingClientRect();
    const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const label = at && at.closest("label");
    if (!(at === el || el.contains(at) || (label && label.contains(el)) || (el.labels && [...el.labels].some((l) => l.contains(at))))) out.push(`${name(el)} is covered at its centre by ${at?.id || at?.className || at?.tagName}`);
  }
  scrollTo(0, 0);
  if (document.documentElement.scrollWidth > innerWidth) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  return out;
};
for (const [width, height] of [[360, 740], [768, 1024], [960, 540], [1280, 800], [1920, 1080]]) {
  test(`at ${width}×${height} every tab's controls are apart, clickable at their centres, and nothing scrolls sideways`, async () => {
    const page = await newPage(env.browser, env.url, { width, height });
    await page.goto(`${env.url}index.html?digits=light#hidden=32,32,32,32,32,32,32,32&seed=3`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    const problems = [];
    for (const mode of ["playground", "backprop", "surface", "digits", "lessons"]) {
      await page.evaluate((m) => window.backpropLab.commands.setMode(m), mode);
      if (mode === "digits") await page.waitForFunction(() => window.backpropLab.app.digits?.status === "ready", null, { timeout: 60000 });
      if (mode === "lessons") await page.waitForFunction(() => document.getElementById("ls-title")?.textContent, null, { timeout: 20000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const found = await page.evaluate(controlProblems, CONTROLS);
      problems.push(...found.map((p) => `${mode}: ${p}`));
    }
    assert.deepEqual(problems, []);
    assertNoProblems(page);
    await page.context().close();
  });
}

// The Figure dialog (issue 15) on a phone and on a projector, in the Playground and the Digits
// tab, with each format chosen: its controls apart, each clickable at its centre, inside the window.
for (const [width, height] of [[360, 740], [1280, 800]]) {
  test(`at ${width}×${height} the Figure dialog's controls are apart, clickable and inside the window`, async () => {
    const page = await newPage(env.browser, env.url, { width, height });
    await page.goto(`${env.url}index.html?digits=light#seed=3`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    const problems = [];
    const inDialog = CONTROLS.split(", ").map((c) => `#figure-dialog ${c}`).join(", ");
    for (const mode of ["playground", "digits"]) {
      await page.evaluate((m) => window.backpropLab.commands.setMode(m), mode);
      if (mode === "digits") await page.waitForFunction(() => window.backpropLab.app.digits?.evaluation, null, { timeout: 60000 });
      for (const format of ["png", "svg"]) {
        await page.getByRole("button", { name: "Figure" }).click();
        await page.check(`input[name="figure-format"][value="${format}"]`);
        assert.ok((await page.locator(inDialog).count()) >= 10, "the view, the formats, the backgrounds, the recording's and the foot's controls are checked");
        problems.push(...(await page.evaluate(controlProblems, inDialog)).map((p) => `${mode} ${format}: ${p}`));
        const box = await page.locator("#figure-dialog").boundingBox();
        if (box.x < 0 || box.x + box.width > width + 0.5) problems.push(`${mode} ${format}: the dialog spans ${box.x}–${box.x + box.width} px`);
        await page.keyboard.press("Escape");
      }
    }
    assert.deepEqual(problems, []);
    assertNoProblems(page);
    await page.context().close();
  });
}

// The CSV import dialog (issue 15) on a phone and on a laptop: the same three checks.
for (const [width, height] of [[360, 740], [1280, 800]]) {
  test(`at ${width}×${height} the Import CSV dialog's controls are apart, clickable and inside the window`, async () => {
    const page = await newPage(env.browser, env.url, { width, height });
    await page.goto(`${env.url}index.html#seed=3`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    await page.getByRole("button", { name: "Import CSV…" }).click();
    const inDialog = CONTROLS.split(", ").map((c) => `#import-dialog ${c}`).join(", ");
    assert.ok((await page.locator(inDialog).count()) >= 5, "the file, the text, the labels and the foot's buttons are checked");
    const problems = await page.evaluate(controlProblems, inDialog);
    const box = await page.locator("#import-dialog").boundingBox();
    if (box.x < 0 || box.x + box.width > width + 0.5) problems.push(`the dialog spans ${box.x}–${box.x + box.width} px`);
    assert.deepEqual(problems, []);
    assertNoProblems(page);
    await page.context().close();
  });
}

// The embed page in a 960×540 slide frame, every view: the same three checks.
test("in a 960×540 frame every embed view's controls are apart, clickable at their centres, and nothing scrolls sideways", async () => {
  const problems = [];
  for (const view of ["full", "network", "stepper", "surface", "digits", "lesson"]) {
    const page = await newPage(env.browser, env.url, { width: 960, height: 540 });
    await page.goto(`${env.url}embed.html?view=${view}&digits=light#seed=3&hidden=8,8,8${view === "lesson" ? "&lesson=3&scene=2" : ""}`);
    await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
    if (view === "digits") await page.waitForFunction(() => window.backpropLab.app.digits?.status === "ready", null, { timeout: 60000 });
    if (view === "lesson") await page.waitForFunction(() => document.getElementById("ls-title")?.textContent, null, { timeout: 20000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    problems.push(...(await page.evaluate(controlProblems, CONTROLS)).map((p) => `${view}: ${p}`));
    assertNoProblems(page);
    await page.context().close();
  }
  assert.deepEqual(problems, []);
});
