//! The seeds' round, end to end, as the client lives it: an agency sends a
//! logo to a client who has no key and has never heard of git. The request
//! email (from the real SMTP server) leads through its link to the page in
//! real Chromium; the client asks for changes with a reason; v2 arrives by
//! email; the client approves. The page runs against the team's remote and
//! pushes each decision; the agency's other clone sees both after `sync`,
//! and the certificate bundle of v2 checks itself in an empty
//! folder with nothing but OpenSSH and coreutils.

use std::path::Path;

use crate::common::{TestEnv, sh};
use crate::evidence::{bare_path, check, unpack};
use crate::mail::{Received, SmtpServer};
use crate::serve::{Server, chromedriver, session};

/// The first `http://` link in the text part of the one message in `mails`
/// sent to `to`, and that message.
fn link_in(mails: &[Received], to: &str) -> (String, Received) {
    let mine: Vec<&Received> = mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .collect();
    assert_eq!(mine.len(), 1, "one message for {to}: {mails:#?}");
    let text = mine[0].part("text/plain");
    let start = text.find("http://").expect("a link in the email");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != ')')
        .collect();
    (link, mine[0].clone())
}

/// What the SMTP server received once a message for `to` whose text holds
/// `says` is there: the page's server mails the client after it has pushed
/// the request (DESIGN §13), a moment after the command returns; waits up
/// to 30 s.
fn mails_once_one_is_for(smtp: &SmtpServer, to: &str, says: &str) -> Vec<Received> {
    let mut mails = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        mails.extend(smtp.take());
        if mails
            .iter()
            .any(|m| m.to.iter().any(|t| t == to) && m.part("text/plain").contains(says))
        {
            // Whatever else the same round sends arrives with it.
            std::thread::sleep(std::time::Duration::from_millis(500));
            mails.extend(smtp.take());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    mails
}

/// Opens `url` in Chromium, checks the page shows `expect`, writes
/// `comment` (when given) and presses the button with id `button`; returns
/// the outcome text.
async fn decide_in_browser(
    port: u16,
    profile: &Path,
    url: &str,
    expect: &str,
    comment: Option<&str>,
    button: &str,
) -> Result<String, String> {
    use fantoccini::Locator;
    let c = session(port, profile).await?;
    let run = async {
        let e = |e: fantoccini::error::CmdError| e.to_string();
        c.goto(url).await.map_err(e)?;
        let body = c
            .find(Locator::Css("body"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !body.contains(expect) {
            return Err(format!("the page does not show {expect:?}:\n{body}"));
        }
        if let Some(text) = comment {
            c.find(Locator::Id("comment"))
                .await
                .map_err(e)?
                .send_keys(text)
                .await
                .map_err(e)?;
        }
        c.find(Locator::Id(button))
            .await
            .map_err(e)?
            .click()
            .await
            .map_err(e)?;
        c.wait()
            .for_element(Locator::Id("outcome"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)
    };
    let out = run.await;
    let _ = c.close().await;
    out
}

fn browse(port: u16, url: &str, expect: &str, comment: Option<&str>, button: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(decide_in_browser(
            port,
            profile.path(),
            url,
            expect,
            comment,
            button,
        ))
        .unwrap_or_else(|e| panic!("browser: {e}"))
}

#[test]
fn the_client_round_from_email_to_certificate() {
    let Some((mut chromedriver, port)) = chromedriver() else {
        return;
    };
    let smtp = SmtpServer::start();
    // The agency: alice (admin) with the server's key in the policy, mail
    // through the loopback SMTP server, and a client with no key.
    let env = TestEnv::new();
    env.init();
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--name",
            "Carla Client",
            "--email",
            "carla@client.example",
        ],
    )
    .ok();
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    env.git(&[
        "config",
        "signoff.from",
        "ACME Agency <approvals@acme.example>",
    ]);
    env.git(&["config", "signoff.portalTitle", "ACME Agency"]);
    // The team's shared store, and a second clone of the agency's.
    let bare = env.tmp.path().join("team.git");
    sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    env.run("alice", &["sync"]).ok();
    let other = env.tmp.path().join("studio");
    sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    );
    env.run_in(&other, "alice", &["sync"]).ok();
    // The page runs against the team's remote: it pushes each decision.
    env.git(&["config", "signoff.serveRemote", "origin"]);
    let server = Server::start(&env);
    env.git(&["config", "signoff.serveUrl", &server.url("")]);

    // v1: the request email reaches the client, with a link and no jargon.
    env.write("logo.svg", "<svg><circle r=\"4\"/></svg>\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "client",
            "-m",
            "First round of the logo",
        ],
    )
    .ok();
    let mails = mails_once_one_is_for(&smtp, "carla@client.example", "First round");
    let (link, mail) = link_in(&mails, "carla@client.example");
    let from = mail.header("From").unwrap_or_default();
    assert!(
        from.contains("ACME Agency") && from.contains("<approvals@acme.example>"),
        "{from}"
    );
    let text = mail.part("text/plain");
    for jargon in ["sha256", "signoff approve", "git "] {
        assert!(
            !text.contains(jargon),
            "client email has {jargon:?}:\n{text}"
        );
    }
    let outcome = browse(
        port,
        &link,
        "First round of the logo",
        Some("Make the circle bigger, please"),
        "changes",
    );
    assert!(outcome.contains("recorded"), "{outcome}");

    // v2 arrives by email; the client approves it.
    env.write("logo.svg", "<svg><circle r=\"8\"/></svg>\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "client",
            "-m",
            "Bigger, as you asked",
        ],
    )
    .ok();
    let mails = mails_once_one_is_for(&smtp, "carla@client.example", "Bigger, as you asked");
    let (link2, _) = link_in(
        &mails
            .into_iter()
            .filter(|m| m.part("text/plain").contains("Bigger, as you asked"))
            .collect::<Vec<_>>(),
        "carla@client.example",
    );
    assert_ne!(link, link2);
    let outcome = browse(port, &link2, "Bigger, as you asked", None, "approve");
    assert!(outcome.contains("recorded"), "{outcome}");
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();

    // The agency's other clone sees both decisions after a sync: the
    // server pushed them to the team's remote by itself (in the background,
    // so poll with a deadline).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let st = loop {
        env.run_in(&other, "alice", &["sync", "--no-push"]).ok();
        let st = env
            .run_in(&other, "alice", &["status", "acme/logo", "--json"])
            .ok()
            .json();
        if st["state"] == "approved" || std::time::Instant::now() > deadline {
            break st;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(st["state"], "approved", "{st}");
    drop(server);
    let log = env
        .run_in(&other, "alice", &["log", "acme/logo"])
        .ok()
        .stdout;
    assert!(log.contains("Make the circle bigger, please"), "{log}");
    env.run_in(&other, "alice", &["verify"]).ok();

    // The certificate bundle of v2 checks itself in an empty folder.
    let tar = env.tmp.path().join("logo-v2.tar");
    env.run_in(
        &other,
        "alice",
        &[
            "certificate",
            "acme/logo",
            "--bundle",
            tar.to_str().unwrap(),
        ],
    )
    .ok();
    let dir = unpack(&tar, &env.tmp.path().join("auditor"));
    let (ok, said) = check(&dir, &bare_path(env.tmp.path()));
    assert!(ok, "{said}");
    assert!(said.contains("signature by portal"), "{said}");
    let cert = std::fs::read_to_string(dir.join("certificate.json")).unwrap();
    let cert: serde_json::Value = serde_json::from_str(&cert).unwrap();
    assert_eq!(cert["version"], 2);
    assert_eq!(cert["decisions"][0]["person"], "client");
    assert_eq!(cert["decisions"][0]["via"], "link");
}
