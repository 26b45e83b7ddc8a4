//! Times in records: an `at` is what its signer wrote, so it is checked
//! against times the signer does not choose alone.
//!
//! A decision whose `at` is not an RFC 3339 time, is dated before its
//! request (beyond [`SKEW`]) or lies far in the future ([`FUTURE`]) is
//! reported as a problem and left out. Every record dated after the commit
//! that added it (see `history`) is reported and left out too. Each request and decision is given where it entered the
//! history (`RequestRecords::entered`, `arrived`): versions are ordered by
//! it, stages judged by it, and expiry on the later of a decision's `at`
//! and its commit's bounded time. Without history (a shallow clone's
//! oldest records) only `at` is checked, against the request and the clock.

use super::history::{Arrived, window_problem};
use super::{Problem, Snapshot};

pub use super::history::SKEW;
/// How far ahead of this machine's clock a decision may be dated: another
/// machine's clock may be wrong; a day ahead is not a clock, it is a claim.
pub const FUTURE: i64 = 86_400;

use crate::clock::seconds as parse;

/// Checks every record's time in `snap` against the request, the clock
/// and (when `arrived` knows it) its commit's window, dropping the ones
/// that fail, and gives each request and decision its place in history.
pub(super) fn check(snap: &mut Snapshot, arrived: &Arrived) {
    let layout = snap.layout();
    let now = crate::clock::now().as_second();
    let mut problems = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for (rid, rr) in &mut snap.requests {
        // The folder's path once (a fan-out layout hashes the name for it);
        // a record filed under this request names it.
        let dir = layout.request_dir(&rr.request.deliverable, rid);
        let deliverable = rr.request.deliverable.clone();
        let in_dir = |d: &str, r: &str, kind: &str, id: &str| {
            if d == deliverable && r == rid.as_str() {
                format!("{dir}/{kind}/{id}.toml")
            } else if kind == "decisions" {
                layout.decision_path(d, r, id)
            } else {
                layout.comment_path(d, r, id)
            }
        };
        let req_path = format!("{dir}/request.toml");
        rr.entered = arrived.paths.get(&req_path).copied();
        if let Some(p) = window_problem(&req_path, &rr.request.at, rr.entered.as_ref(), false) {
            problems.push(p);
            dropped.push(rid.clone());
            continue;
        }
        let req_at = parse(&rr.request.at);
        let mut arrivals = std::collections::BTreeMap::new();
        rr.decisions.retain(|d| {
            let path = in_dir(&d.deliverable, &d.request, "decisions", &d.id);
            let entered = arrived.paths.get(&path);
            let message = match parse(&d.at) {
                None => format!("decision time {:?} is not an RFC 3339 time", d.at),
                Some(at) if req_at.is_some_and(|r| at < r - SKEW) => format!(
                    "decision is dated {}, before its request ({})",
                    d.at, rr.request.at
                ),
                Some(at) if at > now + FUTURE => {
                    format!("decision is dated {}, in the future", d.at)
                }
                Some(_) => {
                    if let Some(p) = window_problem(&path, &d.at, entered, false) {
                        p.message
                    } else {
                        if let Some(e) = entered {
                            arrivals.insert(d.id.clone(), *e);
                        }
                        return true;
                    }
                }
            };
            problems.push(Problem { path, message });
            false
        });
        rr.arrived = arrivals;
        rr.comments.retain(|c| {
            let path = in_dir(&c.deliverable, &c.request, "comments", &c.id);
            match window_problem(&path, &c.at, arrived.paths.get(&path), false) {
                Some(p) => {
                    problems.push(p);
                    false
                }
                None => true,
            }
        });
    }
    for rid in dropped {
        snap.requests.remove(&rid);
    }
    snap.by_deliverable = std::sync::OnceLock::new();
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    snap.problems.extend(problems);
}
