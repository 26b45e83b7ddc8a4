//! The store branch's history: every commit with what it added, changed
//! and deleted against each of its parents, and the append-only check
//! built on it (no reachable commit drops or alters a file of any parent).

use git2::Oid;

use super::order::Arrival;
use super::{Entry, Result, Store, StoreError};

/// A commit that does not carry one of its parents' files over unchanged
/// (see [`Store::rewrites`]).
#[derive(Debug, Clone)]
pub struct Rewrite {
    pub commit: String,
    pub path: String,
    /// True when the path is gone; false when its bytes or mode changed.
    pub deleted: bool,
}

/// A commit on the store branch, as the audit log reads it.
#[derive(Debug, Clone)]
pub struct LogCommit {
    pub id: String,
    pub parents: Vec<String>,
    pub author: String,
    pub email: String,
    pub time: i64,
    /// The committer time (seconds): what `ledger::history` bounds.
    pub committed: i64,
    pub message: String,
    /// Files this commit added relative to its first parent (or all, for a root).
    pub added: Vec<Entry>,
    /// Which of `added` are in none of the other parents either: what this
    /// commit introduced (a merge introduces nothing its sides already had).
    pub introduced: Vec<bool>,
    /// Paths of any parent that this commit modified (bytes or mode) or
    /// deleted: every parent counts, not only the first, so a merge cannot
    /// drop a file by taking an old parent's tree.
    pub changed: Vec<String>,
    pub deleted: Vec<String>,
}

impl Store {
    /// Commits reachable from `tip`, oldest first (topological, then time).
    pub fn history(&self, tip: &str) -> Result<Vec<LogCommit>> {
        let mut out = Vec::new();
        self.for_each_commit(tip, |c| -> Result<()> {
            out.push(c);
            Ok(())
        })?;
        Ok(out)
    }

    /// The commits reachable from `tip`, oldest first.
    fn walk_from(&self, tip: &str) -> Result<git2::Revwalk<'_>> {
        let mut walk = self.repo.revwalk()?;
        walk.push(Oid::from_str(tip)?)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        Ok(walk)
    }

    /// One commit of a history walk, every tree of it checked (`checked`
    /// spans the walk, so each distinct tree is read once).
    fn walked_commit(
        &self,
        oid: std::result::Result<Oid, git2::Error>,
        checked: &mut std::collections::HashSet<Oid>,
    ) -> Result<LogCommit> {
        let oid = oid?;
        self.check_deep(self.repo.find_commit(oid)?.tree_id(), "", checked)?;
        self.log_commit(oid)
    }

    fn log_commit(&self, oid: Oid) -> Result<LogCommit> {
        let commit = self.repo.find_commit(oid)?;
        let tree = commit.tree()?;
        let (mut added, mut changed, mut deleted) = (Vec::new(), Vec::new(), Vec::new());
        let mut elsewhere: Vec<std::collections::HashSet<String>> = Vec::new();
        // Append-only, edge by edge: every file of every parent is in this
        // commit with the same blob and mode. When that holds for every
        // commit, a file of any reachable commit is in the tip unchanged,
        // whatever shape the graph has (merges in any parent order, octopus
        // merges, a commit reusing an ancestor's tree).
        let parents: Vec<git2::Commit<'_>> = commit.parents().collect();
        let roots = [None];
        let bases: Vec<Option<&git2::Commit<'_>>> = if parents.is_empty() {
            roots.to_vec()
        } else {
            parents.iter().map(Some).collect()
        };
        for (i, parent) in bases.into_iter().enumerate() {
            let parent_tree = parent.map(git2::Commit::tree).transpose()?;
            let mut deltas = Vec::new();
            self.diff_trees(parent_tree.as_ref(), Some(&tree), "", &mut deltas)?;
            let mut new_here = std::collections::HashSet::new();
            for d in deltas {
                match d {
                    super::diff::Delta::Added(e) if i == 0 => added.push(e),
                    super::diff::Delta::Added(e) => {
                        new_here.insert(e.path);
                    }
                    super::diff::Delta::Deleted(p) => push_once(&mut deleted, p),
                    super::diff::Delta::Modified(p) => push_once(&mut changed, p),
                }
            }
            if i > 0 {
                elsewhere.push(new_here);
            }
        }
        // Added against the first parent and against every other one.
        let introduced = added
            .iter()
            .map(|e: &Entry| elsewhere.iter().all(|s| s.contains(&e.path)))
            .collect();
        let author = commit.author();
        Ok(LogCommit {
            id: oid.to_string(),
            parents: commit.parent_ids().map(|p| p.to_string()).collect(),
            author: author.name().unwrap_or("").to_string(),
            email: author.email().unwrap_or("").to_string(),
            time: author.when().seconds(),
            committed: commit.time().seconds(),
            message: commit.message().unwrap_or("").to_string(),
            added,
            introduced,
            changed,
            deleted,
        })
    }

    /// Like [`Store::history`], but hands each commit to `each` as soon as it
    /// is read, so a reader can print the first events before the last
    /// commit's changes are computed (`log` on a large store).
    /// `each`'s own errors pass through unchanged; the store's are converted
    /// into the same type.
    pub fn for_each_commit<E: From<StoreError>>(
        &self,
        tip: &str,
        each: impl FnMut(LogCommit) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_commit_since(tip, None, each)
    }

    /// [`Store::for_each_commit`], leaving out the commits reachable from
    /// `since` (already checked).
    pub fn for_each_commit_since<E: From<StoreError>>(
        &self,
        tip: &str,
        since: Option<&str>,
        mut each: impl FnMut(LogCommit) -> Result<(), E>,
    ) -> Result<(), E> {
        // Every tree of every commit is well formed, or the diffs could be
        // shown one copy of a folder and the loads another.
        let mut checked = std::collections::HashSet::new();
        let mut walk = self.walk_from(tip)?;
        if let Some(old) = since {
            walk.hide(Oid::from_str(old).map_err(StoreError::from)?)
                .map_err(StoreError::from)?;
        }
        for oid in walk {
            each(self.walked_commit(oid, &mut checked)?)?;
        }
        Ok(())
    }

    /// Every commit reachable from `tip` (all parents of every merge) that
    /// does not carry a parent's file over unchanged, oldest first: the one
    /// append-only check `verify`, `sync`, `gate --fetch` and `log` share.
    pub fn rewrites(&self, tip: &str) -> Result<Vec<Rewrite>> {
        Ok(self.rewrites_since(tip, None, &|_| false)?.0)
    }

    /// [`Store::rewrites`] for the commits not reachable from `since`, and,
    /// from the same walk, each of those commits as an [`Arrival`] with the
    /// paths `keep` wants that it introduced, every commit after its
    /// parents (a topological order: enough to bound times along the
    /// history, not the history order of `store::order`, which places
    /// versions).
    pub fn rewrites_since(
        &self,
        tip: &str,
        since: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<(Vec<Rewrite>, Vec<Arrival>)> {
        let mut out = Vec::new();
        let mut arrivals = Vec::new();
        self.for_each_commit_since(tip, since, |c| -> Result<()> {
            for (paths, deleted) in [(c.changed, false), (c.deleted, true)] {
                out.extend(paths.into_iter().map(|path| Rewrite {
                    commit: c.id.clone(),
                    path,
                    deleted,
                }));
            }
            let added = c
                .added
                .into_iter()
                .zip(c.introduced)
                .filter(|(e, new)| *new && keep(&e.path))
                .map(|(e, _)| e.path)
                .collect();
            arrivals.push(Arrival {
                id: c.id,
                parents: c.parents,
                time: c.committed,
                authored: c.time,
                added,
            });
            Ok(())
        })?;
        Ok((out, arrivals))
    }

    /// Paths of `old`'s tree that `new`'s tree lacks or holds with other
    /// bytes or mode (what a move from `old` to `new` would lose).
    pub fn lost_between(&self, old: &str, new: &str) -> Result<Vec<String>> {
        let a = self.tree_of(old)?;
        let b = self.tree_of(new)?;
        let diff = self.repo.diff_tree_to_tree(Some(&a), Some(&b), None)?;
        Ok(diff
            .deltas()
            .filter(|d| !matches!(d.status(), git2::Delta::Added | git2::Delta::Unmodified))
            .filter_map(|d| {
                d.old_file()
                    .path()
                    .map(|p| p.to_string_lossy().into_owned())
            })
            .collect())
    }
}

fn push_once(list: &mut Vec<String>, path: String) {
    if !list.contains(&path) {
        list.push(path);
    }
}

impl Store {
    /// A commit's author time as RFC 3339.
    #[must_use]
    pub fn history_time(&self, commit: &str) -> Option<String> {
        let c = self.repo.find_commit(Oid::from_str(commit).ok()?).ok()?;
        jiff::Timestamp::from_second(c.author().when().seconds())
            .ok()
            .map(|t| t.to_string())
    }
}
