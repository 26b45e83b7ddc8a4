//! The decision page with its previews and history (what the viewer may
//! read of it: `views::Viewer`). Pages are templates rendered with the
//! brand (through `kit`), so they can be overridden like every other
//! template. This file only shows; it must not decide whether a link may
//! be used (that is `guard`, which also runs inside the write), and the
//! decision page must only read, because mail scanners open links.

use serde_json::{Value, json};

use super::guard::{MAX_COMMENT, check_token, consent_text, decidable};
use super::kit::{Page, trouble};
use super::media::file_kind;
use crate::content;
use crate::ledger::Snapshot;
use crate::link;
use crate::serve::App;
use crate::state::{self, RequestRecords};
use crate::views::{FileChange, Viewer};

/// Largest text file shown inline.
const MAX_INLINE_TEXT: usize = 256 * 1024;

/// One decision of version `version` as `viewer` reads it (`said`: the
/// wording `views` decides, "You approved v2", "v2: approved for you by
/// Bob (phone call 10:05)").
fn decision_view(
    snap: &Snapshot,
    viewer: &Viewer,
    view: &crate::views::DecisionView<'_>,
    version: usize,
) -> Value {
    let d = view.decision;
    json!({
        "said": viewer.said(d, Some(&format!("v{version}"))),
        "who": crate::notify::person_view(snap.policy(), view.person).name,
        "verdict": d.decision.as_str(),
        "past": d.decision.past(),
        "comment": d.comment,
        "at": crate::clock::utc_time(&d.at),
        "at_iso": d.at,
        "via": d.via,
    })
}

/// The versions of the deliverable up to `req`, with the decisions and
/// comments `person` may read (oldest first; see `views::Viewer`), from
/// the one version history (`views::history`).
fn history(snap: &Snapshot, rr: &RequestRecords, person: &str) -> Vec<Value> {
    let viewer = Viewer::new(snap.policy(), &rr.request.deliverable, person);
    let versions = crate::views::history(snap, &rr.request.deliverable);
    let upto = versions
        .iter()
        .position(|v| v.request().id == rr.request.id)
        .map_or(versions.len(), |i| i + 1);
    versions
        .iter()
        .take(upto)
        .map(|v| {
            let req = v.request();
            json!({
                "version": v.number,
                "current": req.id == rr.request.id,
                "at": crate::clock::utc_time(&req.at),
                "at_iso": req.at,
                "message": req.message,
                "state": v.evaluation.state.as_str(),
                "decisions": v.decisions.iter().filter(|d| viewer.sees_decision(d.decision))
                    .map(|d| decision_view(snap, &viewer, d, v.number)).collect::<Vec<_>>(),
                // Internal comments are the agency's, earlier stages' are
                // theirs: never on this page.
                "comments": v.records.comments.iter().filter(|c| !c.internal && viewer.sees_comment(c)).map(|c| json!({
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
    let this = crate::views::version(&snap, rr);
    let previous = this.previous;
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
            // What changed since the version before (`views::versions`).
            let change = this.change(f);
            let changes = match (&text, this.before(f)) {
                (Some(new), Some(old)) if change == FileChange::Changed && kind == "text" => {
                    read_text(old).map(|old| diff_lines(&content::unified_diff(&f.path, &old, new)))
                }
                _ => None,
            };
            // A changed image: the previous version is shown beside it.
            let prev_n = (kind == "image" && change == FileChange::Changed)
                .then(|| previous.and_then(|p| p.files.iter().position(|o| o.path == f.path)))
                .flatten();
            json!({
                "n": n,
                "prev_n": prev_n,
                "path": f.path,
                "size": f.size,
                "kind": kind,
                "text": text,
                "changes": changes,
                "new_file": previous.is_some() && change == FileChange::Added,
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
        "version": this.number,
        "previous_version": previous.map(|p| snap.version_of(p)),
        "message": req.message,
        // In the viewer's zone: a bare date ends at their midnight.
        "due": state::deadlines::due_text(policy, req, Some(&claims.person)),
        "due_iso": state::deadlines::due_for(policy, req, Some(&claims.person)).map(|t| t.to_string()),
        "content": req.content,
        "content_short": content::short(&req.content),
        "files": files,
        "decisions": claims.decisions.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "history": history(&snap, rr, &claims.person),
        "max_comment": MAX_COMMENT,
        "consent": consent_text(&snap, rr, &claims),
    });
    Page::render(&app.brand, "serve/page.html", ctx)
}
