//! The hook run after records land on the remote: `git config
//! signoff.pushHook` names a shell command that `sync` and `serve` run once
//! a push of new records succeeded, so a forge can react to approvals that
//! arrive on the store branch (a push to that branch runs the store
//! branch's own workflow files, and the store holds none).
//!
//! The typical hook dispatches a `repository_dispatch` event, whose
//! workflow runs from the default branch, to re-run pull-request checks:
//! `gh api repos/OWNER/REPO/dispatches -f event_type=signoff-landed`.
//! It owns only running the command: it prints nothing, and what the hook
//! said comes back for the caller to show.

use std::process::{Command, Stdio};

use crate::ledger::Ledger;

use super::sync::Outcome;

/// The git config key naming the hook.
pub const KEY: &str = "signoff.pushHook";

/// How a hook run ended.
#[derive(Debug)]
pub struct HookRun {
    pub command: String,
    /// True when the command exited with status 0.
    pub ok: bool,
    /// What it wrote to standard error (or why it could not start).
    pub said: String,
}

/// Runs the configured hook after `outcome` pushed records; `None` when no
/// hook is configured or nothing was pushed. The hook gets the remote, the
/// branch and the new tip in `SIGNOFF_REMOTE`, `SIGNOFF_BRANCH` and
/// `SIGNOFF_TIP`, runs in the repository's working directory (or its git
/// directory when bare), and its standard output is discarded.
#[must_use]
pub fn after_push(ledger: &Ledger, outcome: &Outcome) -> Option<HookRun> {
    if !outcome.pushed {
        return None;
    }
    let command = ledger.store.config_string(KEY)?;
    if command.trim().is_empty() {
        return None;
    }
    let dir = ledger
        .store
        .workdir()
        .unwrap_or_else(|| ledger.store.git_dir());
    let out = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir)
        .env("SIGNOFF_REMOTE", &outcome.remote)
        .env("SIGNOFF_BRANCH", ledger.store.branch())
        .env("SIGNOFF_TIP", &outcome.tip)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    Some(match out {
        Ok(o) => HookRun {
            command,
            ok: o.status.success(),
            said: crate::text::header(String::from_utf8_lossy(&o.stderr).trim()),
        },
        Err(e) => HookRun {
            command,
            ok: false,
            said: format!("cannot run it: {e}"),
        },
    })
}
