//! Faults from the environment: a damaged or missing git object, a full
//! disk, and a repository git refuses for its ownership. Each says what is
//! wrong and what to do, with the documented exit code, and writes nothing.
//! Tests that need root (to mount a small file system or to own a folder as
//! another user) print why they skip when they cannot.

use std::process::Command;

use crate::common::{TestEnv, dir_of, sh};

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
        eprintln!("skipped: mounting a small file system needs root");
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
        eprintln!("skipped: this machine does not allow mounting a tmpfs");
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
        eprintln!("skipped: giving a folder to another user needs root");
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
        eprintln!("skipped: no user 'nobody' to own the folder");
        return;
    }
    let r = env.run_in(&other, "alice", &["status"]);
    assert_eq!(r.code, 7, "{r:?}");
    assert!(r.stderr.contains("owned by another user"), "{}", r.stderr);
    assert!(r.stderr.contains("safe.directory"), "{}", r.stderr);
}
