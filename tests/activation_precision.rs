//! σ′ and tanh′ keep their relative precision where the activations saturate (issue 10, item 9):
//! computed from z, not from a = f(z), they stay within 4e-7 of the f64 value for |z| ≤ 40 (1e-4
//! through a whole network) on every path that uses them — one neuron, a whole layer, `Network::backward`, the mean
//! gradient, the batched kernel and the stepper's f′ display.

use backprop_lab::activation::{sigmoid_derivative, tanh_derivative};
use backprop_lab::{Activation, Batch, Cost, Init, Network, NetworkConfig, Phase, Stepper, Update};
use proptest::prelude::*;

/// σ′(z) in f64, in the overflow-free form.
fn sigmoid_prime_exact(z: f64) -> f64 {
    let e = (-z.abs()).exp();
    e / ((1.0 + e) * (1.0 + e))
}

/// tanh′(z) = 1 / cosh² z in f64.
fn tanh_prime_exact(z: f64) -> f64 {
    let c = z.cosh();
    1.0 / (c * c)
}

fn exact(act: Activation, z: f32) -> f64 {
    match act {
        Activation::Sigmoid => sigmoid_prime_exact(z.into()),
        Activation::Tanh => tanh_prime_exact(z.into()),
        _ => unreachable!("only σ and tanh are tested here"),
    }
}

/// |got − exact| / exact.
fn relative_error(got: f32, exact: f64) -> f64 {
    (f64::from(got) - exact).abs() / exact
}

/// For the paths through a whole network (δ recovered as δ / (∂C/∂a), a bias step, …).
const TOLERANCE: f64 = 1e-4;
/// For σ′ and tanh′ themselves, one neuron or a layer (issue 11: within a few f32 ulps; the
/// worst over all 2³² inputs is 3.23 ulp, under 3.9e-7 relative).
const DIRECT_TOLERANCE: f64 = 4e-7;

/// z from −40 to 40 in steps of 1/256 (exactly representable), plus the points around which the
/// a-based forms broke (3.75, 7.9, 8.25).
fn dense_sweep() -> impl Iterator<Item = f32> {
    (-40 * 256..=40 * 256)
        .map(|i| i as f32 / 256.0)
        .chain([3.75, 7.9, 7.905_311, 8.25, -3.75, -7.9, -8.25])
}

#[test]
fn sigmoid_and_tanh_derivatives_are_precise_over_a_dense_sweep() {
    for (act, f) in [
        (Activation::Sigmoid, sigmoid_derivative as fn(f32) -> f32),
        (Activation::Tanh, tanh_derivative),
    ] {
        let mut worst = 0.0f64;
        for z in dense_sweep() {
            let e = exact(act, z);
            for got in [f(z), act.derivative(z)] {
                let err = relative_error(got, e);
                assert!(
                    err <= DIRECT_TOLERANCE,
                    "{}′({z}) = {got:e}, exact {e:e}: relative error {err:e}",
                    act.name()
                );
                worst = worst.max(err);
            }
        }
        println!("worst relative error of {}′: {worst:e}", act.name());
    }
}

#[test]
fn derivatives_are_finite_and_tiny_far_out_and_exact_at_zero() {
    assert_eq!(sigmoid_derivative(0.0), 0.25);
    assert_eq!(tanh_derivative(0.0), 1.0);
    for z in [
        50.0,
        87.0,
        88.0,
        100.0,
        1e4,
        1e30,
        f32::MAX,
        f32::INFINITY,
        -50.0,
        -1e30,
        f32::NEG_INFINITY,
    ] {
        for d in [sigmoid_derivative(z), tanh_derivative(z)] {
            assert!(d.is_finite() && (0.0..1e-20).contains(&d), "f′({z}) = {d}");
        }
    }
    // A NaN z stays visible as NaN (training's divergence checks need to see it).
    assert!(sigmoid_derivative(f32::NAN).is_nan());
    assert!(tanh_derivative(f32::NAN).is_nan());
}

#[test]
fn derivatives_are_symmetric_and_decrease_away_from_zero() {
    let mut last = (f32::INFINITY, f32::INFINITY);
    for z in (0..=40 * 64).map(|i| i as f32 / 64.0) {
        let (s, t) = (sigmoid_derivative(z), tanh_derivative(z));
        assert_eq!(s, sigmoid_derivative(-z));
        assert_eq!(t, tanh_derivative(-z));
        assert!(s <= last.0 && t <= last.1, "not decreasing at z = {z}");
        last = (s, t);
    }
}

/// A 1-1-1 network with w⁽¹⁾ = 1, b⁽¹⁾ = 0, so input x gives z⁽¹⁾ = x exactly, then
/// a⁽²⁾ = a⁽¹⁾ (w⁽²⁾ = 1, b⁽²⁾ = 0, linear output).
fn tiny_network(act: Activation) -> Network {
    let mut net = Network::new(NetworkConfig {
        layers: vec![1, 1, 1],
        activations: vec![act, Activation::Linear],
        cost: Cost::Quadratic,
        init: Init::Normal,
        seed: 3,
    })
    .unwrap();
    net.set_weight(1, 0, 0, 1.0).unwrap();
    net.set_bias(1, 0, 0.0).unwrap();
    net.set_weight(2, 0, 0, 1.0).unwrap();
    net.set_bias(2, 0, 0.0).unwrap();
    net
}

/// z⁽¹⁾ values for the paths through a whole network: saturated far into the tails.
const SATURATED: [f32; 10] = [3.75, 5.0, 7.9, 8.25, 10.0, 15.0, 20.0, 30.0, -12.0, -40.0];

fn check(path: &str, act: Activation, z: f32, got: f32, want: f64) {
    assert!(
        relative_error(got, want) <= TOLERANCE,
        "{path}: {}′({z}) = {got:e}, exact {want:e}",
        act.name()
    );
}

#[test]
fn backward_gradient_batch_and_stepper_use_the_precise_derivative() {
    for act in [Activation::Sigmoid, Activation::Tanh] {
        for z in SATURATED {
            let x = [z];
            let y = [5.0f32];
            let want = exact(act, z);
            let mut net = tiny_network(act);

            // Network::backward: δ⁽¹⁾ = ∂C₀/∂a⁽¹⁾ · f′(z⁽¹⁾).
            net.forward(&x).unwrap();
            net.backward(&y).unwrap();
            assert_eq!(net.z(1), &[z]);
            let da = net.activation_gradient(1)[0];
            assert!(da.abs() > 1.0, "∂C₀/∂a⁽¹⁾ = 2(a − 5) is far from 0");
            check("backward", act, z, net.delta(1)[0] / da, want);

            // The mean gradient over a set of one: ∂C/∂b⁽¹⁾ = δ⁽¹⁾.
            let g = net.gradient(&x, &y).unwrap();
            check("gradient", act, z, g.biases[0][0] / da, want);

            // The stepper's f′ display.
            let mut stepper = Stepper::new(&net, &x, &y, 0.1).unwrap();
            while stepper.phase() != Phase::Forward(1) {
                stepper.next(&mut net).unwrap();
            }
            check("stepper", act, z, stepper.derivative(1).unwrap()[0], want);

            // The batched kernel: one SGD step with η = 1 on one example moves b⁽¹⁾ from 0 to
            // exactly −δ⁽¹⁾.
            let mut batch = Batch::new(net.sizes(), 1);
            batch.set_example(0, &x, &y);
            batch.forward(&net, 1).unwrap();
            let update = Update::Descend { eta: 1.0, l2: 0.0 };
            batch.backward(&mut net, 1, update).unwrap();
            check("batch", act, z, -net.bias(1, 0).unwrap() / da, want);
        }
    }
}

#[test]
fn a_layer_at_once_gets_the_same_derivatives_as_one_neuron() {
    let z: Vec<f32> = dense_sweep().step_by(37).collect();
    for act in [Activation::Sigmoid, Activation::Tanh] {
        let mut a = vec![0.0; z.len()];
        act.forward(&z, &mut a);
        let g = vec![1.0; z.len()];
        let mut delta = vec![0.0; z.len()];
        act.backward(&z, &a, &g, &mut delta);
        for (&z, &d) in z.iter().zip(&delta) {
            assert_eq!(d, act.derivative(z), "{} at z = {z}", act.name());
            assert!(relative_error(d, exact(act, z)) <= DIRECT_TOLERANCE);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn derivatives_match_f64_for_any_z_within_40(z in -40.0f32..=40.0) {
        prop_assert!(relative_error(sigmoid_derivative(z), sigmoid_prime_exact(z.into())) <= DIRECT_TOLERANCE);
        prop_assert!(relative_error(tanh_derivative(z), tanh_prime_exact(z.into())) <= DIRECT_TOLERANCE);
        prop_assert!(relative_error(Activation::Sigmoid.derivative(z), sigmoid_prime_exact(z.into())) <= DIRECT_TOLERANCE);
        prop_assert!(relative_error(Activation::Tanh.derivative(z), tanh_prime_exact(z.into())) <= DIRECT_TOLERANCE);
    }
}
