// The input features (issue 15): TF Playground's feature column left of the network. One toggle
// button per feature the core names (names().features: X₁, X₂, X₁², X₂², X₁X₂, sin(X₁), sin(X₂)),
// pressed when the network has that input neuron; a click or Space / Enter toggles it through the
// page's change({ features }), which the core checks and builds the network from. The last one
// cannot be turned off: the network needs an input (a notice says so). The list is kept in the
// core's order, which is the order of the input neurons.

import { featureLabel } from "../lib/notation.js";

/** What a screen reader says for each feature (the visible label is featureLabel's). */
const SPOKEN = { x1: "X1", x2: "X2", x1sq: "X1 squared", x2sq: "X2 squared", x1x2: "X1 times X2", sinx1: "sine of X1", sinx2: "sine of X2" };

export class FeatureToggles {
  /**
   * @param {HTMLElement} root  the group's element (role="group")
   * @param {string[]} names  the core's feature names, in input-neuron order
   * @param {{ onChange(features: string[]), onRefuse(text: string) }} callbacks
   */
  constructor(root, names, callbacks) {
    this.root = root;
    this.names = names;
    this.callbacks = callbacks;
    this.current = [];
    this.buttons = new Map();
    for (const name of names) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "feature";
      b.dataset.feature = name;
      // The name is the visible label and, for a screen reader, the feature in words.
      const spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = ` — input feature ${SPOKEN[name] ?? name}`;
      b.append(featureLabel(name), spoken);
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", () => this.toggle(name));
      root.append(b);
      this.buttons.set(name, b);
    }
  }

  /** Turn one feature on or off (the last one stays on, with a notice). */
  toggle(name) {
    const on = !this.current.includes(name);
    const next = this.names.filter((n) => (n === name ? on : this.current.includes(n)));
    if (next.length === 0) {
      this.callbacks.onRefuse(`${featureLabel(name)} is the only input feature left: the network needs at least one input, so turn another one on first`);
      return;
    }
    this.callbacks.onChange(next);
  }

  /** Show the store's features (pressed = an input neuron of the network). */
  render(features) {
    this.current = [...features];
    for (const [name, b] of this.buttons) {
      const on = features.includes(name);
      b.setAttribute("aria-pressed", String(on));
      b.title = on ? `${featureLabel(name)} is an input neuron: click to remove it` : `Click to add ${featureLabel(name)} as an input neuron`;
    }
  }
}
