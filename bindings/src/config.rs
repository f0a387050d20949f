//! JS configuration objects ⇄ the core's validated configuration types, each object read
//! through one table.
//!
//! A table ([`PLAYGROUND`], [`NETWORK`], [`SAVED`]) has one [`Field`] per key: its camelCase
//! name, the JS type its value must have and where it goes ([`Read`]), its default as
//! `defaults()` writes it, and the core's limits as `limits()` writes them. The parser, the
//! unknown-key check (a typo never passes silently: the message lists the keys that exist), the
//! defaults, the names and the limits all walk the same table; a value of the wrong type names
//! its key. The core checks every value against its own limits, with its own message.

use backprop_lab::{
    Activation, Cost, DatasetKind, Features, Init, Network, NetworkConfig, OptimizerConfig,
    OptimizerKind, PlaygroundConfig, Regularization, SaveFile, SavedNetwork,
};
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::{js_error, JsResult};

/// The most values of a list in a configuration (`layers`, `hidden`, `activations`,
/// `customPoints`, a saved network's layers): far more than the core accepts, so the core's
/// message says what is too many; this bound only keeps a huge list from being copied.
const LIST_MAX: usize = 1 << 16;

/// The largest whole number a configuration takes (a size, a count, a seed): below 2⁵³, so
/// JS holds it exactly.
const WHOLE_MAX: f64 = 9.0e15;

/// How the value of a key is read: the JS type it must have (its message when it has
/// another), and the setter that puts it into the object `T` being built.
enum Read<T> {
    /// A name (`cost: "quadratic"`), one of those `names()` lists under the plural.
    Name {
        plural: &'static str,
        names: fn() -> JsValue,
        set: fn(&mut T, &str) -> JsResult<()>,
    },
    /// An array of such names.
    Names {
        plural: &'static str,
        names: fn() -> JsValue,
        set: fn(&mut T, &[String]) -> JsResult<()>,
    },
    /// A number (the core checks its range).
    Number(fn(&mut T, f64)),
    /// A whole number ≥ 0, called `what` in the message.
    Whole {
        what: &'static str,
        set: fn(&mut T, usize),
    },
    /// An Array or typed array of whole numbers ≥ 0, each called `what`.
    Wholes {
        what: &'static str,
        set: fn(&mut T, Vec<usize>),
    },
    /// An Array or typed array of numbers.
    Numbers(fn(&mut T, Vec<f64>)),
    /// An array with one array of numbers per layer (a saved network's parameters).
    Layers(fn(&mut T, Vec<Vec<f32>>)),
    /// Accepted and left to the caller (a save file's `version` and `scene`).
    Kept,
}

/// The core's limits of a number (or of each number of a list), as `limits()` writes them:
/// `{ min, max, above, maxLength }`, each only where the core has one.
#[derive(Clone, Copy)]
struct Limits {
    /// The least value.
    min: Option<f64>,
    /// The greatest value.
    max: Option<f64>,
    /// A bound the value must be greater than (a learning rate > 0).
    above: Option<f64>,
    /// The most values of a list.
    max_length: Option<usize>,
}

impl Limits {
    const fn range(min: f64, max: f64) -> Option<Limits> {
        Some(Limits {
            min: Some(min),
            max: Some(max),
            above: None,
            max_length: None,
        })
    }
}

/// One key of a configuration object.
struct Field<T> {
    key: &'static str,
    read: Read<T>,
    /// The default value, as `defaults()` writes it (from `T::default()`); None: not written.
    default: Option<fn(&T) -> JsValue>,
    limits: Option<Limits>,
}

/// The value given for one key (neither `undefined` nor `null`), read with a message naming
/// the key when it has the wrong type.
struct Given<'a> {
    value: JsValue,
    key: &'a str,
    what: &'a str,
}

impl Given<'_> {
    fn wrong(&self, expected: &str) -> JsError {
        js_error(format!(
            "bad {} configuration: {} must be {expected}",
            self.what, self.key
        ))
    }

    fn label(&self) -> String {
        format!("bad {} configuration: {}", self.what, self.key)
    }

    /// The length of the list, refused above `max` before it is copied.
    fn length(&self, value: &JsValue, expected: &str, max: usize) -> JsResult<usize> {
        crate::args::length(value, &self.label(), expected, max)
    }

    /// A name, at most `NAME_MAX` characters.
    fn name(&self, value: &JsValue) -> JsResult<String> {
        crate::args::text(value, &self.label(), "a string", crate::args::NAME_MAX)
    }

    fn number(&self) -> JsResult<f64> {
        self.value.as_f64().ok_or_else(|| self.wrong("a number"))
    }

    fn numbers(&self) -> JsResult<Vec<f64>> {
        const EXPECTED: &str = "an array of numbers";
        self.length(&self.value, EXPECTED, LIST_MAX)?;
        Array::from(&self.value)
            .iter()
            .map(|v| v.as_f64().ok_or_else(|| self.wrong(EXPECTED)))
            .collect()
    }

    fn names(&self) -> JsResult<Vec<String>> {
        const EXPECTED: &str = "an array of names";
        if !Array::is_array(&self.value) {
            return Err(self.wrong(EXPECTED));
        }
        self.length(&self.value, EXPECTED, LIST_MAX)?;
        Array::from(&self.value)
            .iter()
            .map(|v| self.name(&v))
            .collect()
    }

    fn layers(&self) -> JsResult<Vec<Vec<f32>>> {
        const EXPECTED: &str = "an array with one array of numbers per layer";
        if !Array::is_array(&self.value) {
            return Err(self.wrong(EXPECTED));
        }
        self.length(&self.value, EXPECTED, LIST_MAX)?;
        Array::from(&self.value)
            .iter()
            .map(|layer| {
                self.length(&layer, EXPECTED, backprop_lab::MAX_PARAMETERS)?;
                Array::from(&layer)
                    .iter()
                    .map(|v| {
                        v.as_f64()
                            .map(|v| v as f32)
                            .ok_or_else(|| self.wrong(EXPECTED))
                    })
                    .collect()
            })
            .collect()
    }

    /// Reads the value as `read` says into `target`.
    fn read_into<T>(&self, read: &Read<T>, target: &mut T) -> JsResult<()> {
        match read {
            Read::Name { set, .. } => set(target, &self.name(&self.value)?),
            Read::Names { set, .. } => set(target, &self.names()?),
            Read::Number(set) => {
                set(target, self.number()?);
                Ok(())
            }
            Read::Whole { what, set } => {
                set(target, whole(self.number()?, what)?);
                Ok(())
            }
            Read::Wholes { what, set } => {
                let values = self.numbers()?;
                set(
                    target,
                    values
                        .iter()
                        .map(|&n| whole(n, what))
                        .collect::<JsResult<_>>()?,
                );
                Ok(())
            }
            Read::Numbers(set) => {
                set(target, self.numbers()?);
                Ok(())
            }
            Read::Layers(set) => {
                set(target, self.layers()?);
                Ok(())
            }
            Read::Kept => Ok(()),
        }
    }
}

/// Reads the JS object `value` (a `what` configuration) through the fields of `parts` into a
/// `T::default()`: refused unless it is an object whose keys are all the fields' keys.
fn read<T: Default>(value: &JsValue, what: &str, parts: &[&[Field<T>]]) -> JsResult<T> {
    let fields: Vec<&Field<T>> = parts.iter().flat_map(|part| part.iter()).collect();
    let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
    let mut target = T::default();
    for (i, value) in given_values(value, what, &keys)? {
        let given = Given {
            value,
            key: keys[i],
            what,
        };
        given.read_into(&fields[i].read, &mut target)?;
    }
    Ok(target)
}

/// The values `value` gives for `keys` (neither `undefined` nor `null`), with each key's index;
/// refused unless `value` is an object whose keys are all `keys`. Not generic, so that the two
/// tables share it.
fn given_values(value: &JsValue, what: &str, keys: &[&str]) -> JsResult<Vec<(usize, JsValue)>> {
    if !value.is_object() {
        return Err(js_error(format!("{what} needs a configuration object")));
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(js_error(format!(
                "bad {what} configuration: unknown key \"{key}\"; the keys are {}",
                backprop_lab::error::joined(keys, ", ")
            )));
        }
    }
    let mut given = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let Ok(v) = js_sys::Reflect::get(value, &JsValue::from_str(key)) else {
            continue;
        };
        if !v.is_undefined() && !v.is_null() {
            given.push((i, v));
        }
    }
    Ok(given)
}

/// `{ key: default }` for every field with a default, from `T::default()`.
fn defaults_of<T: Default>(fields: &[Field<T>]) -> JsValue {
    let target = T::default();
    let entries: Vec<(&str, JsValue)> = fields
        .iter()
        .filter_map(|f| f.default.map(|write| (f.key, write(&target))))
        .collect();
    crate::object(&entries)
}

/// `{ key: { min, max, above, maxLength } }` for every field with limits.
fn limits_of<T>(fields: &[Field<T>]) -> JsValue {
    let all = js_sys::Object::new();
    for field in fields {
        let Some(limits) = field.limits else {
            continue;
        };
        let members = js_sys::Object::new();
        let max_length = limits.max_length.map(|n| n as f64);
        for (key, value) in [
            ("min", limits.min),
            ("max", limits.max),
            ("above", limits.above),
            ("maxLength", max_length),
        ] {
            if let Some(value) = value {
                // Setting a property on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&members, &key.into(), &value.into());
            }
        }
        let _ = js_sys::Reflect::set(&all, &field.key.into(), &members);
    }
    all.into()
}

/// `{ plural: [names…] }` for every kind of name the fields take, once each.
fn names_of<T>(fields: &[Field<T>]) -> JsValue {
    let mut entries: Vec<(&str, JsValue)> = Vec::new();
    for field in fields {
        let (plural, names) = match field.read {
            Read::Name { plural, names, .. } | Read::Names { plural, names, .. } => (plural, names),
            _ => continue,
        };
        if !entries.iter().any(|(p, _)| *p == plural) {
            entries.push((plural, names()));
        }
    }
    crate::object(&entries)
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn number(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

/// An f32 as the number it was written as in Rust ([`shortest`]).
fn real(v: f32) -> JsValue {
    JsValue::from_f64(shortest(v))
}

fn wholes(values: &[usize]) -> JsValue {
    values
        .iter()
        .map(|&n| number(n as f64))
        .collect::<Array>()
        .into()
}

fn activation(name: &str) -> JsResult<Activation> {
    Activation::from_name(name).map_err(js_error)
}

fn activations(names: &[String]) -> JsResult<Vec<Activation>> {
    names.iter().map(|n| activation(n)).collect()
}

fn feature_names() -> JsValue {
    feature_list(Features::ALL)
}

fn features(names: &[String]) -> JsResult<Features> {
    Features::from_names(names).map_err(js_error)
}

/// `["x1", "x2", …]`: the names of a set of input features, in input-neuron order.
pub(crate) fn feature_list(features: Features) -> JsValue {
    let names = features.iter().map(|f| text(f.name()));
    names.collect::<Array>().into()
}

fn activation_names() -> JsValue {
    name_list(Activation::ALL, Activation::name)
}

/// The first activation of a list (the one a single `activation` key stands for).
fn first(list: &[Activation]) -> Activation {
    list.first().copied().unwrap_or(Activation::Tanh)
}

/// The Playground's configuration as it is read: the keys given over the defaults.
#[derive(Default)]
struct PlaygroundDraft {
    config: PlaygroundConfig,
    /// `activation`: every hidden layer's, unless `activations` lists them.
    activation: Option<Activation>,
    activations: Option<Vec<Activation>>,
    /// `customPoints`, flat.
    points: Vec<f64>,
}

/// The Playground's keys (`new Playground(…)`, `defaults()`, `limits()`, `names()`).
const PLAYGROUND: &[Field<PlaygroundDraft>] = &[
    Field {
        key: "dataset",
        read: Read::Name {
            plural: "datasets",
            names: || name_list(DatasetKind::ALL, DatasetKind::name),
            set: |d, name| {
                d.config.data.kind = DatasetKind::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.data.kind.name())),
        limits: None,
    },
    Field {
        key: "points",
        read: Read::Whole {
            what: "points",
            set: |d, n| d.config.data.points = n,
        },
        default: Some(|d| number(d.config.data.points as f64)),
        limits: Limits::range(
            backprop_lab::MIN_POINTS as f64,
            backprop_lab::MAX_POINTS as f64,
        ),
    },
    Field {
        key: "noise",
        read: Read::Number(|d, v| d.config.data.noise = v as f32),
        default: Some(|d| real(d.config.data.noise)),
        limits: Limits::range(0.0, backprop_lab::MAX_NOISE as f64),
    },
    Field {
        key: "trainFraction",
        read: Read::Number(|d, v| d.config.data.train_fraction = v as f32),
        default: Some(|d| real(d.config.data.train_fraction)),
        limits: Limits::range(
            backprop_lab::TRAIN_PERCENT.0 as f64,
            backprop_lab::TRAIN_PERCENT.1 as f64,
        ),
    },
    Field {
        key: "features",
        read: Read::Names {
            plural: "features",
            names: feature_names,
            set: |d, names| {
                d.config.features = features(names)?;
                Ok(())
            },
        },
        default: Some(|d| feature_list(d.config.features)),
        limits: None,
    },
    Field {
        key: "hidden",
        read: Read::Wholes {
            what: "a hidden layer size",
            set: |d, sizes| d.config.hidden = sizes,
        },
        default: Some(|d| wholes(&d.config.hidden)),
        limits: Some(Limits {
            min: Some(1.0),
            max: Some(backprop_lab::MAX_NEURONS as f64),
            above: None,
            max_length: Some(backprop_lab::MAX_LAYERS - 1),
        }),
    },
    Field {
        key: "activation",
        read: Read::Name {
            plural: "activations",
            names: activation_names,
            set: |d, name| {
                d.activation = Some(activation(name)?);
                Ok(())
            },
        },
        default: Some(|d| text(first(&d.config.activations).name())),
        limits: None,
    },
    Field {
        key: "activations",
        read: Read::Names {
            plural: "activations",
            names: activation_names,
            set: |d, names| {
                d.activations = Some(activations(names)?);
                Ok(())
            },
        },
        default: Some(|d| {
            let names = d.config.activations.iter().map(|a| text(a.name()));
            names.collect::<Array>().into()
        }),
        limits: None,
    },
    Field {
        key: "outputActivation",
        read: Read::Name {
            plural: "activations",
            names: activation_names,
            set: |d, name| {
                d.config.output_activation = activation(name)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.output_activation.name())),
        limits: None,
    },
    Field {
        key: "cost",
        read: Read::Name {
            plural: "costs",
            names: || name_list(Cost::ALL, Cost::name),
            set: |d, name| {
                d.config.cost = Cost::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.cost.name())),
        limits: None,
    },
    Field {
        key: "init",
        read: Read::Name {
            plural: "inits",
            names: || name_list(Init::ALL, Init::name),
            set: |d, name| {
                d.config.init = Init::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.init.name())),
        limits: None,
    },
    Field {
        key: "seed",
        read: Read::Whole {
            what: "seed",
            set: |d, n| d.config.seed = n as u64,
        },
        default: Some(|d| number(d.config.seed as f64)),
        limits: Limits::range(0.0, WHOLE_MAX),
    },
    Field {
        key: "optimizer",
        read: Read::Name {
            plural: "optimizers",
            names: || name_list(OptimizerKind::ALL, OptimizerKind::name),
            set: |d, name| {
                d.config.optimizer.kind = OptimizerKind::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.optimizer.kind.name())),
        limits: None,
    },
    Field {
        key: "learningRate",
        read: Read::Number(|d, v| d.config.optimizer.learning_rate = v as f32),
        default: Some(|d| real(d.config.optimizer.learning_rate)),
        limits: Some(Limits {
            min: None,
            max: None,
            above: Some(0.0),
            max_length: None,
        }),
    },
    Field {
        key: "batchSize",
        read: Read::Whole {
            what: "batch size",
            set: |d, n| d.config.batch_size = n,
        },
        default: Some(|d| number(d.config.batch_size as f64)),
        limits: Limits::range(1.0, backprop_lab::MAX_BATCH_SIZE as f64),
    },
    Field {
        key: "regularization",
        read: Read::Name {
            plural: "regularizations",
            names: || name_list(Regularization::ALL, Regularization::name),
            set: |d, name| {
                d.config.optimizer.regularization =
                    Regularization::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: Some(|d| text(d.config.optimizer.regularization.name())),
        limits: None,
    },
    Field {
        key: "regularizationRate",
        read: Read::Number(|d, v| d.config.optimizer.regularization_rate = v as f32),
        default: Some(|d| real(d.config.optimizer.regularization_rate)),
        limits: Some(Limits {
            min: Some(0.0),
            max: None,
            above: None,
            max_length: None,
        }),
    },
    Field {
        key: "gridResolution",
        read: Read::Whole {
            what: "grid resolution",
            set: |d, n| d.config.grid_resolution = n,
        },
        default: Some(|d| number(d.config.grid_resolution as f64)),
        limits: Limits::range(
            backprop_lab::MIN_GRID_RESOLUTION as f64,
            backprop_lab::MAX_GRID_RESOLUTION as f64,
        ),
    },
    Field {
        key: "customPoints",
        read: Read::Numbers(|d, flat| d.points = flat),
        default: Some(|d| {
            let flat = d.points.iter().map(|&v| number(v));
            flat.collect::<Array>().into()
        }),
        limits: None,
    },
];

/// A network's configuration as it is read, with a saved network's parameters.
struct NetworkDraft {
    layers: Option<Vec<usize>>,
    /// `activation`: every hidden layer's (and the output's, unless `outputActivation`).
    activation: Activation,
    output_activation: Option<Activation>,
    activations: Option<Vec<Activation>>,
    cost: Cost,
    init: Init,
    /// None: a seed picked at random.
    seed: Option<u64>,
    weights: Option<Vec<Vec<f32>>>,
    biases: Option<Vec<Vec<f32>>>,
    /// A saved Playground network's input features (none: its input as it is).
    features: Option<Features>,
}

impl Default for NetworkDraft {
    /// What `new Network({ layers })` takes for the keys not given.
    fn default() -> Self {
        NetworkDraft {
            layers: None,
            activation: Activation::Sigmoid,
            output_activation: None,
            activations: None,
            cost: Cost::Quadratic,
            init: Init::Normal,
            seed: None,
            weights: None,
            biases: None,
            features: None,
        }
    }
}

/// A network's keys (`new Network(…)`, the first part of a saved network).
const NETWORK: &[Field<NetworkDraft>] = &[
    Field {
        key: "layers",
        read: Read::Wholes {
            what: "a layer size",
            set: |d, sizes| d.layers = Some(sizes),
        },
        default: None,
        limits: None,
    },
    Field {
        key: "activation",
        read: Read::Name {
            plural: "activations",
            names: activation_names,
            set: |d, name| {
                d.activation = activation(name)?;
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    Field {
        key: "outputActivation",
        read: Read::Name {
            plural: "activations",
            names: activation_names,
            set: |d, name| {
                d.output_activation = Some(activation(name)?);
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    Field {
        key: "activations",
        read: Read::Names {
            plural: "activations",
            names: activation_names,
            set: |d, names| {
                d.activations = Some(activations(names)?);
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    Field {
        key: "cost",
        read: Read::Name {
            plural: "costs",
            names: || name_list(Cost::ALL, Cost::name),
            set: |d, name| {
                d.cost = Cost::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    Field {
        key: "init",
        read: Read::Name {
            plural: "inits",
            names: || name_list(Init::ALL, Init::name),
            set: |d, name| {
                d.init = Init::from_name(name).map_err(js_error)?;
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    Field {
        key: "seed",
        read: Read::Whole {
            what: "seed",
            set: |d, n| d.seed = Some(n as u64),
        },
        default: None,
        limits: None,
    },
];

/// What a network with its parameters (`Network.toJSON()`, `readSave()`) has beyond
/// [`NETWORK`].
const SAVED: &[Field<NetworkDraft>] = &[
    Field {
        key: "weights",
        read: Read::Layers(|d, layers| d.weights = Some(layers)),
        default: None,
        limits: None,
    },
    Field {
        key: "biases",
        read: Read::Layers(|d, layers| d.biases = Some(layers)),
        default: None,
        limits: None,
    },
    // A Playground network's input features: read by the extras module (save files, the
    // exports, `checkFeatures`); the page's module, whose `loadSaved` and `fromSaved` take the
    // parameters, accepts and leaves them (issue 15: its 200 KB budget).
    #[cfg(feature = "extras")]
    Field {
        key: "features",
        read: Read::Names {
            plural: "features",
            names: feature_names,
            set: |d, names| {
                d.features = Some(features(names)?);
                Ok(())
            },
        },
        default: None,
        limits: None,
    },
    #[cfg(not(feature = "extras"))]
    Field {
        key: "features",
        read: Read::Kept,
        default: None,
        limits: None,
    },
    Field {
        key: "version",
        read: Read::Kept,
        default: None,
        limits: None,
    },
    Field {
        key: "scene",
        read: Read::Kept,
        default: None,
        limits: None,
    },
];

/// A JS number that must be a whole number ≥ 0 (a size, a count, a seed).
pub(crate) fn whole(value: f64, what: &str) -> JsResult<usize> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= WHOLE_MAX {
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

pub(crate) fn network_config(value: JsValue) -> JsResult<NetworkConfig> {
    network_config_of(&mut read(&value, "Network", &[NETWORK])?)
}

/// The network configuration a draft asks for (its parameters stay in it).
fn network_config_of(draft: &mut NetworkDraft) -> JsResult<NetworkConfig> {
    let layers = draft
        .layers
        .take()
        .ok_or_else(|| js_error("a Network needs layers, e.g. { layers: [2, 3, 1] }"))?;
    let depth = layers.len().saturating_sub(1);
    let activations = match draft.activations.take() {
        Some(list) => list,
        None => {
            let mut all = vec![draft.activation; depth.saturating_sub(1)];
            all.push(draft.output_activation.unwrap_or(draft.activation));
            all
        }
    };
    Ok(NetworkConfig {
        layers,
        activations,
        cost: draft.cost,
        init: draft.init,
        seed: draft.seed.unwrap_or_else(random_seed),
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
    let mut draft = read(&value, "saved network", &[NETWORK, SAVED])?;
    let config = network_config_of(&mut draft)?;
    let needs = |key: &str| {
        js_error(format!(
            "a saved network needs {key}: one array of numbers per layer 1 to {}",
            config.layers.len().saturating_sub(1)
        ))
    };
    Ok(SavedNetwork {
        weights: draft.weights.ok_or_else(|| needs("weights"))?,
        biases: draft.biases.ok_or_else(|| needs("biases"))?,
        features: draft.features,
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
fn triples(flat: &[f64]) -> JsResult<Points> {
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
    let value = if value.is_undefined() || value.is_null() {
        js_sys::Object::new().into()
    } else {
        value
    };
    let draft = read(&value, "Playground", &[PLAYGROUND])?;
    let mut config = draft.config;
    config.data.seed = config.seed;
    config.activations = match draft.activations {
        Some(list) => list,
        None => {
            let hidden = draft.activation.unwrap_or(first(&config.activations));
            vec![hidden; config.hidden.len()]
        }
    };
    Ok((config, triples(&draft.points)?))
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

/// `defaults()`: every key of the Playground's configuration with its default.
pub(crate) fn playground_defaults() -> JsValue {
    defaults_of(PLAYGROUND)
}

/// `limits()`: the core's limits of the Playground's numbers.
pub(crate) fn playground_limits() -> JsValue {
    limits_of(PLAYGROUND)
}

/// `names()`: the names each kind of option accepts.
pub(crate) fn names() -> JsValue {
    names_of(PLAYGROUND)
}

pub(crate) fn optimizer_constants() -> JsValue {
    let c = PlaygroundConfig::default().optimizer;
    crate::object(&[
        ("momentum", real(c.momentum)),
        ("beta1", real(c.beta1)),
        ("beta2", real(c.beta2)),
        ("epsilon", real(c.epsilon)),
    ])
}

fn name_list<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> JsValue {
    all.iter()
        .map(|&item| JsValue::from_str(name(item)))
        .collect::<js_sys::Array>()
        .into()
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
