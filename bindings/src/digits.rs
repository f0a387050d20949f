//! `Digits`: a JS handle on the core's MNIST trainer (784-…-10), plus the MNIST-style
//! preprocessing of a drawn digit. Used by the digit scene's Web Worker and by the page.

use backprop_lab::digit_image;
use backprop_lab::digits::{self, DEFAULT_BATCH, DEFAULT_DECAY, DEFAULT_ETA, DEFAULT_LAMBDA};
use backprop_lab::{DigitSet, DigitTrainer};
use js_sys::{Float32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::args::{bytes, f32s, layer, real, whole, COUNT_MAX};
use crate::{config, js_error, object, JsResult};

/// The most examples one `train` call uses (the worker asks for at most 20,000).
const TRAIN_MAX: usize = 1_000_000;

/// The most bytes of one IDX file (MNIST's training images are 47 MB).
const IDX_MAX: usize = 64 << 20;

/// The largest seed a label shuffle or a noise image takes (exact in a JS number).
const SEED_MAX: usize = u32::MAX as usize;

/// The largest drawing `preprocessDigit` takes, per side.
const SIDE_MAX: usize = 4096;

/// Mini-batch SGD of a digit network on MNIST, with test-set evaluation.
#[wasm_bindgen]
pub struct Digits {
    pub(crate) inner: DigitTrainer,
}

#[wasm_bindgen]
impl Digits {
    /// `new Digits(network, learningRate, batchSize, trainImages, trainLabels, testImages,
    /// testLabels)`: `network` as for `new Network(…)` (layers must be [784, …, 10]); the four
    /// byte arrays are MNIST's IDX files (uncompressed).
    #[wasm_bindgen(constructor)]
    pub fn new(
        network: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] learning_rate: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] batch_size: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] train_images: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] train_labels: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] test_images: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] test_labels: JsValue,
    ) -> JsResult<Digits> {
        let learning_rate = real(learning_rate, "Digits: learningRate")?;
        let batch_size = whole(batch_size, "Digits: batchSize", COUNT_MAX)?;
        let set = |images: JsValue, labels: JsValue, what: [&str; 2]| -> JsResult<DigitSet> {
            let images = bytes(images, what[0], IDX_MAX)?;
            let labels = bytes(labels, what[1], IDX_MAX)?;
            DigitSet::from_idx(&images, &labels).map_err(js_error)
        };
        let cfg = config::network_config(network)?;
        let train = set(
            train_images,
            train_labels,
            ["Digits: trainImages", "Digits: trainLabels"],
        )?;
        let test = set(
            test_images,
            test_labels,
            ["Digits: testImages", "Digits: testLabels"],
        )?;
        let inner =
            DigitTrainer::new(cfg, learning_rate, batch_size, train, test).map_err(js_error)?;
        Ok(Digits { inner })
    }

    /// Trains on about `examples` examples (whole mini-batches); returns how many were used.
    /// Throws "training diverged: …" (parameters restored) when the cost becomes NaN or ∞.
    pub fn train(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] examples: JsValue,
    ) -> JsResult<usize> {
        let examples = whole(examples, "train: examples", TRAIN_MAX)?;
        self.inner.train(examples).map_err(js_error)
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.inner.epoch()
    }

    /// Training examples seen so far.
    #[wasm_bindgen(js_name = examplesSeen)]
    pub fn examples_seen(&self) -> f64 {
        self.inner.examples_seen() as f64
    }

    /// Sizes of the training and test sets: `{ train, test }`.
    pub fn counts(&self) -> JsValue {
        object(&[
            ("train", self.inner.train_set().len().into()),
            ("test", self.inner.test_set().len().into()),
        ])
    }

    /// `{ cost, accuracy, count }` of the mini-batches since the last call (each example
    /// measured just before its step); starts over.
    #[wasm_bindgen(js_name = takeRunning)]
    pub fn take_running(&mut self) -> JsValue {
        let r = self.inner.take_running();
        object(&[
            ("cost", config::shortest(r.cost).into()),
            ("accuracy", config::shortest(r.accuracy).into()),
            ("count", r.count.into()),
        ])
    }

    /// The test set: `{ cost, accuracy, confusion: Uint32Array(100) [truth * 10 + guess],
    /// wrong: Uint32Array [index, guess, index, guess, …] }`.
    pub fn evaluate(&self) -> JsResult<JsValue> {
        evaluation(self.inner.evaluate_test())
    }

    /// The training set (as trained on: the subset of `restrictTraining`, its labels shuffled
    /// if asked), in the form of `evaluate()`.
    #[wasm_bindgen(js_name = evaluateTrain)]
    pub fn evaluate_train(&self) -> JsResult<JsValue> {
        evaluation(self.inner.evaluate_train())
    }

    /// Trains from now on only on the first `n` training images, with their labels shuffled
    /// among them when `shuffleSeed` is a number (null or undefined: the real labels); starts
    /// over at epoch 0 with the seed's weights. Throws for n outside 1 … the training set's size.
    #[wasm_bindgen(js_name = restrictTraining)]
    pub fn restrict_training(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | null | undefined")] shuffle_seed: JsValue,
    ) -> JsResult<()> {
        let n = whole(n, "restrictTraining: n", COUNT_MAX)?;
        let seed = if shuffle_seed.is_null() || shuffle_seed.is_undefined() {
            None
        } else {
            Some(whole(shuffle_seed, "restrictTraining: shuffleSeed", SEED_MAX)? as u64)
        };
        self.inner.restrict_training(n, seed).map_err(js_error)
    }

    /// Test image i: 784 bytes (0 background … 255 ink), row 0 at the top.
    #[wasm_bindgen(js_name = testImage)]
    pub fn test_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] i: JsValue,
    ) -> JsResult<Uint8Array> {
        let i = whole(i, "testImage: i", COUNT_MAX)?;
        let set = self.inner.test_set();
        if i >= set.len() {
            return Err(js_error(format!(
                "test image {i} does not exist: there are {} (0 to {})",
                set.len(),
                set.len().saturating_sub(1)
            )));
        }
        Ok(Uint8Array::from(set.image(i)))
    }

    /// The digit test image i shows.
    #[wasm_bindgen(js_name = testLabel)]
    pub fn test_label(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] i: JsValue,
    ) -> JsResult<u8> {
        let i = whole(i, "testLabel: i", COUNT_MAX)?;
        let set = self.inner.test_set();
        (i < set.len())
            .then(|| set.label(i))
            .ok_or_else(|| js_error(format!("test image {i} does not exist")))
    }

    /// W⁽ˡ⁾ (row-major [j][k]) as a copy.
    pub fn weights(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Float32Array> {
        let l = layer(l, "weights: l")?;
        let net = self.inner.network();
        net.weights_of(l).map(Float32Array::from).map_err(js_error)
    }

    /// b⁽ˡ⁾ as a copy.
    pub fn biases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Float32Array> {
        let l = layer(l, "biases: l")?;
        let net = self.inner.network();
        net.biases_of(l).map(Float32Array::from).map_err(js_error)
    }

    /// Replaces W⁽ˡ⁾ (same length, finite values), e.g. with saved weights.
    #[wasm_bindgen(js_name = setWeights)]
    pub fn set_weights(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: JsValue,
    ) -> JsResult<()> {
        let l = layer(l, "setWeights: l")?;
        let values = f32s(values, "setWeights: values", backprop_lab::MAX_PARAMETERS)?;
        let net = self.inner.network_mut();
        net.set_weights_of(l, &values).map_err(js_error)
    }

    /// Replaces b⁽ˡ⁾ (same length, finite values).
    #[wasm_bindgen(js_name = setBiases)]
    pub fn set_biases(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: JsValue,
    ) -> JsResult<()> {
        let l = layer(l, "setBiases: l")?;
        let values = f32s(values, "setBiases: values", backprop_lab::MAX_NEURONS)?;
        let net = self.inner.network_mut();
        net.set_biases_of(l, &values).map_err(js_error)
    }

    /// Changes η, keeping the weights.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    ) -> JsResult<()> {
        let eta = real(eta, "setLearningRate: eta")?;
        self.inner.set_learning_rate(eta).map_err(js_error)
    }

    /// Changes the weight decay λ ≥ 0 (Nielsen's w ← (1 − ηλ/n)w − η ∂C/∂w: the Playground's L2
    /// with λ/n), keeping the weights.
    #[wasm_bindgen(js_name = setRegularization)]
    pub fn set_regularization(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] lambda: JsValue,
    ) -> JsResult<()> {
        let lambda = real(lambda, "setRegularization: lambda")?;
        self.inner.set_regularization(lambda).map_err(js_error)
    }

    /// Changes the factor η is multiplied by after each epoch, in (0, 1].
    #[wasm_bindgen(js_name = setLearningRateDecay)]
    pub fn set_learning_rate_decay(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] decay: JsValue,
    ) -> JsResult<()> {
        let decay = real(decay, "setLearningRateDecay: decay")?;
        self.inner.set_learning_rate_decay(decay).map_err(js_error)
    }

    /// The learning rate in effect now, η × decay^epoch.
    #[wasm_bindgen(js_name = currentLearningRate)]
    pub fn current_learning_rate(&self) -> f32 {
        self.inner.current_learning_rate()
    }

    /// Changes the mini-batch size, keeping the weights.
    #[wasm_bindgen(js_name = setBatchSize)]
    pub fn set_batch_size(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> JsResult<()> {
        let n = whole(n, "setBatchSize: n", COUNT_MAX)?;
        self.inner.set_batch_size(n).map_err(js_error)
    }

    /// New weights from the seed; epoch 0.
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

/// An evaluation as `{ cost, accuracy, confusion, wrong }` (see `Digits.evaluate`).
fn evaluation(e: backprop_lab::Result<backprop_lab::Evaluation>) -> JsResult<JsValue> {
    let e = e.map_err(js_error)?;
    let wrong: Vec<u32> = e.wrong.iter().flat_map(|&(i, g)| [i, g as u32]).collect();
    Ok(object(&[
        ("cost", config::shortest(e.cost).into()),
        ("accuracy", config::shortest(e.accuracy).into()),
        (
            "confusion",
            Uint32Array::from(e.confusion.as_slice()).into(),
        ),
        ("wrong", Uint32Array::from(wrong.as_slice()).into()),
    ]))
}

/// A "random noise" input: 784 values drawn uniformly from [0, 1) from `seed` (a whole number),
/// the same for the same seed.
#[wasm_bindgen(js_name = noiseInput)]
pub fn noise_input(
    #[wasm_bindgen(unchecked_param_type = "number")] seed: JsValue,
) -> JsResult<Vec<f32>> {
    let seed = whole(seed, "noiseInput: seed", SEED_MAX)?;
    Ok(digits::noise_input(seed as u64))
}

/// MNIST-style preprocessing of a drawing (`width × height` values in [0, 1], 1 = ink, row 0
/// at the top): crop to the ink, scale into 20 × 20 keeping the aspect, centre the mass in
/// 28 × 28. Returns the 784 inputs.
#[wasm_bindgen(js_name = preprocessDigit)]
pub fn preprocess_digit(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] image: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] width: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] height: JsValue,
) -> JsResult<Vec<f32>> {
    let width = whole(width, "preprocessDigit: width", SIDE_MAX)?;
    let height = whole(height, "preprocessDigit: height", SIDE_MAX)?;
    let image = f32s(image, "preprocessDigit: image", SIDE_MAX * SIDE_MAX)?;
    digit_image::preprocess(&image, width, height).map_err(js_error)
}

/// A drawing (`width × height` values in [0, 1], 1 = ink, row 0 at the top; sides multiples
/// of 28) shrunk to 28 × 28 in place (block means, no cropping or centring). Returns the 784 inputs.
#[wasm_bindgen(js_name = downsampleDigit)]
pub fn downsample_digit(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] image: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] width: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] height: JsValue,
) -> JsResult<Vec<f32>> {
    let width = whole(width, "downsampleDigit: width", SIDE_MAX)?;
    let height = whole(height, "downsampleDigit: height", SIDE_MAX)?;
    let image = f32s(image, "downsampleDigit: image", SIDE_MAX * SIDE_MAX)?;
    digit_image::downsample(&image, width, height).map_err(js_error)
}

/// The digit scene's defaults: `{ layers: [784, 16, 16, 10], activation, outputActivation,
/// cost, init, seed, learningRate, batchSize, decay, regularization }` (decay: η's factor per
/// epoch; regularization: the weight decay λ, Nielsen's form).
#[wasm_bindgen(js_name = digitsDefaults)]
pub fn digits_defaults() -> JsValue {
    let cfg = digits::default_config();
    let layers: js_sys::Array = cfg.layers.iter().map(|&n| JsValue::from(n)).collect();
    object(&[
        ("layers", layers.into()),
        ("activation", cfg.activations[0].name().into()),
        (
            "outputActivation",
            cfg.activations[cfg.activations.len() - 1].name().into(),
        ),
        ("cost", cfg.cost.name().into()),
        ("init", cfg.init.name().into()),
        ("seed", JsValue::from_f64(cfg.seed as f64)),
        ("learningRate", config::shortest(DEFAULT_ETA).into()),
        ("batchSize", DEFAULT_BATCH.into()),
        ("decay", config::shortest(DEFAULT_DECAY).into()),
        ("regularization", config::shortest(DEFAULT_LAMBDA).into()),
    ])
}
