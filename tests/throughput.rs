//! Training speed, measured natively: `cargo test --release --test throughput -- --ignored --nocapture`.

use std::time::Instant;

use backprop_lab::{Activation, Playground, PlaygroundConfig};

/// Tanh unless `BENCH_ACT` names another activation (e.g. `BENCH_ACT=relu`), to compare.
fn hidden_activation() -> Activation {
    std::env::var("BENCH_ACT")
        .ok()
        .and_then(|name| Activation::from_name(&name).ok())
        .unwrap_or(Activation::Tanh)
}

#[test]
#[ignore = "a benchmark; run in release mode"]
fn trains_2_8_8_1_tanh_in_batches_of_10() {
    let cfg = PlaygroundConfig {
        hidden: vec![8, 8],
        activations: vec![hidden_activation(); 2],
        ..PlaygroundConfig::default()
    };
    let mut pg = Playground::new(cfg, &[]).unwrap();
    pg.train(2_000).unwrap(); // warm up
    let batches = 200_000;
    let start = Instant::now();
    pg.train(batches).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let samples = batches as f64 * 10.0;
    println!("{:.2} million samples/s", samples / seconds / 1e6);
    let grid_start = Instant::now();
    for _ in 0..100 {
        pg.evaluate_grid();
    }
    println!(
        "evaluate_grid (48²): {:.3} ms",
        grid_start.elapsed().as_secs_f64() * 10.0
    );
}
