//! The core's modules import each other in one direction only: no `use crate::…` circle
//! (issue 11: `network ↔ gradient` and `optimizer ↔ playground` were circles).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module name → the crate modules it names in `use crate::…` or `crate::…::` paths.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut graph = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        // src/digits/trainer.rs belongs to module `digits`, src/digits.rs too.
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let uses: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let is_module = rest[name.len()..].starts_with("::");
            if is_module && name != module && !name.is_empty() {
                uses.insert(name);
            }
        }
        // `use crate::{a::x, b::y}` groups.
        for (i, _) in code.match_indices("use crate::{") {
            let group = &code[i..code[i..].find('}').map_or(code.len(), |e| i + e)];
            for part in group["use crate::{".len()..].split(',') {
                let name = part.trim().split("::").next().unwrap_or("").to_string();
                if !name.is_empty() && name != module {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

#[test]
fn the_core_has_no_import_circles() {
    let graph = graph();
    assert!(graph.contains_key("network") && graph.contains_key("batch"));
    // Depth-first search for a back edge, reporting the circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("import circle: {} → {m}", path[at..].join(" → "));
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_graph_sees_the_imports_it_checks() {
    let graph = graph();
    // A few edges that must exist, so the parser is known to work.
    assert!(
        graph["playground"].contains("optimizer"),
        "{:?}",
        graph["playground"]
    );
    assert!(
        graph["network"].contains("gradient"),
        "{:?}",
        graph["network"]
    );
    assert!(graph["surface"].contains("batch"), "{:?}", graph["surface"]);
    assert!(
        graph["optimizer"].contains("network"),
        "{:?}",
        graph["optimizer"]
    );
}
