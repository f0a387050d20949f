//! 3Blue1Brown's digit network: MNIST examples, mini-batch training through the batched
//! kernel of [`crate::batch`], and evaluation on the test set (cost, accuracy, the 10 × 10
//! confusion matrix and which digits were misread).

mod trainer;

use crate::batch::{argmax, Batch};
use crate::error::{Error, Result};
use crate::idx::{parse_images, parse_labels};
use crate::network::{Network, NetworkConfig};
use crate::schedule::{shuffle, ShuffleSeed};

pub use trainer::{DigitTrainer, Running};

/// Pixels per side of an MNIST image.
pub const SIDE: usize = 28;
/// Pixels per MNIST image, the input layer's size: 28 × 28 = 784.
pub const PIXELS: usize = SIDE * SIDE;
/// The ten digits, the output layer's size.
pub const CLASSES: usize = 10;
/// Examples evaluated at once.
const EVAL_ROWS: usize = 250;
/// Mixed into the seed of a label shuffle, so it is not the order the trainer shuffles with.
const LABEL_SALT: u64 = 0x6c61_6265_6c73_2121;

/// Labelled 28 × 28 images kept as bytes (0 background … 255 ink); an input x is byte / 255.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DigitSet {
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

impl DigitSet {
    /// A set from the bytes of an IDX3 image file and an IDX1 label file (MNIST's format).
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<DigitSet> {
        let images = parse_images(images)?;
        let labels = parse_labels(labels)?;
        if (images.rows, images.cols) != (SIDE, SIDE) {
            return Err(Error::InvalidInput(format!(
                "the images are {} × {} pixels but MNIST digits are {SIDE} × {SIDE}",
                images.rows, images.cols
            )));
        }
        DigitSet::new(images.pixels, labels)
    }

    /// A set from raw bytes: `pixels` holds 784 bytes per image, `labels` one digit 0..=9 each.
    pub fn new(pixels: Vec<u8>, labels: Vec<u8>) -> Result<DigitSet> {
        if pixels.len() != labels.len() * PIXELS {
            return Err(Error::InvalidInput(format!(
                "{} labels need {} × {PIXELS} = {} pixel bytes, but there are {}",
                labels.len(),
                labels.len(),
                labels.len() * PIXELS,
                pixels.len()
            )));
        }
        if let Some(i) = labels.iter().position(|&d| d as usize >= CLASSES) {
            return Err(Error::InvalidInput(format!(
                "label {i} is {}, but a digit's label must be 0 to 9",
                labels[i]
            )));
        }
        Ok(DigitSet { pixels, labels })
    }

    /// How many examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The first `n` examples (all when n ≥ len).
    pub fn truncated(&self, n: usize) -> DigitSet {
        let n = n.min(self.len());
        DigitSet {
            pixels: self.pixels[..n * PIXELS].to_vec(),
            labels: self.labels[..n].to_vec(),
        }
    }

    /// The same images with their labels shuffled among them (a seeded Fisher–Yates over the
    /// labels, so each image keeps a label of the set but, for most, not its own): the set of
    /// the "memorising" lesson, where a network can only learn the labels by heart.
    pub fn with_shuffled_labels(&self, seed: u64) -> DigitSet {
        let mut labels = self.labels.clone();
        let mut rng = ShuffleSeed {
            seed: seed ^ LABEL_SALT,
            stream: 1,
        }
        .generator();
        shuffle(&mut rng, &mut labels);
        DigitSet {
            pixels: self.pixels.clone(),
            labels,
        }
    }

    /// Image i: 784 bytes, row 0 at the top. Panics if i ≥ len (caller-checked).
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// The digit image i shows. Panics if i ≥ len (caller-checked).
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Writes example i as a network input x = byte / 255 (784 values in [0, 1]).
    pub fn input(&self, i: usize, x: &mut [f32]) {
        for (x, &p) in x.iter_mut().zip(self.image(i)) {
            *x = f32::from(p) * PIXEL_SCALE;
        }
    }
}

/// A pixel's byte times this is its input to the network (x = byte / 255, in [0, 1]).
pub const PIXEL_SCALE: f32 = 1.0 / 255.0;

/// A "random noise" image as a network input: 784 values drawn uniformly from [0, 1) with a
/// seeded generator — no digit at all, yet a trained network answers it with some digit.
pub fn noise_input(seed: u64) -> Vec<f32> {
    use rand::Rng;
    let mut rng = ShuffleSeed {
        seed: seed ^ LABEL_SALT,
        stream: 2,
    }
    .generator();
    (0..PIXELS).map(|_| rng.random::<f32>()).collect()
}

/// The target y of digit d: one-hot, yⱼ = 1 if j = d else 0.
pub fn one_hot(d: u8, y: &mut [f32]) {
    y.fill(0.0);
    if let Some(y) = y.get_mut(d as usize) {
        *y = 1.0;
    }
}

/// How a network does on a set of digits.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Mean cost C over the set.
    pub cost: f32,
    /// The fraction whose brightest output is the right digit.
    pub accuracy: f32,
    /// 10 × 10 counts, row = true digit, column = the network's guess (`[truth * 10 + guess]`);
    /// sums to the set's size.
    pub confusion: Vec<u32>,
    /// Every misread example: (index in the set, the network's guess), in set order.
    pub wrong: Vec<(u32, u8)>,
}

/// Runs every example of `set` through `net` (the network's own caches are left alone).
pub fn evaluate(net: &Network, set: &DigitSet) -> Result<Evaluation> {
    check_shape(net)?;
    let mut batch = Batch::new(net.sizes(), EVAL_ROWS);
    let (cost_fn, output) = (net.config().cost, net.output_activation());
    let mut confusion = vec![0u32; CLASSES * CLASSES];
    let mut wrong = Vec::new();
    let mut total = 0.0f64;
    let (mut x, mut y, mut a) = (vec![0.0f32; PIXELS], [0.0f32; CLASSES], [0.0f32; CLASSES]);
    for start in (0..set.len()).step_by(EVAL_ROWS) {
        let rows = EVAL_ROWS.min(set.len() - start);
        for r in 0..rows {
            set.input(start + r, &mut x);
            batch.set_input(r, &x);
        }
        batch.forward(net, rows)?;
        for r in 0..rows {
            batch.column(net.depth(), r, &mut a);
            let (i, truth) = (start + r, set.label(start + r));
            one_hot(truth, &mut y);
            total += cost_fn.value(output, &a, &y) as f64;
            let guess = argmax(&a) as u8;
            confusion[truth as usize * CLASSES + guess as usize] += 1;
            if guess != truth {
                wrong.push((i as u32, guess));
            }
        }
    }
    let n = set.len().max(1) as f64;
    Ok(Evaluation {
        cost: (total / n) as f32,
        accuracy: (1.0 - wrong.len() as f64 / n) as f32,
        confusion,
        wrong,
    })
}

pub(crate) fn check_shape(net: &Network) -> Result<()> {
    let sizes = net.sizes();
    if sizes[0] != PIXELS || sizes[net.depth()] != CLASSES {
        return Err(Error::InvalidConfig(format!(
            "a digit network needs {PIXELS} inputs (28 × 28 pixels) and {CLASSES} outputs, not \
             {} and {}",
            sizes[0],
            sizes[net.depth()]
        )));
    }
    Ok(())
}

/// The digit scene's defaults: 3Blue1Brown's 784-16-16-10 sigmoid network with the quadratic
/// cost, weights drawn N(0, 1/n_in) ("xavier"; Nielsen's improved init), seed 1.
pub fn default_config() -> NetworkConfig {
    use crate::{Activation, Cost, Init};
    NetworkConfig {
        layers: vec![PIXELS, 16, 16, CLASSES],
        activations: vec![Activation::Sigmoid; 3],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 1,
    }
}

/// The default learning rate η of the digit scene (Nielsen's 3.0).
pub const DEFAULT_ETA: f32 = 3.0;
/// The default per-epoch decay of η: 3.0, 2.4, 1.92, … Our quadratic cost has no ½, so a
/// constant η = 3 takes steps twice Nielsen's and its noise holds test accuracy near 94 %.
pub const DEFAULT_DECAY: f32 = 0.8;
/// The default weight decay λ (Nielsen's form: w ← (1 − ηλ/n) w − η ∂C/∂w per step, n the
/// training set's size; L2 with rate λ/n in the Playground's terms).
pub const DEFAULT_LAMBDA: f32 = 1.0;
/// The default mini-batch size of the digit scene.
pub const DEFAULT_BATCH: usize = 10;
