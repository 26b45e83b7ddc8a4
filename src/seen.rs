//! What this clone has seen of each store's policy, kept outside the branch.
//!
//! Under `.git/signoff/trust/<store id>` we remember the hash of policy
//! version 1 and the highest policy version verified so far. A branch whose
//! newest effective version is lower is a rollback (someone serving an old
//! copy of the branch to undo a key removal) and is refused. Without a pinned
//! trust root, the remembered version 1 hash makes trust-on-first-use stick:
//! a branch with a different version 1 is refused too.
//!
//! Under `.git/signoff/verified/<branch>` we remember, per store branch, the
//! store id and the tip that `verify` (or `sync`) last found clean. A branch
//! that now holds another store, or whose history no longer contains that tip
//! (rewritten in this clone, e.g. with `git filter-branch`), is refused: a
//! descendant of the last verified tip contains every earlier one, so one tip
//! is all there is to keep.
//!
//! Under `.git/signoff/tofu-warned/` we note that this clone was told once
//! that its trust root is not pinned, so the warning is not repeated on
//! every read.
//!
//! The memory only ratchets forward and is written only after a chain has
//! verified; failing to write it is not an error (it is a cache of
//! knowledge, never needed to answer correctly on an honest branch).

use std::path::{Path, PathBuf};

use crate::content::sha256_tagged;
use crate::policy::{Chain, PolicyError};
use crate::store::Store;

/// Why a store branch is refused: it no longer holds what this clone
/// verified on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeenError {
    /// The branch holds another store than the one verified on it.
    #[error(
        "branch '{branch}' holds store {store_id}, but this clone verified store {seen_store_id} on it before"
    )]
    OtherStore {
        branch: String,
        store_id: String,
        seen_store_id: String,
    },
    /// The branch's history lost the tip verified last (`tip` is shortened).
    #[error(
        "branch '{branch}' no longer contains commit {tip}, which this clone verified before: its history was rewritten"
    )]
    Rewritten { branch: String, tip: String },
}

/// What we remember for one store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub root: String,
    pub version: u32,
}

fn file(git_dir: &Path, store_id: &str) -> PathBuf {
    // The store id comes from the branch: only use it as a file name when it
    // is a plain UUID, otherwise its hash.
    let name = if uuid::Uuid::parse_str(store_id).is_ok() && store_id.len() == 36 {
        store_id.to_ascii_lowercase()
    } else {
        sha256_tagged(store_id.as_bytes()).replace(':', "-")
    };
    git_dir.join("signoff").join("trust").join(name)
}

/// Reads the memory for a store, if any.
#[must_use]
pub fn read(git_dir: &Path, store_id: &str) -> Option<Seen> {
    let text = std::fs::read_to_string(file(git_dir, store_id)).ok()?;
    let mut root = None;
    let mut version = None;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("root = ") {
            root = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("version = ") {
            version = v.trim().parse().ok();
        }
    }
    Some(Seen {
        root: root?,
        version: version?,
    })
}

/// Checks a verified chain against what was seen before, then remembers it.
/// `pinned` is true when the caller gave a trust root (which then decides
/// version 1 on its own).
pub fn check_and_remember(
    git_dir: &Path,
    store_id: &str,
    chain: &Chain,
    pinned: bool,
) -> Result<(), PolicyError> {
    let found = chain.current().version;
    let before = read(git_dir, store_id);
    if let Some(seen) = &before {
        if !pinned && seen.root != chain.root_hash {
            return Err(PolicyError::Untrusted {
                pin: format!("{} (trusted on first use)", seen.root),
            });
        }
        if seen.root == chain.root_hash && found < seen.version {
            return Err(PolicyError::Rollback {
                found,
                seen: seen.version,
            });
        }
    }
    let next = Seen {
        root: chain.root_hash.clone(),
        version: before
            .as_ref()
            .filter(|s| s.root == chain.root_hash)
            .map_or(found, |s| s.version.max(found)),
    };
    if before.as_ref() != Some(&next) {
        let path = file(git_dir, store_id);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let text = format!("root = {}\nversion = {}\n", next.root, next.version);
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
    Ok(())
}

/// What this clone last verified on one store branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub store_id: String,
    pub tip: String,
}

fn branch_file(git_dir: &Path, branch: &str) -> PathBuf {
    let plain = !branch.is_empty()
        && !branch.starts_with('.')
        && branch
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let name = if plain {
        branch.to_string()
    } else {
        sha256_tagged(branch.as_bytes()).replace(':', "-")
    };
    git_dir.join("signoff").join("verified").join(name)
}

/// The last verified tip of `branch`, if this clone verified it before.
#[must_use]
pub fn read_verified(git_dir: &Path, branch: &str) -> Option<Verified> {
    let text = std::fs::read_to_string(branch_file(git_dir, branch)).ok()?;
    let mut store_id = None;
    let mut tip = None;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("store = ") {
            store_id = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("tip = ") {
            tip = Some(v.trim().to_string());
        }
    }
    Some(Verified {
        store_id: store_id?,
        tip: tip?,
    })
}

/// Refuses a store branch that holds another store than the one this clone
/// verified on it, or whose history no longer contains the tip verified last.
pub fn check_branch(store: &Store, store_id: &str, tip: &str) -> Result<(), SeenError> {
    let Some(seen) = read_verified(store.common_dir(), store.branch()) else {
        return Ok(());
    };
    let branch = store.branch();
    if seen.store_id != store_id {
        return Err(SeenError::OtherStore {
            branch: branch.to_string(),
            store_id: store_id.to_string(),
            seen_store_id: seen.store_id,
        });
    }
    if !store.is_ancestor(&seen.tip, tip).unwrap_or(false) {
        return Err(SeenError::Rewritten {
            branch: branch.to_string(),
            tip: short(&seen.tip).to_string(),
        });
    }
    Ok(())
}

/// Remembers `tip` as verified on the store branch. It moves the memory
/// only forward (to a descendant of the tip remembered before), unless
/// `replace` (a store just created with `init`).
pub fn remember_branch(store: &Store, store_id: &str, tip: &str, replace: bool) {
    let git_dir = store.common_dir();
    let before = read_verified(git_dir, store.branch());
    if let Some(seen) = &before {
        let forward = seen.store_id == store_id
            && seen.tip != tip
            && store.is_ancestor(&seen.tip, tip).unwrap_or(false);
        if !replace && !forward {
            return;
        }
    }
    let path = branch_file(git_dir, store.branch());
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, format!("store = {store_id}\ntip = {tip}\n")).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}

/// Who checked a tip in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// `verify`: every record, the history, decision times against commits.
    Audited,
    /// `sync`: every record and the history of what it took in.
    Synced,
}

impl Checked {
    fn suffix(self) -> &'static str {
        match self {
            Checked::Audited => ".audited",
            Checked::Synced => ".synced",
        }
    }
}

/// The tip `verify` last checked in full on this clone's store branch
/// (`verify --since-last` checks only what came after it).
#[must_use]
pub fn read_audited(git_dir: &Path, branch: &str) -> Option<Verified> {
    read_checked(git_dir, branch, Checked::Audited)
}

/// The tip last checked in full by `by` on this clone's store branch.
#[must_use]
pub fn read_checked(git_dir: &Path, branch: &str, by: Checked) -> Option<Verified> {
    let mut path = branch_file(git_dir, branch).into_os_string();
    path.push(by.suffix());
    let text = std::fs::read_to_string(PathBuf::from(path)).ok()?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    Some(Verified {
        store_id: field("store = ")?,
        tip: field("tip = ")?,
    })
}

/// Remembers `tip` as checked in full by `verify` (no problem found).
/// Failing to write is not an error: the next `--since-last` checks all.
pub fn remember_audited(store: &Store, store_id: &str, tip: &str) {
    remember_checked(store, store_id, tip, Checked::Audited);
}

/// Remembers `tip` as checked in full by `by` (no problem found).
pub fn remember_checked(store: &Store, store_id: &str, tip: &str, by: Checked) {
    let mut path = branch_file(store.common_dir(), store.branch()).into_os_string();
    path.push(by.suffix());
    let path = PathBuf::from(path);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, format!("store = {store_id}\ntip = {tip}\n")).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Whether this clone (its git directory) has yet to be told that the trust
/// root `root` is not pinned; notes that it now has. Without a git
/// directory, or when the note cannot be written, it says yes: a warning
/// too many is better than one too few.
#[must_use]
pub fn first_tofu_warning(git_dir: Option<&Path>, root: &str) -> bool {
    let Some(dir) = git_dir else {
        return true;
    };
    let hex: String = root
        .trim_start_matches("sha256:")
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .collect();
    let dir = dir.join("signoff").join("tofu-warned");
    let mark = dir.join(&hex);
    if mark.exists() {
        return false;
    }
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&mark, root));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Admins, Chain, Policy};

    fn chain(root: &str, version: u32) -> Chain {
        let p = Policy {
            schema: crate::record::SCHEMA_POLICY.into(),
            store_id: "s".into(),
            version,
            previous: None,
            admins: Admins {
                group: "admins".into(),
                threshold: 1,
            },
            people: Vec::new(),
            groups: std::collections::BTreeMap::new(),
            rules: Vec::new(),
            attesters: Vec::new(),
        };
        Chain {
            effective: vec![p],
            paths: vec!["policy/000001.toml".into()],
            hashes: vec![root.into()],
            proposed: Vec::new(),
            stale: Vec::new(),
            competing: Vec::new(),
            problems: Vec::new(),
            tofu: true,
            root_hash: root.into(),
        }
    }

    #[test]
    fn ratchets_forward_and_refuses_rollback_and_a_new_root() {
        let dir = tempfile::tempdir().unwrap();
        let id = "0190a1b2-0000-7000-8000-000000000000";
        check_and_remember(dir.path(), id, &chain("sha256:a", 3), false).unwrap();
        check_and_remember(dir.path(), id, &chain("sha256:a", 5), false).unwrap();
        assert_eq!(
            check_and_remember(dir.path(), id, &chain("sha256:a", 4), false),
            Err(PolicyError::Rollback { found: 4, seen: 5 })
        );
        assert!(matches!(
            check_and_remember(dir.path(), id, &chain("sha256:b", 9), false),
            Err(PolicyError::Untrusted { .. })
        ));
        // A pinned root decides version 1 on its own, and starts a new memory.
        check_and_remember(dir.path(), id, &chain("sha256:b", 1), true).unwrap();
        assert_eq!(
            read(dir.path(), id),
            Some(Seen {
                root: "sha256:b".into(),
                version: 1
            })
        );
        // A store id that is not a UUID cannot escape the folder.
        check_and_remember(dir.path(), "../../evil", &chain("sha256:a", 1), false).unwrap();
        assert!(!dir.path().join("evil").exists());
        assert!(read(dir.path(), "../../evil").is_some());
    }
}
