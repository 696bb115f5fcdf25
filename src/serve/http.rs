//! The preview's HTTP side: a fixed set of routes, every answer made from memory.
//!
//! Nothing here reads a file named by a request: the page and its script are compiled
//! in, the EPUB's files and the painted pages come from the last good build. A path
//! that is not one of those is a 404, so `..`, absolute paths and symlinks lead
//! nowhere.

use super::state::{Preview, Snapshot};
use std::io::Write;
use std::sync::Arc;
use tiny_http::{Header, Request, Response, StatusCode};

/// The preview page: HTML, CSS and script in one file, no network.
const PAGE: &str = include_str!("page.html");

/// Paints one print page of a snapshot (as SVG).
pub type Painter = fn(&Preview, &Snapshot, usize) -> Option<Vec<u8>>;

/// Answers one request.
pub fn answer(request: Request, preview: &Preview, paint: Painter) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = percent_decode(path);
    if request.method() != &tiny_http::Method::Get && request.method() != &tiny_http::Method::Head {
        let _ = request.respond(Response::from_string("").with_status_code(405));
        return;
    }
    match path.as_str() {
        "/" => respond(
            request,
            PAGE.as_bytes().to_vec(),
            "text/html; charset=utf-8",
        ),
        "/state" => {
            let json = serde_json::to_vec(&preview.status()).unwrap_or_default();
            respond(request, json, "application/json")
        }
        "/events" => events(request, preview),
        "/book.epub" => match preview.snapshot() {
            Some(s) => respond(request, s.epub_file.clone(), "application/epub+zip"),
            None => not_found(request),
        },
        _ => {
            if let Some(key) = path
                .strip_prefix("/print/")
                .and_then(|p| p.strip_suffix(".svg"))
            {
                print_page(request, preview, paint, key)
            } else if let Some(key) = path
                .strip_prefix("/lines/")
                .and_then(|p| p.strip_suffix(".json"))
            {
                page_lines(request, preview, key)
            } else if path == "/source" {
                source_of_text(request, preview, query)
            } else if let Some(file) = path.strip_prefix("/epub/") {
                epub_file(request, preview, file)
            } else {
                not_found(request)
            }
        }
    }
}

/// A painted print page, by its fingerprint.
fn print_page(request: Request, preview: &Preview, paint: Painter, key: &str) {
    let Some(snap) = preview.snapshot() else {
        return not_found(request);
    };
    let Some(index) = snap.page_keys.iter().position(|k| k == key) else {
        return not_found(request);
    };
    match preview.painted(key, || paint(preview, &snap, index)) {
        Some(svg) => {
            let response = Response::from_data(svg.as_slice())
                .with_header(header("Content-Type", "image/svg+xml"))
                .with_header(header("X-Content-Type-Options", "nosniff"))
                // The fingerprint names the content: the same URL never changes.
                .with_header(header("Cache-Control", "max-age=31536000, immutable"));
            let _ = request.respond(response);
        }
        None => not_found(request),
    }
}

/// A print page's lines of chapter text with their manuscript places, by the page's
/// fingerprint: `[[top, bottom, "file:line:col"], …]` in pt.
fn page_lines(request: Request, preview: &Preview, key: &str) {
    let Some(snap) = preview.snapshot() else {
        return not_found(request);
    };
    match snap.page_keys.iter().position(|k| k == key) {
        Some(i) => {
            let json = serde_json::to_vec(&snap.lines(i)).unwrap_or_default();
            respond(request, json, "application/json")
        }
        None => not_found(request),
    }
}

/// The manuscript place of the block whose text holds `?text=` (an EPUB paragraph's
/// words): `{"at": "file:line:col"}`, or 404 when no block has them.
fn source_of_text(request: Request, preview: &Preview, query: &str) {
    let Some(snap) = preview.snapshot() else {
        return not_found(request);
    };
    let text = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("text="))
        .map(|t| percent_decode(&t.replace('+', " ")))
        .unwrap_or_default();
    match snap.source_of_text(&text) {
        Some(at) => {
            let json = serde_json::json!({ "at": at }).to_string().into_bytes();
            respond(request, json, "application/json")
        }
        None => not_found(request),
    }
}

/// A file of the last good EPUB, by its path in the container.
fn epub_file(request: Request, preview: &Preview, file: &str) {
    let Some(snap) = preview.snapshot() else {
        return not_found(request);
    };
    match snap.epub.get(file) {
        Some(bytes) => respond(request, bytes.clone(), media_type(file)),
        None => not_found(request),
    }
}

/// Server-sent events: the status now, then after every change, until the client
/// leaves or the preview closes.
fn events(request: Request, preview: &Preview) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut status = preview.status();
    loop {
        let json = serde_json::to_string(&status).unwrap_or_default();
        if write!(out, "event: status\ndata: {json}\n\n").is_err() || out.flush().is_err() {
            return;
        }
        match preview.wait_change(status.version) {
            Some(next) => status = next,
            None => return,
        }
    }
}

fn respond(request: Request, body: Vec<u8>, media_type: &str) {
    let response = Response::from_data(body)
        .with_header(header("Content-Type", media_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

fn not_found(request: Request) {
    let response = Response::from_string("not found")
        .with_status_code(StatusCode(404))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// The media type of an EPUB file by its extension.
fn media_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, e)| e) {
        "xhtml" => "application/xhtml+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "opf" | "ncx" | "xml" => "application/xml; charset=utf-8",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "gif" => "image/gif",
        _ => "application/octet-stream",
    }
}

/// `%XX` sequences decoded (a malformed one is kept as it is).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves `preview` on `server` until the server is unblocked; one thread per request
/// (the event streams stay open).
pub fn run(server: Arc<tiny_http::Server>, preview: Arc<Preview>, paint: Painter) {
    for request in server.incoming_requests() {
        let preview = preview.clone();
        std::thread::spawn(move || answer(request, &preview, paint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/epub/a%20b.xhtml"), "/epub/a b.xhtml");
        assert_eq!(percent_decode("/%2e%2e/etc"), "/../etc");
        assert_eq!(percent_decode("/bad%zz"), "/bad%zz");
        assert_eq!(percent_decode("%"), "%");
    }

    #[test]
    fn media_types() {
        assert_eq!(
            media_type("OEBPS/ch.xhtml"),
            "application/xhtml+xml; charset=utf-8"
        );
        assert_eq!(media_type("x.unknown"), "application/octet-stream");
    }
}
