// Chapter 3 of 3Blue1Brown's series, "What is backpropagation really doing?", as lesson scenes.
// Plain data; the fields are described in chapter1.js. An "average" scene lists `examples`
// ({ x, y }) and shows each one's desired nudge of `param` and their average.

export default {
  title: "What backpropagation is really doing",
  scenes: [
    {
      title: "Every example has its own desires",
      kind: "average",
      network: { layers: [1, 1, 1, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 3 },
      param: { kind: "bias", l: 3, j: 0 },
      examples: [
        { x: [0.1], y: [0] },
        { x: [0.4], y: [1] },
        { x: [0.7], y: [1] },
        { x: [0.9], y: [0] },
        { x: [0.5], y: [1] },
      ],
      text:
        "One training example wants the output nudged its own way: up where its target is 1, down " +
        "where it is 0, and harder the further off the output is. Backpropagation works out, for that " +
        "one example, how each weight and bias would have to move. Averaged over all the examples, " +
        "those desires are the negative gradient −∇<i>C</i>: the step gradient descent takes.",
      try: "Move the bias until the average desire is 0: the examples that want it up and those that want it down balance — a minimum of C along b⁽³⁾.",
    },
  ],
};
