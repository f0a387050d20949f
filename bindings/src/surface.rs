//! `Surface` (the extras module): the cost C of a network as a function of two of its
//! parameters, on a set of examples, over a grid read as a `Float32Array` view of wasm memory.
//!
//! The extras module cannot see the page module's handles, so a surface owns copies, passed as
//! plain data: the network as `Network.toJSON()`'s object (a page-module `Network` is read
//! through its `toJSON()`), the examples as flat arrays. The page's Cost surface tab runs one in
//! its Web Worker (www/surface/worker.js) for each request, with the network of that moment.

use backprop_lab::Parameter;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use crate::args::{self, f32s, layer, neuron, optional_range, range, real, whole, BATCH_MAX};
use crate::{address, config, js_error, object, JsResult};

/// The names of `select`'s arguments and their fields, for its messages.
const SELECT_A: [&str; 5] = [
    "select: a",
    "select: a.kind",
    "select: a.l",
    "select: a.j",
    "select: a.k",
];
const SELECT_B: [&str; 5] = [
    "select: b",
    "select: b.kind",
    "select: b.l",
    "select: b.j",
    "select: b.k",
];

/// The cost surface of two parameters of a network (a copy), on a set of examples (a copy).
#[wasm_bindgen]
pub struct Surface {
    net: backprop_lab::Network,
    xs: Vec<f32>,
    ys: Vec<f32>,
    inner: backprop_lab::Surface,
}

/// `{ kind: "weight", l, j, k }` or `{ kind: "bias", l, j }` as a core parameter; `what`
/// names the argument and its fields ("select: a", "select: a.kind", …). `k` of a bias may
/// be left out. (The page module's `chain::parameter_args` reads the same four fields as
/// separate arguments; the extras module does not link that file.)
pub(crate) fn read_parameter(value: &JsValue, what: [&str; 5]) -> JsResult<Parameter> {
    if !value.is_object() {
        return Err(args::wrong(
            what[0],
            "an object { kind: \"weight\", l, j, k } or { kind: \"bias\", l, j }",
            value,
        ));
    }
    let field = |key: &str| Reflect::get(value, &JsValue::from_str(key)).unwrap_or_default();
    let kind = args::name(field("kind"), what[1], "weight")?;
    let (l, j) = (layer(field("l"), what[2])?, neuron(field("j"), what[3])?);
    match kind.as_str() {
        "weight" => Ok(Parameter::Weight {
            l,
            j,
            k: neuron(field("k"), what[4])?,
        }),
        "bias" => Ok(Parameter::Bias { l, j }),
        other => Err(js_error(format!(
            "a parameter is a \"weight\" or a \"bias\", not \"{other}\""
        ))),
    }
}

fn parameter_object(p: Parameter) -> JsValue {
    let n = |v: usize| JsValue::from(v as u32);
    match p {
        Parameter::Weight { l, j, k } => object(&[
            ("kind", JsValue::from_str("weight")),
            ("l", n(l)),
            ("j", n(j)),
            ("k", n(k)),
        ]),
        Parameter::Bias { l, j } => object(&[
            ("kind", JsValue::from_str("bias")),
            ("l", n(l)),
            ("j", n(j)),
        ]),
    }
}

#[wasm_bindgen]
impl Surface {
    /// `new Surface(network, inputs, targets)`: a surface over two weights into the first
    /// output neuron of `network` (`Network.toJSON()`'s object, or a page-module `Network`),
    /// ranged around their current values, on the examples `inputs` (n × n₀, flat) and
    /// `targets` (n × n_L). The core checks the network and, when it computes, the examples.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_param_type = "{ layers: number[], activations: string[], cost: string, init?: string, seed?: number, weights: number[][], biases: number[][] }"
        )]
        network: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] inputs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] targets: JsValue,
    ) -> JsResult<Surface> {
        let net = config::saved_file(&network)?
            .to_network()
            .map_err(js_error)?;
        let xs = f32s(inputs, "Surface: inputs", BATCH_MAX)?;
        let ys = f32s(targets, "Surface: targets", BATCH_MAX)?;
        let inner = backprop_lab::Surface::new(&net);
        Ok(Surface { net, xs, ys, inner })
    }

    /// Chooses p_A and p_B (`{ kind, l, j, k }` objects, as the network view's onSelect gives)
    /// and fits the range around them.
    pub fn select(
        &mut self,
        #[wasm_bindgen(
            unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }"
        )]
        a: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ kind: string, l: number, j: number, k?: number }"
        )]
        b: JsValue,
    ) -> JsResult<()> {
        let (a, b) = (read_parameter(&a, SELECT_A)?, read_parameter(&b, SELECT_B)?);
        self.inner.select(&self.net, a, b).map_err(js_error)
    }

    /// `[p_A, p_B]` as `{ kind, l, j, k }` objects.
    pub fn params(&self) -> Array {
        self.inner
            .params()
            .into_iter()
            .map(parameter_object)
            .collect()
    }

    /// Centres the range on the current values, ± `half` (omitted: ± max(2, 2|p|) each).
    pub fn fit(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number | undefined")] half: JsValue,
    ) -> JsResult<()> {
        let half = optional_range(half, "fit: half")?;
        self.inner.fit(&self.net, half).map_err(js_error)
    }

    /// Sets the range [minA, maxA] × [minB, maxB].
    #[wasm_bindgen(js_name = setRange)]
    pub fn set_range(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] min_a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] max_a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] min_b: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] max_b: JsValue,
    ) -> JsResult<()> {
        let min_a = range(min_a, "setRange: minA")?;
        let max_a = range(max_a, "setRange: maxA")?;
        let min_b = range(min_b, "setRange: minB")?;
        let max_b = range(max_b, "setRange: maxB")?;
        self.inner
            .set_range([min_a, min_b], [max_a, max_b])
            .map_err(js_error)
    }

    /// `[minA, maxA, minB, maxB]`.
    pub fn range(&self) -> Vec<f32> {
        let (min, max) = self.inner.range();
        vec![min[0], max[0], min[1], max[1]]
    }

    /// res × res grid points, 2 to 256 (default 64).
    #[wasm_bindgen(js_name = setResolution)]
    pub fn set_resolution(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] res: JsValue,
    ) -> JsResult<()> {
        let res = whole(
            res,
            "setResolution: res",
            backprop_lab::MAX_SURFACE_RESOLUTION,
        )?;
        self.inner.set_resolution(res).map_err(js_error)
    }

    pub fn resolution(&self) -> usize {
        self.inner.resolution()
    }

    /// Evaluates C over the grid on the examples; returns `{ min, max, argminA, argminB }`.
    pub fn compute(&mut self) -> JsResult<JsValue> {
        self.inner
            .compute(&self.net, &self.xs, &self.ys)
            .map_err(js_error)?;
        let (low, high) = self.inner.extent();
        let (a, b, _) = self.inner.argmin();
        Ok(object(&[
            ("min", JsValue::from(low)),
            ("max", JsValue::from(high)),
            ("argminA", JsValue::from(a)),
            ("argminB", JsValue::from(b)),
        ]))
    }

    /// Address of the grid, res × res f32, [row][col]: row 0 is p_B = maxB, column 0 p_A = minA.
    #[wasm_bindgen(js_name = gridPtr)]
    pub fn grid_ptr(&self) -> u32 {
        address(self.inner.grid())
    }

    #[wasm_bindgen(js_name = gridLen)]
    pub fn grid_len(&self) -> usize {
        self.inner.grid().len()
    }

    /// Evaluates C along parameter `i` (0 = A, 1 = B) across its range, the other held.
    #[wasm_bindgen(js_name = computeCut)]
    pub fn compute_cut(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] i: JsValue,
    ) -> JsResult<()> {
        let i = whole(i, "computeCut: i", 1)?;
        self.inner
            .compute_cut(&self.net, &self.xs, &self.ys, i)
            .map_err(js_error)
    }

    /// Address of the cut: `cutLen()` f32 from the min to the max of its parameter's range.
    #[wasm_bindgen(js_name = cutPtr)]
    pub fn cut_ptr(&self) -> u32 {
        address(self.inner.cut())
    }

    #[wasm_bindgen(js_name = cutLen)]
    pub fn cut_len(&self) -> usize {
        self.inner.cut().len()
    }

    /// The current point on the examples: `{ a, b, cost, gradA, gradB, eta, stepA, stepB,
    /// stepLength }`; the step is −η ∇C with the learning rate `eta` (the page's).
    pub fn point(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
    ) -> JsResult<JsValue> {
        let eta = real(eta, "point: eta")?;
        let p = self
            .inner
            .point(&self.net, &self.xs, &self.ys)
            .map_err(js_error)?;
        let [step_a, step_b] = p.step(eta);
        Ok(object(&[
            ("a", JsValue::from(p.a)),
            ("b", JsValue::from(p.b)),
            ("cost", JsValue::from(p.cost)),
            ("gradA", JsValue::from(p.gradient_a)),
            ("gradB", JsValue::from(p.gradient_b)),
            ("eta", JsValue::from(eta)),
            ("stepA", JsValue::from(step_a)),
            ("stepB", JsValue::from(step_b)),
            ("stepLength", JsValue::from(p.step_length(eta))),
        ]))
    }

    /// `[p_A, p_B]` of the surface's network.
    pub fn values(&self) -> JsResult<Vec<f32>> {
        let [a, b] = self.inner.params();
        Ok(vec![
            a.get(&self.net).map_err(js_error)?,
            b.get(&self.net).map_err(js_error)?,
        ])
    }

    /// Sets p_A and p_B in the surface's network (its copy: the page moves its own network).
    #[wasm_bindgen(js_name = setValues)]
    pub fn set_values(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] b: JsValue,
    ) -> JsResult<()> {
        let (a, b) = (real(a, "setValues: a")?, real(b, "setValues: b")?);
        let [pa, pb] = self.inner.params();
        let net = &mut self.net;
        let before = pa.get(net).map_err(js_error)?;
        pa.set(net, a).map_err(js_error)?;
        let result = pb.set(net, b);
        if result.is_err() {
            let _ = pa.set(net, before); // both or neither
        }
        result.map_err(js_error)
    }
}
