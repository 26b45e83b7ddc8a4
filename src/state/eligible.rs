//! Who can matter for a request (its reviewers and the people of its
//! rule's groups), and why a recorded decision is left out of the count,
//! including a later stage's decision made before its stage opened.

use std::collections::BTreeSet;

use super::{RequestRecords, decider};
use crate::policy::{Links, Policy, Rule};
use crate::record::{Decision, Request};

/// Everyone whose decision can matter for this request.
pub(super) fn eligible_all(policy: &Policy, rule: &Rule, req: &Request) -> BTreeSet<String> {
    let stages = rule.effective_stages();
    let mut set: BTreeSet<String> = if stages.is_empty() {
        super::asked(policy, req)
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

/// When a decision was made, for expiry: the later of what the decider
/// wrote and its commit's time, which never runs backwards along history
/// (a decider cannot backdate past it); `None` when its time does not
/// parse.
fn made_at(rr: &RequestRecords, d: &Decision) -> Option<i64> {
    crate::clock::seconds(&d.at).map(|at| rr.arrived.get(&d.id).map_or(at, |e| at.max(e.hi)))
}

pub(super) fn why_not_counted(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    d: &Decision,
) -> Option<&'static str> {
    let req = &rr.request;
    if d.content != req.content {
        return Some("signed other content");
    }
    // A time that does not parse never counts as before the expiry.
    let made = made_at(rr, d);
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

/// A decision's place for the stage rules: where it entered the branch's
/// history when every decision of the request has one (`graph`), else
/// (a shallow clone, a snapshot made by hand) its bounded time.
fn place(rr: &RequestRecords, d: &Decision, graph: bool) -> Option<i128> {
    if graph {
        rr.arrived.get(&d.id).map(|e| i128::from(e.seq))
    } else {
        made_at(rr, d).map(i128::from)
    }
}

/// Since when `person` has approved without a break: the place of the
/// first approval of the run of approvals that ends in their counted
/// `head`, leaving out those not after `floor`. An approval repeated keeps
/// the place of the first; their "changes" or "decline" ends the run.
fn approving_since(
    rr: &RequestRecords,
    head: &Decision,
    graph: bool,
    floor: Option<i128>,
) -> Option<i128> {
    use crate::record::Effect;
    let person = decider(head);
    let at_head = place(rr, head, graph)?;
    let mut mine: Vec<(i128, &Decision)> = rr
        .decisions
        .iter()
        .filter(|d| {
            decider(d) == person
                && d.on_behalf_of.is_some() == head.on_behalf_of.is_some()
                && d.decision.effect() != Effect::Withdraws
        })
        .filter_map(|d| place(rr, d, graph).map(|p| (p, d)))
        .filter(|(p, _)| *p <= at_head)
        .collect();
    mine.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut since = None;
    for (p, d) in mine.iter().rev() {
        if d.decision.effect() != Effect::Approves || d.content != rr.request.content {
            break;
        }
        if floor.is_some_and(|f| *p < f || (graph && *p == f)) {
            break;
        }
        since = Some(*p);
    }
    since
}

/// Stages are judged by the graph (DESIGN §13): a decision by someone who
/// reviews only in a later stage counts only when it entered the history
/// after every earlier stage was complete. A stage is complete from the
/// moment enough of its reviewers approved and kept approving: one of them
/// approving again changes nothing; only their "changes" or "decline" ends
/// their approval. Entry refuses an early decision on the command line and
/// the page; this keeps one written around them (with git, or dated ahead)
/// from counting. Each one left out goes to `ignored`, and out of
/// `counted`.
pub(super) fn hold_later_stages(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    counted: &mut std::collections::BTreeMap<String, crate::record::Verdict>,
    ev: &mut super::Evaluation,
) {
    let stages = rule.effective_stages();
    if stages.len() < 2 {
        return;
    }
    let req = &rr.request;
    let graph = rr.decisions.iter().all(|d| rr.arrived.contains_key(&d.id));
    let latest = |person: &str| {
        ev.latest
            .get(person)
            .and_then(|id| rr.decisions.iter().find(|d| &d.id == id))
    };
    // Where the stages so far were all complete: `Some(None)` before the
    // first stage (open from the start), `None` while one is not.
    let mut opened: Option<Option<i128>> = Some(None);
    let mut earlier: BTreeSet<String> = BTreeSet::new();
    let mut held: Vec<(String, String)> = Vec::new();
    for (k, stage) in stages.iter().enumerate() {
        let members: BTreeSet<String> = stage
            .require
            .iter()
            .flat_map(|r| policy.members(&r.group).iter().cloned())
            .filter(|m| rule.author_can_approve || *m != req.by)
            .collect();
        if k > 0 {
            for p in members.iter().filter(|m| !earlier.contains(*m)) {
                let Some(d) = latest(p).filter(|_| counted.contains_key(p)) else {
                    continue;
                };
                // In history, the same commit is not after; clocks only
                // say "not before".
                let early = match (opened, place(rr, d, graph)) {
                    (Some(Some(at)), Some(m)) => m < at || (graph && m == at),
                    (Some(None), _) => false,
                    _ => true,
                };
                if early {
                    held.push((p.clone(), d.id.clone()));
                }
            }
        }
        // Where this stage's requirements were first met, for good.
        let floor = opened.flatten();
        let mut done: Option<i128> = floor;
        for r in &stage.require {
            let mut since: Vec<i128> = policy
                .members(&r.group)
                .iter()
                .filter(|m| rule.author_can_approve || **m != req.by)
                .filter(|m| {
                    counted
                        .get(*m)
                        .is_some_and(|v| v.effect() == crate::record::Effect::Approves)
                        && !held.iter().any(|(p, _)| p == *m)
                })
                .filter_map(|m| {
                    let floor = if earlier.contains(m) { None } else { floor };
                    latest(m).and_then(|d| approving_since(rr, d, graph, floor))
                })
                .collect();
            since.sort_unstable();
            let need = usize::try_from(r.count).unwrap_or(usize::MAX).max(1);
            let Some(t) = since.get(need - 1) else {
                opened = None;
                break;
            };
            done = Some(done.map_or(*t, |d| d.max(*t)));
        }
        if opened.is_some() {
            opened = Some(done);
        }
        earlier.extend(members);
    }
    for (person, decision) in held {
        counted.remove(&person);
        ev.ignored.push(super::Ignored {
            entered_by: ev.entered_by.remove(&person),
            person,
            decision,
            reason: "made before its stage opened".to_string(),
        });
    }
}
