//! `Network`: a JS handle on a core network — one of its own, or the one a `Playground` trains
//! (so the page, the stepper and slide scripts all see the same parameters).

use std::cell::{Ref, RefCell, RefMut};
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

use js_sys::{Array, Float32Array};
use wasm_bindgen::prelude::*;

use crate::args::{self, f32s, layer, neuron, real, BATCH_MAX};
use crate::{config, js_error, object, JsResult};

/// Where a handle's network lives.
#[derive(Clone)]
pub(crate) enum Shared {
    Own(Rc<RefCell<backprop_lab::Network>>),
    Playground(Rc<RefCell<backprop_lab::Playground>>),
}

/// A borrow of the network a [`Shared`] holds, whichever way it holds it. `with` and
/// `with_mut` go through it, so that each method's closure is compiled once, not once per
/// kind of holder (about 100 bytes of wasm per method).
enum Borrowed<'a> {
    Own(Ref<'a, backprop_lab::Network>),
    Playground(Ref<'a, backprop_lab::Playground>),
}

impl Deref for Borrowed<'_> {
    type Target = backprop_lab::Network;

    fn deref(&self) -> &backprop_lab::Network {
        match self {
            Borrowed::Own(net) => net,
            Borrowed::Playground(pg) => pg.network(),
        }
    }
}

/// [`Borrowed`], mutably.
enum BorrowedMut<'a> {
    Own(RefMut<'a, backprop_lab::Network>),
    Playground(RefMut<'a, backprop_lab::Playground>),
}

impl Deref for BorrowedMut<'_> {
    type Target = backprop_lab::Network;

    fn deref(&self) -> &backprop_lab::Network {
        match self {
            BorrowedMut::Own(net) => net,
            BorrowedMut::Playground(pg) => pg.network(),
        }
    }
}

impl DerefMut for BorrowedMut<'_> {
    fn deref_mut(&mut self) -> &mut backprop_lab::Network {
        match self {
            BorrowedMut::Own(net) => net,
            BorrowedMut::Playground(pg) => pg.network_mut(),
        }
    }
}

impl Shared {
    #[inline(never)]
    fn borrow(&self) -> Borrowed<'_> {
        match self {
            Shared::Own(net) => Borrowed::Own(net.borrow()),
            Shared::Playground(pg) => Borrowed::Playground(pg.borrow()),
        }
    }

    #[inline(never)]
    fn borrow_mut(&self) -> BorrowedMut<'_> {
        match self {
            Shared::Own(net) => BorrowedMut::Own(net.borrow_mut()),
            Shared::Playground(pg) => BorrowedMut::Playground(pg.borrow_mut()),
        }
    }

    pub(crate) fn with<R>(&self, f: impl FnOnce(&backprop_lab::Network) -> R) -> R {
        f(&self.borrow())
    }

    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(&mut backprop_lab::Network) -> R) -> R {
        f(&mut self.borrow_mut())
    }
}

/// A multilayer perceptron. Layers l = 0..L; weights and biases exist for l = 1..L.
#[wasm_bindgen]
pub struct Network {
    pub(crate) shared: Shared,
}

/// (l, j, k) of a weight; `what` names them for the messages ("getWeight: l", …).
fn weight_index(
    l: JsValue,
    j: JsValue,
    k: JsValue,
    what: [&str; 3],
) -> JsResult<(usize, usize, usize)> {
    Ok((layer(l, what[0])?, neuron(j, what[1])?, neuron(k, what[2])?))
}

/// A batch `xs`, `ys` (flat, row-major); `what` names them ("cost: xs", "cost: ys").
pub(crate) fn batch(xs: JsValue, ys: JsValue, what: [&str; 2]) -> JsResult<(Vec<f32>, Vec<f32>)> {
    Ok((f32s(xs, what[0], BATCH_MAX)?, f32s(ys, what[1], BATCH_MAX)?))
}

#[wasm_bindgen]
impl Network {
    /// `new Network({ layers: [2, 3, 1], activation, outputActivation, activations, cost, init, seed })`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<Network> {
        let config = config::network_config(config)?;
        let net = backprop_lab::Network::new(config).map_err(js_error)?;
        Ok(Network {
            shared: Shared::Own(Rc::new(RefCell::new(net))),
        })
    }

    /// `[n0, n1, …, nL]`.
    #[wasm_bindgen(js_name = layerSizes)]
    pub fn layer_sizes(&self) -> Array {
        self.shared.with(|net| {
            net.sizes()
                .iter()
                .map(|&n| JsValue::from(n as u32))
                .collect()
        })
    }

    /// L, the number of weight layers.
    pub fn depth(&self) -> usize {
        self.shared.with(|net| net.depth())
    }

    /// The activation of layer l (1..L), e.g. "sigmoid".
    #[wasm_bindgen(js_name = activationName)]
    pub fn activation_name(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<String> {
        let l = layer(l, "activationName: l")?;
        self.shared
            .with(|net| net.activation_of(l).map(|a| a.name().to_string()))
            .map_err(js_error)
    }

    /// Changes the activation of layer l, keeping the weights.
    #[wasm_bindgen(js_name = setActivation)]
    pub fn set_activation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<()> {
        let l = layer(l, "setActivation: l")?;
        let name = args::name(name, "setActivation: name", "tanh")?;
        let activation = backprop_lab::Activation::from_name(&name).map_err(js_error)?;
        self.shared
            .with_mut(|net| net.set_activation(l, activation))
            .map_err(js_error)
    }

    /// "quadratic" or "crossEntropy".
    #[wasm_bindgen(js_name = costName)]
    pub fn cost_name(&self) -> String {
        self.shared.with(|net| net.config().cost.name().to_string())
    }

    /// The seed the parameters were drawn from.
    pub fn seed(&self) -> f64 {
        self.shared.with(|net| net.config().seed as f64)
    }

    /// The number of weights and biases.
    #[wasm_bindgen(js_name = parameterCount)]
    pub fn parameter_count(&self) -> usize {
        self.shared.with(|net| net.parameter_count())
    }

    /// w⁽ˡ⁾ⱼₖ: layer l = 1..L, neuron j of layer l, neuron k of layer l−1.
    #[wasm_bindgen(js_name = getWeight)]
    pub fn get_weight(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    ) -> JsResult<f32> {
        let (l, j, k) = weight_index(l, j, k, ["getWeight: l", "getWeight: j", "getWeight: k"])?;
        self.shared
            .with(|net| net.weight(l, j, k))
            .map_err(js_error)
    }

    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    ) -> JsResult<()> {
        let (l, j, k) = weight_index(l, j, k, ["setWeight: l", "setWeight: j", "setWeight: k"])?;
        let value = real(value, "setWeight: value")?;
        self.shared
            .with_mut(|net| net.set_weight(l, j, k, value))
            .map_err(js_error)
    }

    /// b⁽ˡ⁾ⱼ.
    #[wasm_bindgen(js_name = getBias)]
    pub fn get_bias(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
    ) -> JsResult<f32> {
        let (l, j) = (layer(l, "getBias: l")?, neuron(j, "getBias: j")?);
        self.shared.with(|net| net.bias(l, j)).map_err(js_error)
    }

    #[wasm_bindgen(js_name = setBias)]
    pub fn set_bias(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    ) -> JsResult<()> {
        let (l, j) = (layer(l, "setBias: l")?, neuron(j, "setBias: j")?);
        let value = real(value, "setBias: value")?;
        self.shared
            .with_mut(|net| net.set_bias(l, j, value))
            .map_err(js_error)
    }

    /// a⁽ᴸ⁾ for input x (a copy). The caches read by `aPtr`/`zPtr` hold this pass afterwards.
    pub fn forward(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] x: JsValue,
    ) -> JsResult<Vec<f32>> {
        let x = f32s(x, "forward: x", backprop_lab::MAX_NEURONS)?;
        self.shared
            .with_mut(|net| net.forward(&x).map(|a| a.to_vec()))
            .map_err(js_error)
    }

    /// The mean cost C over the examples: `xs` and `ys` flat, row-major.
    pub fn cost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    ) -> JsResult<f32> {
        let (xs, ys) = batch(xs, ys, ["cost: xs", "cost: ys"])?;
        self.shared
            .with_mut(|net| net.cost(&xs, &ys))
            .map_err(js_error)
    }

    /// The mean gradient: `{ weights: [∂C/∂W⁽¹⁾, …], biases: [∂C/∂b⁽¹⁾, …] }`, row-major [j][k].
    pub fn gradient(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    ) -> JsResult<JsValue> {
        let (xs, ys) = batch(xs, ys, ["gradient: xs", "gradient: ys"])?;
        let gradient = self
            .shared
            .with_mut(|net| net.gradient(&xs, &ys))
            .map_err(js_error)?;
        let to_arrays = |layers: &[Vec<f32>]| -> Array {
            layers
                .iter()
                .map(|g| Float32Array::from(g.as_slice()))
                .collect()
        };
        Ok(object(&[
            ("weights", to_arrays(&gradient.weights).into()),
            ("biases", to_arrays(&gradient.biases).into()),
        ]))
    }

    /// One plain gradient-descent step W ← W − η ∂C/∂W on the batch; returns C before it.
    #[wasm_bindgen(js_name = sgdStep)]
    pub fn sgd_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    ) -> JsResult<f32> {
        let (xs, ys) = batch(xs, ys, ["sgdStep: xs", "sgdStep: ys"])?;
        let eta = real(eta, "sgdStep: eta")?;
        self.shared
            .with_mut(|net| net.sgd_step(&xs, &ys, eta))
            .map_err(js_error)
    }

    /// Draws the parameters again from the seed.
    pub fn reset(&self) {
        self.shared.with_mut(|net| net.reset());
    }

    /// `{ layers, activations, cost, init, seed, weights: [[…] per layer], biases: [[…]] }`:
    /// what `JSON.stringify` writes, and how a network reaches the extras module
    /// (`saveJson`, `toPyTorch`).
    /// (A Playground's input features are the Playground's `features()`, which the page adds
    /// to this object for save files and the exports.)
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        self.shared.with(|net| config::describe(net, &[]))
    }

    /// A new network (of its own) with exactly the parameters of `saved`: `toJSON()`'s
    /// shape, e.g. what the extras module's `readSave(text)` returns.
    #[wasm_bindgen(js_name = fromSaved)]
    pub fn from_saved(saved: JsValue) -> JsResult<Network> {
        let net = config::saved_file(&saved)?.to_network().map_err(js_error)?;
        Ok(Network {
            shared: Shared::Own(Rc::new(RefCell::new(net))),
        })
    }

    /// Puts the parameters of `saved` (as for `fromSaved`) into this network, which must have
    /// the saved layers, activations and cost. Throws and changes nothing when they differ.
    /// (Whether a Playground reads the saved input features is the extras module's
    /// `checkFeatures`, which the page's Load calls first.)
    #[wasm_bindgen(js_name = loadSaved)]
    pub fn load_saved(&self, saved: JsValue) -> JsResult<()> {
        let file = config::saved_file(&saved)?;
        self.shared
            .with_mut(|net| file.load_into(net))
            .map_err(js_error)
    }
}
