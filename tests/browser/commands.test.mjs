// The page's one loop, one command surface and one key map (www/app/loop.js, commands.js,
// keys.js; issue 12): each command in each tab does what it says, through the script API
// (window.backpropLab.commands, docs/JS_API.md) and through the keys; the keys leave text
// fields, modifiers and a button's own Space alone; requestAnimationFrame has one caller and
// keydown one listener; the loop draws only what the active tab shows; the embed page and the
// element play, step and pause through the same commands.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openApp, newPage, frames, assertNoProblems, ROOT } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** Every .js module of www/ (not pkg/, not the node unit tests), as [path relative to www/, source]. */
function sources(dir = path.join(ROOT, "www")) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "pkg" || e.name.startsWith("data") ? [] : sources(full);
    return e.name.endsWith(".js") && !e.name.endsWith(".test.js") ? [[path.relative(path.join(ROOT, "www"), full), fs.readFileSync(full, "utf8")]] : [];
  });
}

/** Code without its comments (a comment may name requestAnimationFrame). */
const code = (src) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

test("requestAnimationFrame is called in app/loop.js only, and keydown is listened to in app/keys.js only", () => {
  const raf = sources().filter(([, s]) => /requestAnimationFrame\s*\(/.test(code(s))).map(([f]) => f);
  assert.deepEqual(raf, ["app/loop.js"]);
  const keys = sources().filter(([, s]) => /["'`]key(down|up|press)["'`]/.test(code(s))).map(([f]) => f);
  assert.deepEqual(keys, ["app/keys.js"]);
});

/** Open the app with a counter of requestAnimationFrame calls by the page's own modules. */
async function openCounted(hash = "") {
  const page = await newPage(env.browser, env.url);
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__rafCallers = [];
    window.requestAnimationFrame = (cb) => {
      const stack = new Error().stack || "";
      const own = stack.split("\n").slice(2).find((l) => l.includes("/www/"));
      if (own) window.__rafCallers.push(own.replace(/^.*\/www\//, "").replace(/:\d+:\d+\)?$/, ""));
      return raf(cb);
    };
  });
  await page.goto(`${env.url}index.html${hash ? "#" + hash : ""}`);
  await page.waitForFunction(() => window.backpropLab && window.backpropLab.pg, null, { timeout: 15000 });
  await frames(page);
  return page;
}

const lab = (page, f, arg) => page.evaluate(([src, arg]) => new Function("lab", "arg", `return (${src})(lab, arg)`)(window.backpropLab, arg), [f.toString(), arg]);
const iterations = (page) => lab(page, (l) => l.pg.iterations());
const firstWeights = (page) => lab(page, (l) => Array.from(l.net.toJSON().weights[0]));
const phase = (page) => lab(page, (l) => l.app.backprop.state?.phase ?? null);

test("one animation loop: while training, every tab's frames come from app/loop.js alone, one request per frame", async () => {
  const page = await openCounted("dataset=xor&seed=3");
  for (const mode of ["playground", "surface", "backprop"]) {
    await lab(page, (l, m) => l.commands.setMode(m), mode);
    await lab(page, (l) => l.app.setPlaying(true));
    // Read in one go: each frame asks for the next and records its work in the same task.
    const before = await lab(page, (l) => ((window.__rafCallers.length = 0), l.app.loop.frameCount));
    await frames(page, 20);
    const { callers, drawn } = await lab(page, (l, n) => ({ callers: [...window.__rafCallers], drawn: l.app.loop.frameCount - n }), before);
    assert.ok(drawn >= 15, `${mode}: the loop ran every frame (${drawn})`);
    assert.deepEqual([...new Set(callers)], ["app/loop.js"], `${mode}: only the loop asks for frames`);
    assert.ok(callers.length <= drawn + 1, `${mode}: one request per frame (${callers.length} requests, ${drawn} frames)`);
    await lab(page, (l) => l.commands.pause());
  }
  assertNoProblems(page);
  await page.context().close();
});

test("the loop draws only what the tab shows: the heatmap and the loss chart in the Playground tab only", async () => {
  const page = await openApp(env.browser, env.url, "dataset=circle&seed=2");
  await lab(page, (l) => {
    window.__drawn = { heatmap: 0, chart: 0, network: 0 };
    for (const k of Object.keys(window.__drawn)) {
      const v = l.views[k];
      const render = v.render.bind(v);
      v.render = (...a) => (window.__drawn[k]++, k === "heatmap" && window.__fresh.push(a[0].gridFresh), render(...a));
    }
    window.__fresh = [];
  });
  const drawnWhileTraining = async (mode) => {
    await lab(page, (l, m) => l.commands.setMode(m), mode);
    await frames(page, 3);
    await lab(page, (l) => (l.app.setPlaying(true), (window.__fresh = []), Object.keys(window.__drawn).forEach((k) => (window.__drawn[k] = 0))));
    await frames(page, 10);
    await lab(page, (l) => l.commands.pause());
    return lab(page, () => ({ ...window.__drawn }));
  };
  for (const mode of ["surface", "backprop"]) {
    const n = await drawnWhileTraining(mode);
    assert.equal(n.heatmap, 0, `${mode}: the hidden heatmap is not drawn`);
    assert.equal(n.chart, 0, `${mode}: the hidden loss chart is not drawn`);
    assert.ok(n.network >= 5, `${mode}: the network view is drawn (${n.network})`);
  }
  // Back in the Playground tab the heatmap's first drawing takes the grid evaluated while it was hidden.
  assert.deepEqual(await lab(page, () => window.__fresh), [], "not drawn while hidden");
  await lab(page, (l) => l.commands.setMode("playground"));
  await frames(page, 2);
  assert.equal(await lab(page, () => window.__fresh[0]), true, "the first heatmap drawn is of the fresh grid");
  const n = await drawnWhileTraining("playground");
  assert.ok(n.heatmap >= 5 && n.chart >= 5 && n.network >= 5, `playground: all three drawn ${JSON.stringify(n)}`);
  assertNoProblems(page);
  await page.context().close();
});

test("Playground and Cost surface tabs: step trains one mini-batch, play / pause / toggle train, reset goes back to the seed's weights", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&seed=4");
  const w0 = await firstWeights(page);
  for (const mode of ["playground", "surface"]) {
    await lab(page, (l, m) => l.commands.setMode(m), mode);
    await frames(page);
    assert.equal(await lab(page, (l) => l.mode), mode);
    const i0 = await iterations(page);
    assert.equal(await lab(page, (l) => l.commands.step()), true, `${mode}: step() stepped`);
    assert.equal(await iterations(page), i0 + 1, `${mode}: one mini-batch`);
    assert.equal(await lab(page, (l) => l.commands.step(-1)), false, `${mode}: training does not step back`);
    assert.equal(await iterations(page), i0 + 1);
    assert.equal(await lab(page, (l) => l.commands.play()), true);
    assert.deepEqual(await lab(page, (l) => [l.playing, l.playingView, l.app.playing]), [true, "playground", true]);
    await page.waitForFunction((n) => window.backpropLab.pg.iterations() > n + 5, i0 + 1);
    assert.equal(await page.locator("#play").getAttribute("aria-label"), "Pause", "the header's button shows the state");
    assert.equal(await lab(page, (l) => l.commands.toggle()), false, "toggle pauses");
    await frames(page);
    const paused = await iterations(page);
    await frames(page, 5);
    assert.equal(await iterations(page), paused, `${mode}: paused means no training`);
    assert.equal(await page.locator("#play").getAttribute("aria-label"), "Play");
    assert.equal(await lab(page, (l) => l.commands.toggle()), true, "toggle plays");
    await lab(page, (l) => l.commands.reset());
    await frames(page);
    assert.equal(await lab(page, (l) => l.playing), false, "reset pauses");
    assert.equal(await iterations(page), 0, `${mode}: reset to epoch 0`);
    assert.deepEqual(await firstWeights(page), w0, `${mode}: the seed's initial weights`);
  }
  // The playground keeps training from the Playground tab into the Cost surface tab (the same
  // network), and pauses when another view takes over.
  await lab(page, (l) => (l.commands.setMode("playground"), l.commands.play(), l.commands.setMode("surface")));
  assert.equal(await lab(page, (l) => l.playingView), "playground");
  await lab(page, (l) => l.commands.setMode("backprop"));
  assert.equal(await lab(page, (l) => l.playing), false, "the Backprop tab pauses the playground");
  assertNoProblems(page);
  await page.context().close();
});

test("the keys: Space, → and R in the Playground tab, ignored in fields, with modifiers and on a button's own Space", async () => {
  const page = await openApp(env.browser, env.url, "dataset=gaussian&seed=5");
  await page.locator(".net-head h2").click(); // focus on the page: not a field, not the focusable network view
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await iterations(page), 2, "→ trains one mini-batch each");
  await page.keyboard.press("Control+ArrowRight");
  await page.keyboard.press("Alt+ArrowRight");
  await page.keyboard.press("Meta+ArrowRight");
  assert.equal(await iterations(page), 2, "not with a modifier");
  await page.keyboard.press(" ");
  assert.equal(await lab(page, (l) => l.playing), true, "Space plays");
  await page.waitForFunction(() => window.backpropLab.pg.iterations() > 4);
  await page.keyboard.press(" ");
  assert.equal(await lab(page, (l) => l.playing), false, "Space pauses");
  await page.keyboard.press("Alt+r");
  assert.ok((await iterations(page)) > 2, "Alt+R is the browser's");
  await page.keyboard.press("r");
  await frames(page);
  assert.equal(await iterations(page), 0, "R resets");
  // In a text field the keys are the field's.
  const lr = page.getByLabel("Learning rate", { exact: true });
  await lr.focus();
  for (const key of ["ArrowRight", "r", " "]) await page.keyboard.press(key);
  assert.equal(await iterations(page), 0);
  assert.equal(await lab(page, (l) => l.playing), false, "Space in a field does not play");
  await page.keyboard.press("Escape");
  // A select keeps its arrows.
  await page.locator("#optimizer").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await iterations(page), 0);
  // A focused button's own Space is its click: #step steps once, and nothing starts playing.
  await page.locator("#step").focus();
  await page.keyboard.press(" ");
  await frames(page);
  assert.equal(await iterations(page), 1, "Space on the Step button is one click");
  assert.equal(await lab(page, (l) => l.playing), false);
  await page.keyboard.press("Enter");
  assert.equal(await iterations(page), 2, "Enter on the Step button is one click");
  // On another button → still steps (not a button's own key).
  await page.keyboard.press("ArrowRight");
  assert.equal(await iterations(page), 3);
  assertNoProblems(page);
  await page.context().close();
});

test("the view tabs: ← / → on a focused tab switch tabs, click and setMode too; a tab that does not exist is a clear Error", async () => {
  const page = await openApp(env.browser, env.url);
  await page.locator("#mode-playground").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await lab(page, (l) => l.mode), "backprop");
  assert.equal(await page.evaluate(() => document.activeElement.id), "mode-backprop");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await lab(page, (l) => l.mode), "digits");
  await page.keyboard.press("ArrowRight");
  assert.equal(await lab(page, (l) => l.mode), "lessons");
  await page.keyboard.press("ArrowRight");
  assert.equal(await lab(page, (l) => l.mode), "playground", "→ wraps around");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await lab(page, (l) => l.mode), "lessons", "← wraps around");
  await page.click("#mode-surface");
  assert.equal(await lab(page, (l) => l.mode), "surface");
  await frames(page);
  assert.equal(await page.evaluate(() => document.body.dataset.mode), "surface");
  assert.equal(await lab(page, (l) => l.commands.step()), true, "a tab's keys reach the tab only when a tab is not focused");
  assert.equal(await iterations(page), 1);
  await lab(page, (l) => l.commands.setMode("playground"));
  assert.match(page.url(), /mode=playground|#(?!.*mode=)/, "the mode is in the URL");
  const bad = await lab(page, (l) => {
    const out = [];
    for (const f of [() => l.commands.setMode("quiz"), () => l.commands.step(2), () => l.commands.step("back")]) {
      try {
        f();
        out.push("no error");
      } catch (e) {
        out.push(e instanceof Error ? e.message : `not an Error: ${e}`);
      }
    }
    return out;
  });
  assert.match(bad[0], /No tab "quiz": the tabs are playground, backprop, surface, digits, lessons/);
  assert.match(bad[1], /step takes 1 \(forward\) or -1 \(back\), not 2/);
  assert.match(bad[2], /step takes 1 \(forward\) or -1 \(back\), not "back"/);
  assert.equal(await lab(page, (l) => l.mode), "playground", "a refused command changes nothing");
  assertNoProblems(page);
  await page.context().close();
});

test("Backprop tab: step(±1) and → / ← move a phase, play walks forward on a timer, R resets the playground's network", async () => {
  const page = await openApp(env.browser, env.url, "dataset=xor&hidden=2&seed=2&mode=backprop");
  await page.waitForFunction(() => window.backpropLab.app.backprop?.state);
  assert.equal(await phase(page), "start");
  assert.equal(await lab(page, (l) => l.commands.step(-1)), false, "nothing before Start");
  assert.equal(await lab(page, (l) => l.commands.step(1)), true);
  assert.equal(await phase(page), "forward");
  assert.equal(await lab(page, (l) => l.commands.step(-1)), true);
  assert.equal(await phase(page), "start");
  await page.locator(".net-head h2").click(); // not the network view, whose arrows move its cursor
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await lab(page, (l) => l.app.backprop.stepper.phase()), { phase: "forward", layer: 2 });
  await page.keyboard.press("ArrowLeft");
  assert.deepEqual(await lab(page, (l) => l.app.backprop.stepper.phase()), { phase: "forward", layer: 1 });
  assert.equal(await iterations(page), 0, "the stepper's steps train no mini-batch");
  // Play: a phase about every 0.9 s; Space pauses.
  await page.keyboard.press(" ");
  assert.deepEqual(await lab(page, (l) => [l.playing, l.playingView]), [true, "backprop"]);
  await page.waitForFunction(() => window.backpropLab.app.backprop.stepper.phase().phase === "cost", null, { timeout: 10000 });
  await page.keyboard.press(" ");
  assert.equal(await lab(page, (l) => l.playing), false);
  const held = await lab(page, (l) => l.app.backprop.stepper.phase());
  await page.waitForTimeout(1200);
  assert.deepEqual(await lab(page, (l) => l.app.backprop.stepper.phase()), held, "paused: the walk holds");
  // The walk plays on through Done and starts again at Start.
  await lab(page, (l) => {
    while (l.app.backprop.stepper.phase().phase !== "done") l.commands.step(1);
    l.commands.play();
  });
  await page.waitForFunction(() => window.backpropLab.app.backprop.state.phase === "start", null, { timeout: 5000 });
  await page.waitForFunction(() => window.backpropLab.app.backprop.state.phase === "forward", null, { timeout: 5000 });
  assert.equal(await lab(page, (l) => l.commands.step(1)), true, "a step pauses the walk and moves one phase");
  assert.equal(await lab(page, (l) => l.playing), false);
  // R: the playground's network back to its seed (the walk's update had changed it), the walk at Start.
  const w0 = await lab(page, (l) => {
    l.commands.setMode("playground");
    l.commands.reset();
    return Array.from(l.net.toJSON().weights[0]);
  });
  await lab(page, (l) => l.commands.setMode("backprop"));
  await page.waitForFunction(() => window.backpropLab.app.backprop.state?.phase === "start");
  for (let i = 0; i < 9; i++) await lab(page, (l) => l.commands.step(1)); // through the update
  assert.notDeepEqual(await firstWeights(page), w0, "the walk's update moved the weights");
  await page.keyboard.press("r");
  await frames(page, 3);
  assert.deepEqual(await firstWeights(page), w0, "R: the seed's weights");
  assert.equal(await phase(page), "start", "and the walk starts again");
  assertNoProblems(page);
  await page.context().close();
});

test("Digits tab: play / pause train in the worker (commands, Space and the scene's own button), step does nothing, reset", async () => {
  const page = await newPage(env.browser, env.url, { width: 1400, height: 900 });
  await page.goto(`${env.url}index.html?digits=light#mode=digits`);
  await page.waitForFunction(() => window.backpropLab?.app?.digits?.status === "ready", null, { timeout: 60000 });
  const d = (f) => lab(page, f);
  assert.equal(await d((l) => l.commands.step()), false, "Digits has no step");
  assert.equal(await d((l) => l.commands.play()), true);
  assert.deepEqual(await d((l) => [l.playing, l.playingView, l.app.digits.playing, l.app.playing]), [true, "digits", true, false]);
  await page.waitForFunction(() => window.backpropLab.app.digits.metrics.seen > 0, null, { timeout: 30000 });
  assert.equal(await page.locator("#digits-scene .dg-play").getAttribute("aria-label"), "Pause");
  await page.click("#dg-draw-title"); // focus in the scene, not on a button
  await page.keyboard.press(" ");
  assert.equal(await d((l) => l.app.digits.playing), false, "Space pauses the digits");
  await page.keyboard.press(" ");
  assert.equal(await d((l) => l.app.digits.playing), true, "Space plays them");
  // Click the button once it shows what the student would click (its glyph changes with the state).
  const shows = (label) => page.waitForFunction((label) => document.querySelector("#digits-scene .dg-play").getAttribute("aria-label") === label, label);
  await shows("Pause");
  await page.click("#digits-scene .dg-play");
  // (The pause lands within the click's own task; the wait only spares a loaded machine's timing.)
  await page.waitForFunction(() => !window.backpropLab.playing, null, { timeout: 5000 }).catch(() => {});
  assert.equal(await d((l) => l.playing), false, "the scene's own button pauses through the same state");
  await frames(page);
  assert.equal(await page.locator("#digits-scene .dg-play").getAttribute("aria-label"), "Train");
  await page.click("#digits-scene .dg-play");
  assert.deepEqual(await d((l) => [l.playingView, l.app.digits.playing]), ["digits", true], "and plays");
  await shows("Pause");
  await page.click("#digits-scene .dg-play");
  assert.equal(await d((l) => l.playing), false);
  await page.keyboard.press("ArrowRight");
  assert.equal(await d((l) => l.pg.iterations()), 0, "→ does not train the hidden playground");
  await page.keyboard.press("r");
  await page.waitForFunction(() => window.backpropLab.app.digits.metrics.seen === 0, null, { timeout: 10000 });
  // Leaving the tab pauses the worker.
  await d((l) => l.commands.play());
  await d((l) => l.commands.setMode("playground"));
  assert.deepEqual(await d((l) => [l.playing, l.app.digits.playing]), [false, false]);
  assertNoProblems(page);
  await page.context().close();
});

test("the embed page and <backprop-lab> play, step and pause through the same commands", async () => {
  const page = await newPage(env.browser, env.url);
  await page.goto(`${env.url}embed.html?view=stepper#dataset=xor&hidden=2&seed=2`);
  await page.waitForFunction(() => window.backpropEmbed && window.backpropLab.app.backprop?.state);
  assert.equal(await page.evaluate(() => window.backpropEmbed.step(1)), true);
  assert.equal(await phase(page), "forward");
  assert.equal(await page.evaluate(() => window.backpropEmbed.step(-1)), true);
  await page.evaluate(() => window.backpropEmbed.play());
  assert.deepEqual(await lab(page, (l) => [l.playingView, window.backpropEmbed.playing]), ["backprop", true]);
  await page.waitForFunction(() => window.backpropLab.app.backprop.state.phase === "forward", null, { timeout: 5000 });
  await lab(page, (l) => l.commands.pause());
  assert.equal(await page.evaluate(() => window.backpropEmbed.playing), false, "one playing state");
  await page.context().close();

  const host = await newPage(env.browser, env.url);
  await host.goto(`${env.url}tests/browser/element-host.html`);
  await host.waitForFunction(() => customElements.get("backprop-lab"));
  const ids = await host.evaluate(async () => {
    const els = [...document.querySelectorAll("backprop-lab")];
    await Promise.all(els.map((el) => el.ready));
    return els.map((el) => el.id);
  });
  const id = ids[0];
  const state = () => host.evaluate((id) => {
    const el = document.getElementById(id);
    return { it: el.playground.iterations(), playing: el.playing, view: el.frame.contentWindow.backpropLab.playingView };
  }, id);
  await host.evaluate((id) => document.getElementById(id).frame.contentWindow.backpropLab.commands.setMode("playground"), id);
  const i0 = (await state()).it;
  assert.equal(await host.evaluate((id) => document.getElementById(id).step(), id), true);
  assert.equal((await state()).it, i0 + 1, "el.step() is the page's step command");
  await host.evaluate((id) => document.getElementById(id).play(), id);
  assert.deepEqual(await state().then((s) => [s.playing, s.view]), [true, "playground"]);
  await host.evaluate((id) => document.getElementById(id).pause(), id);
  assert.equal((await state()).playing, false);
  await host.evaluate((id) => document.getElementById(id).reset(), id);
  assert.equal((await state()).it, 0);
  assertNoProblems(host);
  await host.context().close();
});
