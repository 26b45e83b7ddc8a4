//! Stress: 8 writers of 100 decisions each, and writers killed mid-write:
//! the store is always either before or after a write, never in between.

use std::process::{Child, Stdio};

use crate::common::{TestEnv, sh};

fn spawn(env: &TestEnv, person: &str, args: &[&str]) -> Child {
    env.cmd(person)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn signoff")
}

fn count_records(env: &TestEnv, folder: &str) -> usize {
    env.git(&["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains(folder) && l.ends_with(".toml"))
        .count()
}

/// 8 people each write 100 decisions at the same time on one repository.
#[test]
fn eight_writers_a_hundred_decisions_each() {
    let env = TestEnv::new();
    env.init();
    let people: Vec<String> = (1..=8).map(|i| format!("p{i}")).collect();
    for p in &people {
        env.add_person(p);
    }
    env.write("doc.txt", "the document");
    let mut args = vec!["request", "doc", "doc.txt", "--to"];
    let list = people.join(",");
    args.push(&list);
    env.run("alice", &args).ok();

    // Each writer is a shell loop of 100 decisions (alternating verdicts so
    // no two consecutive decisions are duplicates).
    let bin = crate::common::bin();
    let mut children = Vec::new();
    for p in &people {
        let script = format!(
            "for i in $(seq 1 100); do if [ $((i % 2)) = 0 ]; then v=approve; else v=changes; fi; \"{}\" $v doc -m \"round $i\" || exit 1; done",
            bin.display()
        );
        // Same environment as `env.cmd(p)`, but run through sh.
        let template = env.cmd(p);
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(&script)
            .current_dir(&env.repo)
            .env_clear();
        for (k, v) in template.get_envs() {
            if let Some(v) = v {
                cmd.env(k, v);
            }
        }
        children.push(
            cmd.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(count_records(&env, "/decisions/"), 800);
    let v = env.run("alice", &["verify", "--json"]).ok().json();
    assert_eq!(v["records_verified"], 801);
    sh(&env.repo, "git", &["fsck", "--strict", "--no-dangling"]);
    let st = env.status_json("doc");
    assert_eq!(
        st["state"], "approved",
        "everyone's last decision was an approval"
    );
}

/// A writer killed with SIGKILL at random moments leaves the store valid.
#[test]
fn sigkill_at_random_points_never_leaves_a_half_written_store() {
    let env = TestEnv::with_request("doc", "doc.txt", "the document", "bob,cat");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut landed = 0;
    for i in 0..40 {
        let before = count_records(&env, "/comments/");
        let mut child = spawn(&env, "bob", &["comment", "doc", "-m", &format!("note {i}")]);
        // Kill somewhere between start-up and completion (a write takes a
        // few to a few tens of milliseconds here).
        std::thread::sleep(std::time::Duration::from_micros(rand() % 40_000));
        let _ = child.kill();
        let _ = child.wait();
        let after = count_records(&env, "/comments/");
        assert!(
            after == before || after == before + 1,
            "before {before}, after {after}"
        );
        landed += after - before;
        // Every record at the tip has its signature and verifies.
        env.run("alice", &["verify"]).ok();
    }
    sh(&env.repo, "git", &["fsck", "--strict", "--no-dangling"]);
    // No stale lock is left behind: the next write goes through.
    env.run("bob", &["comment", "doc", "-m", "after the storm"])
        .ok();
    eprintln!("{landed} of 40 killed writers had landed their write");
}

/// A ref lock left by a writer that died does not block later writes for
/// good: once it is clearly stale it is removed and the write lands.
#[test]
fn a_stale_ref_lock_from_a_dead_writer_is_cleared() {
    let env = TestEnv::with_request("doc", "doc.txt", "the document", "bob");
    let lock = env.repo.join(".git/refs/heads/signoff.lock");
    std::fs::write(&lock, "0000000000000000000000000000000000000000\n").unwrap();
    sh(
        &env.repo,
        "touch",
        &["-d", "1 minute ago", lock.to_str().unwrap()],
    );
    let before = env.tip();
    let r = env.run("bob", &["approve", "doc"]).ok();
    assert!(
        r.stderr.contains("left by a writer that died"),
        "{}",
        r.stderr
    );
    assert!(!lock.exists());
    assert_ne!(env.tip(), before);
    env.run("alice", &["verify"]).ok();
}
