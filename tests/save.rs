//! Save files: a save → parse → load round trip keeps every parameter bit for bit, and a bad
//! file is refused with a message while the network keeps its parameters.

use backprop_lab::save::{float_text, FORMAT, VERSION};
use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig, SaveFile};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn network(seed: u64) -> Network {
    Network::new(NetworkConfig {
        layers: vec![2, 4, 3, 1],
        activations: vec![Activation::Tanh, Activation::LeakyRelu, Activation::Sigmoid],
        cost: Cost::CrossEntropy,
        init: Init::Normal,
        seed,
    })
    .unwrap()
}

fn bits(net: &Network) -> Vec<u32> {
    (1..=net.depth())
        .flat_map(|l| {
            net.weights(l)
                .iter()
                .chain(net.biases(l))
                .map(|v| v.to_bits())
        })
        .collect()
}

/// A network whose parameters are awkward floats: tiny, huge, negative zero, subnormal.
fn awkward() -> Network {
    let mut net = network(7);
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for l in 1..=net.depth() {
        for w in net.weights_mut(l) {
            *w = f32::from_bits(rng.random::<u32>() & 0xBFFF_FFFF); // finite: exponent < 255
        }
    }
    net.weights_mut(1)[0] = -0.0;
    net.weights_mut(1)[1] = f32::MIN_POSITIVE / 3.0;
    net.weights_mut(1)[2] = f32::MAX;
    net.biases_mut(1)[0] = 0.1;
    net
}

#[test]
fn save_then_load_restores_every_parameter_bit_for_bit() {
    let net = awkward();
    let text = SaveFile::from_network(&net, "#dataset=xor&seed=7").to_json();
    let file = SaveFile::parse(&text).unwrap();
    assert_eq!(file.scene, "dataset=xor&seed=7");
    assert_eq!(file.network.config, *net.config());
    assert_eq!(bits(&file.to_network().unwrap()), bits(&net));

    let mut other = network(99);
    assert_ne!(bits(&other), bits(&net));
    file.load_into(&mut other).unwrap();
    assert_eq!(bits(&other), bits(&net));
}

#[test]
fn float_text_reads_back_to_the_same_bits_through_f32_and_f64() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..200_000 {
        let x = f32::from_bits(rng.random::<u32>());
        if !x.is_finite() {
            continue;
        }
        let text = float_text(x);
        assert_eq!(
            text.parse::<f32>().unwrap().to_bits(),
            x.to_bits(),
            "{text}"
        );
        assert_eq!(
            (text.parse::<f64>().unwrap() as f32).to_bits(),
            x.to_bits(),
            "{text}"
        );
        assert!(
            text.contains('.') || text.contains('e'),
            "{text} is a float literal"
        );
    }
    // The shortest form where it is exact: 0.1f32 is written as 0.1.
    assert_eq!(float_text(0.1), "0.1");
    assert_eq!(float_text(-0.0), "-0.0");
}

#[test]
fn the_file_names_its_format_version_and_shapes() {
    let text = SaveFile::from_network(&network(1), "dataset=circle").to_json();
    assert!(text.contains(&format!("\"format\": \"{FORMAT}\"")));
    assert!(text.contains(&format!("\"version\": {VERSION}")));
    assert!(text.contains("\"layers\": [2, 4, 3, 1]"));
    assert!(text.contains("\"activations\": [\"tanh\", \"leakyRelu\", \"sigmoid\"]"));
}

fn refusal(text: &str) -> String {
    SaveFile::parse(text).unwrap_err().to_string()
}

#[test]
fn malformed_json_is_refused_with_its_position() {
    let message = refusal("{\"format\": \"backprop-lab\", \"version\": 1,");
    assert!(
        message.starts_with("the file is not valid JSON"),
        "{message}"
    );
    assert!(message.contains("line 1"), "{message}");
    assert!(refusal("[1, 2]").contains("not a Backprop Lab save"));
    assert!(refusal("{\"format\": \"other\"}").contains("not a Backprop Lab save"));
}

#[test]
fn another_version_is_refused_and_says_which() {
    let text = SaveFile::from_network(&network(1), "").to_json();
    let newer = text.replace("\"version\": 1", "\"version\": 2");
    let message = refusal(&newer);
    assert!(message.contains("version 2"), "{message}");
    assert!(message.contains("reads version 1"), "{message}");
    assert!(refusal(&text.replace("\"version\": 1", "\"version\": \"1\"")).contains("version"));
}

#[test]
fn wrong_shapes_and_values_are_refused() {
    let text = SaveFile::from_network(&network(1), "").to_json();
    let short_bias = text.replacen("\"biases\": [\n      [", "\"biases\": [\n      [1.0, ", 1);
    assert!(refusal(&short_bias).contains("b⁽¹⁾ should hold 4 numbers but holds 5"));
    let mut net = network(1);
    net.set_bias(1, 0, 0.5).unwrap();
    let huge = SaveFile::from_network(&net, "")
        .to_json()
        .replacen("[0.5, ", "[1e39, ", 1);
    assert!(refusal(&huge).contains("not a finite 32-bit float"));
    let layers = text.replace("[2, 4, 3, 1]", "[2, 4, 3, 2]");
    assert!(refusal(&layers).contains("W⁽³⁾ should have 2 rows"));
    let act = text.replace("\"leakyRelu\"", "\"swish\"");
    assert!(refusal(&act).contains("unknown activation \"swish\""));
}

#[test]
fn load_into_a_different_network_changes_nothing() {
    let file = SaveFile::parse(&SaveFile::from_network(&network(1), "").to_json()).unwrap();
    let mut small = Network::new(NetworkConfig {
        layers: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        cost: Cost::CrossEntropy,
        init: Init::Normal,
        seed: 5,
    })
    .unwrap();
    let before = bits(&small);
    assert!(file.load_into(&mut small).is_err());
    assert_eq!(bits(&small), before);
    let mut wrong_act = network(2);
    wrong_act.set_activation(2, Activation::Relu).unwrap();
    let before = bits(&wrong_act);
    let message = file.load_into(&mut wrong_act).unwrap_err().to_string();
    assert!(
        message.contains("activations [tanh, leakyRelu, sigmoid]"),
        "{message}"
    );
    assert_eq!(bits(&wrong_act), before);
}

#[test]
fn load_parameters_checks_every_shape_before_writing() {
    let mut net = network(1);
    let before = bits(&net);
    let w: Vec<Vec<f32>> = (1..=3).map(|l| net.weights(l).to_vec()).collect();
    let mut b: Vec<Vec<f32>> = (1..=3).map(|l| vec![0.5; net.biases(l).len()]).collect();
    b[2].push(1.0);
    assert!(net.load_parameters(&w, &b).is_err());
    b[2].pop();
    b[1][0] = f32::NAN;
    assert!(net.load_parameters(&w, &b).is_err());
    assert_eq!(bits(&net), before);
    b[1][0] = 0.25;
    net.load_parameters(&w, &b).unwrap();
    assert_eq!(net.biases(2), &[0.25, 0.5, 0.5]);
}
