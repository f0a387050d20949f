//! `cargo xtask package`: the npm package of Backprop Lab in `target/package/` — the static site
//! of `dist/` (index.html, embed.html, the offline backprop-lab.html, www/ with the wasm), the
//! element's and script API's types, a README for package users and the license, all from
//! `package/` — and its tarball from `npm pack` (nothing is published).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{dist, Result};

/// Writes the package folder and packs it; returns the tarball's path.
pub fn package(root: &Path) -> Result<PathBuf> {
    let site = root.join("dist");
    if !site.join("index.html").exists() {
        return Err("the package is made from dist/: run cargo xtask dist first".into());
    }
    let out = root.join("target").join("package");
    let folder = out.join("backprop-lab");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    dist::copy_site_dir(&site, &folder)?;
    let src = root.join("package");
    for file in ["README.md", "LICENSE"] {
        fs::copy(src.join(file), folder.join(file)).map_err(|e| format!("package/{file}: {e}"))?;
    }
    dist::copy_site_dir(&src.join("types"), &folder.join("types"))?;
    // The version is the core's (Cargo.toml), so the package and the crate never disagree.
    let manifest = fs::read_to_string(src.join("package.json"))
        .map_err(|e| format!("package/package.json: {e}"))?;
    let cargo =
        fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .ok_or("Cargo.toml: no version line")?;
    let manifest = manifest.replacen(
        "\"version\": \"0.0.0\"",
        &format!("\"version\": \"{version}\""),
        1,
    );
    fs::write(folder.join("package.json"), manifest).map_err(|e| e.to_string())?;
    let status = Command::new("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&out)
        .current_dir(&folder)
        .status()
        .map_err(|e| format!("npm pack: {e}"))?;
    if !status.success() {
        return Err("npm pack failed".into());
    }
    let tarball = out.join(format!("backprop-lab-{version}.tgz"));
    if !tarball.exists() {
        return Err(format!("npm pack did not write {}", tarball.display()));
    }
    eprintln!(
        "xtask: wrote {} (the npm package; nothing published)",
        tarball.display()
    );
    Ok(tarball)
}
