//! Reading the deliverable's files: from the working tree, from a commit, or
//! from outside the repository. Owns the one enumeration of what a
//! deliverable's paths hold (used by `request` and the gate alike). Files are
//! streamed and hashed with SHA-256 in one pass — into the object database
//! when a request snapshots them, without writing anything when the gate
//! only compares — so a large file is never held in memory whole.

use std::io::{Read, Write as _};
use std::path::{Component, Path, PathBuf};

use git2::{ObjectType, Oid};
use sha2::{Digest, Sha256};

use super::{Result, SourceError, Store};

/// A file of a deliverable, stored as a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path inside the deliverable, `/`-separated, relative.
    pub path: String,
    pub blob: String,
    pub sha256: String,
    pub size: u64,
}

/// A blob's id, SHA-256 and size.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub blob: String,
    pub sha256: String,
    pub size: u64,
}

/// What to do with a working-tree file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Stream them into the object database (a request snapshots them).
    Store,
    /// Only hash them (the gate and `status` compare): nothing is written,
    /// so this works on a read-only repository. The blob id is left empty.
    HashOnly,
}

impl Store {
    /// Streams a file from disk into a blob. Symlinks and special files are
    /// refused.
    pub fn store_file(&self, path: &Path) -> Result<StoredBlob, SourceError> {
        self.read_file(path, &path.display().to_string(), Reading::Store)
    }

    /// Reads a regular file once, hashing it with SHA-256 and, with
    /// [`Reading::Store`], streaming it into a blob in the same pass.
    /// `shown` names the file in errors.
    fn read_file(&self, path: &Path, shown: &str, how: Reading) -> Result<StoredBlob, SourceError> {
        let meta = std::fs::symlink_metadata(path).map_err(|source| SourceError::Unreadable {
            shown: shown.to_string(),
            source,
        })?;
        if meta.file_type().is_symlink() {
            return Err(symlink_error(shown));
        }
        if !meta.is_file() {
            return Err(special_error(shown));
        }
        let mut file = std::fs::File::open(path).map_err(|source| SourceError::CannotOpen {
            shown: shown.to_string(),
            source,
        })?;
        // The name may have been replaced since it was looked at: check what
        // was actually opened.
        if !file.metadata()?.is_file() {
            return Err(special_error(shown));
        }
        let mut writer = match how {
            Reading::Store => Some(self.repo.blob_writer(None)?),
            Reading::HashOnly => None,
        };
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut size = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            if let Some(w) = writer.as_mut() {
                if let Err(e) = w.write_all(&buf[..n]) {
                    // Judged while the half-written temporary file still
                    // takes its room.
                    return Err(self.stream_failed(e.into(), shown).into());
                }
            }
            size += n as u64;
        }
        let blob = match writer {
            Some(w) => w
                .commit()
                .map_err(|e| self.stream_failed(e.into(), shown))?
                .to_string(),
            None => String::new(),
        };
        Ok(StoredBlob {
            blob,
            sha256: hex::encode(hasher.finalize()),
            size,
        })
    }

    /// Writes bytes held in memory as a blob.
    pub fn store_bytes(&self, bytes: &[u8]) -> Result<StoredBlob> {
        let oid = self.repo.blob(bytes)?;
        Ok(StoredBlob {
            blob: oid.to_string(),
            sha256: hex::encode(Sha256::digest(bytes)),
            size: bytes.len() as u64,
        })
    }

    /// Turns a user-typed path (relative to the current directory) into a
    /// repository-relative `/`-separated path, refusing anything outside.
    pub fn repo_relative(&self, user_path: &Path) -> Result<String, SourceError> {
        let workdir = self.workdir().ok_or(SourceError::NoWorkTree)?;
        let workdir = workdir.canonicalize()?;
        let cwd = std::env::current_dir()?.canonicalize()?;
        let joined = if user_path.is_absolute() {
            user_path.to_path_buf()
        } else {
            cwd.join(user_path)
        };
        let normal = normalize(&joined);
        let rel = normal
            .strip_prefix(&workdir)
            .map_err(|_| SourceError::OutsideRepository {
                path: user_path.to_path_buf(),
                workdir: workdir.clone(),
            })?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(parts.join("/"))
    }

    /// Files under `paths` (repository-relative) in the working tree, read
    /// as `how` says. See [`Store::worktree_entries`] for what counts.
    pub fn files_from_worktree(
        &self,
        paths: &[String],
        how: Reading,
    ) -> Result<Vec<SourceFile>, SourceError> {
        let mut out = Vec::new();
        for (rel, abs) in self.worktree_entries(paths)? {
            let b = self.read_file(&abs, &rel, how)?;
            out.push(SourceFile {
                path: rel,
                blob: b.blob,
                sha256: b.sha256,
                size: b.size,
            });
        }
        Ok(out)
    }

    /// Every file under `paths` in the working tree — tracked, untracked and
    /// ignored alike, because what ships is what is on disk — as
    /// (repository-relative path, path on disk), sorted by path. `request`
    /// and the gate both enumerate through here, so they cannot disagree
    /// about what counts. Empty folders hold no bytes and are passed over;
    /// the repository's own top-level `.git` is not part of any deliverable.
    /// Anything whose bytes cannot be taken as plain files fails closed,
    /// named: a symlink, a nested repository or submodule (a `.git` inside),
    /// a device, pipe or socket, a name that is not UTF-8, or one git
    /// reserves.
    fn worktree_entries(&self, paths: &[String]) -> Result<Vec<(String, PathBuf)>, SourceError> {
        let workdir = self
            .workdir()
            .ok_or(SourceError::NoWorkTreeToRead)?
            .to_path_buf();
        let mut out = Vec::new();
        for rel in paths {
            let abs = if rel.is_empty() {
                workdir.clone()
            } else {
                check_entry_name(rel)?;
                workdir.join(rel)
            };
            let meta = std::fs::symlink_metadata(&abs)
                .map_err(|_| SourceError::PathMissing { path: rel.clone() })?;
            if meta.is_dir() {
                walk_dir(&workdir, &abs, &mut out)?;
            } else if meta.file_type().is_symlink() {
                return Err(symlink_error(rel));
            } else if meta.is_file() {
                out.push((rel.clone(), abs));
            } else {
                return Err(special_error(rel));
            }
        }
        out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        Ok(out)
    }

    /// Resolves a revision to a commit id.
    pub fn resolve_commit(&self, rev: &str) -> Result<String, SourceError> {
        let obj = self
            .repo
            .revparse_single(rev)
            .map_err(|_| SourceError::RevisionNotFound {
                rev: rev.to_string(),
            })?;
        let commit = obj.peel_to_commit().map_err(|_| SourceError::NotACommit {
            rev: rev.to_string(),
        })?;
        Ok(commit.id().to_string())
    }

    /// Files under `paths` (repository-relative; "" for all) at `commit`.
    /// Every tree entry counts; one that is not a regular file (a symlink, a
    /// submodule) or whose name git reserves fails closed, named. Nothing is
    /// written.
    pub fn files_at_commit(
        &self,
        commit: &str,
        paths: &[String],
    ) -> Result<Vec<SourceFile>, SourceError> {
        let tree = self.tree_of(commit)?;
        let mut found: Vec<(String, Oid, i32, Option<ObjectType>)> = Vec::new();
        for rel in paths {
            if rel.is_empty() {
                collect_tree(&tree, "", &mut found)?;
                continue;
            }
            let entry = tree
                .get_path(Path::new(rel))
                .map_err(|_| SourceError::PathMissingAt {
                    path: rel.clone(),
                    commit: commit[..12].to_string(),
                })?;
            if entry.kind() == Some(ObjectType::Tree) {
                check_entry_name(rel)?;
                collect_tree(
                    &self.repo.find_tree(entry.id())?,
                    &format!("{rel}/"),
                    &mut found,
                )?;
            } else {
                found.push((rel.clone(), entry.id(), entry.filemode(), entry.kind()));
            }
        }
        let mut out = Vec::new();
        for (path, id, mode, kind) in found {
            check_entry_name(&path)?;
            if mode == i32::from(git2::FileMode::Link) {
                return Err(symlink_error(&path));
            }
            if kind == Some(ObjectType::Commit) || mode == i32::from(git2::FileMode::Commit) {
                return Err(nested_repo_error(&path));
            }
            if kind != Some(ObjectType::Blob) {
                return Err(special_error(&path));
            }
            let d = self.blob_digest(&id.to_string())?;
            out.push(SourceFile {
                path,
                blob: d.blob,
                sha256: d.sha256,
                size: d.size,
            });
        }
        out.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        Ok(out)
    }
}

/// Every non-tree entry under `tree` as (path, id, mode, kind), `prefix`
/// prepended. Folder names are checked on the way down.
fn collect_tree(
    tree: &git2::Tree<'_>,
    prefix: &str,
    found: &mut Vec<(String, Oid, i32, Option<ObjectType>)>,
) -> Result<(), SourceError> {
    let mut bad = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
        let path = format!("{prefix}{dir}{}", String::from_utf8_lossy(e.name_bytes()));
        if e.kind() == Some(ObjectType::Tree) {
            if let Err(err) = check_entry_name(&path) {
                bad = Some(err);
                return git2::TreeWalkResult::Abort;
            }
            return git2::TreeWalkResult::Ok;
        }
        if e.name().is_err() {
            bad = Some(name_error(&path, "its name is not UTF-8"));
            return git2::TreeWalkResult::Abort;
        }
        found.push((path, e.id(), e.filemode(), e.kind()));
        git2::TreeWalkResult::Ok
    })
    .or_else(|e| if bad.is_some() { Ok(()) } else { Err(e) })?;
    match bad {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Recursively lists the files under `dir` (see [`Store::worktree_entries`]).
fn walk_dir(
    workdir: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), SourceError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        if dir == workdir && entry.file_name() == ".git" {
            // The repository's own administrative folder (or file, in a
            // linked worktree).
            continue;
        }
        let rel = path
            .strip_prefix(workdir)
            .expect("walked paths stay under the working directory");
        let rel_str = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(name_error(&rel_str, "its name is not UTF-8"));
        };
        let ft = entry.file_type()?;
        if crate::content::is_dot_git(&name) {
            return Err(nested_repo_error(&rel_str));
        }
        check_entry_name(&rel_str)?;
        if ft.is_symlink() {
            return Err(symlink_error(&rel_str));
        } else if ft.is_dir() {
            walk_dir(workdir, &path, out)?;
        } else if ft.is_file() {
            out.push((rel_str, path));
        } else {
            return Err(special_error(&rel_str));
        }
    }
    Ok(())
}

/// A deliverable path must be one a snapshot can hold.
fn check_entry_name(path: &str) -> Result<(), SourceError> {
    crate::record::check_snapshot_path(path).map_err(SourceError::Unsnapshottable)
}

fn name_error(path: &str, why: &'static str) -> SourceError {
    SourceError::BadName {
        path: path.to_string(),
        why,
    }
}

fn nested_repo_error(path: &str) -> SourceError {
    SourceError::NestedRepository {
        path: path.to_string(),
    }
}

fn special_error(path: &str) -> SourceError {
    SourceError::Special {
        path: path.to_string(),
    }
}

fn symlink_error(path: &str) -> SourceError {
    SourceError::Symlink {
        path: path.to_string(),
    }
}

/// Lexical normalisation: removes `.` and resolves `..` without touching disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
