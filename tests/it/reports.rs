//! Reports and certificates: rendered output (snapshotted with ids and
//! hashes redacted), escaping, and the certificate's `ssh-keygen` commands
//! actually re-checking every signature with stock OpenSSH.

use crate::common::{TestEnv, bin};
use crate::mail::{NOW, redactions};

fn decided_env() -> TestEnv {
    let env = TestEnv::with_people_at(NOW);
    env.git(&["config", "signoff.notify", "false"]);
    // The author may not enter decisions for others: dan, an admin who is
    // not a reviewer, does.
    env.add_person("dan");
    env.apply_policy("alice", |p| {
        p.groups.get_mut("admins").unwrap().push("dan".into());
    })
    .ok();
    env.write("logo.svg", "<svg>v1</svg>");
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
        ],
    )
    .ok();
    env.run(
        "bob",
        &["approve", "acme/logo", "-m", "<b>Nice</b>, \"ship\""],
    )
    .ok();
    env.run(
        "dan",
        &[
            "approve",
            "acme/logo",
            "--on-behalf-of",
            "cat",
            "--evidence",
            "phone call 10:00",
        ],
    )
    .ok();
    env
}

#[test]
fn report_formats() {
    let env = decided_env();
    let md = env.run("alice", &["report", "--format", "md"]).ok().stdout;
    insta::with_settings!({filters => redactions()}, {
        insta::assert_snapshot!("report_md", md);
    });
    let html = env
        .run("alice", &["report", "--format", "html"])
        .ok()
        .stdout;
    assert!(
        html.contains("&lt;b&gt;Nice&lt;&#x2f;b&gt;, &quot;ship&quot;"),
        "{html}"
    );
    assert!(!html.contains("<b>Nice"), "{html}");
    let csv = env.run("alice", &["report", "--format", "csv"]).ok().stdout;
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("deliverable,version,request,state")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("acme/logo,1,"), "{row}");
    assert!(row.contains(",approved,alice,"), "{row}");
    let json = env.run("alice", &["report", "--json"]).ok().json();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["requests"][0]["state"], "approved");
    assert_eq!(json["requests"][0]["turnaround_seconds"], 0);
    let d = &json["requests"][0]["decisions"][1];
    assert_eq!(d["person"], "cat");
    assert_eq!(d["entered_by"], "dan");
    assert_eq!(d["evidence"], "phone call 10:00");
    let none = env.run("alice", &["report", "--state", "pending"]).ok();
    assert!(none.stderr.contains("nothing to report"));
}

#[test]
fn certificate_renders_and_its_commands_verify_with_ssh_keygen() {
    let env = decided_env();
    let md = env
        .run("alice", &["certificate", "acme/logo", "--format", "md"])
        .ok()
        .stdout;
    insta::with_settings!({filters => redactions()}, {
        insta::assert_snapshot!("certificate_md", md);
    });
    let html = env
        .run(
            "alice",
            &[
                "certificate",
                "acme/logo",
                "--version",
                "1",
                "--format",
                "html",
            ],
        )
        .ok()
        .stdout;
    assert!(html.contains("&lt;b&gt;Nice&lt;&#x2f;b&gt;"), "{html}");
    assert!(html.contains("mailto:bob@example.com"), "{html}");
    let cert = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(cert["verification"]["ok"], true);
    assert_eq!(cert["decisions"].as_array().unwrap().len(), 2);
    let commands: Vec<String> = cert["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        commands[1],
        "signoff policy allowed-signers -o allowed_signers"
    );
    // Run every command but the fetch (there is no remote), as an auditor would.
    let mut verified = 0;
    for c in commands.iter().skip(1) {
        let c = match c.strip_prefix("signoff ") {
            Some(rest) => format!("{} {rest}", bin().display()),
            None => c.clone(),
        };
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&c)
            .current_dir(&env.repo)
            .env("HOME", env.home("alice"))
            .env("SIGNOFF_NO_TOFU_WARNING", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{c}\n{stdout}\n{stderr}");
        if c.contains("ssh-keygen -Y verify") {
            assert!(
                stdout.contains("Good \"signoff\" signature"),
                "{c}: {stdout}"
            );
            verified += 1;
        }
        if let Some((_, expect)) = c.split_once("# expect ") {
            assert!(stdout.starts_with(expect.trim()), "{c}: {stdout}");
        }
    }
    assert_eq!(verified, 3, "request and two decisions");
    let run = env
        .run("alice", &["certificate", "acme/logo", "--version", "3"])
        .code(3);
    assert!(run.stderr.contains("has no version 3"), "{}", run.stderr);
}

/// An outsider with a fresh clone of the team's remote and nothing else
/// runs the certificate's commands as printed, in order: each succeeds,
/// every signature is good and every file hashes as expected.
#[test]
fn the_certificate_commands_work_verbatim_in_a_fresh_clone() {
    let env = decided_env();
    let bare = env.tmp.path().join("team.git");
    crate::common::sh(
        env.tmp.path(),
        "git",
        &["init", "-q", "--bare", bare.to_str().unwrap()],
    );
    env.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    env.run("alice", &["sync"]).ok();
    let cert = env
        .run("alice", &["certificate", "acme/logo", "--json"])
        .ok()
        .json();
    let clone = env.tmp.path().join("outsider");
    crate::common::sh(
        env.tmp.path(),
        "git",
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    // `signoff` on PATH as the outsider installed it; an empty home.
    let tools = env.tmp.path().join("outsider-bin");
    std::fs::create_dir_all(&tools).unwrap();
    std::os::unix::fs::symlink(bin(), tools.join("signoff")).unwrap();
    let home = env.tmp.path().join("outsider-home");
    std::fs::create_dir_all(&home).unwrap();
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut verified = 0;
    let mut hashed = 0;
    for c in cert["commands"].as_array().unwrap() {
        let c = c.as_str().unwrap();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(c)
            .current_dir(&clone)
            .env_clear()
            .env("PATH", &path)
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{c}\n{stdout}\n{stderr}");
        if c.contains("ssh-keygen -Y verify") {
            assert!(
                stdout.contains("Good \"signoff\" signature"),
                "{c}: {stdout}"
            );
            verified += 1;
        }
        if let Some((_, expect)) = c.split_once("# expect ") {
            assert!(stdout.starts_with(expect.trim()), "{c}: {stdout}");
            hashed += 1;
        }
    }
    assert_eq!(
        (verified, hashed),
        (3, 1),
        "request, two decisions, one file"
    );
}

/// The report's table says who entered a decision for someone else, as
/// every other form of the report does.
#[test]
fn the_report_table_names_who_entered_a_decision() {
    let env = decided_env();
    let table = env.run("alice", &["report"]).ok().stdout;
    assert!(table.contains("cat approve (entered by dan)"), "{table}");
}
