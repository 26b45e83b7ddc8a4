//! git's housekeeping: `signoff gc` packs on demand, and a write starts
//! `git gc --auto` in the background once git's thresholds are passed,
//! never waiting for it and never holding the store's ref lock.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{TestEnv, sh};

/// `git count-objects -v` as (loose objects, packs).
fn objects(repo: &Path) -> (u64, u64) {
    let out = sh(repo, "git", &["count-objects", "-v"]);
    let field = |name: &str| -> u64 {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    (field("count"), field("packs"))
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn signoff_gc_packs_the_loose_objects_and_keeps_every_record() {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg/>", "bob");
    env.run("bob", &["approve", "acme/logo"]).ok();
    let (loose, _) = objects(&env.repo);
    assert!(loose > 0, "a new store has loose objects");
    let tip = env.tip();
    let out = env.run("alice", &["gc"]).ok();
    assert!(
        out.stdout.contains("packed the repository"),
        "{}",
        out.stdout
    );
    let (loose, packs) = objects(&env.repo);
    assert_eq!(loose, 0, "every reachable object was packed");
    assert!(packs >= 1);
    assert_eq!(env.tip(), tip, "gc moves no branch");
    env.run("alice", &["verify"]).ok();
    let json = env.run("alice", &["--json", "gc"]).ok().json();
    assert!(
        json["git_bytes_after"].as_u64().is_some_and(|n| n > 0),
        "{json}"
    );
    assert!(json["git_bytes_before"].as_u64().is_some());
}

/// A `git` that, asked to `gc`, notes that it started (and whether the
/// store's ref lock was held then), then waits for the test's word before
/// doing it; anything else it runs at once.
fn slow_gc_git(dir: &Path, marks: &Path, lock: &Path) -> String {
    let real = sh(dir, "sh", &["-c", "command -v git"]).trim().to_string();
    let bin = dir.join("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\n\
         case \" $* \" in *\" gc \"*)\n\
           [ -e '{lock}' ] && echo locked >> '{m}/locked'\n\
           echo started >> '{m}/started'\n\
           i=0; while [ ! -e '{m}/go' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n\
           [ -e '{m}/go' ] || echo timeout >> '{m}/timeout';;\n\
         esac\n\
         exec '{real}' \"$@\"\n",
        lock = lock.display(),
        m = marks.display(),
    );
    let git = bin.join("git");
    std::fs::write(&git, script).unwrap();
    sh(dir, "chmod", &["+x", git.to_str().unwrap()]);
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Loose objects in `objects/17`, where git counts them for `gc --auto`.
fn plant_loose_objects_in_17(repo: &Path, how_many: usize) {
    let mut planted = 0;
    for n in 0u32.. {
        let body = format!("filler {n}\n");
        let id = git2::Oid::hash_object(git2::ObjectType::Blob, body.as_bytes()).unwrap();
        if !id.to_string().starts_with("17") {
            continue;
        }
        let file = repo.join(".git").join(format!("filler-{n}"));
        std::fs::write(&file, body).unwrap();
        sh(repo, "git", &["hash-object", "-w", file.to_str().unwrap()]);
        planted += 1;
        if planted == how_many {
            break;
        }
    }
}

#[test]
fn a_write_past_gits_threshold_starts_gc_in_the_background_and_never_waits() {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg/>", "bob");
    // git's own threshold, made small: more than one loose object in
    // objects/17 means "too many" (gc.auto 256 / 256).
    env.git(&["config", "gc.auto", "256"]);
    plant_loose_objects_in_17(&env.repo, 3);
    let marks = env.repo.join(".git").join("marks");
    std::fs::create_dir_all(&marks).unwrap();
    let lock = env.repo.join(".git/refs/heads/signoff.lock");
    let path = slow_gc_git(env.repo.parent().unwrap(), &marks, &lock);
    let path = path.as_str();
    let tip = env.tip();
    // The write returns while its housekeeping still waits for our word:
    // had it waited for git, it would have come back only after git gave
    // up waiting (and said so).
    env.run_env("bob", &[("PATH", path)], &["approve", "acme/logo"])
        .ok();
    assert_ne!(env.tip(), tip, "the approval landed");
    assert!(!marks.join("timeout").exists(), "the write waited for gc");
    wait_for("git gc to start", || marks.join("started").exists());
    assert!(
        !marks.join("locked").exists(),
        "gc started while the store's ref lock was held"
    );
    std::fs::write(marks.join("go"), "").unwrap();
    wait_for("git gc to pack the store", || objects(&env.repo).1 >= 1);
    env.run("alice", &["verify"]).ok();
}

#[test]
fn below_gits_threshold_or_with_gc_auto_off_a_write_starts_nothing() {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg/>", "bob");
    let marks = env.repo.join(".git").join("marks");
    std::fs::create_dir_all(&marks).unwrap();
    let lock = env.repo.join(".git/refs/heads/signoff.lock");
    let path = slow_gc_git(env.repo.parent().unwrap(), &marks, &lock);
    std::fs::write(marks.join("go"), "").unwrap();
    // A small store: below git's default threshold.
    env.run_env(
        "bob",
        &[("PATH", path.as_str())],
        &["comment", "acme/logo", "-m", "a"],
    )
    .ok();
    // Past the threshold, but turned off as in git.
    env.git(&["config", "gc.auto", "0"]);
    plant_loose_objects_in_17(&env.repo, 3);
    env.run_env("bob", &[("PATH", path.as_str())], &["approve", "acme/logo"])
        .ok();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!marks.join("started").exists(), "gc was started");
}
