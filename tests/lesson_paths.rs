//! Paths on a two-parameter cost surface (the Lessons tab's "Two inputs: the gradient field",
//! chapter 2, and "Stochastic gradient descent", chapter 3): the field's arrows are the
//! gradient of C at their points (the teaching path's, and finite differences of C agree), the
//! ball's steps are p ← p − η ∇C, mini-batch SGD reaches the scene's target cost with fewer
//! per-example gradient evaluations than full-batch descent, and bad input is an Err.
//!
//! The two scenes' numbers are copied here from www/lessons/chapter2.js and chapter3.js: change
//! them together.

use backprop_lab::surface::{compare_descents, descend_pair, gradient_field, pair_point, reached};
use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig, Parameter};

/// Chapter 2's field scene: the 1-2-1 network of "Rolling downhill in one dimension" on its six
/// points, over (w⁽¹⁾₁₀, w⁽²⁾₀₁).
mod field_scene {
    use super::*;
    pub fn net() -> Network {
        Network::new(NetworkConfig {
            layers: vec![1, 2, 1],
            activations: vec![Activation::Tanh, Activation::Sigmoid],
            cost: Cost::Quadratic,
            init: Init::Xavier,
            seed: 36,
        })
        .unwrap()
    }
    pub const XS: [f32; 6] = [-1.0, -0.7, -0.3, 0.1, 0.4, 0.8];
    pub const YS: [f32; 6] = [0.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    pub const PAIR: [Parameter; 2] = [
        Parameter::Weight { l: 1, j: 1, k: 0 },
        Parameter::Weight { l: 2, j: 0, k: 1 },
    ];
    pub const MIN: [f32; 2] = [-8.0, -6.0];
    pub const MAX: [f32; 2] = [4.0, 6.0];
    pub const ARROWS: usize = 12;
    pub const ETA: f32 = 10.0;
}

/// Chapter 3's SGD scene: a 1-3-1 network on 41 points x = −1, −0.95, …, 1 (y = 1 where
/// |x| < 0.5), over (w⁽²⁾₀₀, b⁽²⁾₀), from (2, −3), η = 2, 40 steps, batches of 4, seed 1, and
/// the target C ≤ 0.3.
mod sgd_scene {
    use super::*;
    pub fn net() -> Network {
        Network::new(NetworkConfig {
            layers: vec![1, 3, 1],
            activations: vec![Activation::Tanh, Activation::Sigmoid],
            cost: Cost::Quadratic,
            init: Init::Xavier,
            seed: 5,
        })
        .unwrap()
    }
    pub fn examples() -> (Vec<f32>, Vec<f32>) {
        let xs: Vec<f32> = (-20..=20).map(|i| i as f32 / 20.0).collect();
        let ys = xs.iter().map(|x| f32::from(x.abs() < 0.5)).collect();
        (xs, ys)
    }
    pub const PAIR: [Parameter; 2] = [
        Parameter::Weight { l: 2, j: 0, k: 0 },
        Parameter::Bias { l: 2, j: 0 },
    ];
    pub const START: [f32; 2] = [2.0, -3.0];
    pub const ETA: f32 = 2.0;
    pub const STEPS: usize = 40;
    pub const BATCH: usize = 4;
    pub const SEED: u64 = 1;
    pub const TARGET: f32 = 0.3;
}

/// C of `net` on the examples with the pair set to `at`, and its full gradient's two components,
/// by the network's own code (the teaching path).
fn by_hand(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    pair: [Parameter; 2],
    at: [f32; 2],
) -> (f32, [f32; 2]) {
    let mut n = net.clone();
    pair[0].set(&mut n, at[0]).unwrap();
    pair[1].set(&mut n, at[1]).unwrap();
    let g = n.gradient(xs, ys).unwrap();
    let c = n.cost(xs, ys).unwrap();
    (c, [pair[0].of(n.sizes(), &g), pair[1].of(n.sizes(), &g)])
}

#[test]
fn the_fields_arrows_are_the_gradient_of_c_at_their_cell_centres() {
    use field_scene::*;
    let net = net();
    let field = gradient_field(&net, &XS, &YS, PAIR, MIN, MAX, ARROWS).unwrap();
    assert_eq!(field.len(), ARROWS * ARROWS);
    let cell = [
        (MAX[0] - MIN[0]) / ARROWS as f32,
        (MAX[1] - MIN[1]) / ARROWS as f32,
    ];
    let mut steep = 0;
    for row in 0..ARROWS {
        for col in 0..ARROWS {
            let p = field[row * ARROWS + col];
            // Row 0 is the top (the largest p_B), column 0 the left; each arrow at its cell's centre.
            assert!(
                (p.a - (MIN[0] + (col as f32 + 0.5) * cell[0])).abs() < 1e-5,
                "{row},{col}: a = {}",
                p.a
            );
            assert!(
                (p.b - (MAX[1] - (row as f32 + 0.5) * cell[1])).abs() < 1e-5,
                "{row},{col}: b = {}",
                p.b
            );
            let (c, g) = by_hand(&net, &XS, &YS, PAIR, [p.a, p.b]);
            assert_eq!(p.cost, c, "{row},{col}: C is the network's own");
            assert_eq!(
                [p.gradient_a, p.gradient_b],
                g,
                "{row},{col}: ∇C is the teaching path's gradient"
            );
            // And central differences of C along each axis agree.
            let h = 1e-2;
            for (i, gi) in g.iter().enumerate() {
                let mut up = [p.a, p.b];
                let mut down = up;
                up[i] += h;
                down[i] -= h;
                let fd = (by_hand(&net, &XS, &YS, PAIR, up).0
                    - by_hand(&net, &XS, &YS, PAIR, down).0)
                    / (2.0 * h);
                assert!(
                    (fd - gi).abs() <= 2e-3 + 1e-2 * gi.abs(),
                    "{row},{col} axis {i}: ∂C = {gi}, ΔC/Δp = {fd}"
                );
                if gi.abs() > 0.01 {
                    steep += 1;
                }
            }
        }
    }
    assert!(
        steep > ARROWS * ARROWS,
        "most arrows have a visible slope ({steep})"
    );
    // The network itself is untouched: the field works on a copy.
    assert_eq!(
        PAIR[0].get(&net).unwrap(),
        PAIR[0].get(&field_scene::net()).unwrap()
    );
}

#[test]
fn the_balls_steps_are_minus_eta_times_the_gradient_and_go_downhill() {
    use field_scene::*;
    let net = net();
    let start = [2.5, -4.0];
    let path = descend_pair(&net, &XS, &YS, PAIR, start, ETA, 30, None, 0).unwrap();
    assert_eq!(path.len(), 31);
    for (i, w) in path.windows(2).enumerate() {
        let here = pair_point(&net, &XS, &YS, PAIR, [w[0].a, w[0].b]).unwrap();
        assert_eq!(w[0].cost, here.cost, "step {i}: C at the point");
        assert_eq!(
            w[1].a,
            w[0].a - ETA * here.gradient_a,
            "step {i}: p_A ← p_A − η ∂C/∂p_A"
        );
        assert_eq!(
            w[1].b,
            w[0].b - ETA * here.gradient_b,
            "step {i}: p_B ← p_B − η ∂C/∂p_B"
        );
        assert_eq!(
            w[1].evaluations,
            w[0].evaluations + XS.len() as u64,
            "a full step evaluates every example"
        );
    }
    assert!(
        path[30].cost < path[0].cost - 0.01,
        "30 steps go downhill: {} → {}",
        path[0].cost,
        path[30].cost
    );
    // pair_point is the field's own computation at that point.
    let p = pair_point(&net, &XS, &YS, PAIR, start).unwrap();
    let (c, g) = by_hand(&net, &XS, &YS, PAIR, start);
    assert_eq!((p.cost, [p.gradient_a, p.gradient_b]), (c, g));
}

#[test]
fn the_mini_batch_path_needs_fewer_gradient_evaluations_than_the_full_batch_one_to_reach_the_same_cost(
) {
    use sgd_scene::*;
    let net = net();
    let (xs, ys) = examples();
    let n = xs.len() as u64;
    let d = compare_descents(&net, &xs, &ys, PAIR, START, ETA, STEPS, BATCH, SEED).unwrap();
    assert_eq!((d.full.len(), d.mini.len()), (STEPS + 1, STEPS + 1));
    assert_eq!(d.full[0], d.mini[0], "the same start");
    for w in d.full.windows(2) {
        assert_eq!(
            w[1].evaluations - w[0].evaluations,
            n,
            "full-batch: n evaluations a step"
        );
    }
    for w in d.mini.windows(2) {
        let used = w[1].evaluations - w[0].evaluations;
        assert!(
            (1..=BATCH as u64).contains(&used),
            "mini-batch: at most b a step, not {used}"
        );
    }
    // Every example is used once per epoch: after ⌈n / b⌉ steps, exactly n evaluations.
    let per_epoch = xs.len().div_ceil(BATCH);
    assert_eq!(d.mini[per_epoch].evaluations, n);
    // Each point's C is over every example.
    for p in d.full.iter().chain(&d.mini) {
        assert_eq!(p.cost, by_hand(&net, &xs, &ys, PAIR, [p.a, p.b]).0);
    }
    let (full, mini) = d.evaluations_to(TARGET);
    let (full, mini) = (
        full.expect("full-batch reaches the target"),
        mini.expect("SGD reaches the target"),
    );
    assert!(
        mini < full,
        "SGD reached C ≤ {TARGET} in {mini} evaluations, full-batch in {full}"
    );
    assert!(mini * 4 < full, "by far: {mini} against {full}");
    assert_eq!(reached(&d.full, TARGET), Some(full));
    // The stumbling is real: the SGD path is not the full-batch one.
    assert_ne!(d.full[STEPS], d.mini[STEPS]);
    // A seeded shuffle: the same seed gives the same path, another seed another.
    let again = compare_descents(&net, &xs, &ys, PAIR, START, ETA, STEPS, BATCH, SEED).unwrap();
    assert_eq!(again, d);
    let other = compare_descents(&net, &xs, &ys, PAIR, START, ETA, STEPS, BATCH, SEED + 1).unwrap();
    assert_eq!(other.full, d.full);
    assert_ne!(other.mini, d.mini);
    // A batch of every example is full-batch descent.
    let whole = compare_descents(&net, &xs, &ys, PAIR, START, ETA, 5, xs.len(), SEED).unwrap();
    assert_eq!(whole.mini, whole.full);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    use sgd_scene::*;
    let net = net();
    let (xs, ys) = examples();
    let w = PAIR[0];
    let nowhere = Parameter::Weight { l: 3, j: 0, k: 0 };
    let wide = Parameter::Bias { l: 1, j: 9 };
    let range = ([-1.0, -1.0], [1.0, 1.0]);
    let field = |pair, min, max, side, xs: &[f32], ys: &[f32]| {
        gradient_field(&net, xs, ys, pair, min, max, side)
    };
    for (what, r) in [
        (
            "one parameter twice",
            field([w, w], range.0, range.1, 4, &xs, &ys),
        ),
        (
            "a layer past the last",
            field([w, nowhere], range.0, range.1, 4, &xs, &ys),
        ),
        (
            "a neuron past the layer",
            field([wide, w], range.0, range.1, 4, &xs, &ys),
        ),
        ("no examples", field(PAIR, range.0, range.1, 4, &[], &[])),
        (
            "targets that do not fit",
            field(PAIR, range.0, range.1, 4, &xs, &ys[..3]),
        ),
        (
            "a NaN range",
            field(PAIR, [f32::NAN, -1.0], range.1, 4, &xs, &ys),
        ),
        (
            "an empty range",
            field(PAIR, [1.0, -1.0], range.1, 4, &xs, &ys),
        ),
        ("no arrows", field(PAIR, range.0, range.1, 0, &xs, &ys)),
        (
            "too many arrows",
            field(PAIR, range.0, range.1, 1000, &xs, &ys),
        ),
    ] {
        assert!(r.is_err(), "{what}: an Err");
        assert!(!r.unwrap_err().to_string().is_empty());
    }
    let descend = |pair, start, eta, steps, batch| {
        compare_descents(&net, &xs, &ys, pair, start, eta, steps, batch, 0)
    };
    for (what, r) in [
        ("batch 0", descend(PAIR, START, ETA, 10, 0)),
        ("a NaN η", descend(PAIR, START, f32::NAN, 10, 4)),
        ("a negative η", descend(PAIR, START, -1.0, 10, 4)),
        ("a NaN start", descend(PAIR, [f32::NAN, 0.0], ETA, 10, 4)),
        ("too many steps", descend(PAIR, START, ETA, 1_000_000, 4)),
        ("one parameter twice", descend([w, w], START, ETA, 10, 4)),
        (
            "a parameter not in the network",
            descend([w, nowhere], START, ETA, 10, 4),
        ),
    ] {
        assert!(r.is_err(), "{what}: an Err");
        assert!(!r.unwrap_err().to_string().is_empty());
    }
    assert!(
        descend_pair(&net, &[], &[], PAIR, START, ETA, 3, Some(2), 0).is_err(),
        "no examples"
    );
    assert!(
        descend_pair(&net, &xs, &ys, PAIR, START, ETA, 3, Some(0), 0).is_err(),
        "batch 0"
    );
    assert!(
        pair_point(&net, &xs, &ys, PAIR, [f32::INFINITY, 0.0]).is_err(),
        "an infinite point"
    );
    assert!(
        pair_point(&net, &xs, &[f32::NAN; 41], PAIR, START).is_err(),
        "a NaN target"
    );
}
