//! Writing one commit object, signed as git signs with an SSH key when a
//! signer is given: the commit's bytes are signed (namespace `git`, made by
//! the caller's [`CommitSigner`]) and the armored signature goes into the
//! `gpgsig` header, exactly where `git commit -S` puts it, so
//! `git verify-commit` and a forge's "require signed commits" accept it.
//! The store never sees a key.

use git2::{Oid, Signature, Tree};

use super::{Result, Store, StoreError};

/// Makes git's signature over a commit's bytes (armored, for the `gpgsig`
/// header). The store knows nothing of keys: the caller hands it this.
#[derive(Clone)]
pub struct CommitSigner(std::sync::Arc<SignFn>);

/// Commit bytes in, armored signature (or why not) out.
type SignFn = dyn Fn(&[u8]) -> std::result::Result<String, String> + Send + Sync;

impl CommitSigner {
    pub fn new(
        f: impl Fn(&[u8]) -> std::result::Result<String, String> + Send + Sync + 'static,
    ) -> CommitSigner {
        CommitSigner(std::sync::Arc::new(f))
    }
}

impl std::fmt::Debug for CommitSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CommitSigner")
    }
}

impl Store {
    /// Writes a commit object (no ref moves), signed in a `gpgsig` header
    /// when `sign` is given, exactly as `git commit -S` with an SSH key.
    pub(super) fn commit_object(
        &self,
        (author, committer): (&Signature<'_>, &Signature<'_>),
        message: &str,
        tree: &Tree<'_>,
        parents: &[&git2::Commit<'_>],
        sign: Option<&CommitSigner>,
    ) -> Result<Oid> {
        let Some(sign) = sign else {
            return Ok(self
                .repo
                .commit(None, author, committer, message, tree, parents)?);
        };
        let buffer = self
            .repo
            .commit_create_buffer(author, committer, message, tree, parents)?;
        let text = std::str::from_utf8(&buffer)
            .map_err(|_| StoreError::CannotSignCommit("the commit is not UTF-8 text".into()))?;
        let signature = (sign.0)(&buffer).map_err(StoreError::CannotSignCommit)?;
        Ok(self
            .repo
            .commit_signed(text, signature.trim_end(), Some("gpgsig"))?)
    }
}
