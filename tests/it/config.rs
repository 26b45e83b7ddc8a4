//! `signoff config`: every setting with its value and origin, secrets never
//! printed, and one table that the source cannot read around: a git config
//! key or an environment variable read anywhere in `src/` but missing from
//! what `signoff config --json` lists fails here.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::TestEnv;

#[test]
fn config_shows_values_with_file_and_line_env_and_default() {
    let env = TestEnv::new();
    env.git(&[
        "config",
        "signoff.smtp",
        "smtp://mailer:hunter2@mail.example.com:587",
    ]);
    env.git(&["config", "core.pager", "less -R"]);
    let pass = [
        ("SIGNOFF_SMTP_PASSWORD", "correct-horse"),
        ("SIGNOFF_PAGER", "most"),
    ];
    let r = env.run_env("alice", &pass, &["config"]).ok();
    let line = |name: &str| {
        r.stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} row:\n{}", r.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The file and line that set it, as `git config --show-origin` says.
    let config = std::fs::read_to_string(env.repo.join(".git/config")).unwrap();
    let at = config
        .lines()
        .position(|l| l.trim_start().starts_with("smtp ="))
        .unwrap()
        + 1;
    assert_eq!(
        line("signoff.smtp"),
        format!("signoff.smtp smtp://mailer:***@mail.example.com:587 file:.git/config:{at}")
    );
    assert!(line("core.pager").starts_with("core.pager less -R file:.git/config:"));
    assert_eq!(line("SIGNOFF_PAGER"), "SIGNOFF_PAGER most env");
    assert_eq!(line("signoff.linkDays"), "signoff.linkDays 30 default");
    assert_eq!(line("signoff.serveUrl"), "signoff.serveUrl (unset)");
    assert_eq!(
        line("SIGNOFF_SMTP_PASSWORD"),
        "SIGNOFF_SMTP_PASSWORD (set) env"
    );
    // No secret anywhere, in words or JSON.
    let j = env.run_env("alice", &pass, &["config", "--json"]).ok();
    for out in [&r.stdout, &r.stderr, &j.stdout, &j.stderr] {
        assert!(
            !out.contains("correct-horse") && !out.contains("hunter2"),
            "{out}"
        );
    }
    let v = j.json();
    let pw = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "SIGNOFF_SMTP_PASSWORD")
        .unwrap();
    assert_eq!(pw["set"], true);
    assert_eq!(pw["value"], serde_json::Value::Null);
    assert_eq!(pw["secret"], true);
    let smtp = env
        .run("alice", &["config", "signoff.smtp", "--json"])
        .ok()
        .json();
    assert_eq!(smtp["settings"].as_array().unwrap().len(), 1);
    assert_eq!(smtp["settings"][0]["origin"]["scope"], "local");
    assert_eq!(smtp["settings"][0]["origin"]["line"], at);
    // Unset without a secret: (unset) in words, "set": false in JSON.
    let unset = env.run("alice", &["config", "SIGNOFF_SMTP_PASSWORD"]).ok();
    assert!(unset.stdout.contains("(unset)"), "{}", unset.stdout);
    // A name signoff does not read: not found, with the near one.
    let bad = env.run("alice", &["config", "signoff.smpt"]).code(3);
    assert!(
        bad.stderr.contains("did you mean signoff.smtp?"),
        "{}",
        bad.stderr
    );
}

#[test]
fn config_names_the_global_file_and_a_local_override() {
    let env = TestEnv::new();
    let global = env.home("alice").join(".gitconfig");
    std::fs::write(
        &global,
        "[user]\n\tname = Alice\n[signoff]\n\tfrom = team@example.com\n\tlinkDays = 7\n",
    )
    .unwrap();
    env.git(&["config", "signoff.linkDays", "3"]);
    let v = env
        .run(
            "alice",
            &["config", "signoff.from", "signoff.linkDays", "--json"],
        )
        .ok()
        .json();
    let from = &v["settings"][0];
    assert_eq!(from["name"], "signoff.from");
    assert_eq!(from["value"], "team@example.com");
    assert_eq!(from["origin"]["scope"], "global");
    assert_eq!(from["origin"]["file"], global.to_str().unwrap());
    assert_eq!(from["origin"]["line"], 4);
    // The repository's value wins, and its file is named.
    let days = &v["settings"][1];
    assert_eq!(days["value"], "3");
    assert_eq!(days["origin"]["scope"], "local");
    let r = env.run("alice", &["config", "signoff.from"]).ok();
    assert!(
        r.stdout.contains(&format!("file:{}:4", global.display())),
        "{}",
        r.stdout
    );
}

#[test]
fn config_works_outside_a_repository() {
    let env = TestEnv::new();
    std::fs::remove_dir_all(env.repo.join(".git")).unwrap();
    let r = env.run("alice", &["config", "signoff.ref"]).ok();
    assert!(
        r.stdout.contains("signoff.ref") && r.stdout.contains("default"),
        "{}",
        r.stdout
    );
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literals of `code`, outside comments (raw strings and
/// char literals handled; escapes kept as written).
fn literals(code: &str) -> Vec<(usize, String)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                let start = i + 2 + hashes;
                let end_mark = format!("\"{}", "#".repeat(hashes));
                let end = code[start..].find(&end_mark).map_or(b.len(), |e| start + e);
                out.push((i, code[start..end].to_string()));
                i = end + end_mark.len();
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push((start - 1, code[start..i.min(b.len())].to_string()));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[test]
fn every_setting_the_source_reads_is_in_the_table() {
    let env = TestEnv::new();
    let listed: BTreeSet<String> = env.run("alice", &["config", "--json"]).ok().json()["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let git_key = |s: &str| {
        let Some((section, rest)) = s.split_once('.') else {
            return false;
        };
        ["signoff", "gpg", "user", "core", "gc"].contains(&section)
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            // The store's own files, not keys.
            && !["signoff.toml", "signoff.toml.sig"].contains(&s)
    };
    let mut missing = BTreeSet::new();
    let mut seen_git = 0;
    let mut seen_env = 0;
    for f in &files {
        let code = std::fs::read_to_string(f).unwrap();
        // Tests read what they like.
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        let lits = literals(code);
        for (_, lit) in &lits {
            let lit = lit.as_str();
            if git_key(lit) {
                seen_git += 1;
                if !listed.contains(lit) {
                    missing.insert(format!("git config {lit} ({})", f.display()));
                }
            }
        }
        // An environment variable is read as `var("X")`, `var_os("X")`,
        // clap's `env = "X"`, or through a closure around them
        // (`let set = |k| std::env::var_os(k)…; set("NO_COLOR")`).
        let mut readers = vec!["var".to_string(), "var_os".to_string()];
        for (i, _) in code.match_indices("let ") {
            let stmt = &code[i..code[i..].find(';').map_or(code.len(), |e| i + e)];
            if let Some((name, body)) = stmt[4..].split_once('=') {
                if body.trim_start().starts_with('|') && body.contains("env::var") {
                    readers.push(name.trim().to_string());
                }
            }
        }
        // `var(NAME)` with `const NAME: &str = "X";` in the same file.
        for (at, lit) in &lits {
            let before = code[..*at].trim_end();
            let Some(name) = before
                .strip_suffix('=')
                .and_then(|b| b.trim_end().strip_suffix("&str"))
                .and_then(|b| b.trim_end().strip_suffix(':'))
                .and_then(|b| b.trim_end().rsplit(char::is_whitespace).next())
            else {
                continue;
            };
            let used = readers
                .iter()
                .any(|r| code.contains(&format!("{r}({name})")));
            if used && !listed.contains(lit.as_str()) {
                missing.insert(format!("environment {lit} ({})", f.display()));
            }
        }
        for (at, lit) in &lits {
            let before = code[..*at].trim_end();
            let read = before.ends_with("env =")
                || readers.iter().any(|r| {
                    before
                        .strip_suffix('(')
                        .is_some_and(|b| b.ends_with(r.as_str()))
                });
            if read {
                seen_env += 1;
                if !listed.contains(lit.as_str()) {
                    missing.insert(format!("environment {lit} ({})", f.display()));
                }
            }
        }
    }
    assert!(seen_git > 20 && seen_env > 10, "{seen_git} {seen_env}");
    assert!(
        missing.is_empty(),
        "read in the source but not in src/settings.rs:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
