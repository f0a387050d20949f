//! P1 of issue 11 natively, for profiling: 2-8-8-1 tanh, batch 10, η 0.03, 500 circle points.
//! `cargo run --release --example p1_profile`
use backprop_lab::{
    Activation, Cost, DataConfig, DatasetKind, OptimizerConfig, Playground, PlaygroundConfig,
};
use std::time::Instant;

fn main() {
    let cfg = PlaygroundConfig {
        data: DataConfig {
            kind: DatasetKind::Circle,
            points: 1000,
            train_fraction: 50.0,
            noise: 0.0,
            seed: 7,
        },
        hidden: vec![8, 8],
        activations: vec![Activation::Tanh; 2],
        output_activation: Activation::Tanh,
        cost: Cost::Quadratic,
        optimizer: OptimizerConfig {
            learning_rate: 0.03,
            ..OptimizerConfig::default()
        },
        batch_size: 10,
        seed: 7,
        ..PlaygroundConfig::default()
    };
    let mut pg = Playground::new(cfg, &[]).unwrap();
    // `p1_profile N`: N × 100k batches (default 5); 0 runs 20k batches only (for callgrind).
    let rounds: usize = std::env::args().nth(1).map_or(5, |a| a.parse().unwrap());
    pg.train(20_000).unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        pg.train(100_000).unwrap();
        let s = t.elapsed().as_secs_f64();
        println!("{:.2} M samples/s", 1e6 / s / 1e6);
    }
}
