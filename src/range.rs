//! Binding a pull request to its diff: the stable patch id of a range.
//!
//! A `range` request (`signoff request NAME --range BASE..HEAD`) is bound to
//! the diff from the merge base of BASE and HEAD to HEAD (what
//! `git diff BASE...HEAD` shows), identified by
//! `git patch-id --verbatim` (stable ordering, whitespace kept). Line numbers
//! are not part of a patch id, so a rebase that leaves the diff unchanged
//! keeps the approvals, and any change to the diff makes them stale.
//!
//! This runs the system `git` because patch ids are git's own algorithm and
//! the point is that anyone can recompute them with stock git:
//! `git diff --binary --full-index $(git merge-base A B) B | git patch-id --verbatim`.
//! Nothing here writes to the repository.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::fault::Fault;

/// Why a range could not be bound to its diff.
#[derive(Debug, thiserror::Error)]
pub enum RangeError {
    /// Not of the form `BASE..HEAD`.
    #[error("invalid range {range:?}")]
    Invalid { range: String },
    /// The system `git` could not be started.
    #[error("cannot run git: {0}")]
    CannotRunGit(#[source] std::io::Error),
    /// Feeding the diff to `git patch-id` failed.
    #[error("writing to git failed")]
    WriteFailed,
    /// A `git` subcommand failed; `detail` is the first line it printed.
    #[error("git {command} failed: {detail}")]
    GitFailed { command: String, detail: String },
    /// A side of the range names no commit here.
    #[error("revision {rev} not found in this repository")]
    RevisionNotFound { rev: String },
    /// The two sides share no history (here).
    #[error("{range} has no merge base")]
    NoMergeBase { range: String },
    /// The diff is empty.
    #[error("{range} changes nothing")]
    Empty { range: String },
    /// `git patch-id` printed nothing that looks like a patch id.
    #[error("git patch-id printed no patch id for the range")]
    NoPatchId,
    /// A full disk, an unwritable folder or another I/O error.
    #[error(transparent)]
    Fault(#[from] Fault),
}

impl From<std::io::Error> for RangeError {
    fn from(e: std::io::Error) -> Self {
        RangeError::Fault(e.into())
    }
}

type Result<T, E = RangeError> = std::result::Result<T, E>;

/// Prefix of a range request's content value.
pub const PREFIX: &str = "patch-id:";

/// A computed range: the patch id and the diff it was computed from.
#[derive(Debug, Clone)]
pub struct RangeDiff {
    /// `patch-id:<hex>`.
    pub content: String,
    /// Merge base and head commits the diff was taken between.
    pub base: String,
    pub head: String,
    /// The diff text (stored in the request's snapshot for review).
    pub diff: Vec<u8>,
}

/// Splits `A..B` into its two revisions.
pub fn parse(range: &str) -> Result<(&str, &str)> {
    let bad = || RangeError::Invalid {
        range: range.to_string(),
    };
    if range.contains("...") {
        return Err(bad());
    }
    let (a, b) = range.split_once("..").ok_or_else(bad)?;
    if a.is_empty() || b.is_empty() || a.starts_with('-') || b.starts_with('-') {
        return Err(bad());
    }
    Ok((a, b))
}

fn git(git_dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut cmd = Command::new("git");
    cmd.arg("--git-dir")
        .arg(git_dir)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(RangeError::CannotRunGit)?;
    if let Some(bytes) = input {
        let mut stdin = child.stdin.take().expect("stdin was piped");
        let bytes = bytes.to_vec();
        // Write from a thread so a large diff cannot deadlock against stdout.
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let out = child.wait_with_output()?;
        writer.join().map_err(|_| RangeError::WriteFailed)??;
        return finish(args, out);
    }
    let out = child.wait_with_output()?;
    finish(args, out)
}

fn finish(args: &[&str], out: std::process::Output) -> Result<Vec<u8>> {
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(RangeError::GitFailed {
            command: args.first().copied().unwrap_or("").to_string(),
            detail: err.lines().next().unwrap_or("").trim().to_string(),
        })
    }
}

fn rev_commit(git_dir: &Path, rev: &str) -> Result<String> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(git_dir, &["rev-parse", "--verify", "--quiet", &spec], None).map_err(|_| {
        RangeError::RevisionNotFound {
            rev: rev.to_string(),
        }
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// Computes the patch id of `A..B` in the repository at `git_dir`.
pub fn compute(git_dir: &Path, range: &str) -> Result<RangeDiff> {
    let (a, b) = parse(range)?;
    let a = rev_commit(git_dir, a)?;
    let head = rev_commit(git_dir, b)?;
    let base =
        git(git_dir, &["merge-base", &a, &head], None).map_err(|_| RangeError::NoMergeBase {
            range: range.to_string(),
        })?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let diff = git(
        git_dir,
        &[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--binary",
            "--full-index",
            &base,
            &head,
        ],
        None,
    )?;
    if diff.is_empty() {
        return Err(RangeError::Empty {
            range: range.to_string(),
        });
    }
    let out = git(git_dir, &["patch-id", "--verbatim"], Some(&diff))?;
    let text = String::from_utf8_lossy(&out);
    let id = text
        .split_whitespace()
        .next()
        .filter(|s| s.chars().all(|c| c.is_ascii_hexdigit()) && s.len() >= 40)
        .ok_or(RangeError::NoPatchId)?;
    Ok(RangeDiff {
        content: format!("{PREFIX}{id}"),
        base,
        head,
        diff,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn ranges() {
        assert_eq!(parse("main..feature").unwrap(), ("main", "feature"));
        for bad in [
            "main",
            "main...feature",
            "..b",
            "a..",
            "-x..b",
            "a..--output=x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
