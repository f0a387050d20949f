//! What the Digits and Cost surface tabs show that the core derives (`backprop_lab::derived`),
//! so that JavaScript never redoes model arithmetic: the predicted class, a one-hot target, a
//! digit image's network input, the predicted change ∇C·Δp of a surface step and the Digits
//! trainer's fractional epochs. All of it is in the extras module (`lib.rs` compiles this file
//! for it only): the page's module has a 200 KB budget, and the Backprop tab's two, tried here
//! (`phaseOrder(depth)`, `Playground.learningRate()`), cost it 1.7 KB.

use wasm_bindgen::prelude::*;

use crate::args::{bytes, f32s, name, real, real64, whole, BATCH_MAX, COUNT_MAX};
use crate::digits::Digits;
use crate::{js_error, JsResult};
use backprop_lab::derived::{digit_input as input_of, one_hot_target, predicted_class as class_of};
use js_sys::Float32Array;

/// `predictedClass(output)`: the class a network predicts from its output a⁽ᴸ⁾ (the index of
/// the largest value, the first on ties), as training counts right answers.
#[wasm_bindgen(js_name = predictedClass)]
pub fn predicted_class(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] output: JsValue,
) -> JsResult<usize> {
    let output = f32s(output, "predictedClass: output", backprop_lab::MAX_NEURONS)?;
    class_of(&output).map_err(js_error)
}

/// `oneHot(label, classes)`: the target y of a class, yⱼ = 1 for j = label, else 0.
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

/// A network given as `Network.toJSON()`'s object and a set of examples (`xs` n × n₀, `ys`
/// n × n_L, flat), checked; `what` names the two arrays in the messages.
fn network_and_examples(
    network: &JsValue,
    xs: JsValue,
    ys: JsValue,
    what: [&str; 2],
) -> JsResult<(backprop_lab::Network, Vec<f32>, Vec<f32>)> {
    let net = crate::config::saved_file(network)?
        .to_network()
        .map_err(js_error)?;
    Ok((
        net,
        f32s(xs, what[0], BATCH_MAX)?,
        f32s(ys, what[1], BATCH_MAX)?,
    ))
}

/// `descendParameter(network, xs, ys, kind, l, j, k, eta)`: one step of plain gradient descent
/// on one parameter alone, every other one held — p ← p − η ∂C/∂p over the examples (`xs`
/// n × n₀, `ys` n × n_L, flat), the ball on a 1-D cut of the cost (the Lessons tab). `network`
/// is `Network.toJSON()`'s object; `kind` "weight" or "bias" (k unused for a bias). Returns
/// `[C, ∂C/∂p, p before, p after]` (a Float32Array); C and ∂C/∂p are those before the step.
#[wasm_bindgen(js_name = descendParameter)]
#[allow(clippy::too_many_arguments)]
pub fn descend_parameter(
    #[wasm_bindgen(
        unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
    )]
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
) -> JsResult<Float32Array> {
    let (mut net, xs, ys) = network_and_examples(
        &network,
        xs,
        ys,
        ["descendParameter: xs", "descendParameter: ys"],
    )?;
    let kind = name(kind, "descendParameter: kind", "weight")?;
    let l = whole(l, "descendParameter: l", backprop_lab::MAX_LAYERS)?;
    let j = whole(j, "descendParameter: j", backprop_lab::MAX_NEURONS)?;
    let p = match kind.as_str() {
        "weight" => backprop_lab::Parameter::Weight {
            l,
            j,
            k: whole(k, "descendParameter: k", backprop_lab::MAX_NEURONS)?,
        },
        "bias" => backprop_lab::Parameter::Bias { l, j },
        other => {
            return Err(js_error(format!(
                "descendParameter: kind: a parameter is a \"weight\" or a \"bias\", not \"{other}\""
            )))
        }
    };
    let eta = real(eta, "descendParameter: eta")?;
    let d = p.descend(&mut net, &xs, &ys, eta).map_err(js_error)?;
    Ok(Float32Array::from(&[d.cost, d.gradient, d.from, d.to][..]))
}

/// `gradientSizes(network, xs, ys)`: for each weight layer l = 1..L, the root mean square of
/// ∂C/∂W⁽ˡ⁾'s entries on the examples (`xs` n × n₀, `ys` n × n_L, flat) — how fast each layer
/// learns (the Lessons tab's sigmoid-against-ReLU scene). `network` is `Network.toJSON()`'s object.
#[wasm_bindgen(js_name = gradientSizes)]
pub fn gradient_sizes(
    #[wasm_bindgen(
        unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
    )]
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
) -> JsResult<Float32Array> {
    let (mut net, xs, ys) =
        network_and_examples(&network, xs, ys, ["gradientSizes: xs", "gradientSizes: ys"])?;
    let sizes = backprop_lab::derived::gradient_sizes(&mut net, &xs, &ys).map_err(js_error)?;
    Ok(Float32Array::from(&sizes[..]))
}

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
