//! The root of trust and attacks on the policy chain: each is refused with
//! a clear message, and nothing they add counts.

use crate::common::{TestEnv, dir_of};

/// alice and bob are admins with threshold 2 (policy version 4 in force);
/// cat is a plain member.
fn two_admins() -> TestEnv {
    let env = TestEnv::with_people();
    env.apply_policy("alice", |p| {
        p.groups
            .insert("admins".into(), vec!["alice".into(), "bob".into()]);
        p.admins.threshold = 2;
    })
    .ok();
    // Version 4 names bob as an admin with threshold 2: it needs bob too.
    let check = env.run("alice", &["policy", "check"]).ok().stdout;
    assert!(
        check.contains(
            "version 4 proposed, not in effect: 1 of 2 admins of version 4 signed (needs 2)"
        ),
        "{check}"
    );
    let r = env.run("bob", &["policy", "sign", "--yes"]).ok();
    assert!(
        r.stdout.contains("policy version 4 is in effect"),
        "{}",
        r.stdout
    );
    env
}

#[test]
fn pinned_policy_hash_and_admin_keys() {
    let env = TestEnv::new();
    env.keygen("alice");
    let init = env
        .run("alice", &["init", "--id", "alice", "--json"])
        .ok()
        .json();
    let root = init["trust_root"].as_str().unwrap().to_string();
    let fp = init["key"].as_str().unwrap().to_string();
    env.add_person("bob");
    env.request("rel/app", "app.txt", "v1\n", "bob");
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("alice", &["gate", "rel/app", "--trust", &root])
        .code(0);
    env.run("alice", &["gate", "rel/app", "--trust", &fp])
        .code(0);
    // From git config, as CI would set it.
    env.git(&["config", "signoff.trust", &root]);
    env.run("alice", &["gate", "rel/app"]).code(0);
    // A pin that does not match: refused, whatever the approvals say.
    let bob_fp = env.run("bob", &["key", "show", "--json"]).ok().json()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env
        .run("alice", &["gate", "rel/app", "--trust", &bob_fp])
        .code(5);
    assert!(
        r.stderr.contains(
            "error: untrusted policy: policy version 1 does not match the pinned trust root"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    let mut env2 = env;
    env2.extra_env
        .push(("SIGNOFF_TRUST".into(), format!("sha256:{}", "1".repeat(64))));
    env2.git(&["config", "--unset", "signoff.trust"]);
    env2.run("alice", &["gate", "rel/app"]).code(5);
    env2.run("alice", &["status"]).code(5);
}

#[test]
fn policy_rollback_is_refused() {
    let env = TestEnv::approved_app_round();
    let before_removal = env.tip();
    // bob's key is compromised: the admins remove him.
    env.run("alice", &["person", "remove", "bob"]).ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(10);
    assert!(r.stdout.contains("not counted: bob"), "{}", r.stdout);
    // Someone serves the old branch, from before bob's removal.
    env.git(&["update-ref", "refs/heads/signoff", &before_removal]);
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(
        r.stderr.contains("policy rollback: this branch's newest policy is version 3, but version 4 was seen before"),
        "{}",
        r.stderr
    );
    env.run("alice", &["status"]).code(5);
    let v = env.run("alice", &["verify"]).code(5).stdout;
    assert!(
        v.contains("policy/: untrusted policy: policy rollback"),
        "{v}"
    );
    // Writing on top of the rolled-back branch is refused too.
    env.run("cat", &["comment", "rel/app", "-m", "hi"]).code(5);
    assert_eq!(env.tip(), before_removal);
}

#[test]
fn skipped_policy_version_is_refused() {
    let (env, _) = TestEnv::app_round();
    let v3 = env.git(&["show", &format!("signoff:{}", env.policy_file(3))]);
    env.forge("add policy version 5", |dir| {
        std::fs::write(
            dir.join("policy/000005.toml"),
            v3.replace("version = 3", "version = 5"),
        )
        .unwrap();
    });
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(
        r.stderr
            .contains("policy version 5 follows version 3: versions must go up by exactly one"),
        "{}",
        r.stderr
    );
    let r = env.run("alice", &["verify"]).code(5);
    assert!(
        r.stdout.contains("versions must go up by exactly one"),
        "{}",
        r.stdout
    );
}

#[test]
fn person_added_without_threshold_signatures_does_not_count() {
    let env = two_admins();
    env.request_app();
    // alice alone adds mallory and makes her a reviewer: only 1 of 2 admins.
    let key = env.keygen("mallory");
    let r = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "mallory",
                "--email",
                "m@example.com",
                "--key",
                &key,
            ],
        )
        .ok();
    assert!(
        r.stdout.contains("policy version 5 proposed"),
        "{}",
        r.stdout
    );
    let check = env.run("cat", &["policy", "check"]).ok().stdout;
    assert!(
        check.contains("version 5 proposed, not in effect: 1 of 2 admins of version 5 signed (needs 2); 1 of the admins of version 4 signed (needs 2)"),
        "{check}"
    );
    let r = env.run("mallory", &["approve", "rel/app"]).code(6);
    assert!(
        r.stderr.contains("is not in the store's policy"),
        "{}",
        r.stderr
    );
    // mallory writes her approval straight onto the branch.
    let req = env.status_json("rel/app");
    env.forge_decision("mallory", &req, "approve", "");
    let r = env.run("alice", &["gate", "rel/app"]).code(5);
    assert!(
        r.stderr.contains(&format!(
            "error: a record of rel/app failed verification: {}/",
            dir_of("rel/app")
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("which no policy version lists"),
        "{}",
        r.stderr
    );
    let st = env.status_json("rel/app");
    assert_eq!(st["needs"][0]["have"], 0, "status does not count it either");
    let v = env.run("alice", &["verify"]).code(5).stdout;
    assert!(v.contains("which no policy version lists"), "{v}");
    // A further change does not wait behind it: it is a second proposal
    // for version 5, and neither is in effect until both admins sign one.
    let r = env.run("alice", &["group", "add", "admins", "cat"]).ok();
    assert!(
        r.stdout.contains("policy version 5 proposed"),
        "{}",
        r.stdout
    );
    let check = env.run("cat", &["policy", "check", "--json"]).ok().json();
    assert_eq!(check["policy_version"], 4, "{check}");
    assert_eq!(check["proposed"].as_array().unwrap().len(), 2, "{check}");
}

#[test]
fn an_admin_signing_twice_does_not_reach_the_threshold() {
    let env = two_admins();
    env.run("alice", &["group", "add", "admins", "cat"]).ok();
    let r = env.run("alice", &["policy", "sign"]).code(4);
    assert!(
        r.stderr
            .contains("alice has already signed policy version 5"),
        "{}",
        r.stderr
    );
    // alice copies her signature under bob's name.
    let v5_sigs = TestEnv::policy_sig_dir(&env.policy_file(5));
    env.forge("sign as bob", |dir| {
        let d = dir.join(&v5_sigs);
        std::fs::copy(d.join("alice.sig"), d.join("bob.sig")).unwrap();
    });
    let check = env.run("alice", &["policy", "check", "--json"]).ok().json();
    assert_eq!(check["policy_version"], 4, "{check}");
    assert_eq!(check["proposed"][0]["version"], 5);
    assert_eq!(
        check["proposed"][0]["missing"][1],
        "1 of the admins of version 4 signed (needs 2)"
    );
    // The forged file is reported to bob instead of being mistaken for his.
    let r = env.run("bob", &["policy", "sign"]).code(5);
    assert!(r.stderr.contains("does not verify"), "{}", r.stderr);
}

#[test]
fn duplicate_keys_across_people_are_rejected() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    let bob_key = env.policy().person("bob").unwrap().keys[0].clone();
    let r = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "dave",
                "--email",
                "d@example.com",
                "--key",
                &bob_key,
            ],
        )
        .code(2);
    assert!(
        r.stderr.contains("is listed for both bob and dave"),
        "{}",
        r.stderr
    );
    let r = env.apply_policy("alice", |p| {
        let k = p.person("bob").unwrap().keys[0].clone();
        p.people
            .iter_mut()
            .find(|x| x.id == "cat")
            .unwrap()
            .keys
            .push(k);
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("is listed for both bob and cat"),
        "{}",
        r.stderr
    );
    // One person listed twice among the admins cannot make up a threshold.
    let r = env.apply_policy("alice", |p| {
        p.groups
            .insert("admins".into(), vec!["alice".into(), "alice".into()]);
        p.admins.threshold = 2;
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("group admins lists alice twice"),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), tip, "nothing written");
}

#[test]
fn decisions_by_a_removed_key_stop_counting() {
    let env = TestEnv::approved_app_round();
    env.run("alice", &["gate", "rel/app"]).code(0);
    // bob's key is replaced (rotation after a leak).
    let new_key = env.keygen("bob2");
    env.apply_policy("alice", |p| {
        p.people.iter_mut().find(|x| x.id == "bob").unwrap().keys = vec![new_key.clone()];
    })
    .ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(10);
    assert!(
        r.stdout
            .contains("not counted: bob (signed by a key the current policy does not list)"),
        "{}",
        r.stdout
    );
    let st = env.run("alice", &["status", "rel/app"]).ok().stdout;
    assert!(
        st.contains("bob: not counted (signed by a key the current policy does not list)"),
        "{st}"
    );
    // History still shows it, and it still verifies.
    env.run("alice", &["verify"]).ok();
    let log = env.run("alice", &["log", "rel/app"]).ok().stdout;
    assert!(log.contains("bob  approved rel/app v1"), "{log}");
}

#[test]
fn a_remote_that_is_merely_behind_is_not_a_rollback() {
    let env = TestEnv::with_people();
    let bare = env.tmp.path().join("remote.git");
    crate::common::sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    env.run("alice", &["sync"]).ok();
    // A policy change not yet pushed: the remote is behind, not rolled back.
    env.run("alice", &["group", "add", "leads", "bob"]).ok();
    env.run("alice", &["sync"]).ok();
    assert_eq!(
        env.git(&["rev-parse", "signoff"]),
        crate::common::sh(&bare, "git", &["rev-parse", "signoff"])
    );
}

#[test]
fn init_pins_the_root_and_an_unpinned_clone_is_warned_once() {
    let env = TestEnv::new();
    env.keygen("alice");
    let out = env
        .run("alice", &["init", "--id", "alice", "--json"])
        .ok()
        .json();
    let root = out["trust_root"].as_str().unwrap().to_string();
    assert_eq!(env.git(&["config", "signoff.trust"]).trim(), root);
    // A clone that has not pinned it is told once, not on every read.
    let clone = env.tmp.path().join("clone");
    std::fs::create_dir(&clone).unwrap();
    crate::common::sh(&clone, "git", &["init", "-q"]);
    crate::common::sh(
        &clone,
        "git",
        &["fetch", "-q", env.repo.to_str().unwrap(), "signoff:signoff"],
    );
    let warned = |dir: &std::path::Path| {
        let r = env
            .cmd("alice")
            .env_remove("SIGNOFF_NO_TOFU_WARNING")
            .current_dir(dir)
            .args(["status"])
            .output()
            .unwrap();
        assert!(r.status.success(), "{r:?}");
        String::from_utf8_lossy(&r.stderr).contains("trust root not pinned")
    };
    assert!(warned(&clone), "first read in the clone");
    assert!(!warned(&clone), "second read in the clone");
    assert!(!warned(&env.repo), "the admin's clone is pinned");
}
