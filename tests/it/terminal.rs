//! Output in a real pseudo-terminal (through `script`): tables aligned and
//! coloured at 80 and 120 columns, plain in a pipe, and the colour switches
//! (`NO_COLOR`, `CLICOLOR_FORCE`, `--color`) decided per stream.

use std::process::Command;

use crate::common::TestEnv;

/// Runs `signoff ARGS` as alice inside a pseudo-terminal of `cols` columns,
/// with `extra` environment variables; returns what the terminal showed.
fn in_pty(env: &TestEnv, cols: u16, extra: &[(&str, &str)], args: &str) -> String {
    let base = env.cmd("alice");
    let bin = base.get_program().to_string_lossy().into_owned();
    let mut c = Command::new("script");
    c.current_dir(&env.repo);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    c.env("TERM", "xterm-256color");
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

/// Text without ANSI colour sequences.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Three deliverables in three states, with a long message and names.
fn three_states() -> TestEnv {
    let env = TestEnv::with_people();
    env.request(
        "acme/website/homepage-hero-image",
        "hero.svg",
        "<svg>hero</svg>",
        "bob,cat",
    );
    env.request("acme/logo", "logo.svg", "<svg>v1</svg>", "bob,cat");
    env.request("acme/brochure", "brochure.txt", "text\n", "bob");
    env.run("bob", &["approve", "acme/brochure"]).ok();
    env.run(
        "bob",
        &[
            "changes",
            "acme/logo",
            "-m",
            "Make it much, much bigger please",
        ],
    )
    .ok();
    env
}

#[test]
fn tables_are_aligned_and_coloured_in_a_terminal_and_plain_in_a_pipe() {
    let env = three_states();
    for cols in [80u16, 120] {
        for cmd in ["status", "list"] {
            let shown = in_pty(&env, cols, &[], cmd);
            assert!(
                shown.contains("\u{1b}[32mapproved"),
                "{cmd} at {cols}:\n{shown}"
            );
            assert!(shown.contains("\u{1b}[33mchanges-requested"), "{shown}");
            let text = plain(&shown);
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let header = lines[0];
            // Columns are counted in characters: a cut cell ends in "…",
            // one character of three bytes.
            let col = |l: &str, x: &str| l.find(x).map(|b| l[..b].chars().count());
            let state_at = col(header, "STATE").expect("a STATE column");
            for l in &lines {
                assert!(
                    l.chars().count() <= usize::from(cols),
                    "{cmd} at {cols}: a line is wider than the terminal:\n{text}"
                );
            }
            // Every row's state starts under the header's STATE.
            for state in ["approved", "pending", "changes-requested"] {
                let row = lines
                    .iter()
                    .find(|l| l.contains(state))
                    .unwrap_or_else(|| panic!("{cmd} at {cols}: no {state} row:\n{text}"));
                assert_eq!(
                    col(row, state),
                    Some(state_at),
                    "{cmd} at {cols}: {state} is not under STATE:\n{text}"
                );
            }
        }
    }
    // Into a pipe: no colour, whatever the terminal would get.
    let piped = env.run("alice", &["status"]).ok().stdout;
    assert!(!piped.contains('\u{1b}'), "{piped}");
}

#[test]
fn colour_follows_no_color_clicolor_force_and_the_flag_per_stream() {
    let env = three_states();
    let off = in_pty(&env, 120, &[("NO_COLOR", "1")], "status");
    assert!(!off.contains('\u{1b}'), "NO_COLOR: {off}");
    let never = in_pty(&env, 120, &[], "--color never status");
    assert!(!never.contains('\u{1b}'), "--color never: {never}");
    let dumb = in_pty(&env, 120, &[("TERM", "dumb")], "status");
    assert!(!dumb.contains('\u{1b}'), "TERM=dumb: {dumb}");
    // Forced into a pipe.
    let forced = env
        .cmd("alice")
        .env("CLICOLOR_FORCE", "1")
        .args(["status"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
    // stdout into a pipe, stderr on the terminal: the table is plain, the
    // error is coloured.
    let shown = in_pty(
        &env,
        120,
        &[],
        "status acme/nope 2>&1 >/dev/null | cat; exit 0",
    );
    assert!(
        !shown.contains("\u{1b}[31merror:"),
        "stderr into a pipe: {shown}"
    );
    let err = in_pty(&env, 120, &[], "status acme/nope; exit 0");
    assert!(
        err.contains("\u{1b}[31merror:"),
        "stderr on the terminal: {err}"
    );
    let table = in_pty(&env, 120, &[], "status | cat");
    assert!(!table.contains('\u{1b}'), "stdout into a pipe: {table}");
}

/// Into a pipe, `list` and `status` of every deliverable are written row by
/// row: the same bytes as the table fitted to a width wide enough for every
/// row, with colour forced or not, with a due column and a line break in a
/// comment; `--json` is the document a JSON value pretty-printed makes.
#[test]
fn listings_into_a_pipe_are_the_fitted_table_and_the_json_document() {
    let env = three_states();
    env.write("spec.md", "spec\n");
    env.run(
        "alice",
        &[
            "request",
            "acme/spec",
            "spec.md",
            "--to",
            "bob",
            "--due",
            "2099-12-01",
        ],
    )
    .ok();
    env.run("bob", &["comment", "acme/spec", "-m", "two\nlines"])
        .ok();
    for args in [
        &["list"][..],
        &["list", "--all"],
        &["status"],
        &["list", "--pending"],
    ] {
        for colour in [&[][..], &[("CLICOLOR_FORCE", "1")]] {
            let mut c = env.cmd("alice");
            c.env_remove("COLUMNS").env_remove("NO_COLOR");
            for (k, v) in colour {
                c.env(k, v);
            }
            let out = c.args(args).output().expect("spawn signoff");
            assert!(out.status.success(), "{out:?}");
            let streamed = String::from_utf8(out.stdout).unwrap();
            let mut wide = vec![("COLUMNS", "1000")];
            wide.extend_from_slice(colour);
            let fitted = env.run_env("alice", &wide, args).ok().stdout;
            assert_eq!(streamed, fitted, "{args:?} {colour:?}");
            assert!(streamed.lines().count() >= 3, "{streamed}");
        }
        let mut json = args.to_vec();
        json.push("--json");
        let text = env.run("alice", &json).ok().stdout;
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            text,
            serde_json::to_string_pretty(&v).unwrap() + "\n",
            "{json:?}"
        );
    }
}
