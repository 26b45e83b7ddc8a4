//! Reading the store branch folder by folder: what changed between two
//! trees, stopping at request folders ("units", `layout::unit_of`).
//!
//! Git trees are content-addressed: a folder whose files did not change
//! keeps its tree id. [`Store::changes`] compares two root trees the way
//! `git diff-tree` does, descending only into folders whose ids differ, and
//! reports each changed unit by its new tree id without reading inside it;
//! files outside units are reported one by one. With no old tree, every
//! unit and file is "changed", which is how a full load enumerates the
//! store. Every tree read on the new side is checked (`tree::check`), as
//! every other read of the store is.

use git2::{ObjectType, Oid, Tree};

use super::tree::check;
use super::{Entry, Result, Store};

/// What differs between two trees of the store branch.
#[derive(Debug, Default)]
pub struct Changes {
    /// Units added or changed: folder path and its tree id at the new tip.
    pub units: Vec<(String, String)>,
    /// Units no longer at the new tip.
    pub gone_units: Vec<String>,
    /// Files (anything that is not a folder) outside units, added or
    /// changed.
    pub files: Vec<Entry>,
    /// Files outside units no longer at the new tip.
    pub gone_files: Vec<String>,
}

impl Store {
    /// What changed from `old` (a commit, or nothing: everything is new) to
    /// the commit `new`. `is_unit(dir, name)` says whether the folder
    /// `name` inside `dir` is a unit.
    pub fn changes(
        &self,
        old: Option<&str>,
        new: &str,
        is_unit: &dyn Fn(&str, &str) -> bool,
    ) -> Result<Changes> {
        let new_root = self.checked_root(new)?;
        let old_root = match old {
            Some(c) => Some(self.repo.find_commit(Oid::from_str(c)?)?.tree()?),
            None => None,
        };
        let mut out = Changes::default();
        self.compare(old_root.as_ref(), Some(&new_root), "", is_unit, &mut out)?;
        Ok(out)
    }

    /// Every file of the unit whose tree is `tree`, at `dir`, checked.
    pub fn unit_files(&self, tree: &str, dir: &str) -> Result<Vec<Entry>> {
        let tree = self.repo.find_tree(Oid::from_str(tree)?)?;
        check(&tree, dir)?;
        let mut out = Vec::new();
        self.walk_checked(&tree, &format!("{dir}/"), &mut out)?;
        Ok(out)
    }

    fn compare(
        &self,
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        dir: &str,
        is_unit: &dyn Fn(&str, &str) -> bool,
        out: &mut Changes,
    ) -> Result<()> {
        let base = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        // Entries of the new tree, each matched with the old entry of the
        // same name and kind; old entries left over are gone.
        let mut old_left: std::collections::HashMap<Vec<u8>, (Oid, i32, bool)> = old
            .map(|t| {
                t.iter()
                    .map(|e| {
                        (
                            e.name_bytes().to_vec(),
                            (e.id(), e.filemode_raw(), e.kind() == Some(ObjectType::Tree)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(new) = new {
            for e in new {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                let path = format!("{base}{name}");
                let is_tree = e.kind() == Some(ObjectType::Tree);
                let before = old_left.remove(e.name_bytes());
                let same = before.is_some_and(|(id, mode, t)| {
                    id == e.id() && mode == e.filemode_raw() && t == is_tree
                });
                if same {
                    continue;
                }
                // A folder that was a file (or the reverse): the old one is
                // gone and the new one is new.
                let old_tree = match before {
                    Some((id, _, true)) if is_tree => Some(id),
                    Some((_, _, was_tree)) => {
                        self.gone(was_tree, before.map(|b| b.0), dir, &name, is_unit, out)?;
                        None
                    }
                    None => None,
                };
                if !is_tree {
                    out.files.push(Entry {
                        path,
                        blob: e.id().to_string(),
                        mode: e.filemode_raw(),
                    });
                } else if is_unit(dir, &name) {
                    out.units.push((path, e.id().to_string()));
                } else {
                    let sub = self.repo.find_tree(e.id())?;
                    check(&sub, &path)?;
                    let old_sub = old_tree.map(|id| self.repo.find_tree(id)).transpose()?;
                    self.compare(old_sub.as_ref(), Some(&sub), &path, is_unit, out)?;
                }
            }
        }
        let mut left: Vec<_> = old_left.into_iter().collect();
        left.sort();
        for (name, (id, _, was_tree)) in left {
            let name = String::from_utf8_lossy(&name).into_owned();
            self.gone(was_tree, Some(id), dir, &name, is_unit, out)?;
        }
        Ok(())
    }

    /// Reports everything at the old entry `name` in `dir` as gone.
    fn gone(
        &self,
        was_tree: bool,
        id: Option<Oid>,
        dir: &str,
        name: &str,
        is_unit: &dyn Fn(&str, &str) -> bool,
        out: &mut Changes,
    ) -> Result<()> {
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        if !was_tree {
            out.gone_files.push(path);
        } else if is_unit(dir, name) {
            out.gone_units.push(path);
        } else if let Some(id) = id {
            let sub = self.repo.find_tree(id)?;
            self.compare(Some(&sub), None, &path, is_unit, out)?;
        }
        Ok(())
    }
}
