//! "Export as PyTorch": a short Python file that rebuilds a network with `torch.nn` and the
//! exact same parameters.
//!
//! Layer l becomes `nn.Linear(n_{l−1}, n_l)` followed by its activation, so the model is
//! `nn.Sequential(Linear, act, Linear, act, …)` and `model[2 (l − 1)]` is layer l. PyTorch keeps
//! `Linear.weight` as [out][in] — our row-major [j][k] — so W⁽ˡ⁾ is copied as it is. Each
//! value is written by [`float_text`], which reads back (as a Python float, then `float32`) to
//! the same bits.

use crate::activation::Activation;
use crate::cost::Cost;
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

fn floats(values: &[f32]) -> String {
    let items: Vec<String> = values.iter().map(|&v| float_text(v)).collect();
    format!("[{}]", items.join(", "))
}

/// The Python source that rebuilds `net` in PyTorch with the same weights and biases.
pub fn to_pytorch(net: &Network) -> String {
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
        let rows: Vec<String> = net
            .weights(l)
            .chunks(n_in)
            .map(|row| format!("        {},\n", floats(row)))
            .collect();
        let i = 2 * (l - 1);
        out.push_str(&format!(
            "    # layer {l}: W({l}) is {n_out} x {n_in}, b({l}) has {n_out}\n    \
             model[{i}].weight.copy_(torch.tensor([\n{}    ], dtype=torch.float32))\n    \
             model[{i}].bias.copy_(torch.tensor({}, dtype=torch.float32))\n",
            rows.concat(),
            floats(net.biases(l))
        ));
    }
    out.push_str(&format!(
        "\nif __name__ == \"__main__\":\n    x = torch.zeros(1, {})\n    print(model(x))\n",
        sizes[0]
    ));
    out
}
