//! A drawn digit made to look like an MNIST digit, the way MNIST's own were made: crop to the
//! ink's bounding box, scale it (keeping its aspect ratio) to fit a 20 × 20 box, then place it
//! in the 28 × 28 field so that its centre of mass sits at the centre, (14, 14).
//!
//! Coordinates: pixel (col, row) covers [col, col + 1) × [row, row + 1), so its centre is at
//! (col + ½, row + ½) and the field's centre is (14, 14).

use crate::digits::{PIXELS, SIDE};
use crate::error::{Error, Result};

/// The side of the box a digit is scaled into.
pub const BOX: usize = 20;
/// Ink below this (of 1) counts as background when finding the bounding box.
const INK: f32 = 0.05;

/// The ink's bounding box (col0, row0, col1, row1), end-exclusive, or None for a blank image.
pub fn bounding_box(image: &[f32], width: usize) -> Option<(usize, usize, usize, usize)> {
    let mut bbox: Option<(usize, usize, usize, usize)> = None;
    for (i, &v) in image.iter().enumerate() {
        if v > INK {
            let (c, r) = (i % width, i / width);
            bbox = Some(match bbox {
                None => (c, r, c + 1, r + 1),
                Some((c0, r0, c1, r1)) => (c0.min(c), r0.min(r), c1.max(c + 1), r1.max(r + 1)),
            });
        }
    }
    bbox
}

/// The centre of mass (x, y) of an image, in pixel coordinates (pixel centres at + ½); None
/// for a blank image.
pub fn centre_of_mass(image: &[f32], width: usize) -> Option<(f32, f32)> {
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in image.iter().enumerate() {
        let v = v.max(0.0) as f64;
        m += v;
        mx += v * ((i % width) as f64 + 0.5);
        my += v * ((i / width) as f64 + 0.5);
    }
    (m > 0.0).then(|| ((mx / m) as f32, (my / m) as f32))
}

/// Bilinear sample of `image` (width × height) at (x, y) in pixel coordinates; 0 outside.
fn sample(image: &[f32], width: usize, height: usize, x: f32, y: f32) -> f32 {
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (x0, y0) = (fx.floor(), fy.floor());
    let (tx, ty) = (fx - x0, fy - y0);
    let at = |c: f32, r: f32| {
        if c < 0.0 || r < 0.0 || c >= width as f32 || r >= height as f32 {
            0.0
        } else {
            image[r as usize * width + c as usize]
        }
    };
    let top = at(x0, y0) * (1.0 - tx) + at(x0 + 1.0, y0) * tx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - tx) + at(x0 + 1.0, y0 + 1.0) * tx;
    top * (1.0 - ty) + bottom * ty
}

/// A drawing (`width × height` values in [0, 1], row 0 at the top, 1 = ink; both sides a
/// multiple of 28) shrunk to 28 × 28 where it was drawn, each input the mean of the block of
/// pixels it covers — no cropping or centring, so a stroke keeps its place (the edge-detector
/// lesson, where the place is what the neuron looks at).
pub fn downsample(image: &[f32], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || !width.is_multiple_of(SIDE) || !height.is_multiple_of(SIDE) {
        return Err(Error::InvalidInput(format!(
            "a drawing to shrink to 28 × 28 needs sides that are multiples of 28, not {width} × {height}"
        )));
    }
    if image.len() != width * height {
        return Err(Error::InvalidInput(format!(
            "a drawing of {width} × {height} pixels needs {} values, but {} were given",
            width * height,
            image.len()
        )));
    }
    crate::network::check_all_finite(image, "the drawing")?;
    let (bw, bh) = (width / SIDE, height / SIDE);
    let mut out = vec![0.0f32; PIXELS];
    for (r, row) in image.chunks_exact(width).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            out[(r / bh) * SIDE + c / bw] += v;
        }
    }
    let n = (bw * bh) as f32;
    for v in &mut out {
        *v = (*v / n).clamp(0.0, 1.0);
    }
    Ok(out)
}

/// MNIST-style preprocessing of a drawn image (`width × height` values in [0, 1], row 0 at
/// the top, 1 = ink) into a 28 × 28 network input. A blank image gives all zeros.
pub fn preprocess(image: &[f32], width: usize, height: usize) -> Result<Vec<f32>> {
    if width == 0 || height == 0 || image.len() != width * height {
        return Err(Error::InvalidInput(format!(
            "a drawing of {width} × {height} pixels needs {} values, but {} were given",
            width * height,
            image.len()
        )));
    }
    crate::network::check_all_finite(image, "the drawing")?;
    let mut out = vec![0.0f32; PIXELS];
    let Some((c0, r0, c1, r1)) = bounding_box(image, width) else {
        return Ok(out);
    };
    // 1. Crop and scale the longer side to 20 pixels, keeping the aspect ratio.
    let (w, h) = ((c1 - c0) as f32, (r1 - r0) as f32);
    let scale = BOX as f32 / w.max(h);
    let (sw, sh) = (
        ((w * scale).round() as usize).clamp(1, BOX),
        ((h * scale).round() as usize).clamp(1, BOX),
    );
    // Each output pixel averages n × n bilinear samples over the source area it covers.
    let n = (1.0 / scale).ceil().clamp(1.0, 8.0) as usize;
    let mut scaled = vec![0.0f32; sw * sh];
    let (step_x, step_y) = (w / sw as f32, h / sh as f32);
    for (i, v) in scaled.iter_mut().enumerate() {
        let (ox, oy) = ((i % sw) as f32, (i / sw) as f32);
        let mut sum = 0.0;
        for sy in 0..n {
            for sx in 0..n {
                let x = c0 as f32 + (ox + (sx as f32 + 0.5) / n as f32) * step_x;
                let y = r0 as f32 + (oy + (sy as f32 + 0.5) / n as f32) * step_y;
                sum += sample(image, width, height, x, y);
            }
        }
        *v = (sum / (n * n) as f32).clamp(0.0, 1.0);
    }
    // 2. Translate by whole pixels so the centre of mass lands nearest (14, 14).
    let (mx, my) = centre_of_mass(&scaled, sw).unwrap_or((sw as f32 / 2.0, sh as f32 / 2.0));
    let centre = SIDE as f32 / 2.0;
    let (dx, dy) = (
        (centre - mx).round() as isize,
        (centre - my).round() as isize,
    );
    for (i, &v) in scaled.iter().enumerate() {
        let (c, r) = ((i % sw) as isize + dx, (i / sw) as isize + dy);
        if (0..SIDE as isize).contains(&c) && (0..SIDE as isize).contains(&r) {
            out[r as usize * SIDE + c as usize] = v;
        }
    }
    Ok(out)
}
