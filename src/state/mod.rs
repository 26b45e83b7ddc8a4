//! Folding records into request and deliverable state.
//!
//! This is the one place that decides what records mean: which request is
//! current, each person's latest decision, what counts under the policy, and
//! what is still missing. Everything here is a pure function of verified
//! records and the current policy; nothing is stored.
//!
//! Rooms: this file holds the types and [`evaluate`]; [`heads`] finds each
//! person's latest decisions; [`rules`] says who may enter a decision and
//! which recorded ones may count (the command line, the page and counting
//! all ask it); [`deadlines`], a person's due dates and access, in their zone.

pub mod deadlines;
mod eligible;
mod heads;
pub mod rules;
#[cfg(test)]
mod tests;

use eligible::{eligible_all, hold_later_stages, why_not_counted};
pub use heads::{decider, latest_by_person, latest_by_person_ordered, may_compete};

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{DeclineMode, Policy};
use crate::record::{Comment, Decision, Effect, Request, Verdict};
use serde::{Deserialize, Serialize};

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
    pub reason: String,
    /// Who entered it, when entered for `person` by someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<String>,
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

/// Everyone a request asks by itself (for a rule without stages): its named
/// reviewers and the members of the groups it names, as `policy` lists them.
#[must_use]
pub fn asked(policy: &Policy, req: &crate::record::Request) -> std::collections::BTreeSet<String> {
    let mut set: std::collections::BTreeSet<String> = req.reviewers.iter().cloned().collect();
    for g in &req.groups {
        set.extend(policy.members(&g.group).iter().cloned());
    }
    set
}

/// Evaluates a request. `superseded` says whether a newer request exists for
/// the deliverable.
#[must_use]
pub fn evaluate(policy: &Policy, rr: &RequestRecords, superseded: bool) -> Evaluation {
    let req = &rr.request;
    let rule = policy.rule_for(&req.deliverable);
    let mut ev = Evaluation {
        state: State::Pending,
        stage: None,
        approvals: Vec::new(),
        needs: Vec::new(),
        conflicts: Vec::new(),
        ignored: Vec::new(),
        author_excluded: false,
        latest: BTreeMap::new(),
        blockers: Vec::new(),
        stages_complete: Vec::new(),
        entered_by: BTreeMap::new(),
    };

    // Which latest decisions count.
    let mut counted: BTreeMap<String, Verdict> = BTreeMap::new();
    for (person, heads) in latest_by_person_ordered(policy, rr) {
        if heads.len() > 1 {
            ev.conflicts.push(person);
            continue;
        }
        let d = heads[0];
        ev.latest.insert(person.clone(), d.id.clone());
        let entered_by = d.on_behalf_of.as_ref().map(|_| d.by.clone());
        if let Some(reason) = why_not_counted(policy, &rule, rr, d) {
            if reason == "author excluded" {
                ev.author_excluded = true;
            }
            ev.ignored.push(Ignored {
                person: person.clone(),
                decision: d.id.clone(),
                reason: reason.to_string(),
                entered_by,
            });
            continue;
        }
        if let Some(by) = entered_by {
            ev.entered_by.insert(person.clone(), by);
        }
        counted.insert(person, d.decision);
    }
    // Entries for someone else that do not count at all: against the
    // rule, or outranked by the person's own decision.
    for d in &rr.decisions {
        let Some(person) = &d.on_behalf_of else {
            continue;
        };
        if d.decision.effect() == Effect::Withdraws || ev.latest.get(person) == Some(&d.id) {
            continue;
        }
        let reason = match crate::state::rules::entry_refusal(policy, &rule, req, &d.by, person) {
            Err(why) => why.reason(),
            Ok(())
                if rr.decisions.iter().any(|o| {
                    o.on_behalf_of.is_none()
                        && o.by == *person
                        && o.decision.effect() != Effect::Withdraws
                }) && !rr
                    .decisions
                    .iter()
                    .any(|o| o.supersedes.as_deref() == Some(d.id.as_str())) =>
            {
                "outranked by their own decision".to_string()
            }
            Ok(()) => continue,
        };
        ev.ignored.push(Ignored {
            person: person.clone(),
            decision: d.id.clone(),
            reason,
            entered_by: Some(d.by.clone()),
        });
    }
    hold_later_stages(policy, &rule, rr, &mut counted, &mut ev);
    if !rule.author_can_approve && policy.person(&req.by).is_some() {
        // Would the author be a reviewer if the rule let authors approve?
        let stages = rule.effective_stages();
        let author_is_eligible = if stages.is_empty() {
            asked(policy, req).contains(&req.by)
        } else {
            stages
                .iter()
                .flat_map(|s| &s.require)
                .any(|r| policy.members(&r.group).contains(&req.by))
        };
        if author_is_eligible {
            ev.author_excluded = true;
        }
    }

    let eligible = eligible_all(policy, &rule, req);
    let has = |e: Effect| {
        counted
            .iter()
            .any(|(p, d)| d.effect() == e && eligible.contains(p))
    };
    // With `decline = "counts-as-no"` a decline is a no vote: that person is
    // not waited on, and a requirement nobody left can meet is declined.
    let counts_yes = |p: &String| {
        counted
            .get(p)
            .is_some_and(|v| v.effect() == Effect::Approves)
    };
    let said_no = |p: &String| {
        rule.decline == DeclineMode::CountsAsNo
            && counted
                .get(p)
                .is_some_and(|v| v.effect() == Effect::Declines)
    };
    // Who in a pool is still waited on: not approved, and not a no vote.
    let waiting = |pool: Vec<String>, approved: &[String]| -> Vec<String> {
        pool.into_iter()
            .filter(|p| !approved.contains(p) && !said_no(p))
            .collect()
    };
    let mut unreachable = false;
    // Only the requester or an admin can withdraw; anyone else's withdrawal
    // record is ignored.
    let withdrawn = rr.decisions.iter().any(|d| {
        d.decision.effect() == Effect::Withdraws
            && crate::state::rules::may_withdraw(policy, req, &d.by)
            && policy.key_of(&d.by, &d.key).is_some()
    });
    let expired = req
        .expires
        .as_deref()
        .and_then(crate::clock::seconds)
        .is_some_and(|e| e <= crate::clock::now().as_second());

    // Progress towards approval, stage by stage.
    let stages = rule.effective_stages();
    let mut all_met = true;
    // One requirement: who of `pool` approved, whether `need` of them did
    // (the answer), and who is still waited on.
    let mut require = |ev: &mut Evaluation,
                       pool: Vec<String>,
                       need: usize,
                       stage: &str,
                       group: Option<&String>|
     -> bool {
        let approved: Vec<String> = pool.iter().filter(|p| counts_yes(p)).cloned().collect();
        for a in &approved {
            if !ev.approvals.contains(a) {
                ev.approvals.push(a.clone());
            }
        }
        let met = approved.len() >= need;
        let waiting_on = waiting(pool, &approved);
        unreachable |= approved.len() + waiting_on.len() < need;
        ev.needs.push(Need {
            stage: stage.into(),
            group: group.cloned(),
            have: approved.len(),
            need,
            waiting_on,
        });
        met
    };
    let members = |group: &str| -> Vec<String> {
        policy
            .members(group)
            .iter()
            .filter(|m| rule.author_can_approve || **m != req.by)
            .cloned()
            .collect()
    };
    if stages.is_empty() {
        // The named reviewers (all of them, or the quorum), then each group
        // the request asks ("any one of", or a count of its members as the
        // policy in force lists them). A request that asks only groups has
        // no requirement of named people.
        if !req.reviewers.is_empty() || req.groups.is_empty() {
            // Each person once: a request naming a reviewer twice must not
            // let one approval fill two places of the quorum.
            let mut pool: Vec<String> = Vec::new();
            for r in &req.reviewers {
                if (rule.author_can_approve || *r != req.by) && !pool.contains(r) {
                    pool.push(r.clone());
                }
            }
            let need = req.quorum.map_or(pool.len(), |q| q as usize).max(1);
            all_met &= require(&mut ev, pool, need, "review", None);
        }
        for ask in &req.groups {
            let need = (ask.count as usize).max(1);
            all_met &= require(
                &mut ev,
                members(&ask.group),
                need,
                "review",
                Some(&ask.group),
            );
        }
        if !all_met {
            ev.stage = Some("review".into());
        }
    } else {
        for stage in &stages {
            let mut stage_met = true;
            for req_group in &stage.require {
                let need = req_group.count as usize;
                stage_met &= require(
                    &mut ev,
                    members(&req_group.group),
                    need,
                    &stage.name,
                    Some(&req_group.group),
                );
            }
            if !stage_met {
                all_met = false;
                ev.stage = Some(stage.name.clone());
                break;
            }
            ev.stages_complete.push(stage.name.clone());
        }
    }

    ev.state = if withdrawn {
        State::Withdrawn
    } else if superseded {
        State::Superseded
    } else if req.draft {
        State::Draft
    } else if (rule.decline == DeclineMode::Blocks || (!all_met && unreachable))
        && has(Effect::Declines)
    {
        State::Declined
    } else if has(Effect::RequestsChanges) {
        State::ChangesRequested
    } else if all_met {
        State::Approved
    } else if expired {
        State::Expired
    } else {
        State::Pending
    };
    if ev.state != State::Pending {
        ev.stage = None;
    }
    let blocking = match ev.state {
        State::Declined => Some(Effect::Declines),
        State::ChangesRequested => Some(Effect::RequestsChanges),
        _ => None,
    };
    if let Some(v) = blocking {
        ev.blockers = counted
            .iter()
            .filter(|(p, d)| d.effect() == v && eligible.contains(*p))
            .map(|(p, _)| p.clone())
            .collect();
    }
    ev
}
