//! Who hears about each event and what they read: one function per event
//! kind turns an [`Event`] and the store after the write into rendered
//! emails, each to the people who may read it (see `views::Viewer`).

use std::collections::BTreeSet;

use serde_json::json;

use super::Event;
use crate::ledger::Snapshot;
use crate::notify::links::{LinkMaker, left_to_server, links_for};
use crate::notify::{self, Outgoing};
use crate::render::Renderer;
use crate::state;

pub(super) type Rendered = Result<(Vec<Outgoing>, Vec<notify::Unsent>), crate::render::RenderError>;

/// Who hears about one event, and what they read. Returns the acting person.
pub(super) fn messages(
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
        } => match snap.requests.get(request) {
            Some(rr) => (
                by.clone(),
                receipt_messages(renderer, snap, rr, decision, by),
            ),
            None => (by.clone(), none()),
        },
        Event::Commented {
            request,
            by,
            comment,
            internal,
            ..
        } => match snap.requests.get(request) {
            Some(rr) => {
                let said = Said {
                    by,
                    comment,
                    internal: *internal,
                };
                (by.clone(), comment_messages(renderer, snap, rr, &said))
            }
            None => (by.clone(), none()),
        },
    }
}

/// The receipt a person gets for their own decision `decision`.
fn receipt_messages(
    renderer: &Renderer,
    snap: &Snapshot,
    rr: &state::RequestRecords,
    decision: &str,
    by: &str,
) -> Rendered {
    let policy = snap.policy();
    let record = rr.decisions.iter().find(|d| d.id == decision);
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
    let to = BTreeSet::from([by.to_string()]);
    notify::render_for(
        renderer,
        snap,
        rr,
        "receipt",
        &to,
        &extra,
        &notify::Links::default(),
    )
}

/// A comment an email is about (the `Commented` event's fields).
struct Said<'e> {
    by: &'e str,
    comment: &'e str,
    internal: bool,
}

/// Emails for a comment: to everyone asked so far and the requester, but
/// only those who may read it.
fn comment_messages(
    renderer: &Renderer,
    snap: &Snapshot,
    rr: &state::RequestRecords,
    said: &Said,
) -> Rendered {
    let policy = snap.policy();
    let by = said.by;
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
        if said.internal {
            notify::is_internal(policy, id) && viewer.sees_person(by)
        } else {
            viewer.sees_person(by)
        }
    });
    let extra = json!({
        "actor": notify::person_view(policy, by),
        "comment": said.comment,
        "internal": said.internal,
    });
    notify::render_for(
        renderer,
        snap,
        rr,
        "comment",
        &to,
        &extra,
        &notify::Links::default(),
    )
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
