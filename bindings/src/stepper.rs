//! `Stepper`: one training example walked through forward, cost, backward and update, one
//! phase at a time, on a shared network.

use backprop_lab::Phase;
use wasm_bindgen::prelude::*;

use crate::handle::{Network, Shared};
use crate::{js_error, object, JsResult};

#[wasm_bindgen]
pub struct Stepper {
    net: Shared,
    inner: backprop_lab::Stepper,
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
    pub fn new(net: &Network, x: &[f32], y: &[f32], eta: f32) -> JsResult<Stepper> {
        let inner = net
            .shared
            .with(|n| backprop_lab::Stepper::new(n, x, y, eta))
            .map_err(js_error)?;
        Ok(Stepper {
            net: net.shared.clone(),
            inner,
        })
    }

    /// Does the next phase and returns it: `{ phase, layer }`.
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

    /// z⁽ˡ⁾ of this example (a copy).
    pub fn z(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner.z(l).map(<[f32]>::to_vec).map_err(js_error)
    }

    /// a⁽ˡ⁾ of this example (l = 0 is the input).
    pub fn a(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner.a(l).map(<[f32]>::to_vec).map_err(js_error)
    }

    /// δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾.
    pub fn delta(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner.delta(l).map(<[f32]>::to_vec).map_err(js_error)
    }

    /// ∂C₀/∂W⁽ˡ⁾, row-major [j][k].
    #[wasm_bindgen(js_name = weightGradient)]
    pub fn weight_gradient(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner
            .weight_gradient(l)
            .map(<[f32]>::to_vec)
            .map_err(js_error)
    }

    /// ∂C₀/∂b⁽ˡ⁾.
    #[wasm_bindgen(js_name = biasGradient)]
    pub fn bias_gradient(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner
            .bias_gradient(l)
            .map(<[f32]>::to_vec)
            .map_err(js_error)
    }

    /// ∂C₀/∂a⁽ˡ⁾.
    #[wasm_bindgen(js_name = activationGradient)]
    pub fn activation_gradient(&self, l: usize) -> JsResult<Vec<f32>> {
        self.inner
            .activation_gradient(l)
            .map(<[f32]>::to_vec)
            .map_err(js_error)
    }

    /// C₀ of this example.
    pub fn cost(&self) -> JsResult<f32> {
        self.inner.cost().map_err(js_error)
    }
}
