//! The Playground: a network trained on a data set by mini-batches, as the page runs it.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::activation::Activation;
use crate::cost::Cost;
use crate::dataset::{shuffle_indices, DataConfig, Dataset};
use crate::error::{Error, Result};
use crate::gradient::Gradient;
use crate::init::Init;
use crate::network::{check_learning_rate, Network, NetworkConfig};
use crate::optimizer::{Optimizer, OptimizerConfig};

/// The default learning rate η, tuned so the default circle is learned in a few hundred epochs.
pub const DEFAULT_LEARNING_RATE: f32 = 0.1;
/// The largest mini-batch.
pub const MAX_BATCH_SIZE: usize = 5000;
/// The finest decision-boundary grid (res × res points).
pub const MAX_GRID_RESOLUTION: usize = 256;

/// Everything a [`Playground`] is built from. `Default` holds the page's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaygroundConfig {
    /// The data set.
    pub data: DataConfig,
    /// Sizes of the hidden layers (between the 2 inputs and the outputs).
    pub hidden: Vec<usize>,
    /// The activation of each hidden layer (same length as `hidden`).
    pub activations: Vec<Activation>,
    /// The output layer's activation.
    pub output_activation: Activation,
    /// The cost C₀ of one example.
    pub cost: Cost,
    /// How the parameters are drawn.
    pub init: Init,
    /// The seed of the parameters and of the mini-batch shuffle.
    pub seed: u64,
    /// The optimizer and its learning rate.
    pub optimizer: OptimizerConfig,
    /// Examples per mini-batch, 1 to 5000.
    pub batch_size: usize,
    /// The decision-boundary grid has `grid_resolution`² points, 2 to 256 (default 48).
    pub grid_resolution: usize,
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        PlaygroundConfig {
            data: DataConfig::default(),
            hidden: vec![4, 2],
            activations: vec![Activation::Tanh; 2],
            output_activation: Activation::Sigmoid,
            cost: Cost::Quadratic,
            init: Init::Xavier,
            seed: 1,
            optimizer: OptimizerConfig::default(),
            batch_size: 10,
            grid_resolution: 48,
        }
    }
}

impl PlaygroundConfig {
    /// The network this configuration asks for: [2, hidden…, outputs].
    pub fn network_config(&self, outputs: usize) -> Result<NetworkConfig> {
        if self.activations.len() != self.hidden.len() {
            return Err(Error::InvalidConfig(format!(
                "{} hidden layers need {} activations, one each, but {} were given",
                self.hidden.len(),
                self.hidden.len(),
                self.activations.len()
            )));
        }
        let mut layers = vec![2];
        layers.extend(&self.hidden);
        layers.push(outputs);
        let mut activations = self.activations.clone();
        activations.push(self.output_activation);
        Ok(NetworkConfig {
            layers,
            activations,
            cost: self.cost,
            init: self.init,
            seed: self.seed,
        })
    }
}

/// Losses and accuracies of the network on the data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Mean cost C over the training set (NaN if it is empty).
    pub train_loss: f32,
    /// Mean cost C over the test set (NaN if it is empty).
    pub test_loss: f32,
    /// Share of training examples classified right, 0 to 1 (NaN for regression or none).
    pub train_accuracy: f32,
    /// Share of test examples classified right, 0 to 1 (NaN for regression or none).
    pub test_accuracy: f32,
}

fn check_batch_size(batch_size: usize) -> Result<()> {
    if (1..=MAX_BATCH_SIZE).contains(&batch_size) {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "the batch size must be between 1 and {MAX_BATCH_SIZE} examples, not {batch_size}"
        )))
    }
}

/// A network, its optimizer and its data set, trained by shuffled mini-batches.
#[derive(Debug, Clone)]
pub struct Playground {
    config: PlaygroundConfig,
    network: Network,
    optimizer: Optimizer,
    dataset: Dataset,
    /// Shuffles the training set each epoch; seeded from `config.seed` (stream 1).
    rng: ChaCha8Rng,
    /// The order of the training examples in this epoch, and the next position in it.
    order: Vec<u32>,
    cursor: usize,
    epoch: usize,
    iterations: usize,
    examples_seen: usize,
    /// The mini-batch's inputs and targets, allocated for `batch_size` examples.
    batch_x: Vec<f32>,
    batch_y: Vec<f32>,
    gradient: Gradient,
    /// Activations of every neuron over the grid, [neuron][row][col].
    grid: Vec<f32>,
}

impl Playground {
    /// A playground built from `cfg` after checking it, with the hand-made `custom` points
    /// (x, y, label) in the training set.
    pub fn new(cfg: PlaygroundConfig, custom: &[(f32, f32, f32)]) -> Result<Playground> {
        check_batch_size(cfg.batch_size)?;
        if !(2..=MAX_GRID_RESOLUTION).contains(&cfg.grid_resolution) {
            return Err(Error::InvalidConfig(format!(
                "the grid resolution must be between 2 and {MAX_GRID_RESOLUTION}, not {}",
                cfg.grid_resolution
            )));
        }
        let dataset = Dataset::generate(&cfg.data, custom)?;
        let network = Network::new(cfg.network_config(dataset.outputs())?)?;
        let optimizer = Optimizer::new(cfg.optimizer.clone(), &network)?;
        let neurons: usize = network.sizes()[1..].iter().sum();
        let res = cfg.grid_resolution;
        let mut playground = Playground {
            rng: ChaCha8Rng::seed_from_u64(0),
            order: (0..dataset.train_len() as u32).collect(),
            cursor: 0,
            epoch: 0,
            iterations: 0,
            examples_seen: 0,
            batch_x: vec![0.0; cfg.batch_size * 2],
            batch_y: vec![0.0; cfg.batch_size * dataset.outputs()],
            gradient: Gradient::zeros(&network),
            grid: vec![0.0; neurons * res * res],
            config: cfg,
            network,
            optimizer,
            dataset,
        };
        playground.reset();
        Ok(playground)
    }

    /// The configuration (kept up to date by the setters).
    pub fn config(&self) -> &PlaygroundConfig {
        &self.config
    }

    /// The network being trained.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The network, to change by hand (its shape and activations are fixed by the config).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    /// The optimizer.
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }

    /// The data set.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Adds a hand-made point (x, y in [−1, 1]) to the training set; it is visited from the
    /// current epoch on.
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<()> {
        self.dataset.add_point(x, y, label)?;
        self.order.push(self.dataset.train_len() as u32 - 1);
        Ok(())
    }

    /// The training-set indices of the mini-batch the next `step` trains on, in order.
    pub fn next_batch(&self) -> &[u32] {
        &self.order[self.batch_range()]
    }

    /// Where the next mini-batch lies in `order`: the next `batch_size` positions of this epoch
    /// (fewer at its end).
    fn batch_range(&self) -> std::ops::Range<usize> {
        let end = (self.cursor + self.config.batch_size).min(self.order.len());
        self.cursor.min(end)..end
    }

    /// Trains on one mini-batch: the next `batch_size` examples of this epoch's shuffled order
    /// (fewer at the end of an epoch). If the cost, gradient or a parameter becomes infinite or
    /// NaN, returns `Error::Diverged` and leaves every parameter and counter as it was.
    pub fn step(&mut self) -> Result<()> {
        if self.order.is_empty() {
            return Err(Error::InvalidInput(
                "there are no training points: add some points first".to_string(),
            ));
        }
        let range = self.batch_range();
        let (count, end) = (range.len(), range.end);
        let outputs = self.dataset.outputs();
        let (xs, ys) = (self.dataset.train_inputs(), self.dataset.train_targets());
        let batch = self.order[range].iter().map(|&i| i as usize);
        for ((x, y), i) in self
            .batch_x
            .chunks_exact_mut(2)
            .zip(self.batch_y.chunks_exact_mut(outputs))
            .zip(batch)
        {
            x.copy_from_slice(&xs[2 * i..2 * i + 2]);
            y.copy_from_slice(&ys[outputs * i..outputs * (i + 1)]);
        }
        let iteration = self.iterations + 1;
        let diverged = |what| Err(Error::Diverged { what, iteration });
        let cost = self.network.gradient_into(
            &self.batch_x[..2 * count],
            &self.batch_y[..outputs * count],
            &mut self.gradient,
        )?;
        if !cost.is_finite() {
            return diverged("the cost");
        }
        if !self.gradient.is_finite() {
            return diverged("the gradient");
        }
        self.network.save_parameters();
        self.optimizer.save();
        self.optimizer.step(&mut self.network, &self.gradient)?;
        if !self.network.parameters_finite() {
            self.network.restore_parameters();
            self.optimizer.restore();
            return diverged("a parameter");
        }
        self.iterations = iteration;
        self.examples_seen += count;
        self.cursor = end;
        if self.cursor == self.order.len() {
            self.cursor = 0;
            self.epoch += 1;
            shuffle_indices(&mut self.rng, &mut self.order);
        }
        Ok(())
    }

    /// Trains on up to `batches` mini-batches; returns how many were done (all, unless one
    /// failed, which is returned as the error).
    pub fn train(&mut self, batches: usize) -> Result<usize> {
        for _ in 0..batches {
            self.step()?;
        }
        Ok(batches)
    }

    /// Draws the parameters again from the seed, forgets the optimizer's state, and starts
    /// again at epoch 0 with the first shuffle; the data set is unchanged.
    pub fn reset(&mut self) {
        self.network.reset();
        self.optimizer.reset();
        let mut rng = ChaCha8Rng::seed_from_u64(self.config.seed);
        rng.set_stream(1);
        self.rng = rng;
        self.order.clear();
        self.order.extend(0..self.dataset.train_len() as u32);
        shuffle_indices(&mut self.rng, &mut self.order);
        self.cursor = 0;
        self.epoch = 0;
        self.iterations = 0;
        self.examples_seen = 0;
    }

    /// Completed passes over the training set.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Mini-batches trained on.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Examples trained on, counting repeats.
    pub fn examples_seen(&self) -> usize {
        self.examples_seen
    }

    /// Mean cost and accuracy on the training and test sets.
    pub fn metrics(&mut self) -> Metrics {
        let (train_loss, train_accuracy) = self.evaluate(true);
        let (test_loss, test_accuracy) = self.evaluate(false);
        Metrics {
            train_loss,
            test_loss,
            train_accuracy,
            test_accuracy,
        }
    }

    /// Mean cost and accuracy on one set (NaN for an empty set; accuracy NaN for regression).
    fn evaluate(&mut self, train: bool) -> (f32, f32) {
        let data = &self.dataset;
        let (xs, ys, labels) = if train {
            (
                data.train_inputs(),
                data.train_targets(),
                data.train_labels(),
            )
        } else {
            (data.test_inputs(), data.test_targets(), data.test_labels())
        };
        let loss = self.network.cost(xs, ys).unwrap_or(f32::NAN);
        if data.is_regression() || labels.is_empty() {
            return (loss, f32::NAN);
        }
        let depth = self.network.depth();
        let mut right = 0usize;
        for (x, &label) in xs.chunks_exact(2).zip(labels) {
            self.network.predict_unchecked(x);
            if predicted_class(self.network.scratch_a(depth)) == label {
                right += 1;
            }
        }
        (loss, right as f32 / labels.len() as f32)
    }

    /// Evaluates every neuron over a res × res grid of [−1, 1]² into `grid()`; allocates
    /// nothing.
    pub fn evaluate_grid(&mut self) {
        let res = self.config.grid_resolution;
        let cells = res * res;
        let last = (res - 1) as f32;
        for row in 0..res {
            for col in 0..res {
                // x = −1 + 2 col/(res − 1), y = 1 − 2 row/(res − 1), exact at the edges.
                let x = [
                    (2.0 * col as f32 - last) / last,
                    (last - 2.0 * row as f32) / last,
                ];
                self.network.predict_unchecked(&x);
                let cell = row * res + col;
                let mut offset = 0;
                for l in 1..=self.network.depth() {
                    for &a in self.network.scratch_a(l) {
                        self.grid[offset + cell] = a;
                        offset += cells;
                    }
                }
            }
        }
    }

    /// Every neuron's activation over the grid, [neuron][row][col], neurons in layer order
    /// 1..L; row 0 is the top (y = +1), column 0 the left (x = −1).
    pub fn grid(&self) -> &[f32] {
        &self.grid
    }

    /// Where neuron j of layer l (1..L) starts in `grid()`; caller-checked: an index outside
    /// the network gives `grid().len()`.
    pub fn grid_offset(&self, l: usize, j: usize) -> usize {
        let sizes = self.network.sizes();
        if l == 0 || l >= sizes.len() || j >= sizes[l] {
            return self.grid.len();
        }
        let before: usize = sizes[1..l].iter().sum();
        (before + j) * self.config.grid_resolution * self.config.grid_resolution
    }

    /// The grid has `grid_resolution()`² points.
    pub fn grid_resolution(&self) -> usize {
        self.config.grid_resolution
    }

    /// Changes η, keeping the weights and the optimizer's state.
    pub fn set_learning_rate(&mut self, eta: f32) -> Result<()> {
        check_learning_rate(eta)?;
        self.optimizer.set_learning_rate(eta)?;
        self.config.optimizer.learning_rate = eta;
        Ok(())
    }

    /// Changes the mini-batch size, keeping the weights.
    pub fn set_batch_size(&mut self, batch_size: usize) -> Result<()> {
        check_batch_size(batch_size)?;
        self.config.batch_size = batch_size;
        self.batch_x.resize(batch_size * 2, 0.0);
        self.batch_y
            .resize(batch_size * self.dataset.outputs(), 0.0);
        Ok(())
    }

    /// Replaces the optimizer (its state starts from zero), keeping the weights.
    pub fn set_optimizer(&mut self, config: OptimizerConfig) -> Result<()> {
        self.optimizer = Optimizer::new(config.clone(), &self.network)?;
        self.config.optimizer = config;
        Ok(())
    }
}

/// The class of an output a⁽ᴸ⁾: one output → 1 if a ≥ 0.5 else 0; several → the argmax.
pub fn predicted_class(a: &[f32]) -> f32 {
    match a {
        [a] => f32::from(*a >= 0.5),
        _ => {
            let mut best = 0;
            for (j, &a_j) in a.iter().enumerate() {
                if a_j > a[best] {
                    best = j;
                }
            }
            best as f32
        }
    }
}
