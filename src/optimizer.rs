//! Gradient-descent optimizers: W ← W − η ∂C/∂W and its refinements.
//!
//! With g = ∂C/∂w (+ λ w for L2, + λ sign(w) for L1; biases are not regularized):
//! - SGD: w ← w − η g;
//! - momentum: v ← μ v − η g, w ← w + v;
//! - Adam: m ← β₁ m + (1 − β₁) g, s ← β₂ s + (1 − β₂) g², m̂ = m / (1 − β₁ᵗ),
//!   ŝ = s / (1 − β₂ᵗ), w ← w − η m̂ / (√ŝ + ε).

use crate::error::{named_enum, Error, Num, Result};
use crate::gradient::Gradient;
use crate::layer::{copy_layers, descend};
use crate::network::{check_learning_rate, Network};

/// The default learning rate η, tuned so the Playground's default circle is learned in a few
/// hundred epochs.
pub const DEFAULT_LEARNING_RATE: f32 = 0.1;

/// Which update rule an [`Optimizer`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with momentum μ.
    Momentum,
    /// Adam with bias correction.
    Adam,
}

named_enum!(OptimizerKind, "optimizer", {
    Sgd => "sgd",
    Momentum => "momentum",
    Adam => "adam",
});

/// A penalty on the weights' size, added to the gradient (not to the cost C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Regularization {
    /// No penalty.
    None,
    /// L1: adds λ sign(w) to ∂C/∂w.
    L1,
    /// L2: adds λ w to ∂C/∂w.
    L2,
}

named_enum!(Regularization, "regularization", {
    None => "none",
    L1 => "l1",
    L2 => "l2",
});

/// Hyperparameters of an [`Optimizer`].
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizerConfig {
    /// The update rule.
    pub kind: OptimizerKind,
    /// η > 0.
    pub learning_rate: f32,
    /// μ in [0, 1) for momentum (default 0.9).
    pub momentum: f32,
    /// β₁ in [0, 1) for Adam (default 0.9).
    pub beta1: f32,
    /// β₂ in [0, 1) for Adam (default 0.999).
    pub beta2: f32,
    /// ε > 0 for Adam (default 1e-8).
    pub epsilon: f32,
    /// The weight penalty.
    pub regularization: Regularization,
    /// λ ≥ 0.
    pub regularization_rate: f32,
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: DEFAULT_LEARNING_RATE,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            regularization: Regularization::None,
            regularization_rate: 0.0,
        }
    }
}

impl OptimizerConfig {
    /// Every check [`Optimizer::new`] makes.
    pub fn validate(&self) -> Result<()> {
        check_learning_rate(self.learning_rate)?;
        let in_unit = |v: f32, name: &str| {
            if (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidConfig(format!(
                    "{name} must be at least 0 and less than 1, not {}",
                    Num(v.into())
                )))
            }
        };
        in_unit(self.momentum, "the momentum μ")?;
        in_unit(self.beta1, "Adam's β₁")?;
        in_unit(self.beta2, "Adam's β₂")?;
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return Err(Error::InvalidConfig(format!(
                "Adam's ε must be a small positive number, not {}",
                Num(self.epsilon.into())
            )));
        }
        if !(self.regularization_rate.is_finite() && self.regularization_rate >= 0.0) {
            return Err(Error::InvalidConfig(format!(
                "the regularization rate λ must be a finite number ≥ 0, not {}",
                Num(self.regularization_rate.into())
            )));
        }
        Ok(())
    }
}

/// Per-parameter state: the velocity v (momentum) or first moment m (Adam), and the second
/// moment s (Adam); per layer, index 0 = layer 1, weights then biases.
#[derive(Debug, Clone, Default)]
struct State {
    m_w: Vec<Vec<f32>>,
    m_b: Vec<Vec<f32>>,
    s_w: Vec<Vec<f32>>,
    s_b: Vec<Vec<f32>>,
    /// Adam's step counter t.
    t: u32,
}

impl State {
    fn zeros(sizes: &[usize]) -> State {
        let g = Gradient::for_sizes(sizes);
        State {
            m_w: g.weights.clone(),
            m_b: g.biases.clone(),
            s_w: g.weights,
            s_b: g.biases,
            t: 0,
        }
    }

    fn copy_from(&mut self, other: &State) {
        let fits = |a: &[Vec<f32>], b: &[Vec<f32>]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.len() == b.len())
        };
        if !(fits(&self.m_w, &other.m_w) && fits(&self.m_b, &other.m_b)) {
            self.clone_from(other);
            return;
        }
        copy_layers(&mut self.m_w, &other.m_w);
        copy_layers(&mut self.m_b, &other.m_b);
        copy_layers(&mut self.s_w, &other.s_w);
        copy_layers(&mut self.s_b, &other.s_b);
        self.t = other.t;
    }
}

/// A copy of an optimizer's state (the velocity or moments, and Adam's step counter), taken by
/// [`Optimizer::snapshot_into`] and put back by [`Optimizer::restore_from`].
#[derive(Debug, Clone, Default)]
pub(crate) struct OptimizerState(State);

/// Applies a gradient to a network's parameters by one update rule, keeping its state.
#[derive(Debug, Clone)]
pub struct Optimizer {
    config: OptimizerConfig,
    state: State,
}

impl Optimizer {
    /// An optimizer for `net`'s shape after checking `config`.
    pub fn new(config: OptimizerConfig, net: &Network) -> Result<Optimizer> {
        config.validate()?;
        Ok(Optimizer {
            config,
            state: State::zeros(net.sizes()),
        })
    }

    /// The hyperparameters.
    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// Changes η, keeping the state.
    pub fn set_learning_rate(&mut self, eta: f32) -> Result<()> {
        check_learning_rate(eta)?;
        self.config.learning_rate = eta;
        Ok(())
    }

    /// Forgets the velocity and moments.
    pub fn reset(&mut self) {
        for v in [
            &mut self.state.m_w,
            &mut self.state.m_b,
            &mut self.state.s_w,
            &mut self.state.s_b,
        ] {
            v.iter_mut().for_each(|v| v.fill(0.0));
        }
        self.state.t = 0;
    }

    /// One update of `net`'s parameters by `gradient` (∂C/∂W⁽ˡ⁾, ∂C/∂b⁽ˡ⁾ of its shape).
    pub fn step(&mut self, net: &mut Network, gradient: &Gradient) -> Result<()> {
        if !gradient.fits(net) || self.state.m_w.len() != net.depth() || !self.fits(gradient) {
            return Err(Error::InvalidInput(
                "the gradient or optimizer does not have this network's shape: make a new \
                 optimizer after changing the layers"
                    .to_string(),
            ));
        }
        self.state.t = self.state.t.saturating_add(1);
        let rule = Rule::new(&self.config, self.state.t);
        for l in 1..=net.depth() {
            let i = l - 1;
            rule.apply(
                net.weights_mut(l),
                &gradient.weights[i],
                &mut self.state.m_w[i],
                &mut self.state.s_w[i],
                self.config.regularization,
            );
            rule.apply(
                net.biases_mut(l),
                &gradient.biases[i],
                &mut self.state.m_b[i],
                &mut self.state.s_b[i],
                Regularization::None,
            );
        }
        Ok(())
    }

    /// For plain SGD without a penalty, whose w ← w − η g a caller may fuse into its backward
    /// pass ([`crate::batch::Update::Descend`] is the same update to the bit): counts the step
    /// as [`Optimizer::step`] would and returns η. None for every other rule.
    pub(crate) fn fused_sgd(&mut self) -> Option<f32> {
        if self.config.kind != OptimizerKind::Sgd
            || self.config.regularization != Regularization::None
        {
            return None;
        }
        self.state.t = self.state.t.saturating_add(1);
        Some(self.config.learning_rate)
    }

    fn fits(&self, gradient: &Gradient) -> bool {
        let same = |a: &[Vec<f32>], b: &[Vec<f32>]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.len() == b.len())
        };
        same(&self.state.m_w, &gradient.weights) && same(&self.state.m_b, &gradient.biases)
    }

    /// Copies the state into `to` (without allocating once `to` has this shape).
    pub(crate) fn snapshot_into(&self, to: &mut OptimizerState) {
        to.0.copy_from(&self.state);
    }

    /// Puts back a state taken by `snapshot_into`.
    pub(crate) fn restore_from(&mut self, from: &OptimizerState) {
        self.state.copy_from(&from.0);
    }
}

/// Adam's bias correction 1 − βᵗ.
#[inline(never)]
fn bias_correction(beta: f32, t: i32) -> f32 {
    1.0 - beta.powi(t)
}

/// The update rule with its constants for step t.
struct Rule {
    kind: OptimizerKind,
    eta: f32,
    mu: f32,
    beta1: f32,
    beta2: f32,
    epsilon: f32,
    lambda: f32,
    /// 1 − β₁ᵗ and 1 − β₂ᵗ, Adam's bias corrections (1 for the other rules, which have none).
    correction1: f32,
    correction2: f32,
}

impl Rule {
    fn new(c: &OptimizerConfig, t: u32) -> Rule {
        let t = t.min(i32::MAX as u32) as i32;
        Rule {
            kind: c.kind,
            eta: c.learning_rate,
            mu: c.momentum,
            beta1: c.beta1,
            beta2: c.beta2,
            epsilon: c.epsilon,
            lambda: c.regularization_rate,
            // Computed under Adam only (out of line, so LLVM does not speculate `powi` into the
            // other rules' steps).
            correction1: if c.kind == OptimizerKind::Adam {
                bias_correction(c.beta1, t)
            } else {
                1.0
            },
            correction2: if c.kind == OptimizerKind::Adam {
                bias_correction(c.beta2, t)
            } else {
                1.0
            },
        }
    }

    /// Updates parameters `p` by gradient `g` with state `m`, `s`.
    fn apply(&self, p: &mut [f32], g: &[f32], m: &mut [f32], s: &mut [f32], reg: Regularization) {
        let lambda = self.lambda;
        let penalty = |p: f32| match reg {
            Regularization::None => 0.0,
            Regularization::L1 => lambda * if p == 0.0 { 0.0 } else { p.signum() },
            Regularization::L2 => lambda * p,
        };
        if self.kind == OptimizerKind::Sgd && reg == Regularization::None {
            return descend(p, g, self.eta); // w ← w − η g, the teaching path's own update
        }
        let params = p.iter_mut().zip(g).zip(m.iter_mut().zip(s.iter_mut()));
        match self.kind {
            OptimizerKind::Sgd => {
                for ((p, &g), _) in params {
                    *p -= self.eta * (g + penalty(*p)); // w ← w − η (g + penalty)
                }
            }
            OptimizerKind::Momentum => {
                for ((p, &g), (v, _)) in params {
                    *v = self.mu * *v - self.eta * (g + penalty(*p)); // v ← μ v − η g
                    *p += *v; //                                         w ← w + v
                }
            }
            OptimizerKind::Adam => {
                for ((p, &g), (m, s)) in params {
                    let g = g + penalty(*p);
                    *m = self.beta1 * *m + (1.0 - self.beta1) * g; // m ← β₁ m + (1 − β₁) g
                    *s = self.beta2 * *s + (1.0 - self.beta2) * g * g; // s ← β₂ s + (1 − β₂) g²
                    let m_hat = *m / self.correction1;
                    let s_hat = *s / self.correction2;
                    *p -= self.eta * m_hat / (s_hat.sqrt() + self.epsilon);
                }
            }
        }
    }
}
