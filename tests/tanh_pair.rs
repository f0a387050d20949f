//! The fused (tanh z, tanh′ z) of the training fast path, which shares one argument reduction
//! between the two, against `activation::tanh` and `activation::tanh_derivative` themselves: the
//! same bits for every input (all 2³² f32 bit patterns in the `--ignored` test, a dense sweep and
//! the edges otherwise), so the accuracy bounds proved for the two (tests/activation_accuracy.rs)
//! hold for the pair, and the fast path stays bit-identical to the teaching path.
use backprop_lab::activation::{
    tanh, tanh_derivative, tanh_with_derivative, TANH_DERIVATIVE_UNDERFLOW,
};
use backprop_lab::Activation;

/// An input z, the pair's (tanh z, tanh′ z) and the two functions' own.
type Mismatch = (f32, (f32, f32), (f32, f32));

/// The first bit pattern in `bits` where the pair differs from the two functions (NaN results
/// must both be NaN).
fn first_mismatch(bits: impl Iterator<Item = u32>) -> Option<Mismatch> {
    let same = |x: f32, y: f32| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    bits.map(f32::from_bits).find_map(|z| {
        let (t, d) = tanh_with_derivative(z);
        let (t0, d0) = (tanh(z), tanh_derivative(z));
        (!(same(t, t0) && same(d, d0))).then_some((z, (t, d), (t0, d0)))
    })
}

#[test]
fn the_pair_is_tanh_and_tanh_derivative_over_a_sweep_of_all_bit_patterns() {
    // Every 997th pattern (a prime, so every exponent and many mantissas are hit).
    assert_eq!(first_mismatch((0..=u32::MAX).step_by(997)), None);
}

#[test]
fn the_pair_is_tanh_and_tanh_derivative_at_the_edges() {
    // Around where tanh's clamp (|z| = 10) and tanh′'s (|z| = 44.5) take over, tanh′'s flush,
    // the saturation of tanh, 0 and the infinities.
    let centres = [
        0.0f32,
        10.0,
        9.01,
        20.0,
        44.5,
        43.3,
        TANH_DERIVATIVE_UNDERFLOW,
        f32::MIN_POSITIVE,
        f32::INFINITY,
    ];
    for c in centres {
        for sign in [1.0f32, -1.0] {
            let b = (sign * c).to_bits();
            let bits = b.saturating_sub(100_000)..=b.saturating_add(100_000);
            assert_eq!(first_mismatch(bits), None, "near {}", sign * c);
        }
    }
    assert_eq!(
        first_mismatch([f32::NAN.to_bits(), (-f32::NAN).to_bits()].into_iter()),
        None
    );
}

#[test]
fn a_layer_gets_the_pair_of_each_neuron() {
    let z: Vec<f32> = (0..48).map(|i| (i as f32 - 24.0) * 0.9).collect();
    let (mut a, mut d) = (vec![0.0; z.len()], vec![0.0; z.len()]);
    assert!(Activation::Tanh.forward_with_derivative(&z, &mut a, &mut d));
    for (i, &z) in z.iter().enumerate() {
        assert_eq!(a[i].to_bits(), tanh(z).to_bits(), "tanh({z})");
        assert_eq!(d[i].to_bits(), tanh_derivative(z).to_bits(), "tanh′({z})");
    }
    // The others compute f′ in the backward pass.
    for act in [
        Activation::Sigmoid,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
        Activation::Softmax,
    ] {
        assert!(!act.forward_with_derivative(&z, &mut a, &mut d), "{act:?}");
    }
}

/// Every one of the 2³² bit patterns (`cargo test --release --test tanh_pair -- --ignored`), on
/// every core.
#[test]
#[ignore = "all 2³² inputs: tens of seconds in release"]
fn the_pair_is_tanh_and_tanh_derivative_for_every_input() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let per = (1u64 << 32).div_ceil(threads);
    let found: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let lo = (t * per) as u32;
                let hi = ((t + 1) * per - 1).min(u64::from(u32::MAX)) as u32;
                s.spawn(move || first_mismatch(lo..=hi))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(found.is_empty(), "{found:?}");
}
