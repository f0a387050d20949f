//! P5 of issue 11 natively, for profiling: a 64×64 cost surface of the default Playground
//! network over its training points, for the default pair (two weights into the output neuron)
//! or, with `layer1`, two weights of layer 1 (w⁽¹⁾₀₀, w⁽¹⁾₁₁, as xtask/bench/surface.mjs times).
//! `cargo run --release --example p5_profile [N] [layer1]`
use backprop_lab::{Parameter, Playground, PlaygroundConfig, Surface};
use std::time::Instant;

fn main() {
    let pg = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    let (net, data) = (pg.network(), pg.dataset());
    let (xs, ys) = (data.train_inputs(), data.train_targets());
    let mut surface = Surface::new(net);
    let rounds: usize = std::env::args().nth(1).map_or(20, |a| a.parse().unwrap());
    if std::env::args().nth(2).as_deref() == Some("layer1") {
        let a = Parameter::Weight { l: 1, j: 0, k: 0 };
        let b = Parameter::Weight { l: 1, j: 1, k: 1 };
        surface.select(net, a, b).unwrap();
    }
    surface.compute(net, xs, ys).unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        surface.compute(net, xs, ys).unwrap();
        println!("{:.2} ms", t.elapsed().as_secs_f64() * 1e3);
    }
}
