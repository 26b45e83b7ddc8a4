//! The derived-state cache: a full snapshot, keyed by the branch tip.
//!
//! Verifying every record of a large store costs seconds of CPU; a listing
//! run twice at the same tip need not pay it twice. After a full load through
//! `load`, the verified records and problems are written to
//! `<git common dir>/signoff/cache/snapshot.json` with the tip, the trust
//! root's hash and the policy version they were verified under. A later load
//! uses the file only when all of these match the store it just opened (the
//! policy chain is always verified afresh), so a moved tip, a different
//! policy, a newer signoff or a damaged file means the snapshot is rebuilt
//! from the records. Deleting the file never changes an answer. `verify` and
//! `sync` never read it. Writes go to a temporary file renamed into place, so
//! a reader never sees half a file; failing to write is not an error.

use std::io::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Ledger, Problem, Snapshot};
use crate::record::{Comment, Decision, Request};
use crate::state::RequestRecords;

/// Bumped whenever what a snapshot holds, or how it is derived, changes.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct Key {
    format: u32,
    signoff: String,
    tip: String,
    store_id: String,
    root_hash: String,
    policy_version: u32,
}

#[derive(Serialize)]
struct FileOut<'a> {
    key: Key,
    verified: usize,
    problems: &'a [Problem],
    requests: Vec<RequestOut<'a>>,
}

#[derive(Serialize)]
struct RequestOut<'a> {
    request: &'a Request,
    decisions: &'a [Decision],
    comments: &'a [Comment],
    dag_order: Vec<&'a (String, String)>,
}

#[derive(Deserialize)]
struct FileIn {
    key: Key,
    verified: usize,
    problems: Vec<ProblemIn>,
    requests: Vec<RequestIn>,
}

#[derive(Deserialize)]
struct ProblemIn {
    path: String,
    message: String,
}

#[derive(Deserialize)]
struct RequestIn {
    request: Request,
    decisions: Vec<Decision>,
    comments: Vec<Comment>,
    dag_order: Vec<(String, String)>,
}

fn path(ledger: &Ledger) -> PathBuf {
    ledger
        .store
        .common_dir()
        .join("signoff")
        .join("cache")
        .join("snapshot.json")
}

fn key_of(snap: &Snapshot) -> Key {
    Key {
        format: FORMAT,
        signoff: env!("CARGO_PKG_VERSION").to_string(),
        tip: snap.tip.clone(),
        store_id: snap.info.store_id.clone(),
        root_hash: snap.chain.root_hash.clone(),
        policy_version: snap.policy().version,
    }
}

/// Fills `snap` (tip, store file and verified chain already set) from the
/// cache when the cache was built for exactly this tip and chain. Returns
/// whether it did; on `false`, `snap` is untouched.
pub(super) fn fill(ledger: &Ledger, snap: &mut Snapshot) -> bool {
    let Ok(bytes) = std::fs::read(path(ledger)) else {
        return false;
    };
    let Ok(file) = serde_json::from_slice::<FileIn>(&bytes) else {
        return false;
    };
    let want = key_of(snap);
    let k = &file.key;
    if k.format != want.format
        || k.signoff != want.signoff
        || k.tip != want.tip
        || k.store_id != want.store_id
        || k.root_hash != want.root_hash
        || k.policy_version != want.policy_version
    {
        return false;
    }
    snap.verified = file.verified;
    snap.problems = file
        .problems
        .into_iter()
        .map(|p| Problem {
            path: p.path,
            message: p.message,
        })
        .collect();
    snap.requests = file
        .requests
        .into_iter()
        .map(|r| {
            (
                r.request.id.clone(),
                RequestRecords {
                    request: r.request,
                    decisions: r.decisions,
                    comments: r.comments,
                    dag_order: r.dag_order.into_iter().collect(),
                },
            )
        })
        .collect();
    true
}

/// Writes `snap` (a full load) to the cache, replacing what was there.
pub(super) fn save(ledger: &Ledger, snap: &Snapshot) {
    let file = FileOut {
        key: key_of(snap),
        verified: snap.verified,
        problems: &snap.problems,
        requests: snap
            .requests
            .values()
            .map(|rr| RequestOut {
                request: &rr.request,
                decisions: &rr.decisions,
                comments: &rr.comments,
                dag_order: rr.dag_order.iter().collect(),
            })
            .collect(),
    };
    let target = path(ledger);
    let Some(dir) = target.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".snapshot.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = std::fs::File::create(&tmp).is_ok_and(|f| {
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer(&mut w, &file).is_ok() && w.flush().is_ok()
    });
    if !written || std::fs::rename(&tmp, &target).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
