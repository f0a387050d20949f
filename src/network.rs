//! The multilayer perceptron: parameters, one example's forward and backward pass, and the
//! mean gradient over a set of examples.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::activation::Activation;
use crate::cost::Cost;
use crate::error::{superscript, Error, Num, Result};
use crate::gradient::Gradient;
use crate::init::Init;
use crate::layer::{copy_layers, descend, per_layer, per_weight_layer, slice, Trace};

/// The most weight layers L a network may have (L + 1 layers counting the input).
pub const MAX_LAYERS: usize = 9;
/// The most neurons one layer may have (so a 28 × 28 MNIST image fits as the input).
pub const MAX_NEURONS: usize = 1024;
/// The most weights and biases a network may have in all.
pub const MAX_PARAMETERS: usize = 2_000_000;

/// What a network is built from; checked by [`Network::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkConfig {
    /// Layer sizes [n₀, n₁, …, n_L]; n₀ is the number of inputs.
    pub layers: Vec<usize>,
    /// The activation of each layer l = 1..L (length L); the last is the output layer's.
    pub activations: Vec<Activation>,
    /// The cost C₀ of one example.
    pub cost: Cost,
    /// How the parameters are drawn.
    pub init: Init,
    /// The seed of the parameters' random generator.
    pub seed: u64,
}

impl NetworkConfig {
    /// The number of weights and biases: Σₗ n_l (n_{l−1} + 1).
    pub fn parameter_count(&self) -> usize {
        self.layers
            .windows(2)
            .map(|n| n[1].saturating_mul(n[0].saturating_add(1)))
            .fold(0, usize::saturating_add)
    }

    /// Every check [`Network::new`] makes, with a message a student understands.
    pub fn validate(&self) -> Result<()> {
        let bad = |message: String| Err(Error::InvalidConfig(message));
        let count = self.layers.len();
        if count < 2 {
            return bad(format!(
                "a network needs at least 2 layers (an input and an output layer), but {count} \
                 {} given",
                if count == 1 { "was" } else { "were" }
            ));
        }
        let depth = count - 1;
        if depth > MAX_LAYERS {
            return bad(format!(
                "this network has {depth} weight layers but at most {MAX_LAYERS} are supported \
                 ({} layers counting the input)",
                MAX_LAYERS + 1
            ));
        }
        for (l, &n) in self.layers.iter().enumerate() {
            if n == 0 {
                return bad(format!(
                    "layer {l} has 0 neurons: every layer needs at least 1"
                ));
            }
            if n > MAX_NEURONS {
                return bad(format!(
                    "layer {l} has {n} neurons but at most {MAX_NEURONS} per layer are supported"
                ));
            }
        }
        let parameters = self.parameter_count();
        if parameters > MAX_PARAMETERS {
            return bad(format!(
                "this network would have {parameters} weights and biases but at most \
                 {MAX_PARAMETERS} are supported: use fewer or smaller layers"
            ));
        }
        if self.activations.len() != depth {
            return bad(format!(
                "a network with layers 0 to {depth} needs {depth} activations (one for each \
                 layer 1 to {depth}), but {} were given",
                self.activations.len()
            ));
        }
        for (i, &act) in self.activations.iter().enumerate() {
            check_activation(&self.layers, i + 1, act)?;
        }
        self.cost.check(self.activations[depth - 1])
    }
}

/// Whether layer l (1..=L) of a network with these sizes may use `act`.
fn check_activation(sizes: &[usize], l: usize, act: Activation) -> Result<()> {
    let depth = sizes.len() - 1;
    if act != Activation::Softmax {
        return Ok(());
    }
    if l != depth {
        return Err(Error::InvalidConfig(format!(
            "softmax can only be the output layer's activation (layer {depth}), not layer {l}'s: \
             it turns a whole layer into probabilities that sum to 1"
        )));
    }
    if sizes[depth] < 2 {
        return Err(Error::InvalidConfig(
            "softmax over a single output is always 1, so nothing can be learned: use sigmoid \
             for one output, or give the output layer at least 2 neurons"
                .to_string(),
        ));
    }
    Ok(())
}

/// A multilayer perceptron with layers l = 0..L and its caches.
///
/// Parameters and caches are allocated once, in [`Network::new`]; nothing is reallocated while
/// stepping or training.
#[derive(Debug, Clone)]
pub struct Network {
    pub(crate) config: NetworkConfig,
    /// W⁽ˡ⁾ row-major [j][k] (index 0 empty).
    pub(crate) w: Vec<Vec<f32>>,
    /// b⁽ˡ⁾ (index 0 empty).
    pub(crate) b: Vec<Vec<f32>>,
    /// The caches of the last single-example `forward`/`backward`.
    pub(crate) trace: Trace,
    /// ∂C₀/∂W⁽ˡ⁾ and ∂C₀/∂b⁽ˡ⁾ of the last `backward` (index 0 empty).
    pub(crate) dw: Vec<Vec<f32>>,
    pub(crate) db: Vec<Vec<f32>>,
    pub(crate) forwarded: bool,
    /// Scratch caches for sets of examples, so `cost`/`gradient` leave `trace` alone.
    pub(crate) scratch: Trace,
    /// The gradient buffer of `sgd_step`.
    pub(crate) step_gradient: Gradient,
    /// A copy of the parameters kept by `save_parameters`.
    pub(crate) saved_w: Vec<Vec<f32>>,
    pub(crate) saved_b: Vec<Vec<f32>>,
}

impl Network {
    /// A network built from `config` after checking it, with parameters drawn from its seed.
    pub fn new(config: NetworkConfig) -> Result<Network> {
        config.validate()?;
        let sizes = &config.layers;
        let mut net = Network {
            w: per_weight_layer(sizes),
            b: per_layer(sizes, false),
            trace: Trace::new(sizes),
            dw: per_weight_layer(sizes),
            db: per_layer(sizes, false),
            forwarded: false,
            scratch: Trace::new(sizes),
            step_gradient: Gradient::default(),
            saved_w: per_weight_layer(sizes),
            saved_b: per_layer(sizes, false),
            config,
        };
        net.step_gradient = Gradient::zeros(&net);
        net.reset();
        Ok(net)
    }

    /// The configuration the network was built from (kept up to date by `set_activation` and
    /// `set_cost`).
    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// Draws the parameters again from `config.seed`: the same seed gives bit-identical
    /// parameters. Clears the caches.
    pub fn reset(&mut self) {
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed);
        for l in 1..=self.depth() {
            let n_in = self.config.layers[l - 1];
            self.config
                .init
                .fill(&mut rng, n_in, &mut self.w[l], &mut self.b[l]);
        }
        for trace in [&mut self.trace, &mut self.scratch] {
            for layer in [&mut trace.z, &mut trace.a, &mut trace.delta, &mut trace.da] {
                layer.iter_mut().for_each(|v| v.fill(0.0));
            }
        }
        self.dw
            .iter_mut()
            .chain(&mut self.db)
            .for_each(|v| v.fill(0.0));
        self.forwarded = false;
    }

    /// Layer sizes [n₀, …, n_L].
    pub fn sizes(&self) -> &[usize] {
        &self.config.layers
    }

    /// L, the number of weight layers.
    pub fn depth(&self) -> usize {
        self.config.layers.len() - 1
    }

    /// The activation of layer l = 1..L. Caller-checked: any other l gives `Linear`.
    pub fn activation(&self, l: usize) -> Activation {
        l.checked_sub(1)
            .and_then(|i| self.config.activations.get(i))
            .copied()
            .unwrap_or(Activation::Linear)
    }

    /// The output layer's activation.
    pub fn output_activation(&self) -> Activation {
        self.activation(self.depth())
    }

    /// Changes the activation of layer l = 1..L, keeping the parameters.
    pub fn set_activation(&mut self, l: usize, act: Activation) -> Result<()> {
        self.check_layer(l)?;
        check_activation(&self.config.layers, l, act)?;
        if l == self.depth() {
            self.config.cost.check(act)?;
        }
        self.config.activations[l - 1] = act;
        self.forwarded = false;
        Ok(())
    }

    /// Changes the cost, keeping the parameters.
    pub fn set_cost(&mut self, cost: Cost) -> Result<()> {
        cost.check(self.output_activation())?;
        self.config.cost = cost;
        Ok(())
    }

    /// W⁽ˡ⁾, row-major [j][k] (`w[j * n_{l−1} + k]`); empty unless l is 1..L.
    pub fn weights(&self, l: usize) -> &[f32] {
        slice(&self.w, l)
    }

    /// W⁽ˡ⁾ to change in place; empty unless l is 1..L.
    pub fn weights_mut(&mut self, l: usize) -> &mut [f32] {
        self.w.get_mut(l).map_or(&mut [], Vec::as_mut_slice)
    }

    /// b⁽ˡ⁾; empty unless l is 1..L.
    pub fn biases(&self, l: usize) -> &[f32] {
        slice(&self.b, l)
    }

    /// b⁽ˡ⁾ to change in place; empty unless l is 1..L.
    pub fn biases_mut(&mut self, l: usize) -> &mut [f32] {
        self.b.get_mut(l).map_or(&mut [], Vec::as_mut_slice)
    }

    /// W⁽ˡ⁾ (row-major [j][k]), checked: an error naming the weight layers unless l is 1..L.
    pub fn weights_of(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l)?;
        Ok(&self.w[l])
    }

    /// b⁽ˡ⁾, checked: an error naming the weight layers unless l is 1..L.
    pub fn biases_of(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l)?;
        Ok(&self.b[l])
    }

    /// The activation of layer l, checked: an error naming the weight layers unless l is 1..L.
    pub fn activation_of(&self, l: usize) -> Result<Activation> {
        self.check_layer(l)?;
        Ok(self.config.activations[l - 1])
    }

    /// z⁽ˡ⁾ of the last `forward`, checked: an error unless l is 1..L.
    pub fn z_of(&self, l: usize) -> Result<&[f32]> {
        self.check_layer(l)?;
        Ok(&self.trace.z[l])
    }

    /// a⁽ˡ⁾ of the last `forward` (a⁽⁰⁾ = x), checked: an error unless l is 0..L.
    pub fn a_of(&self, l: usize) -> Result<&[f32]> {
        let depth = self.depth();
        if l > depth {
            return Err(Error::OutOfRange(format!(
                "layer {l} does not exist: this network has layers 0 (input) to {depth}"
            )));
        }
        Ok(&self.trace.a[l])
    }

    /// Replaces W⁽ˡ⁾ (row-major [j][k]) with `values`: l is 1..L, the length n_l × n_{l−1} and
    /// every value finite, or an error and nothing changes.
    pub fn set_weights_of(&mut self, l: usize, values: &[f32]) -> Result<()> {
        self.check_layer(l)?;
        check_layer_values(l, &mut self.w[l], values, "weights")?;
        self.forwarded = false;
        Ok(())
    }

    /// Replaces b⁽ˡ⁾ with `values`: l is 1..L, the length n_l and every value finite, or an
    /// error and nothing changes.
    pub fn set_biases_of(&mut self, l: usize, values: &[f32]) -> Result<()> {
        self.check_layer(l)?;
        check_layer_values(l, &mut self.b[l], values, "biases")?;
        self.forwarded = false;
        Ok(())
    }

    /// w⁽ˡ⁾ⱼₖ: from neuron k of layer l − 1 to neuron j of layer l.
    pub fn weight(&self, l: usize, j: usize, k: usize) -> Result<f32> {
        let i = self.weight_index(l, j, k)?;
        Ok(self.w[l][i])
    }

    /// Sets w⁽ˡ⁾ⱼₖ to a finite value.
    pub fn set_weight(&mut self, l: usize, j: usize, k: usize, v: f32) -> Result<()> {
        let i = self.weight_index(l, j, k)?;
        check_finite(v, || {
            format!(
                "the weight w⁽{}⁾ from neuron {k} to neuron {j}",
                superscript(l)
            )
        })?;
        self.w[l][i] = v;
        Ok(())
    }

    /// b⁽ˡ⁾ⱼ.
    pub fn bias(&self, l: usize, j: usize) -> Result<f32> {
        self.check_neuron(l, j, "j")?;
        Ok(self.b[l][j])
    }

    /// Sets b⁽ˡ⁾ⱼ to a finite value.
    pub fn set_bias(&mut self, l: usize, j: usize, v: f32) -> Result<()> {
        self.check_neuron(l, j, "j")?;
        check_finite(v, || {
            format!("the bias b⁽{}⁾ of neuron {j}", superscript(l))
        })?;
        self.b[l][j] = v;
        Ok(())
    }

    /// The number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.config.parameter_count()
    }

    /// Sets every parameter at once: `weights[l − 1]` is W⁽ˡ⁾ (row-major [j][k]) and
    /// `biases[l − 1]` is b⁽ˡ⁾, for l = 1..L. Every shape and value is checked first, so on an
    /// error nothing changes.
    pub fn load_parameters(&mut self, weights: &[Vec<f32>], biases: &[Vec<f32>]) -> Result<()> {
        let depth = self.depth();
        if weights.len() != depth || biases.len() != depth {
            return Err(Error::InvalidInput(format!(
                "this network has {depth} weight layers but {} weight and {} bias layers were given",
                weights.len(),
                biases.len()
            )));
        }
        for l in 1..=depth {
            let (w, b) = (&weights[l - 1], &biases[l - 1]);
            let (n_in, n_out) = (self.config.layers[l - 1], self.config.layers[l]);
            if w.len() != n_out * n_in || b.len() != n_out {
                return Err(Error::InvalidInput(format!(
                    "layer {l} of this network has {n_out}×{n_in} weights and {n_out} biases, but \
                     {} weights and {} biases were given",
                    w.len(),
                    b.len()
                )));
            }
            check_all_finite(w, &format!("W⁽{}⁾", superscript(l)))?;
            check_all_finite(b, &format!("b⁽{}⁾", superscript(l)))?;
        }
        for l in 1..=depth {
            self.w[l].copy_from_slice(&weights[l - 1]);
            self.b[l].copy_from_slice(&biases[l - 1]);
        }
        self.forwarded = false;
        Ok(())
    }

    /// Runs one example forward, keeping z⁽ˡ⁾ and a⁽ˡ⁾ of every layer; returns a⁽ᴸ⁾.
    pub fn forward(&mut self, x: &[f32]) -> Result<&[f32]> {
        self.check_input(x)?;
        let acts = &self.config.activations;
        self.trace.forward(x, &self.w, &self.b, acts);
        self.forwarded = true;
        Ok(&self.trace.a[self.depth()])
    }

    /// z⁽ˡ⁾ of the last `forward`; empty unless l is 1..L.
    pub fn z(&self, l: usize) -> &[f32] {
        slice(&self.trace.z, l)
    }

    /// a⁽ˡ⁾ of the last `forward` (a⁽⁰⁾ = x); empty unless l is 0..L.
    pub fn a(&self, l: usize) -> &[f32] {
        slice(&self.trace.a, l)
    }

    /// Backpropagates target `y` through the last `forward`: fills δ⁽ˡ⁾, ∂C₀/∂W⁽ˡ⁾,
    /// ∂C₀/∂b⁽ˡ⁾ and ∂C₀/∂a⁽ˡ⁾ of every layer; returns C₀.
    pub fn backward(&mut self, y: &[f32]) -> Result<f32> {
        if !self.forwarded {
            return Err(Error::NotComputed(
                "backward needs the caches of a forward pass: call forward first".to_string(),
            ));
        }
        self.check_target(y)?;
        let depth = self.depth();
        let c = self
            .trace
            .output(self.config.cost, self.output_activation(), y);
        for l in (1..=depth).rev() {
            let act = self.activation(l);
            self.dw[l].fill(0.0);
            self.db[l].fill(0.0);
            let (dw, db) = (&mut self.dw[l], &mut self.db[l]);
            self.trace.backward_layer(&self.w[l], act, l, dw, db);
        }
        Ok(c)
    }

    /// δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾ of the last `backward`; empty unless l is 1..L.
    pub fn delta(&self, l: usize) -> &[f32] {
        slice(&self.trace.delta, l)
    }

    /// ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ of the last `backward`, row-major [j][k]; empty unless l is 1..L.
    pub fn weight_gradient(&self, l: usize) -> &[f32] {
        slice(&self.dw, l)
    }

    /// ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾ of the last `backward`; empty unless l is 1..L.
    pub fn bias_gradient(&self, l: usize) -> &[f32] {
        slice(&self.db, l)
    }

    /// ∂C₀/∂a⁽ˡ⁾ of the last `backward` (l = 0..L; ∂C₀/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾); empty otherwise.
    pub fn activation_gradient(&self, l: usize) -> &[f32] {
        slice(&self.trace.da, l)
    }

    /// a⁽ᴸ⁾ for input x, without touching the caches read by `z`, `a`, `delta`, ….
    pub fn predict(&mut self, x: &[f32]) -> Result<&[f32]> {
        self.check_input(x)?;
        self.predict_unchecked(x);
        Ok(&self.scratch.a[self.depth()])
    }

    /// Forward pass into the scratch caches; x has n₀ entries.
    pub(crate) fn predict_unchecked(&mut self, x: &[f32]) {
        let acts = &self.config.activations;
        self.scratch.forward(x, &self.w, &self.b, acts);
    }

    fn check_layer(&self, l: usize) -> Result<()> {
        let depth = self.depth();
        match l {
            0 => Err(Error::OutOfRange(format!(
                "layer 0 is the input layer and has no weights or biases: this network's weight \
                 layers are 1 to {depth}"
            ))),
            l if l > depth => Err(Error::OutOfRange(format!(
                "layer {l} does not exist: this network has layers 1 to {depth} (and the input \
                 layer 0)"
            ))),
            _ => Ok(()),
        }
    }

    fn check_neuron(&self, l: usize, j: usize, name: &str) -> Result<()> {
        self.check_layer(l)?;
        let n = self.config.layers[l];
        if j >= n {
            return Err(Error::OutOfRange(format!(
                "neuron {name} = {j} does not exist in layer {l}: it has neurons 0 to {}",
                n - 1
            )));
        }
        Ok(())
    }

    fn weight_index(&self, l: usize, j: usize, k: usize) -> Result<usize> {
        self.check_neuron(l, j, "j")?;
        let n_prev = self.config.layers[l - 1];
        if k >= n_prev {
            return Err(Error::OutOfRange(format!(
                "neuron k = {k} does not exist in layer {}: it has neurons 0 to {}",
                l - 1,
                n_prev - 1
            )));
        }
        Ok(j * n_prev + k)
    }

    fn check_input(&self, x: &[f32]) -> Result<()> {
        let n0 = self.sizes()[0];
        if x.len() != n0 {
            return Err(Error::InvalidInput(format!(
                "the input has {} values but the input layer has {n0} neurons",
                x.len()
            )));
        }
        check_all_finite(x, "the input")
    }

    fn check_target(&self, y: &[f32]) -> Result<()> {
        let n_out = self.sizes()[self.depth()];
        if y.len() != n_out {
            return Err(Error::InvalidInput(format!(
                "the target has {} values but the output layer has {n_out} neurons",
                y.len()
            )));
        }
        check_all_finite(y, "the target")
    }
}

impl Gradient {
    /// Zeros shaped like `net`'s parameters.
    pub fn zeros(net: &Network) -> Gradient {
        Gradient::for_sizes(net.sizes())
    }

    /// Whether this gradient has the shape of `net`'s parameters.
    pub fn fits(&self, net: &Network) -> bool {
        self.fits_sizes(net.sizes())
    }
}

/// Sets of examples: the mean cost C and the mean gradient, example by example through the
/// teaching path's kernels into preallocated buffers.
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
        gradient.clear();
        let mut total = 0.0f64;
        for (x, y) in xs.chunks_exact(n0).zip(ys.chunks_exact(n_out)) {
            self.predict_unchecked(x);
            total += self.scratch.output(cost, output, y) as f64;
            for l in (1..=depth).rev() {
                let act = self.activation(l);
                let (dw, db) = (&mut gradient.weights[l - 1], &mut gradient.biases[l - 1]);
                self.scratch.backward_layer(&self.w[l], act, l, dw, db);
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

/// A learning rate must be finite and positive.
pub(crate) fn check_learning_rate(eta: f32) -> Result<()> {
    if eta.is_finite() && eta > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "the learning rate η must be a positive finite number, not {}",
            Num(eta.into())
        )))
    }
}

fn check_finite(v: f32, what: impl Fn() -> String) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "{} must be a finite number, not {}",
            what(),
            Num(v.into())
        )))
    }
}

/// Copies `values` over one layer's parameters `target` (its `what`) when the lengths agree
/// and every value is finite; otherwise an error and `target` is unchanged.
fn check_layer_values(l: usize, target: &mut [f32], values: &[f32], what: &str) -> Result<()> {
    if target.len() != values.len() {
        return Err(Error::InvalidInput(format!(
            "layer {l} has {} {what}, not {}",
            target.len(),
            values.len()
        )));
    }
    check_all_finite(values, &format!("the {what} of layer {l}"))?;
    target.copy_from_slice(values);
    Ok(())
}

pub(crate) fn check_all_finite(values: &[f32], what: &str) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(Error::InvalidInput(format!(
            "{what} must be finite numbers, but number {i} is {}",
            Num(values[i].into())
        ))),
    }
}
