//! `layout()`: where a network's buffers lie in wasm memory, sent once per rebuild so that
//! `www/app/wasm-views.js` can build its typed-array views (and check its indices) without a
//! call per buffer; and `setParameters`, the checked write that replaces JS writing into them. It is one flat `Uint32Array` (the cheapest thing to send: the page's
//! module has a size budget), read by `wasm-views.js`'s `readLayout`:
//!
//! ```text
//! L, n_0, …, n_L,
//! for l = 0..L: W⁽ˡ⁾ address, length, b⁽ˡ⁾ address, length, a⁽ˡ⁾ address, length, z⁽ˡ⁾ address, length
//! ```
//!
//! Addresses are bytes, lengths f32 elements; an empty buffer (W⁽⁰⁾) has length 0. The
//! addresses hold until the network is rebuilt (its buffers are never reallocated); the memory
//! itself may grow and detach old views at any allocation.
//!
//! Size: `layout` costs the page's module 1.2 KB and `setParameters` 1.3 KB (`cargo xtask
//! build` of one tree with and without each; its cheapest form: one flat array, split here).
//! A Playground's grid (address, length, neuron offsets) comes from its `gridPtr`, `gridLen`
//! and `gridOffset`, called once per rebuild, rather than from a second `layout` (0.7 KB more).

use wasm_bindgen::prelude::*;

use crate::args::f32s;
use crate::handle::Network;
use crate::{address, js_error, JsResult};

/// The layout of `net` (the format above).
fn network_layout(net: &backprop_lab::Network) -> Vec<u32> {
    let depth = net.depth();
    let mut out = vec![depth as u32];
    out.extend(net.sizes().iter().map(|&n| n as u32));
    for l in 0..=depth {
        for buffer in [net.weights(l), net.biases(l), net.a(l), net.z(l)] {
            out.extend([address(buffer), buffer.len() as u32]);
        }
    }
    out
}

#[wasm_bindgen]
impl Network {
    /// Where W⁽ˡ⁾, b⁽ˡ⁾, a⁽ˡ⁾ and z⁽ˡ⁾ lie in wasm memory (the format: `bindings/src/layout.rs`).
    pub fn layout(&self) -> Vec<u32> {
        self.shared.with(network_layout)
    }

    /// Replaces every parameter at once from one `Float32Array` (or array of numbers): W⁽¹⁾
    /// (row-major [j][k]), b⁽¹⁾, W⁽²⁾, b⁽²⁾, …, b⁽ᴸ⁾, each as long as `layout()` says. Checked by
    /// the core (shapes, finite values); on an error nothing changes. One call copies the
    /// values (the Digits page takes its worker's parameters this way every frame).
    #[wasm_bindgen(js_name = setParameters)]
    pub fn set_parameters(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: JsValue,
    ) -> JsResult<()> {
        let values = f32s(
            values,
            "setParameters: values",
            backprop_lab::MAX_PARAMETERS,
        )?;
        self.shared.with_mut(|net| {
            let (mut w, mut b, mut rest) = (Vec::new(), Vec::new(), &values[..]);
            for l in 1..=net.depth() {
                for (out, n) in [
                    (&mut w, net.weights(l).len()),
                    (&mut b, net.biases(l).len()),
                ] {
                    let (head, tail) = rest.split_at(n.min(rest.len()));
                    out.push(head.to_vec());
                    rest = tail;
                }
            }
            if !rest.is_empty() {
                return Err(js_error(format!(
                    "setParameters: values has {} numbers, more than this network's {} parameters",
                    values.len(),
                    values.len() - rest.len()
                )));
            }
            net.load_parameters(&w, &b).map_err(js_error)
        })
    }
}
