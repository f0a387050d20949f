// Chapter 4 of 3Blue1Brown's series, "Backpropagation calculus", as lesson scenes: the chain of
// one neuron per layer. Plain data; the fields are described in chapter1.js. A "chain" scene
// walks one example through the core's Stepper and shows the chain rule of `param` with each
// factor live; `slider` is the parameter the student moves.

const chain = { layers: [1, 1, 1, 1], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 3 };

export default {
  title: "Backpropagation calculus",
  scenes: [
    {
      title: "One neuron per layer",
      kind: "chain",
      network: chain,
      x: [0.7],
      y: [1],
      param: { kind: "weight", l: 3, j: 0, k: 0 },
      text:
        "Take the simplest network: one neuron per layer. The cost of one example is " +
        "<i>C</i>₀ = (<i>a</i>⁽³⁾ − <i>y</i>)², with <i>z</i>⁽³⁾ = <i>w</i>⁽³⁾<i>a</i>⁽²⁾ + <i>b</i>⁽³⁾ and " +
        "<i>a</i>⁽³⁾ = σ(<i>z</i>⁽³⁾). A nudge to <i>w</i>⁽³⁾ nudges <i>z</i>⁽³⁾, which nudges <i>a</i>⁽³⁾, " +
        "which nudges <i>C</i>₀: the chain rule multiplies the three ratios.",
      try: "Make ε smaller and smaller: the measured ratio ΔC₀/Δw approaches the product of the three factors.",
    },
    {
      title: "The bias, and the neuron before",
      kind: "chain",
      network: chain,
      x: [0.7],
      y: [1],
      param: { kind: "bias", l: 3, j: 0 },
      text:
        "For the bias the first factor is ∂<i>z</i>⁽³⁾/∂<i>b</i>⁽³⁾ = 1, so its derivative is the other two " +
        "factors alone. And the cost's sensitivity to the previous activation, ∂<i>C</i>₀/∂<i>a</i>⁽²⁾, has " +
        "<i>w</i>⁽³⁾ as its first factor: that is the number backpropagation carries one layer back.",
      try: "Move w⁽³⁾ to 0: the cost stops caring about a⁽²⁾ — ∂C₀/∂a⁽²⁾ becomes 0.",
    },
    {
      title: "Iterating backward",
      kind: "chain",
      network: chain,
      x: [0.7],
      y: [1],
      param: { kind: "weight", l: 2, j: 0, k: 0 },
      text:
        "One layer further back the same three factors appear, with ∂<i>C</i>₀/∂<i>a</i>⁽²⁾ from the layer " +
        "above in place of 2(<i>a</i>⁽³⁾ − <i>y</i>). Repeating this down the chain gives the derivative of " +
        "the cost with respect to every weight and bias.",
      try: "Set y to 0 instead of 1: which factor changes sign, and what happens to ∂C₀/∂w⁽²⁾?",
    },
    {
      title: "The average over training examples",
      kind: "average",
      network: chain,
      param: { kind: "weight", l: 3, j: 0, k: 0 },
      examples: [
        { x: [0.2], y: [0] },
        { x: [0.7], y: [1] },
        { x: [0.95], y: [1] },
      ],
      text:
        "Everything so far was the cost <i>C</i>₀ of one example. The full cost <i>C</i> is the average " +
        "over the <i>n</i> training examples, so its derivative is the average of theirs: " +
        "∂<i>C</i>/∂<i>w</i>⁽³⁾ = (1/<i>n</i>) Σₖ ∂<i>C</i>ₖ/∂<i>w</i>⁽³⁾ — one component of the gradient ∇<i>C</i>.",
      try: "Compare the average row with the whole set's ∂C/∂w⁽³⁾ below it: the core computed them two different ways.",
    },
    {
      title: "Several neurons per layer",
      kind: "chain",
      network: { layers: [2, 3, 2], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 5 },
      x: [0.6, 0.2],
      y: [1, 0],
      param: { kind: "weight", l: 2, j: 1, k: 0 },
      carry: 0,
      text:
        "With several neurons per layer only the indices change: <i>w</i>⁽ˡ⁾ⱼₖ connects neuron <i>k</i> of " +
        "layer <i>l</i> − 1 to neuron <i>j</i> of layer <i>l</i>, and <i>C</i>₀ = Σⱼ (<i>a</i>⁽ᴸ⁾ⱼ − <i>y</i>ⱼ)². " +
        "What is new is that a neuron of the layer before influences the cost through every neuron it " +
        "feeds, so ∂<i>C</i>₀/∂<i>a</i>⁽ᴸ⁻¹⁾ₖ is a sum over <i>j</i>. From here the Backprop tab walks any network step by step.",
      try: "Move w⁽²⁾₀₀: it changes one term of the sum for ∂C₀/∂a⁽¹⁾₀, but not ∂C₀/∂w⁽²⁾₁₀ of the other output neuron.",
    },
  ],
};
