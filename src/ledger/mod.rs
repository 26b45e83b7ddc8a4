//! Loading a verified picture of the store, and appending signed records.
//!
//! `load` reads the store branch at its tip, checks the policy chain against
//! the trust root, verifies every record's signature over its exact bytes
//! before parsing it, and checks that each record's fields match its path and
//! its request. Records that fail are left out of the picture and reported as
//! problems. `append` is the single place where records are signed and
//! written: it re-loads the store on every attempt of the compare-and-swap, so
//! the caller's checks (superseded request, duplicate decision) always run
//! against the state the write lands on.
//!
//! Rooms: `load` (the store file, the policy chain, every record at a tip),
//! `check` (one record), `snapshot` (the verified picture and its index),
//! `write` (signing and committing), `note` (commit messages), `scope` (one
//! deliverable only), `units` (one request folder at a time), `index` (each
//! folder's result kept under its tree id), `par` (signature checks on every
//! core), `history` (where each record entered the branch's history, and
//! the time its commit allows), `times` (record times against the request,
//! the clock and their commits),
//! `audit` (the history walk of `log`).

mod audit;
mod check;
mod error;
mod history;
mod index;
mod load;
mod note;
mod overview;
mod par;
mod scope;
mod snapshot;
mod times;
mod units;
mod write;

pub use audit::{Audit, Held};
pub use note::Note;
pub use overview::{Overview, Version, versions_of};
pub use snapshot::Snapshot;
pub use write::{Prepared, commit_signer};

pub use error::LedgerError;

/// The ledger's results.
pub type Result<T, E = LedgerError> = std::result::Result<T, E>;
pub use history::{HistoryCheck, SKEW};

use serde::Serialize;

use crate::policy::TrustPin;
use crate::record::{self, Request};
use crate::sign::Signer;
use crate::store::Store;

/// A problem found with one path of the store.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// Where the trust root came from, for messages.
#[derive(Debug, Clone)]
pub struct Trust {
    pub pin: Option<TrustPin>,
    pub source: &'static str,
}

/// How far a long read has gone: request folders checked of those to
/// check. Reported once per batch of folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Who hears of a long read's progress.
type ProgressSink = Box<dyn Fn(Progress) + Send + Sync>;

/// An opened store plus its trust configuration.
pub struct Ledger {
    pub store: Store,
    pub trust: Trust,
    /// The deliverable `load` and `append` are limited to (see `scope`).
    scope: Option<scope::Scope>,
    progress: Option<ProgressSink>,
}

pub use crate::clock::{now, now_string};

impl Ledger {
    #[must_use]
    pub fn new(store: Store, trust: Trust) -> Ledger {
        Ledger {
            store,
            trust,
            scope: None,
            progress: None,
        }
    }

    /// Calls `f` as a long read (a full load, an index build) checks the
    /// store's request folders, batch by batch.
    pub fn on_progress(&mut self, f: impl Fn(Progress) + Send + Sync + 'static) {
        self.progress = Some(Box::new(f));
    }

    pub(crate) fn report_progress(&self, done: usize, total: usize) {
        if let Some(f) = &self.progress {
            f(Progress { done, total });
        }
    }

    /// The current tip, or a "no store" error.
    pub fn tip(&self) -> Result<String> {
        self.store.tip()?.ok_or_else(|| self.no_store())
    }

    fn no_store(&self) -> LedgerError {
        LedgerError::NoStore {
            branch: self.store.branch().to_string(),
        }
    }

    /// Loads and verifies the store at its tip, and refuses a tip whose
    /// policy is older than one this clone verified before (a rollback).
    pub fn load(&self) -> Result<Snapshot> {
        let tip = self.tip()?;
        let snap = self.load_view(&tip)?;
        self.check_rollback(&snap)?;
        Ok(snap)
    }

    /// Checks the branch tip's policy chain against what this clone has seen
    /// before, then remembers it, and refuses a branch that no longer holds
    /// what this clone verified on it (see `seen`). Only the local branch
    /// tip is checked: a remote that is merely behind is not a rollback.
    pub fn check_rollback(&self, snap: &Snapshot) -> Result<()> {
        self.check_policy_rollback(snap)?;
        Ok(crate::seen::check_branch(
            &self.store,
            &snap.info.store_id,
            &snap.tip,
        )?)
    }

    /// The policy half of [`Ledger::check_rollback`].
    pub fn check_policy_rollback(&self, snap: &Snapshot) -> Result<()> {
        crate::seen::check_and_remember(
            self.store.common_dir(),
            &snap.info.store_id,
            &snap.chain,
            self.trust.pin.is_some(),
        )
        .map_err(LedgerError::RolledBack)
    }
}

/// Which person the signer is, per the current policy.
pub fn whoami(snap: &Snapshot, signer: &Signer, configured: Option<String>) -> Result<String> {
    let fp = signer.key().fingerprint();
    let policy = snap.policy();
    if let Some(id) = configured {
        return if policy.key_of(&id, fp).is_some() {
            Ok(id)
        } else {
            Err(LedgerError::NotTheirKey {
                id,
                fingerprint: fp.to_string(),
                key: signer.key().openssh(),
            })
        };
    }
    policy
        .person_by_fingerprint(fp)
        .map(|p| p.id.clone())
        .ok_or_else(|| LedgerError::UnknownKey {
            fingerprint: fp.to_string(),
            key: signer.key().openssh(),
        })
}

impl Ledger {
    /// Recomputes a request's content hash from what is in the repository now:
    /// the working tree, or `rev` when given. `None` when the request's files
    /// came from outside the repository (nothing to compare against).
    /// Nothing is written, so this works on a read-only repository.
    pub fn current_content(&self, req: &Request, rev: Option<&str>) -> Result<Option<String>> {
        if req.source.kind == "range" {
            // A pull request is compared by its range as named at request time
            // (branch names move with the pull request).
            return match &req.source.range {
                Some(r) => Ok(Some(
                    crate::range::compute(self.store.git_dir(), r)?.content,
                )),
                None => Ok(None),
            };
        }
        Ok(self
            .current_manifest(req, rev)?
            .map(|m| crate::content::content_hash(&m)))
    }

    /// The manifest a `paths` request's paths hold now (working tree, or
    /// `rev`), enumerated exactly as `request` enumerated them; `None` for
    /// other kinds of request. Working-tree files are hashed without being
    /// written, so their blob ids are empty.
    pub fn current_manifest(
        &self,
        req: &Request,
        rev: Option<&str>,
    ) -> Result<Option<Vec<record::ManifestEntry>>> {
        if req.source.kind != "paths" {
            return Ok(None);
        }
        let files = match rev {
            Some(r) => {
                let commit = self.store.resolve_commit(r)?;
                self.store.files_at_commit(&commit, &req.source.paths)?
            }
            None => self
                .store
                .files_from_worktree(&req.source.paths, crate::store::Reading::HashOnly)?,
        };
        Ok(Some(
            files
                .into_iter()
                .map(|f| record::ManifestEntry {
                    path: f.path,
                    blob: f.blob,
                    sha256: f.sha256,
                    size: f.size,
                })
                .collect(),
        ))
    }
}
