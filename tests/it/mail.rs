//! Email against a real SMTP server on loopback (mailin-embedded in this
//! process): who hears what, headers, HTML escaping, the outbox when the
//! server is down, exactly-once flush, and reminders.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::common::TestEnv;

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// A header's value (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// The decoded body of the part with this content type.
    pub fn part(&self, content_type: &str) -> String {
        let start = self
            .data
            .find(&format!("Content-Type: {content_type}"))
            .unwrap_or_else(|| panic!("no {content_type} part in\n{}", self.data));
        let rest = &self.data[start..];
        let (head, body) = rest.split_once("\r\n\r\n").expect("part has a body");
        let ct = self.header("Content-Type").unwrap_or_default();
        let boundary = ct
            .split("boundary=")
            .nth(1)
            .map(|b| b.trim_matches('"').to_string())
            .expect("a multipart message");
        let body = &body[..body
            .find(&format!("\r\n--{boundary}"))
            .unwrap_or(body.len())];
        if head.contains("quoted-printable") {
            decode_qp(body)
        } else {
            assert!(!head.contains("base64"), "unexpected base64 part");
            body.replace("\r\n", "\n")
        }
    }
}

fn decode_qp(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() + 1 {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

#[derive(Clone, Default)]
struct Sink {
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Arc<Mutex<Option<Received>>>,
    /// How long to wait before answering the end of a message's data.
    delay: std::time::Duration,
}

impl mailin_embedded::Handler for Sink {
    fn data_start(
        &mut self,
        _domain: &str,
        from: &str,
        _is8bit: bool,
        to: &[String],
    ) -> mailin_embedded::Response {
        *self.current.lock().unwrap() = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: String::new(),
        });
        mailin_embedded::response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(m) = self.current.lock().unwrap().as_mut() {
            m.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }
    fn data_end(&mut self) -> mailin_embedded::Response {
        std::thread::sleep(self.delay);
        if let Some(m) = self.current.lock().unwrap().take() {
            self.inbox.lock().unwrap().push(m);
        }
        mailin_embedded::response::OK
    }
}

/// A real SMTP server on 127.0.0.1, running until the test process ends.
pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        SmtpServer::start_slow(std::time::Duration::ZERO)
    }

    /// A server that waits `delay` before accepting each message's data.
    pub fn start_slow(delay: std::time::Duration) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sink = Sink {
            delay,
            ..Sink::default()
        };
        let inbox = sink.inbox.clone();
        let mut server = mailin_embedded::Server::new(sink);
        server
            .with_name("localhost")
            .with_ssl(mailin_embedded::SslConfig::None)
            .unwrap()
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, inbox }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.inbox.lock().unwrap())
    }
}

/// A port on which nothing listens.
pub fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

pub fn redactions() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[ID]",
        ),
        (r"sha256:[0-9a-f]{64}", "sha256:[HASH]"),
        (r"SHA256:[A-Za-z0-9+/]{43}", "SHA256:[KEY]"),
        (r"\b[0-9a-f]{64}\b", "[SHA256]"),
        (r"\b[0-9a-f]{40}\b", "[OID]"),
    ]
}

pub const NOW: &str = "2026-11-20T10:00:00Z";

pub fn mail_env(url: &str) -> TestEnv {
    let env = TestEnv::with_people_at(NOW);
    env.git(&["config", "signoff.smtp", url]);
    env.git(&["config", "signoff.from", "Signoff <signoff@example.com>"]);
    env.git(&["config", "signoff.replyTo", "Studio <studio@example.com>"]);
    env.write("logo.svg", "<svg>v1</svg>");
    env
}

fn by_recipient(mut mails: Vec<Received>) -> Vec<Received> {
    mails.sort_by(|a, b| a.to.cmp(&b.to));
    mails
}

#[test]
fn request_decision_and_comment_emails() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob,cat",
            "-m",
            "Round 1",
            "--due",
            "2026-11-25",
        ],
    )
    .ok();
    let mails = by_recipient(smtp.take());
    assert_eq!(mails.len(), 2, "{mails:#?}");
    assert_eq!(mails[0].to, ["bob@example.com"]);
    assert_eq!(mails[1].to, ["cat@example.com"]);
    let m = &mails[0];
    assert_eq!(m.from, "signoff@example.com");
    assert_eq!(m.header("From").unwrap(), "Signoff <signoff@example.com>");
    assert_eq!(m.header("Reply-To").unwrap(), "Studio <studio@example.com>");
    // One subject and one thread per deliverable; automatic, and listed
    // under the store.
    assert_eq!(m.header("Subject").unwrap(), "Approval: acme/logo");
    assert_eq!(m.header("Auto-Submitted").unwrap(), "auto-generated");
    let list_id = m.header("List-Id").unwrap();
    assert!(
        list_id.starts_with('<') && list_id.ends_with(".signoff>"),
        "{list_id}"
    );
    let thread = m.header("References").unwrap();
    assert_eq!(m.header("In-Reply-To").unwrap(), thread);
    let mid = m.header("Message-ID").unwrap();
    assert!(
        mid.starts_with('<') && mid.ends_with("@example.com>"),
        "{mid}"
    );
    assert_ne!(mid, mails[1].header("Message-ID").unwrap());
    assert_eq!(m.header("Date").unwrap(), "Fri, 20 Nov 2026 10:00:00 +0000");
    assert!(
        m.header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    let text = m.part("text/plain");
    let html = m.part("text/html");
    // minijinja escapes "/" too; browsers show it as "/".
    assert!(
        html.contains("<strong>acme&#x2f;logo v1</strong>"),
        "{html}"
    );
    insta::with_settings!({filters => redactions()}, {
        insta::assert_snapshot!("request_email_text", text);
    });

    // A decision: the requester and the other reviewer hear, not the decider.
    env.run(
        "bob",
        &[
            "changes",
            "acme/logo",
            "-m",
            "Bigger <script>alert(1)</script> & bolder",
        ],
    )
    .ok();
    let mails = by_recipient(smtp.take());
    let to: Vec<&str> = mails.iter().map(|m| m.to[0].as_str()).collect();
    assert_eq!(to, ["alice@example.com", "cat@example.com"]);
    let m = &mails[0];
    assert_eq!(m.header("Subject").unwrap(), "Approval: acme/logo");
    assert_eq!(
        m.header("References").unwrap(),
        thread,
        "one thread per deliverable"
    );
    assert!(
        m.part("text/plain").contains("requested changes"),
        "{}",
        m.part("text/plain")
    );
    let html = m.part("text/html");
    assert!(
        html.contains("Bigger &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; bolder"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        m.part("text/plain")
            .contains("Bigger <script>alert(1)</script> & bolder")
    );
    // Messages about one request thread together.
    assert_eq!(m.header("References"), mails[1].header("References"));

    // A comment reaches the requester and the reviewers but not its author.
    env.run("cat", &["comment", "acme/logo", "-m", "Agree with bob"])
        .ok();
    let to: Vec<String> = by_recipient(smtp.take())
        .iter()
        .map(|m| m.to[0].clone())
        .collect();
    assert_eq!(to, ["alice@example.com", "bob@example.com"]);
    assert!(
        env.run("alice", &["outbox", "list"])
            .ok()
            .stderr
            .contains("empty"),
        "delivered messages leave the outbox"
    );
}

#[test]
fn smtp_down_keeps_the_decision_and_flush_delivers_exactly_once() {
    let env = mail_env(&format!("smtp://127.0.0.1:{}?tls=none", dead_port()));
    let run = env
        .run(
            "alice",
            &["request", "acme/logo", "logo.svg", "--to", "bob,cat"],
        )
        .ok();
    assert!(
        run.stderr.contains("warning: could not send 2 email(s)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("signoff outbox flush"),
        "{}",
        run.stderr
    );
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "pending", "the request landed");
    let list = env.run("alice", &["outbox", "list", "--json"]).ok().json();
    let msgs = list["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["status"], "pending");
    assert_eq!(msgs[0]["attempts"], 1);
    assert!(msgs[0]["last_error"].as_str().unwrap().len() > 3);

    // Flush while still down: an environment error, nothing lost.
    let run = env.run("alice", &["outbox", "flush"]).code(7);
    assert!(run.stderr.contains("could not be sent"), "{}", run.stderr);
    assert_eq!(
        env.run("alice", &["outbox", "list", "--json"]).ok().json()["messages"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let smtp = SmtpServer::start();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    let run = env.run("alice", &["outbox", "flush"]).ok();
    assert_eq!(run.stdout.trim(), "Sent 2 messages");
    let run = env.run("alice", &["outbox", "flush"]).ok();
    assert_eq!(run.stdout.trim(), "Sent 0 messages");
    let mails = by_recipient(smtp.take());
    assert_eq!(mails.len(), 2, "each message exactly once");
    assert_eq!(mails[0].to, ["bob@example.com"]);
    assert_eq!(mails[1].to, ["cat@example.com"]);
    let sent = env
        .run("alice", &["outbox", "list", "--sent", "--json"])
        .ok()
        .json();
    assert!(
        sent["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "sent")
    );
}

#[test]
fn without_transport_messages_wait_in_the_outbox() {
    let env = TestEnv::with_people();
    env.write("logo.svg", "<svg>v1</svg>");
    let run = env
        .run(
            "alice",
            &["request", "acme/logo", "logo.svg", "--to", "bob"],
        )
        .ok();
    assert!(
        run.stderr.contains("1 email(s) wait in the outbox"),
        "{}",
        run.stderr
    );
    let emls: Vec<_> = std::fs::read_dir(env.repo.join(".git/signoff/outbox"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 1);
    let eml = std::fs::read_to_string(emls[0].path()).unwrap();
    assert!(eml.contains("To: bob <bob@example.com>"), "{eml}");
    let run = env.run("alice", &["outbox", "flush"]).code(2);
    assert!(
        run.stderr.contains("error: no mail transport configured"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: git config signoff.smtp"),
        "{}",
        run.stderr
    );
}

#[test]
fn remind_due_and_overdue_once_per_interval() {
    let smtp = SmtpServer::start();
    let mut env = mail_env(&smtp.url());
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob,cat",
            "--due",
            "2026-11-21",
        ],
    )
    .ok();
    smtp.take();
    let run = env.run("alice", &["remind"]).ok();
    assert_eq!(run.stdout.matches("Reminded").count(), 2, "{}", run.stdout);
    let mails = by_recipient(smtp.take());
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].header("Subject").unwrap(), "Approval: acme/logo");
    // Within the interval nobody is reminded again.
    env.run("alice", &["remind"]).ok();
    assert!(smtp.take().is_empty());

    env.run("bob", &["approve", "acme/logo"]).ok();
    smtp.take();
    env.extra_env.retain(|(k, _)| k != "SIGNOFF_NOW");
    env.extra_env
        .push(("SIGNOFF_NOW".into(), "2026-11-22T10:00:00Z".into()));
    let run = env.run("alice", &["remind", "--json"]).ok().json();
    assert_eq!(run["reminded"].as_array().unwrap().len(), 1);
    assert_eq!(run["reminded"][0]["person"], "cat");
    assert_eq!(run["reminded"][0]["overdue"], true);
    let mails = smtp.take();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["cat@example.com"]);
    assert_eq!(mails[0].header("Subject").unwrap(), "Approval: acme/logo");
    assert!(mails[0].part("text/plain").contains("is overdue"));
}

#[test]
fn mail_goes_out_from_the_repository_never_from_a_reviewer() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    // No sender configured: the repository's own address sends.
    env.git(&["config", "--unset", "signoff.from"]);
    env.git(&["config", "--unset", "signoff.replyTo"]);
    env.git(&["config", "user.email", "approvals@agency.example"]);
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob,cat"],
    )
    .ok();
    smtp.take();
    env.run("bob", &["approve", "acme/logo"]).ok();
    let mails = by_recipient(smtp.take());
    assert!(!mails.is_empty());
    for m in &mails {
        // bob acted, but his address is only where replies go.
        assert_eq!(m.from, "approvals@agency.example", "{m:?}");
        let from = m.header("From").unwrap();
        assert_eq!(from, "\"bob via signoff\" <approvals@agency.example>");
        assert_eq!(m.header("Reply-To").unwrap(), "bob <bob@example.com>");
        assert_eq!(m.header("Auto-Submitted").unwrap(), "auto-generated");
    }
}

#[test]
fn a_client_without_a_key_gets_a_button_not_command_lines() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--email",
            "client@example.com",
            "--name",
            "Ana Client",
        ],
    )
    .ok();
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "client,bob",
            "--due",
            "2026-11-21",
        ],
    )
    .ok();
    let mails = by_recipient(smtp.take());
    let client = mails
        .iter()
        .find(|m| m.to == ["client@example.com"])
        .unwrap();
    let bob = mails.iter().find(|m| m.to == ["bob@example.com"]).unwrap();
    for part in ["text/plain", "text/html"] {
        // minijinja escapes "/" in HTML; a browser shows it as "/".
        let body = client.part(part).replace("&#x2f;", "/");
        assert!(body.contains("http://portal.invalid/d/"), "{body}");
        assert!(!body.contains("signoff approve"), "{body}");
        assert!(
            !body.contains("sha256") && !body.contains("SHA-256"),
            "{body}"
        );
        // A bare date: the end of that day in their zone (UTC here).
        assert!(body.contains("2026-11-21 23:59 UTC"), "{body}");
        // bob has a key: he keeps the command lines, and his own link.
        let his = bob.part(part).replace("&#x2f;", "/");
        assert!(his.contains("signoff approve acme"), "{his}");
        assert!(his.contains("http://portal.invalid/d/"), "{his}");
    }
    // The reminder carries the client's link too.
    env.run("alice", &["remind"]).ok();
    let reminders = smtp.take();
    let to_client = reminders
        .iter()
        .find(|m| m.to == ["client@example.com"])
        .expect("the client is reminded");
    let text = to_client.part("text/plain");
    assert!(text.contains("http://portal.invalid/d/"), "{text}");
    assert!(!text.contains("signoff approve"), "{text}");
}

#[test]
fn nobody_who_already_decided_is_told_a_stage_needs_them() {
    use signoff::policy::{Requirement, Rule, Stage};
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups
            .insert("art".into(), vec!["bob".into(), "cat".into()]);
        p.groups
            .insert("contacts".into(), vec!["cat".into(), "dan".into()]);
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
                    count: 2,
                }],
            },
        ];
        p.rules.insert(0, r);
    })
    .ok();
    env.run("alice", &["request", "acme/logo", "logo.svg"]).ok();
    // dan reviews only in the client stage: not before it opens.
    let early = env.run("dan", &["approve", "acme/logo"]).code(4);
    assert!(
        early
            .stderr
            .contains("opens once stage internal is approved"),
        "{}",
        early.stderr
    );
    smtp.take();
    // cat is in both stages: their approval closes the internal one.
    env.run("cat", &["approve", "acme/logo"]).ok();
    let asked: Vec<String> = smtp
        .take()
        .into_iter()
        .filter(|m| m.part("text/plain").contains("now waits on stage client"))
        .flat_map(|m| m.to)
        .collect();
    assert_eq!(asked, ["dan@example.com"], "cat already decided");
    env.run("dan", &["approve", "acme/logo"]).ok();
}

#[test]
fn a_stage_that_opens_is_one_message_to_each_of_its_reviewers() {
    use signoff::policy::{Requirement, Rule, Stage};
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.add_person("dan");
    // The client decides through links, made in this clone.
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.run(
        "alice",
        &["person", "add", "client", "--email", "client@example.com"],
    )
    .ok();
    // dan is in both stages: he may read the internal stage's decisions,
    // so bob's approval would reach him as a notice too.
    env.apply_policy("alice", |p| {
        p.groups
            .insert("art".into(), vec!["bob".into(), "dan".into()]);
        p.groups
            .insert("contacts".into(), vec!["dan".into(), "client".into()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        r.stages = ["art", "contacts"]
            .iter()
            .map(|g| Stage {
                name: (*g).into(),
                require: vec![Requirement {
                    group: (*g).into(),
                    count: 1,
                }],
            })
            .collect();
        p.rules.insert(0, r);
    })
    .ok();
    env.run("alice", &["request", "acme/logo", "logo.svg"]).ok();
    smtp.take();
    env.run("bob", &["approve", "acme/logo"]).ok();
    let mails = smtp.take();
    for who in ["dan@example.com", "client@example.com"] {
        let to: Vec<&Received> = mails.iter().filter(|m| m.to == [who]).collect();
        // Not a decision notice and a "now waits on you" together: one
        // message.
        assert_eq!(to.len(), 1, "{who}: {to:#?}");
        assert!(
            to[0].part("text/plain").contains("contacts"),
            "{}",
            to[0].data
        );
    }
}

#[test]
fn internal_comments_stay_off_the_clients_page_and_out_of_their_mail() {
    use crate::serve::{Server, http, link, path_of};
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.run(
        "alice",
        &["person", "add", "client", "--email", "client@example.com"],
    )
    .ok();
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "client,bob"],
    )
    .ok();
    smtp.take();
    let secret = "Budget is tight, push them to v1";
    let done = env
        .run(
            "alice",
            &["comment", "acme/logo", "--internal", "-m", secret, "--json"],
        )
        .ok()
        .json();
    assert_eq!(done["internal"], true, "{done}");
    env.run("alice", &["comment", "acme/logo", "-m", "Any questions?"])
        .ok();
    let mails = smtp.take();
    let to = |who: &str| -> Vec<String> {
        mails
            .iter()
            .filter(|m| m.to == [format!("{who}@example.com")])
            .flat_map(|m| [m.part("text/plain"), m.part("text/html")])
            .collect()
    };
    // bob (a key: the agency's side) hears both; the client only the other.
    let bob = to("bob").join("\n");
    assert!(bob.contains(secret), "{bob}");
    assert!(bob.contains("Any questions?"), "{bob}");
    let client = to("client");
    assert_eq!(client.len(), 2, "one message, two parts: {mails:#?}");
    for body in &client {
        assert!(!body.contains("Budget"), "{body}");
        assert!(body.contains("Any questions?"), "{body}");
        // No ids or store names for someone without a key.
        assert!(
            !body.contains("for store") && !body.contains("Request "),
            "{body}"
        );
    }
    // Neither their page nor their inbox shows it.
    let server = Server::start(&env);
    let page = http(
        &server.addr,
        "GET",
        &path_of(&link(&env, "acme/logo", "client", &[])),
        None,
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Any questions?"), "{}", page.body);
    assert!(!page.body.contains("Budget"), "{}", page.body);
    let inbox = env
        .run("alice", &["link", "--for", "client", "--inbox"])
        .ok()
        .stdout;
    let inbox = http(&server.addr, "GET", &path_of(inbox.trim()), None);
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(!inbox.body.contains("Budget"), "{}", inbox.body);
    // log and show mark it, in text and in JSON.
    let log = env.run("alice", &["log"]).ok().stdout;
    let line = log.lines().find(|l| l.contains(secret)).expect("logged");
    assert!(
        line.contains("[internal] commented on acme/logo v1"),
        "{log}"
    );
    let plain = log.lines().find(|l| l.contains("Any questions?")).unwrap();
    assert!(!plain.contains("[internal]"), "{log}");
    let json = env.run("alice", &["log", "--json"]).ok().stdout;
    let events: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let internal: Vec<_> = events.iter().filter(|e| e["internal"] == true).collect();
    assert_eq!(internal.len(), 1, "{json}");
    assert_eq!(internal[0]["comment"], secret);
    let show = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(show.contains(&format!("[internal] {secret}")), "{show}");
    let shown = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json();
    let flags: Vec<_> = shown["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["internal"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(flags, [true, false], "{shown}");
}

#[test]
fn a_client_reads_a_branded_phone_sized_email_with_their_deadline_and_what_changed() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.run("alice", &["serve", "init"]).ok();
    env.git(&["config", "signoff.serveUrl", "http://portal.invalid"]);
    env.git(&["config", "signoff.portalTitle", "Studio Nord"]);
    env.git(&["config", "signoff.portalAccent", "#c0392b"]);
    // A zone that does not exist: a clear error, and no policy change.
    let tip = env.tip();
    let bad = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "client",
                "--email",
                "client@example.com",
                "--tz",
                "Mars/Olympus",
            ],
        )
        .code(2);
    assert!(
        bad.stderr.contains("unknown time zone \"Mars/Olympus\""),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("hint: "), "{}", bad.stderr);
    assert_eq!(env.tip(), tip, "nothing written");
    env.run(
        "alice",
        &[
            "person",
            "add",
            "client",
            "--email",
            "client@example.com",
            "--name",
            "Ana Client",
            "--tz",
            "Europe/Paris",
        ],
    )
    .ok();
    env.write("brief.txt", "Old brief\n");
    env.write("notes.txt", "Notes\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "brief.txt",
            "notes.txt",
            "--to",
            "client,bob",
        ],
    )
    .ok();
    smtp.take();
    env.write("logo.svg", "<svg>v2</svg>");
    env.write("copy.txt", "Tagline\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "copy.txt",
            "notes.txt",
            "--to",
            "client,bob",
            "--title",
            "Spring campaign logo",
            "--due",
            "2026-11-25",
        ],
    )
    .ok();
    let mails = smtp.take();
    let client = mails
        .iter()
        .find(|m| m.to == ["client@example.com"])
        .unwrap();
    assert_eq!(
        client.header("Subject").as_deref(),
        Some("Approval: Spring campaign logo")
    );
    let text = client.part("text/plain");
    let html = client.part("text/html").replace("&#x2f;", "/");
    // The text part says what the HTML part says.
    for part in [&text, &html] {
        for said in [
            "Spring campaign logo",
            "(version 2)",
            "2026-11-25 23:59 CET (Europe/Paris)",
            "What changed since version 1:",
            "logo.svg: changed",
            "copy.txt: new",
            "brief.txt: removed",
            "http://portal.invalid/d/",
            "http://portal.invalid/i/",
        ] {
            assert!(part.contains(said), "{said:?} missing in\n{part}");
        }
        assert!(
            !part.contains("notes.txt: "),
            "unchanged files are not listed: {part}"
        );
        assert!(
            !part.contains("sha256") && !part.contains("SHA-256"),
            "{part}"
        );
    }
    // Branded like the page, and nothing wider than a phone's screen.
    assert!(html.contains("Studio Nord"), "{html}");
    assert!(html.contains("background: #c0392b"), "{html}");
    assert!(html.contains("name=\"viewport\""), "{html}");
    assert!(html.contains("max-width: 36em"), "{html}");
    assert!(!html.contains("<table"), "{html}");
    assert!(
        !html.contains("<img"),
        "no logo fetched from elsewhere: {html}"
    );
    assert!(
        !html.contains(" width=") && !html.contains(" width:") && !html.contains(";width:"),
        "no fixed widths: {html}"
    );
    // bob has a key: his deadline stays in UTC and he gets no inbox link,
    // but the same branding, and no table either.
    let bob = mails.iter().find(|m| m.to == ["bob@example.com"]).unwrap();
    let his = bob.part("text/html").replace("&#x2f;", "/");
    assert!(
        his.contains("Studio Nord") && !his.contains("<table"),
        "{his}"
    );
    assert!(!his.contains("/i/"), "{his}");
    // The reminder gives the client's deadline in their zone too.
    env.run_env(
        "alice",
        &[("SIGNOFF_NOW", "2026-11-24T10:00:00Z")],
        &["remind"],
    )
    .ok();
    let reminder = smtp
        .take()
        .into_iter()
        .find(|m| m.to == ["client@example.com"])
        .expect("the client is reminded");
    let text = reminder.part("text/plain");
    assert!(
        text.contains("is due 2026-11-25 23:59 CET (Europe/Paris)"),
        "{text}"
    );
    assert!(text.contains("http://portal.invalid/i/"), "{text}");
}

#[test]
fn the_logo_travels_inside_the_email_never_as_a_link_and_never_as_svg() {
    // A 2×2 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd,
        0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00, 0x12, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0x00, 0x44, 0x0c, 0x50, 0x0a, 0x00, 0x2f, 0xfa, 0x05, 0xfb, 0xfa, 0xd1, 0x1e,
        0x4a, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    std::fs::write(env.repo.join("brand.png"), PNG).unwrap();
    env.write(
        "brand.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    env.git(&["config", "signoff.portalLogo", "brand.png"]);
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    )
    .ok();
    let mail = smtp.take().pop().expect("bob is asked");
    assert!(
        mail.data.contains("Content-ID: <signoff-logo>"),
        "{}",
        mail.data
    );
    assert!(
        mail.data.contains("Content-Type: image/png"),
        "{}",
        mail.data
    );
    assert!(mail.data.contains("multipart/related"), "{}", mail.data);
    let html = mail.part("text/html");
    assert!(html.contains("<img src=\"cid:signoff-logo\""), "{html}");
    // The text part is untouched.
    assert!(!mail.part("text/plain").contains("signoff-logo"));
    // An SVG logo (it could carry script) is left out of mail altogether.
    env.git(&["config", "signoff.portalLogo", "brand.svg"]);
    env.run("alice", &["comment", "acme/logo", "-m", "See the new logo"])
        .ok();
    let mail = smtp.take().pop().expect("bob hears of the comment");
    assert!(!mail.data.contains("signoff-logo"), "{}", mail.data);
    assert!(
        !mail.data.contains("<script") && !mail.data.contains("image/"),
        "{}",
        mail.data
    );
}

/// Issue 22, item 1: an internal reviewer approving once more changes
/// nothing for a client stage already complete: the gate stays 0, the
/// certificate says approved, and nobody is mailed "needs 2 more".
#[test]
fn a_repeated_internal_approval_leaves_the_clients_sign_off_alone() {
    use signoff::policy::{Requirement, Rule, Stage};
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups.insert("art".into(), vec!["bob".into()]);
        p.groups
            .insert("contacts".into(), vec!["cat".into(), "dan".into()]);
        let mut r = Rule::fallback().with_pattern("acme/**");
        let stage = |name: &str, group: &str, count: u32| Stage {
            name: name.into(),
            require: vec![Requirement {
                group: group.into(),
                count,
            }],
        };
        r.stages = vec![stage("internal", "art", 1), stage("client", "contacts", 2)];
        p.rules.insert(0, r);
    })
    .ok();
    env.run("alice", &["request", "acme/logo", "logo.svg"]).ok();
    // A day of real rounds: each decision minutes after the one before.
    let at = |minute: u32| [("SIGNOFF_NOW", format!("2026-11-20T10:{minute:02}:00Z"))];
    let run = |person: &str, minute: u32, args: &[&str]| {
        let now = at(minute);
        let env_vars: Vec<(&str, &str)> = now.iter().map(|(k, v)| (*k, v.as_str())).collect();
        env.run_env(person, &env_vars, args)
    };
    for (i, person) in ["bob", "cat", "dan"].into_iter().enumerate() {
        run(
            person,
            5 * (u32::try_from(i).unwrap() + 1),
            &["approve", "acme/logo"],
        )
        .ok();
    }
    run("alice", 20, &["gate", "acme/logo"]).code(0);
    smtp.take();
    run("bob", 25, &["approve", "acme/logo", "-m", "still ok"]).ok();
    run("alice", 30, &["gate", "acme/logo"]).code(0);
    let st = run("alice", 30, &["status", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(st["state"], "approved", "{st}");
    assert_eq!(st["ignored"].as_array().map_or(0, Vec::len), 0, "{st}");
    let cert = run("alice", 30, &["certificate", "acme/logo", "--format", "md"])
        .ok()
        .stdout;
    assert!(cert.to_lowercase().contains("approved"), "{cert}");
    assert!(!cert.contains("pending"), "{cert}");
    for m in smtp.take() {
        let text = m.part("text/plain");
        assert!(!text.contains("needs 2 more"), "{:?}: {text}", m.to);
        assert!(!text.contains("now waits on"), "{:?}: {text}", m.to);
    }
}

#[test]
fn without_any_server_a_client_without_a_key_is_still_mailed() {
    // No attester in the policy: nobody else would mail the client, so
    // the clone does (without a link; someone enters their answer).
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.run(
        "alice",
        &["person", "add", "client", "--email", "client@example.com"],
    )
    .ok();
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "client"],
    )
    .ok();
    let to: Vec<Received> = smtp
        .take()
        .into_iter()
        .filter(|m| m.to == ["client@example.com"])
        .collect();
    assert_eq!(to.len(), 1, "{to:#?}");
    assert!(!to[0].part("text/plain").contains("/d/"));
}
