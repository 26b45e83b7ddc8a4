//! Who may decide: the one place that says whether a decision may be
//! entered, and whether a recorded one may count.
//!
//! The command line (`signoff approve | changes | decline`) and the link
//! portal (`signoff serve`) both ask [`check`] before writing, and turn its
//! typed [`Refusal`] into their own message. Counting (`state`) asks
//! [`entry_refusal`] and [`is_reviewer`] about every recorded decision, so a
//! record written by another client that breaks these rules is left out and
//! reported, not counted.
//!
//! The rules about what is entered, not only who enters it, are here too,
//! so the command line and the page share them: a request for changes or
//! a decline says why; a comment is at most [`MAX_COMMENT`] characters;
//! one email link records one decision; and under `links = "ignore"` a
//! decision through a link is refused at entry (it would never count).

use super::heads::latest_by_person_ordered;
use super::model::{Evaluation, RequestRecords, State};
pub use super::who::{OnBehalfRefusal, entry_refusal, is_reviewer, may_withdraw};
use crate::policy::{Links, Policy, Rule};
use crate::record::{Effect, Verdict};

/// A decision someone wants to enter.
#[derive(Debug, Clone, Copy)]
pub struct Proposal<'a> {
    /// Who enters it (the signer, or the link's person).
    pub by: &'a str,
    /// Whose decision it is, when entered for someone else.
    pub on_behalf_of: Option<&'a str>,
    pub verdict: Verdict,
    pub comment: &'a str,
    /// For a decision through an email link: the link's id (one link,
    /// one decision).
    pub link: Option<&'a str>,
}

/// Longest comment on a decision, or comment, in characters.
pub const MAX_COMMENT: usize = 4000;

impl Proposal<'_> {
    /// The person whose decision this is.
    #[must_use]
    pub fn person(&self) -> &str {
        self.on_behalf_of.unwrap_or(self.by)
    }
}

/// Why a decision may not be entered. Each face (command line, web page)
/// turns it into its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request is not open (superseded, expired, withdrawn, draft).
    Closed(State),
    /// The person entering it, or the one it is for, is not in the policy.
    NotListed(String),
    /// Entered for someone else against the rule.
    OnBehalf {
        by: String,
        person: String,
        why: OnBehalfRefusal,
    },
    /// The author approving their own request where the rule forbids it.
    OwnWork(String),
    /// The person is not a reviewer of this request.
    NotReviewer(String),
    /// Entered for a person who has decided with their own key or link:
    /// their own decision outranks any entry, so it would not count.
    HasOwnDecision(String),
    /// The person's counted decision is already this one, with this comment.
    Repeat { person: String, verdict: Verdict },
    /// The person reviews in a later stage (`stage`) than the one still
    /// open (`open`): they are asked once the earlier stages are approved.
    StageNotOpen {
        person: String,
        stage: String,
        open: String,
    },
    /// Changes or a decline without a word of why.
    NoReason(Verdict),
    /// A comment longer than [`MAX_COMMENT`] characters (or holding NUL).
    CommentTooLong { chars: usize },
    /// This email link has already recorded a decision (`verdict`, at
    /// `at`): each link records one.
    LinkUsed { verdict: Verdict, at: String },
    /// The rule does not count decisions through email links.
    LinksIgnored,
}

/// Whether `comment` may go with `verdict`: changes and declines say
/// why, and no comment is longer than [`MAX_COMMENT`] characters.
pub fn comment_refusal(verdict: Verdict, comment: &str) -> Result<(), Refusal> {
    let chars = comment.chars().count();
    if chars > MAX_COMMENT || comment.contains('\0') {
        return Err(Refusal::CommentTooLong { chars });
    }
    let says_why = matches!(verdict.effect(), Effect::RequestsChanges | Effect::Declines);
    if says_why && comment.trim().is_empty() {
        return Err(Refusal::NoReason(verdict));
    }
    Ok(())
}

/// The decision email link `link` (its id) already recorded on `rr`, if
/// any: one link, one decision.
#[must_use]
pub fn link_used<'r>(rr: &'r RequestRecords, link: &str) -> Option<&'r crate::record::Decision> {
    rr.decisions.iter().find(|d| {
        d.link
            .as_ref()
            .and_then(|l| crate::link::peek(&l.token))
            .is_some_and(|c| c.id == link)
    })
}

/// Whether a decision through an email link may be entered on `rr` at
/// all: the rule counts link decisions, and the link has not decided yet.
pub fn link_refusal(policy: &Policy, rr: &RequestRecords, link: &str) -> Result<(), Refusal> {
    if policy.rule_for(&rr.request.deliverable).links == Links::Ignore {
        return Err(Refusal::LinksIgnored);
    }
    if let Some(used) = link_used(rr, link) {
        return Err(Refusal::LinkUsed {
            verdict: used.decision,
            at: used.at.clone(),
        });
    }
    Ok(())
}

/// What a permitted decision supersedes: the person's current decision(s),
/// newest id, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permitted {
    pub supersedes: Option<String>,
}

/// The stage `person` first reviews in, when it lies after the stage still
/// open on a staged request: `(their stage, the open stage)`. Until the
/// earlier stages are approved, later reviewers see nothing and decide
/// nothing (an internal review stays internal).
#[must_use]
pub fn stage_not_open(
    policy: &Policy,
    rule: &Rule,
    ev: &Evaluation,
    person: &str,
) -> Option<(String, String)> {
    let open = ev.stage.as_deref()?;
    let stages = rule.effective_stages();
    let member = |s: &crate::policy::Stage| {
        s.require
            .iter()
            .any(|r| policy.members(&r.group).iter().any(|m| m == person))
    };
    let open_at = stages.iter().position(|s| s.name == open)?;
    if stages[..=open_at].iter().any(member) {
        return None;
    }
    stages[open_at + 1..]
        .iter()
        .find(|s| member(s))
        .map(|s| (s.name.clone(), open.to_string()))
}

/// Whether `person` may take part in deciding `rr` at all: the request is
/// open, they are listed in the policy and a reviewer of it, and their
/// stage has opened. What a link page (and every file behind it) is shown
/// on.
pub fn may_take_part(
    policy: &Policy,
    rr: &RequestRecords,
    ev: &Evaluation,
    person: &str,
) -> Result<(), Refusal> {
    if !ev.state.open() {
        return Err(Refusal::Closed(ev.state));
    }
    if policy.person(person).is_none() {
        return Err(Refusal::NotListed(person.to_string()));
    }
    let rule = policy.rule_for(&rr.request.deliverable);
    if !is_reviewer(policy, &rule, &rr.request, person) {
        return Err(Refusal::NotReviewer(person.to_string()));
    }
    if let Some((stage, open)) = stage_not_open(policy, &rule, ev, person) {
        return Err(Refusal::StageNotOpen {
            person: person.to_string(),
            stage,
            open,
        });
    }
    Ok(())
}

/// Whether `p` may be entered on the request `rr`, whose evaluation (with
/// `superseded` taken into account) is `ev`.
pub fn check(
    policy: &Policy,
    rr: &RequestRecords,
    ev: &Evaluation,
    p: &Proposal<'_>,
) -> Result<Permitted, Refusal> {
    let req = &rr.request;
    let rule = policy.rule_for(&req.deliverable);
    comment_refusal(p.verdict, p.comment)?;
    if let Some(link) = p.link {
        link_refusal(policy, rr, link)?;
    }
    if p.on_behalf_of.is_none() {
        may_take_part(policy, rr, ev, p.by)?;
    } else if !ev.state.open() {
        return Err(Refusal::Closed(ev.state));
    } else if policy.person(p.by).is_none() {
        return Err(Refusal::NotListed(p.by.to_string()));
    }
    let person = p.person();
    if let Some(other) = p.on_behalf_of {
        if policy.person(other).is_none() {
            return Err(Refusal::NotListed(other.to_string()));
        }
        entry_refusal(policy, &rule, req, p.by, other).map_err(|why| Refusal::OnBehalf {
            by: p.by.to_string(),
            person: other.to_string(),
            why,
        })?;
    }
    if p.on_behalf_of.is_some()
        && rr.decisions.iter().any(|d| {
            d.on_behalf_of.is_none() && d.by == person && d.decision.effect() != Effect::Withdraws
        })
    {
        return Err(Refusal::HasOwnDecision(person.to_string()));
    }
    if p.verdict.effect() == Effect::Approves && person == req.by && !rule.author_can_approve {
        return Err(Refusal::OwnWork(person.to_string()));
    }
    if !is_reviewer(policy, &rule, req, person) {
        return Err(Refusal::NotReviewer(person.to_string()));
    }
    if let Some((stage, open)) = stage_not_open(policy, &rule, ev, person) {
        return Err(Refusal::StageNotOpen {
            person: person.to_string(),
            stage,
            open,
        });
    }
    let heads = latest_by_person_ordered(policy, rr)
        .remove(person)
        .unwrap_or_default();
    if let [only] = heads.as_slice() {
        let same_kind = only.on_behalf_of.is_some() == p.on_behalf_of.is_some();
        if same_kind && only.decision == p.verdict && only.comment == p.comment {
            return Err(Refusal::Repeat {
                person: person.to_string(),
                verdict: p.verdict,
            });
        }
    }
    // With competing heads, supersede the newest; the conflict resolves.
    Ok(Permitted {
        supersedes: heads.iter().map(|d| d.id.clone()).max(),
    })
}
