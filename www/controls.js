// The header and data-column controls: fill the option lists from Rust's names(), report user
// changes as store patches, and show the store's values. No model access here.

import { SPEEDS } from "./state.js";

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

export function fillSelect(select, list) {
  select.replaceChildren(...list.map((n) => new Option(pretty(n), n)));
}

export class Controls {
  /**
   * @param {Document} doc
   * @param {object} names  Rust's names()
   * @param {{ onChange(patch), onPlay(), onStep(), onReset(), onNewSeed(), onClearPoints(), onPickClass(label) }} cb
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
      $(id).addEventListener("change", () => cb.onChange({ [id]: Number($(id).value === "" ? NaN : $(id).value) }));
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
    this.renderClassPicker(outputs, isRegression, pointLabel);
  }

  renderClassPicker(outputs, isRegression, pointLabel) {
    const $ = this.$;
    $("value-picker").hidden = !isRegression;
    $("legend-c2").hidden = isRegression || outputs < 3;
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
