//! One request's decisions, each with whether it counts and, when not,
//! why ([`NotCounted`]): the one answer `show`, `status`, `report`, the
//! certificate and the page read. Counting (`state::evaluate`) judges the
//! decisions themselves; this adds only a decision's place among the
//! same person's others (a withdrawal, one of two competing heads, one a
//! later decision replaced). No output decides "counted or not" itself.

use crate::record::{Decision, Verdict};
use crate::state::{self, Evaluation, NotCounted, RequestRecords};

/// One decision as every output shows it.
#[derive(Debug, Clone)]
pub struct DecisionView<'r> {
    pub decision: &'r Decision,
    /// Whose decision it is (for whom it was entered).
    pub person: &'r str,
    /// Who entered it, when entered for `person` by someone else.
    pub entered_by: Option<&'r str>,
    /// Why it does not count; `None` when it does.
    pub not_counted: Option<NotCounted>,
}

impl DecisionView<'_> {
    /// Whether the decision counts.
    #[must_use]
    pub fn counted(&self) -> bool {
        self.not_counted.is_none()
    }
}

/// Why decision `d` of `rr` (whose evaluation is `ev`) does not count, or
/// `None` when it does.
#[must_use]
pub fn not_counted_because(d: &Decision, ev: &Evaluation) -> Option<NotCounted> {
    let person = state::decider(d);
    if d.decision == Verdict::Withdraw {
        Some(NotCounted::Withdrawal)
    } else if let Some(i) = ev.ignored.iter().find(|i| i.decision == d.id) {
        Some(i.reason.clone())
    } else if ev.conflicts.iter().any(|c| c == person) {
        Some(NotCounted::Conflicting)
    } else if ev.latest.get(person) != Some(&d.id) {
        Some(NotCounted::Replaced)
    } else {
        None
    }
}

/// Every decision of `rr`, in record order, as [`DecisionView`]s.
#[must_use]
pub fn decisions<'r>(rr: &'r RequestRecords, ev: &Evaluation) -> Vec<DecisionView<'r>> {
    rr.decisions
        .iter()
        .map(|d| DecisionView {
            decision: d,
            person: state::decider(d),
            entered_by: d.on_behalf_of.as_ref().map(|_| d.by.as_str()),
            not_counted: not_counted_because(d, ev),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::record::{Decision, SCHEMA_DECISION};
    use crate::state::{Ignored, State};

    fn decision(id: &str, by: &str, verdict: Verdict) -> Decision {
        Decision {
            schema: SCHEMA_DECISION.into(),
            store_id: "s".into(),
            id: id.into(),
            request: "r".into(),
            deliverable: "doc".into(),
            content: "sha256:c".into(),
            decision: verdict,
            comment: String::new(),
            by: by.into(),
            key: String::new(),
            at: "2026-11-02T00:00:00Z".into(),
            supersedes: None,
            on_behalf_of: None,
            evidence: None,
            via: "key".into(),
            link: None,
            policy_version: None,
            policy_hash: None,
        }
    }

    fn evaluation() -> Evaluation {
        Evaluation {
            state: State::Pending,
            stage: None,
            approvals: Vec::new(),
            needs: Vec::new(),
            conflicts: vec!["dan".into()],
            ignored: vec![Ignored {
                person: "cat".into(),
                decision: "c1".into(),
                reason: NotCounted::BeforeStageOpened,
                entered_by: None,
            }],
            author_excluded: false,
            latest: BTreeMap::from([
                ("bob".to_string(), "b2".to_string()),
                ("cat".to_string(), "c1".to_string()),
                ("eve".to_string(), "e1".to_string()),
            ]),
            blockers: Vec::new(),
            entered_by: BTreeMap::new(),
            stages_complete: Vec::new(),
        }
    }

    #[test]
    fn each_decision_says_why_it_does_not_count() {
        let ev = evaluation();
        let why = |d: &Decision| not_counted_because(d, &ev);
        assert_eq!(
            why(&decision("w", "alice", Verdict::Withdraw)),
            Some(NotCounted::Withdrawal)
        );
        assert_eq!(
            why(&decision("b1", "bob", Verdict::Approve)),
            Some(NotCounted::Replaced)
        );
        assert_eq!(why(&decision("b2", "bob", Verdict::Approve)), None);
        assert_eq!(
            why(&decision("c1", "cat", Verdict::Approve)),
            Some(NotCounted::BeforeStageOpened)
        );
        assert_eq!(
            why(&decision("d1", "dan", Verdict::Approve)),
            Some(NotCounted::Conflicting)
        );
        // Entered for eve by frank: eve's, and frank entered it.
        let mut e1 = decision("e1", "frank", Verdict::Approve);
        e1.on_behalf_of = Some("eve".into());
        assert_eq!(why(&e1), None);
    }

    #[test]
    fn the_view_names_whose_decision_it_is_and_who_entered_it() {
        let mut e1 = decision("e1", "frank", Verdict::Approve);
        e1.on_behalf_of = Some("eve".into());
        let rr = RequestRecords {
            request: crate::record::Request {
                schema: crate::record::SCHEMA_REQUEST.into(),
                store_id: "s".into(),
                id: "r".into(),
                deliverable: "doc".into(),
                by: "alice".into(),
                key: String::new(),
                at: "2026-11-01T00:00:00Z".into(),
                message: String::new(),
                title: String::new(),
                reviewers: vec!["bob".into()],
                quorum: None,
                due: None,
                expires: None,
                draft: false,
                supersedes: None,
                source: crate::record::Source::default(),
                content: "sha256:c".into(),
                groups: Vec::new(),
                files: Vec::new(),
            },
            decisions: vec![decision("b1", "bob", Verdict::Approve), e1],
            comments: Vec::new(),
            dag_order: std::collections::BTreeSet::new(),
            entered: None,
            arrived: BTreeMap::new(),
        };
        let views = decisions(&rr, &evaluation());
        assert_eq!(views[0].person, "bob");
        assert!(!views[0].counted());
        assert_eq!(
            (views[1].person, views[1].entered_by, views[1].counted()),
            ("eve", Some("frank"), true)
        );
    }
}
