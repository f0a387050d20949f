// Chapter 1 of 3Blue1Brown's series, "But what is a neural network?", as lesson scenes. Plain
// data (docs/ARCHITECTURE.md, "Lessons"): each scene names a kind (a module of www/lessons/
// that draws it from the real core), the network it builds, and its text; a teacher edits the
// words and numbers here and adds a scene of an existing kind with no new code.
//
// Fields: title; kind ("neuron", "count", "chain"); network (a Network config for the core);
// the kind's own settings; text (a few sentences, HTML allowed for <i> and <b>); try (the one
// thing to do).

export default {
  title: "What is a neural network?",
  scenes: [
    {
      title: "Weighted sum and bias",
      kind: "neuron",
      network: { layers: [1, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 },
      w: 1.5,
      b: -2,
      input: 0.9,
      activations: ["sigmoid"],
      text:
        "A neuron of the next layer takes the activations of the layer before, each times a weight, " +
        "and adds them up: the weighted sum <i>z</i>. The bias <i>b</i> is added to that sum: it says how " +
        "high the weighted sum must be before the neuron becomes meaningfully active. Then the sigmoid " +
        "σ squishes <i>z</i> into the range 0 to 1 — the neuron's activation.",
      try: "Move the bias to −5: the same input now leaves the neuron nearly off. How large must w be to switch it on again?",
    },
    {
      title: "The squish: sigmoid and ReLU",
      kind: "neuron",
      network: { layers: [1, 1], activation: "relu", outputActivation: "relu", cost: "quadratic", init: "xavier", seed: 1 },
      w: 1,
      b: -0.3,
      input: 0.6,
      activations: ["relu", "sigmoid", "tanh"],
      text:
        "The sigmoid was the classic choice, but modern networks mostly use ReLU, the rectified linear " +
        "unit: max(0, <i>z</i>). It is 0 until the weighted sum passes the threshold the bias sets, and " +
        "then grows with it. Deep networks train far more easily with it.",
      try: "Switch between ReLU and sigmoid with the same w and b: where do the two neurons agree, and where not?",
    },
    {
      title: "13,002 knobs",
      kind: "count",
      network: { layers: [784, 16, 16, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 },
      text:
        "The digit network has 784 input neurons (one per pixel of a 28 × 28 image), two hidden layers " +
        "of 16 neurons each and 10 outputs. Every connection has a weight and every neuron after the input has a bias. " +
        "Learning means finding good values for all of them. In matrix form, a whole layer is one line: " +
        "<i>a</i>⁽¹⁾ = σ(<i>W</i><i>a</i>⁽⁰⁾ + <i>b</i>).",
      try: "Change the hidden layers (e.g. 784, 100, 10): the core counts the weights and biases again.",
    },
  ],
};
