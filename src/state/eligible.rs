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

/// When a decision was made, for the rules that depend on it: the later of
/// what the decider wrote and when its commit was made (a decider cannot
/// backdate past the history), `None` when its time does not parse.
fn made_at(rr: &RequestRecords, d: &Decision) -> Option<i64> {
    crate::clock::seconds(&d.at).map(|at| rr.committed.get(&d.id).map_or(at, |c| at.max(*c)))
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

/// Stages hold in the count as they do at entry: a decision by someone who
/// reviews only in a later stage counts only when it was made after every
/// earlier stage was approved (the later of its own time and its commit's).
/// Entry refuses such a decision on the command line and the page; this
/// keeps one written around them (with git, or by an older signoff) from
/// counting. Each one left out goes to `ignored`, and out of `counted`.
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
    let latest = |person: &str| {
        ev.latest
            .get(person)
            .and_then(|id| rr.decisions.iter().find(|d| &d.id == id))
    };
    // When the stages so far were all approved: `None` while one is open.
    let mut opened: Option<Option<i64>> = Some(None);
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
                let early = match (opened, made_at(rr, d)) {
                    (Some(Some(at)), Some(m)) => m < at,
                    (Some(None), _) => false,
                    _ => true,
                };
                if early {
                    held.push((p.clone(), d.id.clone()));
                }
            }
        }
        // When this stage's requirements were first all met.
        let mut done: Option<i64> = opened.flatten();
        for r in &stage.require {
            let mut times: Vec<i64> = policy
                .members(&r.group)
                .iter()
                .filter(|m| rule.author_can_approve || **m != req.by)
                .filter(|m| {
                    counted
                        .get(*m)
                        .is_some_and(|v| v.effect() == crate::record::Effect::Approves)
                        && !held.iter().any(|(p, _)| p == *m)
                })
                .filter_map(|m| latest(m).and_then(|d| made_at(rr, d)))
                .collect();
            times.sort_unstable();
            let need = usize::try_from(r.count).unwrap_or(usize::MAX).max(1);
            let Some(t) = times.get(need - 1) else {
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
