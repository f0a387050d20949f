//! IDX files, the format MNIST ships in (LeCun, Cortes and Burges).
//!
//! An IDX file is a big-endian header and then the data, row-major:
//!
//! - 4 magic bytes `0, 0, type, dims`: type `0x08` is unsigned bytes; dims is how many sizes
//!   follow (3 for images: count, rows, columns; 1 for labels: count);
//! - `dims` sizes, each a big-endian u32;
//! - the product of the sizes in bytes.
//!
//! So MNIST's image files start `00 00 08 03` and its label files `00 00 08 01`.

use crate::error::{Error, Result};

/// Images of an IDX3 file: `count` images of `rows × cols` bytes, row 0 at the top,
/// 0 = background, 255 = full ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxImages {
    /// How many images.
    pub count: usize,
    /// Pixel rows per image (28 for MNIST).
    pub rows: usize,
    /// Pixel columns per image (28 for MNIST).
    pub cols: usize,
    /// `count × rows × cols` bytes, image after image.
    pub pixels: Vec<u8>,
}

/// The magic number of an unsigned-byte IDX file with `dims` sizes.
const fn magic(dims: u8) -> [u8; 4] {
    [0, 0, 0x08, dims]
}

fn bad(what: &str, message: String) -> Error {
    Error::InvalidInput(format!(
        "the {what} file is not a valid IDX file: {message}"
    ))
}

/// Checks the header of an IDX file of unsigned bytes with `dims` sizes; returns the sizes
/// and the data that follows (exactly the product of the sizes; extra bytes are refused too).
fn parse<'b>(bytes: &'b [u8], dims: u8, what: &str) -> Result<(Vec<usize>, &'b [u8])> {
    let header = 4 + 4 * dims as usize;
    if bytes.len() < header {
        return Err(bad(
            what,
            format!(
                "it is {} bytes long, shorter than its {header}-byte header (truncated?)",
                bytes.len()
            ),
        ));
    }
    let expected = magic(dims);
    if bytes[..4] != expected {
        return Err(bad(
            what,
            format!(
                "it starts with the bytes {:02x} {:02x} {:02x} {:02x} but should start with \
                 {:02x} {:02x} {:02x} {:02x} (unsigned bytes, {dims} dimension{})",
                bytes[0],
                bytes[1],
                bytes[2],
                bytes[3],
                expected[0],
                expected[1],
                expected[2],
                expected[3],
                if dims == 1 { "" } else { "s" }
            ),
        ));
    }
    let sizes: Vec<usize> = bytes[4..header]
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let body = sizes.iter().try_fold(1usize, |n, &s| n.checked_mul(s));
    let body = body.ok_or_else(|| bad(what, "its sizes are too large".to_string()))?;
    let data = &bytes[header..];
    if data.len() != body {
        let sizes_text = sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" × ");
        let why = if data.len() < body {
            "truncated?"
        } else {
            "extra bytes at the end"
        };
        return Err(bad(
            what,
            format!(
                "its header announces {sizes_text} = {body} bytes of data but {} follow ({why})",
                data.len()
            ),
        ));
    }
    Ok((sizes, data))
}

/// Parses an IDX3 image file (magic `00 00 08 03`).
pub fn parse_images(bytes: &[u8]) -> Result<IdxImages> {
    let (sizes, data) = parse(bytes, 3, "image")?;
    Ok(IdxImages {
        count: sizes[0],
        rows: sizes[1],
        cols: sizes[2],
        pixels: data.to_vec(),
    })
}

/// Parses an IDX1 label file (magic `00 00 08 01`): one byte per example.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>> {
    let (_, data) = parse(bytes, 1, "label")?;
    Ok(data.to_vec())
}

/// The bytes of an IDX3 image file holding `pixels` (`count × rows × cols`), for tests and
/// for packing subsets.
pub fn write_images(rows: usize, cols: usize, pixels: &[u8]) -> Vec<u8> {
    let count = pixels.len() / (rows * cols).max(1);
    let mut out = magic(3).to_vec();
    for n in [count, rows, cols] {
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
    out.extend_from_slice(&pixels[..count * rows * cols]);
    out
}

/// The bytes of an IDX1 label file holding `labels`.
pub fn write_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = magic(1).to_vec();
    out.extend_from_slice(&(labels.len() as u32).to_be_bytes());
    out.extend_from_slice(labels);
    out
}
