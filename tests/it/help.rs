//! The help as people read it: every command's summary is one short line,
//! examples stand in an "Examples:" section of their own, and the
//! top-level help lists every command once, in groups (as `gh` does).

use crate::common::TestEnv;

/// Every command and subcommand, with its path (`policy sign`).
fn all_commands() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let path = format!("{prefix} {}", sub.get_name()).trim().to_string();
            out.push((path.clone(), sub.clone()));
            walk(&path, sub, out);
        }
    }
    let mut out = Vec::new();
    walk("", &signoff::cli::command(), &mut out);
    out
}

#[test]
fn every_summary_is_one_line_and_examples_have_their_section() {
    let env = TestEnv::new();
    let commands = all_commands();
    assert!(commands.len() > 40, "{}", commands.len());
    let mut with_examples = 0;
    for (path, cmd) in &commands {
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        assert!(!about.is_empty(), "{path}: no summary");
        assert!(
            !about.contains('\n') && about.chars().count() <= 72 && !about.ends_with('.'),
            "{path}: the summary must be one line of at most 72 characters, without a full stop: {about:?}"
        );
        let long = cmd
            .get_long_about()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            !long.contains("Example:"),
            "{path}: examples go in the Examples: section (after_help), not the description"
        );
        // What the binary prints: -h's first line is the summary, and the
        // examples close the help under their own heading.
        let args: Vec<&str> = path.split(' ').chain(["--help"]).collect();
        let help = env.run("alice", &args).ok().stdout;
        let first = help.lines().next().unwrap_or_default();
        assert!(first.starts_with(about.as_str()), "{path}: {first:?}");
        if let Some(at) = help.find("\nExamples:\n") {
            with_examples += 1;
            let rest = &help[at + "\nExamples:\n".len()..];
            assert!(
                rest.lines().all(|l| l.starts_with("  signoff ")),
                "{path}: the Examples: section holds only command lines:\n{rest}"
            );
        }
    }
    assert!(
        with_examples >= 20,
        "{with_examples} commands show examples"
    );
}

#[test]
fn the_top_level_help_lists_every_command_once_in_groups() {
    let env = TestEnv::new();
    for flag in ["--help", "-h"] {
        let help = env.run("alice", &[flag]).ok().stdout;
        let headings: Vec<&str> = help.lines().filter(|l| l.ends_with(" commands:")).collect();
        assert_eq!(
            headings,
            [
                "Decide commands:",
                "Inspect commands:",
                "Administer commands:",
                "Serve commands:"
            ],
            "{help}"
        );
        let top = signoff::cli::command();
        for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sub.get_name();
            let rows: Vec<&str> = help
                .lines()
                .filter(|l| l.split_whitespace().next() == Some(name) && l.starts_with("  "))
                .collect();
            assert_eq!(rows.len(), 1, "{name} must be listed once:\n{help}");
            let about = sub.get_about().unwrap().to_string();
            assert!(rows[0].ends_with(&about), "{}", rows[0]);
        }
        assert!(!help.contains("\nCommands:\n"), "{help}");
    }
}

#[test]
fn man_pages_carry_examples_settings_and_no_stray_sections() {
    let env = TestEnv::new();
    let dir = env.tmp.path().join("man");
    env.run("alice", &["man", dir.to_str().unwrap()]).ok();
    let page = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let cert = page("signoff-certificate.1");
    assert!(cert.contains(".SH EXAMPLES"), "{cert}");
    assert!(!cert.contains(".SH EXTRA"), "{cert}");
    let top = page("signoff.1");
    for section in [".SH CONFIGURATION", ".SH ENVIRONMENT"] {
        assert!(top.contains(section), "{section}");
        assert!(page("signoff-config.1").contains(section), "{section}");
    }
    for name in [
        "signoff.smtp",
        "signoff.pushHook",
        "gpg.ssh.program",
        "SIGNOFF_SMTP_PASSWORD",
        "NO_COLOR",
    ] {
        let roff = name.replace('-', "\\-");
        assert!(top.contains(&format!("\\fB{roff}\\fR")), "{name}");
    }
}
