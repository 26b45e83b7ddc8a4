//! Mail under faults: a full disk where the outbox lives, a flush killed
//! mid-send, and a message sent but not filed. A message is either in the
//! outbox or the failure is an error that says how to send it again; a
//! message is never sent twice because its filing failed. Tests that mount a
//! small file system need root and print why they skip without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestEnv;
use crate::mail::{SmtpServer, mail_env};

/// A tmpfs mounted for one test, unmounted when dropped.
pub(crate) struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `size` at `dir` (created), `None` (with the reason
    /// printed) where this machine does not allow it.
    pub(crate) fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if !root {
            crate::common::cannot_run("mounting a small file system needs root");
            return None;
        }
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            crate::common::cannot_run("this machine does not allow mounting a tmpfs");
            return None;
        }
        Some(Mount(dir.to_path_buf()))
    }

    fn remount(&self, opts: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn outbox(env: &TestEnv) -> PathBuf {
    env.repo.join(".git/signoff/outbox")
}

fn messages(env: &TestEnv, sent: bool) -> Vec<serde_json::Value> {
    let mut args = vec!["outbox", "list", "--json"];
    if sent {
        args.push("--sent");
    }
    env.run("alice", &args).ok().json()["messages"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_full_disk_under_the_outbox_fails_the_request_after_recording_it_and_requeue_sends() {
    let smtp = SmtpServer::start();
    let env = mail_env(&smtp.url());
    // The outbox lives on a tiny file system, filled to the last byte: the
    // request's record fits in the repository, its emails fit nowhere.
    let Some(mount) = Mount::tmpfs(&outbox(&env), "64k") else {
        return;
    };
    let fill = mount.0.join("fill");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", fill.display()))
        .output();
    let r = env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob,cat"],
    );
    assert_eq!(r.code, 7, "{r:?}");
    assert!(r.stdout.contains("Requested acme/logo v1"), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "error: the record is written, but 2 email(s) could not be put in the outbox (to bob, cat)"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    assert!(
        r.stderr.contains("hint: free some disk space"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("signoff outbox requeue"), "{}", r.stderr);
    assert!(!r.stderr.contains("could not prepare"), "{}", r.stderr);
    assert_eq!(
        env.status_json("acme/logo")["state"],
        "pending",
        "the record is kept"
    );
    assert!(smtp.take().is_empty());
    // Nothing half-written is left behind.
    let left: Vec<_> = walk(&mount.0).into_iter().filter(|p| *p != fill).collect();
    assert!(left.is_empty(), "{left:?}");

    // Space comes back; requeue asks both reviewers again.
    std::fs::remove_file(&fill).unwrap();
    let r = env.run("alice", &["outbox", "requeue", "acme/logo"]).ok();
    assert!(r.stdout.contains("Queued 2 email(s)"), "{}", r.stdout);
    let mut to: Vec<_> = smtp.take().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    assert_eq!(to, ["bob@example.com", "cat@example.com"]);

    // A decision on a full disk: recorded, and the lost emails are an error.
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", fill.display()))
        .output();
    let r = env.run("bob", &["approve", "acme/logo", "-m", "fine"]);
    assert_eq!(r.code, 7, "{r:?}");
    assert!(
        r.stderr.contains("error: the record is written, but"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("signoff show"), "{}", r.stderr);
    let st = env.status_json("acme/logo");
    assert!(
        st.to_string().contains("bob"),
        "bob's approval is recorded: {st}"
    );
    assert_eq!(env.record_paths("/decisions/").len(), 1);
    drop(mount);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// A request whose one email (to bob) waits in the outbox: no transport yet.
fn one_waiting() -> TestEnv {
    let env = mail_env("");
    env.git(&["config", "--unset", "signoff.smtp"]);
    env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    )
    .ok();
    assert_eq!(messages(&env, false).len(), 1);
    env
}

#[test]
fn a_flush_killed_mid_send_is_retried_by_the_next_flush_right_away() {
    let env = one_waiting();
    let slow = SmtpServer::start_slow(Duration::from_secs(20));
    env.git(&["config", "signoff.smtp", &slow.url()]);
    let mut flush = env
        .cmd("alice")
        .args(["outbox", "flush"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the flush has claimed the message and is talking to the
    // server, then kill it.
    let sending = outbox(&env).join("sending");
    let start = Instant::now();
    while !walk(&sending)
        .iter()
        .any(|p| p.extension().is_some_and(|x| x == "claim"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the flush never claimed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    flush.kill().unwrap();
    flush.wait().unwrap();
    let list = messages(&env, false);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "interrupted", "{list:?}");
    let id = list[0]["message_id"].as_str().unwrap().to_string();

    let smtp = SmtpServer::start();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    let r = env.run("alice", &["outbox", "flush"]).ok();
    assert_eq!(r.stdout.trim(), "Sent 1 message", "{r:?}");
    let got = smtp.take();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].header("Message-ID").as_deref(),
        Some(id.as_str()),
        "the same Message-ID"
    );
    assert!(messages(&env, false).is_empty());
    let r = env.run("alice", &["outbox", "flush"]).ok();
    assert_eq!(r.stdout.trim(), "Sent 0 messages");
    assert!(smtp.take().is_empty());
}

#[test]
fn a_message_sent_but_not_filed_stays_visible_and_is_not_sent_twice() {
    let env = one_waiting();
    // sent/ is a read-only file system: the message goes out, and cannot be
    // filed there.
    let Some(mount) = Mount::tmpfs(&outbox(&env).join("sent"), "64k") else {
        return;
    };
    if !mount.remount("ro") {
        crate::common::cannot_run("cannot remount a tmpfs read-only here");
        return;
    }
    let smtp = SmtpServer::start();
    env.git(&["config", "signoff.smtp", &smtp.url()]);
    let r = env.run("alice", &["outbox", "flush"]);
    assert_eq!(r.code, 7, "{r:?}");
    assert!(
        r.stderr
            .contains("1 message(s) were sent but could not be filed as sent"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("will not be sent again"), "{}", r.stderr);
    assert!(r.stderr.contains("hint: make "), "{}", r.stderr);
    assert_eq!(smtp.take().len(), 1);
    let list = messages(&env, false);
    assert_eq!(list.len(), 1, "the outbox is not empty");
    assert_eq!(list[0]["status"], "sent-unmarked");
    let text = env.run("alice", &["outbox", "list"]).ok();
    assert!(text.stdout.contains("sent-unmarked"), "{}", text.stdout);

    // Still not writable: nothing is sent again.
    env.run("alice", &["outbox", "flush"]).code(7);
    assert!(smtp.take().is_empty(), "never sent twice");

    // Writable again: the next flush files it, and sends nothing.
    drop(mount);
    let r = env.run("alice", &["outbox", "flush"]).ok();
    assert_eq!(r.stdout.trim(), "Sent 0 messages");
    assert!(smtp.take().is_empty(), "never sent twice");
    assert!(messages(&env, false).is_empty());
    let sent = messages(&env, true);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["status"], "sent");
    assert_eq!(sent[0]["attempts"], 1);
}

#[test]
fn requeue_asks_only_while_someone_is_waited_on() {
    let env = one_waiting();
    // Pending: bob is asked again (the outbox now holds two messages).
    let r = env.run("alice", &["outbox", "requeue", "acme/logo"]).ok();
    assert!(r.stdout.contains("Queued 1 email(s)"), "{}", r.stdout);
    assert_eq!(messages(&env, false).len(), 2);
    env.run("bob", &["approve", "acme/logo"]).ok();
    let r = env
        .run("alice", &["outbox", "requeue", "acme/logo"])
        .code(4);
    assert!(r.stderr.contains("waits on nobody"), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}
