//! Signatures interoperate with stock OpenSSH in both directions: every
//! record on the branch verifies with `ssh-keygen -Y verify`, and signatures
//! that `ssh-keygen -Y sign` makes through a real ssh-agent verify in-process.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::{TestEnv, base_command, sh};

/// Runs `ssh-keygen -Y verify` for one record with its signature.
fn ssh_keygen_verify(env: &TestEnv, allowed: &Path, person: &str, path: &str) -> (bool, String) {
    let sig_file = env.tmp.path().join("check.sig");
    std::fs::write(&sig_file, env.store_file(&format!("{path}.sig"))).unwrap();
    let mut child = base_command("ssh-keygen", env.tmp.path())
        .args(["-Y", "verify", "-f"])
        .arg(allowed)
        .args(["-I", person, "-n", "signoff", "-s"])
        .arg(&sig_file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ssh-keygen");
    {
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&env.store_file(path))
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The person a record names in its `by` field.
fn record_by(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value["by"].as_str().unwrap().to_string()
}

#[test]
fn every_record_verifies_with_stock_ssh_keygen() {
    let env = TestEnv::logo_round();
    env.run("bob", &["changes", "acme/logo", "-m", "Bigger"])
        .ok();
    env.run("cat", &["comment", "acme/logo", "-m", "Agree with bob"])
        .ok();
    env.request("acme/logo", "logo.svg", "<svg>v2</svg>", "bob,cat");
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("cat", &["approve", "acme/logo", "-m", "Ship it"])
        .ok();

    let allowed = env.tmp.path().join("allowed_signers");
    env.run(
        "bob",
        &["policy", "allowed-signers", "-o", allowed.to_str().unwrap()],
    )
    .ok();

    let mut records = env.record_paths("/");
    records.push("signoff.toml".into());
    // 2 requests, 3 decisions, 1 comment, and the store file.
    assert_eq!(records.len(), 7, "{records:?}");
    for path in &records {
        let by = if path == "signoff.toml" {
            "alice".to_string()
        } else {
            record_by(&env.store_file(path))
        };
        let (ok, text) = ssh_keygen_verify(&env, &allowed, &by, path);
        assert!(ok, "ssh-keygen rejected {path} as {by}: {text}");
        assert!(
            text.contains(&format!("Good \"signoff\" signature for {by}")),
            "{text}"
        );
        // The check can fail: the same record is not a good signature for
        // someone else.
        let other = if by == "bob" { "cat" } else { "bob" };
        let (ok, _) = ssh_keygen_verify(&env, &allowed, other, path);
        assert!(!ok, "{path} verified as {other}");
    }
    // Policy versions verify with stock tools too.
    for path in env.store_paths() {
        if let Some((version, signer)) = path
            .strip_prefix("policy/")
            .and_then(|r| r.split_once(".sig.d/"))
        {
            let toml = format!("policy/{version}.toml");
            let signer = signer.trim_end_matches(".sig");
            let sig_file = env.tmp.path().join("policy.sig");
            std::fs::write(&sig_file, env.store_file(&path)).unwrap();
            std::fs::write(env.tmp.path().join("policy.toml"), env.store_file(&toml)).unwrap();
            let out = base_command("sh", env.tmp.path())
                .args([
                    "-c",
                    &format!(
                        "ssh-keygen -Y verify -f allowed_signers -I {signer} -n signoff -s policy.sig < policy.toml"
                    ),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{path}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// A real ssh-agent on a socket in the test's temporary directory, killed
/// when dropped.
struct Agent {
    child: Child,
    sock: std::path::PathBuf,
}

impl Agent {
    fn start(dir: &Path) -> Agent {
        let sock = dir.join("agent.sock");
        let child = base_command("ssh-agent", dir)
            .args(["-D", "-a"])
            .arg(&sock)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ssh-agent");
        for _ in 0..200 {
            if sock.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(sock.exists(), "ssh-agent did not create its socket");
        Agent { child, sock }
    }

    fn add(&self, key: &Path) {
        let out = Command::new("ssh-add")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("SSH_AUTH_SOCK", &self.sock)
            .arg(key)
            .output()
            .expect("spawn ssh-add");
        assert!(
            out.status.success(),
            "ssh-add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn ssh_keygen_signatures_made_through_the_agent_verify_in_process() {
    let env = TestEnv::new();
    // Bob's key is made by stock ssh-keygen and handed to a real agent; the
    // private key file is then removed, so only the agent can sign with it.
    let keydir = env.tmp.path().join("bobkeys");
    std::fs::create_dir_all(&keydir).unwrap();
    let key = keydir.join("id_ed25519");
    sh(
        &keydir,
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bob",
            "-f",
            "id_ed25519",
        ],
    );
    let agent = Agent::start(env.tmp.path());
    agent.add(&key);
    std::fs::remove_file(&key).unwrap();
    let public = std::fs::read_to_string(keydir.join("id_ed25519.pub")).unwrap();
    env.init();
    env.run(
        "alice",
        &[
            "person",
            "add",
            "bob",
            "--email",
            "bob@example.com",
            "--key",
            public.trim(),
        ],
    )
    .ok();
    env.request("acme/logo", "logo.svg", "<svg/>", "bob");

    let pub_path = keydir.join("id_ed25519.pub");
    let pub_arg = pub_path.to_str().unwrap();
    // Without the agent the .pub alone cannot sign: refused, nothing written.
    let before = env.tip();
    let r = env.run("bob", &["approve", "acme/logo", "--signing-key", pub_arg]);
    assert_eq!(r.code, 6, "{r:?}");
    assert!(r.stderr.contains("hint: "), "{}", r.stderr);
    assert_eq!(env.tip(), before);

    let sock = agent.sock.to_str().unwrap().to_string();
    env.run_env(
        "bob",
        &[("SSH_AUTH_SOCK", &sock)],
        &[
            "approve",
            "acme/logo",
            "--signing-key",
            pub_arg,
            "-m",
            "via agent",
        ],
    )
    .ok();
    let st = env.status_json("acme/logo");
    assert_eq!(st["state"], "approved");
    env.run("alice", &["verify"]).ok();

    // The decision's signature is exactly what ssh-keygen produced, and it
    // verifies with stock tools as well.
    let decisions = env.record_paths("/decisions/");
    assert_eq!(decisions.len(), 1);
    let allowed = env.tmp.path().join("allowed_signers");
    env.run(
        "alice",
        &["policy", "allowed-signers", "-o", allowed.to_str().unwrap()],
    )
    .ok();
    let (ok, text) = ssh_keygen_verify(&env, &allowed, "bob", &decisions[0]);
    assert!(ok, "{text}");
    drop(agent);
}

#[test]
fn gits_own_ssh_signing_key_is_used_when_signoff_has_none() {
    let env = TestEnv::new();
    env.init();
    // bob signs his commits with SSH (gpg.format = ssh) and has no signoff
    // key: his git key is the one signoff uses, as a path or a literal key
    // whose private half is in ssh-agent.
    let keydir = env.tmp.path().join("bobgit");
    std::fs::create_dir_all(&keydir).unwrap();
    sh(
        &keydir,
        "ssh-keygen",
        &[
            "-q", "-t", "ed25519", "-N", "", "-C", "bob", "-f", "git_key",
        ],
    );
    let public = std::fs::read_to_string(keydir.join("git_key.pub")).unwrap();
    env.run(
        "alice",
        &[
            "person",
            "add",
            "bob",
            "--email",
            "bob@example.com",
            "--key",
            public.trim(),
        ],
    )
    .ok();
    env.request("acme/logo", "logo.svg", "<svg/>", "bob");
    env.git(&["config", "gpg.format", "ssh"]);
    env.git(&[
        "config",
        "user.signingKey",
        keydir.join("git_key").to_str().unwrap(),
    ]);
    let shown = env.run("bob", &["key", "show", "--json"]).ok().json();
    assert_eq!(shown["person"], "bob", "{shown}");
    let list = env.run("bob", &["key", "list"]).ok().stdout;
    assert!(list.contains("user.signingKey"), "{list}");
    env.run(
        "bob",
        &["changes", "acme/logo", "-m", "Signed with my git key"],
    )
    .ok();

    // The literal form (`key::ssh-ed25519 …`) signs through ssh-agent.
    let agent = Agent::start(env.tmp.path());
    agent.add(&keydir.join("git_key"));
    std::fs::remove_file(keydir.join("git_key")).unwrap();
    env.git(&[
        "config",
        "user.signingKey",
        &format!("key::{}", public.trim()),
    ]);
    let sock = agent.sock.to_str().unwrap().to_string();
    env.run_env(
        "bob",
        &[("SSH_AUTH_SOCK", &sock)],
        &["approve", "acme/logo"],
    )
    .ok();
    assert_eq!(env.status_json("acme/logo")["state"], "approved");
    env.run("alice", &["verify"]).ok();
    // Without gpg.format = ssh, user.signingKey is a GPG key id: not used.
    env.git(&["config", "--unset", "gpg.format"]);
    let r = env.run("bob", &["key", "show"]);
    assert_eq!(r.code, 6, "{r:?}");
}
