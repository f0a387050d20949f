//! `layout()`: where a network's buffers lie in wasm memory, sent once per rebuild so that
//! `www/app/wasm-views.js` can build its typed-array views (and check its indices) without a
//! call per buffer. It is one flat `Uint32Array` (the cheapest thing to send: the page's
//! module has a size budget), read by `wasm-views.js`'s `readLayout`:
//!
//! ```text
//! L, n_0, …, n_L,
//! for l = 0..L: W⁽ˡ⁾ address, length, b⁽ˡ⁾ address, length, a⁽ˡ⁾ address, length, z⁽ˡ⁾ address, length
//! (Playground only) grid address, length, resolution, then for l = 1..L, j = 0..n_l − 1:
//!                   where neuron j of layer l starts in the grid
//! ```
//!
//! Addresses are bytes, lengths and grid offsets f32 elements; an empty buffer (W⁽⁰⁾) has
//! length 0. The addresses hold until the network is rebuilt (its buffers are never
//! reallocated); the memory itself may grow and detach old views at any allocation.

use wasm_bindgen::prelude::*;

use crate::address;
use crate::handle::Network;
use crate::playground::Playground;

/// The network part of the layout (out of line: both handles' `layout` share one copy).
#[inline(never)]
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

#[wasm_bindgen]
impl Playground {
    /// Its network's `layout()` followed by the neuron grid's address, length, resolution and
    /// every neuron's offset in it (the format: `bindings/src/layout.rs`).
    pub fn layout(&self) -> Vec<u32> {
        let inner = self.inner.borrow();
        let mut out = network_layout(inner.network());
        let grid = inner.grid();
        out.extend([
            address(grid),
            grid.len() as u32,
            inner.grid_resolution() as u32,
        ]);
        let sizes = inner.network().sizes();
        for (l, &n) in sizes.iter().enumerate().skip(1) {
            out.extend((0..n).map(|j| inner.grid_offset(l, j) as u32));
        }
        out
    }
}
