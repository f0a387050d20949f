//! 2-D data from a CSV file: columns `x1, x2, label`, for the Playground's imported data sets.
//!
//! - Separated by `,`, `;` or a tab (whichever the first row uses; a tab, then `;`, win over
//!   `,`), with a decimal comma accepted where the separator is not a comma (`1,5;2;a`).
//! - A first row whose x1 or x2 is not a number is a header. Blank lines are skipped; a field may
//!   be quoted (`"class A"`, `""` for a quote inside). A fourth column `set` of `train` / `test`
//!   (what the page's "Download as CSV" writes) is read past: the split is made afresh.
//! - Labels are classes (any strings, at most [`MAX_CLASSES`]; numbers are ordered as numbers,
//!   other labels by first appearance) or numbers (regression), as asked or, by default, classes
//!   when every label is a whole number and there are at most [`MAX_CLASSES`] of them.
//! - Each axis is scaled on its own from [min, max] into [−[`FILL`], [`FILL`]] (inside the
//!   input square [−1, 1]²), regression targets from [min, max] into [0, 1]; the scales come
//!   back so the page can show them.
//!
//! Every refusal names the line and the problem; nothing here panics on any text
//! (tests/csv_points.rs fuzzes it).

use crate::dataset::{DatasetKind, MAX_CLASSES, MAX_IMPORTED_POINTS};
use crate::error::{Error, Num, Result};

/// How far out the scaled points reach in the input square [−1, 1]².
pub const FILL: f64 = 0.9;
/// The longest text taken (10,000 rows of long labels fit well inside).
pub const MAX_TEXT: usize = 4 << 20;

/// How to read the label column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// Classes when every label is a whole number and there are at most [`MAX_CLASSES`] of
    /// them, or when some label is not a number; else numbers.
    Auto,
    /// Each distinct label is a class.
    Classes,
    /// Labels are numbers to fit (regression).
    Numbers,
}

/// A CSV file read into points of the input square.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvPoints {
    /// (x₁, x₂, label) scaled: x in [−FILL, FILL], labels class indices or values in [0, 1].
    pub points: Vec<(f32, f32, f32)>,
    /// [`DatasetKind::Imported`] (classes) or [`DatasetKind::ImportedValues`] (numbers).
    pub kind: DatasetKind,
    /// The classes' labels as written, class i first seen as `class_names[i]` (empty for
    /// numbers).
    pub class_names: Vec<String>,
    /// [min, max] of x₁ and of x₂ as written.
    pub x_ranges: [(f64, f64); 2],
    /// [min, max] of the labels as written (numbers only).
    pub label_range: Option<(f64, f64)>,
    /// The header's three names, if the first row was one.
    pub header: Option<[String; 3]>,
    /// The separator found.
    pub separator: char,
}

/// A refusal naming line `line` (1-based).
fn at(line: usize, problem: impl std::fmt::Display) -> Error {
    Error::InvalidInput(format!("line {line}: {problem}"))
}

/// The fields of one line, split at `sep` outside double quotes; quotes removed (`""` is one).
fn fields(line: &str, sep: char) -> std::result::Result<Vec<String>, &'static str> {
    let mut out = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let field = out.last_mut().expect("never empty");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == sep && !quoted => out.push(String::new()),
            c => field.push(c),
        }
    }
    if quoted {
        return Err("a quote is opened and never closed");
    }
    Ok(out.into_iter().map(|f| f.trim().to_string()).collect())
}

/// A finite number as written, with a decimal comma where `comma` allows it.
fn number(text: &str, comma: bool) -> Option<f64> {
    let text = text.trim();
    let plain = |t: &str| {
        // Only digits, signs, one point and an exponent: no "inf", "NaN" or "0x…".
        let ok = !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
        ok.then(|| t.parse::<f64>().ok())
            .flatten()
            .filter(|v| v.is_finite())
    };
    plain(text).or_else(|| {
        if comma && text.matches(',').count() == 1 && !text.contains('.') {
            plain(&text.replace(',', "."))
        } else {
            None
        }
    })
}

/// A value for a message: the text as written, cut at 40 characters.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

/// Reads `text` as `x1, x2, label` rows (see the module's notes).
pub fn parse_csv_points(text: &str, labels: LabelKind) -> Result<CsvPoints> {
    if text.len() > MAX_TEXT {
        return Err(Error::InvalidInput(format!(
            "the text is {} MB; at most {} MB of CSV is read",
            Num((text.len() as f64 / 1e6 * 10.0).round() / 10.0),
            MAX_TEXT >> 20
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty());
    let mut rows: Vec<(usize, f64, f64, String)> = Vec::new();
    let mut header = None;
    let mut separator = None;
    for (line, content) in lines {
        let sep = *separator.get_or_insert_with(|| {
            if content.contains('\t') {
                '\t'
            } else if content.contains(';') {
                ';'
            } else {
                ','
            }
        });
        let f = fields(content, sep).map_err(|why| at(line, why))?;
        let sep_name = match sep {
            '\t' => "tabs",
            ';' => "semicolons",
            _ => "commas",
        };
        if f.len() < 3 {
            return Err(at(
                line,
                format!(
                    "{} column{}, but x1, x2 and a label (3 columns, separated by {sep_name}) are needed",
                    f.len(),
                    if f.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        // The page's own "Download as CSV" adds a fourth column, train or test: read past it.
        let set_column = f.len() == 4
            && (["train", "test"]
                .iter()
                .any(|s| f[3].eq_ignore_ascii_case(s))
                || (rows.is_empty() && header.is_none() && f[3].eq_ignore_ascii_case("set")));
        if f.len() > 3 && !set_column {
            return Err(at(
                line,
                format!(
                    "{} columns separated by {sep_name}; expected 3: x1, x2, label",
                    f.len()
                ),
            ));
        }
        let comma = sep != ',';
        let (x1, x2) = (number(&f[0], comma), number(&f[1], comma));
        if rows.is_empty() && header.is_none() && (x1.is_none() || x2.is_none()) {
            header = Some([f[0].clone(), f[1].clone(), f[2].clone()]);
            continue;
        }
        let (Some(x1), Some(x2)) = (x1, x2) else {
            let (name, text) = if x1.is_none() {
                ("x1", &f[0])
            } else {
                ("x2", &f[1])
            };
            return Err(at(line, format!("{name} is {}, not a number", shown(text))));
        };
        if f[2].is_empty() {
            return Err(at(line, "the label is empty"));
        }
        if rows.len() == MAX_IMPORTED_POINTS {
            return Err(at(
                line,
                format!("more than {MAX_IMPORTED_POINTS} rows; at most {MAX_IMPORTED_POINTS} points are taken"),
            ));
        }
        rows.push((line, x1, x2, f[2].clone()));
    }
    if rows.len() < 2 {
        return Err(Error::InvalidInput(format!(
            "{} data row{}: at least 2 are needed (one to train on, one to test on)",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        )));
    }
    let separator = separator.unwrap_or(',');
    let comma = separator != ',';
    let values: Vec<Option<f64>> = rows.iter().map(|r| number(&r.3, comma)).collect();
    let all_numbers = values.iter().all(Option::is_some);
    let kind = match labels {
        LabelKind::Classes => DatasetKind::Imported,
        LabelKind::Numbers => DatasetKind::ImportedValues,
        LabelKind::Auto => {
            let whole = values.iter().flatten().all(|v| v.fract() == 0.0);
            let mut distinct: Vec<f64> = values.iter().flatten().copied().collect();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            if !all_numbers || (whole && distinct.len() <= MAX_CLASSES) {
                DatasetKind::Imported
            } else {
                DatasetKind::ImportedValues
            }
        }
    };
    let range = |v: &mut dyn Iterator<Item = f64>| {
        v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
    };
    let x_ranges = [
        range(&mut rows.iter().map(|r| r.1)),
        range(&mut rows.iter().map(|r| r.2)),
    ];
    // [lo, hi] → [−FILL, FILL]; a constant axis goes to 0.
    let scale = |v: f64, (lo, hi): (f64, f64)| {
        if hi > lo {
            ((2.0 * (v - lo) / (hi - lo) - 1.0) * FILL) as f32
        } else {
            0.0
        }
    };
    let (labels_out, class_names, label_range) = if kind == DatasetKind::ImportedValues {
        if let Some(i) = values.iter().position(Option::is_none) {
            let (line, .., label) = &rows[i];
            return Err(at(
                *line,
                format!(
                    "the label {} is not a number (labels were asked for as numbers)",
                    shown(label)
                ),
            ));
        }
        let v: Vec<f64> = values.iter().flatten().copied().collect();
        let (lo, hi) = range(&mut v.iter().copied());
        if hi <= lo {
            return Err(Error::InvalidInput(format!(
                "every label is {}: there is nothing to fit",
                Num(lo)
            )));
        }
        let targets: Vec<f32> = v.iter().map(|&y| ((y - lo) / (hi - lo)) as f32).collect();
        (targets, Vec::new(), Some((lo, hi)))
    } else {
        // Classes: each distinct label (a number's value, or the text), first in order of
        // appearance…
        let mut names: Vec<(Option<f64>, &str)> = Vec::new();
        let mut seen = Vec::with_capacity(rows.len());
        for (r, v) in rows.iter().zip(&values) {
            let key = if all_numbers { *v } else { None };
            let same = |(k, name): &(Option<f64>, &str)| match (*k, key) {
                (Some(a), Some(b)) => a == b,
                _ => *name == r.3,
            };
            let i = match names.iter().position(same) {
                Some(i) => i,
                None if names.len() == MAX_CLASSES => {
                    return Err(at(
                        r.0,
                        format!(
                            "a {}th class, {}: at most {MAX_CLASSES} classes are taken (labels that are numbers can be fitted as numbers instead)",
                            MAX_CLASSES + 1,
                            shown(&r.3)
                        ),
                    ));
                }
                None => {
                    names.push((key, &r.3));
                    names.len() - 1
                }
            };
            seen.push(i);
        }
        if names.len() < 2 {
            return Err(Error::InvalidInput(format!(
                "every row has the label {}: one class only, so there is nothing to tell apart",
                shown(names[0].1)
            )));
        }
        // … then, for numbers, in numeric order: label i seen first is class `class[i]`.
        let mut order: Vec<usize> = (0..names.len()).collect();
        if all_numbers {
            order.sort_by(|&a, &b| {
                names[a]
                    .0
                    .unwrap_or(0.0)
                    .total_cmp(&names[b].0.unwrap_or(0.0))
            });
        }
        let mut class = vec![0; names.len()];
        for (place, &i) in order.iter().enumerate() {
            class[i] = place;
        }
        let index = seen.iter().map(|&i| class[i] as f32).collect();
        let class_names = order.iter().map(|&i| names[i].1.to_string()).collect();
        (index, class_names, None)
    };
    let points = rows
        .iter()
        .zip(labels_out)
        .map(|(r, label)| (scale(r.1, x_ranges[0]), scale(r.2, x_ranges[1]), label))
        .collect();
    Ok(CsvPoints {
        points,
        kind,
        class_names,
        x_ranges,
        label_range,
        header,
        separator,
    })
}
