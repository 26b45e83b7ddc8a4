//! What the ledger fails with: the store below it, the trust chain, the
//! store file, a signing key, a write that would break a rule of the format.
//! Each variant says what is wrong; what to do about it is the edge's to say
//! (`error.rs`).

use crate::policy::PolicyError;
use crate::range::RangeError;
use crate::seen::SeenError;
use crate::sign::SignError;
use crate::store::{SourceError, StoreError};

/// Why the ledger could not load or write.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The store branch does not exist.
    #[error("no store on this repository (branch '{branch}' does not exist)")]
    NoStore { branch: String },
    /// A file every store has is missing from the branch.
    #[error("{path} is missing from the store branch")]
    Missing { path: String },
    /// `signoff.toml` does not parse.
    #[error("signoff.toml is not a valid store file: {0}")]
    BadStoreFile(String),
    /// `signoff.toml` is of a format this version does not know.
    #[error("signoff.toml has schema {found:?}; this signoff understands {known}")]
    NewerStore { found: String, known: &'static str },
    /// `signoff.toml` names a layout this version does not know.
    #[error("signoff.toml says the store has format {0}; this signoff reads formats 1 and 2")]
    UnknownFormat(u32),
    /// The policy chain does not verify against the trust root.
    #[error("untrusted policy: {0}")]
    Untrusted(PolicyError),
    /// The policy is older than, or other than, one this clone verified.
    #[error("untrusted policy: {0}")]
    RolledBack(PolicyError),
    /// The branch no longer holds what this clone verified on it.
    #[error(transparent)]
    Branch(#[from] SeenError),
    /// `git config signoff.person` names someone whose key this is not.
    #[error(
        "git config signoff.person says you are {id}, but key {fingerprint} is not one of {id}'s keys in the policy"
    )]
    NotTheirKey {
        id: String,
        fingerprint: String,
        /// The key's OpenSSH line, for an admin to add.
        key: String,
    },
    /// The signing key belongs to nobody in the policy.
    #[error("your key {fingerprint} is not in the store's policy")]
    UnknownKey { fingerprint: String, key: String },
    /// A record over the size limit (`what`: its file name).
    #[error("the {what} record would be {size} bytes, over the {limit}-byte limit for a record")]
    TooLarge {
        what: String,
        size: usize,
        limit: usize,
    },
    /// The key could not sign.
    #[error("cannot sign: {0}")]
    Sign(#[from] SignError),
    /// `init` on a repository that has a store.
    #[error("this repository already has a store (branch '{branch}')")]
    AlreadyInitialised { branch: String },
    /// Another process created the store between the check and the write.
    #[error("another process initialised the store first")]
    InitRace,
    /// The first policy version breaks a rule of the format.
    #[error("{0}")]
    BadPolicy(String),
    /// Stands for a caller's own refusal while it travels out of the
    /// store's write loop; the caller gets its own error back instead.
    #[error("the write was refused")]
    Aborted,
    /// A signature-checking thread died.
    #[error("a signature-checking thread failed")]
    Thread,
    /// The store below failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading a deliverable's files failed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Computing a pull request's diff failed.
    #[error(transparent)]
    Range(#[from] RangeError),
}
