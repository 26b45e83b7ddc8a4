//! Keys a person already has: `key generate` says when the new key takes
//! over from one the policy knows as theirs (and how to keep it), and key
//! types signoff does not take are refused in words that name the type and
//! say what to do, wherever a key comes in.

use base64::Engine as _;

use crate::common::{TestEnv, sh};

/// Moves `person`'s generated key to `~/.ssh/id_ed25519`, where signoff
/// finds it after the keys it keeps itself.
fn move_key_to_dot_ssh(env: &TestEnv, person: &str) -> std::path::PathBuf {
    let ssh = env.home(person).join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    let from = env.key_path(person);
    let to = ssh.join("id_ed25519");
    std::fs::rename(&from, &to).unwrap();
    let mut pub_from = from.into_os_string();
    pub_from.push(".pub");
    std::fs::rename(pub_from, ssh.join("id_ed25519.pub")).unwrap();
    to
}

#[test]
fn key_generate_says_it_takes_over_from_your_key_and_how_to_keep_it() {
    let env = TestEnv::with_people();
    let old = move_key_to_dot_ssh(&env, "bob");
    let before = env.run("bob", &["key", "show", "--json"]).ok().json();
    assert_eq!(before["person"], "bob");
    let r = env.run("bob", &["key", "generate"]).ok();
    let warning = r
        .stderr
        .lines()
        .find(|l| l.starts_with("warning:"))
        .unwrap_or_else(|| panic!("no warning:\n{}", r.stderr));
    for part in [
        "takes over from",
        old.to_str().unwrap(),
        before["fingerprint"].as_str().unwrap(),
        "person bob",
        "git config --global signoff.key",
    ] {
        assert!(warning.contains(part), "{part:?} missing in {warning}");
    }
    // What it said happens: the new key signs now, and the policy does
    // not know it.
    let now = env.run("bob", &["key", "show", "--json"]).ok().json();
    assert_ne!(now["fingerprint"], before["fingerprint"]);
    assert_eq!(now["person"], serde_json::Value::Null);
    // And what it said keeps the old one does (here in the repository's
    // config: the tests' global one is /dev/null).
    sh(
        &env.repo,
        "git",
        &["config", "signoff.key", old.to_str().unwrap()],
    );
    let kept = env.run("bob", &["key", "show", "--json"]).ok().json();
    assert_eq!(kept["fingerprint"], before["fingerprint"]);
    assert_eq!(kept["person"], "bob");
}

#[test]
fn key_generate_is_quiet_about_a_key_the_policy_does_not_know() {
    let env = TestEnv::with_people();
    // dan has a key of his own, in no policy.
    let ssh = env.home("dan").join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    sh(
        &ssh,
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            "id_ed25519",
            "-C",
            "dan",
        ],
    );
    let r = env.run("dan", &["key", "generate"]).ok();
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);
    assert!(r.stderr.contains("not in the policy"), "{}", r.stderr);
    // With --signing-key, the new key takes over from nothing.
    let env2 = TestEnv::with_people();
    let old = move_key_to_dot_ssh(&env2, "cat");
    let r = env2
        .run(
            "cat",
            &["--signing-key", old.to_str().unwrap(), "key", "generate"],
        )
        .ok();
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);
    assert!(r.stderr.contains("still signs with"), "{}", r.stderr);
}

/// An OpenSSH private key file holding `alg`'s public key blob, as a FIDO
/// token's key handle file is laid out (no token is at hand in CI).
fn openssh_private_file(alg: &str) -> String {
    fn string(out: &mut Vec<u8>, b: &[u8]) {
        out.extend(u32::try_from(b.len()).unwrap().to_be_bytes());
        out.extend(b);
    }
    let mut blob = Vec::new();
    string(&mut blob, alg.as_bytes());
    string(&mut blob, b"nistp256");
    string(&mut blob, &[4; 65]);
    string(&mut blob, b"ssh:");
    let mut body = b"openssh-key-v1\0".to_vec();
    string(&mut body, b"none");
    string(&mut body, b"none");
    string(&mut body, b"");
    body.extend(1u32.to_be_bytes());
    string(&mut body, &blob);
    string(&mut body, &[0; 64]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(70)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

#[test]
fn key_types_signoff_does_not_take_are_named_with_what_to_do() {
    let env = TestEnv::with_people();
    let dir = env.tmp.path().join("keys");
    std::fs::create_dir_all(&dir).unwrap();
    let keygen = |t: &str, extra: &[&str]| {
        let mut args = vec!["-q", "-t", t, "-N", "", "-C", t, "-f", t];
        args.extend_from_slice(extra);
        let ok = std::process::Command::new("ssh-keygen")
            .current_dir(&dir)
            .args(&args)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| dir.join(t))
    };
    let mut cases: Vec<(std::path::PathBuf, &str)> = Vec::new();
    cases.push((
        keygen("rsa", &[]).expect("ssh-keygen -t rsa"),
        "an RSA key (ssh-rsa)",
    ));
    cases.push((
        keygen("ecdsa", &[]).expect("ssh-keygen -t ecdsa"),
        "an ECDSA key (ecdsa-sha2-nistp256)",
    ));
    // Newer OpenSSH builds no longer make DSA keys.
    if let Some(p) = keygen("dsa", &[]) {
        cases.push((p, "a DSA key (ssh-dss)"));
    }
    let pem = dir.join("rsa-pem");
    std::fs::copy(dir.join("rsa"), &pem).unwrap();
    sh(
        &dir,
        "ssh-keygen",
        &["-q", "-p", "-N", "", "-P", "", "-m", "PEM", "-f", "rsa-pem"],
    );
    cases.push((pem, "an RSA key (ssh-rsa)"));
    let sk = dir.join("id_ecdsa_sk");
    std::fs::write(
        &sk,
        openssh_private_file("sk-ecdsa-sha2-nistp256@openssh.com"),
    )
    .unwrap();
    cases.push((
        sk,
        "an ECDSA key on a FIDO security key (sk-ecdsa-sha2-nistp256@openssh.com)",
    ));
    for (path, words) in &cases {
        let p = path.to_str().unwrap();
        // Signing with it.
        let r = env
            .run("alice", &["--signing-key", p, "key", "show"])
            .code(6);
        assert!(r.stderr.contains(words), "{p}: {}", r.stderr);
        assert!(
            r.stderr.contains("is a key type signoff does not take"),
            "{p}: {}",
            r.stderr
        );
        let fido = words.contains("FIDO");
        let todo = if fido {
            "ssh-keygen -t ed25519-sk"
        } else {
            "signoff key generate"
        };
        assert!(
            r.stderr.contains("hint: make an Ed25519 key"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(todo), "{p}: {}", r.stderr);
        assert!(!r.stderr.contains("unknown algorithm"), "{}", r.stderr);
        // Importing it: refused, nothing written.
        let r = env.run("dan", &["key", "import", p]).code(6);
        assert!(r.stderr.contains(words), "{p}: {}", r.stderr);
        assert!(!env.key_path("dan").exists());
        // Its public half, for a person in the policy.
        let public = format!("{p}.pub");
        if std::path::Path::new(&public).exists() {
            let tip = env.git(&["rev-parse", "signoff"]);
            let r = env
                .run(
                    "alice",
                    &[
                        "person",
                        "add",
                        "zed",
                        "--email",
                        "z@example.com",
                        "--key",
                        &public,
                    ],
                )
                .code(2);
            assert!(r.stderr.contains(words), "{public}: {}", r.stderr);
            assert!(
                r.stderr.contains("ask them for an Ed25519 key"),
                "{}",
                r.stderr
            );
            assert_eq!(env.git(&["rev-parse", "signoff"]), tip);
            let r = env.run("dan", &["key", "import", &public]).code(6);
            assert!(r.stderr.contains(words), "{public}: {}", r.stderr);
        }
    }
    // A FIDO type by its public line alone.
    let line = "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABB token";
    let r = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "zed",
                "--email",
                "z@example.com",
                "--key",
                line,
            ],
        )
        .code(2);
    assert!(
        r.stderr
            .contains("an ECDSA key on a FIDO security key (sk-ecdsa-sha2-nistp256@openssh.com)"),
        "{}",
        r.stderr
    );
}
