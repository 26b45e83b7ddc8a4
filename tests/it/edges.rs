//! Edge cases found while testing: names and files that look like store
//! layout, records over the size limit, `-C`, and racing `init`s.

use std::process::Stdio;

use crate::common::{Run, TestEnv};

#[test]
fn snapshot_files_named_like_signatures_verify_clean() {
    // Signed release artifacts ship a detached ".sig" beside the file.
    let env = TestEnv::with_people();
    env.write("dist/app.tar.gz", "tarball");
    env.write("dist/app.tar.gz.sig", "detached signature");
    env.write("dist/SHA256SUMS.sig", "sums signature");
    env.run("alice", &["request", "release/v1", "dist", "--to", "bob"])
        .ok();
    let r = env.run("alice", &["verify"]).ok();
    assert!(r.stderr.contains("0 problem(s)"), "{}", r.stderr);
    let show = env
        .run("bob", &["show", "release/v1", "--json"])
        .ok()
        .json();
    assert_eq!(show["request"]["files"].as_array().unwrap().len(), 3);
    env.run("bob", &["approve", "release/v1"]).ok();
    let st = env
        .run("bob", &["status", "release/v1", "--json"])
        .ok()
        .json();
    assert_eq!(st["state"], "approved");
}

#[test]
fn deliverable_names_with_layout_words_verify_clean() {
    let env = TestEnv::with_people();
    env.write("a.toml", "x = 1");
    env.write("b.txt", "b");
    for name in [
        "acme/content/logo",
        "acme/decisions",
        "content",
        "acme/comments/x",
    ] {
        env.run(
            "alice",
            &["request", name, "a.toml", "b.txt", "--to", "bob"],
        )
        .ok();
        env.run("bob", &["approve", name]).ok();
    }
    let r = env.run("alice", &["verify"]).ok();
    assert!(r.stderr.contains("0 problem(s)"), "{}", r.stderr);
    let list = env.run("alice", &["list", "--json"]).ok().json();
    let rows = list["requests"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{list}");
    assert!(rows.iter().all(|r| r["state"] == "approved"), "{list}");
}

#[test]
fn oversized_records_are_refused_before_writing() {
    let env = TestEnv::with_people();
    // Enough files that the request's manifest passes the record size limit.
    for i in 0..2000 {
        env.write(&format!("many/file-{i:05}.txt"), &format!("{i}"));
    }
    let before = env.tip();
    let r = env.run("alice", &["request", "acme/many", "many", "--to", "bob"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("\nhint: "), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    env.run("alice", &["verify"]).ok();
}

#[test]
fn dash_c_runs_as_if_started_in_the_directory() {
    let env = TestEnv::with_people();
    env.write("design/logo.svg", "<svg/>");
    // Started outside the repository, relative paths are taken from -C.
    let run_outside = |person: &str, args: &[&str]| -> Run {
        let mut c = env.cmd(person);
        c.current_dir(env.tmp.path())
            .arg("-C")
            .arg("repo/design")
            .args(args);
        Run::from(c.output().unwrap())
    };
    run_outside(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    )
    .ok();
    let show = env.run("bob", &["show", "acme/logo", "--json"]).ok().json();
    assert_eq!(show["request"]["files"][0]["path"], "design/logo.svg");
    run_outside("bob", &["show", "acme/logo", "--extract", "out"]).ok();
    assert_eq!(
        std::fs::read(env.repo.join("design/out/design/logo.svg")).unwrap(),
        b"<svg/>"
    );
    // And from a subdirectory without -C, paths are relative to it too.
    env.write("design/icon.svg", "<svg>i</svg>");
    let mut c = env.cmd("alice");
    c.current_dir(env.repo.join("design")).args([
        "request",
        "acme/icon",
        "icon.svg",
        "--to",
        "bob",
    ]);
    Run::from(c.output().unwrap()).ok();
    let show = env.run("bob", &["show", "acme/icon", "--json"]).ok().json();
    assert_eq!(show["request"]["files"][0]["path"], "design/icon.svg");
    let missing = env.tmp.path().join("nowhere");
    let mut c = env.cmd("alice");
    c.arg("-C").arg(&missing).arg("status");
    let r = Run::from(c.output().unwrap());
    assert_eq!(r.code, 7, "{r:?}");
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

#[test]
fn racing_inits_make_exactly_one_store() {
    let env = TestEnv::new();
    for p in ["alice", "bob", "cat", "dan"] {
        env.keygen(p);
    }
    let children: Vec<_> = ["alice", "bob", "cat", "dan"]
        .iter()
        .map(|p| {
            env.cmd(p)
                .args(["init", "--id", p])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let runs: Vec<Run> = children
        .into_iter()
        .map(|c| Run::from(c.wait_with_output().unwrap()))
        .collect();
    let winners = runs.iter().filter(|r| r.code == 0).count();
    assert_eq!(winners, 1, "{runs:?}");
    for r in runs.iter().filter(|r| r.code != 0) {
        assert_eq!(r.code, 4, "{r:?}");
        assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    }
    assert_eq!(env.git(&["rev-list", "--count", "signoff"]).trim(), "1");
    env.run("alice", &["verify"]).ok();
}

#[test]
fn another_store_branch_by_flag_env_or_config() {
    let env = TestEnv::new();
    env.keygen("alice");
    env.keygen("bob");
    env.run("alice", &["init", "--id", "alice", "--ref", "approvals"])
        .ok();
    assert!(!env.has_store());
    env.git(&["rev-parse", "--verify", "refs/heads/approvals"]);
    // Without the flag, the default branch has no store.
    env.run("alice", &["status"]).code(3);
    env.run_env("alice", &[("SIGNOFF_REF", "approvals")], &["status"])
        .ok();
    env.git(&["config", "signoff.ref", "approvals"]);
    env.write("f", "f");
    let key = env.run("bob", &["key", "show"]).ok().stdout;
    env.run(
        "alice",
        &[
            "person",
            "add",
            "bob",
            "--email",
            "bob@example.com",
            "--key",
            key.trim(),
        ],
    )
    .ok();
    env.run("alice", &["request", "acme/x", "f", "--to", "bob"])
        .ok();
    env.run("bob", &["approve", "acme/x"]).ok();
    env.run("alice", &["verify"]).ok();
    assert!(!env.has_store());
    let r = env.run("alice", &["status", "--ref", "../evil"]).code(2);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

#[test]
fn own_decision_replaces_one_entered_on_ones_behalf() {
    let env = TestEnv::with_people();
    // Only admins may enter decisions for others under the default rule.
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("bob".into());
    })
    .ok();
    env.request("acme/x", "f", "f", "cat");
    env.run(
        "bob",
        &[
            "approve",
            "acme/x",
            "--on-behalf-of",
            "cat",
            "--evidence",
            "call",
        ],
    )
    .ok();
    env.run("cat", &["changes", "acme/x", "-m", "I did not say that"])
        .ok();
    let show = env.run("alice", &["show", "acme/x", "--json"]).ok().json();
    assert_eq!(show["evaluation"]["state"], "changes-requested", "{show}");
    let d = show["decisions"].as_array().unwrap();
    assert_eq!(d[1]["supersedes"], d[0]["id"]);
    assert!(
        show["evaluation"]["conflicts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_request_expires_and_refuses_late_decisions() {
    let mut env = TestEnv::with_people();
    env.write("doc.txt", "d");
    env.extra_env
        .push(("SIGNOFF_NOW".into(), "2026-11-01T10:00:00Z".into()));
    env.run(
        "alice",
        &[
            "request",
            "doc",
            "doc.txt",
            "--to",
            "bob,cat",
            "--expires",
            "2026-11-10",
        ],
    )
    .ok();
    env.run("bob", &["approve", "doc"]).ok();
    env.extra_env.clear();
    env.extra_env
        .push(("SIGNOFF_NOW".into(), "2026-11-11T10:00:00Z".into()));
    let st = env.status_json("doc");
    assert_eq!(st["state"], "expired");
    let tip = env.tip();
    let r = env.run("cat", &["approve", "doc"]).code(4);
    assert!(r.stderr.contains("expired"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
    let r = env
        .run(
            "alice",
            &[
                "request",
                "doc",
                "doc.txt",
                "--to",
                "bob",
                "--expires",
                "2026-11-05",
            ],
        )
        .code(2);
    assert!(r.stderr.contains("in the past"), "{}", r.stderr);
}

/// Clones and `git gc` store objects in packs, many of them as deltas,
/// which libgit2 cannot stream: verify, extract and `--rev` must still work.
#[test]
fn a_packed_repository_with_delta_objects_verifies_and_extracts() {
    let env = TestEnv::with_people();
    let mut body = String::new();
    for i in 0..400 {
        body.push_str("line ");
        body.push_str(&i.to_string());
        body.push_str(" of the brief\n");
    }
    env.write("brief.md", &body);
    env.git(&["add", "brief.md"]);
    env.git(&[
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@x",
        "commit",
        "-qm",
        "v1",
    ]);
    env.run(
        "alice",
        &["request", "doc", "brief.md", "--rev", "HEAD", "--to", "bob"],
    )
    .ok();
    let v2 = format!("{body}one more line\n");
    env.write("brief.md", &v2);
    env.run("alice", &["request", "doc", "brief.md", "--to", "bob"])
        .ok();
    env.git(&[
        "repack",
        "-a",
        "-d",
        "-f",
        "-q",
        "--window=50",
        "--depth=50",
    ]);
    let loose = env.git(&["count-objects", "-v"]);
    assert!(loose.contains("count: 0"), "{loose}");
    env.run("alice", &["verify"]).ok();
    for (v, want) in [("1", &body), ("2", &v2)] {
        let dir = env.tmp.path().join(format!("x{v}"));
        env.run(
            "alice",
            &[
                "show",
                "doc",
                "--version",
                v,
                "--extract",
                dir.to_str().unwrap(),
            ],
        )
        .ok();
        assert_eq!(
            &std::fs::read_to_string(dir.join("brief.md")).unwrap(),
            want
        );
    }
    // Reading files from a (now packed) commit works too.
    env.run(
        "alice",
        &[
            "request", "doc2", "brief.md", "--rev", "HEAD", "--to", "bob",
        ],
    )
    .ok();
    env.run("alice", &["verify"]).ok();
}
