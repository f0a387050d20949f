//! Divergence leaves no broken numbers behind (issue 10, item 14): at η = 10, 100 and 10⁶, with
//! every activation, output, cost and optimizer, training either stays finite or stops with
//! `Error::Diverged`, whose message suggests a learning rate; afterwards every parameter, both
//! losses, the neuron grid and every prediction are finite. The Digits trainer too, where the
//! cross-entropy's log floor used to hide NaN parameters behind a finite cost.

use backprop_lab::digits::{CLASSES, PIXELS};
use backprop_lab::{
    evaluate, Activation, Cost, DataConfig, DatasetKind, DigitSet, DigitTrainer, Error, Init,
    NetworkConfig, OptimizerKind, Playground, PlaygroundConfig,
};

const RATES: [f32; 3] = [10.0, 100.0, 1e6];
const HIDDEN: [Activation; 5] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Linear,
];

/// What the message must suggest for η: η / 10 as the core writes it.
fn suggestion(eta: f32) -> &'static str {
    match eta {
        10.0 => "η ≤ 1.",
        100.0 => "η ≤ 10.",
        1e6 => "η ≤ 100000.",
        _ => unreachable!(),
    }
}

/// Every output/cost pair a playground allows, with a data set that fits it.
fn outputs() -> Vec<(DatasetKind, Activation, Cost)> {
    let mut v = Vec::new();
    for out in HIDDEN {
        v.push((DatasetKind::Plane, out, Cost::Quadratic));
    }
    v.push((DatasetKind::Circle, Activation::Sigmoid, Cost::CrossEntropy));
    v.push((
        DatasetKind::ThreeClass,
        Activation::Softmax,
        Cost::CrossEntropy,
    ));
    v.push((
        DatasetKind::ThreeClass,
        Activation::Softmax,
        Cost::Quadratic,
    ));
    v
}

fn playground(
    data: DatasetKind,
    hidden: Activation,
    output: Activation,
    cost: Cost,
    kind: OptimizerKind,
    eta: f32,
) -> Playground {
    let mut cfg = PlaygroundConfig {
        data: DataConfig {
            kind: data,
            points: 100,
            ..DataConfig::default()
        },
        grid_resolution: 16,
        hidden: vec![8, 8],
        activations: vec![hidden; 2],
        output_activation: output,
        cost,
        ..PlaygroundConfig::default()
    };
    cfg.optimizer.kind = kind;
    cfg.optimizer.learning_rate = eta;
    Playground::new(cfg, &[]).unwrap()
}

/// Every number the page shows is finite: parameters, losses (and accuracies for classes),
/// the neuron grid, and every training and test point's prediction.
fn assert_all_finite(pg: &mut Playground, what: &str) {
    let net = pg.network();
    for l in 1..=net.depth() {
        assert!(
            net.weights(l)
                .iter()
                .chain(net.biases(l))
                .all(|p| p.is_finite()),
            "{what}: a parameter of layer {l} is not finite"
        );
    }
    let m = pg.metrics();
    assert!(
        m.train_loss.is_finite() && m.test_loss.is_finite(),
        "{what}: {m:?}"
    );
    if !pg.dataset().is_regression() {
        assert!(
            m.train_accuracy.is_finite() && m.test_accuracy.is_finite(),
            "{what}: {m:?}"
        );
    }
    pg.evaluate_grid();
    assert!(
        pg.grid().iter().all(|a| a.is_finite()),
        "{what}: the neuron grid is not finite"
    );
    let points: Vec<f32> = pg
        .dataset()
        .train_inputs()
        .iter()
        .chain(pg.dataset().test_inputs())
        .copied()
        .collect();
    for x in points.chunks_exact(2) {
        let a = pg.network_mut().predict(x).unwrap();
        assert!(
            a.iter().all(|a| a.is_finite()),
            "{what}: the prediction at {x:?} is {a:?}"
        );
    }
}

/// Trains up to 5 calls of 25 batches (25 epochs); checks a divergence's error and the state
/// after. Returns whether it diverged.
fn run(pg: &mut Playground, eta: f32, what: &str) -> bool {
    for _ in 0..5 {
        match pg.train(25) {
            Ok(n) => assert_eq!(n, 25),
            Err(e) => {
                let Error::Diverged {
                    iteration,
                    restored_to,
                    learning_rate,
                    ..
                } = &e
                else {
                    panic!("{what}: expected Diverged, got {e:?}");
                };
                assert_eq!(*learning_rate, eta);
                assert_eq!(*restored_to, pg.iterations(), "{what}: {e}");
                assert!(iteration > restored_to, "{what}: {e}");
                let message = e.to_string();
                assert!(
                    message.contains("diverged")
                        && message.contains("lower learning rate")
                        && message.contains(suggestion(eta))
                        && message.contains("restored"),
                    "{what}: {message}"
                );
                assert_all_finite(pg, what);
                return true;
            }
        }
    }
    assert_all_finite(pg, what);
    false
}

fn every_combination_with(kind: OptimizerKind) {
    let (mut runs, mut diverged) = (0, 0);
    for (data, output, cost) in outputs() {
        for hidden in HIDDEN {
            for eta in RATES {
                let what = format!(
                    "{data:?} {}→{} {} {kind:?} η = {eta}",
                    hidden.name(),
                    output.name(),
                    cost.name()
                );
                let mut pg = playground(data, hidden, output, cost, kind, eta);
                runs += 1;
                if run(&mut pg, eta, &what) {
                    diverged += 1;
                    // Training on from the restored state at a small rate works.
                    pg.set_learning_rate(1e-3).unwrap();
                    pg.train(25)
                        .unwrap_or_else(|e| panic!("{what}, then η = 0.001: {e}"));
                    assert_all_finite(&mut pg, &what);
                }
            }
        }
    }
    println!("{kind:?}: {diverged} of {runs} runs diverged");
    // Adam's steps are at most about η each, so its parameters stay finite (if absurd).
    if kind != OptimizerKind::Adam {
        assert!(diverged > 0, "η = 10⁶ must diverge somewhere");
    }
    assert!(diverged < runs, "bounded activations stay finite at η = 10");
}

#[test]
fn sgd_ends_finite_or_with_a_clear_error() {
    every_combination_with(OptimizerKind::Sgd);
}

#[test]
fn momentum_ends_finite_or_with_a_clear_error() {
    every_combination_with(OptimizerKind::Momentum);
}

#[test]
fn adam_ends_finite_or_with_a_clear_error() {
    every_combination_with(OptimizerKind::Adam);
}

/// The page: `#dataset=plane&hidden=8,8&act=linear,linear&outAct=linear&lr=10`.
#[test]
fn the_linear_plane_at_eta_10_is_restored_to_a_sane_state() {
    let mut pg = playground(
        DatasetKind::Plane,
        Activation::Linear,
        Activation::Linear,
        Cost::Quadratic,
        OptimizerKind::Sgd,
        10.0,
    );
    let initial = pg.metrics().train_loss;
    let mut diverged = None;
    for _ in 0..100 {
        if let Err(e) = pg.train(1) {
            diverged = Some(e);
            break;
        }
    }
    let e = diverged.expect("η = 10 diverges on the linear plane");
    assert!(e.to_string().contains("η ≤ 1."), "{e}");
    assert_all_finite(&mut pg, "linear plane");
    // Not a state on its way to infinity (weights of 10⁵ and more, losses of 10³⁰): at most
    // ten times the loss it started from (or 10).
    let loss = pg.metrics().train_loss;
    assert!(loss <= 10.0 * initial.max(1.0), "{loss} vs {initial}");
    let largest = (1..=pg.network().depth())
        .flat_map(|l| pg.network().weights(l).to_vec())
        .fold(0.0f32, |m, w| m.max(w.abs()));
    assert!(largest < 1e3, "a weight of {largest}");
}

#[test]
fn divergence_goes_back_to_the_start_of_the_call_when_that_is_sane() {
    let linear = || {
        playground(
            DatasetKind::Plane,
            Activation::Linear,
            Activation::Linear,
            Cost::Quadratic,
            OptimizerKind::Sgd,
            0.01,
        )
    };
    let mut pg = linear();
    pg.train(30).unwrap();
    let before: Vec<f32> = pg.network().weights(2).to_vec();
    let (iterations, epoch) = (pg.iterations(), pg.epoch());
    pg.set_learning_rate(1e6).unwrap();
    let e = pg.train(200).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Diverged {
                restored_to: 30,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("after iteration 30"), "{e}");
    assert_eq!((pg.iterations(), pg.epoch()), (iterations, epoch));
    assert_eq!(pg.network().weights(2), before.as_slice());
    // The same state and the same shuffle: training on at a good rate is as if nothing happened.
    let mut twin = linear();
    twin.train(30).unwrap();
    pg.set_learning_rate(0.01).unwrap();
    pg.train(40).unwrap();
    twin.train(40).unwrap();
    assert_eq!(pg.network().weights(1), twin.network().weights(1));
    assert_eq!(pg.iterations(), twin.iterations());
}

#[test]
fn divergence_goes_further_back_when_the_call_started_from_a_broken_state() {
    let mut pg = playground(
        DatasetKind::Plane,
        Activation::Linear,
        Activation::Linear,
        Cost::Quadratic,
        OptimizerKind::Sgd,
        0.01,
    );
    let start: Vec<f32> = pg.network().weights(1).to_vec();
    pg.train(10).unwrap(); // verified at its start: iteration 0
    pg.train(10).unwrap();
    // A finite but absurd weight: the loss is finite (about 10³⁰) but training explodes.
    pg.network_mut().set_weight(1, 0, 0, 1e15).unwrap();
    let loss = pg.metrics().train_loss;
    assert!(loss.is_finite() && loss > 1e6, "{loss}");
    let e = pg.train(50).unwrap_err();
    assert!(matches!(e, Error::Diverged { restored_to: 0, .. }), "{e}");
    assert!(e.to_string().contains("starting values"), "{e}");
    assert_eq!(pg.iterations(), 0);
    assert_eq!(pg.network().weights(1), start.as_slice());
    assert_all_finite(&mut pg, "after a hand-set weight of 10¹⁵");
}

#[test]
fn a_single_step_that_diverges_changes_nothing() {
    let mut pg = playground(
        DatasetKind::Plane,
        Activation::Linear,
        Activation::Linear,
        Cost::Quadratic,
        OptimizerKind::Sgd,
        1e6,
    );
    let weights = |pg: &Playground| -> Vec<Vec<f32>> {
        (1..=3).map(|l| pg.network().weights(l).to_vec()).collect()
    };
    let initial = weights(&pg);
    for _ in 0..200 {
        let (before, iterations) = (weights(&pg), pg.iterations());
        if let Err(e) = pg.step() {
            let Error::Diverged { restored_to, .. } = e else {
                panic!("{e}");
            };
            // Back to where the step started, or — when the loss there was on its way to
            // infinity — further, to the last verified state.
            assert_eq!(pg.iterations(), restored_to);
            if restored_to == iterations {
                assert_eq!(weights(&pg), before);
            } else {
                assert_eq!(restored_to, 0);
                assert_eq!(weights(&pg), initial);
            }
            assert_all_finite(&mut pg, "steps at η = 10⁶");
            return;
        }
    }
    panic!("200 steps at η = 10⁶ never diverged");
}

/// Reproducible pseudo-digits (as in tests/digits.rs): the label decides where the ink is.
fn synthetic(n: usize, salt: usize) -> DigitSet {
    let mut pixels = vec![0u8; n * PIXELS];
    let labels: Vec<u8> = (0..n).map(|i| ((i + salt) * 7 % 10) as u8).collect();
    for (i, image) in pixels.chunks_exact_mut(PIXELS).enumerate() {
        let d = labels[i] as usize;
        for (p, v) in image.iter_mut().enumerate() {
            let noise = ((p * 31 + (i + salt) * 17) % 97) as u8;
            *v = if p / 78 == d { 200 + noise / 2 } else { noise };
        }
    }
    DigitSet::new(pixels, labels).unwrap()
}

fn digit_trainer(
    layers: Vec<usize>,
    hidden: Activation,
    output: Activation,
    cost: Cost,
    eta: f32,
) -> DigitTrainer {
    let depth = layers.len() - 1;
    let mut activations = vec![hidden; depth - 1];
    activations.push(output);
    DigitTrainer::new(
        NetworkConfig {
            layers,
            activations,
            cost,
            init: Init::Xavier,
            seed: 2,
        },
        eta,
        10,
        synthetic(60, 0),
        synthetic(20, 3),
    )
    .unwrap()
}

/// Parameters, the test evaluation, the running metrics and every output finite.
fn assert_digits_finite(t: &mut DigitTrainer, what: &str) {
    let net = t.network();
    for l in 1..=net.depth() {
        assert!(
            net.weights(l)
                .iter()
                .chain(net.biases(l))
                .all(|p| p.is_finite()),
            "{what}: a parameter of layer {l} is not finite"
        );
    }
    let e = evaluate(t.network(), t.test_set()).unwrap();
    assert!(
        e.cost.is_finite() && e.accuracy.is_finite(),
        "{what}: {e:?}"
    );
    let running = t.take_running();
    assert!(running.cost.is_finite(), "{what}: {running:?}");
    let mut x = vec![0.0; PIXELS];
    for i in 0..t.test_set().len() {
        t.test_set().input(i, &mut x);
        let x = x.clone();
        let a = t.network_mut().predict(&x).unwrap();
        assert!(
            a.len() == CLASSES && a.iter().all(|a| a.is_finite()),
            "{what}: output {a:?}"
        );
    }
}

/// The case: relu → softmax with cross-entropy at η = 10⁶ turned all 13,002
/// parameters into NaN while `train` kept returning and the cost read 16.1181.
#[test]
fn digits_relu_softmax_at_a_million_reports_divergence() {
    let mut t = digit_trainer(
        vec![PIXELS, 16, 16, CLASSES],
        Activation::Relu,
        Activation::Softmax,
        Cost::CrossEntropy,
        1e6,
    );
    assert_eq!(t.network().parameter_count(), 13_002);
    let mut error = None;
    for _ in 0..10 {
        if let Err(e) = t.train(60) {
            error = Some(e);
            break;
        }
    }
    let e = error.expect("η = 10⁶ diverges");
    let message = e.to_string();
    assert!(
        message.contains("diverged") && message.contains("η ≤ 100000."),
        "{message}"
    );
    let Error::Diverged { restored_to, .. } = e else {
        unreachable!()
    };
    assert_eq!(restored_to as u64, t.examples_seen() / 10);
    assert_digits_finite(&mut t, "relu → softmax, η = 10⁶");
    // From the restored parameters a sane rate trains.
    t.set_learning_rate(0.1).unwrap();
    t.train(60).unwrap();
    assert_digits_finite(&mut t, "then η = 0.1");
}

#[test]
fn digits_every_combination_ends_finite_or_with_a_clear_error() {
    let outputs = [
        (Activation::Sigmoid, Cost::Quadratic),
        (Activation::Sigmoid, Cost::CrossEntropy),
        (Activation::Softmax, Cost::CrossEntropy),
        (Activation::Softmax, Cost::Quadratic),
        (Activation::Linear, Cost::Quadratic),
        (Activation::Relu, Cost::Quadratic),
    ];
    let mut diverged = 0;
    for (output, cost) in outputs {
        for hidden in HIDDEN {
            for eta in RATES {
                let what = format!(
                    "{}→{} {} η = {eta}",
                    hidden.name(),
                    output.name(),
                    cost.name()
                );
                let mut t = digit_trainer(vec![PIXELS, 8, CLASSES], hidden, output, cost, eta);
                for _ in 0..3 {
                    match t.train(30) {
                        Ok(n) => assert_eq!(n, 30),
                        Err(e) => {
                            let message = e.to_string();
                            assert!(
                                matches!(e, Error::Diverged { .. })
                                    && message.contains(suggestion(eta)),
                                "{what}: {message}"
                            );
                            diverged += 1;
                            break;
                        }
                    }
                }
                assert_digits_finite(&mut t, &what);
            }
        }
    }
    println!("{diverged} digit runs diverged");
    assert!(diverged > 0);
}
