//! The index of checked request folders (`.git/signoff/index.sqlite`) and
//! the scoped loader: neither may ever change an answer.

use std::path::PathBuf;

use crate::common::TestEnv;

/// A store with two deliverables in different states, a superseded version,
/// a comment and an internal one, an approved request and a pending one
/// with a title.
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
        &["comment", "acme/site", "--internal", "-m", "ship it friday"],
    )
    .ok();
    env.run(
        "alice",
        &[
            "request",
            "acme/deck",
            "deck.txt",
            "--to",
            "cat",
            "--title",
            "Quarterly deck",
        ],
    )
    .ok();
    env
}

fn index_file(env: &TestEnv) -> PathBuf {
    env.repo.join(".git/signoff/index.sqlite")
}

/// Removes the index and the files `SQLite` keeps beside it.
fn remove_index(env: &TestEnv) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(env.repo.join(format!(".git/signoff/index.sqlite{suffix}")));
    }
}

/// What the reading commands answer, as one string.
fn answers(env: &TestEnv) -> String {
    answers_in(env, &env.repo)
}

fn answers_in(env: &TestEnv, dir: &std::path::Path) -> String {
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
        let mut cmd = env.cmd("alice");
        cmd.current_dir(dir)
            .env("SIGNOFF_NOW", "2030-01-01T00:00:00Z")
            .args(args);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        all.push_str(&format!(
            "$ {}\n{}\n",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    all
}

/// The indexed tip and the number of units the index holds.
fn index_state(env: &TestEnv) -> (String, i64) {
    let db = rusqlite::Connection::open(index_file(env)).unwrap();
    let tip: String = db
        .query_row("SELECT v FROM meta WHERE k = 'tip'", [], |r| r.get(0))
        .unwrap();
    let units: i64 = db
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    (tip, units)
}

#[test]
fn answers_are_the_same_with_and_without_the_index() {
    let env = busy_store();
    let first = answers(&env);
    // The internal flag is among the answers compared.
    assert!(first.contains("\"internal\":true"), "{first}");
    assert!(index_file(&env).exists(), "a full load writes the index");
    let (tip, units) = index_state(&env);
    assert_eq!(tip, env.tip());
    // Three request folders, plus the files outside them.
    assert_eq!(units, 4);
    // Same tip, now answered from the index.
    let indexed = answers(&env);
    assert_eq!(first, indexed);
    remove_index(&env);
    let rebuilt = answers(&env);
    assert_eq!(first, rebuilt);
    assert!(first.contains("\"approved\""));
    assert!(first.contains("\"pending\""));
    // A repository whose index cannot be written still answers the same.
    remove_index(&env);
    let dir = env.repo.join(".git/signoff");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(index_file(&env), b"").unwrap();
    std::fs::remove_file(index_file(&env)).unwrap();
    std::fs::create_dir(index_file(&env)).unwrap();
    assert_eq!(answers(&env), first);
    std::fs::remove_dir(index_file(&env)).unwrap();
}

#[test]
fn a_corrupted_index_is_rebuilt_and_changes_nothing() {
    let env = busy_store();
    let want = answers(&env);
    for garbage in [
        &b"not a database at all"[..],
        b"",
        b"SQLite format 3\0garbage",
    ] {
        remove_index(&env);
        std::fs::write(index_file(&env), garbage).unwrap();
        assert_eq!(answers(&env), want);
        let (tip, _) = index_state(&env);
        assert_eq!(tip, env.tip(), "rebuilt");
    }
    // A file cut short (a full disk, a crash of another tool) is not an
    // empty store.
    let bytes = std::fs::read(index_file(&env)).unwrap();
    std::fs::write(index_file(&env), &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(answers(&env), want);
    // A row that does not decode, and a row that decodes to a lie about
    // another tree: the first is rebuilt; the second is caught because the
    // store's signers and tip key every row (here: the tip moves on).
    let db = rusqlite::Connection::open(index_file(&env)).unwrap();
    db.execute("UPDATE units SET data = '{' WHERE dir != ''", [])
        .unwrap();
    drop(db);
    assert_eq!(answers(&env), want);
}

#[test]
fn an_index_from_another_tip_is_used_only_for_what_did_not_change() {
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
    let old_index = std::fs::read(index_file(&env)).unwrap();
    let old_tip = env.tip();
    env.run("cat", &["approve", "acme/deck"]).ok();
    let after = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&after), "approved");
    assert_eq!(index_state(&env).0, env.tip());
    // Put the old tip's index back: the tip moved, so the changed folder is
    // checked again.
    remove_index(&env);
    std::fs::write(index_file(&env), &old_index).unwrap();
    let again = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&again), "approved");
    // And moving the branch back to the old tip answers as it did then
    // (the index goes backwards too: the new decision is gone).
    env.git(&["update-ref", "refs/heads/signoff", &old_tip]);
    let back = env.run("alice", &["list", "--json"]).ok().json();
    assert_eq!(deck(&back), "pending");
    let fresh = answers(&env);
    remove_index(&env);
    assert_eq!(answers(&env), fresh);
}

#[test]
fn after_sync_and_concurrent_writes_the_index_answers_as_a_rebuild() {
    let (env, _bare, bob_repo) = crate::common::two_machines();
    // bob reads (building his index), then alice's side moves on.
    env.run_in(&bob_repo, "bob", &["list", "--json"]).ok();
    env.write("site/index.html", "v1");
    env.run(
        "alice",
        &["request", "acme/site", "site", "--to", "bob,cat"],
    )
    .ok();
    env.run("cat", &["approve", "acme/brief"]).ok();
    env.run("alice", &["sync"]).ok();
    env.run_in(&bob_repo, "bob", &["sync"]).ok();
    // Writers in parallel on bob's side, each a separate process.
    std::thread::scope(|s| {
        for (who, args) in [
            ("bob", &["approve", "acme/brief"][..]),
            ("bob", &["comment", "acme/site", "-m", "looking"]),
            ("cat", &["comment", "acme/brief", "-m", "noted"]),
        ] {
            let bob_repo = &bob_repo;
            let env = &env;
            s.spawn(move || env.run_in(bob_repo, who, args).ok());
        }
        for _ in 0..3 {
            let bob_repo = &bob_repo;
            let env = &env;
            s.spawn(move || env.run_in(bob_repo, "bob", &["list", "--json"]).ok());
        }
    });
    let pinned = |env: &TestEnv| {
        let mut out = String::new();
        for args in [
            &["list", "--all", "--json"][..],
            &["status", "--json"],
            &["report", "--json"],
        ] {
            let o = env
                .cmd("bob")
                .current_dir(&bob_repo)
                .env("SIGNOFF_NOW", "2030-01-01T00:00:00Z")
                .args(args)
                .output()
                .unwrap();
            assert!(o.status.success());
            out.push_str(&String::from_utf8_lossy(&o.stdout));
        }
        out
    };
    let indexed = pinned(&env);
    assert!(indexed.contains("acme/site") && indexed.contains("acme/brief"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(bob_repo.join(format!(".git/signoff/index.sqlite{suffix}")));
    }
    assert_eq!(pinned(&env), indexed);
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

#[test]
fn a_summary_kept_in_the_index_ends_at_the_request_expiry() {
    let env = TestEnv::with_people();
    env.write("deck.txt", "deck");
    env.run_env(
        "alice",
        &[("SIGNOFF_NOW", "2030-01-01T00:00:00Z")],
        &[
            "request",
            "acme/deck",
            "deck.txt",
            "--to",
            "cat",
            "--expires",
            "2030-01-02T00:00:00Z",
        ],
    )
    .ok();
    let state = |now: &str| {
        let v = env
            .run_env("alice", &[("SIGNOFF_NOW", now)], &["list", "--json"])
            .ok()
            .json();
        v["requests"][0]["state"].as_str().unwrap().to_string()
    };
    assert_eq!(state("2030-01-01T12:00:00Z"), "pending");
    let before = state("2030-01-01T13:00:00Z");
    // Same tip, later clock: the index's summary has run out.
    let after = state("2030-01-03T00:00:00Z");
    assert_eq!(before, "pending");
    assert_ne!(after, "pending", "an expired request is not pending");
    let pending = env
        .run_env(
            "alice",
            &[("SIGNOFF_NOW", "2030-01-03T00:00:00Z")],
            &["list", "--pending", "--json"],
        )
        .ok()
        .json();
    assert_eq!(pending["requests"].as_array().unwrap().len(), 0);
    remove_index(&env);
    assert_eq!(state("2030-01-03T00:00:00Z"), after);
}

#[test]
fn a_decision_left_out_for_its_date_counts_once_its_date_comes() {
    let env = TestEnv::with_people();
    env.write("deck.txt", "deck");
    let at = |now: &'static str| [("SIGNOFF_NOW", now)];
    env.run_env(
        "alice",
        &at("2030-01-01T00:00:00Z"),
        &["request", "acme/deck", "deck.txt", "--to", "cat"],
    )
    .ok();
    // cat's clock runs a week ahead of the readers'.
    env.run_env(
        "cat",
        &at("2030-01-08T00:00:00Z"),
        &["approve", "acme/deck"],
    )
    .ok();
    let state = |now: &'static str| {
        let r = env.run_env("alice", &at(now), &["list", "--json"]).ok();
        r.json()["requests"][0]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Read (and summed up in the index) while the decision is dated far
    // ahead of the clock: it does not count.
    assert_eq!(state("2030-01-02T00:00:00Z"), "pending");
    // Same tip, a week later: it counts, as a rebuild says.
    assert_eq!(state("2030-01-09T00:00:00Z"), "approved");
    remove_index(&env);
    assert_eq!(state("2030-01-09T00:00:00Z"), "approved");
}

/// Writes after the index last saw the history: each write's scoped load
/// folds the new commits in memory (nothing written to the index), and a
/// scoped answer is the one a rebuilt index gives.
#[test]
fn scoped_answers_past_the_indexed_history_are_a_rebuilds() {
    let env = busy_store();
    env.run("alice", &["list", "--json"]).ok();
    env.run("cat", &["comment", "acme/site", "-m", "one"]).ok();
    env.write("site/index.html", "v3");
    env.run(
        "alice",
        &["request", "acme/site", "site", "--to", "bob,cat"],
    )
    .ok();
    env.run("bob", &["approve", "acme/site"]).ok();
    let ask = |env: &TestEnv| {
        let mut all = String::new();
        for args in [
            &["status", "acme/site", "--json"][..],
            &["show", "acme/site@v2", "--json"],
            &["show", "acme/site@v3", "--json"],
        ] {
            let mut cmd = env.cmd("alice");
            cmd.env("SIGNOFF_NOW", "2030-01-01T00:00:00Z").args(args);
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{args:?}");
            all.push_str(&String::from_utf8_lossy(&out.stdout));
        }
        all
    };
    let ahead = ask(&env);
    assert!(ahead.contains("\"version_label\": 3"), "{ahead}");
    remove_index(&env);
    env.run("alice", &["list", "--json"]).ok();
    assert_eq!(ask(&env), ahead);
}

/// How many units the index's dictionary (see `ledger::index::codec`) was
/// sampled from.
fn dictionary_samples(env: &TestEnv) -> i64 {
    samples_of(env, "dict_units")
}

/// How many units (`dict_units`) or deliverables (`sdict_units`) one of
/// the index's dictionaries was sampled from.
fn samples_of(env: &TestEnv, key: &str) -> i64 {
    let db = rusqlite::Connection::open(index_file(env)).unwrap();
    db.query_row("SELECT v FROM meta WHERE k = ?1", [key], |r| {
        r.get::<_, String>(0)
    })
    .unwrap()
    .parse()
    .unwrap()
}

#[test]
fn an_index_made_when_the_store_was_small_is_sampled_again_as_it_grows() {
    let env = busy_store();
    env.run("alice", &["list", "--json"]).ok();
    let young = dictionary_samples(&env);
    assert!(young < 8, "{young}");
    let young_summaries = samples_of(&env, "sdict_units");
    assert!(young_summaries < 8, "{young_summaries}");
    for i in 0..64 {
        env.request(
            &format!("bulk/item-{i}"),
            "item.txt",
            &format!("item {i}"),
            "bob",
        );
    }
    let grown = answers(&env);
    assert!(dictionary_samples(&env) >= 8, "sampled again");
    assert!(
        samples_of(&env, "sdict_units") >= 8,
        "summaries sampled again"
    );
    assert!(grown.contains("bulk/item-63"), "{grown}");
    assert_eq!(answers(&env), grown, "answered from the index");
    remove_index(&env);
    assert_eq!(answers(&env), grown, "as a rebuild");
}
