// A peer for P1 written in the style of TF Playground's nn.ts (not nn.ts itself, and none of its
// code): the network as objects — a Node per neuron and a Link per weight — trained one example
// at a time: forward through the nodes, backward through the links, derivatives accumulated, and
// the weights updated at the end of every mini-batch. Plain JS numbers (f64), no typed arrays.

const ACTIVATIONS = {
  tanh: { f: (x) => Math.tanh(x), df: (x) => { const t = Math.tanh(x); return 1 - t * t; } },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), df: (x) => { const s = 1 / (1 + Math.exp(-x)); return s * (1 - s); } },
  relu: { f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) },
  linear: { f: (x) => x, df: () => 1 },
};

class Node {
  constructor(activation, bias) {
    this.activation = activation;
    this.bias = bias;
    this.inputs = []; // Links into this node
    this.outputs = []; // Links out of it
    this.total = 0; // z
    this.output = 0; // a
    this.outputDer = 0; // ∂C/∂a
    this.inputDer = 0; // ∂C/∂z
    this.accInputDer = 0;
    this.accCount = 0;
  }

  update() {
    let z = this.bias;
    for (const link of this.inputs) z += link.weight * link.source.output;
    this.total = z;
    this.output = this.activation.f(z);
    return this.output;
  }
}

class Link {
  constructor(source, dest, weight) {
    this.source = source;
    this.dest = dest;
    this.weight = weight;
    this.errorDer = 0;
    this.accErrorDer = 0;
    this.accCount = 0;
  }
}

/**
 * A network of Nodes and Links with the given weights and biases:
 * `weight(l, j, k)`, `bias(l, j)` for l = 1..L (3Blue1Brown's indices, as the JS API's).
 * Cost: quadratic without ½, C₀ = Σⱼ (aⱼ − yⱼ)², as Backprop Lab's.
 */
export class ObjectGraphNet {
  constructor(sizes, activations, weight, bias) {
    this.layers = [sizes[0] ? Array.from({ length: sizes[0] }, () => new Node(ACTIVATIONS.linear, 0)) : []];
    for (let l = 1; l < sizes.length; l++) {
      const act = ACTIVATIONS[activations[l - 1]];
      if (!act) throw new Error(`object-graph peer: unknown activation ${activations[l - 1]}`);
      const layer = [];
      for (let j = 0; j < sizes[l]; j++) {
        const node = new Node(act, bias(l, j));
        this.layers[l - 1].forEach((source, k) => {
          const link = new Link(source, node, weight(l, j, k));
          node.inputs.push(link);
          source.outputs.push(link);
        });
        layer.push(node);
      }
      this.layers.push(layer);
    }
  }

  forward(x) {
    this.layers[0].forEach((n, i) => (n.output = x[i]));
    for (let l = 1; l < this.layers.length; l++) for (const n of this.layers[l]) n.update();
    return this.layers.at(-1).map((n) => n.output);
  }

  backward(y) {
    const out = this.layers.at(-1);
    out.forEach((n, j) => (n.outputDer = 2 * (n.output - y[j])));
    for (let l = this.layers.length - 1; l >= 1; l--) {
      const layer = this.layers[l];
      for (const n of layer) {
        n.inputDer = n.outputDer * n.activation.df(n.total);
        n.accInputDer += n.inputDer;
        n.accCount++;
      }
      for (const n of layer) {
        for (const link of n.inputs) {
          link.errorDer = n.inputDer * link.source.output;
          link.accErrorDer += link.errorDer;
          link.accCount++;
        }
      }
      if (l === 1) continue;
      for (const n of this.layers[l - 1]) {
        let d = 0;
        for (const link of n.outputs) d += link.weight * link.dest.inputDer;
        n.outputDer = d;
      }
    }
  }

  update(eta) {
    for (let l = 1; l < this.layers.length; l++) {
      for (const n of this.layers[l]) {
        if (n.accCount > 0) {
          n.bias -= (eta * n.accInputDer) / n.accCount;
          n.accInputDer = 0;
          n.accCount = 0;
        }
        for (const link of n.inputs) {
          if (link.accCount > 0) {
            link.weight -= (eta * link.accErrorDer) / link.accCount;
            link.accErrorDer = 0;
            link.accCount = 0;
          }
        }
      }
    }
  }

  /** Mean C₀ over flat inputs xs and targets ys. */
  cost(xs, ys, nIn, nOut) {
    let sum = 0;
    const count = xs.length / nIn;
    for (let i = 0; i < count; i++) {
      const a = this.forward(xs.subarray(i * nIn, (i + 1) * nIn));
      for (let j = 0; j < nOut; j++) sum += (a[j] - ys[i * nOut + j]) ** 2;
    }
    return sum / count;
  }
}
