//! `signoff verify`: check every record, the policy chain and the history.

use std::fmt::Write as _;

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ErrorKind, Result};
use crate::ledger::Problem;

/// Exit code when verification finds any problem.
pub const EXIT_PROBLEMS: u8 = 5;

/// Check every record, the policy chain and the history of the store.
///
/// Checks every SSHSIG over the exact bytes, by a key of the person the record
/// names, per the policy chain from the trust root; that fields match each
/// record's path; that snapshot bytes match their manifests; that the store
/// holds only regular files at paths signoff writes; that history is
/// append-only (no commit ever modified or removed a file of any of its
/// parents); and that the branch still contains the tip this clone verified
/// last, and the same store.
///
/// Prints each problem with its path and exits 5 when there is any.
///
/// With --since-last, checks only what changed since the tip this command
/// last checked in full without a problem (on this clone): request folders
/// whose tree is unchanged hold the same bytes and are not read again; the
/// store file, the policy chain and every new commit's history are checked
/// as always. Without such a tip, it checks everything.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  signoff verify --trust sha256:…\n  signoff verify --since-last"
)]
pub struct Args {
    /// Check only what changed since the last full verify without problems.
    #[arg(long)]
    pub since_last: bool,
}

#[derive(schemars::JsonSchema, Serialize)]
struct Out {
    ok: bool,
    tip: String,
    records_verified: usize,
    policy_version: Option<u32>,
    problems: Vec<Problem>,
    /// With --since-last: the tip checked before, whose unchanged request
    /// folders were not read again.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unchanged_folders: Option<usize>,
}

/// The JSON Schema of `verify --json`.
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Out)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<u8> {
    crate::store::Store::read_each_object_once();
    let ledger = ctx.ledger()?;
    let tip = ledger.tip()?;
    // The tip checked in full before, when it is still in this branch.
    let since = if args.since_last {
        let before = crate::seen::read_audited(ledger.store.common_dir(), ledger.store.branch())
            .filter(|v| ledger.store.is_ancestor(&v.tip, &tip).unwrap_or(false));
        if before.is_none() {
            ctx.out
                .note("no earlier full verify of this branch on this clone; checking everything");
        }
        before
    } else {
        None
    };
    let mut unchanged = None;
    let mut problems = Vec::new();
    let mut verified = 0;
    let mut policy_version = None;
    let mut store_id = None;
    // Each batch of request folders is checked, its snapshots' bytes
    // hashed, its decisions' times kept (for the history walk below), and
    // dropped: memory holds one batch whatever the store's size.
    let mut digests_bad = Vec::new();
    let mut records: Vec<(String, String)> = Vec::new();
    let checked = ledger.check_streaming(&tip, since.as_ref().map(|v| v.tip.as_str()), |part| {
        let layout = part.layout();
        for rr in part.requests.values() {
            for f in &rr.request.files {
                let d = ledger.store.blob_digest(&f.blob);
                let ok = d
                    .as_ref()
                    .is_ok_and(|d| d.sha256 == f.sha256 && d.size == f.size);
                if !ok {
                    digests_bad.push(Problem {
                        path: layout.content_path(&rr.request.deliverable, &rr.request.id, &f.path),
                        message: "snapshot bytes do not match the manifest's SHA-256 and size"
                            .into(),
                    });
                }
            }
            // Every record's time, for the history walk below.
            records.push((
                layout.request_path(&rr.request.deliverable, &rr.request.id),
                rr.request.at.clone(),
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
    match checked.map_err(CliError::from) {
        Ok((snap, skipped)) => {
            if since.is_some() {
                unchanged = Some(skipped);
            }
            if let Some(v) = &since {
                if snap.info.store_id != v.store_id {
                    return Err(CliError::integrity(format!(
                        "branch '{}' holds store {}, but this clone verified store {} on it",
                        ledger.store.branch(),
                        snap.info.store_id,
                        v.store_id
                    ))
                    .with_exit_code(EXIT_PROBLEMS));
                }
            }
            ctx.warn_snapshot(&snap);
            verified = snap.verified;
            policy_version = Some(snap.policy().version);
            problems.extend(snap.problems.iter().cloned());
            if let Err(e) = ledger.check_policy_rollback(&snap) {
                problems.push(Problem {
                    path: format!("{}/", crate::layout::POLICY_DIR),
                    message: e.to_string(),
                });
            }
            store_id = Some(snap.info.store_id.clone());
            problems.append(&mut digests_bad);
        }
        Err(e) if e.kind == ErrorKind::Integrity => {
            // Name the file that failed: the store file, or the policy chain.
            let store_file_ok = ledger.store_info(&tip).is_ok();
            problems.push(Problem {
                path: if store_file_ok {
                    format!("{}/", crate::layout::POLICY_DIR)
                } else {
                    crate::layout::STORE_FILE.into()
                },
                message: e.message,
            });
        }
        Err(e) => return Err(e),
    }
    // Every parent of every commit: a merge cannot drop a record by taking
    // an old parent's tree.
    let since_tip = since.as_ref().map(|v| v.tip.as_str());
    // Time never runs backwards: commits dated before a parent, records
    // dated outside their commit's window (from the same walk).
    let (rewrites, in_time) = ledger.verify_history(&tip, since_tip, &records)?;
    problems.extend(in_time);
    for r in rewrites {
        problems.push(Problem {
            path: r.path,
            message: format!(
                "{} by commit {}; records are append-only",
                if r.deleted { "deleted" } else { "modified" },
                &r.commit[..12]
            ),
        });
    }
    // What this clone verified before must still be there.
    let id = match &store_id {
        Some(id) => Some(id.clone()),
        None => ledger.store_info(&tip).ok().map(|(info, _)| info.store_id),
    };
    if let Some(id) = &id {
        if let Err(e) = crate::seen::check_branch(&ledger.store, id, &tip) {
            problems.push(Problem {
                path: crate::layout::STORE_FILE.into(),
                message: e.to_string(),
            });
        }
    }
    let ok = problems.is_empty();
    if let (true, Some(id)) = (ok, &store_id) {
        crate::seen::remember_branch(&ledger.store, id, &tip, false);
        crate::seen::remember_audited(&ledger.store, id, &tip);
    }
    if ctx.out.json {
        ctx.out.json(&Out {
            ok,
            tip: tip.clone(),
            records_verified: verified,
            policy_version,
            problems: problems.clone(),
            since: since.as_ref().map(|v| v.tip.clone()),
            unchanged_folders: unchanged,
        })?;
    } else {
        let mut text = String::new();
        for p in &problems {
            let _ = writeln!(text, "{}: {}", p.path, p.message);
        }
        if !text.is_empty() {
            ctx.out.print(&text)?;
        }
        let before = match (&since, unchanged) {
            (Some(v), Some(n)) => format!(
                " ({n} request folder(s) unchanged since {} were checked then)",
                &v.tip[..12]
            ),
            _ => String::new(),
        };
        ctx.out.note(&format!(
            "verified {verified} records at {}{before}; {} problem(s)",
            &tip[..12],
            problems.len()
        ));
    }
    if ok {
        Ok(0)
    } else {
        Err(CliError::integrity(format!(
            "verification failed: {} problem(s)",
            problems.len()
        ))
        .hint("each problem is listed above with its path; see 'signoff log' for who wrote it")
        .with_exit_code(EXIT_PROBLEMS))
    }
}
