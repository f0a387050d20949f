//! TF Playground's input features (issue 15): the feature map against f64 references, the
//! core's own sin, a Playground with features trains (the teaching claim: X₁², X₂² with no
//! hidden layer separate the circle, X₁, X₂ cannot), every point goes through the one map,
//! save files with features round-trip and old ones load, bad sets are refused with a message.

use backprop_lab::export::{to_numpy, to_numpy_with, to_pytorch, to_pytorch_with};
use backprop_lab::features::sin;
use backprop_lab::{
    Activation, Cost, DataConfig, DatasetKind, Error, Feature, Features, Playground,
    PlaygroundConfig, SaveFile, MAX_FEATURES,
};
use proptest::prelude::*;

fn features(names: &[&str]) -> Features {
    Features::from_names(names).unwrap()
}

fn circle(features: Features, hidden: Vec<usize>) -> PlaygroundConfig {
    PlaygroundConfig {
        data: DataConfig {
            kind: DatasetKind::Circle,
            ..DataConfig::default()
        },
        features,
        activations: vec![Activation::Tanh; hidden.len()],
        hidden,
        ..PlaygroundConfig::default()
    }
}

#[test]
fn sin_is_within_an_ulp_of_f64_over_the_plane_and_far_past_it() {
    let mut worst = 0.0f64;
    // Every f32 step of 2⁻¹⁶ over [−4, 4] (the plane is [−1, 1]), then wide ones to 10⁴.
    let dense = (-(4 << 16)..=(4 << 16)).map(|i| i as f32 / 65536.0);
    let wide = (-10_000..=10_000).map(|i| i as f32 * 0.999_37);
    for x in dense.chain(wide) {
        let want = f64::from(x).sin();
        let got = f64::from(sin(x));
        // One f32 ulp at |sin x| (and an absolute floor near the zeros of sin).
        let ulp = f64::from(f32::EPSILON) * want.abs().max(1e-7);
        worst = worst.max((got - want).abs() / ulp);
        assert!(
            (got - want).abs() <= 1.0 * ulp + 1e-9,
            "sin({x}) = {got}, f64 says {want}"
        );
    }
    assert!(worst <= 1.0, "worst error {worst} ulp");
    assert_eq!(sin(0.0).to_bits(), 0.0f32.to_bits());
    assert!(sin(f32::NAN).is_nan() && sin(f32::INFINITY).is_nan());
}

#[test]
fn each_feature_is_its_formula_in_f64_rounded_to_f32() {
    let all =
        Features::from_names(&Feature::ALL.iter().map(|f| f.name()).collect::<Vec<_>>()).unwrap();
    assert_eq!(all.len(), MAX_FEATURES);
    for i in 0..=40 {
        for j in 0..=40 {
            let (x1, x2) = (-1.0 + i as f32 / 20.0, 1.0 - j as f32 / 20.0);
            let (a, b) = (f64::from(x1), f64::from(x2));
            let want = [a, b, a * a, b * b, a * b, a.sin(), b.sin()];
            let got = all.inputs(x1, x2);
            assert_eq!(got.len(), 7);
            for (k, (&g, &w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (f64::from(g) - w).abs() <= 1.2e-7 * w.abs().max(1e-3),
                    "feature {k} at ({x1}, {x2}): {g} vs {w}"
                );
            }
        }
    }
    // The order of the input neurons is Feature::ALL's, whatever order the set was named in.
    let set = features(&["sinx2", "x1sq", "x1"]);
    assert_eq!(set.names(), ["x1", "x1sq", "sinx2"]);
    assert_eq!(
        set.inputs(0.5, -0.25),
        vec![0.5, 0.25, f64::from(-0.25f32).sin() as f32]
    );
    assert!(Features::default().is_default());
    assert_eq!(Features::default().inputs(0.3, -0.7), vec![0.3, -0.7]);
}

#[test]
fn bad_feature_sets_are_refused_with_a_message() {
    let message = |names: &[&str]| match Features::from_names(names) {
        Err(e) => e.to_string(),
        Ok(f) => panic!("{names:?} accepted as {f:?}"),
    };
    let none = message(&[]);
    assert!(none.contains("at least one input feature"), "{none}");
    assert!(none.contains("x1sq"), "{none}");
    let twice = message(&["x1", "x1sq", "x1"]);
    assert!(twice.contains("x1 is listed twice"), "{twice}");
    let unknown = message(&["x1", "x3"]);
    assert!(
        unknown.contains("x3") && unknown.contains("x1x2"),
        "names the bad one and lists the names: {unknown}"
    );
    assert!(matches!(Features::new(&[]), Err(Error::InvalidConfig(_))));
}

#[test]
fn the_network_has_one_input_per_feature_and_every_point_goes_through_the_map() {
    let set = features(&["x1", "x2sq", "x1x2", "sinx1"]);
    let mut pg = Playground::new(circle(set, vec![3]), &[(0.5, -0.5, 1.0)]).unwrap();
    assert_eq!(pg.network().sizes(), &[4, 3, 1]);
    // The training examples as the network reads them (the Backprop and Cost surface tabs').
    let n = pg.dataset().train_len();
    let (xs, _) = pg.train_examples(&[0, n - 1]).unwrap();
    let points = pg.dataset().train_points();
    let first = set.inputs(points[0], points[1]);
    assert_eq!(&xs[..4], first.as_slice());
    assert_eq!(
        &xs[4..],
        set.inputs(0.5, -0.5).as_slice(),
        "the added point"
    );
    assert!(pg.train_examples(&[n]).is_err());
    // The grid: each cell is the network's output at the features of the cell's point.
    pg.train(30).unwrap();
    pg.evaluate_grid();
    let res = pg.grid_resolution();
    let out = pg.grid_offset(2, 0);
    for (row, col) in [(0, 0), (5, 17), (res - 1, res - 1)] {
        let last = (res - 1) as f32;
        let (x1, x2) = (
            (2.0 * col as f32 - last) / last,
            (last - 2.0 * row as f32) / last,
        );
        let input = pg.inputs(x1, x2);
        let a = pg.network_mut().forward(&input).unwrap()[0];
        assert_eq!(
            pg.grid()[out + row * res + col].to_bits(),
            a.to_bits(),
            "cell ({row}, {col})"
        );
    }
    // The metrics are the mean cost over the mapped test points.
    let m = pg.metrics();
    let data = pg.dataset().clone();
    let (ins, ys) = (data.test_points(), data.test_targets());
    let mut total = 0.0f64;
    for (p, y) in ins.chunks(2).zip(ys) {
        let a = pg.network_mut().forward(&set.inputs(p[0], p[1])).unwrap()[0];
        total += f64::from(Cost::Quadratic.value(Activation::Sigmoid, &[a], &[*y]));
    }
    let want = total / data.test_len() as f64;
    assert!((f64::from(m.test_loss) - want).abs() < 1e-5 * want.max(1.0));
}

/// Test loss after `epochs` epochs on the circle with no hidden layer.
fn circle_test_loss(set: Features, epochs: usize) -> f32 {
    let mut cfg = circle(set, vec![]);
    cfg.optimizer.learning_rate = 0.3;
    let mut pg = Playground::new(cfg, &[]).unwrap();
    while pg.epoch() < epochs {
        pg.step().unwrap();
    }
    pg.metrics().test_loss
}

#[test]
fn squares_separate_the_circle_without_a_hidden_layer_and_the_plain_point_cannot() {
    // The teaching claim (feature engineering against depth): one sigmoid neuron on X₁², X₂²
    // draws a circle; on X₁, X₂ it can only draw a line.
    let squares = circle_test_loss(features(&["x1sq", "x2sq"]), 100);
    let plain = circle_test_loss(Features::DEFAULT, 100);
    assert!(squares < 0.05, "X₁², X₂²: test loss {squares}");
    assert!(plain > 0.2, "X₁, X₂: test loss {plain}");
}

#[test]
fn save_files_keep_the_features_and_old_files_read_x1_x2() {
    let set = features(&["x1sq", "x2sq", "sinx1"]);
    let mut pg = Playground::new(circle(set, vec![2]), &[]).unwrap();
    pg.train(50).unwrap();
    let scene = "dataset=circle&features=x1sq,x2sq,sinx1&hidden=2";
    let file = SaveFile::from_network(pg.network(), scene)
        .with_features(pg.features())
        .unwrap();
    let text = file.to_json();
    assert!(
        text.contains("\"features\": [\"x1sq\", \"x2sq\", \"sinx1\"]"),
        "{text}"
    );
    let back = SaveFile::parse(&text).unwrap();
    assert_eq!(back.features(), set);
    assert_eq!(back, file);
    // Into a fresh Playground of the same scene: the same outputs everywhere.
    let mut fresh = Playground::new(circle(set, vec![2]), &[]).unwrap();
    back.load_into_playground(&mut fresh).unwrap();
    fresh.evaluate_grid();
    pg.evaluate_grid();
    assert_eq!(fresh.grid(), pg.grid());
    // …but not into one of other features, even with as many inputs.
    let other = features(&["x1", "x2", "x1x2"]);
    let mut wrong = Playground::new(circle(other, vec![2]), &[]).unwrap();
    let before = wrong.network().weights(1).to_vec();
    let e = back
        .load_into_playground(&mut wrong)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("X₁², X₂², sin(X₁)") && e.contains("X₁, X₂, X₁X₂"),
        "{e}"
    );
    assert_eq!(wrong.network().weights(1), before.as_slice());

    // A file written before features (no "features"): X₁, X₂, and it loads as before.
    let mut plain = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    let old = SaveFile::from_network(plain.network(), "dataset=circle").to_json();
    assert!(!old.contains("features"));
    let old = SaveFile::parse(&old).unwrap();
    assert_eq!(old.features(), Features::DEFAULT);
    assert_eq!(old.network.features, None);
    old.load_into_playground(&mut plain).unwrap();
    // The default is not written, so such files stay as they were.
    let default = SaveFile::from_network(plain.network(), "")
        .with_features(Features::DEFAULT)
        .unwrap();
    assert!(!default.to_json().contains("features"));
}

#[test]
fn a_damaged_features_member_is_refused_with_a_message() {
    let pg = Playground::new(circle(features(&["x1sq", "x2sq"]), vec![]), &[]).unwrap();
    let text = SaveFile::from_network(pg.network(), "")
        .with_features(pg.features())
        .unwrap()
        .to_json();
    let bad = |from: &str, to: &str| {
        let edited = text.replace(from, to);
        assert_ne!(edited, text);
        SaveFile::parse(&edited).unwrap_err().to_string()
    };
    let e = bad("\"x2sq\"]", "\"x2sq\", \"x1\"]");
    assert!(
        e.contains("3 input features") && e.contains("2 neurons"),
        "{e}"
    );
    let e = bad("\"x2sq\"]", "\"cosx\"]");
    assert!(e.contains("cosx") && e.contains("network.features"), "{e}");
    let e = bad("[\"x1sq\", \"x2sq\"]", "[]");
    assert!(e.contains("at least one input feature"), "{e}");
    let e = bad("[\"x1sq\", \"x2sq\"]", "\"x1sq\"");
    assert!(e.contains("network.features"), "{e}");
    // A network that does not have one input per feature cannot be given them.
    let e = SaveFile::from_network(pg.network(), "")
        .with_features(features(&["x1"]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("layer 0 has 2 neurons"), "{e}");
}

#[test]
fn the_exports_carry_the_feature_map() {
    let set = features(&["x1", "x1sq", "x1x2", "sinx2"]);
    let pg = Playground::new(circle(set, vec![3]), &[]).unwrap();
    let net = pg.network();
    let py = to_pytorch_with(net, Some(set));
    assert!(py.contains("def features(p):"), "{py}");
    assert!(
        py.contains("torch.stack([x1, x1 * x1, x1 * x2, torch.sin(x2)], dim=-1)"),
        "{py}"
    );
    assert!(py.contains("print(model(features(p)))"), "{py}");
    assert!(py.contains("nn.Linear(4, 3)"));
    let np = to_numpy_with(net, Some(set));
    assert!(
        np.contains("np.stack([x1, x1 * x1, x1 * x2, np.sin(x2)], axis=-1)"),
        "{np}"
    );
    assert!(np.contains("def predict(p):"));
    // Without features the exports are as before.
    assert_eq!(to_pytorch_with(net, None), to_pytorch(net));
    assert_eq!(to_numpy_with(net, None), to_numpy(net));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any non-empty set builds a Playground with one input per feature, in Feature::ALL's
    /// order, whose training examples are the map of its points, and which trains to a finite
    /// grid; the empty set is refused.
    #[test]
    fn any_feature_set_builds_and_trains(bits in 0u8..128, seed in 1u64..1000) {
        let list: Vec<Feature> = Feature::ALL
            .iter()
            .copied()
            .filter(|f| bits & (1 << (*f as u8)) != 0)
            .collect();
        let built = Features::new(&list);
        if list.is_empty() {
            prop_assert!(built.is_err());
            return Ok(());
        }
        let set = built.unwrap();
        prop_assert_eq!(set.len(), list.len());
        let names: Vec<&str> = list.iter().map(|f| f.name()).collect();
        prop_assert_eq!(set.names(), names.clone());
        // Named backwards: the same set.
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        prop_assert_eq!(Features::from_names(&reversed).unwrap(), set);
        let mut cfg = circle(set, vec![2]);
        cfg.seed = seed;
        cfg.grid_resolution = 8;
        let mut pg = Playground::new(cfg, &[]).unwrap();
        prop_assert_eq!(pg.network().sizes()[0], set.len());
        let (xs, _) = pg.train_examples(&[0, 1]).unwrap();
        let p = pg.dataset().train_points()[..4].to_vec();
        let mut want = set.inputs(p[0], p[1]);
        want.extend(set.inputs(p[2], p[3]));
        prop_assert_eq!(xs, want);
        pg.train(20).unwrap();
        pg.evaluate_grid();
        prop_assert!(pg.grid().iter().all(|a| a.is_finite()));
        prop_assert!(pg.metrics().test_loss.is_finite());
    }
}
