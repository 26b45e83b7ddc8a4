//! Pull requests: a request bound to a range's diff (SHA-256 over its
//! per-file digests) survives a rebase that keeps the diff, and goes stale
//! when the diff changes.

use crate::common::TestEnv;

fn commit(env: &TestEnv, file: &str, body: &str, message: &str) {
    env.write(file, body);
    env.git(&["add", file]);
    env.git(&["commit", "-q", "-m", message]);
}

#[test]
fn rebase_keeps_approvals_and_a_changed_diff_is_stale() {
    let env = TestEnv::with_people();
    commit(&env, "src/lib.rs", "fn a() {}\n\nfn b() {}\n", "base");
    env.git(&["checkout", "-q", "-b", "feature"]);
    commit(
        &env,
        "src/lib.rs",
        "fn a() { 1 }\n\nfn b() {}\n",
        "change a",
    );
    env.git(&["checkout", "-q", "main"]);

    let out = env
        .run(
            "alice",
            &[
                "request",
                "pr/7",
                "--range",
                "main..feature",
                "--to",
                "bob",
                "--json",
            ],
        )
        .ok()
        .json();
    let content = out["content"].as_str().unwrap().to_string();
    assert!(content.starts_with("diff-sha256:"), "{content}");
    env.run("bob", &["approve", "pr/7"]).ok();
    env.run("alice", &["gate", "pr/7", "--range", "main..feature"])
        .code(0);

    // main moves on with an unrelated change; feature is rebased with real git.
    commit(&env, "README", "hello\n", "docs");
    env.git(&["checkout", "-q", "feature"]);
    env.git(&["rebase", "-q", "main"]);
    env.git(&["checkout", "-q", "main"]);
    let r = env
        .run(
            "alice",
            &["gate", "pr/7", "--range", "main..feature", "--json"],
        )
        .code(0);
    assert_eq!(r.json()["content"]["current"], content.as_str());
    // Without --range the gate recomputes the range named in the request.
    env.run("alice", &["gate", "pr/7"]).code(0);
    let st = env.status_json("pr/7");
    assert_eq!(st["stale"], false);

    // Any change to the diff makes the approval stale.
    env.git(&["checkout", "-q", "feature"]);
    commit(
        &env,
        "src/lib.rs",
        "fn a() { 2 }\n\nfn b() {}\n",
        "change a again",
    );
    env.git(&["checkout", "-q", "main"]);
    let r = env
        .run("alice", &["gate", "pr/7", "--range", "main..feature"])
        .code(12);
    assert!(
        r.stdout.contains("stale: content changed since v1"),
        "{}",
        r.stdout
    );
    let st = env.status_json("pr/7");
    assert_eq!(st["stale"], true);

    // --rev does not apply to a range request.
    env.run("alice", &["gate", "pr/7", "--rev", "HEAD"]).code(2);
    // The stored snapshot is the diff that was approved.
    env.run("alice", &["verify"]).ok();
}

/// A rebase onto a base that moved the changed lines (other line numbers,
/// other blob ids in the diff's `index` lines) keeps the binding.
#[test]
fn a_rebase_that_moves_the_hunk_keeps_the_approval() {
    let env = TestEnv::with_people();
    let lines: String = (1..=20).fold(String::new(), |mut s, i| {
        s.push_str(&format!("line {i}\n"));
        s
    });
    commit(&env, "notes.txt", &lines, "base");
    env.git(&["checkout", "-q", "-b", "feature"]);
    commit(
        &env,
        "notes.txt",
        &lines.replace("line 15\n", "line fifteen\n"),
        "change 15",
    );
    env.git(&["checkout", "-q", "main"]);
    env.run(
        "alice",
        &["request", "pr/8", "--range", "main..feature", "--to", "bob"],
    )
    .ok();
    env.run("bob", &["approve", "pr/8"]).ok();
    let before = env.git(&["diff", "main...feature"]);
    commit(
        &env,
        "notes.txt",
        &format!("intro 1\nintro 2\nintro 3\n{lines}"),
        "intro",
    );
    env.git(&["checkout", "-q", "feature"]);
    env.git(&["rebase", "-q", "main"]);
    env.git(&["checkout", "-q", "main"]);
    let after = env.git(&["diff", "main...feature"]);
    assert_ne!(before, after, "the hunk moved");
    env.run("alice", &["gate", "pr/8"]).code(0);
}

#[test]
fn range_errors() {
    let env = TestEnv::with_people();
    commit(&env, "a.txt", "a\n", "base");
    let r = env
        .run(
            "alice",
            &["request", "pr/1", "--range", "main..main", "--to", "bob"],
        )
        .code(2);
    assert!(r.stderr.contains("changes nothing"), "{}", r.stderr);
    env.run(
        "alice",
        &["request", "pr/1", "--range", "main", "--to", "bob"],
    )
    .code(2);
    env.run(
        "alice",
        &["request", "pr/1", "--range", "main..nope", "--to", "bob"],
    )
    .code(3);
    env.run(
        "alice",
        &[
            "request",
            "pr/1",
            "a.txt",
            "--range",
            "main..main",
            "--to",
            "bob",
        ],
    )
    .code(2);
    assert!(env.git(&["log", "--oneline", "signoff"]).lines().count() == 3);
}
