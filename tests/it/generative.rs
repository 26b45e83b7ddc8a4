//! Generated rounds through the real binary: random staged policies and
//! random decision sequences (repeats, changes, declines, entries on a
//! client's behalf, comments internal or not). After each round:
//! - what the client of the last stage reads (every email sent to them,
//!   their page and their inbox) never holds a decision or comment of an
//!   earlier stage's reviewer, nor an internal comment (DESIGN §13 "Who
//!   sees what");
//! - `gate`, `status` and the certificate agree on the state.
//!
//! Each case runs some twenty commands; `PROPTEST_CASES` sets how many
//! (default 6 here, so the normal suite stays quick).

use proptest::prelude::*;
use signoff::policy::{Requirement, Rule, Stage};

use crate::common::TestEnv;
use crate::mail::{NOW, SmtpServer};
use crate::serve::{Server, http, path_of};

/// Reviewers with keys who may sit in stages.
const TEAM: [&str; 2] = ["bob", "cat"];

#[derive(Debug, Clone)]
enum Op {
    /// `person` decides (`approve`, `changes` or `decline`).
    Decide(usize, usize),
    /// `person` comments, internal or not.
    Comment(usize, bool),
    /// dan (an admin in no stage) enters the client's decision.
    ForClient(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..TEAM.len(), 0..3usize).prop_map(|(p, v)| Op::Decide(p, v)),
        2 => (0..TEAM.len(), any::<bool>()).prop_map(|(p, i)| Op::Comment(p, i)),
        2 => (0..3usize).prop_map(Op::ForClient),
    ]
}

/// Each stage's members among the team (non-empty), with the count it
/// needs; the client always sits in the last stage.
fn stages() -> impl Strategy<Value = Vec<(Vec<usize>, u32)>> {
    proptest::collection::vec(
        proptest::sample::subsequence((0..TEAM.len()).collect::<Vec<_>>(), 1..=TEAM.len()),
        2..=3,
    )
    .prop_map(|groups| groups.into_iter().map(|g| (g, 1)).collect())
}

const VERDICTS: [&str; 3] = ["approve", "changes", "decline"];

/// The first stage (index) whose group holds `person` (none: they write
/// for everyone who may see the request).
fn stage_of(groups: &[Vec<String>], person: &str) -> Option<usize> {
    groups.iter().position(|g| g.iter().any(|m| m == person))
}

fn round(smtp: &SmtpServer, shape: &[(Vec<usize>, u32)], ops: &[Op]) {
    let env = TestEnv::with_people_at(NOW);
    env.add_person("dan");
    env.run(
        "alice",
        &[
            "person",
            "add",
            "carla",
            "--name",
            "Carla Client",
            "--email",
            "carla@client.example",
        ],
    )
    .ok();
    let mut groups: Vec<Vec<String>> = shape
        .iter()
        .map(|(g, _)| g.iter().map(|i| TEAM[*i].to_string()).collect())
        .collect();
    groups.last_mut().unwrap().push("carla".into());
    let named = groups.clone();
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("dan".into());
        let mut r = Rule::fallback().with_pattern("acme/**");
        for (i, (members, (_, count))) in named.iter().zip(shape).enumerate() {
            p.groups.insert(format!("stage{i}"), members.clone());
            r.stages.push(Stage {
                name: format!("s{i}"),
                require: vec![Requirement {
                    group: format!("stage{i}"),
                    count: *count,
                }],
            });
        }
        p.rules.insert(0, r);
    })
    .ok();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    env.git(&["config", "signoff.from", "Signoff <signoff@example.com>"]);
    env.run("alice", &["serve", "init"]).ok();
    let server = Server::start(&env);
    env.git(&["config", "signoff.serveUrl", &server.url("")]);
    env.write("home.pdf", "%PDF home\n");
    env.run("alice", &["request", "acme/home", "home.pdf"]).ok();

    let client_stage = groups.len() - 1;
    // Markers the client must never read.
    let mut hidden: Vec<String> = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let marker = format!("marker{n}x");
        match op {
            Op::Decide(p, v) => {
                let who = TEAM[*p];
                let done = env
                    .cmd(who)
                    .args([VERDICTS[*v], "acme/home", "-m", &marker])
                    .output()
                    .unwrap();
                let earlier = stage_of(&groups, who).is_some_and(|s| s < client_stage);
                if done.status.success() && earlier {
                    hidden.push(marker);
                }
            }
            Op::Comment(p, internal) => {
                let who = TEAM[*p];
                let mut args = vec!["comment", "acme/home", "-m", &marker];
                if *internal {
                    args.push("--internal");
                }
                let done = env.cmd(who).args(&args).output().unwrap();
                let earlier = stage_of(&groups, who).is_some_and(|s| s < client_stage);
                if done.status.success() && (*internal || earlier) {
                    hidden.push(marker);
                }
            }
            Op::ForClient(v) => {
                let _ = env
                    .cmd("dan")
                    .args([
                        VERDICTS[*v],
                        "acme/home",
                        "--on-behalf-of",
                        "carla",
                        "--evidence",
                        "phone call",
                        "-m",
                        &marker,
                    ])
                    .output()
                    .unwrap();
            }
        }
    }

    // What the client reads: their mail, their page, their inbox.
    let mut seen = String::new();
    for m in smtp.take() {
        if m.to.iter().any(|t| t == "carla@client.example") {
            seen.push_str(&m.part("text/plain"));
            seen.push_str(&m.part("text/html"));
        }
    }
    let made = env.run_env("alice", &[], &["link", "acme/home", "--for", "carla"]);
    if made.code == 0 {
        let page = http(&server.addr, "GET", &path_of(made.stdout.trim()), None);
        seen.push_str(&page.body);
    }
    let inbox = env
        .run("alice", &["link", "--inbox", "--for", "carla"])
        .ok()
        .stdout;
    seen.push_str(&http(&server.addr, "GET", &path_of(inbox.trim()), None).body);
    for h in &hidden {
        assert!(
            !seen.contains(h.as_str()),
            "the client reads {h} (stages {groups:?}, ops {ops:?}):\n{seen}"
        );
    }

    // gate, status and the certificate agree.
    let status = env.status_json("acme/home");
    let state = status["state"].as_str().unwrap().to_string();
    let cert = env
        .run("alice", &["certificate", "acme/home", "--json"])
        .ok()
        .json();
    assert_eq!(cert["state"], state.as_str(), "certificate vs status");
    let gate = env
        .cmd("alice")
        .args(["gate", "acme/home"])
        .output()
        .unwrap();
    let want = match state.as_str() {
        "approved" => 0,
        "pending" => 10,
        _ => 11,
    };
    assert_eq!(
        gate.status.code(),
        Some(want),
        "gate vs status {state} (stages {groups:?}, ops {ops:?})"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(6),
        max_shrink_iters: 8,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_client_reads_only_their_stage_and_every_face_agrees(
        shape in stages(),
        ops in proptest::collection::vec(op(), 3..10),
    ) {
        let smtp = SmtpServer::start();
        round(&smtp, &shape, &ops);
    }
}
