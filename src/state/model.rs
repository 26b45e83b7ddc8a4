//! The answers counting gives: a request with its records
//! ([`RequestRecords`]), its [`State`], what each requirement still
//! [`Need`]s, each decision left out and why ([`NotCounted`]), and the
//! whole [`Evaluation`]. Types and their words only; `evaluate` fills
//! them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::who::OnBehalfRefusal;
use crate::policy::OnBehalf;
use crate::record::{Comment, Decision, Request};

/// A request with the decisions and comments filed under it.
#[derive(Debug, Clone)]
pub struct RequestRecords {
    pub request: Request,
    pub decisions: Vec<Decision>,
    pub comments: Vec<Comment>,
    /// `(earlier, later)` decision ids whose commits are ordered in the
    /// branch's history (the earlier one's commit is an ancestor of the
    /// later one's). Filled only where `supersedes` leaves a person with
    /// competing heads; it breaks those ties by DAG order, never by clock.
    pub dag_order: BTreeSet<(String, String)>,
    /// Where the request entered the branch's history (`None` without
    /// history: a shallow clone's oldest records, a hand-made snapshot).
    pub entered: Option<Entered>,
    /// Decision id → where it entered the branch's history. Expiry is judged
    /// on the later of a decision's `at` and its commit's bounded time, and
    /// stages by these places (see `eligible`).
    pub arrived: BTreeMap<String, Entered>,
}

/// Where a record entered the store branch's history (see
/// `ledger::history`): a place in an order only the commit graph decides,
/// and the window of time its commit allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entered {
    /// The place of the commit that first added the record.
    pub seq: u64,
    /// The newest of its commit's parents' times (seconds; never running
    /// backwards along history).
    pub lo: i64,
    /// Its commit's time, never before `lo`.
    pub hi: i64,
    /// The date its commit gives itself (before `lo` in a commit dated
    /// before its parent, which is an integrity problem).
    pub own: i64,
    /// Its commit's author date, which `sync` keeps when it replays an
    /// offline commit (read by `verify` only; elsewhere equal to `own`).
    pub authored: i64,
}

/// The states of a request (DESIGN.md §6).
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Draft,
    Pending,
    Approved,
    ChangesRequested,
    Declined,
    Withdrawn,
    Superseded,
    Expired,
}

impl State {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Pending => "pending",
            State::Approved => "approved",
            State::ChangesRequested => "changes-requested",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
            State::Superseded => "superseded",
            State::Expired => "expired",
        }
    }

    /// Whether decisions may still be recorded.
    #[must_use]
    pub fn open(self) -> bool {
        matches!(
            self,
            State::Pending | State::Approved | State::ChangesRequested | State::Declined
        )
    }
}

/// What one stage or requirement still needs.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Need {
    /// Stage name, or `review` for request-level reviewers.
    pub stage: String,
    /// The group, or `None` for the request's own reviewers.
    pub group: Option<String>,
    pub have: usize,
    pub need: usize,
    /// Eligible people who have not approved yet.
    pub waiting_on: Vec<String>,
}

/// A decision that exists but does not count, and why.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ignored {
    pub person: String,
    pub decision: String,
    #[schemars(with = "String")]
    pub reason: NotCounted,
    /// Who entered it, when entered for `person` by someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<String>,
}

/// Why a recorded decision does not count: the one typed answer every
/// output reads (`show`, `status`, `report`, the gate, the certificate,
/// the page). Counting ([`super::evaluate`]) gives the first group, the
/// decision view (`views::decisions`) the last three, which are about a
/// decision's place among the others rather than the decision itself.
///
/// Serialised as its words (what `--json` has always said), and read back
/// from them, so an evaluation kept in the index round-trips.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum NotCounted {
    /// It names content other than the request's (an older version's).
    OtherContent,
    /// Made after the request expired.
    AfterExpiry,
    /// The request's author deciding where the rule excludes authors.
    AuthorExcluded,
    /// Made through an email link under `links = "ignore"`.
    LinksIgnored,
    /// Signed by a key the policy in force does not list (for a link
    /// decision: not an attester's).
    KeyNotListed,
    /// For someone who is not a person in the policy in force.
    NotInPolicy,
    /// Entered for someone else against the rule.
    EnteredAgainstRule(OnBehalfRefusal),
    /// Entered for someone who has decided with their own key or link.
    OutrankedByOwn,
    /// A later stage's decision made before its stage opened.
    BeforeStageOpened,
    /// A withdrawal of the request, not a decision on it.
    Withdrawal,
    /// One of two competing latest decisions of the same person.
    Conflicting,
    /// Replaced by a later decision of the same person.
    Replaced,
}

impl NotCounted {
    /// Every reason with fixed words (the on-behalf ones aside).
    pub(super) const FIXED: [NotCounted; 11] = [
        NotCounted::OtherContent,
        NotCounted::AfterExpiry,
        NotCounted::AuthorExcluded,
        NotCounted::LinksIgnored,
        NotCounted::KeyNotListed,
        NotCounted::NotInPolicy,
        NotCounted::OutrankedByOwn,
        NotCounted::BeforeStageOpened,
        NotCounted::Withdrawal,
        NotCounted::Conflicting,
        NotCounted::Replaced,
    ];

    /// The reason in words.
    #[must_use]
    pub fn words(&self) -> String {
        match self {
            NotCounted::OtherContent => "signed other content".into(),
            NotCounted::AfterExpiry => "made after the request expired".into(),
            NotCounted::AuthorExcluded => "author excluded".into(),
            NotCounted::LinksIgnored => "email-link decisions do not count under the policy".into(),
            NotCounted::KeyNotListed => "signed by a key the current policy does not list".into(),
            NotCounted::NotInPolicy => "not a person in the current policy".into(),
            NotCounted::EnteredAgainstRule(why) => why.reason(),
            NotCounted::OutrankedByOwn => "outranked by their own decision".into(),
            NotCounted::BeforeStageOpened => "made before its stage opened".into(),
            NotCounted::Withdrawal => "withdrawal of the request".into(),
            NotCounted::Conflicting => "conflicting decisions from the same person".into(),
            NotCounted::Replaced => "replaced by a later decision".into(),
        }
    }
}

impl std::fmt::Display for NotCounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words())
    }
}

impl From<NotCounted> for String {
    fn from(n: NotCounted) -> String {
        n.words()
    }
}

impl TryFrom<String> for NotCounted {
    type Error = String;
    fn try_from(s: String) -> Result<NotCounted, String> {
        if let Some(n) = NotCounted::FIXED.into_iter().find(|n| n.words() == s) {
            return Ok(n);
        }
        let on_behalf = [
            OnBehalfRefusal::NotPermitted(OnBehalf::Forbidden),
            OnBehalfRefusal::NotPermitted(OnBehalf::Admins),
            OnBehalfRefusal::Author,
            OnBehalfRefusal::FellowReviewer,
            OnBehalfRefusal::Themselves,
        ];
        if let Some(why) = on_behalf.into_iter().find(|w| w.reason() == s) {
            return Ok(NotCounted::EnteredAgainstRule(why));
        }
        let group = s
            .strip_prefix(
                "entered on their behalf by someone the policy does not allow (only members of ",
            )
            .and_then(|g| g.strip_suffix(" may)"));
        match group {
            Some(g) => Ok(NotCounted::EnteredAgainstRule(
                OnBehalfRefusal::NotPermitted(OnBehalf::Group(g.to_string())),
            )),
            None => Err(format!("not a reason a decision is not counted: {s:?}")),
        }
    }
}

/// The result of evaluating one request under a policy.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evaluation {
    pub state: State,
    /// The stage waiting, when pending.
    pub stage: Option<String>,
    /// People whose approval counts.
    pub approvals: Vec<String>,
    pub needs: Vec<Need>,
    /// People with two competing latest decisions.
    pub conflicts: Vec<String>,
    pub ignored: Vec<Ignored>,
    pub author_excluded: bool,
    /// Each person's latest decision (ids), by person.
    pub latest: BTreeMap<String, String>,
    /// People whose counted decision is "changes" or a blocking "decline".
    pub blockers: Vec<String>,
    /// For counted decisions someone else entered: person → who entered it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entered_by: BTreeMap<String, String>,
    /// Names of the rule's stages whose requirements are all met, in order
    /// (only leading stages: a later stage counts once earlier ones are met).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages_complete: Vec<String>,
}

impl Evaluation {
    /// `bob, cat (entered by dan)`: people, each with who entered their
    /// decision when someone else did.
    #[must_use]
    pub fn people(&self, people: &[String]) -> String {
        people
            .iter()
            .map(|p| match self.entered_by.get(p) {
                Some(by) => format!("{p} (entered by {by})"),
                None => p.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One line saying where the request stands and what is missing.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        match self.state {
            State::Pending => {
                for n in &self.needs {
                    if n.have >= n.need {
                        continue;
                    }
                    let from = n
                        .group
                        .as_ref()
                        .map_or_else(|| "reviewers".to_string(), Clone::clone);
                    let stage = if n.stage == "review" {
                        String::new()
                    } else {
                        format!("stage {}: ", n.stage)
                    };
                    let more = n.need - n.have;
                    let who = if n.waiting_on.is_empty() {
                        "nobody eligible is left".to_string()
                    } else {
                        n.waiting_on.join(", ")
                    };
                    parts.push(format!(
                        "{stage}{}/{} approvals from {from}; needs {more} more: {who}",
                        n.have, n.need
                    ));
                }
            }
            State::Approved => {
                parts.push(format!("approved by {}", self.people(&self.approvals)));
            }
            State::ChangesRequested | State::Declined => {
                let verb = if self.state == State::Declined {
                    "declined"
                } else {
                    "changes requested"
                };
                parts.push(format!("{verb} by {}", self.people(&self.blockers)));
            }
            other => parts.push(other.as_str().to_string()),
        }
        if self.author_excluded {
            parts.push("author excluded".into());
        }
        if !self.conflicts.is_empty() {
            parts.push(format!(
                "conflicting decisions from {} (not counted)",
                self.conflicts.join(", ")
            ));
        }
        parts.join("; ")
    }
}
