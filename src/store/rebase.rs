//! Rebasing local-only store commits onto the remote's tip, so the store
//! branch stays linear ("require linear history" on a forge).
//!
//! Records are independent files, so a replay never conflicts: each local
//! commit is re-created on the new tip with the files it added, keeping its
//! author, author date and message, re-signed by the caller's
//! [`CommitSigner`]. A path that differs between the sides is an integrity
//! failure, never overwritten, and the result must hold exactly the union
//! of both trees.

use git2::{Oid, Signature, Time, Tree};

use super::diff::Delta;
use super::{CommitSigner, Result, Store, StoreError};

/// What [`Store::rebase_onto`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebased {
    /// The new tip (the remote's tip when nothing was left to replay).
    pub tip: String,
    /// How many commits were re-created.
    pub commits: usize,
    /// The newest commit both sides share (an ancestor of the old local
    /// tip and of the new one), if any.
    pub base: Option<String>,
}

impl Store {
    /// Re-creates the commits of `ours` that `theirs` lacks on top of
    /// `theirs`, oldest first, each adding the files it added (records are
    /// independent files, so a replay never conflicts), and returns the new
    /// tip. Each keeps its author, message and author date; the committer is
    /// `committer` (dated no earlier than the new parent), and each is signed
    /// with `sign` when given. Merge commits of an older, merge-shaped
    /// history are not replayed: they add nothing their parents lack. The
    /// result must hold exactly the union of both trees; a path that differs
    /// between the sides is an integrity failure, never overwritten.
    pub fn rebase_onto(
        &self,
        ours: &str,
        theirs: &str,
        committer: (&str, &str, i64),
        sign: Option<&CommitSigner>,
    ) -> Result<Rebased> {
        let mut walk = self.repo.revwalk()?;
        walk.push(Oid::from_str(ours)?)?;
        walk.hide(Oid::from_str(theirs)?)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        let mut tip = self.repo.find_commit(Oid::from_str(theirs)?)?;
        let mut replayed = 0;
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            if commit.parent_count() > 1 {
                continue;
            }
            let files = self.added_files(&commit, &tip.tree()?)?;
            if files.is_empty() {
                continue;
            }
            let tree = self.build_tree(Some(&tip.tree()?), &files)?;
            let tree = self.repo.find_tree(tree)?;
            let when = committer.2.max(tip.committer().when().seconds());
            let by = Signature::new(committer.0, committer.1, &Time::new(when, 0))?;
            let message = commit.message().unwrap_or("");
            let id = self.commit_object((&commit.author(), &by), message, &tree, &[&tip], sign)?;
            tip = self.repo.find_commit(id)?;
            replayed += 1;
        }
        // Nothing of either side may be missing from the result.
        let a = self.repo.find_commit(Oid::from_str(ours)?)?;
        let b = self.repo.find_commit(Oid::from_str(theirs)?)?;
        let union = self.union_tree(&a.tree()?, &b.tree()?, "")?;
        if union != tip.tree_id() {
            let mut deltas = Vec::new();
            let union = self.repo.find_tree(union)?;
            self.diff_trees(Some(&tip.tree()?), Some(&union), "", &mut deltas)?;
            let path = match deltas.into_iter().next() {
                Some(Delta::Added(e)) => e.path,
                Some(Delta::Deleted(p) | Delta::Modified(p)) => p,
                None => String::new(),
            };
            return Err(StoreError::Diverged { path });
        }
        let base = self.repo.merge_base(a.id(), b.id()).ok();
        Ok(Rebased {
            tip: tip.id().to_string(),
            commits: replayed,
            base: base.map(|b| b.to_string()),
        })
    }

    /// The files `commit` added against its parent that `base` does not
    /// hold yet. A file it changed or deleted, or one `base` holds with
    /// other bytes, is a divergence.
    fn added_files(
        &self,
        commit: &git2::Commit<'_>,
        base: &Tree<'_>,
    ) -> Result<std::collections::BTreeMap<String, Oid>> {
        let parent = commit.parents().next().map(|p| p.tree()).transpose()?;
        let mut deltas = Vec::new();
        self.diff_trees(parent.as_ref(), Some(&commit.tree()?), "", &mut deltas)?;
        let mut files = std::collections::BTreeMap::new();
        for d in deltas {
            let e = match d {
                Delta::Added(e) => e,
                Delta::Deleted(path) | Delta::Modified(path) => {
                    return Err(StoreError::Diverged { path });
                }
            };
            let id = Oid::from_str(&e.blob)?;
            match base.get_path(std::path::Path::new(&e.path)) {
                Ok(have) if have.id() == id && have.filemode_raw() == e.mode => {}
                Ok(_) => return Err(StoreError::Diverged { path: e.path }),
                Err(_) => {
                    files.insert(e.path, id);
                }
            }
        }
        Ok(files)
    }
}
