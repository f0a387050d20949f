//! Initial weights and biases, drawn from a seeded ChaCha8 generator (the same sequence on
//! wasm32 and native).

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::error::named_enum;

/// How weights and biases are drawn before training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Init {
    /// Weights and biases from N(0, 1), as Nielsen and 3Blue1Brown start.
    Normal,
    /// Xavier (LeCun-style): weights from N(0, 1/n_{l−1}), i.e. std √(1/n_in); biases 0.
    Xavier,
    /// He: weights from N(0, 2/n_{l−1}), i.e. std √(2/n_in); biases 0.
    He,
    /// Weights and biases from U(−0.5, 0.5).
    Uniform,
    /// Weights and biases 0 (every neuron of a layer then learns the same thing).
    Zeros,
}

named_enum!(Init, "init", {
    Normal => "normal",
    Xavier => "xavier",
    He => "he",
    Uniform => "uniform",
    Zeros => "zeros",
});

fn normal(rng: &mut ChaCha8Rng) -> f32 {
    let x: f64 = StandardNormal.sample(rng);
    x as f32
}

fn uniform(rng: &mut ChaCha8Rng) -> f32 {
    rng.random_range(-0.5f32..0.5)
}

impl Init {
    /// Fills W⁽ˡ⁾ (n_l × n_in, row-major) and b⁽ˡ⁾ of one layer with n_in = n_{l−1} inputs.
    pub fn fill(self, rng: &mut ChaCha8Rng, n_in: usize, w: &mut [f32], b: &mut [f32]) {
        let n_in = n_in.max(1) as f32;
        match self {
            Init::Normal => {
                w.iter_mut().for_each(|w| *w = normal(rng));
                b.iter_mut().for_each(|b| *b = normal(rng));
            }
            Init::Xavier | Init::He => {
                let std = if self == Init::Xavier {
                    1.0 / n_in
                } else {
                    2.0 / n_in
                }
                .sqrt();
                w.iter_mut().for_each(|w| *w = std * normal(rng));
                b.fill(0.0);
            }
            Init::Uniform => {
                w.iter_mut().for_each(|w| *w = uniform(rng));
                b.iter_mut().for_each(|b| *b = uniform(rng));
            }
            Init::Zeros => {
                w.fill(0.0);
                b.fill(0.0);
            }
        }
    }
}
