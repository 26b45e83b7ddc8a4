//! The store branch under a forge's branch protection: a bare remote whose
//! `pre-receive` hook refuses, as "require signed commits" and "require
//! linear history" do, any commit that is a merge or whose SSH signature
//! `git verify-commit` does not accept. Two clones write offline, sync at
//! the same moment, and both land.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::{TestEnv, base_command, sh};

/// The hook: every new commit must be a non-merge whose signature git
/// verifies against the allowed signers file kept beside the hook.
const HOOK: &str = r#"#!/bin/sh
signers="$(dirname "$0")/allowed_signers"
zero=0000000000000000000000000000000000000000
while read -r old new ref; do
  if [ "$old" = "$zero" ]; then range="$new"; else range="$old..$new"; fi
  for c in $(git rev-list "$range"); do
    if [ "$(git rev-list --no-walk --min-parents=2 "$c")" != "" ]; then
      echo "linear history required: $c is a merge" >&2; exit 1
    fi
    if ! git -c gpg.ssh.allowedSignersFile="$signers" verify-commit "$c" >/dev/null 2>&1; then
      echo "signed commits required: $c" >&2; exit 1
    fi
  done
done
"#;

/// A bare remote protected by [`HOOK`], trusting the signers `env`'s
/// policy lists (exported with `policy allowed-signers --git`).
fn protected_remote(env: &TestEnv) -> PathBuf {
    let bare = env.tmp.path().join("protected.git");
    sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(&hook, HOOK).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let signers = bare.join("hooks/allowed_signers");
    env.run(
        "alice",
        &[
            "policy",
            "allowed-signers",
            "--git",
            "-o",
            signers.to_str().unwrap(),
        ],
    )
    .ok();
    bare
}

/// Every commit of the store branch in `dir`, and whether git verifies it
/// with `signers`.
fn unverified_commits(dir: &Path, signers: &Path) -> Vec<String> {
    let all = sh(dir, "git", &["rev-list", "signoff"]);
    all.lines()
        .filter(|c| {
            let ok = base_command("git", dir)
                .args(["-c"])
                .arg(format!("gpg.ssh.allowedSignersFile={}", signers.display()))
                .args(["verify-commit", c])
                .output()
                .expect("spawn git")
                .status
                .success();
            !ok
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn two_offline_writers_land_on_a_remote_that_requires_signed_linear_history() {
    let env = TestEnv::with_people();
    env.write("brief.md", "the brief");
    env.run(
        "alice",
        &["request", "acme/brief", "brief.md", "--to", "bob,cat"],
    )
    .ok();
    let bare = protected_remote(&env);
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true, "{r}");
    let bob_repo = env.tmp.path().join("bob-repo");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            bob_repo.to_str().unwrap(),
        ],
    );
    env.run_in(&bob_repo, "bob", &["sync"]).ok();

    // Both write while offline: cat in alice's clone, bob in his, two
    // records each.
    env.run("cat", &["approve", "acme/brief"]).ok();
    env.run("cat", &["comment", "acme/brief", "-m", "lovely"])
        .ok();
    env.run_in(&bob_repo, "bob", &["comment", "acme/brief", "-m", "ok"])
        .ok();
    env.run_in(&bob_repo, "bob", &["approve", "acme/brief"])
        .ok();

    // Both sync at the same moment.
    let spawn = |dir: &Path, person: &str| {
        env.cmd(person)
            .current_dir(dir)
            .args(["sync", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn signoff")
    };
    let a = spawn(&env.repo, "cat");
    let b = spawn(&bob_repo, "bob");
    for (who, child) in [("cat", a), ("bob", b)] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{who}'s sync failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["pushed"], true, "{who}: {r}");
    }
    // The first to push leaves the other's next sync nothing to push.
    env.run("alice", &["sync"]).ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();

    let tip = TestEnv::tip_in(&bare);
    assert_eq!(env.tip(), tip);
    assert_eq!(TestEnv::tip_in(&bob_repo), tip);
    assert_eq!(
        sh(&bare, "git", &["rev-list", "--merges", "signoff"]),
        "",
        "the store history stays linear"
    );
    let signers = env.tmp.path().join("git_signers");
    env.run(
        "alice",
        &[
            "policy",
            "allowed-signers",
            "--git",
            "-o",
            signers.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(unverified_commits(&bare, &signers), Vec::<String>::new());
    for dir in [&env.repo, &bob_repo] {
        env.run_in(dir, "alice", &["verify"]).ok();
        let st = env
            .run_in(dir, "alice", &["status", "acme/brief", "--json"])
            .ok()
            .json();
        assert_eq!(st["state"], "approved", "{st}");
    }
    let comments = sh(&bare, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/comments/") && l.ends_with(".toml"))
        .count();
    assert_eq!(comments, 2, "both comments landed");
}

#[test]
fn the_hook_refuses_an_unsigned_store_commit() {
    // The protection the test above relies on is real: a store commit
    // without a signature (as signoff wrote them before) is refused.
    let env = TestEnv::with_people();
    let bare = protected_remote(&env);
    let tip = env.tip();
    let tree = env.git(&["rev-parse", "signoff^{tree}"]);
    let unsigned = env.git(&["commit-tree", tree.trim(), "-p", &tip, "-m", "unsigned"]);
    env.git(&["update-ref", "refs/heads/signoff", unsigned.trim(), &tip]);
    let out = base_command("git", &env.repo)
        .args(["push", bare.to_str().unwrap(), "signoff:signoff"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("signed commits required"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_record_written_offline_hours_before_the_remote_moved_still_counts_after_the_rebase() {
    // bob approves offline at 09:00; cat's comment reaches the remote at
    // 10:00; bob syncs at 11:00. His approval is re-created on top of
    // cat's commit: it must still count, and verify must pass.
    let (env, bare, bob_repo) = crate::common::two_machines();
    let at = |t: &str| format!("2030-01-01T{t}:00Z");
    let run_at = |dir: &Path, who: &str, t: &str, args: &[&str]| {
        let mut c = env.cmd(who);
        c.current_dir(dir).env("SIGNOFF_NOW", at(t)).args(args);
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run_at(&bob_repo, "bob", "09:00", &["approve", "acme/brief"]);
    run_at(&env.repo, "cat", "10:00", &["approve", "acme/brief"]);
    run_at(&env.repo, "cat", "10:00", &["sync"]);
    let r = run_at(&bob_repo, "bob", "11:00", &["sync", "--json"]);
    assert!(r.contains("\"rebased\""), "{r}");
    assert_eq!(TestEnv::tip_in(&bare), TestEnv::tip_in(&bob_repo));
    let st = run_at(
        &bob_repo,
        "bob",
        "11:00",
        &["status", "acme/brief", "--json"],
    );
    assert!(st.contains("\"state\": \"approved\""), "{st}");
    run_at(&bob_repo, "bob", "11:00", &["verify"]);
}
