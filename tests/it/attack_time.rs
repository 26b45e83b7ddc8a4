//! What a writer with push access and a legitimate key of their own can
//! choose, and why none of it decides (issue 21, items 2–4; DESIGN §13):
//! a request id dated 2200, a commit dated before its parent, a record
//! dated outside its commit's window, a later stage's approval dated two
//! hours ahead. Each is mounted as an attacker would: records signed with
//! stock `ssh-keygen -Y sign` by the attacker's own key, committed with git
//! plumbing at the dates they choose.

use crate::common::{TestEnv, dir_of, fingerprint, sh_with, verify_fails};
use crate::counting::staged;

/// Commits `files` (path, bytes) onto the store branch with git plumbing,
/// dated `date` (author and committer; git's own clock when `None`).
/// Returns the commit.
pub fn plant(env: &TestEnv, files: &[(String, Vec<u8>)], date: Option<&str>) -> String {
    let index = env.tmp.path().join("attack-index");
    let _ = std::fs::remove_file(&index);
    let date = date.unwrap_or_default().to_string();
    let mut vars = vec![
        ("GIT_INDEX_FILE", index.to_str().unwrap()),
        ("GIT_AUTHOR_NAME", "Mallory"),
        ("GIT_AUTHOR_EMAIL", "mallory@example.com"),
        ("GIT_COMMITTER_NAME", "Mallory"),
        ("GIT_COMMITTER_EMAIL", "mallory@example.com"),
    ];
    if !date.is_empty() {
        vars.push(("GIT_AUTHOR_DATE", &date));
        vars.push(("GIT_COMMITTER_DATE", &date));
    }
    let git = |args: &[&str], stdin: &[u8]| sh_with(&env.repo, "git", &vars, stdin, args);
    git(&["read-tree", "signoff"], b"");
    for (p, bytes) in files {
        let blob = git(&["hash-object", "-w", "--stdin"], bytes);
        let info = format!("100644,{},{p}", blob.trim());
        git(&["update-index", "--add", "--cacheinfo", &info], b"");
    }
    let tree = git(&["write-tree"], b"");
    let commit = git(
        &["commit-tree", tree.trim(), "-p", "signoff", "-m", "planted"],
        b"",
    );
    git(&["update-ref", "refs/heads/signoff", commit.trim()], b"");
    commit.trim().to_string()
}

/// A record (TOML `body`) at `path` with its signature by `signer`, made
/// with stock ssh-keygen.
fn signed(env: &TestEnv, signer: &str, path: &str, body: String) -> Vec<(String, Vec<u8>)> {
    let sig = env.sign_bytes(signer, "signoff", body.as_bytes());
    vec![
        (path.to_string(), body.into_bytes()),
        (format!("{path}.sig"), sig),
    ]
}

/// A decision on request `request` of `deliverable` signed by `signer`.
fn decision(
    env: &TestEnv,
    signer: &str,
    deliverable: &str,
    request: &str,
    verdict: &str,
    at: &str,
) -> Vec<(String, Vec<u8>)> {
    let show = env.run("alice", &["show", request, "--json"]).ok().json();
    let content = show["request"]["content"].as_str().unwrap();
    let store_id = env.policy().store_id;
    let id = uuid::Uuid::now_v7().to_string();
    let fp = fingerprint(env, signer);
    let body = format!(
        "schema = \"signoff/decision-v1\"\nstore_id = \"{store_id}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"{deliverable}\"\ncontent = \"{content}\"\ndecision = \"{verdict}\"\nby = \"{signer}\"\nkey = \"{fp}\"\nat = \"{at}\"\n"
    );
    let path = format!("{}/{request}/decisions/{id}.toml", dir_of(deliverable));
    signed(env, signer, &path, body)
}

/// A comment on `request` of `deliverable` by `signer`, dated `at`.
fn comment(
    env: &TestEnv,
    signer: &str,
    deliverable: &str,
    request: &str,
    at: &str,
) -> Vec<(String, Vec<u8>)> {
    let store_id = env.policy().store_id;
    let id = uuid::Uuid::now_v7().to_string();
    let fp = fingerprint(env, signer);
    let body = format!(
        "schema = \"signoff/comment-v1\"\nstore_id = \"{store_id}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"{deliverable}\"\nby = \"{signer}\"\nkey = \"{fp}\"\nat = \"{at}\"\ncomment = \"backdated\"\n"
    );
    let path = format!("{}/{request}/comments/{id}.toml", dir_of(deliverable));
    signed(env, signer, &path, body)
}

/// A `UUIDv7` whose timestamp is 2200-01-01.
pub fn id_dated_2200() -> String {
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, 7_258_118_400, 0);
    uuid::Uuid::new_v7(ts).to_string()
}

/// A copy of request `from` of `deliverable` (its snapshot files too) under
/// the id `id`, re-signed by `signer` as theirs with stock ssh-keygen,
/// dated `at`.
pub fn copied_request(
    env: &TestEnv,
    signer: &str,
    deliverable: &str,
    from: &str,
    id: &str,
    at: &str,
) -> Vec<(String, Vec<u8>)> {
    let dir = dir_of(deliverable);
    let old = format!("{dir}/{from}/");
    let listing = env.git(&["ls-tree", "-r", "--name-only", "signoff", &old]);
    let mut files = Vec::new();
    for path in listing.lines() {
        let rest = &path[old.len()..];
        if rest.starts_with("decisions/") || rest.starts_with("comments/") || rest.ends_with(".sig")
        {
            continue;
        }
        let bytes = env.store_file(path);
        let new_path = format!("{dir}/{id}/{rest}");
        if rest == "request.toml" {
            let text = String::from_utf8(bytes).unwrap();
            let fp = fingerprint(env, signer);
            let body: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("id = ") {
                        format!("id = \"{id}\"")
                    } else if l.starts_with("by = ") {
                        format!("by = \"{signer}\"")
                    } else if l.starts_with("key = ") {
                        format!("key = \"{fp}\"")
                    } else if l.starts_with("at = ") {
                        format!("at = \"{at}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
            files.extend(signed(env, signer, &new_path, body));
        } else {
            files.push((new_path, bytes));
        }
    }
    files
}

fn at(t: &str) -> [(&str, &str); 1] {
    [("SIGNOFF_NOW", t)]
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(jiff::Timestamp::now().as_second()).unwrap()
}

/// A member plants a request whose id is dated 2200: it is the newest
/// version only until the next real request, which is v3, newest, not
/// superseded; `approve NAME` and `gate` land on the real one.
#[test]
fn a_request_id_dated_2200_is_not_newest_for_ever() {
    let (env, st) = TestEnv::app_round();
    let v1 = st["request"].as_str().unwrap().to_string();
    let planted = id_dated_2200();
    let files = copied_request(&env, "bob", "rel/app", &v1, &planted, &now().to_string());
    plant(&env, &files, None);
    let st = env.status_json("rel/app");
    assert_eq!(
        st["request"],
        planted.as_str(),
        "the planted one is v2 for now"
    );
    // alice's next request is the newest, and says so.
    env.write("app.txt", "v3\n");
    let out = env
        .run(
            "alice",
            &["request", "rel/app", "app.txt", "--to", "bob,cat"],
        )
        .ok();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("rel/app v3"), "{said}");
    let st = env.status_json("rel/app");
    let real = st["request"].as_str().unwrap().to_string();
    assert_ne!(real, planted, "{st}");
    assert_eq!(st["state"], "pending", "{st}");
    assert_eq!(st["request_version"], 3, "{st}");
    // approve NAME lands on the real newest, and the gate passes its bytes.
    env.approve_by(&["bob", "cat"], "rel/app");
    let st = env.status_json("rel/app");
    assert_eq!(st["request"], real.as_str());
    assert_eq!(st["state"], "approved", "{st}");
    env.run("alice", &["gate", "rel/app"]).code(0);
    let planted_state = env.run("alice", &["show", &planted, "--json"]).ok().json();
    assert_eq!(
        planted_state["evaluation"]["state"], "superseded",
        "{planted_state}"
    );
}

/// A commit dated before its parent is an integrity problem, and a decision
/// it carries, dated before the request expired, does not count: expiry is
/// judged on the time the history allows.
#[test]
fn a_backdated_commit_is_refused_and_cannot_beat_expiry() {
    let env = TestEnv::with_people();
    env.write("app.txt", "v1\n");
    env.run_env(
        "alice",
        &at("2030-01-01T00:00:00Z"),
        &[
            "request",
            "rel/app",
            "app.txt",
            "--to",
            "cat",
            "--expires",
            "2030-01-02T00:00:00Z",
        ],
    )
    .ok();
    let st = env
        .run_env(
            "alice",
            &at("2030-01-01T00:00:00Z"),
            &["status", "rel/app", "--json"],
        )
        .ok()
        .json();
    let request = st["request"].as_str().unwrap().to_string();
    // Someone writes after the expiry: the history now says 2030-01-03.
    env.run_env(
        "alice",
        &at("2030-01-03T00:00:00Z"),
        &["comment", "rel/app", "-m", "too late now"],
    )
    .ok();
    // cat signs an approval dated before the expiry and commits it dated
    // before its parent.
    let files = decision(
        &env,
        "cat",
        "rel/app",
        &request,
        "approve",
        "2030-01-01T12:00:00Z",
    );
    plant(&env, &files, Some("2030-01-01T12:00:00Z"));
    let st = env
        .run_env(
            "alice",
            &at("2030-01-04T00:00:00Z"),
            &["status", "rel/app", "--json"],
        )
        .ok()
        .json();
    assert_eq!(st["state"], "expired", "{st}");
    // The gate fails closed on the refused record.
    env.run_env("alice", &at("2030-01-04T00:00:00Z"), &["gate", "rel/app"])
        .code(5);
    let r = env
        .run_env("alice", &at("2030-01-04T00:00:00Z"), &["verify"])
        .code(5);
    assert!(r.stdout.contains("before its parent"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("record was added by a commit dated 2030-01-01T12:00:00Z, before its parent"),
        "{}",
        r.stdout
    );
}

/// A comment dated a day before the commit it was added on (whose parent is
/// newer than that) is reported by `verify`.
#[test]
fn records_dated_outside_their_commits_window_are_reported() {
    let (env, st) = TestEnv::app_round();
    let request = st["request"].as_str().unwrap().to_string();
    let yesterday = now() - jiff::SignedDuration::from_hours(24);
    let files = comment(&env, "bob", "rel/app", &request, &yesterday.to_string());
    plant(&env, &files, None);
    let r = verify_fails(&env);
    assert!(
        r.stdout.contains("before the commit it was added on"),
        "{}",
        r.stdout
    );
}

/// A client-stage reviewer writes their approval before the internal stage
/// is complete, dating the record and the commit two hours ahead; the art
/// director approves after. The approval entered the history before the
/// stage opened: it does not count, whatever its dates say.
#[test]
fn a_later_stage_approval_dated_ahead_does_not_count() {
    let env = staged(&["cat"], 1);
    env.run("alice", &["request", "acme/home", "home.pdf"]).ok();
    let st = env.status_json("acme/home");
    let request = st["request"].as_str().unwrap().to_string();
    let ahead = (now() + jiff::SignedDuration::from_hours(2)).to_string();
    let files = decision(&env, "cat", "acme/home", &request, "approve", &ahead);
    plant(&env, &files, Some(&ahead));
    env.run("bob", &["approve", "acme/home"]).ok();
    let st = env.status_json("acme/home");
    assert_eq!(st["state"], "pending", "{st}");
    assert_eq!(st["stage"], "client", "{st}");
    assert_eq!(st["ignored"][0]["person"], "cat", "{st}");
    assert_eq!(st["ignored"][0]["reason"], "made before its stage opened");
    env.run("alice", &["gate", "acme/home"]).code(10);
    // Her approval after the stage opened counts.
    env.run("cat", &["approve", "acme/home", "-m", "now it is my turn"])
        .ok();
    assert_eq!(env.status_json("acme/home")["state"], "approved");
}

/// `verify --since-last` walks only the commits since the tip it last
/// verified in full, and still reports, among them, a record dated outside
/// its commit's window and a commit dated before its parent.
#[test]
fn verify_since_last_still_reports_planted_times_in_new_commits() {
    let (env, st) = TestEnv::app_round();
    let request = st["request"].as_str().unwrap().to_string();
    env.run("alice", &["verify"]).ok();
    let checked = env.tip();
    let yesterday = now() - jiff::SignedDuration::from_hours(24);
    let files = comment(&env, "bob", "rel/app", &request, &yesterday.to_string());
    plant(&env, &files, None);
    let files = comment(&env, "bob", "rel/app", &request, "2020-01-01T00:00:00Z");
    plant(&env, &files, Some("2020-01-01T00:00:00Z"));
    let r = env
        .run("alice", &["verify", "--since-last", "--json"])
        .code(5)
        .json();
    assert_eq!(r["since"], checked.as_str(), "{r}");
    let messages: Vec<&str> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("before the commit it was added on")),
        "{r}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("dated 2020-01-01")),
        "{r}"
    );
}
