//! Machine-readable output: every `--json` document names its schema in
//! `schema_version` (never `version`, which is a deliverable's), errors are
//! JSON too, and commands whose output is not data refuse `--json`.

use crate::common::TestEnv;

#[test]
fn the_schema_field_never_hides_a_deliverables_version() {
    let env = TestEnv::logo_round();
    env.write("logo.svg", "<svg>v2</svg>");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    )
    .ok();
    let cert = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(cert["schema_version"], 2);
    assert_eq!(cert["version"], 2, "the deliverable's version");
    let v1 = env
        .run(
            "alice",
            &["certificate", "acme/logo", "--version", "1", "--json"],
        )
        .ok()
        .json();
    assert_eq!(v1["version"], 1);
    for line in env.run("alice", &["log", "--json"]).ok().stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema_version"], 2, "{line}");
    }
}

#[test]
fn errors_are_json_on_stderr_with_json() {
    let env = TestEnv::logo_round();
    let run = env.run("alice", &["status", "acme/nope", "--json"]).code(3);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let e: serde_json::Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(e["schema_version"], 2);
    assert_eq!(e["error"]["kind"], "not-found");
    assert_eq!(e["error"]["exit_code"], 3);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("acme/nope")
    );
    assert!(!e["error"]["hints"].as_array().unwrap().is_empty());
    // Without --json the same error is text.
    let run = env.run("alice", &["status", "acme/nope"]).code(3);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn commands_without_data_refuse_json_and_link_prints_it() {
    let env = TestEnv::logo_round();
    for args in [
        vec!["serve", "--json"],
        vec!["completions", "bash", "--json"],
        vec!["man", "--json"],
    ] {
        let run = env.run("alice", &args).code(2);
        assert!(
            run.stderr.contains("--json is not supported"),
            "{args:?}: {}",
            run.stderr
        );
    }
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "https://approvals.example"]);
    let link = env
        .run("alice", &["link", "acme/logo", "--for", "bob", "--json"])
        .ok()
        .json();
    assert_eq!(link["person"], "bob");
    assert!(
        link["url"]
            .as_str()
            .unwrap()
            .starts_with("https://approvals.example/"),
        "{link}"
    );
}

#[test]
fn typos_get_did_you_mean() {
    let env = TestEnv::logo_round();
    let r = env.run("alice", &["status", "acme/lgo"]).code(3);
    assert!(
        r.stderr.contains("hint: did you mean acme/logo?"),
        "{}",
        r.stderr
    );
    // Nothing close: no guess.
    let r = env.run("alice", &["status", "zzz/qqq"]).code(3);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "https://approvals.example"]);
    let r = env
        .run("alice", &["link", "acme/logo", "--for", "bbo"])
        .code(3);
    assert!(r.stderr.contains("did you mean bob?"), "{}", r.stderr);
    // Commands: clap's own suggestion.
    let r = env.run("alice", &["stauts"]).code(2);
    assert!(r.stderr.contains("'status'"), "{}", r.stderr);
}
