//! Backpropagation one step at a time, for watching it happen:
//! Start → Forward(1) … Forward(L) → Cost → Backward(L) … Backward(1) → Update → Done.
//!
//! The stepper keeps its own caches; only the Update step changes the network (plain gradient
//! descent on this one example, W ← W − η ∂C₀/∂W, b ← b − η ∂C₀/∂b: no momentum, Adam or
//! regularization), and `prev` undoes it exactly.
//!
//! A walk belongs to one set of parameters: the network's at its first forward step. If the
//! network changes under it (a drag, a training step), [`Stepper::is_stale`] says so and `next`
//! / `prev` refuse to mix old caches with new weights: start a new walk.

use crate::activation::Activation;
use crate::error::{superscript, Error, Result};
use crate::layer::{copy_layers, descend, Trace};
use crate::network::{check_learning_rate, Network};

/// A step of the algorithm; `layer()` is the l it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Nothing computed yet.
    Start,
    /// z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ and a⁽ˡ⁾ = f(z⁽ˡ⁾).
    Forward(usize),
    /// C₀ and ∂C₀/∂a⁽ᴸ⁾.
    Cost,
    /// δ⁽ˡ⁾, ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ, ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾ and ∂C₀/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾.
    Backward(usize),
    /// W ← W − η ∂C₀/∂W, b ← b − η ∂C₀/∂b.
    Update,
    /// Finished; `next` stays here.
    Done,
}

impl Phase {
    /// "start", "forward", "cost", "backward", "update" or "done".
    pub fn name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Forward(_) => "forward",
            Phase::Cost => "cost",
            Phase::Backward(_) => "backward",
            Phase::Update => "update",
            Phase::Done => "done",
        }
    }

    /// The layer of a forward or backward step; 0 for the others.
    pub fn layer(self) -> usize {
        match self {
            Phase::Forward(l) | Phase::Backward(l) => l,
            _ => 0,
        }
    }

    /// Position in the sequence of a network with L weight layers: Start 0, Forward(l) l,
    /// Cost L + 1, Backward(l) 2L + 2 − l, Update 2L + 2, Done 2L + 3.
    fn index(self, depth: usize) -> usize {
        match self {
            Phase::Start => 0,
            Phase::Forward(l) => l,
            Phase::Cost => depth + 1,
            Phase::Backward(l) => 2 * depth + 2 - l,
            Phase::Update => 2 * depth + 2,
            Phase::Done => 2 * depth + 3,
        }
    }

    fn at(index: usize, depth: usize) -> Phase {
        match index {
            0 => Phase::Start,
            i if i <= depth => Phase::Forward(i),
            i if i == depth + 1 => Phase::Cost,
            i if i < 2 * depth + 2 => Phase::Backward(2 * depth + 2 - i),
            i if i == 2 * depth + 2 => Phase::Update,
            _ => Phase::Done,
        }
    }

    /// How a student is told to reach this phase.
    fn describe(self) -> String {
        match self {
            Phase::Forward(l) => format!("the forward step for layer {l}"),
            Phase::Backward(l) => format!("the backward step for layer {l}"),
            Phase::Cost => "the cost step".to_string(),
            other => format!("the {} step", other.name()),
        }
    }
}

/// One example x, y and a learning rate η, stepped through backpropagation.
#[derive(Debug, Clone)]
pub struct Stepper {
    x: Vec<f32>,
    pub(crate) y: Vec<f32>,
    eta: f32,
    pub(crate) sizes: Vec<usize>,
    pub(crate) activations: Vec<Activation>,
    phase: Phase,
    pub(crate) trace: Trace,
    cost: f32,
    /// f′(z⁽ˡ⁾ⱼ) per neuron (index 0 empty; NaN for a softmax layer, whose outputs are coupled).
    pub(crate) derivative: Vec<Vec<f32>>,
    /// The output's terms of C₀, one per neuron of layer L (they sum to C₀).
    pub(crate) cost_terms: Vec<f32>,
    /// ∂C₀/∂W⁽ˡ⁾, ∂C₀/∂b⁽ˡ⁾ (index 0 empty).
    pub(crate) dw: Vec<Vec<f32>>,
    pub(crate) db: Vec<Vec<f32>>,
    /// The parameters this walk computes with: the network's at Forward(1), before Update
    /// (index 0 empty).
    pub(crate) saved_w: Vec<Vec<f32>>,
    pub(crate) saved_b: Vec<Vec<f32>>,
    /// The parameters right after Update (index 0 empty), to tell a changed network.
    updated_w: Vec<Vec<f32>>,
    updated_b: Vec<Vec<f32>>,
}

impl Stepper {
    /// A stepper at Start for example (x, y) on `net`'s shape, with learning rate η.
    pub fn new(net: &Network, x: &[f32], y: &[f32], eta: f32) -> Result<Stepper> {
        check_learning_rate(eta)?;
        let sizes = net.sizes().to_vec();
        let (n0, n_out) = (sizes[0], sizes[sizes.len() - 1]);
        for (v, n, what, layer) in [(x, n0, "input", "input"), (y, n_out, "target", "output")] {
            if v.len() != n {
                return Err(Error::InvalidInput(format!(
                    "the {what} has {} values but the {layer} layer has {n} neurons",
                    v.len()
                )));
            }
            if v.iter().any(|v| !v.is_finite()) {
                return Err(Error::InvalidInput(format!(
                    "the {what} must be finite numbers"
                )));
            }
        }
        let depth = net.depth();
        let layers = |f: &dyn Fn(usize) -> usize| -> Vec<Vec<f32>> {
            (0..=depth)
                .map(|l| vec![0.0; if l == 0 { 0 } else { f(l) }])
                .collect()
        };
        let mut trace = Trace::new(&sizes);
        trace.a[0].copy_from_slice(x);
        Ok(Stepper {
            x: x.to_vec(),
            y: y.to_vec(),
            eta,
            activations: (1..=depth).map(|l| net.activation(l)).collect(),
            phase: Phase::Start,
            trace,
            cost: 0.0,
            derivative: layers(&|l| sizes[l]),
            cost_terms: vec![0.0; n_out],
            dw: layers(&|l| sizes[l] * sizes[l - 1]),
            db: layers(&|l| sizes[l]),
            saved_w: layers(&|l| sizes[l] * sizes[l - 1]),
            saved_b: layers(&|l| sizes[l]),
            updated_w: layers(&|l| sizes[l] * sizes[l - 1]),
            updated_b: layers(&|l| sizes[l]),
            sizes,
        })
    }

    /// The last phase done (Start before any).
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The example's input x.
    pub fn x(&self) -> &[f32] {
        &self.x
    }

    /// The example's target y.
    pub fn y(&self) -> &[f32] {
        &self.y
    }

    /// The learning rate η of the Update step.
    pub fn learning_rate(&self) -> f32 {
        self.eta
    }

    pub(crate) fn depth(&self) -> usize {
        self.sizes.len() - 1
    }

    /// Does the next phase with `net`'s current parameters and returns it; after Done, stays
    /// Done.
    pub fn next(&mut self, net: &mut Network) -> Result<Phase> {
        self.check_network(net)?;
        self.check_fresh(net)?;
        let depth = self.depth();
        let next = Phase::at(self.phase.index(depth) + 1, depth);
        match next {
            Phase::Start | Phase::Done => {}
            Phase::Forward(l) => {
                if l == 1 {
                    // The walk's parameters: every later step computes with these.
                    copy_layers(&mut self.saved_w, &net.w);
                    copy_layers(&mut self.saved_b, &net.b);
                }
                let act = net.activation(l);
                self.trace
                    .forward_layer(net.weights(l), net.biases(l), act, l);
                self.fill_derivative(act, l);
            }
            Phase::Cost => {
                let act = net.activation(depth);
                let cost = net.config().cost;
                self.cost = self.trace.output(cost, act, &self.y);
                self.fill_cost_terms(cost, act);
            }
            Phase::Backward(l) => {
                self.dw[l].fill(0.0);
                self.db[l].fill(0.0);
                let (dw, db) = (&mut self.dw[l], &mut self.db[l]);
                self.trace
                    .backward_layer(net.weights(l), net.activation(l), l, dw, db);
            }
            Phase::Update => {
                for l in 1..=depth {
                    descend(net.weights_mut(l), &self.dw[l], self.eta);
                    descend(net.biases_mut(l), &self.db[l], self.eta);
                }
                copy_layers(&mut self.updated_w, &net.w);
                copy_layers(&mut self.updated_b, &net.b);
            }
        }
        self.phase = next;
        Ok(next)
    }

    /// Undoes the last phase exactly (after undoing Update the parameters are bit-identical
    /// to before it) and returns the new current phase; at Start, stays Start.
    pub fn prev(&mut self, net: &mut Network) -> Result<Phase> {
        self.check_network(net)?;
        self.check_fresh(net)?;
        let depth = self.depth();
        if self.phase == Phase::Update {
            for l in 1..=depth {
                net.weights_mut(l).copy_from_slice(&self.saved_w[l]);
                net.biases_mut(l).copy_from_slice(&self.saved_b[l]);
            }
        }
        self.phase = Phase::at(self.phase.index(depth).saturating_sub(1), depth);
        Ok(self.phase)
    }

    /// The stepper only works on a network of the shape and activations it was made for.
    pub(crate) fn check_network(&self, net: &Network) -> Result<()> {
        let same_activations =
            (1..=self.depth()).all(|l| net.activation(l) == self.activations[l - 1]);
        if net.sizes() != self.sizes.as_slice() || !same_activations {
            return Err(Error::InvalidInput(
                "the network's layers or activations changed since this stepper was made: start \
                 a new one"
                    .to_string(),
            ));
        }
        Ok(())
    }

    /// Whether `net`'s parameters are no longer the ones this walk computed with: changed after
    /// the first forward step (before Update), or after Update by anything but this walk. A
    /// walk at Start is never stale (it has computed nothing yet).
    pub fn is_stale(&self, net: &Network) -> bool {
        let depth = self.depth();
        let at = self.phase.index(depth);
        let (w, b) = if at == 0 {
            return false;
        } else if at < Phase::Update.index(depth) {
            (&self.saved_w, &self.saved_b)
        } else {
            (&self.updated_w, &self.updated_b)
        };
        net.sizes() != self.sizes.as_slice()
            || (1..=depth)
                .any(|l| net.weights(l) != w[l].as_slice() || net.biases(l) != b[l].as_slice())
    }

    /// An error when the network changed under this walk (see [`Stepper::is_stale`]).
    fn check_fresh(&self, net: &Network) -> Result<()> {
        if self.is_stale(net) {
            return Err(Error::InvalidInput(
                "the network's parameters changed since this walk began (a drag or a training \
                 step), so its a⁽ˡ⁾, C₀ and δ⁽ˡ⁾ belong to the old network: start a new walk"
                    .to_string(),
            ));
        }
        Ok(())
    }

    /// Ok when `phase` has been done, else an error naming the step that computes `what`.
    pub(crate) fn computed(&self, what: String, phase: Phase) -> Result<()> {
        let depth = self.depth();
        if self.phase.index(depth) >= phase.index(depth) {
            Ok(())
        } else {
            Err(Error::NotComputed(format!(
                "{what} is computed in {}: step further first",
                phase.describe()
            )))
        }
    }

    pub(crate) fn check_layer(&self, l: usize, from: usize) -> Result<()> {
        let depth = self.depth();
        if l < from || l > depth {
            return Err(Error::OutOfRange(format!(
                "layer {l} does not exist here: this network has layers {from} to {depth}"
            )));
        }
        Ok(())
    }

    /// z⁽ˡ⁾ (l = 1..L), once Forward(l) is done.
    pub fn z(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 1)?;
        self.computed(format!("z⁽{}⁾", superscript(l)), Phase::Forward(l))?;
        Ok(&self.trace.z[l])
    }

    /// a⁽ˡ⁾ (l = 0..L; a⁽⁰⁾ = x always), once Forward(l) is done.
    pub fn a(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 0)?;
        self.computed(format!("a⁽{}⁾", superscript(l)), Phase::Forward(l))?;
        Ok(&self.trace.a[l])
    }

    /// C₀, once the Cost step is done.
    pub fn cost(&self) -> Result<f32> {
        self.computed("the cost C₀".to_string(), Phase::Cost)?;
        Ok(self.cost)
    }

    /// δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾ (l = 1..L), once Backward(l) is done.
    pub fn delta(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 1)?;
        self.computed(format!("δ⁽{}⁾", superscript(l)), Phase::Backward(l))?;
        Ok(&self.trace.delta[l])
    }

    /// ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ, row-major [j][k] (l = 1..L), once Backward(l) is done.
    pub fn weight_gradient(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 1)?;
        self.computed(format!("∂C₀/∂W⁽{}⁾", superscript(l)), Phase::Backward(l))?;
        Ok(&self.dw[l])
    }

    /// ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾ (l = 1..L), once Backward(l) is done.
    pub fn bias_gradient(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 1)?;
        self.computed(format!("∂C₀/∂b⁽{}⁾", superscript(l)), Phase::Backward(l))?;
        Ok(&self.db[l])
    }

    /// ∂C₀/∂a⁽ˡ⁾ (l = 0..L): for l = L once the Cost step is done, else once Backward(l + 1)
    /// is done (∂C₀/∂a⁽ˡ⁾ = W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾).
    pub fn activation_gradient(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l, 0)?;
        let phase = if l == self.depth() {
            Phase::Cost
        } else {
            Phase::Backward(l + 1)
        };
        self.computed(format!("∂C₀/∂a⁽{}⁾", superscript(l)), phase)?;
        Ok(&self.trace.da[l])
    }
}
