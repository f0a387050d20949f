// Chapter 2 of 3Blue1Brown's series, "Gradient descent, how neural networks learn", as lesson
// scenes. Plain data; the fields are described in chapter1.js. A "descent" scene names the
// `examples` its cost is measured on, the `param` the ball moves along, its `range`, the
// `starts` offered and the learning rate `eta`. A "field" scene names the `pair` of
// parameters, their `range` ([minA, maxA, minB, maxB]), the `arrows` a side of the −∇C field,
// the heatmap's `resolution`, the ball's `start` and `eta`.

export default {
  title: "Gradient descent",
  scenes: [
    {
      title: "Rolling downhill in one dimension",
      kind: "descent",
      // A 1-2-1 network on six points; C along w⁽¹⁾₁₀ has two valleys (found by a search of
      // seeds: the one at w ≈ 1.0 is deeper than the one at w ≈ −5.0).
      network: { layers: [1, 2, 1], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 36 },
      examples: [
        { x: [-1], y: [0] },
        { x: [-0.7], y: [0] },
        { x: [-0.3], y: [1] },
        { x: [0.1], y: [1] },
        { x: [0.4], y: [0] },
        { x: [0.8], y: [1] },
      ],
      param: { kind: "weight", l: 1, j: 1, k: 0 },
      range: [-8, 4],
      starts: [3, -7],
      eta: 40,
      text:
        "Forget the 13,002 dimensions for a moment: here the cost depends on one weight alone, every " +
        "other parameter held still. To find a minimum, look at the slope where you are and step " +
        "downhill: <i>w</i> ← <i>w</i> − η ∂<i>C</i>/∂<i>w</i>. Steps are big where the slope is steep " +
        "and shrink as the ball settles into a valley. Which valley depends on where it starts — the " +
        "minimum it finds is local, not necessarily the lowest.",
      try: "Start at w⁽¹⁾₁₀ = 3, take 20 steps; then start at −7 and do the same: the two balls stop in different valleys at different costs.",
    },
    {
      title: "Two inputs: the gradient field",
      kind: "field",
      // The network and the six points of the scene before, now over two of its weights:
      // w⁽¹⁾₁₀ (the one the ball rolled along) and w⁽²⁾₀₁. tests/lesson_paths.rs holds these
      // numbers too: change them together.
      network: { layers: [1, 2, 1], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 36 },
      examples: [
        { x: [-1], y: [0] },
        { x: [-0.7], y: [0] },
        { x: [-0.3], y: [1] },
        { x: [0.1], y: [1] },
        { x: [0.4], y: [0] },
        { x: [0.8], y: [1] },
      ],
      pair: [{ kind: "weight", l: 1, j: 1, k: 0 }, { kind: "weight", l: 2, j: 0, k: 1 }],
      range: [-8, 4, -6, 6],
      arrows: 12,
      resolution: 64,
      start: [2.5, -4],
      eta: 10,
      text:
        "With two parameters the cost is a surface over a plane: here dark is low <i>C</i>, bright is " +
        "high. At every point the gradient ∇<i>C</i> = (∂<i>C</i>/∂<i>w</i>₁, ∂<i>C</i>/∂<i>w</i>₂) points " +
        "in the direction of steepest ascent, and its length says how steep; so −∇<i>C</i>, the arrows, " +
        "points straight downhill. A gradient-descent step is (<i>w</i>₁, <i>w</i>₂) ← (<i>w</i>₁, <i>w</i>₂) − η∇<i>C</i>: " +
        "follow the arrows and the ball settles into a valley.",
      try: "Click anywhere on the surface to place the ball and take 20 steps: the path follows the arrows, across the contour lines. In the narrow valley η = 10 overshoots from side to side; try η = 2 there.",
    },
    {
      title: "Sigmoid is a slow learner",
      kind: "race",
      // The Playground's settings for both runs; each variant sets every hidden layer's activation.
      playground: {
        dataset: "circle", points: 500, noise: 0, trainFraction: 50, seed: 1,
        hidden: [6, 6, 6, 6], outputActivation: "sigmoid", cost: "quadratic", init: "xavier",
        optimizer: "sgd", learningRate: 0.1, batchSize: 10, regularization: "none", regularizationRate: 0,
      },
      variants: [
        { label: "sigmoid", activation: "sigmoid" },
        { label: "ReLU", activation: "relu" },
      ],
      batches: 1000,
      perFrame: 10,
      text:
        "The same network — four hidden layers of six — trained on the same circle data from the same " +
        "start, once with sigmoids and once with ReLU. The sigmoid's slope is at most ¼, so every layer " +
        "the gradient passes back through shrinks it: the first layers barely learn (their |∂<i>C</i>/∂<i>W</i>| " +
        "is tiny) and the cost sits still. ReLU's slope is 1 wherever it is active.",
      try: "Train both for 1,000 mini-batches and compare the two costs, and the first layer's gradient against the last one's.",
    },
  ],
};
