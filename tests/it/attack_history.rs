//! Attacks on the store branch's history and tree by someone with push
//! access and no key (issue 10, parts 1 and 2): merges that take an old
//! tree, octopus merges, rewrites in this clone, another store on the same
//! branch, and entries signoff never writes (links, executables, submodules,
//! stray files). Every attack is mounted with git plumbing only; a generative
//! test then builds random legitimate histories and adds one attacker step.

use std::path::Path;

use proptest::prelude::*;

use crate::common::{Edit, TestEnv, dir_of, has_line, sh, sh_with, two_machines, verify_fails};

const MALLORY: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Mallory"),
    ("GIT_AUTHOR_EMAIL", "mallory@example.com"),
    ("GIT_COMMITTER_NAME", "Mallory"),
    ("GIT_COMMITTER_EMAIL", "mallory@example.com"),
];

/// `git ARGS` in `repo` as Mallory, trimmed output.
fn git(repo: &Path, args: &[&str]) -> String {
    sh_with(repo, "git", &MALLORY, b"", args).trim().to_string()
}

/// A commit of `tree` with `parents` (in that order), by plumbing.
fn commit(repo: &Path, tree: &str, parents: &[&str]) -> String {
    let mut args = vec!["commit-tree", tree, "-m", "merge"];
    for p in parents {
        args.extend(["-p", *p]);
    }
    git(repo, &args)
}

fn tree_of(repo: &Path, commit: &str) -> String {
    git(repo, &["rev-parse", &format!("{commit}^{{tree}}")])
}

/// [`TestEnv::approved_app_round`], then bob declines. Returns the env,
/// the tip before the decline, the tip after, and the decline's path.
fn declined() -> (TestEnv, String, String, String) {
    let env = TestEnv::approved_app_round();
    let before = env.tip();
    env.run("bob", &["decline", "rel/app", "-m", "no"]).ok();
    let after = env.tip();
    let decline = git(
        &env.repo,
        &["diff-tree", "-r", "--name-only", "--no-commit-id", &after],
    )
    .lines()
    .find(|p| p.ends_with(".toml"))
    .expect("the decline commit adds a record")
    .to_string();
    (env, before, after, decline)
}

/// A merge whose parents are an old tip and the current tip, in either
/// order, and whose tree is the old tip's: the decline disappears. Checking
/// only the first parent missed the order (old, current).
#[test]
fn merge_taking_an_old_tree_is_reported_by_verify() {
    for old_first in [true, false] {
        let (env, old, current, decline) = declined();
        env.run("alice", &["verify"]).ok();
        env.run("alice", &["gate", "rel/app"]).code(11);
        let tree = tree_of(&env.repo, &old);
        let parents = if old_first {
            [old.as_str(), current.as_str()]
        } else {
            [current.as_str(), old.as_str()]
        };
        let merge = commit(&env.repo, &tree, &parents);
        env.git(&["update-ref", "refs/heads/signoff", &merge]);
        let r = verify_fails(&env);
        has_line(&r, &decline, "deleted by commit");
        has_line(&r, &format!("{decline}.sig"), "deleted by commit");
        let log = env.run("alice", &["log"]).ok();
        assert!(
            log.stderr
                .contains(&format!("modified or deleted {decline}:")),
            "{}",
            log.stderr
        );
    }
}

/// The same merge pushed to the shared remote (a fast-forward, so no force
/// is needed): `sync` and `gate --fetch` refuse it and keep the local tip.
#[test]
fn merge_taking_an_old_tree_is_refused_by_sync_and_gate_fetch() {
    let (env, bare, bob_repo) = two_machines();
    env.run_in(&bob_repo, "bob", &["approve", "acme/brief"])
        .ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run("cat", &["approve", "acme/brief"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    let old = TestEnv::tip_in(&bob_repo);
    env.run_in(
        &bob_repo,
        "bob",
        &["decline", "acme/brief", "-m", "off brief"],
    )
    .ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run("alice", &["gate", "acme/brief"]).code(11);
    let current = env.tip();
    // Mallory, with push access to the remote and no key.
    let tree = tree_of(&bob_repo, &old);
    let merge = commit(&bob_repo, &tree, &[&old, &current]);
    sh(
        &bob_repo,
        "git",
        &[
            "push",
            "-q",
            bare.to_str().unwrap(),
            &format!("{merge}:refs/heads/signoff"),
        ],
    );
    let r = env
        .run("alice", &["gate", "acme/brief", "--fetch", "origin"])
        .code(5);
    assert!(
        r.stderr
            .contains("error: the remote's store history deletes"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), current);
    let r = env.run("alice", &["sync"]).code(5);
    assert!(r.stderr.contains("history deletes"), "{}", r.stderr);
    assert_eq!(env.tip(), current);
    // A fresh clone of the remote refuses it too (no memory to lean on).
    let fresh = env.tmp.path().join("fresh");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            fresh.to_str().unwrap(),
        ],
    );
    env.run_in(&fresh, "cat", &["sync"]).code(5);
}

/// An octopus merge of three commits, old trees first, taking the oldest
/// tree; and a plain commit that reuses an ancestor's tree.
#[test]
fn octopus_merge_and_an_ancestors_tree_are_reported() {
    let (env, old, current, decline) = declined();
    let mid = env.git(&["rev-parse", &format!("{old}^")]);
    let tree = tree_of(&env.repo, mid.trim());
    let octopus = commit(&env.repo, &tree, &[mid.trim(), &old, &current]);
    env.git(&["update-ref", "refs/heads/signoff", &octopus]);
    let r = verify_fails(&env);
    has_line(&r, &decline, "deleted by commit");

    let (env, old, current, decline) = declined();
    let reuse = commit(&env.repo, &tree_of(&env.repo, &old), &[&current]);
    env.git(&["update-ref", "refs/heads/signoff", &reuse]);
    let r = verify_fails(&env);
    has_line(&r, &decline, "deleted by commit");
}

/// A decision removed from history in the very clone that verified it, as
/// `git filter-branch` does: the commit that added it is rewritten, so no
/// commit deletes anything, but the branch no longer contains the tip this
/// clone verified.
#[test]
fn history_rewritten_in_this_clone_is_reported() {
    let (env, _, _, decline) = declined();
    env.run("alice", &["verify"]).ok();
    env.tamper(
        &[
            Edit::Remove(decline.clone()),
            Edit::Remove(format!("{decline}.sig")),
        ],
        true,
    );
    assert!(env.store_paths().iter().all(|p| !p.contains(&decline)));
    let r = verify_fails(&env);
    has_line(&r, "signoff.toml", "no longer contains commit");
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(r.stderr.contains("history was rewritten"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

/// Another store put on the branch (its own policy, validly signed): a
/// clone that verified one store refuses another, without a pinned root.
#[test]
fn another_store_on_the_branch_is_refused() {
    let (env, ..) = declined();
    // Without a pinned root (init pins it in the admin's clone).
    env.git(&["config", "--unset", "signoff.trust"]);
    env.run("alice", &["verify"]).ok();
    let other = TestEnv::new();
    other.init();
    env.git(&[
        "fetch",
        "-q",
        other.repo.to_str().unwrap(),
        "+signoff:refs/heads/signoff",
    ]);
    let r = verify_fails(&env);
    has_line(&r, "signoff.toml", "but this clone verified store");
    let r = env.run("alice", &["status"]).code(5);
    assert!(
        r.stderr.contains("this clone verified store"),
        "{}",
        r.stderr
    );
}

/// Replaces the mode of `path` on the store branch (a new commit), by
/// plumbing: the same bytes, stored as a link, an executable, ...
fn set_mode(env: &TestEnv, path: &str, mode: &str, amend: bool) {
    let index = env.tmp.path().join("mode-index");
    let _ = std::fs::remove_file(&index);
    let index = index.to_str().unwrap().to_string();
    let mut vars = MALLORY.to_vec();
    vars.push(("GIT_INDEX_FILE", index.as_str()));
    let run = |args: &[&str]| sh_with(&env.repo, "git", &vars, b"", args);
    run(&["read-tree", "signoff"]);
    let blob = run(&["rev-parse", &format!("signoff:{path}")]);
    run(&[
        "update-index",
        "--cacheinfo",
        &format!("{mode},{},{path}", blob.trim()),
    ]);
    let tree = run(&["write-tree"]);
    let parent = if amend { "signoff^" } else { "signoff" };
    let parent = run(&["rev-parse", parent]);
    let c = commit(&env.repo, tree.trim(), &[parent.trim()]);
    env.git(&["update-ref", "refs/heads/signoff", &c]);
}

/// bob's approval of rel/app, stored (from its first commit on, as a
/// rewritten tip) as a symbolic link or an executable: reported, and not
/// counted.
#[test]
fn records_stored_as_links_or_executables_are_reported_and_not_counted() {
    for (mode, what) in [
        ("120000", "stored as a symbolic link"),
        ("100755", "stored as an executable file"),
    ] {
        let env = TestEnv::with_request("rel/app", "app.txt", "build 1", "bob");
        env.run("bob", &["approve", "rel/app"]).ok();
        let approval = env.record_paths("/decisions/")[0].clone();
        set_mode(&env, &approval, mode, true);
        let r = verify_fails(&env);
        has_line(&r, &approval, what);
        env.run("alice", &["gate", "rel/app"]).code(5);
        let st = env.run("alice", &["list", "--json"]).ok().json();
        assert_eq!(st["requests"][0]["state"], "pending", "{st}");
    }
}

/// A submodule entry (mode 160000) inside a deliverable's request folder and
/// at the root of the store: `verify` reports both, `gate` fails closed on
/// the one in its deliverable, and `sync` refuses the branch.
#[test]
fn submodule_entries_are_reported_and_refused() {
    let (env, bare, bob_repo) = two_machines();
    env.run_in(&bob_repo, "bob", &["approve", "acme/brief"])
        .ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["sync"]).ok();
    let dir = env.record_paths("/request.toml")[0].replace("/request.toml", "");
    let before = env.tip();
    let linked = format!("{dir}/decisions/vendor");
    let index = env.tmp.path().join("sub-index");
    let index = index.to_str().unwrap().to_string();
    let mut vars = MALLORY.to_vec();
    vars.push(("GIT_INDEX_FILE", index.as_str()));
    let run = |args: &[&str]| sh_with(&bob_repo, "git", &vars, b"", args);
    run(&["read-tree", "signoff"]);
    for path in [linked.as_str(), "vendor"] {
        run(&[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("160000,{before},{path}"),
        ]);
    }
    let tree = run(&["write-tree"]);
    let c = commit(&bob_repo, tree.trim(), &[&before]);
    sh(
        &bob_repo,
        "git",
        &[
            "push",
            "-q",
            bare.to_str().unwrap(),
            &format!("{c}:refs/heads/signoff"),
        ],
    );
    let r = env.run("alice", &["sync"]).code(5);
    assert!(r.stderr.contains("stored as a submodule"), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    let r = env
        .run("alice", &["gate", "acme/brief", "--fetch", "origin"])
        .code(5);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    // Taken into the local branch anyway (by plain git): reported, fail closed.
    env.git(&[
        "fetch",
        "-q",
        bare.to_str().unwrap(),
        "+signoff:refs/heads/signoff",
    ]);
    let r = verify_fails(&env);
    has_line(&r, &linked, "stored as a submodule");
    has_line(&r, "vendor", "stored as a submodule");
    let r = env.run("alice", &["gate", "acme/brief"]).code(5);
    assert!(r.stderr.contains(&linked), "{}", r.stderr);
}

/// Files signoff never writes, at the root of the store and in a folder of
/// its own: reported (unsigned, so nothing could count them anyway).
#[test]
fn stray_files_outside_the_layout_are_reported() {
    let (env, ..) = declined();
    env.tamper(
        &[
            Edit::Put("README".into(), b"read me".to_vec()),
            Edit::Put("notes/todo.toml".into(), b"x = 1".to_vec()),
        ],
        false,
    );
    let r = verify_fails(&env);
    has_line(&r, "README", "unexpected file in the store");
    has_line(&r, "notes/todo.toml", "unexpected file in the store");
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
}

/// The record units of a legitimate store: the files each of its commits
/// added, oldest first (the first is the store file and policy version 1).
fn units(env: &TestEnv) -> Vec<Vec<(String, String)>> {
    env.git(&["rev-list", "--reverse", "signoff"])
        .lines()
        .map(|c| {
            env.git(&["diff-tree", "-r", "--root", "--no-commit-id", c])
                .lines()
                .map(|l| {
                    let (meta, path) = l.split_once('\t').unwrap();
                    let blob = meta.split_whitespace().nth(3).unwrap();
                    (path.to_string(), blob.to_string())
                })
                .collect()
        })
        .collect()
}

/// A tree holding exactly `files` (path, blob), all regular files.
fn mktree(env: &TestEnv, files: &std::collections::BTreeMap<String, String>) -> String {
    let index = env.tmp.path().join("gen-index");
    let _ = std::fs::remove_file(&index);
    let index = index.to_str().unwrap().to_string();
    let vars = [("GIT_INDEX_FILE", index.as_str())];
    let mut list = String::new();
    for (p, b) in files {
        list.push_str(&format!("100644 {b}\t{p}\n"));
    }
    sh_with(
        &env.repo,
        "git",
        &vars,
        list.as_bytes(),
        &["update-index", "--add", "--index-info"],
    );
    sh_with(&env.repo, "git", &vars, b"", &["write-tree"])
        .trim()
        .to_string()
}

/// One line of a generated history: its tip and the files of that tip.
#[derive(Clone)]
struct Line {
    tip: String,
    files: std::collections::BTreeMap<String, String>,
}

/// Builds a legitimate history on branch `branch` from `units` (after the
/// first): each unit is committed on line A or line B (`side`), and the
/// lines are union-merged where `merge` says (in either parent order).
/// Returns every commit made, with its files, the tip last.
fn legit_history(
    env: &TestEnv,
    units: &[Vec<(String, String)>],
    root: &str,
    side: &[bool],
    merge: &[u8],
) -> Vec<Line> {
    let root_files = units[0].iter().cloned().collect();
    let mut a = Line {
        tip: root.to_string(),
        files: root_files,
    };
    let mut b = a.clone();
    let mut all = vec![a.clone()];
    let union = |x: &Line, y: &Line, first_x: bool| {
        let mut files = x.files.clone();
        files.extend(y.files.clone());
        let tree = mktree(env, &files);
        let parents = if first_x {
            [x.tip.as_str(), y.tip.as_str()]
        } else {
            [y.tip.as_str(), x.tip.as_str()]
        };
        Line {
            tip: commit(&env.repo, &tree, &parents),
            files,
        }
    };
    for (i, unit) in units[1..].iter().enumerate() {
        let line = if side[i % side.len()] { &mut b } else { &mut a };
        line.files.extend(unit.iter().cloned());
        let tree = mktree(env, &line.files);
        line.tip = commit(&env.repo, &tree, &[&line.tip]);
        all.push(line.clone());
        let m = merge[i % merge.len()];
        if m % 3 == 0 && a.tip != b.tip {
            a = union(&a, &b, m % 2 == 0);
            all.push(a.clone());
            if m % 4 == 0 {
                b = a.clone();
            }
        }
    }
    if b.tip != a.tip {
        a = union(&a, &b, true);
        all.push(a);
    }
    all
}

/// The template store the generative test draws its record blobs from.
fn template() -> (TestEnv, Vec<Vec<(String, String)>>) {
    let env = TestEnv::with_people();
    env.write("app.txt", "build 1");
    env.write("doc.md", "manual");
    env.run(
        "alice",
        &["request", "rel/app", "app.txt", "--to", "bob,cat"],
    )
    .ok();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("alice", &["request", "rel/doc", "doc.md", "--to", "cat"])
        .ok();
    env.run("cat", &["decline", "rel/app", "-m", "no"]).ok();
    env.run("bob", &["comment", "rel/doc", "-m", "looks fine"])
        .ok();
    env.run("cat", &["approve", "rel/doc"]).ok();
    let units = units(&env);
    (env, units)
}

/// Random legitimate histories (commits on two lines, union merges in any
/// parent order), then one attacker step that drops, modifies or removes
/// and re-adds a file, merges an old tree in with any parent order or as an
/// octopus, or reuses an ancestor's tree: `verify` never reports clean.
#[test]
fn generated_histories_with_one_attacker_step_never_verify_clean() {
    let (env, units) = template();
    let root = env.git(&["rev-list", "--max-parents=0", "signoff"]);
    let root = root.trim().to_string();
    let case = std::cell::Cell::new(0u32);
    let config = ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(
        side in prop::collection::vec(any::<bool>(), 1..8),
        merge in prop::collection::vec(any::<u8>(), 1..8),
        attack in 0u8..6,
        pick in any::<usize>(),
        order in any::<usize>(),
    )| {
        case.set(case.get() + 1);
        let branch = format!("case{}", case.get());
        let history = legit_history(&env, &units, &root, &side, &merge);
        let tip = history.last().unwrap().clone();
        env.git(&["update-ref", &format!("refs/heads/{branch}"), &tip.tip]);
        let clean = env.run("alice", &["--ref", &branch, "verify"]);
        prop_assert_eq!(clean.code, 0, "legit history: {}", clean.stderr);
        // An earlier commit whose files are not all in its descendant's
        // tree-to-be: the store root always qualifies.
        let olds: Vec<&Line> = history.iter().filter(|l| l.files != tip.files).collect();
        let old = olds[pick % olds.len()];
        let paths: Vec<&String> = tip.files.keys().filter(|p| !units[0].iter().any(|(u, _)| u == *p)).collect();
        let victim = paths[pick % paths.len()].clone();
        let attacked = match attack {
            // Drop one file.
            0 => {
                let mut files = tip.files.clone();
                files.remove(&victim);
                commit(&env.repo, &mktree(&env, &files), &[&tip.tip])
            }
            // Change one file's bytes (another record's blob).
            1 => {
                let mut files = tip.files.clone();
                let other = tip.files.values().find(|b| **b != tip.files[&victim]).unwrap().clone();
                files.insert(victim.clone(), other);
                commit(&env.repo, &mktree(&env, &files), &[&tip.tip])
            }
            // Remove it, then add it back unchanged.
            2 => {
                let mut files = tip.files.clone();
                files.remove(&victim);
                let gone = commit(&env.repo, &mktree(&env, &files), &[&tip.tip]);
                commit(&env.repo, &mktree(&env, &tip.files), &[&gone])
            }
            // A merge of an old commit and the tip, with the old tree.
            3 => {
                let mut parents = [old.tip.as_str(), tip.tip.as_str()];
                if order % 2 == 0 { parents.swap(0, 1); }
                commit(&env.repo, &mktree(&env, &old.files), &parents)
            }
            // An octopus merge, parents in any order, with an old tree.
            4 => {
                let mut parents = vec![old.tip.as_str(), tip.tip.as_str(), root.as_str()];
                parents.rotate_left(order % 3);
                commit(&env.repo, &mktree(&env, &old.files), &parents)
            }
            // A commit on the tip that reuses an ancestor's tree.
            _ => commit(&env.repo, &mktree(&env, &old.files), &[&tip.tip]),
        };
        env.git(&["update-ref", &format!("refs/heads/{branch}"), &attacked]);
        let r = env.run("alice", &["--ref", &branch, "verify"]);
        prop_assert_eq!(r.code, 5, "attack {} was not caught: {}{}", attack, r.stdout, r.stderr);
    });
}

/// A raw tree from `(mode, name, id)` entries in the given order, written
/// with `git hash-object --literally`, which (unlike `git mktree`) lets an
/// attacker repeat a name or break git's order.
fn raw_tree(repo: &Path, entries: &[(&str, &str, &str)]) -> String {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend(hex::decode(id).unwrap());
    }
    sh_with(
        repo,
        "git",
        &MALLORY,
        &bytes,
        &["hash-object", "-t", "tree", "--literally", "--stdin", "-w"],
    )
    .trim()
    .to_string()
}

/// `(mode, name, id)` of every entry of `tree`, as `git ls-tree` lists them.
fn entries(repo: &Path, tree: &str) -> Vec<(String, String, String)> {
    git(repo, &["ls-tree", tree])
        .lines()
        .map(|l| {
            let (meta, name) = l.split_once('\t').unwrap();
            let mut m = meta.split_whitespace();
            let mode = m.next().unwrap().trim_start_matches('0').to_string();
            m.next();
            (mode, name.to_string(), m.next().unwrap().to_string())
        })
        .collect()
}

/// Replaces the entry `name` of `tree` by the given raw entries (in order).
fn splice(repo: &Path, tree: &str, name: &str, with: &[(&str, &str, &str)]) -> String {
    let old = entries(repo, tree);
    let mut list: Vec<(&str, &str, &str)> = Vec::new();
    for (m, n, id) in &old {
        if n == name {
            list.extend_from_slice(with);
        } else {
            list.push((m, n, id));
        }
    }
    raw_tree(repo, &list)
}

/// Two entries of one name in a folder: a diff matches the old files
/// against the first copy, a lookup by name finds the second. With the
/// second holding the folder as it was before bob declined, the gate used
/// to pass and `verify` to say 0 problems. Malformed trees are now refused
/// by every reader.
#[test]
fn a_folder_listed_twice_cannot_hide_a_decline() {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg/>", "bob,cat");
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("cat", &["approve", "acme/logo"]).ok();
    let repo = env.repo.clone();
    let logo_dir = dir_of("acme/logo");
    let acme_dir = logo_dir.trim_end_matches("/logo").to_string();
    let approved = git(&repo, &["rev-parse", &format!("signoff:{logo_dir}")]);
    env.run("bob", &["decline", "acme/logo", "-m", "no"]).ok();
    assert_eq!(env.run("alice", &["gate", "acme/logo"]).code, 11);
    env.run("alice", &["verify"]).ok();

    let tip = env.tip();
    let logo = git(&repo, &["rev-parse", &format!("signoff:{logo_dir}")]);
    // The first copy: today's folder without the request file, so a lookup
    // of the request lands in the second copy.
    let (_, rid, rid_tree) = entries(&repo, &logo).remove(0);
    let kept: Vec<(String, String, String)> = entries(&repo, &rid_tree)
        .into_iter()
        .filter(|(_, n, _)| !n.starts_with("request.toml"))
        .collect();
    let kept: Vec<(&str, &str, &str)> = kept
        .iter()
        .map(|(m, n, i)| (m.as_str(), n.as_str(), i.as_str()))
        .collect();
    let t1_rid = raw_tree(&repo, &kept);
    let t1 = raw_tree(&repo, &[("40000", &rid, &t1_rid)]);
    let acme = git(&repo, &["rev-parse", &format!("signoff:{acme_dir}")]);
    let acme = splice(
        &repo,
        &acme,
        "logo",
        &[("40000", "logo", &t1), ("40000", "logo", &approved)],
    );
    // Every folder above it, up to the root, rebuilt around the new one.
    let (mut path, mut child) = (acme_dir.clone(), acme);
    while let Some((parent, name)) = path.rsplit_once('/') {
        let above = git(&repo, &["rev-parse", &format!("signoff:{parent}")]);
        child = splice(&repo, &above, name, &[("40000", name, &child)]);
        path = parent.to_string();
    }
    let root = splice(
        &repo,
        &tree_of(&repo, &tip),
        &path,
        &[("40000", &path, &child)],
    );
    let forged = commit(&repo, &root, &[&tip]);
    git(&repo, &["update-ref", "refs/heads/signoff", &forged]);

    let gate = env.run("alice", &["gate", "acme/logo"]);
    assert_eq!(gate.code, 5, "the gate must fail closed: {gate:?}");
    assert!(
        gate.stderr.contains("malformed git tree"),
        "{}",
        gate.stderr
    );
    let r = env.run("alice", &["verify"]);
    assert_eq!(r.code, 5, "{r:?}");
    let st = env.run("alice", &["status", "acme/logo"]);
    assert_ne!(st.code, 0, "{st:?}");
}

/// Two `policy` folders at the root: the full one, then one without the
/// newest version. A fresh clone used to read the second and count a
/// removed person again.
#[test]
fn a_policy_folder_listed_twice_cannot_hide_a_version() {
    let env = TestEnv::with_people();
    env.run("alice", &["person", "remove", "cat"]).ok();
    let repo = env.repo.clone();
    let tip = env.tip();
    let policy = git(&repo, &["rev-parse", "signoff:policy"]);
    let newest: Vec<(String, String, String)> = entries(&repo, &policy);
    let last = newest
        .iter()
        .map(|(_, n, _)| n[..6].to_string())
        .max()
        .unwrap();
    let older: Vec<(&str, &str, &str)> = newest
        .iter()
        .filter(|(_, n, _)| !n.starts_with(&last))
        .map(|(m, n, i)| (m.as_str(), n.as_str(), i.as_str()))
        .collect();
    let older = raw_tree(&repo, &older);
    let root = splice(
        &repo,
        &tree_of(&repo, &tip),
        "policy",
        &[("40000", "policy", &policy), ("40000", "policy", &older)],
    );
    let forged = commit(&repo, &root, &[&tip]);
    // A fresh clone of the forged branch.
    git(&repo, &["update-ref", "refs/heads/signoff", &forged]);
    let clone = env.tmp.path().join("fresh");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            "--no-checkout",
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    sh(
        &clone,
        "git",
        &["branch", "-q", "signoff", "origin/signoff"],
    );
    let r = env.run_in(&clone, "alice", &["verify"]);
    assert_eq!(r.code, 5, "{r:?}");
    let r = env.run_in(&clone, "alice", &["policy", "show"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("malformed git tree"), "{}", r.stderr);
}
