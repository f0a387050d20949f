//! JS configuration objects ⇄ the core's validated configuration types.
//!
//! Field names are camelCase in JS. Unknown keys are refused with a message that lists the keys
//! that exist, so a typo never passes silently; a value of the wrong type names its key.

use backprop_lab::{
    Activation, Cost, DatasetKind, Init, Network, NetworkConfig, OptimizerConfig, OptimizerKind,
    PlaygroundConfig, Regularization, SaveFile, SavedNetwork,
};
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::{js_error, JsResult};

/// The most values of a list in a configuration (`layers`, `hidden`, `activations`,
/// `customPoints`, a saved network's layers): far more than the core accepts, so the core's
/// message says what is too many; this bound only keeps a huge list from being copied.
const LIST_MAX: usize = 1 << 16;

const NETWORK_KEYS: &[&str] = &[
    "layers",
    "activation",
    "outputActivation",
    "activations",
    "cost",
    "init",
    "seed",
];

/// What a network with its parameters (`Network.toJSON()`, `readSave()`) has beyond
/// `NETWORK_KEYS`.
const SAVED_EXTRA_KEYS: &[&str] = &["weights", "biases", "version", "scene"];

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

/// Reads the keys of one JS configuration object, each with a message naming the key when
/// its value has the wrong type. `undefined` and `null` mean "not given".
struct Options<'a> {
    object: &'a JsValue,
    what: &'static str,
}

impl<'a> Options<'a> {
    /// Checks that `object` is an object whose keys are all `known` (a typo such as
    /// `lerningRate` must not pass silently).
    fn new(object: &'a JsValue, what: &'static str, known: &[&str]) -> JsResult<Options<'a>> {
        if !object.is_object() {
            return Err(js_error(format!("{what} needs a configuration object")));
        }
        for key in js_sys::Object::keys(object.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(js_error(format!(
                    "bad {what} configuration: unknown key \"{key}\"; the keys are {}",
                    known.join(", ")
                )));
            }
        }
        Ok(Options { object, what })
    }

    fn get(&self, key: &str) -> Option<JsValue> {
        let value = js_sys::Reflect::get(self.object, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    fn wrong(&self, key: &str, expected: &str) -> JsError {
        js_error(format!(
            "bad {} configuration: {key} must be {expected}",
            self.what
        ))
    }

    /// The length of the list `value` of `key`, refused above `max` before it is copied.
    fn length(&self, value: &JsValue, key: &str, expected: &str, max: usize) -> JsResult<usize> {
        crate::args::length(
            value,
            &format!("bad {} configuration: {key}", self.what),
            expected,
            max,
        )
    }

    fn string(&self, key: &str) -> JsResult<Option<String>> {
        self.get(key).map(|v| self.name(&v, key)).transpose()
    }

    /// A name (`cost: "quadratic"`), at most `NAME_MAX` characters.
    fn name(&self, v: &JsValue, key: &str) -> JsResult<String> {
        let what = format!("bad {} configuration: {key}", self.what);
        crate::args::text(v, &what, "a string", crate::args::NAME_MAX)
    }

    fn number(&self, key: &str) -> JsResult<Option<f64>> {
        self.get(key)
            .map(|v| v.as_f64().ok_or_else(|| self.wrong(key, "a number")))
            .transpose()
    }

    /// An Array of numbers or any typed array.
    fn numbers(&self, key: &str) -> JsResult<Option<Vec<f64>>> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let wrong = || self.wrong(key, "an array of numbers");
        self.length(&value, key, "an array of numbers", LIST_MAX)?;
        let array = js_sys::Array::from(&value);
        array
            .iter()
            .map(|v| v.as_f64().ok_or_else(wrong))
            .collect::<JsResult<Vec<f64>>>()
            .map(Some)
    }

    /// An Array of number arrays (or typed arrays), one per layer, as f32.
    fn layers_of_numbers(&self, key: &str) -> JsResult<Option<Vec<Vec<f32>>>> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        const EXPECTED: &str = "an array with one array of numbers per layer";
        let wrong = || self.wrong(key, EXPECTED);
        if !Array::is_array(&value) {
            return Err(wrong());
        }
        self.length(&value, key, EXPECTED, LIST_MAX)?;
        Array::from(&value)
            .iter()
            .map(|layer| {
                self.length(&layer, key, EXPECTED, backprop_lab::MAX_PARAMETERS)?;
                Array::from(&layer)
                    .iter()
                    .map(|v| v.as_f64().map(|v| v as f32).ok_or_else(wrong))
                    .collect()
            })
            .collect::<JsResult<Vec<Vec<f32>>>>()
            .map(Some)
    }

    fn strings(&self, key: &str) -> JsResult<Option<Vec<String>>> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let wrong = || self.wrong(key, "an array of names");
        if !js_sys::Array::is_array(&value) {
            return Err(wrong());
        }
        self.length(&value, key, "an array of names", LIST_MAX)?;
        js_sys::Array::from(&value)
            .iter()
            .map(|v| self.name(&v, key))
            .collect::<JsResult<Vec<String>>>()
            .map(Some)
    }
}

/// A JS number that must be a whole number ≥ 0 (a size, a count, a seed).
pub(crate) fn whole(value: f64, what: &str) -> JsResult<usize> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9.0e15 {
        Ok(value as usize)
    } else {
        Err(js_error(format!(
            "{what} must be a whole number ≥ 0, not {}",
            number_text(value)
        )))
    }
}

/// A number as JS writes it (`String(x)`): the bindings leave float formatting to JS.
pub(crate) fn number_text(value: f64) -> String {
    String::from(
        js_sys::Number::from(value)
            .to_string_with_radix(10)
            .unwrap_or_default(),
    )
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
    network_config_of(&Options::new(&value, "Network", NETWORK_KEYS)?)
}

fn network_config_of(options: &Options) -> JsResult<NetworkConfig> {
    let layers = options
        .numbers("layers")?
        .ok_or_else(|| js_error("a Network needs layers, e.g. { layers: [2, 3, 1] }"))?
        .iter()
        .map(|&n| whole(n, "a layer size"))
        .collect::<JsResult<Vec<usize>>>()?;
    let depth = layers.len().saturating_sub(1);
    let activations = match options.strings("activations")? {
        Some(names) => names
            .iter()
            .map(|n| activation(n))
            .collect::<JsResult<Vec<_>>>()?,
        None => {
            let hidden = activation(
                options
                    .string("activation")?
                    .as_deref()
                    .unwrap_or("sigmoid"),
            )?;
            let output = match options.string("outputActivation")? {
                Some(name) => activation(&name)?,
                None => hidden,
            };
            let mut all = vec![hidden; depth.saturating_sub(1)];
            all.push(output);
            all
        }
    };
    let cost = options.string("cost")?;
    let init = options.string("init")?;
    Ok(NetworkConfig {
        layers,
        activations,
        cost: Cost::from_name(cost.as_deref().unwrap_or("quadratic")).map_err(js_error)?,
        init: Init::from_name(init.as_deref().unwrap_or("normal")).map_err(js_error)?,
        seed: seed_of(options.number("seed")?)?,
    })
}

/// A network with its parameters from a JS object: `Network.toJSON()`'s shape (the page's
/// `Network` handle itself is read through its `toJSON()`), or what `readSave()` returns. The
/// core checks the shapes and values when the network is built from it.
pub(crate) fn saved_network(value: &JsValue) -> JsResult<SavedNetwork> {
    let to_json = js_sys::Reflect::get(value, &JsValue::from_str("toJSON"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let value = match to_json {
        Some(f) => f.call0(value).map_err(|e| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            js_error(format!(
                "could not read the network (its toJSON() failed): {why}"
            ))
        })?,
        None => value.clone(),
    };
    let keys: Vec<&str> = NETWORK_KEYS
        .iter()
        .chain(SAVED_EXTRA_KEYS)
        .copied()
        .collect();
    let options = Options::new(&value, "saved network", &keys)?;
    let config = network_config_of(&options)?;
    let layers = |key: &str| -> JsResult<Vec<Vec<f32>>> {
        options.layers_of_numbers(key)?.ok_or_else(|| {
            js_error(format!(
                "a saved network needs {key}: one array of numbers per layer 1 to {}",
                config.layers.len().saturating_sub(1)
            ))
        })
    };
    Ok(SavedNetwork {
        weights: layers("weights")?,
        biases: layers("biases")?,
        config,
    })
}

/// [`saved_network`] as the core's save file (with no scene), whose `to_network` and
/// `load_into` check it.
pub(crate) fn saved_file(value: &JsValue) -> JsResult<SaveFile> {
    Ok(SaveFile {
        scene: String::new(),
        network: saved_network(value)?,
    })
}

/// `{ layers, activations, cost, init, seed, weights: [[…] per layer], biases: [[…]] }` for
/// `net`, plus `extra` members: the one shape a network has between the two wasm modules
/// and in JSON.
pub(crate) fn describe(net: &Network, extra: &[(&str, JsValue)]) -> JsValue {
    let depth = net.depth();
    let numbers = |values: &[f32]| -> JsValue {
        values
            .iter()
            .map(|&v| JsValue::from_f64(v as f64))
            .collect::<Array>()
            .into()
    };
    let layers: Array = net.sizes().iter().map(|&n| JsValue::from(n)).collect();
    let activations: Array = (1..=depth)
        .map(|l| JsValue::from_str(net.activation(l).name()))
        .collect();
    let weights: Array = (1..=depth).map(|l| numbers(net.weights(l))).collect();
    let biases: Array = (1..=depth).map(|l| numbers(net.biases(l))).collect();
    let config = net.config();
    let mut entries = extra.to_vec();
    entries.extend([
        ("layers", layers.into()),
        ("activations", activations.into()),
        ("cost", JsValue::from_str(config.cost.name())),
        ("init", JsValue::from_str(config.init.name())),
        ("seed", JsValue::from_f64(config.seed as f64)),
        ("weights", weights.into()),
        ("biases", biases.into()),
    ]);
    crate::object(&entries)
}

/// Hand-made points: (x, y, label).
pub(crate) type Points = Vec<(f32, f32, f32)>;

/// `[x, y, label, x, y, label, …]` as (x, y, label) triples.
fn triples(flat: Option<Vec<f64>>) -> JsResult<Points> {
    let flat = flat.unwrap_or_default();
    if !flat.len().is_multiple_of(3) {
        return Err(js_error(format!(
            "customPoints holds {} numbers, not a whole number of (x, y, label) triples",
            flat.len()
        )));
    }
    Ok(flat
        .chunks_exact(3)
        .map(|p| (p[0] as f32, p[1] as f32, p[2] as f32))
        .collect())
}

/// The Playground's configuration: `defaults()` overridden by the keys given.
pub(crate) fn playground_config(value: JsValue) -> JsResult<(PlaygroundConfig, Points)> {
    let empty = JsValue::from(js_sys::Object::new());
    let value = if value.is_undefined() || value.is_null() {
        &empty
    } else {
        &value
    };
    let options = Options::new(value, "Playground", PLAYGROUND_KEYS)?;
    let mut config = PlaygroundConfig::default();
    let data = &mut config.data;
    if let Some(name) = options.string("dataset")? {
        data.kind = DatasetKind::from_name(&name).map_err(js_error)?;
    }
    if let Some(points) = options.number("points")? {
        data.points = whole(points, "points")?;
    }
    if let Some(noise) = options.number("noise")? {
        data.noise = noise as f32;
    }
    if let Some(fraction) = options.number("trainFraction")? {
        data.train_fraction = fraction as f32;
    }
    let seed = seed_of(Some(options.number("seed")?.unwrap_or(config.seed as f64)))?;
    config.seed = seed;
    data.seed = seed;
    if let Some(hidden) = options.numbers("hidden")? {
        config.hidden = hidden
            .iter()
            .map(|&n| whole(n, "a hidden layer size"))
            .collect::<JsResult<_>>()?;
    }
    if let Some(names) = options.strings("activations")? {
        config.activations = names
            .iter()
            .map(|n| activation(n))
            .collect::<JsResult<_>>()?;
    } else {
        let hidden = match options.string("activation")? {
            Some(name) => activation(&name)?,
            None => config
                .activations
                .first()
                .copied()
                .unwrap_or(Activation::Tanh),
        };
        config.activations = vec![hidden; config.hidden.len()];
    }
    if let Some(name) = options.string("outputActivation")? {
        config.output_activation = activation(&name)?;
    }
    if let Some(name) = options.string("cost")? {
        config.cost = Cost::from_name(&name).map_err(js_error)?;
    }
    if let Some(name) = options.string("init")? {
        config.init = Init::from_name(&name).map_err(js_error)?;
    }
    let optimizer = &mut config.optimizer;
    if let Some(name) = options.string("optimizer")? {
        optimizer.kind = OptimizerKind::from_name(&name).map_err(js_error)?;
    }
    if let Some(eta) = options.number("learningRate")? {
        optimizer.learning_rate = eta as f32;
    }
    if let Some(name) = options.string("regularization")? {
        optimizer.regularization = Regularization::from_name(&name).map_err(js_error)?;
    }
    if let Some(rate) = options.number("regularizationRate")? {
        optimizer.regularization_rate = rate as f32;
    }
    if let Some(batch) = options.number("batchSize")? {
        config.batch_size = whole(batch, "batch size")?;
    }
    if let Some(resolution) = options.number("gridResolution")? {
        config.grid_resolution = whole(resolution, "grid resolution")?;
    }
    Ok((config, triples(options.numbers("customPoints")?)?))
}

/// The f64 nearest the f32 with at most 7 significant digits (0.1f32 → 0.1, not
/// 0.10000000149…), so JS shows and round-trips the value as it was written in Rust.
pub(crate) fn shortest(value: f32) -> f64 {
    js_sys::Number::from(value as f64)
        .to_precision(7)
        .ok()
        .and_then(|s| s.as_string())
        .map(|s| js_sys::Number::parse_float(&s))
        .filter(|v| v.is_finite())
        .unwrap_or(value as f64)
}

pub(crate) fn playground_defaults() -> JsValue {
    let config = PlaygroundConfig::default();
    let number = |v: f64| JsValue::from_f64(v);
    let text = |s: &str| JsValue::from_str(s);
    let hidden: js_sys::Array = config.hidden.iter().map(|&n| number(n as f64)).collect();
    let activations: js_sys::Array = config.activations.iter().map(|a| text(a.name())).collect();
    let first = config
        .activations
        .first()
        .copied()
        .unwrap_or(Activation::Tanh);
    crate::object(&[
        ("dataset", text(config.data.kind.name())),
        ("points", number(config.data.points as f64)),
        ("noise", number(shortest(config.data.noise))),
        (
            "trainFraction",
            number(shortest(config.data.train_fraction)),
        ),
        ("hidden", hidden.into()),
        ("activation", text(first.name())),
        ("activations", activations.into()),
        ("outputActivation", text(config.output_activation.name())),
        ("cost", text(config.cost.name())),
        ("init", text(config.init.name())),
        ("seed", number(config.seed as f64)),
        ("optimizer", text(config.optimizer.kind.name())),
        (
            "learningRate",
            number(shortest(config.optimizer.learning_rate)),
        ),
        ("batchSize", number(config.batch_size as f64)),
        (
            "regularization",
            text(config.optimizer.regularization.name()),
        ),
        (
            "regularizationRate",
            number(shortest(config.optimizer.regularization_rate)),
        ),
        ("gridResolution", number(config.grid_resolution as f64)),
    ])
}

pub(crate) fn optimizer_constants() -> JsValue {
    let c = PlaygroundConfig::default().optimizer;
    let number = |v: f32| JsValue::from_f64(shortest(v));
    crate::object(&[
        ("momentum", number(c.momentum)),
        ("beta1", number(c.beta1)),
        ("beta2", number(c.beta2)),
        ("epsilon", number(c.epsilon)),
    ])
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
