//! The mini-batch schedule both trainers follow: a seeded shuffle of the training set each
//! epoch, a cursor into it, and the epoch count.
//!
//! Epoch 0 visits the examples in a shuffle of 0, 1, …, n − 1; every later epoch in a shuffle
//! of the order before it. A batch is the next `size` positions (fewer at an epoch's end: the
//! last batch of an epoch is short rather than wrapping into the next). [`Schedule::reset`]
//! gives exactly the order of a new schedule with the same seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Fisher–Yates: each permutation equally likely. Draws are `u32`, so native and wasm builds
/// (64- and 32-bit `usize`) shuffle alike.
pub(crate) fn shuffle<T>(rng: &mut ChaCha8Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i as u32) as usize;
        items.swap(i, j);
    }
}

/// Where a shuffle's generator starts: a seed and a ChaCha stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShuffleSeed {
    /// The generator's seed.
    pub seed: u64,
    /// Its stream (so the shuffle differs from other draws made with the same seed).
    pub stream: u64,
}

impl ShuffleSeed {
    pub(crate) fn generator(self) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(self.stream);
        rng
    }
}

/// The order of one epoch over n training examples, where the next batch starts, and how
/// many epochs are done.
#[derive(Debug, Clone)]
pub struct Schedule {
    seed: ShuffleSeed,
    rng: ChaCha8Rng,
    order: Vec<u32>,
    cursor: usize,
    epoch: usize,
}

impl Schedule {
    /// A schedule over examples 0..n at epoch 0, shuffled from `seed`.
    pub fn new(n: usize, seed: ShuffleSeed) -> Schedule {
        let mut schedule = Schedule {
            seed,
            rng: seed.generator(),
            order: Vec::with_capacity(n),
            cursor: 0,
            epoch: 0,
        };
        schedule.reset_to(n);
        schedule
    }

    /// Back to epoch 0 with exactly a new schedule's order (the shuffle of 0..n).
    pub fn reset(&mut self) {
        self.reset_to(self.order.len());
    }

    fn reset_to(&mut self, n: usize) {
        self.rng = self.seed.generator();
        self.order.clear();
        self.order.extend(0..n as u32);
        shuffle(&mut self.rng, &mut self.order);
        self.cursor = 0;
        self.epoch = 0;
    }

    /// This epoch's order of example indices.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// How many examples an epoch visits.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// The position in this epoch's order where the next batch starts.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The example indices of the next batch of up to `size`, in order (fewer at the end of
    /// an epoch).
    pub fn next_batch(&self, size: usize) -> &[u32] {
        let end = self.cursor.saturating_add(size).min(self.order.len());
        &self.order[self.cursor.min(end)..end]
    }

    /// Moves past a batch of `count` examples (as `next_batch` gave them); at the end of the
    /// order, starts the next epoch with a new shuffle. Returns whether an epoch ended.
    pub fn advance(&mut self, count: usize) -> bool {
        self.cursor = (self.cursor + count).min(self.order.len());
        if self.cursor < self.order.len() {
            return false;
        }
        self.cursor = 0;
        self.epoch += 1;
        shuffle(&mut self.rng, &mut self.order);
        true
    }

    /// Moves the cursor back to `cursor` within this epoch (to undo batches that did not end
    /// it).
    pub fn rewind(&mut self, cursor: usize) {
        self.cursor = cursor.min(self.order.len());
    }

    /// Adds example `index` to the set: it is visited at the end of the current epoch's order
    /// and shuffled in from the next.
    pub fn push(&mut self, index: u32) {
        self.order.push(index);
    }

    /// Copies another schedule's state into this one (without allocating once it fits).
    pub fn copy_from(&mut self, other: &Schedule) {
        self.seed = other.seed;
        self.rng.clone_from(&other.rng);
        self.order.clone_from(&other.order);
        self.cursor = other.cursor;
        self.epoch = other.epoch;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: ShuffleSeed = ShuffleSeed { seed: 9, stream: 1 };

    #[test]
    fn every_epoch_is_a_permutation_and_batches_cover_it_once() {
        let mut s = Schedule::new(23, SEED);
        for epoch in 0..4 {
            let mut seen: Vec<u32> = Vec::new();
            loop {
                let batch = s.next_batch(5).to_vec();
                seen.extend(&batch);
                if s.advance(batch.len()) {
                    break;
                }
            }
            assert_eq!(s.epoch(), epoch + 1);
            seen.sort();
            assert_eq!(seen, (0..23).collect::<Vec<u32>>());
        }
    }

    #[test]
    fn reset_gives_a_fresh_schedules_order_after_any_training() {
        let fresh = Schedule::new(40, SEED);
        let mut s = Schedule::new(40, SEED);
        for _ in 0..37 {
            let n = s.next_batch(7).len();
            s.advance(n);
        }
        assert_ne!(s.order(), fresh.order());
        s.reset();
        assert_eq!(s.order(), fresh.order());
        assert_eq!((s.cursor(), s.epoch()), (0, 0));
        // And the epochs after it follow the same shuffles.
        let mut f = fresh.clone();
        for _ in 0..20 {
            let (a, b) = (s.next_batch(7).to_vec(), f.next_batch(7).to_vec());
            assert_eq!(a, b);
            s.advance(a.len());
            f.advance(b.len());
        }
    }

    #[test]
    fn the_last_batch_of_an_epoch_is_short() {
        let mut s = Schedule::new(12, SEED);
        s.advance(10);
        assert_eq!(s.next_batch(10).len(), 2);
        assert!(s.advance(2));
        assert_eq!(s.next_batch(10).len(), 10);
    }
}
