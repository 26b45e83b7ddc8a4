//! The POST that writes a decision through a link. The checks
//! (`guard::check_token`, `guard::decidable`) are shared with the decision
//! page, the files and the inbox so that every way in refuses alike; the
//! POST runs `decidable` a second time inside the ledger's
//! compare-and-swap, because only the state the write lands on can say
//! "already used", "superseded" or "withdrawn" truthfully. It must not write
//! anywhere but through that one write path, nor take a decision the
//! shared `decide_rules` would refuse on the command line.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::json;

use super::guard::{DecideInput, check_token, consent_text, decidable, link_target, refused};
use super::kit::{Page, Refusal, trouble};
use crate::ledger::Snapshot;
use crate::link::{self, Claims};
use crate::ops::{
    self,
    decide::{Decide, DecideError, Decided, Decider, LinkJob},
};
use crate::record::{LinkEvidence, Verdict};
use crate::serve::App;
use crate::state::rules as decide_rules;

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
            Ok(rr) => consent_text(&snap, rr, &claims),
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
    let evidence = LinkEvidence {
        token: input.token.clone(),
        client_ip: input.client_ip.clone(),
        user_agent: input.user_agent.clone(),
        consent,
    };
    group_commit(app, &ledger, claims, verdict, comment, evidence)
}

/// Group commit: the decision joins the queue; whoever holds the write
/// lock writes everything queued as one commit and answers each poster
/// once it has landed. A poster whose decision a writer took waits for
/// its answer; otherwise it becomes the writer.
fn group_commit(
    app: &App,
    ledger: &crate::ledger::Ledger,
    claims: Claims,
    verdict: Verdict,
    comment: String,
    evidence: LinkEvidence,
) -> Page {
    let brand = &app.brand;
    let (tx, rx) = std::sync::mpsc::channel();
    app.queue
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Queued {
            claims,
            verdict,
            comment,
            evidence,
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
        write_queued(app, ledger, queued, guard);
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
        Err(DecideError::Ledger(e)) => return super::kit::trouble_with(brand, &e.to_string()),
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
