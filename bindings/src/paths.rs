//! Paths on a cost surface of two parameters, for the Lessons tab's gradient-field and SGD
//! scenes (the core's `surface::gradient_field`, `pair_point`, `descend_pair` and
//! `compare_descents`). In the extras module, like the Cost surface: plain functions that take
//! the network as `Network.toJSON()`'s object and return copies (no handle lives on the page).

use js_sys::{Float32Array, Float64Array};
use wasm_bindgen::prelude::*;

use crate::args::{f32s, real, whole, BATCH_MAX, COUNT_MAX};
use crate::surface::read_parameter;
use crate::{config, js_error, object, JsResult};
use backprop_lab::surface::{self, PathPoint, SurfacePoint};
use backprop_lab::{Network, Parameter};

/// The network, the examples and the pair every function here starts from.
struct Plane {
    net: Network,
    xs: Vec<f32>,
    ys: Vec<f32>,
    pair: [Parameter; 2],
}

/// The five names of a parameter argument and its fields, as `read_parameter` takes them.
fn refs(n: &[String; 5]) -> [&str; 5] {
    [
        n[0].as_str(),
        n[1].as_str(),
        n[2].as_str(),
        n[3].as_str(),
        n[4].as_str(),
    ]
}

fn plane(
    f: &str,
    network: &JsValue,
    xs: JsValue,
    ys: JsValue,
    a: &JsValue,
    b: &JsValue,
) -> JsResult<Plane> {
    let net = config::saved_file(network)?
        .to_network()
        .map_err(js_error)?;
    let names = |p: &str| {
        let s = |field: &str| format!("{f}: {p}{field}");
        [s(""), s(".kind"), s(".l"), s(".j"), s(".k")]
    };
    let (na, nb) = (names("a"), names("b"));
    Ok(Plane {
        net,
        xs: f32s(xs, &format!("{f}: xs"), BATCH_MAX)?,
        ys: f32s(ys, &format!("{f}: ys"), BATCH_MAX)?,
        pair: [read_parameter(a, refs(&na))?, read_parameter(b, refs(&nb))?],
    })
}

/// `n` finite numbers in an array (a range's four ends, a start's two values).
fn numbers(v: JsValue, what: &str, n: usize) -> JsResult<Vec<f32>> {
    let values = f32s(v, what, n)?;
    if values.len() != n {
        return Err(js_error(format!(
            "{what}: {n} numbers, not {}",
            values.len()
        )));
    }
    Ok(values)
}

fn point_object(p: &SurfacePoint) -> JsValue {
    object(&[
        ("a", JsValue::from(p.a)),
        ("b", JsValue::from(p.b)),
        ("cost", JsValue::from(p.cost)),
        ("gradA", JsValue::from(p.gradient_a)),
        ("gradB", JsValue::from(p.gradient_b)),
    ])
}

/// A path as a Float64Array of [p_A, p_B, C, evaluations] per point.
fn path_array(path: &[PathPoint]) -> Float64Array {
    let flat: Vec<f64> = path
        .iter()
        .flat_map(|p| [p.a.into(), p.b.into(), p.cost.into(), p.evaluations as f64])
        .collect();
    Float64Array::from(&flat[..])
}

/// `gradientField(network, xs, ys, a, b, range, arrows, res)`: the cost surface C(p_A, p_B) of
/// `network` (`Network.toJSON()`'s object) on the examples (`xs` n × n₀, `ys` n × n_L, flat)
/// over `range` = [minA, maxA, minB, maxB], with the gradient field over it. `a`, `b` are
/// `{ kind, l, j, k }`. Returns `{ grid, res, min, max, field, arrows }`: `grid` res × res C
/// ([row][col], row 0 p_B = maxB, column 0 p_A = minA: the Cost surface's grid), its least and
/// largest value, and `field` arrows × arrows points of [p_A, p_B, C, ∂C/∂p_A, ∂C/∂p_B] at the
/// cells' centres (row 0 the top).
#[wasm_bindgen(js_name = gradientField)]
#[allow(clippy::too_many_arguments)]
pub fn gradient_field(
    #[wasm_bindgen(
        unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
    )]
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] b: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number[]")] range: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] arrows: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
) -> JsResult<JsValue> {
    let p = plane("gradientField", &network, xs, ys, &a, &b)?;
    let r = numbers(range, "gradientField: range", 4)?;
    let arrows = whole(arrows, "gradientField: arrows", surface::MAX_FIELD_SIDE)?;
    let res = whole(
        res,
        "gradientField: res",
        backprop_lab::MAX_SURFACE_RESOLUTION,
    )?;
    let (min, max) = ([r[0], r[2]], [r[1], r[3]]);
    let field = surface::gradient_field(&p.net, &p.xs, &p.ys, p.pair, min, max, arrows)
        .map_err(js_error)?;
    let mut s = backprop_lab::Surface::new(&p.net);
    s.select(&p.net, p.pair[0], p.pair[1]).map_err(js_error)?;
    s.set_range(min, max).map_err(js_error)?;
    s.set_resolution(res).map_err(js_error)?;
    s.compute(&p.net, &p.xs, &p.ys).map_err(js_error)?;
    let (low, high) = s.extent();
    let flat: Vec<f32> = field
        .iter()
        .flat_map(|q| [q.a, q.b, q.cost, q.gradient_a, q.gradient_b])
        .collect();
    Ok(object(&[
        ("grid", Float32Array::from(s.grid()).into()),
        ("res", JsValue::from(res as u32)),
        ("min", JsValue::from(low)),
        ("max", JsValue::from(high)),
        ("field", Float32Array::from(&flat[..]).into()),
        ("arrows", JsValue::from(arrows as u32)),
    ]))
}

/// `pairPath(network, xs, ys, a, b, start, eta, steps)`: `steps` steps of full-batch gradient
/// descent on the pair alone from `start` = [p_A, p_B], p ← p − η ∂C/∂p. Returns `{ path,
/// point }`: `path` a Float64Array of [p_A, p_B, C, evaluations] per point (steps + 1, the start
/// first) and `point` `{ a, b, cost, gradA, gradB }`, C and ∇C where the path ends.
#[wasm_bindgen(js_name = pairPath)]
#[allow(clippy::too_many_arguments)]
pub fn pair_path(
    #[wasm_bindgen(
        unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
    )]
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] b: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number[]")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] steps: JsValue,
) -> JsResult<JsValue> {
    let p = plane("pairPath", &network, xs, ys, &a, &b)?;
    let s = numbers(start, "pairPath: start", 2)?;
    let eta = real(eta, "pairPath: eta")?;
    let steps = whole(steps, "pairPath: steps", surface::MAX_PATH_STEPS)?;
    let path = surface::descend_pair(
        &p.net,
        &p.xs,
        &p.ys,
        p.pair,
        [s[0], s[1]],
        eta,
        steps,
        None,
        0,
    )
    .map_err(js_error)?;
    let end = path.last().map_or([s[0], s[1]], |q| [q.a, q.b]);
    let point = surface::pair_point(&p.net, &p.xs, &p.ys, p.pair, end).map_err(js_error)?;
    Ok(object(&[
        ("path", path_array(&path).into()),
        ("point", point_object(&point)),
    ]))
}

/// `compareDescents(network, xs, ys, a, b, start, eta, steps, batch, seed, target)`: full-batch
/// gradient descent (n per-example gradient evaluations a step) and mini-batch SGD (`batch`
/// examples of a shuffle seeded by `seed` a step) on the pair alone, both from `start` with η
/// and `steps`. Returns `{ full, mini, fullReach, miniReach }`: each path a Float64Array of
/// [p_A, p_B, C, evaluations so far] per point (C over every example), and the evaluations each
/// took to first reach C ≤ `target` (null: not within its steps).
#[wasm_bindgen(js_name = compareDescents)]
#[allow(clippy::too_many_arguments)]
pub fn compare_descents(
    #[wasm_bindgen(
        unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
    )]
    network: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] xs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] ys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }")] b: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number[]")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] steps: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] batch: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] seed: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] target: JsValue,
) -> JsResult<JsValue> {
    let p = plane("compareDescents", &network, xs, ys, &a, &b)?;
    let s = numbers(start, "compareDescents: start", 2)?;
    let eta = real(eta, "compareDescents: eta")?;
    let steps = whole(steps, "compareDescents: steps", surface::MAX_PATH_STEPS)?;
    let batch = whole(batch, "compareDescents: batch", BATCH_MAX)?;
    let seed = whole(seed, "compareDescents: seed", COUNT_MAX)? as u64;
    let target = real(target, "compareDescents: target")?;
    let d = surface::compare_descents(
        &p.net,
        &p.xs,
        &p.ys,
        p.pair,
        [s[0], s[1]],
        eta,
        steps,
        batch,
        seed,
    )
    .map_err(js_error)?;
    let (full, mini) = d.evaluations_to(target);
    let reach = |r: Option<u64>| r.map_or(JsValue::NULL, |v| JsValue::from(v as f64));
    Ok(object(&[
        ("full", path_array(&d.full).into()),
        ("mini", path_array(&d.mini).into()),
        ("fullReach", reach(full)),
        ("miniReach", reach(mini)),
    ]))
}
