// Chapter 3 of 3Blue1Brown's series, "What is backpropagation really doing?", as lesson scenes.
// Plain data; the fields are described in chapter1.js. An "average" scene lists `examples`
// ({ x, y }) and shows each one's desired nudge of `param` and their average.

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
  ],
};
