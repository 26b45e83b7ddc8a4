//! Accepting connections: at most [`MAX_CONNECTIONS`] at once, each given
//! [`HEADER_TIMEOUT`] to send a request's headers, and a graceful end.
//!
//! `axum::serve` sets neither bound: a client trickling one header line
//! every few seconds could hold a connection (and a task) for as long as it
//! liked, and enough of them would hold every one. hyper's own HTTP/1
//! connection does both once it is given a timer. This module owns only
//! the sockets; routes and limits per request stay in the router.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// How long a client has to send a request's headers (and, on a kept-alive
/// connection, the next request's), from the moment the server waits for
/// them: the README's 30 s per request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Connections served at once; one more waits in the kernel's backlog
/// until a slot frees.
pub const MAX_CONNECTIONS: usize = 256;

/// Serves `router` on `listener` until `stop` completes, then lets the
/// connections in flight finish (each bounded by the timeouts).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            () = &mut stop => break,
            p = Arc::clone(&slots).acquire_owned() => p.expect("the semaphore is never closed"),
        };
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        // A client that left before it was accepted, or no file descriptor
        // to spare for a moment: keep serving.
        let Ok((stream, peer)) = accepted else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let service = TowerToHyperService::new(
            router
                .clone()
                .layer(axum::Extension(ConnectInfo::<SocketAddr>(peer))),
        );
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
