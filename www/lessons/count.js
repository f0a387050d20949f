// Lesson scene kind "count": the parameters of a network, layer by layer — W⁽ˡ⁾ has n_l × n_{l−1}
// weights and b⁽ˡ⁾ has n_l biases — and their total, all counted by the core (the network's
// layout and Network.parameterCount()), with the matrix form of one layer. The student can type
// other layer sizes; a shape the core refuses is named and the last good one is kept.

import { sym, mo, mrow, mi } from "../lib/backprop-math.js";
import { activationName, count } from "../lib/notation.js";
import { NET } from "./scene-net.js";


export class CountScene {
  constructor(root, scene, session) {
    this.session = session;
    this.scene = scene;
    root.innerHTML = `
      <div class="ls-count">
        <label class="ls-layers">Layer sizes <input type="text" inputmode="numeric" spellcheck="false" data-name="layers"></label>
        <p class="error" role="alert" hidden></p>
        <p class="ls-total" aria-live="polite"></p>
        <table class="ls-table"><thead><tr><th scope="col">layer</th><th scope="col">weights</th><th scope="col">biases</th></tr></thead><tbody></tbody></table>
        <div class="ls-math"></div>
      </div>`;
    this.input = root.querySelector("input");
    this.error = root.querySelector(".error");
    this.total = root.querySelector(".ls-total");
    this.body = root.querySelector("tbody");
    this.math = root.querySelector(".ls-math");
    this.input.value = scene.network.layers.join(", ");
    this.input.addEventListener("change", () => this.setLayers(this.input.value));
    this.build(scene.network.layers);
  }

  /** Layer sizes typed by the student: whole numbers separated by commas or spaces. */
  setLayers(text) {
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const bad = parts.find((p) => !/^\d+$/.test(p));
    if (bad !== undefined || parts.length < 2) {
      this.fail(bad !== undefined ? `"${bad}" is not a whole number of neurons` : "a network needs at least an input and an output layer, e.g. 784, 16, 10");
      return;
    }
    try {
      this.build(parts.map(Number));
    } catch (e) {
      this.fail(e.message);
    }
  }

  fail(message) {
    this.error.textContent = `⚠ ${message} — kept ${this.sizes.join(", ")}`;
    this.error.hidden = false;
  }

  build(layers) {
    const net = this.session.network(NET, { ...this.scene.network, layers });
    this.error.hidden = true;
    const v = this.session.views(net);
    this.sizes = v.sizes;
    this.input.value = v.sizes.join(", ");
    const rows = [];
    for (let l = 1; l <= v.L; l++) {
      rows.push(
        `<tr><th scope="row">${l}</th><td data-count="w${l}">${v.sizes[l]} × ${v.sizes[l - 1]} = ${count(v.layout.weightsLen[l])}</td>` +
          `<td data-count="b${l}">${count(v.layout.biasesLen[l])}</td></tr>`,
      );
    }
    this.body.innerHTML = rows.join("");
    this.count = net.parameterCount();
    this.total.innerHTML = `<b data-count="total">${count(this.count)}</b> weights and biases in all: ${count(this.count)} knobs to turn.`;
    const f = mi(activationName(this.scene.network.activation));
    this.math.innerHTML =
      `<math display="block">${mrow(sym("a", 1), mo("="), f, mo("("), sym("W", 1), sym("a", 0), mo("+"), sym("b", 1), mo(")"))}</math>` +
      `<p class="ls-dims">W⁽¹⁾ is ${v.sizes[1]} × ${v.sizes[0]}: one row of weights per neuron of layer 1, one column per neuron of layer 0; ` +
      `a⁽⁰⁾ is ${v.sizes[0]} × 1 and b⁽¹⁾ ${v.sizes[1]} × 1.</p>`;
  }

  destroy() {
    this.session.drop(NET);
  }
}
