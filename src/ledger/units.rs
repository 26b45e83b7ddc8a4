//! Checking the store one request folder ("unit", `layout::unit_of`) at a
//! time.
//!
//! Everything about one request lies in its unit: its record, the
//! decisions and comments filed under it and its snapshot of the
//! deliverable's files. Every check of a record (its signature over its
//! exact bytes, its fields against its path, its decision's content hash
//! against its request's, the snapshot against the request's manifest) is
//! answered inside the unit, so a unit's result depends only on its tree id
//! and on who may sign (`par::Signers`). That is what lets the index
//! (`index`) keep each unit's result under its tree id and re-check only
//! the units a write or a `sync` changed, and what lets a full load stream
//! the store in batches of units with bounded memory. Files outside every
//! unit (the store file and policy folder aside) form one more pseudo-unit,
//! `""`, checked the same way.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::check::check_manifest;
use super::par::{self, Signers};
use super::{Ledger, LedgerError, Problem, Result};
use crate::layout::{self, Format};
use crate::record::{Comment, Decision, Notified, Record, Request};
use crate::store::{Entry, Store};

/// Units are read and checked this many at a time: enough records to keep
/// every core busy, few enough that memory stays bounded.
const BATCH_UNITS: usize = 1024;

/// The checked contents of one unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Unit {
    /// Records whose signature verified.
    pub verified: usize,
    /// What failed, with each path.
    pub problems: Vec<Problem>,
    /// The unit's valid requests (one, in a well-formed store), each with
    /// the decisions and comments filed under it.
    pub requests: Vec<UnitRequest>,
    /// Verified records whose request is not in this unit: a problem, worded
    /// once every unit is known (`Orphan::problem`).
    #[serde(default)]
    pub orphans: Vec<Orphan>,
}

/// A verified record filed where its request is not.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Orphan {
    pub path: String,
    pub request: String,
    pub deliverable: String,
}

impl Orphan {
    /// The problem, given the request of that id elsewhere in the store
    /// (if any): a record that names another deliverable than its request's
    /// says so.
    pub(super) fn problem(self, found: Option<&str>) -> Problem {
        let message = match found {
            Some(theirs) if theirs != self.deliverable => format!(
                "record names deliverable {} but its request is for {theirs}",
                self.deliverable
            ),
            _ => "record refers to a request that is missing or invalid".into(),
        };
        Problem {
            path: self.path,
            message,
        }
    }
}

/// A verified request and its verified records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct UnitRequest {
    pub request: Request,
    pub decisions: Vec<Decision>,
    pub comments: Vec<Comment>,
    /// The server's `notified` records (never decisions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notified: Vec<Notified>,
}

/// One unit to check: its files (those of one request folder, or the
/// files outside every unit).
pub(super) struct Pending {
    pub entries: Vec<Entry>,
}

/// How one file of a unit is to be checked.
enum Role {
    /// A record, checked with the signature blob beside it.
    Record { sig: String },
    /// A problem found by its path and mode alone.
    Problem(String),
    /// Read by another loader, or judged with its request (snapshot files).
    Skip,
}

/// Checks `units`, all of their records in one parallel pass (see `par`).
/// Results come back in the order given.
pub(super) fn check(
    store: &Store,
    store_id: &str,
    layout: Format,
    signers: &Signers,
    units: &[Pending],
) -> Result<Vec<Unit>> {
    // Roles first, so that every record of the batch is one job.
    let mut roles: Vec<Vec<Role>> = Vec::with_capacity(units.len());
    let mut jobs: Vec<par::Job<'_>> = Vec::new();
    for u in units {
        let blobs: HashMap<&str, &str> = u
            .entries
            .iter()
            .filter(|e| e.bad_mode().is_none())
            .map(|e| (e.path.as_str(), e.blob.as_str()))
            .collect();
        let r: Vec<Role> = u.entries.iter().map(|e| role(e, &blobs)).collect();
        for (e, role) in u.entries.iter().zip(&r) {
            if let Role::Record { sig } = role {
                jobs.push(par::Job {
                    path: &e.path,
                    blob: &e.blob,
                    sig: blobs[sig.as_str()],
                });
            }
        }
        roles.push(r);
    }
    let mut checked = par::check_all(store, store_id, layout, signers, &jobs)?
        .into_iter()
        .flatten();
    drop(jobs);
    let mut out = Vec::with_capacity(units.len());
    for (u, roles) in units.iter().zip(roles) {
        let mut unit = Unit::default();
        let mut records = Vec::new();
        let mut content: HashMap<String, BTreeMap<String, String>> = HashMap::new();
        for (e, role) in u.entries.iter().zip(roles) {
            match role {
                Role::Problem(message) => unit.problems.push(Problem {
                    path: e.path.clone(),
                    message,
                }),
                Role::Skip => {
                    if let layout::Place::Content { dir, file } = layout::place(&e.path) {
                        content
                            .entry(dir.to_string())
                            .or_default()
                            .insert(file.to_string(), e.blob.clone());
                    }
                }
                Role::Record { .. } => match checked.next() {
                    Some(Ok(r)) => {
                        unit.verified += 1;
                        records.push(r);
                    }
                    Some(Err(message)) => unit.problems.push(Problem {
                        path: e.path.clone(),
                        message,
                    }),
                    None => unreachable!("one result per job"),
                },
            }
        }
        link(layout, records, content, &mut unit);
        unit.problems.sort_by(|a, b| a.path.cmp(&b.path));
        out.push(unit);
    }
    Ok(out)
}

// Store paths are written by signoff in lower case; a ".TOML" file is not
// a record and must be reported as unexpected, so compare exactly.
fn role(e: &Entry, blobs: &HashMap<&str, &str>) -> Role {
    // Only regular files count: a record stored as a link, an executable or
    // a submodule entry is reported, never read.
    if let Some(what) = e.bad_mode() {
        return Role::Problem(format!("{what}; signoff writes only regular files"));
    }
    match layout::place(&e.path) {
        // The store file and the policy chain are read and checked by
        // their own loaders.
        layout::Place::StoreFile
        | layout::Place::StoreSig
        | layout::Place::PolicyVersion { .. }
        | layout::Place::PolicySig { .. }
        | layout::Place::PolicyOther
        | layout::Place::Content { .. } => Role::Skip,
        layout::Place::Unknown => {
            Role::Problem("unexpected file in the store: signoff's layout has no such path".into())
        }
        layout::Place::Sig { record } => {
            if blobs.contains_key(record) {
                Role::Skip
            } else {
                Role::Problem("signature without a record".into())
            }
        }
        layout::Place::DeliverableOther => Role::Problem("unexpected file in the store".into()),
        layout::Place::Record => {
            let sig = layout::sig_path(&e.path);
            if blobs.contains_key(sig.as_str()) {
                Role::Record { sig }
            } else {
                Role::Problem("record has no signature file".into())
            }
        }
    }
}

/// Files each verified decision and comment under its request, and checks
/// each request's snapshot against its manifest.
fn link(
    layout: Format,
    records: Vec<Record>,
    mut content: HashMap<String, BTreeMap<String, String>>,
    unit: &mut Unit,
) {
    let mut requests: BTreeMap<String, UnitRequest> = BTreeMap::new();
    for r in &records {
        if let Record::Request(req) = r {
            let dir = layout.request_dir(&req.deliverable, &req.id);
            let stored = content.remove(&dir).unwrap_or_default();
            if let Some((file, message)) = check_manifest(req, &stored) {
                unit.problems.push(Problem {
                    path: match file {
                        Some(f) => layout.content_path(&req.deliverable, &req.id, &f),
                        None => layout.content_dir(&req.deliverable, &req.id),
                    },
                    message,
                });
            }
            requests.insert(
                req.id.clone(),
                UnitRequest {
                    request: req.clone(),
                    decisions: Vec::new(),
                    comments: Vec::new(),
                    notified: Vec::new(),
                },
            );
        }
    }
    for dir in content.keys() {
        unit.problems.push(Problem {
            path: layout::content_dir_in(dir),
            message: "snapshot content without a valid request".into(),
        });
    }
    for r in records {
        let path = r.expected_path(layout);
        let Some(rr) = requests.get_mut(r.request_id()) else {
            if !matches!(r, Record::Request(_)) {
                unit.orphans.push(Orphan {
                    path,
                    request: r.request_id().to_string(),
                    deliverable: r.deliverable().to_string(),
                });
            }
            continue;
        };
        if r.deliverable() != rr.request.deliverable {
            unit.problems.push(Problem {
                path,
                message: format!(
                    "record names deliverable {} but its request is for {}",
                    r.deliverable(),
                    rr.request.deliverable
                ),
            });
            continue;
        }
        match r {
            Record::Request(_) => {}
            Record::Decision(d) => {
                if d.content == rr.request.content {
                    rr.decisions.push(d);
                } else {
                    unit.problems.push(Problem {
                        path,
                        message: "decision signs a content hash other than its request's".into(),
                    });
                }
            }
            Record::Comment(c) => rr.comments.push(c),
            Record::Notified(n) => rr.notified.push(n),
        }
    }
    for rr in requests.values_mut() {
        rr.decisions.sort_by(|a, b| a.id.cmp(&b.id));
        rr.comments.sort_by(|a, b| a.id.cmp(&b.id));
        rr.notified.sort_by(|a, b| a.id.cmp(&b.id));
    }
    unit.requests = requests.into_values().collect();
}

impl Ledger {
    /// Reads the files of `units` (folder, tree id) a batch at a time and
    /// hands each batch, with its files, to `each`, reporting progress: the
    /// one loop of every whole-store read (full load, index update,
    /// streaming `verify`).
    pub(super) fn in_batches<E: From<LedgerError>>(
        &self,
        units: &[(String, String)],
        mut each: impl FnMut(&[(String, String)], Vec<Pending>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let total = units.len();
        for (i, batch) in units.chunks(BATCH_UNITS).enumerate() {
            self.report_progress(i * BATCH_UNITS, total);
            // Each folder's trees read (and checked) on every core.
            let pending = par::map(&self.store, batch, 16, |store, (dir, tree)| {
                store.unit_files(tree, dir)
            })?
            .into_iter()
            .map(|entries| Ok(Pending { entries: entries? }))
            .collect::<Result<Vec<_>>>()?;
            each(batch, pending)?;
        }
        self.report_progress(total, total);
        Ok(())
    }
}
