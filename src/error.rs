//! Errors are values: every bad configuration or input becomes an [`Error`] whose `Display`
//! is a sentence a student understands.

/// Everything that can go wrong in Backprop Lab's core.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A name (activation, cost, …) that is not one of the accepted names.
    #[error("unknown {what} \"{name}\": choose one of {expected}")]
    UnknownName {
        /// What kind of name it was, e.g. "activation".
        what: &'static str,
        /// The name that was given.
        name: String,
        /// The accepted names, quoted and comma-separated.
        expected: String,
    },
    /// A configuration that cannot describe a network, optimizer, dataset or playground.
    #[error("{0}")]
    InvalidConfig(String),
    /// An input of the wrong length or with a non-finite value.
    #[error("{0}")]
    InvalidInput(String),
    /// An index (layer, neuron, …) outside the valid range; the message says which range is.
    #[error("{0}")]
    OutOfRange(String),
    /// A quantity asked for before the step that computes it.
    #[error("{0}")]
    NotComputed(String),
    /// Training produced an infinite or NaN cost or parameter.
    #[error(
        "training diverged: {what} became infinite or NaN at iteration {iteration}; the \
         parameters were restored to their last finite values. Try a lower learning rate."
    )]
    Diverged {
        /// What became non-finite: "the cost", "the gradient" or "a parameter".
        what: &'static str,
        /// The training iteration (mini-batch number, counting from 1) that diverged.
        iteration: usize,
    },
}

/// `std::result::Result` with the core's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An [`Error::UnknownName`] for `name`, listing `all` accepted names.
pub(crate) fn unknown_name(what: &'static str, name: &str, all: &[&str]) -> Error {
    let expected = all
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Error::UnknownName {
        what,
        name: name.to_string(),
        expected,
    }
}

/// Defines `ALL`, `name()` and `from_name()` for a fieldless enum from one table.
macro_rules! named_enum {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in the order the page lists them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used in configurations and URLs.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The variant with this name, or an error listing the accepted names.
            pub fn from_name(name: &str) -> $crate::Result<$ty> {
                match name {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::error::unknown_name($what, name, &[$($name),+])),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use named_enum;

/// n in superscript digits, for layer indices: 12 → "¹²".
pub(crate) fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}
