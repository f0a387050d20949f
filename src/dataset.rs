//! TensorFlow Playground's data sets, with coordinates scaled into [−1, 1]².
//!
//! Points are drawn from a seeded ChaCha8 generator, shuffled once by it, then split into a
//! training and a test set. Hand-made points join the training set.

use std::f64::consts::PI;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::{named_enum, Error, Num, Result};
use crate::features::Features;
use crate::schedule::shuffle;

/// The most points a generated data set may have.
pub const MAX_POINTS: usize = 5000;
/// The fewest points a generated data set may have (one to train on, one to test on).
pub const MIN_POINTS: usize = 2;
/// The most points an imported data set may have (a CSV file's rows).
pub const MAX_IMPORTED_POINTS: usize = 10_000;
/// The most classes an imported data set may have.
pub const MAX_CLASSES: usize = 8;
/// The most noise, in percent of the data set's spread (the least is 0).
pub const MAX_NOISE: f32 = 50.0;
/// The least and the most of the points used for training, in percent.
pub const TRAIN_PERCENT: (f32, f32) = (10.0, 90.0);

/// Which data set to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    /// An inner disc (class 1) inside a ring (class 0).
    Circle,
    /// Four quadrants: class 1 where x·y > 0.
    Xor,
    /// Two gaussian clouds; noise widens them.
    Gaussian,
    /// Two interleaved spirals.
    Spiral,
    /// Regression: a target rising linearly with x + y, mapped into [0, 1].
    Plane,
    /// Regression: a sum of six ± gaussian bumps, mapped into [0, 1].
    MultiGaussian,
    /// Three gaussian blobs, one-hot targets of 3 outputs.
    ThreeClass,
    /// Only the points the user places (binary labels 0 and 1).
    Custom,
    /// Points given whole (a CSV file, already scaled into [−1, 1]²) with class labels 0, 1, …
    /// (at most [`MAX_CLASSES`]): one output for two classes, one-hot targets of as many outputs
    /// as classes for more. Split into training and test points like a generated set.
    Imported,
    /// Points given whole with real targets in [0, 1] (regression).
    ImportedValues,
}

named_enum!(DatasetKind, "dataset", {
    Circle => "circle",
    Xor => "xor",
    Gaussian => "gaussian",
    Spiral => "spiral",
    Plane => "plane",
    MultiGaussian => "multiGaussian",
    ThreeClass => "threeClass",
    Custom => "custom",
    Imported => "imported",
    ImportedValues => "importedValues",
});

impl DatasetKind {
    /// The number of outputs a network needs for a set of this kind with `classes` classes
    /// (only imported sets have a number of their own): 3 for three classes, else 1.
    fn outputs(self, classes: usize) -> usize {
        match self {
            DatasetKind::ThreeClass => 3,
            DatasetKind::Imported if classes > 2 => classes,
            _ => 1,
        }
    }

    /// Whether targets are real values in [0, 1] rather than classes.
    pub fn is_regression(self) -> bool {
        matches!(
            self,
            DatasetKind::Plane | DatasetKind::MultiGaussian | DatasetKind::ImportedValues
        )
    }

    /// Whether the points are given whole rather than generated.
    pub fn is_imported(self) -> bool {
        matches!(self, DatasetKind::Imported | DatasetKind::ImportedValues)
    }
}

/// How to generate a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct DataConfig {
    /// Which data set.
    pub kind: DatasetKind,
    /// How many points to generate, 2 to 5000 (default 500; unused for `Custom`).
    pub points: usize,
    /// Noise in percent, 0 to 50: how much points (or their labels) are jittered.
    pub noise: f32,
    /// The share of points used for training, in percent, 10 to 90 (default 50).
    pub train_fraction: f32,
    /// The seed of the generator and the shuffle.
    pub seed: u64,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            kind: DatasetKind::Circle,
            points: 500,
            noise: 0.0,
            train_fraction: 50.0,
            seed: 1,
        }
    }
}

impl DataConfig {
    /// Every check [`Dataset::generate`] makes.
    pub fn validate(&self) -> Result<()> {
        let bad = |message: String| Err(Error::InvalidConfig(message));
        if !(MIN_POINTS..=MAX_POINTS).contains(&self.points) {
            return bad(format!(
                "the number of points must be between {MIN_POINTS} and {MAX_POINTS}, not {}",
                self.points
            ));
        }
        if !(0.0..=MAX_NOISE).contains(&self.noise) {
            return bad(format!(
                "the noise is a percentage between 0 and {}, not {}",
                Num(MAX_NOISE.into()),
                Num(self.noise.into())
            ));
        }
        let (least, most) = TRAIN_PERCENT;
        if !(least..=most).contains(&self.train_fraction) {
            return bad(format!(
                "the share of points used for training is a percentage between {} and {}, not {}",
                Num(least.into()),
                Num(most.into()),
                Num(self.train_fraction.into())
            ));
        }
        Ok(())
    }
}

/// One half of a data set: points (x, y), the network's inputs (their features) and
/// targets, flat, and one label per example.
#[derive(Debug, Clone, Default, PartialEq)]
struct Split {
    points: Vec<f32>,
    inputs: Vec<f32>,
    targets: Vec<f32>,
    labels: Vec<f32>,
}

/// Points (x, y) in [−1, 1]² with targets, split into a training and a test set.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    kind: DatasetKind,
    /// The number of classes (1 for regression): 2 or 3 for generated sets, an imported set's own.
    classes: usize,
    /// What the network reads of each point (default X₁, X₂: the point itself).
    features: Features,
    train: Split,
    test: Split,
}

/// A point before it is split: x, y and its label (class index or regression value).
type Point = (f32, f32, f32);

impl Dataset {
    /// Generates the data set of `cfg`, then appends the hand-made `custom` points
    /// (x, y, label) to its training set.
    pub fn generate(cfg: &DataConfig, custom: &[(f32, f32, f32)]) -> Result<Dataset> {
        cfg.validate()?;
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let noise = f64::from(cfg.noise) / 100.0;
        let n = cfg.points;
        let mut points = match cfg.kind {
            DatasetKind::Circle => circle(&mut rng, n, noise),
            DatasetKind::Xor => xor(&mut rng, n, noise),
            DatasetKind::Gaussian => two_gaussians(&mut rng, n, noise),
            DatasetKind::Spiral => spiral(&mut rng, n, noise),
            DatasetKind::Plane => regression(&mut rng, n, noise, plane),
            DatasetKind::MultiGaussian => regression(&mut rng, n, noise, bumps),
            DatasetKind::ThreeClass => three_blobs(&mut rng, n, noise),
            DatasetKind::Custom => Vec::new(),
            DatasetKind::Imported | DatasetKind::ImportedValues => imported(cfg.kind, custom)?,
        };
        let classes = match cfg.kind {
            DatasetKind::ThreeClass => 3,
            // The largest label + 1 (labels are checked: whole numbers below MAX_CLASSES).
            DatasetKind::Imported => {
                points
                    .iter()
                    .fold(1.0f32, |top, p| if p.2 > top { p.2 } else { top })
                    as usize
                    + 1
            }
            kind if kind.is_regression() => 1,
            _ => 2,
        };
        shuffle(&mut rng, &mut points);
        let train_count = if points.is_empty() {
            0
        } else {
            let share = f64::from(cfg.train_fraction) / 100.0;
            ((points.len() as f64 * share).round() as usize).clamp(1, points.len() - 1)
        };
        let mut data = Dataset {
            kind: cfg.kind,
            classes,
            features: Features::DEFAULT,
            train: Split::default(),
            test: Split::default(),
        };
        let (train, test) = points.split_at(train_count);
        for &point in train {
            data.push(point, true);
        }
        for &point in test {
            data.push(point, false);
        }
        if !cfg.kind.is_imported() {
            for &(x, y, label) in custom {
                data.add_point(x, y, label)?;
            }
        }
        Ok(data)
    }

    /// Which data set this is.
    pub fn kind(&self) -> DatasetKind {
        self.kind
    }

    /// The number of targets per example: 1 (binary classes, regression) or 3 (threeClass).
    pub fn outputs(&self) -> usize {
        self.kind.outputs(self.classes)
    }

    /// The number of classes (1 for regression).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Whether the targets are regression values in [0, 1].
    pub fn is_regression(&self) -> bool {
        self.kind.is_regression()
    }

    /// The input features the network reads of each point.
    pub fn features(&self) -> Features {
        self.features
    }

    /// Reads every point (and each one added later) through `features`: the inputs become
    /// each point's features, `features.len()` per example.
    pub fn set_features(&mut self, features: Features) {
        self.features = features;
        for split in [&mut self.train, &mut self.test] {
            split.inputs = features.map_points(&split.points);
        }
    }

    /// Training points, [x, y] per example, flat.
    pub fn train_points(&self) -> &[f32] {
        &self.train.points
    }

    /// Test points, [x, y] per example, flat.
    pub fn test_points(&self) -> &[f32] {
        &self.test.points
    }

    /// Training inputs as the network reads them: each point's features (by default [x, y]),
    /// `features().len()` per example, flat.
    pub fn train_inputs(&self) -> &[f32] {
        &self.train.inputs
    }

    /// Training targets, `outputs()` per example, flat.
    pub fn train_targets(&self) -> &[f32] {
        &self.train.targets
    }

    /// Training labels: class index (0/1 or 0/1/2) or regression value, one per example.
    pub fn train_labels(&self) -> &[f32] {
        &self.train.labels
    }

    /// Test inputs as the network reads them (each point's features), flat.
    pub fn test_inputs(&self) -> &[f32] {
        &self.test.inputs
    }

    /// Test targets, `outputs()` per example, flat.
    pub fn test_targets(&self) -> &[f32] {
        &self.test.targets
    }

    /// Test labels: class index or regression value, one per example.
    pub fn test_labels(&self) -> &[f32] {
        &self.test.labels
    }

    /// Training example i: its input [x, y] and its target (`outputs()` values). Panics if
    /// i ≥ `train_len()` (caller-checked).
    pub fn train_example(&self, i: usize) -> (&[f32], &[f32]) {
        let (n, n0) = (self.outputs(), self.features.len());
        (
            &self.train.inputs[n0 * i..n0 * (i + 1)],
            &self.train.targets[n * i..n * (i + 1)],
        )
    }

    /// The number of training examples.
    pub fn train_len(&self) -> usize {
        self.train.labels.len()
    }

    /// The training examples at `indices` (into the training set, in `train_inputs`'s order):
    /// their inputs and their targets, flat, or an error naming the examples there are.
    pub fn train_examples(&self, indices: &[usize]) -> Result<(Vec<f32>, Vec<f32>)> {
        let (inputs, width) = (&self.train.inputs, self.features.len());
        let (count, outputs) = (self.train_len(), self.outputs());
        let mut xs = Vec::with_capacity(width * indices.len());
        let mut ys = Vec::with_capacity(outputs * indices.len());
        for &i in indices {
            if i >= count {
                return Err(Error::OutOfRange(format!(
                    "the training set has examples 0 to {}, not {i}",
                    count.saturating_sub(1)
                )));
            }
            xs.extend_from_slice(&inputs[width * i..width * (i + 1)]);
            ys.extend_from_slice(&self.train.targets[outputs * i..outputs * (i + 1)]);
        }
        Ok((xs, ys))
    }

    /// The number of test examples.
    pub fn test_len(&self) -> usize {
        self.test.labels.len()
    }

    /// Adds a hand-made point to the training set: x, y finite in [−1, 1]; label 0 or 1
    /// (threeClass: 0, 1 or 2; regression: a value in [0, 1]).
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<()> {
        check_point((x, y, label), self.is_regression(), self.classes)?;
        self.push((x, y, label), true);
        Ok(())
    }

    fn push(&mut self, (x, y, label): Point, train: bool) {
        let (outputs, features) = (self.outputs(), self.features);
        let mut input = [0.0; crate::features::MAX_FEATURES];
        let split = if train {
            &mut self.train
        } else {
            &mut self.test
        };
        split.points.extend([x, y]);
        split
            .inputs
            .extend_from_slice(features.map(x, y, &mut input));
        split.labels.push(label);
        if outputs > 1 {
            split
                .targets
                .extend((0..outputs).map(|c| f32::from(c as f32 == label)));
        } else {
            split.targets.push(label);
        }
    }
}

/// A point's x and y must lie in [−1, 1], its label be a value in [0, 1] for regression, else
/// a class 0..classes.
fn check_point((x, y, label): Point, regression: bool, classes: usize) -> Result<()> {
    for (v, name) in [(x, "x"), (y, "y")] {
        if !(-1.0..=1.0).contains(&v) {
            return Err(Error::InvalidInput(format!(
                "a point's {name} must be a number between -1 and 1, not {}",
                Num(v.into())
            )));
        }
    }
    let valid = if regression {
        (0.0..=1.0).contains(&label)
    } else {
        label.fract() == 0.0 && (0.0..classes as f32).contains(&label)
    };
    if valid {
        return Ok(());
    }
    let expected = match (regression, classes) {
        (true, _) => "a value between 0 and 1".to_string(),
        (false, 2) => "0 or 1".to_string(),
        (false, n) => format!("a whole number from 0 to {}", n - 1),
    };
    Err(Error::InvalidInput(format!(
        "a point's label here must be {expected}, not {}",
        Num(label.into())
    )))
}

/// The points of an imported set, checked: 2 to [`MAX_IMPORTED_POINTS`] of them, each in
/// [−1, 1]², labels classes 0 to [`MAX_CLASSES`] − 1 (or values in [0, 1] for regression).
fn imported(kind: DatasetKind, points: &[Point]) -> Result<Vec<Point>> {
    if !(MIN_POINTS..=MAX_IMPORTED_POINTS).contains(&points.len()) {
        return Err(Error::InvalidConfig(format!(
            "an imported data set has {MIN_POINTS} to {MAX_IMPORTED_POINTS} points, not {} \
             (import a CSV file first)",
            points.len()
        )));
    }
    for &point in points {
        check_point(point, kind.is_regression(), MAX_CLASSES)?;
    }
    Ok(points.to_vec())
}

/// U(lo, hi).
fn uniform(rng: &mut ChaCha8Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.random::<f64>()
}

/// (sin θ, cos θ) for the data sets' angles (|θ| < 1000), to within a few f64 ulps: θ is
/// reduced to r in [−π/4, π/4] around a multiple k of π/2 (π/2 split into a 33-bit head,
/// so that k · head is exact, and a tail: the reduction errs by ~1e−20 at these sizes),
/// then both Taylor series to the 18th power (the first dropped term is below 1e−17). The points are stored as f32, so the result
/// matches libm's there; libm's general `sin`/`cos` carry a large-argument reduction (Payne–
/// Hanek, several KB of wasm) that these angles never need.
fn sin_cos(theta: f64) -> (f64, f64) {
    const HALF_PI_HEAD: f64 = 1.570_796_326_734_125_6; // π/2 to 33 bits
    const HALF_PI_TAIL: f64 = 6.077_100_506_506_192e-11; // π/2 − HALF_PI_HEAD
    let k = (theta * std::f64::consts::FRAC_2_PI).round();
    let r = (theta - k * HALF_PI_HEAD) - k * HALF_PI_TAIL;
    let r2 = r * r;
    // sin r = r − r³/3! + …, cos r = 1 − r²/2! + …, evaluated inside out (Horner).
    let (mut sin, mut cos) = (1.0, 1.0);
    for n in (1..=9).rev() {
        let n = n as f64;
        sin = 1.0 - r2 / ((2.0 * n) * (2.0 * n + 1.0)) * sin;
        cos = 1.0 - r2 / ((2.0 * n - 1.0) * (2.0 * n)) * cos;
    }
    let sin = r * sin;
    // sin(r + kπ/2), cos(r + kπ/2) by the quadrant k mod 4.
    match (k as i64).rem_euclid(4) {
        0 => (sin, cos),
        1 => (cos, -sin),
        2 => (-sin, -cos),
        _ => (-cos, sin),
    }
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    StandardNormal.sample(rng)
}

/// A point in TF Playground's units (radius `scale`) scaled into [−1, 1]².
fn point(x: f64, y: f64, scale: f64, label: f64) -> Point {
    let unit = |v: f64| (v / scale).clamp(-1.0, 1.0) as f32;
    (unit(x), unit(y), label as f32)
}

/// Inner disc (class 1, r < 2.5) and outer ring (class 0, 3.5 < r < 5); noise jitters the
/// point whose side of r = 2.5 decides the label.
fn circle(rng: &mut ChaCha8Rng, n: usize, noise: f64) -> Vec<Point> {
    let radius = 5.0;
    (0..n)
        .map(|i| {
            let inner = i < n / 2;
            let r = if inner {
                uniform(rng, 0.0, radius * 0.5)
            } else {
                uniform(rng, radius * 0.7, radius)
            };
            let angle = uniform(rng, 0.0, 2.0 * PI);
            let (sin, cos) = sin_cos(angle);
            let (x, y) = (r * sin, r * cos);
            let nx = uniform(rng, -radius, radius) * noise;
            let ny = uniform(rng, -radius, radius) * noise;
            let inside = (x + nx).powi(2) + (y + ny).powi(2) < (radius * 0.5).powi(2);
            let label = inside as u8;
            point(x, y, radius, f64::from(label))
        })
        .collect()
}

/// Class 1 where x·y ≥ 0, with a gap of 0.3 around the axes; noise jitters the labelled point.
fn xor(rng: &mut ChaCha8Rng, n: usize, noise: f64) -> Vec<Point> {
    let padding = 0.3;
    let away = |v: f64| if v > 0.0 { v + padding } else { v - padding };
    (0..n)
        .map(|_| {
            let x = away(uniform(rng, -5.0, 5.0));
            let y = away(uniform(rng, -5.0, 5.0));
            let nx = uniform(rng, -5.0, 5.0) * noise;
            let ny = uniform(rng, -5.0, 5.0) * noise;
            let label = ((x + nx) * (y + ny) >= 0.0) as u8;
            point(x, y, 5.0 + padding, f64::from(label))
        })
        .collect()
}

/// Class 1 around (2, 2), class 0 around (−2, −2); noise widens the variance from 0.5 to 4.
fn two_gaussians(rng: &mut ChaCha8Rng, n: usize, noise: f64) -> Vec<Point> {
    let std = (0.5 + 3.5 * noise / 0.5).sqrt();
    (0..n)
        .map(|i| {
            let (c, label) = if i < n / 2 { (2.0, 1.0) } else { (-2.0, 0.0) };
            let x = c + std * normal(rng);
            let y = c + std * normal(rng);
            point(x, y, 5.0, label)
        })
        .collect()
}

/// Two spirals r = 5t, θ = 3.5πt (+π for class 0), t in [0, 1); noise jitters the points.
fn spiral(rng: &mut ChaCha8Rng, n: usize, noise: f64) -> Vec<Point> {
    let half = n / 2;
    let arm = |rng: &mut ChaCha8Rng, count: usize, shift: f64, label: f64| -> Vec<Point> {
        (0..count)
            .map(|i| {
                let t = i as f64 / count as f64;
                let (r, theta) = (5.0 * t, 1.75 * t * 2.0 * PI + shift);
                let (sin, cos) = sin_cos(theta);
                let x = r * sin + uniform(rng, -1.0, 1.0) * noise;
                let y = r * cos + uniform(rng, -1.0, 1.0) * noise;
                point(x, y, 5.0, label)
            })
            .collect()
    };
    let mut points = arm(rng, half, 0.0, 1.0);
    points.extend(arm(rng, n - half, PI, 0.0));
    points
}

/// The plane's value in [−1, 1] at (x, y) in [−6, 6]²: (x + y) / 10, clamped.
fn plane(x: f64, y: f64) -> f64 {
    ((x + y) / 10.0).clamp(-1.0, 1.0)
}

/// Six gaussian bumps of alternating sign on a 3 × 2 grid, summed and clamped to [−1, 1].
fn bumps(x: f64, y: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let sum: f64 = BUMPS
        .iter()
        .map(|&(cx, cy, sign)| sign * (-((x - cx).powi(2) + (y - cy).powi(2)) / 2.0).exp())
        .sum();
    sum.clamp(-1.0, 1.0)
}

/// Points uniform in [−6, 6]² with target (f + 1)/2 in [0, 1] of the jittered point.
fn regression(rng: &mut ChaCha8Rng, n: usize, noise: f64, f: fn(f64, f64) -> f64) -> Vec<Point> {
    let radius = 6.0;
    (0..n)
        .map(|_| {
            let x = uniform(rng, -radius, radius);
            let y = uniform(rng, -radius, radius);
            let nx = uniform(rng, -radius, radius) * noise;
            let ny = uniform(rng, -radius, radius) * noise;
            point(x, y, radius, (f(x + nx, y + ny) + 1.0) / 2.0)
        })
        .collect()
}

/// Three gaussian blobs at angles 90°, 210° and 330°, radius 0.55; noise widens them.
fn three_blobs(rng: &mut ChaCha8Rng, n: usize, noise: f64) -> Vec<Point> {
    let std = 0.12 + 0.5 * noise;
    (0..n)
        .map(|i| {
            let class = i % 3;
            let angle = PI / 2.0 + 2.0 * PI * class as f64 / 3.0;
            let (sin, cos) = sin_cos(angle);
            let x = 0.55 * cos + std * normal(rng);
            let y = 0.55 * sin + std * normal(rng);
            point(x, y, 1.0, class as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_cos_matches_libm_over_the_data_sets_angles() {
        let mut worst: f64 = 0.0;
        for i in -20_000..=20_000 {
            let theta = i as f64 * 1e-3 * 1.000_37; // −20 … 20, off the round values
            let (s, c) = sin_cos(theta);
            worst = worst
                .max((s - theta.sin()).abs())
                .max((c - theta.cos()).abs());
        }
        assert!(worst < 1e-15, "largest difference from libm: {worst:e}");
        // As the data sets store them: the same f32 values.
        for theta in [0.0, 1.0, PI / 2.0, PI, 1.75 * 2.0 * PI + PI, 7.0 * PI / 6.0] {
            let (s, c) = sin_cos(theta);
            assert_eq!(
                (s as f32, c as f32),
                (theta.sin() as f32, theta.cos() as f32)
            );
        }
    }
}
