//! Where every deliverable stands, without reading every record.
//!
//! `status`, `list` and the inbox ask one question of the whole store: the
//! state of each deliverable's versions. The index (`index`) keeps the
//! answer per deliverable and folds again only the deliverables whose
//! request folders changed, whose policy changed, whose requests reached
//! their expiry, or whose fold had to ask the branch's history. When the
//! index cannot be used, the same answer comes from a full load: both go
//! through [`versions_of`].
//!
//! A table of them (`list`, `status`) reads each version's [`Line`]: what
//! its row shows, kept in the index in a few bytes and read without
//! decoding the version ([`Ledger::listing`]).

use serde::{Deserialize, Serialize};

use super::{Ledger, Result, Snapshot, index, scope};
use crate::record::Request;
use crate::state::{self, Evaluation, State};

/// One version of a deliverable, evaluated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Version {
    /// The request without its file manifest (`files` is empty: a request
    /// of a folder of thousands of files would otherwise weigh on every
    /// listing; `show` and `gate` read the manifest from the request).
    pub request: Request,
    /// Its `vN` label.
    pub version: usize,
    pub superseded: bool,
    pub evaluation: Evaluation,
}

/// Every deliverable's versions at one tip.
#[derive(Debug)]
pub struct Overview {
    /// The store file and policy chain (no records).
    pub head: Snapshot,
    /// Each deliverable with its versions, oldest first (only the newest
    /// unless all were asked for), sorted by name.
    pub deliverables: Vec<(String, Vec<Version>)>,
    /// How many problems a full load reports.
    pub problems: usize,
}

/// The versions of `name` in `snap`, oldest first, each evaluated now.
#[must_use]
pub fn versions_of(snap: &Snapshot, name: &str) -> Vec<Version> {
    let versions = snap.versions(name);
    let count = versions.len();
    // A draft holds the number of the version it prepares (see
    // `Snapshot::version_of`), counted here in one pass.
    let mut published = 0;
    versions
        .into_iter()
        .enumerate()
        .map(|(i, rr)| {
            let superseded = i + 1 < count;
            let version = published + 1;
            if !rr.request.draft {
                published += 1;
            }
            Version {
                request: Request {
                    files: Vec::new(),
                    ..rr.request.clone()
                },
                version,
                superseded,
                evaluation: state::evaluate(snap.policy(), rr, superseded),
            }
        })
        .collect()
}

/// What a `list` or `status` table shows of one version: the same
/// answers as its [`Version`], nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Its `vN` label.
    pub version: usize,
    pub state: State,
    /// Who requested it, and when.
    pub by: String,
    pub at: String,
    pub due: Option<String>,
    /// [`Evaluation::summary`].
    pub summary: String,
}

/// Every deliverable's lines at one tip (see [`Overview`]).
#[derive(Debug)]
pub struct Listing {
    /// The store file and policy chain (no records).
    pub head: Snapshot,
    /// Each deliverable with its versions' lines, oldest first (only the
    /// newest unless all were asked for), sorted by name.
    pub deliverables: Vec<(String, Vec<Line>)>,
    /// How many problems a full load reports.
    pub problems: usize,
}

impl Line {
    /// The line of `v`.
    #[must_use]
    pub fn of(v: &Version) -> Line {
        Line {
            version: v.version,
            state: v.evaluation.state,
            by: v.request.by.clone(),
            at: v.request.at.clone(),
            due: v.request.due.clone(),
            summary: v.evaluation.summary(),
        }
    }

    /// Appends the line to `out`: its version and state, then each text
    /// after its length plus one (0: `due` is absent).
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        put_number(out, self.version as u64);
        out.push(state_code(self.state));
        put_text(out, Some(&self.by));
        put_text(out, Some(&self.at));
        put_text(out, self.due.as_deref());
        put_text(out, Some(&self.summary));
    }

    /// Reads one line from the front of `bytes`, as [`Line::encode`] wrote
    /// it; `None` when the bytes are not such a line.
    pub(super) fn decode(bytes: &mut &[u8]) -> Option<Line> {
        let version = usize::try_from(number(bytes)?).ok()?;
        let (&code, rest) = bytes.split_first()?;
        *bytes = rest;
        let state = *STATES.get(usize::from(code))?;
        let by = text(bytes).ok()??;
        let at = text(bytes).ok()??;
        let due = text(bytes).ok()?;
        let summary = text(bytes).ok()??;
        Some(Line {
            version,
            state,
            by,
            at,
            due,
            summary,
        })
    }
}

/// Every state, in the order of their codes.
const STATES: [State; 8] = [
    State::Draft,
    State::Pending,
    State::Approved,
    State::ChangesRequested,
    State::Declined,
    State::Withdrawn,
    State::Superseded,
    State::Expired,
];

fn state_code(s: State) -> u8 {
    match s {
        State::Draft => 0,
        State::Pending => 1,
        State::Approved => 2,
        State::ChangesRequested => 3,
        State::Declined => 4,
        State::Withdrawn => 5,
        State::Superseded => 6,
        State::Expired => 7,
    }
}

/// `n` in seven-bit groups, low first, the high bit saying more follow.
fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(u8::try_from(n & 0x7f).expect("seven bits") | 0x80);
        n >>= 7;
    }
    out.push(u8::try_from(n).expect("under 0x80"));
}

fn number(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

fn put_text(out: &mut Vec<u8>, t: Option<&str>) {
    match t {
        Some(t) => {
            put_number(out, t.len() as u64 + 1);
            out.extend_from_slice(t.as_bytes());
        }
        None => put_number(out, 0),
    }
}

/// Bytes that are not what [`Line::encode`] writes.
struct Garbled;

/// `None` for the absent text.
fn text(bytes: &mut &[u8]) -> std::result::Result<Option<String>, Garbled> {
    let Some(n) = number(bytes).ok_or(Garbled)?.checked_sub(1) else {
        return Ok(None);
    };
    let n = usize::try_from(n).map_err(|_| Garbled)?;
    if bytes.len() < n {
        return Err(Garbled);
    }
    let (t, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(Some(
        std::str::from_utf8(t).map_err(|_| Garbled)?.to_owned(),
    ))
}

impl Ledger {
    /// Every deliverable's newest version (or all versions), or only the
    /// deliverables whose newest version is pending, at the branch tip;
    /// refuses a rolled-back branch as [`Ledger::load`] does.
    pub fn overview(&self, pending_only: bool, all_versions: bool) -> Result<Overview> {
        let tip = self.tip()?;
        let head = self.load_scope(&tip, scope::Load::Head)?;
        self.check_rollback(&head)?;
        if let Some(o) = index::overview(self, &head, pending_only, all_versions)? {
            return Ok(o);
        }
        let snap = self.load_scope(&tip, scope::Load::Full)?;
        let deliverables = snap
            .deliverables()
            .into_iter()
            .filter_map(|name| {
                let mut versions = versions_of(&snap, &name);
                let newest = versions.last()?;
                if pending_only && newest.evaluation.state != state::State::Pending {
                    return None;
                }
                if !all_versions {
                    versions.drain(..versions.len() - 1);
                }
                Some((name, versions))
            })
            .collect();
        Ok(Overview {
            problems: snap.problems.len(),
            head,
            deliverables,
        })
    }

    /// [`Ledger::overview`]'s answer, each version as its table line: from
    /// the index without decoding the versions, else from their overview.
    pub fn listing(&self, pending_only: bool, all_versions: bool) -> Result<Listing> {
        let tip = self.tip()?;
        let head = self.load_scope(&tip, scope::Load::Head)?;
        self.check_rollback(&head)?;
        if let Some(l) = index::listing(self, &head, pending_only, all_versions)? {
            return Ok(l);
        }
        let o = self.overview(pending_only, all_versions)?;
        Ok(Listing {
            head: o.head,
            deliverables: o
                .deliverables
                .into_iter()
                .map(|(name, versions)| (name, versions.iter().map(Line::of).collect()))
                .collect(),
            problems: o.problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_written() {
        let lines = [
            Line {
                version: 1,
                state: State::Pending,
                by: "alice".into(),
                at: "2026-01-02T03:04:05Z".into(),
                due: None,
                summary: "0/2 approvals from reviewers; needs 2 more: bob, cat".into(),
            },
            Line {
                version: 300,
                state: State::Expired,
                by: "日本".into(),
                at: String::new(),
                due: Some("2026-02-01".into()),
                summary: "x".repeat(200),
            },
        ];
        for s in STATES {
            assert_eq!(STATES[usize::from(state_code(s))], s);
        }
        let mut bytes = Vec::new();
        lines[0].encode(&mut bytes);
        let first = bytes.len();
        lines[1].encode(&mut bytes);
        let mut rest = bytes.as_slice();
        for l in &lines {
            assert_eq!(Line::decode(&mut rest).as_ref(), Some(l));
        }
        assert!(rest.is_empty());
        for cut in 0..first {
            let mut short = &bytes[..cut];
            assert_eq!(Line::decode(&mut short), None, "cut at {cut}");
        }
    }
}
