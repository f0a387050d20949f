// The Backprop tab's panel (#backprop-panel): example picker, step buttons, the phase bar (an
// aria-live region), what the current step computed, the chain rule of the chosen parameter
// (MathML), the nudge check and the mini-batch table. It only shows what it is given: every
// number is the core's (backprop-mode.js reads them from the Stepper and the JS API).

import { esc, chainRule, hiddenSum, zExpansion } from "../lib/backprop-math.js";
import { layer as sup, sym, paramName, derivativeName, activationName, fmtNum, featureLabel } from "../lib/notation.js";

const el = (tag, attrs = {}, html = "") => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (html) e.innerHTML = html;
  return e;
};
/** A table cell with the core's number; data-q/l/j let tests and screen readers find it. */
const cell = (q, l, j, v) => `<td data-q="${q}" data-l="${l}" data-j="${j}">${fmtNum(v)}</td>`;

/** "Forward · layer 2 of 3" and friends. */
export function phaseText({ phase, layer, L }) {
  switch (phase) {
    case "start": return "Start · step forward (→) to begin";
    case "forward": return `Forward · layer ${layer} of ${L}`;
    case "cost": return "Cost · compare the output with the target";
    case "backward": return `Backward · layer ${layer} of ${L}`;
    case "update": return "Update · w ← w − η ∂C₀/∂w (plain gradient descent)";
    default: return "Done · one training step on this example";
  }
}

export class BackpropPanel {
  /** @param {HTMLElement} root  #backprop-panel; cb: { onStep(dir), onRun(), onRestart(), onExample(i), onNextExample(), onParam(p), onEps(eps), onFocusNeuron(l, j) } */
  constructor(root, cb) {
    this.root = root;
    root.innerHTML = `
      <h2 id="bp-title">Backprop · one example</h2>
      <div class="bp-example">
        <label>Example <input id="bp-example" type="number" min="0" step="1" inputmode="numeric"></label>
        <span id="bp-example-count" class="bp-dim"></span>
        <button id="bp-next-example" type="button">Next example</button>
        <div id="bp-example-values" class="bp-xy"></div>
      </div>
      <div class="bp-top">
        <div class="bp-picker-slot"></div>
        <div class="bp-controls" role="toolbar" aria-label="Backprop steps">
          <button id="bp-back" type="button" title="Step back (←)">◀ Step back</button>
          <button id="bp-forward" type="button" class="bp-primary" title="Step forward (→)">Step forward ▶</button>
          <button id="bp-run" type="button">Run to end »</button>
          <button id="bp-restart" type="button">Restart</button>
        </div>
      </div>
      <p id="bp-notice" class="bp-note" role="status" hidden></p>
      <div id="bp-phase" class="bp-phase" role="status" aria-live="polite" aria-atomic="true"></div>
      <div id="bp-pips" class="bp-pips" aria-hidden="true"></div>
      <section class="bp-chain" aria-labelledby="bp-chain-title">
        <h3 id="bp-chain-title">Chain rule</h3>
        <div class="bp-pick">
          <select id="bp-kind" aria-label="Parameter kind"><option value="weight">weight w</option><option value="bias">bias b</option></select>
          <label>l <select id="bp-l" aria-label="Layer l"></select></label>
          <label>j <select id="bp-j" aria-label="Neuron j"></select></label>
          <label id="bp-k-label">k <select id="bp-k" aria-label="Neuron k of the layer before"></select></label>
        </div>
        <p class="bp-dim bp-hint">or click a weight or neuron in the network · “?” = not computed yet</p>
        <div id="bp-chain-math" class="bp-math" aria-live="polite"></div>
        <p id="bp-softmax-note" class="bp-note" hidden>A softmax output couples its neurons: every a⁽ᴸ⁾ⱼ depends on every z⁽ᴸ⁾, so ∂a/∂z is a matrix and there is no single derivative f′(z) per neuron. The chain goes through δ⁽ᴸ⁾ⱼ = ∂C₀/∂z⁽ᴸ⁾ⱼ, shown directly.</p>
        <div id="bp-hidden-math" class="bp-math"></div>
      </section>
      <details class="bp-step-box" open>
        <summary><h3 id="bp-step-title">This step</h3></summary>
        <section id="bp-step" class="bp-step" aria-labelledby="bp-step-title"></section>
        <div id="bp-z-math" class="bp-math"></div>
      </details>
      <details class="bp-nudge" open>
        <summary><h3 id="bp-nudge-title">Nudge check</h3></summary>
        <label>nudge by ε <input id="bp-eps" type="number" step="any" value="0.01" inputmode="decimal"></label>
        <dl id="bp-nudge" aria-live="polite"></dl>
      </details>
      <details class="bp-batch" open>
        <summary><h3 id="bp-batch-title">Mini-batch</h3></summary>
        <p id="bp-batch-caption" class="bp-dim"></p>
        <div class="bp-batch-scroll" tabindex="0" role="region" aria-label="The mini-batch's examples (scrolls)"><table id="bp-batch"></table></div>
      </details>`;
    const $ = (id) => root.querySelector(`#${id}`);
    this.$ = $;
    $("bp-back").addEventListener("click", () => cb.onStep(-1));
    $("bp-forward").addEventListener("click", () => cb.onStep(1));
    $("bp-run").addEventListener("click", () => cb.onRun());
    $("bp-restart").addEventListener("click", () => cb.onRestart());
    $("bp-next-example").addEventListener("click", () => cb.onNextExample());
    $("bp-example").addEventListener("change", (e) => cb.onExample(Number(e.target.value)));
    $("bp-eps").addEventListener("change", (e) => cb.onEps(Number(e.target.value)));
    const pick = () => cb.onParam({ kind: $("bp-kind").value, l: Number($("bp-l").value), j: Number($("bp-j").value), k: Number($("bp-k").value) });
    for (const id of ["bp-kind", "bp-l", "bp-j", "bp-k"]) $(id).addEventListener("change", pick);
    const focusNeuron = (e) => {
      const b = e.target.closest?.("[data-neuron]");
      if (b) cb.onFocusNeuron(Number(b.dataset.l), Number(b.dataset.j));
    };
    $("bp-step").addEventListener("focusin", focusNeuron);
    $("bp-step").addEventListener("pointerover", focusNeuron);
  }

  /** The step area, phase bar and buttons for snapshot st (see backprop-mode.js). */
  render(st) {
    const $ = this.$;
    $("bp-phase").textContent = phaseText(st);
    $("bp-back").setAttribute("aria-disabled", String(st.phase === "start"));
    $("bp-forward").setAttribute("aria-disabled", String(st.phase === "done"));
    $("bp-run").setAttribute("aria-disabled", String(st.phase === "done"));
    // The phases in the stepper's own order (the core's derived::phase_order).
    const name = (p) => (p.layer ? `${p.phase} ${p.layer}` : p.phase);
    const steps = st.phases.map(name);
    const now = name(st);
    $("bp-pips").innerHTML = steps.map((s) => `<span class="${s === now ? "on" : ""}" title="${s}"></span>`).join("");
    $("bp-step").innerHTML = this.stepHtml(st);
  }

  stepHtml(st) {
    const { phase, layer: l, L } = st;
    const rows = (n, f) => range(0, n - 1).map(f).join("");
    const neuron = (l, j) => `<th><button type="button" data-neuron data-l="${l}" data-j="${j}">${sym("a", l, j)}</button></th>`;
    if (phase === "start") {
      const f = activationName(st.activations[1]);
      return `<p>The example x = (${st.x.map((v) => fmtNum(v)).join(", ")}) enters as a⁽⁰⁾. Step forward to compute layer 1: z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾, a⁽¹⁾ = ${f}(z⁽¹⁾).</p>`;
    }
    if (phase === "forward") {
      const soft = st.activations[l] === "softmax";
      return `<p>z${sup(l)} = W${sup(l)}a${sup(l - 1)} + b${sup(l)}, then a${sup(l)} = ${activationName(st.activations[l])}(z${sup(l)}). Focus a neuron for its sum.</p>
        <table><thead><tr><th>neuron</th><th>z${sup(l)}ⱼ</th><th>a${sup(l)}ⱼ</th><th>${soft ? "∂a/∂z" : `${derivativeName(st.activations[l])}(z${sup(l)}ⱼ)`}</th></tr></thead><tbody>${rows(st.sizes[l], (j) =>
          `<tr>${neuron(l, j)}${cell("z", l, j, st.z[l][j])}${cell("a", l, j, st.a[l][j])}${soft ? "<td>coupled</td>" : cell("fprime", l, j, st.fprime[l][j])}</tr>`)}</tbody></table>`;
    }
    if (phase === "cost") {
      const aL = `a${sup(L)}ⱼ`;
      const term = st.costName === "quadratic" ? `(${aL} − yⱼ)²` : st.activations[L] === "softmax" ? `−yⱼ ln ${aL}` : `−[yⱼ ln ${aL} + (1−yⱼ) ln(1−${aL})]`;
      return `<p>Each output against its target y; C₀ is the sum of the terms.</p>
        <table><thead><tr><th>output</th><th>${aL}</th><th>yⱼ</th><th>${term}</th></tr></thead><tbody>${rows(st.sizes[L], (j) =>
          `<tr>${neuron(L, j)}${cell("a", L, j, st.a[L][j])}${cell("y", L, j, st.y[j])}${cell("term", L, j, st.costTerms[j])}</tr>`)}</tbody>
        <tfoot><tr><th colspan="3">C₀ = Σ</th><td data-q="cost">${fmtNum(st.costValue)}</td></tr></tfoot></table>`;
    }
    if (phase === "backward") {
      const soft = st.activations[l] === "softmax";
      const d = `δ${sup(l)}ⱼ`, fp = derivativeName(st.activations[l]);
      return `<p>${d} = ∂C₀/∂z${sup(l)}ⱼ${soft ? " (softmax: the whole Jacobian)" : ` = ${fp}(z${sup(l)}ⱼ) · ∂C₀/∂a${sup(l)}ⱼ`} is drawn on each neuron (blue +, red −, size |δ|), ∂C₀/∂w${sup(l)}ⱼₖ = a${sup(l - 1)}ₖ ${d} on the incoming weights.</p>
        <table><thead><tr><th>neuron</th><th>∂C₀/∂a${sup(l)}ⱼ</th><th>${soft ? "∂a/∂z" : `${fp}(z${sup(l)}ⱼ)`}</th><th>${d} = ∂C₀/∂b${sup(l)}ⱼ</th></tr></thead><tbody>${rows(st.sizes[l], (j) =>
          `<tr>${neuron(l, j)}${cell("da", l, j, st.da[l][j])}${soft ? "<td>coupled</td>" : cell("fprime", l, j, st.fprime[l][j])}${cell("delta", l, j, st.delta[l][j])}</tr>`)}</tbody></table>`;
    }
    const after = `<p>Cost on this example: C₀ <span data-q="costBefore">${fmtNum(st.costValue)}</span> → <span data-q="costAfter">${fmtNum(st.costAfter)}</span> (η = <span data-q="eta">${fmtNum(st.eta)}</span>)</p>`;
    const rule = `<p class="bp-note" data-note="updateRule">This walk uses plain gradient descent on this one example: w ← w − η ∂C₀/∂w, b ← b − η ∂C₀/∂b.${trainerNote(st.trainer)}</p>`;
    if (phase === "update") return `<p>Every weight and bias moved by −η ∂C₀/∂w: watch the lines change.</p>${rule}${after}`;
    return `${after}${rule}<p>Step back to undo exactly, or pick another example.</p>`;
  }

  /** The parameter pickers for the network's shape and the chosen parameter p. */
  renderPicker(p, sizes) {
    const $ = this.$;
    const L = sizes.length - 1;
    const options = (sel, lo, hi, v) => {
      sel.innerHTML = range(lo, hi).map((i) => `<option value="${i}"${i === v ? " selected" : ""}>${i}</option>`).join("");
    };
    $("bp-kind").value = p.kind;
    options($("bp-l"), 1, L, p.l);
    options($("bp-j"), 0, sizes[p.l] - 1, p.j);
    options($("bp-k"), 0, sizes[p.l - 1] - 1, p.k ?? 0);
    $("bp-k-label").hidden = p.kind !== "weight";
  }

  /** Chain-rule MathML for p with values v; hidden: { n, terms, softmax } or null. */
  /** act: layer l's activation; hidden.act: layer l + 1's. */
  renderChain(p, v, { softmax, act, hidden }) {
    const $ = this.$;
    $("bp-chain-math").innerHTML = chainRule(p, v, { softmax, act });
    $("bp-softmax-note").hidden = !softmax;
    $("bp-hidden-math").innerHTML = hidden
      ? `<p class="bp-dim">Layer ${p.l} is hidden, so ∂C₀/∂${sym("a", p.l, p.j)} sums over the ${hidden.n} neurons of layer ${p.l + 1}:</p>${hiddenSum(p.l, p.j, hidden.n, hidden.terms, { softmax: hidden.softmax, act: hidden.act })}`
      : "";
  }

  renderZ(l, j, values) {
    this.$("bp-z-math").innerHTML = values ? `<p class="bp-dim">Neuron ${sym("a", l, j)}:</p>${zExpansion(l, j, values)}` : "";
  }

  /** A line above the step area (e.g. why the walk started again), or "" for none. */
  renderNotice(text) {
    const n = this.$("bp-notice");
    n.textContent = text;
    n.hidden = !text;
  }

  /**
   * The example's input and target. With input features other than X₁, X₂ (issue 15) the input
   * a⁽⁰⁾ is the point's features, each shown with its name: a⁽⁰⁾ = (X₁² = 0.09, sin(X₂) = …).
   */
  renderExample(i, count, x, y, features = ["x1", "x2"]) {
    const $ = this.$;
    if (document.activeElement !== $("bp-example")) $("bp-example").value = String(i);
    $("bp-example").max = String(count - 1);
    $("bp-example-count").textContent = `of ${count} training points`;
    const plain = features.length === 2 && features[0] === "x1" && features[1] === "x2";
    const input = plain ? `x = (${x.map((v) => fmtNum(v)).join(", ")})` : `a${sup(0)} = (${x.map((v, k) => `${featureLabel(features[k])} = ${fmtNum(v)}`).join(", ")})`;
    $("bp-example-values").textContent = `${input} · y = (${y.map((v) => fmtNum(v)).join(", ")})`;
  }

  /**
   * n = stepper.nudge(…) or an Error; p the parameter. Before the backward step of p's layer
   * the core has no ∂C₀/∂p to compare with, so the check waits (`pending` is that message).
   */
  renderNudge(n, eps, p, { pending = false } = {}) {
    const dl = this.$("bp-nudge");
    if (n instanceof Error) {
      dl.innerHTML = pending ? `<dt>⏳</dt><dd class="bp-dim" data-q="nudgePending">${esc(n.message)}</dd>` : `<dt>⚠</dt><dd>${esc(n.message)}</dd>`;
      return;
    }
    const name = p ? paramName(p) : "w";
    const d = p?.kind === "bias" ? "∂C₀/∂b" : "∂C₀/∂w";
    dl.innerHTML = `<dt>C₀ before → after ${name} + ε</dt><dd><span data-q="nudgeBefore">${fmtNum(n.costBefore, 8)}</span> → <span data-q="nudgeAfter">${fmtNum(n.costAfter, 8)}</span></dd>
      <dt>ΔC₀ measured (a new forward pass, in f64)</dt><dd data-q="nudgeActual">${fmtNum(n.actual)}</dd>
      <dt>${d} · ε predicted</dt><dd><span data-q="nudgeGradient">${fmtNum(n.gradient)}</span> × ${fmtNum(eps)} = <span data-q="nudgePredicted">${fmtNum(n.predicted)}</span></dd>
      <dt>ΔC₀ / ε → ${d} as ε → 0</dt><dd data-q="nudgeRatio">${fmtNum(n.actual / eps, 6)}</dd>
      <dd class="bp-dim bp-fine">The costs are computed in double precision, so ΔC₀ keeps its digits for small ε; the gradient itself is f32 (about 7 digits).</dd>`;
  }

  /** g = exampleGradients(…) over examples `indices` (or an Error). */
  renderBatch(g, indices, { walk = false } = {}) {
    const $ = this.$;
    if (g instanceof Error) {
      $("bp-batch-caption").textContent = g.message;
      $("bp-batch").innerHTML = "";
      return;
    }
    const at = walk ? " At the weights this walk computed with (before its update), like the chain rule above." : "";
    $("bp-batch-caption").textContent = `The ${indices.length} examples of the next mini-batch (the one Step trains on): each one's desired nudge −∂C₀/∂w; their average is the batch gradient's nudge.${at}`;
    const rows = indices.map((ex, i) => `<tr><th>#${ex}</th><td data-q="exampleGradient" data-j="${i}">${fmtNum(g.perExample[i])}</td><td>${arrow(g.perExample[i])} ${fmtNum(-g.perExample[i])}</td></tr>`).join("");
    $("bp-batch").innerHTML = `<thead><tr><th>example</th><th>∂C₀/∂w</th><th>desired nudge</th></tr></thead><tbody>${rows}</tbody>
      <tfoot><tr><th>average</th><td data-q="batchMean">${fmtNum(g.mean)}</td><td>${arrow(g.mean)} ${fmtNum(-g.mean)}</td></tr>
      <tr><th>batch ∂C/∂w</th><td data-q="batchGradient">${fmtNum(g.batch)}</td><td></td></tr></tfoot>`;
  }
}

const OPTIMIZERS = { sgd: "plain SGD", momentum: "SGD with momentum (v ← μv − η∇C, w ← w + v)", adam: "Adam (w ← w − η m̂/(√v̂ + ε))" };
/** What the playground's own Step does differently from this walk, or "". */
function trainerNote(t) {
  if (!t) return "";
  const parts = [];
  if (t.optimizer && t.optimizer !== "sgd") parts.push(OPTIMIZERS[t.optimizer] ?? t.optimizer);
  if (t.regularization && t.regularization !== "none" && t.regularizationRate > 0) parts.push(`${t.regularization.toUpperCase()} regularization λ = ${fmtNum(t.regularizationRate)}`);
  const how = parts.length ? ` uses ${parts.join(" with ")}, averaged over a mini-batch` : " averages the gradient over a mini-batch";
  return ` The Playground's Step${how}; this walk shows the gradient of one example, so its step differs.`;
}

const arrow = (g) => (g > 0 ? "↓" : g < 0 ? "↑" : "·");
const range = (lo, hi) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
