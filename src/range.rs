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

use crate::error::{CliError, Result};

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
    let bad = || {
        CliError::usage(format!("invalid range {range:?}"))
            .hint("give two revisions as BASE..HEAD, e.g. main..feature")
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
    let mut child = cmd.spawn().map_err(|e| {
        CliError::env(format!("cannot run git: {e}"))
            .hint("install git and make sure it is on PATH")
    })?;
    if let Some(bytes) = input {
        let mut stdin = child.stdin.take().expect("stdin was piped");
        let bytes = bytes.to_vec();
        // Write from a thread so a large diff cannot deadlock against stdout.
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let out = child.wait_with_output()?;
        writer
            .join()
            .map_err(|_| CliError::env("writing to git failed"))??;
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
        Err(CliError::env(format!(
            "git {} failed: {}",
            args.first().copied().unwrap_or(""),
            err.lines().next().unwrap_or("").trim()
        )))
    }
}

fn rev_commit(git_dir: &Path, rev: &str) -> Result<String> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(git_dir, &["rev-parse", "--verify", "--quiet", &spec], None).map_err(|_| {
        CliError::not_found(format!("revision {rev} not found in this repository"))
            .hint("check the name with 'git log --oneline'; in CI, fetch enough history")
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// Computes the patch id of `A..B` in the repository at `git_dir`.
pub fn compute(git_dir: &Path, range: &str) -> Result<RangeDiff> {
    let (a, b) = parse(range)?;
    let a = rev_commit(git_dir, a)?;
    let head = rev_commit(git_dir, b)?;
    let base = git(git_dir, &["merge-base", &a, &head], None).map_err(|_| {
        CliError::not_found(format!("{range} has no merge base"))
            .hint("fetch the full history of both sides (e.g. 'git fetch --unshallow')")
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
        return Err(CliError::usage(format!("{range} changes nothing"))
            .hint("check the order: BASE..HEAD, e.g. main..feature"));
    }
    let out = git(git_dir, &["patch-id", "--verbatim"], Some(&diff))?;
    let text = String::from_utf8_lossy(&out);
    let id = text
        .split_whitespace()
        .next()
        .filter(|s| s.chars().all(|c| c.is_ascii_hexdigit()) && s.len() >= 40)
        .ok_or_else(|| CliError::env("git patch-id printed no patch id for the range"))?;
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
