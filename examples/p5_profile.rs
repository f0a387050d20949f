//! P5 of issue 11 natively, for profiling: a 64×64 cost surface of the default Playground
//! network over its training points. `cargo run --release --example p5_profile [N]`
use backprop_lab::{Playground, PlaygroundConfig, Surface};
use std::time::Instant;

fn main() {
    let pg = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    let (net, data) = (pg.network(), pg.dataset());
    let (xs, ys) = (data.train_inputs(), data.train_targets());
    let mut surface = Surface::new(net);
    let rounds: usize = std::env::args().nth(1).map_or(20, |a| a.parse().unwrap());
    surface.compute(net, xs, ys).unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        surface.compute(net, xs, ys).unwrap();
        println!("{:.2} ms", t.elapsed().as_secs_f64() * 1e3);
    }
}
