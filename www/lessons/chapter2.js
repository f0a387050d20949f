// Chapter 2 of 3Blue1Brown's series, "Gradient descent, how neural networks learn", as lesson
// scenes. Plain data; the fields are described in chapter1.js. A "digit" scene shows the
// pretrained digit network (`pretrained: true`) on one image with the panels `views` names
// (lessons/digit.js) and starts on the first test digit that is a `digit`. A "descent" scene names the
// `examples` its cost is measured on, the `param` the ball moves along, its `range`, the
// `starts` offered and the learning rate `eta`. A "field" scene names the `pair` of
// parameters, their `range` ([minA, maxA, minB, maxB]), the `arrows` a side of the −∇C field,
// the heatmap's `resolution`, the ball's `start` and `eta`.

export default {
  title: "Gradient descent",
  scenes: [
    {
      title: "The cost of one example",
      kind: "digit",
      pretrained: true,
      views: ["outputs", "costTerms"],
      digit: 2,
      text:
        "To learn, the network needs to be told how bad it is. For one training image, compare each of the " +
        "ten outputs with what it should be — 1 for the right digit, 0 for the others — and add up the " +
        "squares of the differences: that is the cost of this one example, <i>C</i>₀. It is small when " +
        "the network confidently gives the right answer and large when it is wrong or unsure. The cost " +
        "<i>C</i> of the network is the average of <i>C</i>₀ over all the training examples.",
      try: "Pick a few test digits and watch C₀; then set the target to a wrong digit (or draw a sloppy one) and see C₀ jump.",
    },
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
      title: "Which nudges matter most",
      kind: "digit",
      pretrained: true,
      views: ["gradient"],
      digit: 7,
      text:
        "With 13,002 parameters, the gradient is a list of 13,002 numbers: for each weight and bias, how " +
        "much the cost changes when it is nudged. Its sign says which way to nudge, its size how much " +
        "that nudge matters. Sorted by size, a handful of components dwarf the rest — these are the " +
        "changes that give the most bang for the buck.",
      try: "Pick different digits: which layer do the largest components come from? How many components are exactly 0, and why?",
    },
    {
      title: "What the network actually learned",
      kind: "digit",
      pretrained: true,
      views: ["accuracy", "outputs", "weights", "noise"],
      // The first "Random noise" press shows the core's noise image of this seed
      // (tests/browser/lessons-digits.test.mjs: the pretrained net's brightest output > 0.5).
      noiseSeed: 2,
      digit: 4,
      text:
        "Trained on 60,000 labelled images, this network reads about 96 % of test images it has never seen " +
        "correctly. But look at what its first layer learned: the weights into each of the 16 neurons look " +
        "nearly random, not like the edges we hoped for. And feed it pure noise: it answers some digit, " +
        "and often with confidence — it has no way to say \"that is not a digit\".",
      try: "Press Random noise a few times: how bright does the brightest output get for an image with no digit in it?",
    },
    {
      title: "Learning by heart",
      kind: "memorise",
      network: { layers: [784, 16, 16, 10], activation: "sigmoid", outputActivation: "sigmoid", cost: "quadratic", init: "xavier", seed: 1 },
      // The numbers of tests/memorise.rs: 1,000 images, 40 epochs, η 3, mini-batches of 10.
      subset: 1000,
      epochs: 40,
      eta: 3,
      batchSize: 10,
      runs: [
        { label: "real labels" },
        { label: "shuffled labels", shuffleSeed: 2 },
      ],
      text:
        "Train the same network on 1,000 images twice: once with their real labels, once with the labels " +
        "shuffled among the images, so that a label says nothing about its picture. With 13,002 parameters " +
        "for 1,000 images, the network can learn even the shuffled labels by heart: its accuracy on the " +
        "training images climbs. On test images it stays near chance, about 10 % (a few points either way, by the luck of the shuffle). With the real labels, the " +
        "training accuracy and the test accuracy climb together.",
      try: "Train both for 40 epochs: how far does the shuffled run's training accuracy climb, and where does its test accuracy stay?",
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
