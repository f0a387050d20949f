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
    /// σ(z) = 1 / (1 + e^−z); σ′(z) = σ(z)(1 − σ(z)), computed as e^−|z| / (1 + e^−|z|)².
    Sigmoid,
    /// tanh z; tanh′(z) = 1 − tanh²z, computed as 4e^−2|z| / (1 + e^−2|z|)².
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

/// tanh z as a rational function, branch-free so a layer's loop vectorises: a 13th/6th-degree
/// rational fit of tanh on [−7.9, 7.9] (where f32 tanh reaches ±1), within a few f32 ulps of
/// the exact value (checked against f64 in the tests). libm's `tanhf` is several times slower
/// and dominated training time.
#[inline(always)]
pub fn tanh(z: f32) -> f32 {
    const CLAMP: f32 = 7.905_311;
    let x = z.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let p = -2.760_768_5e-16 * x2 + 2.000_188e-13;
    let p = x2 * p - 8.604_672e-11;
    let p = x2 * p + 5.122_297e-8;
    let p = x2 * p + 1.485_722_4e-5;
    let p = x2 * p + 6.372_619_3e-4;
    let p = x2 * p + 4.893_524_6e-3;
    let q = 1.198_258_4e-6 * x2 + 1.185_347_1e-4;
    let q = x2 * q + 2.268_434_6e-3;
    let q = x2 * q + 4.893_525e-3;
    // Tiny z: tanh z = z to f32 precision, and keeps the sign of −0.
    if z.abs() < 4e-4 {
        z
    } else {
        x * p / q
    }
}

/// e^x for x ≤ 0, branch-free so a layer's loop vectorises: x = n ln 2 + r with |r| ≤ ln 2 / 2,
/// e^r by its Taylor polynomial of degree 5 (relative error below 3e-6: σ′ and tanh′ need
/// 1e-4, and every term saved is time in the backward pass), 2ⁿ built from the exponent bits.
/// Good down to x = −87 (e^x ≈ 1.6e-38, the smallest normal f32); x is clamped there, and
/// callers give 0 below. NaN stays NaN.
#[inline(always)]
fn exp_nonpositive(x: f32) -> f32 {
    // 1.5 × 2²³: adding it rounds x / ln 2 to the nearest whole number, which then sits in the
    // low bits of the sum.
    const ROUND: f32 = 12_582_912.0;
    const LN2_HI: f32 = 0.693_145_75; // ln 2 to 16 bits, so n · LN2_HI is exact
    const LN2_LO: f32 = 1.428_606_8e-6; // ln 2 − LN2_HI
    let x = x.clamp(-87.0, 0.0);
    let t = x * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = 1.0 / 120.0;
    let p = p * r + 1.0 / 24.0;
    let p = p * r + 1.0 / 6.0;
    let p = p * r + 0.5;
    let p = p * r + 1.0;
    let p = p * r + 1.0;
    // 2ⁿ for n in −126..=0: the exponent field n + 127 (t's low bits hold n + 2²²).
    let bits = t.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(127) << 23;
    p * f32::from_bits(bits)
}

/// σ′(z) = σ(z)(1 − σ(z)) = e^−|z| / (1 + e^−|z|)², to about 3e-6 relative for every z.
/// (From a = σ(z), a(1 − a) loses its relative precision once a rounds near 1: 1e-4 off from z ≈ 8.)
#[inline(always)]
pub fn sigmoid_derivative(z: f32) -> f32 {
    let e = exp_nonpositive(-z.abs());
    let d = e / ((1.0 + e) * (1.0 + e));
    // Far out e^−|z| underflows to 0, where σ′ rounds to 0 too.
    if z.abs() > 87.0 {
        0.0
    } else {
        d
    }
}

/// tanh′(z) = 1 − tanh²z = 4 / (e^z + e^−z)² = 4e^−2|z| / (1 + e^−2|z|)², to about 3e-6
/// relative for every z. (From a = tanh z, 1 − a² is 1e-4 off from |z| ≈ 3.75 and 0 once a rounds to ±1.)
#[inline(always)]
pub fn tanh_derivative(z: f32) -> f32 {
    let e = exp_nonpositive(-2.0 * z.abs());
    let d = 4.0 * e / ((1.0 + e) * (1.0 + e));
    if z.abs() > 43.5 {
        0.0
    } else {
        d
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
                let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let mut sum = 0.0;
                for (a, &z) in a.iter_mut().zip(z) {
                    *a = (z - max).exp();
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
            Activation::Sigmoid => {
                pass.each(|z| 1.0 / (1.0 + (-z).exp()), |z, _| sigmoid_derivative(z))
            }
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
