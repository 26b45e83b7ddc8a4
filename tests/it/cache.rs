//! The derived-state cache under `.git/signoff/cache/` and the scoped loader:
//! neither may ever change an answer.

use std::path::PathBuf;

use crate::common::TestEnv;

/// A store with two deliverables in different states, a superseded version,
/// a comment, an approved request and a pending one.
fn busy_store() -> TestEnv {
    let env = TestEnv::with_people();
    env.write("site/index.html", "v1");
    env.write("deck.txt", "deck");
    env.run(
        "alice",
        &["request", "acme/site", "site", "--to", "bob,cat"],
    )
    .ok();
    env.run("bob", &["changes", "acme/site", "-m", "bigger logo"])
        .ok();
    env.write("site/index.html", "v2");
    env.run(
        "alice",
        &["request", "acme/site", "site", "--to", "bob,cat"],
    )
    .ok();
    env.run("bob", &["approve", "acme/site"]).ok();
    env.run("cat", &["comment", "acme/site", "-m", "fine by me"])
        .ok();
    env.run("cat", &["approve", "acme/site"]).ok();
    env.run(
        "alice",
        &["request", "acme/deck", "deck.txt", "--to", "cat"],
    )
    .ok();
    env
}

fn cache_file(env: &TestEnv) -> PathBuf {
    env.repo.join(".git/signoff/cache/snapshot.json")
}

/// What the reading commands answer, as one string.
fn answers(env: &TestEnv) -> String {
    let mut all = String::new();
    for args in [
        &["list", "--all", "--json"][..],
        &["list", "--pending", "--json"],
        &["status", "--json"],
        &["status", "acme/site", "--json"],
        &["show", "acme/site@v1", "--json"],
        &["report", "--json"],
        &["log", "--json"],
    ] {
        // `report` stamps the time it was generated: pin the clock.
        let run = env
            .run_env("alice", &[("SIGNOFF_NOW", "2030-01-01T00:00:00Z")], args)
            .ok();
        all.push_str(&format!("$ {}\n{}\n", args.join(" "), run.stdout));
    }
    all
}

#[test]
fn answers_are_the_same_with_and_without_the_cache() {
    let env = busy_store();
    let first = answers(&env);
    assert!(cache_file(&env).exists(), "a full load writes the cache");
    // Same tip, now answered from the cache.
    let cached = answers(&env);
    assert_eq!(first, cached);
    std::fs::remove_dir_all(env.repo.join(".git/signoff/cache")).unwrap();
    let uncached = answers(&env);
    assert_eq!(first, uncached);
    assert!(first.contains("\"approved\""));
    assert!(first.contains("\"pending\""));
}

#[test]
fn a_corrupted_cache_is_rebuilt_and_changes_nothing() {
    let env = busy_store();
    let want = answers(&env);
    for garbage in [&b"not json at all"[..], b"", b"{\"key\": {\"format\": 1}}"] {
        std::fs::write(cache_file(&env), garbage).unwrap();
        assert_eq!(answers(&env), want);
        let rebuilt = std::fs::read(cache_file(&env)).unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(&rebuilt).is_ok());
    }
    // A cache cut short (a full disk, a crash of another tool) is not an
    // empty store.
    let text = std::fs::read_to_string(cache_file(&env)).unwrap();
    std::fs::write(cache_file(&env), &text[..text.len() / 2]).unwrap();
    assert_eq!(answers(&env), want);
}

#[test]
fn a_cache_from_another_tip_is_never_used() {
    let env = busy_store();
    let before = env.run("alice", &["list", "--json"]).ok().json();
    let deck = |v: &serde_json::Value| {
        v["requests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["deliverable"] == "acme/deck")
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(deck(&before), "pending");
    let old_cache = std::fs::read(cache_file(&env)).unwrap();
    let old_tip = env.tip();
    env.run("cat", &["approve", "acme/deck"]).ok();
    let after = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&after), "approved");
    // Put the old tip's cache back: the tip moved, so it must be ignored.
    std::fs::write(cache_file(&env), &old_cache).unwrap();
    let again = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&again), "approved");
    // And moving the branch back to the old tip answers as it did then.
    env.git(&["update-ref", "refs/heads/signoff", &old_tip]);
    let back = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&back), "pending");
}

#[test]
fn scoped_commands_answer_as_a_full_load_does() {
    let env = busy_store();
    // `status NAME` reads one folder; `list` reads everything: same rows.
    let list = env.run("alice", &["list", "--json"]).ok().json();
    for row in list["requests"].as_array().unwrap() {
        let name = row["deliverable"].as_str().unwrap();
        let one = env.status_json(name);
        assert_eq!(one["request"], row["request"]);
        assert_eq!(one["state"], row["state"]);
        assert_eq!(one["request_version"], row["request_version"]);
        assert_eq!(
            one["summary"].as_str().unwrap().split(';').next(),
            row["summary"].as_str().unwrap().split(';').next()
        );
    }
    // A request id prefix is not a deliverable name: it still resolves.
    let id = list["requests"][0]["request"].as_str().unwrap().to_string();
    let by_id = env.run("alice", &["show", &id[..13], "--json"]).ok().json();
    assert_eq!(by_id["request"]["id"], id.as_str());
    // A deliverable nested under another is not part of its folder.
    env.request("acme/site/logo", "logo.svg", "<svg/>", "bob");
    let site = env
        .run("alice", &["show", "acme/site", "--json"])
        .ok()
        .json();
    assert_eq!(site["version_label"], 2);
    let logo = env
        .run("alice", &["show", "acme/site/logo", "--json"])
        .ok()
        .json();
    assert_eq!(logo["version_label"], 1);
}
