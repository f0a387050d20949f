//! The cost surface C(p_A, p_B): its grid against `Network::cost` with the two parameters set
//! by hand, its minimum on a convex case against least squares, and its gradient against
//! finite differences of the grid itself.

use approx::assert_abs_diff_eq;
use backprop_lab::{
    Activation, Cost, DataConfig, DatasetKind, Init, Network, NetworkConfig, Parameter, Playground,
    PlaygroundConfig, Surface,
};

fn playground(kind: DatasetKind, output: Activation, cost: Cost) -> Playground {
    let cfg = PlaygroundConfig {
        data: DataConfig {
            kind,
            ..DataConfig::default()
        },
        output_activation: output,
        cost,
        ..PlaygroundConfig::default()
    };
    Playground::new(cfg, &[]).expect("a valid playground")
}

/// C of `net` on the training set with p_A = a and p_B = b, by the network's own code.
fn cost_with(pg: &Playground, params: [Parameter; 2], a: f32, b: f32) -> f32 {
    let mut net = pg.network().clone();
    params[0].set(&mut net, a).unwrap();
    params[1].set(&mut net, b).unwrap();
    let data = pg.dataset();
    net.cost(data.train_inputs(), data.train_targets()).unwrap()
}

fn check_grid_against_network(pg: &Playground, a: Parameter, b: Parameter) {
    let net = pg.network();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let mut surface = Surface::new(net);
    surface.select(net, a, b).unwrap();
    surface.set_resolution(9).unwrap();
    surface.compute(net, xs, ys).unwrap();
    let res = surface.resolution();
    for (row, col) in [(0, 0), (0, 8), (4, 4), (8, 0), (8, 8), (2, 6)] {
        let va = surface.value(0, col, res);
        let vb = surface.value(1, res - 1 - row, res);
        let expected = cost_with(pg, [a, b], va, vb);
        let c = surface.grid()[row * res + col];
        assert_abs_diff_eq!(c, expected, epsilon = 2e-5 * expected.max(1.0));
    }
}

#[test]
fn surface_equals_network_cost_with_both_parameters_set() {
    let pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let w = |l, j, k| Parameter::Weight { l, j, k };
    let b = |l, j| Parameter::Bias { l, j };
    // Both into the output; same hidden neuron; different layers; a weight and its bias.
    check_grid_against_network(&pg, w(3, 0, 0), w(3, 0, 1));
    check_grid_against_network(&pg, w(1, 2, 0), w(1, 2, 1));
    check_grid_against_network(&pg, w(1, 0, 1), b(2, 1));
    check_grid_against_network(&pg, b(3, 0), w(2, 1, 3));
    check_grid_against_network(&pg, w(2, 0, 0), b(2, 1));
}

#[test]
fn surface_equals_network_cost_with_softmax_and_cross_entropy() {
    let pg = playground(
        DatasetKind::ThreeClass,
        Activation::Softmax,
        Cost::CrossEntropy,
    );
    let w = |l, j, k| Parameter::Weight { l, j, k };
    check_grid_against_network(&pg, w(3, 0, 0), w(3, 2, 1));
    check_grid_against_network(&pg, w(1, 3, 0), w(3, 1, 0));
}

#[test]
fn surface_at_the_current_point_is_the_network_cost() {
    let mut pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    pg.train(30).unwrap();
    let net = pg.network().clone();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let mut surface = Surface::new(&net);
    let [a, b] = surface.params();
    let (va, vb) = (a.get(&net).unwrap(), b.get(&net).unwrap());
    // Nodes every 1/32 from v − 1 to v + 1: node 32 of 65 is the current point.
    surface.set_resolution(65).unwrap();
    surface
        .set_range([va - 1.0, vb - 1.0], [va + 1.0, vb + 1.0])
        .unwrap();
    surface.compute(&net, xs, ys).unwrap();
    let expected = net.clone().cost(xs, ys).unwrap();
    assert_abs_diff_eq!(surface.grid()[32 * 65 + 32], expected, epsilon = 1e-5);
    let point = surface.point(&net, xs, ys).unwrap();
    assert_eq!((point.a, point.b), (va, vb));
    assert_abs_diff_eq!(point.cost, expected, epsilon = 1e-6);
}

#[test]
fn grid_minimum_of_a_linear_neuron_is_the_least_squares_fit() {
    // One linear neuron a = w x + b with C = (1/n) Σ (w x + b − y)²: a convex bowl whose
    // minimum is w* = cov(x, y) / var(x), b* = ȳ − w* x̄.
    let mut net = Network::new(NetworkConfig {
        layers: vec![1, 1],
        activations: vec![Activation::Linear],
        cost: Cost::Quadratic,
        init: Init::Zeros,
        seed: 1,
    })
    .unwrap();
    net.set_weight(1, 0, 0, 0.5).unwrap();
    let xs: Vec<f32> = (0..40).map(|i| -1.0 + i as f32 / 20.0).collect();
    // y = 1.3 x − 0.4 plus a deterministic wiggle.
    let ys: Vec<f32> = xs
        .iter()
        .enumerate()
        .map(|(i, x)| 1.3 * x - 0.4 + 0.1 * ((i * 7 % 5) as f32 - 2.0))
        .collect();
    let n = xs.len() as f64;
    let mean = |v: &[f32]| v.iter().map(|&v| v as f64).sum::<f64>() / n;
    let (mx, my) = (mean(&xs), mean(&ys));
    let cov: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(&x, &y)| (x as f64 - mx) * (y as f64 - my))
        .sum();
    let var: f64 = xs.iter().map(|&x| (x as f64 - mx).powi(2)).sum();
    let w_star = cov / var;
    let b_star = my - w_star * mx;

    let mut surface = Surface::new(&net);
    let w = Parameter::Weight { l: 1, j: 0, k: 0 };
    let b = Parameter::Bias { l: 1, j: 0 };
    surface.select(&net, w, b).unwrap();
    surface.set_resolution(121).unwrap();
    surface.set_range([-1.0, -2.0], [3.0, 2.0]).unwrap();
    surface.compute(&net, &xs, &ys).unwrap();
    let (wa, wb, c) = surface.argmin();
    // Grid spacing: 4/120 in w and 4/120 in b; the minimum is within half a cell.
    let half_cell = 0.5 * 4.0 / 120.0 + 1e-4;
    assert!(
        (wa as f64 - w_star).abs() <= half_cell,
        "w {wa} vs {w_star}"
    );
    assert!(
        (wb as f64 - b_star).abs() <= half_cell,
        "b {wb} vs {b_star}"
    );
    let (low, high) = surface.extent();
    assert_eq!(low, c);
    assert!(high > low);
}

#[test]
fn gradient_agrees_with_finite_differences_of_the_surface() {
    let mut pg = playground(DatasetKind::Xor, Activation::Sigmoid, Cost::CrossEntropy);
    pg.train(20).unwrap();
    let net = pg.network();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let w = |l, j, k| Parameter::Weight { l, j, k };
    for (a, b) in [
        (w(3, 0, 0), w(3, 0, 1)),
        (w(1, 1, 0), Parameter::Bias { l: 2, j: 0 }),
    ] {
        let mut surface = Surface::new(net);
        surface.select(net, a, b).unwrap();
        let point = surface.point(net, xs, ys).unwrap();
        // A 3 × 3 grid with the point in the middle: central differences of the drawn grid.
        let h = 1e-2;
        surface.set_resolution(3).unwrap();
        surface
            .set_range([point.a - h, point.b - h], [point.a + h, point.b + h])
            .unwrap();
        surface.compute(net, xs, ys).unwrap();
        let g = surface.grid();
        let d_a = (g[3 + 2] - g[3]) / (2.0 * h); // middle row, right − left
        let d_b = (g[1] - g[6 + 1]) / (2.0 * h); // middle column, top (max B) − bottom
        let tolerance = 2e-3 + 1e-2 * point.gradient_a.abs().max(point.gradient_b.abs());
        assert_abs_diff_eq!(point.gradient_a, d_a, epsilon = tolerance);
        assert_abs_diff_eq!(point.gradient_b, d_b, epsilon = tolerance);
    }
}

#[test]
fn cut_runs_along_one_parameter_with_the_other_held() {
    let pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let net = pg.network();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let mut surface = Surface::new(net);
    let params = surface.params();
    let held = params[0].get(net).unwrap();
    surface.compute_cut(net, xs, ys, 1).unwrap();
    assert_eq!(surface.cut_param(), 1);
    let n = surface.cut().len();
    for t in [0, n / 3, n - 1] {
        let v = surface.value(1, t, n);
        let expected = cost_with(&pg, params, held, v);
        assert_abs_diff_eq!(surface.cut()[t], expected, epsilon = 2e-5);
    }
    assert!(surface.compute_cut(net, xs, ys, 2).is_err());
}

#[test]
fn recomputing_keeps_the_grid_buffer() {
    let mut pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let mut surface = Surface::new(pg.network());
    let data = pg.dataset().clone();
    surface
        .compute(pg.network(), data.train_inputs(), data.train_targets())
        .unwrap();
    let before = (surface.grid().as_ptr(), surface.grid()[100]);
    pg.train(5).unwrap();
    surface
        .compute(pg.network(), data.train_inputs(), data.train_targets())
        .unwrap();
    assert_eq!(surface.grid().as_ptr(), before.0);
    assert_ne!(
        surface.grid()[100],
        before.1,
        "training moved the other parameters"
    );
}

#[test]
fn selection_needs_two_different_existing_parameters() {
    let pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let net = pg.network();
    let mut surface = Surface::new(net);
    let w = Parameter::Weight { l: 3, j: 0, k: 0 };
    let err = surface.select(net, w, w).unwrap_err().to_string();
    assert!(err.contains("two different"), "{err}");
    let missing = Parameter::Bias { l: 3, j: 5 };
    assert!(surface.select(net, w, missing).is_err());
    assert!(surface.set_range([1.0, 0.0], [0.0, 1.0]).is_err());
    assert!(surface.fit(net, Some(-1.0)).is_err());
    assert!(surface.set_resolution(1).is_err());
}

/// The largest |C − C_network| / max(C_network, 1e-3) over every point of a res × res grid.
fn worst_error_over_grid(pg: &Playground, a: Parameter, b: Parameter, res: usize) -> f32 {
    let net = pg.network();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let mut surface = Surface::new(net);
    surface.select(net, a, b).unwrap();
    surface.set_resolution(res).unwrap();
    surface.compute(net, xs, ys).unwrap();
    let mut worst = 0.0f32;
    for row in 0..res {
        for col in 0..res {
            let va = surface.value(0, col, res);
            let vb = surface.value(1, res - 1 - row, res);
            let expected = cost_with(pg, [a, b], va, vb);
            let c = surface.grid()[row * res + col];
            worst = worst.max((c - expected).abs() / expected.max(1e-3));
        }
    }
    worst
}

#[test]
fn output_pair_is_the_network_cost_at_every_point_for_sigmoid_and_tanh_outputs() {
    // Both parameters into the single output neuron: the surface steps e^(−kz) from point to
    // point instead of evaluating σ or tanh; every point must still be the network's C.
    let w = |k| Parameter::Weight { l: 3, j: 0, k };
    let bias = Parameter::Bias { l: 3, j: 0 };
    for output in [Activation::Sigmoid, Activation::Tanh] {
        for kind in [DatasetKind::Circle, DatasetKind::Xor] {
            let mut pg = playground(kind, output, Cost::Quadratic);
            for (a, b) in [(w(0), w(1)), (bias, w(1)), (w(0), bias)] {
                let worst = worst_error_over_grid(&pg, a, b, 33);
                eprintln!("{output:?} {kind:?} {a:?} {b:?}: {worst:e}");
                assert!(worst <= 1e-6, "{output:?} {kind:?}: relative error {worst}");
            }
            pg.train(40).unwrap();
            let worst = worst_error_over_grid(&pg, w(0), w(1), 33);
            eprintln!("{output:?} {kind:?} trained: {worst:e}");
            assert!(
                worst <= 1e-6,
                "{output:?} {kind:?} trained: relative error {worst}"
            );
        }
    }
}

#[test]
fn output_pair_far_out_is_still_the_network_cost() {
    // So wide a range that e^(−z) would leave f64 at the corners: the surface evaluates each
    // point by itself there, and the answers are the same.
    let pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let net = pg.network();
    let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
    let mut surface = Surface::new(net);
    let params = surface.params();
    surface.set_resolution(9).unwrap();
    surface.set_range([-5e3, -5e3], [5e3, 5e3]).unwrap();
    surface.compute(net, xs, ys).unwrap();
    for (row, col) in [(0, 0), (0, 8), (4, 4), (8, 8), (3, 5), (4, 5)] {
        let (va, vb) = (surface.value(0, col, 9), surface.value(1, 8 - row, 9));
        let expected = cost_with(&pg, params, va, vb);
        assert_abs_diff_eq!(
            surface.grid()[row * 9 + col],
            expected,
            epsilon = 2e-6 * expected.max(1.0)
        );
    }
}

#[test]
fn cuts_of_the_output_pair_are_the_network_cost() {
    for output in [Activation::Sigmoid, Activation::Tanh] {
        let mut pg = playground(DatasetKind::Xor, output, Cost::Quadratic);
        pg.train(10).unwrap();
        let net = pg.network();
        let (xs, ys) = (pg.dataset().train_inputs(), pg.dataset().train_targets());
        let mut surface = Surface::new(net);
        let params = surface.params();
        for i in 0..2 {
            let held = params[1 - i].get(net).unwrap();
            surface.compute_cut(net, xs, ys, i).unwrap();
            let n = surface.cut().len();
            for t in 0..n {
                let v = surface.value(i, t, n);
                let (a, b) = if i == 0 { (v, held) } else { (held, v) };
                let expected = cost_with(&pg, params, a, b);
                let c = surface.cut()[t];
                assert!(
                    (c - expected).abs() <= 1e-6 * expected.max(1e-3),
                    "{output:?} cut {i} at {t}: {c} vs {expected}"
                );
            }
        }
    }
}

#[test]
fn pairs_in_different_neurons_are_the_network_cost_at_every_point() {
    // Each chosen neuron of the earlier layer depends on one parameter: the surface keeps its
    // row per column (p_A) or per row (p_B) of the grid instead of recomputing it.
    let w = |l, j, k| Parameter::Weight { l, j, k };
    let b = |l, j| Parameter::Bias { l, j };
    let mut pg = playground(DatasetKind::Xor, Activation::Sigmoid, Cost::Quadratic);
    pg.train(20).unwrap();
    for (pa, pb) in [
        (w(1, 0, 0), w(1, 1, 1)),
        (b(1, 3), w(1, 0, 1)),
        (w(2, 1, 0), w(1, 2, 1)),
        (w(2, 1, 0), w(3, 0, 1)),
    ] {
        let worst = worst_error_over_grid(&pg, pa, pb, 9);
        assert!(worst <= 2e-5, "{pa:?} {pb:?}: relative error {worst}");
    }
}

#[test]
fn a_kept_surface_recomputes_as_a_new_one_would() {
    // The rows kept per column belong to one network: after training, compute() must not
    // reuse them.
    let mut pg = playground(DatasetKind::Circle, Activation::Sigmoid, Cost::Quadratic);
    let data = pg.dataset().clone();
    let (xs, ys) = (data.train_inputs(), data.train_targets());
    let (a, b) = (
        Parameter::Weight { l: 1, j: 0, k: 0 },
        Parameter::Weight { l: 1, j: 1, k: 1 },
    );
    let mut kept = Surface::new(pg.network());
    kept.select(pg.network(), a, b).unwrap();
    kept.set_resolution(16).unwrap();
    kept.compute(pg.network(), xs, ys).unwrap();
    kept.compute_cut(pg.network(), xs, ys, 0).unwrap();
    pg.train(5).unwrap();
    let net = pg.network();
    kept.compute(net, xs, ys).unwrap();
    let mut fresh = Surface::new(net);
    fresh.select(net, a, b).unwrap();
    fresh.set_range(kept.range().0, kept.range().1).unwrap();
    fresh.set_resolution(16).unwrap();
    fresh.compute(net, xs, ys).unwrap();
    assert_eq!(kept.grid(), fresh.grid());
}
