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
      title: "What one example wants",
      kind: "digit",
      pretrained: true,
      views: ["nudges"],
      digit: 2,
      text:
        "Take one training example, a 2. The network's output for it is not what we want: the neuron for 2 " +
        "should be brighter and the other nine darker. So this example wants each output nudged — up for " +
        "the 2, down for the rest — and by how much depends on how far each output is from its target: " +
        "an output already near 0 needs little change, one lit by mistake needs a lot.",
      try: "Draw a sloppy 2 on the pad, or set the target to another digit: how do the arrows change when the network is unsure or wrong?",
    },
    {
      title: "Three ways to raise an output",
      kind: "digit",
      pretrained: true,
      views: ["threeWays"],
      digit: 2,
      text:
        "How can the network make the 2-neuron brighter? Its activation is σ of a weighted sum of the " +
        "previous layer plus a bias, so there are three ways: raise the bias; raise the weights, in " +
        "proportion to the activations they multiply (the brightest neurons of the layer before have the " +
        "most effect); or change those previous activations, in proportion to their weights. The last one " +
        "cannot be done directly — but adding up what every output wants from the previous layer gives " +
        "that layer its own desires, and the same idea repeats backward: backpropagation.",
      try: "Compare the weights table with the activations: which neurons of layer 2 does the 2-neuron listen to most? Then open the Backprop tab to step through the recursion.",
    },
    {
      title: "Recursing backward",
      kind: "digit",
      pretrained: true,
      views: ["backward"],
      digit: 2,
      text:
        "Each output neuron has its own wish for the second-to-last layer, through its weights. Adding " +
        "up all ten outputs' wishes gives that layer's desired changes, and then the same step repeats: " +
        "those desires, through the weights before them, become the desires of the layer before, and so on " +
        "back to the input. Going backward one layer at a time like this is where the name " +
        "<i>backpropagation</i> comes from. Each press here is one backward step of the core's stepper on " +
        "this example.",
      try: "Step back one layer at a time to the pixels: which parts of the image would have to change to make this look more like a 2?",
    },
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
