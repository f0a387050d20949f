//! The values the front end shows that the core derives (src/derived.rs): each agrees with the
//! core's own computation of it, and bad input is an error that says why.

use backprop_lab::derived::{digit_input, one_hot_target, phase_order, predicted_class};
use backprop_lab::digits::{default_config, one_hot, CLASSES, PIXELS};
use backprop_lab::{
    Activation, Cost, DigitSet, DigitTrainer, Error, Init, Network, NetworkConfig, Phase, Stepper,
    SurfacePoint,
};

#[test]
fn the_predicted_class_is_the_largest_output_the_first_on_ties() {
    assert_eq!(predicted_class(&[0.1, 0.7, 0.2]).unwrap(), 1);
    assert_eq!(predicted_class(&[-3.0, -1.0, -2.0]).unwrap(), 1);
    assert_eq!(predicted_class(&[0.5, 0.9, 0.9, 0.1]).unwrap(), 1);
    assert_eq!(predicted_class(&[0.25]).unwrap(), 0);
    let mut ten = [0.0f32; 10];
    ten[9] = 1e-30;
    assert_eq!(predicted_class(&ten).unwrap(), 9);
}

#[test]
fn no_class_is_predicted_from_an_empty_or_non_finite_output() {
    let empty = predicted_class(&[]).unwrap_err();
    assert!(matches!(empty, Error::InvalidInput(_)));
    assert!(empty.to_string().contains("empty output"), "{empty}");
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let e = predicted_class(&[0.2, bad, 0.1]).unwrap_err();
        assert!(
            e.to_string().contains("output 1 is not a finite number"),
            "{e}"
        );
    }
}

#[test]
fn a_one_hot_target_is_the_digit_trainers() {
    for d in 0..CLASSES as u8 {
        let mut expected = [7.0f32; CLASSES];
        one_hot(d, &mut expected);
        assert_eq!(one_hot_target(d as usize, CLASSES).unwrap(), expected);
    }
    assert_eq!(one_hot_target(2, 3).unwrap(), [0.0, 0.0, 1.0]);
    assert_eq!(one_hot_target(0, 1).unwrap(), [1.0]);
    let e = one_hot_target(10, 10).unwrap_err();
    assert!(matches!(e, Error::OutOfRange(_)));
    assert!(
        e.to_string()
            .contains("class 10 is not one of the 10 classes 0 to 9"),
        "{e}"
    );
    assert!(one_hot_target(0, 0).is_err());
}

#[test]
fn a_digits_input_is_bit_for_bit_the_trainers() {
    let image: Vec<u8> = (0..PIXELS).map(|p| (p * 37 % 256) as u8).collect();
    let set = DigitSet::new(image.clone(), vec![3]).unwrap();
    let mut expected = vec![0.0f32; PIXELS];
    set.input(0, &mut expected);
    let x = digit_input(&image).unwrap();
    assert_eq!(x.len(), PIXELS);
    assert_eq!(
        x.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        expected.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    assert_eq!(x[0], 0.0);
    assert_eq!(x[image.iter().position(|&p| p == 255).unwrap()], 1.0);
    assert!((x[1] - 37.0 / 255.0).abs() < 1e-7);
    for len in [0, PIXELS - 1, PIXELS + 1] {
        let e = digit_input(&vec![0; len]).unwrap_err();
        assert!(
            e.to_string()
                .contains(&format!("784 pixels (28 × 28), not {len}")),
            "{e}"
        );
    }
}

fn network(layers: Vec<usize>) -> Network {
    let depth = layers.len() - 1;
    Network::new(NetworkConfig {
        layers,
        activations: vec![Activation::Tanh; depth],
        cost: Cost::Quadratic,
        init: Init::Normal,
        seed: 3,
    })
    .unwrap()
}

#[test]
fn the_phase_order_is_the_order_a_stepper_walks() {
    for layers in [
        vec![2, 1],
        vec![2, 3, 1],
        vec![2, 4, 3, 2],
        vec![1, 2, 2, 2, 1],
    ] {
        let depth = layers.len() - 1;
        let mut net = network(layers);
        let n_out = net.sizes()[depth];
        let x = vec![0.5; net.sizes()[0]];
        let mut stepper = Stepper::new(&net, &x, &vec![1.0; n_out], 0.1).unwrap();
        let mut walked = vec![stepper.phase()];
        while stepper.phase() != Phase::Done {
            walked.push(stepper.next(&mut net).unwrap());
        }
        assert_eq!(phase_order(depth), walked, "depth {depth}");
        assert_eq!(phase_order(depth).len(), 2 * depth + 4);
    }
    assert_eq!(
        phase_order(2),
        [
            Phase::Start,
            Phase::Forward(1),
            Phase::Forward(2),
            Phase::Cost,
            Phase::Backward(2),
            Phase::Backward(1),
            Phase::Update,
            Phase::Done
        ]
    );
}

#[test]
fn the_predicted_change_is_the_gradient_dotted_with_the_step() {
    let p = SurfacePoint {
        a: 0.3,
        b: -0.2,
        cost: 0.5,
        gradient_a: 0.75,
        gradient_b: -2.0,
    };
    let eta = 0.1;
    let [da, db] = p.step(eta);
    let dot = f64::from(p.gradient_a) * f64::from(da) + f64::from(p.gradient_b) * f64::from(db);
    let change = p.predicted_change(eta);
    assert!((change - dot).abs() < 1e-7, "{change} vs {dot}");
    assert!((change - -0.1 * (0.5625 + 4.0)).abs() < 1e-7);
    // A step of length η|∇C| changes C by −|∇C| · (its length) to first order.
    let length = f64::from(p.step_length(eta));
    let grad = (0.5625f64 + 4.0).sqrt();
    assert!((change + grad * length).abs() < 1e-6);
    let flat = SurfacePoint {
        gradient_a: 0.0,
        gradient_b: 0.0,
        ..p
    };
    assert_eq!(flat.predicted_change(eta), 0.0);
}

/// `n` images of one bright pixel each, labelled by where it is.
fn digits(n: usize) -> DigitSet {
    let mut pixels = vec![0u8; n * PIXELS];
    let labels: Vec<u8> = (0..n).map(|i| (i % CLASSES) as u8).collect();
    for (i, &d) in labels.iter().enumerate() {
        pixels[i * PIXELS + d as usize * 70] = 255;
    }
    DigitSet::new(pixels, labels).unwrap()
}

#[test]
fn epochs_are_examples_seen_over_the_training_set_and_count_to_a_target() {
    let mut t = DigitTrainer::new(default_config(), 0.5, 4, digits(40), digits(10)).unwrap();
    assert_eq!(t.epochs(), 0.0);
    assert_eq!(t.examples_until(1.0).unwrap(), 40);
    assert_eq!(t.examples_until(0.0).unwrap(), 0);
    assert_eq!(t.examples_until(2.5).unwrap(), 100);
    let used = t.train(12).unwrap() as u64;
    assert_eq!(t.examples_seen(), used);
    assert_eq!(t.epochs(), used as f64 / 40.0);
    assert_eq!(t.examples_until(1.0).unwrap(), 40 - used);
    t.train(t.examples_until(1.0).unwrap() as usize).unwrap();
    assert_eq!(t.examples_seen(), 40);
    assert_eq!((t.epochs(), t.epoch()), (1.0, 1));
    assert_eq!(t.examples_until(1.0).unwrap(), 0, "reached");
    assert_eq!(t.examples_until(0.5).unwrap(), 0, "passed");
    assert_eq!(
        t.examples_until(1.01).unwrap(),
        1,
        "⌈1.01 · 40⌉ − 40 = ⌈40.4⌉ − 40"
    );
    for bad in [f64::NAN, f64::INFINITY, -1.0] {
        let e = t.examples_until(bad).unwrap_err();
        assert!(matches!(e, Error::OutOfRange(_)));
        assert!(
            e.to_string()
                .contains("a number of epochs is a finite number ≥ 0"),
            "{e}"
        );
    }
}

#[test]
fn gradient_sizes_are_each_layers_rms_and_show_the_vanishing_gradient_of_deep_sigmoids() {
    let deep = |activation| {
        Network::new(NetworkConfig {
            layers: vec![2, 6, 6, 6, 6, 1],
            activations: vec![
                activation,
                activation,
                activation,
                activation,
                Activation::Sigmoid,
            ],
            cost: Cost::Quadratic,
            init: Init::Xavier,
            seed: 1,
        })
        .unwrap()
    };
    let xs = [0.5f32, -0.5, -0.25, 0.75, 0.9, 0.1, -0.8, -0.3];
    let ys = [1.0f32, 0.0, 1.0, 0.0];
    let mut net = deep(Activation::Sigmoid);
    let sizes = backprop_lab::derived::gradient_sizes(&mut net, &xs, &ys).unwrap();
    let g = net.gradient(&xs, &ys).unwrap();
    assert_eq!(sizes.len(), 5);
    for (size, w) in sizes.iter().zip(&g.weights) {
        let rms = (w.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / w.len() as f64).sqrt();
        assert!(
            (f64::from(*size) - rms).abs() <= 1e-6 * rms.max(1e-30),
            "{size} vs {rms}"
        );
    }
    assert!(
        sizes[0] < sizes[4] / 20.0,
        "sigmoids: layer 1 learns far slower than layer 5 {sizes:?}"
    );
    let relu =
        backprop_lab::derived::gradient_sizes(&mut deep(Activation::Relu), &xs, &ys).unwrap();
    assert!(
        relu[0] / relu[4] > sizes[0] / sizes[4],
        "ReLU keeps more of the gradient {relu:?} vs {sizes:?}"
    );
    assert!(backprop_lab::derived::gradient_sizes(&mut net, &xs[..3], &ys).is_err());
}
