//! # Backprop Lab's core
//!
//! A multilayer perceptron, backpropagation and gradient descent written in 3Blue1Brown's
//! notation, with no wasm types: the `bindings` crate wraps it for the browser.
//!
//! Layers are l = 0..L, layer 0 the input; n_l neurons in layer l. Neuron j of layer l gets
//! input from neuron k of layer l − 1 through weight w⁽ˡ⁾ⱼₖ, stored row-major `[j][k]`.
//!
//! Forward, for l = 1..L:
//!
//! - z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾), with a⁽⁰⁾ = x.
//!
//! Cost of one example with target y (C over a set is the mean of C₀):
//!
//! - quadratic C₀ = Σⱼ (aⱼ⁽ᴸ⁾ − yⱼ)² (no ½);
//! - cross-entropy C₀ = −Σⱼ [yⱼ ln aⱼ⁽ᴸ⁾ + (1 − yⱼ) ln(1 − aⱼ⁽ᴸ⁾)] for sigmoid outputs,
//!   −Σⱼ yⱼ ln aⱼ⁽ᴸ⁾ for a softmax output.
//!
//! Backward, for l = L..1, with δ⁽ˡ⁾ = ∂C₀/∂z⁽ˡ⁾:
//!
//! - δ⁽ᴸ⁾ = ∂C₀/∂a⁽ᴸ⁾ ⊙ f′(z⁽ᴸ⁾) (softmax: the full Jacobian product a ⊙ (g − g·a);
//!   with cross-entropy this is a⁽ᴸ⁾ − y);
//! - ∂C₀/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ, ∂C₀/∂b⁽ˡ⁾ = δ⁽ˡ⁾;
//! - ∂C₀/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ᵀ δ⁽ˡ⁾, δ⁽ˡ⁻¹⁾ = ∂C₀/∂a⁽ˡ⁻¹⁾ ⊙ f′(z⁽ˡ⁻¹⁾).
//!
//! Gradient descent: W⁽ˡ⁾ ← W⁽ˡ⁾ − η ∂C/∂W⁽ˡ⁾, b⁽ˡ⁾ ← b⁽ˡ⁾ − η ∂C/∂b⁽ˡ⁾ (see [`Optimizer`]
//! for momentum, Adam and regularization).
//!
//! ```
//! use backprop_lab::{Activation, Cost, Init, Network, NetworkConfig};
//!
//! // One neuron feeding one neuron: 3Blue1Brown's chain x → a⁽¹⁾ → a⁽²⁾.
//! let mut net = Network::new(NetworkConfig {
//!     layers: vec![1, 1, 1],
//!     activations: vec![Activation::Sigmoid, Activation::Sigmoid],
//!     cost: Cost::Quadratic,
//!     init: Init::Zeros,
//!     seed: 1,
//! })?;
//! net.set_weight(2, 0, 0, 2.0)?;
//! net.forward(&[1.0])?;
//! // z⁽¹⁾ = 0·1 + 0 = 0, a⁽¹⁾ = σ(0) = 0.5; z⁽²⁾ = 2·0.5 + 0 = 1.
//! assert_eq!(net.a(1), &[0.5]);
//! assert_eq!(net.z(2), &[1.0]);
//! let c = net.backward(&[1.0])?;
//! // C₀ = (σ(1) − 1)², ∂C₀/∂w⁽²⁾ = a⁽¹⁾ σ′(z⁽²⁾) 2(a⁽²⁾ − y).
//! let s = 1.0 / (1.0 + (-1.0f32).exp());
//! assert!((c - (s - 1.0) * (s - 1.0)).abs() < 1e-6);
//! let expected = 0.5 * s * (1.0 - s) * 2.0 * (s - 1.0);
//! assert!((net.weight_gradient(2)[0] - expected).abs() < 1e-6);
//! # Ok::<(), backprop_lab::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod activation;
pub mod batch;
pub mod chain;
pub mod cost;
pub mod csv_points;
pub mod dataset;
pub mod derived;
pub mod digit_image;
pub mod digits;
pub mod error;
pub mod export;
pub mod features;
pub mod gradient;
pub mod idx;
pub mod init;
mod layer;
pub mod network;
pub mod optimizer;
pub mod parameter;
pub mod playground;
pub mod save;
pub mod schedule;
pub mod stepper;
pub mod surface;

pub use activation::Activation;
pub use batch::{Batch, Update};
pub use chain::{example_gradients, nudge_check, ChainTerms, ExampleGradients, Nudge};
pub use cost::Cost;
pub use csv_points::{parse_csv_points, CsvPoints, LabelKind};
pub use dataset::{
    DataConfig, Dataset, DatasetKind, MAX_CLASSES, MAX_IMPORTED_POINTS, MAX_NOISE, MAX_POINTS,
    MIN_POINTS, TRAIN_PERCENT,
};
pub use digits::{evaluate, DigitSet, DigitTrainer, Evaluation, Running};
pub use error::{Error, Result};
pub use features::{Feature, Features, MAX_FEATURES};
pub use gradient::Gradient;
pub use init::Init;
pub use layer::DELTA_FLOOR;
pub use network::{Network, NetworkConfig, MAX_LAYERS, MAX_NEURONS, MAX_PARAMETERS};
pub use optimizer::{
    Optimizer, OptimizerConfig, OptimizerKind, Regularization, DEFAULT_LEARNING_RATE,
};
pub use parameter::{Descent, Parameter};
pub use playground::{
    Metrics, Playground, PlaygroundConfig, MAX_BATCH_SIZE, MAX_GRID_RESOLUTION, MIN_GRID_RESOLUTION,
};
pub use save::{SaveFile, SavedNetwork};
pub use schedule::{Schedule, ShuffleSeed};
pub use stepper::{Phase, Stepper};
pub use surface::{
    Descents, PathPoint, Surface, SurfacePoint, CUT_POINTS, DEFAULT_SURFACE_RESOLUTION,
    MAX_SURFACE_RESOLUTION,
};
