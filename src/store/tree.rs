//! Well-formed trees: the one way the store reads a folder of its branch.
//!
//! git itself never writes a tree with two entries of the same name, or with
//! entries out of git's order, but plumbing can (`git hash-object -t tree
//! --literally`). libgit2 reads such a tree without complaint, and its
//! readers then disagree: a diff walks the entries in stored order, a
//! lookup by name binary-searches and finds one copy, a full walk sees both.
//! Someone with push access could show the gate one copy of a folder and
//! the append-only check another. So every tree the store reads is checked
//! here first, and a malformed one is an integrity failure: nothing is read
//! from it.

use std::collections::HashSet;
use std::path::Path;

use git2::{ObjectType, Oid, Tree, TreeEntry};

use super::{Entry, Result, Store, StoreError};

/// Checks one tree's own entries: valid names, strictly in git's order, no
/// name twice. `at` names the folder for messages (`""` for the root).
pub(super) fn check(tree: &Tree<'_>, at: &str) -> Result<()> {
    // Entries are read in place: a wide tree costs no copy of its names.
    let entries: Vec<_> = tree.iter().collect();
    // A blob and a folder may share a name and still sort apart ("a" before
    // "a.b" before "a/"), so repeated names are looked for on their own.
    let mut names: HashSet<&[u8]> = HashSet::with_capacity(entries.len());
    let mut previous: Option<(&[u8], bool)> = None;
    for e in &entries {
        let name = e.name_bytes();
        let shown = || String::from_utf8_lossy(name).into_owned();
        let is_tree = e.kind() == Some(ObjectType::Tree);
        if name.is_empty()
            || name == b"."
            || name == b".."
            || name.contains(&b'/')
            || name.contains(&0)
        {
            return Err(malformed(at, &format!("an entry named {:?}", shown())));
        }
        if let Some((prev, prev_tree)) = previous {
            if git_order(prev, prev_tree, name, is_tree) != std::cmp::Ordering::Less {
                return Err(malformed(
                    at,
                    &format!("entries out of order at {:?}", shown()),
                ));
            }
        }
        if !names.insert(name) {
            return Err(malformed(at, &format!("two entries named {:?}", shown())));
        }
        previous = Some((name, is_tree));
    }
    Ok(())
}

/// git's tree order: names compared byte by byte, a folder's name as if it
/// ended in '/'.
pub(super) fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let a = a.iter().copied().chain(a_tree.then_some(b'/'));
    let b = b.iter().copied().chain(b_tree.then_some(b'/'));
    a.cmp(b)
}

fn malformed(at: &str, what: &str) -> StoreError {
    StoreError::MalformedTree {
        at: at.to_string(),
        what: what.to_string(),
    }
}

impl Store {
    /// The root tree of `commit`, checked.
    pub(super) fn checked_root(&self, commit: &str) -> Result<Tree<'_>> {
        let oid = Oid::from_str(commit)?;
        let tree = self.repo.find_commit(oid)?.tree()?;
        check(&tree, "")?;
        Ok(tree)
    }

    /// The entry at `path` in the tree of `commit`, every folder on the way
    /// checked; `None` when absent.
    pub(super) fn entry_at(&self, commit: &str, path: &str) -> Result<Option<TreeEntry<'static>>> {
        let mut tree = self.checked_root(commit)?;
        let parts: Vec<&str> = Path::new(path)
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        for (i, part) in parts.iter().enumerate() {
            let Some(e) = tree.get_name(part).map(|e| e.to_owned()) else {
                return Ok(None);
            };
            if i + 1 == parts.len() {
                return Ok(Some(e));
            }
            if e.kind() != Some(ObjectType::Tree) {
                return Ok(None);
            }
            tree = self.repo.find_tree(e.id())?;
            check(&tree, &parts[..=i].join("/"))?;
        }
        Ok(None)
    }

    /// The folder at `path` in the tree of `commit` (the root for `""`),
    /// checked; `None` when absent or not a folder.
    pub(super) fn folder_at(&self, commit: &str, path: &str) -> Result<Option<Tree<'_>>> {
        let path = path.trim_matches('/');
        if path.is_empty() {
            return self.checked_root(commit).map(Some);
        }
        match self.entry_at(commit, path)? {
            Some(e) if e.kind() == Some(ObjectType::Tree) => {
                let tree = self.repo.find_tree(e.id())?;
                check(&tree, path)?;
                Ok(Some(tree))
            }
            _ => Ok(None),
        }
    }

    /// Every entry that is not a folder under `tree`, depth first in tree
    /// order, each folder checked on the way.
    pub(super) fn walk_checked(
        &self,
        tree: &Tree<'_>,
        base: &str,
        out: &mut Vec<Entry>,
    ) -> Result<()> {
        for e in tree {
            let name = e.name().map_err(|_| {
                malformed(
                    base.trim_end_matches('/'),
                    "an entry name that is not UTF-8",
                )
            })?;
            let path = format!("{base}{name}");
            if e.kind() == Some(ObjectType::Tree) {
                let sub = self.repo.find_tree(e.id())?;
                check(&sub, &path)?;
                self.walk_checked(&sub, &format!("{path}/"), out)?;
            } else {
                out.push(Entry {
                    path,
                    blob: e.id().to_string(),
                    mode: e.filemode_raw(),
                });
            }
        }
        Ok(())
    }

    /// Checks every tree under `id` not checked before (`seen` spans a whole
    /// history walk, so each distinct tree is read once).
    /// Checks the trees of `id` that differ from `old` (the same place in
    /// the first parent's tree, checked before) and were not `seen`: what
    /// one commit changed, so extending the history by a commit costs what
    /// it wrote, not the whole store. With no `old`, every tree.
    pub(super) fn check_changed(
        &self,
        id: Oid,
        old: Option<Oid>,
        at: &str,
        seen: &mut HashSet<Oid>,
    ) -> Result<()> {
        if old == Some(id) || !seen.insert(id) {
            return Ok(());
        }
        let tree = self.repo.find_tree(id)?;
        check(&tree, at.trim_end_matches('/'))?;
        let before = old.map(|o| self.repo.find_tree(o)).transpose()?;
        for e in &tree {
            if e.kind() == Some(ObjectType::Tree) {
                let prev = before
                    .as_ref()
                    .and_then(|t| t.get_name_bytes(e.name_bytes()))
                    .filter(|p| p.kind() == Some(ObjectType::Tree))
                    .map(|p| p.id());
                if prev == Some(e.id()) {
                    // Unchanged: checked with the parent (as the call
                    // below would find at once, without naming it).
                    continue;
                }
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                self.check_changed(e.id(), prev, &format!("{at}{name}/"), seen)?;
            }
        }
        Ok(())
    }

    pub(super) fn check_deep(&self, id: Oid, at: &str, seen: &mut HashSet<Oid>) -> Result<()> {
        if !seen.insert(id) {
            return Ok(());
        }
        let tree = self.repo.find_tree(id)?;
        check(&tree, at.trim_end_matches('/'))?;
        for e in &tree {
            if e.kind() == Some(ObjectType::Tree) {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                self.check_deep(e.id(), &format!("{at}{name}/"), seen)?;
            }
        }
        Ok(())
    }
}

/// Lookups of file blob ids in one commit's tree, each folder read and
/// checked once however many files are looked up in it (`log` asks for
/// every record of the tip).
pub struct FilesAt<'a> {
    store: &'a Store,
    root: Tree<'a>,
    folders: std::collections::HashMap<String, Option<Tree<'a>>>,
}

impl Store {
    /// Blob lookups in the tree of `commit` (see [`FilesAt`]).
    pub fn files_at(&self, commit: &str) -> Result<FilesAt<'_>> {
        Ok(FilesAt {
            store: self,
            root: self.checked_root(commit)?,
            folders: std::collections::HashMap::new(),
        })
    }
}

impl<'a> FilesAt<'a> {
    fn folder(&mut self, dir: &str) -> Result<Option<Tree<'a>>> {
        if dir.is_empty() {
            return Ok(Some(self.root.clone()));
        }
        if let Some(t) = self.folders.get(dir) {
            return Ok(t.clone());
        }
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        let found = match self.folder(parent)? {
            Some(p) => match p.get_name(name) {
                Some(e) if e.kind() == Some(ObjectType::Tree) => {
                    let tree = self.store.repo.find_tree(e.id())?;
                    check(&tree, dir)?;
                    Some(tree)
                }
                _ => None,
            },
            None => None,
        };
        // Bounded: a walk asks folder by folder, so a small cache keeps
        // nearly every hit without holding every folder of a large store.
        if self.folders.len() >= 8192 {
            self.folders.clear();
        }
        self.folders.insert(dir.to_string(), found.clone());
        Ok(found)
    }

    /// The blob id of the file at `path`; `None` when absent or not a file.
    pub fn blob(&mut self, path: &str) -> Result<Option<String>> {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        Ok(self.folder(dir)?.and_then(|t| {
            t.get_name(name)
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| e.id().to_string())
        }))
    }
}
