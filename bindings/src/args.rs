//! Every argument a JS caller passes, checked at the boundary (docs/JS_API.md, "Arguments").
//!
//! The exported methods take `JsValue`s where wasm-bindgen's own conversion would trap or
//! silently change the value (a number where a string is expected, `-1` as a `usize`, `1.9`
//! as an index, `{ length: 1e9 }` as a `&[f32]`, `3.5e38` as an `f32`). These helpers turn
//! them into Rust values or into an `Error` naming the method, the argument, what was expected
//! and what came: "setOptimizer: optimizer must be a string such as \"sgd\", got 5". Lengths
//! are checked before anything is copied into wasm memory, and nothing here throws a JS
//! exception through Rust frames (so no `RefCell` stays borrowed after an error).

use js_sys::{Array, ArrayBuffer, Float32Array, JsString, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::number_text;
use crate::{js_error, JsResult};

/// The largest f32, as the JS number it is: a number beyond it would become ±∞ in wasm.
const F32_MAX: f64 = f32::MAX as f64;

/// The largest magnitude of a cost surface's range (`Surface.fit`, `setRange`): the grid's
/// spacing and the costs at its corners stay finite.
pub(crate) const RANGE_MAX: f64 = 1e6;

/// The most values a batch (`xs`, `ys` of `cost`, `gradient`, …) may hold: 16 MiB of f32.
pub(crate) const BATCH_MAX: usize = 1 << 22;

/// The bound of a count or an index the core checks against its own limits (a digit batch
/// size, a test image): any value beyond it would not fit a wasm `usize`.
pub(crate) const COUNT_MAX: usize = u32::MAX as usize;

/// The most characters a name (an activation, an optimizer, a parameter kind) may have.
pub(crate) const NAME_MAX: u32 = 64;

/// A short description of what a caller passed, for a message: `5`, `"abc"`, `true`, `null`,
/// `undefined`, `an array`, `a typed array`, `an object`, `a function`, `a symbol`.
pub(crate) fn shown(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        return number_text(n);
    }
    if let Some(s) = v.dyn_ref::<JsString>() {
        let head = String::from(s.slice(0, 24));
        let more = if s.length() > 24 { "…" } else { "" };
        return format!("\"{head}{more}\"");
    }
    let what = if let Some(b) = v.as_bool() {
        if b {
            "true"
        } else {
            "false"
        }
    } else if v.is_null() {
        "null"
    } else if v.is_undefined() {
        "undefined"
    } else if Array::is_array(v) {
        "an array"
    } else if ArrayBuffer::is_view(v) {
        "a typed array"
    } else if v.is_function() {
        "a function"
    } else if v.is_object() {
        "an object"
    } else if v.is_symbol() {
        "a symbol"
    } else {
        "a bigint"
    };
    what.to_string()
}

/// "`what` must be `expected`, got `shown(v)`".
pub(crate) fn wrong(what: &str, expected: &str, v: &JsValue) -> JsError {
    js_error(format!("{what} must be {expected}, got {}", shown(v)))
}

/// A JS number of magnitude at most `max` (NaN and ±∞ are refused).
fn number(v: &JsValue, what: &str, max: f64) -> JsResult<f64> {
    match v.as_f64() {
        Some(x) if x.abs() <= max => Ok(x),
        _ if max < F32_MAX => Err(wrong(what, "a number from -1000000 to 1000000", v)),
        _ => Err(wrong(what, "a finite number within ±3.4e38", v)),
    }
}

// The helpers below take their argument by value, so that it is dropped in one place.

/// A real argument that is finite as an f32 (3.5e38 is refused, not turned into ∞).
pub(crate) fn real64(v: JsValue, what: &str) -> JsResult<f64> {
    number(&v, what, F32_MAX)
}

/// [`real64`] as an f32.
pub(crate) fn real(v: JsValue, what: &str) -> JsResult<f32> {
    number(&v, what, F32_MAX).map(|x| x as f32)
}

/// An end or the half-width of a cost surface's range, within ±[`RANGE_MAX`].
pub(crate) fn range(v: JsValue, what: &str) -> JsResult<f32> {
    number(&v, what, RANGE_MAX).map(|x| x as f32)
}

/// [`range`], or `None` for `undefined` and `null`.
pub(crate) fn optional_range(v: JsValue, what: &str) -> JsResult<Option<f32>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        range(v, what).map(Some)
    }
}

/// A whole number from 0 to `max`: an index, a count or a size (never wrapped or truncated:
/// `-1`, `1.9` and `2 ** 32 + 1` are refused).
pub(crate) fn whole(v: JsValue, what: &str, max: usize) -> JsResult<usize> {
    whole_of(&v, what, max)
}

fn whole_of(v: &JsValue, what: &str, max: usize) -> JsResult<usize> {
    match v.as_f64() {
        Some(x) if x >= 0.0 && x <= max as f64 && x.fract() == 0.0 => Ok(x as usize),
        _ => Err(wrong(what, &format!("a whole number from 0 to {max}"), v)),
    }
}

/// A JS string of at most `max` characters (checked before it is copied).
pub(crate) fn text(v: &JsValue, what: &str, expected: &str, max: u32) -> JsResult<String> {
    match v.dyn_ref::<JsString>() {
        Some(s) if s.length() <= max => Ok(s.into()),
        Some(s) => Err(js_error(format!(
            "{what} must be at most {max} characters long, got {}",
            s.length()
        ))),
        None => Err(wrong(what, expected, v)),
    }
}

/// A name such as `example` ("sgd", "tanh", "weight"); the core says which names exist.
pub(crate) fn name(v: JsValue, what: &str, example: &str) -> JsResult<String> {
    text(
        &v,
        what,
        &format!("a string such as \"{example}\""),
        NAME_MAX,
    )
}

/// Free text (a save file, a URL hash) of at most `max` characters.
pub(crate) fn string(v: JsValue, what: &str, max: u32) -> JsResult<String> {
    text(&v, what, "a string", max)
}

/// The length of an Array or a typed array, refused above `max` before anything is copied.
pub(crate) fn length(v: &JsValue, what: &str, expected: &str, max: usize) -> JsResult<usize> {
    if !Array::is_array(v) && !ArrayBuffer::is_view(v) {
        return Err(wrong(what, expected, v));
    }
    let len = Reflect::get(v, &JsValue::from_str("length"))
        .ok()
        .and_then(|n| n.as_f64())
        .ok_or_else(|| wrong(what, expected, v))?;
    if len > max as f64 {
        return Err(js_error(format!(
            "{what} must hold at most {max} values, got {}",
            number_text(len)
        )));
    }
    Ok(len as usize)
}

/// The values of an Array or a typed array, each checked by `check` (which gets the value
/// and "what[i]" for its message).
pub(crate) fn each<T>(
    v: &JsValue,
    what: &str,
    expected: &str,
    max: usize,
    check: impl Fn(&JsValue, &str) -> JsResult<T>,
) -> JsResult<Vec<T>> {
    length(v, what, expected, max)?;
    let array = if Array::is_array(v) {
        v.clone().unchecked_into::<Array>()
    } else {
        Array::from(v)
    };
    array
        .iter()
        .enumerate()
        .map(|(i, x)| check(&x, &format!("{what}[{i}]")))
        .collect()
}

/// A `Float32Array`, an Array of numbers or another typed array of at most `max` values, each
/// finite as an f32.
pub(crate) fn f32s(v: JsValue, what: &str, max: usize) -> JsResult<Vec<f32>> {
    let v = &v;
    const EXPECTED: &str = "a Float32Array or an array of numbers";
    if let Some(a) = v.dyn_ref::<Float32Array>() {
        length(v, what, EXPECTED, max)?;
        let values = a.to_vec();
        if let Some(i) = values.iter().position(|x| !x.is_finite()) {
            number(&values[i].into(), &format!("{what}[{i}]"), F32_MAX)?;
        }
        return Ok(values);
    }
    each(v, what, EXPECTED, max, |x, what| {
        number(x, what, F32_MAX).map(|x| x as f32)
    })
}

/// Whole numbers from 0 to `max_value` (indices), at most `max` of them.
pub(crate) fn wholes(v: JsValue, what: &str, max: usize, max_value: usize) -> JsResult<Vec<usize>> {
    each(&v, what, "an array of whole numbers", max, |x, what| {
        whole_of(x, what, max_value)
    })
}

/// A layer index l (at most `MAX_LAYERS`; the core checks it against the network).
pub(crate) fn layer(v: JsValue, what: &str) -> JsResult<usize> {
    whole(v, what, backprop_lab::MAX_LAYERS)
}

/// A neuron index j or k (below `MAX_NEURONS`; the core checks it against the layer).
pub(crate) fn neuron(v: JsValue, what: &str) -> JsResult<usize> {
    whole(v, what, backprop_lab::MAX_NEURONS - 1)
}

/// A `Uint8Array` of at most `max` bytes.
pub(crate) fn bytes(v: JsValue, what: &str, max: usize) -> JsResult<Vec<u8>> {
    const EXPECTED: &str = "a Uint8Array";
    let v = &v;
    let a = v
        .dyn_ref::<Uint8Array>()
        .ok_or_else(|| wrong(what, EXPECTED, v))?;
    length(v, what, EXPECTED, max)?;
    Ok(a.to_vec())
}
