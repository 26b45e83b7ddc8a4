//! The read side: what `show`, `status`, `log`, the certificate and the
//! inbox say about a staged round (pinned as snapshots, ids and hashes
//! redacted), and who sees what (DESIGN §13 "Who sees what"): a client
//! never reads an earlier stage's decisions or an internal comment, on
//! the page, in the inbox or in the mail.

use signoff::policy::{Requirement, Rule, Stage};

use crate::common::TestEnv;
use crate::mail::{NOW, Received, SmtpServer, redactions};
use crate::serve::{Server, chromedriver, http, path_of, session};

/// alice (admin), bob (the art director, stage "internal") and cat (the
/// client contact, stage "client") on `acme/**`; the clock pinned; mail
/// off. `home.pdf` written, not yet requested.
pub fn staged_env() -> TestEnv {
    let env = TestEnv::with_people_at(NOW);
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

/// The links in the text part of `mail`: the decision link and the inbox
/// link (`/d/…` and `/i/…`), when there are.
fn links_in(mail: &Received) -> (Option<String>, Option<String>) {
    let text = mail.part("text/plain");
    let find = |kind: &str| {
        text.split_whitespace()
            .find(|w| w.starts_with("http://") && w.contains(kind))
            .map(str::to_string)
    };
    (find("/d/"), find("/i/"))
}

/// Opens `url` in Chromium and returns the page's visible text.
fn page_text(port: u16, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let run = async {
        use fantoccini::Locator;
        let c = session(port, profile.path()).await?;
        let e = |e: fantoccini::error::CmdError| e.to_string();
        let text = async {
            c.goto(url).await.map_err(e)?;
            c.find(Locator::Css("body"))
                .await
                .map_err(e)?
                .text()
                .await
                .map_err(e)
        }
        .await;
        let _ = c.close().await;
        text
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run)
        .unwrap_or_else(|e: String| panic!("browser: {e}"))
}

/// What the art director and the team say among themselves.
const INTERNAL: [&str; 3] = ["margins still tight", "check the margins", "kerning is off"];

fn assert_internal_kept(what: &str, text: &str) {
    for secret in INTERNAL {
        assert!(!text.contains(secret), "{what} shows {secret:?}:\n{text}");
    }
    assert!(!text.contains("bob approved"), "{what}:\n{text}");
    assert!(!text.contains("bob requested changes"), "{what}:\n{text}");
}

/// An agency's round with a client without a key: the art director's
/// approval and comment, the team's internal comment and a later change
/// request by the art director never reach the client, on the page (real
/// Chromium), in the inbox or in the mail (real SMTP).
#[test]
fn internal_review_never_reaches_the_client() {
    let smtp = SmtpServer::start();
    let env = crate::mail::mail_env(&smtp.url());
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
    staged_policy(&env, "carla");
    env.run("alice", &["serve", "init"]).ok();
    let server = Server::start(&env);
    env.git(&["config", "signoff.serveUrl", &server.url("")]);
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "-m", "Logo, round 1"],
    )
    .ok();
    env.run(
        "alice",
        &[
            "comment",
            "acme/logo",
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
            "acme/logo",
            "-m",
            "comp is on-brand, margins still tight",
        ],
    )
    .ok();
    let mails = smtp.take();
    let carla: Vec<&Received> = mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == "carla@client.example"))
        .collect();
    assert_eq!(carla.len(), 1, "only the stage's request: {carla:#?}");
    let text = carla[0].part("text/plain");
    assert_internal_kept("the client's mail", &text);
    assert_internal_kept("the client's mail", &carla[0].part("text/html"));
    let (decide, inbox) = links_in(carla[0]);
    let (decide, inbox) = (decide.expect("a link"), inbox.expect("an inbox link"));

    let page = http(&server.addr, "GET", &path_of(&decide), None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Logo, round 1"), "{}", page.body);
    assert_internal_kept("the client's page", &page.body);
    let inbox_page = http(&server.addr, "GET", &path_of(&inbox), None);
    assert_eq!(inbox_page.status, 200, "{}", inbox_page.body);
    assert_internal_kept("the client's inbox", &inbox_page.body);
    assert!(!inbox_page.body.contains("So far"), "{}", inbox_page.body);
    assert!(
        !inbox_page.body.contains("Already decided"),
        "an item waiting on the client is not already decided: {}",
        inbox_page.body
    );
    // The team still reads all of it.
    let team = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(team.contains("margins still tight"), "{team}");

    // v2: the art director asks for changes before the client's stage
    // opens; the client hears nothing of it and their inbox lists nothing.
    env.write("logo.svg", "<svg>v2</svg>");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "-m", "Logo, round 2"],
    )
    .ok();
    smtp.take();
    env.run("bob", &["changes", "acme/logo", "-m", "kerning is off"])
        .ok();
    let mails = smtp.take();
    assert!(
        mails
            .iter()
            .all(|m| !m.to.iter().any(|t| t == "carla@client.example")),
        "the client is mailed a change request of a stage before theirs: {mails:#?}"
    );
    assert!(!mails.is_empty(), "the team hears of it");
    // The requester answers (not internal): the client's stage never
    // opened for v2, so it is no mail of theirs either.
    env.run(
        "alice",
        &["comment", "acme/logo", "-m", "fixing the kerning"],
    )
    .ok();
    let mails = smtp.take();
    assert!(
        mails
            .iter()
            .all(|m| !m.to.iter().any(|t| t == "carla@client.example")),
        "the client is mailed about a round of a stage before theirs: {mails:#?}"
    );
    let inbox_page = http(&server.addr, "GET", &path_of(&inbox), None);
    assert_internal_kept("the client's inbox", &inbox_page.body);

    // The same in a real browser.
    let Some((mut chromedriver, port)) = chromedriver() else {
        return;
    };
    for url in [&decide, &inbox] {
        let text = page_text(port, url);
        assert_internal_kept("the client's page in Chromium", &text);
    }
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
}

/// The certificate's timeline never says a stage is complete while the
/// state waits on it, and a stage's completion is the store's doing, not
/// a person's.
#[test]
fn the_timeline_lists_only_complete_stages_and_attributes_them_to_signoff() {
    let env = staged_env();
    env.run("alice", &["request", "acme/home", "home.pdf"]).ok();
    env.run("bob", &["approve", "acme/home"]).ok();
    let cert = env
        .run("alice", &["certificate", "acme/home", "--json"])
        .ok()
        .json();
    assert_eq!(cert["state"], "pending", "{cert}");
    let stages: Vec<&serde_json::Value> = cert["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "stage")
        .collect();
    assert_eq!(stages.len(), 1, "{stages:?}");
    assert_eq!(stages[0]["what"], "stage \"internal\" complete");
    assert_eq!(stages[0]["by"], "signoff");
    assert_eq!(stages[0]["detail"], "with bob's decision");
    // bob's decision turned into changes: the internal stage is open
    // again, and the timeline lists no stage complete.
    env.run("bob", &["changes", "acme/home", "-m", "tighter"])
        .ok();
    let cert = env
        .run("alice", &["certificate", "acme/home", "--json"])
        .ok()
        .json();
    assert!(
        cert["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["kind"] != "stage"),
        "{cert}"
    );
}

/// The inbox's visible text: tags dropped, blank lines folded, link
/// tokens redacted.
fn inbox_text(html: &str) -> String {
    let body = html.split("<body").nth(1).unwrap_or(html);
    let body = body.split("<script").next().unwrap_or(body);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_inbox_of_a_staged_round_is_pinned() {
    let env = staged_env();
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
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
        "bob",
        &[
            "approve",
            "acme/home",
            "-m",
            "comp is on-brand, margins still tight",
        ],
    )
    .ok();
    let server = Server::start(&env);
    let inbox = env
        .run("alice", &["link", "--inbox", "--for", "cat"])
        .ok()
        .stdout;
    let waiting = http(&server.addr, "GET", &path_of(inbox.trim()), None);
    assert_eq!(waiting.status, 200, "{}", waiting.body);
    pinned("staged_inbox_waiting", &inbox_text(&waiting.body));
    env.run("cat", &["approve", "acme/home", "-m", "ok"]).ok();
    let done = http(&server.addr, "GET", &path_of(inbox.trim()), None);
    pinned("staged_inbox_decided", &inbox_text(&done.body));
}

/// A tampered record of an earlier version: the gate fails closed on the
/// deliverable, and the certificate of the newest version says so too
/// (one answer to "which problems concern this request").
#[test]
fn gate_and_certificate_agree_on_a_tampered_earlier_version() {
    let env = TestEnv::with_people();
    env.request("acme/a", "a.txt", "one\n", "bob");
    env.run("bob", &["changes", "acme/a", "-m", "two, please"])
        .ok();
    let decision = env.record_paths("/decisions/")[0].clone();
    env.write("a.txt", "two\n");
    env.run("alice", &["request", "acme/a", "a.txt", "--to", "bob"])
        .ok();
    env.run("bob", &["approve", "acme/a"]).ok();
    env.run("alice", &["gate", "acme/a"]).ok();
    // v1's decision is rewritten with plumbing: its signature no longer
    // holds.
    let bytes = String::from_utf8(env.store_file(&decision)).unwrap();
    env.tamper(
        &[crate::common::Edit::Put(
            decision.clone(),
            bytes.replace("two, please", "fine").into_bytes(),
        )],
        false,
    );
    let gate = env.run("alice", &["gate", "acme/a"]);
    assert_ne!(gate.code, 0, "{}", gate.stderr);
    let cert = env
        .run("alice", &["certificate", "acme/a", "--json"])
        .ok()
        .json();
    assert_eq!(cert["verification"]["ok"], false, "{cert}");
    assert!(
        cert["verification"]["problems"][0]["path"]
            .as_str()
            .unwrap()
            .contains("/decisions/"),
        "{cert}"
    );
}
