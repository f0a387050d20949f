//! The mean gradient ∂C/∂W⁽ˡ⁾, ∂C/∂b⁽ˡ⁾ over a set of examples, as a value of its own (the
//! network computes it: [`Network::gradient`](crate::Network::gradient)).

/// The mean gradient ∂C/∂W⁽ˡ⁾, ∂C/∂b⁽ˡ⁾ over a set of examples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gradient {
    /// ∂C/∂W⁽ˡ⁾ row-major [j][k]; index 0 is layer 1.
    pub weights: Vec<Vec<f32>>,
    /// ∂C/∂b⁽ˡ⁾; index 0 is layer 1.
    pub biases: Vec<Vec<f32>>,
}

impl Gradient {
    /// Zeros shaped like the parameters of a network with layer sizes `sizes` [n₀, …, n_L].
    pub fn for_sizes(sizes: &[usize]) -> Gradient {
        Gradient {
            weights: sizes.windows(2).map(|n| vec![0.0; n[1] * n[0]]).collect(),
            biases: sizes[1..].iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    /// Whether this gradient has the shape of a network with layer sizes `sizes`.
    pub fn fits_sizes(&self, sizes: &[usize]) -> bool {
        let depth = sizes.len().saturating_sub(1);
        self.weights.len() == depth
            && self.biases.len() == depth
            && (1..=depth).all(|l| {
                self.weights[l - 1].len() == sizes[l] * sizes[l - 1]
                    && self.biases[l - 1].len() == sizes[l]
            })
    }

    /// Sets every entry to 0.
    pub fn clear(&mut self) {
        self.weights
            .iter_mut()
            .chain(&mut self.biases)
            .for_each(|g| g.fill(0.0));
    }

    /// Whether every entry is finite.
    pub fn is_finite(&self) -> bool {
        // Branch-free over every entry (an OR of "exponent all ones"), so it vectorises.
        const EXPONENT: u32 = 0x7f80_0000;
        let infinite = |layers: &[Vec<f32>]| {
            layers.iter().fold(0u32, |any, g| {
                g.iter().fold(any, |any, g| {
                    any | u32::from(g.to_bits() & EXPONENT == EXPONENT)
                })
            })
        };
        infinite(&self.weights) | infinite(&self.biases) == 0
    }
}
