//! The certificate's timeline: everything that happened to one request, in
//! time order — the request, every decision (replaced ones marked),
//! comments, the withdrawal, stage completions, a later version that
//! replaced it, and the emails this clone sent about it.

use serde::Serialize;

use crate::ledger::Snapshot;
use crate::notify::outbox::{Outbox, Status};
use crate::record::Verdict;
use crate::state::{self, NotCounted, RequestRecords};
use crate::views::VersionView;

/// One line of the timeline.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize)]
pub struct Moment {
    pub at: String,
    /// `request`, `decision`, `withdrawal`, `comment`, `stage`,
    /// `superseded` or `email`.
    pub kind: &'static str,
    pub by: String,
    /// What happened, in words.
    pub what: String,
    /// A comment, reason or message, when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// A decision that a later decision by the same person replaced.
    pub replaced: bool,
}

fn moment(at: &str, kind: &'static str, by: &str, what: String, detail: &str) -> Moment {
    Moment {
        at: at.to_string(),
        kind,
        by: by.to_string(),
        what,
        detail: detail.to_string(),
        replaced: false,
    }
}

/// Builds the timeline of version `v` from its records and from the
/// outbox of this clone (`outbox`; emails are local evidence, so another
/// clone's certificate lists the emails it sent).
pub fn build(snap: &Snapshot, v: &VersionView<'_>, outbox: Option<&Outbox>) -> Vec<Moment> {
    let rr = v.records;
    let version = v.number;
    let req = &rr.request;
    let mut out = vec![moment(
        &req.at,
        "request",
        &req.by,
        format!("requested decisions on v{version}"),
        &req.message,
    )];
    for view in &v.decisions {
        let d = view.decision;
        let (kind, what) = if d.decision == Verdict::Withdraw {
            ("withdrawal", "withdrew the request".to_string())
        } else {
            let how = if d.via == crate::link::VIA_LINK {
                " through an email link".to_string()
            } else if d.on_behalf_of.is_some() {
                format!(" (entered by {})", d.by)
            } else {
                String::new()
            };
            (
                "decision",
                format!("{}{how}", d.decision.past().trim_end_matches(" on")),
            )
        };
        let mut m = moment(&d.at, kind, view.person, what, &d.comment);
        m.replaced = view.not_counted == Some(NotCounted::Replaced);
        out.push(m);
    }
    for c in &rr.comments {
        out.push(moment(
            &c.at,
            "comment",
            &c.by,
            "commented".into(),
            &c.comment,
        ));
    }
    out.extend(stages(snap, v));
    // Version numbers count from 1: the one after `version` is at index
    // `version` of the history.
    if let Some(next) = crate::views::history(snap, &req.deliverable)
        .get(version)
        .filter(|_| version > 0)
        .map(VersionView::request)
    {
        out.push(moment(
            &next.at,
            "superseded",
            &next.by,
            format!("requested v{}, which replaces this version", version + 1),
            "",
        ));
    }
    if let Some(outbox) = outbox {
        for e in outbox.list(true) {
            if e.meta.request != req.id {
                continue;
            }
            let what = match e.status {
                Status::Sent | Status::SentUnmarked => {
                    format!("{} email sent to {}", e.meta.kind, e.meta.recipient)
                }
                Status::Interrupted => format!(
                    "{} email to {} interrupted while sending (may have been delivered)",
                    e.meta.kind, e.meta.recipient
                ),
                Status::Pending | Status::Sending => format!(
                    "{} email to {} queued in this clone's outbox, not yet sent",
                    e.meta.kind, e.meta.recipient
                ),
            };
            out.push(moment(&e.meta.created, "email", "signoff", what, ""));
        }
    }
    // Times are RFC 3339; compare them as instants, keeping record order
    // for equal times.
    out.sort_by_key(|m| m.at.parse::<jiff::Timestamp>().ok());
    out
}

/// Stage completions, replayed: the decisions in time order, and the time
/// each stage's requirements were first met. Only stages complete in the
/// request's state now are listed (the timeline never says a stage is
/// complete while the state says it waits on it), and a completion is the
/// store's doing, not a person's: it is attributed to `signoff`, naming
/// the decision that completed it.
fn stages(snap: &Snapshot, v: &VersionView<'_>) -> Vec<Moment> {
    let policy = snap.policy();
    let rr = v.records;
    let now = &v.evaluation.stages_complete;
    let named = policy.rule_for(&rr.request.deliverable).effective_stages();
    if named.len() < 2 {
        return Vec::new();
    }
    let mut order: Vec<&crate::record::Decision> = rr.decisions.iter().collect();
    // In the order the decisions entered the history (DESIGN §13), as the
    // stage rules judge them; by time only where the history is unknown.
    order.sort_by_key(|d| {
        (
            rr.arrived.get(&d.id).map(|e| e.seq),
            d.at.parse::<jiff::Timestamp>().ok(),
        )
    });
    let mut partial = RequestRecords {
        decisions: Vec::new(),
        ..rr.clone()
    };
    let mut done: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for d in order {
        partial.decisions.push(d.clone());
        let ev = state::evaluate(policy, &partial, false);
        for s in ev.stages_complete {
            if !done.contains(&s) && now.contains(&s) {
                out.push(moment(
                    &d.at,
                    "stage",
                    "signoff",
                    format!("stage \"{s}\" complete"),
                    &format!("with {}'s decision", state::decider(d)),
                ));
                done.push(s);
            }
        }
    }
    out
}
