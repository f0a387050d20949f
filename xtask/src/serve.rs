//! A small static file server for the project folder, with the MIME types the page needs
//! (`.wasm` as `application/wasm`, so browsers can compile it while it streams in).

use std::path::{Component, Path, PathBuf};

pub fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ts" => "text/plain; charset=utf-8",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Maps a request URL to a file below `root`, refusing anything that climbs out of it.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    let address = format!("127.0.0.1:{port}");
    let server = tiny_http::Server::http(&address)
        .map_err(|e| format!("could not listen on {address}: {e}"))?;
    println!("Backprop Lab is served on http://{address}/  (Ctrl+C stops)");
    for request in server.incoming_requests() {
        let response = match resolve(root, request.url()) {
            Some(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    let header = tiny_http::Header::from_bytes("Content-Type", mime_type(&file))
                        .expect("static header is valid");
                    let no_cache = tiny_http::Header::from_bytes("Cache-Control", "no-cache")
                        .expect("static header is valid");
                    tiny_http::Response::from_data(bytes)
                        .with_header(header)
                        .with_header(no_cache)
                }
                Err(e) => tiny_http::Response::from_string(format!("cannot read: {e}"))
                    .with_status_code(500),
            },
            None => tiny_http::Response::from_string("not found").with_status_code(404),
        };
        // A client that went away is not the server's problem.
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_paths_that_leave_the_root() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(resolve(root, "/../Cargo.toml"), None);
        assert_eq!(
            resolve(root, "/Cargo.toml?x=1"),
            Some(root.join("Cargo.toml"))
        );
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime_type(Path::new("a/b.wasm")), "application/wasm");
    }
}
