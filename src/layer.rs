//! The teaching path: one example through the layers, one step at a time. Three kernels —
//! [`Trace::forward_layer`], [`Trace::output`] with [`Trace::backward_layer`], and [`descend`] —
//! are all of backpropagation; [`Network::forward`](crate::Network::forward),
//! [`Network::backward`](crate::Network::backward), the gradient over a set
//! ([`Network::gradient`](crate::Network::gradient)) and the [`Stepper`](crate::Stepper) call
//! them and nothing else. A training step is
//!
//! ```text
//! for l in 1..=L { trace.forward_layer(W⁽ˡ⁾, b⁽ˡ⁾, f, l) }          // z⁽ˡ⁾, a⁽ˡ⁾
//! C₀ = trace.output(cost, f, y)                                   // δ⁽ᴸ⁾
//! for l in (1..=L).rev() { trace.backward_layer(W⁽ˡ⁾, f, l, ∂W, ∂b) } // δ⁽ˡ⁾, ∂C₀/∂W⁽ˡ⁾, ∂C₀/∂b⁽ˡ⁾
//! for l in 1..=L { descend(W⁽ˡ⁾, ∂W⁽ˡ⁾, η); descend(b⁽ˡ⁾, ∂b⁽ˡ⁾, η) }
//! ```
//!
//! The same equations for a whole mini-batch at once, as matrices, are [`crate::batch`]: the
//! fast path training runs on, tested against this one.

use crate::activation::Activation;
use crate::cost::Cost;

/// One example's pass through the layers: z⁽ˡ⁾, a⁽ˡ⁾, δ⁽ˡ⁾ and ∂C₀/∂a⁽ˡ⁾ for l = 0..L
/// (index 0: a⁽⁰⁾ = x and ∂C₀/∂x; z⁽⁰⁾ and δ⁽⁰⁾ are empty).
#[derive(Debug, Clone, Default)]
pub(crate) struct Trace {
    pub(crate) z: Vec<Vec<f32>>,
    pub(crate) a: Vec<Vec<f32>>,
    pub(crate) delta: Vec<Vec<f32>>,
    pub(crate) da: Vec<Vec<f32>>,
}

/// n zeros per layer, but none for layer 0 when `with_input` is false.
pub(crate) fn per_layer(sizes: &[usize], with_input: bool) -> Vec<Vec<f32>> {
    let input = |l: usize, n: usize| if l == 0 && !with_input { 0 } else { n };
    sizes
        .iter()
        .enumerate()
        .map(|(l, &n)| vec![0.0; input(l, n)])
        .collect()
}

/// W⁽ˡ⁾-shaped zeros per layer (n_l × n_{l−1}), empty for layer 0.
pub(crate) fn per_weight_layer(sizes: &[usize]) -> Vec<Vec<f32>> {
    std::iter::once(Vec::new())
        .chain(sizes.windows(2).map(|n| vec![0.0; n[1] * n[0]]))
        .collect()
}

/// x · y.
#[inline]
fn dot(x: &[f32], y: &[f32]) -> f32 {
    x.iter().zip(y).map(|(x, y)| x * y).sum()
}

impl Trace {
    pub(crate) fn new(sizes: &[usize]) -> Trace {
        Trace {
            z: per_layer(sizes, false),
            a: per_layer(sizes, true),
            delta: per_layer(sizes, false),
            da: per_layer(sizes, true),
        }
    }

    /// Forward step of layer l: z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾).
    pub(crate) fn forward_layer(&mut self, w: &[f32], b: &[f32], act: Activation, l: usize) {
        let (before, after) = self.a.split_at_mut(l);
        let (a_prev, a) = (&before[l - 1], &mut after[0]);
        let z = &mut self.z[l];
        for ((z, w_j), &b) in z.iter_mut().zip(w.chunks_exact(a_prev.len())).zip(b) {
            *z = b + dot(w_j, a_prev); // zⱼ = Σₖ wⱼₖ aₖ + bⱼ
        }
        act.forward(z, a);
    }

    /// The forward pass: a⁽⁰⁾ = x, then [`Trace::forward_layer`] for l = 1..L with the
    /// parameters `w`, `b` (index 0 empty) and the activations `acts` of layers 1..L.
    pub(crate) fn forward(
        &mut self,
        x: &[f32],
        w: &[Vec<f32>],
        b: &[Vec<f32>],
        acts: &[Activation],
    ) {
        self.a[0].copy_from_slice(x);
        for (l, &act) in (1..self.a.len()).zip(acts) {
            self.forward_layer(&w[l], &b[l], act, l);
        }
    }

    /// The cost step: C₀, ∂C₀/∂a⁽ᴸ⁾ and δ⁽ᴸ⁾ = ∂C₀/∂z⁽ᴸ⁾ (floored by `backward_layer`).
    pub(crate) fn output(&mut self, cost: Cost, act: Activation, y: &[f32]) -> f32 {
        let l = self.a.len() - 1;
        cost.output(
            act,
            &self.z[l],
            &self.a[l],
            y,
            &mut self.da[l],
            &mut self.delta[l],
        )
    }

    /// Backward step of layer l, given ∂C₀/∂a⁽ˡ⁾ (and, for l = L, δ⁽ᴸ⁾ from the cost step):
    ///
    /// - δ⁽ˡ⁾ = ∂C₀/∂a⁽ˡ⁾ ⊙ f′(z⁽ˡ⁾) for a hidden layer l < L; every δ⁽ˡ⁾ then 0 where
    ///   |δ| < [`DELTA_FLOOR`];
    /// - adds this example's ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ and ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾ to `dw`, `db`;
    /// - ∂C₀/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾, for the layer below.
    pub(crate) fn backward_layer(
        &mut self,
        w: &[f32],
        act: Activation,
        l: usize,
        dw: &mut [f32],
        db: &mut [f32],
    ) {
        if l < self.a.len() - 1 {
            act.backward(&self.z[l], &self.a[l], &self.da[l], &mut self.delta[l]);
        }
        flush_tiny(&mut self.delta[l]);
        let (a_prev, delta) = (&self.a[l - 1], &self.delta[l]);
        for ((dw_j, db_j), &delta_j) in dw.chunks_exact_mut(a_prev.len()).zip(db).zip(delta) {
            for (dw_jk, &a_k) in dw_j.iter_mut().zip(a_prev) {
                *dw_jk += delta_j * a_k; // ∂C₀/∂wⱼₖ = δⱼ aₖ⁽ˡ⁻¹⁾
            }
            *db_j += delta_j; //          ∂C₀/∂bⱼ = δⱼ
        }
        let da_prev = &mut self.da[l - 1];
        da_prev.fill(0.0);
        for (w_j, &delta_j) in w.chunks_exact(da_prev.len()).zip(delta) {
            for (da_k, &w_jk) in da_prev.iter_mut().zip(w_j) {
                *da_k += w_jk * delta_j; // ∂C₀/∂aₖ⁽ˡ⁻¹⁾ = Σⱼ wⱼₖ δⱼ
            }
        }
    }
}

/// Layer l of per-layer buffers, or empty.
pub(crate) fn slice(layers: &[Vec<f32>], l: usize) -> &[f32] {
    layers.get(l).map_or(&[], Vec::as_slice)
}

/// Copies equally shaped per-layer buffers without allocating.
pub(crate) fn copy_layers(to: &mut [Vec<f32>], from: &[Vec<f32>]) {
    for (to, from) in to.iter_mut().zip(from) {
        to.copy_from_slice(from);
    }
}

/// p ← p − η g.
pub(crate) fn descend(p: &mut [f32], g: &[f32], eta: f32) {
    for (p, &g) in p.iter_mut().zip(g) {
        *p -= eta * g;
    }
}

/// |δ| below which a δ is taken as 0: 2⁻¹¹⁸ ≈ 3.3e-36, 256 × the smallest normal f32.
///
/// Such a δ cannot move a weight: a step changes w by η δ a, under half of w's last bit unless
/// |w| < 2²⁵ · 2⁻¹¹⁸ η |a| = 2⁻⁹³ η |a| ≈ 10⁻²⁸ η |a| (no weight of a network in training is
/// that small). But it is where subnormal numbers start: δ itself, or δ times an input of at
/// least 1/256 (a digit's pixels), would be one. x86 processors (and wasm on them) take about a
/// hundred times longer over each operation on a subnormal number, and a sigmoid network
/// trained at a large η has ever more saturated neurons, hence ever more of these δ: without
/// this, each epoch of the Digits trainer took longer than the one before (2.9× by the eighth).
pub const DELTA_FLOOR: f32 = f32::MIN_POSITIVE * 256.0;

/// δ ← 0 (of δ's sign) wherever |δ| < [`DELTA_FLOOR`]: the teaching path, the fast path and the
/// stepper all store δ through this, so they keep giving the same numbers.
#[inline(never)]
pub fn flush_tiny(delta: &mut [f32]) {
    for d in delta {
        *d = floored(*d);
    }
}

/// δ, or 0 of its sign when |δ| < [`DELTA_FLOOR`] (a select, no branch; a NaN stays NaN).
#[inline(always)]
pub(crate) fn floored(d: f32) -> f32 {
    if d.abs() < DELTA_FLOOR {
        d * 0.0
    } else {
        d
    }
}
