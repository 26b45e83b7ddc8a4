//! `signoff serve`: the web page behind email links.
//!
//! A reviewer without a key opens a signed link (see `link`), sees the
//! deliverable and decides. GET and HEAD only read: mail scanners open links,
//! so nothing changes until an explicit POST that carries a CSRF nonce bound
//! to the token. The decision record is signed by the server's attestation
//! key and embeds the token, the time, the client address and user agent; it
//! is written through the ledger's single write path (compare-and-swap), one
//! writer at a time in this process. The token is single-use: the store is
//! the durable list of used token ids, checked inside the write.
//!
//! This module owns HTTP (axum), headers and limits; what a link may do is
//! decided in [`portal`], which knows nothing of HTTP.
//!
//! With a remote (`--remote NAME`, git config `signoff.serveRemote`), the
//! server fetches and verifies the remote's records before each page and
//! pushes each decision in the background ([`remote`]). Every request is
//! logged in one line on stderr, without its token; the client address is
//! the TCP peer's, or from `X-Forwarded-For` when the peer is a trusted
//! proxy (`--trusted-proxy`, git config `signoff.serveTrustedProxy`, comma
//! separated) ([`client`]). `GET /healthz` answers with the tip and whether
//! pushes are pending. With a remote, the server also mails the people who
//! decide through links, once it has the records their mail is about
//! ([`watch`], `ops::announce`).
//!
//! Settings (git config): `signoff.serveUrl` (base URL put in emails),
//! `signoff.serveKey` (attestation key path, default
//! `.git/signoff/attest_ed25519`), `signoff.linkDays` (link lifetime, default
//! 30), and the branding keys `signoff.portalTitle`, `signoff.portalLogo`
//! (an image file), `signoff.portalAccent` (`#rrggbb`) and
//! `signoff.portalSupport` (an email address). Pages are templates under
//! `serve/` and can be overridden like every other template.

pub mod client;
mod health;
mod listen;
pub mod portal;
pub mod remote;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Extension, Form, Path as UrlPath, Request, State as AxState};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::{CliError, Result};
use crate::ledger::{Ledger, Snapshot, Trust};
use crate::link::AttestKey;
use crate::store::Store;

/// Largest request body (a decision form is well under 8 KiB).
const MAX_BODY: usize = 16 * 1024;
/// How long one request may take, end to end.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
pub use crate::notify::links::{DEFAULT_LINK_DAYS, LinkMaker, key_path, link_days};

/// What `signoff serve` needs to start.
pub struct Options {
    pub repo: PathBuf,
    pub branch: String,
    pub trust: Trust,
    pub listen: SocketAddr,
    pub base_url: Option<String>,
    /// The git remote to keep in step (fetch before pages, push decisions).
    pub remote: Option<String>,
    /// Peers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<client::Proxy>,
}

/// Shared server state.
pub struct App {
    pub repo: PathBuf,
    pub branch: String,
    pub trust: Trust,
    pub key: AttestKey,
    /// The attester's person id in the policy.
    pub attester: String,
    pub brand: portal::Brand,
    csrf_secret: [u8; 32],
    /// One writer at a time in this process (the ref CAS guards the rest).
    write_lock: Mutex<()>,
    /// Decisions waiting for the writer, written together as one commit.
    queue: Mutex<Vec<portal::decide::Queued>>,
    /// The verified snapshot of the newest tip seen.
    cache: Mutex<Option<Arc<Snapshot>>>,
    /// The remote kept in step, if any.
    pub remote: Option<remote::Remote>,
    pub trusted_proxies: Vec<client::Proxy>,
    /// The base URL links are made with (`--base-url`, `signoff.serveUrl`).
    pub base_url: Option<String>,
}

impl App {
    /// Opens the store (a `git2` repository is not shareable across threads,
    /// so each request opens its own handle).
    pub fn ledger(&self) -> Result<Ledger> {
        let mut store = Store::open(Some(&self.repo), &self.branch)?;
        store.on_warning(|w| eprintln!("warning: {w}"));
        Ok(Ledger::new(store, self.trust.clone()))
    }

    /// The verified snapshot for reading: the current tip's, from the cache
    /// when the tip has not moved. While this process is writing, the tip
    /// moves just before the cache is updated; readers then get the
    /// snapshot the write started from instead of each reloading the store.
    /// That is safe because every decision is re-checked inside the write.
    pub fn snapshot(&self, ledger: &Ledger) -> Result<Arc<Snapshot>> {
        self.snapshot_at_tip(ledger, false)
    }

    /// The verified snapshot at the current tip, for the writer (which
    /// holds `write_lock`).
    fn snapshot_for_write(&self, ledger: &Ledger) -> Result<Arc<Snapshot>> {
        self.snapshot_at_tip(ledger, true)
    }

    fn snapshot_at_tip(&self, ledger: &Ledger, writing: bool) -> Result<Arc<Snapshot>> {
        let tip = ledger.tip()?;
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = cache.as_ref() {
            if s.tip == tip || (!writing && self.write_lock.try_lock().is_err()) {
                return Ok(Arc::clone(s));
            }
        }
        let s = ledger.load_at(&tip)?;
        ledger.check_rollback(&s)?;
        let s = Arc::new(s);
        *cache = Some(Arc::clone(&s));
        Ok(s)
    }

    /// Called once decisions are recorded: the remote gets them in the
    /// background.
    fn recorded(&self) {
        if let Some(r) = &self.remote {
            r.wake();
        }
    }

    fn remember_arc(&self, snap: Arc<Snapshot>) {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache = Some(snap);
    }

    /// The CSRF nonce for a token id: HMAC-SHA256 under a per-process secret.
    #[must_use]
    pub fn csrf(&self, token_id: &str) -> String {
        use hmac::Mac as _;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.csrf_secret)
            .expect("HMAC takes any key length");
        mac.update(token_id.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether `nonce` is the CSRF nonce for `token_id` (constant time).
    #[must_use]
    pub fn csrf_ok(&self, token_id: &str, nonce: &str) -> bool {
        use hmac::Mac as _;
        let Ok(bytes) = hex::decode(nonce) else {
            return false;
        };
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.csrf_secret)
            .expect("HMAC takes any key length");
        mac.update(token_id.as_bytes());
        mac.verify_slice(&bytes).is_ok()
    }
}

/// Checks the setup and builds the shared state: the store loads, the key
/// exists and is an attester in the policy in force.
pub fn prepare(opts: &Options) -> Result<App> {
    let store = Store::open(Some(&opts.repo), &opts.branch)?;
    let path = key_path(&store);
    if !path.exists() {
        return Err(
            CliError::identity(format!("no attestation key at {}", path.display())).hint(
                "run 'signoff serve init' (as an admin) to create it and list it in the policy",
            ),
        );
    }
    let key = AttestKey::load(&path).map_err(|e| {
        CliError::identity(format!("cannot load the attestation key: {e}"))
            .hint("set git config signoff.serveKey to an unencrypted Ed25519 OpenSSH key")
    })?;
    if let Some(name) = &opts.remote {
        if store.config_string(&format!("remote.{name}.url")).is_none() {
            return Err(CliError::usage(format!("there is no git remote named {name:?}")).hint(
                "name one that 'git remote -v' lists (--remote or git config signoff.serveRemote), or add it: git remote add NAME URL",
            ));
        }
    }
    let brand = portal::Brand::from_store(&store)?;
    let ledger = Ledger::new(store, opts.trust.clone());
    let snap = ledger.load()?;
    let fp = key.signer.key().fingerprint().to_string();
    let policy = snap.policy();
    let attester = policy
        .person_by_fingerprint(&fp)
        .filter(|p| policy.attesters.contains(&p.id))
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            CliError::identity(format!(
                "the attestation key {fp} is not an attester in the policy in force"
            ))
            .hint("run 'signoff serve init' as an admin (and have enough admins sign the new policy version)")
        })?;
    let mut csrf_secret = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut csrf_secret);
    Ok(App {
        repo: opts.repo.clone(),
        branch: opts.branch.clone(),
        trust: opts.trust.clone(),
        key,
        attester,
        brand,
        csrf_secret,
        write_lock: Mutex::new(()),
        queue: Mutex::new(Vec::new()),
        cache: Mutex::new(Some(Arc::new(snap))),
        remote: opts.remote.clone().map(remote::Remote::new),
        trusted_proxies: opts.trusted_proxies.clone(),
        base_url: opts.base_url.clone(),
    })
}

/// The routes, with security headers, body limit and timeout.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/d/{token}", get(decide_page).post(decide_post))
        .route("/d/{token}/f/{n}", get(file))
        .route("/i/{token}", get(inbox_page))
        .route("/assets/style.css", get(style))
        .route("/assets/logo", get(logo))
        .route("/healthz", get(health::healthz))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            client::access,
        ))
        .with_state(app)
}

/// Runs the server until Ctrl-C or SIGTERM. Prints the address it listens
/// on to stderr first (the port may have been chosen by the system). With a
/// remote, pushes in the background meanwhile, and once more at the end.
pub fn run(opts: &Options, on_listen: impl FnOnce(SocketAddr)) -> Result<()> {
    let app = Arc::new(prepare(opts)?);
    let served = serve_until_stopped(opts, &app, on_listen);
    remote::finish(&app);
    served
}

fn serve_until_stopped(
    opts: &Options,
    app: &Arc<App>,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<()> {
    let app = Arc::clone(app);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::env(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|e| {
                CliError::env(format!("cannot listen on {}: {e}", opts.listen))
                    .hint("pick another address with --listen, e.g. 127.0.0.1:0 for any free port")
            })?;
        let addr = listener.local_addr()?;
        on_listen(addr);
        remote::start(&app);
        watch::start(&app);
        listen::serve(listener, router(app), shutdown())
            .await
            .map_err(|e| CliError::env(format!("server failed: {e}")))
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Headers on every response; a handler may set its own
/// Content-Security-Policy (file previews framed by our own page).
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, k: HeaderName, v: &'static str| {
        if !h.contains_key(&k) {
            h.insert(k, HeaderValue::from_static(v));
        }
    };
    set(h, header::CONTENT_SECURITY_POLICY, portal::PAGE_CSP);
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::CACHE_CONTROL, "no-store");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    res
}

/// Runs blocking store work off the async threads.
async fn blocking(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> portal::Page + Send + 'static,
) -> Response {
    let app = Arc::clone(app);
    match tokio::task::spawn_blocking(move || f(&app)).await {
        Ok(page) => page.into_response(),
        Err(_) => portal::Page::message(
            &portal::Brand::default(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The server could not finish this request. Nothing was recorded. Please try again.",
        )
        .into_response(),
    }
}

/// Runs blocking store work off the async threads, once the remote's new
/// records are in (see [`remote::refresh`]).
async fn refreshed(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> portal::Page + Send + 'static,
) -> Response {
    let app2 = Arc::clone(app);
    blocking(app, move |app| {
        remote::refresh(&app2);
        f(app)
    })
    .await
}

async fn decide_page(AxState(app): AxState<Arc<App>>, UrlPath(token): UrlPath<String>) -> Response {
    refreshed(&app, move |app| portal::decide_page(app, &token)).await
}

#[derive(serde::Deserialize)]
struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    csrf: String,
    /// `yes` once a decline has been confirmed.
    #[serde(default)]
    confirm: String,
}

async fn decide_post(
    AxState(app): AxState<Arc<App>>,
    Extension(client::Client(client_ip)): Extension<client::Client>,
    UrlPath(token): UrlPath<String>,
    headers: HeaderMap,
    form: std::result::Result<Form<DecideForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return portal::Page::message(
            &app.brand,
            StatusCode::BAD_REQUEST,
            "The form could not be read",
            "Nothing was recorded. Go back to the link in your email and try again.",
        )
        .into_response();
    };
    let ua: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(512)
        .collect();
    let input = portal::DecideInput {
        token,
        decision: form.decision,
        comment: form.comment,
        csrf: form.csrf,
        confirmed: form.confirm == "yes",
        client_ip: client_ip.to_string(),
        user_agent: ua,
    };
    blocking(&app, move |app| portal::decide_post(app, &input)).await
}

async fn file(
    AxState(app): AxState<Arc<App>>,
    UrlPath((token, n)): UrlPath<(String, usize)>,
    query: axum::extract::Query<std::collections::BTreeMap<String, String>>,
) -> Response {
    let download = query.contains_key("download");
    let previous = query.contains_key("prev");
    let app2 = Arc::clone(&app);
    match tokio::task::spawn_blocking(move || portal::file(&app2, &token, n, download, previous))
        .await
    {
        Ok(Ok(r)) => r,
        Ok(Err(page)) => page.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn inbox_page(AxState(app): AxState<Arc<App>>, UrlPath(token): UrlPath<String>) -> Response {
    refreshed(&app, move |app| portal::inbox_page(app, &token)).await
}

async fn style(AxState(app): AxState<Arc<App>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        app.brand.css.clone(),
    )
        .into_response()
}

async fn logo(AxState(app): AxState<Arc<App>>) -> Response {
    match &app.brand.logo {
        Some((bytes, mime)) => ([(header::CONTENT_TYPE, *mime)], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn not_found(AxState(app): AxState<Arc<App>>) -> Response {
    portal::Page::message(
        &app.brand,
        StatusCode::NOT_FOUND,
        "Page not found",
        "Open the link from your email exactly as it was sent.",
    )
    .into_response()
}
