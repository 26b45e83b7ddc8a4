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
