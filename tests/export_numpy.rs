//! "Export as NumPy" (issue 15): the Python file, run by python3 with NumPy, gives the core's
//! outputs to 1e-6 for networks over every activation (softmax on the output), one example at a
//! time and a whole batch at once. The tests need `python3` with `numpy` (`.ci/run` installs it;
//! `pip install numpy` elsewhere).

use backprop_lab::export::to_numpy;
use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig};
use std::path::PathBuf;
use std::process::Command;

/// A folder of this test's own under the build's target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("export_numpy")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Loads the exported file as a module and prints forward() of each input, then of them all.
const RUNNER: &str = r#"
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
xs = json.load(open(sys.argv[2]))
one = [[float(v) for v in m.forward(x)] for x in xs]
out = m.forward(np.array(xs, dtype=np.float32))
assert out.dtype == np.float32, out.dtype
print(json.dumps({"one": one, "batch": [[float(v) for v in row] for row in out]}))
"#;

/// Runs the export of `net` on `inputs` in python3 and returns (one at a time, as a batch).
fn run_numpy(name: &str, net: &Network, inputs: &[Vec<f32>]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let dir = scratch(name);
    std::fs::write(dir.join("model.py"), to_numpy(net)).unwrap();
    std::fs::write(dir.join("runner.py"), RUNNER).unwrap();
    let xs: Vec<String> = inputs
        .iter()
        .map(|x| {
            let v: Vec<String> = x.iter().map(|v| format!("{v:?}")).collect();
            format!("[{}]", v.join(","))
        })
        .collect();
    std::fs::write(dir.join("inputs.json"), format!("[{}]", xs.join(","))).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("runner.py"))
        .arg(dir.join("model.py"))
        .arg(dir.join("inputs.json"))
        .output()
        .expect("the NumPy export test needs python3 (with numpy: pip install numpy)");
    assert!(
        out.status.success(),
        "python3 failed (is numpy installed? pip install numpy):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = |key: &str| -> Vec<Vec<f64>> {
        let start = text.find(&format!("\"{key}\": [")).unwrap() + key.len() + 4;
        let body = &text[start..];
        let end = body.find("]]").unwrap() + 1;
        body[..end]
            .split("], [")
            .map(|row| {
                row.trim_matches(|c| c == '[' || c == ']')
                    .split(", ")
                    .map(|v| v.parse::<f64>().unwrap())
                    .collect()
            })
            .collect()
    };
    (rows("one"), rows("batch"))
}

fn inputs(n: usize, width: usize, seed: u32) -> Vec<Vec<f32>> {
    // A small LCG: inputs spread over [−1.5, 1.5] (past the data square, into saturation).
    let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            (0..width)
                .map(|_| {
                    s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (s >> 8) as f32 / (1u32 << 24) as f32 * 3.0 - 1.5
                })
                .collect()
        })
        .collect()
}

fn check(name: &str, layers: Vec<usize>, activations: Vec<Activation>, cost: Cost, seed: u64) {
    let mut net = Network::new(NetworkConfig {
        layers: layers.clone(),
        activations,
        cost,
        init: Init::Normal,
        seed,
    })
    .unwrap();
    let xs = inputs(25, layers[0], seed as u32);
    let (one, batch) = run_numpy(name, &net, &xs);
    assert_eq!(one.len(), xs.len());
    for (i, x) in xs.iter().enumerate() {
        let core: Vec<f32> = net.forward(x).unwrap().to_vec();
        assert_eq!(one[i].len(), core.len(), "{name}: output width");
        for (j, &c) in core.iter().enumerate() {
            let tol = 1e-6 * f64::from(c.abs()).max(1.0);
            for (how, got) in [("one at a time", one[i][j]), ("as a batch", batch[i][j])] {
                assert!(
                    (got - f64::from(c)).abs() <= tol,
                    "{name}, example {i}, output {j} ({how}): NumPy {got}, core {c}"
                );
            }
        }
    }
}

#[test]
fn numpy_export_gives_the_cores_outputs_for_every_activation() {
    use Activation::*;
    let cases: [(&str, &[usize], &[Activation], Cost); 5] = [
        (
            "tanh",
            &[2, 4, 2, 1],
            &[Tanh, Tanh, Sigmoid],
            Cost::Quadratic,
        ),
        (
            "relu_leaky_linear_softmax",
            &[2, 5, 4, 3, 3],
            &[Relu, LeakyRelu, Linear, Softmax],
            Cost::CrossEntropy,
        ),
        (
            "sigmoid_linear_out",
            &[2, 8, 8, 1],
            &[Sigmoid, Sigmoid, Linear],
            Cost::Quadratic,
        ),
        ("no_hidden", &[2, 1], &[Sigmoid], Cost::CrossEntropy),
        (
            "digits",
            &[784, 16, 16, 10],
            &[Sigmoid, Sigmoid, Sigmoid],
            Cost::Quadratic,
        ),
    ];
    for (seed, (name, layers, acts, cost)) in cases.into_iter().enumerate() {
        check(name, layers.to_vec(), acts.to_vec(), cost, seed as u64 + 1);
    }
}

#[test]
fn numpy_export_names_the_notation_and_every_layer() {
    let net = Network::new(NetworkConfig {
        layers: vec![2, 3, 1],
        activations: vec![Activation::Tanh, Activation::Sigmoid],
        cost: Cost::Quadratic,
        init: Init::Normal,
        seed: 9,
    })
    .unwrap();
    let py = to_numpy(&net);
    for needle in [
        "z(l) = W(l) a(l-1) + b(l)",
        "W[1] = np.array([",
        "b[2] = np.array(",
        "def forward(x):",
        "def f1(z):\n    return np.tanh(z)",
        "def f2(z):\n    return 1 / (1 + np.exp(-z))",
        "# layer 1: W(1) is 3 x 2, b(1) has 3, f = tanh",
        "cost = ((forward(x) - y) ** 2).sum(axis=-1).mean()",
    ] {
        assert!(py.contains(needle), "missing {needle:?} in:\n{py}");
    }
    assert!(!py.contains("torch"), "no PyTorch in the NumPy file:\n{py}");
}

/// Loads the exported file and prints predict() of each point (x1, x2), then of them all.
const POINT_RUNNER: &str = r#"
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
ps = json.load(open(sys.argv[2]))
one = [[float(v) for v in m.predict(p)] for p in ps]
out = m.predict(np.array(ps, dtype=np.float32))
assert out.dtype == np.float32, out.dtype
print(json.dumps({"one": one, "batch": [[float(v) for v in row] for row in out]}))
"#;

#[test]
fn numpy_export_of_a_playground_with_features_gives_the_pages_outputs_for_points() {
    use backprop_lab::export::to_numpy_with;
    use backprop_lab::{Features, Playground, PlaygroundConfig};
    // Every feature, so each of the map's columns is checked; trained a little.
    let all = Features::from_names(&["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]);
    let cfg = PlaygroundConfig {
        features: all.unwrap(),
        ..PlaygroundConfig::default()
    };
    let mut pg = Playground::new(cfg, &[]).unwrap();
    pg.train(200).unwrap();
    let dir = scratch("features");
    let source = to_numpy_with(pg.network(), Some(pg.features()));
    std::fs::write(dir.join("model.py"), source).unwrap();
    std::fs::write(dir.join("runner.py"), POINT_RUNNER).unwrap();
    let points = inputs(30, 2, 11);
    let json: Vec<String> = points
        .iter()
        .map(|p| format!("[{:?},{:?}]", p[0], p[1]))
        .collect();
    std::fs::write(dir.join("points.json"), format!("[{}]", json.join(","))).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("runner.py"))
        .arg(dir.join("model.py"))
        .arg(dir.join("points.json"))
        .output()
        .expect("the NumPy export test needs python3 (with numpy: pip install numpy)");
    assert!(
        out.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let values: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .filter(|s| !s.is_empty() && s.parse::<f64>().is_ok())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(values.len(), 2 * points.len(), "{text}");
    for (i, p) in points.iter().enumerate() {
        let input = pg.inputs(p[0], p[1]);
        let core = f64::from(pg.network_mut().forward(&input).unwrap()[0]);
        for got in [values[i], values[points.len() + i]] {
            assert!(
                (got - core).abs() <= 1e-6,
                "point {p:?}: NumPy {got}, core {core}"
            );
        }
    }
}

#[test]
fn pytorch_export_with_features_is_valid_python() {
    use backprop_lab::export::to_pytorch_with;
    use backprop_lab::{Features, Playground, PlaygroundConfig};
    // PyTorch itself need not be installed: the file must parse, and its features(p) is the
    // NumPy one's with torch's names (checked against the core above).
    let set = Features::from_names(&["x2", "x1sq", "x1x2", "sinx1"]).unwrap();
    let pg = Playground::new(
        PlaygroundConfig {
            features: set,
            ..PlaygroundConfig::default()
        },
        &[],
    )
    .unwrap();
    let dir = scratch("pytorch_features");
    let file = dir.join("model.py");
    std::fs::write(&file, to_pytorch_with(pg.network(), Some(set))).unwrap();
    let out = Command::new("python3")
        .args(["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())"])
        .arg(&file)
        .output()
        .expect("needs python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py = std::fs::read_to_string(&file).unwrap();
    assert!(py.contains("return torch.stack([x2, x1 * x1, x1 * x2, torch.sin(x1)], dim=-1)"));
    assert!(py.contains("nn.Linear(4, 4)"));
}
