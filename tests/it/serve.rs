//! `signoff serve` end to end: the real binary serving real HTTP on
//! loopback, a real browser (headless Chromium through `WebDriver`), scanners
//! that must change nothing, every kind of bad link, and concurrent load.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestEnv;

/// A running `signoff serve` child, killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `signoff serve --listen 127.0.0.1:0` in `env` and waits for
    /// the address it prints.
    pub fn start(env: &TestEnv) -> Server {
        let mut child = env
            .cmd("alice")
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn signoff serve");
        let mut err = BufReader::new(child.stderr.take().expect("piped"));
        let mut seen = String::new();
        let addr = loop {
            let mut line = String::new();
            if err.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.wait();
                panic!("signoff serve exited before listening:\n{seen}");
            }
            if let Some(a) = line.trim().rsplit_once("listening on http://") {
                break a.1.to_string();
            }
            seen.push_str(&line);
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = err.read_to_string(&mut sink);
        });
        Server { child, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The server's process id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// One HTTP/1.1 exchange on a fresh connection.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub fn http(addr: &str, method: &str, path: &str, form: Option<&str>) -> Resp {
    http_with(addr, method, path, &[], form)
}

/// [`http`] with extra request header lines (`Name: value`).
pub fn http_with(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    form: Option<&str>,
) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = form.unwrap_or("");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: signoff-test\r\nConnection: close\r\n"
    );
    for h in headers {
        req.push_str(&format!("{h}\r\n"));
    }
    if form.is_some() {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Resp {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The path part of a link (`/d/…`).
pub fn path_of(link: &str) -> String {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    rest[rest.find('/').expect("a path")..].to_string()
}

/// The CSRF nonce in a decision page.
pub fn csrf_of(page: &str) -> String {
    let start = page
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no CSRF field in\n{page}"))
        + "name=\"csrf\" value=\"".len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A store with alice (admin), bob and cat, the server's key in the policy
/// and `signoff.serveUrl` set.
pub fn portal() -> TestEnv {
    let env = TestEnv::with_people();
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.git(&["config", "signoff.portalTitle", "Acme Approvals"]);
    env
}

/// A link for `person` on `target` (printed by `signoff link`).
pub fn link(env: &TestEnv, target: &str, person: &str, extra: &[&str]) -> String {
    let mut args = vec!["link", target, "--for", person];
    args.extend_from_slice(extra);
    env.run("alice", &args).ok().stdout.trim().to_string()
}

/// Decides through a link with a server started for the purpose.
pub fn decide_by_link(env: &TestEnv, target: &str, person: &str, decision: &str) {
    let server = Server::start(env);
    let path = path_of(&link(env, target, person, &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some(&format!("decision={decision}&csrf={}", csrf_of(&page.body))),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

fn decision_files(env: &TestEnv) -> Vec<String> {
    env.git(&["ls-tree", "-r", "--name-only", "signoff"])
        .lines()
        .filter(|l| l.contains("/decisions/") && l.ends_with(".toml"))
        .map(str::to_string)
        .collect()
}

#[test]
fn scanners_get_and_head_change_nothing() {
    let env = portal();
    env.write("brief.txt", "Spring campaign <b>copy</b>\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/brief",
            "brief.txt",
            "--to",
            "bob",
            "-m",
            "Final copy",
        ],
    )
    .ok();
    // The request email carries bob's link.
    let outbox = env.repo.join(".git/signoff/outbox");
    let mails: String = std::fs::read_dir(&outbox)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "eml").then(|| std::fs::read_to_string(p).ok())?
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("=\r\n", "");
    assert!(mails.contains("http://portal.invalid/d/so1."), "{mails}");

    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/brief", "bob", &[]));
    let tip = env.tip();
    for method in ["GET", "HEAD", "GET", "HEAD"] {
        let r = http(&server.addr, method, &path, None);
        assert_eq!(r.status, 200, "{method}: {r:?}");
        for (h, v) in [
            ("referrer-policy", "no-referrer"),
            ("cache-control", "no-store"),
            ("x-content-type-options", "nosniff"),
        ] {
            assert_eq!(r.header(h).as_deref(), Some(v), "{h}");
        }
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"));
        if method == "GET" {
            assert!(r.body.contains("acme&#x2f;brief") || r.body.contains("acme/brief"));
            assert!(
                r.body
                    .contains("Spring campaign &lt;b&gt;copy&lt;&#x2f;b&gt;"),
                "{}",
                r.body
            );
            assert!(r.body.contains("Acme Approvals"));
            assert!(!r.body.contains("<b>copy</b>"));
        } else {
            assert!(r.body.is_empty());
        }
    }
    let f = http(&server.addr, "GET", &format!("{path}/f/0"), None);
    assert_eq!(f.status, 200);
    assert!(
        f.header("content-security-policy")
            .unwrap()
            .contains("sandbox")
    );
    assert!(f.body.contains("Spring campaign"));
    // A POST without the page's CSRF nonce records nothing either.
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some("decision=approve&csrf=00"),
    );
    assert_eq!(r.status, 403, "{r:?}");
    assert_eq!(env.tip(), tip, "a read changed the store");
    assert!(decision_files(&env).is_empty());
}

#[test]
fn bad_links_get_a_clear_page_and_no_record() {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    let server = Server::start(&env);
    let try_post = |path: &str| -> Resp {
        let page = http(&server.addr, "GET", path, None);
        let csrf = if page.status == 200 {
            csrf_of(&page.body)
        } else {
            "00".into()
        };
        http(
            &server.addr,
            "POST",
            path,
            Some(&format!("decision=approve&comment=ok&csrf={csrf}")),
        )
    };

    // Expired.
    let tip = env.tip();
    let expired = path_of(&link(&env, "acme/a", "bob", &["--expires", "2020-01-01"]));
    let r = http(&server.addr, "GET", &expired, None);
    assert_eq!(r.status, 410);
    assert!(r.body.contains("This link has expired"), "{}", r.body);
    assert!(!r.body.contains("name=\"csrf\""));
    assert_eq!(try_post(&expired).status, 410);

    // Forged: a changed signature, and a token signed by another key.
    let good = path_of(&link(&env, "acme/a", "bob", &[]));
    let mut forged = good.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let r = try_post(&forged);
    assert!(matches!(r.status, 400 | 403), "{r:?}");
    assert!(
        r.body.contains("not valid") || r.body.contains("incomplete"),
        "{}",
        r.body
    );
    let (_, payload_and_sig) = good.split_once("/d/so1.").unwrap();
    let (payload, _) = payload_and_sig.split_once('.').unwrap();
    let foreign = signoff::link::mint(
        &ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]),
        &signoff::link::peek(&format!("so1.{payload}.AA")).unwrap(),
    );
    let r = try_post(&format!("/d/{foreign}"));
    assert_eq!(r.status, 403);
    assert!(r.body.contains("This link is not valid"), "{}", r.body);
    assert_eq!(env.tip(), tip);

    // Wrong store: a second store whose server shares the same key.
    let other = TestEnv::with_people();
    std::fs::create_dir_all(other.repo.join(".git/signoff")).unwrap();
    std::fs::copy(
        env.repo.join(".git/signoff/attest_ed25519"),
        other.repo.join(".git/signoff/attest_ed25519"),
    )
    .unwrap();
    other.run("alice", &["serve", "init"]).ok();
    other.write("a.txt", "one");
    other
        .run("alice", &["request", "acme/a", "a.txt", "--to", "bob"])
        .ok();
    let wrong = path_of(
        &other
            .run(
                "alice",
                &["link", "acme/a", "--for", "bob", "--base-url", "http://x"],
            )
            .ok()
            .stdout,
    );
    let r = http(&server.addr, "GET", wrong.trim(), None);
    assert_eq!(r.status, 403);
    assert!(r.body.contains("another approvals store"), "{}", r.body);
    assert_eq!(try_post(wrong.trim()).status, 403);
    assert_eq!(env.tip(), tip);

    // Replayed: the first POST records, the second gets a clear page.
    let r = try_post(&good);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your decision is recorded"));
    let tip = env.tip();
    // A second click is harmless: no error, what was decided and when,
    // and a way to the rest of their work.
    let page = http(&server.addr, "GET", &good, None);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("You have already decided"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("This link recorded that you"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"inbox\""), "{}", page.body);
    assert!(!page.body.contains("refused"), "{}", page.body);
    let r = http(
        &server.addr,
        "POST",
        &good,
        Some(&format!("decision=decline&csrf={}", "ab".repeat(32))),
    );
    assert!(
        r.status == 403 || r.body.contains("You have already decided"),
        "{r:?}"
    );
    assert_eq!(env.tip(), tip);
    assert_eq!(decision_files(&env).len(), 1);

    // Superseded: a link for v1 after v2 was requested.
    let v1_cat = path_of(&link(&env, "acme/a", "cat", &[]));
    env.request("acme/a", "a.txt", "two", "bob,cat");
    let tip = env.tip();
    let r = http(&server.addr, "GET", &v1_cat, None);
    assert_eq!(r.status, 410, "{}", r.body);
    let v1_bob = path_of(&link(&env, "acme/a@v1", "bob", &[]));
    let r = http(&server.addr, "GET", &v1_bob, None);
    assert_eq!(r.status, 410);
    assert!(r.body.contains("A newer version is waiting"), "{}", r.body);
    assert_eq!(try_post(&v1_bob).status, 410);
    assert_eq!(env.tip(), tip);
    assert_eq!(decision_files(&env).len(), 1);
    env.run("alice", &["verify"]).ok();
}

#[test]
fn link_decisions_verify_count_and_send_a_receipt() {
    let env = portal();
    env.request("acme/a", "a.txt", "one", "bob");
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some(&format!(
            "decision=approve&comment={}&csrf={}",
            form_encode("Looks great <3"),
            csrf_of(&page.body)
        )),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let st = env.status_json("acme/a");
    assert_eq!(st["state"], "approved", "{st}");
    env.run("alice", &["verify"]).ok();
    let files = decision_files(&env);
    let rec = env.git(&["show", &format!("signoff:{}", files[0])]);
    assert!(rec.contains("via = \"link\""), "{rec}");
    assert!(rec.contains("client_ip = \"127.0.0.1\""), "{rec}");
    assert!(rec.contains("user_agent = \"signoff-test\""), "{rec}");
    assert!(rec.contains("comment = \"Looks great <3\""), "{rec}");
    // The receipt to bob is in the outbox.
    let receipts = std::fs::read_dir(env.repo.join(".git/signoff/outbox"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter(|m| m.contains("Subject: Approval: acme/a") && m.contains("you approved"))
        .count();
    assert_eq!(receipts, 1);
    // Stock OpenSSH checks the record with the policy's allowed signers.
    let signers = env.tmp.path().join("allowed_signers");
    let list = env.run("alice", &["policy", "allowed-signers"]).ok().stdout;
    std::fs::write(&signers, list).unwrap();
    let rec_path = env.tmp.path().join("r.toml");
    std::fs::write(&rec_path, &rec).unwrap();
    let sig = env.git(&["show", &format!("signoff:{}.sig", files[0])]);
    std::fs::write(env.tmp.path().join("r.toml.sig"), sig).unwrap();
    let ok = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&signers)
        .args(["-I", "portal", "-n", "signoff", "-s"])
        .arg(env.tmp.path().join("r.toml.sig"))
        .stdin(std::fs::File::open(&rec_path).unwrap())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    // An inbox link lists what waits on cat (nothing) and on bob (nothing now).
    env.request("acme/b", "b.txt", "b", "cat");
    let inbox = path_of(
        &env.run("alice", &["link", "--inbox", "--for", "cat"])
            .ok()
            .stdout,
    );
    let r = http(&server.addr, "GET", inbox.trim(), None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("acme&#x2f;b v1"), "{}", r.body);
    assert!(!r.body.contains("acme&#x2f;a v1"), "{}", r.body);
}

#[test]
fn server_refuses_to_start_without_an_attester_key() {
    let env = TestEnv::with_people();
    let r = env
        .run("alice", &["serve", "--listen", "127.0.0.1:0"])
        .code(6);
    assert!(r.stderr.contains("no attestation key"), "{}", r.stderr);
    assert!(r.stderr.contains("signoff serve init"), "{}", r.stderr);
    // A key that the policy does not list is refused too.
    env.run("alice", &["serve", "--print-key"]).ok();
    let r = env
        .run("alice", &["serve", "--listen", "127.0.0.1:0"])
        .code(6);
    assert!(r.stderr.contains("is not an attester"), "{}", r.stderr);
    // bob is not an admin: he cannot list the key.
    env.run("bob", &["serve", "init"]).code(4);
}

/// A chromedriver on a free port, when Chromium is installed; `None` (the
/// test skips) outside CI without it.
pub fn chromedriver() -> Option<(Child, u16)> {
    chromedriver_in_zone(None)
}

/// [`chromedriver`], whose browsers run in the time zone `tz` (an IANA
/// name) when one is given.
pub fn chromedriver_in_zone(tz: Option<&str>) -> Option<(Child, u16)> {
    let chromium = Path::new("/usr/bin/chromium");
    let driver = Path::new("/usr/bin/chromedriver");
    if !chromium.exists() || !driver.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium / chromedriver are missing: apt-get install chromium chromium-driver"
        );
        eprintln!("skipping a browser test: /usr/bin/chromium or chromedriver is not installed");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = std::process::Command::new(driver);
    if let Some(tz) = tz {
        cmd.env("TZ", tz);
    }
    let child = cmd
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    Some((child, port))
}

/// A headless Chromium session through the chromedriver on `port`.
pub async fn session(port: u16, profile: &Path) -> Result<fantoccini::Client, String> {
    use fantoccini::ClientBuilder;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    client.ok_or_else(|| "chromedriver did not accept a session".to_string())
}

/// A 2×2 PNG (red), for the image preview.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x12, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x0c, 0x50, 0x0a, 0x00, 0x2f, 0xfa, 0x05, 0xfb, 0xfa, 0xd1, 0x1e, 0x4a, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn browser_opens_link_previews_and_requests_changes() {
    let Some((mut chromedriver, port)) = chromedriver() else {
        return;
    };
    let env = portal();
    env.write("art/logo.png", "");
    std::fs::write(env.repo.join("art/logo.png"), PNG).unwrap();
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
        ],
    )
    .ok();
    let server = Server::start(&env);
    let url = server.url(&path_of(&link(&env, "acme/logo", "bob", &[])));
    let tip = env.tip();

    let profile = tempfile::tempdir().unwrap();
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(drive(port, profile.path(), &url));
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
    let outcome = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(outcome.contains("your decision is recorded"), "{outcome}");

    assert_ne!(env.tip(), tip);
    let files = decision_files(&env);
    assert_eq!(files.len(), 1);
    let rec = env.git(&["show", &format!("signoff:{}", files[0])]);
    assert!(rec.contains("decision = \"changes\""), "{rec}");
    assert!(
        rec.contains("comment = \"Make it bigger, please\""),
        "{rec}"
    );
    assert!(rec.contains("HeadlessChrome"), "{rec}");
    env.run("alice", &["verify"]).ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "changes-requested");
}

async fn drive(port: u16, profile: &Path, url: &str) -> Result<String, String> {
    use fantoccini::Locator;
    let c = session(port, profile).await?;
    let run = async {
        let e = |e: fantoccini::error::CmdError| e.to_string();
        c.goto(url).await.map_err(e)?;
        let title = c
            .find(Locator::Id("title"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !title.contains("acme/logo") {
            return Err(format!("title is {title:?}"));
        }
        let img = c.find(Locator::Css("img.preview")).await.map_err(e)?;
        let width = c
            .execute(
                "return arguments[0].naturalWidth;",
                vec![serde_json::to_value(&img).map_err(|e| e.to_string())?],
            )
            .await
            .map_err(e)?;
        if width != serde_json::json!(2) {
            return Err(format!(
                "the image preview did not load (naturalWidth {width:?})"
            ));
        }
        let text = c
            .find(Locator::Css("pre.preview"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        if !text.contains("Use the red version.") {
            return Err(format!("text preview is {text:?}"));
        }
        c.find(Locator::Id("comment"))
            .await
            .map_err(e)?
            .send_keys("Make it bigger, please")
            .await
            .map_err(e)?;
        c.find(Locator::Id("changes"))
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

#[test]
fn load_fifty_clients_decide_on_five_hundred_requests() {
    const REQUESTS: usize = 500;
    const CLIENTS: usize = 50;
    const DUPLICATES: usize = 50;
    let env = portal();
    env.git(&["config", "signoff.notify", "false"]);
    let (store_id, ids, content) = bulk_requests(&env, REQUESTS);
    let key =
        signoff::link::AttestKey::load(&env.repo.join(".git/signoff/attest_ed25519")).unwrap();
    let tip_before = env.tip();
    let server = Server::start(&env);
    let mut work: Vec<String> = ids
        .iter()
        .map(|id| {
            let c = signoff::link::Claims::decide(
                &store_id,
                id,
                &content,
                "bob",
                "bob@example.com",
                i64::MAX / 2,
            );
            format!("/d/{}", signoff::link::mint(&key.signing, &c))
        })
        .collect();
    // The first links are posted twice, from different clients at once.
    let dupes: Vec<String> = work[..DUPLICATES].to_vec();
    for (i, d) in dupes.into_iter().enumerate() {
        work.insert(i * 2 + 1, d);
    }
    let queue = std::sync::Arc::new(std::sync::Mutex::new(work.into_iter()));
    let started = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let queue = std::sync::Arc::clone(&queue);
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut out = Vec::new();
                loop {
                    let next = queue.lock().unwrap().next();
                    let Some(path) = next else { break };
                    let t = Instant::now();
                    let page = http(&addr, "GET", &path, None);
                    let get = t.elapsed();
                    let csrf = if page.status == 200 && page.body.contains("name=\"csrf\"") {
                        csrf_of(&page.body)
                    } else {
                        "00".into()
                    };
                    let t = Instant::now();
                    let form = format!("decision=approve&csrf={csrf}");
                    let mut r = http(&addr, "POST", &path, Some(&form));
                    // A timed-out POST may still land: its retry must then
                    // be told the link was used, never record twice.
                    let mut timeouts = 0;
                    while r.status == 408 && timeouts < 5 {
                        timeouts += 1;
                        r = http(&addr, "POST", &path, Some(&form));
                    }
                    // A link used twice is answered "already decided".
                    let again = page.body.contains("already decided")
                        || r.body.contains("already decided")
                        || r.status == 409;
                    out.push((page.status, r.status, get, t.elapsed(), timeouts, again));
                }
                out
            })
        })
        .collect();
    let results: Vec<_> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let wall = started.elapsed();
    let pct = |mut v: Vec<Duration>, percent: usize| {
        v.sort();
        v[(v.len() - 1) * percent / 100].as_secs_f64() * 1000.0
    };
    let posts: Vec<Duration> = results.iter().map(|r| r.3).collect();
    let gets: Vec<Duration> = results.iter().map(|r| r.2).collect();
    eprintln!(
        "load: {CLIENTS} clients, {REQUESTS} requests (+{DUPLICATES} duplicate posts) in {:.1} s; POST p50 {:.1} ms p99 {:.1} ms; GET p50 {:.1} ms p99 {:.1} ms; {} POST(s) timed out and were retried",
        wall.as_secs_f64(),
        pct(posts.clone(), 50),
        pct(posts, 99),
        pct(gets.clone(), 50),
        pct(gets, 99),
        results.iter().filter(|r| r.4 > 0).count(),
    );
    let ok = results.iter().filter(|r| r.1 == 200 && !r.5).count();
    let used = results.iter().filter(|r| r.5).count();
    assert_eq!(
        ok,
        REQUESTS,
        "statuses: {:?}",
        results.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>()
    );
    assert_eq!(used, DUPLICATES);
    // Exactly one decision per request, and the store verifies.
    let files = decision_files(&env);
    assert_eq!(files.len(), REQUESTS);
    let mut per_request: Vec<&str> = files
        .iter()
        .map(|f| f.split("/decisions/").next().unwrap())
        .collect();
    per_request.sort_unstable();
    per_request.dedup();
    assert_eq!(per_request.len(), REQUESTS);
    let v = env.run("alice", &["verify", "--json"]).ok().json();
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0), "{v}");
    // Decisions that arrived together were written together (group
    // commit): fewer commits than decisions, each still its own record.
    let commits: usize = env
        .git(&["rev-list", "--count", &format!("{tip_before}..signoff")])
        .trim()
        .parse()
        .unwrap();
    eprintln!("load: {REQUESTS} decisions in {commits} commits");
    assert!(
        commits < REQUESTS,
        "{commits} commits for {REQUESTS} decisions"
    );
}

/// Writes `n` requests for bob in one commit through the library (running
/// `signoff request` 500 times would spend the test's time on setup).
fn bulk_requests(env: &TestEnv, n: usize) -> (String, Vec<String>, String) {
    use signoff::ledger::{Ledger, Prepared, Trust};
    use signoff::record::{self, ManifestEntry, Request, Source};
    use signoff::store::{NewFile, Store};
    let body = b"Approve me\n";
    std::fs::write(env.repo.join("doc.txt"), body).unwrap();
    let blob = env
        .git(&["hash-object", "-w", "doc.txt"])
        .trim()
        .to_string();
    let files = vec![ManifestEntry {
        path: "doc.txt".into(),
        blob: blob.clone(),
        sha256: signoff::content::sha256_tagged(body)
            .trim_start_matches("sha256:")
            .to_string(),
        size: body.len() as u64,
    }];
    let content = signoff::content::content_hash(&files);
    let store = Store::open(Some(&env.repo), "signoff").unwrap();
    let ledger = Ledger::new(
        store,
        Trust {
            pin: None,
            source: "test",
        },
    );
    let signer =
        signoff::sign::Signer::load(&env.home("alice").join(".config/signoff/id_ed25519")).unwrap();
    let (_, (store_id, ids)) = ledger
        .append(&signer, |snap| -> Result<_, signoff::CliError> {
            let mut records = Vec::new();
            let mut content_files = Vec::new();
            let mut ids = Vec::new();
            for i in 0..n {
                let id = record::new_id();
                let deliverable = format!("load/doc-{i:04}");
                let req = Request {
                    schema: record::SCHEMA_REQUEST.into(),
                    store_id: snap.info.store_id.clone(),
                    id: id.clone(),
                    deliverable: deliverable.clone(),
                    by: "alice".into(),
                    key: signer.key().fingerprint().into(),
                    at: signoff::clock::now_string(),
                    message: String::new(),
                    title: String::new(),
                    reviewers: vec!["bob".into()],
                    quorum: None,
                    due: None,
                    expires: None,
                    draft: false,
                    supersedes: None,
                    source: Source {
                        kind: "files".into(),
                        ..Source::default()
                    },
                    content: content.clone(),
                    groups: Vec::new(),
                    files: files.clone(),
                };
                records.push((
                    snap.layout().request_path(&deliverable, &id),
                    record::to_bytes(&req),
                ));
                content_files.push((
                    snap.layout().content_path(&deliverable, &id, "doc.txt"),
                    NewFile::Blob(blob.clone()),
                ));
                ids.push(id);
            }
            Ok(Prepared {
                records,
                files: content_files,
                subject: format!("{n} requests for the load test"),
                note: signoff::ledger::Note::Request {
                    deliverable: "load".into(),
                    request: ids.last().cloned().unwrap_or_default(),
                    content: content.clone(),
                },
                value: (snap.info.store_id.clone(), ids),
            })
        })
        .unwrap();
    (store_id, ids, content)
}

#[test]
fn a_client_without_a_key_decides_through_their_link() {
    let env = portal();
    // A client: an email address and no key.
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--email",
            "client@example.com",
            "--name",
            "The Client",
        ],
    )
    .ok();
    let listed = env.run("alice", &["person", "list", "--json"]).ok().stdout;
    assert!(listed.contains("client@example.com"), "{listed}");
    env.write("logo.svg", "<svg/>");
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "client"],
    )
    .ok();
    decide_by_link(&env, "acme/logo", "client", "approve");
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "approved", "{st}");
    // The record is the page's, signed by the attester, and verifies.
    env.run("alice", &["verify"]).ok();
}

#[test]
fn a_later_stage_sees_nothing_until_the_earlier_one_is_approved() {
    use signoff::policy::{Requirement, Rule, Stage};
    let env = portal();
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups.insert("art".into(), vec!["bob".into()]);
        p.groups.insert("contacts".into(), vec!["dan".into()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        r.stages = ["internal", "client"]
            .iter()
            .zip(["art", "contacts"])
            .map(|(name, group)| Stage {
                name: (*name).into(),
                require: vec![Requirement {
                    group: group.into(),
                    count: 1,
                }],
            })
            .collect();
        p.rules.insert(0, r);
    })
    .ok();
    env.write("logo.svg", "<svg/>");
    env.run("alice", &["request", "acme/logo", "logo.svg"]).ok();
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/logo", "dan", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(page.body.contains("Not ready for you yet"), "{}", page.body);
    assert!(!page.body.contains("logo.svg"), "{}", page.body);
    // Once the internal stage is approved, the same link works.
    env.run("bob", &["approve", "acme/logo"]).ok();
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
}

#[test]
fn changes_and_decline_need_a_reason_and_a_decline_is_confirmed() {
    let env = portal();
    env.request("acme/a", "a.txt", "draft one", "bob");
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
    let post = |form: String| http(&server.addr, "POST", &path, Some(&form));
    let count = || decision_files(&env).len();
    // No reason: nothing recorded, and the page says why.
    for verdict in ["changes", "decline"] {
        let r = post(format!("decision={verdict}&comment=&csrf={csrf}"));
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("Please say why"), "{}", r.body);
    }
    // A decline with a reason asks once more, keeping the reason.
    let r = post(format!(
        "decision=decline&comment=Not+our+brand&csrf={csrf}"
    ));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Decline for good?"), "{}", r.body);
    assert!(r.body.contains("Not our brand"), "{}", r.body);
    assert_eq!(count(), 0, "nothing recorded before the confirmation");
    let r = post(format!(
        "decision=decline&comment=Not+our+brand&confirm=yes&csrf={csrf}"
    ));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your decision is recorded"), "{}", r.body);
    assert_eq!(count(), 1);
    assert_eq!(env.status_json("acme/a")["state"], "declined");
}

#[test]
fn the_page_shows_what_changed_in_text_since_the_previous_version() {
    let env = portal();
    env.write("copy/home.txt", "Welcome\nOld slogan\n");
    env.run("alice", &["request", "acme/copy", "copy", "--to", "bob"])
        .ok();
    env.write("copy/home.txt", "Welcome\nNew slogan <b>\n");
    env.write("copy/about.txt", "About us\n");
    env.run("alice", &["request", "acme/copy", "copy", "--to", "bob"])
        .ok();
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/copy", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("What changed since the previous version"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<del>-Old slogan</del>"),
        "{}",
        page.body
    );
    // The file's text is escaped, never markup.
    assert!(
        page.body.contains("<ins>+New slogan &lt;b&gt;</ins>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("New in this version."), "{}", page.body);
}

#[test]
fn a_reviewer_comments_on_the_page_without_deciding_and_the_link_still_decides() {
    let env = portal();
    env.request("acme/a", "a.txt", "draft one", "bob");
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/a", "bob", &[]));
    let comments = || env.record_paths("/comments/");
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"send-comment\""), "{}", page.body);
    // Scanners: GET and HEAD write nothing.
    http(&server.addr, "HEAD", &path, None);
    assert!(comments().is_empty());
    let csrf = csrf_of(&page.body);
    let post = |form: String| http(&server.addr, "POST", &path, Some(&form));
    // A forged or missing CSRF nonce, or an empty comment: nothing written.
    let r = post("decision=comment&comment=Darker+blue%3F&csrf=00".into());
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post(format!("decision=comment&comment=++&csrf={csrf}"));
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(comments().is_empty());
    let r = post(format!(
        "decision=comment&comment={}&csrf={csrf}",
        form_encode("Can the blue be darker? <b>")
    ));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your comment is recorded"), "{}", r.body);
    // minijinja escapes "/" in HTML; a browser reads it as "/".
    let back = r.body.replace("&#x2f;", "/");
    assert!(
        back.contains(&format!("href=\"{path}\" id=\"back\"")),
        "{back}"
    );
    // The same comment again (a second press, a reload): nothing new.
    let again = post(format!(
        "decision=comment&comment={}&csrf={csrf}",
        form_encode("Can the blue be darker? <b>")
    ));
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("already recorded"), "{}", again.body);
    let files = comments();
    assert_eq!(files.len(), 1, "{files:?}");
    let record = String::from_utf8(env.store_file(&files[0])).unwrap();
    assert!(record.contains("via = \"link\""), "{record}");
    assert!(record.contains("by = \"bob\""), "{record}");
    assert!(record.contains("[link]"), "{record}");
    assert!(record.contains("user_agent = \"signoff-test\""), "{record}");
    assert!(!record.contains("internal"), "{record}");
    // Nothing decided; the comment shows on the page (escaped), verifies,
    // and the same link still decides.
    assert_eq!(env.status_json("acme/a")["state"], "pending");
    let page = http(&server.addr, "GET", &path, None);
    assert!(
        page.body.contains("Can the blue be darker? &lt;b&gt;"),
        "{}",
        page.body
    );
    env.run("alice", &["verify"]).ok();
    let shown = env.run("alice", &["show", "acme/a", "--json"]).ok().json();
    assert_eq!(shown["comments"][0]["via"], "link", "{shown}");
    let r = post(format!("decision=approve&csrf={csrf}"));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("your decision is recorded"), "{}", r.body);
    assert_eq!(env.status_json("acme/a")["state"], "approved");
    env.run("alice", &["verify"]).ok();
}

#[test]
fn the_inbox_shows_deadlines_what_others_decided_and_the_persons_own_decisions() {
    let env = portal();
    let ask = |name: &str, file: &str, extra: &[&str]| {
        env.write(file, name);
        let mut args = vec!["request", name, file];
        args.extend_from_slice(extra);
        env.run("alice", &args).ok();
    };
    // Any one of bob and cat may decide a; cat does.
    ask("acme/a", "a.txt", &["--to", "bob,cat", "--quorum", "1"]);
    env.run("cat", &["approve", "acme/a"]).ok();
    // bob asks for changes on b, then approves its second version.
    ask("acme/b", "b.txt", &["--to", "bob"]);
    env.run("bob", &["changes", "acme/b", "-m", "Bigger type"])
        .ok();
    ask("acme/b", "b2.txt", &["--to", "bob"]);
    env.run("bob", &["approve", "acme/b"]).ok();
    // c waits on bob, with a title and a deadline.
    ask(
        "acme/c",
        "c.txt",
        &[
            "--to",
            "bob",
            "--due",
            "2099-01-01",
            "--title",
            "Spring poster",
        ],
    );
    // d needs both bob and cat; cat has approved it.
    ask("acme/d", "d.txt", &["--to", "bob,cat"]);
    env.run("cat", &["approve", "acme/d"]).ok();
    let server = Server::start(&env);
    let inbox = env
        .run("alice", &["link", "--for", "bob", "--inbox"])
        .ok()
        .stdout;
    let page = http(&server.addr, "GET", &path_of(inbox.trim()), None);
    assert_eq!(page.status, 200, "{}", page.body);
    let body = page.body.replace("&#x2f;", "/");
    let section = |id: &str| {
        let start = body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id} in\n{body}"));
        body[start..start + body[start..].find("</section>").unwrap()].to_string()
    };
    let waiting = section("inbox");
    assert!(waiting.contains("Spring poster v1"), "{waiting}");
    assert!(
        // A bare date ends at midnight in their zone (UTC here).
        waiting.contains("due <time datetime=\"2099-01-01T23:59:59Z\">2099-01-01 23:59 UTC</time>"),
        "{waiting}"
    );
    let d = &waiting[waiting.find("acme/d v1").expect(&waiting)..];
    assert!(d.contains("So far: cat approved it on <time"), "{waiting}");
    assert!(
        !waiting.contains("acme/a") && !waiting.contains("acme/b"),
        "{waiting}"
    );
    let decided = section("decided");
    assert!(
        decided.contains("acme/a v1: approved. cat approved it on"),
        "{decided}"
    );
    assert!(
        decided.contains("Any one of the reviewers could decide"),
        "{decided}"
    );
    assert!(!decided.contains("acme/b"), "{decided}");
    let mine = section("your-decisions");
    let approved = mine.find("You approved acme/b v2 on").expect(&mine);
    let changes = mine
        .find("You requested changes on acme/b v1 on")
        .expect(&mine);
    assert!(approved < changes, "newest first: {mine}");
    assert!(mine.contains("Bigger type"), "{mine}");
    assert!(!mine.contains("acme/a"), "{mine}");
}
