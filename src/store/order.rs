//! The store branch's history in one order that only the graph decides:
//! where each file arrived, and when each commit says it was made.
//!
//! A record's id and times are chosen by whoever wrote it; the place of the
//! commit that first added it is not (DESIGN §13, "Order comes from
//! history"). The order is taken from the commit graph alone, never from a
//! date: the branch's first-parent line from the root to the tip, and for
//! each commit of that line, first what it merged in that no earlier commit
//! of the line reaches (by generation within that part, then commit id),
//! then the commit itself. On a linear branch this is simply the order of
//! the commits. It is a topological order (a commit always comes after its
//! parents), it is the same in every clone that has the same tip, and it
//! only grows at the end while the old tip stays on the new tip's
//! first-parent line, which is what lets the index extend it commit by
//! commit ([`Store::arrivals_since`] returns `None` otherwise, and the
//! caller starts again from the root).
//!
//! A commit "introduces" a file when the file is in its tree and in none of
//! its parents' trees: a merge introduces nothing its sides already had.

use std::collections::{HashMap, HashSet};

use git2::{Oid, Tree};

use super::diff::Delta;
use super::{Result, Store};

/// One commit of the branch, in history order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub id: String,
    pub parents: Vec<String>,
    /// The commit's own date (committer time, seconds): what the writer
    /// says; the history bounds it (see `ledger::history`).
    pub time: i64,
    /// Paths (those `keep` wants) this commit introduced.
    pub added: Vec<String>,
}

impl Store {
    /// The commits reachable from `tip` and not from `since`, in history
    /// order (see the module comment), each with the paths it introduced
    /// that `keep` wants. `None` when `since` is given but is not on
    /// `tip`'s first-parent line (the branch was merged with the old tip
    /// as a second parent, or rewritten): the order of the new commits
    /// then depends on more than what was added, and the caller walks
    /// again from the root.
    pub fn arrivals_since(
        &self,
        tip: &str,
        since: Option<&str>,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Vec<Arrival>>> {
        let tip = Oid::from_str(tip)?;
        let since = since.map(Oid::from_str).transpose()?;
        if since == Some(tip) {
            return Ok(Some(Vec::new()));
        }
        let mut walk = self.repo.revwalk()?;
        walk.push(tip)?;
        if let Some(old) = since {
            if walk.hide(old).is_err() {
                return Ok(None);
            }
        }
        let mut parents: HashMap<Oid, Vec<Oid>> = HashMap::new();
        for oid in walk {
            let oid = oid?;
            let c = self.repo.find_commit(oid)?;
            parents.insert(oid, c.parent_ids().collect());
        }
        let Some(order) = history_order(tip, since, &parents) else {
            return Ok(None);
        };
        let mut checked = HashSet::new();
        let mut out = Vec::with_capacity(order.len());
        for oid in order {
            let commit = self.repo.find_commit(oid)?;
            self.check_deep(commit.tree_id(), "", &mut checked)?;
            let tree = commit.tree()?;
            let parent_trees: Vec<Tree<'_>> = commit
                .parents()
                .map(|p| p.tree())
                .collect::<std::result::Result<_, _>>()?;
            let mut deltas = Vec::new();
            self.diff_trees(parent_trees.first(), Some(&tree), "", &mut deltas)?;
            let added = deltas
                .into_iter()
                .filter_map(|d| match d {
                    Delta::Added(e) if keep(&e.path) => Some(e.path),
                    _ => None,
                })
                .filter(|p| {
                    parent_trees
                        .iter()
                        .skip(1)
                        .all(|t| t.get_path(std::path::Path::new(p)).is_err())
                })
                .collect();
            out.push(Arrival {
                id: oid.to_string(),
                parents: commit.parent_ids().map(|p| p.to_string()).collect(),
                time: commit.time().seconds(),
                added,
            });
        }
        Ok(Some(out))
    }
}

/// The commits of `parents` (every commit reachable from `tip` and not
/// from `since`, with its parents) in history order; `None` when `tip`'s
/// first-parent line leaves them anywhere but at `since`.
fn history_order(
    tip: Oid,
    since: Option<Oid>,
    parents: &HashMap<Oid, Vec<Oid>>,
) -> Option<Vec<Oid>> {
    let mut line = Vec::new();
    let mut at = Some(tip);
    while let Some(c) = at {
        let Some(ps) = parents.get(&c) else { break };
        line.push(c);
        at = ps.first().copied();
    }
    // Where the line left the new commits: the old tip, or (without one)
    // the root or a shallow clone's boundary.
    if since.is_some() && at != since {
        return None;
    }
    line.reverse();
    let mut placed: HashSet<Oid> = HashSet::new();
    let mut order = Vec::with_capacity(parents.len());
    for m in line {
        // What `m` reaches that no earlier commit of the line does.
        let mut part = Vec::new();
        let mut stack = vec![m];
        while let Some(c) = stack.pop() {
            let Some(ps) = parents.get(&c) else { continue };
            if !placed.insert(c) {
                continue;
            }
            part.push(c);
            stack.extend(ps.iter().copied());
        }
        let members: HashSet<Oid> = part.iter().copied().collect();
        let generation = generations(&part, &members, parents);
        part.sort_by_key(|c| (generation.get(c).copied().unwrap_or(0), *c));
        order.extend(part);
    }
    Some(order)
}

/// Each commit's generation within `members`: 1 + the largest of its
/// parents' in `members` (0 without one), computed without recursion.
fn generations(
    part: &[Oid],
    members: &HashSet<Oid>,
    parents: &HashMap<Oid, Vec<Oid>>,
) -> HashMap<Oid, u64> {
    let mut memo: HashMap<Oid, u64> = HashMap::new();
    let inside = |c: &Oid| -> Vec<Oid> {
        parents
            .get(c)
            .map(|ps| ps.iter().copied().filter(|p| members.contains(p)).collect())
            .unwrap_or_default()
    };
    for &start in part {
        let mut stack = vec![(start, false)];
        while let Some((c, ready)) = stack.pop() {
            if memo.contains_key(&c) {
                continue;
            }
            let ps = inside(&c);
            if ready {
                let g = ps.iter().filter_map(|p| memo.get(p)).max().map_or(0, |g| g + 1);
                memo.insert(c, g);
            } else {
                stack.push((c, true));
                stack.extend(
                    ps.into_iter()
                        .filter(|p| !memo.contains_key(p))
                        .map(|p| (p, false)),
                );
            }
        }
    }
    memo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    #[test]
    fn a_merge_places_its_side_before_itself_and_after_the_line_before_it() {
        // 1 ← 2 ← 4 (merge of 2 and 3), 1 ← 3.
        let parents: HashMap<Oid, Vec<Oid>> = [
            (oid(1), vec![]),
            (oid(2), vec![oid(1)]),
            (oid(3), vec![oid(1)]),
            (oid(4), vec![oid(2), oid(3)]),
        ]
        .into_iter()
        .collect();
        let order = history_order(oid(4), None, &parents).unwrap();
        assert_eq!(order, vec![oid(1), oid(2), oid(3), oid(4)]);
        // With the sides the other way round, 3 comes first.
        let mut swapped = parents.clone();
        swapped.insert(oid(4), vec![oid(3), oid(2)]);
        let order = history_order(oid(4), None, &swapped).unwrap();
        assert_eq!(order, vec![oid(1), oid(3), oid(2), oid(4)]);
    }

    #[test]
    fn an_old_tip_off_the_first_parent_line_asks_for_a_new_walk() {
        let parents: HashMap<Oid, Vec<Oid>> = [
            (oid(3), vec![oid(1)]),
            (oid(4), vec![oid(3), oid(2)]),
        ]
        .into_iter()
        .collect();
        assert!(history_order(oid(4), Some(oid(2)), &parents).is_none());
        assert!(history_order(oid(4), Some(oid(1)), &parents).is_some());
    }
}
