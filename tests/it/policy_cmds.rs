//! `signoff policy check | edit | apply | sign`, `group`, `person remove`:
//! every change is version N+1, signed by the caller, in effect only with
//! the thresholds of N and N+1.

use crate::common::TestEnv;

#[test]
fn apply_needs_old_and_new_admin_thresholds() {
    let env = TestEnv::with_people();
    // Version 4: bob becomes an admin, threshold 2. alice (v3's only admin)
    // signs, but v4's own threshold needs bob as well.
    let r = env
        .apply_policy("alice", |p| {
            p.groups
                .insert("admins".into(), vec!["alice".into(), "bob".into()]);
            p.admins.threshold = 2;
        })
        .ok();
    assert!(
        r.stdout
            .contains("policy version 4 proposed; it takes effect when enough admins sign it"),
        "{}",
        r.stdout
    );
    assert_eq!(env.policy().version, 3);
    let r = env.run("cat", &["policy", "sign"]).code(4);
    assert!(
        r.stderr
            .contains("cat is not an admin of policy version 3 or 4"),
        "{}",
        r.stderr
    );
    env.run("bob", &["policy", "sign", "--yes"]).ok();
    assert_eq!(env.policy().version, 4);
    let r = env.run("bob", &["policy", "sign"]).code(4);
    assert!(
        r.stderr
            .contains("no policy version is waiting for signatures"),
        "{}",
        r.stderr
    );
    // Version 5 needs two of version 4's admins.
    env.run("bob", &["group", "add", "leads", "bob", "cat"])
        .ok();
    assert_eq!(env.policy().version, 4);
    env.run("alice", &["policy", "sign", "5", "--yes"]).ok();
    assert_eq!(env.policy().version, 5);
    assert_eq!(
        env.policy().groups["leads"],
        vec!["bob".to_string(), "cat".to_string()]
    );
    // Stock OpenSSH agrees with the admin signatures.
    let signers = env.tmp.path().join("allowed_signers");
    env.run(
        "alice",
        &["policy", "allowed-signers", "-o", signers.to_str().unwrap()],
    )
    .ok();
    let v5 = env.tmp.path().join("v5.toml");
    let v5_path = env.policy_file(5);
    std::fs::write(&v5, env.git(&["show", &format!("signoff:{v5_path}")])).unwrap();
    let sig = env.tmp.path().join("v5.sig");
    std::fs::write(
        &sig,
        env.git(&[
            "show",
            &format!("signoff:{}/alice.sig", TestEnv::policy_sig_dir(&v5_path)),
        ]),
    )
    .unwrap();
    let out = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(&signers)
        .args(["-I", "alice", "-n", "signoff", "-s"])
        .arg(&sig)
        .stdin(std::fs::File::open(&v5).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A policy file (made from `policy show`) that `person` runs `policy
/// SUB` on, refused with `code`, stderr saying `says`.
struct BadFile<'a> {
    case: &'a str,
    text: String,
    person: &'a str,
    sub: &'a str,
    code: i32,
    says: &'a [&'a str],
}

#[test]
fn apply_and_check_refuse_bad_files_and_write_nothing() {
    let env = TestEnv::with_people();
    let tip = env.tip();
    let file = env.tmp.path().join("p.toml");
    let shown = env.run("alice", &["policy", "show"]).ok().stdout;
    let bad_rule = |s: &str| {
        format!(
            "{s}\n[[rules]]\nmatch = \"x/**\"\nrequire = [{{ group = \"ghosts\", count = 1 }}]\n"
        )
    };
    let good = |s: &str| {
        s.replace("threshold = 1", "threshold = 1\n")
            .replace("[groups]\n", "[groups]\nleads = [\"bob\", \"cat\"]\n")
    };
    let cases = [
        BadFile {
            case: "a skipped version",
            text: shown.replace("version = 3", "version = 5"),
            person: "alice",
            sub: "apply",
            code: 4,
            says: &["versions go up by exactly one"],
        },
        BadFile {
            case: "no change",
            text: shown.clone(),
            person: "alice",
            sub: "apply",
            code: 4,
            says: &["the policy file changes nothing"],
        },
        BadFile {
            case: "an unknown group, checked",
            text: bad_rule(&shown),
            person: "alice",
            sub: "check",
            code: 2,
            says: &["requires unknown group ghosts"],
        },
        BadFile {
            case: "an unknown group, applied",
            text: bad_rule(&shown),
            person: "alice",
            sub: "apply",
            code: 2,
            says: &[],
        },
        BadFile {
            case: "an unknown key",
            text: format!("{shown}\nsurprise = true\n"),
            person: "alice",
            sub: "apply",
            code: 2,
            says: &["the policy file is not valid"],
        },
        BadFile {
            case: "a good file applied by a non-admin",
            text: good(&shown),
            person: "bob",
            sub: "apply",
            code: 4,
            says: &["only admins can change the policy"],
        },
    ];
    for BadFile {
        case,
        text,
        person,
        sub,
        code,
        says,
    } in cases
    {
        std::fs::write(&file, text).unwrap();
        let r = env.run(person, &["policy", sub, file.to_str().unwrap()]);
        assert_eq!(r.code, code, "{case}: expected exit {code}\n{r:?}");
        for needle in says {
            assert!(
                r.stderr.contains(needle),
                "{case}: {needle:?} in\n{}",
                r.stderr
            );
        }
        assert_eq!(env.tip(), tip, "{case}: nothing written");
    }

    std::fs::write(&file, good(&shown)).unwrap();
    let r = env
        .run("alice", &["policy", "check", file.to_str().unwrap()])
        .ok();
    assert!(
        r.stdout.contains("valid; it would be written as version 4"),
        "{}",
        r.stdout
    );
    assert_eq!(env.tip(), tip, "nothing written");
    env.run("alice", &["policy", "apply", file.to_str().unwrap()])
        .ok();
    assert_eq!(env.policy().version, 4);
}

#[test]
fn edit_opens_the_editor_on_the_next_version() {
    let mut env = TestEnv::with_people();
    let script = env.tmp.path().join("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^\\[groups\\]$/[groups]\\nleads = [\"bob\"]/' \"$1\"\ngrep -q '^version = 4$' \"$1\"\n",
    )
    .unwrap();
    sh_chmod(&script);
    env.extra_env
        .push(("EDITOR".into(), script.to_str().unwrap().into()));
    let r = env.run("alice", &["policy", "edit"]).ok();
    assert!(
        r.stdout
            .contains("Edited policy: policy version 4 is in effect"),
        "{}",
        r.stdout
    );
    assert_eq!(env.policy().groups["leads"], vec!["bob".to_string()]);

    // An edit that breaks the policy is refused and kept for fixing.
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^threshold = 1$/threshold = 7/' \"$1\"\n",
    )
    .unwrap();
    let tip = env.tip();
    let r = env.run("alice", &["policy", "edit"]).code(2);
    assert!(r.stderr.contains("admin threshold 7"), "{}", r.stderr);
    assert!(r.stderr.contains("your edit is kept in"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);

    // Saving it unchanged aborts without writing.
    std::fs::write(&script, "#!/bin/sh\ntrue\n").unwrap();
    let r = env.run("alice", &["policy", "edit"]).ok();
    assert!(
        r.stderr.contains("policy unchanged; nothing written"),
        "{}",
        r.stderr
    );
    assert_eq!(env.tip(), tip);

    env.extra_env.retain(|(k, _)| k != "EDITOR");
    let r = env.run("alice", &["policy", "edit"]).code(2);
    assert!(
        r.stderr.contains("neither VISUAL nor EDITOR is set"),
        "{}",
        r.stderr
    );
}

fn sh_chmod(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn groups_and_person_remove() {
    let env = TestEnv::with_people();
    env.run("alice", &["group", "add", "leads", "bob", "cat"])
        .ok();
    let r = env.run("alice", &["group", "add", "leads", "bob"]).code(4);
    assert!(
        r.stderr.contains("bob is already in group leads"),
        "{}",
        r.stderr
    );
    env.run("alice", &["group", "add", "leads", "zed"]).code(3);
    let list = env.run("alice", &["group", "list", "--json"]).ok().json();
    assert_eq!(list["groups"]["leads"], serde_json::json!(["bob", "cat"]));
    let table = env.run("alice", &["group", "list"]).ok().stdout;
    assert!(table.contains("admins (admins, 1 to sign)"), "{table}");
    env.run("alice", &["group", "remove", "leads", "cat"]).ok();
    assert_eq!(env.policy().groups["leads"], vec!["bob".to_string()]);
    env.run("alice", &["person", "remove", "bob"]).ok();
    let p = env.policy();
    assert!(p.person("bob").is_none());
    assert!(p.groups["leads"].is_empty());
    env.run("alice", &["group", "remove", "leads"]).ok();
    assert!(!env.policy().groups.contains_key("leads"));
    env.run("alice", &["group", "remove", "leads"]).code(3);
    // The last admin cannot be removed: the threshold would be unreachable.
    let r = env.run("alice", &["person", "remove", "alice"]).code(2);
    assert!(
        r.stderr
            .contains("admin threshold 1 must be between 1 and the 0 members"),
        "{}",
        r.stderr
    );
    env.run("cat", &["person", "remove", "alice"]).code(4);
}

#[test]
fn log_says_what_each_policy_version_did() {
    let env = TestEnv::with_people();
    // bob's key rotated, eve added (no key), the admin group and threshold
    // changed: one policy version, described in words.
    let new_key = env.keygen("bob2");
    let old_key = env
        .policy()
        .person("bob")
        .unwrap()
        .keys
        .first()
        .unwrap()
        .clone();
    let text = env.run("alice", &["policy", "show"]).ok().stdout;
    let old_key_body = old_key.split_whitespace().nth(1).unwrap().to_string();
    let new_key_body = new_key.split_whitespace().nth(1).unwrap().to_string();
    assert!(text.contains(&old_key_body), "{text}");
    let text = text.replace(&old_key_body, &new_key_body);
    let file = env.tmp.path().join("next.toml");
    std::fs::write(&file, text).unwrap();
    env.run("alice", &["policy", "apply", file.to_str().unwrap()])
        .ok();
    env.run(
        "alice",
        &["person", "add", "eve", "--email", "eve@example.com"],
    )
    .ok();
    let log = env.run("alice", &["log"]).ok().stdout;
    assert!(
        log.contains("policy version 1: created the store (admins: alice)"),
        "{log}"
    );
    assert!(log.contains(": added person bob"), "{log}");
    assert!(log.contains(": rotated bob's key"), "{log}");
    assert!(log.contains(": added person eve (no key)"), "{log}");
}

#[test]
fn person_add_takes_a_key_line_a_pub_file_or_stdin() {
    use std::io::Write;
    let env = TestEnv::with_people();
    let dan = env.keygen("dan");
    let eve = env.keygen("eve");
    let file = env.tmp.path().join("dan.pub");
    std::fs::write(&file, format!("# dan's key\n{dan}\n")).unwrap();
    env.run(
        "alice",
        &[
            "person",
            "add",
            "dan",
            "--email",
            "dan@example.com",
            "--key",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let mut child = env
        .cmd("alice")
        .args([
            "person",
            "add",
            "eve",
            "--email",
            "eve@example.com",
            "--key",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{eve}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let policy = env.policy();
    let body = |line: &str| line.split_whitespace().nth(1).unwrap().to_string();
    assert!(policy.person("dan").unwrap().keys[0].contains(&body(&dan)));
    assert!(policy.person("eve").unwrap().keys[0].contains(&body(&eve)));
    // A file that holds no key says so, and nothing is written.
    let junk = env.tmp.path().join("junk.pub");
    std::fs::write(&junk, "hello\n").unwrap();
    let tip = env.tip();
    let r = env
        .run(
            "alice",
            &[
                "person",
                "add",
                "fay",
                "--email",
                "fay@example.com",
                "--key",
                junk.to_str().unwrap(),
            ],
        )
        .code(2);
    assert!(r.stderr.contains("invalid key for fay"), "{}", r.stderr);
    assert_eq!(env.tip(), tip);
}
