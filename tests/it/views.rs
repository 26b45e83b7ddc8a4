//! The read side: what `show`, `status`, `log`, the certificate and the
//! inbox say about a staged round (pinned as snapshots, ids and hashes
//! redacted), and who sees what (DESIGN §13 "Who sees what"): a client
//! never reads an earlier stage's decisions or an internal comment, on
//! the page, in the inbox or in the mail.

use signoff::policy::{Requirement, Rule, Stage};

use crate::common::TestEnv;
use crate::mail::{NOW, redactions};

/// alice (admin), bob (the art director, stage "internal") and cat (the
/// client contact, stage "client") on `acme/**`; the clock pinned; mail
/// off. `home.pdf` written, not yet requested.
pub fn staged_env() -> TestEnv {
    let mut env = TestEnv::new();
    env.extra_env.push(("SIGNOFF_NOW".into(), NOW.into()));
    env.init();
    env.add_person("bob");
    env.add_person("cat");
    env.git(&["config", "signoff.notify", "false"]);
    staged_policy(&env, "cat");
    env.write("home.pdf", "%PDF-1 home\n");
    env
}

/// Two stages on `acme/**`: "internal" (one of art-directors: bob), then
/// "client" (one of acme-contacts: `client`).
pub fn staged_policy(env: &TestEnv, client: &str) {
    env.apply_policy("alice", |p| {
        p.groups.insert("art-directors".into(), vec!["bob".into()]);
        p.groups
            .insert("acme-contacts".into(), vec![client.to_string()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        let stage = |name: &str, group: &str| Stage {
            name: name.into(),
            require: vec![Requirement {
                group: group.into(),
                count: 1,
            }],
        };
        r.stages = vec![
            stage("internal", "art-directors"),
            stage("client", "acme-contacts"),
        ];
        p.rules.insert(0, r);
    })
    .ok();
}

/// The staged round played to approval: an internal comment, the art
/// director's approval with a comment, the client's comment and approval.
fn approved_round() -> TestEnv {
    let env = staged_env();
    env.run(
        "alice",
        &[
            "request",
            "acme/home",
            "home.pdf",
            "-m",
            "Home page, round 1",
        ],
    )
    .ok();
    env.run(
        "alice",
        &[
            "comment",
            "acme/home",
            "--internal",
            "-m",
            "check the margins",
        ],
    )
    .ok();
    env.run(
        "bob",
        &[
            "approve",
            "acme/home",
            "-m",
            "comp is on-brand, margins still tight",
        ],
    )
    .ok();
    env.run("cat", &["comment", "acme/home", "-m", "Looks good to us"])
        .ok();
    env.run("cat", &["approve", "acme/home", "-m", "ok"]).ok();
    env
}

fn pinned(name: &str, text: &str) {
    insta::with_settings!({filters => redactions()}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn show_status_log_and_certificate_of_a_staged_round_are_pinned() {
    let env = approved_round();
    let show = env.run("alice", &["show", "acme/home"]).ok().stdout;
    pinned("staged_show", &show);
    let status = env.run("alice", &["status", "acme/home"]).ok().stdout;
    pinned("staged_status", &status);
    let all = env.run("alice", &["status"]).ok().stdout;
    pinned("staged_status_all", &all);
    let log = env.run("alice", &["log"]).ok().stdout;
    pinned("staged_log", &log);
    let cert = env
        .run("alice", &["certificate", "acme/home", "--format", "md"])
        .ok()
        .stdout;
    pinned("staged_certificate_md", &cert);
}
