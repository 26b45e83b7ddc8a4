//! Attacks on the policy folder by someone with push access and no admin
//! key: a planted proposal never blocks the admins, `policy sign` shows what
//! it signs, and anything under `policy/` that the layout does not name is
//! reported by `verify` and fails the gate closed.

use sha2::Digest as _;

use crate::common::{Edit, TestEnv};

fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// Version 4 as mallory writes it: version 3 with her as the only admin,
/// chained to version 3's exact bytes.
fn mallory_admin_version(env: &TestEnv, mallory_key: &str) -> Vec<u8> {
    let v3 = String::from_utf8(env.store_file(&env.policy_file(3))).unwrap();
    let mut p = env.policy();
    p.version = 4;
    p.previous = Some(sha256(v3.as_bytes()));
    p.people.push(signoff::policy::Person {
        id: "mallory".into(),
        name: String::new(),
        email: "m@example.com".into(),
        keys: vec![mallory_key.trim().to_string()],
        tz: None,
        access_until: None,
    });
    p.groups.insert("admins".into(), vec!["mallory".into()]);
    toml::to_string(&p).unwrap().into_bytes()
}

#[test]
fn planted_unsigned_proposal_does_not_block_revocation() {
    let env = TestEnv::approved_app_round();
    let key = env.keygen("mallory");
    let planted = mallory_admin_version(&env, &key);
    // mallory signs her own version with her own key (stock ssh-keygen):
    // she is an admin only in the version she wrote.
    let sig = env.sign_bytes("mallory", "signoff", &planted);
    env.tamper(
        &[
            Edit::Put("policy/000004.toml".into(), planted),
            Edit::Put("policy/000004.sig.d/mallory.sig".into(), sig),
        ],
        false,
    );
    // It is not a proposal an admin could be asked to sign.
    let r = env.run("alice", &["policy", "sign", "--yes"]).code(4);
    assert!(
        r.stderr
            .contains("no policy version is waiting for signatures"),
        "{}",
        r.stderr
    );
    // bob's key leaks: alice revokes it, and the planted file is no obstacle.
    let r = env.run("alice", &["person", "remove", "bob"]).ok();
    assert!(
        r.stdout
            .contains("Removed bob: policy version 4 is in effect"),
        "{}",
        r.stdout
    );
    let p = env.policy();
    assert_eq!(p.version, 4);
    assert!(p.person("bob").is_none());
    assert!(p.person("mallory").is_none());
    assert!(
        env.store_paths()
            .iter()
            .any(|x| x.starts_with("policy/000004-") && x.ends_with(".toml")),
        "the real version 4 sits beside the planted one"
    );
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(
        r.stderr
            .contains("policy/000004.toml: policy version 4 is signed by no admin of version 3"),
        "{}",
        r.stderr
    );
    let v = env.run("alice", &["verify"]).code(5).stdout;
    assert!(
        v.contains("policy/000004.toml: policy version 4 is signed by no admin of version 3"),
        "{v}"
    );
    // Further changes go on from the real version 4.
    env.run("alice", &["group", "add", "leads", "cat"]).ok();
    assert_eq!(env.policy().version, 5);
}

#[test]
fn an_unsigned_planted_proposal_is_garbage_not_a_queue() {
    let env = TestEnv::with_people();
    let key = env.keygen("mallory");
    let planted = mallory_admin_version(&env, &key);
    env.tamper(&[Edit::Put("policy/000004.toml".into(), planted)], false);
    // Any admin change still goes through, at once (alice alone is the threshold).
    env.run("alice", &["group", "add", "leads", "bob"]).ok();
    assert_eq!(env.policy().version, 4);
    assert_eq!(env.policy().groups["leads"], vec!["bob".to_string()]);
    let check = env.run("alice", &["policy", "check", "--json"]).ok().json();
    assert_eq!(check["policy_version"], 4, "{check}");
    assert_eq!(check["proposed"], serde_json::json!([]), "{check}");
}

/// alice and bob are admins, threshold 2 (version 4 in force).
fn two_admins(env: &TestEnv) {
    env.apply_policy("alice", |p| {
        p.groups
            .insert("admins".into(), vec!["alice".into(), "bob".into()]);
        p.admins.threshold = 2;
    })
    .ok();
    let tip = env.tip();
    // In a script, 'policy sign' shows the change and refuses without --yes.
    let r = env.run("bob", &["policy", "sign"]).code(2);
    assert!(
        r.stdout
            .contains("~ admins: group admins with threshold 1 -> group admins with threshold 2"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("+ bob to group admins"), "{}", r.stdout);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(env.tip(), tip, "nothing written");
    let id = env.run("alice", &["policy", "check", "--json"]).ok().json()["proposed"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env.run("bob", &["policy", "sign", &id[..8], "--yes"]).ok();
    assert!(
        r.stdout.contains("policy version 4 is in effect"),
        "{}",
        r.stdout
    );
}

#[test]
fn competing_proposals_wait_side_by_side_and_sign_names_one() {
    let env = TestEnv::with_people();
    two_admins(&env);
    // alice proposes two changes for version 5; neither blocks the other.
    let key = env.keygen("dave");
    let add = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "dave",
                "--email",
                "d@example.com",
                "--key",
                &key,
                "--json",
            ],
        )
        .ok()
        .json();
    let leads = env
        .run("alice", &["group", "add", "leads", "cat", "--json"])
        .ok()
        .json();
    assert_eq!(add["policy_version"], 5);
    assert_eq!(leads["policy_version"], 5);
    let (add_id, leads_id) = (
        add["proposal"].as_str().unwrap().to_string(),
        leads["proposal"].as_str().unwrap().to_string(),
    );
    assert_ne!(add_id, leads_id);
    // Unnamed, or named by a version two proposals share: refused.
    let r = env.run("bob", &["policy", "sign", "--yes"]).code(2);
    assert!(r.stderr.contains("2 proposals wait"), "{}", r.stderr);
    env.run("bob", &["policy", "sign", "5", "--yes"]).code(2);
    env.run("bob", &["policy", "sign", "ffff0000", "--yes"])
        .code(3);
    // Named by its id: exactly that one is shown and signed.
    let r = env.run("bob", &["policy", "sign", &leads_id, "--yes"]).ok();
    assert!(r.stdout.contains("+ group leads [cat]"), "{}", r.stdout);
    assert!(!r.stdout.contains("dave"), "{}", r.stdout);
    let p = env.policy();
    assert_eq!(p.version, 5);
    assert!(p.person("dave").is_none());
    // The other one can no longer take effect, and says so.
    let check = env.run("alice", &["policy", "check"]).ok().stdout;
    assert!(
        check.contains(&format!(
            "version 5 proposal {add_id} cannot take effect: another proposal became version 5"
        )),
        "{check}"
    );
    env.run("bob", &["policy", "sign", &add_id, "--yes"])
        .code(4);
    env.run("alice", &["verify"]).ok();
}

#[test]
fn unexpected_policy_files_are_reported_and_fail_the_gate() {
    let env = TestEnv::approved_app_round();
    let good = env.tip();
    let v2_path = env.policy_file(2);
    let v2 = env.store_file(&v2_path);
    let sig = env.store_file(&format!("{}/alice.sig", TestEnv::policy_sig_dir(&v2_path)));
    let cases: Vec<(String, Vec<u8>)> = vec![
        ("policy/2.toml".into(), v2.clone()),
        ("policy/+00002.toml".into(), v2.clone()),
        ("policy/000002.TOML".into(), v2.clone()),
        ("policy/notes.txt".into(), b"hello\n".to_vec()),
        ("policy/proposals/x.toml".into(), v2.clone()),
        ("policy/000004-0123456789abcdef.toml".into(), v2.clone()),
        ("policy/000009.sig.d/alice.sig".into(), sig.clone()),
        ("policy/000003.sig.d/bob.sig".into(), sig.clone()),
        ("policy/000002.sig.d/Alice.sig".into(), sig),
    ];
    for (path, bytes) in cases {
        env.tamper(&[Edit::Put(path.clone(), bytes)], false);
        let v = env.run("alice", &["verify"]).code(5).stdout;
        assert!(
            v.lines().any(|l| l.starts_with(&format!("{path}: "))),
            "{path}: {v}"
        );
        let r = env.run("alice", &["gate", "rel/app"]).code(5);
        assert!(
            r.stderr
                .contains(&format!("the policy folder failed verification: {path}: ")),
            "{path}: {}",
            r.stderr
        );
        // The policy in force is unchanged by it.
        assert_eq!(env.policy().version, 3, "{path}");
        env.git(&["update-ref", "refs/heads/signoff", &good]);
    }
    env.run("alice", &["verify"]).ok();
    env.run("alice", &["gate", "rel/app"]).code(0);
}

/// Runs `signoff <args>` as `person` on a pseudo-terminal (python3's `pty`),
/// answering each prompt that shows `pattern` with `reply`.
fn on_terminal(env: &TestEnv, person: &str, steps: &str, args: &[&str]) -> std::process::Output {
    const DRIVER: &str = r#"
import json, os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
seen = b""
for pat, reply in json.loads(os.environ["PTY_STEPS"]):
    end = time.time() + 30
    while pat.encode() not in seen:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not r:
            sys.stderr.write("timeout waiting for %r; screen: %r\n" % (pat, seen)); os.kill(pid, 9); sys.exit(90)
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            sys.stderr.write("EOF waiting for %r; screen: %r\n" % (pat, seen)); sys.exit(91)
        seen += chunk
    os.write(fd, reply.encode())
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let template = env.cmd(person);
    let mut cmd = std::process::Command::new("python3");
    cmd.env_clear().current_dir(&env.repo);
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.env("TERM", "xterm")
        .env("PTY_STEPS", steps)
        .args(["-c", DRIVER, crate::common::bin().to_str().unwrap()])
        .args(args)
        .output()
        .expect("python3 runs (a CI prerequisite)")
}

#[test]
fn policy_sign_on_a_terminal_asks_after_showing_the_change() {
    let env = TestEnv::with_people();
    env.apply_policy("alice", |p| {
        p.groups
            .insert("admins".into(), vec!["alice".into(), "bob".into()]);
        p.admins.threshold = 2;
    })
    .ok();
    let tip = env.tip();
    // The change is on screen before the question; "no" writes nothing.
    let out = on_terminal(
        &env,
        "bob",
        r#"[["+ bob to group admins", ""], ["Sign policy version 4", "n"]]"#,
        &["policy", "sign"],
    );
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(env.tip(), tip, "nothing written");
    let out = on_terminal(
        &env,
        "bob",
        r#"[["threshold 2", ""], ["Sign policy version 4", "y"]]"#,
        &["policy", "sign"],
    );
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(screen.contains("policy version 4 is in effect"), "{screen}");
    assert_eq!(env.policy().version, 4);
}
