//! A store that arrived by a plain `git fetch` or `git clone`: read from the
//! remote-tracking branch while the local branch is absent (read-only, said
//! once), and `sync` given a URL instead of a remote name.

use crate::common::{pushed, sh};

#[test]
fn a_plain_fetch_is_enough_to_read_and_writing_asks_for_sync() {
    let (env, bare) = pushed("bob");
    let fresh = env.tmp.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    sh(&fresh, "git", &["init", "-q"]);
    sh(
        &fresh,
        "git",
        &["remote", "add", "origin", bare.to_str().unwrap()],
    );
    sh(&fresh, "git", &["fetch", "-q", "origin", "signoff"]);
    assert!(
        sh(&fresh, "git", &["branch", "--list", "signoff"]).is_empty(),
        "no local branch"
    );
    let r = env
        .run_in(&fresh, "bob", &["status", "acme/brief", "--json"])
        .ok();
    assert_eq!(r.json()["state"], "pending");
    let said = r
        .stderr
        .matches("reading the store from origin/signoff (read-only")
        .count();
    assert_eq!(said, 1, "said once: {}", r.stderr);

    // A write is refused, and nothing is written.
    let r = env
        .run_in(&fresh, "bob", &["approve", "acme/brief"])
        .code(2);
    assert!(r.stderr.contains("run 'signoff sync'"), "{}", r.stderr);
    assert!(sh(&fresh, "git", &["branch", "--list", "signoff"]).is_empty());

    // sync makes the local branch; then the write lands and the warning stops.
    let s = env.run_in(&fresh, "bob", &["sync", "--json"]).ok().json();
    assert_eq!(s["merge"], "cloned", "{s}");
    let r = env.run_in(&fresh, "bob", &["approve", "acme/brief"]).ok();
    assert!(!r.stderr.contains("read-only"), "{}", r.stderr);
}

#[test]
fn sync_takes_a_url_as_well_as_a_remote_name() {
    let (env, bare) = pushed("bob");
    let url = format!("file://{}", bare.display());
    let other = env.tmp.path().join("other");
    std::fs::create_dir(&other).unwrap();
    sh(&other, "git", &["init", "-q"]);
    let s = env
        .run_in(&other, "bob", &["sync", &url, "--json"])
        .ok()
        .json();
    assert_eq!(s["merge"], "cloned", "{s}");
    env.run_in(&other, "bob", &["approve", "acme/brief"]).ok();
    let s = env
        .run_in(&other, "bob", &["sync", &url, "--json"])
        .ok()
        .json();
    assert_eq!(s["pushed"], true, "{s}");
    // A plain path works too, and sees bob's approval.
    let s = env
        .run("alice", &["sync", bare.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(s["merge"], "fast-forward", "{s}");
    let st = env
        .run("alice", &["status", "acme/brief", "--json"])
        .ok()
        .json();
    assert_eq!(st["state"], "approved");
}
