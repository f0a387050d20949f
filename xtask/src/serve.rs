//! `cargo xtask serve`: a small HTTP/1.1 static file server for the app, on 127.0.0.1 only.
//!
//! - One thread per connection (at most [`MAX_CONNECTIONS`] at once), each with its own
//!   timeouts: a client that stops reading its response, or sends half a request, holds only its
//!   own thread, and only until [`WRITE_TIMEOUT`] / [`HEAD_TIMEOUT`]. Keep-alive connections
//!   close after [`IDLE_TIMEOUT`] without a request.
//! - Requests are parsed with limits: 400 for a malformed request, 414 for a request line over
//!   [`MAX_REQUEST_LINE`] bytes, 431 for a head over [`MAX_HEAD`] bytes or [`MAX_HEADERS`] header
//!   lines, 505 for an HTTP version other than 1.0 / 1.1, 405 for methods other than GET / HEAD.
//! - Only `Host: 127.0.0.1:PORT` or `localhost:PORT` is answered (403 otherwise, also when the
//!   header is missing), so a page on another site that rebinds its DNS name to 127.0.0.1
//!   cannot read what is served.
//! - Only what the app needs is served ([`site_path`]: the two pages, `www/`, `examples/`,
//!   `docs/` images; no dotfiles), and never a file whose real path (symlinks resolved) lies
//!   outside the root or outside those folders.
//! - Every response carries the pages' Content-Security-Policy ([`SITE_CSP`], also declared by
//!   each page in a `<meta>`), `X-Content-Type-Options: nosniff` and `Cache-Control: no-cache`;
//!   `.wasm` is `application/wasm`, so browsers can compile it while it streams in.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The Content-Security-Policy of the site's pages: sent by the server with every response and
/// declared by index.html, embed.html and examples/*.html in a `<meta>` (a unit test below holds
/// them equal). wasm needs 'wasm-unsafe-eval'; the Digits worker (www/app/digits-worker.js) and
/// everything else is 'self'; no inline script or style, no plugin, no `<base>`, no form posts.
pub const SITE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                            object-src 'none'; base-uri 'none'; form-action 'none'";

/// Connections served at once; one more gets 503 and is closed.
pub const MAX_CONNECTIONS: usize = 64;
/// The request line (method, target, version) at most.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The whole head (request line and headers) at most.
pub const MAX_HEAD: usize = 16 * 1024;
/// Header lines at most.
pub const MAX_HEADERS: usize = 100;
/// A keep-alive connection with no new request for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// From its first byte, a request's head must be complete within this.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A write that makes no progress for this long closes the connection.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

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

/// An HTTP status the server answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok = 200,
    BadRequest = 400,
    Forbidden = 403,
    NotFound = 404,
    MethodNotAllowed = 405,
    UriTooLong = 414,
    HeadersTooLarge = 431,
    InternalError = 500,
    Unavailable = 503,
    VersionNotSupported = 505,
}

impl Status {
    fn reason(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::BadRequest => "Bad Request",
            Status::Forbidden => "Forbidden",
            Status::NotFound => "Not Found",
            Status::MethodNotAllowed => "Method Not Allowed",
            Status::UriTooLong => "URI Too Long",
            Status::HeadersTooLarge => "Request Header Fields Too Large",
            Status::InternalError => "Internal Server Error",
            Status::Unavailable => "Service Unavailable",
            Status::VersionNotSupported => "HTTP Version Not Supported",
        }
    }
}

/// The parts of a request's head the server uses.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// HTTP/1.0 (false) or HTTP/1.1 (true).
    pub http11: bool,
    pub host: Option<String>,
    /// The client asked to close (`Connection: close`, or HTTP/1.0 without keep-alive).
    pub close: bool,
    /// A body follows the head (Content-Length > 0 or any Transfer-Encoding): the server does
    /// not read bodies, so it answers and closes the connection.
    pub has_body: bool,
}

/// A token character of RFC 9110 (methods and header names).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Where the head in `buf` ends (the index after its blank line), `None` if it has not ended
/// yet, or the status for a head over the limits. Lines may end in CRLF or a bare LF.
pub fn head_end(buf: &[u8]) -> Result<Option<usize>, Status> {
    let mut line_start = 0;
    let mut lines = 0;
    for (i, &b) in buf.iter().enumerate() {
        if b != b'\n' {
            continue;
        }
        let line = &buf[line_start..i];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if lines == 0 && i > MAX_REQUEST_LINE {
            return Err(Status::UriTooLong);
        }
        if line.is_empty() {
            // Blank lines before the request line are tolerated (RFC 9112 §2.2).
            if lines > 0 {
                return if i + 1 > MAX_HEAD {
                    Err(Status::HeadersTooLarge)
                } else {
                    Ok(Some(i + 1))
                };
            }
        } else {
            lines += 1;
            if lines > MAX_HEADERS + 1 {
                return Err(Status::HeadersTooLarge);
            }
        }
        line_start = i + 1;
    }
    if lines == 0 && buf.len() - line_start > MAX_REQUEST_LINE {
        Err(Status::UriTooLong)
    } else if buf.len() > MAX_HEAD {
        Err(Status::HeadersTooLarge)
    } else {
        Ok(None)
    }
}

/// Parses a complete head (as delimited by [`head_end`]).
pub fn parse_head(head: &[u8]) -> Result<Request, Status> {
    let text = std::str::from_utf8(head).map_err(|_| Status::BadRequest)?;
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let request_line = lines.next().ok_or(Status::BadRequest)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Status::BadRequest);
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Status::BadRequest);
    }
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Status::BadRequest);
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.len() == 8
            && v.starts_with("HTTP/")
            && v.as_bytes()[5].is_ascii_digit()
            && v.as_bytes()[6] == b'.'
            && v.as_bytes()[7].is_ascii_digit() =>
        {
            return Err(Status::VersionNotSupported)
        }
        _ => return Err(Status::BadRequest),
    };
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        http11,
        host: None,
        close: !http11,
        has_body: false,
    };
    let mut content_length: Option<u64> = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        // Obsolete line folding and whitespace before the colon are refused (RFC 9112 §5).
        let (name, value) = line.split_once(':').ok_or(Status::BadRequest)?;
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(Status::BadRequest);
        }
        let value = value.trim_matches([' ', '\t']);
        if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            return Err(Status::BadRequest);
        }
        if name.eq_ignore_ascii_case("host") {
            if request.host.is_some() {
                return Err(Status::BadRequest);
            }
            request.host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("content-length") {
            let n: u64 = value
                .parse()
                .ok()
                .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
                .ok_or(Status::BadRequest)?;
            if content_length.is_some_and(|m| m != n) {
                return Err(Status::BadRequest);
            }
            content_length = Some(n);
            request.has_body |= n > 0;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            request.has_body = true;
        } else if name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                if token.eq_ignore_ascii_case("close") {
                    request.close = true;
                } else if token.eq_ignore_ascii_case("keep-alive") && !http11 {
                    request.close = false;
                }
            }
        }
    }
    if http11 && request.host.is_none() {
        // RFC 9112 §3.2 makes this a 400; the server refuses it as it refuses any other host.
        return Err(Status::Forbidden);
    }
    Ok(request)
}

/// Whether `host` (a Host header) names this server: `127.0.0.1:PORT` or `localhost:PORT`.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Whether a path relative to the root (`/`-separated, no `.` or `..`) is part of the site:
/// index.html, embed.html, what is below www/ and examples/ (not the JS unit tests), the
/// images of docs/; never a dotfile or a file in a dot folder.
pub fn site_path(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.starts_with('.') || p.contains('\\'))
    {
        return false;
    }
    let name = parts[parts.len() - 1];
    match parts[0] {
        "index.html" | "embed.html" => parts.len() == 1,
        "www" => parts.len() > 1 && !name.ends_with(".test.js"),
        "examples" => parts.len() > 1,
        "docs" => parts.len() == 2 && (name.ends_with(".png") || name.ends_with(".svg")),
        _ => false,
    }
}

/// Decodes `%XX` escapes; `None` for a bad escape, a result that is not UTF-8, or a NUL.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

/// The site path a request target names (`/` is index.html), before any file-system check:
/// 400 for a target that is not an origin-form path or does not decode, 404 for one that climbs
/// (`..`) or is not part of the site.
pub fn target_path(target: &str) -> Result<String, Status> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Status::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(Status::BadRequest)?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(Status::NotFound),
            p => parts.push(p),
        }
    }
    if decoded.ends_with('/') {
        parts.push("index.html");
    }
    let rel = parts.join("/");
    if site_path(&rel) {
        Ok(rel)
    } else {
        Err(Status::NotFound)
    }
}

/// The file a request target names below `root` (canonical): the target's path must be part of
/// the site, and so must the file's real path once every symlink is resolved.
pub fn resolve(root: &Path, target: &str) -> Result<PathBuf, Status> {
    let rel = target_path(target)?;
    let file = root
        .join(&rel)
        .canonicalize()
        .map_err(|_| Status::NotFound)?;
    let real = file.strip_prefix(root).map_err(|_| Status::NotFound)?;
    let mut real_parts = Vec::new();
    for c in real.components() {
        match c {
            Component::Normal(p) => real_parts.push(p.to_str().ok_or(Status::NotFound)?),
            _ => return Err(Status::NotFound),
        }
    }
    if !site_path(&real_parts.join("/")) || !file.is_file() {
        return Err(Status::NotFound);
    }
    Ok(file)
}

pub fn serve(root: &Path, port: u16) -> Result<(), String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let address = format!("127.0.0.1:{port}");
    let listener =
        TcpListener::bind(&address).map_err(|e| format!("could not listen on {address}: {e}"))?;
    // --port 0 takes a free port: the line below says which.
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    println!("Backprop Lab is served on http://127.0.0.1:{port}/  (Ctrl+C stops)");
    let _ = io::stdout().flush();
    let root = Arc::new(root);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = respond(&mut stream, Status::Unavailable, None, true, true);
            continue;
        }
        let (root, guard) = (Arc::clone(&root), Open(Arc::clone(&open)));
        let spawned = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _guard = guard;
                connection(stream, &root, port);
            });
        if let Err(e) = spawned {
            eprintln!("xtask serve: could not start a thread for a connection: {e}");
        }
    }
    Ok(())
}

/// Counts an open connection until it is dropped.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Why no request head came.
enum Wait {
    /// The client closed, timed out or the socket failed: close without answering.
    Gone,
    /// The head is malformed or over a limit: answer with this and close.
    Refuse(Status),
}

/// Reads until `buf` holds a whole head; returns its length. Waits up to [`IDLE_TIMEOUT`] for
/// the first byte and then up to [`HEAD_TIMEOUT`] for the rest.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<usize, Wait> {
    let mut deadline = Instant::now()
        + if buf.is_empty() {
            IDLE_TIMEOUT
        } else {
            HEAD_TIMEOUT
        };
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buf).map_err(Wait::Refuse)? {
            return Ok(end);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Wait::Gone);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Wait::Gone)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(Wait::Gone),
            Ok(n) => {
                if buf.is_empty() {
                    deadline = Instant::now() + HEAD_TIMEOUT;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Wait::Gone),
        }
    }
}

fn connection(mut stream: TcpStream, root: &Path, port: u16) {
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    loop {
        let end = match read_head(&mut stream, &mut buf) {
            Ok(end) => end,
            Err(Wait::Gone) => return,
            Err(Wait::Refuse(status)) => {
                let _ = respond(&mut stream, status, None, false, true);
                return close_gently(stream);
            }
        };
        let head: Vec<u8> = buf.drain(..end).collect();
        let (status, file, head_only, close) = match parse_head(&head) {
            Err(status) => (status, None, false, true),
            Ok(request) => {
                let close = request.close || request.has_body;
                let head_only = request.method == "HEAD";
                if !host_allowed(request.host.as_deref(), port) {
                    (Status::Forbidden, None, head_only, true)
                } else if request.method != "GET" && !head_only {
                    (Status::MethodNotAllowed, None, false, close)
                } else {
                    match resolve(root, &request.target) {
                        Ok(file) => (Status::Ok, Some(file), head_only, close),
                        Err(status) => (
                            status,
                            None,
                            head_only,
                            close || status == Status::BadRequest,
                        ),
                    }
                }
            }
        };
        match respond(&mut stream, status, file.as_deref(), head_only, close) {
            Ok(true) if !close => {}
            Ok(_) => return close_gently(stream),
            Err(_) => return,
        }
    }
}

/// Closes after the answer without resetting it away: stops writing, then reads (and drops)
/// what the client still sends, briefly, so the kernel does not answer unread bytes with a RST.
fn close_gently(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 256 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Writes one response: the file (200) or a short text for `status`. Returns whether the
/// connection may stay open (false if the file could not be read and a 500 went out instead).
fn respond(
    stream: &mut TcpStream,
    status: Status,
    file: Option<&Path>,
    head_only: bool,
    close: bool,
) -> io::Result<bool> {
    let (status, content_type, body) = match file {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => (status, mime_type(path), bytes),
            Err(e) => (
                Status::InternalError,
                "text/plain; charset=utf-8",
                format!("cannot read the file: {e}\n").into_bytes(),
            ),
        },
        None => (
            status,
            "text/plain; charset=utf-8",
            format!("{} {}\n", status as u16, status.reason()).into_bytes(),
        ),
    };
    let close = close || status == Status::InternalError;
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: {SITE_CSP}\r\nReferrer-Policy: no-referrer\r\n",
        status as u16,
        status.reason(),
        body.len()
    );
    if status == Status::MethodNotAllowed {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str(if close {
        "Connection: close\r\n\r\n"
    } else {
        "Connection: keep-alive\r\n\r\n"
    });
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    Ok(!close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .canonicalize()
            .unwrap()
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime_type(Path::new("a/b.wasm")), "application/wasm");
    }

    #[test]
    fn the_site_is_the_pages_www_examples_and_docs_images_only() {
        for ok in [
            "index.html",
            "embed.html",
            "www/main.js",
            "www/pkg/backprop_lab_bg.wasm",
            "www/data/light/train-images.idx.gz",
            "examples/slides.html",
            "docs/screenshot.png",
        ] {
            assert!(site_path(ok), "{ok} is part of the site");
        }
        for no in [
            "",
            "Cargo.lock",
            "Cargo.toml",
            ".git/config",
            "target/release/xtask",
            "node_modules/playwright-core/package.json",
            "xtask/src/serve.rs",
            "tests/browser/harness.mjs",
            "www",
            "www/.gitignore",
            "www/pkg/.gitignore",
            "www/.hidden/x.js",
            "www/lib/hash.test.js",
            "docs/ARCHITECTURE.md",
            "index.html/x",
            "www//main.js",
        ] {
            assert!(!site_path(no), "{no:?} is not part of the site");
        }
    }

    #[test]
    fn targets_decode_refuse_climbing_and_map_slash_to_index() {
        assert_eq!(target_path("/"), Ok("index.html".into()));
        assert_eq!(target_path("/index.html?x=1#y"), Ok("index.html".into()));
        assert_eq!(target_path("/./www/%6Dain.js"), Ok("www/main.js".into()));
        assert_eq!(target_path("/www/../Cargo.lock"), Err(Status::NotFound));
        assert_eq!(target_path("/www/%2e%2e/Cargo.lock"), Err(Status::NotFound));
        assert_eq!(target_path("/www/..%2FCargo.lock"), Err(Status::NotFound));
        assert_eq!(target_path("/.git/config"), Err(Status::NotFound));
        assert_eq!(target_path("/Cargo.lock"), Err(Status::NotFound));
        assert_eq!(target_path("/www/%zz"), Err(Status::BadRequest));
        assert_eq!(target_path("/www/%00.js"), Err(Status::BadRequest));
        assert_eq!(target_path("/www/%ff.js"), Err(Status::BadRequest));
        assert_eq!(
            target_path("http://127.0.0.1:8000/index.html"),
            Err(Status::BadRequest)
        );
        assert_eq!(target_path("*"), Err(Status::BadRequest));
    }

    #[test]
    fn resolve_follows_no_link_out_of_the_site() {
        let root = workspace();
        assert_eq!(resolve(&root, "/index.html"), Ok(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/www/no-such-file.js"),
            Err(Status::NotFound)
        );
        #[cfg(unix)]
        {
            let name = format!("serve-unit-{}.txt", std::process::id());
            let link = root.join("www").join(&name);
            let link_in = root.join("www").join(format!("in-{name}"));
            std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
            // A link that stays in the root but leaves the site: Cargo.lock.
            std::os::unix::fs::symlink(root.join("Cargo.lock"), &link_in).unwrap();
            let out = resolve(&root, &format!("/www/{name}"));
            let inside = resolve(&root, &format!("/www/in-{name}"));
            std::fs::remove_file(&link).unwrap();
            std::fs::remove_file(&link_in).unwrap();
            assert_eq!(out, Err(Status::NotFound));
            assert_eq!(inside, Err(Status::NotFound));
        }
    }

    #[test]
    fn only_this_servers_own_host_names_are_answered() {
        assert!(host_allowed(Some("127.0.0.1:8000"), 8000));
        assert!(host_allowed(Some("localhost:8000"), 8000));
        assert!(host_allowed(Some("LocalHost:8000"), 8000));
        assert!(!host_allowed(Some("127.0.0.1:8001"), 8000));
        assert!(!host_allowed(Some("127.0.0.1"), 8000));
        assert!(!host_allowed(Some("evil.example:8000"), 8000));
        assert!(!host_allowed(Some("localhost.evil.example:8000"), 8000));
        assert!(!host_allowed(Some(""), 8000));
        assert!(!host_allowed(None, 8000));
    }

    #[test]
    fn a_head_ends_at_its_blank_line_within_the_limits() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), Ok(None));
        let full = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x";
        assert_eq!(head_end(full), Ok(Some(27)));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\n"), Ok(Some(24)));
        assert_eq!(head_end(b"\r\nGET / HTTP/1.1\r\n\r\n"), Ok(Some(20)));
        let long_line = format!("GET /{} HTTP/1.1", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(head_end(long_line.as_bytes()), Err(Status::UriTooLong));
        let long_head = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(head_end(long_head.as_bytes()), Err(Status::HeadersTooLarge));
        let many = format!("GET / HTTP/1.1\r\n{}", "X: 1\r\n".repeat(MAX_HEADERS + 1));
        assert_eq!(head_end(many.as_bytes()), Err(Status::HeadersTooLarge));
    }

    #[test]
    fn requests_parse_and_malformed_ones_are_refused() {
        let r = parse_head(b"GET /www/main.js?x HTTP/1.1\r\nHost:  127.0.0.1:8000 \r\n\r\n");
        assert_eq!(
            r,
            Ok(Request {
                method: "GET".into(),
                target: "/www/main.js?x".into(),
                http11: true,
                host: Some("127.0.0.1:8000".into()),
                close: false,
                has_body: false,
            })
        );
        let r = parse_head(b"HEAD / HTTP/1.0\r\n\r\n").unwrap();
        assert!(r.close && !r.http11 && r.host.is_none());
        let r = parse_head(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").unwrap();
        assert!(!r.close);
        let r = parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").unwrap();
        assert!(r.close);
        let r = parse_head(b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert!(r.has_body && r.method == "PUT");
        let r = parse_head(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            .unwrap();
        assert!(r.has_body);
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\n\r\n"),
            Err(Status::Forbidden),
            "no Host"
        );
        assert_eq!(
            parse_head(b"GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
            Err(Status::VersionNotSupported)
        );
        for bad in [
            &b"\r\n\r\n"[..],
            b"GET /\r\nHost: a\r\n\r\n",
            b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            b"GET / HTTP/1.1 x\r\nHost: a\r\n\r\n",
            b"G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"GET / HTTX/1.1\r\nHost: a\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n",
        ] {
            assert_eq!(
                parse_head(bad),
                Err(Status::BadRequest),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    /// The `content` of the page's `<meta http-equiv="Content-Security-Policy">`.
    fn meta_csp(html: &str) -> Option<&str> {
        let tag = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
        let start = html.find(tag)? + tag.len();
        Some(&html[start..start + html[start..].find('"')?])
    }

    #[test]
    fn every_page_declares_the_policy_the_server_sends_before_any_script_or_style() {
        let root = workspace();
        for page in ["index.html", "embed.html", "examples/slides.html"] {
            let html = std::fs::read_to_string(root.join(page)).unwrap();
            assert_eq!(meta_csp(&html), Some(SITE_CSP), "{page}");
            let meta = html.find("http-equiv=\"Content-Security-Policy\"").unwrap();
            for later in ["<script", "<link rel=\"stylesheet\"", "<style"] {
                assert!(
                    html.find(later).is_none_or(|at| at > meta),
                    "{page}: the policy comes before {later}"
                );
            }
        }
    }
}
