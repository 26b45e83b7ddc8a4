//! A store branch with merge commits, as `sync` makes them (union of two
//! sides): the audit log lists every record once, and verify stays clean.

use crate::common::TestEnv;

#[test]
fn log_lists_records_from_both_sides_of_a_merge_once() {
    let env = TestEnv::with_request("acme/x", "f", "f", "bob,cat");
    // Two replicas diverge: bob decides on one, cat on the other.
    env.git(&["branch", "side", "signoff"]);
    env.run("bob", &["approve", "acme/x"]).ok();
    env.run(
        "cat",
        &[
            "approve",
            "acme/x",
            "--ref",
            "side",
            "-m",
            "from the other side",
        ],
    )
    .ok();
    // Merge them with plain git, as a union of files.
    let tree = env.git(&["merge-tree", "--write-tree", "signoff", "side"]);
    let commit = env.git(&[
        "commit-tree",
        tree.trim(),
        "-p",
        "signoff",
        "-p",
        "side",
        "-m",
        "merge",
    ]);
    env.git(&["update-ref", "refs/heads/signoff", commit.trim()]);

    env.run("alice", &["verify"]).ok();
    let st = env.status_json("acme/x");
    assert_eq!(st["state"], "approved", "{st}");
    let log = env.run("alice", &["log", "acme/x"]).ok().stdout;
    assert_eq!(log.lines().count(), 3, "{log}");
    assert_eq!(log.matches("cat  approved").count(), 1, "{log}");
    assert_eq!(log.matches("bob  approved").count(), 1, "{log}");
    let json = env.run("alice", &["log", "--json"]).ok().stdout;
    let mut paths: Vec<String> = json
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let n = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), n, "{json}");
}
