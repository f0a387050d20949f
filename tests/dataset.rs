//! The data sets: sizes, ranges, targets, determinism.

use backprop_lab::{DataConfig, Dataset, DatasetKind};

fn generate(kind: DatasetKind, noise: f32) -> Dataset {
    let cfg = DataConfig {
        kind,
        noise,
        ..DataConfig::default()
    };
    Dataset::generate(&cfg, &[]).unwrap()
}

#[test]
fn every_data_set_lies_in_the_unit_square_and_splits_by_the_train_fraction() {
    for &kind in DatasetKind::ALL
        .iter()
        .filter(|&&k| k != DatasetKind::Custom && !k.is_imported())
    {
        for noise in [0.0, 25.0, 50.0] {
            let data = generate(kind, noise);
            // 500 points, 50 % for training: 250 + 250.
            assert_eq!((data.train_len(), data.test_len()), (250, 250), "{kind}");
            let inputs = data.train_inputs().iter().chain(data.test_inputs());
            assert!(inputs.clone().all(|v| (-1.0..=1.0).contains(v)), "{kind}");
            assert_eq!(data.train_targets().len(), 250 * data.outputs());
            let labels = data.train_labels().iter().chain(data.test_labels());
            if data.is_regression() {
                assert!(labels.clone().all(|v| (0.0..=1.0).contains(v)), "{kind}");
            } else {
                let classes = data.outputs().max(2) as f32;
                assert!(
                    labels.clone().all(|&v| v.fract() == 0.0 && v < classes),
                    "{kind}"
                );
                // Every class appears.
                for class in 0..classes as usize {
                    assert!(
                        labels.clone().any(|&v| v == class as f32),
                        "{kind} class {class}"
                    );
                }
            }
        }
    }
}

#[test]
fn three_class_targets_are_one_hot() {
    let data = generate(DatasetKind::ThreeClass, 0.0);
    assert_eq!(data.outputs(), 3);
    for (y, &label) in data.train_targets().chunks(3).zip(data.train_labels()) {
        let mut one_hot = [0.0; 3];
        one_hot[label as usize] = 1.0;
        assert_eq!(y, one_hot);
    }
}

#[test]
fn the_circle_without_noise_has_class_one_inside_radius_half() {
    let data = generate(DatasetKind::Circle, 0.0);
    for (p, &label) in data.train_inputs().chunks(2).zip(data.train_labels()) {
        let r = p[0].hypot(p[1]);
        // Inner disc r < 2.5/5 = 0.5, outer ring r > 3.5/5 = 0.7.
        assert_eq!(label == 1.0, r < 0.5, "r = {r}");
    }
}

#[test]
fn same_seed_same_points_and_another_seed_other_points() {
    let cfg = DataConfig {
        kind: DatasetKind::Spiral,
        noise: 10.0,
        ..DataConfig::default()
    };
    let a = Dataset::generate(&cfg, &[]).unwrap();
    assert_eq!(a, Dataset::generate(&cfg, &[]).unwrap());
    let other = DataConfig { seed: 2, ..cfg };
    assert_ne!(a, Dataset::generate(&other, &[]).unwrap());
}

#[test]
fn train_fraction_and_point_count_shape_the_split() {
    let cfg = DataConfig {
        points: 101,
        train_fraction: 30.0,
        ..DataConfig::default()
    };
    let data = Dataset::generate(&cfg, &[]).unwrap();
    // round(101 · 0.3) = round(30.3) = 30 for training, 71 for testing.
    assert_eq!((data.train_len(), data.test_len()), (30, 71));
    let tiny = DataConfig {
        points: 2,
        train_fraction: 90.0,
        ..DataConfig::default()
    };
    let data = Dataset::generate(&tiny, &[]).unwrap();
    assert_eq!((data.train_len(), data.test_len()), (1, 1));
}

#[test]
fn hand_made_points_join_the_training_set() {
    let custom = [(0.5, -0.25, 1.0), (-0.75, 0.0, 0.0)];
    let cfg = DataConfig {
        kind: DatasetKind::Custom,
        ..DataConfig::default()
    };
    let mut data = Dataset::generate(&cfg, &custom).unwrap();
    assert_eq!((data.train_len(), data.test_len()), (2, 0));
    assert_eq!(data.train_inputs(), &[0.5, -0.25, -0.75, 0.0]);
    assert_eq!(data.train_targets(), &[1.0, 0.0]);
    data.add_point(1.0, 1.0, 1.0).unwrap();
    assert_eq!(data.train_len(), 3);
    let circle = Dataset::generate(&DataConfig::default(), &custom).unwrap();
    assert_eq!(circle.train_len(), 252);
}
