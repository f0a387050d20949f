//! `Stepper`: one training example walked through forward, cost, backward and update, one
//! phase at a time, on a shared network.

use backprop_lab::Phase;
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

use crate::args::{f32s, layer, neuron, real, real64};
use crate::chain::parameter_args;
use crate::handle::{Network, Shared};
use crate::{js_error, object, JsResult};

#[wasm_bindgen]
pub struct Stepper {
    net: Shared,
    inner: backprop_lab::Stepper,
}

impl Stepper {
    /// What the per-layer getters share (one copy in the wasm, not one per getter): the layer
    /// argument `l` checked and named `what`, then a copy of `get`'s slice or the core's error.
    #[inline(never)]
    fn layer_copy(
        &self,
        l: JsValue,
        what: &str,
        get: fn(&backprop_lab::Stepper, usize) -> backprop_lab::Result<&[f32]>,
    ) -> JsResult<Vec<f32>> {
        let l = layer(l, what)?;
        get(&self.inner, l).map(<[f32]>::to_vec).map_err(js_error)
    }
}

/// `{ phase: "forward", layer: 2 }`.
fn phase_object(phase: Phase) -> JsValue {
    object(&[
        ("phase", JsValue::from_str(phase.name())),
        ("layer", JsValue::from(phase.layer() as u32)),
    ])
}

#[wasm_bindgen]
impl Stepper {
    /// A stepper for one example (x, y) with learning rate η on `net`. Only the "update" phase
    /// changes `net`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        net: &Network,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] y: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    ) -> JsResult<Stepper> {
        let x = f32s(x, "Stepper: x", backprop_lab::MAX_NEURONS)?;
        let y = f32s(y, "Stepper: y", backprop_lab::MAX_NEURONS)?;
        let eta = real(eta, "Stepper: eta")?;
        let inner = net
            .shared
            .with(|n| backprop_lab::Stepper::new(n, &x, &y, eta))
            .map_err(js_error)?;
        Ok(Stepper {
            net: net.shared.clone(),
            inner,
        })
    }

    /// Does the next phase and returns it: `{ phase, layer }`.
    #[allow(clippy::should_implement_trait)] // `next` is the JS method's name, not an iterator
    pub fn next(&mut self) -> JsResult<JsValue> {
        let inner = &mut self.inner;
        let phase = self.net.with_mut(|n| inner.next(n)).map_err(js_error)?;
        Ok(phase_object(phase))
    }

    /// Undoes the last phase exactly and returns the phase now current.
    pub fn prev(&mut self) -> JsResult<JsValue> {
        let inner = &mut self.inner;
        let phase = self.net.with_mut(|n| inner.prev(n)).map_err(js_error)?;
        Ok(phase_object(phase))
    }

    /// The last phase done: `{ phase, layer }` ("start" before any).
    pub fn phase(&self) -> JsValue {
        phase_object(self.inner.phase())
    }

    /// Every phase of this walk in the order `next` visits them, from "start" to "done":
    /// `[{ phase, layer }, …]` (the core's `derived::phase_order` for this network's depth).
    pub fn phases(&self) -> Vec<JsValue> {
        let depth = self.net.with(backprop_lab::Network::depth);
        backprop_lab::derived::phase_order(depth)
            .into_iter()
            .map(phase_object)
            .collect()
    }

    /// z⁽ˡ⁾ of this example (a copy).
    pub fn z(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(l, "z: l", backprop_lab::Stepper::z)
    }

    /// a⁽ˡ⁾ of this example (l = 0 is the input).
    pub fn a(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(l, "a: l", backprop_lab::Stepper::a)
    }

    /// δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾.
    pub fn delta(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(l, "delta: l", backprop_lab::Stepper::delta)
    }

    /// ∂C₀/∂W⁽ˡ⁾, row-major [j][k].
    #[wasm_bindgen(js_name = weightGradient)]
    pub fn weight_gradient(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(
            l,
            "weightGradient: l",
            backprop_lab::Stepper::weight_gradient,
        )
    }

    /// ∂C₀/∂b⁽ˡ⁾.
    #[wasm_bindgen(js_name = biasGradient)]
    pub fn bias_gradient(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(l, "biasGradient: l", backprop_lab::Stepper::bias_gradient)
    }

    /// ∂C₀/∂a⁽ˡ⁾.
    #[wasm_bindgen(js_name = activationGradient)]
    pub fn activation_gradient(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(
            l,
            "activationGradient: l",
            backprop_lab::Stepper::activation_gradient,
        )
    }

    /// C₀ of this example.
    pub fn cost(&self) -> JsResult<f32> {
        self.inner.cost().map_err(js_error)
    }

    /// f′(z⁽ˡ⁾ⱼ) = ∂a⁽ˡ⁾ⱼ/∂z⁽ˡ⁾ⱼ per neuron; throws for a softmax layer (its outputs are coupled).
    pub fn derivative(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    ) -> JsResult<Vec<f32>> {
        self.layer_copy(l, "derivative: l", backprop_lab::Stepper::derivative)
    }

    /// Each output's term of C₀ (they sum to `cost()`), e.g. (aⱼ − yⱼ)² for the quadratic cost.
    #[wasm_bindgen(js_name = costTerms)]
    pub fn cost_terms(&self) -> JsResult<Vec<f32>> {
        self.inner
            .cost_terms()
            .map(<[f32]>::to_vec)
            .map_err(js_error)
    }

    /// ∂C₀/∂a⁽ˡ⁾ⱼ of a hidden neuron as its sum over layer l + 1: `{ w, derivative,
    /// activationGradient, delta, products, sum }` (Float32Arrays indexed by i, and a number).
    #[wasm_bindgen(js_name = chainTerms)]
    pub fn chain_terms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
    ) -> JsResult<JsValue> {
        let (l, j) = (layer(l, "chainTerms: l")?, neuron(j, "chainTerms: j")?);
        let t = self
            .net
            .with(|n| self.inner.chain_terms(n, l, j))
            .map_err(js_error)?;
        let array = |v: &[f32]| JsValue::from(Float32Array::from(v));
        Ok(object(&[
            ("w", array(&t.w)),
            ("derivative", array(&t.derivative)),
            ("activationGradient", array(&t.activation_gradient)),
            ("delta", array(&t.delta)),
            ("products", array(&t.products)),
            ("sum", JsValue::from(t.sum)),
        ]))
    }

    /// The nudge check on this walk's example and parameters (those before its update, also
    /// after it), against the ∂C₀/∂p of its backward step (so from that step on): `{
    /// costBefore, costAfter, actual, gradient, predicted }`, the costs and ΔC in f64.
    /// `kind` is "weight" or "bias" (k unused).
    pub fn nudge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] eps: JsValue,
    ) -> JsResult<JsValue> {
        let p = parameter_args(
            kind,
            l,
            j,
            k,
            ["nudge: kind", "nudge: l", "nudge: j", "nudge: k"],
        )?;
        let eps = real64(eps, "nudge: eps")?;
        let n = self
            .net
            .with(|n| self.inner.nudge(n, p, eps))
            .map_err(js_error)?;
        Ok(object(&[
            ("costBefore", JsValue::from(n.cost_before)),
            ("costAfter", JsValue::from(n.cost_after)),
            ("actual", JsValue::from(n.actual)),
            ("gradient", JsValue::from(n.gradient)),
            ("predicted", JsValue::from(n.predicted)),
        ]))
    }

    /// `exampleGradients` at this walk's parameters (those before its update, also after it;
    /// the network's own at Start), so the mini-batch table and the chain rule show one
    /// network: `{ perExample, mean, batch }`.
    #[wasm_bindgen(js_name = exampleGradients)]
    pub fn example_gradients(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    ) -> JsResult<JsValue> {
        let (xs, ys, p) = crate::chain::gradient_args(xs, ys, [kind, l, j, k])?;
        let g = self
            .net
            .with(|n| self.inner.example_gradients(n, &xs, &ys, p))
            .map_err(js_error)?;
        Ok(crate::chain::gradients_object(&g))
    }

    /// Whether the network changed under this walk (a drag, a training step) since its first
    /// forward step: then `next`/`prev` throw and the walk must start again.
    #[wasm_bindgen(js_name = isStale)]
    pub fn is_stale(&self) -> bool {
        self.net.with(|n| self.inner.is_stale(n))
    }

    /// The example's input x (a copy).
    pub fn x(&self) -> Vec<f32> {
        self.inner.x().to_vec()
    }

    /// The example's target y (a copy).
    pub fn y(&self) -> Vec<f32> {
        self.inner.y().to_vec()
    }

    /// The learning rate η of the update phase.
    #[wasm_bindgen(js_name = learningRate)]
    pub fn learning_rate(&self) -> f32 {
        self.inner.learning_rate()
    }
}
