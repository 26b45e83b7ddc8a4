//! The bytes of a deliverable's files, for previews framed by the decision
//! page and for downloads. A deliverable is whatever the requester committed,
//! so it is untrusted content served from our own origin: that is why each
//! response carries its own Content-Security-Policy (sandboxed, except PDFs,
//! which the browser's viewer would refuse) and a sanitised file name. It
//! must not loosen those headers, and must not serve a file the decision
//! page itself would refuse: it runs the same `guard::decidable` check first.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::guard::{check_token, decidable};
use super::kit::{Page, trouble};
use super::media::{file_kind, image_mime};
use crate::link;
use crate::serve::App;

/// For previews framed by our own page; `sandbox` keeps scripts in an SVG
/// or HTML deliverable from running.
const FILE_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
/// PDFs cannot be sandboxed (the browser's viewer would refuse them).
const PDF_CSP: &str = "default-src 'none'; frame-ancestors 'self'";

/// One file of a request, for previews and downloads; with `previous`,
/// file `n` of the deliverable's version before the link's (the page shows
/// a changed image beside its previous version).
pub fn file(
    app: &App,
    token: &str,
    n: usize,
    download: bool,
    previous: bool,
) -> std::result::Result<Response, Page> {
    let claims = check_token(app, token, link::KIND_DECIDE).map_err(|r| r.page(&app.brand))?;
    let ledger = app.ledger().map_err(|e| trouble(&app.brand, &e))?;
    let snap = app.snapshot(&ledger).map_err(|e| trouble(&app.brand, &e))?;
    let missing = || {
        Page::message(
            &app.brand,
            StatusCode::NOT_FOUND,
            "File not found",
            "Open the link from your email again.",
        )
    };
    // Every refusal of the page applies to its files too: a person removed
    // from the policy, or no longer a reviewer, downloads nothing.
    let rr = decidable(&snap, &claims).map_err(|r| r.page(&app.brand))?;
    let req = if previous {
        snap.versions(&rr.request.deliverable)
            .into_iter()
            .take_while(|v| v.request.id != rr.request.id)
            .last()
            .map(|v| &v.request)
            .ok_or_else(missing)?
    } else {
        &rr.request
    };
    let f = req.files.get(n).ok_or_else(missing)?;
    // Streamed: memory per download is a few chunks, whatever the size.
    let size = ledger
        .store
        .blob_size(&f.blob)
        .map_err(|e| trouble(&app.brand, &e.into()))?;
    let store = ledger
        .store
        .reopen()
        .map_err(|e| trouble(&app.brand, &e.into()))?;
    let body = streamed(store, f.blob.clone());
    let kind = file_kind(&f.path);
    let mime = match kind {
        "image" => image_mime(&f.path).unwrap_or("application/octet-stream"),
        "pdf" => "application/pdf",
        "text" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let name: String = f
        .path
        .rsplit('/')
        .next()
        .unwrap_or("file")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = if download || kind == "other" {
        format!("attachment; filename=\"{name}\"")
    } else {
        format!("inline; filename=\"{name}\"")
    };
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if kind == "pdf" { PDF_CSP } else { FILE_CSP }),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(res)
}

/// Chunks of a download in flight; the sender is the blocking thread
/// reading the blob.
type Chunk = std::io::Result<bytes::Bytes>;

/// A download's body: the blob read on a blocking thread, 64 KiB at a
/// time, through a channel a few chunks deep, so a slow client holds back
/// the reading instead of the server holding the file.
fn streamed(store: crate::store::Store, blob: String) -> axum::body::Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = ChannelWriter(tx.clone());
        if let Err(e) = store.copy_blob(&blob, &mut out) {
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    axum::body::Body::from_stream(Chunks(rx))
}

/// Writes into a download's channel; fails once the client has gone.
struct ChannelWriter(tokio::sync::mpsc::Sender<Chunk>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(bytes::Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client left"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The receiving end of a download's channel, as a stream of chunks.
struct Chunks(tokio::sync::mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}
