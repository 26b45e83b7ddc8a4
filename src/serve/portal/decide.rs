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
use crate::clock::now;
use crate::ledger::Snapshot;
use crate::link::{self, Claims, TokenError};
use crate::ops::{
    self,
    decide::{Decide, DecideError, Decided, Decider, LinkJob},
};
use crate::record::{LinkEvidence, Verdict};
use crate::serve::App;
use crate::state::rules as decide_rules;
use crate::state::{self, RequestRecords, State};

/// Longest comment accepted.
pub use crate::state::rules::MAX_COMMENT;

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
    if let Err(r) = decide_rules::link_refusal(snap.policy(), rr, &claims.id) {
        let mut r = refused(&label, snap.versions(&req.deliverable).len(), &r);
        r.inbox_for = Some(claims.person.clone());
        return Err(r);
    }
    let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(req));
    decide_rules::may_take_part(snap.policy(), rr, &ev, &claims.person).map_err(|r| {
        let label = format!("{} v{}", req.deliverable, snap.version_of(req));
        refused(&label, snap.versions(&req.deliverable).len(), &r)
    })?;
    Ok(rr)
}

/// The request a decision link may decide on `snap`, checked again inside
/// the write: still decidable, and the link not expired meanwhile.
pub(super) fn link_target<'s>(
    snap: &'s Snapshot,
    claims: &Claims,
) -> std::result::Result<&'s RequestRecords, Refusal> {
    let rr = decidable(snap, claims)?;
    if claims.expired(now().as_second()) {
        return Err(Refusal::new(
            StatusCode::GONE,
            "This link has expired",
            "Ask the sender for a new link. Nothing was recorded.",
        ));
    }
    Ok(rr)
}

/// The page's words for a refusal from `decide_rules`.
fn refused(label: &str, latest: usize, r: &decide_rules::Refusal) -> Refusal {
    use decide_rules::Refusal as R;
    match r {
        R::Closed(State::Superseded) => Refusal::new(
            StatusCode::GONE,
            "A newer version is waiting",
            format!(
                "This link is for {label}, which v{latest} has replaced. Use the link in the newest email. Nothing was recorded."
            ),
        ),
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
        R::StageNotOpen { open, .. } => Refusal::new(
            StatusCode::CONFLICT,
            "Not ready for you yet",
            format!(
                "{label} is still in its {open} review. You will get an email with your link as soon as it is ready for you. Nothing was recorded."
            ),
        ),
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
        R::NoReason(v) => Refusal::new(
            StatusCode::BAD_REQUEST,
            "Please say why",
            format!(
                "To {}, write in the comment box what should change or why, so the sender knows what to do next. Go back to the page and try again. Nothing was recorded.",
                if *v == Verdict::Decline {
                    "decline"
                } else {
                    "request changes"
                }
            ),
        ),
        R::CommentTooLong { .. } => Refusal::new(
            StatusCode::BAD_REQUEST,
            "The comment is too long",
            format!("Keep it under {MAX_COMMENT} characters. Nothing was recorded."),
        ),
        // Harmless (a second click on the email's button): say what was
        // decided and when, and where the rest of their work is.
        R::LinkUsed { verdict, at } => Refusal::new(
            StatusCode::OK,
            "You have already decided",
            format!(
                "This link recorded that you {} {label} on {}. Each link records one decision; to change it, ask the sender for a new link.",
                verdict.past(),
                crate::clock::utc_time(at)
            ),
        ),
        R::LinksIgnored => Refusal::new(
            StatusCode::FORBIDDEN,
            "Decisions are not taken through this page",
            format!(
                "The approval rules for {label} do not count decisions made through email links. Please reply to the sender instead. Nothing was recorded."
            ),
        ),
    }
}

/// The statement the page shows beside its buttons, recorded word for
/// word in the decision: who decides, on what exact version, and what the
/// server keeps. Built from the records, never from the form, so what is
/// recorded is what the page showed.
pub(super) fn consent_text(snap: &Snapshot, rr: &RequestRecords, person: &str) -> String {
    let p = crate::notify::person_view(snap.policy(), person);
    let who = if p.email.is_empty() {
        p.name
    } else {
        format!("{} <{}>", p.name, p.email)
    };
    let req = &rr.request;
    format!(
        "By pressing a button I, {who}, record my decision on {} version {} (content {}). It is signed by this server and kept with the time, my network address and my browser's name.",
        req.deliverable,
        snap.version_of(req),
        crate::content::short(&req.content)
    )
}

/// What a POST carries.
pub struct DecideInput {
    pub token: String,
    pub decision: String,
    pub comment: String,
    pub csrf: String,
    /// A decline is recorded only once confirmed on a second page.
    pub confirmed: bool,
    pub client_ip: String,
    pub user_agent: String,
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
    let consent = match app.ledger().and_then(|l| app.snapshot(&l)) {
        Ok(snap) => match decidable(&snap, &claims) {
            Ok(rr) => consent_text(&snap, rr, &claims.person),
            Err(r) => return r.with_inbox(app, &snap).page(brand),
        },
        Err(e) => return trouble(brand, &e),
    };
    if !app.csrf_ok(&claims.id, &input.csrf) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "Please confirm again",
            "This form is out of date (the page may be from before a restart). Open the link again and confirm. Nothing was recorded.",
        );
    }
    let comment = input.comment.trim().replace("\r\n", "\n");
    // The length rule is the one every face asks (`state::rules`); the
    // page's comment without a decision obeys it too.
    if let Err(r) = decide_rules::comment_refusal(Verdict::Approve, &comment) {
        return refused("", 0, &r).page(brand);
    }
    // "Comment" on the page: a comment without a decision.
    if input.decision == "comment" {
        return super::remark::comment_post(app, &claims, input, &comment);
    }
    let Some(verdict) = Verdict::parse_deciding(&input.decision) else {
        return Page::message(
            brand,
            StatusCode::BAD_REQUEST,
            "Choose a decision",
            "Use one of the buttons on the page. Nothing was recorded.",
        );
    };
    if !claims.decisions.contains(&verdict) {
        return Page::message(
            brand,
            StatusCode::FORBIDDEN,
            "This link does not allow that decision",
            "Nothing was recorded.",
        );
    }
    // Asking for changes or declining says why, so that the requester knows
    // what to do next (the rule every face asks).
    if let Err(r) = decide_rules::comment_refusal(verdict, &comment) {
        return refused("", 0, &r).page(brand);
    }
    // A decline ends the round: it is asked once more, with the comment
    // carried over, before anything is recorded.
    if verdict == Verdict::Decline && !input.confirmed {
        let ctx = json!({
            "token": input.token,
            "csrf": input.csrf,
            "comment": comment,
        });
        return Page::render(brand, "serve/confirm.html", ctx);
    }
    let ledger = match app.ledger() {
        Ok(l) => l,
        Err(e) => return trouble(brand, &e),
    };
    // Group commit: the decision joins the queue; whoever holds the write
    // lock writes everything queued as one commit and answers each poster
    // once it has landed. A poster whose decision a writer took waits for
    // its answer; otherwise it becomes the writer.
    let (tx, rx) = std::sync::mpsc::channel();
    app.queue
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Queued {
            claims,
            verdict,
            comment,
            evidence: LinkEvidence {
                token: input.token.clone(),
                client_ip: input.client_ip.clone(),
                user_agent: input.user_agent.clone(),
                consent,
            },
            reply: tx,
        });
    // The answer, once some writer has sent it; a writer that died with
    // this decision in hand (its sender dropped) is an error to report,
    // never a wait.
    let answered = |rx: &std::sync::mpsc::Receiver<Page>| match rx.try_recv() {
        Ok(page) => Some(page),
        Err(std::sync::mpsc::TryRecvError::Empty) => None,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(Page::message(
            brand,
            StatusCode::SERVICE_UNAVAILABLE,
            "Your decision could not be confirmed",
            "The server stopped while recording it. Open the link again: it says whether your decision was recorded.",
        )),
    };
    loop {
        if let Some(page) = answered(&rx) {
            return page;
        }
        let guard = app
            .write_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(page) = answered(&rx) {
            return page;
        }
        let queued = std::mem::take(
            &mut *app
                .queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        write_queued(app, &ledger, queued, guard);
    }
}

/// A decision waiting for the writer.
pub struct Queued {
    claims: Claims,
    verdict: Verdict,
    comment: String,
    evidence: LinkEvidence,
    /// Where its page goes once it is recorded (or refused).
    reply: std::sync::mpsc::Sender<Page>,
}

/// Writes `queued` as one commit (the caller holds the write lock, given
/// as `guard`, let go as soon as the commit has landed) and answers each.
fn write_queued(
    app: &App,
    ledger: &crate::ledger::Ledger,
    queued: Vec<Queued>,
    guard: std::sync::MutexGuard<'_, ()>,
) {
    let brand = &app.brand;
    let prior = match app.snapshot_for_write(ledger) {
        Ok(s) => s,
        Err(e) => {
            for q in queued {
                let _ = q.reply.send(trouble(brand, &e));
            }
            return;
        }
    };
    let jobs: Vec<LinkJob<'_, Refusal>> = queued
        .iter()
        .map(|q| LinkJob {
            input: Decide {
                decider: Decider::Link {
                    signer: &app.key.signer,
                    attester: &app.attester,
                    person: &q.claims.person,
                    evidence: q.evidence.clone(),
                    prior: None,
                },
                verdict: q.verdict,
                comment: &q.comment,
            },
            pick: Box::new(move |snap: &Snapshot| link_target(snap, &q.claims)),
        })
        .collect();
    let guard = std::cell::RefCell::new(Some(guard));
    let answered = |after: Option<&Snapshot>,
                    outcomes: &[Result<Decided, DecideError<Refusal>>]| {
        if let Some(after) = after {
            app.remember_arc(Arc::new(after.clone()));
            app.recorded();
        }
        guard.borrow_mut().take();
        for (q, o) in queued.iter().zip(outcomes) {
            let _ = q.reply.send(page_of(brand, o));
        }
    };
    let written = ops::decide::decide_links(
        ledger,
        &app.key.signer,
        &app.attester,
        Some(&prior),
        &jobs,
        answered,
    );
    let Ok(outcomes) = written else {
        // The write itself failed: each decision goes alone, for its own
        // answer.
        guard.borrow_mut().take();
        for (q, job) in queued.iter().zip(&jobs) {
            let o = ops::decide::decide(ledger, &job.input, &*job.pick, |_| {});
            if let Ok(done) = &o {
                app.recorded();
                warn_of(done);
            }
            let _ = q.reply.send(page_of(brand, &o));
        }
        return;
    };
    for done in outcomes.iter().flatten() {
        warn_of(done);
    }
}

/// The page that answers one decision.
fn page_of(brand: &super::Brand, o: &Result<Decided, DecideError<Refusal>>) -> Page {
    let done = match o {
        Ok(done) => done,
        Err(DecideError::Target(r)) => return r.page(brand),
        Err(DecideError::Refused(r)) => return refused(&r.label, r.latest, &r.refusal).page(brand),
        Err(DecideError::Ledger(e)) => return super::pages::trouble_with(brand, &e.to_string()),
    };
    let d = &done.decision;
    let ctx = json!({
        "heading": "Thank you: your decision is recorded",
        "message": format!(
            "You {} {} on {}.{}",
            d.decision.past(),
            done.label,
            crate::clock::utc_time(&d.at),
            if d.comment.is_empty() { String::new() } else { " Your comment was recorded with it.".into() }
        ),
        "ok": true,
        "record": d.id,
    });
    Page::render(brand, "serve/message.html", ctx)
}

/// Prints how notifying went after a decision, as the server's log.
fn warn_of(done: &Decided) {
    let notices = done
        .notified
        .notices
        .iter()
        .filter_map(|n| match crate::output::notice(n) {
            (true, line) => Some(line),
            (false, _) => None,
        });
    for w in done.notified.warnings.iter().cloned().chain(notices) {
        eprintln!("warning: {}", crate::text::one_line(&w));
    }
}
