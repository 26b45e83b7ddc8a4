//! Faults from the environment: a damaged or missing git object, a full
//! disk, and a repository git refuses for its ownership. Each says what is
//! wrong and what to do, with the documented exit code, and writes nothing.
//! Tests that need root (to mount a small file system or to own a folder as
//! another user) print why they skip when they cannot, and fail under `CI=1`.
//!
//! And faults in the middle of a sync: `sync` killed with SIGKILL at random
//! moments while another clone pushes, and the remote (a `git daemon`)
//! killed while it receives a push. After a final sync on each side, every
//! record is everywhere, `verify` is clean and `git fsck` is clean.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{TestEnv, dir_of, sh, two_machines};

/// A store with one request (acme/logo, from bob only) and bob's approval.
fn setup() -> TestEnv {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob");
    env.approve_by(&["bob"], "acme/logo");
    env
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The loose object file of `path` on the store branch (records are written
/// as loose objects; nothing here packs them).
fn loose_object(env: &TestEnv, path: &str) -> std::path::PathBuf {
    let oid = env.git(&["rev-parse", &format!("signoff:{path}")]);
    let oid = oid.trim();
    env.repo
        .join(".git/objects")
        .join(&oid[..2])
        .join(&oid[2..])
}

fn decision_path(env: &TestEnv) -> String {
    env.record_paths("/decisions/")
        .into_iter()
        .find(|p| p.ends_with(".toml"))
        .expect("a decision")
}

fn clear_cache(env: &TestEnv) {
    let dir = env.repo.join(".git/signoff");
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("cache") || name.starts_with("index") {
            let _ = std::fs::remove_file(e.path());
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Flips a byte in the middle of a loose object file.
fn flip_a_byte(file: &std::path::Path) {
    let mut bytes = std::fs::read(file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    let mut perms = std::fs::metadata(file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(file, perms).unwrap();
    std::fs::write(file, bytes).unwrap();
}

fn remove(file: &std::path::Path) {
    std::fs::remove_file(file).unwrap();
}

/// One way to damage a record's object, and what the commands then say.
struct Damage {
    case: &'static str,
    apply: fn(&std::path::Path),
    /// What verify's stdout says besides the record's path.
    verify_says: &'static [&'static str],
    /// What the gate's stderr says.
    gate_says: &'static [&'static str],
}

/// A damaged decision object is an integrity failure naming the record in
/// `verify`; the gate fails closed on it (exit 5) instead of erroring as an
/// environment problem.
#[test]
fn a_damaged_or_missing_record_object_is_an_integrity_failure_naming_the_record() {
    let cases = [
        Damage {
            case: "flipped byte",
            apply: flip_a_byte,
            verify_says: &["damaged", "git fsck"],
            gate_says: &["damaged", "hint:"],
        },
        Damage {
            case: "missing object",
            apply: remove,
            verify_says: &["missing"],
            gate_says: &[],
        },
    ];
    for Damage {
        case,
        apply,
        verify_says,
        gate_says,
    } in cases
    {
        let env = setup();
        let path = decision_path(&env);
        apply(&loose_object(&env, &path));
        clear_cache(&env);
        let r = env.run("alice", &["verify"]);
        assert_eq!(r.code, 5, "{case}: verify {r:?}");
        assert!(r.stdout.contains(&path), "{case}: {}", r.stdout);
        for needle in verify_says {
            assert!(
                r.stdout.contains(needle),
                "{case}: {needle:?} in\n{}",
                r.stdout
            );
        }
        let r = env.run("alice", &["gate", "acme/logo"]);
        assert_eq!(r.code, 5, "{case}: gate {r:?}");
        for needle in gate_says {
            assert!(
                r.stderr.contains(needle),
                "{case}: {needle:?} in\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn a_damaged_tree_fails_every_read_as_integrity() {
    let env = setup();
    // The folder of the request: a tree object every read walks through.
    let acme = dir_of("acme/logo").trim_end_matches("/logo").to_string();
    let tree = env.git(&["rev-parse", &format!("signoff:{acme}")]);
    let tree = tree.trim();
    let file = env
        .repo
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    std::fs::remove_file(&file).unwrap();
    clear_cache(&env);
    for args in [&["verify"][..], &["gate", "acme/logo"], &["log"]] {
        let r = env.run("alice", args);
        assert_eq!(r.code, 5, "{args:?}: {r:?}");
        assert!(
            r.stderr.contains("hint: fetch the store again"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_full_disk_says_so_and_writes_nothing() {
    if !is_root() {
        crate::common::cannot_run("mounting a small file system needs root");
        return;
    }
    let env = setup();
    let mnt = env.tmp.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        crate::common::cannot_run("this machine does not allow mounting a tmpfs");
        return;
    }
    let repo = mnt.join("repo");
    sh(
        env.tmp.path(),
        "cp",
        &["-a", env.repo.to_str().unwrap(), repo.to_str().unwrap()],
    );
    let before = TestEnv::tip_in(&repo);
    // Fill the disk to the last byte.
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", mnt.join("fill").display()))
        .output();
    let r = env.run_in(&repo, "bob", &["comment", "acme/logo", "-m", "looks good"]);
    let after = TestEnv::tip_in(&repo);
    let _ = Command::new("umount").arg(&mnt).status();
    assert_eq!(r.code, 7, "{r:?}");
    assert!(r.stderr.contains("the disk is full"), "{}", r.stderr);
    assert!(
        r.stderr.contains("hint: free some disk space"),
        "{}",
        r.stderr
    );
    assert_eq!(before, after, "nothing may be written on a full disk");
}

#[test]
fn a_repository_owned_by_another_user_is_named_as_such() {
    if !is_root() {
        crate::common::cannot_run("giving a folder to another user needs root");
        return;
    }
    let env = setup();
    let other = env.tmp.path().join("theirs");
    sh(
        env.tmp.path(),
        "cp",
        &["-a", env.repo.to_str().unwrap(), other.to_str().unwrap()],
    );
    let owned = Command::new("chown")
        .args(["-R", "nobody"])
        .arg(&other)
        .status()
        .is_ok_and(|s| s.success());
    if !owned {
        crate::common::cannot_run("no user 'nobody' to own the folder");
        return;
    }
    let r = env.run_in(&other, "alice", &["status"]);
    assert_eq!(r.code, 7, "{r:?}");
    assert!(r.stderr.contains("owned by another user"), "{}", r.stderr);
    assert!(r.stderr.contains("safe.directory"), "{}", r.stderr);
}

/// A small seeded generator (xorshift64*), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn comments_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = sh(dir, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| (l.contains("/comments/") || l.contains("/decisions/")) && l.ends_with(".toml"))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

fn fsck_clean(dir: &Path) {
    let out = Command::new("git")
        .args(["fsck", "--no-progress", "--no-dangling"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git fsck in {}: {}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// alice's sync is killed at a random moment while bob, from a second
/// clone, syncs too; a few seeded rounds, then a final sync on each side.
#[test]
fn sync_killed_at_random_moments_against_a_concurrent_pusher_converges() {
    let seed = std::env::var("SIGNOFF_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    eprintln!("seed {seed} (set SIGNOFF_FAULT_SEED to replay)");
    let mut rng = Rng(seed | 1);
    let (env, bare, bob_repo) = two_machines();
    env.run("cat", &["approve", "acme/brief"]).ok();
    env.run_in(&bob_repo, "bob", &["approve", "acme/brief"])
        .ok();
    let started = Instant::now();
    let mut killed = 0;
    for round in 0..6 {
        env.run(
            "alice",
            &["comment", "acme/brief", "-m", &format!("alice {round}")],
        )
        .ok();
        env.run_in(
            &bob_repo,
            "bob",
            &["comment", "acme/brief", "-m", &format!("bob {round}")],
        )
        .ok();
        // In its own process group: the kill takes the git processes it
        // runs (the push, and the receive-pack of this on-disk remote) too.
        let mut alice = {
            use std::os::unix::process::CommandExt;
            env.cmd("alice")
                .arg("sync")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap()
        };
        let mut bob = env
            .cmd("bob")
            .current_dir(&bob_repo)
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(500)));
        if alice.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", alice.id())])
            .status();
        alice.wait().unwrap();
        // bob may lose the race or meet alice's push: any exit is fine,
        // what matters is what the final syncs make of it.
        bob.wait().unwrap();
    }
    eprintln!("{killed} of 6 syncs were killed while running");
    // The final syncs: alice, bob (takes alice's), alice (takes bob's).
    // A push killed while it held the remote's ref lock leaves the lock
    // file: the sync names it, and, no push running, it is removed as the
    // hint says.
    for dir in [&env.repo, &bob_repo, &env.repo] {
        let mut r = env.run_in(dir, "alice", &["sync"]);
        if r.code == 7 && r.stderr.contains("is locked") {
            let lock = bare.join("refs/heads/signoff.lock");
            assert!(r.stderr.contains("signoff.lock"), "{}", r.stderr);
            eprintln!("a killed push left {}; removing it", lock.display());
            std::fs::remove_file(&lock).unwrap();
            r = env.run_in(dir, "alice", &["sync"]);
        }
        assert_eq!(r.code, 0, "final sync in {}: {r:?}", dir.display());
    }
    let want = comments_in(&env.repo);
    assert_eq!(
        want.len(),
        2 + 12,
        "two approvals and twelve comments: {want:?}"
    );
    assert_eq!(comments_in(&bob_repo), want);
    assert_eq!(comments_in(&bare), want);
    for dir in [&env.repo, &bob_repo] {
        env.run_in(dir, "alice", &["verify"]).ok();
        let st = env
            .run_in(dir, "alice", &["status", "acme/brief", "--json"])
            .ok()
            .json();
        assert_eq!(st["state"], "approved");
    }
    for dir in [&env.repo, &bob_repo, &bare] {
        fsck_clean(dir);
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// A `git daemon` serving `base` on a free loopback port, in its own
/// process group so that killing it kills the receive-pack it runs.
struct Daemon {
    child: std::process::Child,
    url: String,
}

impl Daemon {
    fn start(base: &Path) -> Daemon {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("git")
            .args([
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                &format!("--port={port}"),
                "--export-all",
                "--enable=receive-pack",
                &format!("--base-path={}", base.display()),
            ])
            .arg(base)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("git daemon");
        let url = format!("git://127.0.0.1:{port}/remote.git");
        let start = Instant::now();
        while !Command::new("git")
            .args(["ls-remote", &url])
            .output()
            .is_ok_and(|o| o.status.success())
        {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "git daemon did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Daemon { child, url }
    }

    /// SIGKILL to the daemon and everything it started.
    fn kill(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The remote dies while it receives alice's push (its `pre-receive` hook
/// is still running): the sync fails saying the push did not complete and
/// what it did locally; with the remote back, the next sync converges.
#[test]
fn a_remote_killed_mid_push_converges_on_the_next_sync() {
    let (env, bare, bob_repo) = two_machines();
    let served = bare.parent().unwrap().to_path_buf();
    let mut daemon = Daemon::start(&served);
    env.git(&["remote", "set-url", "origin", &daemon.url]);
    sh(
        &bob_repo,
        "git",
        &["remote", "set-url", "origin", &daemon.url],
    );
    // bob pushes a decision; alice comments and will merge it, then push.
    env.run_in(&bob_repo, "bob", &["approve", "acme/brief"])
        .ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    env.run("alice", &["comment", "acme/brief", "-m", "on my way"])
        .ok();
    let marker = env.tmp.path().join("receiving");
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\ntouch '{}'\nsleep 20\n", marker.display()),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let remote_before = TestEnv::tip_in(&bare);
    let sync = env
        .cmd("alice")
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the push never reached the remote"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    daemon.kill();
    let out = sync.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(
        stderr.contains("the push to origin did not complete"),
        "{stderr}"
    );
    assert!(stderr.contains("took in 1 record"), "{stderr}");
    assert!(
        stderr.contains("run 'signoff sync' again to push"),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(
        TestEnv::tip_in(&bare),
        remote_before,
        "the remote took nothing"
    );

    // The remote comes back (without the slow hook): the next sync pushes.
    std::fs::remove_file(&hook).unwrap();
    let daemon = Daemon::start(&served);
    env.git(&["remote", "set-url", "origin", &daemon.url]);
    sh(
        &bob_repo,
        "git",
        &["remote", "set-url", "origin", &daemon.url],
    );
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true, "{r}");
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    assert_eq!(TestEnv::tip_in(&bare), env.tip());
    assert_eq!(TestEnv::tip_in(&bob_repo), env.tip());
    env.run("alice", &["verify"]).ok();
    for dir in [&env.repo, &bob_repo, &bare] {
        fsck_clean(dir);
    }
}
