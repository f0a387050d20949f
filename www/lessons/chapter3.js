// Chapter 3 of 3Blue1Brown's series, "What is backpropagation really doing?", as lesson scenes.
// Plain data; the fields are described in chapter1.js. An "average" scene lists `examples`
// ({ x, y }) and shows each one's desired nudge of `param` and their average. An "sgd" scene
// races full-batch descent against mini-batch SGD on the `pair` of parameters over `range`
// ([minA, maxA, minB, maxB]) from `start`, with `eta`, `steps`, `batch` and the shuffle's `seed`,
// and counts the gradient evaluations each needs to reach C ≤ `target`.

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
    {
      title: "Stochastic gradient descent",
      kind: "sgd",
      // A 1-3-1 network on 41 points x = −1, −0.95, …, 1 (y = 1 where |x| < 0.5); the plane is
      // its output neuron's weight w⁽²⁾₀₀ and bias b⁽²⁾₀. tests/lesson_paths.rs holds these
      // numbers too (change them together): from (2, −3) with η = 2, 40 steps and batches of 4,
      // SGD reaches C ≤ 0.3 with far fewer per-example gradient evaluations than full batch.
      network: { layers: [1, 3, 1], activation: "tanh", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 5 },
      examples: [
        { x: [-1], y: [0] }, { x: [-0.95], y: [0] }, { x: [-0.9], y: [0] }, { x: [-0.85], y: [0] }, { x: [-0.8], y: [0] },
        { x: [-0.75], y: [0] }, { x: [-0.7], y: [0] }, { x: [-0.65], y: [0] }, { x: [-0.6], y: [0] }, { x: [-0.55], y: [0] },
        { x: [-0.5], y: [0] }, { x: [-0.45], y: [1] }, { x: [-0.4], y: [1] }, { x: [-0.35], y: [1] }, { x: [-0.3], y: [1] },
        { x: [-0.25], y: [1] }, { x: [-0.2], y: [1] }, { x: [-0.15], y: [1] }, { x: [-0.1], y: [1] }, { x: [-0.05], y: [1] },
        { x: [0], y: [1] }, { x: [0.05], y: [1] }, { x: [0.1], y: [1] }, { x: [0.15], y: [1] }, { x: [0.2], y: [1] },
        { x: [0.25], y: [1] }, { x: [0.3], y: [1] }, { x: [0.35], y: [1] }, { x: [0.4], y: [1] }, { x: [0.45], y: [1] },
        { x: [0.5], y: [0] }, { x: [0.55], y: [0] }, { x: [0.6], y: [0] }, { x: [0.65], y: [0] }, { x: [0.7], y: [0] },
        { x: [0.75], y: [0] }, { x: [0.8], y: [0] }, { x: [0.85], y: [0] }, { x: [0.9], y: [0] }, { x: [0.95], y: [0] },
        { x: [1], y: [0] },
      ],
      pair: [{ kind: "weight", l: 2, j: 0, k: 0 }, { kind: "bias", l: 2, j: 0 }],
      range: [-3, 4, -5, 2],
      resolution: 64,
      start: [2, -3],
      eta: 2,
      steps: 40,
      batch: 4,
      seed: 1,
      target: 0.3,
      text:
        "Every step of gradient descent as written so far averages the gradient over <i>every</i> " +
        "training example: with n examples, n backward passes for one step. Stochastic gradient " +
        "descent shuffles the examples and steps on the average over a small mini-batch of b instead. " +
        "Each step is only an estimate of −∇<i>C</i>, so the path wobbles — less a carefully " +
        "calculating man than a drunk man stumbling quickly downhill — but it costs b evaluations " +
        "rather than n, and it gets there for far fewer of them.",
      try: "Compare the evaluations each path needs to reach the target cost; then set the batch size to 41 (every example): the two paths become one.",
    },
  ],
};
