//! `layout()`: where a network's buffers lie in wasm memory, sent once per rebuild so that
//! `www/app/wasm-views.js` can build its typed-array views (and check its indices) without a
//! call per buffer. It is one flat `Uint32Array` (the cheapest thing to send: the page's
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
//! Size: this costs the page's module 1.2 KB (`cargo xtask build` with and without this file).
//! A Playground's grid (address, length, neuron offsets) comes from its `gridPtr`, `gridLen`
//! and `gridOffset`, called once per rebuild, rather than from a second `layout` (0.7 KB more).

use wasm_bindgen::prelude::*;

use crate::address;
use crate::handle::Network;

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
}
