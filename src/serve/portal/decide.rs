//! What a decision link may do, and the POST that writes the decision.
//! The checks ([`check_token`], [`decidable`]) are shared with the decision
//! page, the files and the inbox so that every way in refuses alike; the
//! POST runs [`decidable`] a second time inside the ledger's
//! compare-and-swap, because only the state the write lands on can say
//! "already used", "superseded" or "withdrawn" truthfully. It must not write
//! anywhere but through that one write path, nor take a decision the
//! shared `decide_rules` would refuse on the command line.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::json;

use super::pages::{Page, Refusal, trouble};
use crate::decide_rules;
use crate::error::CliError;
use crate::events::{self, Event};
use crate::ledger::{Prepared, Snapshot, now};
use crate::link::{self, Claims, TokenError};
use crate::record::{self, Decision, LinkEvidence, Verdict};
use crate::serve::App;
use crate::state::{self, RequestRecords, State};

/// Longest comment accepted.
pub const MAX_COMMENT: usize = 4000;

/// Verifies a token's signature, kind and expiry.
pub(super) fn check_token(
    app: &App,
    token: &str,
    kind: &str,
) -> std::result::Result<Claims, Refusal> {
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
pub(super) fn decidable<'s>(
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
                crate::layout::decision_path(&req.deliverable, &req.id, &id),
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
