//! `cargo xtask dist`: the static site in `dist/` (index.html, embed.html, www/) and
//! `dist/backprop-lab.html`, one self-contained file that works offline from `file://`.
//!
//! The single file inlines everything without a bundler:
//! - the stylesheet as a `<style>` block, the favicon as a `data:` URL;
//! - every ES module reachable from `www/main.js` as a `data:text/javascript;base64` URL in a
//!   `<script type="importmap">`, each under a bare name (`@backprop-lab/www/main.js`); the
//!   modules' relative import specifiers are rewritten to those names (a `data:` module has no
//!   base URL to resolve `./x.js` against);
//! - each wasm module (the page's and the extras) as base64 in a non-executed
//!   `<script type="application/octet-stream">`; the name of each wasm-bindgen glue maps to a
//!   small shim whose default `init()` hands those bytes to the real glue
//!   (`init({ module_or_path: bytes })`), so `main.js` and `extras.js` run unchanged;
//! - `import.meta.url` in a module becomes the URL its file would have beside the page;
//! - for the Digits tab, `www/app/digits-source.js` (where the scene gets its worker, MNIST and the
//!   pretrained network) maps to a generated module that serves them from the file: the light
//!   MNIST set's .gz files, its manifest and the pretrained JSON as base64 elements, and the
//!   worker as a module worker from a `data:` URL whose imports are `data:` URLs too (import
//!   maps do not reach workers, and from `file://` a `blob:` module worker does not load). The
//!   page posts the wasm bytes and the data to the worker with its "load" message;
//! - for the Cost surface tab, `www/surface/source.js` (where the panel gets its worker and the
//!   worker its wasm) maps to a generated module that starts the surface worker the same way,
//!   from a `data:` URL, and hands it the extras module's bytes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::Result;

/// The single file's name inside `dist/`.
pub const SINGLE_FILE: &str = "backprop-lab.html";
const PREFIX: &str = "@backprop-lab/";
/// Each wasm module: (its glue, its .wasm, the element of the single file that holds it).
const WASM_MODULES: [(&str, &str, &str); 2] = [
    (
        "www/pkg/backprop_lab.js",
        "www/pkg/backprop_lab_bg.wasm",
        "backprop-lab-wasm",
    ),
    (
        "www/pkg/backprop_lab_extras.js",
        "www/pkg/backprop_lab_extras_bg.wasm",
        "backprop-lab-extras-wasm",
    ),
];
/// The element of the extras module, which the Digits and surface workers get their wasm from.
const EXTRAS_WASM_ELEMENT: &str = WASM_MODULES[1].2;
/// The Digits scene's seam: the one module the single file replaces with a generated one.
const DIGITS_SOURCE: &str = "www/app/digits-source.js";
const DIGITS_WORKER: &str = "www/app/digits-worker.js";
const WORKER_ELEMENT: &str = "backprop-lab-digits-worker";
const PRETRAINED: &str = "www/data-pretrained/digits-784-16-16-10.json";
const PRETRAINED_ELEMENT: &str = "backprop-lab-digits-pretrained";
/// The Cost surface tab's seam, replaced like the Digits scene's, and its worker.
const SURFACE_SOURCE: &str = "www/surface/source.js";
const SURFACE_WORKER: &str = "www/surface/worker.js";
const SURFACE_WORKER_ELEMENT: &str = "backprop-lab-surface-worker";
/// The MNIST set the single file carries (`www/data/light/`, 10k / 2k; see data.rs).
const LIGHT_SET: &str = "light";

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
pub fn copy_site_dir(from: &Path, to: &Path) -> Result<()> {
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

    let mut modules = BTreeMap::new();
    collect_modules(root, "www/main.js", &mut modules)?;
    let (digits_source, mut blobs) = digits_single_file(root)?;
    modules
        .insert(DIGITS_SOURCE.to_string(), digits_source)
        .ok_or(
            "www/main.js no longer imports www/app/digits-source.js: update xtask/src/dist.rs",
        )?;
    let (surface_source, surface_worker) = surface_single_file(root)?;
    modules
        .insert(SURFACE_SOURCE.to_string(), surface_source)
        .ok_or("www/main.js no longer imports www/surface/source.js: update xtask/src/dist.rs")?;
    blobs.push(surface_worker);
    for (i, (glue_name, wasm_name, element)) in WASM_MODULES.into_iter().enumerate() {
        let wasm = fs::read(root.join(wasm_name))
            .map_err(|e| format!("{wasm_name}: {e} (run cargo xtask build)"))?;
        blobs.insert(i, (element.to_string(), wasm));
        // The glue keeps its own name for the shim; the real glue moves to a second name.
        let glue = modules
            .remove(glue_name)
            .ok_or_else(|| format!("the modules of www/main.js do not import {glue_name}"))?;
        let real_glue = format!("{PREFIX}{glue_name}?glue");
        modules.insert(format!("{glue_name}?glue"), glue);
        let shim = format!(
            "import init from \"{real_glue}\";\nexport * from \"{real_glue}\";\n\
             export default function initInlined() {{\n  \
             const text = document.getElementById(\"{element}\").textContent.trim();\n  \
             const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));\n  \
             return init({{ module_or_path: bytes }});\n}}\n"
        );
        modules.insert(glue_name.to_string(), shim);
    }

    let imports: Vec<String> = modules
        .iter()
        .map(|(name, source)| {
            format!(
                "    \"{PREFIX}{name}\": \"data:text/javascript;base64,{}\"",
                base64(source.as_bytes())
            )
        })
        .collect();
    let importmap_text = format!("\n{{ \"imports\": {{\n{}\n}} }}\n", imports.join(",\n"));
    let entry_text = format!("import \"{PREFIX}www/main.js\";");
    let style_text = format!("\n{css}\n");
    let importmap = format!(
        "<script type=\"importmap\">{importmap_text}</script>\n  \
         <script type=\"module\">{entry_text}</script>"
    );
    // The page's policy, for a page whose scripts and style are inline: those by hash, the
    // modules and the Digits worker (and its imports) as data: URLs, the favicon a data: image.
    let policy = format!(
        "default-src 'none'; script-src {} {} data: 'wasm-unsafe-eval'; style-src {}; \
         img-src data:; worker-src data:; object-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(&importmap_text),
        csp_hash(&entry_text),
        csp_hash(&style_text)
    );
    replace_once(
        &mut html,
        &format!("content=\"{}\"", crate::serve::SITE_CSP),
        &format!("content=\"{policy}\""),
    )?;
    replace_once(
        &mut html,
        "<link rel=\"stylesheet\" href=\"www/style.css\">",
        &format!("<style>{style_text}</style>"),
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
    // Bytes as base64 in elements the browser never runs, read only when they are needed.
    let elements: String = blobs
        .iter()
        .map(|(id, bytes)| {
            format!(
                "<script type=\"application/octet-stream\" id=\"{id}\">\n{}\n</script>\n",
                base64(bytes)
            )
        })
        .collect();
    replace_once(&mut html, "</body>", &format!("{elements}</body>"))?;
    Ok(html)
}

/// A non-executed element of the single file: its id and the bytes it holds as base64.
type Inlined = (String, Vec<u8>);

/// The Digits scene in the single file: the generated `www/app/digits-source.js`, and the
/// elements (id, bytes) it reads: the worker's entry module, the pretrained network and the
/// light set's .gz files.
fn digits_single_file(root: &Path) -> Result<(String, Vec<Inlined>)> {
    let mut blobs = Vec::new();
    let worker = module_source_with_data_imports(root, DIGITS_WORKER, &mut Vec::new())?;
    blobs.push((WORKER_ELEMENT.to_string(), worker.into_bytes()));
    let pretrained = fs::read(root.join(PRETRAINED))
        .map_err(|e| format!("{PRETRAINED}: {e} (run cargo xtask pretrain)"))?;
    blobs.push((PRETRAINED_ELEMENT.to_string(), pretrained));

    let data = root.join("www/data");
    let manifest =
        read(&data.join("manifest.json")).map_err(|e| format!("{e} (run cargo xtask build)"))?;
    let dir = data.join(LIGHT_SET);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e} (run cargo xtask build)", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".idx.gz"))
        .collect();
    names.sort();
    if names.len() != 4 {
        return Err(format!(
            "{} holds {} .idx.gz files, not 4: run cargo xtask build",
            dir.display(),
            names.len()
        ));
    }
    // The manifest's url of each file → the element that holds it.
    let mut files = Vec::new();
    for name in names {
        let id = format!(
            "backprop-lab-mnist-{LIGHT_SET}-{}",
            name.trim_end_matches(".idx.gz")
        );
        let bytes = fs::read(dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        files.push(format!("  \"{LIGHT_SET}/{name}\": \"{id}\","));
        blobs.push((id, bytes));
    }
    let source = format!(
        "// www/app/digits-source.js of dist/backprop-lab.html, written by `cargo xtask dist` in place of\n\
         // the site's: the worker, the light MNIST set and the pretrained network come from bytes\n\
         // inlined in this file, so the Digits tab works offline from file://.\n\
         const text = (id) => document.getElementById(id).textContent.trim();\n\
         const bytes = (id) => Uint8Array.from(atob(text(id)), (c) => c.charCodeAt(0));\n\
         const all = {manifest};\n\
         const manifest = {{ source: all.source, {LIGHT_SET}: all.{LIGHT_SET} }};\n\
         const FILES = {{\n{}\n}};\n\n\
         export const SETS = [[\"{LIGHT_SET}\", \"light 10k / 2k (built into this file)\"]];\n\n\
         // From file:// a blob: module worker does not load; a data: one does, and import maps do\n\
         // not reach workers, so its imports are data: URLs as well.\n\
         export function createWorker() {{\n  \
         return new Worker(`data:text/javascript;base64,${{text(\"{WORKER_ELEMENT}\")}}`, {{ type: \"module\" }});\n}}\n\n\
         export function workerSource() {{\n  \
         const files = Object.fromEntries(Object.entries(FILES).map(([url, id]) => [url, bytes(id)]));\n  \
         return {{ wasm: bytes(\"{EXTRAS_WASM_ELEMENT}\"), data: {{ manifest, files }} }};\n}}\n\n\
         export async function pretrainedText() {{\n  \
         return new TextDecoder().decode(bytes(\"{PRETRAINED_ELEMENT}\"));\n}}\n",
        files.join("\n")
    );
    Ok((source, blobs))
}

/// The Cost surface tab in the single file: the generated `www/surface/source.js` and the
/// element (id, bytes) of the worker's entry module, whose imports are `data:` URLs.
fn surface_single_file(root: &Path) -> Result<(String, Inlined)> {
    let worker = module_source_with_data_imports(root, SURFACE_WORKER, &mut Vec::new())?;
    let source = format!(
        "// www/surface/source.js of dist/backprop-lab.html, written by `cargo xtask dist` in place of\n\
         // the site's: the surface worker and the extras wasm come from bytes inlined in this file.\n\
         const text = (id) => document.getElementById(id).textContent.trim();\n\n\
         export function createWorker() {{\n  \
         return new Worker(`data:text/javascript;base64,${{text(\"{SURFACE_WORKER_ELEMENT}\")}}`, {{ type: \"module\" }});\n}}\n\n\
         export function workerWasm() {{\n  \
         return Uint8Array.from(atob(text(\"{EXTRAS_WASM_ELEMENT}\")), (c) => c.charCodeAt(0));\n}}\n"
    );
    Ok((
        source,
        (SURFACE_WORKER_ELEMENT.to_string(), worker.into_bytes()),
    ))
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
    let (rewritten, imports) = rewrite_imports(&source, dir, &|path| format!("{PREFIX}{path}"))?;
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

/// The text of module `name` with each relative import replaced by a `data:` URL of the
/// imported module, itself so rewritten: a module graph that loads where import maps do not
/// apply (a worker). `stack` holds the modules being rewritten, to refuse an import cycle.
fn module_source_with_data_imports(
    root: &Path,
    name: &str,
    stack: &mut Vec<String>,
) -> Result<String> {
    if stack.iter().any(|n| n == name) {
        return Err(format!(
            "{name} imports itself through {stack:?}: a data: URL graph cannot"
        ));
    }
    let source = read(&root.join(name))?;
    let dir = Path::new(name).parent().unwrap_or(Path::new(""));
    let (_, imports) = rewrite_imports(&source, dir, &|path| path.to_string())?;
    stack.push(name.to_string());
    let mut urls = BTreeMap::new();
    for import in imports {
        let text = module_source_with_data_imports(root, &import, stack)?;
        urls.insert(
            import,
            format!("data:text/javascript;base64,{}", base64(text.as_bytes())),
        );
    }
    stack.pop();
    let (rewritten, _) = rewrite_imports(&source, dir, &|path| urls[path].clone())?;
    Ok(rewritten)
}

/// Rewrites each `from "./x.js"`, `import "./x.js"` and `import("./x.js")` specifier to
/// `to(path)`, path being the imported file relative to the root; returns the new text and
/// those paths. Only quotes that open a `./` or `../` string right after `from` / `import`
/// count, so apostrophes in comments and other strings are left alone.
fn rewrite_imports(
    source: &str,
    dir: &Path,
    to: &dyn Fn(&str) -> String,
) -> Result<(String, Vec<String>)> {
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
                out.push_str(&to(&path));
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

/// A Content-Security-Policy source for an inline element of exactly this text.
fn csp_hash(text: &str) -> String {
    use sha2::Digest;
    format!(
        "'sha256-{}'",
        base64(&sha2::Sha256::digest(text.as_bytes()))
    )
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
    fn csp_hashes_are_base64_sha256_of_the_exact_text() {
        // FIPS 180-4's examples: "" and "abc".
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }

    #[test]
    fn a_worker_graph_inlines_each_import_as_a_data_url_of_its_own_rewritten_text() {
        let root = std::env::temp_dir().join(format!("backprop-lab-dist-{}", std::process::id()));
        fs::create_dir_all(root.join("www/pkg")).unwrap();
        fs::write(
            root.join("www/w.js"),
            "import { g } from \"./pkg/g.js\";\ng();",
        )
        .unwrap();
        fs::write(
            root.join("www/pkg/g.js"),
            "import \"../c.js\";\nexport const g = () => 1;",
        )
        .unwrap();
        fs::write(root.join("www/c.js"), "export {};").unwrap();
        let url = |text: &str| format!("data:text/javascript;base64,{}", base64(text.as_bytes()));
        let g = format!(
            "import \"{}\";\nexport const g = () => 1;",
            url("export {};")
        );
        let w = module_source_with_data_imports(&root, "www/w.js", &mut Vec::new()).unwrap();
        assert_eq!(w, format!("import {{ g }} from \"{}\";\ng();", url(&g)));
        fs::write(root.join("www/c.js"), "import \"./w.js\";").unwrap();
        let cycle = module_source_with_data_imports(&root, "www/w.js", &mut Vec::new());
        assert!(cycle.unwrap_err().contains("imports itself"));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_surface_seam_starts_the_inlined_worker_and_hands_it_the_extras_bytes() {
        let root =
            std::env::temp_dir().join(format!("backprop-lab-surface-{}", std::process::id()));
        fs::create_dir_all(root.join("www/pkg")).unwrap();
        fs::create_dir_all(root.join(SURFACE_WORKER).parent().unwrap()).unwrap();
        fs::write(
            root.join(SURFACE_WORKER),
            "import init from \"../pkg/backprop_lab_extras.js\";\ninit();",
        )
        .unwrap();
        fs::write(
            root.join("www/pkg/backprop_lab_extras.js"),
            "export default () => 1;",
        )
        .unwrap();
        let (source, (id, worker)) = surface_single_file(&root).unwrap();
        assert_eq!(id, SURFACE_WORKER_ELEMENT);
        let glue = format!(
            "data:text/javascript;base64,{}",
            base64(b"export default () => 1;")
        );
        assert_eq!(
            String::from_utf8(worker).unwrap(),
            format!("import init from \"{glue}\";\ninit();")
        );
        assert!(source.contains("export function createWorker()"));
        assert!(source.contains(&format!(
            "data:text/javascript;base64,${{text(\"{SURFACE_WORKER_ELEMENT}\")}}"
        )));
        assert!(source.contains("export function workerWasm()"));
        assert!(source.contains(&format!("atob(text(\"{EXTRAS_WASM_ELEMENT}\"))")));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn relative_imports_become_bare_names_and_other_strings_stay() {
        let src = "import a, { b } from \"./a.js\";\nimport './side.js';\nconst m = await import(\"../x/y.js\");\nconst s = \"./not-an-import.js\";\nnew URL('./w.wasm', import.meta.url);";
        let (out, imports) =
            rewrite_imports(src, Path::new("www/sub"), &|p| format!("{PREFIX}{p}")).unwrap();
        assert!(out.contains("from \"@backprop-lab/www/sub/a.js\""));
        assert!(out.contains("import '@backprop-lab/www/sub/side.js'"));
        assert!(out.contains("import(\"@backprop-lab/www/x/y.js\")"));
        assert!(out.contains("\"./not-an-import.js\""));
        assert!(out.contains("new URL('./w.wasm'"));
        assert_eq!(imports, ["www/sub/a.js", "www/sub/side.js", "www/x/y.js"]);
    }
}
