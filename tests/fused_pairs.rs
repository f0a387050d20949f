//! The fused (f z, f′ z) pairs of the training fast path — tanh's, and σ's where the Digits
//! trainer runs — which share one argument reduction (σ: one division too) between the two,
//! against the activation functions themselves: the same bits for every input (all 2³² f32 bit
//! patterns in the `--ignored` test, a dense sweep and the edges otherwise), so the accuracy
//! bounds proved for the functions (tests/activation_accuracy.rs) hold for the pairs, and the fast
//! path stays bit-identical to the teaching path.
use backprop_lab::activation::{
    sigmoid, sigmoid_derivative, sigmoid_with_derivative, tanh, tanh_derivative,
    tanh_with_derivative, SIGMOID_UNDERFLOW, TANH_DERIVATIVE_UNDERFLOW,
};
use backprop_lab::Activation;

/// An input z, the pair's (f z, f′ z) and the two functions' own.
type Mismatch = (f32, (f32, f32), (f32, f32));

/// A pair and the two functions it must equal.
type Fused = (fn(f32) -> (f32, f32), fn(f32) -> f32, fn(f32) -> f32);

const TANH: Fused = (tanh_with_derivative, tanh, tanh_derivative);
const SIGMOID: Fused = (sigmoid_with_derivative, sigmoid, sigmoid_derivative);

/// The first bit pattern in `bits` where the pair differs from the two functions (NaN results
/// must both be NaN).
fn first_mismatch((pair, f, df): Fused, bits: impl Iterator<Item = u32>) -> Option<Mismatch> {
    let same = |x: f32, y: f32| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    bits.map(f32::from_bits).find_map(|z| {
        let (a, d) = pair(z);
        let (a0, d0) = (f(z), df(z));
        (!(same(a, a0) && same(d, d0))).then_some((z, (a, d), (a0, d0)))
    })
}

#[test]
fn the_pairs_are_their_functions_over_a_sweep_of_all_bit_patterns() {
    // Every 997th pattern (a prime, so every exponent and many mantissas are hit).
    for fused in [TANH, SIGMOID] {
        assert_eq!(first_mismatch(fused, (0..=u32::MAX).step_by(997)), None);
    }
}

#[test]
fn the_pairs_are_their_functions_at_the_edges() {
    // Around the clamps (tanh: |z| = 10 and 44.5; σ: 88), the flushes, the saturations, 0 and
    // the infinities.
    let tanh_centres = [10.0, 9.01, 20.0, 44.5, 43.3, TANH_DERIVATIVE_UNDERFLOW];
    let sigmoid_centres = [88.0, 87.0, -SIGMOID_UNDERFLOW, 16.6, 44.0];
    let common = [0.0f32, f32::MIN_POSITIVE, f32::INFINITY];
    for (fused, centres) in [(TANH, &tanh_centres[..]), (SIGMOID, &sigmoid_centres[..])] {
        for &c in centres.iter().chain(&common) {
            for sign in [1.0f32, -1.0] {
                let b = (sign * c).to_bits();
                let bits = b.saturating_sub(100_000)..=b.saturating_add(100_000);
                assert_eq!(first_mismatch(fused, bits), None, "near {}", sign * c);
            }
        }
        let nans = [f32::NAN.to_bits(), (-f32::NAN).to_bits()];
        assert_eq!(first_mismatch(fused, nans.into_iter()), None);
    }
}

#[test]
fn a_layer_gets_the_pair_of_each_neuron() {
    let z: Vec<f32> = (0..48).map(|i| (i as f32 - 24.0) * 0.9).collect();
    let (mut a, mut d) = (vec![0.0; z.len()], vec![0.0; z.len()]);
    // σ's pair is in the core's `wide` feature (the extras module's, and native builds'), which
    // these tests are built with.
    assert!(Activation::Sigmoid.fuses_derivative());
    for (act, (_, f, df)) in [(Activation::Tanh, TANH), (Activation::Sigmoid, SIGMOID)] {
        assert!(act.fuses_derivative());
        assert!(act.forward_with_derivative(&z, &mut a, &mut d));
        for (i, &z) in z.iter().enumerate() {
            assert_eq!(a[i].to_bits(), f(z).to_bits(), "{}({z})", act.name());
            assert_eq!(d[i].to_bits(), df(z).to_bits(), "{}′({z})", act.name());
        }
    }
    // The others compute f′ in the backward pass.
    for act in [
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
        Activation::Softmax,
    ] {
        assert!(!act.fuses_derivative(), "{act:?}");
        assert!(!act.forward_with_derivative(&z, &mut a, &mut d), "{act:?}");
    }
}

/// Every one of the 2³² bit patterns (`cargo test --release --test fused_pairs -- --ignored`),
/// on every core.
#[test]
#[ignore = "all 2³² inputs, twice: minutes in release"]
fn the_pairs_are_their_functions_for_every_input() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let per = (1u64 << 32).div_ceil(threads);
    for fused in [TANH, SIGMOID] {
        let found: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let lo = (t * per) as u32;
                    let hi = ((t + 1) * per - 1).min(u64::from(u32::MAX)) as u32;
                    s.spawn(move || first_mismatch(fused, lo..=hi))
                })
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().unwrap())
                .collect()
        });
        assert!(found.is_empty(), "{found:?}");
    }
}
