//! The fast path (`Batch`: a mini-batch as matrices) against the teaching path (`Network`'s
//! per-example forward, backward and gradient), on random networks over every activation/cost
//! pair: the forward pass, the gradient and the plain update are bit-identical (to rounding for
//! inputs of 64 or more, which the fast path sums in SIMD lanes), the update with L2 agrees to f32
//! rounding.

use backprop_lab::{
    Activation, Batch, Cost, Gradient, Init, Network, NetworkConfig, Playground, PlaygroundConfig,
    Update,
};
use proptest::prelude::*;

/// Every activation a hidden layer may have (all but softmax).
fn hidden() -> Vec<Activation> {
    let all = Activation::ALL.iter().copied();
    all.filter(|&a| a != Activation::Softmax).collect()
}

/// (output activation, cost) pairs the core accepts.
const OUTPUTS: [(Activation, Cost); 7] = [
    (Activation::Sigmoid, Cost::Quadratic),
    (Activation::Sigmoid, Cost::CrossEntropy),
    (Activation::Softmax, Cost::CrossEntropy),
    (Activation::Softmax, Cost::Quadratic),
    (Activation::Tanh, Cost::Quadratic),
    (Activation::Linear, Cost::Quadratic),
    (Activation::Relu, Cost::Quadratic),
];

#[derive(Debug, Clone)]
struct Case {
    sizes: Vec<usize>,
    hidden: Vec<usize>,
    output: usize,
    seed: u64,
    rows: usize,
    capacity_extra: usize,
    data: Vec<f32>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(1usize..=11, 2..=5),
        prop::collection::vec(0usize..hidden().len(), 4),
        0usize..OUTPUTS.len(),
        any::<u64>(),
        1usize..=13,
        0usize..=5,
        prop::collection::vec(-1.0f32..1.0, 13 * 24),
        prop::option::weighted(0.25, 64usize..=90),
    )
        .prop_map(
            |(mut sizes, hidden, output, seed, rows, capacity_extra, data, wide)| {
                // A quarter of the cases have a wide input layer (MNIST-like), kept one
                // example per row by the fast path.
                if let Some(n0) = wide {
                    sizes[0] = n0;
                }
                let last = sizes.len() - 1;
                if OUTPUTS[output].0 == Activation::Softmax && sizes[last] < 2 {
                    sizes[last] = 2;
                }
                Case {
                    sizes,
                    hidden,
                    output,
                    seed,
                    rows,
                    capacity_extra,
                    data,
                }
            },
        )
}

fn network(case: &Case) -> Network {
    let depth = case.sizes.len() - 1;
    let (out_act, cost) = OUTPUTS[case.output];
    let mut activations: Vec<Activation> = (0..depth - 1)
        .map(|l| hidden()[case.hidden[l % case.hidden.len()]])
        .collect();
    activations.push(out_act);
    Network::new(NetworkConfig {
        layers: case.sizes.clone(),
        activations,
        cost,
        init: Init::Xavier,
        seed: case.seed,
    })
    .unwrap()
}

/// Inputs in [−1, 1] and targets a valid cost accepts (one-hot rows for softmax, [0, 1] else).
fn examples(case: &Case, net: &Network) -> (Vec<f32>, Vec<f32>) {
    let (n0, n_out) = (case.sizes[0], *case.sizes.last().unwrap());
    let mut values = case.data.iter().copied().cycle();
    let xs: Vec<f32> = (0..case.rows * n0)
        .map(|_| values.next().unwrap())
        .collect();
    let mut ys = vec![0.0; case.rows * n_out];
    for (r, y) in ys.chunks_exact_mut(n_out).enumerate() {
        if net.output_activation() == Activation::Softmax {
            y[(r * 7 + case.seed as usize) % n_out] = 1.0;
        } else {
            for y in y.iter_mut() {
                *y = 0.5 * (values.next().unwrap() + 1.0);
            }
        }
    }
    (xs, ys)
}

fn loaded(case: &Case, net: &Network, xs: &[f32], ys: &[f32]) -> Batch {
    let (n0, n_out) = (case.sizes[0], *case.sizes.last().unwrap());
    let mut batch = Batch::new(net.sizes(), case.rows + case.capacity_extra);
    for r in 0..case.rows {
        batch.set_example(r, &xs[r * n0..][..n0], &ys[r * n_out..][..n_out]);
    }
    batch
}

/// Bit-identical, where the fast path promises it (inputs narrower than 64 and every gradient
/// entry: each sum runs in the teaching path's order).
fn same(fast: f32, slow: f32, what: &str) -> std::result::Result<(), TestCaseError> {
    prop_assert_eq!(
        fast.to_bits(),
        slow.to_bits(),
        "{}: fast {} vs teaching {}",
        what,
        fast,
        slow
    );
    Ok(())
}

fn close(fast: f32, slow: f32, what: &str) -> std::result::Result<(), TestCaseError> {
    let tolerance = 2e-5 * (1.0 + slow.abs());
    prop_assert!(
        (fast - slow).abs() <= tolerance,
        "{what}: fast {fast} vs teaching {slow}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_fast_forward_pass_is_the_teaching_paths(case in case()) {
        let mut net = network(&case);
        let (xs, ys) = examples(&case, &net);
        let mut batch = loaded(&case, &net, &xs, &ys);
        batch.forward(&net, case.rows).unwrap();
        let n0 = case.sizes[0];
        for r in 0..case.rows {
            net.forward(&xs[r * n0..][..n0]).unwrap();
            for l in 1..case.sizes.len() {
                let mut column = vec![0.0; case.sizes[l]];
                batch.column(l, r, &mut column);
                let slow = net.a(l);
                for (j, (&f, &s)) in column.iter().zip(slow).enumerate() {
                    if case.sizes[0] < 64 {
                        prop_assert_eq!(f.to_bits(), s.to_bits(), "a⁽{}⁾{} of example {}: {} vs {}", l, j, r, f, s);
                    } else {
                        // Wide inputs are summed in SIMD lanes: equal to rounding.
                        close(f, s, &format!("a⁽{l}⁾{j} of example {r}"))?;
                    }
                }
            }
        }
    }

    #[test]
    fn the_fast_gradient_is_the_teaching_paths(case in case()) {
        let mut net = network(&case);
        let (xs, ys) = examples(&case, &net);
        let mut batch = loaded(&case, &net, &xs, &ys);
        batch.forward(&net, case.rows).unwrap();
        let mut fast = Gradient::default();
        let (total, _) = batch.backward(&mut net, case.rows, Update::Gradient(&mut fast)).unwrap();
        let slow_cost = net.cost(&xs, &ys).unwrap();
        let slow = net.gradient(&xs, &ys).unwrap();
        close((total / case.rows as f64) as f32, slow_cost, "C")?;
        prop_assert!(fast.fits(&net));
        // Narrow inputs: every entry to the bit; wide ones (summed in SIMD lanes forward): to
        // rounding.
        let check = if case.sizes[0] < 64 { same } else { close };
        for l in 0..slow.weights.len() {
            for (i, (&f, &s)) in fast.weights[l].iter().zip(&slow.weights[l]).enumerate() {
                check(f, s, &format!("∂C/∂W⁽{}⁾ entry {i}", l + 1))?;
            }
            for (i, (&f, &s)) in fast.biases[l].iter().zip(&slow.biases[l]).enumerate() {
                check(f, s, &format!("∂C/∂b⁽{}⁾ entry {i}", l + 1))?;
            }
        }
    }

    #[test]
    fn the_fused_update_without_l2_is_the_teaching_paths_sgd_step(case in case()) {
        let mut fast = network(&case);
        let mut slow = fast.clone();
        let (xs, ys) = examples(&case, &fast);
        let mut batch = loaded(&case, &fast, &xs, &ys);
        batch.forward(&fast, case.rows).unwrap();
        batch.backward(&mut fast, case.rows, Update::Descend { eta: 0.3, l2: 0.0 }).unwrap();
        slow.sgd_step(&xs, &ys, 0.3).unwrap();
        let check = if case.sizes[0] < 64 { same } else { close };
        for l in 1..case.sizes.len() {
            for (&f, &s) in fast.weights(l).iter().zip(slow.weights(l)) {
                check(f, s, &format!("W⁽{l}⁾ after the update"))?;
            }
            for (&f, &s) in fast.biases(l).iter().zip(slow.biases(l)) {
                check(f, s, &format!("b⁽{l}⁾ after the update"))?;
            }
        }
    }

    #[test]
    fn the_fused_update_equals_the_teaching_paths_sgd_step(case in case(), l2 in 0.0f32..0.5) {
        let mut fast = network(&case);
        let mut slow = fast.clone();
        let (xs, ys) = examples(&case, &fast);
        let mut batch = loaded(&case, &fast, &xs, &ys);
        let eta = 0.3;
        batch.forward(&fast, case.rows).unwrap();
        batch.backward(&mut fast, case.rows, Update::Descend { eta, l2 }).unwrap();
        // L2 with rate λ: w ← w − η (∂C/∂w + λ w), biases not decayed.
        let g = slow.gradient(&xs, &ys).unwrap();
        for l in 1..case.sizes.len() {
            let w: Vec<f32> = slow.weights(l).iter().zip(&g.weights[l - 1])
                .map(|(&w, &g)| w - eta * (g + l2 * w)).collect();
            let b: Vec<f32> = slow.biases(l).iter().zip(&g.biases[l - 1])
                .map(|(&b, &g)| b - eta * g).collect();
            slow.weights_mut(l).copy_from_slice(&w);
            slow.biases_mut(l).copy_from_slice(&b);
        }
        for l in 1..case.sizes.len() {
            for (&f, &s) in fast.weights(l).iter().zip(slow.weights(l)) {
                close(f, s, &format!("W⁽{l}⁾ after the update"))?;
            }
            for (&f, &s) in fast.biases(l).iter().zip(slow.biases(l)) {
                close(f, s, &format!("b⁽{l}⁾ after the update"))?;
            }
        }
    }
}

#[test]
fn a_batch_refuses_the_wrong_network_and_the_wrong_row_count() {
    let case = Case {
        sizes: vec![2, 3, 1],
        hidden: vec![0],
        output: 0,
        seed: 1,
        rows: 4,
        capacity_extra: 0,
        data: vec![0.5; 24],
    };
    let mut net = network(&case);
    let mut batch = Batch::new(&[2, 4, 1], 4);
    assert!(batch.forward(&net, 4).is_err());
    let mut batch = Batch::new(net.sizes(), 4);
    for rows in [0, 5] {
        assert!(batch.forward(&net, rows).is_err());
        let update = Update::Descend { eta: 0.1, l2: 0.0 };
        assert!(batch.backward(&mut net, rows, update).is_err());
    }
    batch.forward(&net, 4).unwrap();
    for eta in [0.0, -1.0, f32::NAN, f32::INFINITY] {
        let update = Update::Descend { eta, l2: 0.0 };
        let message = batch.backward(&mut net, 4, update).unwrap_err().to_string();
        assert!(message.contains("learning rate"), "{message}");
    }
    let update = Update::Descend { eta: 0.1, l2: -1.0 };
    assert!(batch.backward(&mut net, 4, update).is_err());
}

#[test]
fn the_playgrounds_neuron_grid_and_metrics_are_the_teaching_paths_numbers() {
    let mut pg = Playground::new(PlaygroundConfig::default(), &[]).unwrap();
    pg.train(200).unwrap();
    pg.evaluate_grid();
    let res = pg.grid_resolution();
    let sizes = pg.network().sizes().to_vec();
    for cell in (0..res * res).step_by(37) {
        let (row, col) = (cell / res, cell % res);
        let last = (res - 1) as f32;
        let x = [
            (2.0 * col as f32 - last) / last,
            (last - 2.0 * row as f32) / last,
        ];
        let grid = pg.grid().to_vec();
        let net = pg.network_mut();
        net.forward(&x).unwrap();
        for (l, &n) in sizes.iter().enumerate().skip(1) {
            for j in 0..n {
                let at = pg.grid_offset(l, j) + cell;
                assert_eq!(
                    grid[at],
                    pg.network().a(l)[j],
                    "neuron {j} of layer {l}, cell {cell}"
                );
            }
        }
    }
    let m = pg.metrics();
    let data = pg.dataset().clone();
    let loss = pg
        .network_mut()
        .cost(data.train_inputs(), data.train_targets())
        .unwrap();
    assert!(
        (m.train_loss - loss).abs() <= 1e-6 * loss.max(1.0),
        "{} vs {loss}",
        m.train_loss
    );
}

/// A wide input (64..=120 values) that is mostly zeros, as MNIST's pixels are: `zeros` in
/// [0, 1] of them 0, the rest in (0, 1]. A fifth of the cases have a first layer of 33 to 40
/// neurons (past the kernels made for up to 32).
fn sparse_case() -> impl Strategy<Value = (Case, f64)> {
    let wide_layer = prop::option::weighted(0.2, 33usize..=40);
    (case(), 64usize..=120, 0.0f64..=1.0, wide_layer).prop_map(|(mut case, n0, zeros, n1)| {
        case.sizes[0] = n0;
        if let (Some(n1), true) = (n1, case.sizes.len() > 2) {
            case.sizes[1] = n1;
        }
        (case, zeros)
    })
}

/// Inputs of `case` with about a `zeros` share of 0s (whole runs of them too), in [0, 1].
fn sparse_inputs(case: &Case, zeros: f64) -> Vec<f32> {
    let n0 = case.sizes[0];
    let mut state = case.seed | 1;
    (0..case.rows * n0)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            // Every eighth block of 8 is zero as a whole, like a digit's border.
            if (i / 8) % 8 == 3 || u < zeros {
                0.0
            } else {
                (u as f32).max(1.0 / 255.0)
            }
        })
        .collect()
}

/// Equal as numbers (a sum that skips zeros may end with the other sign of zero).
fn equal(fast: f32, slow: f32, what: &str) -> std::result::Result<(), TestCaseError> {
    prop_assert!(fast == slow, "{what}: sparse {fast} vs teaching {slow}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The Digits trainer's layer 1 (`Batch::load_sparse_input`: the input's zeros skipped, W⁽¹⁾
    /// kept transposed for the call) gives the teaching path's numbers: every sum runs in its
    /// order, so the forward pass, the gradient and the fused update (with and without L2)
    /// are the same numbers, and `store_sparse_input` hands W⁽¹⁾ back.
    #[test]
    fn the_sparse_input_layer_is_the_teaching_paths((case, zeros) in sparse_case(), l2 in prop::sample::select(vec![0.0f32, 0.01, 0.3])) {
        let net = network(&case);
        let (_, ys) = examples(&case, &net);
        let xs = sparse_inputs(&case, zeros);
        let (n0, n_out) = (case.sizes[0], *case.sizes.last().unwrap());
        let mut batch = Batch::new(net.sizes(), case.rows + case.capacity_extra);
        let load = |batch: &mut Batch, net: &Network| {
            batch.load_sparse_input(net);
            for r in 0..case.rows {
                batch.set_example(r, &xs[r * n0..][..n0], &ys[r * n_out..][..n_out]);
            }
        };

        // Forward.
        let mut slow = net.clone();
        load(&mut batch, &net);
        batch.forward(&net, case.rows).unwrap();
        for r in 0..case.rows {
            slow.forward(&xs[r * n0..][..n0]).unwrap();
            for l in 1..case.sizes.len() {
                let mut column = vec![0.0; case.sizes[l]];
                batch.column(l, r, &mut column);
                for (j, (&f, &s)) in column.iter().zip(slow.a(l)).enumerate() {
                    equal(f, s, &format!("a⁽{l}⁾{j} of example {r}"))?;
                }
            }
        }

        // The gradient.
        let mut fast = net.clone();
        let mut g = Gradient::default();
        batch.backward(&mut fast, case.rows, Update::Gradient(&mut g)).unwrap();
        batch.store_sparse_input(&mut fast, true);
        let slow_g = slow.gradient(&xs, &ys).unwrap();
        for l in 0..slow_g.weights.len() {
            for (i, (&f, &s)) in g.weights[l].iter().zip(&slow_g.weights[l]).enumerate() {
                equal(f, s, &format!("∂C/∂W⁽{}⁾ entry {i}", l + 1))?;
            }
            for (i, (&f, &s)) in g.biases[l].iter().zip(&slow_g.biases[l]).enumerate() {
                equal(f, s, &format!("∂C/∂b⁽{}⁾ entry {i}", l + 1))?;
            }
        }
        prop_assert_eq!(fast.weights(1), net.weights(1), "W⁽¹⁾ comes back unchanged");

        // The fused update, against the dense path's (`set_example` without the sparse layer).
        let eta = 0.3;
        let mut dense = net.clone();
        let mut dense_batch = loaded(&case, &net, &xs, &ys);
        dense_batch.forward(&dense, case.rows).unwrap();
        dense_batch.backward(&mut dense, case.rows, Update::Descend { eta, l2 }).unwrap();
        let mut fast = net.clone();
        load(&mut batch, &fast);
        batch.forward(&fast, case.rows).unwrap();
        batch.backward(&mut fast, case.rows, Update::Descend { eta, l2 }).unwrap();
        prop_assert!(batch.parameters_finite(&fast));
        batch.store_sparse_input(&mut fast, true);
        // Layer 1's δ comes from a forward pass summed in SIMD lanes on the dense path: to
        // rounding there; the other layers see the same numbers either way.
        for l in 1..case.sizes.len() {
            for (&f, &s) in fast.weights(l).iter().zip(dense.weights(l)) {
                close(f, s, &format!("W⁽{l}⁾ after the update"))?;
            }
            for (&f, &s) in fast.biases(l).iter().zip(dense.biases(l)) {
                close(f, s, &format!("b⁽{l}⁾ after the update"))?;
            }
        }
        // Without L2, exactly the teaching path's step.
        if l2 == 0.0 {
            let mut slow = net.clone();
            slow.sgd_step(&xs, &ys, eta).unwrap();
            for l in 1..case.sizes.len() {
                for (&f, &s) in fast.weights(l).iter().zip(slow.weights(l)) {
                    equal(f, s, &format!("W⁽{l}⁾ after the step"))?;
                }
                for (&f, &s) in fast.biases(l).iter().zip(slow.biases(l)) {
                    equal(f, s, &format!("b⁽{l}⁾ after the step"))?;
                }
            }
        }

        // Dropped, not stored: the network keeps its own W⁽¹⁾.
        let mut kept = net.clone();
        load(&mut batch, &kept);
        batch.forward(&kept, case.rows).unwrap();
        batch.backward(&mut kept, case.rows, Update::Descend { eta, l2 }).unwrap();
        batch.store_sparse_input(&mut kept, false);
        prop_assert_eq!(kept.weights(1), net.weights(1));

        // A step that overflows weights: the batch's account of W⁽¹⁾'s finiteness (kept over
        // the weights each update changes) is the truth about the stored network — checked
        // where the other layers stay finite, so that W⁽¹⁾ alone decides.
        for eta in [1e30f32, 1e37, f32::MAX] {
            let mut big = net.clone();
            load(&mut batch, &big);
            batch.forward(&big, case.rows).unwrap();
            batch.backward(&mut big, case.rows, Update::Descend { eta, l2 }).unwrap();
            let claimed = batch.parameters_finite(&big);
            batch.store_sparse_input(&mut big, true);
            prop_assert_eq!(claimed, big.parameters_finite(), "η {}", eta);
            let others = (2..case.sizes.len()).all(|l| big.weights(l).iter().all(|w| w.is_finite()))
                && (1..case.sizes.len()).all(|l| big.biases(l).iter().all(|b| b.is_finite()));
            if others {
                let w1 = big.weights(1).iter().all(|w| w.is_finite());
                prop_assert_eq!(claimed, w1, "η {}: W⁽¹⁾ alone", eta);
            }
        }
        // An infinite weight of W⁽¹⁾ in the network it loads from.
        let mut broken = net.clone();
        broken.weights_mut(1)[0] = f32::INFINITY;
        batch.load_sparse_input(&broken);
        prop_assert!(!batch.parameters_finite(&broken), "an ∞ loaded into W⁽¹⁾");
        batch.store_sparse_input(&mut broken, false);
    }
}

/// The sparse layer 1 keeps account of whether its weights are finite over the weights each
/// update changes; a step that overflows W⁽¹⁾ alone (inputs of 100 make ∂C/∂W⁽¹⁾ a hundred times
/// every other gradient entry) must show in `Batch::parameters_finite`, as it does in the
/// stored network.
#[test]
fn an_update_that_overflows_the_sparse_layer_alone_is_seen() {
    let mut net = Network::new(NetworkConfig {
        layers: vec![64, 2, 1],
        activations: vec![Activation::Linear; 2],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 3,
    })
    .unwrap();
    net.weights_mut(1).fill(1e-6);
    net.weights_mut(2).fill(1.0);
    let mut x = vec![0.0f32; 64];
    for k in [3, 17, 40] {
        x[k] = 100.0;
    }
    let mut seen = 0;
    for power in 100..=127 {
        let eta = 2f32.powi(power);
        let mut fast = net.clone();
        let mut batch = Batch::new(fast.sizes(), 1);
        batch.load_sparse_input(&fast);
        batch.set_example(0, &x, &[1.0]);
        batch.forward(&fast, 1).unwrap();
        batch
            .backward(&mut fast, 1, Update::Descend { eta, l2: 0.0 })
            .unwrap();
        let claimed = batch.parameters_finite(&fast);
        batch.store_sparse_input(&mut fast, true);
        let w1 = fast.weights(1).iter().all(|w| w.is_finite());
        let others = fast
            .weights(2)
            .iter()
            .chain(fast.biases(1))
            .chain(fast.biases(2));
        if !w1 && others.clone().all(|p| p.is_finite()) {
            assert!(
                !claimed,
                "η 2^{power}: W⁽¹⁾ overflowed and the batch calls it finite"
            );
            seen += 1;
        }
        assert_eq!(claimed, fast.parameters_finite(), "η 2^{power}");
    }
    assert!(seen > 0, "some η overflows W⁽¹⁾ alone");
}

/// Bytes of `rows` examples of n0 pixels: about a `zeros` share of 0s, with whole runs of them
/// where `runs` (a digit's border); when `zeros` is 0 and not `runs`, none but the last
/// example's last pixel (so that the first example touches every pixel and the last one not
/// all of them).
fn sparse_bytes(case: &Case, zeros: f64, runs: bool) -> Vec<u8> {
    let mut state = case.seed | 1;
    let last = case.rows * case.sizes[0] - 1;
    (0..=last)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            if (runs && (i / 8) % 5 == 1) || u < zeros || (i == last && case.rows > 1) {
                0
            } else {
                1 + (state % 255) as u8
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// `Batch::set_byte_input` (the Digits trainer's: the pixels that are not 0 listed from the
    /// bytes eight at a time) is `set_input` of the values bytes[k] · scale, with the sparse
    /// layer 1 and without it: the same forward pass and gradient — inputs of every width from
    /// 64 (whole words and a tail of 1 to 7 bytes), from all zeros to none, where every pixel is
    /// touched by the batch. With the sparse layer, also the teaching path's gradient and steps.
    #[test]
    fn byte_inputs_are_their_values((case, zeros) in sparse_case(), runs in any::<bool>(), dense in any::<bool>()) {
        let zeros = if zeros < 0.15 { 0.0 } else { zeros };
        let net = network(&case);
        let (_, ys) = examples(&case, &net);
        let bytes = sparse_bytes(&case, zeros, runs);
        let scale = 1.0 / 255.0;
        let values: Vec<f32> = bytes.iter().map(|&b| f32::from(b) * scale).collect();
        let (n0, n_out) = (case.sizes[0], *case.sizes.last().unwrap());
        let capacity = case.rows + case.capacity_extra;
        let (mut by_bytes, mut by_values) = (Batch::new(net.sizes(), capacity), Batch::new(net.sizes(), capacity));
        let mut scratch = Vec::new();
        if !dense {
            by_bytes.load_sparse_input(&net);
            by_values.load_sparse_input(&net);
        }
        for r in 0..case.rows {
            by_bytes.set_byte_input(r, &bytes[r * n0..][..n0], scale, &mut scratch);
            by_bytes.targets_mut(r + 1)[r * n_out..].copy_from_slice(&ys[r * n_out..][..n_out]);
            by_values.set_example(r, &values[r * n0..][..n0], &ys[r * n_out..][..n_out]);
        }
        by_bytes.forward(&net, case.rows).unwrap();
        by_values.forward(&net, case.rows).unwrap();
        for l in 1..case.sizes.len() {
            prop_assert_eq!(by_bytes.a(l), by_values.a(l), "A⁽{}⁾", l);
        }
        let (mut g_bytes, mut g_values) = (Gradient::default(), Gradient::default());
        let (mut a, mut b) = (net.clone(), net.clone());
        let cost_bytes = by_bytes.backward(&mut a, case.rows, Update::Gradient(&mut g_bytes)).unwrap();
        let cost_values = by_values.backward(&mut b, case.rows, Update::Gradient(&mut g_values)).unwrap();
        prop_assert_eq!(cost_bytes, cost_values);
        prop_assert_eq!(&g_bytes.weights, &g_values.weights);
        prop_assert_eq!(&g_bytes.biases, &g_values.biases);
        let mut slow = net.clone();
        if !dense {
            let slow_g = slow.gradient(&values, &ys).unwrap();
            for (l, (fast, slow)) in g_bytes.weights.iter().zip(&slow_g.weights).enumerate() {
                for (i, (&f, &s)) in fast.iter().zip(slow).enumerate() {
                    equal(f, s, &format!("∂C/∂W⁽{}⁾ entry {i}", l + 1))?;
                }
            }
        }
        // And a fused step twice over (the second batch sees the pixels the first touched
        // cleared): the same weights.
        for _ in 0..2 {
            by_bytes.forward(&a, case.rows).unwrap();
            by_values.forward(&b, case.rows).unwrap();
            by_bytes.backward(&mut a, case.rows, Update::Descend { eta: 0.5, l2: 0.0 }).unwrap();
            by_values.backward(&mut b, case.rows, Update::Descend { eta: 0.5, l2: 0.0 }).unwrap();
            slow.sgd_step(&values, &ys, 0.5).unwrap();
        }
        by_bytes.store_sparse_input(&mut a, true);
        by_values.store_sparse_input(&mut b, true);
        for l in 1..case.sizes.len() {
            prop_assert_eq!(a.weights(l), b.weights(l), "W⁽{}⁾ after two steps", l);
            for (&f, &s) in a.weights(l).iter().zip(slow.weights(l)).filter(|_| !dense) {
                equal(f, s, &format!("W⁽{l}⁾ after two teaching-path steps"))?;
            }
        }
    }
}

/// A saturated sigmoid neuron (z = −84, so σ′(z) ≈ 3e-37) gets a δ far below
/// `DELTA_FLOOR`: the teaching path, the stepper's δ and the fast path all store it as 0, so
/// its ∂C/∂b and ∂C/∂W are 0 (not subnormal-bound numbers that slow x86 down ~100×), while the
/// live neuron beside it keeps its gradient. Fails when either path stops flushing.
#[test]
fn a_delta_below_the_floor_is_zero_in_every_path() {
    let mut net = Network::new(NetworkConfig {
        layers: vec![2, 2, 1],
        activations: vec![Activation::Sigmoid; 2],
        cost: Cost::Quadratic,
        init: Init::Xavier,
        seed: 3,
    })
    .unwrap();
    net.weights_mut(1).copy_from_slice(&[0.0, 0.0, 0.7, -0.4]);
    net.biases_mut(1).copy_from_slice(&[-84.0, 0.1]);
    net.weights_mut(2).copy_from_slice(&[0.9, 0.8]);
    let (xs, ys) = ([0.5f32, -0.25], [1.0f32]);
    let slow = net.clone().gradient(&xs, &ys).unwrap();
    // Without the floor: δ⁽¹⁾₀ = w⁽²⁾₀ δ⁽²⁾ σ′(−84), a normal f32 but below the floor.
    let mut traced = net.clone();
    traced.forward(&xs).unwrap();
    traced.backward(&ys).unwrap();
    let unfloored = 0.9 * traced.delta(2)[0] * Activation::Sigmoid.derivative(-84.0);
    assert!(unfloored != 0.0 && unfloored.abs() < backprop_lab::DELTA_FLOOR);
    assert_eq!(traced.delta(1)[0], 0.0, "the teaching path's δ⁽¹⁾₀");
    assert_ne!(traced.delta(1)[1], 0.0, "the live neuron's δ");
    assert_eq!(slow.biases[0][0], 0.0);
    assert_eq!(&slow.weights[0][..2], &[0.0, 0.0]);
    let mut batch = Batch::new(net.sizes(), 1);
    batch.set_example(0, &xs, &ys);
    batch.forward(&net, 1).unwrap();
    let mut fast = Gradient::default();
    batch
        .backward(&mut net, 1, Update::Gradient(&mut fast))
        .unwrap();
    assert_eq!(fast.weights, slow.weights);
    assert_eq!(fast.biases, slow.biases);
    let mut stepper = backprop_lab::Stepper::new(&net, &xs, &ys, 0.1).unwrap();
    while stepper.next(&mut net).unwrap() != backprop_lab::Phase::Backward(1) {}
    assert_eq!(stepper.delta(1).unwrap()[0], 0.0, "the stepper's δ⁽¹⁾₀");
    assert_ne!(stepper.delta(1).unwrap()[1], 0.0);
}
