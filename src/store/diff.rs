//! Comparing two trees file by file, as `git diff-tree -r` does: which
//! files one commit added, changed (bytes or mode) or removed against a
//! parent.
//!
//! Both trees are walked side by side in git's order, and a folder whose id
//! is the same on both sides is skipped without being read, so a commit
//! that touches a few request folders costs a few small tree reads however
//! large the store is. A file that became a folder (or the reverse) is a
//! removal plus additions, as git reports it. Trees are well formed here
//! (every tree of every walked commit is checked first, `tree::check`), so
//! each name appears once per tree, in order.

use git2::{ObjectType, Oid, Tree, TreeEntry};

use super::tree::git_order;
use super::{Entry, Result, Store};

/// One difference between a parent's tree and a commit's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Delta {
    Added(Entry),
    Deleted(String),
    Modified(String),
}

/// A tree entry's name, kind, id and mode.
struct Item<'n> {
    name: &'n [u8],
    is_tree: bool,
    id: Oid,
    mode: i32,
}

impl Item<'_> {
    fn of<'e>(e: &'e TreeEntry<'_>) -> Item<'e> {
        Item {
            name: e.name_bytes(),
            is_tree: e.kind() == Some(ObjectType::Tree),
            id: e.id(),
            mode: e.filemode_raw(),
        }
    }
}

impl Store {
    /// Every file-level difference from `old` to `new` under `base` (a
    /// folder path ending in `/`, or empty), appended to `out` in git's
    /// order. Entries are read in place (no copy of a tree's names): a
    /// wide tree of which one entry changed costs one comparison per entry.
    pub(super) fn diff_trees(
        &self,
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        base: &str,
        out: &mut Vec<Delta>,
    ) -> Result<()> {
        use std::cmp::Ordering;
        let (mut at_old, mut at_new) = (0, 0);
        loop {
            let x = old.and_then(|t| t.get(at_old));
            let y = new.and_then(|t| t.get(at_new));
            let order = match (&x, &y) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(x), Some(y)) => {
                    let (x, y) = (Item::of(x), Item::of(y));
                    git_order(x.name, x.is_tree, y.name, y.is_tree)
                }
            };
            let (x, y) = (x.as_ref().map(Item::of), y.as_ref().map(Item::of));
            match (order, x, y) {
                (Ordering::Equal, Some(x), Some(y)) => {
                    if x.is_tree {
                        if x.id != y.id {
                            let path = format!("{base}{}/", String::from_utf8_lossy(y.name));
                            let (t1, t2) = (self.repo.find_tree(x.id)?, self.repo.find_tree(y.id)?);
                            self.diff_trees(Some(&t1), Some(&t2), &path, out)?;
                        }
                    } else if x.id != y.id || x.mode != y.mode {
                        out.push(Delta::Modified(format!(
                            "{base}{}",
                            String::from_utf8_lossy(y.name)
                        )));
                    }
                    at_old += 1;
                    at_new += 1;
                }
                (Ordering::Less, Some(x), _) => {
                    self.side(&x, base, false, out)?;
                    at_old += 1;
                }
                (_, _, y) => {
                    // Greater: only the new side has an entry here.
                    if let Some(y) = y {
                        self.side(&y, base, true, out)?;
                    }
                    at_new += 1;
                }
            }
        }
        Ok(())
    }

    /// An entry on one side only: every file under it added (`added`) or
    /// removed.
    fn side(&self, e: &Item<'_>, base: &str, added: bool, out: &mut Vec<Delta>) -> Result<()> {
        let path = format!("{base}{}", String::from_utf8_lossy(e.name));
        if e.is_tree {
            let t = self.repo.find_tree(e.id)?;
            let base = format!("{path}/");
            return if added {
                self.diff_trees(None, Some(&t), &base, out)
            } else {
                self.diff_trees(Some(&t), None, &base, out)
            };
        }
        out.push(if added {
            Delta::Added(Entry {
                path,
                blob: e.id.to_string(),
                mode: e.mode,
            })
        } else {
            Delta::Deleted(path)
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deltas libgit2's own tree diff gives, in the same form.
    fn libgit2(repo: &git2::Repository, a: Option<&Tree<'_>>, b: &Tree<'_>) -> Vec<Delta> {
        let diff = repo.diff_tree_to_tree(a, Some(b), None).unwrap();
        diff.deltas()
            .map(|d| {
                let path = d
                    .new_file()
                    .path()
                    .or_else(|| d.old_file().path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                match d.status() {
                    git2::Delta::Added => Delta::Added(Entry {
                        path,
                        blob: d.new_file().id().to_string(),
                        mode: i32::try_from(u32::from(d.new_file().mode())).unwrap(),
                    }),
                    git2::Delta::Deleted => Delta::Deleted(path),
                    _ => Delta::Modified(path),
                }
            })
            .collect()
    }

    /// Builds a tree from `(path, content, mode)` files.
    fn tree(repo: &git2::Repository, files: &[(&str, &str, i32)]) -> Oid {
        let mut idx = git2::Index::new().unwrap();
        for (path, body, mode) in files {
            let id = repo.blob(body.as_bytes()).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: u32::try_from(*mode).unwrap(),
                uid: 0,
                gid: 0,
                file_size: 0,
                id,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            idx.add(&entry).unwrap();
        }
        idx.write_tree_to(repo).unwrap()
    }

    #[test]
    fn the_same_deltas_as_libgit2() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(dir.path()).unwrap();
        let f = 0o100_644;
        let exe = 0o100_755;
        let before = [
            ("a", "1", f),
            ("a.b", "2", f),
            ("d/e/f", "3", f),
            ("d/e/g", "4", f),
            ("d/h", "5", f),
            ("k", "6", f),
            ("m/n", "7", f),
            ("z", "8", f),
        ];
        let after = [
            ("a", "1", exe),    // mode changed
            ("a.b", "2b", f),   // bytes changed
            ("d/e/f", "3", f),  // untouched folder part
            ("d/e/g2", "4", f), // renamed: one removed, one added
            ("d/h/i", "5", f),  // a file became a folder
            ("k/l", "6", f),    // ditto, at the top
            ("m", "7", f),      // a folder became a file
            ("new/deep/q", "9", f),
        ];
        let (one, two) = (tree(&repo, &before), tree(&repo, &after));
        let store = Store::new(
            git2::Repository::open_bare(dir.path()).unwrap(),
            "signoff".into(),
        );
        let (first, second) = (repo.find_tree(one).unwrap(), repo.find_tree(two).unwrap());
        for (old, new) in [
            (Some(&first), &second),
            (Some(&second), &first),
            (None, &second),
        ] {
            let mut ours = Vec::new();
            let old2 = old.map(|t| store.repo.find_tree(t.id()).unwrap());
            let new2 = store.repo.find_tree(new.id()).unwrap();
            store
                .diff_trees(old2.as_ref(), Some(&new2), "", &mut ours)
                .unwrap();
            let mut theirs = libgit2(&repo, old, new);
            let key = |d: &Delta| match d {
                Delta::Added(e) => (e.path.clone(), 0),
                Delta::Deleted(p) => (p.clone(), 1),
                Delta::Modified(p) => (p.clone(), 2),
            };
            ours.sort_by_key(key);
            theirs.sort_by_key(key);
            assert_eq!(ours, theirs);
        }
    }
}
