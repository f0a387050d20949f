//! The JavaScript face of Backprop Lab.
//!
//! Everything here converts: JS objects and typed arrays in, handles, numbers and typed-array
//! views out, and every core `Err` becomes a thrown JS `Error` carrying the core's message.
//! There is no math in this crate; it all lives in the `backprop-lab` core.
//!
//! The crate builds two wasm modules, one per feature, so that every page loads only what it
//! uses: `app` (www/pkg/backprop_lab.js: `Network`, `Stepper`, `Playground`) and `extras`
//! (www/pkg/backprop_lab_extras.js, loaded when first needed: the Digits trainer, the cost
//! `Surface`, save files and the PyTorch export). A network crosses between them as the plain
//! object `Network.toJSON()` returns: `{ layers, activations, cost, init, seed, weights,
//! biases }`.
//!
//! Big buffers (weights, caches, the neuron grid) never cross the boundary per frame: JS asks
//! once for a pointer and a length and builds a `Float32Array` over `memory.buffer`.

// A build with one feature leaves some shared helpers unused.
#![cfg_attr(not(all(feature = "app", feature = "extras")), allow(dead_code))]

mod args;
// The page module's allocator (the extras module keeps std's: see blocks.rs).
#[cfg(any(all(target_arch = "wasm32", not(feature = "extras")), test))]
mod blocks;
#[cfg(feature = "app")]
mod chain;
mod config;
#[cfg(feature = "extras")]
mod derived;
#[cfg(feature = "extras")]
mod digits;
#[cfg(feature = "app")]
mod handle;
#[cfg(feature = "app")]
mod layout;
#[cfg(feature = "extras")]
mod paths;
#[cfg(feature = "app")]
mod playground;
#[cfg(feature = "extras")]
mod save;
#[cfg(feature = "app")]
mod stepper;
#[cfg(feature = "extras")]
mod surface;

use std::fmt::Display;

use wasm_bindgen::prelude::*;

#[cfg(feature = "extras")]
pub use digits::{digits_defaults, preprocess_digit, Digits};
#[cfg(feature = "app")]
pub use handle::Network;
#[cfg(feature = "app")]
pub use playground::Playground;
#[cfg(feature = "extras")]
pub use save::{check_features, parse_csv_points, read_save, save_json, to_numpy, to_pytorch};
#[cfg(feature = "app")]
pub use stepper::Stepper;
#[cfg(feature = "extras")]
pub use surface::Surface;

/// A core error (or any displayable message) as a JS `Error`.
pub(crate) fn js_error(message: impl Display) -> JsError {
    JsError::new(&message.to_string())
}

pub(crate) type JsResult<T> = Result<T, JsError>;

/// A plain JS object built from `(key, value)` pairs.
pub(crate) fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// The address of a slice in wasm memory, for `new Float32Array(memory.buffer, ptr, len)`.
pub(crate) fn address(slice: &[f32]) -> u32 {
    slice.as_ptr() as usize as u32
}

/// The default Playground configuration, as the page's state starts from it. The defaults
/// exist once, in the core; JS asks for them here.
#[cfg(feature = "app")]
#[wasm_bindgen]
pub fn defaults() -> JsValue {
    config::playground_defaults()
}

/// The optimizers' constants every Playground uses, `{ momentum, beta1, beta2, epsilon }` (μ;
/// Adam's β₁, β₂, ε): the core's own values, for the page to show beside the optimizer. No
/// configuration key changes them.
#[cfg(feature = "app")]
#[wasm_bindgen(js_name = optimizerConstants)]
pub fn optimizer_constants() -> JsValue {
    config::optimizer_constants()
}

/// The core's limits of the Playground configuration's numbers, from the same table as
/// `defaults()`: `{ points: { min, max }, noise, trainFraction, hidden: { min, max, maxLength },
/// seed, learningRate: { above }, batchSize, regularizationRate: { min }, gridResolution }`
/// (`min`/`max` inclusive, `above` exclusive, `maxLength` the most values of a list). A
/// configuration outside them is refused by the core with its own message.
#[cfg(feature = "app")]
#[wasm_bindgen]
pub fn limits() -> JsValue {
    config::playground_limits()
}

/// The names each option accepts: `{ activations, costs, inits, optimizers, regularizations,
/// datasets }`, each an array of strings.
#[cfg(feature = "app")]
#[wasm_bindgen]
pub fn names() -> JsValue {
    config::names()
}
