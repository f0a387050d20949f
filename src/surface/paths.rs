//! Paths on a cost surface of two parameters (the Lessons tab's gradient-field and SGD scenes):
//! ∇C = (∂C/∂p_A, ∂C/∂p_B) over a grid of points, C and ∇C at one point, and gradient descent
//! on the two parameters alone (every other one held) — full-batch, each step the gradient of
//! C over every example, or stochastic, each step the gradient over a shuffled mini-batch of b
//! examples (the trainers' own [`Schedule`]). Every gradient is the teaching path's
//! (`Network::gradient_into`), read out by [`Parameter::of`].

use crate::error::{Error, Num, Result};
use crate::gradient::Gradient;
use crate::network::{check_learning_rate, Network};
use crate::parameter::Parameter;
use crate::schedule::{Schedule, ShuffleSeed};

use super::SurfacePoint;

/// The most arrows along each side of a gradient field.
pub const MAX_FIELD_SIDE: usize = 64;
/// The most steps of one descent path.
pub const MAX_PATH_STEPS: usize = 5000;

/// One point of a descent path: where it is after a step, C there (the mean over every
/// example, whatever the step used), and how many per-example gradients (one backward pass of
/// one example each) the path has evaluated to get here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    /// p_A.
    pub a: f32,
    /// p_B.
    pub b: f32,
    /// The mean cost C over all the examples at (p_A, p_B).
    pub cost: f32,
    /// Per-example gradient evaluations so far (0 at the start).
    pub evaluations: u64,
}

/// Two descents from the same start with the same η and number of steps: full-batch gradient
/// descent (n gradient evaluations a step) and mini-batch SGD (b a step).
#[derive(Debug, Clone, PartialEq)]
pub struct Descents {
    /// Full-batch: steps + 1 points, the start first.
    pub full: Vec<PathPoint>,
    /// Mini-batch: steps + 1 points, the start first.
    pub mini: Vec<PathPoint>,
}

impl Descents {
    /// The gradient evaluations each path took to first reach C ≤ `target` (full, mini); None
    /// where it never did in its steps.
    pub fn evaluations_to(&self, target: f32) -> (Option<u64>, Option<u64>) {
        (reached(&self.full, target), reached(&self.mini, target))
    }
}

/// The evaluations at the first point of `path` with C ≤ `target`.
pub fn reached(path: &[PathPoint], target: f32) -> Option<u64> {
    path.iter()
        .find(|p| p.cost <= target)
        .map(|p| p.evaluations)
}

/// The two parameters checked: different, and both in `net`.
fn check_pair(net: &Network, params: [Parameter; 2]) -> Result<()> {
    if params[0] == params[1] {
        return Err(Error::InvalidInput(
            "choose two different parameters: the plane needs one for each axis".to_string(),
        ));
    }
    params[0].get(net)?;
    params[1].get(net)?;
    Ok(())
}

fn check_finite(v: f32, what: &str) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "{what} must be a finite number, not {}",
            Num(v.into())
        )))
    }
}

/// A copy of `net` with the pair set to `at`, and the examples checked.
fn placed(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    at: [f32; 2],
) -> Result<Network> {
    check_pair(net, params)?;
    check_finite(at[0], "p_A")?;
    check_finite(at[1], "p_B")?;
    net.check_set(xs, ys)?;
    let mut copy = net.clone();
    params[0].set(&mut copy, at[0])?;
    params[1].set(&mut copy, at[1])?;
    Ok(copy)
}

/// C and (∂C/∂p_A, ∂C/∂p_B) of `net` on the examples with the pair set to `at`.
fn point_of(
    net: &mut Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    at: [f32; 2],
    gradient: &mut Gradient,
) -> Result<SurfacePoint> {
    params[0].set(net, at[0])?;
    params[1].set(net, at[1])?;
    let cost = net.gradient_into(xs, ys, gradient)?;
    Ok(SurfacePoint {
        a: at[0],
        b: at[1],
        cost,
        gradient_a: params[0].of(net.sizes(), gradient),
        gradient_b: params[1].of(net.sizes(), gradient),
    })
}

/// C and ∇C = (∂C/∂p_A, ∂C/∂p_B) of `net` on the examples (`xs` n × n₀, `ys` n × n_L) with the
/// pair set to `at`, every other parameter as it is in `net`.
pub fn pair_point(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    at: [f32; 2],
) -> Result<SurfacePoint> {
    let mut copy = placed(net, xs, ys, params, at)?;
    point_of(&mut copy, xs, ys, params, at, &mut Gradient::default())
}

/// The gradient field: C and ∇C at the centres of a `side` × `side` grid of cells over
/// [min_A, max_A] × [min_B, max_B], row by row — row 0 the top (the largest p_B), column 0 the
/// left (the smallest p_A); the centre of cell (row, col) is p_A = min_A + (col + ½)·Δ_A,
/// p_B = max_B − (row + ½)·Δ_B with Δ = (max − min) / side. −∇C at each is the way downhill.
pub fn gradient_field(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    min: [f32; 2],
    max: [f32; 2],
    side: usize,
) -> Result<Vec<SurfacePoint>> {
    for i in 0..2 {
        if !(min[i].is_finite() && max[i].is_finite() && min[i] < max[i]) {
            return Err(Error::InvalidInput(format!(
                "a range needs finite ends with min < max, not [{}, {}]",
                Num(min[i].into()),
                Num(max[i].into())
            )));
        }
    }
    if !(1..=MAX_FIELD_SIDE).contains(&side) {
        return Err(Error::InvalidConfig(format!(
            "a gradient field has 1 to {MAX_FIELD_SIDE} arrows a side, not {side}"
        )));
    }
    let mut copy = placed(net, xs, ys, params, min)?;
    let mut gradient = Gradient::default();
    let centre = |i: usize, t: usize| {
        let d = (f64::from(max[i]) - f64::from(min[i])) / side as f64;
        (f64::from(min[i]) + (t as f64 + 0.5) * d) as f32
    };
    let mut out = Vec::with_capacity(side * side);
    for row in 0..side {
        let b = centre(1, side - 1 - row);
        for col in 0..side {
            let at = [centre(0, col), b];
            out.push(point_of(&mut copy, xs, ys, params, at, &mut gradient)?);
        }
    }
    Ok(out)
}

/// Gradient descent on the pair alone from `start`: `steps` steps of p ← p − η ∂C_B/∂p for
/// p = p_A, p_B, where C_B is the mean cost over a batch — every example when `batch` ≥ n (or
/// `None`), else the next `batch` examples of a seeded shuffle (epoch by epoch, the last batch
/// of an epoch short: the trainers' [`Schedule`]). Returns steps + 1 points, each with C over
/// every example and the per-example gradient evaluations so far. An error says what is wrong.
#[allow(clippy::too_many_arguments)]
pub fn descend_pair(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    start: [f32; 2],
    eta: f32,
    steps: usize,
    batch: Option<usize>,
    seed: u64,
) -> Result<Vec<PathPoint>> {
    check_learning_rate(eta)?;
    if steps > MAX_PATH_STEPS {
        return Err(Error::InvalidConfig(format!(
            "a descent path has at most {MAX_PATH_STEPS} steps, not {steps}"
        )));
    }
    if batch == Some(0) {
        return Err(Error::InvalidConfig(
            "a mini-batch holds at least one example, not 0".to_string(),
        ));
    }
    let mut net = placed(net, xs, ys, params, start)?;
    let (n0, n_out) = (net.sizes()[0], net.sizes()[net.depth()]);
    let n = xs.len() / n0;
    let size = batch.unwrap_or(n).min(n);
    let mut schedule = (size < n).then(|| Schedule::new(n, ShuffleSeed { seed, stream: 2 }));
    let (mut bx, mut by) = (Vec::new(), Vec::new());
    let mut gradient = Gradient::default();
    let mut at = start;
    let mut evaluations = 0u64;
    let mut path = Vec::with_capacity(steps + 1);
    path.push(PathPoint {
        a: at[0],
        b: at[1],
        cost: net.cost(xs, ys)?,
        evaluations,
    });
    for _ in 0..steps {
        let used = match &mut schedule {
            None => {
                net.gradient_into(xs, ys, &mut gradient)?;
                n
            }
            Some(s) => {
                bx.clear();
                by.clear();
                let picked = s.next_batch(size);
                for &i in picked {
                    let i = i as usize;
                    bx.extend_from_slice(&xs[i * n0..(i + 1) * n0]);
                    by.extend_from_slice(&ys[i * n_out..(i + 1) * n_out]);
                }
                let used = picked.len();
                s.advance(used);
                net.gradient_into(&bx, &by, &mut gradient)?;
                used
            }
        };
        evaluations += used as u64;
        let g = [
            params[0].of(net.sizes(), &gradient),
            params[1].of(net.sizes(), &gradient),
        ];
        at = [at[0] - eta * g[0], at[1] - eta * g[1]];
        if !(at[0].is_finite() && at[1].is_finite()) {
            return Err(Error::InvalidInput(format!(
                "the descent left f32's range after {} steps: η = {} is too large here",
                path.len(),
                Num(eta.into())
            )));
        }
        params[0].set(&mut net, at[0])?;
        params[1].set(&mut net, at[1])?;
        path.push(PathPoint {
            a: at[0],
            b: at[1],
            cost: net.cost(xs, ys)?,
            evaluations,
        });
    }
    Ok(path)
}

/// Full-batch gradient descent and mini-batch SGD (batches of `batch`, shuffled from `seed`)
/// on the pair, from the same `start` with the same η and number of steps.
#[allow(clippy::too_many_arguments)]
pub fn compare_descents(
    net: &Network,
    xs: &[f32],
    ys: &[f32],
    params: [Parameter; 2],
    start: [f32; 2],
    eta: f32,
    steps: usize,
    batch: usize,
    seed: u64,
) -> Result<Descents> {
    if batch == 0 {
        return Err(Error::InvalidConfig(
            "a mini-batch holds at least one example, not 0".to_string(),
        ));
    }
    Ok(Descents {
        full: descend_pair(net, xs, ys, params, start, eta, steps, None, seed)?,
        mini: descend_pair(net, xs, ys, params, start, eta, steps, Some(batch), seed)?,
    })
}
