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

use super::history::{Arrived, window_message};
use super::{Problem, Snapshot};
use crate::state::RequestRecords;

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
    // One buffer for every record's path: the request folder's path once
    // per request (a fan-out layout hashes the name for it), each record's
    // file name put after it in turn; a path is copied only into a problem.
    let mut path = String::new();
    for (rid, rr) in &mut snap.requests {
        let RequestRecords {
            request,
            decisions,
            comments,
            entered,
            arrived: arrivals,
            ..
        } = rr;
        path.clear();
        path.push_str(&layout.request_dir(&request.deliverable, rid));
        let dir = path.len();
        // A record filed under this request names it; one filed away from
        // it (see `orphans`) is looked up under its own folder.
        let record_path = |path: &mut String, d: &str, r: &str, kind: &str, id: &str| {
            path.truncate(dir);
            if d == request.deliverable && r == rid.as_str() {
                for part in ["/", kind, "/", id, ".toml"] {
                    path.push_str(part);
                }
            } else {
                *path = if kind == "decisions" {
                    layout.decision_path(d, r, id)
                } else {
                    layout.comment_path(d, r, id)
                };
            }
        };
        path.push_str("/request.toml");
        *entered = arrived.paths.get(path.as_str()).copied();
        let req_at = parse(&request.at);
        if let Some(message) = window_message(&request.at, req_at, entered.as_ref(), false) {
            problems.push(Problem {
                path: path.clone(),
                message,
            });
            dropped.push(rid.clone());
            continue;
        }
        arrivals.clear();
        decisions.retain(|d| {
            record_path(&mut path, &d.deliverable, &d.request, "decisions", &d.id);
            let entered = arrived.paths.get(path.as_str());
            let at = parse(&d.at);
            let message = match at {
                None => format!("decision time {:?} is not an RFC 3339 time", d.at),
                Some(at) if req_at.is_some_and(|r| at < r - SKEW) => format!(
                    "decision is dated {}, before its request ({})",
                    d.at, request.at
                ),
                Some(at) if at > now + FUTURE => {
                    format!("decision is dated {}, in the future", d.at)
                }
                Some(_) => {
                    if let Some(m) = window_message(&d.at, at, entered, false) {
                        m
                    } else {
                        if let Some(e) = entered {
                            arrivals.insert(d.id.clone(), *e);
                        }
                        return true;
                    }
                }
            };
            problems.push(Problem {
                path: path.clone(),
                message,
            });
            false
        });
        comments.retain(|c| {
            record_path(&mut path, &c.deliverable, &c.request, "comments", &c.id);
            let entered = arrived.paths.get(path.as_str());
            match window_message(&c.at, parse(&c.at), entered, false) {
                Some(message) => {
                    problems.push(Problem {
                        path: path.clone(),
                        message,
                    });
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
