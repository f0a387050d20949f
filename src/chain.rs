//! The chain rule with its numbers: what the backprop stepper shows beside each weight.
//!
//! For weight w⁽ˡ⁾ⱼₖ of one example (3Blue1Brown's "Backpropagation calculus"):
//!
//! - ∂C₀/∂w⁽ˡ⁾ⱼₖ = ∂z⁽ˡ⁾ⱼ/∂w⁽ˡ⁾ⱼₖ · ∂a⁽ˡ⁾ⱼ/∂z⁽ˡ⁾ⱼ · ∂C₀/∂a⁽ˡ⁾ⱼ = a⁽ˡ⁻¹⁾ₖ · f′(z⁽ˡ⁾ⱼ) · ∂C₀/∂a⁽ˡ⁾ⱼ;
//! - for a hidden layer, ∂C₀/∂a⁽ˡ⁾ⱼ = Σᵢ w⁽ˡ⁺¹⁾ᵢⱼ · f′(z⁽ˡ⁺¹⁾ᵢ) · ∂C₀/∂a⁽ˡ⁺¹⁾ᵢ, one term per
//!   neuron i of the next layer ([`Stepper::chain_terms`]);
//! - a softmax output couples its neurons (∂a/∂z is a matrix), so there f′ is not one number
//!   and the term is w⁽ᴸ⁾ᵢⱼ · δ⁽ᴸ⁾ᵢ.
//!
//! Two checks a student can run: [`nudge_check`] moves one parameter by ε and measures ΔC by a
//! new forward pass against the prediction ∂C₀/∂w · ε; [`example_gradients`] lists each
//! example's ∂C₀/∂w of a mini-batch beside their mean, the batch gradient ∂C/∂w.

use crate::activation::Activation;
use crate::cost::Cost;
use crate::error::{superscript, Error, Num, Result};
use crate::layer::copy_layers;
use crate::network::Network;
use crate::parameter::Parameter;
use crate::stepper::{Phase, Stepper};

/// The chain-rule expansion ∂C₀/∂a⁽ˡ⁾ⱼ = Σᵢ w⁽ˡ⁺¹⁾ᵢⱼ f′(z⁽ˡ⁺¹⁾ᵢ) ∂C₀/∂a⁽ˡ⁺¹⁾ᵢ of a hidden
/// neuron: one entry per neuron i of layer l + 1 in each vector.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainTerms {
    /// w⁽ˡ⁺¹⁾ᵢⱼ, the weights used by the backward step.
    pub w: Vec<f32>,
    /// f′(z⁽ˡ⁺¹⁾ᵢ); NaN when layer l + 1 is a softmax output (its outputs are coupled).
    pub derivative: Vec<f32>,
    /// ∂C₀/∂a⁽ˡ⁺¹⁾ᵢ.
    pub activation_gradient: Vec<f32>,
    /// δ⁽ˡ⁺¹⁾ᵢ = ∂C₀/∂z⁽ˡ⁺¹⁾ᵢ (= f′(z⁽ˡ⁺¹⁾ᵢ) ∂C₀/∂a⁽ˡ⁺¹⁾ᵢ unless softmax).
    pub delta: Vec<f32>,
    /// The terms w⁽ˡ⁺¹⁾ᵢⱼ δ⁽ˡ⁺¹⁾ᵢ.
    pub products: Vec<f32>,
    /// ∂C₀/∂a⁽ˡ⁾ⱼ as the backward step computed it (the sum of `products`).
    pub sum: f32,
}

impl Stepper {
    /// Forward(l) also keeps f′(z⁽ˡ⁾ⱼ) of every neuron (NaN for softmax).
    pub(crate) fn fill_derivative(&mut self, act: Activation, l: usize) {
        let (z, a, out) = (&self.trace.z[l], &self.trace.a[l], &mut self.derivative[l]);
        if act == Activation::Softmax {
            out.fill(f32::NAN);
            return;
        }
        for j in 0..out.len() {
            // f′(zⱼ) = ∂aⱼ/∂zⱼ: the backward step of one neuron with ∂C/∂a = 1.
            act.backward(&z[j..=j], &a[j..=j], &[1.0], &mut out[j..=j]);
        }
    }

    /// The Cost step also keeps each output's term of C₀.
    pub(crate) fn fill_cost_terms(&mut self, cost: Cost, act: Activation) {
        let l = self.depth();
        let (a, y) = (&self.trace.a[l], &self.y);
        for (j, term) in self.cost_terms.iter_mut().enumerate() {
            // Quadratic (aⱼ − yⱼ)²; cross-entropy −[yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)] or −yⱼ ln aⱼ.
            *term = cost.value(act, &a[j..=j], &y[j..=j]);
        }
    }

    /// f′(z⁽ˡ⁾ⱼ) = ∂a⁽ˡ⁾ⱼ/∂z⁽ˡ⁾ⱼ per neuron (l = 1..L), once Forward(l) is done. An error for a
    /// softmax layer, whose ∂a/∂z is a matrix: use δ⁽ᴸ⁾ there.
    pub fn derivative(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 1)?;
        if self.activations[l - 1] == Activation::Softmax {
            return Err(Error::InvalidInput(format!(
                "layer {l} is a softmax: each output depends on every z⁽{}⁾, so ∂a/∂z is a \
                 matrix, not one f′ per neuron — δ⁽{}⁾ = ∂C₀/∂z⁽{}⁾ is shown directly",
                superscript(l),
                superscript(l),
                superscript(l)
            )));
        }
        self.computed(format!("f′(z⁽{}⁾)", superscript(l)), Phase::Forward(l))?;
        Ok(&self.derivative[l])
    }

    /// Each output neuron's term of C₀ (they sum to C₀), once the Cost step is done: quadratic
    /// (aⱼ − yⱼ)²; cross-entropy −[yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)] (sigmoid) or −yⱼ ln aⱼ
    /// (softmax).
    pub fn cost_terms(&self) -> Result<&[f32]> {
        self.computed("the cost's terms".to_string(), Phase::Cost)?;
        Ok(&self.cost_terms)
    }

    /// ∂C₀/∂a⁽ˡ⁾ⱼ of hidden neuron j of layer l (1..L−1) as its sum over the next layer, once
    /// Backward(l + 1) is done. The weights are those the backward step used (before Update),
    /// in every phase up to Done, so the terms always add up to the shown ∂C₀/∂a⁽ˡ⁾ⱼ.
    pub fn chain_terms(&self, net: &Network, l: usize, j: usize) -> Result<ChainTerms> {
        self.check_network(net)?;
        let depth = self.depth();
        if l == 0 || l >= depth {
            return Err(Error::OutOfRange(format!(
                "only a hidden layer (1 to {}) sums over a next layer, not layer {l}",
                depth.saturating_sub(1)
            )));
        }
        if j >= self.sizes[l] {
            return Err(Error::OutOfRange(format!(
                "layer {l} has neurons 0 to {}, not {j}",
                self.sizes[l] - 1
            )));
        }
        let sum = self.activation_gradient(l)?[j];
        // The walk's weights, also after Update and Done, when the network holds new ones.
        let weights = &self.saved_w[l + 1];
        let n = self.sizes[l];
        let w: Vec<f32> = weights.chunks_exact(n).map(|w_i| w_i[j]).collect();
        let delta = self.trace.delta[l + 1].clone();
        Ok(ChainTerms {
            products: w.iter().zip(&delta).map(|(w, d)| w * d).collect(), // wᵢⱼ δᵢ
            derivative: self.derivative[l + 1].clone(),
            activation_gradient: self.trace.da[l + 1].clone(),
            w,
            delta,
            sum,
        })
    }
}

/// The nudge check of one parameter on one example. The costs are evaluated in f64 (from the
/// network's f32 parameters, with w + ε exact in f64), so the measured ΔC keeps its digits as
/// ε → 0 instead of vanishing in the cancellation of two f32 costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nudge {
    /// C₀ at the current parameters.
    pub cost_before: f64,
    /// C₀ after the parameter moved by ε (by a new forward pass).
    pub cost_after: f64,
    /// ΔC = cost_after − cost_before, measured.
    pub actual: f64,
    /// ∂C₀/∂w at the current parameters, by backpropagation.
    pub gradient: f32,
    /// ∂C₀/∂w · ε, the first-order prediction of ΔC.
    pub predicted: f64,
}

fn check_eps(eps: f64) -> Result<()> {
    if !eps.is_finite() {
        return Err(Error::InvalidInput(format!(
            "the nudge ε must be a finite number, not {}",
            Num(eps)
        )));
    }
    Ok(())
}

/// tanh z in f64 from `exp` alone (libm's tanh would bring its expm1 into the page's wasm):
/// (1 − e^−2|z|) / (1 + e^−2|z|), whose cancellation costs at most 1e-11 relative for
/// |z| ≥ 1e-5, and z(1 − z²/3) below, exact to f64 there; odd, ±1 far out, NaN for NaN.
fn tanh_f64(z: f64) -> f64 {
    let a = z.abs();
    let t = if a < 1e-5 {
        a * (1.0 - a * a / 3.0)
    } else {
        let e = (-2.0 * a).exp();
        (1.0 - e) / (1.0 + e)
    };
    t.copysign(z)
}

/// f(z) of one layer in f64 (the nudge check's reference forward pass).
fn activate_f64(act: Activation, z: &mut [f64]) {
    let slope = f64::from(crate::activation::LEAKY_SLOPE);
    match act {
        Activation::Sigmoid => z.iter_mut().for_each(|z| *z = 1.0 / (1.0 + (-*z).exp())),
        Activation::Tanh => z.iter_mut().for_each(|z| *z = tanh_f64(*z)),
        Activation::Relu => z.iter_mut().for_each(|z| *z = z.max(0.0)),
        Activation::LeakyRelu => z
            .iter_mut()
            .for_each(|z| *z = if *z > 0.0 { *z } else { slope * *z }),
        Activation::Linear => {}
        Activation::Softmax => {
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            z.iter_mut().for_each(|z| *z = (*z - max).exp());
            let sum: f64 = z.iter().sum();
            z.iter_mut().for_each(|z| *z /= sum);
        }
    }
}

/// C₀ of example (x, y) in f64 through parameters `w`, `b` (index 0 empty) of `net`'s shape,
/// with parameter `p` replaced by `value`.
fn cost_f64(
    net: &Network,
    (w, b): (&[Vec<f32>], &[Vec<f32>]),
    x: &[f32],
    y: &[f32],
    p: Parameter,
    value: f64,
) -> f64 {
    let mut a: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    for l in 1..=net.depth() {
        let n = a.len();
        let mut z: Vec<f64> = w[l]
            .chunks_exact(n)
            .zip(&b[l])
            .enumerate()
            .map(|(j, (w_j, &b_j))| {
                let bias = match p {
                    Parameter::Bias { l: pl, j: pj } if pl == l && pj == j => value,
                    _ => f64::from(b_j),
                };
                w_j.iter()
                    .zip(&a)
                    .enumerate()
                    .fold(bias, |sum, (k, (&w, &a))| {
                        let w = match p {
                            Parameter::Weight {
                                l: pl,
                                j: pj,
                                k: pk,
                            } if (pl, pj, pk) == (l, j, k) => value,
                            _ => f64::from(w),
                        };
                        sum + w * a
                    })
            })
            .collect();
        activate_f64(net.activation(l), &mut z);
        a = z;
    }
    let floor = f64::from(crate::cost::LOG_FLOOR);
    let ln = |a: f64| a.max(floor).ln();
    let y = y.iter().map(|&v| f64::from(v));
    match (net.config().cost, net.output_activation()) {
        (Cost::Quadratic, _) => a.iter().zip(y).map(|(a, y)| (a - y) * (a - y)).sum(),
        (Cost::CrossEntropy, Activation::Softmax) => {
            a.iter().zip(y).map(|(&a, y)| -y * ln(a)).sum()
        }
        (Cost::CrossEntropy, _) => a
            .iter()
            .zip(y)
            .map(|(&a, y)| -(y * ln(a) + (1.0 - y) * ln(1.0 - a)))
            .sum(),
    }
}

/// The nudge of `p` by ε through parameters `params`, against the gradient `gradient`; the
/// caller has checked ε and p's indices.
fn nudge_with(
    net: &Network,
    params: (&[Vec<f32>], &[Vec<f32>]),
    (x, y): (&[f32], &[f32]),
    p: Parameter,
    eps: f64,
    gradient: f32,
) -> Result<Nudge> {
    let w = f64::from(p.entry(net.sizes(), params, 0));
    let cost_before = cost_f64(net, params, x, y, p, w);
    let cost_after = cost_f64(net, params, x, y, p, w + eps);
    if !cost_before.is_finite() || !cost_after.is_finite() {
        return Err(Error::InvalidInput(format!(
            "the cost is not finite after nudging by ε = {}: try a smaller ε",
            Num(eps)
        )));
    }
    Ok(Nudge {
        cost_before,
        cost_after,
        actual: cost_after - cost_before,
        gradient,
        predicted: f64::from(gradient) * eps,
    })
}

/// Moves `p` by ε, measures C₀ of example (x, y) by a forward pass in f64, and compares the
/// change with backpropagation's prediction ∂C₀/∂w · ε. The network is not changed (its
/// caches of the last `forward` stay as they were).
pub fn nudge_check(
    net: &mut Network,
    x: &[f32],
    y: &[f32],
    p: Parameter,
    eps: f64,
) -> Result<Nudge> {
    check_eps(eps)?;
    p.get(net)?;
    let g = net.gradient(x, y)?;
    let gradient = p.of(net.sizes(), &g);
    let net: &Network = net;
    nudge_with(net, (&net.w, &net.b), (x, y), p, eps, gradient)
}

impl Stepper {
    /// The nudge check of `p` on this walk's example and with this walk's parameters (those
    /// before its Update, also after it), against the ∂C₀/∂p the backward step computed: so it
    /// is available from Backward(l) on, like the chain rule's result.
    pub fn nudge(&self, net: &Network, p: Parameter, eps: f64) -> Result<Nudge> {
        self.check_network(net)?;
        check_eps(eps)?;
        p.get(net)?;
        let l = p.layer();
        let what = if p.is_weight() {
            "∂C₀/∂w"
        } else {
            "∂C₀/∂b"
        };
        self.computed(format!("the nudge check's {what}"), Phase::Backward(l))?;
        let gradient = p.entry(net.sizes(), (&self.dw, &self.db), 0);
        let (x, y) = (self.x(), self.y());
        nudge_with(
            net,
            (&self.saved_w, &self.saved_b),
            (x, y),
            p,
            eps,
            gradient,
        )
    }

    /// [`example_gradients`] of `p` over a batch, at this walk's parameters (those before its
    /// Update, also after it), so the table and the chain rule show one network. At Start,
    /// the network's current parameters.
    pub fn example_gradients(
        &self,
        net: &Network,
        xs: &[f32],
        ys: &[f32],
        p: Parameter,
    ) -> Result<ExampleGradients> {
        self.check_network(net)?;
        let mut walk = net.clone();
        if self.phase() != Phase::Start {
            copy_layers(&mut walk.w, &self.saved_w);
            copy_layers(&mut walk.b, &self.saved_b);
        }
        example_gradients(&mut walk, xs, ys, p)
    }
}

/// One parameter's gradient over a mini-batch, example by example.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleGradients {
    /// ∂C₀/∂w of each example (3Blue1Brown's "desired nudge" is its negative).
    pub per_example: Vec<f32>,
    /// Their mean (1/n) Σ ∂C₀/∂w.
    pub mean: f32,
    /// ∂C/∂w of the whole batch, computed by [`Network::gradient`] (equal to `mean`).
    pub batch: f32,
}

/// Each example's ∂C₀/∂p over a batch (`xs` n × n₀ row-major, `ys` n × n_L), their mean and
/// the batch gradient ∂C/∂p.
pub fn example_gradients(
    net: &mut Network,
    xs: &[f32],
    ys: &[f32],
    p: Parameter,
) -> Result<ExampleGradients> {
    p.get(net)?;
    let g = net.gradient(xs, ys)?; // also checks the batch
    let batch = p.of(net.sizes(), &g);
    let (n0, n_out) = (net.sizes()[0], net.sizes()[net.depth()]);
    let mut per_example = Vec::with_capacity(xs.len() / n0);
    for (x, y) in xs.chunks_exact(n0).zip(ys.chunks_exact(n_out)) {
        let g = net.gradient(x, y)?;
        per_example.push(p.of(net.sizes(), &g));
    }
    let mean =
        (per_example.iter().map(|&v| v as f64).sum::<f64>() / per_example.len() as f64) as f32;
    Ok(ExampleGradients {
        per_example,
        mean,
        batch,
    })
}

#[cfg(test)]
mod tanh_tests {
    #[test]
    fn tanh_f64_is_libms_to_1e_11_relative_and_odd() {
        let mut worst: f64 = 0.0;
        for i in -200_000..=200_000 {
            let z = i as f64 * 1.37e-4 * (1.0 + (i as f64).abs() * 1e-5);
            let (ours, libm) = (super::tanh_f64(z), z.tanh());
            worst = worst.max((ours - libm).abs() / libm.abs().max(1e-300));
            assert_eq!(super::tanh_f64(-z).to_bits(), (-ours).to_bits());
        }
        for z in [1e-300, 1e-12, 9.9e-6, 1e-5, 3.0, 20.0, 400.0, f64::INFINITY] {
            let (ours, libm) = (super::tanh_f64(z), z.tanh());
            worst = worst.max((ours - libm).abs() / libm.abs());
        }
        assert!(worst < 1e-11, "worst relative difference {worst:e}");
        assert!(super::tanh_f64(f64::NAN).is_nan());
        assert_eq!(super::tanh_f64(-0.0).to_bits(), (-0.0f64).to_bits());
    }
}
