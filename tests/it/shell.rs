//! Small courtesies of a command-line tool, as git users expect them:
//! durations in `--since`, `signoff man DIR`, a clear refusal of `--json`
//! where the output is a file format, and completion of `--on-behalf-of`.

use crate::common::TestEnv;

#[test]
fn since_takes_a_duration_as_git_log_does() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    env.run("bob", &["approve", "rel/app"]).ok();
    let all = env.run("alice", &["log", "--json"]).ok().stdout;
    let recent = env
        .run("alice", &["log", "--since", "48h", "--json"])
        .ok()
        .stdout;
    assert_eq!(all, recent, "everything happened within 48 hours");
    assert!(!recent.is_empty());
    // In the future: nothing.
    let later = env
        .run_env(
            "alice",
            &[("SIGNOFF_NOW", "2099-01-01T00:00:00Z")],
            &["log", "--since", "48h", "--json"],
        )
        .ok()
        .stdout;
    assert_eq!(later, "", "nothing within 48 hours of 2099");
    env.run("alice", &["report", "--since", "2d"]).ok();
    let r = env.run("alice", &["log", "--since", "soonish"]).code(2);
    assert!(r.stderr.contains("48h"), "{}", r.stderr);
}

#[test]
fn man_takes_its_folder_as_an_argument() {
    let env = TestEnv::new();
    let dir = env.tmp.path().join("pages");
    env.run("alice", &["man", dir.to_str().unwrap()]).ok();
    assert!(dir.join("signoff.1").exists());
    assert!(dir.join("signoff-sync.1").exists());
}

#[test]
fn allowed_signers_refuses_json_in_words() {
    let env = TestEnv::with_people();
    let r = env
        .run("alice", &["policy", "allowed-signers", "--json"])
        .code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("not JSON"), "{}", r.stderr);
}

#[test]
fn on_behalf_of_completes_people() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    let got = crate::completion::complete(
        &env,
        &["signoff", "approve", "rel/app", "--on-behalf-of", ""],
    );
    assert_eq!(got, ["alice", "bob", "cat"]);
}

/// Runs `signoff ARGS` as alice in a pseudo-terminal (through `script`),
/// with `extra` environment; returns what the terminal showed.
fn in_pty(env: &TestEnv, extra: &[(&str, &str)], args: &str) -> String {
    in_pty_cols(env, 100, extra, args)
}

fn in_pty_cols(env: &TestEnv, cols: u16, extra: &[(&str, &str)], args: &str) -> String {
    let base = env.cmd("alice");
    let bin = base.get_program().to_string_lossy().into_owned();
    let mut c = std::process::Command::new("script");
    c.current_dir(&env.repo);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.env("TERM", "xterm-256color").env_remove("COLUMNS");
    for (k, v) in extra {
        c.env(k, v);
    }
    let inner = format!("stty cols {cols} rows 50; '{bin}' {args}");
    let out = c
        .args(["-qec", &inner, "/dev/null"])
        .output()
        .expect("run script(1)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn long_output_pages_on_a_terminal_and_never_into_a_pipe() {
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    env.run("bob", &["approve", "rel/app"]).ok();
    let pager = [("SIGNOFF_PAGER", "sed 's/^/PAGED: /'")];
    // On a terminal, log goes through the pager: every line of it.
    let shown = in_pty(&env, &pager, "log");
    let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 3, "{shown}");
    assert!(lines.iter().all(|l| l.starts_with("PAGED: ")), "{shown}");
    // show and report too.
    assert!(in_pty(&env, &pager, "show rel/app").contains("PAGED: "));
    assert!(in_pty(&env, &pager, "report").contains("PAGED: "));
    // --no-pager, and a pipe, never page.
    assert!(!in_pty(&env, &pager, "log --no-pager").contains("PAGED"));
    let piped = env.run_env("alice", &pager, &["log"]).ok().stdout;
    assert!(!piped.is_empty() && !piped.contains("PAGED"), "{piped}");
    // The order git uses: SIGNOFF_PAGER, core.pager, PAGER.
    env.git(&["config", "core.pager", "sed 's/^/CORE: /'"]);
    let env_pager = [("PAGER", "sed 's/^/ENV: /'")];
    assert!(in_pty(&env, &env_pager, "log").contains("CORE: "));
    assert!(in_pty(&env, &[pager[0], env_pager[0]], "log").contains("PAGED: "));
    env.git(&["config", "--unset", "core.pager"]);
    assert!(in_pty(&env, &env_pager, "log").contains("ENV: "));
    // "cat" is no pager at all.
    let plain = in_pty(&env, &[("SIGNOFF_PAGER", "cat")], "log");
    assert!(!plain.contains("PAGED") && !plain.trim().is_empty());
}

#[test]
fn tables_never_split_a_name_at_80_or_120_columns() {
    let env = TestEnv::with_people();
    let long = "acme/website/campaigns/spring-launch-2026/homepage-hero-image-variant-b";
    env.request(long, "hero.txt", "v1\n", "bob");
    env.request("acme/logo", "logo.svg", "<svg/>", "cat");
    for cols in [80u16, 120] {
        let shown = in_pty_cols(&env, cols, &[("NO_COLOR", "1")], "status --no-pager");
        let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
        // A header and one line per deliverable: nothing wraps.
        assert_eq!(lines.len(), 3, "{cols} columns:\n{shown}");
        assert!(
            lines[0].contains("BY"),
            "the requester has a column: {shown}"
        );
        for l in &lines {
            assert!(l.chars().count() <= usize::from(cols), "{cols}: {l:?}");
        }
        let row = lines.iter().find(|l| l.contains("acme/website")).unwrap();
        // The long name is whole, or visibly cut; never split.
        assert!(row.contains(long) || row.contains('…'), "{cols}: {row:?}");
        assert!(lines.iter().any(|l| l.contains("acme/logo")), "{shown}");
        assert!(row.contains("alice"), "{cols}: {row:?}");
    }
}

#[test]
fn log_says_each_policy_change_once() {
    let env = TestEnv::with_people();
    let log = env.run("alice", &["log"]).ok().stdout;
    let about_v2: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("policy version 2"))
        .collect();
    assert_eq!(about_v2.len(), 1, "{log}");
    assert!(!log.contains("signed policy version 2"), "{log}");
}

#[test]
fn gits_ssh_program_signs_when_the_key_is_not_in_memory() {
    // A signer in the place of ssh-keygen (as 1Password's or Secretive's
    // is): it logs its arguments, then signs with the private key that
    // belongs to the .pub file it is given.
    let env = TestEnv::with_request("rel/app", "app.txt", "v1\n", "bob");
    let log = env.tmp.path().join("program.log");
    let program = env.tmp.path().join("signer.sh");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nfor a; do case \"$a\" in *.pub) a=\"${{a%.pub}}\";; esac; set -- \"$@\" \"$a\"; shift; done\nexec ssh-keygen \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let public = format!("{}.pub", env.key_path("bob").display());
    env.git(&["config", "gpg.ssh.program", program.to_str().unwrap()]);
    env.run("bob", &["--signing-key", &public, "approve", "rel/app"])
        .ok();
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("-Y sign -n signoff"), "the record: {said}");
    assert!(said.contains("-Y sign -n git"), "the commit: {said}");
    env.run("alice", &["verify"]).ok();
    assert_eq!(env.status_json("rel/app")["state"], "approved");
}
