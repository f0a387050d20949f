//! Training on the Playground's data sets: learning, determinism, optimizers, divergence.

use backprop_lab::{
    Activation, Cost, DatasetKind, Error, Gradient, Init, Network, NetworkConfig, Optimizer,
    OptimizerConfig, OptimizerKind, Playground, PlaygroundConfig, Regularization,
};

fn playground(kind: DatasetKind) -> Playground {
    let mut cfg = PlaygroundConfig::default();
    cfg.data.kind = kind;
    Playground::new(cfg, &[]).expect("the default configuration is valid")
}

/// Trains whole epochs until `epochs` have passed.
fn train_epochs(pg: &mut Playground, epochs: usize) {
    while pg.epoch() < epochs {
        pg.step().expect("training does not diverge");
    }
}

fn all_parameters(pg: &Playground) -> Vec<f32> {
    let net = pg.network();
    (1..=net.depth())
        .flat_map(|l| net.weights(l).iter().chain(net.biases(l)).copied())
        .collect()
}

#[test]
fn default_circle_reaches_95_percent_test_accuracy_within_300_epochs() {
    let mut pg = playground(DatasetKind::Circle);
    let before = pg.metrics();
    train_epochs(&mut pg, 300);
    let after = pg.metrics();
    assert!(after.test_loss < before.test_loss);
    assert!(
        after.test_accuracy >= 0.95,
        "test accuracy {} after 300 epochs",
        after.test_accuracy
    );
}

#[test]
fn xor_reaches_95_percent_test_accuracy() {
    let mut pg = playground(DatasetKind::Xor);
    train_epochs(&mut pg, 300);
    let m = pg.metrics();
    assert!(m.test_accuracy >= 0.95, "test accuracy {}", m.test_accuracy);
}

#[test]
fn same_seed_gives_bit_identical_weights_and_training() {
    let mut a = playground(DatasetKind::Spiral);
    let mut b = playground(DatasetKind::Spiral);
    assert_eq!(all_parameters(&a), all_parameters(&b));
    a.train(137).unwrap();
    b.train(137).unwrap();
    let (pa, pb) = (all_parameters(&a), all_parameters(&b));
    let bits = |p: &[f32]| p.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&pa), bits(&pb));
}

#[test]
fn reset_restores_the_initial_weights_and_counters() {
    let mut pg = playground(DatasetKind::Circle);
    let initial = all_parameters(&pg);
    pg.train(60).unwrap();
    assert_ne!(all_parameters(&pg), initial);
    assert_eq!(pg.epoch(), 2); // 250 training points, batches of 10: 25 per epoch
    assert_eq!(pg.examples_seen(), 600);
    pg.reset();
    assert_eq!(all_parameters(&pg), initial);
    assert_eq!((pg.epoch(), pg.iterations(), pg.examples_seen()), (0, 0, 0));
    let mut fresh = playground(DatasetKind::Circle);
    pg.train(30).unwrap();
    fresh.train(30).unwrap();
    assert_eq!(all_parameters(&pg), all_parameters(&fresh));
}

/// A small regression: fit y = (x₁ + x₂)/2 + 0.25 with a 2-3-1 tanh/linear network.
fn regression_problem() -> (Network, Vec<f32>, Vec<f32>) {
    let net = Network::new(NetworkConfig {
        layers: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Linear],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 3,
    })
    .unwrap();
    let xs: Vec<f32> = (0..20)
        .flat_map(|i| [(i as f32 / 10.0) - 1.0, ((i * 7 % 20) as f32 / 10.0) - 1.0])
        .collect();
    let ys: Vec<f32> = xs.chunks(2).map(|x| (x[0] + x[1]) / 2.0 + 0.25).collect();
    (net, xs, ys)
}

fn cost_after(kind: OptimizerKind, eta: f32, steps: usize) -> (f32, f32) {
    let (mut net, xs, ys) = regression_problem();
    let cfg = OptimizerConfig {
        kind,
        learning_rate: eta,
        ..OptimizerConfig::default()
    };
    let mut optimizer = Optimizer::new(cfg, &net).unwrap();
    let before = net.cost(&xs, &ys).unwrap();
    let mut gradient = Gradient::zeros(&net);
    for _ in 0..steps {
        net.gradient_into(&xs, &ys, &mut gradient).unwrap();
        optimizer.step(&mut net, &gradient).unwrap();
    }
    (before, net.cost(&xs, &ys).unwrap())
}

#[test]
fn momentum_and_adam_decrease_the_cost() {
    for (kind, eta) in [
        (OptimizerKind::Sgd, 0.05),
        (OptimizerKind::Momentum, 0.01),
        (OptimizerKind::Adam, 0.01),
    ] {
        let (before, after) = cost_after(kind, eta, 300);
        assert!(after < before / 10.0, "{kind}: C from {before} to {after}");
    }
}

#[test]
fn sgd_step_moves_against_the_gradient() {
    let (mut net, xs, ys) = regression_problem();
    let gradient = net.gradient(&xs, &ys).unwrap();
    let w = net.weights(1).to_vec();
    let c_before = net.cost(&xs, &ys).unwrap();
    let c = net.sgd_step(&xs, &ys, 0.1).unwrap();
    assert_eq!(c, c_before); // the cost before the step
    for ((after, before), g) in net.weights(1).iter().zip(&w).zip(&gradient.weights[0]) {
        assert_eq!(*after, before - 0.1 * g); // W ← W − η ∂C/∂W
    }
    assert!(net.cost(&xs, &ys).unwrap() < c);
}

#[test]
fn l2_shrinks_weights_by_eta_lambda_and_leaves_biases() {
    let (mut net, _, _) = regression_problem();
    net.set_bias(1, 0, 0.5).unwrap();
    let cfg = OptimizerConfig {
        learning_rate: 0.1,
        regularization: Regularization::L2,
        regularization_rate: 0.5,
        ..OptimizerConfig::default()
    };
    let mut optimizer = Optimizer::new(cfg, &net).unwrap();
    let w = net.weights(1).to_vec();
    let zero = Gradient::zeros(&net);
    optimizer.step(&mut net, &zero).unwrap();
    for (after, before) in net.weights(1).iter().zip(&w) {
        assert_eq!(*after, before - 0.1 * (0.0 + 0.5 * before)); // w ← w − η(0 + λw)
        assert!(after.abs() < before.abs());
    }
    assert_eq!(net.bias(1, 0).unwrap(), 0.5);
}

#[test]
fn l1_pulls_weights_toward_zero_by_eta_lambda() {
    let (mut net, _, _) = regression_problem();
    let cfg = OptimizerConfig {
        learning_rate: 0.1,
        regularization: Regularization::L1,
        regularization_rate: 0.01,
        ..OptimizerConfig::default()
    };
    let mut optimizer = Optimizer::new(cfg, &net).unwrap();
    let w = net.weights(1).to_vec();
    let zero = Gradient::zeros(&net);
    optimizer.step(&mut net, &zero).unwrap();
    for (after, before) in net.weights(1).iter().zip(&w) {
        assert_eq!(*after, before - 0.1 * (0.01 * before.signum())); // w ← w − η λ sign(w)
    }
}

#[test]
fn training_with_l2_ends_with_smaller_weights() {
    let norm = |reg: Regularization| {
        let mut cfg = PlaygroundConfig::default();
        cfg.optimizer.regularization = reg;
        cfg.optimizer.regularization_rate = 0.01;
        let mut pg = Playground::new(cfg, &[]).unwrap();
        pg.train(2000).unwrap();
        let net = pg.network();
        (1..=net.depth())
            .flat_map(|l| net.weights(l).to_vec())
            .map(|w| w * w)
            .sum::<f32>()
    };
    assert!(norm(Regularization::L2) < norm(Regularization::None));
}

#[test]
fn a_huge_learning_rate_diverges_and_keeps_finite_parameters() {
    let mut cfg = PlaygroundConfig {
        activations: vec![Activation::Linear; 2],
        output_activation: Activation::Linear,
        ..PlaygroundConfig::default()
    };
    cfg.optimizer.learning_rate = 1e6;
    let mut pg = Playground::new(cfg, &[]).unwrap();
    let err = pg.train(1000).unwrap_err();
    // Training went back to where the call started (a state verified finite), not to the
    // last step before the failure.
    match &err {
        Error::Diverged {
            iteration,
            restored_to,
            ..
        } => {
            assert_eq!(*restored_to, pg.iterations());
            assert!(*iteration > *restored_to);
        }
        other => panic!("expected Diverged, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("diverged")
            && message.contains("lower learning rate")
            && message.contains("η ≤ 100000"),
        "{message}"
    );
    assert!(all_parameters(&pg).iter().all(|p| p.is_finite()));
    // Training again from the restored state fails the same way and comes back to it.
    let before = all_parameters(&pg);
    assert_eq!(pg.train(1000).unwrap_err(), err);
    assert_eq!(all_parameters(&pg), before);
    // A lower learning rate recovers from the same (finite) parameters.
    pg.reset();
    pg.set_learning_rate(0.01).unwrap();
    pg.train(100).unwrap();
}

#[test]
fn three_classes_train_with_softmax_and_cross_entropy() {
    let mut cfg = PlaygroundConfig::default();
    cfg.data.kind = DatasetKind::ThreeClass;
    cfg.output_activation = Activation::Softmax;
    cfg.cost = Cost::CrossEntropy;
    cfg.optimizer.kind = OptimizerKind::Adam;
    cfg.optimizer.learning_rate = 0.01;
    let mut pg = Playground::new(cfg, &[]).unwrap();
    assert_eq!(pg.network().sizes(), &[2, 4, 2, 3]);
    train_epochs(&mut pg, 50);
    assert!(pg.metrics().test_accuracy >= 0.9, "{:?}", pg.metrics());
}

#[test]
fn regression_metrics_have_no_accuracy() {
    let mut pg = playground(DatasetKind::Plane);
    train_epochs(&mut pg, 20);
    let m = pg.metrics();
    assert!(m.train_accuracy.is_nan() && m.test_accuracy.is_nan());
    assert!(m.test_loss < 0.05, "{m:?}");
}

#[test]
fn the_grid_holds_every_neuron_over_the_square() {
    let mut pg = playground(DatasetKind::Circle);
    pg.train(50).unwrap();
    pg.evaluate_grid();
    let res = pg.grid_resolution();
    assert_eq!(res, 48);
    assert_eq!(pg.grid().len(), (4 + 2 + 1) * res * res);
    // Row 0, column 0 is the top left corner (−1, +1); the last cell is (+1, −1).
    let output = pg.grid_offset(3, 0);
    assert_eq!(output, 6 * res * res);
    let top_left = pg.network_mut().predict(&[-1.0, 1.0]).unwrap()[0];
    assert_eq!(pg.grid()[output], top_left);
    let bottom_right = pg.network_mut().predict(&[1.0, -1.0]).unwrap()[0];
    assert_eq!(pg.grid()[output + res * res - 1], bottom_right);
    let hidden = pg.network_mut().forward(&[-1.0, 1.0]).unwrap().to_vec();
    assert_eq!(hidden[0], top_left);
    assert_eq!(pg.grid()[pg.grid_offset(1, 3)], pg.network().a(1)[3]);
    assert_eq!(pg.grid_offset(4, 0), pg.grid().len());
}

#[test]
fn next_batch_is_the_mini_batch_that_step_trains_on() {
    let mut pg = playground(DatasetKind::Xor);
    pg.step().expect("a first step");
    let batch: Vec<usize> = pg.next_batch().iter().map(|&i| i as usize).collect();
    assert_eq!(batch.len(), PlaygroundConfig::default().batch_size);
    let data = pg.dataset();
    let (n0, nl) = (2, data.outputs());
    let xs: Vec<f32> = batch
        .iter()
        .flat_map(|&i| data.train_inputs()[i * n0..(i + 1) * n0].to_vec())
        .collect();
    let ys: Vec<f32> = batch
        .iter()
        .flat_map(|&i| data.train_targets()[i * nl..(i + 1) * nl].to_vec())
        .collect();
    let eta = PlaygroundConfig::default().optimizer.learning_rate;
    let mut copy = pg.network().clone();
    let gradient = copy.gradient(&xs, &ys).expect("the batch fits the network");
    let before = pg.network().weights(1).to_vec();
    pg.step().expect("the second step");
    // Plain SGD without regularization: W ← W − η ∂C/∂W over exactly that batch.
    for ((after, before), g) in pg
        .network()
        .weights(1)
        .iter()
        .zip(&before)
        .zip(&gradient.weights[0])
    {
        assert_eq!(*after, before - eta * g);
    }
}
