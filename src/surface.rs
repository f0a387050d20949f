//! The cost surface: the mean cost C over a set of examples as a function of two chosen
//! parameters p_A, p_B (weights or biases), every other parameter held where it is.
//!
//! C(p_A, p_B) is evaluated over a res × res grid of a rectangle [min_A, max_A] × [min_B, max_B]
//! (row 0 is the top, p_B = max_B; column 0 the left, p_A = min_A), along a 1-D cut through the
//! current point, and at the current point with its gradient (∂C/∂p_A, ∂C/∂p_B).
//!
//! Speed comes from the structure of the network: with l₀ the earlier layer of the two
//! parameters, layers 1..l₀ do not depend on the grid point at all except for the chosen
//! neurons of layer l₀, whose z moves by (p − p₀)·a⁽ˡ⁰⁻¹⁾ₖ for a weight, or by p − p₀ for a bias.
//! So one pass of the whole example set per surface fills a cache, and each grid point only
//! recomputes those neurons and the layers after l₀. The example set runs through the layers as
//! neuron-major matrices ([j][n], n the example), so the inner loops run over examples and
//! vectorise. When each chosen neuron of layer l₀ depends on one parameter only (they are
//! different neurons, or the other parameter is in a later layer), its row of a⁽ˡ⁰⁾ is kept while
//! its parameter's value stays (p_B along a grid row) and per grid column for p_A, so the grid
//! recomputes only the layers after l₀ (batch.rs).
//!
//! When both parameters feed the single output neuron (the default pair; σ or tanh output,
//! quadratic cost), z of each example is linear in the point, so e^(−kz) is stepped from point
//! to point by one f64 multiplication and C costs a division per example, no activation function
//! at all (lines.rs; it falls back to the per-point code where e^(−kz) would leave f64's range).
//! Buffers are kept between calls: the same network and example count allocate nothing.

use crate::error::{Error, Num, Result};
use crate::gradient::Gradient;
use crate::layer::copy_layers;
use crate::network::Network;
use crate::parameter::Parameter;

mod batch;
mod lines;
mod paths;
use batch::Batch;
use lines::{Lines, Plan};
pub use paths::{
    compare_descents, descend_pair, gradient_field, pair_point, reached, Descents, PathPoint,
    MAX_FIELD_SIDE, MAX_PATH_STEPS,
};

/// The default grid of a surface: 64 × 64 points.
pub const DEFAULT_SURFACE_RESOLUTION: usize = 64;
/// The finest grid of a surface (res × res points).
pub const MAX_SURFACE_RESOLUTION: usize = 256;
/// Points along a 1-D cut.
pub const CUT_POINTS: usize = 129;

/// The current point of a surface: (p_A, p_B), C there and ∂C/∂p_A, ∂C/∂p_B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfacePoint {
    /// p_A.
    pub a: f32,
    /// p_B.
    pub b: f32,
    /// The mean cost C at (p_A, p_B) (regularization is not part of C).
    pub cost: f32,
    /// ∂C/∂p_A.
    pub gradient_a: f32,
    /// ∂C/∂p_B.
    pub gradient_b: f32,
}

impl SurfacePoint {
    /// One step of plain gradient descent from here: (−η ∂C/∂p_A, −η ∂C/∂p_B).
    pub fn step(&self, eta: f32) -> [f32; 2] {
        [-eta * self.gradient_a, -eta * self.gradient_b]
    }

    /// The length of that step, η |∇C| (in the plane of the two parameters).
    pub fn step_length(&self, eta: f32) -> f32 {
        let (a, b) = (f64::from(self.gradient_a), f64::from(self.gradient_b));
        eta * (a * a + b * b).sqrt() as f32
    }
}

/// C over a grid of two parameters of a network, with its buffers.
#[derive(Debug, Clone)]
pub struct Surface {
    params: [Parameter; 2],
    min: [f32; 2],
    max: [f32; 2],
    resolution: usize,
    /// C at each grid point, [row][col].
    grid: Vec<f32>,
    /// C along the cut, `CUT_POINTS` values from min to max of `cut_param`.
    cut: Vec<f32>,
    cut_param: usize,
    /// The smallest and largest C on the grid, and where the smallest is (row, col).
    low: f32,
    high: f32,
    argmin: (usize, usize),
    batch: Batch,
    lines: Lines,
    /// A copy of the network for C and the gradient at the point, by the training code itself.
    exact: Option<Network>,
    gradient: Gradient,
}

impl Surface {
    /// A surface over the default pair of `net`: two weights into the first output neuron
    /// (w⁽ᴸ⁾₀₀ and w⁽ᴸ⁾₀₁; the bias b⁽ᴸ⁾₀ when layer L − 1 has one neuron), ranged around their
    /// current values by [`Surface::fit`].
    pub fn new(net: &Network) -> Surface {
        let depth = net.depth();
        let a = Parameter::Weight {
            l: depth,
            j: 0,
            k: 0,
        };
        let b = if net.sizes()[depth - 1] > 1 {
            Parameter::Weight {
                l: depth,
                j: 0,
                k: 1,
            }
        } else {
            Parameter::Bias { l: depth, j: 0 }
        };
        let res = DEFAULT_SURFACE_RESOLUTION;
        let mut surface = Surface {
            params: [a, b],
            min: [-1.0; 2],
            max: [1.0; 2],
            resolution: res,
            grid: vec![0.0; res * res],
            cut: vec![0.0; CUT_POINTS],
            cut_param: 0,
            low: f32::NAN,
            high: f32::NAN,
            argmin: (0, 0),
            batch: Batch::default(),
            lines: Lines::default(),
            exact: None,
            gradient: Gradient::default(),
        };
        // The default pair always exists in a valid network.
        let _ = surface.fit(net, None);
        surface
    }

    /// The two parameters (p_A, p_B).
    pub fn params(&self) -> [Parameter; 2] {
        self.params
    }

    /// Chooses two different parameters of `net` and fits the range around them.
    pub fn select(&mut self, net: &Network, a: Parameter, b: Parameter) -> Result<()> {
        if a == b {
            return Err(Error::InvalidInput(
                "choose two different parameters: a surface needs one for each axis".to_string(),
            ));
        }
        a.get(net)?;
        b.get(net)?;
        self.params = [a, b];
        self.fit(net, None)
    }

    /// Centres the range on the current values, each ± `half` (by default ± max(2, 2|p|)).
    pub fn fit(&mut self, net: &Network, half: Option<f32>) -> Result<()> {
        if let Some(h) = half.filter(|h| !(h.is_finite() && *h > 0.0)) {
            return Err(Error::InvalidInput(format!(
                "the half-width of the range must be a positive number, not {}",
                Num(h.into())
            )));
        }
        for i in 0..2 {
            let v = self.params[i].get(net)?;
            let h = half.unwrap_or(2.0 * v.abs().max(1.0));
            (self.min[i], self.max[i]) = (v - h, v + h);
        }
        Ok(())
    }

    /// Sets the range [min_A, max_A] × [min_B, max_B].
    pub fn set_range(&mut self, min: [f32; 2], max: [f32; 2]) -> Result<()> {
        for i in 0..2 {
            if !(min[i].is_finite() && max[i].is_finite() && min[i] < max[i]) {
                return Err(Error::InvalidInput(format!(
                    "a range needs finite ends with min < max, not [{}, {}]",
                    Num(min[i].into()),
                    Num(max[i].into())
                )));
            }
        }
        (self.min, self.max) = (min, max);
        Ok(())
    }

    /// The range: ([min_A, min_B], [max_A, max_B]).
    pub fn range(&self) -> ([f32; 2], [f32; 2]) {
        (self.min, self.max)
    }

    /// Sets the grid to res × res points, 2 to 256 (reallocates the grid only).
    pub fn set_resolution(&mut self, res: usize) -> Result<()> {
        if !(2..=MAX_SURFACE_RESOLUTION).contains(&res) {
            return Err(Error::InvalidConfig(format!(
                "the surface resolution must be between 2 and {MAX_SURFACE_RESOLUTION}, not {res}"
            )));
        }
        self.resolution = res;
        self.grid.resize(res * res, 0.0);
        Ok(())
    }

    /// The grid has `resolution()`² points.
    pub fn resolution(&self) -> usize {
        self.resolution
    }

    /// The value of parameter `i` (0 = A, 1 = B) at step t of `steps` across its range.
    pub fn value(&self, i: usize, t: usize, steps: usize) -> f32 {
        let s = t as f32 / (steps - 1) as f32;
        self.min[i] + (self.max[i] - self.min[i]) * s
    }

    /// The spacing of `steps` evenly spaced values of parameter `i` across its range, in f64.
    fn step(&self, i: usize, steps: usize) -> f64 {
        (f64::from(self.max[i]) - f64::from(self.min[i])) / (steps - 1) as f64
    }

    /// Evaluates C of `net` on the examples (`xs` n × n₀, `ys` n × n_L) over the grid.
    pub fn compute(&mut self, net: &Network, xs: &[f32], ys: &[f32]) -> Result<()> {
        self.batch
            .prepare(net, xs, ys, self.params, self.resolution)?;
        let res = self.resolution;
        let plan = Plan {
            origin: [self.min[0].into(), self.max[1].into()], // row 0 is the top: p_B = max_B
            col_step: [self.step(0, res), 0.0],
            row_step: [0.0, -self.step(1, res)],
            rows: res,
            cols: res,
        };
        let fast = self
            .batch
            .output()
            .is_some_and(|out| self.lines.run(&out, ys, &plan, &mut self.grid[..res * res]));
        if !fast {
            for row in 0..res {
                let b = self.value(1, res - 1 - row, res);
                for col in 0..res {
                    let a = self.value(0, col, res);
                    self.grid[row * res + col] = self.batch.cost(a, b, ys, Some(col));
                }
            }
        }
        let (mut low, mut high, mut argmin) = (f32::INFINITY, f32::NEG_INFINITY, (0, 0));
        for (i, &c) in self.grid[..res * res].iter().enumerate() {
            if c < low {
                (low, argmin) = (c, (i / res, i % res));
            }
            high = high.max(c);
        }
        (self.low, self.high, self.argmin) = (low, high, argmin);
        Ok(())
    }

    /// C at each grid point, [row][col]: row 0 is p_B = max_B, column 0 is p_A = min_A.
    pub fn grid(&self) -> &[f32] {
        &self.grid
    }

    /// The smallest and the largest C on the grid (NaN before `compute`).
    pub fn extent(&self) -> (f32, f32) {
        (self.low, self.high)
    }

    /// The grid point of least C: (p_A, p_B, C).
    pub fn argmin(&self) -> (f32, f32, f32) {
        let res = self.resolution;
        let (row, col) = self.argmin;
        let c = self.grid[row * res + col];
        (
            self.value(0, col, res),
            self.value(1, res - 1 - row, res),
            c,
        )
    }

    /// Evaluates C along parameter `i` (0 = A, 1 = B) across its range, the other held at its
    /// current value, into `cut()`.
    pub fn compute_cut(&mut self, net: &Network, xs: &[f32], ys: &[f32], i: usize) -> Result<()> {
        if i > 1 {
            return Err(Error::OutOfRange(format!(
                "a cut runs along parameter 0 (A) or 1 (B), not {i}"
            )));
        }
        self.batch.prepare(net, xs, ys, self.params, 0)?;
        let held = self.params[1 - i].get(net)?;
        let mut plan = Plan {
            origin: [held.into(); 2],
            col_step: [0.0; 2],
            row_step: [0.0; 2],
            rows: 1,
            cols: CUT_POINTS,
        };
        plan.origin[i] = self.min[i].into();
        plan.col_step[i] = self.step(i, CUT_POINTS);
        let fast = self
            .batch
            .output()
            .is_some_and(|out| self.lines.run(&out, ys, &plan, &mut self.cut));
        self.cut_param = i;
        if fast {
            return Ok(());
        }
        for t in 0..CUT_POINTS {
            let v = self.value(i, t, CUT_POINTS);
            let (a, b) = if i == 0 { (v, held) } else { (held, v) };
            self.cut[t] = self.batch.cost(a, b, ys, None);
        }
        self.cut_param = i;
        Ok(())
    }

    /// C along the last cut: `CUT_POINTS` values from min to max of its parameter.
    pub fn cut(&self) -> &[f32] {
        &self.cut
    }

    /// Which parameter the last cut ran along (0 = A, 1 = B).
    pub fn cut_param(&self) -> usize {
        self.cut_param
    }

    /// The current point: C and (∂C/∂p_A, ∂C/∂p_B) of `net` on the examples, computed by the
    /// same code as training (`Network::gradient_into`) on a copy of the network.
    pub fn point(&mut self, net: &Network, xs: &[f32], ys: &[f32]) -> Result<SurfacePoint> {
        let (a, b) = (self.params[0].get(net)?, self.params[1].get(net)?);
        let exact = match &mut self.exact {
            Some(e) if e.config == net.config => {
                copy_layers(&mut e.w, &net.w);
                copy_layers(&mut e.b, &net.b);
                e
            }
            slot => slot.insert(net.clone()),
        };
        let cost = exact.gradient_into(xs, ys, &mut self.gradient)?;
        let of = |p: Parameter| p.of(net.sizes(), &self.gradient);
        Ok(SurfacePoint {
            a,
            b,
            cost,
            gradient_a: of(self.params[0]),
            gradient_b: of(self.params[1]),
        })
    }
}
