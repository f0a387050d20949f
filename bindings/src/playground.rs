//! `Playground`: the network, data and optimizer the page trains, with the neuron grid the
//! page paints.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

use crate::args::{self, layer, neuron, real, whole};
use crate::handle::{Network, Shared};
use crate::{address, config, js_error, object, JsResult};

/// The most mini-batches one `train` call does (the page asks for at most a few thousand).
const TRAIN_MAX: usize = 100_000;

/// The most numbers `inputs` takes: the points of the finest grid, twice over.
const POINTS_MAX: usize = 4
    * backprop_lab::playground::MAX_GRID_RESOLUTION
    * backprop_lab::playground::MAX_GRID_RESOLUTION;

#[wasm_bindgen]
pub struct Playground {
    pub(crate) inner: Rc<RefCell<backprop_lab::Playground>>,
}

/// `[x, y, label, …]` for a set of inputs and their labels.
fn flat_points(inputs: &[f32], labels: &[f32]) -> Float32Array {
    let mut flat = Vec::with_capacity(labels.len() * 3);
    for (xy, &label) in inputs.chunks_exact(2).zip(labels) {
        flat.extend_from_slice(&[xy[0], xy[1], label]);
    }
    Float32Array::from(flat.as_slice())
}

fn number_or_null(value: f32) -> JsValue {
    if value.is_nan() {
        JsValue::NULL
    } else {
        JsValue::from_f64(value as f64)
    }
}

#[wasm_bindgen]
impl Playground {
    /// Builds data, network and optimizer from a configuration; missing keys take `defaults()`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<Playground> {
        let (config, custom) = config::playground_config(config)?;
        let inner = backprop_lab::Playground::new(config, &custom).map_err(js_error)?;
        Ok(Playground {
            inner: Rc::new(RefCell::new(inner)),
        })
    }

    /// A handle on the network this playground trains (the same one, not a copy).
    pub fn network(&self) -> Network {
        Network {
            shared: Shared::Playground(self.inner.clone()),
        }
    }

    /// The training-set indices (as in `trainPoints()`) of the mini-batch the next `step()`
    /// trains on.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&self) -> Vec<u32> {
        self.inner.borrow().next_batch().to_vec()
    }

    /// Trains one mini-batch. Throws when training diverges (parameters are kept finite).
    pub fn step(&self) -> JsResult<()> {
        self.inner.borrow_mut().step().map_err(js_error)
    }

    /// Trains up to `batches` mini-batches; returns how many were done.
    pub fn train(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] batches: JsValue,
    ) -> JsResult<usize> {
        let batches = whole(batches, "train: batches", TRAIN_MAX)?;
        self.inner.borrow_mut().train(batches).map_err(js_error)
    }

    /// Draws the initial parameters again from the seed; epoch 0; same data.
    pub fn reset(&self) {
        self.inner.borrow_mut().reset();
    }

    pub fn epoch(&self) -> usize {
        self.inner.borrow().epoch()
    }

    /// Mini-batches trained since the last reset.
    pub fn iterations(&self) -> usize {
        self.inner.borrow().iterations()
    }

    /// `{ trainLoss, testLoss, trainAccuracy, testAccuracy }`; accuracies are null for regression.
    pub fn metrics(&self) -> JsValue {
        let m = self.inner.borrow_mut().metrics();
        object(&[
            ("trainLoss", number_or_null(m.train_loss)),
            ("testLoss", number_or_null(m.test_loss)),
            ("trainAccuracy", number_or_null(m.train_accuracy)),
            ("testAccuracy", number_or_null(m.test_accuracy)),
        ])
    }

    /// Fills the neuron grid: every neuron's activation over a res × res grid of [-1, 1]².
    #[wasm_bindgen(js_name = evaluateGrid)]
    pub fn evaluate_grid(&self) {
        self.inner.borrow_mut().evaluate_grid();
    }

    /// Address of the neuron grid, [neuron][row][col], row 0 at y = +1.
    #[wasm_bindgen(js_name = gridPtr)]
    pub fn grid_ptr(&self) -> u32 {
        address(self.inner.borrow().grid())
    }

    #[wasm_bindgen(js_name = gridLen)]
    pub fn grid_len(&self) -> usize {
        self.inner.borrow().grid().len()
    }

    #[wasm_bindgen(js_name = gridResolution)]
    pub fn grid_resolution(&self) -> usize {
        self.inner.borrow().grid_resolution()
    }

    /// Where neuron j of layer l starts in the grid, in f32 elements.
    #[wasm_bindgen(js_name = gridOffset)]
    pub fn grid_offset(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
    ) -> JsResult<usize> {
        let (l, j) = (layer(l, "gridOffset: l")?, neuron(j, "gridOffset: j")?);
        self.inner.borrow().grid_offset_of(l, j).map_err(js_error)
    }

    /// The network's inputs a⁽⁰⁾ of points `[x, y, x, y, …]` of the plane: the core's features
    /// of each, n₀ per point, flat (what `network().forward` takes for a point).
    pub fn inputs(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] points: JsValue,
    ) -> JsResult<Vec<f32>> {
        let points = args::f32s(points, "inputs: points", POINTS_MAX)?;
        if points.len() % 2 != 0 {
            return Err(js_error("inputs: points must be x, y pairs"));
        }
        Ok(self.inner.borrow().features().map_points(&points))
    }

    /// Output neurons: 1 (two classes or regression) or 3 (three classes).
    pub fn outputs(&self) -> usize {
        self.inner.borrow().dataset().outputs()
    }

    #[wasm_bindgen(js_name = isRegression)]
    pub fn is_regression(&self) -> bool {
        self.inner.borrow().dataset().is_regression()
    }

    /// `[x, y, label, …]` of the training set (a copy; it changes only when points are added).
    #[wasm_bindgen(js_name = trainPoints)]
    pub fn train_points(&self) -> Float32Array {
        let inner = self.inner.borrow();
        let data = inner.dataset();
        flat_points(data.train_points(), data.train_labels())
    }

    /// `[x, y, label, …]` of the test set.
    #[wasm_bindgen(js_name = testPoints)]
    pub fn test_points(&self) -> Float32Array {
        let inner = self.inner.borrow();
        let data = inner.dataset();
        flat_points(data.test_points(), data.test_labels())
    }

    /// Adds a point (x, y in [-1, 1]) with its label to the training set.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    ) -> JsResult<()> {
        let (x, y) = (real(x, "addPoint: x")?, real(y, "addPoint: y")?);
        let label = real(label, "addPoint: label")?;
        self.inner
            .borrow_mut()
            .add_point(x, y, label)
            .map_err(js_error)
    }

    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    ) -> JsResult<()> {
        let eta = real(eta, "setLearningRate: eta")?;
        self.inner
            .borrow_mut()
            .set_learning_rate(eta)
            .map_err(js_error)
    }

    #[wasm_bindgen(js_name = setBatchSize)]
    pub fn set_batch_size(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] size: JsValue,
    ) -> JsResult<()> {
        let size = whole(
            size,
            "setBatchSize: size",
            backprop_lab::playground::MAX_BATCH_SIZE,
        )?;
        self.inner
            .borrow_mut()
            .set_batch_size(size)
            .map_err(js_error)
    }

    /// `kind` is "none", "l1" or "l2"; `rate` is λ.
    #[wasm_bindgen(js_name = setRegularization)]
    pub fn set_regularization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] rate: JsValue,
    ) -> JsResult<()> {
        let kind = args::name(kind, "setRegularization: kind", "l2")?;
        let rate = real(rate, "setRegularization: rate")?;
        let mut inner = self.inner.borrow_mut();
        let optimizer = config::with_regularization(inner.optimizer().config(), &kind, rate)?;
        inner.set_optimizer(optimizer).map_err(js_error)
    }

    /// "sgd", "momentum" or "adam" (its state starts afresh).
    #[wasm_bindgen(js_name = setOptimizer)]
    pub fn set_optimizer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] optimizer: JsValue,
    ) -> JsResult<()> {
        let kind = args::name(optimizer, "setOptimizer: optimizer", "sgd")?;
        let mut inner = self.inner.borrow_mut();
        let optimizer = config::with_kind(inner.optimizer().config(), &kind)?;
        inner.set_optimizer(optimizer).map_err(js_error)
    }

    /// Changes the activation of layer l (1..L), keeping the weights.
    #[wasm_bindgen(js_name = setActivation)]
    pub fn set_activation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<()> {
        self.network().set_activation(l, name)
    }
}
