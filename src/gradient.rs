//! Sets of examples: the mean cost C and the mean gradient ∂C/∂W⁽ˡ⁾, ∂C/∂b⁽ˡ⁾, accumulated
//! example by example into preallocated buffers.

use crate::error::{Error, Result};
use crate::layer::{copy_layers, descend};
use crate::network::{check_all_finite, check_learning_rate, Network};

/// The mean gradient ∂C/∂W⁽ˡ⁾, ∂C/∂b⁽ˡ⁾ over a set of examples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gradient {
    /// ∂C/∂W⁽ˡ⁾ row-major [j][k]; index 0 is layer 1.
    pub weights: Vec<Vec<f32>>,
    /// ∂C/∂b⁽ˡ⁾; index 0 is layer 1.
    pub biases: Vec<Vec<f32>>,
}

impl Gradient {
    /// Zeros shaped like `net`'s parameters.
    pub fn zeros(net: &Network) -> Gradient {
        Gradient {
            weights: net.w[1..].iter().map(|w| vec![0.0; w.len()]).collect(),
            biases: net.b[1..].iter().map(|b| vec![0.0; b.len()]).collect(),
        }
    }

    /// Whether every entry is finite.
    pub fn is_finite(&self) -> bool {
        let finite = |layers: &[Vec<f32>]| layers.iter().flatten().all(|g| g.is_finite());
        finite(&self.weights) && finite(&self.biases)
    }

    /// Whether this gradient has the shape of `net`'s parameters.
    pub fn fits(&self, net: &Network) -> bool {
        let same = |g: &[Vec<f32>], p: &[Vec<f32>]| {
            g.len() == p.len() && g.iter().zip(p).all(|(g, p)| g.len() == p.len())
        };
        same(&self.weights, &net.w[1..]) && same(&self.biases, &net.b[1..])
    }
}

impl Network {
    /// The mean cost C = (1/n) Σ C₀ over n examples: `xs` is n × n₀ row-major, `ys` n × n_L.
    pub fn cost(&mut self, xs: &[f32], ys: &[f32]) -> Result<f32> {
        let n0 = self.sizes()[0];
        let n_out = self.sizes()[self.depth()];
        let count = self.check_set(xs, ys)?;
        let (cost, act) = (self.config.cost, self.output_activation());
        let mut total = 0.0f64;
        for (x, y) in xs.chunks_exact(n0).zip(ys.chunks_exact(n_out)) {
            self.predict_unchecked(x);
            total += cost.value(act, &self.scratch.a[self.depth()], y) as f64;
        }
        Ok((total / count as f64) as f32)
    }

    /// The mean gradient over n examples (`xs` n × n₀ row-major, `ys` n × n_L).
    pub fn gradient(&mut self, xs: &[f32], ys: &[f32]) -> Result<Gradient> {
        let mut gradient = Gradient::zeros(self);
        self.gradient_into(xs, ys, &mut gradient)?;
        Ok(gradient)
    }

    /// The mean gradient over n examples written into `gradient` (reshaped if it does not fit);
    /// returns the mean cost C. Allocates nothing when `gradient` fits.
    pub fn gradient_into(
        &mut self,
        xs: &[f32],
        ys: &[f32],
        gradient: &mut Gradient,
    ) -> Result<f32> {
        let count = self.check_set(xs, ys)?;
        if !gradient.fits(self) {
            *gradient = Gradient::zeros(self);
        }
        let depth = self.depth();
        let (n0, n_out) = (self.sizes()[0], self.sizes()[depth]);
        let (cost, output) = (self.config.cost, self.output_activation());
        gradient
            .weights
            .iter_mut()
            .chain(&mut gradient.biases)
            .for_each(|g| g.fill(0.0));
        let mut total = 0.0f64;
        for (x, y) in xs.chunks_exact(n0).zip(ys.chunks_exact(n_out)) {
            self.predict_unchecked(x);
            total += self.scratch.output(cost, output, y) as f64;
            for l in (1..=depth).rev() {
                if l < depth {
                    self.scratch.delta_from_above(self.activation(l), l);
                }
                let (dw, db) = (&mut gradient.weights[l - 1], &mut gradient.biases[l - 1]);
                self.scratch.add_gradient(l, dw, db);
                if l > 1 {
                    self.scratch.backprop_activations(&self.w[l], l);
                }
            }
        }
        let scale = 1.0 / count as f32;
        for g in gradient.weights.iter_mut().chain(&mut gradient.biases) {
            g.iter_mut().for_each(|g| *g *= scale);
        }
        Ok((total / count as f64) as f32)
    }

    /// One step of plain gradient descent on the examples, W ← W − η ∂C/∂W and
    /// b ← b − η ∂C/∂b; returns the mean cost C before the step.
    pub fn sgd_step(&mut self, xs: &[f32], ys: &[f32], eta: f32) -> Result<f32> {
        check_learning_rate(eta)?;
        let mut gradient = std::mem::take(&mut self.step_gradient);
        let result = self.gradient_into(xs, ys, &mut gradient);
        if result.is_ok() {
            for l in 1..=self.depth() {
                descend(&mut self.w[l], &gradient.weights[l - 1], eta);
                descend(&mut self.b[l], &gradient.biases[l - 1], eta);
            }
        }
        self.step_gradient = gradient;
        result
    }

    /// Copies the parameters into a buffer allocated with the network.
    pub(crate) fn save_parameters(&mut self) {
        copy_layers(&mut self.saved_w, &self.w);
        copy_layers(&mut self.saved_b, &self.b);
    }

    /// Puts back the parameters of the last `save_parameters`.
    pub(crate) fn restore_parameters(&mut self) {
        copy_layers(&mut self.w, &self.saved_w);
        copy_layers(&mut self.b, &self.saved_b);
    }

    /// Whether every weight and bias is finite.
    pub fn parameters_finite(&self) -> bool {
        self.w
            .iter()
            .chain(&self.b)
            .flatten()
            .all(|p| p.is_finite())
    }

    /// Checks a set of examples; returns how many there are.
    pub(crate) fn check_set(&self, xs: &[f32], ys: &[f32]) -> Result<usize> {
        let (n0, n_out) = (self.sizes()[0], self.sizes()[self.depth()]);
        let bad = |message: String| Err(Error::InvalidInput(message));
        if !xs.len().is_multiple_of(n0) {
            return bad(format!(
                "the inputs hold {} numbers, which is not a whole number of examples of {n0} \
                 inputs each",
                xs.len()
            ));
        }
        let count = xs.len() / n0;
        if count == 0 {
            return bad("the batch is empty: give at least one example".to_string());
        }
        if ys.len() != count * n_out {
            return bad(format!(
                "the inputs hold {count} examples, so the targets need {count} × {n_out} = {} \
                 numbers, but they hold {}",
                count * n_out,
                ys.len()
            ));
        }
        check_all_finite(xs, "the inputs")?;
        check_all_finite(ys, "the targets")?;
        Ok(count)
    }
}
