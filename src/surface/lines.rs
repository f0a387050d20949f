//! C over evenly spaced points when both parameters feed the single output neuron, for
//! [`super::Surface`]: no per-point activation function at all.
//!
//! With both parameters in the output layer (one output neuron, σ or tanh, quadratic cost),
//! example n's z at a point is zₙ = cₙ + (p_A − p_A⁰) xₙ + (p_B − p_B⁰) yₙ, with cₙ = z⁽ᴸ⁾ₙ at the
//! current parameters and xₙ, yₙ the activations the two weights multiply (1 for a bias). z
//! is linear in the point, so along evenly spaced points Eₙ = e^(−k zₙ) (k = 1 for σ, 2 for
//! tanh) is geometric: one step multiplies it by a fixed factor Rₙ = e^(−k Δz). This code keeps
//! Eₙ in f64 and steps it by one multiplication per point (one more per row of the grid), so
//! each example at each point costs a multiplication and a division, σ = 1 / (1 + E) or
//! tanh = (1 − E) / (1 + E), instead of a whole exponential. It all runs in f64: the products stay
//! within 10⁻¹³ of e^(−k z) over the whole grid (a few hundred roundings of 2⁻⁵³ each, the factors
//! from f64 `exp`), and aₙ − tₙ, its square and their sum are f64 too, far below f32's 6 · 10⁻⁸
//! (the layer code's σ is within 1.7 ulp of f32, its tanh 3.0). The points are the exact
//! p⁰ + t·h in f64; the grid's reported values are the same in f32 arithmetic, 1 ulp or so apart.
//!
//! It declines (returns `false`) unless k|z| ≤ 300 at all four corners for every example (z is
//! linear, so then everywhere between), which keeps every Eₙ a normal f64 far from overflow;
//! the caller then runs the general per-point code.

use crate::activation::Activation;
use crate::cost::Cost;
use pair::Pair;

/// Where the points are: point (r, c) has p = origin + c · col_step + r · row_step.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub origin: [f64; 2],
    pub col_step: [f64; 2],
    pub row_step: [f64; 2],
    pub rows: usize,
    pub cols: usize,
}

/// The output layer as the batch has it at the current parameters.
#[derive(Debug, Clone, Copy)]
pub(super) struct Output<'b> {
    /// z⁽ᴸ⁾ of each example (at least `count` long).
    pub base: &'b [f32],
    /// The activations each parameter multiplies: `None` for a bias.
    pub x: [Option<&'b [f32]>; 2],
    /// The two parameters' current values.
    pub v0: [f32; 2],
    pub count: usize,
    pub act: Activation,
    pub cost: Cost,
}

/// Examples per step of the loops (two f64x2 vectors in wasm).
const W: usize = 4;

/// k|z| at every corner must stay below this: then e^(−300) ≤ Eₙ ≤ e^300 everywhere, and σ, 1 − σ,
/// 1 ∓ tanh and their squares stay normal f64 numbers (no slow subnormal arithmetic).
const KZ_MAX: f64 = 300.0;

/// The buffers of [`Lines::run`], kept between calls.
#[derive(Debug, Clone, Default)]
pub(super) struct Lines {
    /// Eₙ at the start of the current row, and at the current point, two examples a pair.
    row: Vec<Pair>,
    e: Vec<Pair>,
    /// The factor of one column step and of one row step.
    col_factor: Vec<Pair>,
    row_factor: Vec<Pair>,
    /// The targets, padded with what the padding's E gives (so padding adds exactly 0).
    t: Vec<Pair>,
    /// Eₙ, Rₙ, Qₙ and tₙ one example at a time while they are set up.
    scratch: [Vec<f64>; 4],
}

impl Lines {
    /// Whether [`Lines::run`] handles this output layer at all (it may still decline a plan).
    pub(super) fn applies(out: &Output) -> bool {
        matches!(out.act, Activation::Sigmoid | Activation::Tanh) && out.cost == Cost::Quadratic
    }

    /// C at the `rows` × `cols` points of `plan` into `grid` (row-major); `ys` holds one target
    /// per example. Returns false, with `grid` untouched, when this code does not apply.
    pub(super) fn run(&mut self, out: &Output, ys: &[f32], plan: &Plan, grid: &mut [f32]) -> bool {
        if !Self::applies(out) || plan.rows == 0 || plan.cols == 0 || ys.len() < out.count {
            return false;
        }
        let tanh = out.act == Activation::Tanh;
        let k = if tanh { 2.0 } else { 1.0 };
        let count = out.count;
        let padded = count.div_ceil(W) * W;
        let [row, col_factor, row_factor, t] = &mut self.scratch;
        for v in [&mut *row, &mut *col_factor, &mut *row_factor] {
            v.clear();
            v.resize(padded, 1.0);
        }
        t.clear();
        // E = 1 gives σ = 1/2, tanh = 0.
        t.resize(padded, if tanh { 0.0 } else { 0.5 });
        for (t, &y) in t.iter_mut().zip(&ys[..count]) {
            *t = y.into();
        }
        let d0 = [
            plan.origin[0] - f64::from(out.v0[0]),
            plan.origin[1] - f64::from(out.v0[1]),
        ];
        let (last_r, last_c) = ((plan.rows - 1) as f64, (plan.cols - 1) as f64);
        for n in 0..count {
            let x = out.x.map(|x| x.map_or(1.0, |x| f64::from(x[n])));
            let dot = |d: [f64; 2]| d[0] * x[0] + d[1] * x[1];
            let z0 = f64::from(out.base[n]) + dot(d0);
            let (dc, dr) = (dot(plan.col_step), dot(plan.row_step));
            let (right, down) = (last_c * dc, last_r * dr);
            let corners = [z0, z0 + right, z0 + down, (z0 + right) + down];
            // A NaN z fails the comparison too.
            if !corners.iter().all(|z| (k * z).abs() <= KZ_MAX) {
                return false;
            }
            row[n] = (-k * z0).exp();
            col_factor[n] = (-k * dc).exp();
            row_factor[n] = (-k * dr).exp();
        }
        let pairs = |from: &[f64], to: &mut Vec<Pair>| {
            to.clear();
            to.extend(from.chunks_exact(2).map(|p| pair::new(p[0], p[1])));
        };
        pairs(row, &mut self.row);
        pairs(col_factor, &mut self.col_factor);
        pairs(row_factor, &mut self.row_factor);
        pairs(t, &mut self.t);
        self.e.clone_from(&self.row);
        let scale = 1.0 / count as f64;
        for (r, grid_row) in grid.chunks_exact_mut(plan.cols).take(plan.rows).enumerate() {
            if r > 0 {
                for (e, f) in self.row.iter_mut().zip(&self.row_factor) {
                    *e = pair::mul(*e, *f);
                }
            }
            self.e.copy_from_slice(&self.row);
            let (e, f, t) = (&mut self.e[..], &self.col_factor[..], &self.t[..]);
            let (first, rest) = grid_row.split_at_mut(1);
            let first_sum = if tanh {
                sweep::<true, false>(e, f, t)
            } else {
                sweep::<false, false>(e, f, t)
            };
            first[0] = (first_sum * scale) as f32;
            if tanh {
                rest.iter_mut()
                    .for_each(|c| *c = (sweep::<true, true>(e, f, t) * scale) as f32);
            } else {
                rest.iter_mut()
                    .for_each(|c| *c = (sweep::<false, true>(e, f, t) * scale) as f32);
            }
        }
        true
    }
}

/// Two f64 lanes: a wasm simd128 vector in the wasm build (buffers of them load and store as
/// whole vectors), a plain pair elsewhere. Both do the same IEEE operations lane by lane, so both
/// builds give the same bits.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod pair {
    use core::arch::wasm32 as simd;
    pub type Pair = simd::v128;
    #[inline(always)]
    pub fn new(a: f64, b: f64) -> Pair {
        simd::f64x2(a, b)
    }
    #[inline(always)]
    pub fn lanes(p: Pair) -> [f64; 2] {
        [
            simd::f64x2_extract_lane::<0>(p),
            simd::f64x2_extract_lane::<1>(p),
        ]
    }
    #[inline(always)]
    pub fn add(a: Pair, b: Pair) -> Pair {
        simd::f64x2_add(a, b)
    }
    #[inline(always)]
    pub fn sub(a: Pair, b: Pair) -> Pair {
        simd::f64x2_sub(a, b)
    }
    #[inline(always)]
    pub fn mul(a: Pair, b: Pair) -> Pair {
        simd::f64x2_mul(a, b)
    }
    #[inline(always)]
    pub fn div(a: Pair, b: Pair) -> Pair {
        simd::f64x2_div(a, b)
    }
}

/// See the wasm build's `pair`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod pair {
    pub type Pair = [f64; 2];
    #[inline(always)]
    pub fn new(a: f64, b: f64) -> Pair {
        [a, b]
    }
    #[inline(always)]
    pub fn lanes(p: Pair) -> [f64; 2] {
        p
    }
    #[inline(always)]
    pub fn add(a: Pair, b: Pair) -> Pair {
        [a[0] + b[0], a[1] + b[1]]
    }
    #[inline(always)]
    pub fn sub(a: Pair, b: Pair) -> Pair {
        [a[0] - b[0], a[1] - b[1]]
    }
    #[inline(always)]
    pub fn mul(a: Pair, b: Pair) -> Pair {
        [a[0] * b[0], a[1] * b[1]]
    }
    #[inline(always)]
    pub fn div(a: Pair, b: Pair) -> Pair {
        [a[0] / b[0], a[1] / b[1]]
    }
}

/// Σₙ (aₙ − tₙ)² at one point, with aₙ = σ or tanh from Eₙ, all in f64; `STEP` first moves
/// every Eₙ one column on (Eₙ ← Eₙ Rₙ). Two running sums of pairs (lanes n mod 4), added as
/// (s₀ + s₁) + (s₂ + s₃).
#[inline(always)]
fn sweep<const TANH: bool, const STEP: bool>(e: &mut [Pair], f: &[Pair], t: &[Pair]) -> f64 {
    let one = pair::new(1.0, 1.0);
    let term = |v: Pair, t: Pair| {
        let a = if TANH {
            pair::div(pair::sub(one, v), pair::add(one, v))
        } else {
            pair::div(one, pair::add(one, v))
        };
        let d = pair::sub(a, t);
        pair::mul(d, d)
    };
    let (mut lo, mut hi) = (pair::new(0.0, 0.0), pair::new(0.0, 0.0));
    let blocks = e
        .chunks_exact_mut(2)
        .zip(f.chunks_exact(2))
        .zip(t.chunks_exact(2));
    for ((e, f), t) in blocks {
        if STEP {
            e[0] = pair::mul(e[0], f[0]);
            e[1] = pair::mul(e[1], f[1]);
        }
        lo = pair::add(lo, term(e[0], t[0]));
        hi = pair::add(hi, term(e[1], t[1]));
    }
    let ([s0, s1], [s2, s3]) = (pair::lanes(lo), pair::lanes(hi));
    (s0 + s1) + (s2 + s3)
}
