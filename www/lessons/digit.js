// Lesson scene kind "digit": 3Blue1Brown's digit network on one image — a test digit from
// MNIST, one the student draws, or pure noise — with the panels the scene's `views` name:
//
// - "column": the 784 input neurons a⁽⁰⁾, as the 28 × 28 image and unrolled into a column;
// - "outputs": the ten outputs a⁽³⁾ⱼ as bars, the network's answer lit;
// - "costTerms": the ten (a⁽³⁾ⱼ − yⱼ)² of C₀ and their sum, and the mean cost C on the test set;
// - "nudges": the desired nudge of each output, −∂C₀/∂a⁽³⁾ⱼ, as arrows;
// - "threeWays": for the target output, its bias, its weights and the previous activations —
//   the three ways to raise it, each with the core's number;
// - "gradient": the largest of the 13,002 components of ∇C₀, sorted;
// - "backward": the recursion, one backward step of a Stepper at a time, what each layer is asked;
// - "weights": the 16 first-layer neurons' weights as 28 × 28 images;
// - "noise": a "Random noise" button (the core's seeded noise image);
// - "accuracy": the network's score on the test set.
//
// Every number is the core's: the forward pass (Network.forward), the backward pass (a Stepper
// walked to its last backward phase, never its update), the inputs (digitInput,
// preprocessDigit, noiseInput), the answer (predictedClass) and the test score (the digit
// worker's evaluate). The network is the pretrained one (`pretrained: true`) or the scene's.

import { fitCanvas } from "../lib/canvas.js";
import { css, BLUE, RED, activationGrey } from "../lib/colors.js";
import { fmtNum, percent, count, sym, paramName, decimals, derivativeName } from "../lib/notation.js";
import { DrawPad } from "../widgets/draw-pad.js";
import { paintSigned } from "../widgets/signed-image.js";
import { NET } from "./scene-net.js";
import { pretrainedNetwork, digitWorker } from "./digit-net.js";
import { onKeys } from "../lib/key-targets.js";

const STEPPER = "lesson-stepper";
const WALK = "lesson-stepper-walk"; // the "backward" panel's own walk, stepped by its buttons
const THUMBS = 12; // test digits offered as buttons (MNIST's first 12 hold every digit but 3 and 8)
const TOP = 16; // gradient components listed
const L = 3; // the output layer of 784-16-16-10

const PANELS = {
  column: `<section class="ls-panel" data-view="column"><h3>The 784 input neurons a⁽⁰⁾</h3>
    <div class="ls-column-wrap"><canvas class="ls-grid" tabindex="0" aria-label="The input neurons as a 28 by 28 grid, each lit by its activation: point at one, or use the arrow keys, to read its number"></canvas>
    <canvas class="ls-column" aria-label="The same 784 neurons unrolled into one column"></canvas></div>
    <p class="ls-readout" data-out="pixel" aria-live="polite"></p></section>`,
  outputs: `<section class="ls-panel" data-view="outputs"><h3>The outputs a⁽³⁾ⱼ</h3>
    <canvas class="ls-bars" data-canvas="outputs" aria-label="The ten output activations"></canvas>
    <p class="ls-readout" data-out="answer" aria-live="polite"></p></section>`,
  costTerms: `<section class="ls-panel" data-view="costTerms"><h3>The cost of this one example, C₀</h3>
    <table class="ls-table"><thead><tr><th scope="col">j</th><th scope="col">a⁽³⁾ⱼ</th><th scope="col">yⱼ</th><th scope="col">(a⁽³⁾ⱼ − yⱼ)²</th></tr></thead><tbody data-out="terms"></tbody>
    <tfoot><tr><th scope="row" colspan="3">C₀ = Σⱼ (a⁽³⁾ⱼ − yⱼ)²</th><td data-out="c0"></td></tr></tfoot></table>
    <p class="ls-readout" data-out="mean" aria-live="polite"></p></section>`,
  nudges: `<section class="ls-panel" data-view="nudges"><h3>What this example wants: −∂C₀/∂a⁽³⁾ⱼ</h3>
    <canvas class="ls-bars" data-canvas="nudges" aria-label="Each output's activation with an arrow for its desired nudge"></canvas>
    <p class="ls-readout" data-out="nudge" aria-live="polite"></p></section>`,
  threeWays: `<section class="ls-panel" data-view="threeWays"><h3 data-out="ways-title"></h3>
    <ol class="ls-ways" data-out="ways"></ol></section>`,
  gradient: `<section class="ls-panel" data-view="gradient"><h3>Which nudges matter most: the largest components of −∇C₀</h3>
    <canvas class="ls-bars ls-tall" data-canvas="gradient" aria-label="The largest components of the gradient, sorted by size"></canvas>
    <p class="ls-readout" data-out="gradient" aria-live="polite"></p></section>`,
  backward: `<section class="ls-panel" data-view="backward"><h3 data-out="bw-title"></h3>
    <div class="ls-buttons"><button type="button" data-act="bw-prev">← Forward one layer</button><button type="button" data-act="bw-next">Back one layer →</button></div>
    <canvas class="ls-bars" data-canvas="backward" aria-label="What the layer's neurons are asked to do"></canvas>
    <canvas class="ls-weight-big" data-canvas="backward-image" hidden aria-label="What the image's pixels are asked to do"></canvas>
    <p class="ls-readout" data-out="backward" aria-live="polite"></p></section>`,
  weights: `<section class="ls-panel" data-view="weights"><h3>What the first layer looks at: each neuron's 784 weights</h3>
    <div class="ls-weights" data-out="weights"></div>
    <p class="ls-dims">Blue: ink there raises the neuron's weighted sum; red: it lowers it.</p></section>`,
  accuracy: `<section class="ls-panel" data-view="accuracy"><p class="ls-total" data-out="accuracy" aria-live="polite">Scoring the test set…</p>
    <p><button type="button" data-act="digits-tab">Train one yourself in the Digits tab →</button></p></section>`,
};

export class DigitScene {
  /** The scene takes the tab's full width, its text above it (mode.js). */
  static wide = true;

  constructor(root, scene, session, host) {
    this.session = session;
    this.scene = scene;
    this.host = host;
    this.views = new Set(scene.views ?? []);
    this.noiseSeed = scene.noiseSeed ?? 1;
    this.numbers = {}; // what each panel shows, as numbers (the tests compare them with the core)
    this.images = []; // test digits from the worker: { pixels, label }
    this.input = null; // { x, label, what }
    this.target = null; // the digit the cost wants (a test digit's label, or chosen)
    root.innerHTML = `
      <div class="ls-digit">
        <div class="ls-input">
          <canvas class="ls-pad" aria-label="Draw a digit here"></canvas>
          <canvas class="ls-pad-preview" aria-label="The 28 by 28 input the network sees"></canvas>
          <div class="ls-buttons">
            <button type="button" data-act="clear">Clear</button>
            ${this.views.has("noise") ? `<button type="button" data-act="noise">Random noise</button>` : ""}
            <label class="ls-target">target <select data-name="target" aria-label="The digit this image should be">${[...Array(10).keys()].map((d) => `<option value="${d}">${d}</option>`).join("")}</select></label>
          </div>
          <div class="ls-thumbs" role="group" aria-label="Test digits"></div>
          <p class="ls-status" aria-live="polite">Loading the digit network…</p>
        </div>
        <div class="ls-panels">${[...this.views].map((v) => PANELS[v] ?? "").join("")}</div>
        <p class="error" role="alert" hidden></p>
      </div>`;
    this.root = root;
    this.$ = (sel) => root.querySelector(sel);
    this.out = (name) => root.querySelector(`[data-out="${name}"]`);
    this.error = this.$(".error");
    this.status = this.$(".ls-status");
    this.targetSelect = this.$('select[data-name="target"]');
    if (!["costTerms", "nudges", "threeWays", "gradient", "backward"].some((v) => this.views.has(v))) {
      this.$(".ls-target").hidden = true;
    }
    this.pad = new DrawPad(this.$(".ls-pad"), this.$(".ls-pad-preview"), { onChange: () => this.drawn() });
    this.$(".ls-buttons").addEventListener("click", (e) => {
      const act = e.target.closest("button")?.dataset.act;
      if (act === "clear") this.pad.clear();
      if (act === "noise") this.noise();
    });
    this.bwSteps = 0; // backward steps the "backward" panel's walk has taken (0 … L)
    root.querySelector(".ls-panels").addEventListener("click", (e) => {
      const act = e.target.closest("button")?.dataset.act;
      if (act === "digits-tab") {
        this.host.openTab("digits");
        return;
      }
      if (act === "bw-next" && this.bwSteps < L) this.bwSteps++;
      else if (act === "bw-prev" && this.bwSteps > 0) this.bwSteps--;
      else return;
      this.update();
    });
    this.targetSelect.addEventListener("change", () => {
      this.target = Number(this.targetSelect.value);
      this.update();
    });
    this.$(".ls-thumbs").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-image]");
      if (b) this.pick(Number(b.dataset.image));
    });
    this.open().catch((e) => this.fail(e.message));
  }

  async open() {
    this.x = await this.session.extras();
    let config = this.scene.network;
    let params = null;
    if (this.scene.pretrained) {
      const p = await pretrainedNetwork();
      config = p.config;
      params = p;
    }
    if (this.dead) return;
    this.net = this.session.network(NET, config);
    if (params) this.session.setParameters(this.net, params.weights, params.biases);
    this.depth = this.net.depth();
    if (this.views.has("weights")) this.showWeights();
    this.status.textContent = "Loading test digits…";
    const { weights, biases } = this.session.parameters(this.net);
    this.worker = digitWorker(this.x, config, { learningRate: 1 }, {
      ready: (m) => {
        this.testCount = m.counts.test;
        this.skip = 1; // the score of the worker's own fresh network, which follows "ready"
        this.worker.post({ type: "params", weights, biases });
        this.worker.post({ type: "images", from: this.scene.from ?? 0, count: THUMBS });
      },
      images: (m) => this.gotImages(m),
      evaluation: (m) => this.gotEvaluation(m),
      error: (m) => this.fail(m.message),
    });
  }

  gotImages({ images, labels }) {
    this.images = [...labels].map((label, i) => ({ pixels: images.subarray(i * 784, (i + 1) * 784), label }));
    const thumbs = this.$(".ls-thumbs");
    thumbs.innerHTML = this.images.map((d, i) => `<button type="button" data-image="${i}" aria-label="Test digit ${i + 1}, a ${d.label}"><canvas></canvas></button>`).join("");
    [...thumbs.querySelectorAll("canvas")].forEach((c, i) => {
      c.width = c.height = 28;
      const img = new ImageData(28, 28);
      this.images[i].pixels.forEach((v, k) => img.data.set([v, v, v, 255], k * 4));
      c.getContext("2d").putImageData(img, 0, 0);
    });
    this.status.textContent = "Pick a test digit or draw one.";
    const start = this.images.findIndex((d) => d.label === this.scene.digit);
    this.pick(start >= 0 ? start : 0);
  }

  gotEvaluation(e) {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.evaluation = e;
    const acc = this.out("accuracy");
    if (acc) acc.innerHTML = `Of the ${count(this.testCount)} test images, which it never trained on, this network reads <b>${percent(e.accuracy, 1, " %")}</b> right (mean cost C = ${fmtNum(e.cost)}).`;
    this.update();
  }

  /** Test digit i as the input (the core's x = byte / 255). */
  pick(i) {
    const d = this.images[i];
    if (!d) return;
    this.picking = true;
    this.pad.setDigit(d.pixels, d.label);
    this.picking = false;
    this.setInput({ x: this.x.digitInput(d.pixels), label: d.label, what: `test digit ${i + 1} (a ${d.label})` });
    for (const b of this.root.querySelectorAll("button[data-image]")) b.setAttribute("aria-pressed", String(Number(b.dataset.image) === i));
  }

  /** The pad changed: a drawing (preprocessed the MNIST way by the core) or a picked digit. */
  drawn() {
    if (this.picking || !this.x) return;
    for (const b of this.root.querySelectorAll("button[data-image]")) b.setAttribute("aria-pressed", "false");
    if (this.pad.blank) {
      this.setInput(null);
      return;
    }
    this.setInput({ x: new Float32Array(this.x.preprocessDigit(this.pad.image(), this.pad.size, this.pad.size)), label: null, what: "your drawing" });
  }

  noise() {
    if (!this.x) return;
    const x = new Float32Array(this.x.noiseInput(this.noiseSeed++));
    // The pad shows the noise image (its bytes, for the picture only).
    this.picking = true;
    this.pad.setDigit(Uint8Array.from(x, (v) => Math.round(v * 255)), null);
    this.picking = false;
    this.setInput({ x, label: null, what: "random noise" });
  }

  setInput(input) {
    this.input = input;
    if (input) {
      this.a = this.session.activations(this.net, input.x);
      this.answer = this.x.predictedClass(this.a[this.depth]);
      this.target = input.label ?? this.answer;
      this.targetSelect.value = String(this.target);
    } else {
      this.a = null;
    }
    this.update();
  }

  /** The backward pass of the shown input to C₀ with the target: a Stepper walked to its last
   * backward phase (its update, which would change the network, is never run). */
  backward() {
    const y = this.x.oneHot(this.target, 10);
    const st = this.session.stepper(STEPPER, this.net, this.input.x, y, 1);
    for (;;) {
      const p = st.next();
      if (p.phase === "backward" && p.layer === 1) break;
    }
    return st;
  }

  update() {
    if (this.dead) return;
    this.error.hidden = true;
    if (!this.input || !this.a) {
      this.status.textContent = this.images.length ? "Pick a test digit, draw one, or clear." : this.status.textContent;
      this.clearPanels();
      return;
    }
    try {
      this.pad.showInput(this.a[0]);
      this.status.textContent = `Showing ${this.input.what}.`;
      const needs = ["costTerms", "nudges", "threeWays", "gradient"].some((v) => this.views.has(v));
      const st = needs ? this.backward() : null;
      if (this.views.has("column")) this.showColumn();
      if (this.views.has("outputs")) this.showOutputs();
      if (this.views.has("costTerms")) this.showCost(st);
      if (this.views.has("nudges")) this.showNudges(st);
      if (this.views.has("threeWays")) this.showWays(st);
      if (this.views.has("gradient")) this.showGradient(st);
      if (this.views.has("backward")) this.showBackward();
    } catch (e) {
      this.fail(e.message);
    }
  }

  clearPanels() {
    // The drawn panels only (the weight images do not depend on the input).
    for (const c of this.root.querySelectorAll(".ls-panels canvas[data-canvas], .ls-grid, .ls-column")) {
      const ctx = c.getContext("2d");
      const [w, h] = fitCanvas(c, ctx);
      ctx.clearRect(0, 0, w, h);
    }
  }

  // ---- panels ------------------------------------------------------------------------------
  showColumn() {
    const a0 = this.a[0];
    const grid = this.$(".ls-grid");
    const ctx = grid.getContext("2d");
    const [w, h] = fitCanvas(grid, ctx);
    ctx.clearRect(0, 0, w, h);
    const cell = Math.min(w, h) / 28;
    for (let i = 0; i < 784; i++) {
      const [r, c] = [Math.floor(i / 28), i % 28];
      ctx.beginPath();
      ctx.arc((c + 0.5) * cell, (r + 0.5) * cell, cell * 0.42, 0, 2 * Math.PI);
      ctx.fillStyle = grey(a0[i]);
      ctx.fill();
      ctx.strokeStyle = "rgba(255,255,255,0.18)";
      ctx.lineWidth = 0.5;
      ctx.stroke();
    }
    // The same neurons as one column (compressed: several neurons per screen pixel row).
    const col = this.$(".ls-column");
    const cx = col.getContext("2d");
    const [cw, ch] = fitCanvas(col, cx);
    cx.clearRect(0, 0, cw, ch);
    const step = ch / 784;
    for (let i = 0; i < 784; i++) {
      cx.fillStyle = grey(a0[i]);
      cx.fillRect(cw * 0.25, i * step, cw * 0.5, Math.max(step, 0.5));
    }
    if (!this.hoverBound) {
      this.hoverBound = true;
      grid.addEventListener("pointermove", (e) => {
        const r = grid.getBoundingClientRect();
        const c = Math.floor(((e.clientX - r.left) / r.width) * 28);
        const rr = Math.floor(((e.clientY - r.top) / r.height) * 28);
        if (c >= 0 && c < 28 && rr >= 0 && rr < 28) this.showPixel(rr * 28 + c);
      });
      // The keyboard's way to read a neuron: the arrows move from pixel to pixel.
      onKeys(grid, (e) => {
        const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
        if (!move) return false; // the arrows are the grid's here, not the scene list's
        const i = this.pixel ?? 0;
        const r = Math.max(0, Math.min(27, Math.floor(i / 28) + move[0]));
        const c = Math.max(0, Math.min(27, (i % 28) + move[1]));
        this.showPixel(r * 28 + c);
        this.showColumn();
        return true;
      });
    }
    this.showPixel(this.pixel ?? brightest(a0));
    const [pr, pc] = [Math.floor(this.pixel / 28), this.pixel % 28];
    ctx.strokeStyle = "#ffd84d";
    ctx.lineWidth = 2;
    ctx.strokeRect(pc * cell, pr * cell, cell, cell);
  }

  showPixel(i) {
    this.pixel = i;
    if (!this.a) return;
    const v = this.a[0][i];
    this.numbers.pixel = [i, v];
    this.numbers.column = Array.from(this.a[0]);
    this.out("pixel").innerHTML = `Neuron ${sym("a", 0, i)} (row ${Math.floor(i / 28) + 1}, column ${(i % 28) + 1}) holds <b>${decimals(v, 3)}</b>: 0 is black, 1 is white. Of the 784, ${count(countLit(this.a[0]))} are not 0.`;
  }

  showOutputs() {
    const out = this.a[this.depth];
    bars(this.$('canvas[data-canvas="outputs"]'), out, { lit: this.answer });
    this.out("answer").innerHTML = `The brightest output is <b>${this.answer}</b>: ${sym("a", L, this.answer)} = <b>${decimals(out[this.answer], 3)}</b>.` +
      (this.input.what === "random noise"
        ? out[this.answer] > 0.5
          ? " Noise has no digit in it, yet the network answers with confidence."
          : " Noise has no digit in it, yet the network still answers some digit."
        : "");
    this.numbers.outputs = Array.from(out);
  }

  showCost(st) {
    const terms = st.costTerms();
    const a = this.a[this.depth];
    this.out("terms").innerHTML = [...terms]
      .map((t, j) => `<tr${j === this.target ? ' class="ls-hot"' : ""}><td>${j}</td><td>${decimals(a[j], 3)}</td><td>${j === this.target ? 1 : 0}</td><td>${decimals(t, 4)}</td></tr>`)
      .join("");
    this.out("c0").textContent = decimals(st.cost(), 4);
    this.numbers.terms = Array.from(terms);
    this.numbers.c0 = st.cost();
    const right = this.answer === this.target;
    this.out("mean").innerHTML =
      `${right ? "The network is right, so C₀ is small" : `The network says ${this.answer}, not ${this.target}: C₀ is large`}.` +
      (this.evaluation ? ` Averaged over all ${count(this.testCount)} test images, the cost C = <b>${fmtNum(this.evaluation.cost)}</b>.` : "");
  }

  showNudges(st) {
    const g = st.activationGradient(L);
    const want = Float32Array.from(g, (v) => -v);
    this.numbers.nudges = Array.from(want);
    bars(this.$('canvas[data-canvas="nudges"]'), this.a[this.depth], { lit: this.target, arrows: want });
    const up = want[this.target];
    this.out("nudge").innerHTML = `For this ${this.target}, ${sym("a", L, this.target)} should go up (−∂C₀/∂${sym("a", L, this.target)} = ${fmtNum(up)}) and every other output down, ` +
      `each in proportion to how far it is from its target: −∂C₀/∂${sym("a", L, "j")} = −2(${sym("a", L, "j")} − yⱼ).`;
  }

  showWays(st) {
    const j = this.target;
    const prev = this.a[L - 1];
    const w = st.weightGradient(L); // ∂C₀/∂W⁽³⁾, row-major [j][k]
    const b = st.biasGradient(L)[j];
    const n = prev.length;
    const weights = this.session.parameters(this.net).weights[L - 1];
    const order = [...prev.keys()].sort((p, q) => prev[q] - prev[p]).slice(0, 4);
    const terms = order.map((k) => ({ k, a: prev[k], w: weights[j * n + k], grad: w[j * n + k], push: st.chainTerms(L - 1, k).products[j] }));
    this.numbers.ways = { b: -b, terms: terms.map((t) => ({ ...t, sum: st.chainTerms(L - 1, t.k).sum })) };
    this.out("ways-title").textContent = `Three ways to raise ${sym("a", L, j)} = ${decimals(this.a[L][j], 3)}`;
    this.out("ways").innerHTML = `
      <li><b>Raise its bias.</b> −∂C₀/∂${sym("b", L, j)} = <b>${fmtNum(-b)}</b>: the bias goes ${-b >= 0 ? "up" : "down"}.</li>
      <li><b>Raise its weights, in proportion to the activations they carry.</b> −∂C₀/∂${sym("w", L, j, "k")} = −δ${sym("", L, j)} · ${sym("a", L - 1, "k")}; the brightest neurons of layer 2 matter most (“neurons that fire together wire together”):
        <table class="ls-table"><thead><tr><th scope="col">k</th><th scope="col">${sym("a", L - 1, "k")}</th><th scope="col">${sym("w", L, j, "k")}</th><th scope="col">−∂C₀/∂${sym("w", L, j, "k")}</th></tr></thead><tbody>
        ${terms.map((t) => `<tr><td>${t.k}</td><td>${decimals(t.a, 3)}</td><td>${fmtNum(t.w)}</td><td>${fmtNum(-t.grad)}</td></tr>`).join("")}</tbody></table></li>
      <li><b>Change the activations of layer 2, in proportion to the weights.</b> This output alone asks ${sym("a", L - 1, "k")} to move by −${sym("w", L, j, "k")} δ${sym("", L, j)} — up where the weight is positive, down where it is negative:
        <table class="ls-table"><thead><tr><th scope="col">k</th><th scope="col">${sym("w", L, j, "k")}</th><th scope="col">this output's wish</th><th scope="col">all ten outputs: −∂C₀/∂${sym("a", L - 1, "k")}</th></tr></thead><tbody>
        ${terms.map((t) => `<tr><td>${t.k}</td><td>${fmtNum(t.w)}</td><td>${fmtNum(-t.push)}</td><td>${fmtNum(-st.chainTerms(L - 1, t.k).sum)}</td></tr>`).join("")}</tbody></table>
        The last column adds up every output's wish: that sum is what backpropagation passes back to layer 2, and then on to layer 1.</li>`;
  }

  showGradient(st) {
    const all = [];
    for (let l = 1; l <= this.depth; l++) {
      const gw = st.weightGradient(l);
      const n = gw.length / st.biasGradient(l).length;
      gw.forEach((g, i) => all.push({ p: { kind: "weight", l, j: Math.floor(i / n), k: i % n }, g }));
      st.biasGradient(l).forEach((g, j) => all.push({ p: { kind: "bias", l, j }, g }));
    }
    all.sort((p, q) => Math.abs(q.g) - Math.abs(p.g));
    const top = all.slice(0, TOP);
    this.numbers.gradient = { count: all.length, zero: all.filter((t) => t.g === 0).length, top: top.map((t) => [paramName(t.p), -t.g]) };
    hbars(this.$('canvas[data-canvas="gradient"]'), top.map((t) => [paramName(t.p), -t.g]));
    const zero = all.filter((t) => t.g === 0).length;
    this.out("gradient").innerHTML = `All ${count(all.length)} components of −∇C₀ for this image (= ${count(this.net.parameterCount())} parameters), sorted by size: the top ${TOP} are shown. ` +
      `${count(zero)} are exactly 0 — weights from input pixels that are black here, which this image gives no reason to change.`;
  }

  /**
   * The recursion, one layer at a time: a Stepper on this example walked to its cost step and
   * then `bwSteps` backward steps (its own next(), never its update); shown is what the layer
   * the walk has reached is asked to do, −∂C₀/∂a⁽ˡ⁾ = −W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾ — each neuron's share of
   * every wish of the layer after it.
   */
  showBackward() {
    const y = this.x.oneHot(this.target, 10);
    const st = this.session.stepper(WALK, this.net, this.input.x, y, 1);
    while (st.next().phase !== "cost");
    for (let i = 0; i < this.bwSteps; i++) st.next();
    const l = L - this.bwSteps;
    const want = Float32Array.from(st.activationGradient(l), (v) => -v);
    this.numbers.backward = { l, want: Array.from(want), phase: st.phase() };
    const bars = this.$('canvas[data-canvas="backward"]');
    const image = this.$('canvas[data-canvas="backward-image"]');
    bars.hidden = l === 0;
    image.hidden = l !== 0;
    if (l === 0) paintSigned(image, want);
    else signedBars(bars, want, l === L ? this.target : -1);
    const prev = this.$('button[data-act="bw-prev"]');
    const next = this.$('button[data-act="bw-next"]');
    prev.disabled = this.bwSteps === 0;
    next.disabled = this.bwSteps === L;
    const name = l === L ? "the ten outputs" : l === 0 ? "the 784 pixels" : `the 16 neurons of layer ${l}`;
    this.out("bw-title").textContent = `What this example asks of ${name}: −∂C₀/∂${sym("a", l, "j")}`;
    const f = l < L ? derivativeName(this.net.activationName(l + 1)) : "";
    this.out("backward").innerHTML =
      l === L
        ? `The cost step: −∂C₀/∂${sym("a", L, "j")} = −2(${sym("a", L, "j")} − yⱼ), up for the ${this.target} and down for the rest. Press “Back one layer”.`
        : `Backward step ${this.bwSteps} of ${L}: every neuron of layer ${l + 1} passes its wish back through its weights, ` +
          `∂C₀/∂${sym("a", l, "k")} = Σⱼ ${sym("w", l + 1, "j", "k")} ${f}(${sym("z", l + 1, "j")}) ∂C₀/∂${sym("a", l + 1, "j")}` +
          (l === 0 ? " — the pixels cannot change, but the weights into layer 1 can, in proportion to them." : ` — the same recursion goes on to layer ${l - 1}.`);
  }

  showWeights() {
    const { weights } = this.session.parameters(this.net);
    const w1 = weights[0];
    const box = this.out("weights");
    const n = w1.length / 784;
    box.innerHTML = [...Array(n).keys()].map((j) => `<canvas aria-label="Weights into ${sym("a", 1, j)}"></canvas>`).join("");
    [...box.querySelectorAll("canvas")].forEach((c, j) => paintSigned(c, w1.subarray(j * 784, (j + 1) * 784)));
  }

  fail(message) {
    this.error.textContent = `⚠ ${message}`;
    this.error.hidden = false;
  }

  destroy() {
    this.dead = true;
    this.worker?.stop();
    this.session.drop(STEPPER);
    this.session.drop(WALK);
    this.session.drop(NET);
  }
}

/** A neuron's grey for activation a in [0, 1] (lib/colors.js's activationGrey), as CSS. */
const grey = (a) => {
  const g = activationGrey(a);
  return `rgb(${g},${g},${g})`;
};
const brightest = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);
const countLit = (a) => a.reduce((n, v) => n + (v !== 0), 0);

/** Ten vertical bars of values in [0, 1], digit labels under them; optional nudge arrows. */
function bars(canvas, values, { lit = -1, arrows = null } = {}) {
  const ctx = canvas.getContext("2d");
  const [w, h] = fitCanvas(canvas, ctx);
  ctx.clearRect(0, 0, w, h);
  const n = values.length;
  const slot = w / n;
  const base = h - 22;
  const top = 14;
  const span = base - top;
  ctx.font = "13px sans-serif";
  ctx.textAlign = "center";
  for (let j = 0; j < n; j++) {
    const x = j * slot + slot * 0.2;
    const bw = slot * 0.6;
    const v = Math.max(0, Math.min(1, values[j]));
    ctx.fillStyle = "#1a1a1f";
    ctx.fillRect(x, top, bw, span);
    ctx.fillStyle = j === lit ? "#ffd84d" : grey(0.35 + 0.65 * v);
    ctx.fillRect(x, base - v * span, bw, v * span);
    ctx.fillStyle = j === lit ? "#ffd84d" : "rgba(255,255,255,0.75)";
    ctx.fillText(String(j), j * slot + slot / 2, h - 6);
    if (arrows) {
      const d = arrows[j];
      const y0 = base - v * span;
      const len = Math.max(-span, Math.min(span, d * span * 0.5));
      const x0 = j * slot + slot / 2;
      ctx.strokeStyle = ctx.fillStyle = css(d >= 0 ? BLUE : RED);
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x0, y0 - len);
      ctx.stroke();
      const tip = y0 - len;
      const s = Math.sign(len) || 1;
      ctx.beginPath();
      ctx.moveTo(x0, tip - s * 7);
      ctx.lineTo(x0 - 6, tip);
      ctx.lineTo(x0 + 6, tip);
      ctx.closePath();
      ctx.fill();
    }
  }
}

/** n vertical bars of signed values from a middle line (blue up, red down), index labels under them. */
function signedBars(canvas, values, lit = -1) {
  const ctx = canvas.getContext("2d");
  const [w, h] = fitCanvas(canvas, ctx);
  ctx.clearRect(0, 0, w, h);
  const n = values.length;
  const slot = w / n;
  const mid = (h - 18) / 2;
  const max = Math.max(1e-30, ...Array.from(values, Math.abs));
  ctx.strokeStyle = "rgba(255,255,255,0.3)";
  ctx.beginPath();
  ctx.moveTo(0, mid);
  ctx.lineTo(w, mid);
  ctx.stroke();
  ctx.font = "12px sans-serif";
  ctx.textAlign = "center";
  for (let j = 0; j < n; j++) {
    const v = values[j];
    const len = (Math.abs(v) / max) * (mid - 6);
    ctx.fillStyle = css(v >= 0 ? BLUE : RED);
    ctx.fillRect(j * slot + slot * 0.18, v >= 0 ? mid - len : mid, slot * 0.64, len);
    ctx.fillStyle = j === lit ? "#ffd84d" : "rgba(255,255,255,0.7)";
    ctx.fillText(String(j), j * slot + slot / 2, h - 4);
  }
}

/** Horizontal bars [label, value], blue for positive, red for negative, scaled by the largest. */
function hbars(canvas, rows) {
  const ctx = canvas.getContext("2d");
  const [w, h] = fitCanvas(canvas, ctx);
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1e-30, ...rows.map(([, v]) => Math.abs(v)));
  const row = h / rows.length;
  const left = Math.min(120, w * 0.32);
  const mid = left + (w - left - 70) / 2;
  const half = (w - left - 70) / 2;
  ctx.font = `${Math.min(14, row * 0.7)}px sans-serif`;
  ctx.textBaseline = "middle";
  rows.forEach(([label, v], i) => {
    const y = i * row + row / 2;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.textAlign = "right";
    ctx.fillText(label, left - 8, y);
    ctx.fillStyle = css(v >= 0 ? BLUE : RED);
    const len = (Math.abs(v) / max) * half;
    ctx.fillRect(v >= 0 ? mid : mid - len, y - row * 0.32, len, row * 0.64);
    ctx.fillStyle = "rgba(255,255,255,0.7)";
    ctx.textAlign = "left";
    ctx.fillText(fmtNum(v, 3), w - 66, y);
  });
  ctx.strokeStyle = "rgba(255,255,255,0.3)";
  ctx.beginPath();
  ctx.moveTo(mid, 0);
  ctx.lineTo(mid, h);
  ctx.stroke();
}
