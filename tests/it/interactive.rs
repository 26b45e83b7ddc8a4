//! Interactive flows through a real terminal: a pseudo-terminal made by
//! python3's standard `pty` module (python3 is a CI prerequisite), and the
//! usage error scripts get instead of a prompt.

use crate::common::{TestEnv, bin};

const DRIVER: &str = r#"
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
seen = b""
def expect(pat):
    global seen
    end = time.time() + 30
    while pat.encode() not in seen:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not r:
            sys.stderr.write("timeout waiting for %r; screen: %r\n" % (pat, seen)); os.kill(pid, 9); sys.exit(90)
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            sys.stderr.write("EOF waiting for %r; screen: %r\n" % (pat, seen)); sys.exit(91)
        seen += chunk
    seen = seen[seen.index(pat.encode()) + len(pat):]
expect("Which request?"); os.write(fd, b"\r")
expect("Decision"); os.write(fd, b"\x1b[B\r")
expect("Comment"); os.write(fd, b"Make it bigger\r")
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"#;

#[test]
fn approve_without_target_asks_on_a_terminal() {
    let env = TestEnv::with_people();
    env.git(&["config", "signoff.notify", "false"]);
    env.write("logo.svg", "<svg>v1</svg>");
    env.run(
        "alice",
        &[
            "request",
            "acme/logo",
            "logo.svg",
            "--to",
            "bob",
            "-m",
            "Round 1",
        ],
    )
    .ok();
    let template = env.cmd("bob");
    let mut cmd = std::process::Command::new("python3");
    cmd.env_clear().current_dir(&env.repo);
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let out = cmd
        .env("TERM", "xterm")
        .args(["-c", DRIVER, bin().to_str().unwrap(), "approve"])
        .output()
        .expect("python3 runs (a CI prerequisite)");
    assert!(
        out.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let st = env
        .run("alice", &["status", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(
        st["state"], "changes-requested",
        "the second choice was picked"
    );
    let log = env.run("alice", &["log", "acme/logo"]).ok().stdout;
    assert!(
        log.contains("bob  requested changes on acme/logo v1: \"Make it bigger\""),
        "{log}"
    );
}

#[test]
fn without_a_terminal_a_missing_target_is_a_usage_error() {
    let env = TestEnv::with_people();
    let run = env.run("bob", &["approve"]).code(2);
    assert!(
        run.stderr.contains("error: which request?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: 'signoff list --mine'"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_pipe_is_quiet() {
    let env = TestEnv::with_people();
    env.git(&["config", "signoff.notify", "false"]);
    for i in 0..3 {
        env.write(&format!("f{i}.txt"), "x");
        env.run(
            "alice",
            &[
                "request",
                &format!("d/{i}"),
                &format!("f{i}.txt"),
                "--to",
                "bob",
            ],
        )
        .ok();
    }
    let out = env
        .cmd("alice")
        .args(["log"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            drop(child.stdout.take());
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
