//! "Export as PyTorch": the Python text has one nn.Linear per layer with our shapes, the
//! matching activations, and every parameter written so it reads back to the same f32.

use backprop_lab::export::to_pytorch;
use backprop_lab::save::float_text;
use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig};

fn network(activations: Vec<Activation>, layers: Vec<usize>, cost: Cost) -> Network {
    Network::new(NetworkConfig {
        layers,
        activations,
        cost,
        init: Init::Normal,
        seed: 4,
    })
    .unwrap()
}

#[test]
fn export_has_one_linear_per_layer_with_our_shapes_and_activations() {
    let net = network(
        vec![
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Linear,
            Activation::Softmax,
        ],
        vec![2, 5, 4, 3, 3],
        Cost::CrossEntropy,
    );
    let py = to_pytorch(&net);
    let modules = [
        "nn.Linear(2, 5)",
        "nn.ReLU()",
        "nn.Linear(5, 4)",
        "nn.LeakyReLU(0.01)",
        "nn.Linear(4, 3)",
        "nn.Identity()",
        "nn.Linear(3, 3)",
        "nn.Softmax(dim=-1)",
    ];
    let mut at = 0;
    for m in modules {
        let found = py[at..]
            .find(m)
            .unwrap_or_else(|| panic!("{m} after byte {at} in\n{py}"));
        at += found + m.len();
    }
    assert!(py.contains("# Cost: cross-entropy of the softmax output"));
    assert!(
        py.contains("model[6].weight.copy_"),
        "layer 4 is model[2 * 3]"
    );
    assert!(py.contains("dtype=torch.float32"));
}

#[test]
fn export_carries_every_weight_and_bias_in_row_order() {
    let mut net = network(
        vec![Activation::Tanh, Activation::Sigmoid],
        vec![2, 3, 1],
        Cost::Quadratic,
    );
    net.set_weight(1, 2, 1, 0.1).unwrap();
    net.set_bias(2, 0, -1.0e-7).unwrap();
    let py = to_pytorch(&net);
    for l in 1..=2 {
        for row in net.weights(l).chunks(net.sizes()[l - 1]) {
            let text: Vec<String> = row.iter().map(|&v| float_text(v)).collect();
            assert!(
                py.contains(&format!("[{}]", text.join(", "))),
                "row {row:?} of W({l})"
            );
        }
        let b: Vec<String> = net.biases(l).iter().map(|&v| float_text(v)).collect();
        assert!(py.contains(&format!("torch.tensor([{}], dtype", b.join(", "))));
    }
    assert!(
        py.contains(", 0.1]"),
        "w(1)_21 = 0.1 is written in its shortest form"
    );
    assert!(py.contains("[-1e-7]"));
    assert!(py.contains("# Cost: quadratic"));
}

#[test]
fn sigmoid_cross_entropy_names_binary_cross_entropy() {
    let net = network(vec![Activation::Sigmoid], vec![2, 1], Cost::CrossEntropy);
    assert!(to_pytorch(&net).contains("binary_cross_entropy"));
}
