//! Binding a pull request to its diff, collision-resistantly.
//!
//! A `range` request (`signoff request NAME --range BASE..HEAD`) is bound to
//! the diff from the merge base of BASE and HEAD to HEAD (what
//! `git diff BASE...HEAD` shows), by `content = "diff-sha256:<hex>"`:
//!
//! 1. the diff is cut into one part per file (each part starts at a
//!    `diff --git` line);
//! 2. each part is normalised the way `git patch-id` normalises it, so that
//!    a rebase that leaves the change alone leaves the part alone: a text
//!    file's `index` line (blob ids of the whole files) is dropped, and each
//!    hunk header (`@@ -12,3 +14,4 @@ fn x`) becomes `@@` (line numbers and
//!    the function-name hint move with unrelated changes). Everything else
//!    is kept byte for byte, whitespace included; a binary file keeps its
//!    `index` line;
//! 3. each normalised part is hashed with SHA-256, and `content` is the
//!    SHA-256 of the sorted lowercase hex digests, each followed by `\n`.
//!
//! Why not `git patch-id`: it adds one SHA-1 per file modulo 2^160, and a
//! sum of hashes falls to a generalised birthday search (Wagner): about a
//! thousand filler files make any diff match the patch id of another. Here
//! the per-file digests are never summed. The patch id is still computed and
//! kept in the request (`source.patch_id`) as a hint for people looking for
//! the change in `git log`; it never passes a gate. Requests written before
//! this binding (`content = "patch-id:<hex>"`) are never matched: the gate
//! calls them stale and asks for the range to be requested again.
//!
//! The diff is taken with the options pinned (no renames, `a/` and `b/`
//! prefixes, three lines of context, the default algorithm) so that the
//! requester's and the CI's git configuration cannot make the same change
//! bind differently. Nothing here writes to the repository.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

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
pub const PREFIX: &str = "diff-sha256:";

/// Prefix of the content value of range requests written before the
/// collision-resistant binding: refused by the gate (re-request the range).
pub const LEGACY_PREFIX: &str = "patch-id:";

/// Whether a range request's content is the old, forgeable patch-id binding.
#[must_use]
pub fn is_legacy(content: &str) -> bool {
    content.starts_with(LEGACY_PREFIX)
}

/// One file's part of a diff, as the binding sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffFile {
    /// The file's path (the new side's, or the old side's when removed).
    pub path: String,
    /// SHA-256 of the normalised part, lowercase hex.
    pub sha256: String,
    /// Bytes of the normalised part.
    pub size: u64,
}

/// A computed range: its binding, its files and the diff it was computed from.
#[derive(Debug, Clone)]
pub struct RangeDiff {
    /// `diff-sha256:<hex>`.
    pub content: String,
    /// `git patch-id --verbatim` of the diff (a lookup hint, never a binding).
    pub patch_id: String,
    /// Per-file digests, in the diff's order.
    pub files: Vec<DiffFile>,
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
            "--no-renames",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--unified=3",
            "--inter-hunk-context=0",
            "--diff-algorithm=myers",
            "--indent-heuristic",
            "--submodule=short",
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
        .ok_or(RangeError::NoPatchId)?
        .to_string();
    let (content, files) = bind(&diff);
    Ok(RangeDiff {
        content,
        patch_id: id,
        files,
        base,
        head,
        diff,
    })
}

/// The binding of a diff and its per-file digests (see the module comment).
#[must_use]
pub fn bind(diff: &[u8]) -> (String, Vec<DiffFile>) {
    let files = split(diff)
        .into_iter()
        .map(|part| {
            let normal = normalise(part);
            DiffFile {
                path: part_path(part),
                sha256: hex::encode(Sha256::digest(&normal)),
                size: normal.len() as u64,
            }
        })
        .collect::<Vec<_>>();
    (combine(&files), files)
}

/// `diff-sha256:` over the sorted per-file digests.
fn combine(files: &[DiffFile]) -> String {
    let mut digests: Vec<&str> = files.iter().map(|f| f.sha256.as_str()).collect();
    digests.sort_unstable();
    let mut h = Sha256::new();
    for d in digests {
        h.update(d.as_bytes());
        h.update(b"\n");
    }
    format!("{PREFIX}{}", hex::encode(h.finalize()))
}

/// The diff cut at each `diff --git` line (text before the first is dropped:
/// `git diff` prints none).
fn split(diff: &[u8]) -> Vec<&[u8]> {
    let mut starts: Vec<usize> = lines(diff)
        .filter(|(_, l)| l.starts_with(b"diff --git "))
        .map(|(at, _)| at)
        .collect();
    starts.push(diff.len());
    starts.windows(2).map(|w| &diff[w[0]..w[1]]).collect()
}

/// Each line with the offset it starts at (the newline kept).
fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i + 1);
        let line = (at, &bytes[at..end]);
        at = end;
        Some(line)
    })
}

/// One file's part without what a rebase changes: a text file's `index`
/// line and the hunk headers' line numbers and function hints.
fn normalise(part: &[u8]) -> Vec<u8> {
    let binary = lines(part)
        .any(|(_, l)| l.starts_with(b"GIT binary patch") || l.starts_with(b"Binary files "));
    let mut out = Vec::with_capacity(part.len());
    for (_, line) in lines(part) {
        if line.starts_with(b"index ") && !binary {
            continue;
        }
        if line.starts_with(b"@@ -") {
            out.extend_from_slice(b"@@\n");
            continue;
        }
        out.extend_from_slice(line);
    }
    out
}

/// The path a part is about, for people: `+++ b/PATH`, else `--- a/PATH`,
/// else the `diff --git` line's second name.
fn part_path(part: &[u8]) -> String {
    let text = |l: &[u8]| {
        String::from_utf8_lossy(l)
            .trim_end_matches('\n')
            .to_string()
    };
    let mut old = None;
    for (_, line) in lines(part) {
        if let Some(p) = line.strip_prefix(b"+++ b/") {
            return text(p);
        }
        if let Some(p) = line.strip_prefix(b"--- a/") {
            old = Some(text(p));
        }
        if line.starts_with(b"@@ ") || line.starts_with(b"GIT binary patch") {
            break;
        }
    }
    if let Some(p) = old {
        return p;
    }
    let first = lines(part).next().map(|(_, l)| text(l)).unwrap_or_default();
    first
        .rsplit_once(" b/")
        .map_or(first.clone(), |(_, p)| p.to_string())
}

/// The files whose parts differ between two diffs (by path and digest),
/// sorted by path.
#[must_use]
pub fn changes(from: &[DiffFile], to: &[DiffFile]) -> Vec<crate::content::FileChange> {
    let entries = |files: &[DiffFile]| -> Vec<crate::content::ManifestEntry> {
        files
            .iter()
            .map(|f| crate::content::ManifestEntry {
                path: f.path.clone(),
                blob: String::new(),
                sha256: f.sha256.clone(),
                size: f.size,
            })
            .collect()
    };
    crate::content::changes(&entries(from), &entries(to))
}

#[cfg(test)]
mod tests {
    use super::{bind, changes, parse};

    const ONE: &str = "diff --git a/src/a.rs b/src/a.rs\nindex 1111..2222 100644\n--- a/src/a.rs\n+++ b/src/a.rs\n@@ -3,2 +3,2 @@ fn a() {\n x\n-y\n+z\ndiff --git a/new.txt b/new.txt\nnew file mode 100644\nindex 0000..3333\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hello\n";

    #[test]
    fn a_rebase_keeps_the_binding() {
        // Other line numbers, other blob ids, another function hint.
        let moved = ONE
            .replace("index 1111..2222", "index 4444..5555")
            .replace("@@ -3,2 +3,2 @@ fn a() {", "@@ -30,2 +31,2 @@ fn other() {");
        let (a, files) = bind(ONE.as_bytes());
        let (b, _) = bind(moved.as_bytes());
        assert_eq!(a, b);
        assert!(a.starts_with("diff-sha256:"));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["src/a.rs", "new.txt"]);
        // The order of the files does not matter either.
        let (first, second) = ONE.split_at(ONE.find("diff --git a/new.txt").unwrap());
        assert_eq!(bind(format!("{second}{first}").as_bytes()).0, a);
    }

    #[test]
    fn any_other_byte_changes_the_binding_and_names_the_file() {
        let (a, old) = bind(ONE.as_bytes());
        for changed in [
            ONE.replace("+z\n", "+z \n"),
            ONE.replace("+hello", "+hullo"),
            ONE.replace(" x\n", " w\n"),
            ONE.replace(
                "@@ -0,0 +1 @@\n+hello\n",
                "@@ -0,0 +1 @@\n+hello\n@@ -0,0 +1 @@\n+hello\n",
            ),
        ] {
            let (b, new) = bind(changed.as_bytes());
            assert_ne!(a, b, "{changed}");
            assert_eq!(changes(&old, &new).len(), 1, "{changed}");
        }
        let (_, fewer) = bind(&ONE.as_bytes()[..ONE.find("diff --git a/new.txt").unwrap()]);
        let c = changes(&old, &fewer);
        assert_eq!((c[0].path.as_str(), c[0].kind), ("new.txt", "removed"));
    }

    #[test]
    fn patch_id_bindings_are_legacy() {
        assert!(super::is_legacy("patch-id:0123"));
        assert!(!super::is_legacy(&bind(ONE.as_bytes()).0));
    }

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
