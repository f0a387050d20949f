//! Save files and the PyTorch export, in the extras module: a network comes in as the plain
//! object `Network.toJSON()` returns (or the page's `Network` handle itself) and text goes
//! out; a file's text comes in and that object goes out. Parsing and every check live in the
//! core (`backprop_lab::save`, `backprop_lab::export`).

use wasm_bindgen::prelude::*;

use crate::args::string;
use crate::{config, js_error, JsResult};

/// The longest save file `readSave` reads: a network of `MAX_PARAMETERS` numbers fits.
const FILE_MAX: u32 = 64 << 20;

/// The longest scene (a URL hash) a save file keeps.
const SCENE_MAX: u32 = 64 << 10;
use backprop_lab::{Features, SaveFile};

/// The core network `network` describes, checked (shapes, finite values), and its input
/// features (a Playground's other than X₁, X₂, which read the point as it is; else none).
fn network_of(network: &JsValue) -> JsResult<(backprop_lab::Network, Option<Features>)> {
    let file = config::saved_file(network)?;
    let features = file.network.features;
    backprop_lab::save::check_features(&file.network.config, features).map_err(js_error)?;
    let net = file.to_network().map_err(js_error)?;
    Ok((net, features.filter(|f| !f.is_default())))
}

/// Reads and checks a save file's text (format, version, shapes, values); throws an `Error`
/// saying what is wrong. Returns `{ version, scene, layers, activations, cost, init, seed,
/// weights, biases }` (and `features` when the file names them), which `Network.fromSaved` and
/// `network.loadSaved` take.
#[wasm_bindgen(js_name = readSave)]
pub fn read_save(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    let text = string(text, "readSave: text", FILE_MAX)?;
    let file = SaveFile::parse(&text).map_err(js_error)?;
    let net = file.to_network().map_err(js_error)?;
    let mut extra = vec![
        ("version", JsValue::from(backprop_lab::save::VERSION)),
        ("scene", JsValue::from_str(&file.scene)),
    ];
    if let Some(features) = file.network.features {
        extra.push(("features", config::feature_list(features)));
    }
    Ok(config::describe(&net, &extra))
}

/// The save file's JSON text for `network` (a `Network` or `toJSON()`'s object) with its
/// exact parameters and the page's `scene` (its URL hash).
#[wasm_bindgen(js_name = saveJson)]
pub fn save_json(
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] scene: JsValue,
) -> JsResult<String> {
    let scene = string(scene, "saveJson: scene", SCENE_MAX)?;
    let (net, features) = network_of(&network)?;
    let file = SaveFile::from_network(&net, &scene);
    let file = match features {
        Some(features) => file.with_features(features).map_err(js_error)?,
        None => file,
    };
    Ok(file.to_json())
}

/// Throws unless the saved network `saved` (`readSave()`'s object) reads the input `features`
/// (names, e.g. a Playground's `features()`): a file without features reads x1, x2.
#[wasm_bindgen(js_name = checkFeatures)]
pub fn check_features(
    saved: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] features: JsValue,
) -> JsResult<()> {
    let file = config::saved_file(&saved)?;
    const WHAT: &str = "checkFeatures: features";
    const EXPECTED: &str = "an array of feature names such as \"x1\"";
    crate::args::length(&features, WHAT, EXPECTED, backprop_lab::MAX_FEATURES)?;
    let names = js_sys::Array::from(&features)
        .iter()
        .map(|v| crate::args::text(&v, WHAT, EXPECTED, crate::args::NAME_MAX))
        .collect::<JsResult<Vec<String>>>()?;
    let here = Features::from_names(&names).map_err(js_error)?;
    file.check_playground_features(here).map_err(js_error)
}

/// Python source rebuilding `network` (as for `saveJson`) in PyTorch (`nn.Sequential`) with
/// the same weights (and, for a Playground network with input features, `features(p)`).
#[wasm_bindgen(js_name = toPyTorch)]
pub fn to_pytorch(network: JsValue) -> JsResult<String> {
    let (net, features) = network_of(&network)?;
    Ok(backprop_lab::export::to_pytorch_with(&net, features))
}

/// Python source of `network` (as for `saveJson`) in plain NumPy: the arrays W[l], b[l] and a
/// `forward(x)` in 3Blue1Brown's notation.
#[wasm_bindgen(js_name = toNumPy)]
pub fn to_numpy(network: JsValue) -> JsResult<String> {
    let (net, features) = network_of(&network)?;
    Ok(backprop_lab::export::to_numpy_with(&net, features))
}

/// Reads a CSV file's text of `x1, x2, label` rows for the Playground (the core's
/// `parse_csv_points`: separators, header, decimal comma, quotes, classes or numbers, scaling);
/// throws an `Error` naming the line and the problem. `labels` is `"auto"` (the default),
/// `"classes"` or `"numbers"`. Returns `{ dataset, points, classNames, x1Range, x2Range,
/// labelRange, header, separator, rows }`: `dataset` and `points` (flat x, y, label, scaled into
/// the input square) go to `new Playground({ dataset, customPoints: points })`.
#[wasm_bindgen(js_name = parseCsvPoints)]
pub fn parse_csv_points(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] labels: JsValue,
) -> JsResult<JsValue> {
    use backprop_lab::LabelKind;
    use js_sys::{Array, Float32Array};
    let text = string(
        text,
        "parseCsvPoints: text",
        4 * backprop_lab::csv_points::MAX_TEXT as u32,
    )?;
    let labels = if labels.is_undefined() {
        LabelKind::Auto
    } else {
        match string(labels, "parseCsvPoints: labels", 16)?.as_str() {
            "auto" => LabelKind::Auto,
            "classes" => LabelKind::Classes,
            "numbers" => LabelKind::Numbers,
            other => {
                return Err(js_error(format!(
                    "parseCsvPoints: labels must be \"auto\", \"classes\" or \"numbers\", not \"{other}\""
                )))
            }
        }
    };
    let p = backprop_lab::parse_csv_points(&text, labels).map_err(js_error)?;
    let flat: Vec<f32> = p.points.iter().flat_map(|&(x, y, l)| [x, y, l]).collect();
    let strings = |list: &[String]| -> JsValue {
        list.iter()
            .map(|s| JsValue::from_str(s))
            .collect::<Array>()
            .into()
    };
    let pair = |(lo, hi): (f64, f64)| -> JsValue {
        [lo, hi]
            .iter()
            .map(|&v| JsValue::from_f64(v))
            .collect::<Array>()
            .into()
    };
    Ok(crate::object(&[
        ("dataset", JsValue::from_str(p.kind.name())),
        ("points", Float32Array::from(flat.as_slice()).into()),
        ("classNames", strings(&p.class_names)),
        ("x1Range", pair(p.x_ranges[0])),
        ("x2Range", pair(p.x_ranges[1])),
        ("labelRange", p.label_range.map_or(JsValue::NULL, pair)),
        (
            "header",
            p.header.as_ref().map_or(JsValue::NULL, |h| strings(h)),
        ),
        ("separator", JsValue::from_str(&p.separator.to_string())),
        ("rows", JsValue::from_f64(p.points.len() as f64)),
    ]))
}
