//! Backpropagation (f32) against a central finite difference of the same network
//! recomputed in f64 — for every valid activation/cost pair.

use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig};
use proptest::prelude::*;

const HIDDEN: [Activation; 5] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Linear,
];

/// f64 twin of the network: weights per layer (row-major [j][k]), biases, activations.
struct Twin {
    sizes: Vec<usize>,
    w: Vec<Vec<f64>>,
    b: Vec<Vec<f64>>,
    acts: Vec<Activation>,
    cost: Cost,
}

fn f64_activation(act: Activation, z: &[f64]) -> Vec<f64> {
    match act {
        Activation::Sigmoid => z.iter().map(|z| 1.0 / (1.0 + (-z).exp())).collect(),
        Activation::Tanh => z.iter().map(|z| z.tanh()).collect(),
        Activation::Relu => z.iter().map(|&z| z.max(0.0)).collect(),
        Activation::LeakyRelu => z
            .iter()
            .map(|&z| if z > 0.0 { z } else { 0.01 * z })
            .collect(),
        Activation::Linear => z.to_vec(),
        Activation::Softmax => {
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = z.iter().map(|z| (z - max).exp()).collect();
            let sum: f64 = e.iter().sum();
            e.iter().map(|e| e / sum).collect()
        }
    }
}

impl Twin {
    fn of(net: &Network) -> Twin {
        let to64 = |v: &[f32]| v.iter().map(|&v| f64::from(v)).collect::<Vec<_>>();
        Twin {
            sizes: net.sizes().to_vec(),
            w: (1..=net.depth()).map(|l| to64(net.weights(l))).collect(),
            b: (1..=net.depth()).map(|l| to64(net.biases(l))).collect(),
            acts: (1..=net.depth()).map(|l| net.activation(l)).collect(),
            cost: net.config().cost,
        }
    }

    /// z of every layer and C₀ for input x, target y.
    fn run(&self, x: &[f64], y: &[f64]) -> (Vec<Vec<f64>>, f64) {
        let mut a = x.to_vec();
        let mut zs = Vec::new();
        for l in 0..self.w.len() {
            let n_prev = self.sizes[l];
            let z: Vec<f64> = self.w[l]
                .chunks(n_prev)
                .zip(&self.b[l])
                .map(|(w_j, b_j)| b_j + w_j.iter().zip(&a).map(|(w, a)| w * a).sum::<f64>())
                .collect();
            a = f64_activation(self.acts[l], &z);
            zs.push(z);
        }
        let output = *self.acts.last().unwrap();
        let z = zs.last().unwrap();
        // Cross-entropy from z through stable log-sigmoid / log-softmax, so the oracle keeps
        // its digits where a is within 1e-10 of 0 or 1.
        let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p(); // ln(1 + eᵗ)
        let c = match (self.cost, output) {
            (Cost::Quadratic, _) => a.iter().zip(y).map(|(a, y)| (a - y).powi(2)).sum(),
            (Cost::CrossEntropy, Activation::Softmax) => {
                let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let log_sum = z.iter().map(|z| (z - max).exp()).sum::<f64>().ln();
                z.iter().zip(y).map(|(z, y)| -y * (z - max - log_sum)).sum()
            }
            // −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y softplus(−z) + (1 − y) softplus(z)
            (Cost::CrossEntropy, _) => z
                .iter()
                .zip(y)
                .map(|(&z, y)| y * softplus(-z) + (1.0 - y) * softplus(z))
                .sum(),
        };
        (zs, c)
    }
}

/// Central difference (C(θ + h) − C(θ − h)) / 2h of the parameter `param`.
fn central(
    twin: &mut Twin,
    x: &[f64],
    y: &[f64],
    param: &mut dyn FnMut(&mut Twin) -> &mut f64,
) -> f64 {
    let h = 1e-6;
    let p0 = *param(twin);
    *param(twin) = p0 + h;
    let plus = twin.run(x, y).1;
    *param(twin) = p0 - h;
    let minus = twin.run(x, y).1;
    *param(twin) = p0;
    (plus - minus) / (2.0 * h)
}

/// 1e-4 relative, or absolute for tiny gradients. A gradient that is a small sum of
/// large terms carries f32 rounding of those terms, so the absolute part grows with the cost
/// (√C₀ measures the size of ∂C₀/∂a⁽ᴸ⁾): 5e-6 (1 + C₀), some 40 f32 ulps of 1.
fn close(backprop: f32, numeric: f64, c0: f64) -> bool {
    let diff = (f64::from(backprop) - numeric).abs();
    diff <= 1e-4 * numeric.abs() || diff <= 5e-6 * (1.0 + c0)
}

/// A random valid network: 2–4 layers of 1–4 neurons, an output activation and cost that fit.
fn networks() -> impl Strategy<Value = (NetworkConfig, Vec<f32>, Vec<f32>)> {
    (
        prop::collection::vec(1usize..=4, 2..=4),
        any::<u64>(),
        0usize..8,
    )
        .prop_flat_map(|(mut layers, seed, pairing)| {
            let depth = layers.len() - 1;
            // Output activation and cost: every valid pair.
            let (output, cost) = match pairing {
                0 => (Activation::Sigmoid, Cost::Quadratic),
                1 => (Activation::Sigmoid, Cost::CrossEntropy),
                2 => (Activation::Softmax, Cost::Quadratic),
                3 => (Activation::Softmax, Cost::CrossEntropy),
                4 => (Activation::Tanh, Cost::Quadratic),
                5 => (Activation::Relu, Cost::Quadratic),
                6 => (Activation::LeakyRelu, Cost::Quadratic),
                _ => (Activation::Linear, Cost::Quadratic),
            };
            if output == Activation::Softmax && layers[depth] < 2 {
                layers[depth] = 2;
            }
            let (n0, n_out) = (layers[0], layers[depth]);
            (
                prop::collection::vec(prop::sample::select(HIDDEN.to_vec()), depth - 1),
                prop::collection::vec(-1.0f32..1.0, n0),
                prop::collection::vec(0.0f32..1.0, n_out),
            )
                .prop_map(move |(mut activations, x, y)| {
                    activations.push(output);
                    let config = NetworkConfig {
                        layers: layers.clone(),
                        activations,
                        cost,
                        init: Init::Normal,
                        seed,
                    };
                    (config, x, y)
                })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { max_global_rejects: 1_000_000, ..ProptestConfig::with_cases(500) })]

    #[test]
    fn backprop_equals_central_differences((config, x, y) in networks()) {
        let mut net = Network::new(config).unwrap();
        net.forward(&x).unwrap();
        net.backward(&y).unwrap();
        let mut twin = Twin::of(&net);
        let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        let y64: Vec<f64> = y.iter().map(|&v| f64::from(v)).collect();

        // Skip the kinks of relu and leaky relu, and deeply saturated sigmoid and tanh neurons,
        // whose f′ = a(1 − a) or 1 − a² computed from an f32 a (rounded to 6e-8 near 1) keeps too few digits once f′ < 1e-2
        // (the cross-entropy's δ = a − y needs no f′, so its output layer is not skipped).
        let (zs, c0) = twin.run(&x64, &y64);
        let depth = zs.len();
        for (l, z) in zs.iter().enumerate() {
            match twin.acts[l] {
                Activation::Relu | Activation::LeakyRelu => {
                    prop_assume!(z.iter().all(|z| z.abs() >= 1e-3));
                }
                Activation::Sigmoid | Activation::Tanh
                    if !(l + 1 == depth && twin.cost == Cost::CrossEntropy) =>
                {
                    let f_prime = |z: f64| match twin.acts[l] {
                        Activation::Sigmoid => 1.0 / (2.0 + z.exp() + (-z).exp()), // σ(z)σ(−z)
                        _ => 1.0 / z.cosh().powi(2),                                // 1/cosh²z
                    };
                    prop_assume!(z.iter().all(|&z| f_prime(z) >= 1e-2));
                }
                _ => {}
            }
        }

        for l in 1..=net.depth() {
            let i = l - 1;
            for (idx, &g) in net.weight_gradient(l).iter().enumerate() {
                let numeric = central(&mut twin, &x64, &y64, &mut |t| &mut t.w[i][idx]);
                prop_assert!(close(g, numeric, c0), "∂C/∂W⁽{}⁾[{}]: backprop {} vs numeric {}", l, idx, g, numeric);
            }
            for (j, &g) in net.bias_gradient(l).iter().enumerate() {
                let numeric = central(&mut twin, &x64, &y64, &mut |t| &mut t.b[i][j]);
                prop_assert!(close(g, numeric, c0), "∂C/∂b⁽{}⁾[{}]: backprop {} vs numeric {}", l, j, g, numeric);
            }
        }
        // ∂C/∂a⁽⁰⁾ = ∂C/∂x, by perturbing the input.
        for (k, &g) in net.activation_gradient(0).iter().enumerate() {
            let h = 1e-6;
            let mut xp = x64.clone();
            xp[k] += h;
            let mut xm = x64.clone();
            xm[k] -= h;
            let numeric = (twin.run(&xp, &y64).1 - twin.run(&xm, &y64).1) / (2.0 * h);
            prop_assert!(close(g, numeric, c0), "∂C/∂x[{}]: backprop {} vs numeric {}", k, g, numeric);
        }
    }

    #[test]
    fn mean_gradient_is_the_mean_of_single_example_gradients(
        (config, x, y) in networks(),
        shift in -1.0f32..1.0,
    ) {
        let mut net = Network::new(config).unwrap();
        let x2: Vec<f32> = x.iter().map(|v| v * 0.5 + shift * 0.5).collect();
        let xs: Vec<f32> = x.iter().chain(&x2).copied().collect();
        let ys: Vec<f32> = y.iter().chain(&y).copied().collect();
        let mean = net.gradient(&xs, &ys).unwrap();
        let first = net.gradient(&x, &y).unwrap();
        let second = net.gradient(&x2, &y).unwrap();
        for l in 0..net.depth() {
            for ((m, a), b) in mean.weights[l].iter().zip(&first.weights[l]).zip(&second.weights[l]) {
                // (g₁ + g₂)/2
                prop_assert!((m - (a + b) / 2.0).abs() <= 1e-5 * (1.0 + m.abs()));
            }
        }
        let c = net.cost(&xs, &ys).unwrap();
        let c1 = net.cost(&x, &y).unwrap();
        let c2 = net.cost(&x2, &y).unwrap();
        prop_assert!((c - (c1 + c2) / 2.0).abs() <= 1e-5 * (1.0 + c.abs()));
    }
}
