//! 3Blue1Brown's chain x → a⁽¹⁾ → a⁽²⁾ with one neuron per layer, checked by hand.

use approx::assert_relative_eq;
// σ′ in f32 as the core computes it, e^−|z| / (1 + e^−|z|)² (= a(1 − a), without a(1 − a)'s
// cancellation near a = 1).
use backprop_lab::activation::sigmoid_derivative;
use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig};

/// The core's f32 σ (its own e^x, a few ulps from the exact value; the f64 check below holds it
/// to that), so the hand computation does the network's very operations.
fn sigmoid32(z: f32) -> f32 {
    backprop_lab::activation::sigmoid(z)
}

fn sigmoid64(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn chain(w1: f32, b1: f32, w2: f32, b2: f32) -> Network {
    let mut net = Network::new(NetworkConfig {
        layers: vec![1, 1, 1],
        activations: vec![Activation::Sigmoid; 2],
        cost: Cost::Quadratic,
        init: Init::Zeros,
        seed: 0,
    })
    .unwrap();
    net.set_weight(1, 0, 0, w1).unwrap();
    net.set_bias(1, 0, b1).unwrap();
    net.set_weight(2, 0, 0, w2).unwrap();
    net.set_bias(2, 0, b2).unwrap();
    net
}

#[test]
fn one_neuron_chain_matches_the_hand_computation() {
    let (x, w1, b1, w2, b2, y) = (0.8f32, 1.5f32, -0.3f32, -2.0f32, 0.7f32, 1.0f32);
    let mut net = chain(w1, b1, w2, b2);
    net.forward(&[x]).unwrap();
    let c = net.backward(&[y]).unwrap();

    // The same operations in f32, in the order the network does them:
    let z1 = b1 + w1 * x; //                 z⁽¹⁾ = w⁽¹⁾ x + b⁽¹⁾ = 1.5·0.8 − 0.3 = 0.9
    let a1 = sigmoid32(z1); //               a⁽¹⁾ = σ(0.9) ≈ 0.7109
    let z2 = b2 + w2 * a1; //                z⁽²⁾ = −2 a⁽¹⁾ + 0.7 ≈ −0.7219
    let a2 = sigmoid32(z2); //               a⁽²⁾ = σ(z⁽²⁾) ≈ 0.3270
    let c_hand = (a2 - y) * (a2 - y); //     C₀ = (a⁽²⁾ − y)²
    let dc_da2 = 2.0 * (a2 - y); //          ∂C₀/∂a⁽²⁾ = 2(a⁽²⁾ − y)
    let delta2 = dc_da2 * sigmoid_derivative(z2); // δ⁽²⁾ = ∂C₀/∂a⁽²⁾ σ′(z⁽²⁾), σ′ = a(1 − a)
    let dc_dw2 = delta2 * a1; //             ∂C₀/∂w⁽²⁾ = a⁽¹⁾ σ′(z⁽²⁾) 2(a⁽²⁾ − y)
    let dc_da1 = w2 * delta2; //             ∂C₀/∂a⁽¹⁾ = w⁽²⁾ δ⁽²⁾
    let delta1 = dc_da1 * sigmoid_derivative(z1); // δ⁽¹⁾ = ∂C₀/∂a⁽¹⁾ σ′(z⁽¹⁾)
    let dc_dw1 = delta1 * x; //              ∂C₀/∂w⁽¹⁾ = x δ⁽¹⁾

    let pairs = [
        (net.z(1)[0], z1),
        (net.a(1)[0], a1),
        (net.z(2)[0], z2),
        (net.a(2)[0], a2),
        (c, c_hand),
        (net.delta(2)[0], delta2),
        (net.weight_gradient(2)[0], dc_dw2),
        (net.bias_gradient(2)[0], delta2),
        (net.activation_gradient(1)[0], dc_da1),
        (net.delta(1)[0], delta1),
        (net.weight_gradient(1)[0], dc_dw1),
    ];
    for (got, hand) in pairs {
        // Same f32 operations, so the casts to f64 agree to far better than 1e-12.
        assert!(
            (f64::from(got) - f64::from(hand)).abs() <= 1e-12,
            "{got} vs {hand}"
        );
    }

    // And the exact chain in f64 from the same f32 inputs, to within f32's rounding.
    let (x, w1, b1, w2, b2, y) = (
        x as f64, w1 as f64, b1 as f64, w2 as f64, b2 as f64, y as f64,
    );
    let a1 = sigmoid64(w1 * x + b1);
    let z2 = w2 * a1 + b2;
    let a2 = sigmoid64(z2);
    let sigma_prime = a2 * (1.0 - a2);
    assert_relative_eq!(f64::from(net.a(2)[0]), a2, epsilon = 1e-6);
    assert_relative_eq!(f64::from(c), (a2 - y).powi(2), epsilon = 1e-6);
    let dc_dw2 = a1 * sigma_prime * 2.0 * (a2 - y);
    assert_relative_eq!(f64::from(net.weight_gradient(2)[0]), dc_dw2, epsilon = 1e-6);
}

#[test]
fn sigmoid_derivative_peaks_at_zero() {
    // σ′(0) = σ(0)(1 − σ(0)) = ½ · ½ = ¼, and less anywhere else.
    assert_eq!(Activation::Sigmoid.derivative(0.0), 0.25);
    for z in [-3.0, -0.5, 0.5, 3.0] {
        assert!(Activation::Sigmoid.derivative(z) < 0.25);
    }
}

#[test]
fn activation_derivatives_match_their_definitions() {
    // tanh′(0) = 1 − 0² = 1; relu′ is 1 right of 0 and 0 left; leaky relu's left slope 0.01.
    assert_eq!(Activation::Tanh.derivative(0.0), 1.0);
    assert_eq!(Activation::Relu.derivative(2.0), 1.0);
    assert_eq!(Activation::Relu.derivative(-2.0), 0.0);
    assert_eq!(Activation::LeakyRelu.f(-2.0), -0.02);
    assert_eq!(Activation::LeakyRelu.derivative(-2.0), 0.01);
    assert_eq!(Activation::Linear.derivative(-7.0), 1.0);
}

#[test]
fn softmax_outputs_sum_to_one_even_for_large_z() {
    let mut a = [0.0; 3];
    Activation::Softmax.forward(&[1000.0, 1001.0, 999.0], &mut a);
    assert_relative_eq!(a.iter().sum::<f32>(), 1.0, epsilon = 1e-6);
    // e¹ / (e⁰ + e¹ + e⁻¹) ≈ 0.6652
    assert_relative_eq!(a[1], 0.665_240_9, epsilon = 1e-6);
}

#[test]
fn cross_entropy_stays_finite_when_the_output_saturates() {
    let mut net = Network::new(NetworkConfig {
        layers: vec![1, 1],
        activations: vec![Activation::Sigmoid],
        cost: Cost::CrossEntropy,
        init: Init::Zeros,
        seed: 0,
    })
    .unwrap();
    net.set_bias(1, 0, 200.0).unwrap(); // a = σ(200) rounds to 1 in f32
    net.forward(&[0.0]).unwrap();
    let c = net.backward(&[0.0]).unwrap();
    // C₀ = −ln(1 − a) with 1 − a clamped to 1e-7: −ln 1e-7 ≈ 16.118
    assert_relative_eq!(c, 16.118_095, epsilon = 1e-4);
    assert_eq!(net.delta(1), &[1.0]); // δ = a − y = 1 − 0
}

#[test]
fn names_round_trip() {
    for &act in Activation::ALL {
        assert_eq!(Activation::from_name(act.name()), Ok(act));
    }
    assert_eq!(
        Activation::from_name("leakyRelu"),
        Ok(Activation::LeakyRelu)
    );
    let err = Activation::from_name("swish").unwrap_err().to_string();
    assert!(
        err.contains("\"swish\"") && err.contains("\"sigmoid\""),
        "{err}"
    );
}

#[test]
fn fast_tanh_is_within_a_few_ulps_of_the_exact_value() {
    let mut worst = 0.0f64;
    let mut z = -12.0f32;
    while z < 12.0 {
        let exact = f64::from(z).tanh();
        let got = f64::from(backprop_lab::activation::tanh(z));
        // Relative error, with f32's spacing near 0 as a floor.
        let err = (got - exact).abs() / exact.abs().max(1e-30);
        worst = worst.max(err);
        z += 1.0e-4;
    }
    println!("worst relative error of tanh: {worst:e}");
    assert!(worst < 5e-7, "worst relative error {worst}"); // ≈ 4 ulps of f32
    assert_eq!(backprop_lab::activation::tanh(0.0), 0.0);
    // Saturated: within 2 ulps of ±1 (1 − 2⁻²³ ≈ 0.99999988).
    assert!((backprop_lab::activation::tanh(100.0) - 1.0).abs() <= 2.4e-7);
    assert!((backprop_lab::activation::tanh(-100.0) + 1.0).abs() <= 2.4e-7);
}
