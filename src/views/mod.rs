//! The read side's one home: what a given person may see of a request
//! (DESIGN §13 "Who sees what"). The page, the inbox and every email ask
//! [`Viewer`]; nothing that shows a decision or a comment to someone who
//! decides through a link decides that on its own.
//!
//! The rule: a person sees the request, and the decisions and comments
//! of their own stage and of later ones, plus their own. Earlier stages
//! are internal to them. A comment marked internal is read only by the
//! team (people with a key of their own who are not attesters) and its
//! writer. People who belong to no stage of the rule (the requester, a
//! named reviewer) write for everyone who may see the request.
//!
//! It also says who a request waits on ([`waiting`], [`waits_on`]): the
//! inbox, `status --mine`, the interactive prompt and reminders all ask it.
//!
//! Beside it: each decision with why it counts or not ([`decisions`]),
//! and a deliverable's versions ([`versions`]): `show`, `report`, the
//! certificate and the page read those.
//!
//! This module reads the policy and records only; it renders nothing.

pub mod decisions;
pub mod versions;

pub use decisions::{DecisionView, not_counted_because};
pub use versions::{FileChange, VersionView, history, version};

use std::collections::BTreeSet;

use crate::policy::Policy;
use crate::record::{Comment, Decision};
use crate::state::{self, Evaluation, State};

/// Every verification problem that concerns `deliverable`: anything in
/// the policy folder (the policy decides what counts), the store file (it
/// says where records live), and any record of the deliverable in either
/// layout's place. The gate fails closed on the first of these, and the
/// certificate lists them all: one answer, so the two never disagree on
/// whether a deliverable's records can be trusted.
#[must_use]
pub fn problems_concerning<'s>(
    snap: &'s crate::ledger::Snapshot,
    deliverable: &str,
) -> Vec<&'s crate::ledger::Problem> {
    use crate::layout;
    let ours = |path: &str| {
        layout::is_policy_path(path)
            || path == layout::STORE_FILE
            || [layout::Format::Flat, layout::Format::FanOut]
                .iter()
                .any(|f| f.request_of(deliverable, path).is_some())
    };
    snap.problems.iter().filter(|p| ours(&p.path)).collect()
}

/// Everyone a request waits on now: it is pending, and they are listed as
/// still needed by a requirement of the stage that is open, and have not
/// decided on it (a decision that does not count is theirs to change,
/// not a new ask).
#[must_use]
pub fn waiting(ev: &Evaluation) -> BTreeSet<String> {
    if ev.state != State::Pending {
        return BTreeSet::new();
    }
    ev.needs
        .iter()
        .filter(|n| n.have < n.need && Some(&n.stage) == ev.stage.as_ref())
        .flat_map(|n| n.waiting_on.iter())
        .filter(|p| !ev.latest.contains_key(*p))
        .cloned()
        .collect()
}

/// Whether the request whose evaluation is `ev` waits on `person` now
/// (see [`waiting`]).
#[must_use]
pub fn waits_on(ev: &Evaluation, person: &str) -> bool {
    waiting(ev).contains(person)
}

/// Whether `id` is on the agency's side, and so may read internal
/// comments: a person with a key of their own in the policy who is not an
/// attester (clients decide through links and have no key).
#[must_use]
pub fn is_team(policy: &Policy, id: &str) -> bool {
    policy
        .person(id)
        .is_some_and(|p| !p.keys.is_empty() && !policy.attesters.contains(&p.id))
}

/// The index of the first stage of `deliverable`'s rule whose requirements
/// name `person` (through a group), or `None` when no stage does.
#[must_use]
pub fn stage_of(policy: &Policy, deliverable: &str, person: &str) -> Option<usize> {
    policy
        .rule_for(deliverable)
        .effective_stages()
        .iter()
        .position(|s| {
            s.require
                .iter()
                .any(|r| policy.members(&r.group).iter().any(|m| m == person))
        })
}

/// The name people read for `id`: their name in the policy made one line
/// of visible text, or their id when they have none.
#[must_use]
pub fn display_name(policy: &Policy, id: &str) -> String {
    policy
        .person(id)
        .map(|p| crate::text::header(&p.name))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// `s` with its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// One person looking at one deliverable: what of its records they may
/// read.
#[derive(Debug, Clone)]
pub struct Viewer<'a> {
    policy: &'a Policy,
    deliverable: &'a str,
    person: &'a str,
    /// The first stage they belong to (0 when none: they see every
    /// stage).
    level: usize,
    team: bool,
}

impl<'a> Viewer<'a> {
    #[must_use]
    pub fn new(policy: &'a Policy, deliverable: &'a str, person: &'a str) -> Viewer<'a> {
        Viewer {
            policy,
            deliverable,
            person,
            level: stage_of(policy, deliverable, person).unwrap_or(0),
            team: is_team(policy, person),
        }
    }

    /// Whether what `author` decided or wrote (not marked internal) is
    /// theirs to read: their own, or from their stage or a later one, or
    /// from someone in no stage.
    #[must_use]
    pub fn sees_person(&self, author: &str) -> bool {
        author == self.person
            || stage_of(self.policy, self.deliverable, author).is_none_or(|s| s >= self.level)
    }

    /// Whether the viewer may read decision `d` (judged by the person it
    /// decides for).
    #[must_use]
    pub fn sees_decision(&self, d: &Decision) -> bool {
        self.sees_person(state::decider(d)) || d.by == self.person
    }

    /// How decision `d` on `what` (say "Brochure v1"; `None`: "it") reads
    /// to this viewer: the one wording the page, the inbox and the mail
    /// show.
    ///
    /// - their own: "You approved Brochure v1";
    /// - entered for them by someone else: "Brochure v1: approved for you
    ///   by Bob (phone call 10:05)" (without `what`: "Approved for you by
    ///   Bob (phone call 10:05)"), the evidence in brackets;
    /// - someone else's: "Carla approved Brochure v1", or, entered for
    ///   them, "Brochure v1: approved for Carla by Bob (phone call 10:05)".
    #[must_use]
    pub fn said(&self, d: &Decision, what: Option<&str>) -> String {
        let decider = state::decider(d);
        let name = |id: &str| display_name(self.policy, id);
        if d.by == decider {
            let who = if decider == self.person {
                "You".to_string()
            } else {
                name(decider)
            };
            return format!("{who} {} {}", d.decision.past(), what.unwrap_or("it"));
        }
        let whom = if decider == self.person {
            "you".to_string()
        } else {
            name(decider)
        };
        let evidence = d
            .evidence
            .as_deref()
            .map(crate::text::header)
            .filter(|e| !e.is_empty())
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        let done = format!(
            "{} for {whom} by {}{evidence}",
            d.decision.passive(),
            name(&d.by)
        );
        match what {
            Some(what) => format!("{what}: {done}"),
            None => capitalised(&done),
        }
    }

    /// Whether the viewer may read comment `c`.
    #[must_use]
    pub fn sees_comment(&self, c: &Comment) -> bool {
        if c.by == self.person {
            return true;
        }
        if c.internal && !self.team {
            return false;
        }
        self.sees_person(&c.by)
    }

    /// The evaluation as this viewer may read it: people of earlier stages
    /// are left out of the approvals, blockers, conflicts and decisions
    /// not counted, and earlier stages' needs are dropped, so that a
    /// summary built from it names nobody they may not see.
    #[must_use]
    pub fn evaluation(&self, ev: &Evaluation) -> Evaluation {
        let mut ev = ev.clone();
        ev.approvals.retain(|p| self.sees_person(p));
        ev.blockers.retain(|p| self.sees_person(p));
        ev.conflicts.retain(|p| self.sees_person(p));
        ev.ignored.retain(|i| self.sees_person(&i.person));
        ev.latest.retain(|p, _| self.sees_person(p));
        ev.entered_by.retain(|p, _| self.sees_person(p));
        if self.level > 0 {
            let earlier: Vec<String> = self
                .policy
                .rule_for(self.deliverable)
                .effective_stages()
                .iter()
                .take(self.level)
                .map(|s| s.name.clone())
                .collect();
            ev.needs.retain(|n| !earlier.contains(&n.stage));
        }
        ev
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Admins, Person, Requirement, Rule, Stage};

    fn policy() -> Policy {
        let person = |id: &str, key: bool| Person {
            id: id.into(),
            name: String::new(),
            email: String::new(),
            keys: if key {
                vec!["ssh-ed25519 AAAA".into()]
            } else {
                vec![]
            },
            tz: None,
            access_until: None,
        };
        let mut p = Policy {
            schema: crate::record::SCHEMA_POLICY.into(),
            store_id: "s".into(),
            version: 1,
            previous: None,
            admins: Admins {
                group: "admins".into(),
                threshold: 1,
            },
            people: vec![
                person("alice", true),
                person("bob", true),
                person("carla", false),
            ],
            groups: std::collections::BTreeMap::new(),
            rules: Vec::new(),
            attesters: Vec::new(),
        };
        p.groups.insert("ad".into(), vec!["bob".into()]);
        p.groups.insert("client".into(), vec!["carla".into()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        let stage = |name: &str, group: &str| Stage {
            name: name.into(),
            require: vec![Requirement {
                group: group.into(),
                count: 1,
            }],
        };
        r.stages = vec![stage("internal", "ad"), stage("client", "client")];
        p.rules.insert(0, r);
        p
    }

    #[test]
    fn a_decision_entered_for_someone_says_so_to_them_and_to_others() {
        let p = policy();
        let req = crate::record::Request {
            schema: crate::record::SCHEMA_REQUEST.into(),
            store_id: "s".into(),
            id: "r".into(),
            deliverable: "acme/x".into(),
            by: "alice".into(),
            key: String::new(),
            at: String::new(),
            message: String::new(),
            title: String::new(),
            reviewers: vec![],
            quorum: None,
            due: None,
            expires: None,
            draft: false,
            supersedes: None,
            source: crate::record::Source::default(),
            content: "sha256:00".into(),
            groups: vec![],
            files: vec![],
        };
        let mut d = Decision::on(
            &req,
            crate::record::Verdict::Approve,
            "bob",
            "",
            String::new(),
        );
        d.on_behalf_of = Some("carla".into());
        d.evidence = Some("phone call 10:05".into());
        let carla = Viewer::new(&p, "acme/x", "carla");
        assert_eq!(
            carla.said(&d, None),
            "Approved for you by bob (phone call 10:05)"
        );
        assert_eq!(
            carla.said(&d, Some("v1")),
            "v1: approved for you by bob (phone call 10:05)"
        );
        let alice = Viewer::new(&p, "acme/x", "alice");
        assert_eq!(
            alice.said(&d, Some("v1")),
            "v1: approved for carla by bob (phone call 10:05)"
        );
        d.decision = crate::record::Verdict::Changes;
        assert_eq!(
            carla.said(&d, None),
            "Changes requested for you by bob (phone call 10:05)"
        );
        // Their own decision, and someone else's.
        d.on_behalf_of = None;
        d.by = "carla".into();
        assert_eq!(carla.said(&d, Some("v1")), "You requested changes on v1");
        assert_eq!(alice.said(&d, None), "carla requested changes on it");
    }

    #[test]
    fn a_client_sees_their_stage_the_unstaged_and_their_own() {
        let p = policy();
        let carla = Viewer::new(&p, "acme/x", "carla");
        assert!(!carla.sees_person("bob"));
        assert!(carla.sees_person("carla"));
        assert!(carla.sees_person("alice"));
        let bob = Viewer::new(&p, "acme/x", "bob");
        assert!(bob.sees_person("carla") && bob.sees_person("bob"));
        // Another deliverable's rule has no stages: everyone sees all.
        assert!(Viewer::new(&p, "other/x", "carla").sees_person("bob"));
    }
}
