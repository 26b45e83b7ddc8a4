//! The client's side of the email-link page in real Chromium: a phone-sized
//! window, times in the viewer's own time zone, a changed image beside its
//! previous version, and the human title.

use std::path::Path;

use fantoccini::Locator;
use serde_json::json;

use crate::common::TestEnv;
use crate::serve::{Server, chromedriver_in_zone, http, link, path_of, portal, session};

/// An SVG image `width` × 400 pixels, filled with `colour`.
fn svg(width: u32, colour: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"400\"><rect width=\"{width}\" height=\"400\" fill=\"{colour}\"/></svg>"
    )
}

/// Two versions of `acme/logo` for bob: a red logo, then a wider blue one
/// with a title and a deadline.
fn two_versions(env: &TestEnv) {
    env.write("art/logo.svg", &svg(800, "red"));
    env.run("alice", &["request", "acme/logo", "art", "--to", "bob"])
        .ok();
    env.write("art/logo.svg", &svg(900, "blue"));
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "art",
            "--to",
            "bob",
            "--title",
            "Spring campaign logo",
            "--due",
            "2099-01-01",
        ],
    )
    .ok();
}

#[test]
fn on_a_phone_the_page_fits_names_the_viewers_zone_and_shows_the_previous_image() {
    let env = portal();
    two_versions(&env);
    let shown = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(
        shown.contains("  title     Spring campaign logo\n"),
        "{shown}"
    );
    let json = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(json["request"]["title"], "Spring campaign logo");
    // A title on two lines is refused, and nothing is written.
    let tip = env.tip();
    let bad = env
        .run(
            "alice",
            &[
                "request",
                "acme/logo",
                "art",
                "--to",
                "bob",
                "--title",
                "Spring\nlogo",
            ],
        )
        .code(2);
    assert!(bad.stderr.contains("--title: title"), "{}", bad.stderr);
    assert!(bad.stderr.contains("hint: "), "{}", bad.stderr);
    assert_eq!(env.tip(), tip);
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/logo", "bob", &[]));
    // Without script: the title, the UTC text, and the previous version's
    // file behind ?prev=1.
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("<h1 id=\"title\">Spring campaign logo <span"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(
            "<time id=\"due\" datetime=\"2099-01-01T23:59:59Z\">2099-01-01 23:59 UTC</time>"
        ),
        "{}",
        page.body
    );
    let before = http(&server.addr, "GET", &format!("{path}/f/0?prev=1"), None);
    assert_eq!(before.status, 200);
    assert!(before.body.contains("fill=\"red\""), "{}", before.body);
    let now = http(&server.addr, "GET", &format!("{path}/f/0"), None);
    assert!(now.body.contains("fill=\"blue\""), "{}", now.body);

    let Some((mut driver, port)) = chromedriver_in_zone(Some("Asia/Tokyo")) else {
        return;
    };
    let url = server.url(&path);
    let profile = tempfile::tempdir().unwrap();
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(on_a_phone(port, profile.path(), &url));
    let _ = driver.kill();
    let _ = driver.wait();
    let seen = result.unwrap_or_else(|e| panic!("browser: {e}"));
    // bob has no zone: the day ends at 23:59 UTC, which is 08:59 the
    // next morning in Tokyo, and the zone is named.
    let due = seen["due"].as_str().unwrap();
    assert!(due.contains("(Asia/Tokyo)"), "{seen}");
    assert!(due.contains("08:59") || due.contains("8:59"), "{seen}");
    assert!(!due.contains("UTC"), "{seen}");
    let inner = seen["inner"].as_f64().unwrap();
    assert!(inner <= 400.0, "a phone-sized window: {seen}");
    // Nothing wider than the screen, images inside it with a margin, the
    // previous version above the new one, both loaded.
    assert!(seen["scroll"].as_f64().unwrap() <= inner, "{seen}");
    for img in seen["images"].as_array().unwrap() {
        assert!(img["natural"].as_f64().unwrap() > 0.0, "{seen}");
        assert!(img["left"].as_f64().unwrap() >= 8.0, "{seen}");
        assert!(img["right"].as_f64().unwrap() <= inner - 8.0, "{seen}");
    }
    let images = seen["images"].as_array().unwrap();
    assert_eq!(images.len(), 2, "{seen}");
    assert!(
        images[0]["alt"]
            .as_str()
            .unwrap()
            .contains("previous version (v1)"),
        "{seen}"
    );
    assert!(
        images[0]["bottom"].as_f64().unwrap() <= images[1]["top"].as_f64().unwrap(),
        "previous above the new one on a phone: {seen}"
    );
}

/// Opens `url` in a 390-pixel-wide window and reports what it shows.
async fn on_a_phone(port: u16, profile: &Path, url: &str) -> Result<serde_json::Value, String> {
    let c = session(port, profile).await?;
    let run = async {
        let e = |e: fantoccini::error::CmdError| e.to_string();
        c.set_window_size(390, 844).await.map_err(e)?;
        c.goto(url).await.map_err(e)?;
        c.wait()
            .for_element(Locator::Css(".compare img"))
            .await
            .map_err(e)?;
        c.execute_async(
            "const imgs = [...document.querySelectorAll('#files img')];
             const done = arguments[arguments.length - 1];
             Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.onload = r; i.onerror = r; })))
               .then(() => done(null));",
            vec![],
        )
        .await
        .map_err(e)?;
        c.execute(
            "const imgs = [...document.querySelectorAll('#files img')].map(i => {
                 const r = i.getBoundingClientRect();
                 return { alt: i.alt, natural: i.naturalWidth, left: r.left, right: r.right,
                          top: r.top, bottom: r.bottom };
             });
             return { due: document.getElementById('due').textContent,
                      inner: window.innerWidth,
                      scroll: document.documentElement.scrollWidth,
                      images: imgs };",
            vec![],
        )
        .await
        .map_err(e)
    };
    let out = run.await;
    let _ = c.close().await;
    out.map(|v| json!(v))
}

#[test]
fn a_pdf_has_a_visible_fallback_to_open_or_download_it() {
    let env = portal();
    env.write("brief.pdf", "%PDF-1.4\n");
    env.run(
        "alice",
        &["request", "acme/brief", "brief.pdf", "--to", "bob"],
    )
    .ok();
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/brief", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let body = page.body.replace("&#x2f;", "/");
    assert!(
        body.contains(&format!("<iframe class=\"preview pdf\" src=\"{path}/f/0\"")),
        "{body}"
    );
    // Outside the frame, so that it shows where the browser has no viewer.
    let after = &body[body.find("</iframe>").expect("a frame")..];
    assert!(
        after.contains(&format!("<a href=\"{path}/f/0\" target=\"_blank\" rel=\"noopener\">Open the PDF in a new tab</a>")),
        "{after}"
    );
    assert!(
        after.contains(&format!(
            "<a href=\"{path}/f/0?download=1\">download it</a>"
        )),
        "{after}"
    );
    let pdf = http(&server.addr, "GET", &format!("{path}/f/0?download=1"), None);
    assert_eq!(pdf.status, 200);
    assert!(
        pdf.header("Content-Disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "{}",
        pdf.head
    );
}
