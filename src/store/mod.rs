//! The git store: the only module that names `git2`.
//!
//! Owns opening the repository, reading files from the store branch's tree,
//! writing blobs, and committing a set of new files as one commit followed by
//! a compare-and-swap of the branch ref (retrying on a lost race). It never
//! touches the working tree or the index, and it never replaces a path that
//! already exists with different bytes: records are immutable.

mod blobs;
mod commit;
mod config;
mod deadline;
mod diff;
mod error;
mod history;
mod housekeeping;
pub mod order;
mod rebase;
mod source;
mod sync;
mod tracking;
mod tree;
mod units;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deadline::Deadline;
use git2::{ErrorCode, FileMode, ObjectType, Oid, Repository, Signature, Time, Tree};

pub use commit::CommitSigner;
pub use config::{ConfigOrigin, config_origin_outside};
pub use error::{DAMAGED_ADVICE, SourceError, StoreError, StoreWarning};
pub use history::{LogCommit, Rewrite};
pub use housekeeping::{Packed, dir_size};
pub use rebase::Rebased;
pub use source::{Reading, SourceFile, StoredBlob};
pub use sync::Push;
pub use tree::FilesAt;
pub use units::Changes;

/// Results of the store's operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Default name of the store branch.
pub const DEFAULT_BRANCH: &str = "signoff";

/// The largest store file (record, signature, policy version, store file)
/// signoff reads; content files are not bounded by it.
pub const MAX_STORE_FILE: usize = 256 * 1024;

/// Who hears the store's warnings as they happen.
type WarningSink = Box<dyn Fn(&StoreWarning) + Send>;

/// An opened repository plus the name of its store branch.
pub struct Store {
    repo: Repository,
    branch: String,
    /// Where warnings go (see [`Store::on_warning`]).
    warn: Option<WarningSink>,
    /// Warnings no one asked to hear as they happen, kept until taken.
    kept: std::cell::RefCell<Vec<StoreWarning>>,
    /// Whether reading from a remote-tracking branch was said already.
    said_tracking: std::cell::Cell<bool>,
}

/// A blob id, opaque to callers (hex string form).
pub type BlobId = String;

/// One file to add to the store in a write.
#[derive(Debug, Clone)]
pub enum NewFile {
    /// New bytes; the blob is written by the store.
    Bytes(Vec<u8>),
    /// A blob already in the object database (snapshots reuse repo blobs).
    Blob(BlobId),
}

/// A write: files to add, a commit message, and who is the author.
#[derive(Debug, Clone)]
pub struct Write {
    pub files: Vec<(String, NewFile)>,
    pub message: String,
    pub author_name: String,
    pub author_email: String,
    /// Seconds since the epoch for the commit time.
    pub time: i64,
    /// Signs the commit as git does (`gpgsig` header), when given.
    pub sign: Option<CommitSigner>,
}

/// An entry found by [`Store::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    /// The object id: a blob, or a commit for a submodule entry.
    pub blob: BlobId,
    /// The git file mode (`0o100644` for every file signoff writes).
    pub mode: i32,
}

/// The only file mode signoff writes: a regular, non-executable file.
pub const MODE_FILE: i32 = 0o100_644;

impl Entry {
    /// What is wrong with this entry's mode, when it is not a regular file.
    #[must_use]
    pub fn bad_mode(&self) -> Option<&'static str> {
        match self.mode {
            MODE_FILE => None,
            0o100_755 => Some("stored as an executable file"),
            0o120_000 => Some("stored as a symbolic link"),
            0o160_000 => Some("stored as a submodule (a link to a commit)"),
            _ => Some("stored with a file mode signoff never writes"),
        }
    }
}

impl Store {
    /// Tells git's object reader not to keep the objects it reads, for a
    /// reader that reads each object once (a full `verify`): memory then
    /// stays at what the reader itself holds. Applies to the whole process.
    pub fn read_each_object_once() {
        git2::opts::enable_caching(false);
    }

    /// Opens the repository containing `dir` (or the current directory).
    pub fn open(dir: Option<&Path>, branch: &str) -> Result<Store> {
        let start = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let repo = Repository::discover(&start).map_err(|e| {
            // "." says nothing to the user: name the directory itself.
            let shown = if dir.is_some() {
                start.clone()
            } else {
                std::env::current_dir().unwrap_or_else(|_| start.clone())
            };
            if e.code() == ErrorCode::Owner {
                return StoreError::DubiousOwnership { dir: shown };
            }
            StoreError::NotARepository { dir: shown }
        })?;
        Ok(Store::new(repo, branch.to_string()))
    }

    fn new(repo: Repository, branch: String) -> Store {
        Store {
            repo,
            branch,
            warn: None,
            kept: std::cell::RefCell::default(),
            said_tracking: std::cell::Cell::new(false),
        }
    }

    /// Hands every later warning to `f` as it happens (the command line
    /// prints it at once). Without this, warnings are kept for
    /// [`Store::take_warnings`].
    pub fn on_warning(&mut self, f: impl Fn(&StoreWarning) + Send + 'static) {
        self.warn = Some(Box::new(f));
    }

    /// The warnings kept since the last call (none when [`Store::on_warning`]
    /// took them).
    pub fn take_warnings(&self) -> Vec<StoreWarning> {
        self.kept.take()
    }

    fn warning(&self, w: StoreWarning) {
        match &self.warn {
            Some(f) => f(&w),
            None => self.kept.borrow_mut().push(w),
        }
    }

    fn refname(&self) -> String {
        format!("refs/heads/{}", self.branch)
    }

    #[must_use]
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The `.git` directory (where the outbox and caches live).
    #[must_use]
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The `.git` directory shared by all worktrees of the repository (where
    /// per-clone trust memory lives, so every worktree sees the same).
    #[must_use]
    pub fn common_dir(&self) -> &Path {
        self.repo.commondir()
    }

    /// The working directory of a non-bare repository.
    #[must_use]
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// A value from git config (repository, then global).
    #[must_use]
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.repo.config().ok()?.get_string(key).ok()
    }

    /// Sets a value in this repository's own git config (`.git/config`).
    pub fn set_local_config(&self, key: &str, value: &str) -> Result<()> {
        let config = self.repo.config()?;
        let mut local = config.open_level(git2::ConfigLevel::Local)?;
        local.set_str(key, value)?;
        Ok(())
    }

    fn tree_of(&self, commit: &str) -> Result<Tree<'_>> {
        self.checked_root(commit)
    }

    /// Reads one store file (the store file, a policy version, a record, a
    /// signature) from the tree of `commit`; `None` when absent. Refuses a
    /// file larger than [`MAX_STORE_FILE`] from git's object header, before
    /// reading it.
    pub fn read(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>> {
        match self.entry_at(commit, path)? {
            Some(entry) if entry.kind() == Some(ObjectType::Blob) => {
                self.check_size(entry.id(), path, MAX_STORE_FILE)?;
                Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec()))
            }
            _ => Ok(None),
        }
    }

    /// Reads a content blob by id, whole (a snapshot's file: any size the
    /// requester chose; stream it with [`Store::copy_blob`] where it may be
    /// large).
    pub fn read_blob(&self, id: &str) -> Result<Vec<u8>> {
        Ok(self.repo.find_blob(Oid::from_str(id)?)?.content().to_vec())
    }

    /// Lists every blob under `prefix` (a directory path, or "" for all) in
    /// the tree of `commit`, depth first in tree order.
    pub fn walk(&self, commit: &str, prefix: &str) -> Result<Vec<Entry>> {
        let mut entries = self.walk_all(commit, prefix)?;
        entries.retain(|e| e.mode != 0o160_000);
        Ok(entries)
    }

    /// Like [`Store::walk`], but lists every entry that is not a folder,
    /// submodule entries included: signoff never writes one, so whoever
    /// checks the store must see it.
    pub fn walk_all(&self, commit: &str, prefix: &str) -> Result<Vec<Entry>> {
        let prefix = prefix.trim_matches('/');
        let Some(tree) = self.folder_at(commit, prefix)? else {
            return Ok(Vec::new());
        };
        let base = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let mut out = Vec::new();
        self.walk_checked(&tree, &base, &mut out)?;
        Ok(out)
    }

    /// Names of the direct subdirectories of `dir` in the tree of `commit`.
    pub fn subdirs(&self, commit: &str, dir: &str) -> Result<Vec<String>> {
        let Some(tree) = self.folder_at(commit, dir)? else {
            return Ok(Vec::new());
        };
        Ok(tree
            .iter()
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .filter_map(|e| e.name().ok().map(str::to_string))
            .collect())
    }

    /// Writes one commit with the files `make` returns, on top of the current
    /// tip, then moves the branch with compare-and-swap. On a lost race it
    /// calls `make` again with the new tip, so the caller re-checks its
    /// preconditions against fresh state.
    ///
    /// `make`'s own errors pass through unchanged; the store's are converted
    /// into the same type.
    pub fn write<T, E: From<StoreError>>(
        &self,
        mut make: impl FnMut(Option<&str>) -> Result<(Write, T), E>,
    ) -> Result<(String, T), E> {
        if self.local_tip()?.is_none() {
            if let Some((refname, _)) = self.remote_tracking()? {
                return Err(StoreError::OnlyRemoteTracking {
                    refname,
                    branch: self.branch.clone(),
                }
                .into());
            }
        }
        let mut deadline = Deadline::new(std::time::Instant::now());
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let tip = self.local_tip()?;
            let now = std::time::Instant::now();
            let go = deadline.keep_going(tip.as_deref(), now);
            if attempts > 1 && !go {
                return Err(StoreError::Contended {
                    branch: self.branch.clone(),
                    attempts: attempts - 1,
                    seconds: deadline.waited(now).as_secs(),
                }
                .into());
            }
            let (write, value) = make(tip.as_deref())?;
            let commit = self.build_commit(tip.as_deref(), &write)?;
            match self.swap(tip.as_deref(), commit, &write.message) {
                Ok(()) => return Ok((commit.to_string(), value)),
                // Randomised exponential back-off: contending writers spread
                // out instead of redoing their work in lock-step.
                Err(Swap::Lost) => std::thread::sleep(backoff(attempts)),
                Err(Swap::Failed(e)) => return Err(e.into()),
            }
        }
    }

    fn build_commit(&self, tip: Option<&str>, write: &Write) -> Result<Oid> {
        let base = tip.map(|t| self.tree_of(t)).transpose()?;
        let mut files: BTreeMap<String, Oid> = BTreeMap::new();
        for (path, file) in &write.files {
            let oid = match file {
                NewFile::Bytes(bytes) => self.repo.blob(bytes)?,
                NewFile::Blob(id) => Oid::from_str(id)?,
            };
            if let Some(base) = &base {
                if let Ok(existing) = base.get_path(Path::new(path)) {
                    if existing.id() != oid {
                        return Err(StoreError::Immutable { path: path.clone() });
                    }
                }
            }
            files.insert(path.clone(), oid);
        }
        let tree = self.build_tree(base.as_ref(), &files)?;
        let tree = self.repo.find_tree(tree)?;
        let parents = match tip {
            Some(t) => vec![self.repo.find_commit(Oid::from_str(t)?)?],
            None => vec![],
        };
        // Time never runs backwards along the history (DESIGN §13): a
        // commit is never dated before its parent, whatever this clock says.
        let newest_parent = parents.iter().map(|p| p.time().seconds()).max();
        let time = Time::new(newest_parent.map_or(write.time, |p| p.max(write.time)), 0);
        let sig = Signature::new(&write.author_name, &write.author_email, &time)?;
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.commit_object(
            (&sig, &sig),
            &write.message,
            &tree,
            &parent_refs,
            write.sign.as_ref(),
        )
    }

    /// Builds a tree from `base` plus `files` (paths relative to this level).
    fn build_tree(&self, base: Option<&Tree<'_>>, files: &BTreeMap<String, Oid>) -> Result<Oid> {
        let mut builder = self.repo.treebuilder(base)?;
        let mut subdirs: BTreeMap<&str, BTreeMap<String, Oid>> = BTreeMap::new();
        for (path, oid) in files {
            match path.split_once('/') {
                None => {
                    builder.insert(path, *oid, FileMode::Blob.into())?;
                }
                Some((dir, rest)) => {
                    subdirs
                        .entry(dir)
                        .or_default()
                        .insert(rest.to_string(), *oid);
                }
            }
        }
        for (dir, sub) in subdirs {
            let sub_base = match base.and_then(|b| b.get_name(dir)) {
                Some(e) if e.kind() == Some(ObjectType::Tree) => Some(self.repo.find_tree(e.id())?),
                Some(_) => {
                    return Err(StoreError::FileNotFolder {
                        dir: dir.to_string(),
                    });
                }
                None => None,
            };
            let oid = self.build_tree(sub_base.as_ref(), &sub)?;
            builder.insert(dir, oid, FileMode::Tree.into())?;
        }
        Ok(builder.write()?)
    }

    fn swap(&self, expected: Option<&str>, new: Oid, message: &str) -> Result<(), Swap> {
        let refname = self.refname();
        let log = format!("signoff: {}", message.lines().next().unwrap_or(""));
        let result = match expected {
            Some(old) => {
                let old = Oid::from_str(old).map_err(|e| Swap::Failed(e.into()))?;
                self.repo
                    .reference_matching(&refname, new, true, old, &log)
                    .map(|_| ())
            }
            // Creating the branch: "must not exist" is checked under the
            // ref's lock by naming the zero id as the old value. (Creating
            // without force checks before taking the lock, so two racing
            // creators could both succeed, the second replacing the first.)
            None => self
                .repo
                .reference_matching(&refname, new, true, Oid::ZERO_SHA1, &log)
                .map(|_| ()),
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.code() == ErrorCode::Locked => {
                self.clear_stale_lock();
                Err(Swap::Lost)
            }
            Err(e)
                if matches!(e.code(), ErrorCode::Modified | ErrorCode::Exists)
                    || e.class() == git2::ErrorClass::Reference
                    || e.class() == git2::ErrorClass::Os =>
            {
                Err(Swap::Lost)
            }
            Err(e) => Err(Swap::Failed(e.into())),
        }
    }

    /// A ref lock is held for microseconds while a ref file is rewritten; a
    /// lock file older than this was left by a writer that died (e.g. killed
    /// with SIGKILL between taking the lock and renaming it into place).
    pub(super) const STALE_LOCK: std::time::Duration = std::time::Duration::from_secs(10);

    /// Removes the branch's ref lock (and the packed-refs lock) when its
    /// writer is certainly gone, so one crash cannot block every later write.
    /// The ref itself is untouched: the dead writer never renamed its lock
    /// into place, so the branch still points at a complete commit.
    fn clear_stale_lock(&self) {
        let common = self.repo.commondir();
        let candidates = [
            common.join(format!("{}.lock", self.refname())),
            common.join("packed-refs.lock"),
        ];
        for lock in candidates {
            let stale = std::fs::metadata(&lock)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Self::STALE_LOCK);
            if stale && std::fs::remove_file(&lock).is_ok() {
                self.warning(StoreWarning::StaleLockRemoved { lock });
            }
        }
    }

    /// Opens the same repository again, for another thread (a `Store` is not
    /// shared between threads: libgit2 handles are not `Sync`).
    pub fn reopen(&self) -> Result<Store> {
        Ok(Store::new(
            Repository::open(self.repo.path())?,
            self.branch.clone(),
        ))
    }

    /// The blob id of `path` in the tree of `commit`; `None` when absent or
    /// not a file.
    pub fn blob_id(&self, commit: &str, path: &str) -> Result<Option<BlobId>> {
        Ok(self
            .entry_at(commit, path)?
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .map(|e| e.id().to_string()))
    }

    /// Whether `ancestor` is reachable from `descendant` (or equal).
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> Result<bool> {
        let a = Oid::from_str(ancestor)?;
        let d = Oid::from_str(descendant)?;
        Ok(a == d || self.repo.graph_descendant_of(d, a)?)
    }
}

enum Swap {
    Lost,
    Failed(StoreError),
}

/// A random pause of up to 2^attempt milliseconds, capped at 0.5 s.
fn backoff(attempt: u32) -> std::time::Duration {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let r = u64::from(u16::from_le_bytes([bytes[0], bytes[1]]));
    let cap = (1u64 << attempt.min(9)).min(500);
    std::time::Duration::from_millis(1 + r % cap)
}
