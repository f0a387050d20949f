//! The example set through the network as neuron-major matrices, for [`super::Surface`]:
//! layers 1..l₀ once per surface, then per grid point only the chosen neurons of layer l₀ and
//! the layers after it.

use crate::activation::Activation;
use crate::batch::{forward_matrix, LANES};
use crate::error::Result;
use crate::network::Network;
use crate::parameter::Parameter;

use super::lines::Output;

/// The example set run through the network, neuron-major, with the cache of layers ≤ l₀.
#[derive(Debug, Clone, Default)]
pub(super) struct Batch {
    count: usize,
    /// Columns per row: `count` rounded up to a multiple of `LANES` (the fast path's layout).
    stride: usize,
    params: Option<[Parameter; 2]>,
    /// The values of the two parameters the cache was made with.
    v0: [f32; 2],
    /// Copies of the parameters; the later parameter is written into these per grid point.
    w: Vec<Vec<f32>>,
    b: Vec<Vec<f32>>,
    sizes: Vec<usize>,
    acts: Vec<Activation>,
    cost: Option<crate::cost::Cost>,
    /// z⁽ˡ⁾ and a⁽ˡ⁾ of every example, [l][j · stride + n].
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    /// z⁽ˡ⁰⁾ at the current parameters.
    base: Vec<f32>,
    /// Whether each chosen neuron of layer l₀ depends on one parameter only (see `separate`).
    separable: bool,
    /// The values (bits) the chosen neurons' rows of a⁽ˡ⁰⁾ now hold, per parameter.
    last: [Option<u32>; 2],
    /// p_A's neuron's row of a⁽ˡ⁰⁾ per slot (grid column), and the value (bits) each holds.
    slots: Vec<f32>,
    slot_keys: Vec<Option<u32>>,
    /// One example's column of a layer (softmax, several outputs).
    column: Vec<f32>,
    column_out: Vec<f32>,
}

impl Batch {
    /// Copies the network, runs the examples through layers 1..l₀ and caches z⁽ˡ⁰⁾; `slots`
    /// rows of p_A's neuron can be kept for [`Batch::cost`] (the grid's columns).
    pub(super) fn prepare(
        &mut self,
        net: &Network,
        xs: &[f32],
        ys: &[f32],
        params: [Parameter; 2],
        slots: usize,
    ) -> Result<()> {
        let count = net.check_set(xs, ys)?;
        self.v0 = [params[0].get(net)?, params[1].get(net)?];
        self.params = Some(params);
        self.count = count;
        let stride = count.div_ceil(LANES) * LANES;
        self.stride = stride;
        self.sizes.clone_from(&net.config.layers);
        self.acts.clone_from(&net.config.activations);
        self.cost = Some(net.config.cost);
        self.w.clone_from(&net.w);
        self.b.clone_from(&net.b);
        let sizes = &self.sizes;
        for (l, &n) in sizes.iter().enumerate() {
            for buffers in [&mut self.z, &mut self.a] {
                if buffers.len() <= l {
                    buffers.push(Vec::new());
                }
                buffers[l].clear();
                buffers[l].resize(n * stride, 0.0);
            }
        }
        let widest = sizes.iter().copied().max().unwrap_or(1);
        self.column.resize(widest, 0.0);
        self.column_out.resize(widest, 0.0);
        // a⁽⁰⁾ = x, transposed to [k][n].
        let n0 = sizes[0];
        for (n, x) in xs.chunks_exact(n0).enumerate() {
            for (k, &x_k) in x.iter().enumerate() {
                self.a[0][k * stride + n] = x_k;
            }
        }
        let l0 = params[0].layer().min(params[1].layer());
        for l in 1..=l0 {
            self.forward(l);
        }
        self.base.clone_from(&self.z[l0]);
        let at_l0 = params.map(|p| p.layer() == l0);
        let shared = at_l0 == [true; 2] && params[0].neuron() == params[1].neuron();
        self.separable = !shared && self.acts[l0 - 1] != Activation::Softmax;
        self.last = [None; 2];
        let slots = if self.separable && at_l0[0] { slots } else { 0 };
        // At most 4 MB of kept rows; beyond that every column recomputes its row.
        let slots = if slots * stride <= 1 << 20 { slots } else { 0 };
        self.slots.clear();
        self.slots.resize(slots * stride, 0.0);
        self.slot_keys.clear();
        self.slot_keys.resize(slots, None);
        Ok(())
    }

    /// z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ for every example (the fast path's kernel), then a⁽ˡ⁾ = f(z⁽ˡ⁾).
    fn forward(&mut self, l: usize) {
        let a_prev = &self.a[l - 1];
        forward_matrix(&self.w[l], &self.b[l], a_prev, &mut self.z[l], self.stride);
        let mut a = std::mem::take(&mut self.a[l]);
        self.activate(l, &mut a, None);
        self.a[l] = a;
    }

    /// a⁽ˡ⁾ = f(z⁽ˡ⁾): of one neuron's row when `only` is given, else of the whole layer.
    fn activate(&mut self, l: usize, a: &mut [f32], only: Option<usize>) {
        let (count, s, act) = (self.count, self.stride, self.acts[l - 1]);
        let z = &self.z[l];
        if act != Activation::Softmax {
            match only {
                Some(j) => act.forward(&z[j * s..][..s], &mut a[j * s..][..s]),
                None => act.forward(z, a),
            }
            return;
        }
        // Softmax mixes a layer's neurons: one example's column at a time.
        let n_l = self.sizes[l];
        let (column, out) = (&mut self.column[..n_l], &mut self.column_out[..n_l]);
        for n in 0..count {
            for (j, c) in column.iter_mut().enumerate() {
                *c = z[j * s + n];
            }
            act.forward(column, out);
            for (j, &o) in out.iter().enumerate() {
                a[j * s + n] = o;
            }
        }
    }

    /// The output layer for [`super::lines::Lines`], when both parameters feed the network's
    /// single output neuron (after `prepare`).
    pub(super) fn output(&self) -> Option<Output<'_>> {
        let (params, cost) = (self.params?, self.cost?);
        let depth = self.sizes.len() - 1;
        if self.sizes[depth] != 1 || params.iter().any(|p| p.layer() != depth) {
            return None;
        }
        let s = self.stride;
        let x = params.map(|p| match p {
            Parameter::Weight { k, .. } => Some(&self.a[depth - 1][k * s..][..s]),
            Parameter::Bias { .. } => None,
        });
        Some(Output {
            base: &self.base[..s],
            x,
            v0: self.v0,
            count: self.count,
            act: self.acts[depth - 1],
            cost,
        })
    }

    /// The mean cost C with p_A = `va`, p_B = `vb`, from the cache of `prepare`. `slot`, when
    /// given, names p_A's value (the grid's column): a⁽ˡ⁰⁾ row of p_A's neuron is then kept for
    /// that slot and reused the next time the slot comes with the same value.
    pub(super) fn cost(&mut self, va: f32, vb: f32, ys: &[f32], slot: Option<usize>) -> f32 {
        let Some(params) = self.params else {
            return f32::NAN;
        };
        let l0 = params[0].layer().min(params[1].layer());
        if self.separable {
            self.separate(l0, [va, vb], slot);
        } else {
            self.together(l0, [va, vb]);
        }
        let depth = self.sizes.len() - 1;
        for l in l0 + 1..=depth {
            self.forward(l);
        }
        self.mean_cost(ys)
    }

    /// Layer l₀ when each of its chosen neurons depends on one parameter only (the two are in
    /// different neurons, or one is in a later layer) and its activation is not softmax: a
    /// neuron's row of a⁽ˡ⁰⁾ is recomputed only when its parameter's value changes, or taken
    /// from p_A's `slot`. The same arithmetic as [`Batch::together`], so the same bits.
    fn separate(&mut self, l0: usize, values: [f32; 2], slot: Option<usize>) {
        let Some(params) = self.params else {
            return;
        };
        let s = self.stride;
        let slot = slot.filter(|&c| (c + 1) * s <= self.slots.len());
        for (i, (p, v)) in params.iter().zip(values).enumerate() {
            if p.layer() > l0 {
                *p.entry_mut(&self.sizes, &mut self.w, &mut self.b) = v;
                continue;
            }
            let key = Some(v.to_bits());
            if self.last[i] == key {
                continue; // a⁽ˡ⁰⁾ⱼ is already this value's
            }
            self.last[i] = key;
            let j = p.neuron();
            let slot = slot.filter(|_| i == 0);
            if let Some(c) = slot.filter(|&c| self.slot_keys[c] == key) {
                self.a[l0][j * s..][..s].copy_from_slice(&self.slots[c * s..][..s]);
                continue;
            }
            self.neuron_row(l0, *p, j, v - self.v0[i], true);
            let mut a = std::mem::take(&mut self.a[l0]);
            self.activate(l0, &mut a, Some(j));
            if let Some(c) = slot {
                self.slots[c * s..][..s].copy_from_slice(&a[j * s..][..s]);
                self.slot_keys[c] = key;
            }
            self.a[l0] = a;
        }
    }

    /// zⱼ⁽ˡ⁰⁾ moves by dv aₖ⁽ˡ⁰⁻¹⁾ for a weight, by dv for a bias; `fresh` starts it from the cache.
    fn neuron_row(&mut self, l0: usize, p: Parameter, j: usize, dv: f32, fresh: bool) {
        let s = self.stride;
        let z_j = &mut self.z[l0][j * s..][..s];
        if fresh {
            z_j.copy_from_slice(&self.base[j * s..][..s]);
        }
        match p {
            Parameter::Weight { k, .. } => {
                let a_k = &self.a[l0 - 1][k * s..][..s];
                for (z, &a) in z_j.iter_mut().zip(a_k) {
                    *z += dv * a;
                }
            }
            Parameter::Bias { .. } => z_j.iter_mut().for_each(|z| *z += dv),
        }
    }

    /// Layer l₀ for every point afresh (both parameters in one neuron, or softmax).
    fn together(&mut self, l0: usize, values: [f32; 2]) {
        let Some(params) = self.params else {
            return;
        };
        let mut touched = [None; 2];
        for (i, (p, v)) in params.iter().zip(values).enumerate() {
            if p.layer() > l0 {
                *p.entry_mut(&self.sizes, &mut self.w, &mut self.b) = v;
                continue;
            }
            // Layer l₀: start the neuron's row from the cache, once per neuron.
            let j = p.neuron();
            let fresh = touched[0] != Some(j);
            touched[i] = Some(j);
            self.neuron_row(l0, *p, j, v - self.v0[i], fresh);
        }
        let mut a = std::mem::take(&mut self.a[l0]);
        if self.acts[l0 - 1] == Activation::Softmax {
            self.activate(l0, &mut a, None);
        } else {
            let second = touched[1].filter(|&j| touched[0] != Some(j));
            for j in [touched[0], second].into_iter().flatten() {
                self.activate(l0, &mut a, Some(j));
            }
        }
        self.a[l0] = a;
    }

    /// C = (1/n) Σ C₀ over the examples, from a⁽ᴸ⁾.
    fn mean_cost(&mut self, ys: &[f32]) -> f32 {
        let (count, s, depth) = (self.count, self.stride, self.sizes.len() - 1);
        let (n_out, act) = (self.sizes[depth], self.acts[depth - 1]);
        let Some(cost) = self.cost else {
            return f32::NAN;
        };
        let out = &self.a[depth];
        let mut total = 0.0f64;
        if n_out == 1 {
            // Four running sums, so the f64 additions do not wait on each other.
            let (a, y) = (&out[..count], &ys[..count]);
            let mut sums = [0.0f64; 4];
            let (a4, y4) = (a.chunks_exact(4), y.chunks_exact(4));
            let rest = a4.remainder().iter().zip(y4.remainder());
            for (a, y) in a4.zip(y4) {
                for i in 0..4 {
                    sums[i] += f64::from(cost.value(act, &a[i..=i], &y[i..=i]));
                }
            }
            for (a, y) in rest {
                sums[0] += f64::from(cost.value(act, &[*a], &[*y]));
            }
            total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
        } else {
            let column = &mut self.column[..n_out];
            for (n, y) in ys.chunks_exact(n_out).enumerate() {
                for (j, c) in column.iter_mut().enumerate() {
                    *c = out[j * s + n];
                }
                total += cost.value(act, column, y) as f64;
            }
        }
        (total / count as f64) as f32
    }
}
