//! The core's checked accessors (the bindings call them instead of checking layers again) and
//! the named limits the bindings' `limits()` sends to the page: every bad index is an
//! `Error::OutOfRange` whose message names the valid range, every limit is the one the core's
//! own check enforces.

use backprop_lab::{
    Activation, Cost, DataConfig, Error, Init, Network, NetworkConfig, Playground,
    PlaygroundConfig, MAX_BATCH_SIZE, MAX_GRID_RESOLUTION, MAX_NOISE, MIN_GRID_RESOLUTION,
    TRAIN_PERCENT,
};

/// 2-3-1, tanh then sigmoid.
fn net() -> Network {
    Network::new(NetworkConfig {
        layers: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 5,
    })
    .unwrap()
}

fn out_of_range<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(e @ Error::OutOfRange(_)) => e.to_string(),
        other => panic!("expected OutOfRange, got {other:?}"),
    }
}

#[test]
fn layer_slices_are_the_unchecked_ones_for_layers_1_to_l() {
    let mut net = net();
    net.forward(&[0.5, -0.25]).unwrap();
    for l in 1..=2 {
        assert_eq!(net.weights_of(l).unwrap(), net.weights(l));
        assert_eq!(net.biases_of(l).unwrap(), net.biases(l));
        assert_eq!(net.z_of(l).unwrap(), net.z(l));
        assert_eq!(net.activation_of(l).unwrap(), net.activation(l));
    }
    for l in 0..=2 {
        assert_eq!(net.a_of(l).unwrap(), net.a(l));
    }
    assert_eq!(net.a_of(0).unwrap(), &[0.5, -0.25]);
    assert_eq!(net.weights_of(1).unwrap().len(), 6);
    assert_eq!(net.activation_of(2).unwrap(), Activation::Sigmoid);
}

#[test]
fn a_bad_layer_is_an_error_naming_the_layers_there_are() {
    let net = net();
    let input = "layer 0 is the input layer and has no weights or biases: this network's weight \
                 layers are 1 to 2";
    let beyond = "layer 3 does not exist: this network has layers 1 to 2 (and the input layer 0)";
    assert_eq!(out_of_range(net.weights_of(0)), input);
    assert_eq!(out_of_range(net.biases_of(0)), input);
    assert_eq!(out_of_range(net.z_of(0)), input);
    assert_eq!(out_of_range(net.activation_of(0)), input);
    assert_eq!(out_of_range(net.weights_of(3)), beyond);
    assert_eq!(out_of_range(net.biases_of(3)), beyond);
    assert_eq!(out_of_range(net.z_of(3)), beyond);
    assert_eq!(out_of_range(net.activation_of(usize::MAX)), {
        format!(
            "layer {} does not exist: this network has layers 1 to 2 (and the input layer 0)",
            usize::MAX
        )
    });
    // a⁽⁰⁾ is the input, so only layers past L are refused.
    assert_eq!(
        out_of_range(net.a_of(3)),
        "layer 3 does not exist: this network has layers 0 (input) to 2"
    );
}

#[test]
fn whole_layer_writes_check_layer_length_and_values_and_change_nothing_on_an_error() {
    let mut net = net();
    let before = (net.weights(1).to_vec(), net.biases(2).to_vec());
    assert!(matches!(
        net.set_weights_of(0, &[0.0; 6]),
        Err(Error::OutOfRange(_))
    ));
    assert!(matches!(
        net.set_biases_of(3, &[0.0]),
        Err(Error::OutOfRange(_))
    ));
    let short = net.set_weights_of(1, &[1.0; 5]).unwrap_err();
    assert!(matches!(short, Error::InvalidInput(_)));
    assert_eq!(short.to_string(), "layer 1 has 6 weights, not 5");
    assert_eq!(
        net.set_biases_of(2, &[0.0, 1.0]).unwrap_err().to_string(),
        "layer 2 has 1 biases, not 2"
    );
    let nan = net
        .set_weights_of(1, &[0.0, 1.0, f32::NAN, 0.0, 0.0, 0.0])
        .unwrap_err();
    assert!(matches!(nan, Error::InvalidInput(_)));
    assert!(
        nan.to_string()
            .starts_with("the weights of layer 1 must be finite numbers, but number 2 is"),
        "{nan}"
    );
    assert!(net.set_biases_of(2, &[f32::INFINITY]).is_err());
    assert_eq!((net.weights(1).to_vec(), net.biases(2).to_vec()), before);

    let w = [0.5, -0.5, 0.25, -0.25, 1.0, -1.0];
    net.set_weights_of(1, &w).unwrap();
    net.set_biases_of(2, &[0.125]).unwrap();
    assert_eq!(net.weights(1), &w);
    assert_eq!(net.biases(2), &[0.125]);
    assert_eq!(net.weight(1, 2, 1).unwrap(), -1.0);
}

#[test]
fn grid_offsets_are_checked_against_the_playgrounds_network() {
    let pg = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    let sizes = pg.network().sizes().to_vec();
    assert_eq!(sizes, [2, 4, 2, 1]);
    for (l, &n) in sizes.iter().enumerate().skip(1) {
        for j in 0..n {
            assert_eq!(pg.grid_offset_of(l, j).unwrap(), pg.grid_offset(l, j));
        }
    }
    assert_eq!(
        out_of_range(pg.grid_offset_of(0, 0)),
        "layer 0 has no neurons in the grid: layers 1 to 3 do"
    );
    assert_eq!(
        out_of_range(pg.grid_offset_of(4, 0)),
        "layer 4 has no neurons in the grid: layers 1 to 3 do"
    );
    assert_eq!(
        out_of_range(pg.grid_offset_of(1, 4)),
        "layer 1 has 4 neurons (0 to 3), so there is no neuron 4"
    );
}

/// A data set configuration with `noise` and `train_fraction`.
fn data(noise: f32, train_fraction: f32) -> DataConfig {
    DataConfig {
        noise,
        train_fraction,
        ..DataConfig::default()
    }
}

#[test]
fn the_named_limits_are_the_ones_the_core_enforces() {
    let (least, most) = TRAIN_PERCENT;
    for ok in [
        data(0.0, 50.0),
        data(MAX_NOISE, least),
        data(MAX_NOISE, most),
    ] {
        assert_eq!(ok.validate(), Ok(()));
    }
    let noisy = data(MAX_NOISE + 0.5, 50.0).validate().unwrap_err();
    assert_eq!(
        noisy.to_string(),
        "the noise is a percentage between 0 and 50, not 50.5"
    );
    assert!(data(-0.5, 50.0).validate().is_err());
    let few = data(0.0, least - 1.0).validate().unwrap_err();
    assert_eq!(
        few.to_string(),
        "the share of points used for training is a percentage between 10 and 90, not 9"
    );
    assert!(data(0.0, most + 1.0).validate().is_err());

    let with = |batch_size: usize, grid_resolution: usize| {
        Playground::new(
            PlaygroundConfig {
                batch_size,
                grid_resolution,
                ..PlaygroundConfig::default()
            },
            &[],
        )
    };
    for (batch, res) in [
        (1, MIN_GRID_RESOLUTION),
        (MAX_BATCH_SIZE, MAX_GRID_RESOLUTION),
    ] {
        assert!(with(batch, res).is_ok(), "batch {batch}, grid {res}");
    }
    for (batch, res) in [
        (0, 48),
        (MAX_BATCH_SIZE + 1, 48),
        (10, MIN_GRID_RESOLUTION - 1),
        (10, MAX_GRID_RESOLUTION + 1),
    ] {
        assert!(
            matches!(with(batch, res), Err(Error::InvalidConfig(_))),
            "batch {batch}, grid {res}"
        );
    }
}

#[test]
fn training_examples_by_index_are_the_training_sets_rows_or_an_error() {
    let pg = Playground::new(
        PlaygroundConfig {
            data: DataConfig {
                kind: backprop_lab::DatasetKind::ThreeClass,
                ..DataConfig::default()
            },
            output_activation: Activation::Softmax,
            cost: Cost::CrossEntropy,
            ..PlaygroundConfig::default()
        },
        &[],
    )
    .unwrap();
    let data = pg.dataset();
    let (xs, ys) = data.train_examples(&[4, 0, 4]).unwrap();
    let row = |flat: &[f32], width: usize, i: usize| flat[width * i..width * (i + 1)].to_vec();
    let inputs = data.train_inputs();
    let targets = data.train_targets();
    assert_eq!(
        xs,
        [row(inputs, 2, 4), row(inputs, 2, 0), row(inputs, 2, 4)].concat()
    );
    assert_eq!(
        ys,
        [row(targets, 3, 4), row(targets, 3, 0), row(targets, 3, 4)].concat()
    );
    assert_eq!(data.train_examples(&[]).unwrap(), (vec![], vec![]));
    let n = data.train_len();
    assert_eq!(
        out_of_range(data.train_examples(&[0, n])),
        format!("the training set has examples 0 to {}, not {n}", n - 1)
    );
}
