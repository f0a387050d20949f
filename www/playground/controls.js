// The header and data-column controls: fill the option lists from Rust's names(), report user
// changes as store patches, and show the store's values. No model access here.

import { SPEEDS } from "../app/store.js";
import { parseDecimal } from "../lib/notation.js";
import { esc, mathNumber, mi, mo, mrow } from "../lib/backprop-math.js";

const SELECTS = ["regularization", "optimizer", "cost", "init", "speed"];
const NUMBERS = ["learningRate", "regularizationRate", "seed"];
const RANGES = ["noise", "trainFraction", "batchSize"];
const PRETTY = {
  sigmoid: "Sigmoid σ", tanh: "Tanh", relu: "ReLU", leakyRelu: "Leaky ReLU", linear: "Linear", softmax: "Softmax",
  quadratic: "Quadratic", crossEntropy: "Cross-entropy", normal: "Normal N(0,1)", xavier: "Xavier", he: "He",
  uniform: "Uniform", zeros: "Zeros", sgd: "SGD", momentum: "Momentum", adam: "Adam", none: "None", l1: "L1", l2: "L2",
  batch: "1 batch / frame", epoch: "1 epoch / frame", "10epochs": "10 epochs / frame", max: "as fast as possible",
};
const PLAY_ICON = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d="M7 4l13 8-13 8z" fill="currentColor"/></svg>';
const PAUSE_ICON = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><rect x="6" y="4" width="4" height="16" fill="currentColor"/><rect x="14" y="4" width="4" height="16" fill="currentColor"/></svg>';
export const pretty = (name) => PRETTY[name] || name;

// ---- the update rule beside the optimizer and regularization controls --------------------------
// The core's conventions (src/optimizer.rs), written out: g = ∂C/∂w of the mean cost C over the
// mini-batch plus the penalty (weights only; biases use ∂C/∂b); then SGD, momentum or Adam.

const sub = (base, i) => `<msub>${base}<mn>${i}</mn></msub>`;
const beta = (i) => sub(mi("β"), i);
const hat = (x) => `<mover accent="true">${mi(x)}<mo>^</mo></mover>`;
const math = (...parts) => `<math>${mrow(...parts)}</math>`;
const dCdw = mrow(mo("∂"), mi("C"), mo("/"), mo("∂"), mi("w"));
const [w, v, g, eta, arrow, minus, plus] = [mi("w"), mi("v"), mi("g"), mi("η"), mo("←"), mo("−"), mo("+")];
/** "symbol = value", marked with the constant's name and exact value for the tests. */
const constant = (name, symbol, value) => `<math data-const="${name}" data-value="${value}">${mrow(symbol, mo("="), mathNumber(value))}</math>`;

/** The momentum convention in words (a tooltip; plain text, so no powers). */
export const MOMENTUM_HELP =
  "Momentum here: v ← μv − η ∂C/∂w, then w ← w + v (the core's convention). " +
  "PyTorch's SGD writes v ← μv + ∂C/∂w, w ← w − ηv: the same steps while η stays fixed " +
  "(its v is this v divided by −η), but there η sits outside v, so changing η mid-run acts at once on the whole velocity.";

/**
 * The optimizer's update rule as MathML and its constants (the core's μ, β₁, β₂, ε):
 * { name, rule, constants, note }. g is the gradient with the penalty (regularizationRule).
 */
export function optimizerRule(kind, c) {
  if (kind === "momentum") {
    return {
      name: "Momentum",
      rule: [math(v, arrow, mi("μ"), v, minus, eta, g), math(w, arrow, w, plus, v)],
      constants: [constant("momentum", mi("μ"), c.momentum)],
      note: "PyTorch puts η outside v: v ← μv + g, w ← w − ηv",
    };
  }
  if (kind === "adam") {
    const power = (i) => `<msubsup>${mi("β")}<mn>${i}</mn>${mi("t")}</msubsup>`;
    const paren1 = (x) => mrow(mo("("), "<mn>1</mn>", minus, x, mo(")"));
    return {
      name: "Adam",
      rule: [
        math(mi("m"), arrow, beta(1), mi("m"), plus, paren1(beta(1)), g),
        math(mi("s"), arrow, beta(2), mi("s"), plus, paren1(beta(2)), `<msup>${g}<mn>2</mn></msup>`),
        math(hat("m"), mo("="), mi("m"), mo("/"), paren1(power(1))),
        math(hat("s"), mo("="), mi("s"), mo("/"), paren1(power(2))),
        math(w, arrow, w, minus, eta, hat("m"), mo("/"), mrow(mo("("), `<msqrt>${hat("s")}</msqrt>`, plus, mi("ε"), mo(")"))),
      ],
      constants: [constant("beta1", beta(1), c.beta1), constant("beta2", beta(2), c.beta2), constant("epsilon", mi("ε"), c.epsilon)],
      note: "t: steps so far",
    };
  }
  return { name: "SGD", rule: [math(w, arrow, w, minus, eta, g)], constants: [], note: "" };
}

/** The gradient g with the regularization penalty as MathML: { name, rule }. */
export function regularizationRule(kind, lambda) {
  const l = mi("λ");
  if (kind === "l1") return { name: "L1 regularization", rule: math(g, mo("="), dCdw, plus, l, mi("sign"), mrow(mo("("), w, mo(")"))) };
  if (kind === "l2") return { name: "L2 regularization", rule: math(g, mo("="), dCdw, plus, l, w) };
  return { name: "No regularization", rule: math(g, mo("="), dCdw) };
}

/** The λ control's label: which penalty it scales. */
const lambdaLabel = (kind) => `${kind === "l1" ? "L1 regularization" : kind === "l2" ? "L2 regularization" : "Regularization"} <i>λ</i>`;

export function fillSelect(select, list) {
  select.replaceChildren(...list.map((n) => new Option(pretty(n), n)));
}

export class Controls {
  /**
   * @param {Document} doc
   * @param {object} names  Rust's names()
   * @param {{ constants, onChange(patch), onPlay(), onStep(), onReset(), onNewSeed(), onClearPoints(), onPickClass(label) }} cb
   *   `constants`: the core's optimizer constants { momentum, beta1, beta2, epsilon } (session.optimizerConstants())
   */
  constructor(doc, names, cb) {
    this.doc = doc;
    this.cb = cb;
    const $ = (id) => doc.getElementById(id);
    this.$ = $;
    for (const id of SELECTS) {
      fillSelect($(id), id === "speed" ? SPEEDS : names[id === "regularization" ? "regularizations" : id + "s"]);
      $(id).addEventListener("change", () => cb.onChange({ [id]: $(id).value }));
    }
    // "Activation" sets every hidden layer at once (each layer also has its own select).
    fillSelect($("activation"), names.activations.filter((a) => a !== "softmax"));
    $("activation").addEventListener("change", () => cb.onChange({ activationAll: $("activation").value }));
    for (const id of NUMBERS) {
      // A decimal comma is a decimal point ("0,03"); anything else not a number is refused by
      // the page with the field's name, and the field's value kept.
      $(id).addEventListener("change", () => cb.onChange({ [id]: parseDecimal($(id).value) }));
    }
    for (const id of RANGES) {
      $(id).addEventListener("input", () => ($(`${id}-value`).textContent = this.rangeText(id, $(id).value)));
      $(id).addEventListener("change", () => cb.onChange({ [id]: Number($(id).value) }));
    }
    $("showTest").addEventListener("change", () => cb.onChange({ showTest: $("showTest").checked }));
    $("play").addEventListener("click", () => cb.onPlay());
    $("step").addEventListener("click", () => cb.onStep());
    $("reset").addEventListener("click", () => cb.onReset());
    $("newSeed").addEventListener("click", () => cb.onNewSeed());
    $("clearPoints").addEventListener("click", () => cb.onClearPoints());
    $("pointValue").addEventListener("input", () => {
      $("pointValue-value").textContent = $("pointValue").value;
      cb.onPickClass(Number($("pointValue").value));
    });
    this.classKey = "";
    this.constants = cb.constants;
    this.rulesKey = "";
    $("optimizer").title = MOMENTUM_HELP;
  }

  /** The update rule of the chosen optimizer and penalty, with μ, β₁, β₂, ε and λ. */
  renderRules(values) {
    const { optimizer, regularization, regularizationRate } = values;
    const key = `${optimizer} ${regularization} ${regularizationRate}`;
    if (key === this.rulesKey) return;
    this.rulesKey = key;
    const $ = this.$;
    const o = optimizerRule(optimizer, this.constants);
    const sep = '<span class="rule-sep">,</span> ';
    $("optimizer-rule").dataset.optimizer = optimizer;
    $("optimizer-rule").title = optimizer === "momentum" ? MOMENTUM_HELP : "";
    $("optimizer-rule").innerHTML =
      `<span class="caption">Update</span> <span class="rule-name">${esc(o.name)}:</span> ${o.rule.join(sep)}` +
      (o.constants.length ? ` <span class="rule-constants">(${o.constants.join(sep)})</span>` : "") +
      (o.note ? ` <small class="rule-note">${esc(o.note)}</small>` : "");
    const r = regularizationRule(regularization, regularizationRate);
    const lambda = regularization === "none" ? "" : ` <span class="rule-constants">(${constant("lambda", mi("λ"), regularizationRate)})</span>`;
    $("regularization-rule").dataset.regularization = regularization;
    $("regularization-rule").innerHTML =
      `<span class="caption">Gradient</span> <span class="rule-name">${esc(r.name)}:</span> ${r.rule}${lambda}` +
      ` <small class="rule-note">C: the mean cost over the mini-batch; biases: ∂C/∂b, never regularized</small>`;
    $("regularizationRate-label").innerHTML = lambdaLabel(regularization);
  }

  rangeText(id, v) {
    return id === "batchSize" ? String(v) : `${v}%`;
  }

  /** Show the store's values; never overwrite a field the user is typing in. */
  render(values, { playing, outputs, isRegression, pointLabel }) {
    const $ = this.$;
    const active = this.doc.activeElement;
    for (const id of [...SELECTS, ...NUMBERS, ...RANGES]) {
      const el = $(id);
      // Never overwrite a number field while it has focus: the user may be typing in it (a frame
      // drawn between a keystroke and Enter must not reset the text).
      if (el === active && (NUMBERS.includes(id) || el.getAttribute("aria-invalid") === "true")) continue;
      if (String(el.value) !== String(values[id])) el.value = values[id];
    }
    for (const id of RANGES) $(`${id}-value`).textContent = this.rangeText(id, values[id]);
    const acts = new Set(values.activations);
    $("activation").value = acts.size === 1 ? values.activations[0] : "";
    $("activation").disabled = values.activations.length === 0;
    $("showTest").checked = values.showTest;
    const play = $("play");
    const label = playing ? "Pause" : "Play";
    if (play.getAttribute("aria-label") !== label || !play.firstChild) {
      play.setAttribute("aria-label", label);
      play.innerHTML = playing ? PAUSE_ICON : PLAY_ICON;
      play.classList.toggle("playing", playing);
    }
    $("clearPoints").disabled = values.customPoints.length === 0;
    this.renderRules(values);
    this.renderClassPicker(outputs, isRegression, pointLabel);
  }

  renderClassPicker(outputs, isRegression, pointLabel) {
    const $ = this.$;
    $("value-picker").hidden = !isRegression;
    $("legend-c2").hidden = isRegression || outputs < 3;
    // Three classes: the legend shows the markers' shapes too (lib/colors.js markerPath).
    $("legend-c2").parentElement.classList.toggle("three", !isRegression && outputs >= 3);
    const picker = $("class-picker");
    picker.hidden = isRegression;
    const key = isRegression ? "reg" : String(Math.max(2, outputs));
    if (key !== this.classKey) {
      this.classKey = key;
      const n = isRegression ? 0 : Math.max(2, outputs);
      picker.replaceChildren(
        ...Array.from({ length: n }, (_, c) => {
          const label = this.doc.createElement("label");
          label.className = `class-option c${c}`;
          const input = this.doc.createElement("input");
          Object.assign(input, { type: "radio", name: "point-class", value: String(c) });
          input.addEventListener("change", () => this.cb.onPickClass(c));
          label.append(input, ` class ${c}`);
          return label;
        }),
      );
    }
    for (const input of picker.querySelectorAll("input")) input.checked = Number(input.value) === pointLabel;
    if (isRegression) $("pointValue-value").textContent = String(pointLabel);
  }

  /** Mark a control as holding a value that was not accepted (or clear the mark). */
  markInvalid(fields, invalid) {
    for (const f of fields) {
      const el = this.$(f === "activationAll" ? "activation" : f);
      if (!el) continue;
      if (invalid) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    }
  }
}
