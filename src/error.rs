//! The one error type that reaches the command-line edge.
//!
//! Core modules return their own `thiserror` enums; everything converts into
//! [`CliError`], whose [`ErrorKind`] alone decides the process exit code. The
//! message says what is wrong, the hints say what to do. Exit codes are part of
//! the public interface and are documented in the README: never renumber them.

use std::fmt;

use crate::fault::Fault;
use crate::keys::KeyError;
use crate::ledger::LedgerError;
use crate::range::RangeError;
use crate::render::RenderError;
use crate::seen::SeenError;
use crate::store::{SourceError, StoreError};

mod sync;

/// What class of failure happened; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line itself is wrong (clap uses 2 as well).
    Usage,
    /// Something named does not exist: deliverable, request, store, file.
    NotFound,
    /// The request is understood but refused: superseded request, duplicate
    /// decision, store already initialised, not permitted by policy.
    Refused,
    /// A record, signature, policy or history failed verification.
    Integrity,
    /// No usable signing key, or the key belongs to nobody in the policy.
    Identity,
    /// The environment failed: not a git repository, I/O, git errors,
    /// a concurrent writer that kept winning.
    Environment,
}

impl ErrorKind {
    /// The kind's name in `--json` errors.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Refused => "refused",
            ErrorKind::Integrity => "integrity",
            ErrorKind::Identity => "identity",
            ErrorKind::Environment => "environment",
        }
    }

    /// The documented process exit code for this kind.
    #[must_use]
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::NotFound => 3,
            ErrorKind::Refused => 4,
            ErrorKind::Integrity => 5,
            ErrorKind::Identity => 6,
            ErrorKind::Environment => 7,
        }
    }
}

/// An error ready to be shown to a user.
#[derive(Debug, Clone)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hints: Vec<String>,
    /// Overrides the kind's exit code (the gate and verify use their own).
    pub exit_code: Option<u8>,
}

impl CliError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hints: Vec::new(),
            exit_code: None,
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    #[must_use]
    pub fn with_exit_code(mut self, code: u8) -> Self {
        self.exit_code = Some(code);
        self
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Refused, message)
    }
    pub fn integrity(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Integrity, message)
    }
    pub fn identity(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Identity, message)
    }
    pub fn env(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Environment, message)
    }

    /// The exit code the process should end with.
    #[must_use]
    pub fn code(&self) -> u8 {
        self.exit_code.unwrap_or_else(|| self.kind.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Fault::from(e).into()
    }
}

impl From<git2::Error> for CliError {
    fn from(e: git2::Error) -> Self {
        StoreError::from(e).into()
    }
}

/// What to do when the repository's objects are damaged.
pub use crate::store::DAMAGED_ADVICE as DAMAGED_HINT;

// The core's errors, each given its exit code and the hints that say what to
// do. Every match is exhaustive: a new variant must decide both here. The
// message is always the error's own `Display`.

impl From<Fault> for CliError {
    fn from(e: Fault) -> Self {
        let message = e.to_string();
        match e {
            Fault::DiskFull(_) => CliError::env(message)
                .hint("free some disk space and run the command again; nothing was written"),
            Fault::NotWritable(_) => CliError::env(message).hint(
                "this command writes to the repository's .git folder; run it as a user who may write there (read commands such as status, verify and gate need no write access)",
            ),
            Fault::Io(_) => CliError::env(message),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::Fault(f) => f.into(),
            // A damaged or missing object is an integrity failure, not an
            // environment one: the answer cannot be trusted until the store
            // is restored.
            StoreError::MissingObject(_) | StoreError::DamagedObject(_) => {
                CliError::integrity(message).hint(DAMAGED_HINT)
            }
            StoreError::Git(_) | StoreError::CannotRunGit(_) => CliError::env(message),
            StoreError::GcFailed(_) => CliError::env(message).hint(
                "nothing was lost: git gc only packs; fix what git says (disk space, permissions) and run 'signoff gc' again",
            ),
            StoreError::NotARepository { .. } => CliError::env(message).hint(
                "run signoff inside a git repository (or pass -C <repo>), or 'git init' one first",
            ),
            StoreError::DubiousOwnership { dir } => CliError::env(message).hint(format!(
                "if you trust it, mark it safe: git config --global --add safe.directory '{}'",
                dir.display()
            )),
            StoreError::Contended { .. } => {
                CliError::env(message).hint("retry the command; nothing was written")
            }
            StoreError::Immutable { .. }
            | StoreError::FileNotFolder { .. }
            | StoreError::NotABlob { .. }
            | StoreError::NonUtf8Path => CliError::integrity(message),
            StoreError::MalformedTree { .. } => CliError::integrity(message).hint(
                "git never writes such a tree; it was made with plumbing so that different readers see different files, and nothing was read from it. Restore the branch from a good clone ('git fsck' names the tree)",
            ),
            StoreError::UnreadableBlob { .. } => CliError::integrity(message)
                .hint("the object database is missing objects; run 'git fsck'"),
            StoreError::Unreachable { ref remote, .. } => {
                let err = CliError::env(message).hint(
                    "check the remote name or URL ('git remote -v') and your network; nothing was changed",
                );
                if e.remote_is_not_a_repository() {
                    err.hint(format!(
                        "to sync with a new remote: git remote add {remote} <url>"
                    ))
                } else {
                    err
                }
            }
            StoreError::RefLocked { lock, ours } => {
                let rm = format!("rm '{}'", lock.display());
                let err = CliError::env(message);
                if ours {
                    err.hint(format!(
                        "it is the lock of signoff's own tracking ref, and the fetch that took it may still be running (signoff removes it by itself once it can tell that fetch is gone); if no 'signoff sync' or 'git fetch' runs in this repository, remove it ({rm}) and run the command again; nothing was changed"
                    ))
                } else {
                    err.hint(format!(
                        "another git command may be running in this repository: wait for it; if none is, a killed one left the lock: remove it ({rm}) and run the command again; nothing was changed"
                    ))
                }
            }
            StoreError::TooLarge { .. } => CliError::integrity(message).hint(
                "nothing signoff writes is that large: the file was pushed with git plumbing; run 'signoff verify' and restore the store branch from a good clone",
            ),
            StoreError::Diverged { .. } => CliError::integrity(message).hint(
                "run 'signoff verify' on both sides and find out who rewrote it; nothing was merged",
            ),
            StoreError::OnlyRemoteTracking { .. } => CliError::usage(message).hint(
                "run 'signoff sync' to make the local store branch from the remote, then try again; nothing was written",
            ),
            StoreError::CannotSignCommit(_) => CliError::identity(message)
                .hint("check your key with 'signoff key show' (an agent key must be loaded: ssh-add); nothing was written"),
        }
    }
}

impl From<SourceError> for CliError {
    fn from(e: SourceError) -> Self {
        let message = e.to_string();
        match e {
            SourceError::Store(e) => e.into(),
            SourceError::Unreadable { .. } => CliError::not_found(message)
                .hint("check the path; it must exist and be readable"),
            SourceError::CannotOpen { .. } => CliError::not_found(message),
            SourceError::Symlink { .. } => {
                CliError::refused(message).hint("request the file it points to instead")
            }
            SourceError::Special { .. } => {
                CliError::refused(message).hint("remove it, or request paths that leave it out")
            }
            SourceError::NestedRepository { .. } => CliError::refused(message)
                .hint("request paths that leave it out, or commit its files directly"),
            SourceError::BadName { .. } => {
                CliError::refused(message).hint("rename it, or request paths that leave it out")
            }
            SourceError::Unsnapshottable(_) => CliError::refused(message).hint(
                "rename it, or request paths that leave it out; a snapshot cannot hold it and the gate would not count it",
            ),
            SourceError::NoWorkTree => CliError::env(message).hint("use --file for files"),
            SourceError::NoWorkTreeToRead => CliError::env(message),
            SourceError::OutsideRepository { .. } => CliError::usage(message)
                .hint("use --file for files that live outside the repository"),
            SourceError::PathMissing { .. } => CliError::not_found(message)
                .hint("check the path, or use --rev to take it from a commit"),
            SourceError::PathMissingAt { .. } => {
                CliError::not_found(message).hint("check the path with 'git ls-tree -r <rev>'")
            }
            SourceError::RevisionNotFound { .. } => {
                CliError::not_found(message).hint("check the name with 'git log --oneline'")
            }
            SourceError::NotACommit { .. } => {
                CliError::usage(message).hint("give a branch, tag or commit id")
            }
        }
    }
}

impl From<KeyError> for CliError {
    fn from(e: KeyError) -> Self {
        let message = e.to_string();
        match e {
            KeyError::Fault(f) => f.into(),
            KeyError::NoConfigDir(_) => CliError::env(message).hint("set HOME or XDG_CONFIG_HOME"),
            KeyError::Missing { path, from } => CliError::identity(format!(
                "signing key {} (from {}) does not exist",
                path.display(),
                key_source(from)
            ))
            .hint("check the path, or run 'signoff key generate'"),
            KeyError::Unusable(e) => CliError::identity(message).hint(sign_hint(&e)),
            KeyError::NotFound => CliError::identity(message)
                .hint("run 'signoff key generate', or pass --signing-key ~/.ssh/id_ed25519"),
            KeyError::Exists { .. } => CliError::refused(message)
                .hint("use it as it is ('signoff key show'), or move it away first"),
            KeyError::CannotWrite { .. } => CliError::env(message),
        }
    }
}

impl From<RangeError> for CliError {
    fn from(e: RangeError) -> Self {
        let message = e.to_string();
        match e {
            RangeError::Fault(f) => f.into(),
            RangeError::Invalid { .. } => CliError::usage(message)
                .hint("give two revisions as BASE..HEAD, e.g. main..feature"),
            RangeError::CannotRunGit(_) => {
                CliError::env(message).hint("install git and make sure it is on PATH")
            }
            RangeError::WriteFailed | RangeError::GitFailed { .. } | RangeError::NoPatchId => {
                CliError::env(message)
            }
            RangeError::RevisionNotFound { .. } => CliError::not_found(message)
                .hint("check the name with 'git log --oneline'; in CI, fetch enough history"),
            RangeError::NoMergeBase { .. } => CliError::not_found(message)
                .hint("fetch the full history of both sides (e.g. 'git fetch --unshallow')"),
            RangeError::Empty { .. } => {
                CliError::usage(message).hint("check the order: BASE..HEAD, e.g. main..feature")
            }
        }
    }
}

impl From<SeenError> for CliError {
    fn from(e: SeenError) -> Self {
        let message = e.to_string();
        match e {
            SeenError::OtherStore { .. } => CliError::integrity(message).hint(
                "someone replaced the store branch; restore it from a trusted clone (if you replaced it on purpose, delete .git/signoff/verified/ first)",
            ),
            SeenError::Rewritten { branch, tip } => CliError::integrity(message).hint(format!(
                "records are never removed; restore the branch from a trusted clone (or, if that commit is still here, 'git branch -f {branch} {tip}')"
            )),
        }
    }
}

impl From<RenderError> for CliError {
    fn from(e: RenderError) -> Self {
        CliError::usage(e.to_string()).hint(format!(
            "fix or remove the override of {} (see git config signoff.templates and {}/)",
            e.name,
            crate::render::OVERRIDE_DIR
        ))
    }
}

/// Result type used across the crate.
pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl From<LedgerError> for CliError {
    fn from(e: LedgerError) -> Self {
        let message = e.to_string();
        let damaged = "the store branch is damaged; run 'signoff verify' for details";
        match e {
            LedgerError::NoStore { branch } => CliError::not_found(message).hint(format!(
                "run 'signoff init' to create one, or 'git fetch origin {branch}:{branch}' to get it"
            )),
            LedgerError::Missing { .. } | LedgerError::BadStoreFile(_) => {
                CliError::integrity(message).hint(damaged)
            }
            LedgerError::NewerStore { .. } | LedgerError::UnknownFormat(_) => {
                CliError::integrity(message).hint("upgrade signoff")
            }
            LedgerError::Untrusted(_) => CliError::integrity(message)
                .hint("run 'signoff verify' for details; check the trust root you pinned"),
            LedgerError::RolledBack(_) => CliError::integrity(message).hint(
                "this copy of the store branch is older than, or different from, one this clone verified before; fetch the current branch from a trusted remote",
            ),
            LedgerError::Branch(e) => e.into(),
            LedgerError::NotTheirKey { id, key, .. } => CliError::identity(message).hint(format!(
                "ask an admin to run: signoff person add {id} --key \"{key}\""
            )),
            LedgerError::UnknownKey { key, .. } => CliError::identity(message).hint(format!(
                "ask an admin to run: signoff person add <your-id> --email <you@example.com> --key \"{key}\""
            )),
            LedgerError::TooLarge { .. } => CliError::usage(message).hint(
                "request fewer files (e.g. an archive of the folder), or shorten the message",
            ),
            LedgerError::Sign(_) => CliError::identity(message).hint(
                "with a .pub key, ssh-agent must be running (SSH_AUTH_SOCK) and hold it ('ssh-add -l'); \
                 or pass --signing-key with the private key file",
            ),
            LedgerError::AlreadyInitialised { .. } => CliError::refused(message)
                .hint("use it as it is; 'signoff status' shows what it holds"),
            LedgerError::InitRace => CliError::refused(message).hint("use it as it is"),
            LedgerError::BadPolicy(_) => CliError::usage(message),
            LedgerError::Aborted => CliError::refused(message),
            LedgerError::Thread => CliError::env(message),
            LedgerError::Store(e) => e.into(),
            LedgerError::Source(e) => e.into(),
            LedgerError::Range(e) => e.into(),
        }
    }
}

/// What to do about a key signoff cannot use: for a type it does not
/// take, how to make one it does; for another format, how to convert it.
#[must_use]
pub fn sign_hint(e: &crate::sign::SignError) -> String {
    use crate::sign::SignError;
    match e {
        SignError::NotEd25519(alg) if crate::keytype::is_fido(alg) => {
            "make an Ed25519 key on your security key with 'ssh-keygen -t ed25519-sk' (a token that cannot hold Ed25519 keys cannot sign for signoff), or use 'signoff key generate' for a key on disk".into()
        }
        SignError::NotEd25519(_) => {
            "make an Ed25519 key with 'signoff key generate' (or 'ssh-keygen -t ed25519'); an admin then adds its public key to your person in the policy".into()
        }
        SignError::ForeignFormat { path, format } if format.starts_with("PuTTY") => format!(
            "export it in OpenSSH's format: puttygen {} -O private-openssh -o id_ed25519",
            path.display()
        ),
        SignError::ForeignFormat { path, .. } => format!(
            "rewrite it in OpenSSH's format with 'ssh-keygen -p -f {}' (on a copy), or run 'signoff key generate'",
            path.display()
        ),
        _ => "use an Ed25519 key in OpenSSH format, or run 'signoff key generate'".into(),
    }
}

/// Where a candidate signing key came from, in the words of the command line.
#[must_use]
pub fn key_source(from: crate::keys::KeySource) -> &'static str {
    use crate::keys::KeySource;
    match from {
        KeySource::Flag => "--signing-key / SIGNOFF_KEY",
        KeySource::GitConfig => "git config signoff.key",
        KeySource::Generated => "signoff key generate",
        KeySource::Imported => "signoff key import (ssh-agent)",
        KeySource::GitSigning => "git config user.signingKey (gpg.format = ssh)",
        KeySource::HomeSsh => "~/.ssh/id_ed25519",
    }
}
