//! The full approval round, end to end.

use crate::common::TestEnv;

#[test]
fn full_round_request_changes_rerequest_two_approvals() {
    let env = TestEnv::with_people();
    env.write("logo.svg", "<svg>v1</svg>");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob,cat",
            "-m",
            "Round 1",
        ],
    )
    .ok();
    env.run("bob", &["changes", "acme/logo", "-m", "Bigger, please"])
        .ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "changes-requested");
    env.write("logo.svg", "<svg>v2</svg>");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob,cat",
            "-m",
            "Round 2",
        ],
    )
    .ok();
    env.run("bob", &["approve", "acme/logo"]).ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "pending");
    assert_eq!(st["request_version"], 2);
    env.run("cat", &["approve", "acme/logo", "-m", "Ship it"])
        .ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "approved");
    assert_eq!(st["stale"], false);

    let log = env.run("alice", &["log", "acme/logo"]).ok().stdout;
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 5, "{log}");
    assert!(
        lines[0].contains("alice  requested acme/logo v1: \"Round 1\""),
        "{log}"
    );
    assert!(
        lines[1].contains("bob  requested changes on acme/logo v1: \"Bigger, please\""),
        "{log}"
    );
    assert!(lines[2].contains("alice  requested acme/logo v2"), "{log}");
    assert!(lines[3].contains("bob  approved acme/logo v2"), "{log}");
    assert!(
        lines[4].contains("cat  approved acme/logo v2: \"Ship it\""),
        "{log}"
    );

    env.run("alice", &["verify"]).ok();
    // The working tree and index were never touched by the store.
    assert_eq!(env.git(&["status", "--porcelain"]), "?? logo.svg\n");
}
