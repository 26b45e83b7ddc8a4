//! Accessibility of the email-link page, checked in real Chromium with
//! axe-core (the checker from the npm registry, installed under
//! `tests/a11y/` by `.ci/run`): the decision page, the confirmation of a
//! decline, the outcome page, the "already decided" page and the inbox must
//! have no violations of the
//! WCAG 2 A and AA rules axe checks (labels, contrast, names, landmarks).

use std::path::Path;

use fantoccini::Locator;

use crate::common::TestEnv;
use crate::serve::{Server, chromedriver, link, path_of, portal, session};

/// axe-core's script, or `None` (outside CI) when it is not installed.
fn axe() -> Option<String> {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y/node_modules/axe-core/axe.min.js");
    if let Ok(s) = std::fs::read_to_string(&file) {
        return Some(s);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but axe-core is missing: (cd tests/a11y && npm ci)"
    );
    eprintln!("skipping the accessibility test: run (cd tests/a11y && npm ci)");
    None
}

/// The violations axe reports on the page at `url` (or the page the
/// browser is on), one line each.
async fn violations(
    c: &fantoccini::Client,
    axe: &str,
    url: Option<&str>,
) -> Result<Vec<String>, String> {
    let e = |e: fantoccini::error::CmdError| e.to_string();
    if let Some(url) = url {
        c.goto(url).await.map_err(e)?;
    }
    c.execute(axe, vec![]).await.map_err(e)?;
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +
                   v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
               .catch(err => done(['axe failed: ' + err]));",
            vec![],
        )
        .await
        .map_err(e)?;
    serde_json::from_value(found).map_err(|e| e.to_string())
}

fn request_with_files(env: &TestEnv) {
    env.write("art/notes.txt", "Use the blue version.\n");
    env.write("art/brief.pdf", "%PDF-1.4\n");
    env.run("alice", &["request", "acme/logo", "art", "--to", "bob"])
        .ok();
    // A second version, so that the page shows what changed.
    env.write("art/notes.txt", "Use the red version.\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "art",
            "--to",
            "bob",
            "-m",
            "The new logo",
            "--due",
            "2099-01-01",
        ],
    )
    .ok();
}

#[test]
fn the_page_has_no_accessibility_violations() {
    let Some(axe) = axe() else { return };
    let Some((mut driver, port)) = chromedriver() else {
        return;
    };
    let env = portal();
    request_with_files(&env);
    let server = Server::start(&env);
    let page = server.url(&path_of(&link(&env, "acme/logo", "bob", &[])));
    let inbox = env
        .run("alice", &["link", "--for", "bob", "--inbox"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let inbox = Some(server.url(&path_of(&inbox)));
    let profile = tempfile::tempdir().unwrap();
    let result: Result<Vec<String>, String> = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let c = session(port, profile.path()).await?;
            let mut all = Vec::new();
            for v in violations(&c, &axe, Some(&page)).await? {
                all.push(format!("decision page: {v}"));
            }
            if let Some(inbox) = &inbox {
                for v in violations(&c, &axe, Some(inbox)).await? {
                    all.push(format!("inbox: {v}"));
                }
            }
            // Keyboard and form: a reason typed, Decline pressed, the
            // confirmation page, then the outcome.
            let e = |e: fantoccini::error::CmdError| e.to_string();
            c.goto(&page).await.map_err(e)?;
            c.find(Locator::Id("comment"))
                .await
                .map_err(e)?
                .send_keys("Not our brand")
                .await
                .map_err(e)?;
            c.find(Locator::Id("decline"))
                .await
                .map_err(e)?
                .click()
                .await
                .map_err(e)?;
            c.wait()
                .for_element(Locator::Id("confirm"))
                .await
                .map_err(e)?;
            for v in violations(&c, &axe, None).await? {
                all.push(format!("decline confirmation: {v}"));
            }
            c.find(Locator::Id("decline-confirmed"))
                .await
                .map_err(e)?
                .click()
                .await
                .map_err(e)?;
            c.wait()
                .for_element(Locator::Id("outcome"))
                .await
                .map_err(e)?;
            for v in violations(&c, &axe, None).await? {
                all.push(format!("outcome: {v}"));
            }
            // The same link again: "already decided", with the inbox.
            for v in violations(&c, &axe, Some(&page)).await? {
                all.push(format!("already decided: {v}"));
            }
            // The inbox again, now with bob's own decision in its history.
            if let Some(inbox) = &inbox {
                for v in violations(&c, &axe, Some(inbox)).await? {
                    all.push(format!("inbox with history: {v}"));
                }
            }
            let _ = c.close().await;
            Ok(all)
        });
    let _ = driver.kill();
    let _ = driver.wait();
    let found = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    assert_eq!(env.status_json("acme/logo")["state"], "declined");
}

/// The client's page and inbox showing a decision entered for them, and
/// the page every link shows once their access has ended: no violations.
#[test]
fn the_on_behalf_wording_and_the_ended_access_page_have_no_violations() {
    let Some(axe) = axe() else { return };
    let Some((mut driver, port)) = chromedriver() else {
        return;
    };
    let mut env = TestEnv::with_people_at("2030-01-10T12:00:00Z");
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.git(&["config", "signoff.portalTitle", "Acme Approvals"]);
    env.git(&["config", "signoff.portalSupport", "help@acme.example"]);
    env.run(
        "alice",
        &[
            "person",
            "add",
            "carla",
            "--email",
            "carla@example.com",
            "--tz",
            "America/New_York",
            "--access-until",
            "2030-01-15",
        ],
    )
    .ok();
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("bob".into());
    })
    .ok();
    env.write("logo.svg", "<svg>v1</svg>");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "carla,cat"],
    )
    .ok();
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
    let page = path_of(&link(&env, "acme/logo", "carla", &[]));
    let inbox = path_of(
        env.run("alice", &["link", "--for", "carla", "--inbox"])
            .ok()
            .stdout
            .trim(),
    );
    let open = Server::start(&env);
    let urls = [open.url(&page), open.url(&inbox)];
    env.extra_env.retain(|(k, _)| k != "SIGNOFF_NOW");
    env.extra_env
        .push(("SIGNOFF_NOW".into(), "2030-01-17T12:00:00Z".into()));
    let ended = Server::start(&env);
    let gone = [ended.url(&page), ended.url(&inbox)];
    let profile = tempfile::tempdir().unwrap();
    let result: Result<Vec<String>, String> = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let c = session(port, profile.path()).await?;
            let e = |e: fantoccini::error::CmdError| e.to_string();
            let mut all = Vec::new();
            for (name, url, expect) in [
                (
                    "page, entered for them",
                    &urls[0],
                    "approved for you by bob",
                ),
                (
                    "inbox, entered for them",
                    &urls[1],
                    "approved for you by bob",
                ),
                ("page, access ended", &gone[0], "Your access has ended"),
                ("inbox, access ended", &gone[1], "Your access has ended"),
            ] {
                for v in violations(&c, &axe, Some(url)).await? {
                    all.push(format!("{name}: {v}"));
                }
                let text = c
                    .find(Locator::Css("body"))
                    .await
                    .map_err(e)?
                    .text()
                    .await
                    .map_err(e)?;
                if !text.contains(expect) {
                    all.push(format!("{name}: {expect:?} not shown in\n{text}"));
                }
            }
            let _ = c.close().await;
            Ok(all)
        });
    let _ = driver.kill();
    let _ = driver.wait();
    let found = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}
