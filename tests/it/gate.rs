//! `signoff gate`: every exit code, the one-line summary, GitHub Actions
//! output, `--json`, `--wait` and `--fetch`.

use std::time::{Duration, Instant};

use signoff::policy::{Requirement, Rule};

use crate::common::{TestEnv, sh};

/// alice (admin), bob, cat; `app.txt` committed; `rel/app` requested from
/// bob and cat by alice.
fn requested() -> TestEnv {
    let env = TestEnv::with_people();
    env.commit_file("app.txt", "build 1\n");
    env.run(
        "alice",
        &["request", "rel/app", "app.txt", "--to", "bob,cat"],
    )
    .ok();
    env
}

#[test]
fn exit_codes_pending_approved_stale_rejected() {
    let env = requested();
    let r = env.run("alice", &["gate", "rel/app"]).code(10);
    assert_eq!(
        r.stdout.trim(),
        "signoff gate: rel/app v1: pending: 0/2 approvals from reviewers; needs 2 more: bob, cat"
    );
    env.run("bob", &["approve", "rel/app"]).ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(10);
    assert!(
        r.stdout
            .contains("1/2 approvals from reviewers; needs 1 more: cat"),
        "{}",
        r.stdout
    );
    env.run("cat", &["approve", "rel/app"]).ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(0);
    assert_eq!(
        r.stdout.trim(),
        "signoff gate: rel/app v1: approved: approved by bob, cat"
    );

    // The bytes about to ship changed: stale, even though approved.
    env.write("app.txt", "build 2\n");
    let r = env.run("alice", &["gate", "rel/app"]).code(12);
    assert!(
        r.stdout
            .contains("stale: content changed since v1 was requested"),
        "{}",
        r.stdout
    );
    // The committed bytes are still the approved ones.
    env.run("alice", &["gate", "rel/app", "--rev", "HEAD"])
        .code(0);
    env.git(&["commit", "-q", "-am", "build 2"]);
    env.run("alice", &["gate", "rel/app", "--rev", "HEAD"])
        .code(12);
    env.run("alice", &["gate", "rel/app", "--rev", "HEAD~1"])
        .code(0);
    env.git(&["checkout", "-q", "HEAD~1", "--", "app.txt"]);
    env.run("alice", &["gate", "rel/app"]).code(0);

    // A reviewer changes their mind: their latest decision counts.
    env.run("cat", &["changes", "rel/app", "-m", "typo"]).ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(11);
    assert!(
        r.stdout.contains("rejected: changes requested by cat"),
        "{}",
        r.stdout
    );
    env.run("cat", &["decline", "rel/app", "-m", "not now"])
        .ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(11);
    assert!(r.stdout.contains("declined by cat"), "{}", r.stdout);
    env.run("alice", &["withdraw", "rel/app"]).ok();
    env.run("alice", &["gate", "rel/app"]).code(11);
}

#[test]
fn usage_not_found_and_integrity_codes() {
    let env = requested();
    let wrong = format!("sha256:{}", "0".repeat(64));
    // Rows: the arguments to `gate`, the exit code, what stderr says (if
    // checked). The last is the pending gate itself.
    #[rustfmt::skip]
    let cases: [(&[&str], i32, &[&str]); 10] = [
        (&["rel/app", "--rev", "HEAD", "--range", "a..b"], 2, &[]),
        (
            &["rel/app", "--wait", "soon"], 2,
            &["error: invalid --wait duration \"soon\"", "hint: use e.g. 90 (seconds)"],
        ),
        (&["rel/app", "--interval", "1s"], 2, &[]),
        (&["rel/app", "--range", "main..feature"], 2, &[]),
        (&["Bad Name"], 2, &[]),
        (&["rel/other"], 3, &["no request for deliverable \"rel/other\""]),
        (&["rel/app", "--rev", "nosuchrev"], 3, &[]),
        (&["rel/app", "--trust", "sha256:nothex"], 2, &[]),
        (&["rel/app", "--trust", &wrong], 5, &["does not match the pinned trust root"]),
        (&["rel/app"], 10, &[]),
    ];
    let tip = env.tip();
    for (args, code, says) in cases {
        let case = args.join(" ");
        let r = env.run("alice", &[&["gate"][..], args].concat());
        assert_eq!(r.code, code, "gate {case}: expected exit {code}\n{r:?}");
        for needle in says {
            assert!(
                r.stderr.contains(needle),
                "gate {case}: {needle:?} in\n{}",
                r.stderr
            );
        }
        // Nothing was written by any of this.
        assert_eq!(env.tip(), tip, "gate {case}: the store branch moved");
    }
}

#[test]
fn files_from_outside_the_repository_cannot_be_gated() {
    let env = TestEnv::with_people();
    let outside = env.tmp.path().join("deck.pdf");
    std::fs::write(&outside, "%PDF").unwrap();
    env.run(
        "alice",
        &[
            "request",
            "acme/deck",
            "--file",
            outside.to_str().unwrap(),
            "--to",
            "bob",
        ],
    )
    .ok();
    let r = env.run("alice", &["gate", "acme/deck"]).code(2);
    assert!(
        r.stderr.contains("cannot recompute what ships"),
        "{}",
        r.stderr
    );
}

#[test]
fn two_of_three_leads_author_excluded() {
    let env = TestEnv::with_people();
    env.apply_policy("alice", |p| {
        p.groups.insert(
            "leads".into(),
            vec!["alice".into(), "bob".into(), "cat".into()],
        );
        p.rules.insert(
            0,
            Rule {
                require: vec![Requirement {
                    group: "leads".into(),
                    count: 2,
                }],
                ..Rule::fallback()
            }
            .with_pattern("release/**"),
        );
    })
    .ok();
    env.write("dist/app.bin", "binary");
    env.run("alice", &["request", "release/v1", "dist"]).ok();
    let r = env.run("alice", &["gate", "release/v1"]).code(10);
    assert_eq!(
        r.stdout.trim(),
        "signoff gate: release/v1 v1: pending: 0/2 approvals from leads; needs 2 more: bob, cat; author excluded"
    );
    let r = env.run("alice", &["approve", "release/v1"]).code(4);
    assert!(
        r.stderr.contains("does not let authors approve"),
        "{}",
        r.stderr
    );
    env.run("bob", &["approve", "release/v1"]).ok();
    let r = env.run("alice", &["gate", "release/v1"]).code(10);
    assert!(
        r.stdout
            .contains("1/2 approvals from leads; needs 1 more: cat; author excluded"),
        "{}",
        r.stdout
    );
    env.run("cat", &["approve", "release/v1"]).ok();
    env.run("alice", &["gate", "release/v1"]).code(0);
}

#[test]
fn json_schema_snapshot() {
    let env = requested();
    env.run("bob", &["approve", "rel/app"]).ok();
    let r = env.run("alice", &["gate", "rel/app", "--json"]).code(10);
    let mut v = r.json();
    for (key, placeholder) in [("request", "[request-id]"), ("store_tip", "[commit]")] {
        assert!(v[key].is_string());
        v[key] = placeholder.into();
    }
    for key in ["requested", "current"] {
        assert!(v["content"][key].as_str().unwrap().starts_with("sha256:"));
        v["content"][key] = "[sha256]".into();
    }
    insta::assert_json_snapshot!("gate_json_pending", v);
}

#[test]
fn github_actions_annotations_and_step_summary() {
    let mut env = requested();
    // A clone without a pinned trust root (init pins it in alice's), as a
    // CI job without SIGNOFF_TRUST is.
    env.git(&["config", "--unset", "signoff.trust"]);
    let summary = env.tmp.path().join("step-summary.md");
    env.extra_env.push(("GITHUB_ACTIONS".into(), "true".into()));
    env.extra_env.push((
        "GITHUB_STEP_SUMMARY".into(),
        summary.to_str().unwrap().into(),
    ));
    env.run("bob", &["approve", "rel/app"]).ok();
    let r = env.run("alice", &["gate", "rel/app"]).code(10);
    assert!(
        r.stdout.starts_with(
            "::warning title=signoff gate::trust root not pinned; set SIGNOFF_TRUST to the sha256 of policy version 1\n::warning title=signoff gate::signoff gate: rel/app v1: pending: 1/2 approvals from reviewers; needs 1 more: cat\n"
        ),
        "{}",
        r.stdout
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("### signoff gate: `rel/app` v1 — **pending**"),
        "{md}"
    );
    assert!(
        md.contains("| stage | group | approvals | needed | waiting on |"),
        "{md}"
    );
    assert!(md.contains("| review | reviewers | 1 | 2 | cat |"), "{md}");
    env.run("cat", &["approve", "rel/app"]).ok();
    let root = env.run("alice", &["policy", "check", "--json"]).ok().json()["trust_root"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env
        .run("alice", &["gate", "rel/app", "--trust", &root])
        .code(0);
    assert!(
        r.stdout
            .starts_with("::notice title=signoff gate::signoff gate: rel/app v1: approved"),
        "{}",
        r.stdout
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("— **approved**"), "{md}");
    // With --json, stdout is only the document; annotations go to stderr.
    let r = env
        .run("alice", &["gate", "rel/app", "--trust", &root, "--json"])
        .code(0);
    assert_eq!(r.json()["outcome"], "approved");
    assert!(
        r.stderr.contains("::notice title=signoff gate::"),
        "{}",
        r.stderr
    );
}

#[test]
fn wait_times_out_and_never_passes() {
    let env = requested();
    let started = Instant::now();
    let r = env
        .run(
            "alice",
            &["gate", "rel/app", "--wait", "2s", "--interval", "1s"],
        )
        .code(13);
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert!(
        r.stdout
            .contains("timed-out: timed out after 2s waiting: 0/2 approvals"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("pending"), "{}", r.stderr);
}

#[test]
fn wait_sees_an_approval_from_another_process() {
    let env = requested();
    env.run("bob", &["approve", "rel/app"]).ok();
    let child = env
        .cmd("alice")
        .args(["gate", "rel/app", "--wait", "60s", "--interval", "1s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    env.run("cat", &["approve", "rel/app"]).ok();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("approved by bob, cat"), "{stdout}");
    assert!(stderr.contains("checking again in 1s"), "{stderr}");
}

#[test]
fn wait_stops_early_on_a_terminal_state() {
    let env = requested();
    let child = env
        .cmd("alice")
        .args(["gate", "rel/app", "--wait", "60s", "--interval", "1s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1200));
    let started = Instant::now();
    env.run("bob", &["decline", "rel/app", "-m", "not now"])
        .ok();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(11));
}

#[test]
fn fetch_brings_the_store_into_a_ci_clone() {
    let env = requested();
    env.run("bob", &["approve", "rel/app"]).ok();
    let ci = env.tmp.path().join("ci");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            env.repo.to_str().unwrap(),
            ci.to_str().unwrap(),
        ],
    );
    let ci_dir = ci.to_str().unwrap();
    // A CI checkout has no local store branch: the gate reads the
    // remote-tracking branch `git clone` made, and says so.
    let r = env
        .run("alice", &["-C", ci_dir, "gate", "rel/app"])
        .code(10);
    assert!(r.stderr.contains("from origin/signoff"), "{}", r.stderr);
    let r = env
        .run(
            "alice",
            &["-C", ci_dir, "gate", "rel/app", "--fetch", "origin"],
        )
        .code(10);
    assert!(r.stdout.contains("needs 1 more: cat"), "{}", r.stdout);
    env.run("cat", &["approve", "rel/app"]).ok();
    env.run("alice", &["-C", ci_dir, "gate", "rel/app"])
        .code(10);
    env.run(
        "alice",
        &["-C", ci_dir, "gate", "rel/app", "--fetch", "origin"],
    )
    .code(0);
    env.run(
        "alice",
        &["-C", ci_dir, "gate", "rel/app", "--fetch", "nowhere"],
    )
    .code(7);

    // Someone rewrites the origin's branch: the CI clone refuses it.
    let first = env.git(&["rev-list", "--max-parents=0", "signoff"]);
    env.git(&["update-ref", "refs/heads/signoff", first.trim()]);
    env.forge("rewrite", |dir| {
        std::fs::write(dir.join("README"), "rewritten").unwrap();
    });
    let r = env
        .run(
            "alice",
            &["-C", ci_dir, "gate", "rel/app", "--fetch", "origin"],
        )
        .code(5);
    assert!(r.stderr.contains("history was rewritten"), "{}", r.stderr);
}
