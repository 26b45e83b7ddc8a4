//! [`evaluate`]: one request's records and the policy in, its
//! [`Evaluation`] out. In steps: which latest decisions count
//! ([`count_heads`], [`refused_entries`], then the stage rules in
//! `eligible`), how far each requirement got ([`Progress`]), and the state
//! that follows ([`settle`]).

use std::collections::BTreeMap;

use super::eligible::{eligible_all, hold_later_stages, why_not_counted};
use super::heads::latest_by_person_ordered;
use super::model::{Evaluation, Ignored, Need, NotCounted, RequestRecords, State};
use super::who::{asked, entry_refusal, may_withdraw};
use crate::policy::{DeclineMode, Policy, Rule};
use crate::record::{Effect, Request, Verdict};

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
    let mut counted = count_heads(policy, &rule, rr, &mut ev);
    refused_entries(policy, &rule, rr, &mut ev);
    hold_later_stages(policy, &rule, rr, &mut counted, &mut ev);
    if author_is_eligible(policy, &rule, req) {
        ev.author_excluded = true;
    }
    let mut progress = Progress {
        policy,
        rule: &rule,
        req,
        counted: &counted,
        all_met: true,
        unreachable: false,
    };
    progress.run(&mut ev);
    let (all_met, unreachable) = (progress.all_met, progress.unreachable);
    settle(
        policy,
        &rule,
        rr,
        &counted,
        Settled {
            superseded,
            all_met,
            unreachable,
        },
        &mut ev,
    );
    ev
}

/// Each person's latest decision, and which of them count: a person with
/// competing heads is a conflict; a head left out by `why_not_counted` is
/// ignored with its reason. Returns the counted verdicts by person.
fn count_heads(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    ev: &mut Evaluation,
) -> BTreeMap<String, Verdict> {
    let mut counted: BTreeMap<String, Verdict> = BTreeMap::new();
    for (person, heads) in latest_by_person_ordered(policy, rr) {
        if heads.len() > 1 {
            ev.conflicts.push(person);
            continue;
        }
        let d = heads[0];
        ev.latest.insert(person.clone(), d.id.clone());
        let entered_by = d.on_behalf_of.as_ref().map(|_| d.by.clone());
        if let Some(reason) = why_not_counted(policy, rule, rr, d) {
            if reason == NotCounted::AuthorExcluded {
                ev.author_excluded = true;
            }
            ev.ignored.push(Ignored {
                person: person.clone(),
                decision: d.id.clone(),
                reason,
                entered_by,
            });
            continue;
        }
        if let Some(by) = entered_by {
            ev.entered_by.insert(person.clone(), by);
        }
        counted.insert(person, d.decision);
    }
    counted
}

/// Entries for someone else that do not count at all: against the rule,
/// or outranked by the person's own decision.
fn refused_entries(policy: &Policy, rule: &Rule, rr: &RequestRecords, ev: &mut Evaluation) {
    let req = &rr.request;
    for d in &rr.decisions {
        let Some(person) = &d.on_behalf_of else {
            continue;
        };
        if d.decision.effect() == Effect::Withdraws || ev.latest.get(person) == Some(&d.id) {
            continue;
        }
        let reason = match entry_refusal(policy, rule, req, &d.by, person) {
            Err(why) => NotCounted::EnteredAgainstRule(why),
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
                NotCounted::OutrankedByOwn
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
}

/// Whether the author, a person in the policy, would be a reviewer if the
/// rule let authors approve (and it does not).
fn author_is_eligible(policy: &Policy, rule: &Rule, req: &Request) -> bool {
    if rule.author_can_approve || policy.person(&req.by).is_none() {
        return false;
    }
    let stages = rule.effective_stages();
    if stages.is_empty() {
        asked(policy, req).contains(&req.by)
    } else {
        stages
            .iter()
            .flat_map(|s| &s.require)
            .any(|r| policy.members(&r.group).contains(&req.by))
    }
}

/// Progress towards approval, requirement by requirement (stage by stage
/// on a staged rule): fills the evaluation's approvals, needs and the
/// stage waiting, and says whether everything is met and whether some
/// requirement can no longer be.
struct Progress<'a> {
    policy: &'a Policy,
    rule: &'a Rule,
    req: &'a Request,
    counted: &'a BTreeMap<String, Verdict>,
    all_met: bool,
    unreachable: bool,
}

impl Progress<'_> {
    fn run(&mut self, ev: &mut Evaluation) {
        let stages = self.rule.effective_stages();
        if stages.is_empty() {
            self.unstaged(ev);
            return;
        }
        for stage in &stages {
            let mut stage_met = true;
            for req_group in &stage.require {
                let pool = self.members(&req_group.group);
                let need = req_group.count as usize;
                stage_met &= self.require(ev, pool, need, &stage.name, Some(&req_group.group));
            }
            if !stage_met {
                self.all_met = false;
                ev.stage = Some(stage.name.clone());
                break;
            }
            ev.stages_complete.push(stage.name.clone());
        }
    }

    /// A rule without stages: the named reviewers (all of them, or the
    /// quorum), then each group the request asks ("any one of", or a count
    /// of its members as the policy in force lists them). A request that
    /// asks only groups has no requirement of named people.
    fn unstaged(&mut self, ev: &mut Evaluation) {
        let req = self.req;
        if !req.reviewers.is_empty() || req.groups.is_empty() {
            // Each person once: a request naming a reviewer twice must not
            // let one approval fill two places of the quorum.
            let mut pool: Vec<String> = Vec::new();
            for r in &req.reviewers {
                if (self.rule.author_can_approve || *r != req.by) && !pool.contains(r) {
                    pool.push(r.clone());
                }
            }
            let need = req.quorum.map_or(pool.len(), |q| q as usize).max(1);
            let met = self.require(ev, pool, need, "review", None);
            self.all_met &= met;
        }
        for ask in &req.groups {
            let need = (ask.count as usize).max(1);
            let pool = self.members(&ask.group);
            let met = self.require(ev, pool, need, "review", Some(&ask.group));
            self.all_met &= met;
        }
        if !self.all_met {
            ev.stage = Some("review".into());
        }
    }

    /// A group's members who may approve (the author only where the rule
    /// lets them).
    fn members(&self, group: &str) -> Vec<String> {
        self.policy
            .members(group)
            .iter()
            .filter(|m| self.rule.author_can_approve || **m != self.req.by)
            .cloned()
            .collect()
    }

    /// One requirement: who of `pool` approved, whether `need` of them did
    /// (the answer), and who is still waited on: not approved, and not a
    /// no vote (with `decline = "counts-as-no"` a decline is one, and a
    /// requirement nobody left can meet is declined).
    fn require(
        &mut self,
        ev: &mut Evaluation,
        pool: Vec<String>,
        need: usize,
        stage: &str,
        group: Option<&String>,
    ) -> bool {
        let verdict = |p: &String| self.counted.get(p).map(|v| v.effect());
        let approved: Vec<String> = pool
            .iter()
            .filter(|p| verdict(p) == Some(Effect::Approves))
            .cloned()
            .collect();
        for a in &approved {
            if !ev.approvals.contains(a) {
                ev.approvals.push(a.clone());
            }
        }
        let said_no = |p: &String| {
            self.rule.decline == DeclineMode::CountsAsNo && verdict(p) == Some(Effect::Declines)
        };
        let waiting_on: Vec<String> = pool
            .into_iter()
            .filter(|p| !approved.contains(p) && !said_no(p))
            .collect();
        self.unreachable |= approved.len() + waiting_on.len() < need;
        ev.needs.push(Need {
            stage: stage.into(),
            group: group.cloned(),
            have: approved.len(),
            need,
            waiting_on,
        });
        approved.len() >= need
    }
}

/// What [`settle`] needs to know besides the counted decisions.
struct Settled {
    superseded: bool,
    all_met: bool,
    unreachable: bool,
}

/// The state that follows, and who blocks it.
fn settle(
    policy: &Policy,
    rule: &Rule,
    rr: &RequestRecords,
    counted: &BTreeMap<String, Verdict>,
    s: Settled,
    ev: &mut Evaluation,
) {
    let req = &rr.request;
    let eligible = eligible_all(policy, rule, req);
    let has = |e: Effect| {
        counted
            .iter()
            .any(|(p, d)| d.effect() == e && eligible.contains(p))
    };
    // Only the requester or an admin can withdraw; anyone else's withdrawal
    // record is ignored.
    let withdrawn = rr.decisions.iter().any(|d| {
        d.decision.effect() == Effect::Withdraws
            && may_withdraw(policy, req, &d.by)
            && policy.key_of(&d.by, &d.key).is_some()
    });
    let expired = req
        .expires
        .as_deref()
        .and_then(crate::clock::seconds)
        .is_some_and(|e| e <= crate::clock::now().as_second());
    ev.state = if withdrawn {
        State::Withdrawn
    } else if s.superseded {
        State::Superseded
    } else if req.draft {
        State::Draft
    } else if (rule.decline == DeclineMode::Blocks || (!s.all_met && s.unreachable))
        && has(Effect::Declines)
    {
        State::Declined
    } else if has(Effect::RequestsChanges) {
        State::ChangesRequested
    } else if s.all_met {
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
}
