//! Many processes writing to one repository at the same moment: every write
//! lands as its own commit (compare-and-swap with retry), the branch stays
//! linear, `verify` is clean and `git fsck` finds nothing wrong.

use std::process::{Child, Stdio};

use crate::common::{Run, TestEnv};

/// Starts every command before waiting for any, then collects the results.
fn all_at_once(env: &TestEnv, jobs: &[(&str, Vec<&str>)]) -> Vec<Run> {
    let children: Vec<Child> = jobs
        .iter()
        .map(|(person, args)| {
            env.cmd(person)
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn signoff")
        })
        .collect();
    children
        .into_iter()
        .map(|c| Run::from(c.wait_with_output().expect("wait")))
        .collect()
}

fn commits(env: &TestEnv) -> usize {
    env.git(&["rev-list", "--count", "signoff"])
        .trim()
        .parse()
        .unwrap()
}

#[track_caller]
fn store_is_sound(env: &TestEnv) {
    env.run("alice", &["verify"]).ok();
    assert_eq!(env.git(&["rev-list", "--merges", "signoff"]), "");
    let out = crate::common::base_command("git", &env.repo)
        .args(["fsck", "--strict", "--no-progress"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "git fsck failed:\n{text}");
    // Commits that lost a race are left dangling; nothing may be broken.
    // (The notice is about the test repository's unborn main branch.)
    for line in text.lines() {
        assert!(
            line.starts_with("dangling ")
                || line == "notice: HEAD points to an unborn branch (main)",
            "git fsck: {line}"
        );
    }
    // Nothing left behind by a lock.
    assert!(!env.repo.join(".git/refs/heads/signoff.lock").exists());
}

#[test]
fn two_reviewers_decide_at_the_same_moment() {
    let env = TestEnv::with_request("acme/logo", "logo.svg", "<svg/>", "bob,cat");
    let before = commits(&env);
    let runs = all_at_once(
        &env,
        &[
            ("bob", vec!["approve", "acme/logo"]),
            ("cat", vec!["approve", "acme/logo", "-m", "yes"]),
        ],
    );
    for r in runs {
        r.ok();
    }
    assert_eq!(commits(&env), before + 2);
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "approved", "{st}");
    store_is_sound(&env);
}

#[test]
fn many_writers_at_the_same_moment_all_land() {
    let env = TestEnv::with_people();
    for p in ["dan", "eve", "fay"] {
        env.add_person(p);
    }
    env.write("logo.svg", "<svg/>");
    env.write("deck.pdf", "%PDF");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob,cat,dan,eve,fay",
        ],
    )
    .ok();
    env.run(
        "alice",
        &["request", "acme/deck", "deck.pdf", "--to", "bob"],
    )
    .ok();
    let before = commits(&env);
    let mut jobs: Vec<(&str, Vec<&str>)> = vec![
        ("bob", vec!["approve", "acme/logo"]),
        ("cat", vec!["approve", "acme/logo"]),
        ("dan", vec!["changes", "acme/logo", "-m", "bigger"]),
        ("eve", vec!["approve", "acme/logo"]),
        ("fay", vec!["decline", "acme/logo", "-m", "off brand"]),
        ("alice", vec!["comment", "acme/logo", "-m", "thanks all"]),
    ];
    let first = all_at_once(&env, &jobs);
    for r in first {
        r.ok();
    }
    // A second wave mixing deliverables and kinds of record.
    jobs = vec![
        ("bob", vec!["approve", "acme/deck"]),
        ("cat", vec!["comment", "acme/deck", "-m", "nice"]),
        ("dan", vec!["approve", "acme/logo"]),
        ("eve", vec!["comment", "acme/logo", "-m", "one"]),
        ("fay", vec!["comment", "acme/logo", "-m", "two"]),
        ("alice", vec!["comment", "acme/deck", "-m", "three"]),
    ];
    for r in all_at_once(&env, &jobs) {
        r.ok();
    }
    assert_eq!(commits(&env), before + 12);

    let logo = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(logo["decisions"].as_array().unwrap().len(), 6, "{logo}");
    assert_eq!(logo["comments"].as_array().unwrap().len(), 3, "{logo}");
    let deck = env
        .run("alice", &["show", "acme/deck", "--json"])
        .ok()
        .json();
    assert_eq!(deck["decisions"].as_array().unwrap().len(), 1, "{deck}");
    assert_eq!(deck["comments"].as_array().unwrap().len(), 2, "{deck}");
    // Dan's second decision superseded his first rather than competing.
    let dans: Vec<&serde_json::Value> = logo["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["by"] == "dan")
        .collect();
    assert_eq!(dans.len(), 2);
    assert_eq!(dans[1]["supersedes"], dans[0]["id"]);
    store_is_sound(&env);
}

#[test]
fn concurrent_requests_for_one_deliverable_become_distinct_versions() {
    let env = TestEnv::with_people();
    env.write("a.txt", "a");
    let jobs: Vec<(&str, Vec<&str>)> = (0..4)
        .map(|_| ("alice", vec!["request", "acme/doc", "a.txt", "--to", "bob"]))
        .collect();
    for r in all_at_once(&env, &jobs) {
        r.ok();
    }
    let list = env.run("alice", &["list", "--all", "--json"]).ok().json();
    let versions: Vec<u64> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, vec![1, 2, 3, 4], "{list}");
    let states: Vec<&str> = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["superseded", "superseded", "superseded", "pending"]
    );
    store_is_sound(&env);
}

#[test]
fn the_page_and_the_command_line_write_at_the_same_moment() {
    use crate::serve::{Server, csrf_of, http, link, path_of, portal};
    let env = portal();
    let names: Vec<String> = (0..6).map(|i| format!("acme/d{i}")).collect();
    for n in &names {
        env.request(
            n,
            &format!("{}.txt", n.replace('/', "-")),
            "v1\n",
            "bob,cat",
        );
    }
    let server = Server::start(&env);
    // bob decides every deliverable through his links while cat approves
    // each on the command line: both kinds of writer race for the branch.
    let pages: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let path = path_of(&link(&env, n, "bob", &[]));
            let page = http(&server.addr, "GET", &path, None);
            assert_eq!(page.status, 200, "{}", page.body);
            (path, csrf_of(&page.body))
        })
        .collect();
    let jobs: Vec<(&str, Vec<&str>)> = names
        .iter()
        .map(|n| ("cat", vec!["approve", n.as_str()]))
        .collect();
    let addr = server.addr.clone();
    let posts = std::thread::spawn(move || {
        let handles: Vec<_> = pages
            .into_iter()
            .map(|(path, csrf)| {
                let addr = addr.clone();
                std::thread::spawn(move || {
                    http(
                        &addr,
                        "POST",
                        &path,
                        Some(&format!("decision=approve&csrf={csrf}")),
                    )
                    .status
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<u16>>()
    });
    for r in all_at_once(&env, &jobs) {
        assert_eq!(r.code, 0, "{r:?}");
    }
    let statuses = posts.join().unwrap();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    drop(server);
    for n in &names {
        let st = env.status_json(n);
        assert_eq!(st["state"], "approved", "{n}: {st}");
    }
    store_is_sound(&env);
}
