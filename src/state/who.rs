//! Who stands where in a request, from the policy alone: who it asks,
//! who reviews it, who may enter a decision for whom, who may withdraw
//! it. Counting (`heads`, `evaluate`) and entry (`rules`) both ask; it
//! asks neither (re-exported by `rules`, the rule owner's one door).

use std::collections::BTreeSet;

use crate::policy::{OnBehalf, Policy, Rule};
use crate::record::Request;

/// Everyone a request asks by itself (for a rule without stages): its named
/// reviewers and the members of the groups it names, as `policy` lists them.
#[must_use]
pub fn asked(policy: &Policy, req: &Request) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = req.reviewers.iter().cloned().collect();
    for g in &req.groups {
        set.extend(policy.members(&g.group).iter().cloned());
    }
    set
}

/// Why one person may not enter a decision for another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnBehalfRefusal {
    /// The rule lets nobody, or other people (`allowed`), do it.
    NotPermitted(OnBehalf),
    /// The one entering it requested the deliverable.
    Author,
    /// The one entering it is a reviewer of the same request.
    FellowReviewer,
    /// Entering a decision "for" oneself.
    Themselves,
}

impl OnBehalfRefusal {
    /// Why, in words (also the `ignored` reason when counting).
    #[must_use]
    pub fn reason(&self) -> String {
        match self {
            OnBehalfRefusal::NotPermitted(OnBehalf::Forbidden) => {
                "on-behalf decisions are forbidden by the policy".into()
            }
            OnBehalfRefusal::NotPermitted(who) => format!(
                "entered on their behalf by someone the policy does not allow (only {} may)",
                who.describe()
            ),
            OnBehalfRefusal::Author => "entered on their behalf by the request's author".into(),
            OnBehalfRefusal::FellowReviewer => {
                "entered on their behalf by a fellow reviewer of the request".into()
            }
            OnBehalfRefusal::Themselves => "entered on behalf of the person who signed it".into(),
        }
    }
}

/// Whether `person` is a reviewer of `req` under `rule`: named on the
/// request when the rule has no stages, else a member of a required group.
/// The author counts as a reviewer here; the author exclusion is separate.
#[must_use]
pub fn is_reviewer(policy: &Policy, rule: &Rule, req: &Request, person: &str) -> bool {
    let stages = rule.effective_stages();
    if stages.is_empty() {
        req.reviewers.iter().any(|r| r == person)
            || req
                .groups
                .iter()
                .any(|g| policy.members(&g.group).iter().any(|m| m == person))
    } else {
        stages
            .iter()
            .flat_map(|s| &s.require)
            .any(|r| policy.members(&r.group).iter().any(|m| m == person))
    }
}

/// Whether `by` may enter a decision for `person` on `req` under `rule`.
/// Never the author, never a fellow reviewer; otherwise as the rule's
/// `on_behalf` says (admins when it says nothing).
pub fn entry_refusal(
    policy: &Policy,
    rule: &Rule,
    req: &Request,
    by: &str,
    person: &str,
) -> Result<(), OnBehalfRefusal> {
    if by == person {
        return Err(OnBehalfRefusal::Themselves);
    }
    if rule.on_behalf == OnBehalf::Forbidden {
        return Err(OnBehalfRefusal::NotPermitted(OnBehalf::Forbidden));
    }
    if by == req.by {
        return Err(OnBehalfRefusal::Author);
    }
    if is_reviewer(policy, rule, req, by) {
        return Err(OnBehalfRefusal::FellowReviewer);
    }
    if !rule.on_behalf.permits(policy, by) {
        return Err(OnBehalfRefusal::NotPermitted(rule.on_behalf.clone()));
    }
    Ok(())
}

/// Whether `person` may withdraw `req`: its requester or an admin.
#[must_use]
pub fn may_withdraw(policy: &Policy, req: &Request, person: &str) -> bool {
    person == req.by || policy.is_admin(person)
}
