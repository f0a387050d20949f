//! Mini-batches as matrices: the fast training path for wide layers (784-16-16-10 on MNIST).
//!
//! The same equations as [`Network::forward`] and [`Network::backward`], but for B examples at
//! once, each row of a matrix one example:
//!
//! - forward: Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾ W⁽ˡ⁾ᵀ + b⁽ˡ⁾ (B × n_l), A⁽ˡ⁾ = f(Z⁽ˡ⁾);
//! - backward: Δ⁽ᴸ⁾ from the cost, ∂C/∂A⁽ˡ⁻¹⁾ = Δ⁽ˡ⁾ W⁽ˡ⁾, Δ⁽ˡ⁻¹⁾ = ∂C/∂A⁽ˡ⁻¹⁾ ⊙ f′(Z⁽ˡ⁻¹⁾);
//! - update: W⁽ˡ⁾ ← W⁽ˡ⁾ − (η/B) Δ⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾, b⁽ˡ⁾ ← b⁽ˡ⁾ − (η/B) Σ_rows Δ⁽ˡ⁾.
//!
//! Every inner loop runs over contiguous memory with several independent accumulators, so
//! LLVM turns it into SIMD (wasm simd128, SSE/AVX natively). The update is fused into the
//! weights (no separate ∂C/∂W buffer), and layer 1's ∂C/∂A⁽⁰⁾ is never computed: nobody needs
//! the gradient with respect to the pixels. Results equal the per-example path up to f32
//! rounding (the sums are taken in a different order).

use crate::error::{Error, Result};
use crate::network::{check_learning_rate, Network};

/// Lanes of the accumulators: 16 f32 = four 128-bit vectors.
const LANES: usize = 16;

/// z = a·w for two equally long rows, with `LANES` independent partial sums.
#[inline(always)]
fn dot(a: &[f32], w: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (a_chunks, w_chunks) = (a.chunks_exact(LANES), w.chunks_exact(LANES));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(w_chunks.remainder())
        .map(|(a, w)| a * w)
        .sum();
    for (a, w) in a_chunks.zip(w_chunks) {
        for i in 0..LANES {
            acc[i] += a[i] * w[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Four dot products of one row `a` with four weight rows at once: each `a` chunk is loaded
/// once for the four neurons.
#[inline(always)]
fn dot4(a: &[f32], w: [&[f32]; 4]) -> [f32; 4] {
    const L: usize = 8;
    let mut acc = [[0.0f32; L]; 4];
    let n = a.len() - a.len() % L;
    let mut k = 0;
    while k < n {
        let a = &a[k..k + L];
        for (acc, w) in acc.iter_mut().zip(&w) {
            let w = &w[k..k + L];
            for i in 0..L {
                acc[i] += a[i] * w[i];
            }
        }
        k += L;
    }
    let mut out = [0.0; 4];
    for ((out, acc), w) in out.iter_mut().zip(&acc).zip(&w) {
        *out = acc.iter().sum::<f32>() + dot(&a[n..], &w[n..]);
    }
    out
}

/// Eight dot products at once: two rows of A with four weight rows, so each loaded chunk of A
/// serves four neurons and each chunk of W two examples.
#[inline(always)]
fn dot2x4(a: [&[f32]; 2], w: [&[f32]; 4]) -> [[f32; 4]; 2] {
    const L: usize = 4;
    let mut acc = [[[0.0f32; L]; 4]; 2];
    let n = a[0].len() - a[0].len() % L;
    let mut k = 0;
    while k < n {
        let a0 = &a[0][k..k + L];
        let a1 = &a[1][k..k + L];
        for (j, w) in w.iter().enumerate() {
            let w = &w[k..k + L];
            for i in 0..L {
                acc[0][j][i] += a0[i] * w[i];
                acc[1][j][i] += a1[i] * w[i];
            }
        }
        k += L;
    }
    let mut out = [[0.0; 4]; 2];
    for r in 0..2 {
        for j in 0..4 {
            out[r][j] = acc[r][j].iter().sum::<f32>() + dot(&a[r][n..], &w[j][n..]);
        }
    }
    out
}

/// Z = A Wᵀ + b: `a` is B × K, `w` is N × K, `z` is B × N (all row-major).
fn forward_matrix(a: &[f32], w: &[f32], b: &[f32], z: &mut [f32]) {
    let (n, k) = (b.len(), w.len() / b.len());
    let pairs = a.len() / k / 2;
    let (a_pairs, a_rest) = a.split_at(pairs * 2 * k);
    let (z_pairs, z_rest) = z.split_at_mut(pairs * 2 * n);
    for (a2, z2) in a_pairs
        .chunks_exact(2 * k)
        .zip(z_pairs.chunks_exact_mut(2 * n))
    {
        let (a0, a1) = a2.split_at(k);
        let mut j = 0;
        while j + 4 <= n {
            let rows = [0, 1, 2, 3].map(|i| &w[(j + i) * k..(j + i + 1) * k]);
            let sums = dot2x4([a0, a1], rows);
            for i in 0..4 {
                z2[j + i] = b[j + i] + sums[0][i];
                z2[n + j + i] = b[j + i] + sums[1][i];
            }
            j += 4;
        }
        for j in j..n {
            z2[j] = b[j] + dot(a0, &w[j * k..(j + 1) * k]);
            z2[n + j] = b[j] + dot(a1, &w[j * k..(j + 1) * k]);
        }
    }
    let (a, z) = (a_rest, z_rest);
    for (a_row, z_row) in a.chunks_exact(k).zip(z.chunks_exact_mut(n)) {
        let mut j = 0;
        while j + 4 <= n {
            let rows = [0, 1, 2, 3].map(|i| &w[(j + i) * k..(j + i + 1) * k]);
            let sums = dot4(a_row, rows);
            for i in 0..4 {
                z_row[j + i] = b[j + i] + sums[i]; // zⱼ = Σₖ wⱼₖ aₖ + bⱼ
            }
            j += 4;
        }
        for j in j..n {
            z_row[j] = b[j] + dot(a_row, &w[j * k..(j + 1) * k]);
        }
    }
}

/// W ← W + Σ_rows cᵣⱼ Aᵣ: `c` is B × N (already scaled by −η/B), `a` is B × K, `w` is N × K.
/// Each chunk of a weight row stays in registers while the B examples are added to it.
fn update_matrix(w: &mut [f32], c: &[f32], a: &[f32], n: usize, shrink: f32) {
    let k = w.len() / n;
    let rows = c.len() / n;
    for (j, w_j) in w.chunks_exact_mut(k).enumerate() {
        let mut chunks = w_j.chunks_exact_mut(LANES);
        let mut start = 0;
        for chunk in &mut chunks {
            let mut acc = [0.0f32; LANES];
            for (acc, &w) in acc.iter_mut().zip(chunk.iter()) {
                *acc = shrink * w; // weight decay (L2): wⱼₖ ← (1 − ηλ/n) wⱼₖ
            }
            for r in 0..rows {
                let c_rj = c[r * n + j];
                let a_r = &a[r * k + start..r * k + start + LANES];
                for i in 0..LANES {
                    acc[i] += c_rj * a_r[i]; // wⱼₖ −= (η/B) δⱼ aₖ
                }
            }
            chunk.copy_from_slice(&acc);
            start += LANES;
        }
        for (i, w_jk) in chunks.into_remainder().iter_mut().enumerate() {
            *w_jk *= shrink;
            for r in 0..rows {
                *w_jk += c[r * n + j] * a[r * k + start + i];
            }
        }
    }
}

/// Buffers for B examples at once; allocated once for a network shape and a batch capacity.
#[derive(Debug, Clone)]
pub struct BatchTrainer {
    sizes: Vec<usize>,
    capacity: usize,
    /// Z⁽ˡ⁾, A⁽ˡ⁾ (A⁽⁰⁾ = X), Δ⁽ˡ⁾ and ∂C/∂A⁽ˡ⁾, each B × n_l row-major.
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    delta: Vec<Vec<f32>>,
    da: Vec<Vec<f32>>,
}

impl BatchTrainer {
    /// Buffers for up to `capacity` examples through a network with these layer sizes.
    pub fn new(sizes: &[usize], capacity: usize) -> BatchTrainer {
        let capacity = capacity.max(1);
        let per_layer = || sizes.iter().map(|&n| vec![0.0; n * capacity]).collect();
        BatchTrainer {
            sizes: sizes.to_vec(),
            capacity,
            z: per_layer(),
            a: per_layer(),
            delta: per_layer(),
            da: per_layer(),
        }
    }

    /// The most examples one call takes.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// A⁽⁰⁾ = X, to be filled by the caller before [`BatchTrainer::forward`] (capacity × n₀).
    pub fn input_mut(&mut self) -> &mut [f32] {
        &mut self.a[0]
    }

    /// A⁽ˡ⁾ of the last forward, `rows × n_l` (l = 0..L).
    pub fn a(&self, l: usize, rows: usize) -> &[f32] {
        &self.a[l][..rows * self.sizes[l]]
    }

    fn check(&self, net: &Network, rows: usize) -> Result<()> {
        if net.sizes() != self.sizes.as_slice() {
            return Err(Error::InvalidConfig(format!(
                "the batch buffers were made for layers {:?}, not {:?}",
                self.sizes,
                net.sizes()
            )));
        }
        if rows == 0 || rows > self.capacity {
            return Err(Error::InvalidInput(format!(
                "a batch must hold 1 to {} examples, not {rows}",
                self.capacity
            )));
        }
        Ok(())
    }

    /// Runs the first `rows` rows of A⁽⁰⁾ (see [`BatchTrainer::input_mut`]) forward.
    pub fn forward(&mut self, net: &Network, rows: usize) -> Result<()> {
        self.check(net, rows)?;
        for l in 1..=net.depth() {
            let (n_prev, n) = (self.sizes[l - 1], self.sizes[l]);
            let (before, after) = self.a.split_at_mut(l);
            let a_prev = &before[l - 1][..rows * n_prev];
            let z = &mut self.z[l][..rows * n];
            forward_matrix(a_prev, &net.w[l], &net.b[l], z);
            let act = net.activation(l);
            for (z, a) in z.chunks_exact(n).zip(after[0].chunks_exact_mut(n)) {
                act.forward(z, a); // row by row, so softmax normalises each example
            }
        }
        Ok(())
    }

    /// One step of mini-batch gradient descent on the first `rows` rows of A⁽⁰⁾ with one-hot
    /// or real targets `ys` (rows × n_L). Returns (Σ C₀ over the rows, how many rows' largest
    /// output matched the largest target), both from before the step.
    pub fn sgd_step(
        &mut self,
        net: &mut Network,
        ys: &[f32],
        rows: usize,
        eta: f32,
    ) -> Result<(f64, usize)> {
        self.sgd_step_decayed(net, ys, rows, eta, 1.0)
    }

    /// [`BatchTrainer::sgd_step`] with L2 weight decay: every weight is first multiplied by
    /// `shrink` = 1 − ηλ/n (λ the regularization rate, n the training set's size; Nielsen's
    /// form). Biases are not decayed.
    pub fn sgd_step_decayed(
        &mut self,
        net: &mut Network,
        ys: &[f32],
        rows: usize,
        eta: f32,
        shrink: f32,
    ) -> Result<(f64, usize)> {
        check_learning_rate(eta)?;
        self.forward(net, rows)?;
        let depth = net.depth();
        let n_out = self.sizes[depth];
        if ys.len() != rows * n_out {
            return Err(Error::InvalidInput(format!(
                "{rows} examples need {} target numbers, not {}",
                rows * n_out,
                ys.len()
            )));
        }
        // The cost step, example by example: C₀ and Δ⁽ᴸ⁾.
        let (cost, output) = (net.config.cost, net.output_activation());
        let (mut total, mut right) = (0.0f64, 0);
        for r in 0..rows {
            let span = r * n_out..(r + 1) * n_out;
            let (z, a, y) = (
                &self.z[depth][span.clone()],
                &self.a[depth][span.clone()],
                &ys[span.clone()],
            );
            total += cost.output(
                output,
                z,
                a,
                y,
                &mut self.da[depth][span.clone()],
                &mut self.delta[depth][span],
            ) as f64;
            right += usize::from(argmax(a) == argmax(y));
        }
        // Backward: Δ⁽ˡ⁻¹⁾ from Δ⁽ˡ⁾ with the weights from before the step.
        for l in (2..=depth).rev() {
            let (n_prev, n) = (self.sizes[l - 1], self.sizes[l]);
            let w = &net.w[l];
            let da_prev = &mut self.da[l - 1][..rows * n_prev];
            da_prev.fill(0.0);
            for (da_row, delta_row) in da_prev
                .chunks_exact_mut(n_prev)
                .zip(self.delta[l].chunks_exact(n))
            {
                for (w_j, &delta_j) in w.chunks_exact(n_prev).zip(delta_row) {
                    for (da_k, &w_jk) in da_row.iter_mut().zip(w_j) {
                        *da_k += w_jk * delta_j; // ∂C₀/∂aₖ⁽ˡ⁻¹⁾ = Σⱼ wⱼₖ δⱼ
                    }
                }
            }
            let act = net.activation(l - 1);
            for r in 0..rows {
                let span = r * n_prev..(r + 1) * n_prev;
                act.backward(
                    &self.z[l - 1][span.clone()],
                    &self.a[l - 1][span.clone()],
                    &self.da[l - 1][span.clone()],
                    &mut self.delta[l - 1][span],
                );
            }
        }
        // Update every layer: W ← W − (η/B) Δᵀ A, b ← b − (η/B) Σ Δ.
        let scale = -eta / rows as f32;
        for l in 1..=depth {
            let (n_prev, n) = (self.sizes[l - 1], self.sizes[l]);
            let c = &mut self.delta[l][..rows * n];
            c.iter_mut().for_each(|d| *d *= scale);
            update_matrix(&mut net.w[l], c, &self.a[l - 1][..rows * n_prev], n, shrink);
            for c_row in c.chunks_exact(n) {
                for (b, &c) in net.b[l].iter_mut().zip(c_row) {
                    *b += c; // bⱼ −= (η/B) δⱼ
                }
            }
        }
        net.forwarded = false;
        Ok((total, right))
    }
}

/// The index of the largest value (the first one on ties).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}
