// The Firefox smoke suite (issue 14): the browser tests' main paths in Debian's Firefox ESR,
// driven over WebDriver by geckodriver (tests/firefox/webdriver.mjs) — every tab loads and draws,
// the playground trains, the Backprop stepper steps to the chain rule by keyboard and mouse,
// <backprop-lab> works in the example deck, and the offline file runs from file://. Each check
// is one a Firefox-only break (a missing API, a CSS or canvas difference, a wasm feature) fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { serve, countLit, ROOT } from "../browser/harness.mjs";
import { startFirefox } from "./webdriver.mjs";

let server, ff;
const SHOTS = path.join(ROOT, "target", "firefox");
before(async () => {
  server = await serve();
  ff = await startFirefox({ width: 1280, height: 800 });
  fs.mkdirSync(SHOTS, { recursive: true });
  console.log(`# Firefox ${ff.version}`);
});
after(async () => {
  await ff?.close();
  await server?.close();
});

/** Open a page of the test server and collect its uncaught errors from then on. */
async function open(url) {
  await ff.goto(url);
  await ff.waitFor(() => Boolean(window.backpropLab && window.backpropLab.pg), [], 30000, "the app to boot");
  await ff.evaluate(() => {
    window.__errors = [];
    window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
    window.addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
  });
}

/** The page's errors: uncaught ones since open() and the page's own error line. */
const problems = () =>
  ff.evaluate(() => {
    const out = [...(window.__errors || [])];
    const err = document.getElementById("error");
    if (err && !err.hidden) out.push(`error shown: ${err.textContent}`);
    return out;
  });

/** How much of a canvas is drawn (the share of its pixels that are not the background). */
const lit = async (css) => {
  const { lit, total } = await ff.evaluate(countLit, [css]);
  return lit / total;
};

const frames = () => ff.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const shot = async (name) => fs.writeFileSync(path.join(SHOTS, `${name}.png`), await ff.screenshot());

test("Firefox: every tab loads and draws, with no error", async () => {
  await open(`${server.url}index.html?digits=light#seed=3&dataset=xor`);
  await frames();
  assert.ok((await lit("#network")) > 0.02, "the network is drawn");
  assert.ok((await lit("#heatmap")) > 0.5, "the output plot is drawn");
  await shot("playground");
  await ff.click("#mode-backprop");
  await ff.waitFor(() => Boolean(window.backpropLab.app.backprop?.state), [], 10000, "the stepper");
  await shot("backprop");
  await ff.click("#mode-surface");
  await ff.waitFor(() => Boolean(window.backpropLab.views.surface?.answer?.point), [], 60000, "the cost surface's first grid");
  await frames();
  assert.ok((await lit("#surface-heatmap")) > 0.5, "the cost surface is drawn");
  await shot("surface");
  await ff.click("#mode-digits");
  await ff.waitFor(() => window.backpropLab.app.digits?.status === "ready" || window.backpropLab.app.digits?.lastError, [], 120000, "the digits to load");
  assert.equal(await ff.evaluate(() => window.backpropLab.app.digits.lastError ?? null), null, "the Digits tab loaded MNIST in its worker");
  await shot("digits");
  await ff.click("#mode-lessons");
  await ff.waitFor(() => document.getElementById("ls-title")?.textContent, [], 20000, "a lesson scene");
  await shot("lessons");
  assert.deepEqual(await problems(), []);
});

test("Firefox: the playground trains from Play and from the keyboard, and its numbers stay finite", async () => {
  await open(`${server.url}index.html#seed=5&dataset=gaussian`);
  await ff.click("#play");
  await ff.waitFor(() => window.backpropLab.pg.epoch() >= 3, [], 20000, "three epochs");
  await ff.click("#play");
  const { playing, loss } = await ff.evaluate(() => ({ playing: window.backpropLab.playing, loss: window.backpropLab.pg.metrics().trainLoss }));
  assert.equal(playing, false, "Play again pauses");
  assert.ok(Number.isFinite(loss) && loss < 0.25, `the training cost fell (${loss})`);
  // The keys: → trains one mini-batch, from a heading (not a field, not a focusable canvas).
  await ff.click(".net-head h2");
  const it0 = await ff.evaluate(() => window.backpropLab.pg.iterations());
  await ff.press("\uE014", "\uE014");
  assert.equal(await ff.evaluate(() => window.backpropLab.pg.iterations()), it0 + 2, "→ → trains two mini-batches");
  assert.match(await ff.evaluate(() => document.getElementById("trainLoss").textContent), /^\d+(\.\d+)?$/, "the cost is shown as a number");
  assert.deepEqual(await problems(), []);
});

test("Firefox: the Backprop stepper walks to the backward pass and shows the chain rule's numbers", async () => {
  await open(`${server.url}index.html#mode=backprop&dataset=xor&hidden=3&seed=2`);
  await ff.waitFor(() => Boolean(window.backpropLab.app.backprop?.state), [], 10000, "the stepper");
  for (let i = 0; i < 3; i++) await ff.click("#bp-forward");
  await ff.click("#bp-title");
  await ff.press("\uE014");
  const phase = await ff.evaluate(() => window.backpropLab.app.backprop.state.phase);
  assert.equal(phase, "backward", "three clicks and → reach the backward pass");
  const chain = await ff.evaluate(() => document.getElementById("bp-chain-math").textContent);
  assert.match(chain, /\d\.\d+/, "the chain rule shows the core's numbers");
  assert.ok(await ff.evaluate(() => Boolean(document.querySelector("#bp-chain-math math"))), "as MathML");
  await frames();
  assert.ok((await lit("#network")) > 0.02, "the network is drawn with the backward pass");
  await shot("backprop-backward");
  assert.deepEqual(await problems(), []);
});

test("Firefox: <backprop-lab> in the example deck renders its scene and el.step() trains", async () => {
  await ff.goto(`${server.url}examples/slides.html`);
  await ff.waitFor(() => Boolean(customElements.get("backprop-lab")), [], 20000, "the element to be defined");
  await ff.evaluate(() => Promise.all([...document.querySelectorAll("backprop-lab")].map((el) => el.ready)));
  const modes = await ff.evaluate(() => [...document.querySelectorAll("backprop-lab")].map((el) => el.frame.contentWindow.backpropLab.state.get("mode")));
  assert.deepEqual(modes, ["playground", "backprop", "surface"]);
  await ff.click("#forward-step");
  await ff.waitFor(() => document.getElementById("lab-forward").playground.iterations() === 1, [], 10000, "el.step()");
  const { lit: n, total } = await ff.script(`return (${countLit})([document.getElementById("lab-forward").frame.contentDocument.getElementById("network")]);`);
  const drawn = n / total;
  assert.ok(drawn > 0.02, `the element's network is drawn (${drawn})`);
  await shot("deck");
});

test("Firefox: the offline file runs from file:// and trains", async () => {
  const file = path.join(ROOT, "dist", "backprop-lab.html");
  assert.ok(fs.existsSync(file), "cargo xtask dist wrote dist/backprop-lab.html (cargo xtask test does)");
  await open(`${pathToFileURL(file).href}#dataset=xor&hidden=4,2`);
  assert.deepEqual(await ff.evaluate(() => Array.from(window.backpropLab.net.layerSizes())), [2, 4, 2, 1]);
  await frames();
  assert.ok((await lit("#network")) > 0.02, "the network is drawn (the inlined stylesheet and modules work)");
  await ff.click("#play");
  await ff.waitFor(() => window.backpropLab.pg.epoch() > 0, [], 20000, "an epoch");
  await ff.click("#play");
  assert.deepEqual(await problems(), []);
});
