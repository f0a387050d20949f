//! What the page shows that the core derives (`backprop_lab::derived`), so that JavaScript never
//! redoes model arithmetic: the order of the stepper's phases and the Playground's η as the f32
//! it trains with (page module); the predicted class, a one-hot target, a digit image's network
//! input, the predicted change ∇C·Δp of a surface step and the Digits trainer's fractional
//! epochs (extras module).

use wasm_bindgen::prelude::*;

#[cfg(feature = "app")]
use crate::args::layer;
#[cfg(feature = "extras")]
use crate::args::{bytes, f32s, real, real64, whole, COUNT_MAX};
#[cfg(feature = "extras")]
use crate::digits::Digits;
#[cfg(feature = "app")]
use crate::playground::Playground;
use crate::{js_error, JsResult};
#[cfg(feature = "extras")]
use backprop_lab::derived::{digit_input as input_of, one_hot_target, predicted_class as class_of};
#[cfg(feature = "extras")]
use js_sys::Float32Array;

/// `phaseOrder(depth)`: every phase a stepper goes through on a network of `depth` weight
/// layers, in order, as `{ phase, layer }` objects (Start, Forward 1…L, Cost, Backward L…1,
/// Update, Done), as `Stepper.phase()` names them.
#[cfg(feature = "app")]
#[wasm_bindgen(js_name = phaseOrder)]
pub fn phase_order(
    #[wasm_bindgen(unchecked_param_type = "number")] depth: JsValue,
) -> JsResult<js_sys::Array> {
    let depth = layer(depth, "phaseOrder: depth")?;
    if depth == 0 {
        return Err(js_error(
            "phaseOrder: depth must be at least 1 (a network has a weight layer), not 0",
        ));
    }
    Ok(backprop_lab::derived::phase_order(depth)
        .into_iter()
        .map(crate::stepper::phase_object)
        .collect())
}

/// The learning rate η as the Playground holds it (an f32), so the page compares it with a
/// Stepper's `learningRate()` without rounding a number to f32 itself.
#[cfg(feature = "app")]
#[wasm_bindgen]
impl Playground {
    /// The learning rate η this Playground trains with.
    #[wasm_bindgen(js_name = learningRate)]
    pub fn learning_rate(&self) -> f32 {
        self.inner.borrow().optimizer().config().learning_rate
    }
}

/// `predictedClass(output)`: the class a network predicts from its output a⁽ᴸ⁾ (the index of
/// the largest value, the first on ties), as training counts right answers.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = predictedClass)]
pub fn predicted_class(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] output: JsValue,
) -> JsResult<usize> {
    let output = f32s(output, "predictedClass: output", backprop_lab::MAX_NEURONS)?;
    class_of(&output).map_err(js_error)
}

/// `oneHot(label, classes)`: the target y of a class, yⱼ = 1 for j = label, else 0.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = oneHot)]
pub fn one_hot(
    #[wasm_bindgen(unchecked_param_type = "number")] label: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] classes: JsValue,
) -> JsResult<Float32Array> {
    let label = whole(label, "oneHot: label", COUNT_MAX)?;
    let classes = whole(classes, "oneHot: classes", backprop_lab::MAX_NEURONS)?;
    let y = one_hot_target(label, classes).map_err(js_error)?;
    Ok(Float32Array::from(&y[..]))
}

/// `digitInput(image)`: the network input of a 28 × 28 digit image (784 bytes), xᵢ = byteᵢ / 255,
/// exactly as the trainer computes it.
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = digitInput)]
pub fn digit_input(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] image: JsValue,
) -> JsResult<Float32Array> {
    let image = bytes(image, "digitInput: image", 1 << 20)?;
    let x = input_of(&image).map_err(js_error)?;
    Ok(Float32Array::from(&x[..]))
}

/// `predictedChange(point)`: the change of C that the tangent plane predicts for the step of a
/// surface point as `Surface.point(eta)` returns it (`{ gradA, gradB, eta, … }`): ∇C · Δp with
/// Δp = −η∇C, that is −η (∂C/∂p_A² + ∂C/∂p_B²).
#[cfg(feature = "extras")]
#[wasm_bindgen(js_name = predictedChange)]
pub fn predicted_change(
    #[wasm_bindgen(unchecked_param_type = "{ gradA: number, gradB: number, eta: number }")]
    point: JsValue,
) -> JsResult<f64> {
    if !point.is_object() {
        return Err(crate::args::wrong(
            "predictedChange: point",
            "an object { gradA, gradB, eta } as Surface.point() returns",
            &point,
        ));
    }
    let field = |key: &str| {
        let v = js_sys::Reflect::get(&point, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        real(v, &format!("predictedChange: point.{key}"))
    };
    let p = backprop_lab::SurfacePoint {
        a: 0.0,
        b: 0.0,
        cost: 0.0,
        gradient_a: field("gradA")?,
        gradient_b: field("gradB")?,
    };
    Ok(p.predicted_change(field("eta")?))
}

#[cfg(feature = "extras")]
#[wasm_bindgen]
impl Digits {
    /// Passes over the training set so far, as a fraction: examples seen / training examples.
    pub fn epochs(&self) -> f64 {
        self.inner.epochs()
    }

    /// How many more examples reach `epochs` passes over the training set (0 once reached).
    #[wasm_bindgen(js_name = examplesUntil)]
    pub fn examples_until(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] epochs: JsValue,
    ) -> JsResult<f64> {
        let epochs = real64(epochs, "examplesUntil: epochs")?;
        let left = self.inner.examples_until(epochs).map_err(js_error)?;
        Ok(left as f64)
    }
}
