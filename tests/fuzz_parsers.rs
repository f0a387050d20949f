//! Fuzzing the core's two file parsers, the save-file reader (`SaveFile::parse`, then
//! `to_network` as the page's `readSave` does) and the IDX reader (`parse_images`,
//! `parse_labels`, `DigitSet::from_idx`), with a seeded random driver (issue 10, item 17).
//!
//! Inputs: random bytes, random strings from JSON's own characters and multi-byte ones, and
//! mutations of a real save file and real IDX files (byte flips, truncations, insertions of
//! backslashes followed by multi-byte characters, repeated members, huge numbers, deep
//! nesting). No input may panic (a panic fails the test; in the page it was a wasm trap
//! "unreachable"), and every refusal must carry a message.
//!
//! `FUZZ_CASES=N` runs N rounds of each test (default 10,000 in debug builds, 100,000 in release
//! ones; a round is 12 save-file inputs or 5 IDX inputs, so 170,000 inputs by default, in a few
//! seconds):
//! `FUZZ_CASES=200000 cargo test --release --test fuzz_parsers`.

use backprop_lab::idx::{parse_images, parse_labels, write_images, write_labels};
use backprop_lab::{Activation, Cost, DigitSet, Error, Init, Network, NetworkConfig, SaveFile};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cases() -> usize {
    let default = if cfg!(debug_assertions) {
        6_000
    } else {
        60_000
    };
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// A real save file: a small network with every kind of number in it.
fn valid_save() -> String {
    let net = Network::new(NetworkConfig {
        layers: vec![2, 3, 2, 1],
        activations: vec![Activation::Tanh, Activation::Relu, Activation::Sigmoid],
        cost: Cost::CrossEntropy,
        init: Init::Normal,
        seed: 5,
    })
    .unwrap();
    SaveFile::from_network(&net, "#dataset=xor&hidden=3,2&act=tanh,relu").to_json()
}

/// Checks one refusal: a non-empty message, no sign of a panic.
fn check_error(e: &Error, input: &dyn std::fmt::Debug) {
    let message = e.to_string();
    assert!(
        !message.trim().is_empty(),
        "an empty error message for {input:?}"
    );
    assert!(!message.contains("panicked"), "{message}");
}

/// Reads a save file's text the way `readSave` does. Returns whether it was accepted.
fn read_save(text: &str) -> bool {
    match SaveFile::parse(text) {
        Ok(file) => match file.to_network() {
            Ok(net) => {
                // A network from an accepted file holds only finite parameters.
                assert!((1..=net.depth()).all(|l| net
                    .weights(l)
                    .iter()
                    .chain(net.biases(l))
                    .all(|p| p.is_finite())));
                true
            }
            Err(e) => {
                check_error(&e, &text);
                false
            }
        },
        Err(e) => {
            check_error(&e, &text);
            false
        }
    }
}

/// Reads bytes as an image file, a label file and a digit set. Returns how many were accepted.
fn read_idx(bytes: &[u8], other: &[u8]) -> usize {
    let mut accepted = 0;
    match parse_images(bytes) {
        Ok(images) => {
            assert_eq!(
                images.pixels.len(),
                images.count * images.rows * images.cols
            );
            accepted += 1;
        }
        Err(e) => check_error(&e, &bytes),
    }
    match parse_labels(bytes) {
        Ok(_) => accepted += 1,
        Err(e) => check_error(&e, &bytes),
    }
    match DigitSet::from_idx(bytes, other) {
        Ok(set) => {
            assert!(set.len() * 784 <= bytes.len());
            accepted += 1;
        }
        Err(e) => check_error(&e, &bytes),
    }
    accepted
}

/// Characters a JSON reader must take care with: its syntax, escapes, control characters and
/// UTF-8 of 2, 3 and 4 bytes.
const ALPHABET: &[&str] = &[
    "{", "}", "[", "]", "\"", "\\", ":", ",", " ", "\n", "0", "1", "9", "-", "+", ".", "e", "E",
    "u", "n", "t", "f", "true", "false", "null", "\\u", "\\ud83d", "\\ude00", "D8", "é", "€", "😀",
    "\u{0}", "\u{1f}", "\u{7f}", "\u{fffd}", "\u{2028}", "version", "format", "network",
];

fn random_alphabet_string(rng: &mut ChaCha8Rng, max: usize) -> String {
    let len = rng.random_range(0..=max);
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())])
        .collect()
}

/// A random char: ASCII mostly, else anything (2-, 3- and 4-byte UTF-8).
fn random_char(rng: &mut ChaCha8Rng) -> char {
    match rng.random_range(0..4) {
        0 => rng.random_range(0x20u8..0x7f) as char,
        1 => ['é', '€', '😀', 'ß', '\u{10ffff}', '\u{800}'][rng.random_range(0..6)],
        _ => loop {
            if let Some(c) = char::from_u32(rng.random_range(0..0x11_0000)) {
                break c;
            }
        },
    }
}

/// The nearest char boundary at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One mutation of a valid save file's text.
fn mutate_text(rng: &mut ChaCha8Rng, base: &str) -> String {
    let at = |rng: &mut ChaCha8Rng, s: &str| floor_boundary(s, rng.random_range(0..=s.len()));
    let mut s = base.to_string();
    for _ in 0..rng.random_range(1..=3) {
        match rng.random_range(0..10) {
            // Truncation at a character boundary.
            0 => {
                let i = at(rng, &s);
                s.truncate(i);
            }
            // A byte flip (read back as UTF-8 with replacement characters, as a page would).
            1 => {
                let mut bytes = s.into_bytes();
                if !bytes.is_empty() {
                    let i = rng.random_range(0..bytes.len());
                    bytes[i] ^= 1 << rng.random_range(0..8);
                }
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            // A backslash followed by a multi-byte (or any) character, e.g. inside the scene.
            2 => {
                let i = at(rng, &s);
                let c = random_char(rng);
                s.insert_str(i, &format!("\\{c}"));
            }
            // Characters inserted or removed.
            3 => {
                let i = at(rng, &s);
                let insert = random_alphabet_string(rng, 4);
                s.insert_str(i, &insert);
            }
            4 => {
                let i = at(rng, &s);
                let j = floor_boundary(&s, i + rng.random_range(0..8));
                s.replace_range(i..j, "");
            }
            // A repeated member name.
            5 => {
                let key = [
                    "version", "format", "scene", "network", "layers", "weights", "seed",
                ][rng.random_range(0..7)];
                let needle = format!("\"{key}\":");
                if let Some(i) = s.find(&needle) {
                    let value = ["2", "1", "\"x\"", "[]", "{}", "null"][rng.random_range(0..6)];
                    s.insert_str(i, &format!("{needle} {value}, "));
                }
            }
            // A number replaced by a huge, tiny or odd one.
            6 => {
                let digits: Vec<usize> = s
                    .char_indices()
                    .filter(|(_, c)| c.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                if !digits.is_empty() {
                    let i = digits[rng.random_range(0..digits.len())];
                    let huge = [
                        "1e999",
                        "-1e999",
                        "1e-999",
                        "123456789012345678901234567890",
                        "18446744073709551616",
                        "4294967296",
                        "1000000",
                        "0.000000000000000000000000000000000000000000001",
                        "-0",
                        "1e38",
                        "3.5e38",
                    ][rng.random_range(0..11)];
                    s.insert_str(i, huge);
                }
            }
            // Deep nesting as a value.
            7 => {
                let i = at(rng, &s);
                let depth = rng.random_range(1..=3000);
                let (open, close) = if rng.random_bool(0.5) {
                    ("[", "]")
                } else {
                    ("{\"a\":", "}")
                };
                let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                s.insert_str(i, &nested);
            }
            // A random character replaced.
            8 => {
                let i = at(rng, &s);
                if let Some(c) = s[i..].chars().next() {
                    let r = random_char(rng);
                    s.replace_range(i..i + c.len_utf8(), &r.to_string());
                }
            }
            // Two halves swapped.
            _ => {
                let i = at(rng, &s);
                s = format!("{}{}", &s[i..], &s[..i]);
            }
        }
    }
    s
}

/// One mutation of a valid IDX file's bytes.
fn mutate_bytes(rng: &mut ChaCha8Rng, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..rng.random_range(1..=3) {
        match rng.random_range(0..6) {
            0 => b.truncate(rng.random_range(0..=b.len())),
            1 => {
                if !b.is_empty() {
                    let i = rng.random_range(0..b.len());
                    b[i] ^= 1 << rng.random_range(0..8);
                }
            }
            // A header byte (magic or a size) set to anything.
            2 => {
                let i = rng.random_range(0..16.min(b.len()).max(1));
                if i < b.len() {
                    b[i] = rng.random();
                }
            }
            // A size set to a huge or zero value.
            3 => {
                let slot = rng.random_range(0..3);
                let v: u32 = [0, 1, u32::MAX, 0x8000_0000, 28, 60_000][rng.random_range(0..6)];
                let i = 4 + 4 * slot;
                if b.len() >= i + 4 {
                    b[i..i + 4].copy_from_slice(&v.to_be_bytes());
                }
            }
            4 => {
                let i = rng.random_range(0..=b.len());
                let n = rng.random_range(1..32);
                let extra: Vec<u8> = (0..n).map(|_| rng.random()).collect();
                b.splice(i..i, extra);
            }
            _ => {
                let i = rng.random_range(0..=b.len());
                let j = (i + rng.random_range(0..64)).min(b.len());
                b.drain(i..j);
            }
        }
    }
    b
}

fn random_bytes(rng: &mut ChaCha8Rng, max: usize) -> Vec<u8> {
    let len = rng.random_range(0..=max);
    (0..len).map(|_| rng.random()).collect()
}

#[test]
fn the_save_file_reader_never_panics() {
    let n = cases();
    let base = valid_save();
    assert!(read_save(&base), "the unmutated file is read");
    let mut rng = ChaCha8Rng::seed_from_u64(0x5a7e);
    let mut accepted = 0;
    let mut total = 0;
    for _ in 0..n {
        // Random bytes read as UTF-8 (with replacement characters).
        let bytes = random_bytes(&mut rng, 64);
        read_save(&String::from_utf8_lossy(&bytes));
        // Random strings of JSON's characters and multi-byte ones.
        read_save(&random_alphabet_string(&mut rng, 24));
        // Random strings wrapped in quotes and braces, so the string reader is reached.
        let inner = random_alphabet_string(&mut rng, 12);
        read_save(&format!("\"{inner}\""));
        read_save(&format!("{{\"scene\": \"{inner}\"}}"));
        // A backslash followed by any character, inside a string.
        let c = random_char(&mut rng);
        read_save(&format!("\"\\{c}\""));
        read_save(&format!("\"\\{c}"));
        total += 6;
        // Mutations of the real file (six per round: they are the likeliest to get deep in).
        for _ in 0..6 {
            accepted += usize::from(read_save(&mutate_text(&mut rng, &base)));
            total += 1;
        }
    }
    println!("{total} save-file inputs, {accepted} mutated files accepted");
    assert!(total >= 12 * n);
}

#[test]
fn the_idx_reader_never_panics() {
    let n = cases();
    let mut rng = ChaCha8Rng::seed_from_u64(0x1d3);
    let pixels: Vec<u8> = (0..3 * 784).map(|_| rng.random()).collect();
    let images = write_images(28, 28, &pixels);
    let labels = write_labels(&[3, 1, 4]);
    assert_eq!(
        read_idx(&images, &labels),
        2,
        "images and the digit set are read"
    );
    let mut accepted = 0;
    let mut total = 0;
    for _ in 0..n {
        // Random bytes, with and without a valid magic number in front.
        let bytes = random_bytes(&mut rng, 40);
        accepted += read_idx(&bytes, &labels);
        let mut with_magic = vec![0, 0, 8, rng.random_range(0..5)];
        with_magic.extend(&bytes);
        accepted += read_idx(&with_magic, &labels);
        // Mutated image and label files, each against the other's valid twin.
        let image_mutant = mutate_bytes(&mut rng, &images);
        accepted += read_idx(&image_mutant, &labels);
        let label_mutant = mutate_bytes(&mut rng, &labels);
        accepted += read_idx(&label_mutant, &labels);
        match DigitSet::from_idx(&images, &label_mutant) {
            Ok(set) => assert_eq!(set.len(), 3),
            Err(e) => check_error(&e, &label_mutant),
        }
        total += 5;
    }
    println!("{total} IDX inputs, {accepted} parses accepted");
    assert!(total >= 5 * n);
}

#[test]
fn a_backslash_before_a_multibyte_character_is_a_clear_error() {
    for text in [
        "\"\\€",
        "\"\\€\"",
        "\"\\é…\"",
        "\"\\😀\"",
        "{\"scene\": \"\\é…\"}",
    ] {
        let message = SaveFile::parse(text).unwrap_err().to_string();
        assert!(
            message.contains("unknown escape") && message.contains("line 1, column"),
            "{text}: {message}"
        );
    }
    // The error names the character after the backslash, and its column counts characters.
    let message = SaveFile::parse("{\"scene\": \"é\\€\"}")
        .unwrap_err()
        .to_string();
    assert!(message.contains("\"\\€\""), "{message}");
    assert!(message.contains("line 1, column 13"), "{message}");
}

#[test]
fn a_repeated_member_is_refused_naming_it() {
    let base = valid_save();
    let twice = base.replacen("\"version\": 1", "\"version\": 1, \"version\": 2", 1);
    assert_ne!(twice, base, "the file has a version member");
    let message = SaveFile::parse(&twice).unwrap_err().to_string();
    assert!(message.contains("\"version\" appears twice"), "{message}");
    // Also deeper in, and however far apart the two are.
    let twice = base.replacen("\"layers\":", "\"seed\": 9, \"layers\":", 1);
    let message = SaveFile::parse(&twice).unwrap_err().to_string();
    assert!(message.contains("\"seed\" appears twice"), "{message}");
    // The same name in two different objects is fine.
    assert!(SaveFile::parse(&base).is_ok());
    let message = SaveFile::parse(r#"{"a": {"a": 1}, "b": 2, "a": 3}"#)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("\"a\" appears twice") && message.contains("column 25"),
        "{message}"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for depth in [33, 100, 100_000, 1_000_000] {
        for (open, close) in [("[", "]"), ("{\"k\":", "}")] {
            let text = format!("{}0{}", open.repeat(depth), close.repeat(depth));
            let message = SaveFile::parse(&text).unwrap_err().to_string();
            assert!(message.contains("nested too deeply"), "{message}");
        }
        // Unclosed, too.
        let message = SaveFile::parse(&"[".repeat(depth)).unwrap_err().to_string();
        assert!(message.contains("nested too deeply"), "{message}");
    }
}

#[test]
fn a_huge_object_with_many_members_is_read_quickly() {
    // 100,000 distinct members and one repeat at the end: the duplicate check is not
    // quadratic (this test would take minutes otherwise).
    let mut text = String::from("{");
    for i in 0..100_000 {
        text.push_str(&format!("\"k{i}\": {i}, "));
    }
    text.push_str("\"k7\": 0}");
    let start = std::time::Instant::now();
    let message = SaveFile::parse(&text).unwrap_err().to_string();
    assert!(message.contains("\"k7\" appears twice"), "{message}");
    assert!(start.elapsed().as_secs_f64() < 10.0, "a hang guard");
}
