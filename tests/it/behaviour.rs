//! Everyday behaviour of the commands beyond the full round: init, keys,
//! snapshots, versions, withdraw, comments, on-behalf decisions, sources,
//! listings, JSON output, the audit log and drafts.

use crate::common::{TestEnv, sh};

#[test]
fn init_in_a_repository_without_commits_leaves_head_index_and_worktree_alone() {
    let env = TestEnv::new();
    env.write("untracked.txt", "hello");
    env.keygen("alice");
    let head = std::fs::read(env.repo.join(".git/HEAD")).unwrap();
    let j = env
        .run("alice", &["init", "--id", "alice", "--json"])
        .ok()
        .json();
    assert_eq!(j["schema_version"], 2);
    assert_eq!(j["branch"], "signoff");
    assert_eq!(j["person"], "alice");
    assert!(j["trust_root"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(j["commit"].as_str().unwrap(), env.tip());
    // HEAD still points at the unborn main branch; no index was created.
    assert_eq!(std::fs::read(env.repo.join(".git/HEAD")).unwrap(), head);
    assert!(!env.repo.join(".git/index").exists());
    assert_eq!(env.git(&["status", "--porcelain"]), "?? untracked.txt\n");
    // The store is an orphan branch with one root commit.
    assert_eq!(env.git(&["rev-list", "--count", "signoff"]).trim(), "1");
    assert_eq!(
        env.git(&["rev-list", "--max-parents=0", "signoff"]).trim(),
        env.tip()
    );
    let mut paths = env.store_paths();
    paths.sort();
    assert_eq!(
        paths,
        [
            "policy/000001.sig.d/alice.sig",
            "policy/000001.toml",
            "signoff.toml",
            "signoff.toml.sig"
        ]
    );
    let msg = env.git(&["log", "-1", "--format=%an <%ae>%n%B", "signoff"]);
    assert!(
        msg.starts_with("Alice Example <alice@example.com>\n"),
        "{msg}"
    );
    assert!(msg.contains("Signoff-Kind: init"), "{msg}");
    env.run("alice", &["verify"]).ok();
}

#[test]
fn key_generate_writes_a_private_file_and_refuses_to_overwrite() {
    let env = TestEnv::new();
    let r = env
        .run("bob", &["key", "generate", "--comment", "bob"])
        .ok();
    let path = env.home("bob").join(".config/signoff/id_ed25519");
    let meta = std::fs::metadata(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let before = std::fs::read(&path).unwrap();
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    assert!(
        public.starts_with(r.stdout.trim()),
        "{public} vs {}",
        r.stdout
    );
    assert!(r.stdout.starts_with("ssh-ed25519 AAAA"));
    // The file is a key stock ssh-keygen can read.
    let derived = sh(
        env.tmp.path(),
        "ssh-keygen",
        &["-y", "-f", path.to_str().unwrap()],
    );
    assert!(derived.starts_with(r.stdout.trim()), "{derived}");

    let again = env.run("bob", &["key", "generate"]).code(4);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("hint: "), "{}", again.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // key show reads the same key.
    let shown = env.run("bob", &["key", "show", "--json"]).ok().json();
    assert_eq!(shown["schema_version"], 2);
    assert_eq!(shown["public_key"], r.stdout.trim());
}

#[test]
fn show_extract_reproduces_exact_bytes() {
    let env = TestEnv::with_people();
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    std::fs::create_dir_all(env.repo.join("site/img")).unwrap();
    std::fs::write(env.repo.join("site/img/photo.bin"), &binary).unwrap();
    env.write("site/index.html", "<h1>Hi</h1>\r\nno newline at end");
    env.run("alice", &["request", "acme/site", "site", "--to", "bob"])
        .ok();
    // The working tree moves on; the snapshot does not.
    env.write("site/index.html", "changed");
    let out = env.tmp.path().join("extract");
    env.run(
        "bob",
        &["show", "acme/site", "--extract", out.to_str().unwrap()],
    )
    .ok();
    assert_eq!(
        std::fs::read(out.join("site/img/photo.bin")).unwrap(),
        binary
    );
    assert_eq!(
        std::fs::read(out.join("site/index.html")).unwrap(),
        b"<h1>Hi</h1>\r\nno newline at end"
    );
    let count = walk(&out);
    assert_eq!(count, 2);
    // A non-empty target is refused.
    let r = env
        .run(
            "bob",
            &["show", "acme/site", "--extract", out.to_str().unwrap()],
        )
        .code(4);
    assert!(r.stderr.contains("is not empty"), "{}", r.stderr);
    // Stale is reported for the changed working tree.
    let st = env
        .run("bob", &["status", "acme/site", "--json"])
        .ok()
        .json();
    assert_eq!(st["stale"], true);
}

fn walk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            n += walk(&e.path());
        } else {
            n += 1;
        }
    }
    n
}

#[test]
fn diff_between_versions() {
    let env = TestEnv::with_people();
    env.write("d/logo.svg", "<svg>1</svg>");
    env.write("d/a.txt", "a");
    env.write("d/same.txt", "same");
    env.run("alice", &["request", "acme/d", "d", "--to", "bob"])
        .ok();
    env.write("d/logo.svg", "<svg>two</svg>");
    std::fs::remove_file(env.repo.join("d/a.txt")).unwrap();
    env.write("d/b.txt", "bb");
    env.run("alice", &["request", "acme/d", "d", "--to", "bob"])
        .ok();
    let r = env.run("bob", &["diff", "acme/d", "v1", "v2"]).ok();
    assert_eq!(
        r.stdout,
        "D  d/a.txt  (1 bytes)\nA  d/b.txt  (2 bytes)\nM  d/logo.svg  (12 -> 14 bytes)\n"
    );
    let j = env
        .run("bob", &["diff", "acme/d", "1", "2", "--json"])
        .ok()
        .json();
    assert_eq!(j["schema_version"], 2);
    assert_eq!(j["same_content"], false);
    let kinds: Vec<&str> = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["removed", "added", "modified"]);
    let same = env.run("bob", &["diff", "acme/d", "v2", "v2"]).ok();
    assert_eq!(same.stdout, "no files changed (same content)\n");
    let r = env.run("bob", &["diff", "acme/d", "v1", "v3"]).code(3);
    assert!(r.stderr.contains("no version 3"), "{}", r.stderr);
}

#[test]
fn withdraw_by_requester_only() {
    let env = TestEnv::with_request("acme/x", "x.txt", "x", "bob,cat");
    env.write("y.txt", "y");
    env.run("bob", &["request", "acme/y", "y.txt", "--to", "cat"])
        .ok();
    // Cat neither requested it nor is an admin.
    let before = env.tip();
    let r = env.run("cat", &["withdraw", "acme/y"]).code(4);
    assert!(r.stderr.contains("only bob"), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    // The requester can, and so can an admin.
    let r = env
        .run("bob", &["withdraw", "acme/y", "-m", "not ready"])
        .ok();
    assert_eq!(r.stdout, "Withdrew acme/y v1\n");
    env.run("alice", &["withdraw", "acme/x", "--json"]).ok();
    let list = env.run("alice", &["list", "--json"]).ok().json();
    for row in list["requests"].as_array().unwrap() {
        assert_eq!(row["state"], "withdrawn", "{row}");
    }
    let log = env.run("alice", &["log", "acme/y"]).ok().stdout;
    assert!(
        log.contains("bob  withdrew acme/y v1: \"not ready\""),
        "{log}"
    );
    env.run("alice", &["verify"]).ok();
}

#[test]
fn comments_are_signed_records_shown_and_logged() {
    let env = TestEnv::with_request("acme/x", "x.txt", "x", "bob");
    // Anyone in the policy may comment, reviewer or not.
    let j = env
        .run("cat", &["comment", "acme/x", "-m", "Looks\nfine", "--json"])
        .ok()
        .json();
    assert_eq!(j["schema_version"], 2);
    assert_eq!(j["commented"], "acme/x v1");
    let show = env.run("bob", &["show", "acme/x", "--json"]).ok().json();
    let comments = show["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["by"], "cat");
    assert_eq!(comments[0]["comment"], "Looks\nfine");
    // Comments do not change the state.
    assert_eq!(show["evaluation"]["state"], "pending");
    let log = env.run("bob", &["log", "acme/x"]).ok().stdout;
    assert!(
        log.contains("cat  commented on acme/x v1: \"Looks fine\""),
        "{log}"
    );
    assert_eq!(env.record_paths("/comments/").len(), 1);
    let r = env.run("cat", &["comment", "acme/x", "-m", "  "]).code(2);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

#[test]
fn on_behalf_decisions_record_both_people_and_the_evidence() {
    let env = TestEnv::with_people();
    // Only admins may enter decisions for others under the default rule.
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("bob".into());
    })
    .ok();
    env.request("acme/x", "x.txt", "x", "cat");
    let r = env
        .run(
            "bob",
            &[
                "approve",
                "acme/x",
                "--on-behalf-of",
                "cat",
                "--evidence",
                "phone call 2026-11-29 10:00",
            ],
        )
        .ok();
    assert!(
        r.stdout
            .starts_with("cat (entered by bob) approved acme/x v1"),
        "{}",
        r.stdout
    );
    let show = env.run("alice", &["show", "acme/x", "--json"]).ok().json();
    let d = &show["decisions"][0];
    assert_eq!(d["by"], "bob");
    assert_eq!(d["on_behalf_of"], "cat");
    assert_eq!(d["evidence"], "phone call 2026-11-29 10:00");
    assert_eq!(show["evaluation"]["state"], "approved", "{show}");
    // The record itself carries both people and the evidence, signed by bob.
    let path = &env.record_paths("/decisions/")[0];
    let text = String::from_utf8(env.store_file(path)).unwrap();
    assert!(text.contains("by = \"bob\""), "{text}");
    assert!(text.contains("on_behalf_of = \"cat\""), "{text}");
    assert!(
        text.contains("evidence = \"phone call 2026-11-29 10:00\""),
        "{text}"
    );
    let log = env.run("alice", &["log", "acme/x"]).ok().stdout;
    assert!(
        log.contains(
            "bob  recorded that cat approved acme/x v1 (evidence: phone call 2026-11-29 10:00)"
        ),
        "{log}"
    );
    let jl = env.run("alice", &["log", "acme/x", "--json"]).ok().stdout;
    let last: serde_json::Value = serde_json::from_str(jl.lines().last().unwrap()).unwrap();
    assert_eq!(last["by"], "bob");
    assert_eq!(last["on_behalf_of"], "cat");
    assert_eq!(last["evidence"], "phone call 2026-11-29 10:00");
    // An unknown person is refused.
    let r = env
        .run(
            "bob",
            &[
                "approve",
                "acme/x",
                "--on-behalf-of",
                "zed",
                "--evidence",
                "mail",
            ],
        )
        .code(3);
    assert!(r.stderr.contains("unknown person"), "{}", r.stderr);
}

#[test]
fn rev_requests_read_files_from_a_commit() {
    let env = TestEnv::with_people();
    env.write("doc.md", "committed");
    env.git(&["add", "doc.md"]);
    env.git(&["commit", "-q", "-m", "doc"]);
    let head = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    env.write("doc.md", "edited in the working tree");
    let index_before = std::fs::read(env.repo.join(".git/index")).unwrap();
    env.run(
        "alice",
        &[
            "request", "acme/doc", "doc.md", "--rev", "HEAD", "--to", "bob",
        ],
    )
    .ok();
    let show = env.run("bob", &["show", "acme/doc", "--json"]).ok().json();
    assert_eq!(show["request"]["source"]["kind"], "paths");
    assert_eq!(show["request"]["source"]["rev"], head.as_str());
    assert_eq!(show["request"]["files"][0]["size"], 9);
    let out = env.tmp.path().join("x");
    env.run(
        "bob",
        &["show", "acme/doc", "--extract", out.to_str().unwrap()],
    )
    .ok();
    assert_eq!(std::fs::read(out.join("doc.md")).unwrap(), b"committed");
    // Same blob as the commit's: the snapshot reuses git's object.
    let blob = env.git(&["rev-parse", "HEAD:doc.md"]).trim().to_string();
    assert_eq!(show["request"]["files"][0]["blob"], blob.as_str());
    assert_eq!(
        std::fs::read(env.repo.join(".git/index")).unwrap(),
        index_before
    );
    assert_eq!(env.git(&["rev-parse", "HEAD"]).trim(), head);
    let r = env
        .run(
            "alice",
            &[
                "request", "acme/doc", "doc.md", "--rev", "nosuch", "--to", "bob",
            ],
        )
        .code(3);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

#[test]
fn file_requests_take_files_from_outside_the_repository() {
    let env = TestEnv::with_people();
    let outside = env.tmp.path().join("deck.pdf");
    std::fs::write(&outside, b"%PDF-1.7 outside").unwrap();
    env.run(
        "alice",
        &[
            "request",
            "acme/deck",
            "--file",
            outside.to_str().unwrap(),
            "--to",
            "bob",
        ],
    )
    .ok();
    let show = env.run("bob", &["show", "acme/deck", "--json"]).ok().json();
    assert_eq!(show["request"]["source"]["kind"], "files");
    assert_eq!(show["request"]["files"][0]["path"], "deck.pdf");
    let out = env.tmp.path().join("x");
    env.run(
        "bob",
        &["show", "acme/deck", "--extract", out.to_str().unwrap()],
    )
    .ok();
    assert_eq!(
        std::fs::read(out.join("deck.pdf")).unwrap(),
        b"%PDF-1.7 outside"
    );
    // Nothing to compare an outside file against: never "stale".
    let st = env
        .run("bob", &["status", "acme/deck", "--json"])
        .ok()
        .json();
    assert!(st["stale"].is_null(), "{st}");
    // A path outside the repository as PATHS is refused with a pointer to --file.
    let r = env
        .run(
            "alice",
            &[
                "request",
                "acme/deck",
                outside.to_str().unwrap(),
                "--to",
                "bob",
            ],
        )
        .code(2);
    assert!(r.stderr.contains("--file"), "{}", r.stderr);
    env.run("alice", &["verify"]).ok();
}

#[test]
fn list_filters_pending_mine_and_deliverable_glob() {
    let env = TestEnv::with_request("acme/logo", "f", "f", "bob");
    env.run("alice", &["request", "acme/web/home", "f", "--to", "cat"])
        .ok();
    env.run("alice", &["request", "beta/app", "f", "--to", "bob,cat"])
        .ok();
    env.run("bob", &["approve", "acme/logo"]).ok();
    let names = |person: &str, args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        let j = env.run(person, &all).ok().json();
        assert_eq!(j["schema_version"], 2);
        j["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["deliverable"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names("alice", &[]),
        ["acme/logo", "acme/web/home", "beta/app"]
    );
    assert_eq!(
        names("alice", &["--pending"]),
        ["acme/web/home", "beta/app"]
    );
    assert_eq!(names("bob", &["--mine"]), ["beta/app"]);
    assert_eq!(names("cat", &["--mine"]), ["acme/web/home", "beta/app"]);
    assert_eq!(names("alice", &["--mine"]), Vec::<String>::new());
    assert_eq!(names("alice", &["--deliverable", "acme/*"]), ["acme/logo"]);
    assert_eq!(
        names("alice", &["--deliverable", "acme/**"]),
        ["acme/logo", "acme/web/home"]
    );
    assert_eq!(
        names("cat", &["--deliverable", "acme/**", "--mine"]),
        ["acme/web/home"]
    );
    let table = env.run("alice", &["list", "--pending"]).ok().stdout;
    assert!(
        table.contains("beta/app") && !table.contains("acme/logo"),
        "{table}"
    );
    let r = env.run("alice", &["list", "--deliverable", "a/[b"]).code(2);
    assert!(
        r.stderr.starts_with("error: invalid --deliverable glob"),
        "{}",
        r.stderr
    );
}

#[test]
fn json_outputs_parse_and_carry_version_1() {
    let env = TestEnv::with_people();
    env.write("f", "f");
    let outputs = [
        env.run(
            "alice",
            &["request", "acme/x", "f", "--to", "bob", "--json"],
        )
        .ok(),
        env.run("bob", &["approve", "acme/x", "--json"]).ok(),
        env.run("cat", &["comment", "acme/x", "-m", "c", "--json"])
            .ok(),
        env.run("alice", &["status", "--json"]).ok(),
        env.run("alice", &["status", "acme/x", "--json"]).ok(),
        env.run("alice", &["list", "--json"]).ok(),
        env.run("alice", &["show", "acme/x", "--json"]).ok(),
        env.run("alice", &["verify", "--json"]).ok(),
        env.run("alice", &["key", "show", "--json"]).ok(),
        env.run("alice", &["key", "list", "--json"]).ok(),
        env.run("alice", &["person", "list", "--json"]).ok(),
        env.run("alice", &["policy", "show", "--json"]).ok(),
        env.run("alice", &["diff", "acme/x", "v1", "v1", "--json"])
            .ok(),
    ];
    for o in &outputs {
        let j = o.json();
        assert_eq!(j["schema_version"], 2, "{}", o.stdout);
    }
    assert_eq!(outputs[1].json()["state"], "approved");
    assert_eq!(outputs[7].json()["ok"], true);
    // log --json is JSON Lines: one versioned object a line.
    let log = env.run("alice", &["log", "--json"]).ok().stdout;
    let mut kinds = Vec::new();
    for line in log.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["schema_version"], 2, "{line}");
        kinds.push(v["kind"].as_str().unwrap().to_string());
    }
    assert!(kinds.contains(&"request".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"decision".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"comment".to_string()), "{kinds:?}");
}

#[test]
fn log_since_filters_by_time() {
    let env = TestEnv::with_people();
    env.write("f", "f");
    env.run_env(
        "alice",
        &[("SIGNOFF_NOW", "2030-01-01T09:00:00Z")],
        &["request", "acme/a", "f", "--to", "bob", "-m", "early"],
    )
    .ok();
    env.run_env(
        "alice",
        &[("SIGNOFF_NOW", "2030-02-01T09:00:00Z")],
        &["request", "acme/b", "f", "--to", "bob", "-m", "late"],
    )
    .ok();
    env.run_env(
        "bob",
        &[("SIGNOFF_NOW", "2030-02-02T10:30:00Z")],
        &["approve", "acme/b"],
    )
    .ok();
    // Read after the records were made: on today's clock they are dated
    // years ahead, which `log` (as every load) marks as failing.
    let later = [("SIGNOFF_NOW", "2030-03-01T00:00:00Z")];
    let log = env
        .run_env("alice", &later, &["log", "--since", "2030-01-15"])
        .ok()
        .stdout;
    assert_eq!(
        log,
        "2030-02-01 09:00 UTC  alice  requested acme/b v1: \"late\"\n2030-02-02 10:30 UTC  bob  approved acme/b v1\n"
    );
    let log = env
        .run_env("alice", &later, &["log", "--since", "2030-02-02T10:30:00Z"])
        .ok()
        .stdout;
    assert_eq!(log.lines().count(), 1, "{log}");
    let all = env.run("alice", &["log", "acme"]).ok().stdout;
    assert!(
        all.contains("\"early\"") && all.contains("\"late\""),
        "{all}"
    );
    let r = env.run("alice", &["log", "--since", "soon"]).code(2);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
}

#[test]
fn draft_requests_refuse_decisions_until_requested_again() {
    let env = TestEnv::with_people();
    env.write("f", "f");
    let r = env
        .run(
            "alice",
            &["request", "acme/x", "f", "--to", "bob", "--draft"],
        )
        .ok();
    assert!(r.stdout.contains("as a draft"), "{}", r.stdout);
    let st = env.run("bob", &["status", "acme/x", "--json"]).ok().json();
    assert_eq!(st["state"], "draft");
    let before = env.tip();
    let r = env.run("bob", &["approve", "acme/x"]).code(4);
    assert!(r.stderr.contains("is a draft"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), before);
    env.run("alice", &["request", "acme/x", "f", "--to", "bob"])
        .ok();
    env.run("bob", &["approve", "acme/x"]).ok();
    let st = env.run("bob", &["status", "acme/x", "--json"]).ok().json();
    assert_eq!(st["state"], "approved");
    // Publishing keeps the draft's number: the first version reviewers
    // see is v1, and `@v1` names the published request.
    assert_eq!(st["request_version"], 1);
    let shown = env.run("bob", &["show", "acme/x@v1", "--json"]).ok().json();
    assert_eq!(shown["evaluation"]["state"], "approved", "{shown}");
    assert_eq!(
        shown["request"]["draft"],
        serde_json::Value::Null,
        "{shown}"
    );
    // The next request is v2.
    env.write("f", "f2");
    env.run("alice", &["request", "acme/x", "f", "--to", "bob"])
        .ok();
    let st = env.run("bob", &["status", "acme/x", "--json"]).ok().json();
    assert_eq!(st["request_version"], 2);
}

#[test]
fn due_dates_show_in_status_and_list() {
    let env = TestEnv::with_people();
    env.write("f", "f");
    let now = [("SIGNOFF_NOW", "2030-01-01T09:00:00Z")];
    env.run_env(
        "alice",
        &now,
        &[
            "request",
            "acme/a",
            "f",
            "--to",
            "bob",
            "--due",
            "2030-01-05",
        ],
    )
    .ok();
    env.run_env("alice", &now, &["request", "acme/b", "f", "--to", "bob"])
        .ok();
    let list = env.run_env("alice", &now, &["list"]).ok().stdout;
    assert!(list.contains("DUE"), "{list}");
    // A bare date lasts to the end of that day (in each reviewer's zone).
    assert!(list.contains("2030-01-05 (end of day)"), "{list}");
    let one = env
        .run_env("alice", &now, &["status", "acme/a"])
        .ok()
        .stdout;
    assert!(one.contains("due 2030-01-05 (end of day)"), "{one}");
    // Due yesterday cannot be met: refused, nothing written.
    let tip = env.tip();
    let r = env
        .run_env(
            "alice",
            &now,
            &[
                "request",
                "acme/c",
                "f",
                "--to",
                "bob",
                "--due",
                "2029-12-31",
            ],
        )
        .code(2);
    assert!(r.stderr.contains("is before today"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
}

#[test]
fn diff_patch_shows_how_text_changed() {
    let env = TestEnv::with_people();
    env.write("site/index.html", "<h1>Hello</h1>\n<p>Old words</p>\n");
    std::fs::write(
        env.repo.join("site/logo.png"),
        [0x89, b'P', b'N', b'G', 0, 1],
    )
    .unwrap();
    env.run("alice", &["request", "acme/site", "site", "--to", "bob"])
        .ok();
    env.write(
        "site/index.html",
        "<h1>Hello</h1>\n<p>New words \u{1b}[31m</p>\n",
    );
    std::fs::write(
        env.repo.join("site/logo.png"),
        [0x89, b'P', b'N', b'G', 0, 2],
    )
    .unwrap();
    env.run("alice", &["request", "acme/site", "site", "--to", "bob"])
        .ok();
    let out = env
        .run("alice", &["diff", "acme/site", "v1", "v2", "--patch"])
        .ok()
        .stdout;
    assert!(out.contains("--- a/site/index.html"), "{out}");
    assert!(out.contains("-<p>Old words</p>"), "{out}");
    assert!(out.contains("+<p>New words"), "{out}");
    assert!(out.contains(" <h1>Hello</h1>"), "{out}");
    // A file's bytes never reach the terminal raw.
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(
        out.contains("Binary or large file site/logo.png differs"),
        "{out}"
    );
    let j = env
        .run(
            "alice",
            &["diff", "acme/site", "v1", "v2", "--patch", "--json"],
        )
        .ok()
        .json();
    assert!(
        j["patches"]["site/index.html"]
            .as_str()
            .unwrap()
            .contains("+<p>New words"),
        "{j}"
    );
    assert!(j["patches"].get("site/logo.png").is_none(), "{j}");
    // Without --patch, the JSON is as before.
    let plain = env
        .run("alice", &["diff", "acme/site", "v1", "v2", "--json"])
        .ok()
        .json();
    assert!(plain.get("patches").is_none());
}
