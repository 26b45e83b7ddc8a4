//! `signoff serve --remote`: a real bare remote, the server's clone (A) and a
//! teammate's clone (B), real processes. Records from the remote are
//! verified before a page shows them, decisions reach the remote in the
//! background (also after the remote was away), and the access log, the
//! health endpoint and the trusted-proxy rule hold.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{Edit, TestEnv, dir_of, sh};
use crate::serve::{Resp, csrf_of, http_with, link, path_of, portal};

/// A running `signoff serve` whose stderr is kept for the test to read.
pub struct Served {
    child: Child,
    pub addr: String,
    log: Arc<Mutex<String>>,
    /// Reads stderr into `log` until the server exits.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// `signoff serve --listen 127.0.0.1:0 EXTRA…` in `env`'s repository.
    pub fn start(env: &TestEnv, extra: &[&str]) -> Served {
        Served::start_in(env, &env.repo, extra)
    }

    /// `signoff serve --listen 127.0.0.1:0 EXTRA…` in the repository `dir`.
    pub fn start_in(env: &TestEnv, dir: &Path, extra: &[&str]) -> Served {
        let mut child = env
            .cmd("alice")
            .current_dir(dir)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn signoff serve");
        let mut err = BufReader::new(child.stderr.take().expect("piped"));
        let log = Arc::new(Mutex::new(String::new()));
        let addr = loop {
            let mut line = String::new();
            if err.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.wait();
                panic!(
                    "signoff serve exited before listening:\n{}",
                    log.lock().unwrap()
                );
            }
            log.lock().unwrap().push_str(&line);
            if let Some(a) = line.trim().rsplit_once("listening on http://") {
                break a.1.to_string();
            }
        };
        let sink = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Served {
            child,
            addr,
            log,
            reader: Some(reader),
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits (up to `secs`) until the log has a line containing every one
    /// of `words`; returns that line.
    #[track_caller]
    pub fn wait_for_line(&self, words: &[&str], secs: u64) -> String {
        let found = poll(secs, || {
            self.log()
                .lines()
                .find(|l| words.iter().all(|w| l.contains(w)))
                .map(str::to_string)
        });
        found.unwrap_or_else(|| panic!("no log line with {words:?} in:\n{}", self.log()))
    }

    /// Stops the server with `signal` (`INT` as Ctrl-C, `TERM` as systemd)
    /// and waits for it to exit; returns its whole log.
    fn stop(mut self, signal: &str) -> String {
        sh(
            Path::new("."),
            "kill",
            &[&format!("-{signal}"), &self.child.id().to_string()],
        );
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "serve did not stop on SIG{signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // The reader has the last lines once it reaches the end of the pipe.
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        self.log()
    }
}

/// Calls `f` every 100 ms until it returns something, for at most `secs`.
pub fn poll<T>(secs: u64, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn get(addr: &str, path: &str) -> Resp {
    http_with(addr, "GET", path, &[], None)
}

/// Opens a decision link and presses a button (with `headers` on the POST);
/// returns the answer.
fn decide(addr: &str, path: &str, form: &str, headers: &[&str]) -> Resp {
    let page = get(addr, path);
    assert_eq!(page.status, 200, "{}", page.body);
    let form = format!("{form}&csrf={}", csrf_of(&page.body));
    http_with(addr, "POST", path, headers, Some(&form))
}

/// The team: alice's repository A (the server's, with its attestation key
/// in the policy and `acme/a` v1 pending on bob and cat), a bare remote it
/// has pushed to, and a teammate's clone B, synced.
fn team() -> (TestEnv, PathBuf, PathBuf) {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob,cat");
    let bare = env.tmp.path().join("remote.git");
    sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    let r = env.run("alice", &["sync", "--json"]).ok().json();
    assert_eq!(r["pushed"], true, "{r}");
    let b = env.tmp.path().join("b-repo");
    sh(
        env.tmp.path(),
        "git",
        &["clone", "-q", bare.to_str().unwrap(), b.to_str().unwrap()],
    );
    env.run_in(&b, "cat", &["sync"]).ok();
    (env, bare, b)
}

/// Decision records on the store branch of `repo`.
fn decisions_in(repo: &Path) -> Vec<String> {
    sh(repo, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/decisions/") && l.ends_with(".toml"))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_decision_on_the_page_reaches_the_team() {
    let (env, bare, b) = team();
    let server = Served::start(&env, &["--remote", "origin"]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let r = decide(&server.addr, &path, "decision=approve&comment=ship+it", &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your decision is recorded"), "{}", r.body);
    // Pushed in the background, with one line saying so (by the pusher,
    // or by the mail watcher's round when it comes first).
    server.wait_for_line(&["origin: ", ", pushed"], 60);
    assert_eq!(decisions_in(&bare).len(), 1);
    // B takes it in with a plain sync, and everything verifies there.
    env.run_in(&b, "cat", &["sync"]).ok();
    let found = decisions_in(&b);
    assert_eq!(found.len(), 1, "{found:?}");
    let rec = sh(&b, "git", &["show", &format!("signoff:{}", found[0])]);
    assert!(
        rec.contains("via = \"link\"") && rec.contains("ship it"),
        "{rec}"
    );
    env.run_in(&b, "cat", &["verify"]).ok();
    let st = env
        .run_in(&b, "cat", &["status", "acme/a", "--json"])
        .ok()
        .json();
    assert_eq!(st["approvals"], serde_json::json!(["bob"]), "{st}");
    let health: serde_json::Value =
        serde_json::from_str(&get(&server.addr, "/healthz").body).unwrap();
    assert_eq!(health["push_pending"], false, "{health}");
    assert_eq!(health["tip"], env.tip()[..12], "{health}");
}

#[test]
fn the_page_shows_verified_records_from_the_remote_and_refuses_forged_ones() {
    let (env, bare, b) = team();
    let server = Served::start(&env, &["--remote", "origin"]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = get(&server.addr, &path);
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("from-machine-b"), "{}", page.body);
    // cat approves on B and syncs: A's page shows it, fetched and verified
    // first (fetches are throttled, so look again until it is in).
    env.run_in(&b, "cat", &["approve", "acme/a", "-m", "from-machine-b"])
        .ok();
    env.run_in(&b, "cat", &["sync"]).ok();
    let shown = poll(30, || {
        let p = get(&server.addr, &path);
        p.body.contains("from-machine-b").then_some(p)
    });
    assert!(shown.is_some(), "never shown; log:\n{}", server.log());
    assert_eq!(decisions_in(&env.repo).len(), 1);
    assert_eq!(
        env.tip(),
        sh(&bare, "git", &["rev-parse", "signoff"]).trim()
    );
    server.wait_for_line(&["fetch origin:", "fast-forward"], 5);

    // Someone with push access puts an unsigned decision on the remote.
    let st = env.status_json("acme/a");
    let request = st["request"].as_str().unwrap();
    let shown = env.run("alice", &["show", request, "--json"]).ok().json();
    let content = shown["request"]["content"].as_str().unwrap();
    let store_id = env.policy().store_id;
    let id = uuid::Uuid::now_v7();
    let forged_path = format!("{}/{request}/decisions/{id}.toml", dir_of("acme/a"));
    let forged = format!(
        "schema = \"signoff/decision-v1\"\nstore_id = \"{store_id}\"\nid = \"{id}\"\nrequest = \"{request}\"\ndeliverable = \"acme/a\"\ncontent = \"{content}\"\ndecision = \"decline\"\ncomment = \"forged-by-mallory\"\nby = \"bob\"\nkey = \"SHA256:none\"\nat = \"2026-01-01T00:00:00Z\"\n"
    );
    env.tamper_in(
        &bare,
        &[Edit::Put(forged_path.clone(), forged.into_bytes())],
        false,
    );
    let before = env.tip();
    let refused = poll(30, || {
        let p = get(&server.addr, &path);
        assert!(!p.body.contains("forged-by-mallory"), "{}", p.body);
        assert_eq!(p.status, 200, "a refused fetch still shows the page");
        server
            .log()
            .lines()
            .find(|l| l.starts_with("fetch origin: failed"))
            .map(str::to_string)
    })
    .unwrap_or_else(|| panic!("the forged record was not refused:\n{}", server.log()));
    assert!(refused.contains("invalid record"), "{refused}");
    assert_eq!(env.tip(), before, "nothing of the forged tip was merged");
    assert!(!env.store_paths().contains(&forged_path));
    env.run("alice", &["verify"]).ok();
}

#[test]
fn a_decision_made_while_the_remote_is_away_arrives_when_it_is_back() {
    let (env, bare, _b) = team();
    let server = Served::start(&env, &["--remote", "origin"]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = get(&server.addr, &path);
    assert_eq!(page.status, 200);
    let away = env.tmp.path().join("remote-away.git");
    std::fs::rename(&bare, &away).unwrap();
    let form = format!("decision=approve&csrf={}", csrf_of(&page.body));
    // Confirmed although no push can land: the answer never waits on one.
    let r = http_with(&server.addr, "POST", &path, &[], Some(&form));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your decision is recorded"), "{}", r.body);
    assert_eq!(decisions_in(&env.repo).len(), 1);
    server.wait_for_line(&["push origin: failed", "retrying in"], 30);
    // The page still shows while the remote is away, from the local store,
    // once the fetch before it has failed.
    let failed = poll(30, || {
        assert_eq!(get(&server.addr, &path).status, 200);
        server
            .log()
            .lines()
            .find(|l| l.starts_with("fetch origin: failed: cannot reach remote"))
            .map(str::to_string)
    });
    assert!(failed.is_some(), "no failed fetch:\n{}", server.log());
    assert!(failed.unwrap().ends_with("showing the local store"));
    let health: serde_json::Value =
        serde_json::from_str(&get(&server.addr, "/healthz").body).unwrap();
    assert_eq!(health["ok"], true, "{health}");
    assert_eq!(health["push_pending"], true, "{health}");
    // The remote comes back; nobody touches the server.
    std::fs::rename(&away, &bare).unwrap();
    let arrived = poll(60, || (decisions_in(&bare).len() == 1).then_some(()));
    assert!(arrived.is_some(), "never pushed:\n{}", server.log());
    assert_eq!(
        sh(&bare, "git", &["rev-parse", "signoff"]).trim(),
        env.tip()
    );
    let health = poll(10, || {
        let h: serde_json::Value =
            serde_json::from_str(&get(&server.addr, "/healthz").body).unwrap();
        (h["push_pending"] == false).then_some(h)
    });
    assert!(health.is_some(), "still pending:\n{}", server.log());
}

#[test]
fn shutdown_says_what_is_unpushed_and_the_next_start_pushes_it() {
    let (env, bare, b) = team();
    let server = Served::start(&env, &["--remote", "origin"]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let away = env.tmp.path().join("remote-away.git");
    std::fs::rename(&bare, &away).unwrap();
    let r = decide(&server.addr, &path, "decision=approve", &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let log = server.stop("INT");
    assert!(
        log.lines()
            .any(|l| l.contains("1 record(s) recorded here are not on origin yet")),
        "{log}"
    );
    // The remote is back, and has moved on meanwhile: cat approved on B.
    std::fs::rename(&away, &bare).unwrap();
    env.run_in(&b, "cat", &["approve", "acme/a"]).ok();
    env.run_in(&b, "cat", &["sync"]).ok();
    // The next start (remote from git config) merges and pushes, as sync.
    env.git(&["config", "signoff.serveRemote", "origin"]);
    let server = Served::start(&env, &[]);
    assert!(
        poll(60, || (decisions_in(&bare).len() == 2).then_some(())).is_some(),
        "{}",
        server.log()
    );
    // Pushed by the start's pusher ("push origin: rebased, pushed") or, when
    // it runs first, by the mail watcher's round, which pushes what is
    // unpushed before it mails ("fetch origin: rebased, pushed; …").
    server.wait_for_line(&["origin: rebased", ", pushed"], 10);
    let log = server.stop("TERM");
    assert!(
        log.contains("push origin: everything recorded here is on origin"),
        "{log}"
    );
    env.run_in(&b, "cat", &["sync"]).ok();
    env.run_in(&b, "cat", &["verify"]).ok();
    let st = env
        .run_in(&b, "cat", &["status", "acme/a", "--json"])
        .ok()
        .json();
    assert_eq!(st["state"], "approved", "{st}");
}

#[test]
fn the_access_log_has_no_token_and_health_answers() {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    let server = Served::start(&env, &[]);
    let link_path = path_of(&link(&env, "acme/a", "bob", &[]));
    let token = link_path.trim_start_matches("/d/").to_string();
    let page = get(&server.addr, &link_path);
    let csrf = csrf_of(&page.body);
    let form = format!("decision=approve&comment=ok&csrf={csrf}");
    let r = http_with(&server.addr, "POST", &link_path, &[], Some(&form));
    assert_eq!(r.status, 200, "{}", r.body);
    get(&server.addr, &format!("{link_path}/f/0?download"));
    get(&server.addr, "/nowhere/bob@example.com");
    let inbox = env
        .run("alice", &["link", "--inbox", "--for", "bob"])
        .ok()
        .stdout;
    get(&server.addr, &path_of(inbox.trim()));
    let h = get(&server.addr, "/healthz");
    assert_eq!(h.status, 200);
    assert_eq!(
        h.header("content-type").as_deref(),
        Some("application/json")
    );
    let health: serde_json::Value = serde_json::from_str(&h.body).unwrap();
    assert_eq!(health["ok"], true);
    assert_eq!(health["tip"], env.tip()[..12]);
    assert_eq!(health["push_pending"], false);
    assert_eq!(health.as_object().unwrap().len(), 3, "{health}");
    let line = server.wait_for_line(&["access: GET /healthz 200"], 10);
    assert!(line.contains("ms client=127.0.0.1"), "{line}");
    server.wait_for_line(&["access: POST /d/<token> 200"], 10);
    server.wait_for_line(&["access: GET /d/<token>/f/0 200"], 10);
    server.wait_for_line(&["access: GET /i/<token> 200"], 10);
    server.wait_for_line(&["access: GET /nowhere/<redacted> 404"], 10);
    let log = server.log();
    let inbox_token = inbox.trim().rsplit('/').next().unwrap();
    for secret in [
        token.as_str(),
        inbox_token,
        csrf.as_str(),
        "so1.",
        "@example.com",
        "download",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}

/// A decision through a link on a server started with `extra`, with an
/// `X-Forwarded-For` header; the client address the record holds, and the
/// server's log.
fn recorded_client(extra: &[&str]) -> (String, String) {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    let server = Served::start(&env, extra);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let r = decide(
        &server.addr,
        &path,
        "decision=approve",
        &["X-Forwarded-For: 198.51.100.1, 203.0.113.7"],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let file = decisions_in(&env.repo).pop().unwrap();
    let rec = env.git(&["show", &format!("signoff:{file}")]);
    let ip = rec
        .lines()
        .find_map(|l| l.strip_prefix("client_ip = "))
        .unwrap_or_else(|| panic!("no client_ip in\n{rec}"))
        .trim_matches('"')
        .to_string();
    server.wait_for_line(&["access: POST /d/<token> 200"], 10);
    (ip, server.log())
}

#[test]
fn forwarded_for_counts_only_from_a_trusted_proxy() {
    // The peer (127.0.0.1) is the trusted proxy: the right-most address it
    // forwarded is the client, in the record and the log.
    let (ip, log) = recorded_client(&["--trusted-proxy", "127.0.0.1"]);
    assert_eq!(ip, "203.0.113.7");
    assert!(log.contains("access: POST /d/<token> 200"), "{log}");
    assert!(
        log.lines()
            .any(|l| l.starts_with("access: POST") && l.ends_with("client=203.0.113.7")),
        "{log}"
    );
    // Trusted proxies on the right are skipped (a network and an address).
    let proxies = [
        "--trusted-proxy",
        "127.0.0.0/8",
        "--trusted-proxy",
        "203.0.113.7",
    ];
    let (ip, _) = recorded_client(&proxies);
    assert_eq!(ip, "198.51.100.1");
    // Any other peer's header is ignored: anyone can send it.
    let (ip, log) = recorded_client(&["--trusted-proxy", "10.0.0.1"]);
    assert_eq!(ip, "127.0.0.1");
    assert!(!log.contains("203.0.113.7"), "{log}");
    let (ip, _) = recorded_client(&[]);
    assert_eq!(ip, "127.0.0.1");
}

#[test]
fn trusted_proxies_come_from_git_config() {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    env.git(&["config", "signoff.serveTrustedProxy", "10.1.1.1, 127.0.0.1"]);
    let server = Served::start(&env, &[]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let r = decide(
        &server.addr,
        &path,
        "decision=approve",
        &["X-Forwarded-For: 203.0.113.9"],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let file = decisions_in(&env.repo).pop().unwrap();
    let rec = env.git(&["show", &format!("signoff:{file}")]);
    assert!(rec.contains("client_ip = \"203.0.113.9\""), "{rec}");
}

#[test]
fn bad_remote_or_proxy_settings_are_clear_errors_that_write_nothing() {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    let tip = env.tip();
    let r = env
        .run(
            "alice",
            &["serve", "--listen", "127.0.0.1:0", "--remote", "upstream"],
        )
        .code(2);
    assert!(
        r.stderr.contains("no git remote named \"upstream\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint:") && r.stderr.contains("git remote add"),
        "{}",
        r.stderr
    );
    for (args, words) in [
        (
            vec!["--trusted-proxy", "proxy.local"],
            "is not an IP address",
        ),
        (
            vec!["--trusted-proxy", "10.0.0.0/40"],
            "invalid prefix length",
        ),
    ] {
        let mut all = vec!["serve", "--listen", "127.0.0.1:0"];
        all.extend(args);
        let r = env.run("alice", &all).code(2);
        assert!(r.stderr.contains(words), "{}", r.stderr);
        assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    }
    env.git(&["config", "signoff.serveTrustedProxy", "10.0.0.1,,nope"]);
    let r = env
        .run("alice", &["serve", "--listen", "127.0.0.1:0"])
        .code(2);
    assert!(
        r.stderr.contains("signoff.serveTrustedProxy") && r.stderr.contains("\"nope\""),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), tip);
}

#[test]
fn concurrent_page_views_share_one_fetch() {
    let (env, _bare, _b) = team();
    let server = Served::start(&env, &["--remote", "origin"]);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let views: Vec<_> = (0..8)
        .map(|_| {
            let (addr, path) = (server.addr.clone(), path.clone());
            std::thread::spawn(move || get(&addr, &path).status)
        })
        .collect();
    for v in views {
        assert_eq!(v.join().unwrap(), 200);
    }
    // Any fetch a view started has logged by the time its page is served.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let fetches = server
        .log()
        .lines()
        .filter(|l| l.starts_with("fetch origin:"))
        .count();
    // At most one fetch for all eight (two if the machine is so slow that
    // the views span the throttle's interval); none when the mail watcher
    // fetched just before (it logs only a fetch that changed something), as
    // the views then share its fetch. Eight views each fetching fail here.
    assert!(fetches <= 2, "{}", server.log());
}
