// <backprop-lab> (www/backprop-lab.js): the example deck, independent elements, keyboard focus,
// attributes changed at run time, the element's events and JS API, bad attributes, layouts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, newPage, assertNoProblems } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const HOST = "tests/browser/element-host.html";

/** Open a page and wait until every <backprop-lab> on it is `ready`. */
async function openHost(file = HOST, size = { width: 1280, height: 800 }) {
  const page = await newPage(env.browser, env.url, size);
  await page.goto(`${env.url}${file}`);
  await page.waitForFunction(() => customElements.get("backprop-lab"));
  await page.evaluate(() => Promise.all([...document.querySelectorAll("backprop-lab")].map((el) => el.ready)));
  await frames(page);
  return page;
}

/** Let every frame draw (the embedded pages emit their events from their animation frame). */
const frames = (page, n = 3) =>
  page.evaluate(async (n) => {
    const wins = [window, ...[...document.querySelectorAll("backprop-lab")].map((el) => el.frame.contentWindow)];
    for (let i = 0; i < n; i++) await Promise.all(wins.map((w) => new Promise((r) => w.requestAnimationFrame(r))));
  }, n);

/** What one element's embedded page holds: iterations, weights, state, body classes. */
const lab = (page, id) =>
  page.evaluate((id) => {
    const el = document.getElementById(id);
    const w = el.frame.contentWindow;
    const net = el.network;
    return {
      iterations: el.playground.iterations(),
      epoch: el.playground.epoch(),
      sizes: Array.from(net.layerSizes()),
      firstWeight: net.getWeight(1, 0, 0),
      json: JSON.stringify(net.toJSON().weights),
      dataset: w.backpropLab.state.get("dataset"),
      mode: w.backpropLab.state.get("mode"),
      body: w.document.body.className,
      notice: w.document.getElementById("notice").hidden ? "" : w.document.getElementById("notice-text").textContent,
      focused: document.activeElement && document.activeElement.id,
    };
  }, id);

test("the example deck loads its three scenes with no console errors, and a slide button drives el.step()", async () => {
  const page = await openHost("examples/slides.html", { width: 960, height: 540 });
  const modes = await page.evaluate(() =>
    [...document.querySelectorAll("backprop-lab")].map((el) => [el.id, el.frame.contentWindow.backpropLab.state.get("mode")]),
  );
  assert.deepEqual(modes, [["lab-forward", "playground"], ["lab-stepper", "backprop"], ["lab-surface", "surface"]]);
  const box = await page.locator("#lab-forward").boundingBox();
  assert.ok(box.width > 500 && box.height > 350, `the first scene fills the slide (${box.width}×${box.height})`);
  // The slide author's button: el.step() trains one mini-batch, the step event updates the log.
  await page.click("#forward-step");
  await page.waitForFunction(() => document.getElementById("forward-log").textContent.startsWith("iteration 1 "));
  assert.equal((await lab(page, "lab-forward")).iterations, 1);
  // ← / → on the deck change slides (focus is on the page, not in a scene).
  await page.locator("h1").first().click();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.textContent("#slide-number"), "2 / 3");
  assert.ok(await page.locator("#lab-stepper").isVisible());
  await frames(page);
  // In the stepper view, el.step() is the stepper's next phase.
  const phase = () => page.evaluate(() => document.getElementById("lab-stepper").frame.contentWindow.backpropLab.app.backprop.state?.phase);
  await page.waitForFunction(() => document.getElementById("lab-stepper").frame.contentWindow.backpropLab.app.backprop.state);
  assert.equal(await phase(), "start");
  assert.equal(await page.evaluate(() => document.getElementById("lab-stepper").step()), true);
  await frames(page);
  assert.equal(await phase(), "forward");
  await page.click("#next");
  assert.equal(await page.textContent("#slide-number"), "3 / 3");
  await frames(page, 5);
  assertNoProblems(page);
  await page.context().close();
});

test("two elements on one page are independent: stepping one leaves the other's network as it was", async () => {
  const page = await openHost();
  const [a0, b0] = [await lab(page, "a"), await lab(page, "b")];
  assert.equal(a0.json, b0.json, "same attributes, same seed: the same initial weights");
  assert.equal(await page.evaluate(() => document.getElementById("a").step()), true);
  await frames(page);
  const [a1, b1] = [await lab(page, "a"), await lab(page, "b")];
  assert.equal(a1.iterations, 1, "A trained one mini-batch");
  assert.notEqual(a1.json, a0.json, "A's weights moved");
  assert.equal(b1.iterations, 0, "B did not");
  assert.equal(b1.json, b0.json, "B's weights are unchanged");
  assert.notEqual(
    await page.evaluate(() => document.getElementById("a").frame.contentWindow.backpropLab.wasm.memory === document.getElementById("b").frame.contentWindow.backpropLab.wasm.memory),
    true,
    "each element has its own wasm instance",
  );
  assertNoProblems(page);
  await page.context().close();
});

test("keys reach only the focused element; with focus on the host page, → is the host's", async () => {
  const page = await openHost();
  await page.evaluate(() => {
    window.hostKeys = [];
    document.addEventListener("keydown", (e) => window.hostKeys.push(e.key));
  });
  const hostKeys = () => page.evaluate(() => window.hostKeys);
  // Focus A (as a click or Tab would): → steps A only; the host page does not see the key.
  await page.locator("#a").focus();
  assert.equal((await lab(page, "a")).focused, "a");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await frames(page);
  assert.equal((await lab(page, "a")).iterations, 2, "A stepped twice");
  assert.equal((await lab(page, "b")).iterations, 0, "B did not step");
  assert.deepEqual(await hostKeys(), [], "the host page got no key while A had focus");
  // Modified keys are not taken (browser and slide-deck shortcuts).
  await page.keyboard.press("Control+ArrowRight");
  await page.keyboard.press("Alt+r");
  await frames(page);
  assert.equal((await lab(page, "a")).iterations, 2);
  // Space plays and pauses A; R resets it.
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("a").playground.iterations() > 10);
  assert.equal(await page.evaluate(() => document.getElementById("a").playing), true);
  await page.keyboard.press(" ");
  assert.equal(await page.evaluate(() => document.getElementById("a").playing), false);
  await page.keyboard.press("r");
  await frames(page);
  assert.equal((await lab(page, "a")).iterations, 0, "R reset A");
  // Esc hands the keyboard back to the host: → is the slide deck's again.
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowRight");
  await frames(page);
  assert.deepEqual(await hostKeys(), ["ArrowRight"], "the host page got → after Esc");
  assert.equal((await lab(page, "a")).iterations, 0, "and A did not step");
  // Focus on the host page itself: → steps neither element.
  await page.locator("#host-title").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press(" ");
  await frames(page);
  assert.equal((await lab(page, "a")).iterations, 0);
  assert.equal((await lab(page, "b")).iterations, 0);
  assert.equal(await page.evaluate(() => document.getElementById("a").playing || document.getElementById("b").playing), false);
  // B focused: B steps, A does not.
  await page.locator("#b").focus();
  await page.keyboard.press("ArrowRight");
  await frames(page);
  assert.equal((await lab(page, "b")).iterations, 1);
  assert.equal((await lab(page, "a")).iterations, 0);
  assertNoProblems(page);
  await page.context().close();
});

test("changing an attribute at run time updates the scene without reloading it", async () => {
  const page = await openHost();
  await page.evaluate(() => (document.getElementById("a").frame.contentWindow.marker = 1));
  const before = await lab(page, "a");
  await page.evaluate(() => document.getElementById("a").setAttribute("dataset", "xor"));
  await page.waitForFunction(() => document.getElementById("a").frame.contentWindow.backpropLab.state.get("dataset") === "xor");
  await page.evaluate(() => document.getElementById("a").setAttribute("seed", "7"));
  await page.waitForFunction(() => document.getElementById("a").frame.contentWindow.backpropLab.state.get("seed") === 7);
  await frames(page);
  const seeded = await lab(page, "a");
  assert.notEqual(seeded.json, before.json, "a new seed: different initial weights");
  await page.evaluate(() => document.getElementById("a").setAttribute("layers", "5,3"));
  await page.waitForFunction(() => document.getElementById("a").network.layerSizes().join() === "2,5,3,1");
  // The embed-only attributes: view switches the tab (no rebuild), controls and theme the page's look.
  await page.evaluate(() => document.getElementById("a").step());
  await frames(page);
  await page.evaluate(() => {
    const a = document.getElementById("a");
    a.setAttribute("view", "stepper");
    a.setAttribute("controls", "none");
    a.setAttribute("theme", "light");
  });
  await frames(page);
  const after = await lab(page, "a");
  assert.equal(after.mode, "backprop");
  assert.equal(after.iterations, 1, "switching the view kept the trained network");
  assert.match(after.body, /\bview-stepper\b/);
  assert.match(after.body, /\bcontrols-none\b/);
  assert.match(after.body, /\btheme-light\b/);
  const look = await page.evaluate(() => {
    const w = document.getElementById("a").frame.contentWindow;
    return { toolbar: w.document.querySelector("header").getBoundingClientRect().height, bg: w.getComputedStyle(w.document.body).backgroundColor };
  });
  assert.equal(look.toolbar, 0, "controls=none hides the toolbar");
  assert.equal(look.bg, "rgb(246, 246, 248)", "theme=light: a light page");
  assert.equal(await page.evaluate(() => document.getElementById("a").frame.contentWindow.marker), 1, "the same page all along");
  assert.equal((await lab(page, "b")).dataset, "circle", "B is untouched");
  assertNoProblems(page);
  await page.context().close();
});

test("the element dispatches step and epoch events", async () => {
  const page = await openHost();
  await page.evaluate(() => {
    window.seen = [];
    const a = document.getElementById("a");
    a.addEventListener("step", (e) => window.seen.push(["step", e.detail.iterations]));
    a.addEventListener("epoch", (e) => window.seen.push(["epoch", e.detail.epoch, typeof e.detail.trainLoss]));
  });
  await page.evaluate(() => document.getElementById("a").step());
  await page.waitForFunction(() => window.seen.length > 0);
  assert.deepEqual(await page.evaluate(() => window.seen), [["step", 1]]);
  await page.evaluate(() => document.getElementById("a").play());
  await page.waitForFunction(() => window.seen.some((s) => s[0] === "epoch"), null, { timeout: 10000 });
  await page.evaluate(() => document.getElementById("a").pause());
  const epoch = (await page.evaluate(() => window.seen)).find((s) => s[0] === "epoch");
  assert.deepEqual(epoch, ["epoch", 1, "number"]);
  assertNoProblems(page);
  await page.context().close();
});

test("bad attribute values show a notice inside the element and throw nothing to the host page", async () => {
  const page = await newPage(env.browser, env.url);
  await page.goto(`${env.url}tests/browser/blank.html`);
  await page.evaluate(async () => {
    await import("/www/backprop-lab.js");
    const el = document.createElement("backprop-lab");
    el.id = "bad";
    for (const [k, v] of Object.entries({ dataset: "nope", layers: "4,banana", "learning-rate": "-1", view: "sideways", controls: "some", theme: "neon" }))
      el.setAttribute(k, v);
    document.body.append(el);
    await el.ready;
  });
  await frames(page);
  const bad = await lab(page, "bad");
  for (const word of ["dataset: 'nope'", "hidden: '4,banana'", "lr: '-1'", "view: 'sideways'", "controls: 'some'", "theme: 'neon'"])
    assert.ok(bad.notice.includes(word), `the notice names ${word}: ${bad.notice}`);
  assert.equal(bad.dataset, "circle", "the defaults are used instead");
  assert.equal(bad.mode, "playground");
  // The same at run time, and the scene goes on working.
  await page.evaluate(() => document.getElementById("bad").setAttribute("seed", "-3"));
  await page.waitForFunction(() => /seed: '-3'/.test(document.getElementById("bad").frame.contentWindow.document.getElementById("notice-text").textContent));
  assert.equal(await page.evaluate(() => document.getElementById("bad").step()), true);
  assertNoProblems(page);
  await page.context().close();
});

for (const [width, height] of [[360, 640], [960, 540], [1920, 1080]]) {
  test(`view=network and view=full fit the element at ${width}×${height}, with no sideways scroll inside`, async () => {
    const page = await openHost(HOST, { width, height });
    const shape = await page.evaluate(() =>
      ["a", "b"].map((id) => {
        const el = document.getElementById(id);
        const d = el.frame.contentWindow.document;
        const shown = (sel) => d.querySelector(sel).getBoundingClientRect().width > 0;
        return {
          box: [el.clientWidth, el.clientHeight],
          overflow: d.documentElement.scrollWidth - el.frame.contentWindow.innerWidth,
          network: d.getElementById("network").getBoundingClientRect().height,
          play: shown("#play"), step: shown("#step"), reset: shown("#reset"), speed: shown(".speed"),
          output: shown("#heatmap"), settings: shown(".settings"),
        };
      }),
    );
    const [a, b] = shape;
    assert.equal(a.box[0], width - 16, "the element is as wide as its container (body margin 8px)");
    const ratio = width < 600 ? 4 / 3 : 9 / 16; // a phone held upright gets a taller 3:4 scene
    assert.ok(Math.abs(a.box[1] - a.box[0] * ratio) <= 1, `the default aspect ratio (${a.box})`);
    for (const s of shape) {
      assert.ok(s.overflow <= 0, `no horizontal overflow inside (${s.overflow}px)`);
      assert.ok(s.play && s.step && s.reset, "Play, Step and Reset shown");
      assert.equal(s.speed || s.settings, false, "controls=minimal (the default): nothing else");
      assert.ok(s.network > 100, `the network is drawn large (${s.network}px)`);
    }
    assert.equal(a.output, false, "view=network: no output column");
    assert.equal(b.output, true, "view=full: the output too");
    assertNoProblems(page);
    await page.context().close();
  });
}
