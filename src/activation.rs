//! Activation functions a = f(z), evaluated over a whole layer at once.
//!
//! Each arm of [`Activation::pass`] holds f and f′ side by side; the layer loops are generic
//! over them, so every element costs an inlined closure call, not a dynamic dispatch.

use crate::error::named_enum;

/// The slope of leaky ReLU for z < 0.
pub const LEAKY_SLOPE: f32 = 0.01;

/// An activation function f applied neuron by neuron (softmax: over the whole layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activation {
    /// σ(z) = 1 / (1 + e^−z); σ′(z) = σ(z)(1 − σ(z)), computed from z as u − u² with
    /// u = σ(−|z|) (see [`sigmoid`], [`sigmoid_derivative`]).
    Sigmoid,
    /// tanh z; tanh′(z) = 1 − tanh²z, computed from z as 4σ(2z)σ(−2z) (see [`tanh`],
    /// [`tanh_derivative`]).
    Tanh,
    /// max(0, z); derivative 1 for z > 0, else 0.
    Relu,
    /// z for z > 0, else 0.01 z; derivative 1 or 0.01.
    LeakyRelu,
    /// z; derivative 1.
    Linear,
    /// aⱼ = e^zⱼ / Σₖ e^zₖ (output layer only); ∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ).
    Softmax,
}

named_enum!(Activation, "activation", {
    Sigmoid => "sigmoid",
    Tanh => "tanh",
    Relu => "relu",
    LeakyRelu => "leakyRelu",
    Linear => "linear",
    Softmax => "softmax",
});

// ---------------------------------------------------------------------------------------------
// e^x, σ and tanh in f32 arithmetic only: no libm call and no data-dependent branch (every `if`
// below picks between two values already computed, which LLVM turns into a select), so a layer's
// loop vectorises (SSE on x86, simd128 in wasm) and costs about what the old rational tanh did.
// None of this uses a fused multiply-add (wasm has none), and Rust never contracts `a * b + c`.
//
// All three start from the same argument reduction: x = n ln 2 + r with n whole and |r| ≤ ln 2 / 2,
// so e^x = 2ⁿ e^r, 2ⁿ is put together from exponent bits, and e^r comes from a short polynomial
// (for e^x) or from its Padé form e^r = (1 + α + ρ) / (1 + α − ρ), α = r²/10, ρ = r/2 + r³/120
// (relative error below 6e-9 for |r| ≤ ln 2 / 2), which lets σ and tanh get by on one division.
//
// Accuracy against f64, every f32 input checked (`tests/activation_accuracy.rs` runs a dense
// sweep; its `--ignored` test runs all 2³² bit patterns): e^x within 0.96 ulp, σ within
// 1.71 ulp, tanh within 3.03 ulp, σ′ and tanh′ within 3.23 ulp (under 3.9e-7 relative). Results
// that would be subnormal are flushed to 0 for σ, σ′ and tanh′ (exactly where the true value is below
// f32::MIN_POSITIVE), which gives σ(−100) = 0 exactly and keeps slow subnormal arithmetic out of
// the layers; e^x keeps its gradual underflow.
// ---------------------------------------------------------------------------------------------

/// 1.5 × 2²³: adding it to |y| < 2²² rounds y to the nearest whole number, which then sits in the
/// low bits of the sum's representation.
const ROUND: f32 = 12_582_912.0;
/// ln 2 to 16 significant bits, so n · LN2_HI is exact for |n| < 2⁸.
const LN2_HI: f32 = 0.693_145_75;
/// ln 2 − LN2_HI.
const LN2_LO: f32 = 1.428_606_8e-6;

/// σ(z) is 0 for z below this (σ(z) < f32::MIN_POSITIVE there), and σ′(z) for |z| above −it.
pub const SIGMOID_UNDERFLOW: f32 = -87.336_54;
/// tanh′(z) is 0 for |z| above this (tanh′(z) < f32::MIN_POSITIVE there).
pub const TANH_DERIVATIVE_UNDERFLOW: f32 = 44.361_416;

/// x = n ln 2 + r: (n, r) with n = round(x / ln 2) and |r| ≤ ln 2 / 2 (a hair more from the
/// rounding of x / ln 2), for |x| < 2²¹. n · LN2_HI and x − n · LN2_HI are exact; only the last
/// subtraction rounds. A NaN x gives a NaN r.
#[inline(always)]
fn reduce(x: f32) -> (i32, f32) {
    let t = x * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    (t.to_bits().wrapping_sub(ROUND.to_bits()) as i32, r)
}

/// 2ⁿ for n in −127..=127 from its exponent bits (n = −127 gives 0).
#[inline(always)]
fn pow2(n: i32) -> f32 {
    f32::from_bits((n.wrapping_add(127) as u32) << 23)
}

/// (α, ρ) with e^r = (1 + α + ρ) / (1 + α − ρ) to 6e-9 relative for |r| ≤ ln 2 / 2: the (3, 3)
/// Padé approximant, α = r²/10, ρ = r/2 + r³/120 (so ρ / (1 + α) ≈ tanh(r/2)). r/2 is exact, so
/// ρ rounds once.
#[inline(always)]
fn pade(r: f32) -> (f32, f32) {
    let r2 = r * r;
    (r2 * (1.0 / 10.0), 0.5 * r + r * r2 * (1.0 / 120.0))
}

/// e^x over the whole f32 range: +∞ exactly where the exact value rounds past f32::MAX
/// (x > 88.722_83), gradual underflow down to 0 (x < −103.972_08), NaN for NaN; within 0.96 ulp
/// of the exact value everywhere (all 2³² inputs checked). e^r − 1 for |r| ≤ ln 2 / 2 is
/// r + r² P(r) with P a degree-5 minimax fit (relative error 2.7e-9); 2ⁿ is applied as two factors
/// so that both stay normal for n from −150 to 128.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    // Below −104 the result rounds to 0 and above 89 to +∞: clamping there changes nothing and
    // keeps n in −150..=128. `clamp` keeps a NaN.
    let x = x.clamp(-104.0, 89.0);
    let (n, r) = reduce(x);
    let p = 1.985_78e-4_f32;
    let p = p * r + 1.393_359_7e-3;
    let p = p * r + 8.333_361e-3;
    let p = p * r + 4.166_646_7e-2;
    let p = p * r + 0.166_666_67;
    let p = p * r + 0.5;
    let e = (r * r * p + r) + 1.0;
    let half = n >> 1;
    e * pow2(half) * pow2(n - half)
}

/// 2ᴷ σ(w) for w ≤ 0 (K = 0 or 2), with w clamped below at `floor` (where 2ᴷ e^w has
/// underflowed past what the callers keep).
///
/// With s = 2ⁿ and e^r = (1 + g)/(1 + h) (g = α + ρ, h = α − ρ from [`pade`]),
/// σ(w) = e^w / (1 + e^w) = s(1 + g) / ((1 + s) + (h + s g)): one division, about 2.6 ulp.
/// `COMPENSATED` recovers the rounding errors of that numerator and denominator exactly
/// (Fast2Sum: the larger term comes first) and folds them back in after the division, with
/// 1 / den ≈ 1 − σ(w): about 1.7 ulp, for nine more operations.
#[inline(always)]
fn logistic<const K: i32, const COMPENSATED: bool>(w: f32, floor: f32) -> f32 {
    let (n, r) = reduce(w.clamp(floor, 0.0));
    logistic_reduced::<K, COMPENSATED>(n, r)
}

/// [`logistic`] from its argument already reduced: w = n ln 2 + r.
#[inline(always)]
fn logistic_reduced<const K: i32, const COMPENSATED: bool>(n: i32, r: f32) -> f32 {
    let (compensated, q) = logistic_parts::<K>(n, r);
    if COMPENSATED {
        compensated
    } else {
        q
    }
}

/// (compensated, uncompensated) [`logistic_reduced`]: the quotient and the quotient corrected,
/// from one division (inlined, so a caller of the quotient alone computes no correction).
#[inline(always)]
fn logistic_parts<const K: i32>(n: i32, r: f32) -> (f32, f32) {
    let (alpha, rho) = pade(r);
    let (g, h) = (alpha + rho, alpha - rho);
    let sk = pow2(n + K); // 2ᴷ s
    let s = sk * pow2(-K);
    let num = sk + sk * g;
    let one_s = 1.0 + s;
    let t = h + s * g;
    let den = one_s + t;
    let q = num / den;
    let num_lo = (sk - num) + sk * g;
    let den_lo = ((one_s - den) + t) + ((1.0 - one_s) + s);
    (q + (num_lo - q * den_lo) * (1.0 - q * pow2(-K)), q)
}

/// σ(z) = 1 / (1 + e^−z) within 1.71 ulp for every f32 z (all 2³² checked against f64):
/// σ(−0) = σ(0) = 0.5, σ(z) = 1 from z ≈ 16.6 on and at +∞, 0 below −87.336 54 (where σ(z) is
/// below the smallest normal f32, so σ(−100) = 0 exactly) and at −∞, NaN only for NaN.
/// σ(z) = u for z < 0 and 1 − u for z ≥ 0, u = σ(−|z|) ≤ 1/2: no cancellation on either side.
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    sigmoid_from(z, logistic::<0, true>(-z.abs(), SIGMOID_CLAMP))
}

/// −|z| is clamped here for σ and σ′ (2⁻¹²⁷ = 0 there: both have underflowed long before).
const SIGMOID_CLAMP: f32 = -88.0;

/// σ(z) from u = σ(−|z|) (compensated).
#[inline(always)]
fn sigmoid_from(z: f32, u: f32) -> f32 {
    let s = if z < 0.0 { u } else { 1.0 - u };
    if z < SIGMOID_UNDERFLOW {
        0.0
    } else {
        s
    }
}

/// tanh z within 3.03 ulp for every f32 z (all 2³² checked against f64): odd (tanh(−z) =
/// −tanh z exactly, −0 stays −0), tanh z = z exactly for |z| < 2⁻¹², ±1 from |z| ≈ 9.01 on and at
/// ±∞, NaN only for NaN.
///
/// tanh |z| = (1 − e) / (1 + e) with e = e^−2|z| = s(1 + g)/(1 + h) (see [`logistic`]), i.e.
/// ((1 − s) + (α(1 − s) − ρ(1 + s))) / ((1 + s) + (α(1 + s) − ρ(1 − s))): for small z (s = 1)
/// the numerator is −2ρ with no cancellation, and one division does the rest.
#[inline(always)]
pub fn tanh(z: f32) -> f32 {
    // e^−2|z| < 2⁻²⁸ below −20: tanh is 1 to f32 precision long before.
    let w = (-2.0 * z.abs()).clamp(-20.0, 0.0);
    let (n, r) = reduce(w);
    tanh_reduced(z, n, r)
}

/// [`tanh`] from −2|z| already reduced: −2|z| = n ln 2 + r (n ≥ −127).
#[inline(always)]
fn tanh_reduced(z: f32, n: i32, r: f32) -> f32 {
    let (alpha, rho) = pade(r);
    let s = pow2(n);
    let (p, m) = (1.0 - s, 1.0 + s);
    let t = (p + (alpha * p - rho * m)) / (m + (alpha * m - rho * p));
    t.copysign(z)
}

/// ([`tanh`] z, [`tanh_derivative`] z) to the bit, sharing one argument reduction: both start
/// from −2|z|, clamped at −20 for tanh and at −89 for tanh′, so the two reductions are one and
/// the same for |z| ≤ 10; beyond, tanh's clamped one gives s = 2⁻²⁹, so 1 − s and 1 + s round to
/// 1, its quotient is x / x = 1 exactly and tanh z = ±1, which is what is taken there
/// (tests/activation_accuracy.rs checks the pair against the two functions, all 2³² inputs in
/// its `--ignored` test).
#[inline(always)]
pub fn tanh_with_derivative(z: f32) -> (f32, f32) {
    let w = (-2.0 * z.abs()).clamp(-89.0, 0.0);
    let (n, r) = reduce(w);
    let t = tanh_reduced(z, n, r);
    let t = if w < -20.0 { 1.0f32.copysign(z) } else { t };
    let v = logistic_reduced::<2, false>(n, r);
    let d = v - v * (0.25 * v);
    let d = if z.abs() > TANH_DERIVATIVE_UNDERFLOW {
        0.0
    } else {
        d
    };
    (t, d)
}

/// ([`sigmoid`] z, [`sigmoid_derivative`] z) to the bit, sharing their work: both reduce −|z|
/// clamped at −88, and σ′'s u is the quotient that σ's compensation then corrects.
#[inline(always)]
pub fn sigmoid_with_derivative(z: f32) -> (f32, f32) {
    let (n, r) = reduce((-z.abs()).clamp(SIGMOID_CLAMP, 0.0));
    let (u, q) = logistic_parts::<0>(n, r);
    (sigmoid_from(z, u), sigmoid_derivative_from(z, q))
}

/// σ′(z) = σ(z)(1 − σ(z)) = u − u², u = σ(−|z|) ≤ 1/2, within 3.23 ulp (under 3.9e-7
/// relative) for every f32 z (u uncompensated: the compensated one gives 2.4 ulp but costs the
/// backward pass 40 % more); 0 for |z| > 87.336 54 (σ′ below the smallest normal f32) and at ±∞,
/// NaN for NaN. (From a = σ(z), a(1 − a) loses its relative precision once a rounds near 1: 1e-4
/// off from z ≈ 8.)
#[inline(always)]
pub fn sigmoid_derivative(z: f32) -> f32 {
    sigmoid_derivative_from(z, logistic::<0, false>(-z.abs(), SIGMOID_CLAMP))
}

/// σ′(z) from u = σ(−|z|) (uncompensated).
#[inline(always)]
fn sigmoid_derivative_from(z: f32, u: f32) -> f32 {
    let d = u - u * u;
    if z.abs() > -SIGMOID_UNDERFLOW {
        0.0
    } else {
        d
    }
}

/// tanh′(z) = 1 − tanh²z = 4σ(2z)σ(−2z) = v − v²/4 with v = 4σ(−2|z|), within 3.23 ulp (under
/// 3.9e-7 relative) for every f32 z; 0 for |z| > 44.361 416 (tanh′ below the smallest normal f32)
/// and at ±∞, NaN for NaN. (From a = tanh z, 1 − a² is 1e-4 off from |z| ≈ 3.75 and 0 once a
/// rounds to ±1.)
#[inline(always)]
pub fn tanh_derivative(z: f32) -> f32 {
    // The factor 4 goes into v's exponent, so v stays normal as far out as tanh′ does (|z| up
    // to 44.36, where σ(−2|z|) itself is already subnormal).
    let v = logistic::<2, false>(-2.0 * z.abs(), -89.0);
    let d = v - v * (0.25 * v);
    if z.abs() > TANH_DERIVATIVE_UNDERFLOW {
        0.0
    } else {
        d
    }
}

/// (aᵢ, dᵢ) = f(zᵢ) over a layer.
#[inline(always)]
fn both(z: &[f32], a: &mut [f32], d: &mut [f32], f: impl Fn(f32) -> (f32, f32)) {
    for ((a, d), &z) in a.iter_mut().zip(d.iter_mut()).zip(z) {
        (*a, *d) = f(z);
    }
}

/// Which way a layer is evaluated.
enum Pass<'s> {
    /// a = f(z).
    Forward { z: &'s [f32], a: &'s mut [f32] },
    /// δ = ∂C/∂z = g ⊙ f′(z), where g = ∂C/∂a (softmax: the full Jacobian product).
    Backward {
        z: &'s [f32],
        a: &'s [f32],
        g: &'s [f32],
        delta: &'s mut [f32],
    },
}

impl Pass<'_> {
    /// Elementwise f (forward) or f′ (backward; `df(z, a)` may use either z or a = f(z)).
    #[inline(always)]
    fn each(self, f: impl Fn(f32) -> f32, df: impl Fn(f32, f32) -> f32) {
        match self {
            Pass::Forward { z, a } => {
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = f(z);
                }
            }
            Pass::Backward { z, a, g, delta } => {
                for (((delta, &g), &z), &a) in delta.iter_mut().zip(g).zip(z).zip(a) {
                    *delta = g * df(z, a);
                }
            }
        }
    }

    /// Softmax over the layer: a = e^(z − max z) / Σ e^(z − max z), and the Jacobian product
    /// δⱼ = Σₖ gₖ aₖ(δₖⱼ − aⱼ) = aⱼ (gⱼ − g·a).
    fn softmax(self) {
        match self {
            Pass::Forward { z, a } => {
                // A select, not f32::max: wasm has no IEEE maxNum, so f32::max is a call to
                // fmaxf there. Both skip a NaN z (its comparison is false).
                let max = z
                    .iter()
                    .fold(f32::NEG_INFINITY, |m, &z| if z > m { z } else { m });
                let mut sum = 0.0;
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = exp(z - max);
                    sum += *a;
                }
                for a in a.iter_mut() {
                    *a /= sum;
                }
            }
            Pass::Backward { a, g, delta, .. } => {
                let g_dot_a: f32 = g.iter().zip(a).map(|(g, a)| g * a).sum();
                for ((delta, &g), &a) in delta.iter_mut().zip(g).zip(a) {
                    *delta = a * (g - g_dot_a);
                }
            }
        }
    }
}

impl Activation {
    /// One layer through this activation, f and f′ side by side.
    #[inline]
    fn pass(self, pass: Pass) {
        match self {
            // σ′ and tanh′ from z, not from a: a(1 − a) and 1 − a² cancel once a nears its limits.
            Activation::Sigmoid => pass.each(sigmoid, |z, _| sigmoid_derivative(z)),
            Activation::Tanh => pass.each(tanh, |z, _| tanh_derivative(z)),
            Activation::Relu => pass.each(
                |z| if z > 0.0 { z } else { 0.0 },
                |z, _| if z > 0.0 { 1.0 } else { 0.0 },
            ),
            Activation::LeakyRelu => pass.each(
                |z| if z > 0.0 { z } else { LEAKY_SLOPE * z },
                |z, _| if z > 0.0 { 1.0 } else { LEAKY_SLOPE },
            ),
            Activation::Linear => pass.each(|z| z, |_, _| 1.0),
            Activation::Softmax => pass.softmax(),
        }
    }

    /// a = f(z) for one layer (`z` and `a` of the same length, one entry per neuron).
    pub fn forward(self, z: &[f32], a: &mut [f32]) {
        self.pass(Pass::Forward { z, a });
    }

    /// a = f(z) and d = f′(z) for one layer in one pass, to the bit what [`Activation::forward`]
    /// and [`Activation::backward`] (with g = 1) give, for tanh and (with the `wide` feature)
    /// σ, which share most of the work between f and f′; returns false, writing nothing, for
    /// the other activations.
    pub fn forward_with_derivative(self, z: &[f32], a: &mut [f32], d: &mut [f32]) -> bool {
        match self {
            Activation::Tanh => both(z, a, d, tanh_with_derivative),
            Activation::Sigmoid if self.fuses_derivative() => {
                both(z, a, d, sigmoid_with_derivative)
            }
            _ => return false,
        }
        true
    }

    /// Whether [`Activation::forward_with_derivative`] computes f′ beside f: tanh, and σ where
    /// the Digits trainer runs (the `wide` feature; the page's module is kept small without it).
    pub fn fuses_derivative(self) -> bool {
        self == Activation::Tanh || (cfg!(feature = "wide") && self == Activation::Sigmoid)
    }

    /// δ = ∂C/∂z = g ⊙ f′(z) for one layer, given g = ∂C/∂a and the layer's z and a = f(z).
    /// For softmax this is the full Jacobian product δ = a ⊙ (g − (g·a)).
    pub fn backward(self, z: &[f32], a: &[f32], g: &[f32], delta: &mut [f32]) {
        self.pass(Pass::Backward { z, a, g, delta });
    }

    /// f(z) of a single neuron (softmax: a layer of one neuron, so always 1).
    pub fn f(self, z: f32) -> f32 {
        let mut a = [0.0];
        self.forward(&[z], &mut a);
        a[0]
    }

    /// f′(z) of a single neuron (softmax: a layer of one neuron, so always 0).
    pub fn derivative(self, z: f32) -> f32 {
        let a = [self.f(z)];
        let mut delta = [0.0];
        self.backward(&[z], &a, &[1.0], &mut delta);
        delta[0]
    }
}
