//! JS configuration objects ⇄ the core's validated configuration types.
//!
//! Field names are camelCase in JS. Unknown keys are refused with serde's message (which
//! lists the keys that exist), so a typo never passes silently.

use backprop_lab::{
    Activation, Cost, DatasetKind, Init, NetworkConfig, OptimizerConfig, OptimizerKind,
    PlaygroundConfig, Regularization,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::{js_error, JsResult};

/// `new Network({ layers, activation, outputActivation, activations, cost, init, seed })`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NetworkOptions {
    layers: Vec<f64>,
    activation: Option<String>,
    output_activation: Option<String>,
    activations: Option<Vec<String>>,
    cost: Option<String>,
    init: Option<String>,
    seed: Option<f64>,
}

const NETWORK_KEYS: &[&str] = &[
    "layers",
    "activation",
    "outputActivation",
    "activations",
    "cost",
    "init",
    "seed",
];

const PLAYGROUND_KEYS: &[&str] = &[
    "dataset",
    "points",
    "noise",
    "trainFraction",
    "hidden",
    "activation",
    "activations",
    "outputActivation",
    "cost",
    "init",
    "seed",
    "optimizer",
    "learningRate",
    "batchSize",
    "regularization",
    "regularizationRate",
    "gridResolution",
    "customPoints",
];

/// Reads a configuration object, refusing keys it does not know (a typo such as
/// `lerningRate` must not pass silently).
fn from_js<T: for<'de> Deserialize<'de>>(
    value: JsValue,
    what: &str,
    known: &[&str],
) -> JsResult<T> {
    if !value.is_object() {
        return Err(js_error(format!("{what} needs a configuration object")));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(js_error(format!(
                "bad {what} configuration: unknown key \"{key}\"; the keys are {}",
                known.join(", ")
            )));
        }
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(format!("bad {what} configuration: {e}")))
}

/// A JS number that must be a whole number ≥ 0 (a size, a count, a seed).
pub(crate) fn whole(value: f64, what: &str) -> JsResult<usize> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9.0e15 {
        Ok(value as usize)
    } else {
        Err(js_error(format!(
            "{what} must be a whole number ≥ 0, not {value}"
        )))
    }
}

/// A seed picked at random, for a configuration that names none.
fn random_seed() -> u64 {
    (js_sys::Math::random() * 4_294_967_296.0) as u64
}

fn seed_of(seed: Option<f64>) -> JsResult<u64> {
    match seed {
        Some(seed) => whole(seed, "seed").map(|s| s as u64),
        None => Ok(random_seed()),
    }
}

fn activation(name: &str) -> JsResult<Activation> {
    Activation::from_name(name).map_err(js_error)
}

pub(crate) fn network_config(value: JsValue) -> JsResult<NetworkConfig> {
    let options: NetworkOptions = from_js(value, "Network", NETWORK_KEYS)?;
    let layers = options
        .layers
        .iter()
        .map(|&n| whole(n, "a layer size"))
        .collect::<JsResult<Vec<usize>>>()?;
    let depth = layers.len().saturating_sub(1);
    let activations = match options.activations {
        Some(names) => names
            .iter()
            .map(|n| activation(n))
            .collect::<JsResult<Vec<_>>>()?,
        None => {
            let hidden = activation(options.activation.as_deref().unwrap_or("sigmoid"))?;
            let output = match options.output_activation.as_deref() {
                Some(name) => activation(name)?,
                None => hidden,
            };
            let mut all = vec![hidden; depth.saturating_sub(1)];
            all.push(output);
            all
        }
    };
    Ok(NetworkConfig {
        layers,
        activations,
        cost: Cost::from_name(options.cost.as_deref().unwrap_or("quadratic")).map_err(js_error)?,
        init: Init::from_name(options.init.as_deref().unwrap_or("normal")).map_err(js_error)?,
        seed: seed_of(options.seed)?,
    })
}

/// The Playground's configuration as JS sees it. Every field is optional when read; all are
/// filled when written by `defaults()`.
#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlaygroundOptions {
    dataset: Option<String>,
    points: Option<f64>,
    noise: Option<f64>,
    train_fraction: Option<f64>,
    hidden: Option<Vec<f64>>,
    activation: Option<String>,
    activations: Option<Vec<String>>,
    output_activation: Option<String>,
    cost: Option<String>,
    init: Option<String>,
    seed: Option<f64>,
    optimizer: Option<String>,
    learning_rate: Option<f64>,
    batch_size: Option<f64>,
    regularization: Option<String>,
    regularization_rate: Option<f64>,
    grid_resolution: Option<f64>,
    /// `[x, y, label, …]` as an Array or a Float32Array; kept as the JS value it came as.
    #[serde(default, with = "serde_wasm_bindgen::preserve", skip_serializing)]
    custom_points: JsValue,
}

/// `[x, y, label, x, y, label, …]` from an Array or a typed array.
fn triples(value: &JsValue) -> JsResult<Vec<(f32, f32, f32)>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let flat: Vec<f32> = if let Some(array) = value.dyn_ref::<js_sys::Float32Array>() {
        array.to_vec()
    } else {
        serde_wasm_bindgen::from_value(value.clone()).map_err(|_| {
            js_error("customPoints must be an array of numbers [x, y, label, x, y, label, …]")
        })?
    };
    if flat.len() % 3 != 0 {
        return Err(js_error(format!(
            "customPoints holds {} numbers, not a whole number of (x, y, label) triples",
            flat.len()
        )));
    }
    Ok(flat.chunks_exact(3).map(|p| (p[0], p[1], p[2])).collect())
}

pub(crate) fn playground_config(
    value: JsValue,
) -> JsResult<(PlaygroundConfig, Vec<(f32, f32, f32)>)> {
    let options: PlaygroundOptions = if value.is_undefined() || value.is_null() {
        PlaygroundOptions::default()
    } else {
        from_js(value, "Playground", PLAYGROUND_KEYS)?
    };
    let mut config = PlaygroundConfig::default();
    let data = &mut config.data;
    if let Some(name) = &options.dataset {
        data.kind = DatasetKind::from_name(name).map_err(js_error)?;
    }
    if let Some(points) = options.points {
        data.points = whole(points, "points")?;
    }
    if let Some(noise) = options.noise {
        data.noise = noise as f32;
    }
    if let Some(fraction) = options.train_fraction {
        data.train_fraction = fraction as f32;
    }
    let seed = seed_of(options.seed.or(Some(config.seed as f64)))?;
    config.seed = seed;
    data.seed = seed;
    if let Some(hidden) = &options.hidden {
        config.hidden = hidden
            .iter()
            .map(|&n| whole(n, "a hidden layer size"))
            .collect::<JsResult<_>>()?;
    }
    if let Some(names) = &options.activations {
        config.activations = names
            .iter()
            .map(|n| activation(n))
            .collect::<JsResult<_>>()?;
    } else {
        let hidden = match &options.activation {
            Some(name) => activation(name)?,
            None => config
                .activations
                .first()
                .copied()
                .unwrap_or(Activation::Tanh),
        };
        config.activations = vec![hidden; config.hidden.len()];
    }
    if let Some(name) = &options.output_activation {
        config.output_activation = activation(name)?;
    }
    if let Some(name) = &options.cost {
        config.cost = Cost::from_name(name).map_err(js_error)?;
    }
    if let Some(name) = &options.init {
        config.init = Init::from_name(name).map_err(js_error)?;
    }
    let optimizer = &mut config.optimizer;
    if let Some(name) = &options.optimizer {
        optimizer.kind = OptimizerKind::from_name(name).map_err(js_error)?;
    }
    if let Some(eta) = options.learning_rate {
        optimizer.learning_rate = eta as f32;
    }
    if let Some(name) = &options.regularization {
        optimizer.regularization = Regularization::from_name(name).map_err(js_error)?;
    }
    if let Some(rate) = options.regularization_rate {
        optimizer.regularization_rate = rate as f32;
    }
    if let Some(batch) = options.batch_size {
        config.batch_size = whole(batch, "batch size")?;
    }
    if let Some(resolution) = options.grid_resolution {
        config.grid_resolution = whole(resolution, "grid resolution")?;
    }
    Ok((config, triples(&options.custom_points)?))
}

/// The f64 whose shortest decimal form is the f32's (0.1f32 → 0.1, not 0.10000000149…), so
/// JS shows and round-trips the value the user typed.
pub(crate) fn shortest(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(value as f64)
}

pub(crate) fn playground_defaults() -> JsResult<JsValue> {
    let config = PlaygroundConfig::default();
    let options = PlaygroundOptions {
        dataset: Some(config.data.kind.name().into()),
        points: Some(config.data.points as f64),
        noise: Some(shortest(config.data.noise)),
        train_fraction: Some(shortest(config.data.train_fraction)),
        hidden: Some(config.hidden.iter().map(|&n| n as f64).collect()),
        activation: Some(
            config
                .activations
                .first()
                .copied()
                .unwrap_or(Activation::Tanh)
                .name()
                .into(),
        ),
        activations: Some(config.activations.iter().map(|a| a.name().into()).collect()),
        output_activation: Some(config.output_activation.name().into()),
        cost: Some(config.cost.name().into()),
        init: Some(config.init.name().into()),
        seed: Some(config.seed as f64),
        optimizer: Some(config.optimizer.kind.name().into()),
        learning_rate: Some(shortest(config.optimizer.learning_rate)),
        batch_size: Some(config.batch_size as f64),
        regularization: Some(config.optimizer.regularization.name().into()),
        regularization_rate: Some(shortest(config.optimizer.regularization_rate)),
        grid_resolution: Some(config.grid_resolution as f64),
        custom_points: JsValue::UNDEFINED,
    };
    serde_wasm_bindgen::to_value(&options).map_err(js_error)
}

fn name_list<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> JsValue {
    all.iter()
        .map(|&item| JsValue::from_str(name(item)))
        .collect::<js_sys::Array>()
        .into()
}

pub(crate) fn names() -> JsValue {
    crate::object(&[
        ("activations", name_list(Activation::ALL, Activation::name)),
        ("costs", name_list(Cost::ALL, Cost::name)),
        ("inits", name_list(Init::ALL, Init::name)),
        (
            "optimizers",
            name_list(OptimizerKind::ALL, OptimizerKind::name),
        ),
        (
            "regularizations",
            name_list(Regularization::ALL, Regularization::name),
        ),
        ("datasets", name_list(DatasetKind::ALL, DatasetKind::name)),
    ])
}

/// An optimizer configuration like `current` with another kind.
pub(crate) fn with_kind(current: &OptimizerConfig, name: &str) -> JsResult<OptimizerConfig> {
    Ok(OptimizerConfig {
        kind: OptimizerKind::from_name(name).map_err(js_error)?,
        ..current.clone()
    })
}

/// An optimizer configuration like `current` with another regularization.
pub(crate) fn with_regularization(
    current: &OptimizerConfig,
    name: &str,
    rate: f32,
) -> JsResult<OptimizerConfig> {
    Ok(OptimizerConfig {
        regularization: Regularization::from_name(name).map_err(js_error)?,
        regularization_rate: rate,
        ..current.clone()
    })
}
