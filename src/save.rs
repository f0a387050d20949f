//! Save files: a network's exact parameters and the page's scene (its URL-hash state) as JSON.
//!
//! ```text
//! { "format": "backprop-lab", "version": 1,
//!   "scene": "dataset=circle&hidden=4,2&…",          the page's URL hash, without '#'
//!   "network": { "layers": [2, 4, 2, 1], "activations": ["tanh", "tanh", "sigmoid"],
//!                "cost": "quadratic", "init": "xavier", "seed": 1,
//!                "weights": [ W⁽¹⁾, …, W⁽ᴸ⁾ ],   each W⁽ˡ⁾ as rows j of n_{l−1} numbers ([j][k])
//!                "biases":  [ b⁽¹⁾, …, b⁽ᴸ⁾ ],
//!                "features": ["x1", "x2", "x1sq"] } }      only a Playground network with
//! ```                                                     other features than x1, x2
//!
//! `features` (issue 15) names the Playground's input features, one per input neuron: a file
//! without it (every file written before features, and the default X₁, X₂) reads the point
//! (x₁, x₂) itself, or — for a network of other inputs, the Digits network's 784 pixels — its
//! input as it is.
//!
//! Every weight is written as the shortest decimal that reads back to the same `f32` bits —
//! through `f32` parsing (as [`SaveFile::parse`] does) and through `f64` parsing too (as
//! JavaScript and Python do) — so a save → load round trip is bit-exact.

mod json;

use crate::activation::Activation;
use crate::cost::Cost;
use crate::error::{superscript, Error, Result};
use crate::features::Features;
use crate::init::Init;
use crate::network::{Network, NetworkConfig};
use crate::playground::Playground;
use json::Json;

/// The value of the `format` member.
pub const FORMAT: &str = "backprop-lab";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A network as saved: its configuration and every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedNetwork {
    /// Layers, activations, cost, init and seed.
    pub config: NetworkConfig,
    /// W⁽ˡ⁾ for l = 1..L (index 0 is layer 1), row-major [j][k].
    pub weights: Vec<Vec<f32>>,
    /// b⁽ˡ⁾ for l = 1..L (index 0 is layer 1).
    pub biases: Vec<Vec<f32>>,
    /// The Playground's input features, one per input neuron; None: the input is read as it
    /// is (X₁, X₂ for a Playground network of two inputs).
    pub features: Option<Features>,
}

/// A whole save file: the scene and the network.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveFile {
    /// The page's URL-hash state, without the leading '#'.
    pub scene: String,
    /// The network and its parameters.
    pub network: SavedNetwork,
}

impl SaveFile {
    /// A snapshot of `net` with the page's `scene`.
    pub fn from_network(net: &Network, scene: &str) -> SaveFile {
        let depth = net.depth();
        SaveFile {
            scene: scene.trim_start_matches('#').to_string(),
            network: SavedNetwork {
                config: net.config().clone(),
                weights: (1..=depth).map(|l| net.weights(l).to_vec()).collect(),
                biases: (1..=depth).map(|l| net.biases(l).to_vec()).collect(),
                features: None,
            },
        }
    }

    /// The same file with the Playground's input `features` (written only when they are not
    /// the default X₁, X₂). Refused when the network has not one input per feature.
    pub fn with_features(mut self, features: Features) -> Result<SaveFile> {
        check_features(&self.network.config, Some(features))?;
        self.network.features = (!features.is_default()).then_some(features);
        Ok(self)
    }

    /// The input features the saved network reads: its `features`, else X₁, X₂.
    pub fn features(&self) -> Features {
        self.network.features.unwrap_or_default()
    }

    /// The file's text: readable JSON, one weight row per line.
    pub fn to_json(&self) -> String {
        let net = &self.network;
        let c = &net.config;
        let names: Vec<String> = c.activations.iter().map(|a| quote(a.name())).collect();
        let mut out = String::new();
        out.push_str(&format!(
            "{{\n  \"format\": {},\n  \"version\": {VERSION},\n  \"scene\": {},\n  \"network\": {{\n",
            quote(FORMAT),
            quote(&self.scene)
        ));
        out.push_str(&format!(
            "    \"layers\": [{}],\n    \"activations\": [{}],\n    \"cost\": {},\n    \
             \"init\": {},\n    \"seed\": {},\n",
            join(c.layers.iter().map(usize::to_string)),
            names.join(", "),
            quote(c.cost.name()),
            quote(c.init.name()),
            c.seed
        ));
        let layers: Vec<String> = net
            .weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let rows: Vec<String> = w
                    .chunks(c.layers[i].max(1))
                    .map(|row| format!("        [{}]", join(row.iter().map(|&v| float_text(v)))))
                    .collect();
                format!("      [\n{}\n      ]", rows.join(",\n"))
            })
            .collect();
        out.push_str(&format!(
            "    \"weights\": [\n{}\n    ],\n",
            layers.join(",\n")
        ));
        let biases: Vec<String> = net
            .biases
            .iter()
            .map(|b| format!("      [{}]", join(b.iter().map(|&v| float_text(v)))))
            .collect();
        out.push_str(&format!("    \"biases\": [\n{}\n    ]", biases.join(",\n")));
        if let Some(features) = net.features {
            let names: Vec<String> = features.names().into_iter().map(quote).collect();
            out.push_str(&format!(",\n    \"features\": [{}]", names.join(", ")));
        }
        out.push_str("\n  }\n}\n");
        out
    }

    /// Reads and checks a save file. A malformed file, another format or another version is
    /// refused with a message that says what is wrong.
    pub fn parse(text: &str) -> Result<SaveFile> {
        let root =
            json::parse(text).map_err(|e| invalid(format!("the file is not valid JSON: {e}")))?;
        if !matches!(root, Json::Object(_)) {
            return Err(invalid(format!(
                "the file is not a Backprop Lab save: it holds {} instead of an object",
                root.kind()
            )));
        }
        match root.get("format") {
            Some(Json::String(f)) if f == FORMAT => {}
            _ => {
                return Err(invalid(format!(
                    "the file is not a Backprop Lab save: its \"format\" is not \"{FORMAT}\""
                )))
            }
        }
        let version = match root.get("version") {
            Some(Json::Number(v)) => v.parse::<u64>().ok(),
            _ => None,
        };
        match version {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => {
                return Err(invalid(format!(
                    "the file is version {v} of the Backprop Lab format, but this page reads \
                     version {VERSION} only{}",
                    if v > u64::from(VERSION) {
                        ": open it with a newer Backprop Lab"
                    } else {
                        ""
                    }
                )))
            }
            None => {
                return Err(invalid(
                    "the file has no valid \"version\" (a whole number such as 1)".into(),
                ))
            }
        }
        let scene = match root.get("scene") {
            Some(Json::String(s)) => s.trim_start_matches('#').to_string(),
            None => String::new(),
            Some(other) => return Err(wrong_kind("scene", "a string", other)),
        };
        let net = member(&root, "network", "")?;
        let network = saved_network(net)?;
        Ok(SaveFile { scene, network })
    }

    /// A new network with the saved configuration and exactly the saved parameters.
    pub fn to_network(&self) -> Result<Network> {
        let mut net = Network::new(self.network.config.clone())?;
        net.load_parameters(&self.network.weights, &self.network.biases)?;
        Ok(net)
    }

    /// Puts the saved parameters into the network `pg` trains, which must read the saved
    /// input features (a file without them: X₁, X₂) and have the saved layers, activations
    /// and cost. Nothing changes on an error.
    pub fn load_into_playground(&self, pg: &mut Playground) -> Result<()> {
        self.check_playground_features(pg.features())?;
        self.load_into(pg.network_mut())
    }

    /// Refuses the file unless its network reads the input features `here` (those of the
    /// Playground its parameters are to go into; a file without features reads X₁, X₂).
    pub fn check_playground_features(&self, here: Features) -> Result<()> {
        let saved = self.features();
        if saved != here {
            return Err(invalid(format!(
                "the saved network reads the input features {} but this Playground's reads {}: \
                 load the file's scene (its features=) with it",
                saved.labels(),
                here.labels()
            )));
        }
        Ok(())
    }

    /// Puts the saved parameters into `net`, which must have the saved layers, activations
    /// and cost (the scene rebuilds it so). Nothing changes on an error.
    pub fn load_into(&self, net: &mut Network) -> Result<()> {
        let saved = &self.network.config;
        let here = net.config();
        if saved.activations != here.activations || saved.cost != here.cost {
            let names = |c: &NetworkConfig| {
                format!(
                    "activations [{}] with the {} cost",
                    crate::error::joined(c.activations.iter().map(|a| a.name()), ", "),
                    c.cost.name()
                )
            };
            return Err(invalid(format!(
                "the saved network uses {} but its scene builds {}: the file was edited or is \
                 damaged",
                names(saved),
                names(here)
            )));
        }
        net.load_parameters(&self.network.weights, &self.network.biases)
    }
}

/// The shortest decimal for `x` that reads back to the same bits both as an `f32` and as an
/// `f64` rounded to `f32` (always with a '.' or an exponent, so Python reads a float).
pub fn float_text(x: f32) -> String {
    let short = format!("{x:?}");
    let via_f64 = short.parse::<f64>().map(|v| v as f32);
    if via_f64.map(f32::to_bits) == Ok(x.to_bits()) {
        short
    } else {
        // The f32's exact value as the shortest f64 decimal: exact through either route.
        format!("{:?}", f64::from(x))
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidInput(message)
}

fn wrong_kind(name: &str, expected: &str, got: &Json) -> Error {
    invalid(format!(
        "the file's \"{name}\" should be {expected}, not {}",
        got.kind()
    ))
}

fn member<'a>(object: &'a Json, key: &str, path: &str) -> Result<&'a Json> {
    object
        .get(key)
        .ok_or_else(|| invalid(format!("the file has no \"{path}{key}\"")))
}

fn string<'a>(object: &'a Json, key: &str) -> Result<&'a str> {
    match member(object, key, "network.")? {
        Json::String(s) => Ok(s),
        other => Err(wrong_kind(&format!("network.{key}"), "a string", other)),
    }
}

fn array<'a>(value: &'a Json, name: &str) -> Result<&'a [Json]> {
    match value {
        Json::Array(items) => Ok(items),
        other => Err(wrong_kind(name, "an array", other)),
    }
}

fn whole_number(value: &Json, name: &str) -> Result<u64> {
    match value {
        Json::Number(text) => text.parse::<u64>().map_err(|_| {
            invalid(format!(
                "the file's \"{name}\" should be a whole number ≥ 0, not {text}"
            ))
        }),
        other => Err(wrong_kind(name, "a whole number", other)),
    }
}

/// A list of finite f32 numbers, parsed straight from their text.
fn floats(value: &Json, name: &str, len: usize) -> Result<Vec<f32>> {
    let items = array(value, name)?;
    if items.len() != len {
        return Err(invalid(format!(
            "{name} should hold {len} numbers but holds {}",
            items.len()
        )));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Json::Number(text) => match text.parse::<f32>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(invalid(format!(
                    "number {i} of {name} ({text}) is not a finite 32-bit float"
                ))),
            },
            other => Err(invalid(format!("number {i} of {name} is {}", other.kind()))),
        })
        .collect()
}

fn saved_network(net: &Json) -> Result<SavedNetwork> {
    if !matches!(net, Json::Object(_)) {
        return Err(wrong_kind("network", "an object", net));
    }
    let layers = array(member(net, "layers", "network.")?, "network.layers")?
        .iter()
        .map(|n| whole_number(n, "network.layers").map(|n| n as usize))
        .collect::<Result<Vec<usize>>>()?;
    let activations = array(
        member(net, "activations", "network.")?,
        "network.activations",
    )?
    .iter()
    .map(|a| match a {
        Json::String(name) => Activation::from_name(name),
        other => Err(wrong_kind("network.activations", "a list of names", other)),
    })
    .collect::<Result<Vec<Activation>>>()?;
    let config = NetworkConfig {
        layers,
        activations,
        cost: Cost::from_name(string(net, "cost")?)?,
        init: Init::from_name(string(net, "init")?)?,
        seed: whole_number(member(net, "seed", "network.")?, "network.seed")?,
    };
    config
        .validate()
        .map_err(|e| invalid(format!("the saved network cannot be built: {e}")))?;
    let depth = config.layers.len() - 1;
    let weights_json = array(member(net, "weights", "network.")?, "network.weights")?;
    let biases_json = array(member(net, "biases", "network.")?, "network.biases")?;
    for (name, got) in [
        ("weights", weights_json.len()),
        ("biases", biases_json.len()),
    ] {
        if got != depth {
            return Err(invalid(format!(
                "network.{name} should hold {depth} layers (l = 1 to {depth}) but holds {got}"
            )));
        }
    }
    let mut weights = Vec::with_capacity(depth);
    let mut biases = Vec::with_capacity(depth);
    for l in 1..=depth {
        let (n_in, n_out) = (config.layers[l - 1], config.layers[l]);
        let name = format!("W⁽{}⁾", superscript(l));
        let rows = array(&weights_json[l - 1], &name)?;
        if rows.len() != n_out {
            return Err(invalid(format!(
                "{name} should have {n_out} rows (one per neuron of layer {l}) but has {}",
                rows.len()
            )));
        }
        let mut w = Vec::with_capacity(n_out * n_in);
        for (j, row) in rows.iter().enumerate() {
            w.extend(floats(row, &format!("row {j} of {name}"), n_in)?);
        }
        weights.push(w);
        biases.push(floats(
            &biases_json[l - 1],
            &format!("b⁽{}⁾", superscript(l)),
            n_out,
        )?);
    }
    let features = match net.get("features") {
        None => None,
        Some(list) => {
            let names = array(list, "network.features")?
                .iter()
                .map(|f| match f {
                    Json::String(name) => Ok(name.as_str()),
                    other => Err(wrong_kind("network.features", "a list of names", other)),
                })
                .collect::<Result<Vec<&str>>>()?;
            let features = Features::from_names(&names)
                .map_err(|e| invalid(format!("the file's \"network.features\": {e}")))?;
            check_features(&config, Some(features))?;
            Some(features)
        }
    };
    Ok(SavedNetwork {
        config,
        weights,
        biases,
        features,
    })
}

/// Refuses `features` when the network has not one input neuron per feature.
pub fn check_features(config: &NetworkConfig, features: Option<Features>) -> Result<()> {
    let (Some(features), Some(&n0)) = (features, config.layers.first()) else {
        return Ok(());
    };
    if features.len() != n0 {
        return Err(invalid(format!(
            "the saved network reads {} input features ({}) but its layer 0 has {n0} \
             neurons: the file was edited or is damaged",
            features.len(),
            features.labels()
        )));
    }
    Ok(())
}

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
