//! One example's pass through the layers, step by step: the kernels shared by
//! [`Network`](crate::Network) and [`Stepper`](crate::Stepper).

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

    /// The cost step: C₀, ∂C₀/∂a⁽ᴸ⁾ and δ⁽ᴸ⁾ = ∂C₀/∂z⁽ᴸ⁾.
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

    /// δ⁽ˡ⁾ = ∂C₀/∂a⁽ˡ⁾ ⊙ f′(z⁽ˡ⁾), for a hidden layer l < L.
    pub(crate) fn delta_from_above(&mut self, act: Activation, l: usize) {
        act.backward(&self.z[l], &self.a[l], &self.da[l], &mut self.delta[l]);
    }

    /// ∂C₀/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾: how the cost changes with each neuron k of layer l − 1.
    pub(crate) fn backprop_activations(&mut self, w: &[f32], l: usize) {
        let (before, after) = self.da.split_at_mut(l);
        let da_prev = &mut before[l - 1];
        let _ = after;
        da_prev.fill(0.0);
        for (w_j, &delta_j) in w.chunks_exact(da_prev.len()).zip(&self.delta[l]) {
            for (da_k, &w_jk) in da_prev.iter_mut().zip(w_j) {
                *da_k += w_jk * delta_j; // ∂C₀/∂aₖ⁽ˡ⁻¹⁾ = Σⱼ wⱼₖ δⱼ
            }
        }
    }

    /// Adds this example's ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ and ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾ to `dw`, `db`.
    pub(crate) fn add_gradient(&self, l: usize, dw: &mut [f32], db: &mut [f32]) {
        let a_prev = &self.a[l - 1];
        for ((dw_j, db_j), &delta_j) in dw
            .chunks_exact_mut(a_prev.len())
            .zip(db.iter_mut())
            .zip(&self.delta[l])
        {
            for (dw_jk, &a_k) in dw_j.iter_mut().zip(a_prev) {
                *dw_jk += delta_j * a_k; // ∂C₀/∂wⱼₖ = δⱼ aₖ⁽ˡ⁻¹⁾
            }
            *db_j += delta_j; //          ∂C₀/∂bⱼ = δⱼ
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
