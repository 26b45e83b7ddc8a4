//! Verifying the whole store: every record and snapshot against its
//! signature and manifest (`ledger::check_streaming`), the policy chain
//! and its rollback guard, the history (append-only, time never running
//! backwards: `Ledger::start_history_check`, one walk, on its own thread
//! while the records are checked), and that the branch still holds
//! what this clone verified before (`seen`). How each of those checks is
//! made is the ledger's; this runs them, gathers the problems,
//! and remembers a clean tip. Prints nothing; `verify` words it.

use crate::ledger::{HistoryCheck, Ledger, LedgerError, Problem, Snapshot};
use crate::seen::Verified as Seen;
use crate::store::StoreError;

/// What a verify found.
#[derive(Debug)]
pub struct Verified {
    pub tip: String,
    /// No problem at all (then the tip is remembered as checked).
    pub ok: bool,
    pub records_verified: usize,
    pub policy_version: Option<u32>,
    pub problems: Vec<Problem>,
    /// With `since_last`: the tip checked in full before, and how many
    /// request folders were unchanged since (not read again). `None` when
    /// there was no such tip (everything was checked).
    pub since: Option<Seen>,
    pub unchanged_folders: Option<usize>,
    /// The snapshot, when the store could be loaded.
    pub snapshot: Option<Snapshot>,
}

/// The first half of a verify: the records checked (or the reason they
/// could not be), with every record's time for the history walk.
#[derive(Debug)]
pub struct Loaded {
    out: Verified,
    records: Vec<(String, String)>,
    /// The history walk, under way.
    history: HistoryCheck,
    /// Why the store could not be loaded, until the caller takes it.
    failure: Option<LedgerError>,
}

impl Loaded {
    /// Why the store could not be loaded, if it could not. The caller
    /// decides whether that is a failure of the run or a problem of the
    /// store ([`Loaded::unloadable`]); [`finish`] refuses a failure left
    /// here.
    pub fn take_failure(&mut self) -> Option<LedgerError> {
        self.failure.take()
    }

    /// Lists a store that could not be loaded (`message`: why) as one
    /// problem, at the store file or the policy chain, whichever failed;
    /// the history is still walked.
    pub fn unloadable(&mut self, ledger: &Ledger, message: String) {
        let store_file_ok = ledger.store_info(&self.out.tip).is_ok();
        self.out.problems.push(Problem {
            path: if store_file_ok {
                format!("{}/", crate::layout::POLICY_DIR)
            } else {
                crate::layout::STORE_FILE.into()
            },
            message,
        });
    }
}

/// Why a verify could not finish.
#[derive(Debug)]
pub enum VerifyError {
    /// The branch holds another store than the one this clone verified on
    /// it with `since_last`.
    OtherStore {
        branch: String,
        holds: String,
        verified: String,
    },
    Ledger(LedgerError),
    Store(StoreError),
}

impl From<LedgerError> for VerifyError {
    fn from(e: LedgerError) -> Self {
        VerifyError::Ledger(e)
    }
}

impl From<StoreError> for VerifyError {
    fn from(e: StoreError) -> Self {
        VerifyError::Store(e)
    }
}

/// The tip `verify --since-last` may start from: the one this clone last
/// checked in full without a problem, when the branch still holds it.
#[must_use]
pub fn last_audited(ledger: &Ledger, tip: &str) -> Option<Seen> {
    crate::seen::read_audited(ledger.store.common_dir(), ledger.store.branch())
        .filter(|v| ledger.store.is_ancestor(&v.tip, tip).unwrap_or(false))
}

/// The second half of a verify: the history of `loaded`'s tip, and what
/// this clone verified before; a tip without a problem is remembered.
pub fn finish(ledger: &Ledger, loaded: Loaded) -> Result<Verified, VerifyError> {
    let Loaded {
        mut out,
        records,
        history,
        failure,
    } = loaded;
    if let Some(e) = failure {
        return Err(VerifyError::Ledger(e));
    }
    let tip = out.tip.clone();
    let tip = tip.as_str();
    // Every parent of every commit: a merge cannot drop a record by taking
    // an old parent's tree. Time never runs backwards: commits dated
    // before a parent, records dated outside their commit's window. One
    // walk finds both.
    let (rewrites, in_time) = history.finish(&records)?;
    out.problems.extend(in_time);
    for r in rewrites {
        out.problems.push(Problem {
            path: r.path,
            message: format!(
                "{} by commit {}; records are append-only",
                if r.deleted { "deleted" } else { "modified" },
                &r.commit[..12]
            ),
        });
    }
    // What this clone verified before must still be there.
    let loaded_id = out.snapshot.as_ref().map(|s| s.info.store_id.clone());
    let id = loaded_id
        .clone()
        .or_else(|| ledger.store_info(tip).ok().map(|(info, _)| info.store_id));
    if let Some(id) = &id {
        if let Err(e) = crate::seen::check_branch(&ledger.store, id, tip) {
            out.problems.push(Problem {
                path: crate::layout::STORE_FILE.into(),
                message: e.to_string(),
            });
        }
    }
    out.ok = out.problems.is_empty();
    if let (true, Some(id)) = (out.ok, &loaded_id) {
        crate::seen::remember_branch(&ledger.store, id, tip, false);
        crate::seen::remember_audited(&ledger.store, id, tip);
    }
    Ok(out)
}

/// The first half of a verify of `ledger` at `tip`: loads and checks
/// every request folder (with `since`, from [`last_audited`], only those
/// that changed since that tip), hashing each snapshot's bytes and keeping
/// every record's time for the history walk; one batch in memory at a
/// time. Why a store could not be loaded is kept for the caller
/// ([`Loaded::take_failure`]).
pub fn load(ledger: &Ledger, tip: &str, since: Option<Seen>) -> Result<Loaded, VerifyError> {
    crate::store::Store::read_each_object_once();
    let since_tip = since.as_ref().map(|v| v.tip.as_str());
    // The history is walked on its own thread while the records are
    // checked on every core.
    let history = ledger.start_history_check(tip, since_tip)?;
    let mut records: Vec<(String, String)> = Vec::new();
    let mut digests_bad = Vec::new();
    let mut hash_failed = None;
    let checked = ledger.check_streaming(tip, since_tip, |part| {
        let layout = part.layout();
        // Every snapshot file of the batch hashed on every core.
        let files: Vec<_> = part
            .requests
            .values()
            .flat_map(|rr| rr.request.files.iter().map(move |f| (&rr.request, f)))
            .collect();
        let blobs: Vec<&str> = files.iter().map(|(_, f)| f.blob.as_str()).collect();
        let digests = match ledger.blob_digests(&blobs) {
            Ok(d) => d,
            Err(e) => {
                hash_failed.get_or_insert(e);
                return;
            }
        };
        for ((req, f), d) in files.iter().zip(digests) {
            let ok = d
                .as_ref()
                .is_ok_and(|d| d.sha256 == f.sha256 && d.size == f.size);
            if !ok {
                digests_bad.push(Problem {
                    path: layout.content_path(&req.deliverable, &req.id, &f.path),
                    message: "snapshot bytes do not match the manifest's SHA-256 and size".into(),
                });
            }
        }
        for rr in part.requests.values() {
            let req = &rr.request;
            records.push((
                layout.request_path(&req.deliverable, &req.id),
                req.at.clone(),
            ));
            for d in &rr.decisions {
                records.push((
                    layout.decision_path(&d.deliverable, &d.request, &d.id),
                    d.at.clone(),
                ));
            }
            for c in &rr.comments {
                records.push((
                    layout.comment_path(&c.deliverable, &c.request, &c.id),
                    c.at.clone(),
                ));
            }
        }
    });
    let mut out = empty(tip);
    out.since.clone_from(&since);
    let (snap, skipped) = match checked.and_then(|x| hash_failed.map_or(Ok(x), Err)) {
        Ok(x) => x,
        Err(e) => {
            return Ok(Loaded {
                out,
                records,
                history,
                failure: Some(e),
            });
        }
    };
    if let Some(v) = &since {
        out.unchanged_folders = Some(skipped);
        if snap.info.store_id != v.store_id {
            return Err(VerifyError::OtherStore {
                branch: ledger.store.branch().to_string(),
                holds: snap.info.store_id.clone(),
                verified: v.store_id.clone(),
            });
        }
    }
    out.records_verified = snap.verified;
    out.policy_version = Some(snap.policy().version);
    out.problems.extend(snap.problems.iter().cloned());
    if let Err(e) = ledger.check_policy_rollback(&snap) {
        out.problems.push(Problem {
            path: format!("{}/", crate::layout::POLICY_DIR),
            message: e.to_string(),
        });
    }
    out.problems.append(&mut digests_bad);
    out.snapshot = Some(snap);
    Ok(Loaded {
        out,
        records,
        history,
        failure: None,
    })
}

fn empty(tip: &str) -> Verified {
    Verified {
        tip: tip.to_string(),
        ok: false,
        records_verified: 0,
        policy_version: None,
        problems: Vec::new(),
        since: None,
        unchanged_folders: None,
        snapshot: None,
    }
}
