//! Bad input (DESIGN.md §12): every case prints one `error:` line and at
//! least one `hint:` line on stderr, exits with its documented code, and
//! writes nothing (the store branch tip is unchanged, or still absent).
//! The exact stderr text is snapshotted.

use std::path::Path;

use crate::common::{Run, TestEnv};

/// What the store branch looked like before a command.
fn tip_of(env: &TestEnv) -> Option<String> {
    env.has_store().then(|| env.tip())
}

/// Checks the shape of a refusal, that nothing was written, and snapshots
/// stderr with machine-specific parts redacted.
#[track_caller]
fn refused(env: &TestEnv, name: &str, code: i32, run: impl FnOnce() -> Run) {
    let before = tip_of(env);
    let r = run();
    assert_eq!(
        r.code, code,
        "{name}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    assert_eq!(r.stdout, "", "{name}: nothing on stdout");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(
        lines.len() >= 2,
        "{name}: error and hint expected:\n{}",
        r.stderr
    );
    assert!(lines[0].starts_with("error: "), "{name}:\n{}", r.stderr);
    assert!(
        lines[1..].iter().all(|l| l.starts_with("hint: ")),
        "{name}: only hints may follow the error:\n{}",
        r.stderr
    );
    assert_eq!(tip_of(env), before, "{name}: the store branch moved");
    let text = r.stderr.replace(env.tmp.path().to_str().unwrap(), "[TMP]");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(r"SHA256:[A-Za-z0-9+/]{43}", "[FINGERPRINT]");
    // Ids and commits depend on the clock.
    settings.add_filter(
        r"request id prefix [0-9a-f-]+ ",
        "request id prefix [PREFIX] ",
    );
    settings.add_filter(r"commit [0-9a-f]{12}\b", "commit [COMMIT]");
    settings.add_filter(r"ssh-ed25519 AAAA[A-Za-z0-9+/=]+", "[PUBLIC-KEY]");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[UUID]",
    );
    settings.bind(|| insta::assert_snapshot!(format!("bad_input__{name}"), text));
}

/// [`TestEnv::logo_round`] requested again: acme/logo v1 (superseded)
/// and v2, pending on bob and cat.
fn with_logo() -> TestEnv {
    let env = TestEnv::logo_round();
    env.request("acme/logo", "logo.svg", "<svg>v2</svg>", "bob,cat");
    env
}

#[test]
fn not_a_git_repository() {
    let env = TestEnv::new();
    env.keygen("alice");
    let plain = env.tmp.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let run_in = |args: &[&str]| -> Run {
        let mut c = env.cmd("alice");
        c.current_dir(&plain).args(args);
        Run::from(c.output().unwrap())
    };
    refused(&env, "not_a_git_repository", 7, || run_in(&["init"]));
    refused(&env, "not_a_git_repository_status", 7, || {
        run_in(&["status"])
    });
    assert!(!plain.join(".git").exists());
    assert_eq!(std::fs::read_dir(&plain).unwrap().count(), 0);
}

#[test]
fn no_store_yet() {
    let env = TestEnv::new();
    env.keygen("alice");
    env.write("logo.svg", "<svg/>");
    refused(&env, "no_store_status", 3, || env.run("alice", &["status"]));
    refused(&env, "no_store_approve", 3, || {
        env.run("alice", &["approve", "acme/logo"])
    });
    refused(&env, "no_store_request", 3, || {
        env.run(
            "alice",
            &["request", "acme/logo", "logo.svg", "--to", "bob"],
        )
    });
    assert!(!env.has_store());
}

/// Refusals on [`with_logo`] that need nothing but a command line, each
/// checked by [`refused`] on the same store (a refusal writes nothing, so
/// every case sees the same state). Rows: snapshot name, who runs it, the
/// expected exit code, the arguments.
#[rustfmt::skip]
const ON_LOGO: &[(&str, &str, i32, &[&str])] = &[
    // Unknown names, versions and ids.
    ("unknown_deliverable",             "bob",   3, &["approve", "acme/lgo"]),
    ("unknown_version",                 "bob",   3, &["approve", "acme/logo@v7"]),
    ("status_unknown_deliverable",      "alice", 3, &["status", "acme/lgo"]),
    ("comment_unknown_deliverable",     "bob",   3, &["comment", "acme/lgo", "-m", "nice"]),
    ("certificate_unknown_deliverable", "alice", 3, &["certificate", "acme/lgo"]),
    ("show_version_zero",               "alice", 3, &["show", "acme/logo", "--version", "0"]),
    ("show_version_too_high",           "alice", 3, &["show", "acme/logo", "--version", "9"]),
    ("diff_unknown_version",            "alice", 3, &["diff", "acme/logo", "v1", "v9"]),
    ("diff_unknown_deliverable",        "alice", 3, &["diff", "acme/lgo", "v1", "v2"]),
    ("person_remove_unknown",           "alice", 3, &["person", "remove", "zed"]),
    // Decisions and changes the state does not allow.
    ("superseded",                      "bob",   4, &["approve", "acme/logo@v1"]),
    ("init_twice",                      "alice", 4, &["init", "--id", "alice"]),
    ("withdraw_by_a_reviewer",          "bob",   4, &["withdraw", "acme/logo"]),
    ("on_behalf_without_evidence",      "bob",   2, &["approve", "acme/logo", "--on-behalf-of", "cat"]),
    ("evidence_without_on_behalf",      "bob",   2, &["approve", "acme/logo", "--evidence", "phone call"]),
    // Requests nobody could approve, or with bad values.
    ("unknown_reviewer",                "alice", 3, &["request", "acme/x", "logo.svg", "--to", "bob,zed"]),
    ("bad_due",                         "alice", 2, &["request", "acme/x", "logo.svg", "--to", "bob", "--due", "next friday"]),
    ("due_before_today",                "alice", 2, &["request", "acme/x", "logo.svg", "--to", "bob", "--due", "2001-01-01"]),
    ("request_expires_not_a_date",      "alice", 2, &["request", "acme/x", "logo.svg", "--to", "bob", "--expires", "someday"]),
    ("quorum_too_high",                 "alice", 2, &["request", "acme/x", "logo.svg", "--to", "bob,cat", "--quorum", "3"]),
    ("only_reviewer_is_the_author",     "alice", 2, &["request", "acme/x", "logo.svg", "--to", "alice"]),
    // The author does not count towards the quorum either.
    ("quorum_counts_the_author",        "alice", 2, &["request", "acme/x", "logo.svg", "--to", "alice,bob", "--quorum", "2"]),
    // Names that escape the tree.
    ("name_dotdot",                     "alice", 2, &["request", "../x", "logo.svg", "--to", "bob"]),
    ("name_absolute",                   "alice", 2, &["request", "/abs", "logo.svg", "--to", "bob"]),
    ("name_uppercase",                  "alice", 2, &["request", "Acme/Logo", "logo.svg", "--to", "bob"]),
    ("name_inner_dotdot",               "alice", 2, &["request", "acme/../x", "logo.svg", "--to", "bob"]),
    // The gate.
    ("gate_unknown_deliverable",        "alice", 3, &["gate", "acme/lgo"]),
    ("gate_unknown_revision",           "alice", 3, &["gate", "acme/logo", "--rev", "nosuchbranch"]),
    ("gate_bad_wait",                   "alice", 2, &["gate", "acme/logo", "--wait", "soon"]),
    ("gate_zero_interval",              "alice", 2, &["gate", "acme/logo", "--wait", "1m", "--interval", "0s"]),
    ("trust_not_a_hash",                "alice", 2, &["gate", "acme/logo", "--trust", "yes"]),
    ("trust_short_hash",                "alice", 2, &["gate", "acme/logo", "--trust", "sha256:abc123"]),
    ("trust_not_a_fingerprint",         "alice", 2, &["gate", "acme/logo", "--trust", "SHA256:short"]),
    // Other commands.
    ("sync_no_remote",                  "alice", 7, &["sync"]),
    ("sync_unknown_remote",             "alice", 7, &["sync", "upstream"]),
    ("log_since_not_a_date",            "alice", 2, &["log", "--since", "notadate"]),
];

#[test]
fn refusals_on_a_pending_logo() {
    let env = with_logo();
    for &(name, person, code, args) in ON_LOGO {
        refused(&env, name, code, || env.run(person, args));
    }
    refused(&env, "trust_bad_environment", 2, || {
        env.run_env("alice", &[("SIGNOFF_TRUST", "sha1:abc")], &["status"])
    });
    assert!(!env.store_paths().iter().any(|p| p.contains("..")));
}

#[test]
fn no_key() {
    let env = with_logo();
    refused(&env, "no_key", 6, || {
        env.run("dan", &["approve", "acme/logo"])
    });
    let missing = env.tmp.path().join("nokey");
    refused(&env, "no_key_explicit", 6, || {
        env.run(
            "bob",
            &[
                "approve",
                "acme/logo",
                "--signing-key",
                missing.to_str().unwrap(),
            ],
        )
    });
}

#[test]
fn key_not_in_policy() {
    let env = with_logo();
    env.keygen("dan");
    refused(&env, "key_not_in_policy", 6, || {
        env.run("dan", &["approve", "acme/logo"])
    });
}

#[test]
fn ambiguous_id_prefix() {
    let env = with_logo();
    let list = env.run("bob", &["list", "--all", "--json"]).ok().json();
    let ids: Vec<String> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    let common = ids[0]
        .chars()
        .zip(ids[1].chars())
        .take_while(|(a, b)| a == b)
        .count();
    // UUIDv7 ids made moments apart share their leading timestamp digits.
    assert!(common >= 4, "{ids:?}");
    let prefix = &ids[0][..4];
    refused(&env, "ambiguous_id_prefix", 2, || {
        env.run("bob", &["approve", prefix])
    });
    // One more character of the right id resolves it.
    let unique = &ids[1][..=common];
    env.run("bob", &["approve", unique]).ok();
}

#[test]
fn deliverable_path_missing() {
    let env = with_logo();
    refused(&env, "deliverable_path_missing", 3, || {
        env.run(
            "alice",
            &["request", "acme/x", "nothere.svg", "--to", "bob"],
        )
    });
    refused(&env, "deliverable_path_missing_at_rev", 3, || {
        env.git(&["add", "logo.svg"]);
        env.git(&["commit", "-q", "-m", "logo"]);
        env.run(
            "alice",
            &[
                "request",
                "acme/x",
                "nothere.svg",
                "--rev",
                "HEAD",
                "--to",
                "bob",
            ],
        )
    });
    let outside = env.tmp.path().join("outside.pdf");
    refused(&env, "deliverable_file_missing", 3, || {
        env.run(
            "alice",
            &[
                "request",
                "acme/x",
                "--file",
                outside.to_str().unwrap(),
                "--to",
                "bob",
            ],
        )
    });
}

#[test]
fn file_that_is_a_folder() {
    let env = with_logo();
    let folder = env.tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    refused(&env, "file_is_a_folder", 2, || {
        env.run(
            "alice",
            &[
                "request",
                "acme/x",
                "--file",
                folder.to_str().unwrap(),
                "--to",
                "bob",
            ],
        )
    });
    let bad = env.tmp.path().join("tab\there.txt");
    std::fs::write(&bad, "x").unwrap();
    refused(&env, "file_name_with_control_character", 2, || {
        env.run(
            "alice",
            &[
                "request",
                "acme/x",
                "--file",
                bad.to_str().unwrap(),
                "--to",
                "bob",
            ],
        )
    });
}

#[test]
fn extract_onto_a_file() {
    let env = with_logo();
    let target = env.tmp.path().join("taken");
    std::fs::write(&target, "mine").unwrap();
    refused(&env, "extract_onto_a_file", 4, || {
        env.run(
            "bob",
            &["show", "acme/logo", "--extract", target.to_str().unwrap()],
        )
    });
    assert_eq!(std::fs::read(&target).unwrap(), b"mine");
}

#[test]
fn decision_on_withdrawn_request() {
    let env = with_logo();
    env.run("alice", &["withdraw", "acme/logo", "-m", "wrong file"])
        .ok();
    refused(&env, "withdrawn", 4, || {
        env.run("bob", &["approve", "acme/logo"])
    });
    refused(&env, "withdraw_twice", 4, || {
        env.run("alice", &["withdraw", "acme/logo"])
    });
}

#[test]
fn duplicate_approval() {
    let env = with_logo();
    env.run("bob", &["approve", "acme/logo"]).ok();
    refused(&env, "duplicate_approval", 4, || {
        env.run("bob", &["approve", "acme/logo"])
    });
}

#[test]
fn person_add_with_bad_key() {
    let env = with_logo();
    refused(&env, "person_add_garbage_key", 2, || {
        env.run(
            "alice",
            &[
                "person",
                "add",
                "dan",
                "--email",
                "dan@example.com",
                "--key",
                "ssh-ed25519 nonsense",
            ],
        )
    });
    refused(&env, "person_add_not_a_key", 2, || {
        env.run(
            "alice",
            &[
                "person",
                "add",
                "dan",
                "--email",
                "dan@example.com",
                "--key",
                "dan@laptop",
            ],
        )
    });
    // A real key of another type, made by stock ssh-keygen.
    crate::common::sh(
        env.tmp.path(),
        "ssh-keygen",
        &["-q", "-t", "ecdsa", "-N", "", "-C", "dan", "-f", "ecdsa"],
    );
    let ecdsa = std::fs::read_to_string(env.tmp.path().join("ecdsa.pub")).unwrap();
    refused(&env, "person_add_ecdsa_key", 2, || {
        env.run(
            "alice",
            &[
                "person",
                "add",
                "dan",
                "--email",
                "dan@example.com",
                "--key",
                ecdsa.trim(),
            ],
        )
    });
    assert!(
        !env.run("alice", &["person", "list"])
            .ok()
            .stdout
            .contains("dan")
    );
}

#[test]
fn refusals_do_not_touch_the_working_tree_or_index() {
    let env = with_logo();
    let status = env.git(&["status", "--porcelain"]);
    let _ = env.run("bob", &["approve", "acme/logo@v1"]);
    let _ = env.run("alice", &["request", "../x", "logo.svg", "--to", "bob"]);
    assert_eq!(env.git(&["status", "--porcelain"]), status);
    assert!(!Path::new(&env.repo.join(".git/index")).exists());
}

#[test]
fn request_at_an_unknown_revision() {
    let env = with_logo();
    env.git(&["add", "logo.svg"]);
    env.git(&["commit", "-q", "-m", "logo"]);
    refused(&env, "request_unknown_rev", 3, || {
        env.run(
            "alice",
            &[
                "request", "acme/x", "logo.svg", "--rev", "v9.9", "--to", "bob",
            ],
        )
    });
    refused(&env, "request_file_missing", 3, || {
        env.run(
            "alice",
            &["request", "acme/x", "--file", "nothere.pdf", "--to", "bob"],
        )
    });
    refused(&env, "request_nothing_to_request", 2, || {
        env.run("alice", &["request", "acme/x", "--to", "bob"])
    });
}

#[test]
fn policy_apply_of_a_missing_or_broken_file() {
    let env = with_logo();
    refused(&env, "policy_apply_missing_file", 3, || {
        env.run("alice", &["policy", "apply", "missing.toml"])
    });
    env.write("broken.toml", "version = [");
    refused(&env, "policy_apply_broken_file", 2, || {
        env.run("alice", &["policy", "apply", "broken.toml"])
    });
}
