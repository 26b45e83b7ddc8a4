//! Exchanging the store branch with a remote: fetch and push through the
//! system `git` (so the user's SSH keys and credential helpers work), and a
//! rebase of local-only store commits onto the remote's tip in-process (so
//! the branch stays linear, as "require linear history" wants).
//!
//! The rebase never overwrites: a path present on both sides with
//! different bytes is an integrity failure. The remote's branch is fetched
//! into a private tracking ref (`refs/signoff/remotes/<remote>/<branch>`), so
//! a later fetch can tell whether the remote's history was rewritten.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git2::{FileMode, ObjectType, Oid, Tree};

use super::{Result, Store, StoreError, StoreWarning};
use crate::claim::{Claim, Liveness};

/// The outcome of a push attempt that reached git.
#[derive(Debug, PartialEq, Eq)]
pub enum Push {
    Done,
    /// The remote moved on: fetch, merge and try again.
    NotFastForward,
    /// The remote could not lock its ref: another push is running, or a
    /// killed one left its lock file. Holds the lock file's path on the
    /// remote when git names it, else git's words.
    Locked(String),
    /// The remote received the push and refused it (a hook, a protected
    /// branch, a full disk on the server). Holds the remote's reason.
    Refused(String),
    /// The push did not complete (the connection failed or dropped).
    /// Holds git's message.
    Failed(String),
}

impl Store {
    pub(super) fn git(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("--git-dir").arg(self.git_dir());
        c.stdin(std::process::Stdio::null());
        c
    }

    /// The private ref the remote's store branch is fetched into. A remote
    /// given as a URL (or path) rather than a name is kept under a name
    /// made from its hash, as a URL cannot be part of a ref name.
    #[must_use]
    pub fn tracking_ref(&self, remote: &str) -> String {
        let plain = !remote.is_empty()
            && !remote.starts_with(['.', '-'])
            && !remote.contains("..")
            && !remote.ends_with(".lock")
            && remote
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if plain {
            return format!("refs/signoff/remotes/{remote}/{}", self.branch());
        }
        let hash = <sha2::Sha256 as sha2::Digest>::digest(remote.as_bytes());
        let short = hash[..8].iter().fold(String::new(), |mut s, b| {
            s.push_str(&format!("{b:02x}"));
            s
        });
        format!("refs/signoff/remotes/url-{short}/{}", self.branch())
    }

    /// The commit a ref points at, if it exists.
    pub fn ref_target(&self, name: &str) -> Result<Option<String>> {
        match self.repo.refname_to_id(name) {
            Ok(id) => Ok(Some(id.to_string())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Fetches the remote's store branch into the tracking ref and returns
    /// its tip (`None` when the remote has no store branch yet).
    ///
    /// A fetch killed while git held the tracking ref's lock leaves the lock
    /// file behind, and every later fetch would fail on it. The tracking ref
    /// is signoff's own, and every fetch into it runs under claims (this
    /// process and its `git`, see [`crate::claim`]): when the lock is in the
    /// way and every claim's process is provably gone (or, with nothing to
    /// check, the lock is older than a live fetch ever holds it), the lock is
    /// removed, a warning says so, and the fetch runs again. Any other lock
    /// is named in the error, never touched.
    pub fn fetch(&self, remote: &str) -> Result<Option<String>> {
        let tracking = self.tracking_ref(remote);
        let branch = self.branch();
        let ls = self
            .git()
            .args(["ls-remote", "--heads", "--", remote, branch])
            .output()
            .map_err(StoreError::CannotRunGit)?;
        if !ls.status.success() {
            return Err(remote_error(remote, &ls.stderr));
        }
        let want = format!("refs/heads/{branch}");
        let exists = String::from_utf8_lossy(&ls.stdout)
            .lines()
            .any(|l| l.split_whitespace().nth(1) == Some(want.as_str()));
        if !exists {
            return Ok(None);
        }
        let spec = format!("+refs/heads/{branch}:{tracking}");
        let mut out = self.claimed_fetch(remote, &spec)?;
        if !out.status.success() {
            if let Some(lock) = lock_named(&String::from_utf8_lossy(&out.stderr)) {
                let lock = PathBuf::from(lock);
                let ours = self.is_lock_of(&lock, &tracking);
                if !(ours && self.fetchers_gone(&lock) && std::fs::remove_file(&lock).is_ok()) {
                    return Err(StoreError::RefLocked { lock, ours });
                }
                self.warning(StoreWarning::StaleLockRemoved { lock });
                out = self.claimed_fetch(remote, &spec)?;
            }
        }
        if !out.status.success() {
            if let Some(lock) = lock_named(&String::from_utf8_lossy(&out.stderr)) {
                let lock = PathBuf::from(lock);
                let ours = self.is_lock_of(&lock, &tracking);
                return Err(StoreError::RefLocked { lock, ours });
            }
            return Err(remote_error(remote, &out.stderr));
        }
        self.ref_target(&tracking)
    }

    /// Where fetches into the tracking refs leave their claims while they run.
    fn fetch_claims(&self) -> PathBuf {
        self.common_dir().join("signoff").join("fetching")
    }

    /// Runs `git fetch` under claims: this process's, written before git
    /// starts, and git's own, written as soon as it has started. Both are
    /// removed when the fetch is over; a killed sync leaves them behind for
    /// the next one to judge. Claims are best effort: where they cannot be
    /// written, a lock left behind is only removed once it is old.
    fn claimed_fetch(&self, remote: &str, spec: &str) -> Result<std::process::Output> {
        let dir = self.fetch_claims();
        let _ = std::fs::create_dir_all(&dir);
        let write = |c: &Claim| {
            let file = dir.join(format!("{}.toml", c.pid));
            let text = toml::to_string(c).unwrap_or_default();
            std::fs::write(&file, text).ok().map(|()| file)
        };
        let mut written: Vec<PathBuf> = write(&Claim::mine()).into_iter().collect();
        let child = self
            .git()
            .args(["fetch", "--quiet", "--no-tags", "--", remote, spec])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let out = child.and_then(|child| {
            written.extend(write(&Claim::of(child.id())));
            child.wait_with_output()
        });
        for f in written {
            let _ = std::fs::remove_file(f);
        }
        out.map_err(StoreError::CannotRunGit)
    }

    /// Whether `lock` is the lock file of the ref `refname` of this
    /// repository.
    fn is_lock_of(&self, lock: &Path, refname: &str) -> bool {
        let mine = self.common_dir().join(format!("{refname}.lock"));
        match (std::fs::canonicalize(lock), std::fs::canonicalize(&mine)) {
            (Ok(a), Ok(b)) => a == b,
            _ => lock == mine,
        }
    }

    /// Whether every fetch that might hold a tracking ref's lock is provably
    /// gone: each claim's process is dead (those claims are removed). With
    /// no claim that can be checked, the lock's age decides.
    fn fetchers_gone(&self, lock: &Path) -> bool {
        let mine = std::process::id();
        let mut checked = false;
        for entry in std::fs::read_dir(self.fetch_claims())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            let claim: Option<Claim> = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| toml::from_str(&t).ok());
            let Some(claim) = claim else { continue };
            if claim.pid == mine {
                continue;
            }
            match claim.liveness() {
                Liveness::Alive => return false,
                Liveness::Dead => {
                    let _ = std::fs::remove_file(&path);
                    checked = true;
                }
                Liveness::Unknown => {}
            }
        }
        checked || lock_age(lock).is_some_and(|age| age > Store::STALE_LOCK)
    }

    /// Points the tracking ref back at `commit` (used to undo a fetch whose
    /// content was refused, so the next sync checks it again).
    pub fn reset_tracking(&self, remote: &str, commit: Option<&str>) -> Result<()> {
        let name = self.tracking_ref(remote);
        match commit {
            Some(c) => {
                self.repo.reference(
                    &name,
                    Oid::from_str(c)?,
                    true,
                    "signoff: restore tracking ref",
                )?;
            }
            None => {
                if let Ok(mut r) = self.repo.find_reference(&name) {
                    r.delete()?;
                }
            }
        }
        Ok(())
    }

    /// Pushes the local store branch to the remote without forcing.
    pub fn push(&self, remote: &str) -> Result<Push> {
        self.push_commit(remote, &format!("refs/heads/{}", self.branch()))
    }

    /// Writes one commit with `write`'s files on top of `parent` and
    /// returns its id, moving no branch (the commit is pushed elsewhere
    /// first: see [`Store::push_commit`]).
    pub fn commit_on(&self, parent: &str, write: &super::Write) -> Result<String> {
        Ok(self.build_commit(Some(parent), write)?.to_string())
    }

    /// Pushes `commit` (any revision git names, a descendant of the
    /// remote's tip as last fetched) to the remote's store branch without
    /// forcing, leaving the local branch alone: a compare-and-swap on the
    /// remote, which refuses it (`NotFastForward`) when anyone else pushed
    /// first.
    pub fn push_commit(&self, remote: &str, commit: &str) -> Result<Push> {
        let branch = self.branch();
        let out = self
            .git()
            .args(["push", "--quiet", "--porcelain", "--", remote])
            .arg(format!("{commit}:refs/heads/{branch}"))
            .output()
            .map_err(StoreError::CannotRunGit)?;
        if out.status.success() {
            return Ok(Push::Done);
        }
        Ok(classify_push(
            &String::from_utf8_lossy(&out.stdout),
            &String::from_utf8_lossy(&out.stderr),
        ))
    }

    /// How many record files (`*.toml`) `new` holds that `old` does not
    /// (all of `new`'s when there is no `old`).
    pub fn records_added(&self, old: Option<&str>, new: &str) -> Result<usize> {
        let a = old.map(|o| self.tree_of(o)).transpose()?;
        let b = self.tree_of(new)?;
        let diff = self.repo.diff_tree_to_tree(a.as_ref(), Some(&b), None)?;
        Ok(diff
            .deltas()
            .filter(|d| d.status() == git2::Delta::Added)
            .filter(|d| {
                d.new_file()
                    .path()
                    .and_then(|p| p.to_str())
                    .is_some_and(|p| p.ends_with(".toml") && p != "signoff.toml")
            })
            .count())
    }

    pub(super) fn union_tree(&self, a: &Tree<'_>, b: &Tree<'_>, prefix: &str) -> Result<Oid> {
        let mut builder = self.repo.treebuilder(Some(a))?;
        for eb in b {
            let name = eb.name().map_err(|_| StoreError::NonUtf8Path)?;
            let path = format!("{prefix}{name}");
            match a.get_name(name) {
                None => {
                    builder.insert(name, eb.id(), eb.filemode())?;
                }
                Some(ea) if ea.id() == eb.id() && ea.filemode_raw() == eb.filemode_raw() => {}
                Some(ea) => {
                    if ea.kind() == Some(ObjectType::Tree) && eb.kind() == Some(ObjectType::Tree) {
                        let ta = self.repo.find_tree(ea.id())?;
                        let tb = self.repo.find_tree(eb.id())?;
                        let merged = self.union_tree(&ta, &tb, &format!("{path}/"))?;
                        builder.insert(name, merged, FileMode::Tree.into())?;
                    } else {
                        return Err(StoreError::Diverged { path });
                    }
                }
            }
        }
        Ok(builder.write()?)
    }

    /// Moves the store branch from `expected` to `new` (compare-and-swap).
    /// Returns false when another writer moved it first.
    pub fn advance(&self, expected: Option<&str>, new: &str) -> Result<bool> {
        let refname = format!("refs/heads/{}", self.branch());
        let new = Oid::from_str(new)?;
        let r = match expected {
            Some(old) => self.repo.reference_matching(
                &refname,
                new,
                true,
                Oid::from_str(old)?,
                "signoff: sync",
            ),
            None => self.repo.reference(&refname, new, false, "signoff: sync"),
        };
        match r {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::Modified | git2::ErrorCode::Exists | git2::ErrorCode::Locked
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn remote_error(remote: &str, stderr: &[u8]) -> StoreError {
    // git ends with generic advice ("...and the repository exists."); its
    // first "fatal:" line is the one that says what went wrong.
    let text = String::from_utf8_lossy(stderr);
    let detail = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("fatal:"))
        .or_else(|| text.lines().rfind(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .trim()
        .to_string();
    StoreError::Unreachable {
        remote: remote.to_string(),
        detail,
    }
}

/// The lock file git names in a "cannot lock ref … Unable to create
/// '….lock': File exists." message.
fn lock_named(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| l.contains("Unable to create") || l.contains("cannot lock ref"))
        .find_map(|l| l.split('\'').find(|part| part.ends_with(".lock")))
        .map(|p| p.replace("/./", "/"))
}

/// How long ago a file was last written.
fn lock_age(lock: &Path) -> Option<std::time::Duration> {
    std::fs::metadata(lock)
        .ok()?
        .modified()
        .ok()?
        .elapsed()
        .ok()
}

/// Reads what `git push --porcelain` said about a push that failed.
fn classify_push(stdout: &str, stderr: &str) -> Push {
    let text = format!("{stdout}{stderr}");
    if text.contains("[rejected]")
        || text.contains("non-fast-forward")
        || text.contains("fetch first")
    {
        return Push::NotFastForward;
    }
    // "cannot lock ref 'refs/heads/x': Unable to create '/srv/r.git/refs/heads/x.lock': File exists."
    let locked = text.lines().find(|l| {
        l.contains("cannot lock ref")
            || l.contains("Unable to create")
            || l.contains("unable to lock")
            || l.contains("failed to lock")
    });
    if let Some(line) = locked {
        let path = line
            .split('\'')
            .find(|part| part.ends_with(".lock"))
            .map(|p| p.replace("/./", "/"));
        return Push::Locked(path.unwrap_or_else(|| clean(line)));
    }
    // "!\trefs/heads/x:refs/heads/x\t[remote rejected] (pre-receive hook declined)"
    if let Some(line) = stdout.lines().find(|l| l.contains("[remote rejected]")) {
        let reason = line
            .split_once("[remote rejected]")
            .map_or("", |(_, r)| r)
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_string();
        let said: Vec<String> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("remote:"))
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect();
        let mut detail = reason;
        if !said.is_empty() {
            detail = format!("{detail} (the remote said: {})", said.join(" "));
        }
        return Push::Refused(detail);
    }
    let detail = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("fatal:"))
        .or_else(|| stderr.lines().rfind(|l| !l.trim().is_empty()))
        .map_or_else(String::new, clean);
    Push::Failed(detail)
}

/// One line of git's or the remote's text, trimmed and made printable.
fn clean(line: &str) -> String {
    crate::text::header(line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_failures_are_told_apart() {
        let locked = "remote: error: cannot lock ref 'refs/heads/signoff': Unable to create '/srv/r.git/./refs/heads/signoff.lock': File exists.\nerror: failed to push some refs";
        assert_eq!(
            classify_push(
                "!\tHEAD:refs/heads/signoff\t[remote rejected] (failed to update ref)\n",
                locked
            ),
            Push::Locked("/srv/r.git/refs/heads/signoff.lock".into())
        );
        let hook = classify_push(
            "!\tHEAD:refs/heads/signoff\t[remote rejected] (pre-receive hook declined)\n",
            "remote: nope\nerror: failed to push some refs",
        );
        assert_eq!(
            hook,
            Push::Refused("pre-receive hook declined (the remote said: nope)".into())
        );
        assert_eq!(
            classify_push(
                "",
                "remote: error: Unable to create '/srv/r.git/packed-refs.lock': File exists."
            ),
            Push::Locked("/srv/r.git/packed-refs.lock".into())
        );
        assert_eq!(
            classify_push("!\tx\t[rejected] (fetch first)\n", ""),
            Push::NotFastForward
        );
        assert!(matches!(
            classify_push("", "fatal: the remote end hung up unexpectedly\n"),
            Push::Failed(d) if d == "the remote end hung up unexpectedly"
        ));
    }
}
