//! What counts: distinct people, each person's latest decision (supersedes,
//! then DAG order, never the clock), conflicts, on-behalf decisions, email
//! links, decline modes and sequential stages.

use signoff::policy::{DeclineMode, Links, OnBehalf, Requirement, Rule, Stage};

use crate::common::{TestEnv, sh};

fn rule(env: &TestEnv, change: impl FnOnce(&mut Rule)) {
    env.apply_policy("alice", |p| {
        let mut r = Rule::fallback();
        change(&mut r);
        p.rules.insert(0, r.with_pattern("rel/**"));
    })
    .ok();
}

#[test]
fn distinct_people_and_latest_decision() {
    let (env, _) = TestEnv::app_round();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("bob", &["approve", "rel/app", "-m", "really"]).ok();
    let r = env
        .run("bob", &["approve", "rel/app", "-m", "really"])
        .code(4);
    assert!(
        r.stderr.contains("bob already approved rel/app v1"),
        "{}",
        r.stderr
    );
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "pending");
    assert_eq!(st["needs"][0]["have"], 1, "two approvals by bob count once");
    env.run("bob", &["changes", "rel/app", "-m", "typo"]).ok();
    assert_eq!(env.status_json("rel/app")["state"], "changes-requested");
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("cat", &["approve", "rel/app"]).ok();
    assert_eq!(env.status_json("rel/app")["state"], "approved");
}

#[test]
fn dag_order_beats_the_clock() {
    let (env, st) = TestEnv::app_round();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run("cat", &["approve", "rel/app"]).ok();
    assert_eq!(env.status_json("rel/app")["state"], "approved");
    // A later commit holds bob's "changes" without `supersedes`, dated no
    // later than his approval (as early as the request): history order
    // decides, so it is bob's latest decision.
    env.forge_decision("bob", &st, "changes", "");
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "changes-requested", "{st}");
    assert_eq!(st["conflicts"], serde_json::json!([]));
}

#[test]
fn competing_decisions_from_two_replicas_are_a_conflict() {
    let (env, _) = TestEnv::app_round();
    env.run("cat", &["approve", "rel/app"]).ok();
    let r2 = env.tmp.path().join("r2");
    let r2s = r2.to_str().unwrap();
    sh(
        env.tmp.path(),
        "git",
        &["clone", "-q", env.repo.to_str().unwrap(), r2s],
    );
    sh(&r2, "git", &["branch", "-q", "signoff", "origin/signoff"]);
    // bob approves on one replica and requests changes on the other.
    env.run("bob", &["-C", r2s, "approve", "rel/app"]).ok();
    env.run("bob", &["changes", "rel/app", "-m", "typo"]).ok();
    env.git(&["fetch", "-q", r2s, "signoff:refs/r2/signoff"]);
    let tree = env.git(&["merge-tree", "--write-tree", "signoff", "refs/r2/signoff"]);
    let commit = env.git(&[
        "commit-tree",
        tree.trim(),
        "-p",
        "signoff",
        "-p",
        "refs/r2/signoff",
        "-m",
        "merge replicas",
    ]);
    env.git(&["update-ref", "refs/heads/signoff", commit.trim()]);
    let st = env.status_json("rel/app");
    assert_eq!(st["conflicts"], serde_json::json!(["bob"]));
    assert_eq!(
        st["state"], "pending",
        "a conflict never counts as approval"
    );
    assert!(
        st["summary"]
            .as_str()
            .unwrap()
            .contains("conflicting decisions from bob (not counted)"),
        "{st}"
    );
    env.run("alice", &["gate", "rel/app"]).code(10);
    // bob decides again: the new decision descends from both and resolves it.
    env.run("bob", &["approve", "rel/app"]).ok();
    let st = env.status_json("rel/app");
    assert_eq!(st["conflicts"], serde_json::json!([]));
    assert_eq!(st["state"], "approved");
}

#[test]
fn on_behalf_decisions_are_recorded_with_evidence_and_counted_where_allowed() {
    let env = TestEnv::with_people();
    // The author may never enter decisions for others: an admin who is not
    // a reviewer does (the default rule lets admins).
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("dan".into());
    })
    .ok();
    let st = env.request_app();
    env.run("bob", &["approve", "rel/app"]).ok();
    env.run(
        "dan",
        &[
            "approve",
            "rel/app",
            "--on-behalf-of",
            "cat",
            "--evidence",
            "phone call 2026-11-29 10:00",
        ],
    )
    .ok();
    assert_eq!(env.status_json("rel/app")["state"], "approved");
    let show = env.run("alice", &["show", "rel/app", "--json"]).ok().json();
    let d = show["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["on_behalf_of"] == "cat")
        .unwrap()
        .clone();
    assert_eq!(d["by"], "dan");
    assert_eq!(d["evidence"], "phone call 2026-11-29 10:00");

    rule(&env, |r| r.on_behalf = OnBehalf::Forbidden);
    let st2 = env.status_json("rel/app");
    assert_eq!(st2["state"], "pending");
    assert!(
        st2["ignored"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["reason"] == "on-behalf decisions are forbidden by the policy"),
        "{st2}"
    );
    let r = env
        .run(
            "dan",
            &[
                "approve",
                "rel/app",
                "--on-behalf-of",
                "cat",
                "--evidence",
                "email",
            ],
        )
        .code(4);
    assert!(
        r.stderr.contains("the policy forbids on-behalf decisions"),
        "{}",
        r.stderr
    );
    let _ = st;
}

#[test]
fn email_link_decisions_count_only_where_allowed() {
    let env = crate::serve::portal();
    let st = env.request_app();
    env.run("bob", &["approve", "rel/app"]).ok();
    // A "link" decision signed by the reviewer's own key is not attested.
    env.forge_decision("cat", &st, "approve", "via = \"link\"\n");
    assert_eq!(env.status_json("rel/app")["state"], "pending");
    crate::serve::decide_by_link(&env, "rel/app", "cat", "approve");
    assert_eq!(env.status_json("rel/app")["state"], "approved");
    rule(&env, |r| r.links = Links::Ignore);
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "pending");
    assert_eq!(
        st["ignored"][0]["reason"],
        "email-link decisions do not count under the policy"
    );
}

#[test]
fn decline_blocks_or_counts_as_no() {
    let env = TestEnv::with_people();
    env.apply_policy("alice", |p| {
        p.groups
            .insert("reviewers".into(), vec!["bob".into(), "cat".into()]);
        let mut r = Rule::fallback().with_pattern("rel/**");
        r.require = vec![Requirement {
            group: "reviewers".into(),
            count: 1,
        }];
        r.decline = DeclineMode::CountsAsNo;
        p.rules.insert(0, r);
    })
    .ok();
    env.request_app();
    env.run("bob", &["decline", "rel/app", "-m", "not now"])
        .ok();
    let st = env.status_json("rel/app");
    assert_eq!(st["state"], "pending", "{st}");
    assert_eq!(st["needs"][0]["waiting_on"], serde_json::json!(["cat"]));
    env.run("cat", &["approve", "rel/app"]).ok();
    assert_eq!(env.status_json("rel/app")["state"], "approved");
    // With 2 of 2 needed, one "no" makes approval impossible: declined.
    env.apply_policy("alice", |p| p.rules[0].require[0].count = 2)
        .ok();
    assert_eq!(env.status_json("rel/app")["state"], "declined");
    // With decline = "blocks", one decline blocks even when 1 of 2 suffices.
    env.apply_policy("alice", |p| {
        p.rules[0].require[0].count = 1;
        p.rules[0].decline = DeclineMode::Blocks;
    })
    .ok();
    assert_eq!(env.status_json("rel/app")["state"], "declined");
}

/// alice, bob, cat and dan; `acme/**` in two stages: "internal" (one of
/// art-directors: bob), then "client" (`count` of acme-contacts:
/// `contacts`); `home.pdf` written, not yet requested.
pub fn staged(contacts: &[&str], count: u32) -> TestEnv {
    let env = TestEnv::with_people();
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups.insert("art-directors".into(), vec!["bob".into()]);
        p.groups.insert(
            "acme-contacts".into(),
            contacts.iter().map(|c| (*c).to_string()).collect(),
        );
        let mut r = Rule::fallback().with_pattern("acme/**");
        let stage = |name: &str, group: &str, count: u32| Stage {
            name: name.into(),
            require: vec![Requirement {
                group: group.into(),
                count,
            }],
        };
        r.stages = vec![
            stage("internal", "art-directors", 1),
            stage("client", "acme-contacts", count),
        ];
        p.rules.insert(0, r);
    })
    .ok();
    env.write("home.pdf", "%PDF-1");
    env
}

#[test]
fn stages_ask_the_next_stage_only_when_the_previous_is_approved() {
    let env = staged(&["cat", "dan"], 2);
    let req = env
        .run("alice", &["request", "acme/home", "home.pdf", "--json"])
        .ok()
        .json();
    assert_eq!(req["events"][0]["event"], "requested");
    assert_eq!(req["events"][0]["reviewers"], serde_json::json!(["bob"]));
    let st = env.run("alice", &["status", "acme/home"]).ok().stdout;
    assert!(
        st.contains("stage internal: 0/1 approvals from art-directors; needs 1 more: bob"),
        "{st}"
    );
    let d = env
        .run("bob", &["approve", "acme/home", "--json"])
        .ok()
        .json();
    assert_eq!(
        d["events"][1],
        serde_json::json!({
            "event": "stage-complete",
            "deliverable": "acme/home",
            "request": req["request"],
            "version": 1,
            "stage": "internal",
            "next_stage": "client",
            "reviewers": ["cat", "dan"],
        })
    );
    let st = env.run("alice", &["status", "acme/home"]).ok().stdout;
    assert!(
        st.contains("stage client: 0/2 approvals from acme-contacts; needs 2 more: cat, dan"),
        "{st}"
    );
    let d = env
        .run("cat", &["approve", "acme/home", "--json"])
        .ok()
        .json();
    assert_eq!(
        d["events"].as_array().unwrap().len(),
        1,
        "no stage completed"
    );
    let d = env
        .run("dan", &["approve", "acme/home", "--json"])
        .ok()
        .json();
    assert_eq!(d["state"], "approved");
    assert_eq!(d["events"][1]["stage"], "client");
    assert_eq!(d["events"][1]["next_stage"], serde_json::Value::Null);
}

#[test]
fn a_later_stage_decision_made_before_its_stage_opened_never_counts() {
    let env = staged(&["cat"], 1);
    env.run("alice", &["request", "acme/home", "home.pdf"]).ok();
    // cat (client stage) is refused while the internal stage is open...
    env.run("cat", &["approve", "acme/home"]).code(4);
    // ...so an approval written around signoff, with plain git and her own
    // key, is held out of the count.
    let st = env.status_json("acme/home");
    env.forge_decision("cat", &st, "approve", "");
    let st = env.status_json("acme/home");
    assert_eq!(st["state"], "pending", "{st}");
    let ignored = st["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 1, "{st}");
    assert_eq!(ignored[0]["person"], "cat");
    assert_eq!(ignored[0]["reason"], "made before its stage opened");
    // The internal stage approves (later on): cat's early approval still
    // does not count, it was made before the stage opened ...
    env.run_env(
        "bob",
        &[("SIGNOFF_NOW", "2098-01-01T00:00:00Z")],
        &["approve", "acme/home"],
    )
    .ok();
    let status = |now: &str| {
        env.run_env(
            "alice",
            &[("SIGNOFF_NOW", now)],
            &["status", "acme/home", "--json"],
        )
        .ok()
        .json()
    };
    let st = status("2098-06-01T00:00:00Z");
    assert_eq!(st["state"], "pending", "{st}");
    assert_eq!(st["stage"], "client", "{st}");
    assert_eq!(st["ignored"][0]["reason"], "made before its stage opened");
    // ... until she decides again, now that it is open.
    env.run_env(
        "cat",
        &[("SIGNOFF_NOW", "2099-01-01T00:00:00Z")],
        &["approve", "acme/home", "-m", "Now that it is my turn"],
    )
    .ok();
    let st = status("2099-06-01T00:00:00Z");
    assert_eq!(st["state"], "approved", "{st}");
    let later = [("SIGNOFF_NOW", "2099-06-01T00:00:00Z")];
    env.run_env("alice", &later, &["verify"]).ok();
}
