//! Evidence that stands alone: the certificate names the policy each
//! decision was made under, records what the page showed and saw for a
//! link decision, prints `ssh-keygen` commands that work for every record,
//! and `--bundle` writes an archive that checks itself with nothing but
//! OpenSSH and coreutils.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{TestEnv, sh};
use crate::serve::{Server, csrf_of, decide_by_link, http, link, path_of, portal};

/// A folder holding only `sh`, `ssh-keygen` and the coreutils the bundle's
/// script may use, as links to the real programs.
pub fn bare_path(root: &Path) -> PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in ["sh", "ssh-keygen", "sha256sum", "dirname", "cat"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        let path = String::from_utf8(found.stdout).unwrap();
        assert!(!path.trim().is_empty(), "{tool} is not installed");
        std::os::unix::fs::symlink(path.trim(), bin.join(tool)).unwrap();
    }
    bin
}

/// Unpacks `tar` into a new empty folder and returns the bundle's folder.
pub fn unpack(tar: &Path, into: &Path) -> PathBuf {
    std::fs::create_dir_all(into).unwrap();
    let out = Command::new("tar")
        .arg("-xf")
        .arg(tar)
        .current_dir(into)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(into)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "one top folder: {dirs:?}");
    dirs.pop().unwrap()
}

/// Runs the bundle's script with an environment of nothing but `PATH`.
pub fn check(dir: &Path, path: &Path) -> (bool, String) {
    let out = Command::new(path.join("sh"))
        .arg("verify.sh")
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_certificate_bundle_checks_itself_with_only_openssh_and_coreutils() {
    let env = portal();
    env.request_logo();
    // bob decides through his email link; cat with her key.
    decide_by_link(&env, "acme/logo", "bob", "approve");
    env.run("cat", &["approve", "acme/logo", "-m", "Good"]).ok();
    let tar = env.tmp.path().join("logo-v1.tar");
    let run = env
        .run(
            "alice",
            &[
                "certificate",
                "acme/logo",
                "--bundle",
                tar.to_str().unwrap(),
            ],
        )
        .ok();
    assert!(run.stderr.contains("verify.sh"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    let empty = env.tmp.path().join("auditor");
    let dir = unpack(&tar, &empty);
    let path = bare_path(env.tmp.path());
    let (ok, text) = check(&dir, &path);
    assert!(ok, "{text}");
    assert!(
        text.contains("records/decision-01-approve.toml: signature by portal"),
        "{text}"
    );
    assert!(
        text.contains("records/decision-02-approve.toml: signature by cat"),
        "{text}"
    );
    assert!(text.contains("content/logo.svg: SHA-256 listed"), "{text}");
    assert!(text.contains("hashes to the trust root"), "{text}");
    assert!(!text.contains("FAIL"), "{text}");
    let cert: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("certificate.json")).unwrap())
            .unwrap();
    assert_eq!(cert["verification"]["ok"], true);

    // Any changed byte is caught: the approved file, a decision, a signer.
    let file = dir.join("content/logo.svg");
    std::fs::write(&file, "<svg>v2</svg>").unwrap();
    let (ok, text) = check(&dir, &path);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL"), "{text}");
    std::fs::write(&file, "<svg>v1</svg>").unwrap();
    assert!(check(&dir, &path).0);
    let decision = dir.join("records/decision-02-approve.toml");
    let bytes = std::fs::read_to_string(&decision).unwrap();
    std::fs::write(
        &decision,
        bytes.replace("comment = \"Good\"", "comment = \"Bad\""),
    )
    .unwrap();
    let (ok, text) = check(&dir, &path);
    assert!(!ok, "{text}");
    assert!(
        text.contains("FAIL  records/decision-02-approve.toml: signature by cat does not verify"),
        "{text}"
    );
    std::fs::write(&decision, bytes).unwrap();
    let signers = dir.join("allowed_signers");
    let keys = std::fs::read_to_string(&signers).unwrap();
    std::fs::write(&signers, keys.replace("cat ", "eve ")).unwrap();
    assert!(!check(&dir, &path).0);

    // A bundle that cannot be written says so and leaves nothing behind.
    let nowhere = env.tmp.path().join("missing/dir/b.tar");
    let run = env
        .run(
            "alice",
            &[
                "certificate",
                "acme/logo",
                "--bundle",
                nowhere.to_str().unwrap(),
            ],
        )
        .code(7);
    assert!(
        run.stderr.contains("cannot write the bundle"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
}

#[test]
fn link_decisions_record_what_the_page_showed_and_verify_with_the_printed_commands() {
    let env = portal();
    env.request_logo();
    let server = Server::start(&env);
    let path = path_of(&link(&env, "acme/logo", "bob", &[]));
    let page = http(&server.addr, "GET", &path, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let r = http(
        &server.addr,
        "POST",
        &path,
        Some(&format!("decision=approve&csrf={}", csrf_of(&page.body))),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    drop(server);

    let cert = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    let log = env.run("alice", &["log"]).ok().stdout;
    assert!(log.contains("approved acme/logo v1 (email link)"), "{log}");
    let d = &cert["decisions"][0];
    assert_eq!(d["via"], "link");
    assert_eq!(d["person"], "bob");
    assert_eq!(d["signer"], "portal", "{d}");
    assert_eq!(d["client_ip"], "127.0.0.1", "{d}");
    assert!(!d["user_agent"].as_str().unwrap().is_empty(), "{d}");
    // The consent text is the page's, word for word (the page escapes it).
    let consent = d["consent"].as_str().unwrap();
    assert!(consent.contains("acme/logo version 1"), "{consent}");
    let shown = page
        .body
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    assert!(shown.contains(consent), "page does not show {consent:?}");
    // The printed command names the attester's principal for the link
    // decision, and it verifies.
    let commands: Vec<String> = cert["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let verify = commands
        .iter()
        .find(|c| c.contains("decisions/") && c.contains("ssh-keygen"))
        .unwrap();
    assert!(verify.contains("-I portal "), "{verify}");
    env.run(
        "alice",
        &["policy", "allowed-signers", "-o", "allowed_signers"],
    )
    .ok();
    for c in commands.iter().filter(|c| c.starts_with("git show")) {
        let out = Command::new("sh")
            .args(["-c", c])
            .current_dir(&env.repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{c}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn each_decision_names_the_policy_it_was_made_under() {
    let env = TestEnv::with_people();
    env.request_logo();
    env.run("bob", &["approve", "acme/logo"]).ok();
    let before = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    let old = before["policy"]["version"].as_u64().unwrap();
    // A later policy change does not rewrite what bob decided under.
    env.run(
        "alice",
        &["person", "add", "dan", "--email", "dan@example.com"],
    )
    .ok();
    env.run("cat", &["changes", "acme/logo", "-m", "Smaller"])
        .ok();
    env.run("bob", &["changes", "acme/logo", "-m", "Agree with cat"])
        .ok();
    let cert = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    let now = cert["policy"]["version"].as_u64().unwrap();
    assert_eq!(now, old + 1);
    let bob = &cert["decisions"][0];
    let cat = &cert["decisions"][1];
    assert_eq!(bob["policy_version"].as_u64(), Some(old), "{bob}");
    assert_eq!(cat["policy_version"].as_u64(), Some(now), "{cat}");
    assert_eq!(bob["policy_in_chain"], true);
    assert_ne!(bob["policy_hash"], cat["policy_hash"]);
    assert_eq!(cat["policy_hash"], cert["policy"]["hash"]);
    // The timeline has the request and both decisions in order.
    let kinds: Vec<&str> = cert["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .filter(|k| *k != "email")
        .collect();
    assert_eq!(kinds, ["request", "decision", "decision", "decision"]);
    let replaced: Vec<bool> = cert["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "decision")
        .map(|m| m["replaced"].as_bool().unwrap())
        .collect();
    assert_eq!(
        replaced,
        [true, false, false],
        "bob's approval was replaced"
    );
    let md = env.run("alice", &["certificate", "acme/logo"]).ok().stdout;
    assert!(md.contains(&format!("version {old}, `sha256:")), "{md}");
    assert!(md.contains("## Timeline"), "{md}");
}

/// A bundle of `acme/logo` v1 (bob approves, cat declines), unpacked for
/// an auditor, with the folder of the only tools `verify.sh` may use.
fn declined_bundle(env: &TestEnv) -> (PathBuf, PathBuf) {
    env.request_logo();
    env.run("bob", &["approve", "acme/logo"]).ok();
    env.run("cat", &["decline", "acme/logo", "-m", "Off brand"])
        .ok();
    let tar = env.tmp.path().join("logo-v1.tar");
    env.run(
        "alice",
        &[
            "certificate",
            "acme/logo",
            "--bundle",
            tar.to_str().unwrap(),
        ],
    )
    .ok();
    let dir = unpack(&tar, &env.tmp.path().join("auditor"));
    let path = bare_path(env.tmp.path());
    let (ok, text) = check(&dir, &path);
    assert!(ok, "the untouched bundle checks: {text}");
    (dir, path)
}

#[test]
fn a_bundle_whose_file_is_replaced_and_sums_rewritten_fails() {
    let env = TestEnv::with_people();
    let (dir, path) = declined_bundle(&env);
    // Whoever hands the bundle over swaps the approved file and rewrites
    // SHA256SUMS to match, as `sha256sum` would.
    let file = dir.join("content/logo.svg");
    std::fs::write(&file, "<svg>not what was approved</svg>").unwrap();
    let sums = sh(&dir, "sha256sum", &["content/logo.svg"]);
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    let (ok, text) = check(&dir, &path);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL  content/logo.svg: hashes to"), "{text}");
}

#[test]
fn a_bundle_with_a_swapped_key_and_a_re_signed_decision_fails() {
    let env = TestEnv::with_people();
    let (dir, path) = declined_bundle(&env);
    // mallory's key replaces cat's line in allowed_signers; cat's decline
    // becomes an approval, signed by mallory with stock ssh-keygen and
    // naming mallory's key.
    let mallory = env.keygen("mallory");
    let signers = dir.join("allowed_signers");
    let lines: Vec<String> = std::fs::read_to_string(&signers)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("cat ") {
                format!("cat namespaces=\"signoff\" {mallory}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&signers, lines.join("\n") + "\n").unwrap();
    let record = dir.join("records/decision-02-decline.toml");
    let fingerprint = sh(
        env.tmp.path(),
        "ssh-keygen",
        &["-l", "-f", env.key_path("mallory").to_str().unwrap()],
    );
    let fingerprint = fingerprint.split_whitespace().nth(1).unwrap().to_string();
    let text = std::fs::read_to_string(&record).unwrap();
    let forged: String = text
        .lines()
        .map(|l| {
            if l.starts_with("decision = ") {
                "decision = \"approve\"".to_string()
            } else if l.starts_with("key = ") {
                format!("key = \"{fingerprint}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_ne!(forged, text);
    std::fs::write(&record, forged).unwrap();
    std::fs::remove_file(dir.join("records/decision-02-decline.toml.sig")).unwrap();
    env.ssh_sign("mallory", &record);
    let (ok, out) = check(&dir, &path);
    assert!(!ok, "{out}");
    assert!(
        out.contains("FAIL  records/decision-02-decline.toml: signature by cat does not verify"),
        "{out}"
    );
    assert!(
        out.contains("FAIL  records/decision-02-decline.toml: key SHA256:"),
        "{out}"
    );
    assert!(out.contains("FAIL  allowed_signers: line"), "{out}");
}

#[test]
fn a_bundle_record_that_cannot_be_read_fails_and_is_never_ok() {
    let env = TestEnv::with_people();
    let (dir, path) = declined_bundle(&env);
    for f in [
        "records/request.toml",
        "records/decision-01-approve.toml",
        "records/decision-02-decline.toml",
    ] {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    let (ok, text) = check(&dir, &path);
    assert!(!ok, "{text}");
    assert!(
        text.contains("FAIL  records/request.toml: cannot be read"),
        "{text}"
    );
    for line in text.lines().filter(|l| l.starts_with("ok ")) {
        assert!(!line.contains("records/"), "a missing record is ok: {text}");
    }
}
