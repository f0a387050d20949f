//! "No panics on any input": random, mostly bad, configurations and inputs give `Ok` or an
//! `Err` with a message — never a panic. (A panic in wasm would be an opaque trap in the page.)

use backprop_lab::{
    Activation, Cost, DataConfig, DatasetKind, Feature, Features, Init, Network, NetworkConfig,
    OptimizerConfig, OptimizerKind, Playground, PlaygroundConfig, Regularization, Stepper,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn activation() -> impl Strategy<Value = Activation> {
    prop::sample::select(Activation::ALL.to_vec())
}

/// Floats that a text field or a URL hash can turn into: ordinary, zero, negative, huge, non-finite.
fn any_float() -> impl Strategy<Value = f32> {
    prop_oneof![
        8 => -1.0f32..1.0,
        1 => -10.0f32..10.0,
        1 => Just(0.0),
        1 => Just(1e30),
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
    ]
}

fn playground_config() -> impl Strategy<Value = PlaygroundConfig> {
    (
        (
            prop::sample::select(DatasetKind::ALL.to_vec()),
            prop_oneof![9 => 20usize..60, 1 => 0usize..20],
            0.0f32..55.0,
            5.0f32..95.0,
        ),
        prop::collection::vec(prop_oneof![9 => 1usize..6, 1 => Just(0usize)], 0..4),
        prop::collection::vec(activation(), 4),
        prop::bool::weighted(0.9),
        prop_oneof![3 => Just(Activation::Sigmoid), 1 => activation()],
        (
            prop::sample::select(Cost::ALL.to_vec()),
            prop::sample::select(Init::ALL.to_vec()),
        ),
        (
            prop::sample::select(OptimizerKind::ALL.to_vec()),
            prop_oneof![4 => 0.001f32..5.0, 1 => any_float()],
            prop::sample::select(Regularization::ALL.to_vec()),
            prop_oneof![4 => 0.0f32..0.1, 1 => any_float()],
        ),
        prop_oneof![9 => 1usize..10, 1 => prop_oneof![Just(0usize), 10usize..100]],
        prop_oneof![9 => 2usize..12, 1 => 0usize..2],
        // The input features: any non-empty set (bit i: Feature::ALL[i]).
        1u8..128,
    )
        .prop_map(
            |(
                (kind, points, noise, train),
                hidden,
                mut activations,
                matching,
                output,
                (cost, init),
                (opt, eta, reg, rate),
                batch,
                grid,
                bits,
            )| {
                // Mostly one activation per hidden layer, sometimes a count that does not match.
                activations.truncate(if matching {
                    hidden.len()
                } else {
                    (hidden.len() + 1) % 4
                });
                PlaygroundConfig {
                    data: DataConfig {
                        kind,
                        points,
                        noise,
                        train_fraction: train,
                        seed: 3,
                    },
                    features: Features::new(
                        &Feature::ALL
                            .iter()
                            .copied()
                            .filter(|f| bits & (1 << *f as u8) != 0)
                            .collect::<Vec<_>>(),
                    )
                    .expect("a non-empty set"),
                    hidden,
                    activations,
                    output_activation: output,
                    cost,
                    init,
                    seed: 3,
                    optimizer: OptimizerConfig {
                        kind: opt,
                        learning_rate: eta,
                        regularization: reg,
                        regularization_rate: rate,
                        ..OptimizerConfig::default()
                    },
                    batch_size: batch,
                    grid_resolution: grid,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_playground_configuration_trains_or_says_why(cfg in playground_config(), x in any_float(), y in any_float()) {
        // Building refuses a bad configuration with a message …
        let Ok(mut pg) = Playground::new(cfg, &[(x, y, 1.0)]) else { return Ok(()); };
        // … and a good one trains, adds points, steps backprop and evaluates without a panic,
        // whatever the result.
        let _ = pg.train(3);
        // Whatever η did, a diverging step is refused: every parameter stays finite.
        prop_assert!(pg.network().parameters_finite());
        let _ = pg.add_point(x, y, 0.0);
        let _ = pg.add_point(0.5, -0.5, 2.0);
        pg.evaluate_grid();
        let _ = pg.metrics();
        let sizes = pg.network().sizes().to_vec();
        let net = pg.network_mut();
        let _ = net.set_weight(sizes.len(), 0, 0, x);
        let _ = net.set_bias(1, sizes[1], y);
        let inputs = vec![x; sizes[0]];
        let targets = vec![y; sizes[sizes.len() - 1]];
        if let Ok(mut stepper) = Stepper::new(net, &inputs, &targets, 0.1) {
            for _ in 0..(2 * sizes.len() + 4) {
                let _ = stepper.next(net);
            }
            let _ = stepper.prev(net);
        }
    }

    #[test]
    fn any_network_shape_and_input_gives_a_result_or_an_error(
        layers in prop::collection::vec(0usize..5, 0..5),
        activations in prop::collection::vec(activation(), 0..5),
        cost in prop::sample::select(Cost::ALL.to_vec()),
        xs in prop::collection::vec(any_float(), 0..9),
        ys in prop::collection::vec(any_float(), 0..5),
        eta in any_float(),
    ) {
        let config = NetworkConfig { layers, activations, cost, init: Init::Normal, seed: 1 };
        let Ok(mut net) = Network::new(config) else { return Ok(()); };
        let _ = net.forward(&xs);
        let _ = net.cost(&xs, &ys);
        let _ = net.gradient(&xs, &ys);
        let _ = net.sgd_step(&xs, &ys, eta);
        let _ = net.weight(9, 9, 9);
        let _ = net.set_weight(1, 0, 0, eta);
    }
}

#[test]
fn some_random_playgrounds_are_valid_so_training_is_exercised() {
    // The property above returns early for a refused configuration: check that the generator
    // makes enough valid ones for it to exercise training too.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut built = 0;
    for _ in 0..200 {
        let cfg = playground_config()
            .new_tree(&mut runner)
            .expect("a value")
            .current();
        if Playground::new(cfg, &[]).is_ok() {
            built += 1;
        }
    }
    assert!(
        built >= 40,
        "only {built} of 200 random configurations were valid"
    );
}
