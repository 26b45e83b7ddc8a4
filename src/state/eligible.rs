//! Who can matter for a request (its reviewers and the people of its
//! rule's groups), and why a recorded decision is left out of the count,
//! including a later stage's decision made before its stage opened.

use std::collections::BTreeSet;

use super::heads::decider;
use super::model::{Evaluation, Ignored, NotCounted, RequestRecords};
use super::who::asked;
use crate::policy::{Links, Policy, Rule};
use crate::record::{Decision, Request};

/// Everyone whose decision can matter for this request.
pub(super) fn eligible_all(policy: &Policy, rule: &Rule, req: &Request) -> BTreeSet<String> {
    let stages = rule.effective_stages();
    let mut set: BTreeSet<String> = if stages.is_empty() {
        asked(policy, req)
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
) -> Option<NotCounted> {
    let req = &rr.request;
    if d.content != req.content {
        return Some(NotCounted::OtherContent);
    }
    // A time that does not parse never counts as before the expiry.
    let made = made_at(rr, d);
    let after_expiry = req
        .expires
        .as_deref()
        .and_then(crate::clock::seconds)
        .is_some_and(|e| made.is_none_or(|m| m > e));
    if after_expiry {
        return Some(NotCounted::AfterExpiry);
    }
    if !rule.author_can_approve && decider(d) == req.by {
        return Some(NotCounted::AuthorExcluded);
    }
    if d.via == "link" && rule.links == Links::Ignore {
        return Some(NotCounted::LinksIgnored);
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
        return Some(NotCounted::KeyNotListed);
    }
    if policy.person(decider(d)).is_none() {
        return Some(NotCounted::NotInPolicy);
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

/// Whether a decision at place `at` came after `opened` (where the earlier
/// stages were first complete): in history the same commit is not after;
/// clocks (without history) only say "not before".
fn after(at: i128, opened: Option<i128>, graph: bool) -> bool {
    opened.is_none_or(|o| at > o || (!graph && at == o))
}

/// Where each stage was first complete, replaying the request's decisions
/// in the order they entered the history: a stage is complete at the
/// first place where enough of its reviewers' latest decisions are
/// approvals (a later stage's only when they came after the earlier stages
/// were complete). It never moves afterwards: a stage once complete stays
/// complete, whatever its reviewers decide later (their "changes" or
/// "decline" blocks the request, it does not undo the completion).
fn first_complete(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    stages: &[crate::policy::Stage],
    graph: bool,
) -> Vec<Option<i128>> {
    use crate::record::Effect;
    let req = &rr.request;
    let mut order: Vec<(i128, &Decision)> = rr
        .decisions
        .iter()
        .filter(|d| {
            d.decision.effect() != Effect::Withdraws
                && why_not_counted(policy, rule, rr, d).is_none()
        })
        .filter_map(|d| place(rr, d, graph).map(|p| (p, d)))
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut latest: std::collections::BTreeMap<&str, (i128, &Decision)> =
        std::collections::BTreeMap::new();
    let mut done: Vec<Option<i128>> = vec![None; stages.len()];
    let mut next = 0;
    for (at, d) in order {
        latest.insert(decider(d), (at, d));
        while next < stages.len() {
            let opened = if next == 0 { None } else { done[next - 1] };
            let earlier: BTreeSet<&String> = stages[..next]
                .iter()
                .flat_map(|s| &s.require)
                .flat_map(|r| policy.members(&r.group))
                .collect();
            let met = stages[next].require.iter().all(|r| {
                let have = policy
                    .members(&r.group)
                    .iter()
                    .filter(|m| rule.author_can_approve || **m != req.by)
                    .filter(|m| {
                        latest.get(m.as_str()).is_some_and(|(p, d)| {
                            d.decision.effect() == Effect::Approves
                                && (earlier.contains(m) || after(*p, opened, graph))
                        })
                    })
                    .count();
                have >= usize::try_from(r.count).unwrap_or(usize::MAX).max(1)
            });
            if !met {
                break;
            }
            done[next] = Some(at);
            next += 1;
        }
    }
    done
}

/// Stages are judged by the graph (DESIGN §13): a decision by someone who
/// reviews only in a later stage counts only when it entered the history
/// after the place where every earlier stage was first complete (see
/// [`first_complete`]). Entry refuses an early decision on the command
/// line and the page; this keeps one written around them (with git, or
/// dated ahead) from counting. Each one left out goes to `ignored`, and out
/// of `counted`.
pub(super) fn hold_later_stages(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    counted: &mut std::collections::BTreeMap<String, crate::record::Verdict>,
    ev: &mut Evaluation,
) {
    let stages = rule.effective_stages();
    if stages.len() < 2 {
        return;
    }
    let req = &rr.request;
    let graph = rr.decisions.iter().all(|d| rr.arrived.contains_key(&d.id));
    let done = first_complete(policy, rule, rr, &stages, graph);
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
                let Some(d) = ev
                    .latest
                    .get(p)
                    .filter(|_| counted.contains_key(p))
                    .and_then(|id| rr.decisions.iter().find(|d| &d.id == id))
                else {
                    continue;
                };
                let early = match (done[k - 1], place(rr, d, graph)) {
                    (Some(opened), Some(at)) => !after(at, Some(opened), graph),
                    _ => true,
                };
                if early {
                    held.push((p.clone(), d.id.clone()));
                }
            }
        }
        earlier.extend(members);
    }
    for (person, decision) in held {
        counted.remove(&person);
        ev.ignored.push(Ignored {
            entered_by: ev.entered_by.remove(&person),
            person,
            decision,
            reason: NotCounted::BeforeStageOpened,
        });
    }
}
