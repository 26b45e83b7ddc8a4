//! Mail that must not be lost to its configuration: a broken template
//! override (the message goes out with the built-in template, and a warning
//! names the file and line; `signoff templates check` finds it first), and
//! an SMTP server that requires AUTH from a user name that is an email
//! address (percent-encoded in the URL).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::cannot_run;
use crate::mail::{SmtpServer, mail_env};

#[test]
fn a_broken_template_override_still_sends_with_the_built_in_and_warns() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    env.write(
        ".signoff/templates/email/request.html",
        "<p>Hello {{ recipient.name }}</p>\n<p>{% if %}</p>\n",
    );
    let r = env.run("alice", &["templates", "check"]);
    assert_eq!(r.code, 4, "{r:?}");
    assert!(r.stdout.contains("email/request.html"), "{}", r.stdout);
    assert!(r.stdout.contains("line 2"), "{}", r.stdout);
    let r = env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("email/request.html line 2"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("built-in"), "{}", r.stderr);
    let mails = smtp.take();
    assert_eq!(mails.len(), 1, "the message is not lost: {mails:#?}");
    let html = mails[0].part("text/html");
    assert!(html.contains("logo") && !html.contains("{% if"), "{html}");
    // Fixed, the check passes and the override is used.
    env.write(
        ".signoff/templates/email/request.html",
        "<p>Hello {{ recipient.name }}, custom</p>\n",
    );
    let r = env.run("alice", &["templates", "check"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("ok     email/request.html"),
        "{}",
        r.stdout
    );
}

/// A real SMTP server (aiosmtpd) that refuses mail without AUTH and
/// accepts only `user@example.com` / `pa:ss`.
struct AuthSmtp {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

const SERVER: &str = r#"
import sys, os, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
port, maildir = int(sys.argv[1]), sys.argv[2]
class Keep:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(maildir, "%d-%d" % (os.getpid(), time.time_ns()))
        with open(name, "wb") as f:
            f.write(envelope.original_content or b"")
        return "250 OK"
def check(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"user@example.com" and data.password == b"pa:ss"
    with open(os.path.join(maildir, "..", "auth.log"), "a") as f:
        f.write("%s %r %s\n" % (mechanism, getattr(data, "login", None), ok))
    return AuthResult(success=ok)
c = Controller(Keep(), hostname="127.0.0.1", port=port, authenticator=check,
               auth_required=True, auth_require_tls=False)
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"#;

impl AuthSmtp {
    fn start() -> Option<AuthSmtp> {
        let has = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has {
            cannot_run("needs python3 with aiosmtpd (pip install aiosmtpd)");
            return None;
        }
        let port = crate::mail::dead_port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        std::fs::create_dir(&maildir).unwrap();
        let mut child = Command::new("python3")
            .args(["-c", SERVER, &port.to_string(), maildir.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Some(AuthSmtp {
            child,
            port,
            maildir: dir,
        })
    }

    fn received(&self) -> usize {
        std::fs::read_dir(self.maildir.path().join("mail"))
            .unwrap()
            .count()
    }

    fn auth_log(&self) -> String {
        std::fs::read_to_string(self.maildir.path().join("auth.log")).unwrap_or_default()
    }
}

impl Drop for AuthSmtp {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The user name and password in the URL are percent-decoded before AUTH,
/// whether the password is in the URL or in `SIGNOFF_SMTP_PASSWORD`.
#[test]
fn smtp_auth_with_an_email_address_as_user_name() {
    let Some(server) = AuthSmtp::start() else {
        return;
    };
    // Without credentials the server refuses the mail: it requires AUTH.
    let env = mail_env(&format!("smtp://127.0.0.1:{}?tls=none", server.port));
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    );
    assert_eq!(server.received(), 0, "the server must require AUTH");
    let urls = [
        (
            format!(
                "smtp://user%40example.com:pa%3Ass@127.0.0.1:{}?tls=none",
                server.port
            ),
            None,
        ),
        (
            format!(
                "smtp://user%40example.com@127.0.0.1:{}?tls=none",
                server.port
            ),
            Some("pa:ss"),
        ),
    ];
    for (i, (url, password)) in urls.iter().enumerate() {
        let env = mail_env(url);
        let mut extra = Vec::new();
        if let Some(p) = password {
            extra.push(("SIGNOFF_SMTP_PASSWORD", *p));
        }
        let r = env.run_env(
            "alice",
            &extra,
            &["request", "acme/logo", "logo.svg", "--to", "bob"],
        );
        assert_eq!(r.code, 0, "{url}: {r:?}");
        assert_eq!(
            server.received(),
            i + 1,
            "{url}: {r:?}\nauth: {}",
            server.auth_log()
        );
    }
}
