//! Each person's latest decisions on a request: the heads of their
//! `supersedes` chains, and the order of competing heads.

use std::collections::{BTreeMap, BTreeSet};

use super::model::RequestRecords;
use super::who::entry_refusal;
use crate::policy::Policy;
use crate::record::{Decision, Effect, Request};

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
/// `rules::entry_refusal`) are left out altogether and supersede
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
                if entry_refusal(policy, &rule, req, &d.by, p).is_ok() {
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
