//! The agency's deployment, played for real: a bare remote, the server's
//! clone running `signoff serve --remote origin` (it alone holds the
//! attestation key and mails the clients), two team clones without the key,
//! and a real SMTP server on loopback. The server mails each client their
//! link once it has the record, so every link works; several servers send
//! each mail once (DESIGN §13 "The server that answers a link sends it").

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{TestEnv, sh};
use crate::mail::{Received, SmtpServer};
use crate::serve::{csrf_of, http_with, portal};
use crate::serve_remote::{Served, get, poll};

const CLIENT: &str = "client@example.com";

/// The server's clone (alice's, with the attestation key, `acme/**` staged
/// internal (bob or cat) then client), a bare remote it pushed to, and two
/// team clones (bob's and cat's) that hold no attestation key. Every clone
/// mails through `smtp`.
fn deployment(smtp: &SmtpServer) -> (TestEnv, PathBuf, PathBuf, PathBuf) {
    use signoff::policy::{Requirement, Rule, Stage};
    let env = portal();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    env.git(&["config", "signoff.from", "Acme <studio@example.com>"]);
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--email",
            CLIENT,
            "--name",
            "Ana Client",
        ],
    )
    .ok();
    env.apply_policy("alice", |p| {
        p.groups
            .insert("art".into(), vec!["bob".into(), "cat".into()]);
        p.groups.insert("contacts".into(), vec!["client".into()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        r.stages = vec![
            Stage {
                name: "internal".into(),
                require: vec![Requirement {
                    group: "art".into(),
                    count: 1,
                }],
            },
            Stage {
                name: "client".into(),
                require: vec![Requirement {
                    group: "contacts".into(),
                    count: 1,
                }],
            },
        ];
        p.rules.insert(0, r);
    })
    .ok();
    let bare = env.tmp.path().join("remote.git");
    sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    env.run("alice", &["sync"]).ok();
    let b = team_clone(&env, &bare, smtp, "b-repo", "bob");
    let c = team_clone(&env, &bare, smtp, "c-repo", "cat");
    (env, bare, b, c)
}

/// A teammate's clone of the remote: mail configured, no attestation key.
fn team_clone(env: &TestEnv, bare: &Path, smtp: &SmtpServer, name: &str, who: &str) -> PathBuf {
    let dir = env.tmp.path().join(name);
    sh(
        env.tmp.path(),
        "git",
        &["clone", "-q", bare.to_str().unwrap(), dir.to_str().unwrap()],
    );
    sh(&dir, "git", &["config", "signoff.smtp", &smtp.url()]);
    sh(
        &dir,
        "git",
        &["config", "signoff.from", "Acme <studio@example.com>"],
    );
    // The page's address is known to the team, the key is not.
    sh(
        &dir,
        "git",
        &["config", "signoff.serveUrl", "http://portal.invalid"],
    );
    env.run_in(&dir, who, &["sync"]).ok();
    assert!(!dir.join(".git/signoff/attest_ed25519").exists());
    dir
}

/// `who` requests `deliverable` on a new file in `dir`, asking `to` (none:
/// the rule's stages), and pushes it.
fn request_in(env: &TestEnv, dir: &Path, who: &str, deliverable: &str, to: Option<&str>) {
    let file = format!("{}.md", deliverable.replace('/', "-"));
    std::fs::write(dir.join(&file), format!("the {deliverable}")).unwrap();
    let mut args = vec!["request", deliverable, file.as_str()];
    if let Some(to) = to {
        args.extend(["--to", to]);
    }
    env.run_in(dir, who, &args).ok();
}

fn to_client(mails: &[Received]) -> Vec<Received> {
    mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == CLIENT))
        .cloned()
        .collect()
}

/// Every link in a message (its text part), as paths on the server.
fn links_in(mail: &Received) -> Vec<String> {
    let text = mail.part("text/plain");
    text.split_whitespace()
        .filter_map(|w| w.strip_prefix("http://portal.invalid"))
        .map(|p| p.trim_end_matches(['.', ',', ')', '>']).to_string())
        .collect()
}

/// Follows every link of `mail` on the server at `addr`: each opens its
/// page, a decision link the decision form.
#[track_caller]
fn every_link_works(addr: &str, mail: &Received) {
    let links = links_in(mail);
    assert!(
        links.iter().any(|l| l.starts_with("/d/")),
        "no decision link in\n{}",
        mail.part("text/plain")
    );
    for path in links {
        let page = get(addr, &path);
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        if path.starts_with("/d/") {
            assert!(
                page.body.contains("name=\"csrf\"") && page.body.contains("name=\"decision\""),
                "{path}: no decision form in\n{}",
                page.body
            );
        }
    }
}

/// Waits (up to `secs`) until the SMTP server holds `n` messages to the
/// client, collecting into `seen`.
fn wait_for_client_mail(smtp: &SmtpServer, seen: &mut Vec<Received>, n: usize, secs: u64) {
    let _ = poll(secs, || {
        seen.extend(to_client(&smtp.take()));
        (seen.len() >= n).then_some(())
    });
}

#[test]
fn a_clients_link_comes_from_the_server_and_works_when_it_arrives() {
    let smtp = SmtpServer::start();
    let (env, _bare, b, c) = deployment(&smtp);
    let server = Served::start(&env, &["--remote", "origin"]);
    smtp.take();
    // A request made in bob's clone: nobody mails the client before the
    // server has the request (bob's clone cannot make the link).
    request_in(&env, &b, "bob", "brief", Some("client"));
    std::thread::sleep(Duration::from_secs(3));
    assert!(to_client(&smtp.take()).is_empty(), "mail before the push");
    let pushed = Instant::now();
    env.run_in(&b, "bob", &["sync"]).ok();
    let mut seen = Vec::new();
    wait_for_client_mail(&smtp, &mut seen, 1, 30);
    assert_eq!(seen.len(), 1, "log:\n{}", server.log());
    eprintln!(
        "the client's mail arrived {:?} after the push",
        pushed.elapsed()
    );
    assert!(
        pushed.elapsed() < Duration::from_secs(15),
        "{:?}",
        pushed.elapsed()
    );
    every_link_works(&server.addr, &seen[0]);
    let first = seen[0].clone();
    assert!(
        first.part("text/html").contains("Acme Approvals"),
        "the portal's branding"
    );
    // A staged request: the client hears nothing while the internal stage
    // waits; cat's approval in the other clone opens the client's stage,
    // and the client gets one message, with a working link.
    request_in(&env, &b, "bob", "acme/logo", None);
    env.run_in(&b, "bob", &["sync"]).ok();
    std::thread::sleep(Duration::from_secs(5));
    assert!(to_client(&smtp.take()).is_empty(), "internal stage first");
    env.run_in(&c, "cat", &["sync"]).ok();
    env.run_in(&c, "cat", &["approve", "acme/logo"]).ok();
    let mut opened = Vec::new();
    env.run_in(&c, "cat", &["sync"]).ok();
    wait_for_client_mail(&smtp, &mut opened, 1, 30);
    // One message per event: a few more rounds bring no second one.
    std::thread::sleep(Duration::from_secs(5));
    opened.extend(to_client(&smtp.take()));
    assert_eq!(opened.len(), 1, "log:\n{}", server.log());
    assert!(
        opened[0]
            .header("Subject")
            .unwrap_or_default()
            .contains("logo")
            || opened[0].part("text/plain").contains("acme/logo"),
        "{}",
        opened[0].data
    );
    for m in seen.iter().chain(&opened) {
        every_link_works(&server.addr, m);
    }
    // The records that say so are on the remote, signed by the server, and
    // everything verifies in a team clone; none is a decision.
    env.run_in(&b, "bob", &["sync"]).ok();
    env.run_in(&b, "bob", &["verify"]).ok();
    let notified = sh(&b, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/notified/") && l.ends_with(".toml"))
        .count();
    assert_eq!(notified, 2);
    let st = env
        .run_in(&b, "bob", &["status", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(st["approvals"], serde_json::json!(["cat"]), "{st}");
    let log = env.run_in(&b, "bob", &["log"]).ok().stdout;
    assert!(!log.contains("notified"), "{log}");
}

#[test]
fn two_servers_send_each_clients_mail_once() {
    let smtp = SmtpServer::start();
    let (env, bare, b, c) = deployment(&smtp);
    // A second server: its own clone of the remote, the same attestation key.
    let s2 = env.tmp.path().join("server2");
    sh(
        env.tmp.path(),
        "git",
        &["clone", "-q", bare.to_str().unwrap(), s2.to_str().unwrap()],
    );
    std::fs::create_dir_all(s2.join(".git/signoff")).unwrap();
    std::fs::copy(
        env.repo.join(".git/signoff/attest_ed25519"),
        s2.join(".git/signoff/attest_ed25519"),
    )
    .unwrap();
    for (k, v) in [
        ("signoff.smtp", smtp.url()),
        ("signoff.from", "Acme <studio@example.com>".into()),
        ("signoff.serveUrl", "http://portal.invalid".into()),
    ] {
        sh(&s2, "git", &["config", k, &v]);
    }
    env.run_in(&s2, "alice", &["sync"]).ok();
    let one = Served::start(&env, &["--remote", "origin"]);
    let two = Served::start_in(&env, &s2, &["--remote", "origin"]);
    smtp.take();
    for i in 0..20 {
        let (dir, who) = if i % 2 == 0 { (&b, "bob") } else { (&c, "cat") };
        request_in(&env, dir, who, &format!("brief-{i:02}"), Some("client"));
        env.run_in(dir, who, &["sync"]).ok();
    }
    let mut seen = Vec::new();
    let started = Instant::now();
    wait_for_client_mail(&smtp, &mut seen, 20, 120);
    eprintln!(
        "20 client mails {:?} after the last push",
        started.elapsed()
    );
    // Several more rounds of both servers: still one mail per request.
    std::thread::sleep(Duration::from_secs(8));
    seen.extend(to_client(&smtp.take()));
    assert_eq!(
        seen.len(),
        20,
        "server one:\n{}\nserver two:\n{}",
        one.log(),
        two.log()
    );
    let mut subjects: Vec<String> = seen
        .iter()
        .map(|m| {
            (0..20)
                .map(|i| format!("brief-{i:02}"))
                .find(|d| m.part("text/plain").contains(d.as_str()))
                .unwrap_or_else(|| panic!("which request?\n{}", m.data))
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 20, "{subjects:?}");
    // The client decides through either server; the team gets both.
    for (mail, server) in seen.iter().take(2).zip([&one, &two]) {
        let path = links_in(mail)
            .into_iter()
            .find(|l| l.starts_with("/d/"))
            .expect("a decision link");
        let page = get(&server.addr, &path);
        assert_eq!(page.status, 200, "{}", page.body);
        let form = format!("decision=approve&csrf={}", csrf_of(&page.body));
        let r = http_with(&server.addr, "POST", &path, &[], Some(&form));
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let approved = poll(60, || {
        env.run_in(&b, "bob", &["sync"]).ok();
        let n = (0..20)
            .filter(|i| {
                let st = env
                    .run_in(&b, "bob", &["status", &format!("brief-{i:02}"), "--json"])
                    .ok()
                    .json();
                st["state"] == "approved"
            })
            .count();
        (n == 2).then_some(n)
    });
    assert_eq!(
        approved,
        Some(2),
        "server one:\n{}\nserver two:\n{}",
        one.log(),
        two.log()
    );
    env.run_in(&b, "bob", &["verify"]).ok();
}

#[test]
fn a_server_killed_between_push_and_send_sends_on_restart() {
    let smtp = SmtpServer::start();
    let (env, bare, b, _c) = deployment(&smtp);
    // A debug build's fault switch: exit right after the push of the
    // notified record, before any mail is sent.
    let mut child = env
        .cmd("alice")
        .env("SIGNOFF_TEST_CRASH_AFTER_PUSH", "1")
        .args(["serve", "--listen", "127.0.0.1:0", "--remote", "origin"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    smtp.take();
    request_in(&env, &b, "bob", "brief", Some("client"));
    env.run_in(&b, "bob", &["sync"]).ok();
    let status = poll(60, || child.try_wait().unwrap());
    let Some(status) = status else {
        let _ = child.kill();
        panic!("the server did not stop at the fault");
    };
    assert_eq!(status.code(), Some(70));
    // The record is on the remote; the mail is not sent.
    let on_remote: Vec<String> = sh(&bare, "git", &["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/notified/") && l.ends_with(".toml"))
        .map(str::to_string)
        .collect();
    assert_eq!(on_remote.len(), 1, "{on_remote:?}");
    let record = sh(
        &bare,
        "git",
        &["show", &format!("signoff:{}", on_remote[0])],
    );
    let message_id = record
        .lines()
        .find_map(|l| l.strip_prefix("message_id = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("a Message-ID in the record");
    assert!(to_client(&smtp.take()).is_empty());
    // Restarted, the server sends the held message, with that Message-ID,
    // once.
    let server = Served::start(&env, &["--remote", "origin"]);
    let mut seen = Vec::new();
    wait_for_client_mail(&smtp, &mut seen, 1, 30);
    std::thread::sleep(Duration::from_secs(5));
    seen.extend(to_client(&smtp.take()));
    assert_eq!(seen.len(), 1, "log:\n{}", server.log());
    assert_eq!(seen[0].header("Message-ID"), Some(message_id));
    every_link_works(&server.addr, &seen[0]);
}

#[test]
fn the_server_reminds_the_client_and_requeues_with_links_a_team_clone_does_neither() {
    let smtp = SmtpServer::start();
    let (env, _bare, b, _c) = deployment(&smtp);
    // Reminders every 6 seconds, so the test sees one.
    env.git(&["config", "signoff.remindInterval", "6"]);
    let server = Served::start(&env, &["--remote", "origin"]);
    smtp.take();
    let tomorrow = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(24))
        .unwrap()
        .strftime("%Y-%m-%d")
        .to_string();
    std::fs::write(b.join("brief.md"), "the brief").unwrap();
    env.run_in(
        &b,
        "bob",
        &[
            "request", "brief", "brief.md", "--to", "client", "--due", &tomorrow,
        ],
    )
    .ok();
    env.run_in(&b, "bob", &["sync"]).ok();
    let mut seen = Vec::new();
    wait_for_client_mail(&smtp, &mut seen, 1, 30);
    assert_eq!(seen.len(), 1, "log:\n{}", server.log());
    // bob's clone cannot make the client's link: its `remind` leaves the
    // client to the server.
    env.run_in(&b, "bob", &["remind"]).ok();
    assert!(
        to_client(&smtp.take()).is_empty(),
        "a reminder without a link"
    );
    wait_for_client_mail(&smtp, &mut seen, 2, 30);
    assert!(seen.len() >= 2, "no reminder; log:\n{}", server.log());
    assert!(
        seen[1].part("text/plain").contains("is due"),
        "{}",
        seen[1].part("text/plain")
    );
    // `outbox requeue` in the server's clone asks the client again, with
    // their link.
    let r = env.run("alice", &["outbox", "requeue", "brief"]);
    if r.code != 0 {
        eprintln!(
            "LOG:\n{}\nGIT:\n{}",
            server.log(),
            env.git(&["log", "--oneline", "--graph", "--all"])
        );
    }
    let _ = r.ok();
    let requeued: Vec<Received> = to_client(&smtp.take())
        .into_iter()
        .filter(|m| !m.part("text/plain").contains("is due"))
        .collect();
    assert_eq!(requeued.len(), 1, "{requeued:#?}");
    for m in seen.iter().chain(&requeued) {
        every_link_works(&server.addr, m);
    }
}

#[test]
fn mail_the_server_could_not_send_goes_out_once_the_smtp_server_is_back() {
    let smtp = SmtpServer::start();
    let (env, _bare, b, _c) = deployment(&smtp);
    // The server's SMTP server is down; it looks again every 2 seconds.
    let down = format!("smtp://127.0.0.1:{}?tls=none", crate::mail::dead_port());
    env.git(&["config", "signoff.smtp", &down]);
    env.git(&["config", "signoff.remindInterval", "4"]);
    let server = Served::start(&env, &["--remote", "origin"]);
    request_in(&env, &b, "bob", "brief", Some("client"));
    env.run_in(&b, "bob", &["sync"]).ok();
    server.wait_for_line(&["mail origin:", "could not send"], 30);
    assert!(to_client(&smtp.take()).is_empty());
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    let mut seen = Vec::new();
    wait_for_client_mail(&smtp, &mut seen, 1, 30);
    std::thread::sleep(Duration::from_secs(5));
    seen.extend(to_client(&smtp.take()));
    assert_eq!(seen.len(), 1, "log:\n{}", server.log());
    every_link_works(&server.addr, &seen[0]);
}

#[test]
fn a_request_made_in_the_servers_own_clone_is_mailed_once() {
    // The server is started with the --remote flag only (no
    // signoff.serveRemote in git config): a request made in its clone is
    // still mailed once, by the watcher, not also by the command.
    let smtp = SmtpServer::start();
    let (env, _bare, _b, _c) = deployment(&smtp);
    let server = Served::start(&env, &["--remote", "origin"]);
    smtp.take();
    std::fs::write(env.repo.join("brief.md"), "the brief").unwrap();
    env.run("alice", &["request", "brief", "brief.md", "--to", "client"])
        .ok();
    let mut seen = Vec::new();
    wait_for_client_mail(&smtp, &mut seen, 1, 30);
    std::thread::sleep(Duration::from_secs(5));
    seen.extend(to_client(&smtp.take()));
    assert_eq!(seen.len(), 1, "log:\n{}", server.log());
    every_link_works(&server.addr, &seen[0]);
}
