//! Dynamic completion, driven through real bash: the registration script
//! `COMPLETE=bash signoff` prints is sourced, and bash's completion function
//! is called as bash calls it on Tab.

use std::process::Command;

use crate::common::{TestEnv, bin};

/// What bash offers for `words` with the cursor on the last word.
pub(crate) fn complete(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let base = env.cmd("alice");
    let dir = bin().parent().unwrap().to_path_buf();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let script = format!(
        "source <(COMPLETE=bash signoff)\n\
         COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_TYPE=9\n\
         _clap_complete_signoff signoff '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        cur = words[cword],
        prev = words[cword - 1],
    );
    let mut c = Command::new("bash");
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = c
        .current_dir(&env.repo)
        .env("PATH", path)
        .args(["-c", &script])
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{out:?}");
    let mut got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        // With an empty word bash is offered the options too; the values
        // are what this test is about.
        .filter(|l| !l.is_empty() && !l.starts_with('-'))
        .map(str::to_string)
        .collect();
    got.sort();
    got
}

#[test]
fn bash_completes_deliverables_versions_people_groups_and_remotes() {
    let env = TestEnv::with_people();
    env.request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob");
    env.request("acme/logo", "logo.svg", "<svg>v2</svg>", "bob");
    env.request("rel/app", "app.txt", "v1\n", "cat");
    env.run("alice", &["group", "add", "acme-contacts", "bob"])
        .ok();
    env.git(&["remote", "add", "team", "https://example.invalid/team.git"]);

    assert_eq!(complete(&env, &["signoff", "status", "ac"]), ["acme/logo"]);
    assert_eq!(
        complete(&env, &["signoff", "approve", ""]),
        ["acme/logo", "rel/app"]
    );
    assert_eq!(
        complete(&env, &["signoff", "certificate", "acme/logo@"]),
        ["acme/logo@v1", "acme/logo@v2"]
    );
    assert_eq!(
        complete(&env, &["signoff", "link", "acme/logo", "--for", ""]),
        ["alice", "bob", "cat"]
    );
    assert_eq!(complete(&env, &["signoff", "sync", ""]), ["team"]);
    // Subcommands come from the grammar, as always.
    let subs = complete(&env, &["signoff", "cer"]);
    assert_eq!(subs, ["certificate"]);
    // Outside a repository there is nothing to offer, and no error.
    let outside = TestEnv::new();
    std::fs::remove_dir_all(outside.repo.join(".git")).unwrap();
    assert!(complete(&outside, &["signoff", "status", ""]).is_empty());
}

/// What an interactive bash in a pseudo-terminal shows when `keys` are
/// typed, chunk by chunk (readline's own word breaks, as a person meets
/// them: bash breaks words at `@`).
fn typed_in_bash(env: &TestEnv, keys: &[&str]) -> String {
    use std::io::Write as _;
    let base = env.cmd("alice");
    let dir = bin().parent().unwrap().to_path_buf();
    let mut c = Command::new("script");
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = c
        .current_dir(&env.repo)
        .env("PATH", path)
        .env("TERM", "dumb")
        .env("INPUTRC", "/dev/null")
        .args(["-qc", "bash --norc --noprofile -i", "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run script(1)");
    let mut stdin = child.stdin.take().unwrap();
    let setup = "PS1='$ '; bind 'set show-all-if-ambiguous on'; source <(COMPLETE=bash signoff)\n";
    let mut chunks = vec![setup];
    chunks.extend_from_slice(keys);
    chunks.push("\nexit\n");
    for k in chunks {
        stdin.write_all(k.as_bytes()).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(700));
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn bash_completes_versions_after_an_at_not_host_names() {
    let env = TestEnv::with_people();
    env.request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob");
    env.request("acme/logo", "logo.svg", "<svg>v2</svg>", "bob");
    env.request("rel/app", "app.txt", "v1\n", "cat");
    // One version: Tab completes it in place; Ctrl-A and `echo` show the
    // line bash made.
    let one = typed_in_bash(
        &env,
        &["signoff show rel/app@", "\t", "\x01echo LINE: ", "\n"],
    );
    assert!(
        one.lines()
            .any(|l| l.trim_end() == "LINE: signoff show rel/app@v1"),
        "{one}"
    );
    // Two: Tab lists both, and nothing else (no host names).
    let two = typed_in_bash(&env, &["signoff certificate acme/logo@v", "\t", "\x03"]);
    let listed: Vec<&str> = two
        .lines()
        .filter(|l| l.contains("@v") || l.contains("localhost"))
        .filter(|l| !l.contains("signoff"))
        .collect();
    assert_eq!(
        listed
            .iter()
            .flat_map(|l| l.split_whitespace())
            .collect::<Vec<_>>(),
        ["@v1", "@v2"],
        "{two}"
    );
    // After a version, the words go on as usual.
    let later = typed_in_bash(
        &env,
        &[
            "signoff approve acme/logo@v2 --on-behalf-of ca",
            "\t",
            "\x01echo LINE: ",
            "\n",
        ],
    );
    assert!(
        later
            .lines()
            .any(|l| l.trim_end() == "LINE: signoff approve acme/logo@v2 --on-behalf-of cat"),
        "{later}"
    );
}

#[test]
fn bash_completes_the_versions_diff_compares() {
    let env = TestEnv::with_people();
    env.request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob");
    env.request("acme/logo", "logo.svg", "<svg>v2</svg>", "bob");
    env.request("rel/app", "app.txt", "v1\n", "cat");
    assert_eq!(
        complete(&env, &["signoff", "diff", "acme/logo", ""]),
        ["v1", "v2"]
    );
    assert_eq!(
        complete(&env, &["signoff", "diff", "acme/logo", "v1", "v"]),
        ["v1", "v2"]
    );
    assert_eq!(
        complete(&env, &["signoff", "diff", "--patch", "rel/app", "v"]),
        ["v1"]
    );
    assert_eq!(
        complete(&env, &["signoff", "config", "signoff.sm"]),
        ["signoff.smtp"]
    );
    assert_eq!(
        complete(&env, &["signoff", "show", "acme/logo@v2"]),
        ["acme/logo@v2"]
    );
}
