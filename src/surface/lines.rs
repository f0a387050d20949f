//! C over evenly spaced points when both parameters feed the single output neuron, for
//! [`super::Surface`]: no per-point activation function at all.
//!
//! With both parameters in the output layer (one output neuron, σ or tanh, quadratic cost),
//! example n's z at a point is zₙ = cₙ + (p_A − p_A⁰) xₙ + (p_B − p_B⁰) yₙ, with cₙ = z⁽ᴸ⁾ₙ at the
//! current parameters and xₙ, yₙ the activations the two weights multiply (1 for a bias). z
//! is linear in the point, so along evenly spaced points Eₙ = e^(−k zₙ) (k = 1 for σ, 2 for
//! tanh) is geometric: one step multiplies it by a fixed factor Rₙ = e^(−k Δz). This code keeps
//! Eₙ in f64 and steps it by one multiplication per point (one more per row of the grid), so
//! each example at each point costs a multiplication and one f32 division, σ = 1 / (1 + E) or
//! tanh = (1 − E) / (1 + E), instead of a whole exponential. The f64 products stay within
//! 10⁻¹³ of e^(−k z) over the whole grid (a few hundred roundings of 2⁻⁵³ each, the factors from
//! f64 `exp`), far below f32's 6 · 10⁻⁸; σ or tanh then rounds to about 1 ulp of f32 (the layer
//! code's σ is within 1.7 ulp, its tanh 3.0). The points are the exact p⁰ + t·h in f64; the
//! grid's reported values are the same in f32 arithmetic, 1 ulp or so apart.
//!
//! It declines (returns `false`) unless k|z| ≤ 600 at all four corners for every example (z is
//! linear, so then everywhere between), which keeps every Eₙ a normal f64 far from overflow;
//! the caller then runs the general per-point code.

use crate::activation::Activation;
use crate::cost::Cost;

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

/// Lanes of one step of the loops (two f64x2 and one f32x4 vector in wasm).
const W: usize = 4;

/// Eₙ is clamped to this before σ or tanh: 1 + E then stays a finite f32, σ ≥ 10⁻³⁰ (where the
/// exact σ is smaller still) and tanh rounds to −1 as it does exactly.
const E_MAX: f64 = 1e30;

/// k|z| at every corner must stay below this.
const KZ_MAX: f64 = 600.0;

/// The buffers of [`Lines::run`], kept between calls.
#[derive(Debug, Clone, Default)]
pub(super) struct Lines {
    /// Eₙ at the start of the current row, and at the current point.
    row: Vec<f64>,
    e: Vec<f64>,
    /// The factor of one column step and of one row step.
    col_factor: Vec<f64>,
    row_factor: Vec<f64>,
    /// The targets, padded with what the padding's E gives (so padding adds exactly 0).
    t: Vec<f32>,
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
        for v in [
            &mut self.row,
            &mut self.e,
            &mut self.col_factor,
            &mut self.row_factor,
        ] {
            v.clear();
            v.resize(padded, 1.0);
        }
        self.t.clear();
        // E = 1 gives σ = 1/2, tanh = 0.
        self.t.resize(padded, if tanh { 0.0 } else { 0.5 });
        self.t[..count].copy_from_slice(&ys[..count]);
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
            for z in [
                z0,
                z0 + last_c * dc,
                z0 + last_r * dr,
                z0 + last_c * dc + last_r * dr,
            ] {
                if !((k * z).abs() <= KZ_MAX) {
                    return false;
                }
            }
            self.row[n] = (-k * z0).exp();
            self.col_factor[n] = (-k * dc).exp();
            self.row_factor[n] = (-k * dr).exp();
        }
        let scale = 1.0 / count as f64;
        for (r, grid_row) in grid.chunks_exact_mut(plan.cols).take(plan.rows).enumerate() {
            if r > 0 {
                for (e, f) in self.row.iter_mut().zip(&self.row_factor) {
                    *e *= f;
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

/// Σₙ (aₙ − tₙ)² at one point, with aₙ = σ or tanh from Eₙ; `STEP` first moves every Eₙ one
/// column on (Eₙ ← Eₙ Rₙ).
#[inline(always)]
fn sweep<const TANH: bool, const STEP: bool>(e: &mut [f64], f: &[f64], t: &[f32]) -> f64 {
    let mut acc = [0.0f64; W];
    let blocks = e
        .chunks_exact_mut(W)
        .zip(f.chunks_exact(W))
        .zip(t.chunks_exact(W));
    for ((e, f), t) in blocks {
        let mut num = [1.0f32; W];
        let mut den = [0.0f32; W];
        for i in 0..W {
            if STEP {
                e[i] *= f[i];
            }
            let v = if e[i] < E_MAX { e[i] } else { E_MAX };
            if TANH {
                num[i] = (1.0 - v) as f32;
            }
            den[i] = (1.0 + v) as f32;
        }
        for i in 0..W {
            let d = f64::from(num[i] / den[i] - t[i]);
            acc[i] += d * d;
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}
