//! The one error type that reaches the command-line edge.
//!
//! Core modules return their own `thiserror` enums; everything converts into
//! [`CliError`], whose [`ErrorKind`] alone decides the process exit code. The
//! message says what is wrong, the hints say what to do. Exit codes are part of
//! the public interface and are documented in the README: never renumber them.

use std::fmt;

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
        let text = e.to_string();
        environment_fault(&text).unwrap_or_else(|| CliError::env(format!("I/O error: {text}")))
    }
}

impl From<git2::Error> for CliError {
    fn from(e: git2::Error) -> Self {
        let text = e.message();
        if let Some(err) = environment_fault(text) {
            return err;
        }
        if let Some(err) = damaged_object(&e) {
            return err;
        }
        CliError::env(format!("git error: {text}"))
    }
}

/// What to do when the repository's objects are damaged: said the same way
/// wherever the damage is found.
pub const DAMAGED_HINT: &str = "fetch the store again from a remote ('git fetch origin signoff:signoff' in a fresh clone) or restore .git from a backup; 'git fsck --full' lists the damaged objects";

/// A git object that cannot be read because its bytes are damaged (a
/// flipped bit fails zlib's check) or because it is gone (a truncated pack,
/// a deleted loose object). That is an integrity failure, not an
/// environment one: the answer cannot be trusted until the store is restored.
fn damaged_object(e: &git2::Error) -> Option<CliError> {
    let missing = (e.class() == git2::ErrorClass::Odb && e.code() == git2::ErrorCode::NotFound)
        || e.message().starts_with("object not found");
    let corrupt = e.class() == git2::ErrorClass::Zlib
        || e.message().contains("incorrect data check")
        || e.message().contains("corrupt")
        || e.message().contains("packfile");
    if !(missing || corrupt) {
        return None;
    }
    let what = if missing {
        "a git object the store needs is missing"
    } else {
        "a git object of the store is damaged"
    };
    Some(CliError::integrity(format!("{what}: {}", e.message())).hint(DAMAGED_HINT))
}

/// A full disk, a read-only file system or missing permissions, told apart
/// from other failures by the operating system's message (libgit2 passes it
/// through as text, and for a full disk sometimes reports no code at all).
fn environment_fault(text: &str) -> Option<CliError> {
    if text.contains("No space left on device") || text.contains("Disk quota exceeded") {
        return Some(
            CliError::env(format!("the disk is full: {text}"))
                .hint("free some disk space and run the command again; nothing was written"),
        );
    }
    if text.contains("Read-only file system") || text.contains("Permission denied") {
        return Some(CliError::env(format!("cannot write here: {text}")).hint(
            "this command writes to the repository's .git folder; run it as a user who may write there (read commands such as status, verify and gate need no write access)",
        ));
    }
    None
}

/// Result type used across the crate.
pub type Result<T, E = CliError> = std::result::Result<T, E>;
