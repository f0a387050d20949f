// Lesson scene kind "chain": the chain rule on a small network (one neuron per layer, 1-1-1-1,
// as in chapter 4, or a few per layer). One example (x, y) is walked through the core's Stepper up to the backward
// step of layer 1; the scene shows the dependency chain w⁽ˡ⁾, a⁽ˡ⁻¹⁾, b⁽ˡ⁾ → z⁽ˡ⁾ → a⁽ˡ⁾ → C₀
// with the live values, the chain rule of the scene's parameter with each factor (lib/
// backprop-math.js's chainRule, as in the Backprop tab), ∂C₀/∂a⁽ᴸ⁻¹⁾ (the number carried one
// layer back), and the nudge check: C₀ measured again at p + ε, ΔC₀/ε beside ∂C₀/∂p. Sliders
// move w⁽ᴸ⁾ and the scene's parameter; y and ε are chosen.

import { chainRule, hiddenSum, partial, C0, sym, mrow, mo, mi, mn, paren } from "../lib/backprop-math.js";
import { fmtNum, paramName, sym as text } from "../lib/notation.js";
import { weightIndex } from "../lib/layout.js";
import { slider, choice } from "./controls.js";
import { NET, getParam, setParam } from "./scene-net.js";

const STEPPER = "lesson-stepper";
const EPSILONS = [0.1, 0.01, 0.001, 0.0001];
/** Enough steps to reach the backward step of layer 1 in any network the core allows. */
const MAX_PHASES = 64;

export class ChainScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    this.param = scene.param;
    this.y = scene.y.slice();
    this.eps = 0.01;
    this.net = session.network(NET, scene.network);
    this.L = this.net.depth();
    this.act = scene.network.activation;
    root.innerHTML = `
      <div class="ls-chain">
        <ol class="ls-tree" aria-label="What depends on what"></ol>
        <div class="ls-math ls-rule" aria-live="polite"></div>
        <div class="ls-math ls-back"></div>
        <dl class="ls-nudge"></dl>
        <div class="ls-controls"></div>
      </div>`;
    this.tree = root.querySelector(".ls-tree");
    this.rule = root.querySelector(".ls-rule");
    this.back = root.querySelector(".ls-back");
    this.nudge = root.querySelector(".ls-nudge");
    const controls = root.querySelector(".ls-controls");
    const L = this.L;
    const top = { kind: "weight", l: L, j: 0, k: 0 };
    const value = (p) => getParam(this.net, p);
    const set = (p, v) => {
      setParam(this.net, p, v);
      this.update();
    };
    this.shown = [[top, slider(controls, { label: paramName(top), name: "top", min: -6, max: 6, step: 0.05, value: value(top), onInput: (v) => set(top, v) })]];
    const same = this.param.kind === "weight" && this.param.l === L;
    if (!same) this.shown.push([this.param, slider(controls, { label: paramName(this.param), name: "param", min: -6, max: 6, step: 0.05, value: value(this.param), onInput: (v) => set(this.param, v) })]);
    this.value = value;
    if (this.y.length === 1) choice(controls, { label: "target y", name: "y", options: [["1", "y = 1"], ["0", "y = 0"]], value: this.y[0], onChange: (v) => { this.y = [Number(v)]; this.update(); } });
    choice(controls, { label: "nudge ε", name: "eps", options: EPSILONS.map((e) => [String(e), `ε = ${e}`]), value: this.eps, onChange: (v) => { this.eps = Number(v); this.update(); } });
    this.update();
  }

  /** Walks the example to the backward step of layer 1 and shows what the core computed. */
  update() {
    const s = this.session.stepper(STEPPER, this.net, this.scene.x, this.y, 0.1);
    for (let i = 0; i < MAX_PHASES; i++) {
      const { phase, layer } = s.next();
      if (phase === "backward" && layer === 1) break;
    }
    const { l, j } = this.param;
    const k = this.param.k ?? 0;
    const L = this.L;
    const v = {
      aPrev: s.a(l - 1)[k],
      fprime: s.derivative(l)[j],
      dCda: s.activationGradient(l)[j],
      grad: this.param.kind === "weight" ? s.weightGradient(l)[weightIndex(s.a(l - 1).length, j, k)] : s.biasGradient(l)[j],
    };
    this.values = v;
    this.cost = s.cost();
    // ∂C₀/∂a⁽ᴸ⁾ⱼ of the quadratic cost, 2(a⁽ᴸ⁾ⱼ − yⱼ), with the core's numbers.
    const aL = s.a(L)[j];
    const y = this.y.length === 1 ? mi("y") : `<msub><mi>y</mi><mn>${j}</mn></msub>`;
    const costStep = `<math display="block">${mrow(partial(C0, sym("a", L, j)), mo("="), mn(2), paren(mrow(sym("a", L, j), mo("−"), y)), mo("="), mn(2), paren(mrow(mn(aL, "aL"), mo("−"), mn(this.y[j], "y"))), mo("="), mn(s.activationGradient(L)[j], "dCdaL"))}</math>`;
    this.rule.innerHTML = chainRule(this.param, v, { act: this.act }) + (l === L ? costStep : "");
    for (const [p, sl] of this.shown) sl.show(this.value(p));
    // ∂C₀/∂a⁽ᴸ⁻¹⁾ₖ: the sum over the neurons j of layer L of w⁽ᴸ⁾ⱼₖ · σ′(z⁽ᴸ⁾ⱼ) · ∂C₀/∂a⁽ᴸ⁾ⱼ.
    const carry = this.scene.carry ?? 0;
    this.carried = s.chainTerms(L - 1, carry);
    this.back.innerHTML = hiddenSum(L - 1, carry, s.a(L).length, this.carried, { act: this.act });
    // The chain from the input to the cost, each value the core's (a layer of several neurons
    // as a list).
    const list = (v) => (v.length === 1 ? fmtNum(v[0]) : `(${Array.from(v, (x) => fmtNum(x)).join(", ")})`);
    const items = [`${text("a", 0)} = ${list(s.a(0))}`];
    for (let m = 1; m <= L; m++) {
      items.push(`${text("z", m)} = ${text("W", m)}${text("a", m - 1)} + ${text("b", m)} = ${list(s.z(m))}`);
      items.push(`${text("a", m)} = ${this.act === "sigmoid" ? "σ" : this.act}(${text("z", m)}) = ${list(s.a(m))}`);
    }
    const one = this.y.length === 1;
    items.push(`C₀ = ${one ? "" : "Σⱼ "}(${text("a", L)}${one ? "" : "ⱼ"} − y${one ? "" : "ⱼ"})² = ${fmtNum(this.cost)}  (y = ${list(this.y)})`);
    this.tree.innerHTML = items.map((t, i) => `<li${i === items.length - 1 ? ' class="ls-cost"' : ""}>${t}</li>`).join("");
    const n = s.nudge(this.param.kind, l, j, k, this.eps);
    this.nudged = n;
    const name = paramName(this.param);
    this.nudge.innerHTML =
      `<dt>C₀ at ${name} + ε (a new forward pass, in f64)</dt><dd data-q="after">${fmtNum(n.costAfter, 6)}</dd>` +
      `<dt>ΔC₀ measured</dt><dd data-q="actual">${fmtNum(n.actual)}</dd>` +
      `<dt>ΔC₀ / ε</dt><dd data-q="ratio">${fmtNum(n.actual / this.eps, 6)}</dd>` +
      `<dt>∂C₀/∂${name} (the chain rule above)</dt><dd data-q="gradient">${fmtNum(n.gradient, 6)}</dd>`;
  }

  destroy() {
    this.session.drop(STEPPER);
    this.session.drop(NET);
  }
}
