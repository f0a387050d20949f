//! The vectorisable e^x, σ, tanh, σ′ and tanh′ of `activation.rs` against f64 over the whole f32
//! range (issue 11, item 2): a sweep over bit patterns (every 4099th of all 2³², and every 1021st
//! of those where the functions are not yet saturated), the edges (±0, subnormals, ±∞,
//! NaN, the overflow / underflow thresholds, each side of every clamp and of every point where
//! the argument reduction changes n), saturation, symmetry and monotonicity, and that a whole
//! layer gets exactly what one neuron gets.
//!
//! `cargo test --release --test activation_accuracy -- --ignored` checks all 2³² inputs of every
//! function (a few minutes on two cores).

use backprop_lab::activation::{
    exp, sigmoid, sigmoid_derivative, tanh, tanh_derivative, SIGMOID_UNDERFLOW,
    TANH_DERIVATIVE_UNDERFLOW,
};
use backprop_lab::Activation;
use proptest::prelude::*;

// The bounds every f32 input meets (all 2³² checked by the ignored test; the worst cases are
// 0.96, 1.71, 3.03, 3.23 and 3.23 ulp). The sweeps assert them, so a change that loses accuracy
// anywhere in the range fails here.
const EXP_ULPS: f64 = 1.0;
const SIGMOID_ULPS: f64 = 2.0;
const TANH_ULPS: f64 = 3.05;
const DERIVATIVE_ULPS: f64 = 3.5;

/// f32::MIN_POSITIVE in f64: σ, σ′ and tanh′ give 0 where the exact value is below it.
const MIN_NORMAL: f64 = f32::MIN_POSITIVE as f64;

fn exp_exact(x: f32) -> f64 {
    f64::from(x).exp()
}

fn flush(v: f64) -> f64 {
    if v < MIN_NORMAL {
        0.0
    } else {
        v
    }
}

fn sigmoid_exact(z: f32) -> f64 {
    let z = f64::from(z);
    flush(if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        z.exp() / (1.0 + z.exp())
    })
}

fn tanh_exact(z: f32) -> f64 {
    f64::from(z).tanh()
}

fn sigmoid_derivative_exact(z: f32) -> f64 {
    let e = (-f64::from(z).abs()).exp();
    flush(e / ((1.0 + e) * (1.0 + e)))
}

fn tanh_derivative_exact(z: f32) -> f64 {
    let e = (-2.0 * f64::from(z).abs()).exp();
    flush(4.0 * e / ((1.0 + e) * (1.0 + e)))
}

/// |got − exact| in units of the f32 ulp at `exact` (2⁻¹⁴⁹ below the normal range); infinite
/// for a NaN that should not be one (or the reverse), or an infinity the exact value does not
/// round to (or the reverse).
fn ulp_error(got: f32, exact: f64) -> f64 {
    if exact.is_nan() || got.is_nan() {
        return if exact.is_nan() && got.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let rounded = exact as f32;
    if rounded.is_infinite() || got.is_infinite() {
        return if rounded == got { 0.0 } else { f64::INFINITY };
    }
    let magnitude = exact.abs().max(MIN_NORMAL);
    let exponent = ((magnitude.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    let ulp = f64::from_bits(((exponent - 23 + 1023) as u64) << 52);
    (f64::from(got) - exact).abs() / ulp
}

struct Function {
    name: &'static str,
    f: fn(f32) -> f32,
    exact: fn(f32) -> f64,
    bound: f64,
    /// The magnitudes |z| where the function is neither saturated nor (to f32 precision) its
    /// value at 0 or z itself: the sweep looks at these patterns more closely.
    live: (f32, f32),
}

const FUNCTIONS: [Function; 5] = [
    Function {
        name: "exp",
        f: exp,
        exact: exp_exact,
        bound: EXP_ULPS,
        live: (6e-8, 104.0),
    },
    Function {
        name: "sigmoid",
        f: sigmoid,
        exact: sigmoid_exact,
        bound: SIGMOID_ULPS,
        live: (6e-8, 88.0),
    },
    Function {
        name: "tanh",
        f: tanh,
        exact: tanh_exact,
        bound: TANH_ULPS,
        live: (2.4e-4, 9.5),
    },
    Function {
        name: "sigmoid_derivative",
        f: sigmoid_derivative,
        exact: sigmoid_derivative_exact,
        bound: DERIVATIVE_ULPS,
        live: (1e-4, 88.0),
    },
    Function {
        name: "tanh_derivative",
        f: tanh_derivative,
        exact: tanh_derivative_exact,
        bound: DERIVATIVE_ULPS,
        live: (1e-4, 45.0),
    },
];

/// The worst error of `f` over the inputs `bits`: (ulps, the input).
fn worst(f: &Function, bits: impl Iterator<Item = u32>) -> (f64, f32) {
    let mut worst = (0.0, 0.0);
    for b in bits {
        let z = f32::from_bits(b);
        let err = ulp_error((f.f)(z), (f.exact)(z));
        // ulp_error is never NaN (a wrong NaN counts as infinitely many ulps).
        if err > worst.0 {
            worst = (err, z);
        }
    }
    worst
}

/// The bit patterns of the f32 values with lo ≤ |z| ≤ hi, every `stride`th of them.
fn live_patterns(lo: f32, hi: f32, stride: usize) -> impl Iterator<Item = u32> {
    let positive = (lo.to_bits()..=hi.to_bits()).step_by(stride);
    positive.flat_map(|b| [b, b | 0x8000_0000])
}

/// Both strides are prime, so the sweeps visit every residue of the low mantissa bits.
const ALL_STRIDE: usize = 4099;
const LIVE_STRIDE: usize = 1021;

#[test]
fn every_function_is_within_its_bound_over_a_sweep_of_all_bit_patterns() {
    for f in &FUNCTIONS {
        let (all, at_all) = worst(f, (0..=u32::MAX).step_by(ALL_STRIDE));
        let (live, at_live) = worst(f, live_patterns(f.live.0, f.live.1, LIVE_STRIDE));
        println!(
            "{}: worst {all:.3} ulp over every {ALL_STRIDE}th f32 (at {at_all:e}), {live:.3} ulp \
             over every {LIVE_STRIDE}th with {} ≤ |z| ≤ {} (at {at_live:e}); bound {}",
            f.name, f.live.0, f.live.1, f.bound
        );
        assert!(all <= f.bound, "{}({at_all:e}): {all} ulp", f.name);
        assert!(live <= f.bound, "{}({at_live:e}): {live} ulp", f.name);
    }
}

/// x and its neighbours: the f32 values up to 3 steps either side.
fn around(x: f32) -> impl Iterator<Item = f32> {
    let mut below = vec![x];
    let mut above = vec![];
    let (mut b, mut a) = (x, x);
    for _ in 0..3 {
        b = b.next_down();
        a = a.next_up();
        below.push(b);
        above.push(a);
    }
    below.into_iter().chain(above)
}

/// The inputs where something changes: zeros, subnormals, the limits, NaN, the underflow and
/// overflow thresholds and clamps, and the points (k + ½) ln 2 where the argument reduction
/// switches from n = −k to n = −k − 1, as x for e^x, as −x for σ and σ′ and as −x/2 for tanh
/// and tanh′.
fn edges() -> Vec<f32> {
    let mut points = vec![
        0.0,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        f32::EPSILON,
        2f32.powi(-12),
        2f32.powi(-13),
        0.5,
        1.0,
        f32::MAX,
        f32::INFINITY,
        // e^x: the largest finite result, the last nonzero result, the clamps.
        88.722_83,
        -103.972_08,
        -104.0,
        89.0,
        -87.336_54,
        // σ, σ′ and tanh′ flush below f32::MIN_POSITIVE; σ's clamp at −88, tanh′'s at −89 (of
        // −2|z|), tanh's at −20 (of −2|z|).
        SIGMOID_UNDERFLOW,
        -SIGMOID_UNDERFLOW,
        TANH_DERIVATIVE_UNDERFLOW,
        88.0,
        44.5,
        10.0,
        // Where the results reach 1 (σ) and ±1 (tanh).
        17.328_68,
        9.010_913,
        100.0,
        1e30,
    ];
    let ln2 = std::f64::consts::LN_2;
    for k in -151..=129 {
        let x = (f64::from(k) + 0.5) * ln2;
        points.push(x as f32);
        points.push((x / 2.0) as f32);
    }
    let mut all: Vec<f32> = points.iter().flat_map(|&x| around(x)).collect();
    let negated: Vec<f32> = all.iter().map(|x| -x).collect();
    all.extend(negated);
    all.push(f32::NAN);
    all
}

#[test]
fn every_function_is_within_its_bound_at_the_edges() {
    for f in &FUNCTIONS {
        let edges = edges();
        let (err, at) = worst(f, edges.iter().map(|x| x.to_bits()));
        println!(
            "{}: worst {err:.3} ulp over {} edge inputs (at {at:e})",
            f.name,
            edges.len()
        );
        assert!(err <= f.bound, "{}({at:e}): {err} ulp", f.name);
    }
}

#[test]
fn exp_overflows_and_underflows_exactly_where_f32_does() {
    assert_eq!(exp(0.0), 1.0);
    assert_eq!(exp(-0.0), 1.0);
    assert_eq!(exp(1.0), std::f32::consts::E);
    assert_eq!(exp(f32::INFINITY), f32::INFINITY);
    assert_eq!(exp(f32::NEG_INFINITY), 0.0);
    assert!(exp(f32::NAN).is_nan());
    // e^88.722_83 = 3.402_8e38 < f32::MAX; the next f32 up overflows.
    let last = 88.722_83_f32;
    assert!(exp(last).is_finite() && exp(last) > 3.4e38);
    assert_eq!(exp(last.next_up()), f32::INFINITY);
    assert_eq!(exp(1e30), f32::INFINITY);
    // Gradual underflow: e^−103.972_08 rounds to the smallest subnormal, the next f32 down to 0.
    let tiny = -103.972_08_f32;
    assert_eq!(exp(tiny), f32::from_bits(1));
    assert_eq!(exp(tiny.next_down()), 0.0);
    assert_eq!(
        exp(-100.0).to_bits(),
        (std::f64::consts::E.powi(-100) as f32).to_bits()
    );
    assert_eq!(exp(-1e30), 0.0);
}

#[test]
fn sigmoid_saturates_exactly() {
    assert_eq!(sigmoid(-100.0), 0.0);
    assert_eq!(sigmoid(-1e30), 0.0);
    assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
    assert_eq!(sigmoid(-f32::MAX), 0.0);
    assert_eq!(sigmoid(100.0), 1.0);
    assert_eq!(sigmoid(1e30), 1.0);
    assert_eq!(sigmoid(f32::INFINITY), 1.0);
    assert_eq!(sigmoid(0.0), 0.5);
    assert_eq!(sigmoid(-0.0), 0.5);
    assert!(sigmoid(f32::NAN).is_nan());
    // The flush is at the smallest normal result: just above the threshold σ is normal, at it 0.
    let s = sigmoid(SIGMOID_UNDERFLOW);
    assert!(
        (f32::MIN_POSITIVE * 0.99..1.2e-38).contains(&s),
        "σ at the threshold: {s:e}"
    );
    assert_eq!(sigmoid(SIGMOID_UNDERFLOW.next_down()), 0.0);
    assert_eq!(Activation::Sigmoid.f(-100.0), 0.0);
    assert_eq!(Activation::Sigmoid.f(100.0), 1.0);
}

#[test]
fn tanh_saturates_exactly_and_keeps_small_z() {
    for (z, t) in [
        (1e30, 1.0),
        (f32::MAX, 1.0),
        (f32::INFINITY, 1.0),
        (20.0, 1.0),
        (10.0, 1.0),
    ] {
        assert_eq!(tanh(z), t, "tanh({z})");
        assert_eq!(tanh(-z), -t, "tanh(−{z})");
    }
    assert_eq!(tanh(0.0).to_bits(), 0.0f32.to_bits());
    assert_eq!(tanh(-0.0).to_bits(), (-0.0f32).to_bits());
    assert!(tanh(f32::NAN).is_nan());
    // tanh z = z − z³/3 + …: z itself to f32 precision for |z| < 2⁻¹², subnormals included.
    for z in [
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        1e-20,
        1e-6,
        2f32.powi(-12).next_down(),
    ] {
        assert_eq!(tanh(z), z, "tanh({z:e})");
        assert_eq!(tanh(-z), -z, "tanh(−{z:e})");
    }
    assert_eq!(Activation::Tanh.f(1e30), 1.0);
}

/// Inputs from everywhere: the sweep's patterns, the edges, big and tiny values.
fn finite_and_infinite_inputs() -> Vec<f32> {
    let mut inputs: Vec<f32> = (0..=u32::MAX)
        .step_by(65_537)
        .map(f32::from_bits)
        .filter(|z| !z.is_nan())
        .collect();
    inputs.extend(edges().into_iter().filter(|z| !z.is_nan()));
    inputs
}

#[test]
fn no_nan_from_any_non_nan_input_in_forward_or_backward() {
    let z = finite_and_infinite_inputs();
    let g = vec![1.0; z.len()];
    for act in [Activation::Sigmoid, Activation::Tanh] {
        let mut a = vec![0.0; z.len()];
        act.forward(&z, &mut a);
        let mut delta = vec![0.0; z.len()];
        act.backward(&z, &a, &g, &mut delta);
        for ((&z, &a), &d) in z.iter().zip(&a).zip(&delta) {
            assert!(
                a.is_finite() && d.is_finite(),
                "{}({z:e}): a = {a}, f′ = {d}",
                act.name()
            );
            assert!((0.0..=1.0).contains(&a.abs()) && (0.0..=1.0).contains(&d));
        }
    }
    for &z in &z {
        assert!(!exp(z).is_nan() && exp(z) >= 0.0, "exp({z:e})");
    }
}

#[test]
fn derivatives_flush_below_the_normal_range() {
    assert_eq!(sigmoid_derivative((-SIGMOID_UNDERFLOW).next_up()), 0.0);
    assert!(sigmoid_derivative(-SIGMOID_UNDERFLOW) >= f32::MIN_POSITIVE * 0.99);
    assert_eq!(tanh_derivative(TANH_DERIVATIVE_UNDERFLOW.next_up()), 0.0);
    assert!(tanh_derivative(TANH_DERIVATIVE_UNDERFLOW) >= f32::MIN_POSITIVE * 0.99);
    for z in [100.0, 1e30, f32::INFINITY] {
        for d in [
            sigmoid_derivative(z),
            sigmoid_derivative(-z),
            tanh_derivative(z),
            tanh_derivative(-z),
        ] {
            assert_eq!(d, 0.0);
        }
    }
    assert_eq!(sigmoid_derivative(0.0), 0.25);
    assert_eq!(tanh_derivative(0.0), 1.0);
}

#[test]
fn a_layer_gets_exactly_what_one_neuron_gets() {
    // Lengths that are and are not multiples of the vector width, so both the vector loop and
    // its scalar remainder are checked.
    let inputs = finite_and_infinite_inputs();
    for len in [1, 3, 4, 7, 160, inputs.len()] {
        let z = &inputs[..len];
        let g: Vec<f32> = (0..len).map(|i| 1.0 - (i % 5) as f32 * 0.25).collect();
        for (act, f, df) in [
            (
                Activation::Sigmoid,
                sigmoid as fn(f32) -> f32,
                sigmoid_derivative as fn(f32) -> f32,
            ),
            (Activation::Tanh, tanh, tanh_derivative),
        ] {
            let mut a = vec![0.0; len];
            act.forward(z, &mut a);
            let mut delta = vec![0.0; len];
            act.backward(z, &a, &g, &mut delta);
            for i in 0..len {
                assert_eq!(
                    a[i].to_bits(),
                    f(z[i]).to_bits(),
                    "{}({:e})",
                    act.name(),
                    z[i]
                );
                assert_eq!(a[i].to_bits(), act.f(z[i]).to_bits());
                assert_eq!(delta[i].to_bits(), (g[i] * df(z[i])).to_bits());
                assert_eq!(act.derivative(z[i]).to_bits(), df(z[i]).to_bits());
            }
        }
    }
}

#[test]
fn softmax_uses_the_vectorised_exp_and_sums_to_one() {
    let z = [1.0f32, -2.0, 0.5, 3.0, -80.0, 88.0, 88.5, -1e30];
    let mut a = [0.0; 8];
    Activation::Softmax.forward(&z, &mut a);
    let max = 88.5f32;
    let e: Vec<f64> = z.iter().map(|&z| f64::from(z - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    for i in 0..z.len() {
        let want = e[i] / sum;
        assert!(
            (f64::from(a[i]) - want).abs() <= 4.0 * f64::from(f32::EPSILON) * want.max(1e-30)
                || (want < 1e-38 && a[i] < 1e-37),
            "a[{i}] = {:e}, exact {want:e}",
            a[i]
        );
        // exp(z − max) is the vectorised e^x: a[i] · Σ = e^(z − max) up to the division.
        let expected = exp(z[i] - max) / z.iter().map(|&z| exp(z - max)).sum::<f32>();
        assert_eq!(a[i].to_bits(), expected.to_bits());
    }
    let total: f32 = a.iter().sum();
    assert!((total - 1.0).abs() <= 4.0 * f32::EPSILON, "Σa = {total}");
    // Huge logits: max subtraction keeps them finite.
    let z = [1e30f32, 1e30, -1e30];
    let mut a = [0.0; 3];
    Activation::Softmax.forward(&z, &mut a);
    assert_eq!(a, [0.5, 0.5, 0.0]);
}

/// The size of one ulp of the f32 at |v| (v finite, nonzero).
fn ulp_at(v: f32) -> f32 {
    let v = v.abs().max(f32::MIN_POSITIVE);
    v.next_up() - v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// tanh is exactly odd, for every input.
    #[test]
    fn tanh_is_odd(bits in any::<u32>()) {
        let z = f32::from_bits(bits);
        prop_assume!(!z.is_nan());
        prop_assert_eq!(tanh(-z).to_bits(), (-tanh(z)).to_bits());
        prop_assert_eq!(tanh_derivative(-z).to_bits(), tanh_derivative(z).to_bits());
        prop_assert_eq!(sigmoid_derivative(-z).to_bits(), sigmoid_derivative(z).to_bits());
    }

    /// σ(z) + σ(−z) = 1 to within the two functions' rounding.
    #[test]
    fn sigmoid_of_z_and_minus_z_sum_to_one(bits in any::<u32>()) {
        let z = f32::from_bits(bits);
        prop_assume!(!z.is_nan());
        let sum = f64::from(sigmoid(z)) + f64::from(sigmoid(-z));
        prop_assert!((sum - 1.0).abs() <= f64::from(f32::EPSILON), "σ({z:e}) + σ(−z) = {sum}");
    }

    /// σ and tanh never go down by more than their error allows (an f32 function within k ulps
    /// of an increasing one can step back by up to 2k ulps between neighbouring inputs where it
    /// is flat), and go strictly up wherever the exact function rises by more than that.
    #[test]
    fn sigmoid_and_tanh_are_monotone_to_within_their_error(
        x in -30.0f32..30.0,
        gap in prop_oneof![0.0f32..1e-6, 0.0f32..1e-3, 0.0f32..10.0],
    ) {
        let y = x + gap;
        for (f, exact, bound) in [
            (sigmoid as fn(f32) -> f32, sigmoid_exact as fn(f32) -> f64, SIGMOID_ULPS),
            (tanh, tanh_exact, TANH_ULPS),
        ] {
            let (fx, fy) = (f(x), f(y));
            // Each value may be `bound` ulps off (an ulp of either, whichever is larger).
            let slack = f64::from(2.0 * bound as f32 * ulp_at(fx).max(ulp_at(fy)));
            prop_assert!(f64::from(fx) <= f64::from(fy) + slack, "f({x}) = {fx:e} > f({y}) = {fy:e}");
            if exact(y) - exact(x) > slack {
                prop_assert!(fx < fy, "f({x}) = {fx:e}, f({y}) = {fy:e}");
            }
        }
    }

    /// e^x is monotone exactly (checked over its whole live range by hand; sampled here).
    #[test]
    fn exp_is_monotone(x in -110.0f32..90.0, steps in 1u32..1000) {
        let y = f32::from_bits(if x >= 0.0 { x.to_bits() + steps } else { x.to_bits().saturating_sub(steps) });
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        prop_assert!(exp(lo) <= exp(hi), "exp({lo}) = {:e} > exp({hi}) = {:e}", exp(lo), exp(hi));
    }

    /// Any f32 at all: within the bound.
    #[test]
    fn any_input_is_within_the_bound(bits in any::<u32>()) {
        let z = f32::from_bits(bits);
        for f in &FUNCTIONS {
            let err = ulp_error((f.f)(z), (f.exact)(z));
            prop_assert!(err <= f.bound, "{}({z:e}): {err} ulp", f.name);
        }
    }
}

/// Every one of the 2³² inputs of every function, against f64 (run with
/// `cargo test --release --test activation_accuracy -- --ignored`).
#[test]
#[ignore = "all 2³² inputs: minutes in release"]
fn every_function_is_within_its_bound_for_every_f32() {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    for f in &FUNCTIONS {
        let results: Vec<(f64, f32)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let span = (1u64 << 32) / threads;
                        let start = t * span;
                        let end = if t == threads - 1 {
                            1u64 << 32
                        } else {
                            start + span
                        };
                        worst(f, (start..end).map(|b| b as u32))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let (err, at) = results
            .into_iter()
            .fold((0.0, 0.0), |w, r| if r.0 > w.0 { r } else { w });
        println!(
            "{}: worst {err:.3} ulp over all 2³² inputs (at {at:e})",
            f.name
        );
        assert!(err <= f.bound, "{}({at:e}): {err} ulp", f.name);
    }
}
