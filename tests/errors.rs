//! Every bad configuration or input is an error value with a message a student understands.

use backprop_lab::{
    Activation, Cost, DataConfig, Dataset, DatasetKind, Error, Init, Network, NetworkConfig,
    Optimizer, OptimizerConfig, Playground, PlaygroundConfig, MAX_LAYERS, MAX_NEURONS,
};

fn config(layers: &[usize], acts: &[Activation], cost: Cost) -> NetworkConfig {
    NetworkConfig {
        layers: layers.to_vec(),
        activations: acts.to_vec(),
        cost,
        init: Init::Xavier,
        seed: 1,
    }
}

fn sigmoid_config(layers: &[usize]) -> NetworkConfig {
    let depth = layers.len().saturating_sub(1);
    config(layers, &vec![Activation::Sigmoid; depth], Cost::Quadratic)
}

/// The error's message, checking it is an `InvalidConfig`.
fn bad_config(result: Result<Network, Error>) -> String {
    match result {
        Err(e @ Error::InvalidConfig(_)) => e.to_string(),
        other => panic!("expected InvalidConfig, got {other:?}"),
    }
}

#[test]
fn bad_network_shapes_are_refused() {
    let msg = bad_config(Network::new(sigmoid_config(&[2, 0, 1])));
    assert_eq!(msg, "layer 1 has 0 neurons: every layer needs at least 1");
    let msg = bad_config(Network::new(sigmoid_config(&[2])));
    assert!(msg.contains("at least 2 layers"), "{msg}");
    let msg = bad_config(Network::new(sigmoid_config(&[])));
    assert!(msg.contains("at least 2 layers"), "{msg}");
    let too_deep = vec![2; MAX_LAYERS + 2]; // MAX_LAYERS + 1 weight layers
    let msg = bad_config(Network::new(sigmoid_config(&too_deep)));
    assert!(
        msg.contains(&format!("at most {MAX_LAYERS} are supported")),
        "{msg}"
    );
    let msg = bad_config(Network::new(sigmoid_config(&[2, MAX_NEURONS + 1, 1])));
    assert!(msg.contains("at most 1024"), "{msg}");
    // 1024·1024 weights per layer, 3 such layers: over 3 million parameters.
    let msg = bad_config(Network::new(sigmoid_config(&[1024, 1024, 1024, 1024])));
    assert!(msg.contains("at most 2000000"), "{msg}");
    let msg = bad_config(Network::new(config(
        &[2, 3, 1],
        &[Activation::Tanh],
        Cost::Quadratic,
    )));
    assert!(msg.contains("needs 2 activations"), "{msg}");
}

#[test]
fn softmax_is_only_for_the_output_layer() {
    let acts = [Activation::Softmax, Activation::Sigmoid];
    let msg = bad_config(Network::new(config(&[2, 3, 2], &acts, Cost::Quadratic)));
    assert!(
        msg.contains("softmax can only be the output layer's activation"),
        "{msg}"
    );
    let msg = bad_config(Network::new(config(
        &[2, 1],
        &[Activation::Softmax],
        Cost::Quadratic,
    )));
    assert!(msg.contains("single output"), "{msg}");
    let mut net = Network::new(sigmoid_config(&[2, 3, 2])).unwrap();
    assert!(net.set_activation(1, Activation::Softmax).is_err());
    assert!(net.set_activation(2, Activation::Softmax).is_ok());
}

#[test]
fn cross_entropy_needs_a_sigmoid_or_softmax_output() {
    let msg = bad_config(Network::new(config(
        &[2, 1],
        &[Activation::Tanh],
        Cost::CrossEntropy,
    )));
    assert!(
        msg.contains("cross-entropy") && msg.contains("tanh"),
        "{msg}"
    );
    let mut net = Network::new(config(&[2, 1], &[Activation::Relu], Cost::Quadratic)).unwrap();
    assert!(matches!(
        net.set_cost(Cost::CrossEntropy),
        Err(Error::InvalidConfig(_))
    ));
    let mut net =
        Network::new(config(&[2, 1], &[Activation::Sigmoid], Cost::CrossEntropy)).unwrap();
    assert!(net.set_activation(1, Activation::Linear).is_err());
}

#[test]
fn wrong_lengths_are_refused() {
    let mut net = Network::new(sigmoid_config(&[2, 3, 1])).unwrap();
    let err = net.forward(&[1.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the input has 1 values but the input layer has 2 neurons"
    );
    assert!(matches!(net.backward(&[1.0]), Err(Error::NotComputed(_))));
    net.forward(&[1.0, 2.0]).unwrap();
    assert!(matches!(
        net.backward(&[1.0, 0.0]),
        Err(Error::InvalidInput(_))
    ));
    // 3 numbers are not a whole number of 2-input examples.
    let err = net.cost(&[1.0, 2.0, 3.0], &[1.0]).unwrap_err();
    assert!(
        err.to_string().contains("not a whole number of examples"),
        "{err}"
    );
    // 2 examples but 3 targets.
    let err = net
        .gradient(&[1.0, 2.0, 3.0, 4.0], &[1.0, 0.0, 1.0])
        .unwrap_err();
    assert!(err.to_string().contains("2 examples"), "{err}");
    let err = net.gradient(&[], &[]).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert!(matches!(
        net.forward(&[f32::NAN, 0.0]),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn out_of_range_indices_say_which_range_is_valid() {
    let mut net = Network::new(sigmoid_config(&[2, 3, 1])).unwrap();
    let err = net.weight(4, 0, 0).unwrap_err();
    assert!(matches!(err, Error::OutOfRange(_)));
    assert!(err
        .to_string()
        .starts_with("layer 4 does not exist: this network has layers 1 to 2"));
    assert!(net
        .weight(0, 0, 0)
        .unwrap_err()
        .to_string()
        .contains("input layer"));
    assert_eq!(
        net.weight(1, 3, 0).unwrap_err().to_string(),
        "neuron j = 3 does not exist in layer 1: it has neurons 0 to 2"
    );
    assert_eq!(
        net.weight(1, 0, 2).unwrap_err().to_string(),
        "neuron k = 2 does not exist in layer 0: it has neurons 0 to 1"
    );
    assert!(net.bias(2, 1).is_err());
    assert!(net.set_bias(3, 0, 1.0).is_err());
    // Caller-checked slices are empty out of range, never a panic.
    assert!(net.weights(7).is_empty() && net.z(9).is_empty() && net.weights_mut(0).is_empty());
}

#[test]
fn non_finite_parameters_are_refused() {
    let mut net = Network::new(sigmoid_config(&[2, 3, 1])).unwrap();
    let err = net.set_weight(1, 0, 0, f32::NAN).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
    assert!(err.to_string().contains("must be a finite number"), "{err}");
    assert!(net.set_bias(1, 0, f32::INFINITY).is_err());
    assert!(net.weight(1, 0, 0).unwrap().is_finite());
}

#[test]
fn bad_learning_rates_are_refused() {
    let mut net = Network::new(sigmoid_config(&[2, 1])).unwrap();
    for eta in [0.0, -0.1, f32::NAN, f32::INFINITY] {
        let err = net.sgd_step(&[0.0, 0.0], &[1.0], eta).unwrap_err();
        assert!(err.to_string().contains("learning rate"), "{err}");
        let cfg = OptimizerConfig {
            learning_rate: eta,
            ..OptimizerConfig::default()
        };
        assert!(matches!(
            Optimizer::new(cfg, &net),
            Err(Error::InvalidConfig(_))
        ));
    }
    let cfg = OptimizerConfig {
        momentum: 1.0,
        ..OptimizerConfig::default()
    };
    assert!(Optimizer::new(cfg, &net).is_err());
    let cfg = OptimizerConfig {
        regularization_rate: -1.0,
        ..OptimizerConfig::default()
    };
    assert!(Optimizer::new(cfg, &net).is_err());
}

#[test]
fn bad_playground_configurations_are_refused() {
    let cfg = PlaygroundConfig {
        batch_size: 0,
        ..PlaygroundConfig::default()
    };
    let err = Playground::new(cfg, &[]).unwrap_err();
    assert!(err.to_string().contains("batch size"), "{err}");
    let cfg = PlaygroundConfig {
        hidden: vec![4, 0],
        ..PlaygroundConfig::default()
    };
    assert!(Playground::new(cfg, &[]).is_err());
    let cfg = PlaygroundConfig {
        activations: vec![Activation::Tanh],
        ..PlaygroundConfig::default()
    };
    assert!(Playground::new(cfg, &[]).is_err());
    let cfg = PlaygroundConfig {
        grid_resolution: 1,
        ..PlaygroundConfig::default()
    };
    assert!(Playground::new(cfg, &[]).is_err());
    let mut pg = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    assert!(pg.set_learning_rate(-1.0).is_err());
    assert!(pg.set_batch_size(0).is_err());
    assert!(pg.add_point(2.0, 0.0, 1.0).is_err());
}

#[test]
fn bad_data_configurations_are_refused() {
    let with = |f: fn(&mut DataConfig)| {
        let mut cfg = DataConfig::default();
        f(&mut cfg);
        Dataset::generate(&cfg, &[])
    };
    let err = with(|c| c.points = 1).unwrap_err();
    assert!(err.to_string().contains("between 2 and 5000"), "{err}");
    assert!(with(|c| c.points = 5001).is_err());
    let err = with(|c| c.noise = 51.0).unwrap_err();
    assert!(err.to_string().contains("noise"), "{err}");
    assert!(with(|c| c.noise = f32::NAN).is_err());
    let err = with(|c| c.train_fraction = 95.0).unwrap_err();
    assert!(err.to_string().contains("between 10 and 90"), "{err}");
    assert!(with(|c| c.train_fraction = 5.0).is_err());
    // Hand-made points: coordinates in [−1, 1], labels of the data set's kind.
    let mut data = with(|_| {}).unwrap();
    assert!(data.add_point(0.5, -1.5, 1.0).is_err());
    assert!(data.add_point(f32::NAN, 0.0, 1.0).is_err());
    let err = data.add_point(0.5, 0.5, 2.0).unwrap_err();
    assert!(err.to_string().contains("0 or 1"), "{err}");
    assert!(data.add_point(0.5, 0.5, 0.5).is_err());
    let mut cfg = DataConfig {
        kind: DatasetKind::ThreeClass,
        ..DataConfig::default()
    };
    assert!(Dataset::generate(&cfg, &[(0.0, 0.0, 3.0)]).is_err());
    cfg.kind = DatasetKind::Plane;
    assert!(Dataset::generate(&cfg, &[(0.0, 0.0, 0.25)]).is_ok());
    assert!(Dataset::generate(&cfg, &[(0.0, 0.0, 1.5)]).is_err());
}

#[test]
fn unknown_names_list_the_accepted_ones() {
    let err = Cost::from_name("hinge").unwrap_err().to_string();
    assert_eq!(
        err,
        "unknown cost \"hinge\": choose one of \"quadratic\", \"crossEntropy\""
    );
    assert!(DatasetKind::from_name("moons").is_err());
    assert!(Init::from_name("glorot").is_err());
}

#[test]
fn a_custom_data_set_without_points_cannot_be_trained() {
    let mut cfg = PlaygroundConfig::default();
    cfg.data.kind = DatasetKind::Custom;
    let mut pg = Playground::new(cfg, &[]).unwrap();
    let err = pg.step().unwrap_err();
    assert!(err.to_string().contains("no training points"), "{err}");
    assert!(pg.metrics().train_loss.is_nan());
    pg.add_point(0.5, 0.5, 1.0).unwrap();
    pg.add_point(-0.5, -0.5, 0.0).unwrap();
    pg.train(5).unwrap();
    assert_eq!(pg.examples_seen(), 10);
}
