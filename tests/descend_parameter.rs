//! One parameter's own gradient-descent step (`Parameter::descend`, the Lessons tab's ball on a
//! 1-D cut of the cost): it moves that parameter by exactly −η ∂C/∂p, with ∂C/∂p the full
//! gradient's component, holds every other parameter, lowers C for a small η, and changes
//! nothing when it refuses.

use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig, Parameter};

fn net(seed: u64) -> Network {
    Network::new(NetworkConfig {
        layers: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed,
    })
    .unwrap()
}

/// Every weight and bias, layer by layer.
fn params(n: &Network) -> Vec<Vec<f32>> {
    (1..=n.depth())
        .flat_map(|l| {
            [
                n.weights_of(l).unwrap().to_vec(),
                n.biases_of(l).unwrap().to_vec(),
            ]
        })
        .collect()
}

const XS: [f32; 8] = [0.1, 0.9, -0.4, 0.3, 0.7, -0.8, 0.0, 0.5];
const YS: [f32; 4] = [1.0, 0.0, 1.0, 0.0];

#[test]
fn a_step_moves_one_parameter_by_minus_eta_times_its_gradient_and_holds_the_rest() {
    for seed in 0..20 {
        for p in [
            Parameter::Weight { l: 1, j: 2, k: 1 },
            Parameter::Weight { l: 2, j: 0, k: 0 },
            Parameter::Bias { l: 1, j: 0 },
            Parameter::Bias { l: 2, j: 0 },
        ] {
            let mut n = net(seed);
            let before = n.clone();
            let mut reference = n.clone();
            let g = reference.gradient(&XS, &YS).unwrap();
            let want_g = p.of(n.sizes(), &g);
            let cost = reference.cost(&XS, &YS).unwrap();
            let d = p.descend(&mut n, &XS, &YS, 0.5).unwrap();
            assert_eq!(d.gradient, want_g, "∂C/∂p is the gradient's own component");
            assert_eq!(d.cost, cost, "C before the step");
            assert_eq!(d.from, p.get(&before).unwrap());
            assert_eq!(d.to, d.from - 0.5 * want_g);
            assert_eq!(p.get(&n).unwrap(), d.to);
            // Every other parameter is where it was.
            p.set(&mut n, d.from).unwrap();
            assert_eq!(params(&n), params(&before));
            // A small step downhill lowers C (where the slope is steep enough for f32 to see it: ΔC ≈ −η g²).
            let mut small = before.clone();
            let s = p.descend(&mut small, &XS, &YS, 0.05).unwrap();
            if s.gradient.abs() > 0.05 {
                assert!(small.cost(&XS, &YS).unwrap() < s.cost, "seed {seed} {p:?}");
            }
        }
    }
}

#[test]
fn a_refused_step_says_why_and_changes_nothing() {
    let mut n = net(1);
    let before = n.clone();
    let p = Parameter::Weight { l: 1, j: 0, k: 0 };
    for (xs, ys, eta, says) in [
        (&XS[..], &YS[..], f32::NAN, "learning rate"),
        (&XS[..], &YS[..], -1.0, "learning rate"),
        (&XS[..3], &YS[..], 0.1, ""),
        (&XS[..], &YS[..3], 0.1, ""),
    ] {
        let e = p.descend(&mut n, xs, ys, eta).unwrap_err();
        assert!(e.to_string().contains(says), "{e}");
        assert_eq!(params(&n), params(&before));
    }
    let e = Parameter::Weight { l: 3, j: 0, k: 0 }
        .descend(&mut n, &XS, &YS, 0.1)
        .unwrap_err();
    assert!(e.to_string().contains("layer"), "{e}");
    assert_eq!(params(&n), params(&before));
}
