// Per-layer controls above the network: for each hidden layer, − / + neurons and its activation;
// above the output, the output activation. Columns line up with the network view because both
// place columns with scale.js's networkLayout.

import { columnSpacing, networkLayout, networkPad } from "../lib/scale.js";
import { plural } from "../lib/notation.js";
import { fillSelect } from "./controls.js";
import { MAX_NEURONS, MAX_HIDDEN_LAYERS } from "../app/store.js";

/** Column spacing (CSS px) from which a full box ("4 neurons", a wide select) fits over its column. */
const FULL_BOX = 150;
/** Below this spacing even a compact box (− 4 +) does not fit: the boxes flow in a wrapping row. */
const ALIGNED_MIN = 78;

export class LayerControls {
  /**
   * @param {HTMLElement} container  absolutely positioned over the top of the network canvas
   * @param {HTMLCanvasElement} canvas  the network canvas (for its width)
   * @param {object} names  Rust's names()
   * @param {{ onChange(patch) }} cb
   */
  constructor(container, canvas, names, cb, doc = document) {
    this.container = container;
    this.canvas = canvas;
    this.names = names;
    this.cb = cb;
    this.doc = doc;
    this.key = "";
    this.values = null;
    const $ = (id) => doc.getElementById(id);
    $("addLayer").addEventListener("click", () => this.changeLayers(+1));
    $("removeLayer").addEventListener("click", () => this.changeLayers(-1));
    this.$ = $;
  }

  changeLayers(delta) {
    const v = this.values;
    const hidden = v.hidden.slice();
    const activations = v.activations.slice();
    if (delta > 0 && hidden.length < MAX_HIDDEN_LAYERS) {
      hidden.push(hidden.length ? hidden[hidden.length - 1] : 4);
      activations.push(activations.length ? activations[activations.length - 1] : this.defaultActivation);
    } else if (delta < 0 && hidden.length > 0) {
      hidden.pop();
      activations.pop();
    } else return;
    this.cb.onChange({ hidden, activations });
  }

  changeNeurons(i, delta) {
    const hidden = this.values.hidden.slice();
    const n = hidden[i] + delta;
    if (n < 1 || n > MAX_NEURONS) return;
    hidden[i] = n;
    this.cb.onChange({ hidden });
  }

  /** Rebuild the boxes when the shape or the width changed; otherwise just sync values. */
  render(values, defaultActivation) {
    this.values = values;
    this.defaultActivation = defaultActivation;
    const $ = this.$;
    $("net-title").textContent = plural(values.hidden.length, "hidden layer");
    $("addLayer").disabled = values.hidden.length >= MAX_HIDDEN_LAYERS;
    $("removeLayer").disabled = values.hidden.length === 0;
    const width = this.canvas.clientWidth;
    const key = `${values.hidden.join(",")}|${width}|${values.features}`;
    if (key !== this.key) {
      this.key = key;
      this.build(values, width);
    }
    this.container.querySelectorAll("select[data-layer]").forEach((s) => {
      const l = Number(s.dataset.layer);
      const want = l <= values.hidden.length ? values.activations[l - 1] : values.outputActivation;
      if (s.value !== want) s.value = want;
    });
  }

  /**
   * The boxes: over their columns when the columns are far enough apart for a box each (a
   * compact box, the count as a bare number, when they are close), otherwise a row of labelled
   * boxes that wraps above the network — so they never overlap at any width or shape.
   */
  build(values, width) {
    const focusedId = this.doc.activeElement && this.container.contains(this.doc.activeElement) ? this.doc.activeElement.id : null;
    const sizes = [2, ...values.hidden, 1];
    const { columns } = networkLayout(sizes, width, 100, networkPad(values.features));
    const spacing = columnSpacing(columns, width);
    const compact = spacing < FULL_BOX;
    const boxWidth = Math.min(FULL_BOX, spacing) - 6;
    const xs = spacing >= ALIGNED_MIN ? boxPlaces(columns.slice(1).map((c) => c.x), boxWidth, 6, width) : null;
    const aligned = xs !== null;
    this.container.classList.toggle("flow", !aligned);
    this.container.parentElement?.classList.toggle("flow", !aligned);
    this.container.classList.toggle("compact", aligned && compact);
    const boxes = [];
    const hiddenActs = this.names.activations.filter((a) => a !== "softmax");
    values.hidden.forEach((n, i) => {
      const l = i + 1;
      const box = this.doc.createElement("div");
      box.className = "layer-box";
      const minus = this.button(`minus-${l}`, "−", `Remove neuron from layer ${l}`, () => this.changeNeurons(i, -1), n <= 1);
      const plus = this.button(`plus-${l}`, "+", `Add neuron to layer ${l}`, () => this.changeNeurons(i, +1), n >= MAX_NEURONS);
      const count = this.doc.createElement("span");
      count.className = "count";
      count.textContent = aligned && !compact ? plural(n, "neuron") : aligned ? String(n) : `layer ${l}: ${n}`;
      count.title = `Layer ${l}: ${plural(n, "neuron")}`;
      const row = this.doc.createElement("div");
      row.className = "row";
      row.append(minus, count, plus);
      box.append(row, this.select(l, hiddenActs, `Activation of layer ${l}`, (v) => {
        const activations = this.values.activations.slice();
        activations[i] = v;
        this.cb.onChange({ activations });
      }));
      boxes.push(box);
    });
    const out = this.doc.createElement("div");
    out.className = "layer-box output-box";
    const cap = this.doc.createElement("span");
    cap.className = "count";
    cap.textContent = "output";
    out.append(cap, this.select(sizes.length - 1, this.names.activations, "Output activation", (v) => this.cb.onChange({ outputActivation: v })));
    boxes.push(out);
    this.container.replaceChildren(...boxes);
    // Aligned boxes are as wide as the space between columns (less a gap).
    if (aligned) {
      boxes.forEach((b, i) => {
        b.style.width = `${boxWidth}px`;
        b.style.left = `${xs[i]}px`;
      });
    }
    if (focusedId) {
      const again = this.doc.getElementById(focusedId);
      if (again && !again.disabled) again.focus();
    }
  }

  button(id, text, label, onClick, disabled) {
    const b = this.doc.createElement("button");
    Object.assign(b, { id, type: "button", textContent: text, disabled, className: "round small" });
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  select(l, list, label, onChange) {
    const s = this.doc.createElement("select");
    s.id = `act-${l}`;
    s.dataset.layer = String(l);
    s.setAttribute("aria-label", label);
    fillSelect(s, list);
    s.addEventListener("change", () => onChange(s.value));
    return s;
  }
}

/**
 * Centres for boxes of `w` px over columns at `xs` (ascending), each kept inside [0, width] and
 * at least `w + gap` from the next — the edge boxes pushed inwards, their neighbours after them —
 * or null when they cannot all fit.
 */
export function boxPlaces(xs, w, gap, width) {
  const at = xs.map((x) => Math.max(w / 2, Math.min(width - w / 2, x)));
  for (let i = 1; i < at.length; i++) at[i] = Math.max(at[i], at[i - 1] + w + gap);
  if (at.length) at[at.length - 1] = Math.min(at[at.length - 1], width - w / 2);
  for (let i = at.length - 2; i >= 0; i--) at[i] = Math.min(at[i], at[i + 1] - w - gap);
  return at.length && at[0] < w / 2 - 1e-6 ? null : at;
}
