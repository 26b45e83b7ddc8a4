//! The two dates that depend on whose they are: when a person's decision
//! on a request is due, and whether their access (`person … --access-until`)
//! has ended. A date without a time means the end of that day in the
//! person's own time zone (the policy's `tz`, UTC when unset); every face
//! (the command line, the page, the inbox, the mail, reminders) asks here,
//! so that none of them judges a deadline in another zone.
//!
//! Pure functions of the policy, a record and a given time; nothing here
//! reads the clock, renders, or writes.

use crate::clock::Due;
use crate::policy::Policy;
use crate::record::Request;

/// `person`'s time zone name in the policy (`None`: UTC).
fn zone<'p>(policy: &'p Policy, person: Option<&str>) -> Option<&'p str> {
    person
        .and_then(|p| policy.person(p))
        .and_then(|p| p.tz.as_deref())
}

/// When `person`'s decision on `req` is due (`None` for nobody in
/// particular: UTC), or `None` when the request has no readable due date.
#[must_use]
pub fn due_for(policy: &Policy, req: &Request, person: Option<&str>) -> Option<jiff::Timestamp> {
    let due = Due::read(req.due.as_deref()?)?;
    Some(due.instant(zone(policy, person)))
}

/// Whether `person`'s decision on `req` is overdue at `now`: past the
/// last second it was due.
#[must_use]
pub fn overdue_for(
    policy: &Policy,
    req: &Request,
    person: Option<&str>,
    now: jiff::Timestamp,
) -> bool {
    due_for(policy, req, person).is_some_and(|d| now > d)
}

/// `req`'s due date as `person` reads it: in their zone, named
/// (`2026-12-16 23:59 EST (America/New_York)`; in UTC when they have
/// none), or `None` without one. An unreadable stored value is shown as
/// it is.
#[must_use]
pub fn due_text(policy: &Policy, req: &Request, person: Option<&str>) -> Option<String> {
    let stored = req.due.as_deref()?;
    Some(match due_for(policy, req, person) {
        Some(t) => crate::clock::time_in_zone(&t.to_string(), zone(policy, person)),
        None => stored.to_string(),
    })
}

/// When `person`'s access through links ends (`None`: it does not):
/// their `access_until`, a bare date meaning the end of that day in their
/// zone.
#[must_use]
pub fn access_until(policy: &Policy, person: &str) -> Option<jiff::Timestamp> {
    let p = policy.person(person)?;
    let until = Due::read(p.access_until.as_deref()?)?;
    Some(until.instant(p.tz.as_deref()))
}

/// Whether `person`'s links and inbox have stopped at `now`. A stored
/// value that is not a date stops them too: an end that cannot be read is
/// not a reason to keep a door open.
#[must_use]
pub fn access_ended(policy: &Policy, person: &str, now: jiff::Timestamp) -> bool {
    let Some(p) = policy.person(person) else {
        return false;
    };
    match p.access_until.as_deref() {
        None => false,
        Some(_) => access_until(policy, person).is_none_or(|t| now > t),
    }
}
