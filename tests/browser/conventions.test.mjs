// Issue 11, item 4: each tab names its own update convention and writes it out. The Playground
// shows the chosen optimizer's rule with the core's μ, β₁, β₂, ε, and L1/L2 as the gradient's
// penalty with λ ("L2 regularization λ": g = ∂C/∂w + λw); the Digits scene's λ is Nielsen's
// weight decay, w ← (1 − ηλ/n) w − η ∂C/∂w, and no label calls it plain "L2 λ". The rules shown
// are checked against steps of the core itself, so a label that stops matching the numbers fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, openApp, assertNoProblems, frames } from "./harness.mjs";

let env;
before(async () => (env = await setup()));
after(async () => env && env.close());

/** A shown rule: its text without spaces, its constants { name: { value, shown } }, its title and box. */
function readRule(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const box = el.getBoundingClientRect();
    const constants = {};
    for (const m of el.querySelectorAll("[data-const]")) constants[m.dataset.const] = { value: Number(m.dataset.value), shown: m.textContent.replace(/\s+/g, "") };
    return { text: el.textContent.replace(/\s+/g, ""), words: el.textContent.replace(/\s+/g, " "), constants, title: el.title, width: box.width, height: box.height, left: box.left, right: box.right };
  }, id);
}

/** "0.9" → 0.9, "10−8" → 1e-8, "2.5×10−4" → 2.5e-4: the number a constant's MathML reads as. */
function shownNumber(text) {
  const m = /^(?:(.+)×)?10−(\d+)$/.exec(text);
  return m ? Number(m[1] ?? 1) * 10 ** -Number(m[2]) : Number(text);
}

async function choose(page, select, value) {
  await page.locator(select).selectOption(value);
  await frames(page);
}

test("each optimizer shows its update rule with the core's μ, β₁, β₂, ε, and the momentum convention", async () => {
  const page = await openApp(env.browser, env.url, "seed=3");
  const core = await page.evaluate(async () => (await import("/www/pkg/backprop_lab.js")).optimizerConstants());
  // The values documented for the core's OptimizerConfig (docs/JS_API.md).
  assert.deepEqual(core, { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const want = {
    sgd: { rule: ["w←w−ηg"], constants: [] },
    momentum: { rule: ["v←μv−ηg", "w←w+v"], constants: ["momentum"] },
    adam: { rule: ["m←β1m+(1−β1)g", "s←β2s+(1−β2)g2", "m^=m/(1−β1t)", "s^=s/(1−β2t)", "w←w−ηm^/(s^+ε)"], constants: ["beta1", "beta2", "epsilon"] },
  };
  const symbol = { momentum: "μ", beta1: "β1", beta2: "β2", epsilon: "ε" };
  for (const [kind, w] of Object.entries(want)) {
    await choose(page, "#optimizer", kind);
    const r = await readRule(page, "optimizer-rule");
    assert.ok(r.width > 0 && r.height > 0, `${kind}: the rule is shown`);
    for (const piece of w.rule) assert.ok(r.text.includes(piece), `${kind}: "${piece}" in ${r.text}`);
    assert.deepEqual(Object.keys(r.constants).sort(), [...w.constants].sort(), `${kind}: its constants and no others`);
    for (const name of w.constants) {
      assert.equal(r.constants[name].value, core[name], `${kind}: ${name} is the core's`);
      const [sym, value] = r.constants[name].shown.split("=");
      assert.equal(sym, symbol[name]);
      assert.equal(shownNumber(value), core[name], `${kind}: ${name} shown as ${r.constants[name].shown}`);
    }
    if (kind === "momentum") {
      assert.match(r.title, /v ← μv − η ∂C\/∂w, then w ← w \+ v/);
      assert.match(r.title, /PyTorch's SGD writes v ← μv \+ ∂C\/∂w, w ← w − ηv/);
      assert.match(r.words, /PyTorch puts η outside v: v ← μv \+ g, w ← w − ηv/, "the PyTorch form is also written beside the rule");
    }
  }
  assert.match(await page.locator("#optimizer").getAttribute("title"), /v ← μv − η ∂C\/∂w.*PyTorch/);
  assertNoProblems(page);
  await page.context().close();
  // A link's optimizer and penalty show their rules from the start.
  const linked = await openApp(env.browser, env.url, "seed=3&opt=adam&reg=l1&regRate=0.003");
  assert.ok((await readRule(linked, "optimizer-rule")).text.includes("w←w−ηm^/(s^+ε)"));
  const reg = await readRule(linked, "regularization-rule");
  assert.ok(reg.text.includes("g=∂C/∂w+λsign(w)"), reg.text);
  assert.equal(reg.constants.lambda.value, 0.003);
  assertNoProblems(linked);
  await linked.context().close();
});

test("L1 and L2 show their penalty with λ, and the λ control says which one it scales", async () => {
  const page = await openApp(env.browser, env.url, "seed=3");
  const label = () => page.locator("#regularizationRate-label").textContent();
  await choose(page, "#regularization", "none");
  let r = await readRule(page, "regularization-rule");
  assert.ok(r.text.includes("g=∂C/∂w"), r.text);
  assert.doesNotMatch(r.text, /λ/, "no λ without a penalty");
  assert.match(r.words, /mean cost over the mini-batch/);
  assert.match(r.words, /biases: ∂C\/∂b, never regularized/);
  await page.getByLabel("Regularization rate", { exact: true }).fill("0.01");
  await page.getByLabel("Regularization rate", { exact: true }).press("Enter");
  for (const [kind, penalty, name] of [["l2", "+λw", "L2 regularization"], ["l1", "+λsign(w)", "L1 regularization"]]) {
    await choose(page, "#regularization", kind);
    r = await readRule(page, "regularization-rule");
    assert.ok(r.text.includes(`g=∂C/∂w${penalty}`), `${kind}: ${r.text}`);
    assert.ok(r.words.includes(name), `${kind}: named "${name}"`);
    assert.equal(r.constants.lambda.value, 0.01);
    assert.equal(r.constants.lambda.shown, "λ=0.01");
    assert.equal((await label()).replace(/\s+/g, " ").trim(), `${name} λ`);
  }
  // The penalty's λ follows the control.
  await page.getByLabel("Regularization rate", { exact: true }).fill("0.0003");
  await page.getByLabel("Regularization rate", { exact: true }).press("Enter");
  await frames(page);
  r = await readRule(page, "regularization-rule");
  assert.equal(r.constants.lambda.value, 0.0003);
  assert.equal(shownNumber(r.constants.lambda.shown.split("=")[1]), 0.0003, r.constants.lambda.shown);
  assertNoProblems(page);
  await page.context().close();
});

test("the rules shown are the core's: SGD and momentum with L2 or L1, Adam, biases unpenalized", async () => {
  const page = await openApp(env.browser, env.url, "seed=3");
  const r = await page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const c = api.optimizerConstants();
    const f = Math.fround;
    const out = [];
    // Each case: the Playground's own next batches, their mean-cost gradient from the network, the
    // rule written in the page applied by hand (f32 where the core rounds), and the core's step.
    const run = (optimizer, regularization, lambda, etas) => {
      const pg = new api.Playground({ seed: 5, optimizer, regularization, regularizationRate: lambda, learningRate: etas[0], batchSize: 7 });
      const net = pg.network();
      const p = { w: [1, 1, 0], b: [1, 1] };
      let w = net.getWeight(...p.w), b = net.getBias(...p.b);
      let v = 0, m = 0, s = 0, vb = 0;
      const worst = { w: 0, b: 0 };
      etas.forEach((eta, i) => {
        pg.setLearningRate(eta);
        const { xs, ys } = api.trainingExamples(net, pg.nextBatch());
        const grad = net.gradient(xs, ys);
        const gw = grad.weights[p.w[0] - 1][p.w[1] * net.layerSizes()[p.w[0] - 1] + p.w[2]];
        const gb = grad.biases[p.b[0] - 1][p.b[1]];
        const g = gw + (regularization === "l2" ? lambda * w : regularization === "l1" ? lambda * Math.sign(w) : 0);
        let wNext, bNext;
        if (optimizer === "sgd") {
          wNext = w - eta * g;
          bNext = b - eta * gb;
        } else if (optimizer === "momentum") {
          v = c.momentum * v - eta * g;
          vb = c.momentum * vb - eta * gb;
          wNext = w + v;
          bNext = b + vb;
        } else {
          const t = i + 1;
          m = c.beta1 * m + (1 - c.beta1) * g;
          s = c.beta2 * s + (1 - c.beta2) * g * g;
          wNext = w - (eta * (m / (1 - c.beta1 ** t))) / (Math.sqrt(s / (1 - c.beta2 ** t)) + c.epsilon);
          bNext = null;
        }
        pg.step();
        const [w1, b1] = [net.getWeight(...p.w), net.getBias(...p.b)];
        worst.w = Math.max(worst.w, Math.abs(w1 - wNext) / (Math.abs(w1 - w) + 1e-7));
        if (bNext !== null) worst.b = Math.max(worst.b, Math.abs(b1 - bNext) / (Math.abs(b1 - b) + 1e-7));
        w = f(w1);
        b = f(b1);
      });
      out.push({ optimizer, regularization, ...worst });
      pg.free?.();
    };
    // η changes on the third step: with PyTorch's v ← μv + g, w ← w − ηv the old velocity would
    // be scaled by the new η, so momentum's numbers tell the two conventions apart.
    run("sgd", "l2", 0.5, [0.3, 0.3, 0.3]);
    run("sgd", "l1", 0.05, [0.3, 0.3]);
    run("momentum", "l2", 0.2, [0.3, 0.3, 1.5, 1.5]);
    run("adam", "l2", 0.1, [0.01, 0.01, 0.01]);
    // The PyTorch form on the same momentum run, to be sure the check can see the difference.
    const pg = new api.Playground({ seed: 5, optimizer: "momentum", learningRate: 0.3, batchSize: 7 });
    const net = pg.network();
    let w = net.getWeight(1, 1, 0), vt = 0, ours = 0;
    for (const eta of [0.3, 0.3, 1.5]) {
      pg.setLearningRate(eta);
      const { xs, ys } = api.trainingExamples(net, pg.nextBatch());
      const g = net.gradient(xs, ys).weights[0][1 * 2 + 0];
      vt = c.momentum * vt + g;
      const torch = w - eta * vt;
      pg.step();
      const w1 = net.getWeight(1, 1, 0);
      ours = Math.abs(w1 - torch) / (Math.abs(w1 - w) + 1e-7);
      w = w1;
    }
    return { out, torchGap: ours };
  });
  for (const c of r.out) {
    assert.ok(c.w < 1e-3, `${c.optimizer} + ${c.regularization}: a weight moves as the shown rule says (relative gap ${c.w})`);
    assert.ok(c.b < 1e-3, `${c.optimizer} + ${c.regularization}: a bias moves without the penalty (relative gap ${c.b})`);
  }
  assert.ok(r.torchGap > 0.05, `PyTorch's momentum form would move it differently once η changes (gap ${r.torchGap})`);
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits scene's λ is Nielsen's weight decay with its formula, and no label says plain “L2 λ”", async () => {
  const page = await openApp(env.browser, env.url, "seed=3&reg=l2&regRate=0.01");
  // Every label, name and tooltip of a page, as text.
  const labels = () =>
    page.evaluate(() =>
      [
        ...[...document.querySelectorAll("label, legend, .caption, th, button, option")].map((e) => e.textContent),
        ...[...document.querySelectorAll("[aria-label], [title]")].map((e) => `${e.getAttribute("aria-label") ?? ""} ${e.getAttribute("title") ?? ""}`),
      ].map((t) => t.replace(/\s+/g, " ")),
    );
  const plainL2 = (list) => list.filter((t) => /L2\s*(rate\s*)?λ|L2 regularization rate/i.test(t) && !/L2 regularization λ/.test(t));
  assert.deepEqual(plainL2(await labels()), [], "the Playground names its λ “L2 regularization λ”");
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => document.querySelector("#digits-scene .dg-lambda"), null, { timeout: 20000 });
  await frames(page);
  const d = await page.evaluate(() => {
    const input = document.querySelector("#digits-scene .dg-lambda");
    const rule = document.querySelector('#digits-scene [data-rule="weightDecay"]');
    const box = rule.getBoundingClientRect();
    return {
      label: input.closest("label").textContent.replace(/\s+/g, " ").trim(),
      name: input.getAttribute("aria-label"),
      title: input.closest("label").title,
      rule: rule.textContent.replace(/\s+/g, ""),
      ruleWords: rule.textContent.replace(/\s+/g, " "),
      shown: box.width > 0 && box.height > 0,
    };
  });
  assert.equal(d.label, "Weight decay λ (Nielsen)");
  assert.equal(d.name, "Weight decay λ (Nielsen)");
  assert.equal(await page.getByLabel("Weight decay λ (Nielsen)").count(), 1, "the input is found by its name");
  assert.ok(d.shown, "the formula is shown under the toolbar");
  assert.ok(d.rule.includes("w←(1−ηλ/n)w−η∂C/∂w"), d.rule);
  assert.ok(d.rule.includes("n=60,000"), d.rule);
  assert.match(d.ruleWords, /L2 regularization with λ\/n/);
  assert.ok(d.rule.includes("w←w−η(∂C/∂w+(λ/n)w)"), "the same step in the Playground's terms");
  assert.match(d.title, /1 − ηλ\/n/);
  assert.deepEqual(plainL2(await labels()), [], "no label on the Digits scene says plain “L2 λ”");
  assertNoProblems(page);
  await page.context().close();
});

test("the Digits trainer steps as its label says: w ← (1 − ηλ/n)w − η ∂C/∂w, biases without decay", async () => {
  const page = await openApp(env.browser, env.url, "seed=3");
  const r = await page.evaluate(async () => {
    const api = await import("/www/pkg/backprop_lab.js");
    const { extras } = await import("/www/app/extras.js");
    const x = await extras();
    // Four made-up 28 × 28 images (IDX files), one mini-batch of all four: the mean gradient of a
    // batch does not depend on the order the trainer shuffles it into.
    const n = 4;
    const header = (dims, sizes) => [0, 0, 8, dims, ...sizes.flatMap((s) => [(s >>> 24) & 255, (s >>> 16) & 255, (s >>> 8) & 255, s & 255])];
    const pixels = Array.from({ length: n * 784 }, (_, i) => ((i * 37) % 11 < 3 ? (i * 53) % 256 : 0));
    const labels = [3, 1, 4, 1];
    const images = Uint8Array.from([...header(3, [n, 28, 28]), ...pixels]);
    const labelFile = Uint8Array.from([...header(1, [n]), ...labels]);
    const config = { layers: [784, 5, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 7 };
    const [eta, lambda] = [0.5, 2];
    const d = new x.Digits(config, eta, n, images, labelFile, images, labelFile);
    d.setRegularization(lambda);
    const net = new api.Network(config);
    const same = [1, 2].every((l) => d.weights(l).every((w, i) => w === net.toJSON().weights[l - 1].flat()[i]));
    const xs = Float32Array.from(pixels, (p) => p / 255);
    const ys = new Float32Array(n * 10);
    labels.forEach((y, i) => (ys[i * 10 + y] = 1));
    const grad = net.gradient(xs, ys);
    const before = { w: [1, 2].map((l) => d.weights(l)), b: [1, 2].map((l) => d.biases(l)) };
    const rate = d.currentLearningRate();
    d.train(n);
    const gap = { nielsen: 0, playground: 0, bias: 0 };
    let scale = 0;
    for (const l of [1, 2]) {
      const w1 = d.weights(l);
      before.w[l - 1].forEach((w0, i) => {
        const g = grad.weights[l - 1][i];
        scale = Math.max(scale, Math.abs(w1[i] - w0));
        gap.nielsen = Math.max(gap.nielsen, Math.abs(w1[i] - ((1 - (rate * lambda) / n) * w0 - rate * g)));
        gap.playground = Math.max(gap.playground, Math.abs(w1[i] - (w0 - rate * (g + lambda * w0))));
      });
      d.biases(l).forEach((b1, j) => (gap.bias = Math.max(gap.bias, Math.abs(b1 - (before.b[l - 1][j] - rate * grad.biases[l - 1][j])))));
    }
    return { same, rate, gap, scale };
  });
  assert.ok(r.same, "the page's Network starts from the trainer's weights");
  assert.equal(r.rate, 0.5);
  assert.ok(r.scale > 1e-3, `the step moves the weights (${r.scale})`);
  assert.ok(r.gap.nielsen < 1e-5 + 1e-4 * r.scale, `w ← (1 − ηλ/n)w − η ∂C/∂w (gap ${r.gap.nielsen})`);
  assert.ok(r.gap.bias < 1e-5, `b ← b − η ∂C/∂b (gap ${r.gap.bias})`);
  assert.ok(r.gap.playground > 100 * (r.gap.nielsen + 1e-6), `and not the Playground's L2 with the same λ (gap ${r.gap.playground})`);
  assertNoProblems(page);
  await page.context().close();
});

test("no new rule writes a superscript that reads as a power of a layer, for any optimizer and penalty", async () => {
  // The same rules as trust.test.mjs's scan (which sees only the default SGD, no penalty), over
  // the visible text and the tooltips of the header's rules.
  const slips = (text) => [
    ...text.matchAll(/[A-Za-zδσ][⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ]/gu),
    ...text.matchAll(/[ᵢⱼₖ₀-₉][⁰¹²³⁴⁵⁶⁷⁸⁹ᴸˡ]/gu),
    ...text.matchAll(/C₀/gu), // the rules are of the mini-batch's mean cost C, never one example's C₀
  ].map((m) => text.slice(Math.max(0, m.index - 20), m.index + 12));
  const page = await openApp(env.browser, env.url, "seed=3");
  const found = [];
  for (const optimizer of ["sgd", "momentum", "adam"]) {
    for (const regularization of ["none", "l1", "l2"]) {
      await choose(page, "#optimizer", optimizer);
      await choose(page, "#regularization", regularization);
      const text = await page.evaluate(() => {
        const rules = document.querySelector(".update-rules");
        return [rules.innerText, ...[...rules.querySelectorAll("[title]"), document.getElementById("optimizer")].map((e) => e.title), document.getElementById("regularizationRate-label").innerText].join("\n");
      });
      for (const s of slips(text)) found.push(`${optimizer} + ${regularization}: “${s}”`);
    }
  }
  await page.getByRole("tab", { name: "Digits" }).click();
  await page.waitForFunction(() => document.querySelector('#digits-scene [data-rule="weightDecay"]'), null, { timeout: 20000 });
  const digits = await page.evaluate(() => document.querySelector('#digits-scene [data-rule="weightDecay"]').innerText + "\n" + document.querySelector("#digits-scene .dg-lambda").closest("label").title);
  for (const s of slips(digits)) found.push(`digits: “${s}”`);
  assert.deepEqual(found, []);
  assertNoProblems(page);
  await page.context().close();
});

test("the rules fit the window: no overflow at 1280×800 or 360×740", async () => {
  for (const [width, height] of [[1280, 800], [360, 740]]) {
    const page = await openApp(env.browser, env.url, "seed=3&opt=adam&reg=l2&regRate=0.01", { width, height });
    for (const id of ["optimizer-rule", "regularization-rule"]) {
      const r = await readRule(page, id);
      const room = await page.evaluate(() => document.documentElement.clientWidth);
      assert.ok(r.left >= 0 && r.right <= room, `${width}: #${id} spans ${r.left}–${r.right} of ${room} px`);
      const inside = await page.evaluate((id) => {
        const p = document.getElementById(id).getBoundingClientRect();
        return [...document.getElementById(id).querySelectorAll("math")].every((m) => {
          const b = m.getBoundingClientRect();
          return b.left >= p.left - 0.5 && b.right <= p.right + 0.5;
        });
      }, id);
      assert.ok(inside, `${width}: every formula of #${id} stays inside it`);
    }
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `${width}: no sideways scroll`);
    assertNoProblems(page);
    await page.context().close();
  }
});
