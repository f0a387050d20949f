//! Layer 1 of a network whose wide input is mostly zeros (MNIST: about a fifth of a digit's 784
//! pixels are not 0), for the Digits trainer: a pixel that is 0 adds nothing to z⁽¹⁾ = W⁽¹⁾x +
//! b⁽¹⁾ and nothing to ∂C/∂W⁽¹⁾ = δ⁽¹⁾xᵀ, so both sums run over an example's other pixels only
//! — about a fifth of the dense work, in the same order as the teaching path (`bⱼ + Σₖ wⱼₖ xₖ`
//! with k ascending, ∂C/∂wⱼₖ = Σ_r δⱼ xₖ with r ascending). With finite weights and δ the numbers
//! are the teaching path's: adding w·0 = ±0 to a sum changes at most the sign of a zero, which
//! the bias or the update then absorbs.
//!
//! W⁽¹⁾ is kept transposed while a `train` call runs (`wt`, m × n: pixel k's n weights side by
//! side, so one pixel updates every neuron's sum with a few vector multiply-adds), loaded from
//! the network at the start of the call and written back at its end
//! ([`super::Batch::load_sparse_input`], [`super::Batch::store_sparse_input`]).

/// One layer's transposed weights, the pixels of each example in the batch that are not 0, and
/// the sums of ∂C/∂W⁽¹⁾ for the pixels the batch touches.
#[derive(Debug, Clone)]
pub(crate) struct SparseInput {
    /// Neurons (n) and inputs (m) of layer 1, and vectors per row of `wt` and `g` (n rounded up
    /// to whole vectors, the padding 0).
    n: usize,
    m: usize,
    nv: usize,
    /// W⁽¹⁾ᵀ, m rows of nv vectors.
    pub(crate) wt: Vec<V>,
    /// Σ_r δ⁽¹⁾ x_rk for the touched pixels k (row k); 0 elsewhere.
    g: Vec<V>,
    /// The pixels this batch touched.
    touched: Touched,
    /// Example r's pixels that are not 0 (indices and values), at r · m.., `len[r]` of them.
    index: Vec<u32>,
    value: Vec<f32>,
    len: Vec<usize>,
    /// The eight-byte words of one example's bytes that are not all 0 (room for every word).
    words: Vec<u32>,
    /// One example's sums or δ⁽¹⁾, nv vectors.
    column: Vec<V>,
    /// Whether every weight in `wt` is finite: checked whole at the load, then over the
    /// weights each update changes.
    finite: bool,
}

/// 0 when every weight is finite, NaN otherwise: w · 0 is ±0 for a finite w and NaN for ±∞ and
/// NaN, and a sum with a NaN in it is NaN (vector multiplies and adds, no branch per weight).
fn not_finite(w: &[V]) -> f32 {
    let mut acc = [0.0f32; LANES];
    for w in w {
        for i in 0..LANES {
            acc[i] += w[i] * 0.0;
        }
    }
    acc.iter().sum()
}

/// f32 lanes of a vector.
const LANES: usize = 4;
type V = [f32; LANES];

/// Runs `$kernel::<V>` with V the number of vectors in a row of n neurons (1..=8, i.e. up to
/// 32 neurons), else `$kernel::<0>`, whose rows are as long as the slices given.
macro_rules! by_width {
    ($np:expr, $kernel:ident ( $($arg:expr),* )) => {
        match $np / LANES {
            1 => $kernel::<1>($($arg),*),
            2 => $kernel::<2>($($arg),*),
            3 => $kernel::<3>($($arg),*),
            4 => $kernel::<4>($($arg),*),
            5 => $kernel::<5>($($arg),*),
            6 => $kernel::<6>($($arg),*),
            7 => $kernel::<7>($($arg),*),
            8 => $kernel::<8>($($arg),*),
            _ => $kernel::<0>($($arg),*),
        }
    };
}

/// `acc += row · x` lane by lane (LLVM makes each vector one multiply and one add): the row
/// of W⁽¹⁾ᵀ for one pixel into every neuron's sum, or δ · x into the row of Σ for one pixel.
#[inline(always)]
fn mul_add_rows<const W: usize>(acc: &mut [V], row: &[V], x: f32) {
    if W == 0 {
        for (acc, row) in acc.iter_mut().zip(row) {
            for i in 0..LANES {
                acc[i] += row[i] * x;
            }
        }
        return;
    }
    let (acc, row): (&mut [V; W], &[V; W]) = match (acc.try_into(), row.try_into()) {
        (Ok(acc), Ok(row)) => (acc, row),
        _ => return,
    };
    for v in 0..W {
        for i in 0..LANES {
            acc[v][i] += row[v][i] * x;
        }
    }
}

/// Σₖ W⁽¹⁾ᵀ[k] xₖ over one example's pixels that are not 0, k ascending, from −0, into `sum`
/// (np/LANES vectors).
fn forward_sum<const W: usize>(wt: &[V], nv: usize, pixels: (&[u32], &[f32]), sum: &mut [V]) {
    let each = |acc: &mut [V]| {
        acc.fill([-0.0; LANES]);
        for (&k, &x) in pixels.0.iter().zip(pixels.1) {
            let k = k as usize;
            mul_add_rows::<W>(acc, &wt[k * nv..(k + 1) * nv], x);
        }
    };
    if W == 0 {
        each(sum);
    } else {
        // In registers while the pixels go by.
        let mut acc = [[-0.0f32; LANES]; W];
        each(&mut acc);
        sum[..W].copy_from_slice(&acc);
    }
}

/// The pixels a batch touched, in first-touch order, and a flag per pixel.
#[derive(Debug, Clone)]
struct Touched {
    /// Entries 0..len are the touched pixels; the list has room for every pixel and one more,
    /// the scratch entry [`Touched::mark`] writes when the pixel was marked already.
    list: Vec<u32>,
    len: usize,
    marked: Vec<bool>,
}

impl Touched {
    fn new(m: usize) -> Touched {
        Touched {
            list: vec![0; m + 1],
            len: 0,
            marked: vec![false; m],
        }
    }

    /// Notes pixel k (k < m) as touched. No branch: the list's next entry is written always
    /// and kept only the first time (a branch on the flag mispredicts all along a batch).
    #[inline(always)]
    fn mark(&mut self, k: usize) {
        self.list[self.len] = k as u32;
        self.len += usize::from(!self.marked[k]);
        self.marked[k] = true;
    }

    fn is_marked(&self, k: usize) -> bool {
        self.marked[k]
    }

    /// The touched pixels, in first-touch order.
    fn list(&self) -> &[u32] {
        &self.list[..self.len]
    }

    /// Forgets every touched pixel.
    fn clear(&mut self) {
        for &k in &self.list[..self.len] {
            self.marked[k as usize] = false;
        }
        self.len = 0;
    }
}

/// Σ[k] += δ xₖ for one example's pixels that are not 0, marking each pixel touched.
fn gradient_sum<const W: usize>(
    g: &mut [V],
    nv: usize,
    pixels: (&[u32], &[f32]),
    d: &[V],
    touched: &mut Touched,
) {
    for (&k, &x) in pixels.0.iter().zip(pixels.1) {
        let k = k as usize;
        touched.mark(k);
        mul_add_rows::<W>(&mut g[k * nv..(k + 1) * nv], d, x);
    }
}

impl SparseInput {
    /// Room for `capacity` examples through a layer of n neurons on m inputs, W⁽¹⁾ (n × m,
    /// row-major) loaded transposed.
    pub(crate) fn load(w: &[f32], n: usize, m: usize, capacity: usize) -> Option<SparseInput> {
        let nv = n.div_ceil(LANES);
        let mut wt = vec![[0.0; LANES]; m * nv];
        for (j, row) in w.chunks_exact(m).enumerate() {
            for (k, &w) in row.iter().enumerate() {
                wt[k * nv + j / LANES][j % LANES] = w;
            }
        }
        Some(SparseInput {
            n,
            m,
            nv,
            wt,
            g: vec![[0.0; LANES]; m * nv],
            touched: Touched::new(m),
            index: vec![0; capacity * m],
            value: vec![0.0; capacity * m],
            len: vec![0; capacity],
            words: vec![0; m / 8],
            column: vec![[0.0; LANES]; nv],
            finite: false,
        })
        .map(|mut sparse| {
            sparse.finite = not_finite(&sparse.wt) == 0.0;
            sparse
        })
    }

    /// W⁽¹⁾ᵀ[k][j].
    fn weight(&self, k: usize, j: usize) -> f32 {
        self.wt[k * self.nv + j / LANES][j % LANES]
    }

    /// Writes W⁽¹⁾ back into `w` (n × m, row-major).
    pub(crate) fn store(&self, w: &mut [f32]) {
        for (j, row) in w.chunks_exact_mut(self.m).enumerate() {
            for (k, w) in row.iter_mut().enumerate() {
                *w = self.weight(k, j);
            }
        }
    }

    /// Whether every weight is finite.
    pub(crate) fn finite(&self) -> bool {
        self.finite
    }

    /// Example r's input from bytes, xₖ = bytes[k] · scale (a digit's pixels): the same as
    /// [`SparseInput::set_input`] of those values. Reads the bytes eight at a time, first only
    /// to list the words that are not all 0 (no branch, so the loads of a digit's cache lines
    /// all go out at once), then through that list.
    pub(crate) fn set_bytes(&mut self, r: usize, bytes: &[u8], scale: f32) {
        let words = bytes.chunks_exact(8);
        let tail = words.remainder();
        let nonzero = &mut self.words;
        let mut count = 0;
        for (w, word) in words.enumerate() {
            let word = u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
            nonzero[count] = w as u32;
            count += usize::from(word != 0);
        }
        let (index, values) = (
            &mut self.index[r * self.m..(r + 1) * self.m],
            &mut self.value[r * self.m..(r + 1) * self.m],
        );
        let mut len = 0;
        let mut keep = |k: usize, b: u8| {
            // Written always, kept only when the byte is not 0: no branch per pixel.
            index[len] = k as u32;
            values[len] = f32::from(b) * scale;
            len += usize::from(b != 0);
        };
        for &w in &nonzero[..count] {
            let at = w as usize * 8;
            for (i, &b) in bytes[at..at + 8].iter().enumerate() {
                keep(at + i, b);
            }
        }
        let at = bytes.len() - tail.len();
        for (i, &b) in tail.iter().enumerate() {
            keep(at + i, b);
        }
        self.len[r] = len;
    }

    /// Example r's input x (m values): keeps the pixels that are not 0, k ascending. Runs of
    /// four zeros are skipped at once (most of a digit's border).
    pub(crate) fn set_input(&mut self, r: usize, x: &[f32]) {
        let (index, values) = (
            &mut self.index[r * self.m..(r + 1) * self.m],
            &mut self.value[r * self.m..(r + 1) * self.m],
        );
        let mut count = 0;
        for (c, chunk) in x.chunks(LANES).enumerate() {
            // `|`, not `||`: no branch per pixel here either.
            if !chunk.iter().fold(false, |any, &x| any | (x != 0.0)) {
                continue;
            }
            for (i, &x) in chunk.iter().enumerate() {
                // Written always, kept only when xₖ ≠ 0: no branch per pixel.
                index[count] = (c * LANES + i) as u32;
                values[count] = x;
                count += usize::from(x != 0.0);
            }
        }
        self.len[r] = count;
    }

    /// Example r's pixels that are not 0: (indices, values).
    fn pixels(&self, r: usize) -> (&[u32], &[f32]) {
        let at = r * self.m;
        let end = at + self.len[r];
        (&self.index[at..end], &self.value[at..end])
    }

    /// z⁽¹⁾ of examples 0..rows into column r of `z` (n × s): bⱼ + Σₖ wⱼₖ xₖ, k ascending over
    /// the pixels that are not 0.
    pub(crate) fn forward(&mut self, b: &[f32], z: &mut [f32], s: usize, rows: usize) {
        let (n, nv) = (self.n, self.nv);
        let mut sum = std::mem::take(&mut self.column);
        for r in 0..rows {
            let pixels = self.pixels(r);
            by_width!(nv * LANES, forward_sum(&self.wt, nv, pixels, &mut sum));
            for j in 0..n {
                z[j * s + r] = b[j] + sum[j / LANES][j % LANES];
            }
        }
        self.column = sum;
    }

    /// Σ_r δ⁽¹⁾ x_rᵀ over examples 0..rows (δ⁽¹⁾ is n × s), r ascending, for the pixels that
    /// are not 0 in some example (the others' sums stay 0), for [`SparseInput::descend`] or
    /// [`SparseInput::gradient`] to use.
    pub(crate) fn weight_sums(&mut self, delta: &[f32], s: usize, rows: usize) {
        let (n, nv) = (self.n, self.nv);
        let mut d = std::mem::take(&mut self.column);
        for r in 0..rows {
            for j in 0..n {
                d[j / LANES][j % LANES] = delta[j * s + r];
            }
            let at = r * self.m;
            let pixels = (
                &self.index[at..at + self.len[r]],
                &self.value[at..at + self.len[r]],
            );
            let touched = &mut self.touched;
            by_width!(
                nv * LANES,
                gradient_sum(&mut self.g, nv, pixels, &d, touched)
            );
        }
        self.column = d;
    }

    /// W ← (1 − ηλ) W − η (scale · Σ) for the touched pixels (λ = 0: exactly the dense path's
    /// update, and untouched weights stay as they are, Σ being 0 there); with λ > 0 the
    /// untouched weights shrink too. Clears the sums.
    pub(crate) fn descend(&mut self, scale: f32, eta: f32, shrink: f32) {
        let nv = self.nv;
        // w · 0 of every weight changed, summed: NaN exactly when one is not finite.
        let mut changed = [0.0f32; LANES];
        if shrink != 1.0 {
            for (k, row) in self.wt.chunks_exact_mut(nv).enumerate() {
                if !self.touched.is_marked(k) {
                    for w in row.iter_mut() {
                        for i in 0..LANES {
                            w[i] *= shrink; // (1 − ηλ) w − η · 0
                            changed[i] += w[i] * 0.0;
                        }
                    }
                }
            }
        }
        for &k in self.touched.list() {
            let k = k as usize;
            let (w, g) = (
                &mut self.wt[k * nv..(k + 1) * nv],
                &mut self.g[k * nv..(k + 1) * nv],
            );
            for (w, g) in w.iter_mut().zip(g.iter_mut()) {
                // Whole vectors made and stored at once (written lane by lane into `w`, LLVM
                // kept this loop scalar).
                let new: V = std::array::from_fn(|i| shrink * w[i] - eta * (scale * g[i]));
                changed = std::array::from_fn(|i| changed[i] + new[i] * 0.0);
                *w = new;
                *g = [0.0; LANES];
            }
        }
        self.finite &= changed.iter().all(|c| *c == 0.0);
        self.touched.clear();
    }

    /// ∂C/∂W⁽¹⁾ = scale · Σ into `dw` (n × m, row-major; 0 for the untouched pixels). Clears
    /// the sums.
    pub(crate) fn gradient(&mut self, scale: f32, dw: &mut [f32]) {
        let (n, m, nv) = (self.n, self.m, self.nv);
        dw.fill(0.0);
        for &k in self.touched.list() {
            let k = k as usize;
            let g = &mut self.g[k * nv..(k + 1) * nv];
            for (j, g) in g.iter_mut().flatten().enumerate().take(n) {
                dw[j * m + k] = scale * *g;
            }
            g.fill([0.0; LANES]);
        }
        self.touched.clear();
    }
}
