//! The fast path: a whole mini-batch through the network at once, as matrices. The Playground,
//! the Digits trainer and the cost surface all train and evaluate through it; it is tested
//! against the teaching path of [`crate::layer`] (tests/fast_path.rs): for inputs narrower than
//! `WIDE_INPUT` its forward pass, gradient and plain update are the teaching path's to the bit,
//! because every sum runs in the same order.
//!
//! The same equations as [`Network::forward`] and [`Network::backward`], with one column per
//! example: layer l of a batch of B examples is an n_l × S matrix (S ≥ B, a multiple of
//! [`LANES`]; neuron j's values for every example lie side by side in row j):
//!
//! - forward: Z⁽ˡ⁾ = W⁽ˡ⁾ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾, A⁽ˡ⁾ = f(Z⁽ˡ⁾);
//! - the cost step, C₀ and Δ⁽ᴸ⁾ of each example (one column at a time, or the whole output row
//!   at once for a single output neuron);
//! - backward: ∂C/∂A⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ Δ⁽ˡ⁾, Δ⁽ˡ⁻¹⁾ = ∂C/∂A⁽ˡ⁻¹⁾ ⊙ f′(Z⁽ˡ⁻¹⁾);
//! - ∂C/∂W⁽ˡ⁾ = (1/B) Δ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ as each example's δ a⁽ˡ⁻¹⁾ᵀ added in order (A⁽ˡ⁻¹⁾ taken one
//!   example per row), ∂C/∂b⁽ˡ⁾ = (1/B) Δ⁽ˡ⁾ 1, written to a [`Gradient`] or, for plain gradient
//!   descent, straight into the weights ([`Update::Descend`]).
//!
//! The forward and backward sums run along a row, over examples, in blocks of [`LANES`] with
//! several independent accumulators, and the gradient's along a row of weights, so LLVM emits SIMD
//! (wasm simd128, SSE/AVX natively) for a layer of 2 neurons as well as for MNIST's 784 pixels. Padding columns B..S of A⁽⁰⁾ and Δ⁽ˡ⁾ are kept 0,
//! so they add nothing to a gradient. Activations run over a whole layer slice at once.

use crate::activation::Activation;
use crate::error::{Error, Result};
use crate::gradient::Gradient;
use crate::layer::{floored, flush_tiny};
use crate::network::{check_learning_rate, Network};

#[cfg(feature = "wide")]
mod sparse;
/// Without the `wide` feature (the page's module) there is no sparse layer 1: an uninhabited
/// type, so that every use of it is dead code the compiler drops.
#[cfg(not(feature = "wide"))]
mod sparse {
    #[derive(Debug, Clone)]
    pub(crate) enum SparseInput {}
    impl SparseInput {
        pub(crate) fn load(_: &[f32], _: usize, _: usize, _: usize) -> Option<SparseInput> {
            None
        }
        pub(crate) fn store(&self, _: &mut [f32]) {
            match *self {}
        }
        pub(crate) fn finite(&self) -> bool {
            match *self {}
        }
        pub(crate) fn set_input(&mut self, _: usize, _: &[f32]) {
            match *self {}
        }
        pub(crate) fn set_bytes(&mut self, _: usize, _: &[u8], _: f32) {
            match *self {}
        }
        pub(crate) fn forward(&mut self, _: &[f32], _: &mut [f32], _: usize, _: usize) {
            match *self {}
        }
        pub(crate) fn weight_sums(&mut self, _: &[f32], _: usize, _: usize) {
            match *self {}
        }
        pub(crate) fn descend(&mut self, _: f32, _: f32, _: f32) {
            match *self {}
        }
        pub(crate) fn gradient(&mut self, _: f32, _: &mut [f32]) {
            match *self {}
        }
    }
}
use sparse::SparseInput;

/// f32 lanes of one SIMD vector (128 bits); a batch's rows are padded to a multiple of it.
pub const LANES: usize = 4;

type V = [f32; LANES];

#[inline(always)]
fn load(row: &[f32], at: usize) -> V {
    let mut v = [0.0; LANES];
    v.copy_from_slice(&row[at..at + LANES]);
    v
}

/// acc + a ⊙ b, written out lane by lane so LLVM's SLP vectoriser makes it one vector multiply
/// and one add.
#[inline(always)]
fn mul_add(acc: V, a: V, b: V) -> V {
    [
        acc[0] + a[0] * b[0],
        acc[1] + a[1] * b[1],
        acc[2] + a[2] * b[2],
        acc[3] + a[3] * b[3],
    ]
}

/// `out[i][c..c + LANES] = (Σₜ w(t)[i] · input[t][c..c + LANES]) + init[i]` for a block of I
/// output rows: `w(t)` gives the I weights that multiply input row t. Each sum runs over t in
/// order from −0, then adds `init`: the teaching path's order (`bⱼ + Σₖ wⱼₖ aₖ`), so the forward
/// pass is bit-identical to it.
#[inline(always)]
fn affine_block<const I: usize>(
    out: &mut [f32],
    out_rows: [usize; I],
    (input, s): (&[f32], usize),
    c: usize,
    init: [f32; I],
    w: impl Fn(usize) -> [f32; I],
) {
    let mut acc = [[-0.0f32; LANES]; I];
    for (t, input_t) in input.chunks_exact(s).enumerate() {
        let x = load(input_t, c);
        for (acc, &w) in acc.iter_mut().zip(&w(t)) {
            *acc = mul_add(*acc, [w; LANES], x);
        }
    }
    for ((acc, &r), init) in acc.iter().zip(&out_rows).zip(init) {
        for (out, &acc) in out[r * s + c..][..LANES].iter_mut().zip(acc) {
            *out = init + acc;
        }
    }
}

/// Every column block of rows `rows` of `out` (see [`affine_block`]).
#[inline(always)]
fn affine_rows<const I: usize>(
    out: &mut [f32],
    rows: [usize; I],
    input: &[f32],
    s: usize,
    init: [f32; I],
    w: impl Fn(usize) -> [f32; I] + Copy,
) {
    for c in (0..s).step_by(LANES) {
        affine_block::<I>(out, rows, (input, s), c, init, w);
    }
}

/// Z = W A + b: `w` is n × m row-major, `a` is m × S, `z` is n × S.
#[inline(never)]
pub(crate) fn forward_matrix(w: &[f32], b: &[f32], a: &[f32], z: &mut [f32], s: usize) {
    let (n, m) = (b.len(), a.len() / s);
    let mut j = 0;
    while j + 4 <= n {
        let rows = [j, j + 1, j + 2, j + 3];
        let w_rows = rows.map(|j| &w[j * m..(j + 1) * m]);
        let init = rows.map(|j| b[j]);
        affine_rows::<4>(z, rows, a, s, init, |k| w_rows.map(|w| w[k]));
        j += 4;
    }
    for j in j..n {
        let w_j = &w[j * m..(j + 1) * m];
        affine_rows::<1>(z, [j], a, s, [b[j]], |k| [w_j[k]]);
    }
}

/// ∂C/∂A⁽ˡ⁻¹⁾ = Wᵀ Δ: `w` is n × m row-major, `delta` is n × S, `da` is m × S.
#[inline(never)]
fn backprop_matrix(w: &[f32], delta: &[f32], da: &mut [f32], s: usize) {
    let m = da.len() / s;
    let mut k = 0;
    while k + 4 <= m {
        let weights = |j: usize| load(w, j * m + k);
        affine_rows::<4>(da, [k, k + 1, k + 2, k + 3], delta, s, [0.0; 4], weights);
        k += 4;
    }
    for k in k..m {
        affine_rows::<1>(da, [k], delta, s, [0.0], |j| [w[j * m + k]]);
    }
}

/// Inputs at least this wide (MNIST's 784 pixels) are kept one example per row instead: layer
/// 1's sums then run along contiguous pixels, for Z⁽¹⁾ and for ∂C/∂W⁽¹⁾ alike.
const WIDE_INPUT: usize = 64;

/// Lanes of the wide-input accumulators: 16 f32 = four 128-bit vectors.
const WIDE_LANES: usize = 16;

/// x · w for two equally long rows, with `WIDE_LANES` independent partial sums.
#[inline(always)]
fn dot(x: &[f32], w: &[f32]) -> f32 {
    let mut acc = [0.0f32; WIDE_LANES];
    let (x_chunks, w_chunks) = (x.chunks_exact(WIDE_LANES), w.chunks_exact(WIDE_LANES));
    let tail: f32 = x_chunks
        .remainder()
        .iter()
        .zip(w_chunks.remainder())
        .map(|(x, w)| x * w)
        .sum();
    for (x, w) in x_chunks.zip(w_chunks) {
        for i in 0..WIDE_LANES {
            acc[i] += x[i] * w[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// Eight dot products at once: two example rows with four weight rows, so each loaded chunk of
/// an example serves four neurons and each chunk of W two examples.
#[inline(always)]
fn dot2x4(x: [&[f32]; 2], w: [&[f32]; 4]) -> [[f32; 4]; 2] {
    let mut acc = [[[0.0f32; LANES]; 4]; 2];
    let n = x[0].len() - x[0].len() % LANES;
    for k in (0..n).step_by(LANES) {
        let (x0, x1) = (load(x[0], k), load(x[1], k));
        for (j, w) in w.iter().enumerate() {
            let w = load(w, k);
            for i in 0..LANES {
                acc[0][j][i] += x0[i] * w[i];
                acc[1][j][i] += x1[i] * w[i];
            }
        }
    }
    let mut out = [[0.0; 4]; 2];
    for r in 0..2 {
        for j in 0..4 {
            out[r][j] = acc[r][j].iter().sum::<f32>() + dot(&x[r][n..], &w[j][n..]);
        }
    }
    out
}

/// Z = W Xᵀ + b for examples given one per row: `x` is rows × m, `w` is n × m, `z` is n × S.
fn forward_rows(w: &[f32], b: &[f32], x: &[f32], z: &mut [f32], s: usize) {
    let (n, m) = (b.len(), w.len() / b.len());
    let rows = x.len() / m;
    let w_row = |j: usize| &w[j * m..(j + 1) * m];
    let mut r = 0;
    while r + 2 <= rows {
        let pair = [&x[r * m..(r + 1) * m], &x[(r + 1) * m..(r + 2) * m]];
        let mut j = 0;
        while j + 4 <= n {
            let sums = dot2x4(pair, [w_row(j), w_row(j + 1), w_row(j + 2), w_row(j + 3)]);
            for i in 0..4 {
                z[(j + i) * s + r] = b[j + i] + sums[0][i];
                z[(j + i) * s + r + 1] = b[j + i] + sums[1][i];
            }
            j += 4;
        }
        for j in j..n {
            z[j * s + r] = b[j] + dot(pair[0], w_row(j));
            z[j * s + r + 1] = b[j] + dot(pair[1], w_row(j));
        }
        r += 2;
    }
    if r < rows {
        let x_r = &x[r * m..(r + 1) * m];
        for j in 0..n {
            z[j * s + r] = b[j] + dot(x_r, w_row(j)); // zⱼ = Σₖ wⱼₖ xₖ + bⱼ
        }
    }
}

/// Σ_r Δ[j][r] X[r][·] over a chunk of C weights of row j starting at k: the examples are
/// added in order r = 0, 1, … (the teaching path's order) while the chunk stays in registers.
#[inline(always)]
fn gradient_chunk<const C: usize>(
    d: &[f32],
    x: &[f32],
    m: usize,
    (j, k): (usize, usize),
    sink: &mut impl WeightSink,
) {
    let mut acc = [0.0f32; C];
    for (x_r, &d) in x.chunks_exact(m).zip(d) {
        // Exactly C long, so the fallback is never taken; a fixed-size array drops the index
        // checks from the loop below.
        let x: &[f32; C] = x_r[k..k + C].try_into().unwrap_or(&[0.0; C]);
        for i in 0..C {
            acc[i] += d * x[i]; // Σ_r δⱼ aₖ, one example after another
        }
    }
    sink.apply(j * m + k, &acc);
}

/// Σ_r Δ[j][r] X[r][k] for every (j, k), the examples given one per row (`x` is rows × m): ∂C/∂W
/// as the sum of each example's δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ in order, so it is the teaching path's to the bit.
fn weight_gradient_rows(delta: &[f32], x: &[f32], s: usize, sink: &mut impl WeightSink) {
    let n = delta.len() / s;
    let m = sink.len() / n;
    let rows = x.len() / m;
    for j in 0..n {
        let d = &delta[j * s..j * s + rows];
        let mut k = 0;
        while k + WIDE_LANES <= m {
            gradient_chunk::<WIDE_LANES>(d, x, m, (j, k), sink);
            k += WIDE_LANES;
        }
        while k + LANES <= m {
            gradient_chunk::<LANES>(d, x, m, (j, k), sink);
            k += LANES;
        }
        for k in k..m {
            gradient_chunk::<1>(d, x, m, (j, k), sink);
        }
    }
}

/// Columns 0..rows of an m × S matrix, one example per row (rows × m) into `out`.
fn transpose(a: &[f32], s: usize, rows: usize, out: &mut [f32]) {
    let m = a.len() / s;
    for (r, out_r) in out[..rows * m].chunks_exact_mut(m).enumerate() {
        for (out, a_k) in out_r.iter_mut().zip(a.chunks_exact(s)) {
            *out = a_k[r];
        }
    }
}

/// What the backward pass does with ∂C/∂W⁽ˡ⁾ and ∂C/∂b⁽ˡ⁾ (means over the batch).
#[derive(Debug)]
pub enum Update<'g> {
    /// Writes them into a gradient of the network's shape, for an optimizer to apply.
    Gradient(&'g mut Gradient),
    /// Plain gradient descent, fused into the backward pass: W ← W − η (∂C/∂W + λ W),
    /// b ← b − η ∂C/∂b (L2 with rate λ; λ = 0 for none).
    Descend {
        /// The learning rate η.
        eta: f32,
        /// The L2 rate λ.
        l2: f32,
    },
}

/// Where one layer's ∂C/∂W goes: entries at.. of the layer's weights get their Σ_r δ a (a
/// generic, so each kind of update gets its own inlined, vectorised loop).
trait WeightSink {
    /// The number of weights.
    fn len(&self) -> usize;
    /// Hands over the sums for weights at..at + C.
    fn apply<const C: usize>(&mut self, at: usize, sums: &[f32; C]);
}

/// Writes ∂C/∂w = scale · Σ into a gradient buffer or, for plain gradient descent with L2,
/// w ← (1 − ηλ) w − η ((1/B) Σ_r δ a) into the weights (with λ = 0, exactly the teaching path's
/// `descend`). One sink for both, chosen per chunk, so a module with both kinds of update holds
/// one copy of the backward pass.
struct Sink<'w> {
    out: &'w mut [f32],
    scale: f32,
    /// (η, 1 − ηλ) for gradient descent; None to store the gradient.
    descend: Option<(f32, f32)>,
}

impl WeightSink for Sink<'_> {
    fn len(&self) -> usize {
        self.out.len()
    }
    #[inline(always)]
    fn apply<const C: usize>(&mut self, at: usize, sums: &[f32; C]) {
        let out = &mut self.out[at..at + C];
        match self.descend {
            None => {
                for (dw, &sum) in out.iter_mut().zip(sums) {
                    *dw = self.scale * sum;
                }
            }
            Some((eta, shrink)) => {
                for (w, &sum) in out.iter_mut().zip(sums) {
                    *w = shrink * *w - eta * (self.scale * sum);
                }
            }
        }
    }
}

/// The sum of columns 0..rows of each row of an n × S matrix, in order (∂C/∂b = Σ_r δ, as the
/// teaching path adds it).
fn row_sums(delta: &[f32], s: usize, rows: usize, mut each: impl FnMut(usize, f32)) {
    for (j, row) in delta.chunks_exact(s).enumerate() {
        each(j, row[..rows].iter().fold(0.0, |sum, &d| sum + d));
    }
}

/// Buffers for up to `capacity` examples through a network of one shape; allocated once.
#[derive(Debug, Clone)]
pub struct Batch {
    sizes: Vec<usize>,
    capacity: usize,
    /// Columns per row: `capacity` rounded up to a multiple of [`LANES`].
    stride: usize,
    /// Z⁽ˡ⁾, A⁽ˡ⁾ (A⁽⁰⁾ = X), Δ⁽ˡ⁾ and ∂C/∂A⁽ˡ⁾, each n_l × stride.
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    delta: Vec<Vec<f32>>,
    da: Vec<Vec<f32>>,
    /// f′(Z⁽ˡ⁾) of the hidden layers whose activation computes it beside f (σ, tanh) in
    /// [`Batch::forward_to_train`], n_l × stride, and whether the last forward did so.
    df: Vec<Vec<f32>>,
    df_valid: bool,
    /// The inputs one example per row (capacity × n₀) when they are wide (n₀ ≥ `WIDE_INPUT`);
    /// A⁽⁰⁾ is then unused.
    x: Vec<f32>,
    /// The targets, one row of n_L per example.
    y: Vec<f32>,
    /// One layer's activations one example per row, for the next layer's ∂C/∂W (capacity × the
    /// widest layer that is transposed: every layer below the output, but a wide input).
    rows: Vec<f32>,
    /// One example's output layer (the only one softmax may be), for the cost step and softmax.
    column: [Vec<f32>; 4],
    /// Layer 1 for a wide input of mostly zeros (the Digits trainer's `train`), in use from
    /// [`Batch::load_sparse_input`] to [`Batch::store_sparse_input`].
    sparse: Option<SparseInput>,
}

impl Batch {
    /// Buffers for up to `capacity` (≥ 1) examples through a network with these layer sizes.
    pub fn new(sizes: &[usize], capacity: usize) -> Batch {
        let capacity = capacity.max(1);
        let stride = capacity.div_ceil(LANES) * LANES;
        let wide = cfg!(feature = "wide") && sizes.first().is_some_and(|&n| n >= WIDE_INPUT);
        let per_layer = || {
            sizes
                .iter()
                .enumerate()
                .map(|(l, &n)| vec![0.0; if l == 0 && wide { 0 } else { n * stride }])
                .collect()
        };
        let end = sizes.len().saturating_sub(1);
        let below_output = &sizes[usize::from(wide).min(end)..end];
        let widest = below_output.iter().copied().max().unwrap_or(1);
        let n_out = sizes.last().copied().unwrap_or(1);
        Batch {
            sizes: sizes.to_vec(),
            capacity,
            stride,
            z: per_layer(),
            a: per_layer(),
            delta: per_layer(),
            da: per_layer(),
            df: per_layer(),
            df_valid: false,
            x: vec![0.0; if wide { capacity * sizes[0] } else { 0 }],
            y: vec![0.0; capacity * n_out],
            rows: vec![0.0; capacity * widest],
            column: std::array::from_fn(|_| vec![0.0; n_out]),
            sparse: None,
        }
    }

    /// From here to [`Batch::store_sparse_input`], layer 1 skips the input's zeros
    /// (`batch/sparse.rs`), working on its own copy of W⁽¹⁾: the forward and backward passes
    /// read and update that copy, not `net`'s (whose other parameters they use as always), and
    /// the inputs must be set after this call. Does nothing unless the input is wide (see
    /// [`WIDE_INPUT`]) and `net` has this batch's shape.
    pub fn load_sparse_input(&mut self, net: &Network) {
        if !self.wide() || net.sizes() != self.sizes.as_slice() || net.depth() == 0 {
            return;
        }
        let (n, m) = (self.sizes[1], self.sizes[0]);
        self.sparse = SparseInput::load(&net.w[1], n, m, self.capacity);
    }

    /// Ends [`Batch::load_sparse_input`]: writes its W⁽¹⁾ into `net` (when `keep`; otherwise
    /// drops it, e.g. for a network about to be put back to earlier parameters).
    pub fn store_sparse_input(&mut self, net: &mut Network, keep: bool) {
        if let Some(sparse) = self.sparse.take() {
            if keep && net.sizes() == self.sizes.as_slice() {
                sparse.store(&mut net.w[1]);
                net.forwarded = false;
            }
        }
    }

    /// Whether every parameter of `net` is finite, W⁽¹⁾ read from this batch's copy while
    /// [`Batch::load_sparse_input`] is in effect.
    pub fn parameters_finite(&self, net: &Network) -> bool {
        let finite = |v: &[f32]| v.iter().all(|p| p.is_finite());
        match &self.sparse {
            None => net.parameters_finite(),
            Some(sparse) => {
                sparse.finite()
                    && net.w.iter().skip(2).all(|w| finite(w))
                    && net.b.iter().all(|b| finite(b))
            }
        }
    }

    /// The most examples a batch holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The layer sizes the buffers were made for.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// Columns per row of a layer's matrix (`capacity` rounded up to a multiple of [`LANES`]).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Writes example r's input x (n₀ values) as column r of A⁽⁰⁾ and its target y (n_L
    /// values). Caller-checked: r < capacity, the lengths fit.
    pub fn set_example(&mut self, r: usize, x: &[f32], y: &[f32]) {
        self.set_input(r, x);
        let n_out = y.len();
        self.y[r * n_out..(r + 1) * n_out].copy_from_slice(y);
    }

    /// Writes example r's input xₖ = bytes[k] · scale (a digit's pixels, without making the
    /// f32 values first when layer 1 skips zeros), as [`Batch::set_input`] of those values.
    pub fn set_byte_input(&mut self, r: usize, bytes: &[u8], scale: f32, x: &mut Vec<f32>) {
        if let Some(sparse) = &mut self.sparse {
            sparse.set_bytes(r, bytes, scale);
            return;
        }
        x.clear();
        x.extend(bytes.iter().map(|&b| f32::from(b) * scale));
        self.set_input(r, x);
    }

    /// Writes example r's input x as column r of A⁽⁰⁾ (for a forward pass without targets).
    pub fn set_input(&mut self, r: usize, x: &[f32]) {
        if let Some(sparse) = &mut self.sparse {
            sparse.set_input(r, x);
            return;
        }
        if self.wide() {
            let n0 = x.len();
            self.x[r * n0..(r + 1) * n0].copy_from_slice(x);
            return;
        }
        let s = self.stride;
        for (k, &x) in x.iter().enumerate() {
            self.a[0][k * s + r] = x;
        }
    }

    /// The targets of examples 0..rows, one row each, to fill in place.
    pub fn targets_mut(&mut self, rows: usize) -> &mut [f32] {
        let n_out = self.sizes[self.sizes.len() - 1];
        &mut self.y[..rows * n_out]
    }

    /// A⁽ˡ⁾ of the last forward, n_l × stride (column r is example r).
    pub fn a(&self, l: usize) -> &[f32] {
        &self.a[l]
    }

    /// Example r's values of layer l of the last forward into `out` (n_l values).
    pub fn column(&self, l: usize, r: usize, out: &mut [f32]) {
        let s = self.stride;
        for (j, out) in out.iter_mut().enumerate() {
            *out = self.a[l][j * s + r];
        }
    }

    /// Whether the inputs are kept one example per row (see [`WIDE_INPUT`]; only with the
    /// `wide` feature, which the page's wasm module leaves out).
    fn wide(&self) -> bool {
        cfg!(feature = "wide") && self.a[0].is_empty()
    }

    fn check(&self, net: &Network, rows: usize) -> Result<()> {
        if net.sizes() != self.sizes.as_slice() {
            // `[2, 3, 1]` as `{:?}` writes it, without core's Debug machinery in the wasm.
            let joined = crate::error::joined;
            return Err(Error::InvalidConfig(format!(
                "the batch buffers were made for layers [{}], not [{}]",
                joined(self.sizes.as_slice(), ", "),
                joined(net.sizes(), ", ")
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

    /// Runs examples 0..rows (their inputs set by [`Batch::set_example`]) forward through
    /// `net`: Z⁽ˡ⁾ and A⁽ˡ⁾ of every layer.
    pub fn forward(&mut self, net: &Network, rows: usize) -> Result<()> {
        self.forward_with(net, rows, false)
    }

    /// [`Batch::forward`] for a [`Batch::backward`] to follow: also keeps f′(Z⁽ˡ⁾) of the hidden
    /// layers where f and f′ share their work (σ, tanh), which the backward pass then uses
    /// instead of computing f′ again (the same numbers to the bit).
    pub fn forward_to_train(&mut self, net: &Network, rows: usize) -> Result<()> {
        self.forward_with(net, rows, true)
    }

    fn forward_with(&mut self, net: &Network, rows: usize, train: bool) -> Result<()> {
        self.df_valid = false;
        self.check(net, rows)?;
        let s = self.stride;
        // Columns past the batch hold 0, so they add nothing to a gradient.
        for row in self.a[0].chunks_exact_mut(s) {
            row[rows..].fill(0.0);
        }
        let wide = self.wide();
        for l in 1..=net.depth() {
            let (before, after) = self.a.split_at_mut(l);
            let (a_prev, a) = (&before[l - 1], &mut after[0]);
            let z = &mut self.z[l];
            if let (1, Some(sparse)) = (l, self.sparse.as_mut()) {
                sparse.forward(&net.b[1], z, s, rows);
            } else if l == 1 && wide {
                let n0 = self.sizes[0];
                forward_rows(&net.w[l], &net.b[l], &self.x[..rows * n0], z, s);
            } else {
                forward_matrix(&net.w[l], &net.b[l], a_prev, z, s);
            }
            let act = net.activation(l);
            if act == Activation::Softmax {
                // Softmax mixes a layer's neurons: one example (column) at a time.
                let [zc, ac, ..] = &mut self.column;
                let n = self.sizes[l];
                for r in 0..s {
                    for j in 0..n {
                        zc[j] = z[j * s + r];
                    }
                    act.forward(&zc[..n], &mut ac[..n]);
                    for j in 0..n {
                        a[j * s + r] = ac[j];
                    }
                }
            } else if !(train
                && l < net.depth()
                && act.forward_with_derivative(z, a, &mut self.df[l]))
            {
                act.forward(z, a);
            }
        }
        self.df_valid = train;
        Ok(())
    }

    /// The cost step of example r: C₀, and ∂C₀/∂a⁽ᴸ⁾, δ⁽ᴸ⁾ into column r. Returns C₀ and
    /// whether the largest output is the largest target's.
    fn output_column(&mut self, net: &Network, r: usize) -> (f32, bool) {
        let (depth, s) = (net.depth(), self.stride);
        let n = self.sizes[depth];
        let (cost, act) = (net.config.cost, net.output_activation());
        let [zc, ac, dac, dc] = &mut self.column;
        let (zc, ac, dac, dc) = (&mut zc[..n], &mut ac[..n], &mut dac[..n], &mut dc[..n]);
        for j in 0..n {
            zc[j] = self.z[depth][j * s + r];
            ac[j] = self.a[depth][j * s + r];
        }
        let y = &self.y[r * n..(r + 1) * n];
        let c = cost.output(act, zc, ac, y, dac, dc);
        for j in 0..n {
            self.da[depth][j * s + r] = dac[j];
            self.delta[depth][j * s + r] = dc[j];
        }
        (c, argmax(ac) == argmax(y))
    }

    /// The backward pass over examples 0..rows of the last [`Batch::forward`] (which must have
    /// run on the same parameters): Δ⁽ˡ⁾ of every layer and the mean gradient, handed to
    /// `update`. Returns (Σ C₀ over the rows, how many rows' largest output matched the
    /// largest target), both from before any update.
    pub fn backward(
        &mut self,
        net: &mut Network,
        rows: usize,
        update: Update,
    ) -> Result<(f64, usize)> {
        match update {
            Update::Gradient(g) => self.backward_gradient(net, rows, g),
            Update::Descend { eta, l2 } => self.backward_descend(net, rows, eta, l2),
        }
    }

    /// [`Batch::backward`] into a gradient (`Update::Gradient`), for an optimizer to apply.
    pub fn backward_gradient(
        &mut self,
        net: &mut Network,
        rows: usize,
        g: &mut Gradient,
    ) -> Result<(f64, usize)> {
        if !g.fits(net) {
            *g = Gradient::zeros(net);
        }
        self.backward_with(net, rows, &mut Target::Gradient(g))
    }

    /// [`Batch::backward`] with plain gradient descent fused in (`Update::Descend`).
    pub fn backward_descend(
        &mut self,
        net: &mut Network,
        rows: usize,
        eta: f32,
        l2: f32,
    ) -> Result<(f64, usize)> {
        check_learning_rate(eta)?;
        if !(l2.is_finite() && l2 >= 0.0) {
            return Err(Error::InvalidConfig(
                "the L2 rate λ must be a finite number ≥ 0".to_string(),
            ));
        }
        let result = self.backward_with(net, rows, &mut Target::Weights { eta, l2 });
        net.forwarded = false;
        result
    }

    /// The backward pass, generic over what happens to each layer's gradient (so a module
    /// holds only the kinds it uses).
    fn backward_with(
        &mut self,
        net: &mut Network,
        rows: usize,
        update: &mut impl LayerUpdate,
    ) -> Result<(f64, usize)> {
        self.check(net, rows)?;
        let (depth, s) = (net.depth(), self.stride);
        let (mut total, mut right) = (0.0f64, 0);
        let n_out = self.sizes[depth];
        let (cost, act) = (net.config.cost, net.output_activation());
        if n_out == 1 && act != Activation::Softmax {
            // One output neuron (softmax needs two): row 0 of the output layer holds every
            // example's single value, and the cost step is elementwise, so it runs over the
            // whole row at once — each example's numbers exactly as one at a time (Σ C₀ is then
            // summed in f32).
            let (z, a, y) = (
                &self.z[depth][..rows],
                &self.a[depth][..rows],
                &self.y[..rows],
            );
            let (da, delta) = (&mut self.da[depth][..rows], &mut self.delta[depth][..rows]);
            total = f64::from(cost.output(act, z, a, y, da, delta));
            right = rows;
        } else {
            for r in 0..rows {
                let (c, hit) = self.output_column(net, r);
                total += f64::from(c);
                right += usize::from(hit);
            }
        }
        for j in 0..n_out {
            self.delta[depth][j * s + rows..(j + 1) * s].fill(0.0);
        }
        let scale = 1.0 / rows as f32;
        for l in (1..=depth).rev() {
            let act = net.activation(l);
            if l < depth && self.df_valid && act.fuses_derivative() {
                // δ = ∂C/∂a ⊙ f′(z), f′ kept by the forward pass, floored as `flush_tiny` does.
                let (da, df) = (&self.da[l], &self.df[l]);
                for ((delta, &g), &d) in self.delta[l].iter_mut().zip(da).zip(df) {
                    *delta = floored(g * d);
                }
            } else {
                if l < depth {
                    act.backward(&self.z[l], &self.a[l], &self.da[l], &mut self.delta[l]);
                }
                flush_tiny(&mut self.delta[l]);
            }
            // ∂C/∂A⁽ˡ⁻¹⁾ with the weights from before this step's update.
            if l > 1 {
                backprop_matrix(&net.w[l], &self.delta[l], &mut self.da[l - 1], s);
            }
            // A⁽ˡ⁻¹⁾ one example per row: the wide input as it is (or only its pixels that are
            // not 0), any other layer transposed.
            let n_prev = self.sizes[l - 1];
            let x = if let (1, Some(sparse)) = (l, self.sparse.as_mut()) {
                sparse.weight_sums(&self.delta[1], s, rows);
                Input::Sparse(sparse)
            } else if l == 1 && self.wide() {
                Input::Rows(&self.x[..rows * n_prev])
            } else {
                transpose(&self.a[l - 1], s, rows, &mut self.rows[..rows * n_prev]);
                Input::Rows(&self.rows[..rows * n_prev])
            };
            update.layer(net, l, (&self.delta[l], s, rows), x, scale);
        }
        Ok((total, right))
    }
}

/// A layer's input A⁽ˡ⁻¹⁾ for its ∂C/∂W⁽ˡ⁾: one example per row, or the sparse layer 1 with
/// its sums Σ_r δ x_rᵀ already taken (and its own copy of W⁽¹⁾ to update).
enum Input<'a> {
    Rows(&'a [f32]),
    Sparse(&'a mut SparseInput),
}

/// What one backward pass does with each layer's Δ⁽ˡ⁾ and A⁽ˡ⁻¹⁾.
trait LayerUpdate {
    fn layer(
        &mut self,
        net: &mut Network,
        l: usize,
        delta: (&[f32], usize, usize),
        x: Input,
        scale: f32,
    );
}

/// ∂C/∂W⁽ˡ⁾ = (1/B) Σ_r δ a⁽ˡ⁻¹⁾ᵀ and ∂C/∂b⁽ˡ⁾ = (1/B) Σ_r δ into a gradient, or
/// W ← (1 − ηλ) W − η ∂C/∂W, b ← b − η ∂C/∂b straight into the network.
enum Target<'g> {
    Gradient(&'g mut Gradient),
    Weights { eta: f32, l2: f32 },
}

impl LayerUpdate for Target<'_> {
    fn layer(
        &mut self,
        net: &mut Network,
        l: usize,
        (delta, s, rows): (&[f32], usize, usize),
        x: Input,
        scale: f32,
    ) {
        match self {
            Target::Gradient(g) => {
                let dw = &mut g.weights[l - 1];
                match x {
                    Input::Sparse(sparse) => sparse.gradient(scale, dw),
                    Input::Rows(x) => {
                        let sink = &mut Sink {
                            out: dw,
                            scale,
                            descend: None,
                        };
                        weight_gradient_rows(delta, x, s, sink);
                    }
                }
                let db = &mut g.biases[l - 1];
                row_sums(delta, s, rows, |j, sum| db[j] = scale * sum);
            }
            &mut Target::Weights { eta, l2 } => {
                let shrink = 1.0 - eta * l2;
                match x {
                    Input::Sparse(sparse) => sparse.descend(scale, eta, shrink),
                    Input::Rows(x) => {
                        let sink = &mut Sink {
                            out: &mut net.w[l],
                            scale,
                            descend: Some((eta, shrink)),
                        };
                        weight_gradient_rows(delta, x, s, sink);
                    }
                }
                let b = &mut net.b[l];
                row_sums(delta, s, rows, |j, sum| b[j] -= eta * (scale * sum)); // bⱼ −= η ∂C/∂bⱼ
            }
        }
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
