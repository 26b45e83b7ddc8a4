//! Where every deliverable stands, without reading every record.
//!
//! `status`, `list` and the inbox ask one question of the whole store: the
//! state of each deliverable's versions. The index (`index`) keeps the
//! answer per deliverable and folds again only the deliverables whose
//! request folders changed, whose policy changed, whose requests reached
//! their expiry, or whose fold had to ask the branch's history. When the
//! index cannot be used, the same answer comes from a full load: both go
//! through [`versions_of`].

use serde::{Deserialize, Serialize};

use super::{Ledger, Result, Snapshot, index, scope};
use crate::record::Request;
use crate::state::{self, Evaluation};

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
}
