//! The backprop stepper's checks: one parameter's gradient example by example over a
//! mini-batch, and training examples of a playground by index.

use backprop_lab::Parameter;
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

use crate::args::{self, layer, neuron, COUNT_MAX};
use crate::handle::{batch, Network, Shared};
use crate::{js_error, object, JsResult};

/// `("weight", l, j, k)` or `("bias", l, j, _)` as a core parameter.
pub(crate) fn parameter(kind: &str, l: usize, j: usize, k: usize) -> JsResult<Parameter> {
    match kind {
        "weight" => Ok(Parameter::Weight { l, j, k }),
        "bias" => Ok(Parameter::Bias { l, j }),
        other => Err(js_error(format!(
            "a parameter is a \"weight\" or a \"bias\", not \"{other}\""
        ))),
    }
}

/// [`parameter`] from JS arguments (kind, l, j, k); `what` names them for the messages.
pub(crate) fn parameter_args(
    kind: JsValue,
    l: JsValue,
    j: JsValue,
    k: JsValue,
    what: [&str; 4],
) -> JsResult<Parameter> {
    let kind = args::name(kind, what[0], "weight")?;
    let (l, j) = (layer(l, what[1])?, neuron(j, what[2])?);
    // k is unused for a bias, so any value (or none) is fine there.
    let k = if kind == "bias" {
        0
    } else {
        neuron(k, what[3])?
    };
    parameter(&kind, l, j, k)
}

/// The arguments of `exampleGradients` (the module's and the Stepper's): a batch and a
/// parameter (kind, l, j, k).
pub(crate) fn gradient_args(
    xs: JsValue,
    ys: JsValue,
    [kind, l, j, k]: [JsValue; 4],
) -> JsResult<(Vec<f32>, Vec<f32>, Parameter)> {
    let (xs, ys) = batch(xs, ys, ["exampleGradients: xs", "exampleGradients: ys"])?;
    let names = [
        "exampleGradients: kind",
        "exampleGradients: l",
        "exampleGradients: j",
        "exampleGradients: k",
    ];
    Ok((xs, ys, parameter_args(kind, l, j, k, names)?))
}

/// The most indices one `trainingExamples` call takes (a mini-batch is at most 5,000).
const BATCH_INDICES_MAX: usize = 1 << 16;

/// One parameter's ∂C₀/∂p for each example of a batch (`xs` n × n₀, `ys` n × n_L, flat):
/// `{ perExample: Float32Array, mean, batch }`; `batch` is ∂C/∂p of the whole batch.
#[wasm_bindgen(js_name = exampleGradients)]
#[allow(clippy::too_many_arguments)]
pub fn example_gradients(
    net: &Network,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] l: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] j: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] k: JsValue,
) -> JsResult<JsValue> {
    let (xs, ys, p) = gradient_args(xs, ys, [kind, l, j, k])?;
    let g = net
        .shared
        .with_mut(|n| backprop_lab::example_gradients(n, &xs, &ys, p))
        .map_err(js_error)?;
    Ok(gradients_object(&g))
}

/// `{ perExample: Float32Array, mean, batch }`.
pub(crate) fn gradients_object(g: &backprop_lab::ExampleGradients) -> JsValue {
    object(&[
        (
            "perExample",
            JsValue::from(Float32Array::from(g.per_example.as_slice())),
        ),
        ("mean", JsValue::from(g.mean)),
        ("batch", JsValue::from(g.batch)),
    ])
}

/// Training examples of the playground that `net` belongs to, by index into its training
/// set (the order of `trainPoints()`): `{ xs, ys }`, flat Float32Arrays of the network's
/// inputs (each point's features, n₀ per example) and targets.
#[wasm_bindgen(js_name = trainingExamples)]
pub fn training_examples(
    net: &Network,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] indices: JsValue,
) -> JsResult<JsValue> {
    let indices = args::wholes(
        indices,
        "trainingExamples: indices",
        BATCH_INDICES_MAX,
        COUNT_MAX,
    )?;
    let Shared::Playground(pg) = &net.shared else {
        return Err(js_error(
            "this network is not a playground's: it has no training set",
        ));
    };
    let (xs, ys) = pg.borrow().train_examples(&indices).map_err(js_error)?;
    Ok(object(&[
        ("xs", JsValue::from(Float32Array::from(xs.as_slice()))),
        ("ys", JsValue::from(Float32Array::from(ys.as_slice()))),
    ]))
}
