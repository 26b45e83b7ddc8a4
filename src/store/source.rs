//! Reading the deliverable's files into blobs: from the working tree, from a
//! commit, or from outside the repository. Files are streamed into the object
//! database and hashed with SHA-256 in the same pass, so a large file is never
//! held in memory whole.

use std::io::{Read, Write as _};
use std::path::{Component, Path, PathBuf};

use git2::{ObjectType, Oid};
use sha2::{Digest, Sha256};

use super::Store;
use crate::error::{CliError, Result};

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

impl Store {
    /// Streams a file from disk into a blob. Symlinks are refused.
    pub fn store_file(&self, path: &Path) -> Result<StoredBlob> {
        let meta = std::fs::symlink_metadata(path).map_err(|e| {
            CliError::not_found(format!("cannot read {}: {e}", path.display()))
                .hint("check the path; it must exist and be readable")
        })?;
        if meta.file_type().is_symlink() {
            return Err(CliError::refused(format!(
                "{} is a symbolic link; deliverables may not contain symlinks",
                path.display()
            ))
            .hint("pass the file it points to instead"));
        }
        let mut file = std::fs::File::open(path)
            .map_err(|e| CliError::not_found(format!("cannot read {}: {e}", path.display())))?;
        let mut writer = self.repo.blob_writer(None)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut size = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            writer.write_all(&buf[..n])?;
            size += n as u64;
        }
        let oid = writer.commit()?;
        Ok(StoredBlob {
            blob: oid.to_string(),
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

    /// SHA-256 and size of a blob already in the object database, streamed
    /// where the object database can stream it.
    pub fn blob_digest(&self, id: &str) -> Result<StoredBlob> {
        let mut hasher = Sha256::new();
        let size = self.each_blob_chunk(id, |chunk| hasher.update(chunk))?;
        Ok(StoredBlob {
            blob: id.to_string(),
            sha256: hex::encode(hasher.finalize()),
            size,
        })
    }

    /// Calls `f` with the bytes of a blob, chunk by chunk, and returns its
    /// size. Loose objects and whole packed objects are streamed; libgit2
    /// cannot stream a delta-compressed packed object (as found in any clone
    /// or after `git gc`), so those are read whole — git keeps large files
    /// out of delta chains, so that costs little memory in practice.
    fn each_blob_chunk(&self, id: &str, mut f: impl FnMut(&[u8])) -> Result<u64> {
        let oid = Oid::from_str(id)?;
        let odb = self.repo.odb()?;
        if let Ok((mut reader, size, kind)) = odb.reader(oid) {
            if kind != ObjectType::Blob {
                return Err(CliError::integrity(format!("object {id} is not a blob")));
            }
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = reader.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                f(&buf[..n]);
            }
            return Ok(size as u64);
        }
        let blob = self.repo.find_blob(oid).map_err(|e| {
            CliError::integrity(format!("cannot read blob {id}: {}", e.message()))
                .hint("the object database is missing objects; run 'git fsck'")
        })?;
        f(blob.content());
        Ok(blob.size() as u64)
    }

    /// Streams a blob into `out` without holding it in memory (snapshots
    /// can be far larger than RAM allows).
    pub fn copy_blob(&self, id: &str, out: &mut impl std::io::Write) -> Result<u64> {
        let mut failed = None;
        let size = self.each_blob_chunk(id, |chunk| {
            if failed.is_none() {
                if let Err(e) = out.write_all(chunk) {
                    failed = Some(e);
                }
            }
        })?;
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(size),
        }
    }

    /// Turns a user-typed path (relative to the current directory) into a
    /// repository-relative `/`-separated path, refusing anything outside.
    pub fn repo_relative(&self, user_path: &Path) -> Result<String> {
        let workdir = self.workdir().ok_or_else(|| {
            CliError::env("this repository has no working tree").hint("use --file for files")
        })?;
        let workdir = workdir.canonicalize()?;
        let cwd = std::env::current_dir()?.canonicalize()?;
        let joined = if user_path.is_absolute() {
            user_path.to_path_buf()
        } else {
            cwd.join(user_path)
        };
        let normal = normalize(&joined);
        let rel = normal.strip_prefix(&workdir).map_err(|_| {
            CliError::usage(format!(
                "{} is outside the repository at {}",
                user_path.display(),
                workdir.display()
            ))
            .hint("use --file for files that live outside the repository")
        })?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(parts.join("/"))
    }

    /// Files under `paths` (repository-relative) in the working tree,
    /// skipping ignored files and `.git`.
    pub fn files_from_worktree(&self, paths: &[String]) -> Result<Vec<SourceFile>> {
        let workdir = self
            .workdir()
            .ok_or_else(|| CliError::env("this repository has no working tree"))?
            .to_path_buf();
        let mut out = Vec::new();
        for rel in paths {
            let abs = if rel.is_empty() {
                workdir.clone()
            } else {
                workdir.join(rel)
            };
            let meta = std::fs::symlink_metadata(&abs).map_err(|_| {
                CliError::not_found(format!("deliverable path {rel} does not exist"))
                    .hint("check the path, or use --rev to take it from a commit")
            })?;
            if meta.is_dir() {
                self.walk_dir(&workdir, &abs, &mut out)?;
            } else {
                let b = self.store_file(&abs)?;
                out.push(SourceFile {
                    path: rel.clone(),
                    blob: b.blob,
                    sha256: b.sha256,
                    size: b.size,
                });
            }
        }
        Ok(out)
    }

    fn walk_dir(&self, workdir: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            if entry.file_name() == ".git" {
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
            if self.repo.is_path_ignored(rel).unwrap_or(false) {
                continue;
            }
            let ft = entry.file_type()?;
            if ft.is_dir() {
                self.walk_dir(workdir, &path, out)?;
            } else {
                let b = self.store_file(&path)?;
                out.push(SourceFile {
                    path: rel_str,
                    blob: b.blob,
                    sha256: b.sha256,
                    size: b.size,
                });
            }
        }
        Ok(())
    }

    /// Resolves a revision to a commit id.
    pub fn resolve_commit(&self, rev: &str) -> Result<String> {
        let obj = self.repo.revparse_single(rev).map_err(|_| {
            CliError::not_found(format!("revision {rev} not found in this repository"))
                .hint("check the name with 'git log --oneline'")
        })?;
        let commit = obj.peel_to_commit().map_err(|_| {
            CliError::usage(format!("{rev} does not name a commit"))
                .hint("give a branch, tag or commit id")
        })?;
        Ok(commit.id().to_string())
    }

    /// Files under `paths` (repository-relative; "" for all) at `commit`.
    pub fn files_at_commit(&self, commit: &str, paths: &[String]) -> Result<Vec<SourceFile>> {
        let tree = self.tree_of(commit)?;
        let mut out = Vec::new();
        for rel in paths {
            let (sub, prefix) = if rel.is_empty() {
                (tree.clone(), String::new())
            } else {
                let entry = tree.get_path(Path::new(rel)).map_err(|_| {
                    CliError::not_found(format!(
                        "deliverable path {rel} does not exist at commit {}",
                        &commit[..12]
                    ))
                    .hint("check the path with 'git ls-tree -r <rev>'")
                })?;
                match entry.kind() {
                    Some(ObjectType::Tree) => (self.repo.find_tree(entry.id())?, format!("{rel}/")),
                    Some(ObjectType::Blob) => {
                        if entry.filemode() == i32::from(git2::FileMode::Link) {
                            return Err(symlink_error(rel));
                        }
                        let d = self.blob_digest(&entry.id().to_string())?;
                        out.push(SourceFile {
                            path: rel.clone(),
                            blob: d.blob,
                            sha256: d.sha256,
                            size: d.size,
                        });
                        continue;
                    }
                    _ => return Err(CliError::usage(format!("{rel} is not a file or folder"))),
                }
            };
            let mut found = Vec::new();
            sub.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                if e.kind() == Some(ObjectType::Blob) {
                    found.push((
                        format!("{prefix}{dir}{}", e.name().unwrap_or("")),
                        e.id().to_string(),
                        e.filemode() == i32::from(git2::FileMode::Link),
                    ));
                }
                git2::TreeWalkResult::Ok
            })?;
            for (path, blob, link) in found {
                if link {
                    return Err(symlink_error(&path));
                }
                let d = self.blob_digest(&blob)?;
                out.push(SourceFile {
                    path,
                    blob,
                    sha256: d.sha256,
                    size: d.size,
                });
            }
        }
        Ok(out)
    }
}

fn symlink_error(path: &str) -> CliError {
    CliError::refused(format!(
        "{path} is a symbolic link; deliverables may not contain symlinks"
    ))
    .hint("request the file it points to instead")
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
