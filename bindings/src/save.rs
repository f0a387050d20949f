//! Save files and the PyTorch export on the JS `Network` handle: text in, text out. Parsing
//! and every check live in the core (`backprop_lab::save`, `backprop_lab::export`).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::handle::{Network, Shared};
use crate::{js_error, object, JsResult};
use backprop_lab::SaveFile;

/// Reads and checks a save file's text (format, version, shapes, values); throws an `Error`
/// saying what is wrong. Returns `{ version, scene, layers, activations, cost, init, seed }`.
#[wasm_bindgen(js_name = readSave)]
pub fn read_save(text: &str) -> JsResult<JsValue> {
    let file = SaveFile::parse(text).map_err(js_error)?;
    let c = &file.network.config;
    let layers: Array = c.layers.iter().map(|&n| JsValue::from(n as u32)).collect();
    let activations: Array = c
        .activations
        .iter()
        .map(|a| JsValue::from_str(a.name()))
        .collect();
    Ok(object(&[
        ("version", JsValue::from(backprop_lab::save::VERSION)),
        ("scene", JsValue::from_str(&file.scene)),
        ("layers", layers.into()),
        ("activations", activations.into()),
        ("cost", JsValue::from_str(c.cost.name())),
        ("init", JsValue::from_str(c.init.name())),
        ("seed", JsValue::from_f64(c.seed as f64)),
    ]))
}

#[wasm_bindgen]
impl Network {
    /// The save file's JSON text for this network's exact parameters and the page's `scene`
    /// (its URL hash).
    #[wasm_bindgen(js_name = saveJson)]
    pub fn save_json(&self, scene: &str) -> String {
        self.shared
            .with(|net| SaveFile::from_network(net, scene).to_json())
    }

    /// Puts a save file's parameters into this network, which must have the saved layers,
    /// activations and cost. Throws and changes nothing when the file is refused.
    #[wasm_bindgen(js_name = loadSave)]
    pub fn load_save(&self, text: &str) -> JsResult<()> {
        let file = SaveFile::parse(text).map_err(js_error)?;
        self.shared
            .with_mut(|net| file.load_into(net))
            .map_err(js_error)
    }

    /// A new network (of its own) built from a save file, with exactly its parameters.
    #[wasm_bindgen(js_name = fromSave)]
    pub fn from_save(text: &str) -> JsResult<Network> {
        let file = SaveFile::parse(text).map_err(js_error)?;
        let net = file.to_network().map_err(js_error)?;
        Ok(Network {
            shared: Shared::Own(Rc::new(RefCell::new(net))),
        })
    }

    /// Python source rebuilding this network in PyTorch (`nn.Sequential`) with the same
    /// weights.
    #[wasm_bindgen(js_name = toPyTorch)]
    pub fn to_pytorch(&self) -> String {
        self.shared.with(backprop_lab::export::to_pytorch)
    }
}
