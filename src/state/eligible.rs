//! Who can matter for a request (its reviewers and the people of its
//! rule's groups), and why a recorded decision is left out of the count.

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
