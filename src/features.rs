//! TensorFlow Playground's input features: what the Playground's input neurons a⁽⁰⁾ hold for
//! a point (x₁, x₂) of the plane.
//!
//! A [`Features`] set picks some of X₁, X₂, X₁², X₂², X₁X₂, sin(X₁), sin(X₂) (at least one);
//! its input neurons are in that order, whatever order the set was named in. [`Features::map`]
//! is the one function that turns a point into the network's input: the training and test
//! examples, the decision-boundary grid, the neuron heatmaps, a hovered point and the
//! examples the Backprop and Cost surface tabs read all go through it. The default, X₁ and X₂,
//! is the plain point, as before features existed.

use crate::error::{named_enum, Error, Result};

/// One input feature of a point (x₁, x₂).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// x₁.
    X1,
    /// x₂.
    X2,
    /// x₁².
    X1Squared,
    /// x₂².
    X2Squared,
    /// x₁ x₂.
    X1X2,
    /// sin(x₁).
    SinX1,
    /// sin(x₂).
    SinX2,
}

named_enum!(Feature, "input feature", {
    X1 => "x1",
    X2 => "x2",
    X1Squared => "x1sq",
    X2Squared => "x2sq",
    X1X2 => "x1x2",
    SinX1 => "sinx1",
    SinX2 => "sinx2",
});

impl Feature {
    /// The feature's value at (x₁, x₂), in f32 (sin through [`sin`]).
    pub fn value(self, x1: f32, x2: f32) -> f32 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => sin(x1),
            Feature::SinX2 => sin(x2),
        }
    }

    /// How a person writes it: "X₁", "X₁²", "X₁X₂", "sin(X₁)".
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "X₁",
            Feature::X2 => "X₂",
            Feature::X1Squared => "X₁²",
            Feature::X2Squared => "X₂²",
            Feature::X1X2 => "X₁X₂",
            Feature::SinX1 => "sin(X₁)",
            Feature::SinX2 => "sin(X₂)",
        }
    }

    /// The feature as a Python expression of the columns `x1` and `x2` (NumPy or PyTorch:
    /// `sin` is the module's own, named by `module`).
    pub fn python(self, module: &str) -> String {
        match self {
            Feature::X1 => "x1".to_string(),
            Feature::X2 => "x2".to_string(),
            Feature::X1Squared => "x1 * x1".to_string(),
            Feature::X2Squared => "x2 * x2".to_string(),
            Feature::X1X2 => "x1 * x2".to_string(),
            Feature::SinX1 => format!("{module}.sin(x1)"),
            Feature::SinX2 => format!("{module}.sin(x2)"),
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The most input features a set has (all seven).
pub const MAX_FEATURES: usize = 7;

/// A non-empty set of input features, in [`Feature::ALL`]'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Features {
    bits: u8,
}

impl Default for Features {
    /// X₁ and X₂: the point itself.
    fn default() -> Self {
        Features::DEFAULT
    }
}

impl Features {
    /// X₁ and X₂: the point itself (the Playground before features, and every old link and
    /// save file).
    pub const DEFAULT: Features = Features { bits: 0b11 };

    /// Every feature.
    pub const ALL: Features = Features { bits: 0b111_1111 };

    /// The set of `list`, checked: at least one feature, none twice.
    pub fn new(list: &[Feature]) -> Result<Features> {
        let mut bits = 0u8;
        for &feature in list {
            if bits & feature.bit() != 0 {
                return Err(Error::InvalidConfig(format!(
                    "the input feature {} is listed twice",
                    feature.name()
                )));
            }
            bits |= feature.bit();
        }
        if bits == 0 {
            return Err(Error::InvalidConfig(
                "the network needs at least one input feature (x1, x2, x1sq, …)".to_string(),
            ));
        }
        Ok(Features { bits })
    }

    /// The set of the features named (`"x1"`, `"x1sq"`, …), checked as [`Features::new`] does;
    /// an unknown name is refused with the list of names.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Features> {
        let mut list = Vec::with_capacity(names.len());
        for name in names {
            // A search of the table rather than `from_name`'s match: the same answer and
            // message, in less of the page's wasm.
            let name = name.as_ref();
            let Some(&feature) = Feature::ALL.iter().find(|f| f.name() == name) else {
                let all: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
                return Err(crate::error::unknown_name("input feature", name, &all));
            };
            list.push(feature);
        }
        Features::new(&list)
    }

    /// The labels, "X₁, X₁², sin(X₂)", for a message.
    pub fn labels(self) -> String {
        crate::error::joined(self.iter().map(Feature::label), ", ")
    }

    /// The features, in input-neuron order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.bits & f.bit() != 0)
    }

    /// Whether `feature` is in the set.
    pub fn contains(self, feature: Feature) -> bool {
        self.bits & feature.bit() != 0
    }

    /// How many features (the network's input width n₀).
    pub fn len(self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Never true: a set has at least one feature.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// Whether this is X₁, X₂ (the plain point).
    pub fn is_default(self) -> bool {
        self == Features::DEFAULT
    }

    /// The names, in input-neuron order.
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Feature::name).collect()
    }

    /// The input a⁽⁰⁾ of the point (x₁, x₂): writes `len()` values into the front of `out`
    /// (which must have room for them; [`MAX_FEATURES`] always does) and returns them.
    #[inline(never)]
    pub fn map(self, x1: f32, x2: f32, out: &mut [f32]) -> &[f32] {
        let mut n = 0;
        for feature in self.iter() {
            out[n] = feature.value(x1, x2);
            n += 1;
        }
        &out[..n]
    }

    /// [`map`](Self::map) into a new vector.
    pub fn inputs(self, x1: f32, x2: f32) -> Vec<f32> {
        let mut out = [0.0; MAX_FEATURES];
        self.map(x1, x2, &mut out).to_vec()
    }

    /// Maps points `[x₁, x₂, …]` (flat) to their inputs, `len()` per point, flat.
    pub fn map_points(self, points: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(points.len() / 2 * self.len());
        let mut one = [0.0; MAX_FEATURES];
        for p in points.chunks_exact(2) {
            out.extend_from_slice(self.map(p[0], p[1], &mut one));
        }
        out
    }
}

/// sin x in f32, without libm (whose `sinf` would add its range reduction and tables to the
/// page's wasm): x is brought into [−π/2, π/2] in f64 (x − kπ, k the whole number nearest
/// x/π, and sin(x − kπ) = (−1)ᵏ sin x), then an odd Taylor polynomial to x¹⁷ in f64 (its
/// error there below 10⁻¹⁰), rounded to f32. Within an f32 ulp or so of `f64::sin` for
/// |x| ≤ 10⁴ (`tests/features.rs`); non-finite x gives NaN.
pub fn sin(x: f32) -> f32 {
    if !x.is_finite() {
        return f32::NAN;
    }
    let x = f64::from(x);
    let k = (x * std::f64::consts::FRAC_1_PI).round_ties_even();
    // x − kπ in f64: its error (k · 1.2e-16) stays far below an f32 ulp of sin for |x| ≤ 10⁴.
    let r = x - k * std::f64::consts::PI;
    let r2 = r * r;
    // sin r = r (1 − r²/3! (1 − r²/(4·5) (1 − r²/(6·7) (…)))), Horner from the x¹⁷ term.
    let mut s = 1.0;
    let mut n = 17.0f64;
    while n > 2.0 {
        s = 1.0 - r2 / ((n - 1.0) * n) * s;
        n -= 2.0;
    }
    let s = r * s;
    // k is whole (and below 2⁶³ for every x where sin x means anything).
    let odd = (k as i64) & 1 != 0;
    (if odd { -s } else { s }) as f32
}
