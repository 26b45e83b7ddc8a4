//! Text from records is untrusted (issue 10, part 7): comments, messages,
//! names and file paths may hold terminal escapes, carriage returns and
//! bidirectional overrides; reports and certificates may be opened in a
//! spreadsheet or a Markdown viewer. Each attack is mounted as an attacker
//! does it (the CLI a reviewer has, or git plumbing plus stock `ssh-keygen`)
//! and the output is checked for the raw bytes.

use sha2::Digest as _;

use crate::common::{Edit, Run, TestEnv};

/// Escape sequences an attacker would like to reach a terminal: a window
/// title (OSC), clear screen, a carriage return that overwrites the line,
/// and a right-to-left override.
const EVIL: &str = "ok\u{1b}]0;pwned\u{7}\u{1b}[2J\rAPPROVED\u{202e}dab";

/// The characters that must never reach a terminal raw.
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            matches!(c, '\u{1b}' | '\u{7}' | '\r' | '\u{9b}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[track_caller]
fn clean(what: &str, r: &Run) {
    for (stream, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        let bad = raw_controls(text);
        assert!(
            bad.is_empty(),
            "{what}: raw {bad:?} on {stream}:\n{}",
            text.escape_debug()
        );
    }
}

#[test]
fn comments_and_messages_are_shown_escaped() {
    let env = TestEnv::with_people();
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
            EVIL,
        ],
    )
    .ok();
    env.run("bob", &["comment", "acme/logo", "-m", EVIL]).ok();
    env.run("cat", &["approve", "acme/logo", "-m", EVIL]).ok();
    for args in [
        &["status"][..],
        &["status", "acme/logo"],
        &["show", "acme/logo"],
        &["log"],
        &["report"],
        &["certificate", "acme/logo"],
    ] {
        let r = env.run("alice", args).ok();
        clean(&args.join(" "), &r);
    }
    let show = env.run("alice", &["show", "acme/logo"]).ok().stdout;
    assert!(
        show.contains("ok\\x1b]0;pwned\\x07\\x1b[2J\\rAPPROVED\\u{202e}dab"),
        "the text is shown, visibly escaped:\n{show}"
    );
    // JSON is untouched: the exact text comes back.
    let json = env
        .run("alice", &["show", "acme/logo", "--json"])
        .ok()
        .json();
    assert_eq!(json["request"]["message"], EVIL);
    assert_eq!(json["comments"][0]["comment"], EVIL);
}

#[test]
fn a_comment_cannot_forge_a_line_of_status() {
    let env = TestEnv::logo_round();
    env.run(
        "bob",
        &[
            "changes",
            "acme/logo",
            "-m",
            "fine\n  cat: approved\n  dan: approved",
        ],
    )
    .ok();
    let out = env.run("alice", &["status", "acme/logo"]).ok().stdout;
    assert!(
        !out.lines()
            .any(|l| l.trim_start().starts_with("cat: approved")),
        "a line break in a comment must not start a line:\n{out}"
    );
    let log = env.run("alice", &["log"]).ok().stdout;
    assert!(
        !log.lines()
            .any(|l| l.trim_start().starts_with("cat: approved")),
        "{log}"
    );
}

#[test]
fn file_names_with_escapes_are_shown_escaped() {
    let env = TestEnv::with_people();
    // Control characters are refused in file names; formatting characters
    // are not, and a right-to-left override makes "a<RLO>gvs.exe" read as
    // "aexe.svg".
    let name = "art/a\u{202e}gvs.exe";
    env.write(name, "<svg/>");
    env.write("art/b.svg", "<svg/>");
    env.run("alice", &["request", "acme/art", "art", "--to", "bob"])
        .ok();
    let show = env.run("alice", &["show", "acme/art"]).ok();
    clean("show", &show);
    assert!(show.stdout.contains("a\\u{202e}gvs.exe"), "{}", show.stdout);
    let md = env
        .run("alice", &["certificate", "acme/art", "--format", "md"])
        .ok();
    clean("certificate md", &md);
    // The auditor's command names the file with bash escapes, one line.
    assert!(
        md.stdout
            .lines()
            .any(|l| l.starts_with("git show ") && l.contains("$'") && l.contains("\\U0000202e")),
        "{}",
        md.stdout
    );
    let diff = env.run("alice", &["report"]).ok();
    clean("report", &diff);
}

/// Writes policy version N+1 with `edit` applied to the text of version N,
/// chained and signed by alice (the only admin) with stock ssh-keygen, and
/// commits it with git plumbing: what an admin who hand-edits the policy,
/// or an old version of signoff, could have left in the store.
fn plant_policy(env: &TestEnv, edit: impl FnOnce(String) -> String) {
    let version: u32 = env
        .store_paths()
        .iter()
        .filter_map(|p| {
            let name = p.strip_prefix("policy/")?.strip_suffix(".toml")?;
            name.split('-').next()?.parse().ok()
        })
        .max()
        .unwrap();
    let prev = env.store_file(&env.policy_file(version));
    let text = String::from_utf8(prev.clone()).unwrap();
    let text = text
        .replace(
            &format!("version = {version}\n"),
            &format!("version = {}\n", version + 1),
        )
        .lines()
        .map(|l| {
            if l.starts_with("previous = ") {
                format!(
                    "previous = \"sha256:{}\"",
                    hex::encode(sha2::Sha256::digest(&prev))
                )
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let text = edit(text);
    let bytes = text.into_bytes();
    let sig = env.sign_bytes("alice", "signoff", &bytes);
    let next = version + 1;
    env.tamper(
        &[
            Edit::Put(format!("policy/{next:06}.toml"), bytes),
            Edit::Put(format!("policy/{next:06}.sig.d/alice.sig"), sig),
        ],
        false,
    );
    assert_eq!(env.policy().version, next, "the planted policy is in force");
}

/// Gives bob a display name with a line break, a header and an escape.
fn plant_bobs_name(env: &TestEnv) {
    plant_policy(env, |t| {
        t.replace(
            "id = \"bob\"\n",
            "id = \"bob\"\nname = \"Bob\\nBcc: eve@evil.example\\u001b]0;pwned\\u0007\"\n",
        )
    });
}

#[test]
fn names_with_line_breaks_or_escapes_are_refused_at_the_door() {
    let env = TestEnv::with_people();
    let key = env.keygen("dan");
    let before = env.tip();
    // Cases: (label, display name, email).
    for (case, name, email) in [
        (
            "line break in name",
            "Dan\nBcc: eve@evil.example",
            "dan@example.com",
        ),
        (
            "OSC escape in name",
            "Dan\u{1b}]0;pwned\u{7}",
            "dan@example.com",
        ),
        ("bidi override in name", "Dan\u{202e}", "dan@example.com"),
        (
            "CRLF header in email",
            "Dan",
            "dan@example.com\r\nBcc: eve@evil.example",
        ),
        (
            "two addresses in email",
            "Dan",
            "dan@example.com,eve@evil.example",
        ),
    ] {
        let r = env.run(
            "alice",
            &[
                "person", "add", "dan", "--email", email, "--key", &key, "--name", name,
            ],
        );
        assert_eq!(r.code, 2, "{case}: expected exit 2\n{}", r.stderr);
        clean(&format!("person add, {case}"), &r);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(lines[0].starts_with("error: "), "{case}: {}", r.stderr);
        assert!(lines[1].starts_with("hint: "), "{case}: {}", r.stderr);
        assert_eq!(lines.len(), 2, "{case}: {}", r.stderr);
        assert_eq!(env.tip(), before, "{case}: nothing written");
    }
    // A hand-written policy file is the same door.
    let mut p = env.policy();
    p.people.iter_mut().find(|x| x.id == "bob").unwrap().name = "Bob\nBcc: eve@evil.example".into();
    let file = env.tmp.path().join("evil-policy.toml");
    std::fs::write(&file, toml::to_string(&p).unwrap()).unwrap();
    let r = env
        .run("alice", &["policy", "apply", file.to_str().unwrap()])
        .code(2);
    assert!(r.stderr.contains("the name of bob"), "{}", r.stderr);
    assert_eq!(env.tip(), before, "nothing written");
}

#[test]
fn a_planted_name_with_a_line_break_never_fails_a_committed_write() {
    let env = TestEnv::with_people();
    plant_bobs_name(&env);
    let list = env.run("alice", &["person", "list"]).ok();
    clean("person list", &list);
    env.write("logo.svg", "<svg>v1</svg>");
    let before = env.tip();
    // No transport: the message is prepared for the outbox.
    let r = env.run(
        "alice",
        &["request", "acme/logo", "logo.svg", "--to", "bob"],
    );
    assert_eq!(
        r.code, 0,
        "the request landed, so the command succeeds:\n{}",
        r.stderr
    );
    clean("request", &r);
    assert_ne!(env.tip(), before, "the request is written");
    let outbox = env.repo.join(".git/signoff/outbox");
    for e in std::fs::read_dir(&outbox).into_iter().flatten().flatten() {
        if e.path().extension().is_some_and(|x| x == "eml") {
            let eml = std::fs::read_to_string(e.path()).unwrap();
            let headers = eml.split("\r\n\r\n").next().unwrap();
            assert!(
                !headers.lines().any(|l| l.starts_with("Bcc:")),
                "no header injected:\n{eml}"
            );
            assert!(!eml.contains('\u{1b}'), "{eml}");
        }
    }
    // Later writes that notify bob succeed too.
    let r = env.run("cat", &["comment", "acme/logo", "-m", "looks good"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run("bob", &["approve", "acme/logo"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    clean("approve", &r);
}

#[test]
fn a_planted_name_reaches_no_terminal_raw() {
    let env = TestEnv::logo_round();
    plant_bobs_name(&env);
    env.run("bob", &["approve", "acme/logo"]).ok();
    for args in [
        &["person", "list"][..],
        &["status", "acme/logo"],
        &["show", "acme/logo"],
        &["report"],
        &["certificate", "acme/logo"],
        &["policy", "show"],
    ] {
        let r = env.run("alice", args).ok();
        clean(&args.join(" "), &r);
    }
}

#[test]
fn certificate_markdown_cannot_be_injected() {
    let env = TestEnv::logo_round();
    let evil = "fine | ![x](https://evil.example/t.png) <img src=x onerror=alert(1)>\n# Approved by the board\n[click](javascript:alert(1))";
    env.run("bob", &["approve", "acme/logo", "-m", evil]).ok();
    plant_policy(&env, |t| {
        t.replace(
            "id = \"cat\"\n",
            "id = \"cat\"\nname = \"**Cat** [the CEO](https://evil.example)\"\n",
        )
    });
    env.run("cat", &["approve", "acme/logo"]).ok();
    for cmd in [
        vec!["certificate", "acme/logo", "--format", "md"],
        vec!["report", "--format", "md"],
    ] {
        let md = env.run("alice", &cmd).ok().stdout;
        for bad in ["![x](", "<img", "**Cat**"] {
            assert!(!md.contains(bad), "{cmd:?}: {bad:?} left active:\n{md}");
        }
        // A link needs "](" after an unescaped "]".
        for (i, _) in md.match_indices("](") {
            assert!(
                i > 0 && &md[i - 1..i] == "\\",
                "{cmd:?}: a link is left active at {}:\n{md}",
                &md[i.saturating_sub(20)..]
            );
        }
        assert!(
            !md.lines().any(|l| l.starts_with("# Approved")),
            "{cmd:?}: a heading was injected:\n{md}"
        );
        // Every decision row keeps its cell borders (the certificate has
        // one column more: the policy each decision was made under).
        let expected = if cmd[0] == "certificate" { 8 } else { 7 };
        for l in md.lines().filter(|l| l.contains("| approve |")) {
            let borders = l.matches('|').count() - l.matches("\\|").count();
            assert_eq!(borders, expected, "{cmd:?}: row broken:\n{l}");
        }
    }
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let env = TestEnv::logo_round();
    // alice plants a second request whose due date is a formula, signed
    // with her own key by stock ssh-keygen: the record verifies.
    let old = env.record_paths("request.toml")[0].clone();
    let dir = old.trim_end_matches("/request.toml").to_string();
    let old_id = dir.rsplit('/').next().unwrap().to_string();
    let new_id = uuid::Uuid::now_v7().to_string();
    let new_dir = dir.replace(&old_id, &new_id);
    let formula = "=HYPERLINK(\"https://evil.example/\",\"open\")";
    let body = String::from_utf8(env.store_file(&old))
        .unwrap()
        .replace(&old_id, &new_id)
        .lines()
        .filter(|l| !l.starts_with("due = "))
        .collect::<Vec<_>>()
        .join("\n");
    // `due` goes with the top-level keys (before the first table).
    let body = match body.find("\n[") {
        Some(i) => format!(
            "{}\ndue = {}{}\n",
            &body[..i],
            toml::Value::String(formula.into()),
            &body[i..]
        ),
        None => format!("{body}\ndue = {}\n", toml::Value::String(formula.into())),
    };
    let mut edits = Vec::new();
    for p in env.store_paths() {
        if let Some(rest) = p.strip_prefix(&format!("{dir}/content/")) {
            edits.push(Edit::Put(
                format!("{new_dir}/content/{rest}"),
                env.store_file(&p),
            ));
        }
    }
    let sig = env.sign_bytes("alice", "signoff", body.as_bytes());
    edits.push(Edit::Put(
        format!("{new_dir}/request.toml"),
        body.into_bytes(),
    ));
    edits.push(Edit::Put(format!("{new_dir}/request.toml.sig"), sig));
    env.tamper(&edits, false);
    let r = env.run("alice", &["verify"]);
    assert_eq!(
        r.code, 0,
        "the planted request verifies:\n{}{}",
        r.stdout, r.stderr
    );
    let csv = env.run("alice", &["report", "--format", "csv"]).ok().stdout;
    assert!(csv.contains("HYPERLINK"), "{csv}");
    for line in csv.lines().skip(1) {
        for cell in split_csv(line) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell starts a formula: {cell:?} in\n{csv}"
            );
        }
    }
}

/// Splits one CSV line (no embedded line breaks) into unquoted cells.
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}
