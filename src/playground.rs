//! The Playground: a network trained on a data set by mini-batches, as the page runs it.

use crate::activation::Activation;
use crate::batch::{argmax, Batch};
use crate::cost::Cost;
use crate::dataset::{DataConfig, Dataset};
use crate::error::{Error, Result};
use crate::features::Features;
use crate::gradient::Gradient;
use crate::init::Init;
use crate::network::{check_learning_rate, Network, NetworkConfig};
use crate::optimizer::{Optimizer, OptimizerConfig, OptimizerState};
use crate::schedule::{Schedule, ShuffleSeed};

/// Points evaluated at once (metrics, the neuron grid, the divergence check).
const EVAL_ROWS: usize = 256;
/// The largest mini-batch.
pub const MAX_BATCH_SIZE: usize = 5000;
/// The finest decision-boundary grid (res × res points).
pub const MAX_GRID_RESOLUTION: usize = 256;
/// The coarsest decision-boundary grid.
pub const MIN_GRID_RESOLUTION: usize = 2;

/// Everything a [`Playground`] is built from. `Default` holds the page's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaygroundConfig {
    /// The data set.
    pub data: DataConfig,
    /// The input features: what the input neurons a⁽⁰⁾ hold for a point (x₁, x₂); the
    /// network has one input per feature (default X₁, X₂: the point itself).
    pub features: Features,
    /// Sizes of the hidden layers (between the inputs and the outputs).
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
            features: Features::DEFAULT,
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
    /// The network this configuration asks for: [features, hidden…, outputs].
    pub fn network_config(&self, outputs: usize) -> Result<NetworkConfig> {
        if self.activations.len() != self.hidden.len() {
            return Err(Error::InvalidConfig(format!(
                "{} hidden layers need {} activations, one each, but {} were given",
                self.hidden.len(),
                self.hidden.len(),
                self.activations.len()
            )));
        }
        let mut layers = vec![self.features.len()];
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

/// How much higher than the last verified state's training loss (or than 1, if that is
/// lower) the loss of a state may be for a divergence to restore it: a state on its way to
/// infinity is not one to go back to.
const SANE_GROWTH: f32 = 10.0;

/// Everything training changes, kept to go back to after a divergence.
#[derive(Debug, Clone, Default)]
struct Snapshot {
    w: Vec<Vec<f32>>,
    b: Vec<Vec<f32>>,
    optimizer: OptimizerState,
    schedule: Option<Schedule>,
    iterations: usize,
    examples_seen: usize,
}

/// A network, its optimizer and its data set, trained by shuffled mini-batches.
///
/// Divergence: each `train` call keeps one copy of its starting state (not one per step). When
/// the cost, gradient or a parameter turns infinite or NaN, it goes back to that state if
/// every training and test point's forward pass (and the neuron grid) is finite there and its
/// loss is sane, else to the last state verified so (checked about every ten epochs), and
/// returns `Error::Diverged` suggesting a lower learning rate.
#[derive(Debug, Clone)]
pub struct Playground {
    config: PlaygroundConfig,
    network: Network,
    optimizer: Optimizer,
    dataset: Dataset,
    /// The order of the training examples, shuffled each epoch from `config.seed` (stream 1).
    schedule: Schedule,
    iterations: usize,
    examples_seen: usize,
    /// The mini-batch, allocated for `batch_size` examples, and its mean gradient.
    batch: Batch,
    gradient: Gradient,
    /// Points run forward `EVAL_ROWS` at a time for the metrics and the grid.
    eval: Batch,
    /// Activations of every neuron over the grid, [neuron][row][col].
    grid: Vec<f32>,
    /// The state at the start of the current (or last) `train` call.
    start: Snapshot,
    /// The last state verified finite and sane, its training loss, and whether there is one.
    good: Snapshot,
    good_loss: f32,
    good_valid: bool,
    /// `examples_seen` when a state was last verified for `good`.
    last_check: Option<usize>,
}

impl Playground {
    /// A playground built from `cfg` after checking it, with the hand-made `custom` points
    /// (x, y, label) in the training set.
    pub fn new(cfg: PlaygroundConfig, custom: &[(f32, f32, f32)]) -> Result<Playground> {
        check_batch_size(cfg.batch_size)?;
        if !(MIN_GRID_RESOLUTION..=MAX_GRID_RESOLUTION).contains(&cfg.grid_resolution) {
            return Err(Error::InvalidConfig(format!(
                "the grid resolution must be between {MIN_GRID_RESOLUTION} and \
                 {MAX_GRID_RESOLUTION}, not {}",
                cfg.grid_resolution
            )));
        }
        let mut dataset = Dataset::generate(&cfg.data, custom)?;
        dataset.set_features(cfg.features);
        let network = Network::new(cfg.network_config(dataset.outputs())?)?;
        let optimizer = Optimizer::new(cfg.optimizer.clone(), &network)?;
        let neurons: usize = network.sizes()[1..].iter().sum();
        let res = cfg.grid_resolution;
        let mut playground = Playground {
            schedule: Schedule::new(dataset.train_len(), shuffle_seed(cfg.seed)),
            iterations: 0,
            examples_seen: 0,
            batch: Batch::new(network.sizes(), cfg.batch_size),
            gradient: Gradient::zeros(&network),
            eval: Batch::new(network.sizes(), EVAL_ROWS),
            grid: vec![0.0; neurons * res * res],
            start: Snapshot::default(),
            good: Snapshot::default(),
            good_loss: f32::NAN,
            good_valid: false,
            last_check: None,
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

    /// The input features.
    pub fn features(&self) -> Features {
        self.config.features
    }

    /// The network's input a⁽⁰⁾ for the point (x₁, x₂): its features (the one map every
    /// point goes through on its way into the network).
    pub fn inputs(&self, x1: f32, x2: f32) -> Vec<f32> {
        self.config.features.inputs(x1, x2)
    }

    /// The training examples at `indices` (into the training set, in `train_inputs`'s order)
    /// as the network reads them: their inputs (features, n₀ per example) and targets, flat,
    /// or an error naming the examples there are.
    pub fn train_examples(&self, indices: &[usize]) -> Result<(Vec<f32>, Vec<f32>)> {
        self.dataset.train_examples(indices)
    }

    /// Adds a hand-made point (x, y in [−1, 1]) to the training set; it is visited from the
    /// current epoch on.
    pub fn add_point(&mut self, x: f32, y: f32, label: f32) -> Result<()> {
        self.dataset.add_point(x, y, label)?;
        self.schedule.push(self.dataset.train_len() as u32 - 1);
        // Saved states have the old training set: verify again before going back to one.
        self.forget_good();
        Ok(())
    }

    /// The training-set indices of the mini-batch the next `step` trains on, in order.
    pub fn next_batch(&self) -> &[u32] {
        self.schedule.next_batch(self.config.batch_size)
    }

    /// Trains on one mini-batch: the next `batch_size` examples of this epoch's shuffled order
    /// (fewer at the end of an epoch). If the cost, gradient or a parameter becomes infinite or
    /// NaN, returns `Error::Diverged` with every parameter and counter put back (see
    /// [`Playground::train`]).
    pub fn step(&mut self) -> Result<()> {
        self.train(1).map(|_| ())
    }

    /// Trains on up to `batches` mini-batches; returns how many were done (all, unless one
    /// failed, which is returned as the error).
    ///
    /// On divergence (an infinite or NaN cost, gradient or parameter) the parameters, the
    /// optimizer's state and the counters go back to where this call started — or, if every
    /// loss is not finite and sane there, to the last state that was verified so — and
    /// `Error::Diverged` says which iteration failed, where training was put back, and
    /// suggests a learning rate. Afterwards every training and test point's forward pass, both
    /// losses and the neuron grid are finite.
    pub fn train(&mut self, batches: usize) -> Result<usize> {
        if self.schedule.is_empty() {
            return Err(Error::InvalidInput(
                "there are no training points: add some points first".to_string(),
            ));
        }
        if batches == 0 {
            return Ok(0);
        }
        self.refresh_good();
        let mut start = std::mem::take(&mut self.start);
        self.snapshot_into(&mut start);
        self.start = start;
        for _ in 0..batches {
            if let Err(error) = self.step_unsaved() {
                return Err(self.recover(error));
            }
        }
        // A step's update can overflow a parameter; the next step's cost would show it, but
        // the call ends here, so look once.
        if !self.network.parameters_finite() {
            let error = Error::Diverged {
                what: "a parameter",
                iteration: self.iterations,
                restored_to: 0,
                learning_rate: self.config.optimizer.learning_rate,
            };
            return Err(self.recover(error));
        }
        Ok(batches)
    }

    /// One mini-batch without keeping a copy of anything (`train` keeps one per call):
    /// batch → forward → backward → update, the fast path of [`crate::batch`].
    fn step_unsaved(&mut self) -> Result<()> {
        let batch = self.schedule.next_batch(self.config.batch_size);
        let count = batch.len();
        for (r, &i) in batch.iter().enumerate() {
            let (x, y) = self.dataset.train_example(i as usize);
            self.batch.set_example(r, x, y);
        }
        self.batch.forward_to_train(&self.network, count)?;
        let network = &mut self.network;
        // Plain SGD is fused into the backward pass (the same w − η g to the bit, without the
        // gradient buffer and a second pass over the parameters). A gradient that is not finite
        // then shows in the next step's cost or in `train`'s check of the parameters at the end
        // of the call, which puts back the call's starting state all the same.
        let fused = self.optimizer.fused_sgd();
        let (total, _) = match fused {
            Some(eta) => self.batch.backward_descend(network, count, eta, 0.0)?,
            None => self
                .batch
                .backward_gradient(network, count, &mut self.gradient)?,
        };
        let iteration = self.iterations + 1;
        let diverged = |what| {
            Err(Error::Diverged {
                what,
                iteration,
                restored_to: 0,
                learning_rate: self.config.optimizer.learning_rate,
            })
        };
        // The cross-entropy's log floor can turn a NaN output into a finite cost; the gradient
        // still carries the NaN (δ = a − y), so both are checked.
        if !total.is_finite() || !((total / count as f64) as f32).is_finite() {
            return diverged("the cost");
        }
        if fused.is_none() {
            if !self.gradient.is_finite() {
                return diverged("the gradient");
            }
            self.optimizer.step(&mut self.network, &self.gradient)?;
        }
        self.iterations = iteration;
        self.examples_seen += count;
        self.schedule.advance(count);
        Ok(())
    }

    /// Copies everything training changes into `to` (allocation-free once it has the shape).
    fn snapshot_into(&self, to: &mut Snapshot) {
        to.w.clone_from(&self.network.w);
        to.b.clone_from(&self.network.b);
        self.optimizer.snapshot_into(&mut to.optimizer);
        match &mut to.schedule {
            Some(schedule) => schedule.copy_from(&self.schedule),
            slot => *slot = Some(self.schedule.clone()),
        }
        to.iterations = self.iterations;
        to.examples_seen = self.examples_seen;
    }

    /// Puts back a state taken by `snapshot_into`.
    fn restore(&mut self, from: &Snapshot) {
        for (to, from) in self.network.w.iter_mut().zip(&from.w) {
            to.copy_from_slice(from);
        }
        for (to, from) in self.network.b.iter_mut().zip(&from.b) {
            to.copy_from_slice(from);
        }
        self.network.forwarded = false;
        self.optimizer.restore_from(&from.optimizer);
        if let Some(schedule) = &from.schedule {
            self.schedule.copy_from(schedule);
        }
        self.iterations = from.iterations;
        self.examples_seen = from.examples_seen;
    }

    /// After a divergence: back to the start of the call if that state is finite and sane,
    /// else to the last verified state, else to the seed's parameters; fills in where.
    fn recover(&mut self, error: Error) -> Error {
        let start = std::mem::take(&mut self.start);
        self.restore(&start);
        self.start = start;
        let Error::Diverged {
            what,
            iteration,
            learning_rate,
            ..
        } = error
        else {
            return error;
        };
        let start_ok = self.verify().is_some_and(|loss| self.sane(loss));
        if !start_ok {
            if self.good_valid {
                let good = std::mem::take(&mut self.good);
                self.restore(&good);
                self.good = good;
            } else {
                // Nothing verified to go back to (the parameters were set by hand, say):
                // the seed's parameters are finite everywhere.
                self.reset();
            }
            // Leave the grid of the state now in place.
            self.verify();
        }
        Error::Diverged {
            what,
            iteration,
            restored_to: self.iterations,
            learning_rate,
        }
    }

    /// Whether a state with training loss `loss` is one to go back to: not far above the last
    /// verified state's loss (or above 1 × `SANE_GROWTH`, when that was lower).
    fn sane(&self, loss: f32) -> bool {
        !self.good_valid || loss <= SANE_GROWTH * self.good_loss.max(1.0)
    }

    /// The training loss when every training and test point's forward pass (every layer) and
    /// the neuron grid are finite, both losses included; `None` otherwise. Fills the grid.
    fn verify(&mut self) -> Option<f32> {
        let mut train_loss = f32::NAN;
        for train in [true, false] {
            let pass = self.pass_over(train, true);
            if !pass.finite || !(pass.loss as f32).is_finite() {
                return None;
            }
            if train {
                train_loss = pass.loss as f32;
            }
        }
        self.evaluate_grid();
        if !self.grid.iter().all(|a| a.is_finite()) {
            return None;
        }
        Some(train_loss)
    }

    /// At the start of a `train` call: about every ten epochs (and when there is none), checks
    /// the current state and keeps it as the one to go back to if it is finite and sane.
    fn refresh_good(&mut self) {
        let every = 10 * self.schedule.len().max(1);
        let due = match self.last_check {
            None => true,
            Some(seen) => self.examples_seen < seen || self.examples_seen >= seen + every,
        };
        if !due {
            return;
        }
        self.last_check = Some(self.examples_seen);
        let Some(loss) = self.verify() else {
            return;
        };
        if self.sane(loss) {
            let mut good = std::mem::take(&mut self.good);
            self.snapshot_into(&mut good);
            self.good = good;
            self.good_loss = loss;
            self.good_valid = true;
        }
    }

    /// No state is verified any more (the data or the optimizer changed, or a reset).
    fn forget_good(&mut self) {
        self.good_valid = false;
        self.last_check = None;
    }

    /// Draws the parameters again from the seed, forgets the optimizer's state, and starts
    /// again at epoch 0 with the first shuffle; the data set is unchanged.
    pub fn reset(&mut self) {
        self.network.reset();
        self.optimizer.reset();
        self.schedule = Schedule::new(self.dataset.train_len(), shuffle_seed(self.config.seed));
        self.iterations = 0;
        self.examples_seen = 0;
        self.forget_good();
    }

    /// Completed passes over the training set.
    pub fn epoch(&self) -> usize {
        self.schedule.epoch()
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

    /// Mean cost and accuracy on one set (NaN for an empty set; accuracy NaN for regression),
    /// through the fast path.
    fn evaluate(&mut self, train: bool) -> (f32, f32) {
        let n = if train {
            self.dataset.train_len()
        } else {
            self.dataset.test_len()
        };
        if n == 0 {
            return (f32::NAN, f32::NAN);
        }
        let pass = self.pass_over(train, false);
        let loss = pass.loss as f32;
        if self.dataset.is_regression() {
            return (loss, f32::NAN);
        }
        (loss, pass.right as f32 / n as f32)
    }

    /// One set (training or test) through the fast path: its mean cost C (0 for no points), how
    /// many points were classified right, and — if `check_finite` — whether every neuron's
    /// activation was finite for every point.
    fn pass_over(&mut self, train: bool, check_finite: bool) -> SetPass {
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
        let (cost, output) = (self.network.config.cost, self.network.output_activation());
        let (depth, outputs) = (self.network.depth(), data.outputs());
        let (mut total, mut right, mut finite) = (0.0f64, 0usize, true);
        let mut a = vec![0.0f32; outputs];
        forward_points(&mut self.eval, &self.network, xs, |batch, i, r| {
            if check_finite {
                let s = batch.stride();
                finite &= (1..=depth)
                    .all(|l| batch.a(l).iter().skip(r).step_by(s).all(|a| a.is_finite()));
            }
            batch.column(depth, r, &mut a);
            total += f64::from(cost.value(output, &a, &ys[outputs * i..outputs * (i + 1)]));
            right += usize::from(predicted_class(&a) == labels[i]);
        });
        SetPass {
            loss: total / labels.len().max(1) as f64,
            right,
            finite,
        }
    }

    /// Evaluates every neuron over a res × res grid of [−1, 1]² into `grid()`; allocates
    /// nothing.
    pub fn evaluate_grid(&mut self) {
        let res = self.config.grid_resolution;
        let cells = res * res;
        let last = (res - 1) as f32;
        let sizes = self.network.sizes();
        let rows = self.eval.capacity();
        let s = self.eval.stride();
        let features = self.config.features;
        let mut input = [0.0; crate::features::MAX_FEATURES];
        for start in (0..cells).step_by(rows) {
            let count = rows.min(cells - start);
            for r in 0..count {
                let (row, col) = ((start + r) / res, (start + r) % res);
                // x = −1 + 2 col/(res − 1), y = 1 − 2 row/(res − 1), exact at the edges.
                let x1 = (2.0 * col as f32 - last) / last;
                let x2 = (last - 2.0 * row as f32) / last;
                self.eval.set_input(r, features.map(x1, x2, &mut input));
            }
            // The network's shape fits `eval` and `count` is 1..=rows: this cannot fail.
            if self.eval.forward(&self.network, count).is_err() {
                self.grid.fill(f32::NAN);
                return;
            }
            let mut offset = 0;
            for (l, &n) in sizes.iter().enumerate().skip(1) {
                for neuron in self.eval.a(l).chunks_exact(s).take(n) {
                    self.grid[offset + start..offset + start + count]
                        .copy_from_slice(&neuron[..count]);
                    offset += cells;
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

    /// [`grid_offset`](Self::grid_offset), checked: an error naming the layers and neurons
    /// the grid has when neuron j of layer l is not one of them.
    pub fn grid_offset_of(&self, l: usize, j: usize) -> Result<usize> {
        let sizes = self.network.sizes();
        let depth = sizes.len() - 1;
        if !(1..=depth).contains(&l) {
            return Err(Error::OutOfRange(format!(
                "layer {l} has no neurons in the grid: layers 1 to {depth} do"
            )));
        }
        if j >= sizes[l] {
            return Err(Error::OutOfRange(format!(
                "layer {l} has {} neurons (0 to {}), so there is no neuron {j}",
                sizes[l],
                sizes[l] - 1
            )));
        }
        Ok(self.grid_offset(l, j))
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
        self.batch = Batch::new(self.network.sizes(), batch_size);
        Ok(())
    }

    /// Replaces the optimizer (its state starts from zero), keeping the weights.
    pub fn set_optimizer(&mut self, config: OptimizerConfig) -> Result<()> {
        self.optimizer = Optimizer::new(config.clone(), &self.network)?;
        self.config.optimizer = config;
        self.forget_good();
        Ok(())
    }
}

/// What [`Playground::pass_over`] finds on one set.
struct SetPass {
    loss: f64,
    right: usize,
    finite: bool,
}

/// Runs the inputs `xs` (n₀ each: the points' features) forward through `batch` `capacity`
/// at a time, and calls `each(batch, i, r)` for point i, which is column r of the batch.
fn forward_points(
    batch: &mut Batch,
    net: &Network,
    xs: &[f32],
    mut each: impl FnMut(&Batch, usize, usize),
) {
    let rows = batch.capacity();
    let n0 = net.sizes()[0];
    for (b, chunk) in xs.chunks(n0 * rows).enumerate() {
        let count = chunk.len() / n0;
        for (r, x) in chunk.chunks_exact(n0).enumerate() {
            batch.set_input(r, x);
        }
        // `batch` has `net`'s shape and `count` is 1..=rows: forward cannot fail.
        if count == 0 || batch.forward(net, count).is_err() {
            continue;
        }
        for r in 0..count {
            each(batch, b * rows + r, r);
        }
    }
}

/// The Playground's shuffle: its seed, ChaCha stream 1 (stream 0 draws the parameters).
fn shuffle_seed(seed: u64) -> ShuffleSeed {
    ShuffleSeed { seed, stream: 1 }
}

/// The class of an output a⁽ᴸ⁾: one output → 1 if a ≥ 0.5 else 0; several → the argmax.
pub fn predicted_class(a: &[f32]) -> f32 {
    match a {
        [a] => f32::from(*a >= 0.5),
        _ => argmax(a) as f32,
    }
}
