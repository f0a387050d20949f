//! Time per element of `Activation::forward` and `Activation::backward` for σ and tanh, on a
//! 16×10-element layer (16 neurons × a mini-batch of 10) and on a 4096-element slice.
//!
//! `cargo run --release --example activation_bench` prints ns/element: the best of many short
//! rounds (32 k elements each, forward and backward interleaved), so that a loaded machine's
//! preemptions inflate it least. Nothing is asserted: it is a measuring tool, not a test.

use backprop_lab::Activation;
use std::hint::black_box;
use std::time::Instant;

/// z spread over [−8, 8] (both the linear middle and the saturating tails), from a fixed LCG.
fn inputs(len: usize) -> Vec<f32> {
    let mut state = 0x2545_f491_u32;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 8) as f32 / (1u32 << 24) as f32 * 16.0 - 8.0
        })
        .collect()
}

/// Nanoseconds per element of `f` run over `len` elements, `reps` times.
fn time(len: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..reps {
        f();
    }
    start.elapsed().as_secs_f64() * 1e9 / (reps * len) as f64
}

fn main() {
    const ROUNDS: usize = 600;
    const ELEMENTS: usize = 1 << 15;
    println!("ns/element, best of {ROUNDS} rounds");
    println!(
        "{:<8} {:>6} {:>10} {:>10}",
        "", "len", "forward", "backward"
    );
    for act in [Activation::Sigmoid, Activation::Tanh] {
        for len in [16 * 10, 4096] {
            let z = inputs(len);
            let mut a = vec![0.0; len];
            act.forward(&z, &mut a);
            let g: Vec<f32> = inputs(len).iter().map(|x| x / 8.0).collect();
            let mut delta = vec![0.0; len];
            let reps = ELEMENTS / len;
            let (mut fwd, mut bwd) = (f64::INFINITY, f64::INFINITY);
            for _ in 0..ROUNDS {
                fwd = fwd.min(time(len, reps, || {
                    act.forward(black_box(&z), black_box(&mut a));
                }));
                bwd = bwd.min(time(len, reps, || {
                    act.backward(
                        black_box(&z),
                        black_box(&a),
                        black_box(&g),
                        black_box(&mut delta),
                    );
                }));
            }
            println!("{:<8} {len:>6} {fwd:>10.3} {bwd:>10.3}", act.name());
        }
    }
}
