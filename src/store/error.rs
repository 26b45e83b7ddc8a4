//! What can go wrong in the store, and what the store has to say that is not
//! an error.
//!
//! [`StoreError`] covers opening the repository, reading and writing the
//! store branch, and exchanging it with a remote. It says what is wrong and
//! carries the data; which exit code that is and what the user should do
//! next is decided at the command-line edge. A `git2` error is classified
//! when it enters the store: a full disk or an unwritable folder becomes a
//! [`Fault`], a damaged or missing object its own variant (the answer cannot
//! be trusted until the store is restored), anything else stays a git error.

use std::path::PathBuf;

use crate::fault::Fault;

/// What to do when the repository's objects are damaged: said the same way
/// wherever the damage is found (a load names it per record; the edge adds
/// it to an error).
pub const DAMAGED_ADVICE: &str = "fetch the store again from a remote ('git fetch origin signoff:signoff' in a fresh clone) or restore .git from a backup; 'git fsck --full' lists the damaged objects";

/// A failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A full disk, an unwritable folder or another I/O error.
    #[error(transparent)]
    Fault(#[from] Fault),
    /// An object the store needs cannot be found (a deleted loose object,
    /// or a pack cut short: its index still lists the object, which libgit2
    /// then reports as "not found"). Holds the object's id when libgit2
    /// names it, else its message.
    #[error(
        "the repository's object store is damaged: git object {0} is missing or unreadable (a deleted object or a truncated pack)"
    )]
    MissingObject(String),
    /// An object's bytes are damaged (a flipped bit fails zlib's check).
    /// Holds libgit2's message.
    #[error("a git object of the store is damaged: {0}")]
    DamagedObject(String),
    /// Any other git failure.
    #[error("git error: {}", .0.message())]
    Git(#[source] git2::Error),
    /// No repository contains the directory.
    #[error("not inside a git repository: {}", .dir.display())]
    NotARepository { dir: PathBuf },
    /// git refuses a repository owned by another user.
    #[error(
        "git refuses to open the repository at {}: it is owned by another user (\"dubious ownership\")",
        .dir.display()
    )]
    DubiousOwnership { dir: PathBuf },
    /// Concurrent writers kept moving the branch until the write gave up.
    #[error(
        "other writers kept updating branch '{branch}'; gave up after {attempts} attempts in {seconds}s"
    )]
    Contended {
        branch: String,
        attempts: u32,
        seconds: u64,
    },
    /// A write would replace a path that exists with other bytes.
    #[error("refusing to overwrite {path}: records are immutable")]
    Immutable { path: String },
    /// A write needs a folder where the branch holds a file.
    #[error("store path {dir} is a file where a folder is expected")]
    FileNotFolder { dir: String },
    /// A tree git never writes: see `store::tree`. `at` names the folder
    /// (`""` for the root), `what` the fault.
    #[error("the store branch holds a malformed git tree in {}: {what}", folder_name(.at))]
    MalformedTree { at: String, what: String },
    /// An id that should name a blob names another kind of object.
    #[error("object {id} is not a blob")]
    NotABlob { id: String },
    /// A blob that cannot be read. Holds libgit2's message.
    #[error("cannot read blob {id}: {detail}")]
    UnreadableBlob { id: String, detail: String },
    /// The system `git` could not be started.
    #[error("cannot run git: {0}")]
    CannotRunGit(#[source] std::io::Error),
    /// `git gc` failed; holds what git said.
    #[error("git gc failed: {0}")]
    GcFailed(String),
    /// `git` failed to reach the remote; `detail` is the line of its output
    /// that says why.
    #[error("cannot reach remote {remote:?}: {detail}")]
    Unreachable { remote: String, detail: String },
    /// A git ref's lock file is in the way: another git process holds it,
    /// or one killed while holding it left it behind. `ours` when it is the
    /// lock of signoff's own tracking ref (which signoff removes itself once
    /// it can tell its holder is gone).
    #[error("a git lock file is in the way: {} exists", .lock.display())]
    RefLocked { lock: PathBuf, ours: bool },
    /// An object larger than the limit for what it should hold: refused
    /// before it was read.
    #[error("{what} is {size} bytes, larger than the {limit}-byte limit")]
    TooLarge {
        what: String,
        size: u64,
        limit: usize,
    },
    /// A path on the remote's branch is not UTF-8.
    #[error("a store path is not valid UTF-8")]
    NonUtf8Path,
    /// A path holds different bytes on the two sides of a merge.
    #[error(
        "{path} differs between the local and the remote store; records are immutable, so one side was tampered with"
    )]
    Diverged { path: String },
    /// The store commit could not be signed (git's SSH commit signature).
    /// Holds the signer's reason.
    #[error("cannot sign the store commit: {0}")]
    CannotSignCommit(String),
    /// A write while the store is read from a remote-tracking branch only.
    #[error(
        "the store is only on {refname} here (no local branch '{branch}'); it is read-only until the local branch exists"
    )]
    OnlyRemoteTracking { refname: String, branch: String },
}

impl StoreError {
    /// True when an object is missing or damaged: the repository, not the
    /// request, is at fault, and it must be restored.
    #[must_use]
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::MissingObject(_) | StoreError::DamagedObject(_)
        )
    }

    /// True when `git` said the remote is not a repository at all (a
    /// remote name that was never added, say).
    #[must_use]
    pub fn remote_is_not_a_repository(&self) -> bool {
        matches!(self, StoreError::Unreachable { detail, .. }
            if detail.contains("does not appear to be a git repository"))
    }
}

/// The object id in libgit2's "object not found - no match for id (…)",
/// else the whole message.
fn object_named(message: &str) -> String {
    message
        .split(['(', ')'])
        .find(|w| w.len() >= 7 && w.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(|| message.to_string(), str::to_string)
}

fn folder_name(at: &str) -> &str {
    if at.is_empty() { "the root folder" } else { at }
}

impl From<git2::Error> for StoreError {
    fn from(e: git2::Error) -> Self {
        if let Some(fault) = Fault::from_text(e.message()) {
            return StoreError::Fault(fault);
        }
        let missing = (e.class() == git2::ErrorClass::Odb && e.code() == git2::ErrorCode::NotFound)
            || e.message().starts_with("object not found");
        if missing {
            return StoreError::MissingObject(object_named(e.message()));
        }
        let corrupt = e.class() == git2::ErrorClass::Zlib
            || e.message().contains("incorrect data check")
            || e.message().contains("corrupt")
            || e.message().contains("packfile");
        if corrupt {
            return StoreError::DamagedObject(e.message().to_string());
        }
        StoreError::Git(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Fault(e.into())
    }
}

/// Something the store did that its user should hear about, though nothing
/// failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreWarning {
    /// A ref lock left by a writer that died was removed so the write could
    /// land.
    StaleLockRemoved { lock: PathBuf },
    /// The local store branch is absent; the store is read from the
    /// remote-tracking branch `git fetch` made (read-only).
    ReadingRemoteTracking { refname: String, branch: String },
}

impl std::fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreWarning::StaleLockRemoved { lock } => {
                write!(f, "removed {} left by a writer that died", lock.display())
            }
            StoreWarning::ReadingRemoteTracking { refname, branch } => {
                let shown = refname.strip_prefix("refs/remotes/").unwrap_or(refname);
                write!(
                    f,
                    "no local branch '{branch}': reading the store from {shown} (read-only until a sync makes the local branch)"
                )
            }
        }
    }
}

/// Why the files of a deliverable could not be taken: a path that is not
/// there, or that holds something a snapshot cannot (the bytes would not be
/// this repository's plain files), or a failure of the store underneath.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The store failed (a git or I/O error, a malformed tree).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file named on the command line is not there to look at.
    #[error("cannot read {shown}: {source}")]
    Unreadable {
        shown: String,
        source: std::io::Error,
    },
    /// A file that was looked at could not be opened.
    #[error("cannot read {shown}: {source}")]
    CannotOpen {
        shown: String,
        source: std::io::Error,
    },
    /// A symbolic link.
    #[error("{path} is a symbolic link; deliverables may not contain symlinks")]
    Symlink { path: String },
    /// A device, pipe or socket.
    #[error(
        "{path} is not a regular file (a device, pipe or socket); deliverables hold regular files only"
    )]
    Special { path: String },
    /// A folder with a `.git` inside, or a submodule entry of a commit.
    #[error(
        "{path} is a submodule or nested git repository inside the deliverable; its bytes are not this repository's"
    )]
    NestedRepository { path: String },
    /// A name that cannot be part of a deliverable (`why` says why).
    #[error("{path} cannot be part of a deliverable: {why}")]
    BadName { path: String, why: &'static str },
    /// A path a snapshot cannot hold; holds the record layout's reason.
    #[error("{0}")]
    Unsnapshottable(String),
    /// A path on the command line, in a bare repository.
    #[error("this repository has no working tree")]
    NoWorkTree,
    /// The deliverable's files were to come from the working tree, in a
    /// bare repository.
    #[error("this repository has no working tree")]
    NoWorkTreeToRead,
    /// A path on the command line that lies outside the repository.
    #[error("{} is outside the repository at {}", .path.display(), .workdir.display())]
    OutsideRepository { path: PathBuf, workdir: PathBuf },
    /// A deliverable path missing from the working tree.
    #[error("deliverable path {path} does not exist")]
    PathMissing { path: String },
    /// A deliverable path missing from a commit (`commit` is shortened).
    #[error("deliverable path {path} does not exist at commit {commit}")]
    PathMissingAt { path: String, commit: String },
    /// A revision that names nothing.
    #[error("revision {rev} not found in this repository")]
    RevisionNotFound { rev: String },
    /// A revision that names something other than a commit.
    #[error("{rev} does not name a commit")]
    NotACommit { rev: String },
}

impl From<git2::Error> for SourceError {
    fn from(e: git2::Error) -> Self {
        SourceError::Store(e.into())
    }
}

impl From<std::io::Error> for SourceError {
    fn from(e: std::io::Error) -> Self {
        SourceError::Store(e.into())
    }
}
