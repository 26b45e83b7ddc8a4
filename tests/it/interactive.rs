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
import json
for pat, reply in json.loads(os.environ["PTY_STEPS"]):
    expect(pat); os.write(fd, reply.encode())
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
        .env(
            "PTY_STEPS",
            r#"[["Which request?", "\r"], ["Decision", "\u001b[B\r"], ["Comment", "Make it bigger\r"]]"#,
        )
        .args(["-c", DRIVER, bin().to_str().unwrap(), "approve"])
        .output()
        .expect("python3 runs (a CI prerequisite)");
    assert!(
        out.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let st = env.status_json("acme/logo");
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

#[test]
fn init_asks_for_identity_and_offers_a_key_on_a_terminal() {
    let env = TestEnv::new();
    let template = env.cmd("dana");
    let mut cmd = std::process::Command::new("python3");
    cmd.env_clear().current_dir(&env.repo);
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let out = cmd
        .env("TERM", "xterm")
        .env(
            "PTY_STEPS",
            r#"[["Generate one", "y"], ["Your email", "\u0015dana@studio.example\r"], ["Your person id", "\u0015dana\r"], ["Your name", "\u0015Dana Studio\r"]]"#,
        )
        .args(["-c", DRIVER, bin().to_str().unwrap(), "init"])
        .output()
        .expect("python3 runs (a CI prerequisite)");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "screen:\n{screen}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(screen.contains("Initialised signoff store"), "{screen}");
    let people = env.run("dana", &["person", "list", "--json"]).ok().json();
    assert_eq!(people["people"][0]["id"], "dana");
    assert_eq!(people["people"][0]["email"], "dana@studio.example");
    assert_eq!(people["people"][0]["name"], "Dana Studio");
}

#[test]
fn init_without_a_terminal_never_prompts() {
    let env = TestEnv::new();
    // No key and no terminal: a clear error, nothing written.
    let r = env.run("erin", &["init", "--id", "erin"]).code(6);
    assert!(r.stderr.contains("--generate-key"), "{}", r.stderr);
    assert!(env.run("erin", &["status"]).code == 3);
    // The flag does what the prompt would.
    env.run("erin", &["init", "--id", "erin", "--generate-key"])
        .ok();
    env.run("erin", &["key", "show"]).ok();
}
