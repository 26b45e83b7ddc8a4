//! The checks a request passes before it is written that read the
//! policy or the deliverable's versions: a title people can read, what
//! `--to` names, and that approved bytes are not asked about again by
//! accident (DESIGN §13 "Approved stays approved").

use super::RequestError;
use crate::record;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;

/// A title is one line of visible text, at most [`MAX_TITLE`] characters.
pub(super) fn check_title(title: &str) -> Result<(), String> {
    if title.chars().count() > MAX_TITLE {
        return Err(format!(
            "the title is {} characters; the limit is {MAX_TITLE}",
            title.chars().count()
        ));
    }
    crate::text::check_name("title", title)?;
    if title.trim() != title {
        return Err(format!("the title {title:?} starts or ends with spaces"));
    }
    Ok(())
}

/// The request's message, after checking that its bytes are not those of
/// the deliverable's newest version when that is approved (DESIGN §13
/// "Approved stays approved"): refused unless `again` gives a reason,
/// which the message then keeps. Going back to the bytes of an older,
/// superseded version is a new round and needs no reason.
pub(super) fn approved_again(
    snap: &crate::ledger::Snapshot,
    name: &str,
    content: &str,
    message: &str,
    again: Option<&str>,
) -> Result<String, RequestError> {
    let approved = snap.versions(name).last().copied().filter(|v| {
        v.request.content == content
            && crate::state::evaluate(snap.policy(), v, snap.is_superseded(&v.request)).state
                == crate::state::State::Approved
    });
    let Some(v) = approved else {
        return Ok(message.to_string());
    };
    let version = snap.version_of(&v.request);
    match again.map(str::trim) {
        None => Err(RequestError::AlreadyApproved {
            deliverable: name.to_string(),
            version,
        }),
        Some("") => Err(RequestError::AgainWithoutReason),
        Some(reason) => {
            let note = format!("Asked again (already approved as v{version}): {reason}");
            Ok(if message.is_empty() {
                note
            } else {
                format!("{message}\n\n{note}")
            })
        }
    }
}

/// Splits what `--to` named into people and groups: a person id is a
/// person; otherwise a group name asks any one of its members, and
/// `GROUP:N` asks N of them (members who may approve: not the author unless
/// the rule lets authors approve).
pub(super) fn split_asked(
    policy: &crate::policy::Policy,
    rule: &crate::policy::Rule,
    named: &[String],
    me: &str,
) -> Result<(Vec<String>, Vec<record::GroupAsk>), RequestError> {
    let mut people = Vec::new();
    let mut groups: Vec<record::GroupAsk> = Vec::new();
    for r in named {
        let (group, count) = match r.rsplit_once(':') {
            Some((g, c)) => (g, Some(c)),
            None => (r.as_str(), None),
        };
        if count.is_none() && policy.person(r).is_some() {
            people.push(r.clone());
            continue;
        }
        if !policy.groups.contains_key(group) {
            return Err(RequestError::UnknownReviewer(r.clone()));
        }
        let can_approve = policy
            .members(group)
            .iter()
            .filter(|m| rule.author_can_approve || *m != me)
            .count();
        let bad = || RequestError::BadGroupCount {
            group: group.to_string(),
            count: count.unwrap_or("1").to_string(),
            can_approve,
        };
        let n = match count {
            None => 1,
            Some(c) => c.parse::<u32>().map_err(|_| bad())?,
        };
        if n == 0 || n as usize > can_approve {
            return Err(bad());
        }
        if groups.iter().any(|g| g.group == group) {
            continue;
        }
        groups.push(record::GroupAsk {
            group: group.to_string(),
            count: n,
        });
    }
    Ok((people, groups))
}
