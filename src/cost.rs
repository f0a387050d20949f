//! Cost of one example, C₀, and its gradient, side by side.
//!
//! - quadratic: C₀ = Σⱼ (aⱼ − yⱼ)², ∂C₀/∂aⱼ = 2(aⱼ − yⱼ) (no ½, as 3Blue1Brown writes it);
//! - cross-entropy with sigmoid outputs: C₀ = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)],
//!   ∂C₀/∂aⱼ = (aⱼ − yⱼ) / (aⱼ(1 − aⱼ)), so δⱼ = ∂C₀/∂zⱼ = aⱼ − yⱼ;
//! - cross-entropy with a softmax output: C₀ = −Σⱼ yⱼ ln aⱼ, ∂C₀/∂aⱼ = −yⱼ / aⱼ, so
//!   δⱼ = aⱼ Σₖ yₖ − yⱼ (= aⱼ − yⱼ for one-hot y).
//!
//! Logarithms are taken of max(a, 1e-7) so C₀ stays finite when a reaches 0 or 1.

use crate::activation::Activation;
use crate::error::{named_enum, Error, Result};

/// Smallest argument of a logarithm in the cross-entropy: ln(max(a, 1e-7)).
pub const LOG_FLOOR: f32 = 1e-7;

/// The cost function C₀(a⁽ᴸ⁾, y) of one example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cost {
    /// C₀ = Σⱼ (aⱼ⁽ᴸ⁾ − yⱼ)².
    Quadratic,
    /// Binary cross-entropy per sigmoid output, or −Σⱼ yⱼ ln aⱼ for a softmax output.
    CrossEntropy,
}

named_enum!(Cost, "cost", {
    Quadratic => "quadratic",
    CrossEntropy => "crossEntropy",
});

/// ln(max(a, 1e-7)).
fn ln(a: f32) -> f32 {
    a.max(LOG_FLOOR).ln()
}

impl Cost {
    /// Whether this cost can follow an output layer with activation `output`.
    pub fn check(self, output: Activation) -> Result<()> {
        match (self, output) {
            (Cost::CrossEntropy, Activation::Sigmoid | Activation::Softmax)
            | (Cost::Quadratic, _) => Ok(()),
            (Cost::CrossEntropy, other) => Err(Error::InvalidConfig(format!(
                "cross-entropy needs outputs between 0 and 1 that read as probabilities: use a \
                 sigmoid or softmax output layer, not {}, or choose the quadratic cost",
                other.name()
            ))),
        }
    }

    /// C₀ of one example; writes g = ∂C₀/∂a⁽ᴸ⁾ and δ⁽ᴸ⁾ = ∂C₀/∂z⁽ᴸ⁾.
    ///
    /// `z`, `a` are the output layer's z⁽ᴸ⁾ and a⁽ᴸ⁾; `y` the target; all slices of length n_L.
    pub fn output(
        self,
        output: Activation,
        z: &[f32],
        a: &[f32],
        y: &[f32],
        g: &mut [f32],
        delta: &mut [f32],
    ) -> f32 {
        match (self, output) {
            (Cost::Quadratic, _) => {
                let mut c = 0.0;
                for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
                    c += (a - y) * (a - y); // C₀ = Σ (a − y)²
                    *g = 2.0 * (a - y); //     ∂C₀/∂a = 2(a − y)
                }
                output.backward(z, a, g, delta); // δ = g ⊙ f′(z) (softmax: Jacobian product)
                c
            }
            (Cost::CrossEntropy, Activation::Softmax) => {
                let mut c = 0.0;
                let mut sum_y = 0.0;
                for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
                    c -= y * ln(a); //               C₀ = −Σ y ln a
                    *g = -y / a.max(LOG_FLOOR); //   ∂C₀/∂a = −y / a
                    sum_y += y;
                }
                for ((delta, &a), &y) in delta.iter_mut().zip(a).zip(y) {
                    *delta = a * sum_y - y; //       δ = a Σy − y
                }
                c
            }
            (Cost::CrossEntropy, _) => {
                let mut c = 0.0;
                for (((g, delta), &a), &y) in g.iter_mut().zip(delta.iter_mut()).zip(a).zip(y) {
                    c -= y * ln(a) + (1.0 - y) * ln(1.0 - a); // C₀ = −[y ln a + (1−y) ln(1−a)]
                    let a_clamped = a.clamp(LOG_FLOOR, 1.0 - LOG_FLOOR);
                    *g = (a - y) / (a_clamped * (1.0 - a_clamped)); // ∂C₀/∂a
                    *delta = a - y; //                                 δ = a − y (with σ′ = a(1−a))
                }
                c
            }
        }
    }

    /// C₀ of one example alone (no gradient), for evaluating a data set. Inlined: the cost
    /// surface calls it once per example per grid point.
    #[inline]
    pub fn value(self, output: Activation, a: &[f32], y: &[f32]) -> f32 {
        match (self, output) {
            (Cost::Quadratic, _) => a.iter().zip(y).map(|(a, y)| (a - y) * (a - y)).sum(),
            (Cost::CrossEntropy, Activation::Softmax) => {
                a.iter().zip(y).map(|(&a, &y)| -y * ln(a)).sum()
            }
            (Cost::CrossEntropy, _) => a
                .iter()
                .zip(y)
                .map(|(&a, &y)| -(y * ln(a) + (1.0 - y) * ln(1.0 - a)))
                .sum(),
        }
    }
}
