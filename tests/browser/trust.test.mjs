// Issue 10, items 1–8 in the page: what a student sees in the Backprop tab is exactly right —
// the hidden chain rule adds up in every phase (also after Run to end), the nudge check and the
// mini-batch table stay on the walk's network after its update, a change under the walk restarts
// it with a notice, the update says which rule it uses, and no tab writes a layer superscript
// without parentheses (in the DOM or drawn on a canvas) or σ′ for an activation that is not σ.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

const ISSUE_HASH = "dataset=plane&hidden=3,2&act=leakyRelu,tanh&outAct=linear&lr=0.3&seed=7";

async function openBackprop(hash) {
  const page = await openApp(env.browser, env.url, `mode=backprop&${hash}`);
  await page.waitForFunction(() => window.backpropLab.app.backprop?.stepper && window.backpropLab.app.backprop.state);
  return page;
}

const num = (t) => Number(String(t).replace(/−/g, "-"));

/** The hidden sum as shown: its terms' factors multiplied and added, and the shown sum. */
function shownHiddenSum(page) {
  return page.evaluate(() => {
    const f = (name) => document.querySelector(`#bp-hidden-math [data-factor="${name}"]`)?.textContent ?? null;
    const n = (t) => Number(String(t).replace(/−/g, "-"));
    let total = 0;
    for (let i = 0; f(`w-${i}`) !== null; i++) total += n(f(`w-${i}`)) * n(f(`fprime-${i}`)) * n(f(`dCda-${i}`));
    return { terms: total, sum: f("sum"), dCda: document.querySelector('#bp-chain-math [data-factor="dCda"]')?.textContent };
  });
}

test("the issue's link: after every step up to Done, b⁽²⁾₀'s hidden chain terms add up to the shown ∂C₀/∂a", async () => {
  const page = await openBackprop(ISSUE_HASH);
  await page.locator("#bp-example").fill("2");
  await page.locator("#bp-example").press("Enter");
  await page.locator("#bp-kind").selectOption("bias");
  await page.locator("#bp-l").selectOption("2");
  await page.locator("#bp-j").selectOption("0");
  await frames(page);
  let checked = 0;
  for (let i = 0; i < 12; i++) {
    await page.locator("#bp-forward").click();
    await frames(page);
    const phase = await page.locator("#bp-phase").textContent();
    const s = await shownHiddenSum(page);
    if (s.sum === "?" || s.sum === null) continue;
    // 4 significant digits on each of three factors: a relative error of about 1.5e-3 per term.
    assert.ok(Math.abs(s.terms - num(s.sum)) <= 3e-3 * (Math.abs(num(s.sum)) + 0.05), `${phase}: terms add to ${s.terms}, shown sum ${s.sum}`);
    assert.equal(s.sum, s.dCda, `${phase}: the sum is the chain rule's ∂C₀/∂a⁽²⁾₀`);
    checked++;
    if (/^Done/.test(phase)) break;
  }
  assert.match(await page.locator("#bp-phase").textContent(), /^Done/);
  assert.ok(checked >= 4, `checked ${checked} phases`);
  // The same through "Run to end" from Start, and the core's terms agree with its own sum.
  await page.locator("#bp-restart").click();
  await page.locator("#bp-run").click();
  await frames(page);
  const core = await page.evaluate(() => {
    const t = window.backpropLab.app.backprop.stepper.chainTerms(2, 0);
    let s = 0;
    for (let i = 0; i < t.w.length; i++) s += t.w[i] * t.derivative[i] * t.activationGradient[i];
    return { terms: s, sum: t.sum };
  });
  assert.ok(Math.abs(core.terms - core.sum) < 1e-6 * (1 + Math.abs(core.sum)), `${core.terms} vs ${core.sum}`);
  assertNoProblems(page);
  await page.context().close();
});

test("after the update the nudge check and the mini-batch table stay on the walk's network, as the chain rule does", async () => {
  const page = await openBackprop("seed=3&batch=4");
  const read = (q) => page.evaluate((q) => document.querySelector(`[data-q="${q}"]`)?.textContent ?? null, q);
  const grad = () => page.evaluate(() => document.querySelector('#bp-chain-math [data-factor="grad"]').textContent);
  // Step to just before the update: every backward step done.
  for (let i = 0; i < 20 && !/^Backward · layer 1/.test(await page.locator("#bp-phase").textContent()); i++) {
    await page.locator("#bp-forward").click();
    await frames(page, 1);
  }
  const before = { nudge: await read("nudgeGradient"), table: await read("batchMean"), grad: await grad() };
  assert.equal(before.nudge, before.grad, "the nudge compares with the chain rule's ∂C₀/∂w");
  for (const phase of ["Update", "Done"]) {
    await page.locator("#bp-forward").click();
    await frames(page);
    assert.match(await page.locator("#bp-phase").textContent(), new RegExp(`^${phase}`));
    assert.deepEqual({ nudge: await read("nudgeGradient"), table: await read("batchMean"), grad: await grad() }, before, `${phase}: one network on every panel`);
    assert.match(await page.locator("#bp-batch-caption").textContent(), /before its update/);
  }
  assertNoProblems(page);
  await page.context().close();
});

test("a drag or the header's Step mid-walk restarts the walk at Start and says why", async () => {
  const page = await openBackprop("seed=3");
  const toCost = async () => {
    await page.locator("#bp-restart").click();
    for (let i = 0; i < 4; i++) await page.locator("#bp-forward").click();
    await frames(page);
    assert.match(await page.locator("#bp-phase").textContent(), /^Cost/);
  };
  await toCost();
  await page.locator("#step").click(); // the header's Step trains one mini-batch
  await frames(page, 4);
  assert.match(await page.locator("#bp-phase").textContent(), /^Start/);
  assert.match(await page.locator("#bp-notice").textContent(), /started again at Start/);
  assert.equal(await page.locator("#bp-notice").isVisible(), true);
  // The next step forward uses the new weights and clears the notice.
  await page.locator("#bp-forward").click();
  await frames(page);
  assert.equal(await page.locator("#bp-notice").isVisible(), false);
  const fresh = await page.evaluate(() => {
    const { app } = window.backpropLab;
    const s = app.backprop.stepper;
    const m = app.session.model, x = s.x(), W = m.weights(1), b = m.biases(1), n = x.length;
    return { z: s.z(1)[0], want: Math.fround(b[0] + W[0] * x[0] + W[1] * x[1]), n };
  });
  assert.ok(Math.abs(fresh.z - fresh.want) < 1e-5, `z⁽¹⁾₀ ${fresh.z} from the trained weights (${fresh.want})`);
  // A drag of a weight line mid-walk.
  await toCost();
  const h = await page.evaluate(() => window.backpropLab.views.network.weightHandle(2, 0, 0));
  await page.mouse.move(h.x, h.y);
  await page.mouse.down();
  await page.mouse.move(h.x, h.y - 40, { steps: 4 });
  await page.mouse.up();
  await frames(page, 4);
  assert.match(await page.locator("#bp-phase").textContent(), /^Start/);
  assert.match(await page.locator("#bp-notice").textContent(), /dragged/);
  // The core refuses to step a stale walk, whoever calls it.
  const refused = await page.evaluate(() => {
    const { net, app } = window.backpropLab;
    const s = app.backprop.stepper;
    s.next();
    net.setWeight(1, 0, 0, net.getWeight(1, 0, 0) + 0.5);
    try {
      s.next();
      return null;
    } catch (e) {
      return { stale: s.isStale(), message: e.message };
    }
  });
  assert.equal(refused?.stale, true);
  assert.match(refused.message, /start a new walk/);
  assertNoProblems(page);
  await page.context().close();
});

test("the update says it is plain gradient descent, and what the playground's Adam + L2 would do instead", async () => {
  const page = await openBackprop("seed=3&opt=adam&reg=l2&regRate=0.01");
  await page.locator("#bp-run").click();
  await frames(page);
  const rule = await page.locator('[data-note="updateRule"]').textContent();
  assert.match(rule, /plain gradient descent/);
  assert.match(rule, /w ← w − η ∂C₀\/∂w/);
  assert.match(rule, /Adam/);
  assert.match(rule, /λ = 0\.01/);
  assertNoProblems(page);
  await page.context().close();
});

/** Layer superscripts without parentheses and other slips in a text, as a list of findings. */
function notationSlips(text, { sigmoid }) {
  const found = [];
  const rules = [
    [/[A-Za-zδσ][⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ]/gu, "layer superscript without parentheses"],
    // X₁², X₂² (issue 15's input features, TF Playground's capital X) are powers, as written.
    [/(?<!X)[ᵢⱼₖ₀-₉][⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ]/gu, "superscript after an index"],
    [/A⁽/gu, "an upper-case a (text-transform on math)"],
  ];
  if (!sigmoid) rules.push([/σ′/gu, "σ′ on a network without a sigmoid"]);
  for (const [re, what] of rules) for (const m of text.matchAll(re)) found.push(`${what}: “…${text.slice(Math.max(0, m.index - 20), m.index + 12)}…”`);
  return found;
}

test("no tab (nor lesson scene) writes a layer superscript without parentheses, in its text or on its canvases", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Record every string drawn on a canvas.
  await context.addInitScript(() => {
    window.__drawn = new Set();
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (t, ...rest) {
      window.__drawn.add(String(t));
      return fill.call(this, t, ...rest);
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const slips = [];
  const scan = async (where, opts) => {
    const text = await page.evaluate(() => document.body.innerText + "\n" + [...window.__drawn].join("\n") + "\n" + [...document.querySelectorAll("[aria-label], [title]")].map((e) => `${e.getAttribute("aria-label") ?? ""} ${e.getAttribute("title") ?? ""}`).join("\n"));
    for (const s of notationSlips(text, opts)) slips.push(`${where}: ${s}`);
    // The walk is one example: its phase bar, step, chain rule and nudge check say C₀, not C.
    const one = await page.evaluate(() => ["#bp-phase", "#bp-step", "#bp-chain-math", "#bp-nudge"].map((q) => document.querySelector(q)?.innerText ?? "").join("\n"));
    for (const m of one.matchAll(/∂C\/∂[wbaz]/gu)) slips.push(`${where}: ∂C/∂ where one example's ∂C₀/∂ is meant: “${one.slice(Math.max(0, m.index - 20), m.index + 12)}”`);
  };
  for (const [hash, sigmoid] of [["act=tanh,tanh&outAct=tanh", false], ["act=sigmoid,sigmoid&outAct=sigmoid", true], ["dataset=threeClass&act=relu,relu&outAct=softmax&cost=crossEntropy", false]]) {
    await page.goto(`${env.url}index.html#seed=3&${hash}`);
    await page.waitForFunction(() => window.backpropLab?.pg);
    await frames(page);
    // Hover a neuron and a weight so their tooltips are drawn.
    const h = await page.evaluate(() => window.backpropLab.views.network.weightHandle(2, 0, 1));
    await page.mouse.move(h.x, h.y);
    await frames(page);
    await scan(`playground ${hash}`, { sigmoid });
    await page.getByRole("tab", { name: "Backprop" }).click();
    await page.waitForFunction(() => window.backpropLab.app.backprop?.state);
    for (let i = 0; i < 12; i++) {
      await scan(`backprop ${hash} step ${i}`, { sigmoid });
      if (/^Done/.test(await page.locator("#bp-phase").textContent())) break;
      await page.locator("#bp-forward").click();
      await frames(page, 1);
    }
    for (const kind of ["bias", "weight"]) {
      await page.locator("#bp-kind").selectOption(kind);
      await page.locator("#bp-l").selectOption("1");
      await frames(page);
      await scan(`backprop ${hash} ${kind} of layer 1`, { sigmoid });
    }
    await page.getByRole("tab", { name: "Cost surface" }).click();
    await page.waitForFunction(() => window.backpropLab.views.surface.settled); // its worker's answer is drawn
    await frames(page, 4);
    await scan(`cost surface ${hash}`, { sigmoid });
  }
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => document.querySelector("#digits-scene")?.innerText.length > 100, null, { timeout: 20000 });
  await frames(page, 4);
  await scan("digits", { sigmoid: true });
  // Every lesson scene (issue 13), σ′ allowed where the scene has a sigmoid network.
  await page.getByRole("tab", { name: "Lessons" }).click();
  const scenes = await page.evaluate(async () => (await import("/www/lessons/mode.js")).sceneList().map((s) => [s.chapter, s.scene, JSON.stringify(s.data).includes('"sigmoid"')]));
  assert.ok(scenes.length >= 6, "the lessons have their scenes");
  for (const [lesson, scene, sigmoid] of scenes) {
    await page.evaluate(([l, s]) => window.backpropLab.app.lessons.open(l, s), [lesson, scene]);
    await frames(page, 2);
    await scan(`lesson ${lesson} scene ${scene}`, { sigmoid });
  }
  assert.deepEqual(slips, []);
  assert.deepEqual(errors, []);
  await context.close();
});
