//! `cargo xtask dist`: the static site in `dist/` (index.html, embed.html, www/) and
//! `dist/backprop-lab.html`, one self-contained file that works offline from `file://`.
//!
//! The single file inlines everything without a bundler:
//! - the stylesheet as a `<style>` block, the favicon as a `data:` URL;
//! - every ES module reachable from `www/main.js` as a `data:text/javascript;base64` URL in a
//!   `<script type="importmap">`, each under a bare name (`@backprop-lab/www/main.js`); the
//!   modules' relative import specifiers are rewritten to those names (a `data:` module has no
//!   base URL to resolve `./x.js` against);
//! - the wasm as base64 in a non-executed `<script type="application/octet-stream">`; the name
//!   of the wasm-bindgen glue maps to a small shim whose default `init()` hands those bytes to
//!   the real glue (`init({ module_or_path: bytes })`), so `main.js` runs unchanged;
//! - `import.meta.url` in a module becomes the URL its file would have beside the page.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::Result;

/// The single file's name inside `dist/`.
pub const SINGLE_FILE: &str = "backprop-lab.html";
const PREFIX: &str = "@backprop-lab/";
const GLUE: &str = "www/pkg/backprop_lab.js";
const WASM: &str = "www/pkg/backprop_lab_bg.wasm";
const WASM_ELEMENT: &str = "backprop-lab-wasm";

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `dist/` (the multi-file site) and `dist/backprop-lab.html`. `www/pkg` must be built.
pub fn dist(root: &Path) -> Result<()> {
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    }
    copy_site_dir(&root.join("www"), &dist.join("www"))?;
    for page in ["index.html", "embed.html"] {
        fs::copy(root.join(page), dist.join(page)).map_err(|e| format!("{page}: {e}"))?;
    }
    let html = single_file(root)?;
    write(&dist.join(SINGLE_FILE), &html)?;
    eprintln!(
        "xtask: wrote {} (site) and {} ({:.0} KB, self-contained)",
        dist.display(),
        dist.join(SINGLE_FILE).display(),
        html.len() as f64 / 1024.0
    );
    Ok(())
}

/// Copies a folder of the site, leaving out tests and dotfiles.
fn copy_site_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (path, name) = (entry.path(), entry.file_name());
        let name_str = name.to_string_lossy();
        if name_str.ends_with(".test.js") || name_str.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            copy_site_dir(&path, &to.join(&name))?;
        } else {
            fs::copy(&path, to.join(&name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The self-contained page: index.html with its stylesheet, modules and wasm inlined.
fn single_file(root: &Path) -> Result<String> {
    let mut html = read(&root.join("index.html"))?;
    let css = read(&root.join("www/style.css"))?;
    let icon = fs::read(root.join("www/favicon.svg")).map_err(|e| format!("favicon: {e}"))?;
    let wasm =
        fs::read(root.join(WASM)).map_err(|e| format!("{WASM}: {e} (run cargo xtask build)"))?;

    let mut modules = BTreeMap::new();
    collect_modules(root, "www/main.js", &mut modules)?;
    // The glue keeps its own name for the shim; the real glue moves to a second name.
    let glue = modules
        .remove(GLUE)
        .ok_or("www/main.js does not import www/pkg/backprop_lab.js")?;
    let real_glue = format!("{PREFIX}{GLUE}?glue");
    modules.insert(format!("{GLUE}?glue"), glue);
    let shim = format!(
        "import init from \"{real_glue}\";\nexport * from \"{real_glue}\";\n\
         export default function initInlined() {{\n  \
         const text = document.getElementById(\"{WASM_ELEMENT}\").textContent.trim();\n  \
         const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));\n  \
         return init({{ module_or_path: bytes }});\n}}\n"
    );
    modules.insert(GLUE.to_string(), shim);

    let imports: Vec<String> = modules
        .iter()
        .map(|(name, source)| {
            format!(
                "    \"{PREFIX}{name}\": \"data:text/javascript;base64,{}\"",
                base64(source.as_bytes())
            )
        })
        .collect();
    let importmap = format!(
        "<script type=\"importmap\">\n{{ \"imports\": {{\n{}\n}} }}\n</script>\n  \
         <script type=\"module\">import \"{PREFIX}www/main.js\";</script>",
        imports.join(",\n")
    );
    replace_once(
        &mut html,
        "<link rel=\"stylesheet\" href=\"www/style.css\">",
        &format!("<style>\n{css}\n</style>"),
    )?;
    replace_once(
        &mut html,
        "href=\"www/favicon.svg\"",
        &format!("href=\"data:image/svg+xml;base64,{}\"", base64(&icon)),
    )?;
    replace_once(
        &mut html,
        "<script type=\"module\" src=\"www/main.js\"></script>",
        &importmap,
    )?;
    replace_once(
        &mut html,
        "</body>",
        &format!(
            "<script type=\"application/octet-stream\" id=\"{WASM_ELEMENT}\">\n{}\n</script>\n</body>",
            base64(&wasm)
        ),
    )?;
    Ok(html)
}

fn replace_once(html: &mut String, from: &str, to: &str) -> Result<()> {
    let at = html.find(from).ok_or_else(|| {
        format!("index.html no longer contains {from:?}: update xtask/src/dist.rs")
    })?;
    html.replace_range(at..at + from.len(), to);
    Ok(())
}

/// Reads `name` (a path below the root) and every module it imports, rewriting relative
/// specifiers to bare `@backprop-lab/…` names.
fn collect_modules(root: &Path, name: &str, modules: &mut BTreeMap<String, String>) -> Result<()> {
    if modules.contains_key(name) {
        return Ok(());
    }
    let source = read(&root.join(name))?;
    modules.insert(name.to_string(), String::new()); // mark before recursing (import cycles)
    let dir = Path::new(name).parent().unwrap_or(Path::new(""));
    let (rewritten, imports) = rewrite_imports(&source, dir)?;
    // A data: module has no base URL: resolve `import.meta.url` to where the file would sit
    // beside the page, so `new URL("./x", import.meta.url)` still builds (its fetch, from
    // file://, is another matter: the playground needs none).
    let here = format!("new URL(\"{name}\", document.baseURI).href");
    modules.insert(
        name.to_string(),
        rewritten.replace("import.meta.url", &here),
    );
    for import in imports {
        collect_modules(root, &import, modules)?;
    }
    Ok(())
}

/// Rewrites each `from "./x.js"`, `import "./x.js"` and `import("./x.js")` specifier; returns
/// the new text and the imported paths (relative to the root). Only quotes that open a
/// `./` or `../` string right after `from` / `import` count, so apostrophes in comments and
/// other strings are left alone.
fn rewrite_imports(source: &str, dir: &Path) -> Result<(String, Vec<String>)> {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut imports = Vec::new();
    let (mut last, mut i) = (0, 0);
    while i < bytes.len() {
        let quote = bytes[i];
        // A quote is ASCII, so i + 1 is a char boundary.
        let opens = if quote == b'"' || quote == b'\'' {
            &source[i + 1..]
        } else {
            ""
        };
        if opens.starts_with("./") || opens.starts_with("../") {
            let line = &opens[..opens.find('\n').unwrap_or(opens.len())];
            let keyword = source[..i].trim_end().trim_end_matches('(').trim_end();
            if let (Some(end), true) = (
                line.find(quote as char),
                keyword.ends_with("from") || keyword.ends_with("import"),
            ) {
                let path = normalize(&dir.join(&line[..end]))?;
                out.push_str(&source[last..=i]);
                out.push_str(PREFIX);
                out.push_str(&path);
                imports.push(path);
                last = i + 1 + end;
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&source[last..]);
    Ok((out, imports))
}

/// `www/a/../b.js` → `www/b.js`, refusing paths that leave the root.
fn normalize(path: &Path) -> Result<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts
                    .pop()
                    .ok_or_else(|| format!("{} leaves the site", path.display()))?;
            }
            _ => {}
        }
    }
    Ok(PathBuf::from_iter(&parts)
        .to_string_lossy()
        .replace('\\', "/"))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn relative_imports_become_bare_names_and_other_strings_stay() {
        let src = "import a, { b } from \"./a.js\";\nimport './side.js';\nconst m = await import(\"../x/y.js\");\nconst s = \"./not-an-import.js\";\nnew URL('./w.wasm', import.meta.url);";
        let (out, imports) = rewrite_imports(src, Path::new("www/sub")).unwrap();
        assert!(out.contains("from \"@backprop-lab/www/sub/a.js\""));
        assert!(out.contains("import '@backprop-lab/www/sub/side.js'"));
        assert!(out.contains("import(\"@backprop-lab/www/x/y.js\")"));
        assert!(out.contains("\"./not-an-import.js\""));
        assert!(out.contains("new URL('./w.wasm'"));
        assert_eq!(imports, ["www/sub/a.js", "www/sub/side.js", "www/x/y.js"]);
    }
}
