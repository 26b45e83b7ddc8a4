//! Every page a person sees: the decision page with its previews and
//! history, the one-message pages (errors, refusals such as "already used",
//! confirmations), and the page for a store that cannot be read. Pages are
//! templates rendered with the brand, so they can be overridden like every
//! other template. This file only shows; it must not decide whether a link
//! may be used (that is [`super::decide`], which also runs inside the
//! write), and the decision page must only read, because mail scanners open
//! links.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use super::branding::Brand;
use super::decide::{MAX_COMMENT, check_token, decidable};
use super::files::file_kind;
use crate::content;
use crate::error::CliError;
use crate::ledger::Snapshot;
use crate::link;
use crate::record::Decision;
use crate::serve::App;
use crate::state::{self, RequestRecords};

/// Content-Security-Policy of every page: nothing from elsewhere, and no
/// script but [`super::localtime::SCRIPT`] (allowed by its hash, which a
/// test checks).
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'sha256-885eKAq1/tEY6DAEslML/3Qo4Dsmmo1Ba0y+B2oYzhc='; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// Largest text file shown inline.
const MAX_INLINE_TEXT: usize = 256 * 1024;

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
            "time_script": super::localtime::SCRIPT,
        });
        Page {
            status,
            html: brand
                .renderer
                .render("serve/message.html", &ctx)
                .unwrap_or_else(|e| format!("{title}. {message} ({e})")),
        }
    }

    pub(super) fn render(brand: &Brand, name: &str, mut ctx: Value) -> Page {
        ctx["brand"] = brand.view();
        ctx["time_script"] = json!(super::localtime::SCRIPT);
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
#[derive(Debug, Clone)]
pub(super) struct Refusal {
    pub(super) status: StatusCode,
    pub(super) title: &'static str,
    pub(super) message: String,
    /// The person whose inbox the page should link to (a harmless case,
    /// such as a link already used).
    pub(super) inbox_for: Option<String>,
    /// That inbox's address, once minted (`with_inbox`).
    pub(super) inbox: Option<String>,
}

impl Refusal {
    pub(super) fn new(
        status: StatusCode,
        title: &'static str,
        message: impl Into<String>,
    ) -> Refusal {
        Refusal {
            status,
            title,
            message: message.into(),
            inbox_for: None,
            inbox: None,
        }
    }
    pub(super) fn page(&self, brand: &Brand) -> Page {
        let ctx = json!({
            "heading": self.title,
            "message": self.message,
            "ok": self.status.is_success(),
            "inbox": self.inbox,
        });
        let mut page = Page::render(brand, "serve/message.html", ctx);
        page.status = self.status;
        page
    }
    /// Adds a link to the person's inbox (minted with the page's key, for
    /// the usual link lifetime) where the refusal asks for one.
    pub(super) fn with_inbox(mut self, app: &App, snap: &Snapshot) -> Refusal {
        let Some(person) = &self.inbox_for else {
            return self;
        };
        let Some(email) = snap.policy().person(person).map(|p| p.email.clone()) else {
            return self;
        };
        let expires = crate::clock::now().as_second() + crate::serve::DEFAULT_LINK_DAYS * 86_400;
        let claims = crate::link::Claims::inbox(&snap.info.store_id, person, &email, expires);
        self.inbox = Some(format!(
            "/i/{}",
            crate::link::mint(&app.key.signing, &claims)
        ));
        self
    }
}

pub(super) fn trouble(brand: &Brand, e: &CliError) -> Page {
    trouble_with(brand, &e.message)
}

/// [`trouble`], from the error's words alone.
pub(super) fn trouble_with(brand: &Brand, message: &str) -> Page {
    Page::message(
        brand,
        StatusCode::SERVICE_UNAVAILABLE,
        "The approvals store cannot be read right now",
        &format!("Nothing was recorded ({message}). Please try again later."),
    )
}

fn decision_view(snap: &Snapshot, d: &Decision) -> Value {
    json!({
        "who": crate::notify::person_view(snap.policy(), state::decider(d)).name,
        "verdict": d.decision.as_str(),
        "past": d.decision.past(),
        "comment": d.comment,
        "at": crate::clock::utc_time(&d.at),
        "at_iso": d.at,
        "via": d.via,
    })
}

/// The versions of the deliverable up to `req`, with their decisions and
/// comments (oldest first).
fn history(snap: &Snapshot, rr: &RequestRecords) -> Vec<Value> {
    let versions = snap.versions(&rr.request.deliverable);
    let upto = versions
        .iter()
        .position(|v| v.request.id == rr.request.id)
        .map_or(versions.len(), |i| i + 1);
    versions
        .into_iter()
        .take(upto)
        .map(|v| {
            let ev = state::evaluate(snap.policy(), v, snap.is_superseded(&v.request));
            json!({
                "version": snap.version_of(&v.request),
                "current": v.request.id == rr.request.id,
                "at": crate::clock::utc_time(&v.request.at),
                "at_iso": v.request.at,
                "message": v.request.message,
                "state": ev.state.as_str(),
                "decisions": v.decisions.iter().map(|d| decision_view(snap, d)).collect::<Vec<_>>(),
                // Internal comments are the agency's: never on this page.
                "comments": v.comments.iter().filter(|c| !c.internal).map(|c| json!({
                    "who": crate::notify::person_view(snap.policy(), &c.by).name,
                    "comment": c.comment,
                    "at": crate::clock::utc_time(&c.at),
                    "at_iso": c.at,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// A unified diff as lines the page marks: added, removed, or context.
fn diff_lines(diff: &str) -> Vec<Value> {
    diff.lines()
        .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
        .map(|l| {
            let kind = match l.as_bytes().first() {
                Some(b'+') => "add",
                Some(b'-') => "del",
                Some(b'@') => "hunk",
                _ => "ctx",
            };
            json!({ "kind": kind, "text": l })
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
        Err(r) => return r.with_inbox(app, &snap).page(&app.brand),
    };
    let req = &rr.request;
    // The version before this one: what changed in each text file.
    let versions = snap.versions(&req.deliverable);
    let previous = versions
        .iter()
        .take_while(|v| v.request.id != req.id)
        .last()
        .map(|v| &v.request);
    let read_text = |f: &crate::record::ManifestEntry| {
        usize::try_from(f.size)
            .is_ok_and(|s| s <= MAX_INLINE_TEXT)
            .then(|| {
                ledger
                    .store
                    .read_blob(&f.blob)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
            })
            .flatten()
    };
    let files: Vec<Value> = req
        .files
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let kind = file_kind(&f.path);
            let text = (kind == "text").then(|| read_text(f)).flatten();
            let before = previous.and_then(|p| p.files.iter().find(|o| o.path == f.path));
            let changes = match (&text, before) {
                (Some(new), Some(old)) if old.sha256 != f.sha256 && kind == "text" => {
                    read_text(old).map(|old| diff_lines(&content::unified_diff(&f.path, &old, new)))
                }
                _ => None,
            };
            // A changed image: the previous version is shown beside it.
            let prev_n = (kind == "image")
                .then(|| {
                    previous.and_then(|p| {
                        p.files
                            .iter()
                            .position(|o| o.path == f.path && o.sha256 != f.sha256)
                    })
                })
                .flatten();
            json!({
                "n": n,
                "prev_n": prev_n,
                "path": f.path,
                "size": f.size,
                "kind": kind,
                "text": text,
                "changes": changes,
                "new_file": previous.is_some() && before.is_none(),
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
        "title": req.title,
        "version": snap.version_of(req),
        "previous_version": previous.map(|p| snap.version_of(p)),
        "message": req.message,
        "due": req.due.as_deref().map(crate::clock::utc_time),
        "due_iso": req.due,
        "content": req.content,
        "content_short": content::short(&req.content),
        "files": files,
        "decisions": claims.decisions.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "history": history(&snap, rr),
        "max_comment": MAX_COMMENT,
        "consent": super::decide::consent_text(&snap, rr, &claims.person),
    });
    Page::render(&app.brand, "serve/page.html", ctx)
}
