//! The store branch's history in one order that only the graph decides:
//! where each file arrived, and when each commit says it was made.
//!
//! A record's id and times are chosen by whoever wrote it; the place of the
//! commit that first added it is not (DESIGN §13, "Order comes from
//! history"). The order is taken from the shape of the commit graph alone,
//! never from a date, a name or a commit id: each commit comes after the
//! histories of its parents, taken in the order of its parents (first
//! parent first), so a merge places what its second parent brought after
//! everything of its first parent's line. On a linear branch this is
//! simply the order of the commits. It is a topological order (a commit
//! always comes after its parents), it is the same in every clone that has
//! the same tip, and it only grows at the end while the old tip stays on
//! the new tip's first-parent line, which is what lets the index extend it
//! commit by commit ([`Store::arrivals_since`] returns `None` otherwise, and
//! the caller starts again from the root).
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
    /// The commit's author date (seconds): kept when `sync` replays a
    /// commit made offline onto a newer tip.
    pub authored: i64,
    /// Paths (those `keep` wants) this commit introduced.
    pub added: Vec<String>,
}

impl Store {
    /// A commit's own date (committer time, seconds), if it exists.
    #[must_use]
    pub fn commit_time(&self, commit: &str) -> Option<i64> {
        let c = self.repo.find_commit(Oid::from_str(commit).ok()?).ok()?;
        Some(c.time().seconds())
    }

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
            // The first parent's trees were checked before (earlier in
            // this walk, or when the index took `since`): only what this
            // commit changed is checked again.
            let first = commit.parents().next().map(|p| p.tree_id());
            self.check_changed(commit.tree_id(), first, "", &mut checked)?;
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
                authored: commit.author().when().seconds(),
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
    let mut at = Some(tip);
    let mut last = None;
    while let Some(c) = at {
        let Some(ps) = parents.get(&c) else { break };
        last = Some(c);
        at = ps.first().copied();
    }
    // Where the line left the new commits: the old tip, or (without one)
    // the root or a shallow clone's boundary.
    if since.is_some() && at != since || last.is_none() {
        return None;
    }
    // Each commit after its parents' histories, taken in the order of its
    // parents (first parent first): a post-order walk, without recursion
    // (the first-parent line is as long as the history).
    let mut order = Vec::with_capacity(parents.len());
    let mut seen: HashSet<Oid> = HashSet::from([tip]);
    let mut stack: Vec<(Oid, usize)> = vec![(tip, 0)];
    while let Some((c, next)) = stack.last_mut() {
        let ps = &parents[c];
        if let Some(p) = ps.get(*next).copied() {
            *next += 1;
            if parents.contains_key(&p) && seen.insert(p) {
                stack.push((p, 0));
            }
        } else {
            order.push(*c);
            stack.pop();
        }
    }
    Some(order)
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
        let parents: HashMap<Oid, Vec<Oid>> =
            [(oid(3), vec![oid(1)]), (oid(4), vec![oid(3), oid(2)])]
                .into_iter()
                .collect();
        assert!(history_order(oid(4), Some(oid(2)), &parents).is_none());
        assert!(history_order(oid(4), Some(oid(1)), &parents).is_some());
    }

    mod props {
        //! Generated histories, linear and merged, whose commits carry
        //! planted record names and dates: the order never follows them.

        use super::super::*;
        use proptest::prelude::*;

        /// A history: each commit after the root has a first parent among
        /// the commits before it and maybe a second one (a merge), adds
        /// one file named by `names`, and is dated by `dates`.
        #[derive(Debug, Clone)]
        struct Shape {
            parents: Vec<(usize, Option<usize>)>,
        }

        fn shape() -> impl Strategy<Value = Shape> {
            (1usize..10)
                .prop_flat_map(|n| {
                    prop::collection::vec(
                        (
                            any::<prop::sample::Index>(),
                            any::<Option<prop::sample::Index>>(),
                        ),
                        n,
                    )
                })
                .prop_map(|picks| Shape {
                    parents: picks
                        .into_iter()
                        .enumerate()
                        .map(|(i, (a, b))| {
                            // Commit i + 1 picks among commits 0..=i.
                            (a.index(i + 1), b.map(|b| b.index(i + 1)))
                        })
                        .collect(),
                })
        }

        /// Builds the history in a fresh repository; returns the tip and
        /// the commit ids in creation order.
        fn build(
            repo: &git2::Repository,
            shape: &Shape,
            names: &[String],
            dates: &[i64],
        ) -> (Oid, Vec<Oid>) {
            let mut commits: Vec<Oid> = Vec::new();
            let mut heads = vec![];
            let n = shape.parents.len() + 1;
            for i in 0..n {
                let parents: Vec<Oid> = if i == 0 {
                    Vec::new()
                } else {
                    let (a, b) = shape.parents[i - 1];
                    let mut ps = vec![commits[a]];
                    if let Some(b) = b.filter(|b| *b != a) {
                        ps.push(commits[b]);
                    }
                    ps
                };
                // The tree: every file of every parent, plus this commit's.
                let mut files: std::collections::BTreeMap<String, Oid> =
                    std::collections::BTreeMap::new();
                for p in &parents {
                    let tree = repo.find_commit(*p).unwrap().tree().unwrap();
                    for e in &tree {
                        files.insert(e.name().unwrap().to_string(), e.id());
                    }
                }
                let blob = repo.blob(names[i].as_bytes()).unwrap();
                files.insert(format!("{}.toml", names[i]), blob);
                let mut tb = repo.treebuilder(None).unwrap();
                for (name, id) in &files {
                    tb.insert(name, *id, 0o100_644).unwrap();
                }
                let tree = repo.find_tree(tb.write().unwrap()).unwrap();
                let sig = git2::Signature::new("t", "t@example.com", &git2::Time::new(dates[i], 0))
                    .unwrap();
                let ps: Vec<git2::Commit<'_>> = parents
                    .iter()
                    .map(|p| repo.find_commit(*p).unwrap())
                    .collect();
                let refs: Vec<&git2::Commit<'_>> = ps.iter().collect();
                let id = repo
                    .commit(None, &sig, &sig, &format!("c{i}"), &tree, &refs)
                    .unwrap();
                commits.push(id);
                heads.push(id);
            }
            // The tip: a merge of every commit nothing else has as a parent,
            // so the whole history is reachable (first parent: the last one).
            let mut children: HashSet<Oid> = HashSet::new();
            for i in 1..n {
                let (a, b) = shape.parents[i - 1];
                children.insert(commits[a]);
                if let Some(b) = b {
                    children.insert(commits[b]);
                }
            }
            let mut tips: Vec<Oid> = commits
                .iter()
                .copied()
                .filter(|c| !children.contains(c))
                .collect();
            tips.reverse();
            if tips.len() == 1 {
                return (tips[0], commits);
            }
            let mut files: std::collections::BTreeMap<String, Oid> =
                std::collections::BTreeMap::new();
            for p in &tips {
                for e in &repo.find_commit(*p).unwrap().tree().unwrap() {
                    files.insert(e.name().unwrap().to_string(), e.id());
                }
            }
            let mut tb = repo.treebuilder(None).unwrap();
            for (name, id) in &files {
                tb.insert(name, *id, 0o100_644).unwrap();
            }
            let tree = repo.find_tree(tb.write().unwrap()).unwrap();
            let sig =
                git2::Signature::new("t", "t@example.com", &git2::Time::new(dates[0], 0)).unwrap();
            let ps: Vec<git2::Commit<'_>> =
                tips.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
            let refs: Vec<&git2::Commit<'_>> = ps.iter().collect();
            let tip = repo.commit(None, &sig, &sig, "tip", &tree, &refs).unwrap();
            (tip, commits)
        }

        /// The creation index of each commit (the tip merge: `n`), in
        /// history order, and each commit's files in that order.
        fn order(shape: &Shape, names: &[String], dates: &[i64]) -> (Vec<usize>, Vec<String>) {
            let dir = tempfile::tempdir().unwrap();
            let repo = git2::Repository::init_bare(dir.path()).unwrap();
            let (tip, commits) = build(&repo, shape, names, dates);
            let store = Store::open(Some(dir.path()), "signoff").unwrap();
            let arrivals = store
                .arrivals_since(&tip.to_string(), None, &|_| true)
                .unwrap()
                .unwrap();
            // Parents always come before their children.
            let place: HashMap<&str, usize> = arrivals
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect();
            for a in &arrivals {
                for p in &a.parents {
                    assert!(place[p.as_str()] < place[a.id.as_str()]);
                }
            }
            let created: Vec<usize> = arrivals
                .iter()
                .map(|a| {
                    commits
                        .iter()
                        .position(|c| c.to_string() == a.id)
                        .unwrap_or(commits.len())
                })
                .collect();
            let files = arrivals.into_iter().flat_map(|a| a.added).collect();
            (created, files)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            #[test]
            fn the_order_follows_the_graph_never_names_or_dates(
                shape in shape(),
                seed in any::<u64>(),
            ) {
                let n = shape.parents.len() + 1;
                // Two plantings of the same graph: record names (ids dated
                // anywhere) and commit dates in opposite orders.
                let names_a: Vec<String> = (0..n)
                    .map(|i| format!("r{:016x}", seed.wrapping_mul(i as u64 + 7)))
                    .collect();
                let names_b: Vec<String> = names_a.iter().rev().cloned().collect();
                let dates_a: Vec<i64> = (0..n).map(|i| 1_700_000_000 + i64::try_from(i).unwrap() * 1000).collect();
                let dates_b: Vec<i64> = (0..n).map(|i| 7_258_118_400 - i64::try_from(i).unwrap() * 1000).collect();
                let (first, files_a) = order(&shape, &names_a, &dates_a);
                let (second, files_b) = order(&shape, &names_b, &dates_b);
                prop_assert_eq!(&first, &second);
                // Each file comes where its commit does.
                let expect = |names: &[String]| -> Vec<String> {
                    first.iter().filter(|c| **c < n).map(|c| format!("{}.toml", names[*c])).collect()
                };
                prop_assert_eq!(files_a, expect(&names_a));
                prop_assert_eq!(files_b, expect(&names_b));
            }
        }
    }
}
