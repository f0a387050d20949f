//! One weight w⁽ˡ⁾ⱼₖ or bias b⁽ˡ⁾ⱼ of a network, and where it sits in per-layer buffers: the
//! index arithmetic lives here once, for the chain rule, the nudge check and the cost surface.

use crate::error::Result;
use crate::gradient::Gradient;
use crate::network::{check_learning_rate, Network};

/// One gradient-descent step of a single parameter: what [`Parameter::descend`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descent {
    /// The mean cost C on the examples before the step.
    pub cost: f32,
    /// ∂C/∂p there.
    pub gradient: f32,
    /// p before the step.
    pub from: f32,
    /// p after it: from − η ∂C/∂p.
    pub to: f32,
}

/// One weight w⁽ˡ⁾ⱼₖ or bias b⁽ˡ⁾ⱼ of a network (l = 1..L).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parameter {
    /// w⁽ˡ⁾ⱼₖ: from neuron k of layer l − 1 to neuron j of layer l.
    Weight {
        /// Layer l.
        l: usize,
        /// Neuron j of layer l.
        j: usize,
        /// Neuron k of layer l − 1.
        k: usize,
    },
    /// b⁽ˡ⁾ⱼ.
    Bias {
        /// Layer l.
        l: usize,
        /// Neuron j of layer l.
        j: usize,
    },
}

impl Parameter {
    /// Its layer l.
    pub fn layer(self) -> usize {
        match self {
            Parameter::Weight { l, .. } | Parameter::Bias { l, .. } => l,
        }
    }

    /// The neuron j of layer l it feeds.
    pub fn neuron(self) -> usize {
        match self {
            Parameter::Weight { j, .. } | Parameter::Bias { j, .. } => j,
        }
    }

    /// Whether it is a weight (else a bias).
    pub fn is_weight(self) -> bool {
        matches!(self, Parameter::Weight { .. })
    }

    /// Its position in layer l's buffer of a network with layer sizes `sizes`: `j · n_{l−1} + k`
    /// in W⁽ˡ⁾ (row-major [j][k]) for a weight, `j` in b⁽ˡ⁾ for a bias. Caller-checked (see
    /// [`Parameter::get`]).
    pub fn index(self, sizes: &[usize]) -> usize {
        match self {
            Parameter::Weight { l, j, k } => j * sizes[l - 1] + k,
            Parameter::Bias { j, .. } => j,
        }
    }

    /// Its value in `net` (an error names the index out of range).
    pub fn get(self, net: &Network) -> Result<f32> {
        match self {
            Parameter::Weight { l, j, k } => net.weight(l, j, k),
            Parameter::Bias { l, j } => net.bias(l, j),
        }
    }

    /// Sets its value in `net`.
    pub fn set(self, net: &mut Network, v: f32) -> Result<()> {
        match self {
            Parameter::Weight { l, j, k } => net.set_weight(l, j, k, v),
            Parameter::Bias { l, j } => net.set_bias(l, j, v),
        }
    }

    /// One step of plain gradient descent on this parameter alone, every other one held:
    /// p ← p − η ∂C/∂p, ∂C/∂p the mean over the examples (`xs` n × n₀, `ys` n × n_L) — the
    /// ball rolling downhill on a 1-D cut of the cost. An error (bad examples, a bad η, a
    /// parameter out of range) changes nothing.
    pub fn descend(self, net: &mut Network, xs: &[f32], ys: &[f32], eta: f32) -> Result<Descent> {
        check_learning_rate(eta)?;
        let from = self.get(net)?;
        let mut gradient = Gradient::default();
        let cost = net.gradient_into(xs, ys, &mut gradient)?;
        let g = self.of(net.sizes(), &gradient);
        let to = from - eta * g;
        self.set(net, to)?;
        Ok(Descent {
            cost,
            gradient: g,
            from,
            to,
        })
    }

    /// Its entry of per-layer weight and bias buffers of a network with layer sizes `sizes`,
    /// whose index 0 holds layer `first`: 1 for a [`Gradient`] (∂C/∂w⁽ˡ⁾ⱼₖ or ∂C/∂b⁽ˡ⁾ⱼ), 0
    /// for the network's and the stepper's own buffers (index 0 empty). Caller-checked.
    pub fn entry(self, sizes: &[usize], (w, b): (&[Vec<f32>], &[Vec<f32>]), first: usize) -> f32 {
        let layer = if self.is_weight() { w } else { b };
        layer[self.layer() - first][self.index(sizes)]
    }

    /// ∂C/∂p out of a gradient of a network with layer sizes `sizes`. Caller-checked.
    pub fn of(self, sizes: &[usize], gradient: &Gradient) -> f32 {
        self.entry(sizes, (&gradient.weights, &gradient.biases), 1)
    }

    /// The entry to change in per-layer buffers whose index 0 is empty (the network's own, or a
    /// copy of them). Caller-checked.
    pub(crate) fn entry_mut<'b>(
        self,
        sizes: &[usize],
        w: &'b mut [Vec<f32>],
        b: &'b mut [Vec<f32>],
    ) -> &'b mut f32 {
        let layer = if self.is_weight() { w } else { b };
        &mut layer[self.layer()][self.index(sizes)]
    }
}
