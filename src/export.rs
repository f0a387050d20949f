//! "Export as PyTorch": a short Python file that rebuilds a network with `torch.nn` and the
//! exact same parameters; "Export as NumPy" ([`to_numpy`]): the same network as arrays and a
//! `forward(x)` in plain NumPy, written the way 3Blue1Brown writes it, a⁽ˡ⁾ = f(W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾).
//!
//! Layer l becomes `nn.Linear(n_{l−1}, n_l)` followed by its activation, so the model is
//! `nn.Sequential(Linear, act, Linear, act, …)` and `model[2 (l − 1)]` is layer l. PyTorch keeps
//! `Linear.weight` as [out][in] — our row-major [j][k] — so W⁽ˡ⁾ is copied as it is. Each
//! value is written by [`float_text`], which reads back (as a Python float, then `float32`) to
//! the same bits.
//!
//! A Playground network with input features other than X₁, X₂ (`to_pytorch_with`,
//! `to_numpy_with`) also gets `features(p)`, the core's [`Features::map`] in Python, so the
//! exported model maps a point (x1, x2) to the same outputs as the page.

use crate::activation::Activation;
use crate::cost::Cost;
use crate::features::Features;
use crate::network::Network;
use crate::save::float_text;

/// The PyTorch module for one of our activations (leaky ReLU's slope is 0.01 as ours).
fn module(act: Activation) -> &'static str {
    match act {
        Activation::Sigmoid => "nn.Sigmoid()",
        Activation::Tanh => "nn.Tanh()",
        Activation::Relu => "nn.ReLU()",
        Activation::LeakyRelu => "nn.LeakyReLU(0.01)",
        Activation::Linear => "nn.Identity()",
        Activation::Softmax => "nn.Softmax(dim=-1)",
    }
}

/// Python lines computing our cost C (mean over examples of C₀) for outputs `a` and targets `y`.
fn cost_comment(cost: Cost, output: Activation) -> &'static str {
    match (cost, output) {
        (Cost::Quadratic, _) => {
            "# Cost: quadratic, C0 = sum_j (a_j - y_j)^2 (no 1/2), C = mean of C0 over the examples:\n\
             #   cost = ((model(x) - y) ** 2).sum(dim=-1).mean()"
        }
        (Cost::CrossEntropy, Activation::Softmax) => {
            "# Cost: cross-entropy of the softmax output, C0 = -sum_j y_j ln a_j, C = mean of C0:\n\
             #   cost = -(y * torch.log(model(x))).sum(dim=-1).mean()"
        }
        (Cost::CrossEntropy, _) => {
            "# Cost: cross-entropy, C0 = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)], C = mean of C0:\n\
             #   cost = nn.functional.binary_cross_entropy(model(x), y, reduction=\"sum\") / len(x)"
        }
    }
}

/// W⁽ˡ⁾ as Python list rows, one line per neuron j of layer l, each line indented by `indent`.
fn weight_rows(net: &Network, l: usize, indent: &str) -> String {
    let n_in = net.sizes()[l - 1];
    net.weights(l)
        .chunks(n_in)
        .map(|row| format!("{indent}{},\n", floats(row)))
        .collect()
}

fn floats(values: &[f32]) -> String {
    let items: Vec<String> = values.iter().map(|&v| float_text(v)).collect();
    format!("[{}]", items.join(", "))
}

/// The Python function `features(p)` that maps points p = [x1, x2] (one, or one per row) to the
/// network's input a(0): each of `features` as a column, as the core's [`Features::map`]
/// computes it (`module` is "np" or "torch").
fn features_source(features: Features, module: &str, as_array: &str, stack: &str) -> String {
    let labels: Vec<&str> = features.iter().map(|f| f.label()).collect();
    let columns: Vec<String> = features.iter().map(|f| f.python(module)).collect();
    format!(
        "\n# The Playground's input features: a(0) = ({}) of a point (x1, x2).\n\
         def features(p):\n    \
         \"\"\"The network's input a(0) for points p = [x1, x2] (one, or one per row).\"\"\"\n    \
         p = {as_array}\n    \
         x1, x2 = p[..., 0], p[..., 1]\n    \
         return {stack}([{}], {})\n",
        labels.join(", "),
        columns.join(", "),
        if module == "np" { "axis=-1" } else { "dim=-1" }
    )
}

/// The Python source that rebuilds `net` in PyTorch with the same weights and biases.
pub fn to_pytorch(net: &Network) -> String {
    to_pytorch_with(net, None)
}

/// [`to_pytorch`] for a Playground network that reads the input `features` (None: its input
/// as it is): the file also has `features(p)`, which maps points (x1, x2) to the network's
/// input, so that `model(features(p))` gives the page's outputs.
pub fn to_pytorch_with(net: &Network, features: Option<Features>) -> String {
    let sizes = net.sizes();
    let depth = net.depth();
    let shape: Vec<String> = sizes.iter().map(usize::to_string).collect();
    let acts: Vec<&str> = (1..=depth).map(|l| net.activation(l).name()).collect();
    let mut out = format!(
        "# Backprop Lab network {} exported as PyTorch.\n\
         # Activations of layers 1..{depth}: {}.\n\
         {}\n\
         # Layer l is model[2 * (l - 1)]: nn.Linear(n_(l-1), n_l) with weight[j][k] = w(l)_jk, from\n\
         # neuron k of layer l-1 to neuron j of layer l, and bias[j] = b(l)_j.\n\
         import torch\n\
         from torch import nn\n\n\
         model = nn.Sequential(\n",
        shape.join("-"),
        acts.join(", "),
        cost_comment(net.config().cost, net.output_activation())
    );
    for l in 1..=depth {
        out.push_str(&format!(
            "    nn.Linear({}, {}),\n    {},\n",
            sizes[l - 1],
            sizes[l],
            module(net.activation(l))
        ));
    }
    out.push_str(")\n\nwith torch.no_grad():\n");
    for l in 1..=depth {
        let (n_in, n_out) = (sizes[l - 1], sizes[l]);
        let rows = weight_rows(net, l, "        ");
        let i = 2 * (l - 1);
        out.push_str(&format!(
            "    # layer {l}: W({l}) is {n_out} x {n_in}, b({l}) has {n_out}\n    \
             model[{i}].weight.copy_(torch.tensor([\n{}    ], dtype=torch.float32))\n    \
             model[{i}].bias.copy_(torch.tensor({}, dtype=torch.float32))\n",
            rows,
            floats(net.biases(l))
        ));
    }
    match features {
        None => out.push_str(&format!(
            "\nif __name__ == \"__main__\":\n    x = torch.zeros(1, {})\n    print(model(x))\n",
            sizes[0]
        )),
        Some(features) => {
            out.push_str(&features_source(
                features,
                "torch",
                "torch.as_tensor(p, dtype=torch.float32)",
                "torch.stack",
            ));
            out.push_str(
                "\nif __name__ == \"__main__\":\n    p = torch.zeros(1, 2)  # points (x1, x2)\n    \
                 print(model(features(p)))\n",
            );
        }
    }
    out
}

/// The NumPy expression of one activation applied to `z` (the same f as ours: leaky ReLU's
/// slope 0.01, softmax over the last axis with its largest z taken off first).
fn numpy_activation(act: Activation) -> &'static str {
    match act {
        Activation::Sigmoid => "1 / (1 + np.exp(-z))",
        Activation::Tanh => "np.tanh(z)",
        Activation::Relu => "np.maximum(z, 0)",
        Activation::LeakyRelu => "np.where(z > 0, z, np.float32(0.01) * z)",
        Activation::Linear => "z",
        Activation::Softmax => {
            "np.exp(z - z.max(axis=-1, keepdims=True)) / np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)"
        }
    }
}

/// The Python source of `net` in plain NumPy: `W[l]` (n_l × n_(l−1), W[l][j][k] = w⁽ˡ⁾ⱼₖ from
/// neuron k of layer l − 1 to neuron j of layer l), `b[l]`, one function per layer's activation
/// and `forward(x)`, for one example or one example per row, in float32 like the core.
pub fn to_numpy(net: &Network) -> String {
    to_numpy_with(net, None)
}

/// [`to_numpy`] for a Playground network that reads the input `features` (None: its input as
/// it is): the file also has `features(p)` and `predict(p) = forward(features(p))` for points
/// p = (x1, x2).
pub fn to_numpy_with(net: &Network, features: Option<Features>) -> String {
    let sizes = net.sizes();
    let depth = net.depth();
    let shape: Vec<String> = sizes.iter().map(usize::to_string).collect();
    let acts: Vec<&str> = (1..=depth).map(|l| net.activation(l).name()).collect();
    let mut out = format!(
        "# Backprop Lab network {} exported as NumPy, in 3Blue1Brown's notation:\n\
         #   a(0) = x,  z(l) = W(l) a(l-1) + b(l),  a(l) = f(z(l))  for l = 1..{depth}\n\
         # Activations of layers 1..{depth}: {}.\n\
         # W[l][j][k] = w(l)_jk, from neuron k of layer l-1 to neuron j of layer l; b[l][j] = b(l)_j.\n\
         {}\n\
         import numpy as np\n\n\
         L = {depth}\n\
         W = [None] * (L + 1)\n\
         b = [None] * (L + 1)\n",
        shape.join("-"),
        acts.join(", "),
        cost_comment(net.config().cost, net.output_activation())
            .replace("torch.log", "np.log")
            .replace("model(x)", "forward(x)")
            .replace(".sum(dim=-1)", ".sum(axis=-1)")
            .replace(
                "nn.functional.binary_cross_entropy(forward(x), y, reduction=\"sum\") / len(x)",
                "-(y * np.log(forward(x)) + (1 - y) * np.log(1 - forward(x))).sum(axis=-1).mean()"
            )
    );
    for l in 1..=depth {
        let (n_in, n_out) = (sizes[l - 1], sizes[l]);
        let rows = weight_rows(net, l, "    ");
        out.push_str(&format!(
            "\n# layer {l}: W({l}) is {n_out} x {n_in}, b({l}) has {n_out}, f = {}\n\
             W[{l}] = np.array([\n{}], dtype=np.float32)\n\
             b[{l}] = np.array({}, dtype=np.float32)\n",
            net.activation(l).name(),
            rows,
            floats(net.biases(l))
        ));
    }
    out.push('\n');
    for l in 1..=depth {
        out.push_str(&format!(
            "def f{l}(z):\n    return {}\n\n",
            numpy_activation(net.activation(l))
        ));
    }
    let fs: Vec<String> = (1..=depth).map(|l| format!("f{l}")).collect();
    out.push_str(&format!(
        "f = [None, {}]\n\n\
         def forward(x):\n    \
         \"\"\"a(L) for x: one example of {n0} inputs, or one example per row.\"\"\"\n    \
         a = np.asarray(x, dtype=np.float32)\n    \
         for l in range(1, L + 1):\n        \
         z = a @ W[l].T + b[l]  # z(l) = W(l) a(l-1) + b(l), for each example\n        \
         a = f[l](z)\n    \
         return a\n",
        fs.join(", "),
        n0 = sizes[0]
    ));
    let Some(features) = features else {
        out.push_str(&format!(
            "\nif __name__ == \"__main__\":\n    print(forward(np.zeros({}, dtype=np.float32)))\n",
            sizes[0]
        ));
        return out;
    };
    {
        out.push_str(&features_source(
            features,
            "np",
            "np.asarray(p, dtype=np.float32)",
            "np.stack",
        ));
        out.push_str(
            "\ndef predict(p):\n    \
             \"\"\"a(L) for points p = [x1, x2] (one, or one per row): forward(features(p)).\"\"\"\n    \
             return forward(features(p))\n\n\
             if __name__ == \"__main__\":\n    \
             print(predict(np.zeros(2, dtype=np.float32)))\n",
        );
    }
    out
}
