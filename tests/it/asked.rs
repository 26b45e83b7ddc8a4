//! `request --to` with groups: "any one of acme-contacts" (`--to GROUP`)
//! or a count of them (`--to GROUP:N`), beside named people.

use crate::common::TestEnv;

/// alice (admin), bob, cat and dan; group `acme-contacts` = bob and cat.
fn contacts() -> TestEnv {
    let env = TestEnv::with_people();
    env.add_person("dan");
    env.run("alice", &["group", "add", "acme-contacts", "bob", "cat"])
        .ok();
    env.write("logo.svg", "<svg>v1</svg>");
    env
}

fn recipients(env: &TestEnv) -> Vec<String> {
    let list = env.run("alice", &["outbox", "list", "--json"]).ok().json();
    let mut to: Vec<String> = list["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "request")
        .map(|m| m["recipient"].as_str().unwrap().to_string())
        .collect();
    to.sort();
    to
}

#[test]
fn any_one_of_a_group_approves_for_it() {
    let env = contacts();
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "acme-contacts"],
    )
    .ok();
    // Every member is asked, and each can open their own link.
    assert_eq!(recipients(&env), ["bob", "cat"]);
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "pending", "{st}");
    let need = &st["needs"][0];
    assert_eq!(need["group"], "acme-contacts", "{st}");
    assert_eq!(need["need"], 1, "{st}");
    let show = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(show.contains("any one of acme-contacts"), "{show}");
    // dan is not in the group: his approval is not counted.
    env.run("dan", &["approve", "acme/logo"]).code(4);
    env.run("cat", &["approve", "acme/logo"]).ok();
    assert_eq!(env.status_json("acme/logo")["state"], "approved");
    env.run("alice", &["verify"]).ok();
}

#[test]
fn a_count_of_a_group_beside_a_named_person() {
    let env = contacts();
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "dan,acme-contacts:2",
        ],
    )
    .ok();
    assert_eq!(recipients(&env), ["bob", "cat", "dan"]);
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("cat", &["approve", "acme/logo"]).ok();
    // Both contacts approved, but dan (named) has not.
    assert_eq!(env.status_json("acme/logo")["state"], "pending");
    env.run("dan", &["approve", "acme/logo"]).ok();
    assert_eq!(env.status_json("acme/logo")["state"], "approved");
}

#[test]
fn a_group_request_that_cannot_be_met_is_refused_and_writes_nothing() {
    let env = contacts();
    let tip = env.git(&["rev-parse", "signoff"]);
    for (to, code, says) in [
        ("acme-contacts:3", 2, "between 1 and the 2 member(s)"),
        ("acme-contacts:0", 2, "between 1 and the 2 member(s)"),
        ("acme-contacts:two", 2, "acme-contacts:two"),
        ("nobody-here", 3, "no person or group has that name"),
        ("bob:1", 3, "no person or group has that name"),
    ] {
        let run = env
            .run("alice", &["request", "acme/logo", "logo.svg", "--to", to])
            .code(code);
        assert!(run.stderr.contains(says), "--to {to}: {}", run.stderr);
        assert!(run.stderr.contains("hint:"), "--to {to}: {}", run.stderr);
        assert_eq!(env.git(&["rev-parse", "signoff"]), tip, "--to {to} wrote");
    }
}
