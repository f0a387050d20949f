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
    /// Training produced an infinite or NaN cost or parameter; the parameters were put back.
    #[error("{}", diverged_message(what, *iteration, *restored_to, *learning_rate))]
    Diverged {
        /// What became non-finite: "the cost", "the gradient" or "a parameter".
        what: &'static str,
        /// The training iteration (mini-batch number, counting from 1) that diverged.
        iteration: usize,
        /// The iteration whose parameters were restored (0: the start), where every loss was
        /// finite; the counters went back there too.
        restored_to: usize,
        /// The learning rate η that diverged; the message suggests η / 10.
        learning_rate: f32,
    },
}

/// The sentence of [`Error::Diverged`].
fn diverged_message(
    what: &str,
    iteration: usize,
    restored_to: usize,
    learning_rate: f32,
) -> String {
    let restored = if restored_to == 0 {
        "their starting values".to_string()
    } else {
        format!("their values after iteration {restored_to}")
    };
    format!(
        "training diverged: {what} became infinite or NaN at iteration {iteration} (learning \
         rate η = {}); the parameters were restored to {restored}, where every loss is finite. \
         Try a lower learning rate: η ≤ {}.",
        Num(learning_rate.into()),
        Num(f64::from(learning_rate) / 10.0)
    )
}

/// `std::result::Result` with the core's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The items written one after another with `sep` between them: what `[..].join(sep)` gives,
/// without its generic copy loop in the page's wasm (issue 11's size budget).
pub fn joined<T: std::fmt::Display>(items: impl IntoIterator<Item = T>, sep: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        let _ = write!(out, "{item}"); // writing to a String cannot fail
    }
    out
}

/// An [`Error::UnknownName`] for `name`, listing `all` accepted names.
pub(crate) fn unknown_name(what: &'static str, name: &str, all: &[&str]) -> Error {
    let expected = joined(all.iter().map(|n| format!("\"{n}\"")), ", ");
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
    let mut text = String::new();
    let mut power = 1;
    while power <= n / 10 {
        power *= 10;
    }
    while power > 0 {
        text.push(DIGITS[n / power % 10]);
        power /= 10;
    }
    text
}

/// A number for a message, written without core's float formatting, which would add about
/// 22 KB (Grisu and Dragon) to the wasm. An integer below 10¹⁵ is written exactly ("3", "-0");
/// anything else to 7 significant digits, trailing zeros trimmed: in plain decimal for
/// 10⁻⁵ ≤ |x| < 10¹⁵ ("0.5", "-0.03"), else as `{:e}` would ("2.5e-7", "1e20"). So for every
/// value whose shortest form has at most 7 significant digits (every f32 a person types) it
/// reads as `{}` would, apart from the exponent outside that range.
pub(crate) struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const ZEROS: &str = "00000000000000";
        let x = self.0;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_sign_negative() {
            f.write_str("-")?;
        }
        let a = x.abs();
        if a.is_infinite() {
            return f.write_str("inf");
        }
        if a < 1e15 && a as u64 as f64 == a {
            return write!(f, "{}", a as u64);
        }
        let (mut d, e) = seven_digits(a);
        let mut digits = [b'0'; SIGNIFICANT];
        for c in digits.iter_mut().rev() {
            *c = b'0' + (d % 10) as u8;
            d /= 10;
        }
        let len = SIGNIFICANT - digits.iter().rev().take_while(|&&c| c == b'0').count();
        let digits = std::str::from_utf8(&digits[..len]).map_err(|_| std::fmt::Error)?;
        // `str::get`, not `&s[a..b]`: the text is ASCII, and an indexing panic would bring in
        // core's char-boundary message and its Unicode tables (≈ 5 KB of wasm).
        let zeros = |n: usize| ZEROS.get(..n).ok_or(std::fmt::Error);
        let at = |i: usize| digits.split_at_checked(i).ok_or(std::fmt::Error);
        match e {
            // 0.000ddd: −e − 1 zeros after the point.
            -5..=-1 => write!(f, "0.{}{digits}", zeros((-e - 1) as usize)?),
            // e + 1 digits before the point, padded with zeros when there are fewer.
            0..=14 => {
                let point = (e + 1) as usize;
                if len <= point {
                    write!(f, "{digits}{}", zeros(point - len)?)
                } else {
                    let (whole, fraction) = at(point)?;
                    write!(f, "{whole}.{fraction}")
                }
            }
            _ if len == 1 => write!(f, "{digits}e{e}"),
            _ => {
                let (first, rest) = at(1)?;
                write!(f, "{first}.{rest}e{e}")
            }
        }
    }
}

/// How many significant digits [`Num`] writes.
const SIGNIFICANT: usize = 7;

/// Finite a > 0 rounded to 7 significant digits: (d, e) with 10⁶ ≤ d < 10⁷ and
/// a ≈ d·10^(e−6), so e = ⌊log₁₀ a⌋ after rounding.
fn seven_digits(a: f64) -> (u64, i32) {
    // Lift tiny (and subnormal) values so that every 10^k below stays finite.
    let (a, lifted) = if a < 1e-290 { (a * 1e300, 300) } else { (a, 0) };
    // ⌊log₁₀ a⌋ from the binary exponent, log₁₀ 2 ≈ 78913 / 2¹⁸; the two checks correct it by one.
    let e2 = ((a.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let mut e = (e2 * 78913) >> 18;
    // a·10^(6−e), in [10⁶, 10⁷) once e is right; dividing keeps large powers exact longer.
    let scaled = |e: i32| {
        let k = 6 - e;
        if k >= 0 {
            a * 10f64.powi(k)
        } else {
            a / 10f64.powi(-k)
        }
    };
    let mut m = scaled(e);
    if m >= 1e7 {
        e += 1;
        m = scaled(e);
    } else if m < 1e6 {
        e -= 1;
        m = scaled(e);
    }
    // Round half up; 9 999 999.5 becomes 10⁷, one more digit before the point.
    let mut d = (m + 0.5) as u64;
    if d >= 10_000_000 {
        d /= 10;
        e += 1;
    }
    (d, e - lifted)
}

#[cfg(test)]
mod tests {
    use super::{superscript, Num};

    fn num(x: f64) -> String {
        Num(x).to_string()
    }

    #[test]
    fn superscript_writes_every_digit_of_the_index() {
        assert_eq!(superscript(0), "⁰");
        assert_eq!(superscript(7), "⁷");
        assert_eq!(superscript(12), "¹²");
        assert_eq!(superscript(1024), "¹⁰²⁴");
        assert_eq!(superscript(9_876_543_210), "⁹⁸⁷⁶⁵⁴³²¹⁰");
    }

    #[test]
    fn num_reads_as_display_for_short_numbers() {
        let values = [
            0.5,
            0.03,
            3.0,
            -2.0,
            1000.0,
            -1e-3,
            1234.5,
            0.1,
            0.2,
            0.3,
            0.7,
            0.05,
            0.001,
            1e-5,
            -1e-5,
            2.5e-5,
            0.999,
            1.5,
            -0.25,
            42.0,
            0.0001,
            12.75,
            2.345678,
            9.999999,
            123456.7,
            1234567.0,
            0.1234567,
            99999.99,
            1e14,
            123456789012345.0,
            999999999999999.0,
            0.0,
        ];
        for x in values {
            assert_eq!(num(x), format!("{x}"), "{x:?}");
            assert_eq!(num(-x), format!("{}", -x), "{:?}", -x);
        }
    }

    #[test]
    fn num_of_an_f32_reads_as_the_f32_displays() {
        // Widening to f64 exposes the f32's binary error (0.1f32 = 0.100000001490116…),
        // which 7 significant digits round away again.
        let values: [f32; 14] = [
            0.1, 0.03, 0.3, 0.01, 0.001, 1e-4, 1e-5, 0.9, 0.99, 0.999, 2.5, 1e-3, 33.3, 0.123,
        ];
        for x in values {
            assert_eq!(num(x.into()), format!("{x}"), "{x:?}");
        }
    }

    #[test]
    fn num_agrees_with_display_on_every_seven_digit_mantissa_sampled() {
        // d·10^p for 7-digit d spread over the range, p from −11 to 2: values from 10⁻⁵ to
        // 10⁹ whose shortest form has at most 7 digits, as f64 and (to 10⁷) as f32.
        for d in (1_000_000..10_000_000u64).step_by(7919) {
            for p in -11..=2 {
                let text = format!("{d}e{p}");
                let x: f64 = text.parse().unwrap();
                assert_eq!(num(x), format!("{x}"), "{text} as f64");
                // Above 2²⁴ every f32 is an integer, written exactly rather than shortest.
                if p <= 0 {
                    let y: f32 = text.parse().unwrap();
                    assert_eq!(num(y.into()), format!("{y}"), "{text} as f32");
                }
            }
        }
    }

    #[test]
    fn num_uses_an_exponent_outside_the_plain_range() {
        let values = [
            1e20, 1e-9, 2.5e-7, -2.5e-7, 1.234e-6, 9.5e-6, 1e15, 1.5e300, 1e-300,
        ];
        for x in values {
            assert_eq!(num(x), format!("{x:e}"), "{x:?}");
        }
        assert_eq!(num(f64::MAX), "1.797693e308");
        // The smallest subnormal, 4.94…e−324.
        assert_eq!(num(f64::from_bits(1)), "4.940656e-324");
        assert_eq!(num(f64::MIN_POSITIVE), "2.225074e-308");
    }

    #[test]
    fn num_rounds_to_seven_significant_digits() {
        assert_eq!(num(9.9999999), "10");
        assert_eq!(num(-9.9999999), "-10");
        assert_eq!(num(0.99999999), "1");
        assert_eq!(num(1.23456789), "1.234568");
        assert_eq!(num(12345678.9), "12345680");
        assert_eq!(num(9.99999999e-6), "0.00001");
        assert_eq!(num(1.0 / 3.0), "0.3333333");
        assert_eq!(num(2.0 / 3.0), "0.6666667");
        assert_eq!(num(1e15 + 0.5), "1e15");
    }

    #[test]
    fn num_writes_integers_exactly() {
        assert_eq!(num(8589934592.0), "8589934592");
        assert_eq!(num(-999999999999999.0), "-999999999999999");
        assert_eq!(num(2f64.powi(53)), "9.007199e15");
    }

    #[test]
    fn num_writes_zeros_nan_and_infinities_as_display_does() {
        for x in [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(num(x), format!("{x}"), "{x:?}");
        }
        assert_eq!(num(-0.0), "-0");
        assert_eq!(num(f64::NEG_INFINITY), "-inf");
        for x in [-0.0f32, f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert_eq!(num(x.into()), format!("{x}"), "{x:?}");
        }
    }
}
