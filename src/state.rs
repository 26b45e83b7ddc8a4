//! Folding records into request and deliverable state.
//!
//! This is the one place that decides what records mean: which request is
//! current, each person's latest decision, what counts under the policy, and
//! what is still missing. Everything here is a pure function of verified
//! records and the current policy; nothing is stored.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::policy::{DeclineMode, Links, Policy, Rule};
use crate::record::{Comment, Decision, Effect, Request, Verdict};

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
    /// Decision id → time (seconds) of the commit that added it, where the
    /// ledger looked it up (see `ledger::times`); expiry is judged on the
    /// later of that and the decision's own `at`.
    pub committed: BTreeMap<String, i64>,
}

/// The states of a request (DESIGN.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ignored {
    pub person: String,
    pub decision: String,
    pub reason: String,
    /// Who entered it, when entered for `person` by someone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<String>,
}

/// The result of evaluating one request under a policy.
#[derive(Debug, Clone, Serialize)]
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
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub entered_by: BTreeMap<String, String>,
    /// Names of the rule's stages whose requirements are all met, in order
    /// (only leading stages: a later stage counts once earlier ones are met).
    #[serde(skip_serializing_if = "Vec::is_empty")]
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

/// The effective person of a decision: who it is for.
#[must_use]
pub fn decider(d: &Decision) -> &str {
    d.on_behalf_of.as_deref().unwrap_or(&d.by)
}

/// Each person's latest decisions on a request: the heads of their
/// `supersedes` chains. More than one head is a conflict.
///
/// A person's own decisions (signed by them, or made through their email
/// link) outrank every entry someone else made for them, whatever the
/// order: entries on their behalf are considered only while they have no
/// decision of their own. Entries the policy does not allow (see
/// `decide_rules::entry_refusal`) are left out altogether and supersede
/// nothing; a chain is followed through them, so a person's later decision
/// still replaces the one before it.
#[must_use]
pub fn latest_by_person<'d>(
    policy: &Policy,
    req: &Request,
    decisions: &'d [Decision],
) -> BTreeMap<String, Vec<&'d Decision>> {
    let rule = policy.rule_for(&req.deliverable);
    let by_id: BTreeMap<&str, &Decision> = decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut own: BTreeMap<String, Vec<&Decision>> = BTreeMap::new();
    let mut entered: BTreeMap<String, Vec<&Decision>> = BTreeMap::new();
    for d in decisions
        .iter()
        .filter(|d| d.decision.effect() != Effect::Withdraws)
    {
        match &d.on_behalf_of {
            None => own.entry(d.by.clone()).or_default().push(d),
            Some(p) => {
                if crate::decide_rules::entry_refusal(policy, &rule, req, &d.by, p).is_ok() {
                    entered.entry(p.clone()).or_default().push(d);
                }
            }
        }
    }
    for (person, list) in entered {
        own.entry(person).or_insert(list);
    }
    for list in own.values_mut() {
        // Everything reachable from a considered decision's `supersedes`
        // chain is replaced by it.
        let mut superseded: BTreeSet<&str> = BTreeSet::new();
        for d in list.iter() {
            let mut next = d.supersedes.as_deref();
            let mut hops = 0;
            while let Some(id) = next {
                if !superseded.insert(id) || hops > decisions.len() {
                    break;
                }
                hops += 1;
                next = by_id.get(id).and_then(|p| p.supersedes.as_deref());
            }
        }
        list.retain(|d| !superseded.contains(d.id.as_str()));
    }
    own
}

/// Decisions whose history order may matter, per person: the decisions
/// of every person whose decisions on a request are not one `supersedes`
/// chain. The ledger orders these by the branch's history (see
/// `dag_order`). This needs no policy: when a person's decisions form one
/// chain, [`latest_by_person`] leaves at most one head whatever it drops.
#[must_use]
pub fn may_compete(decisions: &[Decision]) -> Vec<Vec<&Decision>> {
    let mut by_person: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for d in decisions
        .iter()
        .filter(|d| d.decision.effect() != Effect::Withdraws)
    {
        by_person.entry(decider(d)).or_default().push(d);
    }
    by_person
        .into_values()
        .filter(|list| {
            let named: BTreeSet<&str> = list
                .iter()
                .filter_map(|d| d.supersedes.as_deref())
                .collect();
            let heads = list
                .iter()
                .filter(|d| !named.contains(d.id.as_str()))
                .count();
            heads > 1
        })
        .collect()
}

/// [`latest_by_person`], then DAG order: among competing heads, drop every
/// head that another head's commit descends from. Heads left unordered
/// (written concurrently on two replicas) remain a conflict.
#[must_use]
pub fn latest_by_person_ordered<'r>(
    policy: &Policy,
    rr: &'r RequestRecords,
) -> BTreeMap<String, Vec<&'r Decision>> {
    let mut by_person = latest_by_person(policy, &rr.request, &rr.decisions);
    for heads in by_person.values_mut() {
        if heads.len() > 1 {
            let ids: Vec<String> = heads.iter().map(|d| d.id.clone()).collect();
            heads.retain(|d| {
                !ids.iter()
                    .any(|later| rr.dag_order.contains(&(d.id.clone(), later.clone())))
            });
        }
    }
    by_person
}

/// Evaluates a request. `superseded` says whether a newer request exists for
/// the deliverable; `now` is RFC 3339 seconds for expiry checks.
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
        let reason = match crate::decide_rules::entry_refusal(policy, &rule, req, &d.by, person) {
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
    if !rule.author_can_approve && policy.person(&req.by).is_some() {
        // Would the author be a reviewer if the rule let authors approve?
        let stages = rule.effective_stages();
        let author_is_eligible = if stages.is_empty() {
            req.reviewers.contains(&req.by)
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
    let said_no = |p: &String| {
        rule.decline == DeclineMode::CountsAsNo
            && counted
                .get(p)
                .is_some_and(|v| v.effect() == Effect::Declines)
    };
    let mut unreachable = false;
    // Only the requester or an admin can withdraw; anyone else's withdrawal
    // record is ignored.
    let withdrawn = rr.decisions.iter().any(|d| {
        d.decision.effect() == Effect::Withdraws
            && crate::decide_rules::may_withdraw(policy, req, &d.by)
            && policy.key_of(&d.by, &d.key).is_some()
    });
    let expired = req
        .expires
        .as_deref()
        .and_then(|e| e.parse::<jiff::Timestamp>().ok())
        .is_some_and(|e| e <= crate::clock::now());

    // Progress towards approval, stage by stage.
    let stages = rule.effective_stages();
    let mut all_met = true;
    if stages.is_empty() {
        // Each person once: a request naming a reviewer twice must not let
        // one approval fill two places of the quorum.
        let mut pool: Vec<String> = Vec::new();
        for r in &req.reviewers {
            if (rule.author_can_approve || *r != req.by) && !pool.contains(r) {
                pool.push(r.clone());
            }
        }
        let need = req.quorum.map_or(pool.len(), |q| q as usize).max(1);
        let approved: Vec<String> = pool
            .iter()
            .filter(|p| {
                counted
                    .get(*p)
                    .is_some_and(|v| v.effect() == Effect::Approves)
            })
            .cloned()
            .collect();
        ev.approvals.clone_from(&approved);
        if approved.len() < need {
            all_met = false;
            ev.stage = Some("review".into());
        }
        let waiting_on: Vec<String> = pool
            .into_iter()
            .filter(|p| !approved.contains(p) && !said_no(p))
            .collect();
        unreachable |= approved.len() + waiting_on.len() < need;
        ev.needs.push(Need {
            stage: "review".into(),
            group: None,
            have: approved.len(),
            need,
            waiting_on,
        });
    } else {
        for stage in &stages {
            let mut stage_met = true;
            for req_group in &stage.require {
                let pool: Vec<String> = policy
                    .members(&req_group.group)
                    .iter()
                    .filter(|m| rule.author_can_approve || **m != req.by)
                    .cloned()
                    .collect();
                let approved: Vec<String> = pool
                    .iter()
                    .filter(|p| {
                        counted
                            .get(*p)
                            .is_some_and(|v| v.effect() == Effect::Approves)
                    })
                    .cloned()
                    .collect();
                for a in &approved {
                    if !ev.approvals.contains(a) {
                        ev.approvals.push(a.clone());
                    }
                }
                let need = req_group.count as usize;
                if approved.len() < need {
                    stage_met = false;
                }
                let waiting_on: Vec<String> = pool
                    .into_iter()
                    .filter(|p| !approved.contains(p) && !said_no(p))
                    .collect();
                unreachable |= approved.len() + waiting_on.len() < need;
                ev.needs.push(Need {
                    stage: stage.name.clone(),
                    group: Some(req_group.group.clone()),
                    have: approved.len(),
                    need,
                    waiting_on,
                });
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

/// Everyone whose decision can matter for this request.
fn eligible_all(policy: &Policy, rule: &Rule, req: &Request) -> BTreeSet<String> {
    let stages = rule.effective_stages();
    let mut set: BTreeSet<String> = if stages.is_empty() {
        req.reviewers.iter().cloned().collect()
    } else {
        stages
            .iter()
            .flat_map(|s| s.require.iter())
            .flat_map(|r| policy.members(&r.group).iter().cloned())
            .collect()
    };
    if !rule.author_can_approve {
        set.remove(&req.by);
    }
    set
}

fn why_not_counted(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    d: &Decision,
) -> Option<&'static str> {
    let req = &rr.request;
    if d.content != req.content {
        return Some("signed other content");
    }
    // The later of what the decider wrote and when it was committed; a
    // time that does not parse never counts as before the expiry.
    let made =
        crate::clock::seconds(&d.at).map(|at| rr.committed.get(&d.id).map_or(at, |c| at.max(*c)));
    let after_expiry = req
        .expires
        .as_deref()
        .and_then(crate::clock::seconds)
        .is_some_and(|e| made.is_none_or(|m| m > e));
    if after_expiry {
        return Some("made after the request expired");
    }
    if !rule.author_can_approve && decider(d) == req.by {
        return Some("author excluded");
    }
    if d.via == "link" && rule.links == Links::Ignore {
        return Some("email-link decisions do not count under the policy");
    }
    // Link decisions too: whoever signed (a person, or the server's
    // attestation identity) must still hold that key under the policy in
    // force, or removing a stolen key would not revoke what it signs.
    let signer_listed = if d.via == "link" {
        // Signed by the server that attested it (see `link`), not by `by`.
        policy
            .person_by_fingerprint(&d.key)
            .is_some_and(|p| policy.attesters.contains(&p.id))
    } else {
        policy.key_of(&d.by, &d.key).is_some()
    };
    if !signer_listed {
        return Some("signed by a key the current policy does not list");
    }
    if policy.person(decider(d)).is_none() {
        return Some("not a person in the current policy");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Admins, Person};
    use crate::record::{SCHEMA_DECISION, SCHEMA_POLICY, SCHEMA_REQUEST, Source};

    /// One generated key per person, shared by every test: `(OpenSSH
    /// line, fingerprint)`.
    fn key(id: &str) -> (String, String) {
        static KEYS: std::sync::OnceLock<BTreeMap<&'static str, (String, String)>> =
            std::sync::OnceLock::new();
        KEYS.get_or_init(|| {
            ["alice", "bob", "cat", "mallory"]
                .into_iter()
                .map(|p| {
                    let (s, _) = crate::sign::Signer::generate(p).expect("key generation");
                    (p, (s.key().openssh(), s.key().fingerprint().to_string()))
                })
                .collect()
        })[id]
            .clone()
    }

    fn policy() -> Policy {
        let person = |id: &str| Person {
            id: id.into(),
            name: String::new(),
            email: String::new(),
            keys: vec![key(id).0],
        };
        Policy {
            schema: SCHEMA_POLICY.into(),
            store_id: "s".into(),
            version: 1,
            previous: None,
            admins: Admins {
                group: "admins".into(),
                threshold: 1,
            },
            people: vec![person("alice"), person("bob"), person("cat")],
            groups: BTreeMap::from([("admins".to_string(), vec!["alice".to_string()])]),
            rules: Vec::new(),
            attesters: Vec::new(),
        }
    }

    fn request() -> RequestRecords {
        RequestRecords {
            request: Request {
                schema: SCHEMA_REQUEST.into(),
                store_id: "s".into(),
                id: "r".into(),
                deliverable: "doc".into(),
                by: "alice".into(),
                key: String::new(),
                at: "2026-11-01T00:00:00Z".into(),
                message: String::new(),
                reviewers: vec!["bob".into(), "cat".into()],
                quorum: None,
                due: None,
                expires: None,
                draft: false,
                supersedes: None,
                source: Source::default(),
                content: "sha256:c".into(),
                files: Vec::new(),
            },
            decisions: Vec::new(),
            comments: Vec::new(),
            dag_order: BTreeSet::new(),
            committed: BTreeMap::new(),
        }
    }

    fn withdrawal(by: &str) -> Decision {
        Decision {
            schema: SCHEMA_DECISION.into(),
            store_id: "s".into(),
            id: format!("w-{by}"),
            request: "r".into(),
            deliverable: "doc".into(),
            content: "sha256:c".into(),
            decision: Verdict::Withdraw,
            comment: String::new(),
            by: by.into(),
            key: key(by).1,
            at: "2026-11-02T00:00:00Z".into(),
            supersedes: None,
            on_behalf_of: None,
            evidence: None,
            via: "key".into(),
            link: None,
        }
    }

    #[test]
    fn only_the_requester_or_an_admin_can_withdraw() {
        let p = policy();
        let mut rr = request();
        rr.decisions.push(withdrawal("bob"));
        assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
        rr.decisions.push(withdrawal("alice"));
        assert_eq!(evaluate(&p, &rr, false).state, State::Withdrawn);
    }

    fn approval(by: &str) -> Decision {
        Decision {
            id: format!("a-{by}"),
            decision: Verdict::Approve,
            ..withdrawal(by)
        }
    }

    #[test]
    fn a_withdrawal_by_a_removed_key_does_not_withdraw() {
        let mut p = policy();
        let mut rr = request();
        rr.decisions.push(withdrawal("alice"));
        p.people[0].keys = vec![key("mallory").0];
        assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
    }

    #[test]
    fn a_link_decision_needs_a_key_the_policy_lists() {
        let mut p = policy();
        p.people.push(Person {
            id: "portal".into(),
            name: String::new(),
            email: String::new(),
            keys: vec![key("mallory").0],
        });
        p.attesters = vec!["portal".into()];
        let mut rr = request();
        rr.request.quorum = Some(1);
        // Signed by bob's own key, a "link" decision is not attested.
        rr.decisions.push(Decision {
            via: "link".into(),
            ..approval("bob")
        });
        assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
        rr.decisions[0].key = key("mallory").1;
        assert_eq!(evaluate(&p, &rr, false).state, State::Approved);
        // The attester is removed: what its key signed stops counting.
        p.attesters.clear();
        let ev = evaluate(&p, &rr, false);
        assert_eq!(ev.state, State::Pending);
        assert_eq!(
            ev.ignored[0].reason,
            "signed by a key the current policy does not list"
        );
    }

    #[test]
    fn a_reviewer_named_twice_counts_once() {
        let p = policy();
        let mut rr = request();
        rr.request.reviewers = vec!["bob".into(), "bob".into(), "cat".into()];
        rr.request.quorum = Some(2);
        rr.decisions.push(approval("bob"));
        let ev = evaluate(&p, &rr, false);
        assert_eq!(ev.state, State::Pending);
        assert_eq!((ev.needs[0].have, ev.needs[0].need), (1, 2));
        // Without a quorum every distinct reviewer is needed.
        rr.request.quorum = None;
        rr.decisions.push(approval("cat"));
        assert_eq!(evaluate(&p, &rr, false).state, State::Approved);
    }
}
