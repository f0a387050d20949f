//! The stepper walks backpropagation one phase at a time and undoes each exactly.

use backprop_lab::{Activation, Cost, Error, Init, Network, NetworkConfig, Phase, Stepper};

fn network() -> Network {
    Network::new(NetworkConfig {
        layers: vec![2, 3, 2],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        cost: Cost::Quadratic,
        init: Init::Normal,
        seed: 7,
    })
    .unwrap()
}

const X: [f32; 2] = [0.3, -0.8];
const Y: [f32; 2] = [1.0, 0.0];
const ETA: f32 = 0.5;

/// Everything a stepper shows, errors included, plus the network's parameters.
fn snapshot(stepper: &Stepper, net: &Network) -> String {
    let mut s = format!("{:?} {:?}\n", stepper.phase(), stepper.cost());
    for l in 0..=net.depth() + 1 {
        s += &format!(
            "{l}: {:?} {:?} {:?} {:?} {:?} {:?}\n",
            stepper.z(l),
            stepper.a(l),
            stepper.delta(l),
            stepper.weight_gradient(l),
            stepper.bias_gradient(l),
            stepper.activation_gradient(l)
        );
        // Bit patterns, so -0.0 and 0.0 differ.
        let bits: Vec<u32> = net
            .weights(l)
            .iter()
            .chain(net.biases(l))
            .map(|v| v.to_bits())
            .collect();
        s += &format!("params {bits:?}\n");
    }
    s
}

#[test]
fn phases_run_forward_then_cost_then_backward_then_update() {
    let mut net = network();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    assert_eq!(stepper.phase(), Phase::Start);
    let mut phases = Vec::new();
    for _ in 0..9 {
        phases.push(stepper.next(&mut net).unwrap());
    }
    use Phase::*;
    // L = 2: 2 forward steps, cost, 2 backward steps, update, done — then done again.
    assert_eq!(
        phases,
        [
            Forward(1),
            Forward(2),
            Cost,
            Backward(2),
            Backward(1),
            Update,
            Done,
            Done,
            Done
        ]
    );
    assert_eq!(Backward(2).name(), "backward");
    assert_eq!(Backward(2).layer(), 2);
    assert_eq!(Cost.layer(), 0);
}

#[test]
fn stepper_gradient_equals_network_gradient_on_the_same_example() {
    let mut net = network();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    while stepper.phase() != Phase::Backward(1) {
        stepper.next(&mut net).unwrap();
    }
    let gradient = net.gradient(&X, &Y).unwrap();
    net.forward(&X).unwrap();
    let c = net.backward(&Y).unwrap();
    assert_eq!(stepper.cost().unwrap(), c);
    for l in 1..=2 {
        assert_eq!(
            stepper.weight_gradient(l).unwrap(),
            gradient.weights[l - 1].as_slice()
        );
        assert_eq!(
            stepper.bias_gradient(l).unwrap(),
            gradient.biases[l - 1].as_slice()
        );
        assert_eq!(stepper.weight_gradient(l).unwrap(), net.weight_gradient(l));
        assert_eq!(stepper.delta(l).unwrap(), net.delta(l));
        assert_eq!(stepper.z(l).unwrap(), net.z(l));
        assert_eq!(stepper.a(l).unwrap(), net.a(l));
    }
    assert_eq!(
        stepper.activation_gradient(0).unwrap(),
        net.activation_gradient(0)
    );
}

#[test]
fn prev_after_next_restores_the_state_bit_for_bit_at_every_phase() {
    let mut net = network();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    // Start, Forward(1), Forward(2), Cost, Backward(2), Backward(1), Update: 7 phases to leave.
    for _ in 0..7 {
        let before = snapshot(&stepper, &net);
        let phase = stepper.phase();
        stepper.next(&mut net).unwrap();
        assert_eq!(stepper.prev(&mut net).unwrap(), phase);
        assert_eq!(
            snapshot(&stepper, &net),
            before,
            "after next and prev from {phase:?}"
        );
        stepper.next(&mut net).unwrap();
    }
}

#[test]
fn stepper_prev_restores_weights_after_update() {
    let mut net = network();
    let initial: Vec<Vec<f32>> = (1..=2).map(|l| net.weights(l).to_vec()).collect();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    while stepper.next(&mut net).unwrap() != Phase::Update {}
    assert_ne!(net.weights(1), initial[0].as_slice());
    assert_eq!(stepper.prev(&mut net).unwrap(), Phase::Backward(1));
    for l in 1..=2 {
        assert_eq!(net.weights(l), initial[l - 1].as_slice());
    }
}

#[test]
fn update_changes_weights_by_exactly_minus_eta_times_the_gradient() {
    let mut net = network();
    let before: Vec<Vec<f32>> = (1..=2).map(|l| net.weights(l).to_vec()).collect();
    let biases: Vec<Vec<f32>> = (1..=2).map(|l| net.biases(l).to_vec()).collect();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    while stepper.next(&mut net).unwrap() != Phase::Update {}
    for l in 1..=2 {
        let dw = stepper.weight_gradient(l).unwrap();
        for ((w, w0), g) in net.weights(l).iter().zip(&before[l - 1]).zip(dw) {
            assert_eq!(*w, w0 - ETA * g); // w ← w − η ∂C/∂w
        }
        let db = stepper.bias_gradient(l).unwrap();
        for ((b, b0), g) in net.biases(l).iter().zip(&biases[l - 1]).zip(db) {
            assert_eq!(*b, b0 - ETA * g); // b ← b − η ∂C/∂b
        }
    }
}

#[test]
fn quantities_asked_for_early_name_the_step_that_computes_them() {
    let mut net = network();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    assert_eq!(stepper.a(0).unwrap(), &X); // a⁽⁰⁾ = x from the start
    let err = stepper.z(2).unwrap_err();
    assert!(matches!(err, Error::NotComputed(_)));
    assert_eq!(
        err.to_string(),
        "z⁽²⁾ is computed in the forward step for layer 2: step further first"
    );
    stepper.next(&mut net).unwrap();
    assert!(stepper.z(1).is_ok());
    assert_eq!(
        stepper.delta(1).unwrap_err().to_string(),
        "δ⁽¹⁾ is computed in the backward step for layer 1: step further first"
    );
    assert!(stepper
        .cost()
        .unwrap_err()
        .to_string()
        .contains("the cost step"));
    let err = stepper.z(3).unwrap_err();
    assert!(matches!(err, Error::OutOfRange(_)), "{err}");
}

#[test]
fn prev_at_start_stays_at_start_and_next_after_done_stays_done() {
    let mut net = network();
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    assert_eq!(stepper.prev(&mut net).unwrap(), Phase::Start);
    while stepper.next(&mut net).unwrap() != Phase::Done {}
    let weights = net.weights(1).to_vec();
    assert_eq!(stepper.next(&mut net).unwrap(), Phase::Done);
    assert_eq!(net.weights(1), weights.as_slice());
}

#[test]
fn stepper_refuses_bad_examples_and_changed_networks() {
    let mut net = network();
    assert!(matches!(
        Stepper::new(&net, &[1.0], &Y, ETA),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        Stepper::new(&net, &X, &[1.0], ETA),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        Stepper::new(&net, &X, &Y, 0.0),
        Err(Error::InvalidConfig(_))
    ));
    assert!(matches!(
        Stepper::new(&net, &[f32::NAN, 0.0], &Y, ETA),
        Err(Error::InvalidInput(_))
    ));
    let mut stepper = Stepper::new(&net, &X, &Y, ETA).unwrap();
    net.set_activation(1, Activation::Relu).unwrap();
    assert!(stepper.next(&mut net).is_err());
}
