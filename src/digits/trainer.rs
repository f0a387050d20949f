//! Mini-batch SGD on MNIST: the trainer the Digits scene runs in its Web Worker.

use super::{check_shape, one_hot, DigitSet, Evaluation, CLASSES, PIXELS, PIXEL_SCALE};
use crate::batch::Batch;
use crate::error::{Error, Result};
use crate::network::{check_learning_rate, Network, NetworkConfig};
use crate::schedule::{Schedule, ShuffleSeed};

/// Mixed into the seed for the shuffle's generator, so it differs from the weights' stream.
const SHUFFLE_SALT: u64 = 0x005e_edd1_6175;

/// Mean cost and accuracy of the mini-batches trained since they were last taken.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Running {
    /// Mean C₀ over the examples, each measured just before the step that used it.
    pub cost: f32,
    /// The fraction of those examples the network got right before the step.
    pub accuracy: f32,
    /// How many examples.
    pub count: usize,
}

/// Mini-batch SGD on MNIST: one network, a training and a test set, a shuffled order.
#[derive(Debug, Clone)]
pub struct DigitTrainer {
    net: Network,
    train: DigitSet,
    test: DigitSet,
    eta: f32,
    decay: f32,
    lambda: f32,
    batch: Batch,
    schedule: Schedule,
    seen: u64,
    running: (f64, usize, usize),
    /// One image as a network input.
    x: Vec<f32>,
}

/// The Digits trainer's shuffle: the network's seed mixed with a salt, stream 0.
fn shuffle_seed(seed: u64) -> ShuffleSeed {
    ShuffleSeed {
        seed: seed ^ SHUFFLE_SALT,
        stream: 0,
    }
}

impl DigitTrainer {
    /// A trainer of a 784-…-10 network with learning rate η and mini-batches of `batch_size`.
    pub fn new(
        config: NetworkConfig,
        eta: f32,
        batch_size: usize,
        train: DigitSet,
        test: DigitSet,
    ) -> Result<DigitTrainer> {
        let net = Network::new(config)?;
        check_shape(&net)?;
        check_learning_rate(eta)?;
        check_batch(batch_size)?;
        if train.is_empty() {
            return Err(Error::InvalidInput("the training set is empty".to_string()));
        }
        let seed = net.config().seed;
        let mut trainer = DigitTrainer {
            batch: Batch::new(net.sizes(), batch_size),
            schedule: Schedule::new(train.len(), shuffle_seed(seed)),
            x: vec![0.0; PIXELS],
            net,
            train,
            test,
            eta,
            decay: 1.0,
            lambda: 0.0,
            seen: 0,
            running: (0.0, 0, 0),
        };
        trainer.reset();
        Ok(trainer)
    }

    /// The network being trained.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The network, to change its parameters (e.g. load saved weights).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.net
    }

    /// The training set.
    pub fn train_set(&self) -> &DigitSet {
        &self.train
    }

    /// The test set.
    pub fn test_set(&self) -> &DigitSet {
        &self.test
    }

    /// Complete passes over the training set so far.
    pub fn epoch(&self) -> usize {
        self.schedule.epoch()
    }

    /// Training examples seen so far, over all epochs.
    pub fn examples_seen(&self) -> u64 {
        self.seen
    }

    /// The learning rate η.
    pub fn learning_rate(&self) -> f32 {
        self.eta
    }

    /// The mini-batch size.
    pub fn batch_size(&self) -> usize {
        self.batch.capacity()
    }

    /// Changes η, keeping the weights.
    pub fn set_learning_rate(&mut self, eta: f32) -> Result<()> {
        check_learning_rate(eta)?;
        self.eta = eta;
        Ok(())
    }

    /// The learning rate in effect now: η × decay^epoch.
    pub fn current_learning_rate(&self) -> f32 {
        self.eta * self.decay.powi(self.epoch().min(1000) as i32)
    }

    /// The factor η is multiplied by after each epoch (1: constant η).
    pub fn learning_rate_decay(&self) -> f32 {
        self.decay
    }

    /// Changes the per-epoch decay of η, a factor in (0, 1].
    pub fn set_learning_rate_decay(&mut self, decay: f32) -> Result<()> {
        if !(decay > 0.0 && decay <= 1.0) {
            return Err(Error::InvalidConfig(format!(
                "the learning-rate decay must be a factor above 0 and at most 1, not {decay}"
            )));
        }
        self.decay = decay;
        Ok(())
    }

    /// The weight decay λ (0: none): each step w ← (1 − ηλ/n) w − η ∂C/∂w, n the size of the
    /// training set (Nielsen's form; L2 with rate λ/n in the Playground's terms).
    pub fn regularization(&self) -> f32 {
        self.lambda
    }

    /// Changes the weight decay λ ≥ 0 (see [`DigitTrainer::regularization`]), keeping the
    /// weights.
    pub fn set_regularization(&mut self, lambda: f32) -> Result<()> {
        if !(lambda.is_finite() && lambda >= 0.0) {
            return Err(Error::InvalidConfig(format!(
                "the regularization rate λ must be a finite number ≥ 0, not {lambda}"
            )));
        }
        self.lambda = lambda;
        Ok(())
    }

    /// Changes the mini-batch size, keeping the weights.
    pub fn set_batch_size(&mut self, batch_size: usize) -> Result<()> {
        check_batch(batch_size)?;
        self.batch = Batch::new(self.net.sizes(), batch_size);
        Ok(())
    }

    /// Draws the weights again from the seed and starts over at epoch 0, in exactly the order
    /// of examples of a new trainer with the same seed.
    pub fn reset(&mut self) {
        self.net.reset();
        self.schedule.reset();
        self.seen = 0;
        self.running = (0.0, 0, 0);
    }

    /// The order of the training examples in this epoch.
    pub fn order(&self) -> &[u32] {
        self.schedule.order()
    }

    /// Trains on about `examples` examples (whole mini-batches; an epoch's last batch may be
    /// short); returns how many were used. Each batch: forward, backward and the update fused
    /// into it ([`Batch::backward_descend`] with the weight decay as L2 rate λ/n). On divergence — a
    /// non-finite cost, output or parameter (the cross-entropy's log floor hides a NaN output
    /// in the cost, so all three are checked after every batch) — the parameters, the order of
    /// examples and every counter go back to where this call started and `Err(Diverged)`
    /// suggests a lower learning rate.
    pub fn train(&mut self, examples: usize) -> Result<usize> {
        self.net.save_parameters();
        // Layer 1 skips the pixels that are 0 for the whole call (batch/sparse.rs): its weights
        // live in the batch until the call ends (`store_sparse_input` below and in `put_back`).
        self.batch.load_sparse_input(&self.net);
        let start = (self.schedule.cursor(), self.seen, self.running);
        // The order changes only at an epoch's end: the schedule is copied then.
        let mut start_schedule: Option<Schedule> = None;
        let capacity = self.batch.capacity() as u64;
        let depth = self.net.depth();
        let l2 = self.lambda / self.train.len() as f32;
        let mut done = 0;
        let mut last_rows = 0;
        while done < examples {
            let eta = self.current_learning_rate();
            let (rows, step, what) = self.step(eta, l2);
            if step.is_err() || what.is_some() {
                self.put_back(start, start_schedule.take());
            }
            let (cost, right) = step?;
            if let Some(what) = what {
                return Err(Error::Diverged {
                    what,
                    iteration: ((self.seen + done as u64) / capacity) as usize + 1,
                    restored_to: (self.seen / capacity) as usize,
                    learning_rate: eta,
                });
            }
            self.running = (
                self.running.0 + cost,
                self.running.1 + right,
                self.running.2 + rows,
            );
            self.seen += rows as u64;
            done += rows;
            last_rows = rows;
            if self.schedule.cursor() + rows == self.schedule.len() && start_schedule.is_none() {
                start_schedule = Some(self.schedule.clone());
            }
            self.schedule.advance(rows);
        }
        // The last update is checked by no later batch: run that batch forward once more, and
        // its outputs and cost must be finite.
        if last_rows > 0 {
            self.batch.forward(&self.net, last_rows)?;
            let (cost, output) = (self.net.config().cost, self.net.output_activation());
            let (mut a, mut y) = ([0.0f32; CLASSES], [0.0f32; CLASSES]);
            let (mut outputs_finite, mut cost_finite) = (true, true);
            for r in 0..last_rows {
                self.batch.column(depth, r, &mut a);
                y.copy_from_slice(&self.batch.targets_mut(last_rows)[r * CLASSES..][..CLASSES]);
                outputs_finite &= a.iter().all(|a| a.is_finite());
                cost_finite &= cost.value(output, &a, &y).is_finite();
            }
            self.batch.store_sparse_input(&mut self.net, true);
            if !(outputs_finite && cost_finite) {
                let eta = self.current_learning_rate();
                let iteration = (self.seen / capacity) as usize;
                self.put_back(start, start_schedule.take());
                return Err(Error::Diverged {
                    what: if outputs_finite {
                        "the cost"
                    } else {
                        "the network's output"
                    },
                    iteration,
                    restored_to: (self.seen / capacity) as usize,
                    learning_rate: eta,
                });
            }
        }
        self.batch.store_sparse_input(&mut self.net, true);
        Ok(done)
    }

    /// One mini-batch at the schedule's cursor: its inputs and one-hot targets, forward, and the
    /// fused backward + update; returns its size, (C₀ summed, how many right) and what, if
    /// anything, came out non-finite. Kept out of line so that the engine optimises it while a
    /// long `train` call is still running: V8 swaps in optimised code at the next call of a
    /// function, so a whole epoch inlined into one call would run in its baseline tier.
    #[inline(never)]
    fn step(&mut self, eta: f32, l2: f32) -> (usize, Result<(f64, usize)>, Option<&'static str>) {
        let batch = self.schedule.next_batch(self.batch.capacity());
        let rows = batch.len();
        for (r, &i) in batch.iter().enumerate() {
            let image = self.train.image(i as usize);
            self.batch
                .set_byte_input(r, image, PIXEL_SCALE, &mut self.x);
            let y = &mut self.batch.targets_mut(r + 1)[r * CLASSES..];
            one_hot(self.train.label(i as usize), y);
        }
        let forward = self.batch.forward_to_train(&self.net, rows);
        let step = forward.and_then(|()| self.batch.backward_descend(&mut self.net, rows, eta, l2));
        let depth = self.net.depth();
        let what = match &step {
            Err(_) => None,
            Ok((cost, _)) if !cost.is_finite() => Some("the cost"),
            Ok(_) if !self.batch.a(depth).iter().all(|a| a.is_finite()) => {
                Some("the network's output")
            }
            Ok(_) if !self.batch.parameters_finite(&self.net) => Some("a parameter"),
            Ok(_) => None,
        };
        (rows, step, what)
    }

    /// Puts back the parameters, counters, order and shuffle of the start of a `train` call.
    fn put_back(
        &mut self,
        (cursor, seen, running): (usize, u64, (f64, usize, usize)),
        schedule: Option<Schedule>,
    ) {
        self.batch.store_sparse_input(&mut self.net, false);
        self.net.restore_parameters();
        if let Some(schedule) = schedule {
            self.schedule = schedule;
        }
        self.schedule.rewind(cursor);
        (self.seen, self.running) = (seen, running);
    }

    /// Mean cost and accuracy of the mini-batches trained since the last call; starts over.
    pub fn take_running(&mut self) -> Running {
        let (cost, right, count) = std::mem::take(&mut self.running);
        let n = count.max(1) as f64;
        Running {
            cost: (cost / n) as f32,
            accuracy: (right as f64 / n) as f32,
            count,
        }
    }

    /// Trains from now on only on the first `n` training images (1 ≤ n ≤ the set's size), with
    /// their labels shuffled among them when `shuffled_labels` gives a seed
    /// ([`DigitSet::with_shuffled_labels`]); then starts over as [`DigitTrainer::reset`] does.
    /// The test set is kept as it is.
    pub fn restrict_training(&mut self, n: usize, shuffled_labels: Option<u64>) -> Result<()> {
        if n == 0 || n > self.train.len() {
            return Err(Error::InvalidInput(format!(
                "the training subset must be 1 to {} images (the training set's size), not {n}",
                self.train.len()
            )));
        }
        let subset = self.train.truncated(n);
        self.train = match shuffled_labels {
            Some(seed) => subset.with_shuffled_labels(seed),
            None => subset,
        };
        self.schedule = Schedule::new(n, shuffle_seed(self.net.config().seed));
        self.reset();
        Ok(())
    }

    /// Cost, accuracy, confusion matrix and misread digits on the training set (its labels as
    /// trained on: shuffled ones after a shuffled [`DigitTrainer::restrict_training`]).
    pub fn evaluate_train(&self) -> Result<Evaluation> {
        super::evaluate(&self.net, &self.train)
    }

    /// Cost, accuracy, confusion matrix and misread digits on the test set.
    pub fn evaluate_test(&self) -> Result<Evaluation> {
        super::evaluate(&self.net, &self.test)
    }
}

fn check_batch(batch_size: usize) -> Result<()> {
    if (1..=1000).contains(&batch_size) {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "the mini-batch size must be 1 to 1000 examples, not {batch_size}"
        )))
    }
}
