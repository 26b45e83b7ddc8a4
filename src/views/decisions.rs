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
