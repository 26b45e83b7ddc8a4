//! What a client reads of time and terms, through the real binary, the
//! page on loopback, a real SMTP server and real Chromium: a date-only due
//! date ends at midnight in the client's own zone (command line, page,
//! inbox, mail and reminders agree, and it is overdue only after that);
//! a decision someone entered for them says so ("approved for you by …");
//! after `person … --access-until` every link and their inbox show one page
//! saying so and whom to ask, and nothing is recorded.

use std::path::Path;

use fantoccini::Locator;

use crate::common::TestEnv;
use crate::mail::{SmtpServer, mail_env};
use crate::serve::{Resp, Server, chromedriver_in_zone, csrf_of, link, path_of, session};

/// One HTTP exchange, its body as a browser reads it ("/" unescaped).
fn http(addr: &str, method: &str, path: &str, form: Option<&str>) -> Resp {
    let mut r = crate::serve::http(addr, method, path, form);
    r.body = r.body.replace("&#x2f;", "/");
    r
}

/// Sets the pinned clock of every later command (and server) to `now`.
fn at(env: &mut TestEnv, now: &str) {
    env.extra_env.retain(|(k, _)| k != "SIGNOFF_NOW");
    env.extra_env.push(("SIGNOFF_NOW".into(), now.into()));
}

/// The page set up as in `serve::portal`, in an env whose clock is pinned.
fn portal_at(env: &TestEnv) {
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.git(&["config", "signoff.portalTitle", "Acme Approvals"]);
}

/// Adds carla, a client without a key, in New York (and more flags).
fn add_carla(env: &TestEnv, more: &[&str]) {
    let mut args = vec![
        "person",
        "add",
        "carla",
        "--email",
        "carla@example.com",
        "--name",
        "Carla Client",
        "--tz",
        "America/New_York",
    ];
    args.extend_from_slice(more);
    env.run("alice", &args).ok();
}

/// The text of the page at `url` in Chromium (run in `zone`), or `None`
/// when the browser is not installed (outside CI).
fn in_browser(zone: &str, urls: &[String]) -> Option<Vec<String>> {
    let (mut driver, port) = chromedriver_in_zone(Some(zone))?;
    let profile = tempfile::tempdir().unwrap();
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(texts(port, profile.path(), urls));
    let _ = driver.kill();
    let _ = driver.wait();
    Some(result.unwrap_or_else(|e| panic!("browser: {e}")))
}

async fn texts(port: u16, profile: &Path, urls: &[String]) -> Result<Vec<String>, String> {
    let c = session(port, profile).await?;
    let run = async {
        let e = |e: fantoccini::error::CmdError| e.to_string();
        let mut out = Vec::new();
        for url in urls {
            c.goto(url).await.map_err(e)?;
            let body = c.find(Locator::Css("body")).await.map_err(e)?;
            out.push(body.text().await.map_err(e)?);
        }
        Ok(out)
    };
    let out = run.await;
    let _ = c.close().await;
    out
}

#[test]
fn a_date_only_due_ends_at_midnight_in_the_clients_zone_everywhere() {
    let smtp = SmtpServer::start();
    let mut env = mail_env(&smtp.url());
    portal_at(&env);
    add_carla(&env, &[]);
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "carla,bob",
            "--due",
            "2026-12-16",
        ],
    )
    .ok();
    // The record keeps the day: one deadline for people in many zones.
    let shown = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(shown["request"]["due"], "2026-12-16", "{shown}");
    // The command line: each reviewer's end of that day.
    let show = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(
        show.contains("carla: 2026-12-16 23:59 EST (America/New_York)"),
        "{show}"
    );
    assert!(show.contains("bob: 2026-12-16 23:59 UTC"), "{show}");
    // The mail: in the client's zone, not 19:00 the evening before.
    let mails = smtp.take();
    let client = mails
        .iter()
        .find(|m| m.to == ["carla@example.com"])
        .expect("the client is asked");
    for part in ["text/plain", "text/html"] {
        let body = client.part(part).replace("&#x2f;", "/");
        assert!(
            body.contains("2026-12-16 23:59 EST (America/New_York)"),
            "{body}"
        );
        assert!(!body.contains("19:00"), "{body}");
    }
    // The page, before any script: the same text, and the moment itself.
    let server = Server::start(&env);
    let page_path = path_of(&link(&env, "acme/logo", "carla", &[]));
    let page = http(&server.addr, "GET", &page_path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(
            "<time id=\"due\" datetime=\"2026-12-17T04:59:59Z\">2026-12-16 23:59 EST (America/New_York)</time>"
        ),
        "{}",
        page.body
    );
    let inbox_link = env
        .run("alice", &["link", "--for", "carla", "--inbox"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let inbox_path = path_of(&inbox_link);
    // In a browser in New York: 11:59 PM on the 16th.
    if let Some(seen) = in_browser(
        "America/New_York",
        &[server.url(&page_path), server.url(&inbox_path)],
    ) {
        for text in &seen {
            assert!(text.contains("11:59"), "{text}");
            assert!(text.contains("16"), "{text}");
            assert!(!text.contains("7:00"), "{text}");
        }
    }
    drop(server);

    // Judged the same way: at 23:00 in New York (04:00 UTC on the 17th)
    // carla is not overdue and bob (UTC) is; an hour after her midnight
    // she is.
    at(&mut env, "2026-12-17T04:00:00Z");
    let run = env
        .run("alice", &["remind", "--dry-run", "--json"])
        .ok()
        .json();
    let overdue = |run: &serde_json::Value, who: &str| {
        run["reminded"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person"] == who)
            .unwrap_or_else(|| panic!("{who} reminded: {run}"))["overdue"]
            .as_bool()
            .unwrap()
    };
    assert!(!overdue(&run, "carla"), "{run}");
    assert!(overdue(&run, "bob"), "{run}");
    let text = env.run("alice", &["remind", "--dry-run"]).ok().stdout;
    assert!(
        text.contains("carla about acme/logo v1 (due 2026-12-16 23:59 EST (America/New_York))"),
        "{text}"
    );
    let server = Server::start(&env);
    let inbox = http(&server.addr, "GET", &inbox_path, None);
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(inbox.body.contains("acme/logo v1"), "{}", inbox.body);
    assert!(!inbox.body.contains("class=\"overdue\""), "{}", inbox.body);
    drop(server);

    at(&mut env, "2026-12-17T06:00:00Z");
    let run = env
        .run("alice", &["remind", "--dry-run", "--json"])
        .ok()
        .json();
    assert!(overdue(&run, "carla"), "{run}");
    let server = Server::start(&env);
    let inbox = http(&server.addr, "GET", &inbox_path, None);
    assert!(inbox.body.contains("class=\"overdue\""), "{}", inbox.body);
}

#[test]
fn a_decision_entered_for_the_client_says_so_on_their_page_inbox_and_mail() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    portal_at(&env);
    add_carla(&env, &[]);
    // bob may enter decisions for others (admins may, by default).
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("bob".into());
    })
    .ok();
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "carla,cat"],
    )
    .ok();
    smtp.take();
    env.run(
        "bob",
        &[
            "approve",
            "acme/logo",
            "--on-behalf-of",
            "carla",
            "--evidence",
            "phone call 10:05",
        ],
    )
    .ok();
    let said = "approved for you by bob (phone call 10:05)";
    // Her mail says who entered it; others read it for her.
    let mails = smtp.take();
    let hers = mails
        .iter()
        .find(|m| m.to == ["carla@example.com"])
        .expect("carla hears of it");
    let text = hers.part("text/plain");
    assert!(text.contains(&format!("acme/logo v1: {said}.")), "{text}");
    assert!(!text.contains("Carla Client (carla) approved"), "{text}");
    let alice = mails
        .iter()
        .find(|m| m.to == ["alice@example.com"])
        .map(|m| m.part("text/plain"));
    if let Some(alice) = alice {
        assert!(
            alice.contains("acme/logo v1: approved for Carla Client by bob (phone call 10:05)."),
            "{alice}"
        );
    }
    let server = Server::start(&env);
    let page_path = path_of(&link(&env, "acme/logo", "carla", &[]));
    let page = http(&server.addr, "GET", &page_path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!("v1: {said}")), "{}", page.body);
    assert!(!page.body.contains("You approved"), "{}", page.body);
    let inbox_path = path_of(
        env.run("alice", &["link", "--for", "carla", "--inbox"])
            .ok()
            .stdout
            .trim(),
    );
    let inbox = http(&server.addr, "GET", &inbox_path, None);
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(
        inbox.body.contains(&format!("acme/logo v1: {said}")),
        "{}",
        inbox.body
    );
    assert!(!inbox.body.contains("You approved"), "{}", inbox.body);
    // cat reads it as carla's, entered by bob.
    let cats = http(
        &server.addr,
        "GET",
        &path_of(&link(&env, "acme/logo", "cat", &[])),
        None,
    );
    assert!(
        cats.body
            .contains("v1: approved for Carla Client by bob (phone call 10:05)"),
        "{}",
        cats.body
    );
    if let Some(seen) = in_browser("UTC", &[server.url(&page_path), server.url(&inbox_path)]) {
        for text in &seen {
            assert!(text.contains(said), "{text}");
            assert!(!text.contains("You approved"), "{text}");
        }
    }
}

#[test]
fn after_access_ends_every_link_and_the_inbox_stop_and_nothing_is_recorded() {
    let mut env = TestEnv::with_people_at("2030-01-10T12:00:00Z");
    env.write("logo.svg", "<svg>v1</svg>");
    portal_at(&env);
    // A bad date is refused, and nothing is written.
    let tip = env.tip();
    let bad = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "carla",
                "--email",
                "carla@example.com",
                "--access-until",
                "someday",
            ],
        )
        .code(2);
    assert!(bad.stderr.contains("--access-until"), "{}", bad.stderr);
    assert!(bad.stderr.contains("hint: "), "{}", bad.stderr);
    assert_eq!(env.tip(), tip);
    add_carla(&env, &["--access-until", "2030-01-15"]);
    let listed = env.run("alice", &["person", "list", "--json"]).ok().json();
    let carla = listed["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "carla")
        .unwrap()
        .clone();
    assert_eq!(carla["access_until"], "2030-01-15", "{listed}");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "carla,bob"],
    )
    .ok();
    let page_path = path_of(&link(&env, "acme/logo", "carla", &[]));
    let inbox_path = path_of(
        env.run("alice", &["link", "--for", "carla", "--inbox"])
            .ok()
            .stdout
            .trim(),
    );
    // 23:00 on the 15th in New York: still open.
    at(&mut env, "2030-01-16T04:00:00Z");
    let server = Server::start(&env);
    let page = http(&server.addr, "GET", &page_path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = csrf_of(&page.body);
    drop(server);

    // Past her midnight: every way in says so, and whom to ask.
    at(&mut env, "2030-01-16T05:30:00Z");
    let server = Server::start(&env);
    let tip = env.tip();
    for (what, method, path, form) in [
        ("page", "GET", page_path.clone(), None),
        ("file", "GET", format!("{page_path}/f/0"), None),
        ("inbox", "GET", inbox_path.clone(), None),
        (
            "decision",
            "POST",
            page_path.clone(),
            Some(format!("decision=approve&csrf={csrf}")),
        ),
    ] {
        let r = http(&server.addr, method, &path, form.as_deref());
        assert_eq!(r.status, 403, "{what}: {}", r.body);
        assert!(
            r.body.contains("Your access has ended"),
            "{what}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("ended on 2030-01-15 23:59 EST (America/New_York)"),
            "{what}: {}",
            r.body
        );
        assert!(
            r.body.contains("Nothing was recorded"),
            "{what}: {}",
            r.body
        );
        assert!(
            r.body.contains("mailto:alice@example.com"),
            "{what}: {}",
            r.body
        );
    }
    assert_eq!(env.tip(), tip, "nothing recorded");
    // A new link says so to whoever makes it.
    let made = env
        .run("alice", &["link", "acme/logo", "--for", "carla"])
        .ok();
    assert!(
        made.stderr.contains("carla's access ended"),
        "{}",
        made.stderr
    );
    assert_eq!(env.status_json("acme/logo")["state"], "pending");
    drop(server);

    // An admin opens the door again; the same link works.
    env.run(
        "alice",
        &["person", "edit", "carla", "--access-until", "never"],
    )
    .ok();
    // Editing to what is already there, or someone unknown, writes nothing.
    let tip = env.tip();
    let same = env
        .run(
            "alice",
            &["person", "edit", "carla", "--access-until", "never"],
        )
        .code(2);
    assert!(same.stderr.contains("changes nothing"), "{}", same.stderr);
    let nobody = env
        .run("alice", &["person", "edit", "dora", "--tz", "UTC"])
        .code(3);
    assert!(nobody.stderr.contains("hint: "), "{}", nobody.stderr);
    assert_eq!(env.tip(), tip);
    let server = Server::start(&env);
    let page = http(&server.addr, "GET", &page_path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let r = http(
        &server.addr,
        "POST",
        &page_path,
        Some(&format!("decision=approve&csrf={}", csrf_of(&page.body))),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn after_access_ends_nobody_mails_the_person_links_that_would_not_open() {
    let mut env = TestEnv::with_people_at("2030-01-10T12:00:00Z");
    env.write("logo.svg", "<svg>v1</svg>");
    portal_at(&env);
    add_carla(&env, &["--access-until", "2030-01-15"]);
    let to_carla = |env: &TestEnv| {
        let list = env.run("alice", &["outbox", "list", "--json"]).ok().json();
        list["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m.to_string().contains("carla@example.com"))
            .count()
    };
    // Before the end: carla is mailed her link.
    env.run(
        "alice",
        &[
            "request",
            "acme/one",
            "logo.svg",
            "--to",
            "carla,bob",
            "--due",
            "2030-01-17",
        ],
    )
    .ok();
    assert_eq!(to_carla(&env), 1);
    // After it: neither a request nor a reminder reaches her, and the
    // requester is told why; bob is still mailed.
    at(&mut env, "2030-01-16T05:30:00Z");
    let run = env
        .run(
            "alice",
            &["request", "acme/two", "logo.svg", "--to", "carla,bob"],
        )
        .ok();
    assert!(
        run.stderr.contains("carla's access has ended"),
        "{}",
        run.stderr
    );
    let remind = env.run("alice", &["remind"]).ok();
    assert!(
        remind.stderr.contains("carla's access has ended"),
        "{}{}",
        remind.stdout,
        remind.stderr
    );
    assert_eq!(to_carla(&env), 1, "only the mail from before the end");
    let list = env.run("alice", &["outbox", "list", "--json"]).ok().json();
    assert!(list.to_string().contains("bob@"), "{list}");
}
