//! `signoff sync` against a bare repository on disk and a real `git daemon`
//! on loopback: union merges, verification before merging, rewrite detection.

use std::path::Path;
use std::process::{Child, Stdio};

use crate::common::{Run, TestEnv, sh, two_machines};

fn run_in(env: &TestEnv, dir: &Path, person: &str, args: &[&str]) -> Run {
    env.run_in(dir, person, args)
}

fn tree_of(dir: &Path) -> String {
    sh(dir, "git", &["rev-parse", "signoff^{tree}"])
        .trim()
        .to_string()
}

#[test]
fn offline_decisions_merge_in_either_order() {
    for alice_first in [true, false] {
        let (env, bare, bob_repo) = two_machines();
        // Both decide while offline.
        env.run("cat", &["approve", "acme/brief"]).ok();
        run_in(
            &env,
            &bob_repo,
            "bob",
            &["approve", "acme/brief", "-m", "fine"],
        )
        .ok();
        let (first, second) = if alice_first {
            (env.repo.clone(), bob_repo.clone())
        } else {
            (bob_repo.clone(), env.repo.clone())
        };
        run_in(&env, &first, "alice", &["sync"]).ok();
        let r = run_in(&env, &second, "alice", &["sync", "--json"])
            .ok()
            .json();
        assert_eq!(r["merge"], "rebased", "{r}");
        run_in(&env, &first, "alice", &["sync"]).ok();
        assert_eq!(tree_of(&env.repo), tree_of(&bob_repo));
        assert_eq!(tree_of(&env.repo), tree_of(&bare));
        for dir in [&env.repo, &bob_repo] {
            run_in(&env, dir, "alice", &["verify"]).ok();
            let st = run_in(&env, dir, "alice", &["status", "acme/brief", "--json"])
                .ok()
                .json();
            assert_eq!(st["state"], "approved");
        }
    }
}

#[test]
fn a_rewritten_remote_history_is_refused() {
    let (env, bare, bob_repo) = two_machines();
    run_in(&env, &bob_repo, "bob", &["approve", "acme/brief"]).ok();
    run_in(&env, &bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["sync"]).ok();
    let before = env.tip();
    // Someone force-pushes the store branch without bob's approval.
    let parent = sh(&bob_repo, "git", &["rev-parse", "signoff~1"])
        .trim()
        .to_string();
    sh(
        &bob_repo,
        "git",
        &[
            "push",
            "-q",
            "--force",
            bare.to_str().unwrap(),
            &format!("{parent}:refs/heads/signoff"),
        ],
    );
    let r = env.run("alice", &["sync"]).code(5);
    assert!(r.stderr.contains("history was rewritten"), "{}", r.stderr);
    assert_eq!(env.tip(), before, "nothing changes locally");
    // And it stays refused on the next attempt.
    env.run("alice", &["sync"]).code(5);
}

/// Edits the bytes of the first decision on bob's store branch (`from` →
/// `to`) in a new commit made with plain git, and pushes it to `bare`: a
/// record changed after it was signed.
fn edit_first_decision(env: &TestEnv, bob_repo: &Path, bare: &Path, wt: &str, edit: (&str, &str)) {
    let path = sh(
        bob_repo,
        "git",
        &["ls-tree", "-r", "--name-only", "signoff"],
    )
    .lines()
    .find(|l| l.contains("/decisions/") && l.ends_with(".toml"))
    .unwrap()
    .to_string();
    let original = sh(bob_repo, "git", &["show", &format!("signoff:{path}")]);
    let wt = env.tmp.path().join(wt);
    sh(
        bob_repo,
        "git",
        &["worktree", "add", "-q", wt.to_str().unwrap(), "signoff"],
    );
    std::fs::write(wt.join(&path), original.replace(edit.0, edit.1)).unwrap();
    sh(
        &wt,
        "git",
        &[
            "-c",
            "user.name=m",
            "-c",
            "user.email=m@x",
            "commit",
            "-qam",
            "edit",
        ],
    );
    sh(
        bob_repo,
        "git",
        &["push", "-q", bare.to_str().unwrap(), "signoff:signoff"],
    );
}

#[test]
fn an_incoming_forged_record_is_refused_before_merging() {
    let (env, bare, bob_repo) = two_machines();
    // bob's side gets a record whose bytes were edited after signing.
    run_in(
        &env,
        &bob_repo,
        "bob",
        &["approve", "acme/brief", "-m", "ok"],
    )
    .ok();
    edit_first_decision(
        &env,
        &bob_repo,
        &bare,
        "forge",
        (
            "comment = \"ok\"",
            "comment = \"OK, and the budget doubles\"",
        ),
    );
    let before = env.tip();
    let r = env.run("alice", &["sync"]).code(5);
    assert!(r.stderr.contains("error:"), "{}", r.stderr);
    assert_eq!(env.tip(), before);
}

#[test]
fn unreachable_remote_is_a_clear_error() {
    let env = TestEnv::with_people();
    env.git(&["remote", "add", "origin", "/nonexistent/remote.git"]);
    let before = env.tip();
    let r = env.run("alice", &["sync"]).code(7);
    assert!(
        r.stderr.contains("cannot reach remote \"origin\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_eq!(env.tip(), before);
}

struct Daemon(Child);
impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sync_through_a_real_git_daemon() {
    let env = TestEnv::with_request("acme/brief", "brief.md", "the brief", "bob");
    let base = env.tmp.path().join("served");
    std::fs::create_dir_all(&base).unwrap();
    sh(&base, "git", &["init", "-q", "--bare", "store.git"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let daemon = Daemon(
        std::process::Command::new("git")
            .args([
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                &format!("--port={port}"),
                "--export-all",
                "--enable=receive-pack",
                &format!("--base-path={}", base.display()),
            ])
            .arg(&base)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("git daemon"),
    );
    let url = format!("git://127.0.0.1:{port}/store.git");
    // Wait until the daemon answers.
    let mut up = false;
    for _ in 0..100 {
        if std::process::Command::new("git")
            .args(["ls-remote", &url])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(up, "git daemon did not start");
    env.git(&["remote", "add", "origin", &url]);
    env.run("alice", &["sync"]).ok();
    let bob_repo = env.tmp.path().join("bob");
    sh(
        env.tmp.path(),
        "git",
        &["clone", "-q", &url, bob_repo.to_str().unwrap()],
    );
    run_in(&env, &bob_repo, "bob", &["sync"]).ok();
    run_in(&env, &bob_repo, "bob", &["approve", "acme/brief"]).ok();
    run_in(&env, &bob_repo, "bob", &["sync"]).ok();
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["merge"], "fast-forward");
    let st = env.status_json("acme/brief");
    assert_eq!(st["state"], "approved");
    drop(daemon);
}

#[test]
fn a_sync_checks_from_the_last_checked_tip_and_still_refuses_a_forgery() {
    let (env, bare, bob_repo) = two_machines();
    run_in(
        &env,
        &bob_repo,
        "bob",
        &["approve", "acme/brief", "-m", "ok"],
    )
    .ok();
    run_in(&env, &bob_repo, "bob", &["sync"]).ok();
    // alice takes bob's decision in: her clone now remembers that tip as
    // checked, and the next sync checks only what comes after it.
    env.run("alice", &["sync"]).ok();
    let memory = env.repo.join(".git/signoff/verified/signoff.synced");
    let checked = std::fs::read_to_string(&memory).unwrap();
    assert!(checked.contains(&env.tip()), "{checked}");
    // bob's side then edits that (already checked) decision in a new
    // commit: its folder changed, so it is read and checked again.
    edit_first_decision(&env, &bob_repo, &bare, "forge2", ("\"ok\"", "\"not ok\""));
    let before = env.tip();
    let r = env.run("alice", &["sync"]).code(5);
    assert!(r.stderr.contains("error:"), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    // And a new honest decision after a good base is taken in.
    let (env2, _bare2, bob2) = two_machines();
    run_in(&env2, &bob2, "bob", &["approve", "acme/brief"]).ok();
    run_in(&env2, &bob2, "bob", &["sync"]).ok();
    let r = env2.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["merge"], "fast-forward");
}

/// bob pushes an approval; alice comments offline: her next sync must merge
/// bob's record locally and then push. Returns the remote's tip before it.
fn alice_has_something_to_merge_and_push(env: &TestEnv, bob_repo: &Path, bare: &Path) -> String {
    run_in(env, bob_repo, "bob", &["approve", "acme/brief"]).ok();
    run_in(env, bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["comment", "acme/brief", "-m", "thanks"])
        .ok();
    TestEnv::tip_in(bare)
}

fn decisions_in(dir: &Path) -> usize {
    sh(dir, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/decisions/") && l.ends_with(".toml"))
        .count()
}

#[test]
fn a_locked_remote_ref_is_retried_then_named_with_what_happened_on_each_side() {
    let (env, bare, bob_repo) = two_machines();
    let remote_before = alice_has_something_to_merge_and_push(&env, &bob_repo, &bare);
    // A push killed on the remote left its lock file behind.
    let lock = bare.join("refs/heads/signoff.lock");
    std::fs::write(&lock, "").unwrap();
    let started = std::time::Instant::now();
    let r = env.run("alice", &["sync"]).code(7);
    assert!(
        started.elapsed() > std::time::Duration::from_secs(2),
        "the push is retried with backoff before giving up"
    );
    assert!(
        r.stderr.contains("error: could not push to origin"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("is locked"), "{}", r.stderr);
    assert!(r.stderr.contains("signoff.lock"), "{}", r.stderr);
    assert!(r.stderr.contains("took in 1 record"), "{}", r.stderr);
    assert!(r.stderr.contains("now holds the merge"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("hint: another push to origin may be running"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("remove "), "{}", r.stderr);
    assert!(!r.stderr.contains("cannot reach"), "{}", r.stderr);
    assert!(!r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert_eq!(
        TestEnv::tip_in(&bare),
        remote_before,
        "the remote is untouched"
    );
    assert_eq!(
        decisions_in(&env.repo),
        1,
        "bob's approval is merged locally"
    );

    // The lock goes away while the sync retries: the sync then succeeds.
    env.run("alice", &["comment", "acme/brief", "-m", "again"])
        .ok();
    let child = env
        .cmd("alice")
        .args(["sync", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    std::fs::remove_file(&lock).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["pushed"], true, "{json}");
    assert_eq!(TestEnv::tip_in(&bare), env.tip());
    env.run("alice", &["verify"]).ok();
}

#[test]
fn a_remote_that_refuses_the_push_is_told_apart_from_one_that_cannot_be_reached() {
    let (env, bare, bob_repo) = two_machines();
    let remote_before = alice_has_something_to_merge_and_push(&env, &bob_repo, &bare);
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'pushes are frozen today' >&2\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let local_before = env.tip();
    let r = env.run("alice", &["sync"]).code(7);
    assert!(
        r.stderr.contains("error: origin refused the push"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("pre-receive hook declined"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pushes are frozen today"), "{}", r.stderr);
    assert!(r.stderr.contains("took in 1 record"), "{}", r.stderr);
    assert!(r.stderr.contains("now holds the merge"), "{}", r.stderr);
    assert!(
        r.stderr.contains("run 'signoff sync' again to push"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("cannot reach"), "{}", r.stderr);
    assert!(!r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert_ne!(env.tip(), local_before, "the merge is kept locally");
    assert_eq!(decisions_in(&env.repo), 1);
    assert_eq!(
        TestEnv::tip_in(&bare),
        remote_before,
        "the remote is untouched"
    );
    env.run("alice", &["verify"]).ok();
    // Once the remote takes pushes again, the next sync pushes the merge.
    std::fs::remove_file(&hook).unwrap();
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true, "{r}");
    assert_eq!(TestEnv::tip_in(&bare), env.tip());
}
