// Chapter 1 of 3Blue1Brown's series, "But what is a neural network?", as lesson scenes. Plain
// data (docs/ARCHITECTURE.md, "Lessons"): each scene names a kind (a module of www/lessons/
// that draws it from the real core), the network it builds, and its text; a teacher edits the
// words and numbers here and adds a scene of an existing kind with no new code.
//
// Fields: title; kind (a key of lessons/mode.js's KINDS: "neuron", "count", "digit", …); network (a Network config for the core);
// the kind's own settings; text (a few sentences, HTML allowed for <i> and <b>); try (the one
// thing to do).

export default {
  title: "What is a neural network?",
  scenes: [
    {
      title: "A neuron holds a number",
      kind: "digit",
      // Any 784-16-16-10 network: this scene shows only its input layer.
      network: { layers: [784, 16, 16, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 },
      views: ["column"],
      digit: 5,
      text:
        "For now, a neuron is a thing that holds a number between 0 and 1, its <i>activation</i>. The network " +
        "starts with 784 of them, one for each pixel of a 28 × 28 image: 0 for a black pixel, 1 for a white " +
        "one, and greys between. Laid out in a column, those 784 numbers are the first layer, <i>a</i>⁽⁰⁾ — " +
        "everything the network ever sees of the image.",
      try: "Draw a digit on the pad (or pick a test digit) and point at the grid, or focus it and use the arrow keys: each neuron's number is the brightness of its pixel.",
    },
    {
      title: "The hope: edges, then loops, then digits",
      kind: "edge",
      network: { layers: [784, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 },
      weight: 1,
      bias: -10,
      // The neuron's 784 weights as 28 rows of 28: "+" is +weight, "-" is −weight, "." is 0.
      // A horizontal stroke in rows 7–9, columns 7–22, with negative bands above and below.
      pattern: [
        "............................",
        "............................",
        "............................",
        "......----------------......",
        "......----------------......",
        "............................",
        "......++++++++++++++++......",
        "......++++++++++++++++......",
        "......++++++++++++++++......",
        "............................",
        "......----------------......",
        "......----------------......",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
        "............................",
      ],
      text:
        "The hope for the layers in between: that a neuron of the second layer lights up for a little " +
        "edge, one of the third for a loop or a long line, and the output for the digit those pieces make. " +
        "This is a hope, not a guarantee. Here is one such edge neuron, its weights set by hand: positive " +
        "(blue) along a short horizontal stroke, negative (red) just above and below it, so ink on the " +
        "stroke raises its weighted sum and ink around it lowers it. The bias −10 keeps it dark unless the " +
        "stroke is really there.",
      try: "Draw a horizontal line through the blue band (or press “Draw the edge it looks for”): the neuron lights up. Draw it lower, or draw a vertical line through the band: it stays dark.",
    },
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
