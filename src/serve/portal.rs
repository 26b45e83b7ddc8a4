//! What a link may do, and the pages that say so. No HTTP here beyond the
//! status code of a page: the checks run against a verified snapshot, and
//! the decision is written through the ledger inside its compare-and-swap,
//! so "already used", "superseded" and "withdrawn" are decided on the state
//! the write lands on.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use super::App;
use crate::content;
use crate::decide_rules;
use crate::error::{CliError, Result};
use crate::events::{self, Event};
use crate::ledger::{Prepared, Snapshot, now};
use crate::link::{self, Claims, TokenError};
use crate::record::{self, Decision, LinkEvidence, Verdict};
use crate::render::Renderer;
use crate::state::{self, RequestRecords, State};
use crate::store::Store;

/// Content-Security-Policy of every page: nothing from elsewhere, no script.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// For previews framed by our own page; `sandbox` keeps scripts in an SVG
/// or HTML deliverable from running.
const FILE_CSP: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
/// PDFs cannot be sandboxed (the browser's viewer would refuse them).
const PDF_CSP: &str = "default-src 'none'; frame-ancestors 'self'";
/// Longest comment accepted.
pub const MAX_COMMENT: usize = 4000;
/// Largest text file shown inline.
const MAX_INLINE_TEXT: usize = 256 * 1024;
/// Largest logo read at startup.
const MAX_LOGO: usize = 1024 * 1024;

/// Portal branding from git config, and the renderer for its pages.
pub struct Brand {
    pub title: String,
    pub accent: String,
    pub support: String,
    pub logo: Option<(Vec<u8>, &'static str)>,
    pub css: String,
    pub renderer: Renderer,
}

impl Default for Brand {
    fn default() -> Brand {
        let renderer = Renderer::new(None);
        let css = renderer
            .render("serve/style.css", &json!({"accent": "#2f5d8a"}))
            .unwrap_or_default();
        Brand {
            title: "Approvals".into(),
            accent: "#2f5d8a".into(),
            support: String::new(),
            logo: None,
            css,
            renderer,
        }
    }
}

impl Brand {
    /// Reads `signoff.portalTitle`, `signoff.portalAccent`,
    /// `signoff.portalSupport` and `signoff.portalLogo`.
    pub fn from_store(store: &Store) -> Result<Brand> {
        let get = |k: &str| store.config_string(k).filter(|v| !v.trim().is_empty());
        let mut b = Brand {
            renderer: events::renderer_for(store),
            ..Brand::default()
        };
        if let Some(t) = get("signoff.portalTitle") {
            b.title = t.trim().chars().take(100).collect();
        }
        if let Some(a) = get("signoff.portalAccent") {
            let a = a.trim().to_string();
            let hex = a.strip_prefix('#').unwrap_or("");
            if !(matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())) {
                return Err(CliError::usage(format!(
                    "git config signoff.portalAccent {a:?} is not a colour"
                ))
                .hint("use #rrggbb, e.g. #c0392b"));
            }
            b.accent = a;
        }
        if let Some(s) = get("signoff.portalSupport") {
            let s = s.trim().to_string();
            if !s.contains('@') || s.chars().any(char::is_whitespace) {
                return Err(CliError::usage(format!(
                    "git config signoff.portalSupport {s:?} is not an email address"
                ))
                .hint("use an address like support@example.com"));
            }
            b.support = s;
        }
        if let Some(l) = get("signoff.portalLogo") {
            let path = store.workdir().unwrap_or(store.git_dir()).join(l.trim());
            let mime = image_mime(&l).ok_or_else(|| {
                CliError::usage(format!(
                    "git config signoff.portalLogo {l:?} is not an image"
                ))
                .hint("use a .png, .jpg, .gif, .webp or .svg file")
            })?;
            let bytes = std::fs::read(&path).map_err(|e| {
                CliError::not_found(format!("cannot read the logo {}: {e}", path.display()))
                    .hint("git config signoff.portalLogo is relative to the working tree")
            })?;
            if bytes.len() > MAX_LOGO {
                return Err(CliError::usage(format!(
                    "the logo {} is larger than 1 MiB",
                    path.display()
                )));
            }
            b.logo = Some((bytes, mime));
        }
        b.css = b
            .renderer
            .render("serve/style.css", &json!({"accent": b.accent}))?;
        Ok(b)
    }

    fn view(&self) -> Value {
        json!({
            "title": self.title,
            "accent": self.accent,
            "support": self.support,
            "logo": self.logo.is_some(),
        })
    }
}

fn image_mime(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// How a file is shown: `image`, `pdf`, `text` or `other` (download only).
fn file_kind(name: &str) -> &'static str {
    if image_mime(name).is_some() {
        return "image";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "pdf",
        "txt" | "md" | "markdown" | "csv" | "json" | "toml" | "yaml" | "yml" | "rst" | "log"
        | "html" | "htm" | "css" | "xml" => "text",
        _ => "other",
    }
}

/// A rendered page with its status.
pub struct Page {
    pub status: StatusCode,
    pub html: String,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.status, Html(self.html)).into_response()
    }
}

impl Page {
    /// A page with one message: errors, refusals and confirmations.
    #[must_use]
    pub fn message(brand: &Brand, status: StatusCode, title: &str, message: &str) -> Page {
        let ctx = json!({
            "brand": brand.view(),
            "heading": title,
            "message": message,
            "ok": status.is_success(),
        });
        Page {
            status,
            html: brand
                .renderer
                .render("serve/message.html", &ctx)
                .unwrap_or_else(|e| format!("{title}. {message} ({e})")),
        }
    }

    fn render(brand: &Brand, name: &str, mut ctx: Value) -> Page {
        ctx["brand"] = brand.view();
        match brand.renderer.render(name, &ctx) {
            Ok(html) => Page {
                status: StatusCode::OK,
                html,
            },
            Err(e) => Page::message(
                brand,
                StatusCode::INTERNAL_SERVER_ERROR,
                "This page could not be shown",
                &format!("A page template is broken ({e}). Nothing was recorded."),
            ),
        }
    }
}

/// Why a link cannot be used now.
struct Refusal {
    status: StatusCode,
    title: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, title: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            title,
            message: message.into(),
        }
    }
    fn page(&self, brand: &Brand) -> Page {
        Page::message(brand, self.status, self.title, &self.message)
    }
}

fn trouble(brand: &Brand, e: &CliError) -> Page {
    Page::message(
        brand,
        StatusCode::SERVICE_UNAVAILABLE,
        "The approvals store cannot be read right now",
        &format!(
            "Nothing was recorded ({}). Please try again later.",
            e.message
        ),
    )
}

/// Verifies a token's signature, kind and expiry.
fn check_token(app: &App, token: &str, kind: &str) -> std::result::Result<Claims, Refusal> {
    let claims = link::verify(&app.key.verifying(), token).map_err(|e| match e {
        TokenError::Malformed => Refusal::new(
            StatusCode::BAD_REQUEST,
            "This link is incomplete",
            "The link may have been cut off or changed. Open it again from your email, or copy the whole address.",
        ),
        TokenError::Forged => Refusal::new(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "This server did not issue this link, or it was altered. Nothing was recorded.",
        ),
    })?;
    if claims.kind != kind {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid here",
            "Open the link from your email exactly as it was sent.",
        ));
    }
    if claims.expired(now().as_second()) {
        return Err(Refusal::new(
            StatusCode::GONE,
            "This link has expired",
            "Ask the sender for a new link. Nothing was recorded.",
        ));
    }
    Ok(claims)
}

/// Whether the decision link `claims` may be used on `snap`; the request.
fn decidable<'s>(
    snap: &'s Snapshot,
    claims: &Claims,
) -> std::result::Result<&'s RequestRecords, Refusal> {
    if claims.store != snap.info.store_id {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This link belongs to another approvals store",
            "It was issued for a different project. Nothing was recorded.",
        ));
    }
    let Some(rr) = snap.requests.get(&claims.request) else {
        return Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "This request was not found",
            "It may not have reached this server yet. Try again later or contact the sender.",
        ));
    };
    let req = &rr.request;
    let label = format!("{} v{}", req.deliverable, snap.version_of(req));
    if claims.content != req.content {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This link is not valid",
            "It names content other than the request's. Nothing was recorded.",
        ));
    }
    if let Some(used) = rr.decisions.iter().find(|d| {
        d.link
            .as_ref()
            .and_then(|l| link::peek(&l.token))
            .is_some_and(|c| c.id == claims.id)
    }) {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "This link has already been used",
            format!(
                "It recorded that {} {} {label} on {}. Each link records one decision; ask the sender for a new link to change it.",
                used.by,
                used.decision.past(),
                crate::commands::human_time(&used.at)
            ),
        ));
    }
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
    decide_rules::may_take_part(snap.policy(), rr, &ev, &claims.person)
        .map_err(|r| refused(snap, req, &r))?;
    Ok(rr)
}

/// The page's words for a refusal from `decide_rules`.
fn refused(snap: &Snapshot, req: &record::Request, r: &decide_rules::Refusal) -> Refusal {
    use decide_rules::Refusal as R;
    let label = format!("{} v{}", req.deliverable, snap.version_of(req));
    match r {
        R::Closed(State::Superseded) => {
            let latest = snap.versions(&req.deliverable).len();
            Refusal::new(
                StatusCode::GONE,
                "A newer version is waiting",
                format!(
                    "This link is for {label}, which v{latest} has replaced. Use the link in the newest email. Nothing was recorded."
                ),
            )
        }
        R::Closed(s) => {
            let why = match s {
                State::Withdrawn => "was withdrawn",
                State::Draft => "is a draft",
                State::Expired => "has passed its deadline",
                _ => "is closed",
            };
            Refusal::new(
                StatusCode::GONE,
                "This request is closed",
                format!("{label} {why}. Nothing was recorded."),
            )
        }
        R::NotListed(_) | R::NotReviewer(_) | R::OnBehalf { .. } | R::HasOwnDecision(_) => {
            Refusal::new(
                StatusCode::FORBIDDEN,
                "You are no longer a reviewer of this request",
                "Contact the sender. Nothing was recorded.",
            )
        }
        R::OwnWork(_) => Refusal::new(
            StatusCode::FORBIDDEN,
            "You cannot approve your own request",
            format!(
                "You requested {label}, and the policy does not let authors approve their own work. Nothing was recorded."
            ),
        ),
        R::Repeat { verdict, .. } => Refusal::new(
            StatusCode::CONFLICT,
            "Your decision is already recorded",
            format!(
                "You already {} {label} with the same comment. Nothing was recorded.",
                verdict.past()
            ),
        ),
    }
}

fn decision_view(snap: &Snapshot, d: &Decision) -> Value {
    json!({
        "who": crate::notify::person_view(snap.policy(), state::decider(d)).name,
        "verdict": d.decision.as_str(),
        "past": d.decision.past(),
        "comment": d.comment,
        "at": crate::commands::human_time(&d.at),
        "via": d.via,
    })
}

/// The versions of the deliverable up to `req`, with their decisions and
/// comments (oldest first).
fn history(snap: &Snapshot, rr: &RequestRecords) -> Vec<Value> {
    snap.versions(&rr.request.deliverable)
        .into_iter()
        .filter(|v| v.request.id <= rr.request.id)
        .map(|v| {
            let ev = state::evaluate(snap.policy(), v, snap.is_superseded(&v.request));
            json!({
                "version": snap.version_of(&v.request),
                "current": v.request.id == rr.request.id,
                "at": crate::commands::human_time(&v.request.at),
                "message": v.request.message,
                "state": ev.state.as_str(),
                "decisions": v.decisions.iter().map(|d| decision_view(snap, d)).collect::<Vec<_>>(),
                "comments": v.comments.iter().map(|c| json!({
                    "who": crate::notify::person_view(snap.policy(), &c.by).name,
                    "comment": c.comment,
                    "at": crate::commands::human_time(&c.at),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// GET/HEAD of a decision link: the deliverable and the form. Reads only.
pub fn decide_page(app: &App, token: &str) -> Page {
    let claims = match check_token(app, token, link::KIND_DECIDE) {
        Ok(c) => c,
        Err(r) => return r.page(&app.brand),
    };
    let (ledger, snap) = match app.ledger().and_then(|l| app.snapshot(&l).map(|s| (l, s))) {
        Ok(x) => x,
        Err(e) => return trouble(&app.brand, &e),
    };
    let rr = match decidable(&snap, &claims) {
        Ok(rr) => rr,
        Err(r) => return r.page(&app.brand),
    };
    let req = &rr.request;
    let files: Vec<Value> = req
        .files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let kind = file_kind(&f.path);
            let text = (kind == "text"
                && usize::try_from(f.size).is_ok_and(|s| s <= MAX_INLINE_TEXT))
            .then(|| {
                ledger
                    .store
                    .read_blob(&f.blob)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
            })
            .flatten();
            json!({
                "n": n,
                "path": f.path,
                "size": f.size,
                "kind": kind,
                "text": text,
            })
        })
        .collect();
    let policy = snap.policy();
    let ctx = json!({
        "token": token,
        "csrf": app.csrf(&claims.id),
        "person": crate::notify::person_view(policy, &claims.person),
        "requester": crate::notify::person_view(policy, &req.by),
        "deliverable": req.deliverable,
        "version": snap.version_of(req),
        "message": req.message,
        "due": req.due.as_deref().map(crate::commands::human_time),
        "content": req.content,
        "content_short": content::short(&req.content),
        "files": files,
        "decisions": claims.decisions.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "history": history(&snap, rr),
        "max_comment": MAX_COMMENT,
    });
    Page::render(&app.brand, "serve/page.html", ctx)
}

/// What a POST carries.
pub struct DecideInput {
    pub token: String,
    pub decision: String,
    pub comment: String,
    pub csrf: String,
    pub client_ip: String,
    pub user_agent: String,
}

struct Written {
    snap: Snapshot,
    decision: Decision,
    label: String,
    /// Stages this decision completed (their next reviewers are asked).
    stages: Vec<Event>,
}

/// POST of a decision link: checks, then one signed decision record.
pub fn decide_post(app: &App, input: &DecideInput) -> Page {
    let brand = &app.brand;
    let claims = match check_token(app, &input.token, link::KIND_DECIDE) {
        Ok(c) => c,
        Err(r) => return r.page(brand),
    };
    // Say why a link cannot be used before asking to confirm again; the
    // same check runs inside the write against the tip it lands on.
    match app.ledger().and_then(|l| app.snapshot(&l)) {
        Ok(snap) => {
            if let Err(r) = decidable(&snap, &claims) {
                return r.page(brand);
            }
        }
        Err(e) => return trouble(brand, &e),
    }
    if !app.csrf_ok(&claims.id, &input.csrf) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "Please confirm again",
            "This form is out of date (the page may be from before a restart). Open the link again and confirm. Nothing was recorded.",
        );
    }
    let verdict = match input.decision.as_str() {
        "approve" => Verdict::Approve,
        "changes" => Verdict::Changes,
        "decline" => Verdict::Decline,
        _ => {
            return Page::message(
                brand,
                StatusCode::BAD_REQUEST,
                "Choose a decision",
                "Use one of the buttons on the page. Nothing was recorded.",
            );
        }
    };
    if !claims.decisions.contains(&verdict) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "This link does not allow that decision",
            "Nothing was recorded.",
        );
    }
    let comment = input.comment.trim().replace("\r\n", "\n");
    if comment.chars().count() > MAX_COMMENT || comment.contains('\0') {
        return Page::message(
            brand,
            StatusCode::BAD_REQUEST,
            "The comment is too long",
            &format!("Keep it under {MAX_COMMENT} characters. Nothing was recorded."),
        );
    }
    let ledger = match app.ledger() {
        Ok(l) => l,
        Err(e) => return trouble(brand, &e),
    };
    let guard = app
        .write_lock
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let prior = match app.snapshot_for_write(&ledger) {
        Ok(s) => s,
        Err(e) => return trouble(brand, &e),
    };
    let at = now();
    let mut refusal = None;
    let fp = app.key.signer.key().fingerprint().to_string();
    let result = ledger.append_on(&app.key.signer, &app.attester, Some(&prior), |snap| {
        let rr = match decidable(snap, &claims) {
            Ok(rr) => rr,
            Err(r) => {
                let e = CliError::refused(r.message.clone());
                refusal = Some(r);
                return Err(e);
            }
        };
        if claims.expired(at.as_second()) {
            refusal = Some(Refusal::new(
                StatusCode::GONE,
                "This link has expired",
                "Ask the sender for a new link. Nothing was recorded.",
            ));
            return Err(CliError::refused("expired"));
        }
        let req = &rr.request;
        let person = claims.person.clone();
        let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
        let proposal = decide_rules::Proposal {
            by: &person,
            on_behalf_of: None,
            verdict,
            comment: &comment,
        };
        let supersedes = match decide_rules::check(snap.policy(), rr, &ev, &proposal) {
            Ok(p) => p.supersedes,
            Err(r) => {
                let page = refused(snap, req, &r);
                let e = CliError::refused(page.message.clone());
                refusal = Some(page);
                return Err(e);
            }
        };
        let d = Decision {
            comment: comment.clone(),
            supersedes,
            via: link::VIA_LINK.into(),
            link: Some(LinkEvidence {
                token: input.token.clone(),
                client_ip: input.client_ip.clone(),
                user_agent: input.user_agent.clone(),
            }),
            ..Decision::on(req, verdict, &person, &fp, at.to_string())
        };
        let id = d.id.clone();
        let version = snap.version_of(req);
        let label = format!("{} v{version}", req.deliverable);
        let before = state::evaluate(snap.policy(), rr, false);
        let mut with = rr.clone();
        with.decisions.push(d.clone());
        let after_ev = state::evaluate(snap.policy(), &with, false);
        let stages =
            crate::commands::decide::stage_events(&before, &after_ev, snap.policy(), req, version);
        // The snapshot after this write: the one it lands on plus this record.
        let mut after = snap.clone();
        if let Some(r) = after.requests.get_mut(&req.id) {
            r.decisions.push(d.clone());
        }
        after.verified += 1;
        Ok(Prepared {
            records: vec![(
                record::decision_path(&req.deliverable, &req.id, &id),
                record::to_bytes(&d),
            )],
            files: Vec::new(),
            subject: format!("{person} {} {label} (email link)", verdict.past()),
            kind: "decision",
            trailers: vec![
                ("Signoff-Deliverable".into(), req.deliverable.clone()),
                ("Signoff-Request".into(), req.id.clone()),
                ("Signoff-Decision".into(), verdict.as_str().into()),
                ("Signoff-Via".into(), "link".into()),
            ],
            value: Written {
                snap: after,
                decision: d,
                label,
                stages,
            },
        })
    });
    let written = match result {
        Ok((commit, mut w)) => {
            w.snap.tip = commit;
            w
        }
        Err(e) => {
            drop(guard);
            return match refusal {
                Some(r) => r.page(brand),
                None => trouble(brand, &e),
            };
        }
    };
    let snap = Arc::new(written.snap);
    app.remember_arc(Arc::clone(&snap));
    drop(guard);
    let d = &written.decision;
    let mut events = vec![
        Event::Decided {
            deliverable: d.deliverable.clone(),
            request: d.request.clone(),
            decision: d.decision.as_str().into(),
            by: d.by.clone(),
            on_behalf_of: None,
            comment: d.comment.clone(),
        },
        Event::Receipt {
            deliverable: d.deliverable.clone(),
            request: d.request.clone(),
            decision: d.id.clone(),
            by: d.by.clone(),
        },
    ];
    events.extend(written.stages);
    let report = events::emit_on(&ledger, &snap, &events);
    for w in report.warnings {
        eprintln!("warning: {}", crate::text::one_line(&w));
    }
    let ctx = json!({
        "heading": "Thank you: your decision is recorded",
        "message": format!(
            "You {} {} on {} UTC.{}",
            d.decision.past(),
            written.label,
            at.strftime("%Y-%m-%d %H:%M"),
            if d.comment.is_empty() { String::new() } else { " Your comment was recorded with it.".into() }
        ),
        "ok": true,
        "record": d.id,
    });
    Page::render(brand, "serve/message.html", ctx)
}

/// One file of a request, for previews and downloads.
pub fn file(
    app: &App,
    token: &str,
    n: usize,
    download: bool,
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
    let f = rr.request.files.get(n).ok_or_else(missing)?;
    let bytes = ledger
        .store
        .read_blob(&f.blob)
        .map_err(|e| trouble(&app.brand, &e.into()))?;
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
    let mut res = bytes.into_response();
    let h = res.headers_mut();
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

/// GET of an inbox link: every request that waits on the person, each
/// with a fresh decision link.
pub fn inbox_page(app: &App, token: &str) -> Page {
    let brand = &app.brand;
    let claims = match check_token(app, token, link::KIND_INBOX) {
        Ok(c) => c,
        Err(r) => return r.page(brand),
    };
    let snap = match app.ledger().and_then(|l| app.snapshot(&l)) {
        Ok(s) => s,
        Err(e) => return trouble(brand, &e),
    };
    let policy = snap.policy();
    let current_email = policy.person(&claims.person).map(|p| p.email.as_str());
    if claims.store != snap.info.store_id || current_email != Some(claims.email.as_str()) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "This inbox link is no longer valid",
            "It was issued for another project or another email address. Ask the sender for a new link.",
        );
    }
    let mut items = Vec::new();
    for rr in snap.requests.values() {
        if snap.is_superseded(&rr.request) {
            continue;
        }
        let ev = state::evaluate(policy, rr, false);
        let waits = ev.state == State::Pending
            && !ev.latest.contains_key(&claims.person)
            && ev
                .needs
                .iter()
                .any(|n| n.waiting_on.contains(&claims.person));
        if !waits {
            continue;
        }
        let c = Claims::decide(
            &snap.info.store_id,
            &rr.request.id,
            &rr.request.content,
            &claims.person,
            claims.expires,
        );
        items.push(json!({
            "deliverable": rr.request.deliverable,
            "version": snap.version_of(&rr.request),
            "message": rr.request.message,
            "due": rr.request.due.as_deref().map(crate::commands::human_time),
            "requester": crate::notify::person_view(policy, &rr.request.by).name,
            "url": format!("/d/{}", link::mint(&app.key.signing, &c)),
        }));
    }
    let ctx = json!({
        "person": crate::notify::person_view(policy, &claims.person),
        "items": items,
    });
    Page::render(brand, "serve/inbox.html", ctx)
}
