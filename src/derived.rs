//! Values the front end shows that are derived from the model: the core computes them once, so
//! JavaScript never redoes the arithmetic (issue 12, "JS does no math").
//!
//! - the class a network predicts (the largest output, [`batch::argmax`]);
//! - the one-hot target of a class (as [`crate::digits::one_hot`] writes a digit's);
//! - a digit image's network input, x = byte / 255 ([`DigitSet::input`], the trainer's own);
//! - the order of the stepper's phases ([`phase_order`]);
//! - the first-order change of C along a surface's gradient step, ∇C · Δp
//!   ([`SurfacePoint::predicted_change`]);
//! - the Digits trainer's progress in epochs, as a fraction, and how many examples are left to
//!   a target number of epochs ([`DigitTrainer::epochs`], [`DigitTrainer::examples_until`]);
//! - how large each layer's gradient is ([`gradient_sizes`]: the vanishing gradient made visible).

use crate::batch;
use crate::digits::{DigitSet, DigitTrainer, PIXELS};
use crate::error::{Error, Num, Result};
use crate::network::Network;
use crate::stepper::Phase;
use crate::surface::SurfacePoint;

/// The class a network predicts from its output a⁽ᴸ⁾: the index of the largest value (the
/// first one on ties), as the trainer and the Playground count right answers. An empty output,
/// or one with a non-finite value (a diverged network), predicts nothing and is an error.
pub fn predicted_class(output: &[f32]) -> Result<usize> {
    if output.is_empty() {
        return Err(Error::InvalidInput(
            "an empty output predicts no class: the output layer has at least one neuron".into(),
        ));
    }
    if let Some(j) = output.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidInput(format!(
            "output {j} is not a finite number, so the network predicts no class (has it diverged?)"
        )));
    }
    Ok(batch::argmax(output))
}

/// The target y of class `class` among `classes`: yⱼ = 1 if j = class, else 0.
pub fn one_hot_target(class: usize, classes: usize) -> Result<Vec<f32>> {
    if class >= classes {
        return Err(Error::OutOfRange(format!(
            "class {class} is not one of the {classes} classes 0 to {}",
            classes.saturating_sub(1)
        )));
    }
    let mut y = vec![0.0; classes];
    y[class] = 1.0; // the rule of digits::one_hot, for any number of classes
    Ok(y)
}

/// The network input of one 28 × 28 digit image: xᵢ = byteᵢ / 255, computed by the trainer's
/// own [`DigitSet::input`], so the page's input is bit for bit what training used.
pub fn digit_input(image: &[u8]) -> Result<Vec<f32>> {
    if image.len() != PIXELS {
        return Err(Error::InvalidInput(format!(
            "a digit image has {PIXELS} pixels (28 × 28), not {}",
            image.len()
        )));
    }
    let set = DigitSet::new(image.to_vec(), vec![0])?;
    let mut x = vec![0.0; PIXELS];
    set.input(0, &mut x);
    Ok(x)
}

/// Every phase a stepper goes through on a network of `depth` weight layers, in order:
/// Start, Forward(1) … Forward(L), Cost, Backward(L) … Backward(1), Update, Done.
pub fn phase_order(depth: usize) -> Vec<Phase> {
    let mut order = Vec::with_capacity(2 * depth + 4);
    order.push(Phase::Start);
    order.extend((1..=depth).map(Phase::Forward));
    order.push(Phase::Cost);
    order.extend((1..=depth).rev().map(Phase::Backward));
    order.push(Phase::Update);
    order.push(Phase::Done);
    order
}

impl SurfacePoint {
    /// The change of C that the first-order (tangent-plane) model predicts for one step of
    /// plain gradient descent, ∇C · Δp with Δp = −η∇C: −η (∂C/∂p_A² + ∂C/∂p_B²), in f64.
    pub fn predicted_change(&self, eta: f32) -> f64 {
        let (a, b) = (f64::from(self.gradient_a), f64::from(self.gradient_b));
        -f64::from(eta) * (a * a + b * b)
    }
}

impl DigitTrainer {
    /// Passes over the training set so far, as a fraction: examples seen / training examples.
    pub fn epochs(&self) -> f64 {
        self.examples_seen() as f64 / self.train_set().len() as f64
    }

    /// How many more examples reach `epochs` passes over the training set (0 once reached):
    /// ⌈epochs · n⌉ − seen. `epochs` must be a finite number ≥ 0.
    pub fn examples_until(&self, epochs: f64) -> Result<u64> {
        if !(epochs.is_finite() && epochs >= 0.0) {
            return Err(Error::OutOfRange(format!(
                "a number of epochs is a finite number ≥ 0, not {}",
                Num(epochs)
            )));
        }
        let target = (epochs * self.train_set().len() as f64).ceil();
        // u64 holds every count a run reaches; the cast saturates beyond it.
        Ok((target as u64).saturating_sub(self.examples_seen()))
    }
}

/// How large each layer's gradient is on the examples (`xs` n × n₀, `ys` n × n_L): for
/// l = 1..L the root mean square of the entries of ∂C/∂W⁽ˡ⁾,
/// √((1/(n_l n_{l−1})) Σⱼₖ (∂C/∂w⁽ˡ⁾ⱼₖ)²), summed in f64. With sigmoids in a deep network the
/// early layers' values are orders of magnitude below the last one's: the vanishing gradient.
pub fn gradient_sizes(net: &mut Network, xs: &[f32], ys: &[f32]) -> Result<Vec<f32>> {
    let gradient = net.gradient(xs, ys)?;
    Ok(gradient
        .weights
        .iter()
        .map(|g| {
            let sum: f64 = g.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
            (sum / g.len().max(1) as f64).sqrt() as f32
        })
        .collect())
}
