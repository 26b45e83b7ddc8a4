//! Events that other people may need to hear about.
//!
//! Every command that writes a record reports what happened here, in one
//! place, after the write has landed. [`emit`] turns each event into emails
//! (one `match` arm per event kind decides who hears what) and hands them to
//! `notify`, which writes them to the outbox and sends them when a transport
//! is configured. A failure to notify is reported as a warning and never
//! undoes or blocks the write.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde_json::json;

use crate::ledger::{Ledger, Snapshot};
use crate::notify::links::{LinkKeyError, LinkMaker};
pub use crate::notify::links::{decides_by_link, left_to_server, links_for};
use crate::notify::{self, Outgoing, Report};
use crate::render::Renderer;
use crate::state;

/// Something that happened on the store.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A request was created (reviewers should be asked).
    Requested {
        deliverable: String,
        request: String,
        version: usize,
        by: String,
        reviewers: Vec<String>,
    },
    /// A decision was recorded.
    Decided {
        deliverable: String,
        request: String,
        decision: String,
        by: String,
        on_behalf_of: Option<String>,
        comment: String,
    },
    /// A stage of a staged rule is now approved; the next stage's reviewers
    /// (if any) should be asked now, and not before.
    StageComplete {
        deliverable: String,
        request: String,
        version: usize,
        /// The stage that is now complete.
        stage: String,
        /// The stage whose reviewers are asked next (`None` after the last).
        next_stage: Option<String>,
        /// Who to ask for the next stage (eligible people who have not approved).
        reviewers: Vec<String>,
    },
    /// A receipt for a reviewer who decided through an email link.
    Receipt {
        deliverable: String,
        request: String,
        decision: String,
        by: String,
    },
    /// A comment was added; an `internal` one is for the agency's side
    /// only.
    Commented {
        deliverable: String,
        request: String,
        by: String,
        comment: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        internal: bool,
    },
}

/// Set in a `serve` that keeps a remote in step: its watcher mails the
/// people who decide through links (`ops::announce`), after pushing what
/// it wrote, so what this process writes leaves them to it.
static SERVER_MAILS_LINKS: AtomicBool = AtomicBool::new(false);

/// Leaves the link-deciders' request, stage and reminder mail of this
/// process to the server's watcher (`serve --remote`).
pub fn leave_link_mail_to_watcher() {
    SERVER_MAILS_LINKS.store(true, Ordering::Relaxed);
}

/// Whether this process mails the link-deciders itself: only when it can
/// make their links and no watcher does (DESIGN §13 "The server that
/// answers a link sends it"). A clone without the attestation key leaves
/// them to the server, which mails them once it has the record.
#[must_use]
pub fn mails_link_deciders(links: Option<&LinkMaker>) -> bool {
    links.is_some() && !SERVER_MAILS_LINKS.load(Ordering::Relaxed)
}

/// [`mails_link_deciders`] for a command in `store`'s clone: not in the
/// server's own clone either (`signoff.serveRemote` set, or a watcher has
/// run here with `--remote`), whose writes the server pushes and whose
/// watcher then mails the link-deciders; mailing them from the command too
/// would send each mail twice.
#[must_use]
pub fn clone_mails_link_deciders(store: &crate::store::Store, links: Option<&LinkMaker>) -> bool {
    mails_link_deciders(links)
        && store.config_string("signoff.serveRemote").is_none()
        && !notify::links::watcher_mark(store).exists()
}

/// Delivers events to whoever listens, reading names and addresses from the
/// store as it is after the write. Returns what happened, for the user.
#[must_use]
pub fn emit(ledger: &Ledger, events: &[Event]) -> Report {
    if events.is_empty() || !notify::MailConfig::from_store(&ledger.store).enabled {
        return Report::default();
    }
    let snap = match ledger.load() {
        Ok(s) => s,
        Err(e) => {
            return Report {
                warnings: vec![format!("no email sent: cannot read the store: {e}")],
                ..Report::default()
            };
        }
    };
    emit_on(ledger, &snap, events)
}

/// [`emit`] with the snapshot of the store after the write already at hand.
///
/// Called after a write has committed, so it never fails: every problem,
/// even a bug that panics while building a message, becomes a warning and
/// the command still reports the write it made.
#[must_use]
pub fn emit_on(ledger: &Ledger, snap: &Snapshot, events: &[Event]) -> Report {
    emit_with(ledger, snap, events, false)
}

/// [`emit_on`] for an explicit "ask them again" (`outbox requeue`): in the
/// server's own clone, the link-deciders are asked too, with their links,
/// even though the server's watcher mails them otherwise.
#[must_use]
pub fn emit_again(ledger: &Ledger, snap: &Snapshot, events: &[Event]) -> Report {
    emit_with(ledger, snap, events, true)
}

fn emit_with(ledger: &Ledger, snap: &Snapshot, events: &[Event], again: bool) -> Report {
    if events.is_empty() || !notify::MailConfig::from_store(&ledger.store).enabled {
        return Report::default();
    }
    let run = std::panic::AssertUnwindSafe(|| emit_unguarded(ledger, snap, events, again));
    std::panic::catch_unwind(run).unwrap_or_else(|_| Report {
        notices: vec![notify::Notice::Crashed],
        ..Report::default()
    })
}

fn emit_unguarded(ledger: &Ledger, snap: &Snapshot, events: &[Event], again: bool) -> Report {
    let renderer = mail_renderer_for(&ledger.store);
    let mut report = Report::default();
    let links = match LinkMaker::from_store(&ledger.store) {
        Ok(m) => m,
        // No key here: the server that holds it mails the link-deciders.
        Err(LinkKeyError::Missing(_)) => None,
        Err(e) => {
            report
                .warnings
                .push(format!("request emails carry no link: {e}"));
            None
        }
    };
    let links = links.filter(|m| again || clone_mails_link_deciders(&ledger.store, Some(m)));
    // One message per event: whoever a stage opens for hears of it once,
    // by the stage's email, not also by the decision that opened it.
    let opened: BTreeSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::StageComplete {
                request,
                next_stage: Some(next),
                ..
            } => Some(opened_for(snap, request, next)),
            _ => None,
        })
        .flatten()
        .collect();
    for event in events {
        let (actor, outcome) = messages(&renderer, snap, event, links.as_ref(), &opened);
        match outcome {
            Ok((messages, skipped)) => {
                for id in skipped {
                    report.notes.push(format!(
                        "{id} has no email address in the policy; not notified"
                    ));
                }
                let actor = notify::person_view(snap.policy(), &actor);
                report.absorb(notify::dispatch(&ledger.store, &actor, &messages));
            }
            Err(e) => report.warnings.push(format!("no email sent: {e}")),
        }
    }
    report.warnings.extend(renderer.take_fallbacks());
    report
}

/// The template renderer for a repository (with its overrides).
///
/// Emails are branded like the page: every template sees `mail_brand`
/// (`title` and `accent`, from `git config signoff.portalTitle` and
/// `signoff.portalAccent`, and `logo` when the logo travels inline).
#[must_use]
pub fn renderer_for(store: &crate::store::Store) -> Renderer {
    Renderer::new(template_dir(store))
        .with_global("mail_brand", notify::MailBrand::from_store(store))
}

/// The renderer for mail: as [`renderer_for`], but a broken override falls
/// back to the built-in template (the message is queued, and a warning names
/// the override's file and line) instead of losing the message.
pub fn mail_renderer_for(store: &crate::store::Store) -> Renderer {
    renderer_for(store).falling_back()
}

/// Where a repository's template overrides live.
#[must_use]
pub fn template_dir(store: &crate::store::Store) -> Option<std::path::PathBuf> {
    Renderer::override_dir(
        store.workdir(),
        store.config_string("signoff.templates").as_deref(),
    )
}

type Rendered = Result<(Vec<Outgoing>, Vec<String>), crate::render::RenderError>;

/// Who hears about one event, and what they read. Returns the acting person.
fn messages(
    renderer: &Renderer,
    snap: &Snapshot,
    event: &Event,
    links: Option<&LinkMaker>,
    opened: &BTreeSet<String>,
) -> (String, Rendered) {
    let policy = snap.policy();
    let none = || Ok((Vec::new(), Vec::new()));
    match event {
        Event::Requested {
            request,
            by,
            reviewers,
            ..
        } => {
            let Some(rr) = snap.requests.get(request) else {
                return (by.clone(), none());
            };
            let to: BTreeSet<String> = reviewers
                .iter()
                .filter(|r| *r != by && !left_to_server(policy, links, r))
                .cloned()
                .collect();
            let extra = json!({ "actor": notify::person_view(policy, by) });
            let links = links_for(links, snap, rr, &to);
            let r = notify::render_for(renderer, snap, rr, "request", &to, &extra, &links);
            (by.clone(), r)
        }
        Event::Decided {
            request,
            decision,
            by,
            on_behalf_of,
            comment,
            ..
        } => {
            let Some(rr) = snap.requests.get(request) else {
                return (by.clone(), none());
            };
            let decided = Decided {
                decision,
                by,
                on_behalf_of: on_behalf_of.as_deref(),
                comment,
            };
            (
                by.clone(),
                decision_messages(renderer, snap, rr, &decided, opened),
            )
        }
        Event::StageComplete {
            request,
            stage,
            next_stage,
            ..
        } => {
            let Some(rr) = snap.requests.get(request) else {
                return (String::new(), none());
            };
            let actor = rr.request.by.clone();
            match next_stage {
                Some(next) => (
                    actor,
                    stage_complete_messages(renderer, snap, links, request, stage, next),
                ),
                // The last stage: the decision email already says "approved".
                None => (actor, none()),
            }
        }
        Event::Receipt {
            request,
            decision,
            by,
            ..
        } => {
            let Some(rr) = snap.requests.get(request) else {
                return (by.clone(), none());
            };
            let record = rr.decisions.iter().find(|d| d.id == *decision);
            let extra = json!({
                "actor": notify::person_view(policy, by),
                "decision": record.map(|d| json!({
                    "id": d.id,
                    "verdict": d.decision.as_str(),
                    "past": d.decision.past(),
                    "comment": d.comment,
                    "at": d.at,
                })),
            });
            let to = BTreeSet::from([by.clone()]);
            let r = notify::render_for(
                renderer,
                snap,
                rr,
                "receipt",
                &to,
                &extra,
                &notify::Links::default(),
            );
            (by.clone(), r)
        }
        Event::Commented {
            request,
            by,
            comment,
            internal,
            ..
        } => {
            let Some(rr) = snap.requests.get(request) else {
                return (by.clone(), none());
            };
            let ev = state::evaluate(policy, rr, snap.is_superseded(&rr.request));
            let mut to = notify::asked(policy, rr, &ev);
            to.insert(rr.request.by.clone());
            to.remove(by);
            // An internal comment stays on the agency's side: only people
            // with a key of their own (never a client, who has none) hear
            // it; nor does a later stage hear an earlier one's comment.
            let deliverable = &rr.request.deliverable;
            to.retain(|id| {
                let viewer = crate::views::Viewer::new(policy, deliverable, id);
                if *internal {
                    notify::is_internal(policy, id) && viewer.sees_person(by)
                } else {
                    viewer.sees_person(by)
                }
            });
            let extra = json!({
                "actor": notify::person_view(policy, by),
                "comment": comment,
                "internal": internal,
            });
            let r = notify::render_for(
                renderer,
                snap,
                rr,
                "comment",
                &to,
                &extra,
                &notify::Links::default(),
            );
            (by.clone(), r)
        }
    }
}

/// The decision an email is about (the `Decided` event's fields).
struct Decided<'e> {
    decision: &'e str,
    by: &'e str,
    on_behalf_of: Option<&'e str>,
    comment: &'e str,
}

/// Emails for a recorded decision: to everyone asked so far, the
/// requester and the person it is for, but only those who may read it
/// (DESIGN §13 "Who sees what"). The `Decided` event's arm in [`messages`]
/// calls this.
fn decision_messages(
    renderer: &Renderer,
    snap: &Snapshot,
    rr: &state::RequestRecords,
    e: &Decided<'_>,
    opened: &BTreeSet<String>,
) -> Rendered {
    let policy = snap.policy();
    let Decided {
        decision,
        by,
        on_behalf_of,
        comment,
    } = *e;
    let ev = state::evaluate(policy, rr, snap.is_superseded(&rr.request));
    let decider = on_behalf_of.unwrap_or(by);
    let mut to = notify::asked(policy, rr, &ev);
    to.insert(rr.request.by.clone());
    to.insert(decider.to_string());
    to.remove(by);
    to.retain(|id| !opened.contains(id));
    let record = rr
        .decisions
        .iter()
        .rev()
        .find(|d| d.by == by && d.decision.as_str() == decision);
    // Only those who may read the decision hear of it: never a
    // client of a later stage (DESIGN §13 "Who sees what").
    let deliverable = &rr.request.deliverable;
    to.retain(|id| {
        let viewer = crate::views::Viewer::new(policy, deliverable, id);
        record.map_or_else(|| viewer.sees_person(decider), |d| viewer.sees_decision(d))
    });
    let past = record.map_or(decision, |d| d.decision.past());
    let extra = json!({
        "actor": notify::person_view(policy, by),
        "decider": notify::person_view(policy, decider),
        "decision": {
            "verdict": decision,
            "past": past,
            "comment": comment,
            "on_behalf_of": on_behalf_of,
            "evidence": record.and_then(|d| d.evidence.clone()),
            "id": record.map(|d| d.id.clone()),
        },
    });
    notify::render_for(
        renderer,
        snap,
        rr,
        "decision",
        &to,
        &extra,
        &notify::Links::default(),
    )
}

/// Emails for a completed stage: the next stage's members are asked. The
/// `StageComplete` event's arm in [`messages`] calls this.
pub fn stage_complete_messages(
    renderer: &Renderer,
    snap: &Snapshot,
    links: Option<&LinkMaker>,
    request: &str,
    stage: &str,
    next_stage: &str,
) -> Rendered {
    let Some(rr) = snap.requests.get(request) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut to = opened_for(snap, request, next_stage);
    // Without links here, the link-deciders hear from the server.
    to.retain(|id| !left_to_server(snap.policy(), links, id));
    let extra = json!({
        "actor": notify::person_view(snap.policy(), &rr.request.by),
        "stage": stage,
        "next_stage": next_stage,
    });
    let links = links_for(links, snap, rr, &to);
    notify::render_for(renderer, snap, rr, "stage-complete", &to, &extra, &links)
}

/// Whom a stage that opened on `request` asks: its members, but not the
/// requester nor anyone who already decided.
#[must_use]
pub fn opened_for(snap: &Snapshot, request: &str, next_stage: &str) -> BTreeSet<String> {
    let Some(rr) = snap.requests.get(request) else {
        return BTreeSet::new();
    };
    let mut to = notify::stage_members(snap.policy(), &rr.request.deliverable, next_stage);
    to.remove(&rr.request.by);
    // Nobody who already decided is told their decision is needed.
    for d in &rr.decisions {
        to.remove(crate::state::decider(d));
    }
    to
}
