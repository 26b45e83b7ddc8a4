//! Approved stays approved, and nothing asked for is dropped (DESIGN §13):
//! requesting bytes identical to the approved version is refused unless
//! asked again on purpose with a reason; a `--to` that a staged rule
//! overrides is refused, naming the rule.

use crate::common::TestEnv;
use crate::views::staged_env;

#[test]
fn requesting_the_approved_bytes_again_is_refused_unless_meant() {
    let env = TestEnv::with_people();
    env.request("acme/a", "a.txt", "final copy\n", "bob");
    env.run("bob", &["approve", "acme/a"]).ok();
    env.run("alice", &["gate", "acme/a"]).ok();
    let before = env.tip();
    let r = env
        .run("alice", &["request", "acme/a", "a.txt", "--to", "bob"])
        .code(4);
    assert!(r.stderr.contains("already approved as v1"), "{}", r.stderr);
    assert!(r.stderr.contains("--again"), "{}", r.stderr);
    assert_eq!(env.tip(), before, "nothing written");
    env.run("alice", &["gate", "acme/a"]).ok();
    // An empty reason is no reason.
    env.run(
        "alice",
        &["request", "acme/a", "a.txt", "--to", "bob", "--again", " "],
    )
    .code(2);
    assert_eq!(env.tip(), before, "nothing written");
    // On purpose, with a reason: v2, and the reason is kept.
    let v2 = env
        .run(
            "alice",
            &[
                "request",
                "acme/a",
                "a.txt",
                "--to",
                "bob",
                "--again",
                "legal wants a second look",
                "--json",
            ],
        )
        .ok()
        .json();
    assert_eq!(v2["request_version"], 2);
    let show = env.run("alice", &["show", "acme/a"]).ok().stdout;
    assert!(
        show.contains("Asked again (already approved as v1): legal wants a second look"),
        "{show}"
    );
    // Changed bytes need no reason.
    env.write("a.txt", "final copy, fixed\n");
    env.run("alice", &["request", "acme/a", "a.txt", "--to", "bob"])
        .ok();
}

#[test]
fn a_to_that_a_staged_rule_overrides_is_refused_naming_the_rule() {
    let env = staged_env();
    let before = env.tip();
    let r = env
        .run(
            "alice",
            &["request", "acme/home", "home.pdf", "--to", "cat"],
        )
        .code(2);
    assert!(r.stderr.contains("\"acme/**\""), "{}", r.stderr);
    assert!(
        r.stderr.contains("asks in stages (internal, then client)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--to cat"), "{}", r.stderr);
    assert_eq!(env.tip(), before, "nothing written");
    env.run("alice", &["request", "acme/home", "home.pdf"]).ok();
}
