//! `layout()`: where a network's buffers lie in wasm memory, sent once per rebuild so that
//! `www/app/wasm-views.js` can build its typed-array views (and check its indices) without a
//! call per buffer; and `setParameters`, the checked write that replaces raw writes into them.

use js_sys::{Array, Uint32Array};
use wasm_bindgen::prelude::*;

use crate::args::{each, f32s};
use crate::handle::Network;
use crate::playground::Playground;
use crate::{address, js_error, object, JsResult};

/// One `Uint32Array` entry per layer l = 0..L of the buffer `of(net, l)`: its address and its
/// length in f32 elements (an empty buffer, as W⁽⁰⁾, has length 0).
fn per_layer(
    net: &backprop_lab::Network,
    of: fn(&backprop_lab::Network, usize) -> &[f32],
) -> [JsValue; 2] {
    let (ptr, len): (Vec<u32>, Vec<u32>) = (0..=net.depth())
        .map(|l| (address(of(net, l)), of(net, l).len() as u32))
        .unzip();
    [
        Uint32Array::from(ptr.as_slice()).into(),
        Uint32Array::from(len.as_slice()).into(),
    ]
}

/// The network's layout as `(key, value)` pairs (see `Network::layout`).
fn network_layout(net: &backprop_lab::Network) -> Vec<(&'static str, JsValue)> {
    let sizes: Vec<u32> = net.sizes().iter().map(|&n| n as u32).collect();
    let [w, w_len] = per_layer(net, |net, l| net.weights(l));
    let [b, b_len] = per_layer(net, |net, l| net.biases(l));
    let [a, a_len] = per_layer(net, |net, l| net.a(l));
    let [z, z_len] = per_layer(net, |net, l| net.z(l));
    vec![
        ("sizes", Uint32Array::from(sizes.as_slice()).into()),
        ("weights", w),
        ("weightsLen", w_len),
        ("biases", b),
        ("biasesLen", b_len),
        ("a", a),
        ("aLen", a_len),
        ("z", z),
        ("zLen", z_len),
    ]
}

#[wasm_bindgen]
impl Network {
    /// `{ sizes, weights, weightsLen, biases, biasesLen, a, aLen, z, zLen }`: `sizes[l]` = n_l,
    /// and for each buffer a `Uint32Array` indexed by l = 0..L of its byte address in wasm
    /// memory and its length in f32 elements (W⁽ˡ⁾ is row-major [j][k], n_l × n_{l−1}). The
    /// addresses hold until the network is rebuilt; the memory itself may grow (and detach
    /// old views) at any allocation.
    pub fn layout(&self) -> JsValue {
        self.shared.with(|net| object(&network_layout(net)))
    }

    /// Replaces every parameter at once: `weights[l − 1]` is W⁽ˡ⁾ (row-major [j][k]) and
    /// `biases[l − 1]` is b⁽ˡ⁾, each a `Float32Array` or an array of numbers. Every shape and
    /// value is checked first; on an error nothing changes.
    #[wasm_bindgen(js_name = setParameters)]
    pub fn set_parameters(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array[]")] weights: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array[]")] biases: JsValue,
    ) -> JsResult<()> {
        const EXPECTED: &str = "an array with one Float32Array per layer";
        let layers = |v: &JsValue, what: &str, max: usize| {
            each(v, what, EXPECTED, backprop_lab::MAX_LAYERS, |x, what| {
                f32s(x.clone(), what, max)
            })
        };
        let w = layers(
            &weights,
            "setParameters: weights",
            backprop_lab::MAX_PARAMETERS,
        )?;
        let b = layers(&biases, "setParameters: biases", backprop_lab::MAX_NEURONS)?;
        self.shared
            .with_mut(|net| net.load_parameters(&w, &b))
            .map_err(js_error)
    }
}

#[wasm_bindgen]
impl Playground {
    /// Its network's `layout()` plus the neuron grid: `grid` (address), `gridLen`,
    /// `gridResolution` and `gridOffsets`, an Array indexed by l = 0..L of `Uint32Array`s
    /// where neuron j of layer l starts in the grid, in f32 elements (layer 0: empty).
    pub fn layout(&self) -> JsValue {
        let inner = self.inner.borrow();
        let net = inner.network();
        let offsets = Array::new();
        for (l, &n) in net.sizes().iter().enumerate() {
            let row: Vec<u32> = if l == 0 {
                Vec::new()
            } else {
                (0..n).map(|j| inner.grid_offset(l, j) as u32).collect()
            };
            offsets.push(&Uint32Array::from(row.as_slice()));
        }
        let mut entries = network_layout(net);
        entries.extend([
            ("grid", JsValue::from(address(inner.grid()))),
            ("gridLen", JsValue::from(inner.grid().len() as u32)),
            (
                "gridResolution",
                JsValue::from(inner.grid_resolution() as u32),
            ),
            ("gridOffsets", offsets.into()),
        ]);
        object(&entries)
    }
}
