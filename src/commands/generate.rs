//! `signoff completions` and `signoff man`: generated files, checked in under
//! `completions/` and `man/` and kept in sync by a test.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

use super::Ctx;
use crate::error::Result;

/// Print shell completions, or write all of them into a folder.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell (bash, zsh, fish, powershell, elvish).
    #[arg(required_unless_present = "out")]
    pub shell: Option<Shell>,
    /// Write completions for every shell into DIR.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Write man pages (one per command) into a folder.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Folder to write into (also as `signoff man DIR`).
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out: PathBuf,
    /// Folder to write into, given without --out.
    #[arg(value_name = "DIR", conflicts_with = "out")]
    pub folder: Option<PathBuf>,
}

/// `cli` is the whole command line's grammar (`Cli::command()`).
pub fn run_completions(ctx: &Ctx, args: &CompletionsArgs, cli: &clap::Command) -> Result<u8> {
    if let Some(dir) = &args.out {
        write_completions(dir, cli)?;
        ctx.out
            .note(&format!("Wrote completions into {}", dir.display()));
        return Ok(0);
    }
    let shell = args.shell.expect("clap requires a shell without --out");
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli.clone(), "signoff", &mut buf);
    ctx.out.print(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}

/// Writes completions for every supported shell into `dir`.
pub fn write_completions(dir: &Path, cli: &clap::Command) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        clap_complete::generate_to(shell, &mut cli.clone(), "signoff", dir)?;
    }
    Ok(())
}

/// Write JSON Schemas of the `--json` outputs scripts rely on into a folder.
#[derive(Debug, clap::Args)]
pub struct SchemasArgs {
    /// Folder to write into.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
}

/// The schemas, by output name: generated from the types each command
/// serialises, with the `schema_version` field every document carries.
fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    let mut all = vec![
        ("gate", super::gate::json_schema()),
        ("show", super::show::json_schema()),
        ("log-line", super::log::json_schema()),
        ("certificate", super::certificate::json_schema()),
        ("config", super::config::json_schema()),
        ("diff", super::diff::json_schema()),
        ("error", crate::output::error_schema()),
        ("report", super::report::json_schema()),
        ("verify", super::verify::json_schema()),
    ];
    all.extend(super::status::json_schemas());
    for (name, schema) in &mut all {
        if let Some(obj) = schema.as_object_mut() {
            let title = if *name == "error" {
                "signoff --json: the error object on stderr".to_string()
            } else {
                format!("signoff {} --json", name.replace('-', " "))
            };
            obj.insert("title".into(), title.into());
            if let Some(serde_json::Value::Object(props)) = obj.get_mut("properties") {
                props.insert(
                    "schema_version".into(),
                    serde_json::json!({
                        "description": "Version of this document's schema.",
                        "const": crate::output::JSON_SCHEMA_VERSION,
                    }),
                );
            }
            if let Some(serde_json::Value::Array(req)) = obj.get_mut("required") {
                req.push("schema_version".into());
            }
        }
    }
    all.sort_by_key(|(n, _)| *n);
    all
}

/// Writes `<name>.schema.json` for every output into `dir`.
pub fn run_schemas(ctx: &Ctx, args: &SchemasArgs) -> Result<u8> {
    std::fs::create_dir_all(&args.out)?;
    for (name, schema) in schemas() {
        let text = serde_json::to_string_pretty(&schema).expect("schemas serialise") + "\n";
        std::fs::write(args.out.join(format!("{name}.schema.json")), text)?;
    }
    ctx.out
        .note(&format!("Wrote JSON Schemas into {}", args.out.display()));
    Ok(0)
}

/// `cli` is the whole command line's grammar (`Cli::command()`).
pub fn run_man(ctx: &Ctx, args: &ManArgs, cli: &clap::Command) -> Result<u8> {
    let out = args.folder.as_ref().unwrap_or(&args.out);
    write_man(out, cli)?;
    ctx.out
        .note(&format!("Wrote man pages into {}", out.display()));
    Ok(0)
}

/// Writes `signoff.1` and one page per subcommand into `dir`.
pub fn write_man(dir: &Path, cli: &clap::Command) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    // Built, every subcommand knows its full name (`signoff gate`) for the
    // synopsis and carries the global options.
    let mut cmd = cli.clone().name("signoff").bin_name("signoff");
    cmd.build();
    write_page(dir, &cmd, "signoff")?;
    Ok(())
}

/// The exit codes every command shares (README, "Exit codes").
const EXIT_CODES: [(&str, &str); 7] = [
    ("0", "success"),
    ("2", "usage error (bad arguments or input)"),
    (
        "3",
        "not found (no store, unknown deliverable, missing path or revision)",
    ),
    (
        "4",
        "refused (superseded or withdrawn request, duplicate decision, not allowed by the policy)",
    ),
    (
        "5",
        "integrity failure (verify found problems; bad signature; untrusted policy)",
    ),
    (
        "6",
        "no usable signing key, or the key is not in the policy",
    ),
    (
        "7",
        "environment (not a git repository, I/O or git failure, lost races to other writers)",
    ),
];

/// Text made safe for a roff line: backslashes and hyphens escaped, and no
/// line starting with a control character.
fn roff_text(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// The lines of the "Examples:" section a command's help ends with.
#[must_use]
pub fn examples(cmd: &clap::Command) -> Vec<String> {
    let after = cmd
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    after
        .lines()
        .skip_while(|l| l.trim() != "Examples:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// The EXAMPLES and EXIT STATUS sections of a page: examples are those of
/// the command's help; the exit codes are the shared ones, after the
/// command's own `Exit codes:` list when its help has one.
fn extra_sections(cmd: &clap::Command) -> String {
    let help = cmd
        .get_long_about()
        .or_else(|| cmd.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut out = String::new();
    let examples = examples(cmd);
    if !examples.is_empty() {
        out.push_str(".SH EXAMPLES\n");
        for e in examples {
            out.push_str(&format!(".PP\n.nf\n{}\n.fi\n", roff_text(&e)));
        }
    }
    out.push_str(".SH \"EXIT STATUS\"\n");
    let own: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("Exit codes:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    if own.is_empty() {
        for (code, meaning) in EXIT_CODES {
            out.push_str(&format!(".TP\n{code}\n{}\n", roff_text(meaning)));
        }
    } else {
        out.push_str(".nf\n");
        for l in own {
            out.push_str(&format!("{}\n", roff_text(l)));
        }
        out.push_str(".fi\n");
        out.push_str(".PP\nOther codes are those every signoff command shares; see signoff(1).\n");
    }
    out
}

fn write_page(dir: &Path, cmd: &clap::Command, name: &str) -> Result<()> {
    let page = cmd.clone().display_name(name.to_string());
    let mut buf = Vec::new();
    // The help's closing words (its examples) become EXAMPLES below, not
    // clap_mangen's EXTRA section.
    clap_mangen::Man::new(page.clone().after_help(None::<&str>))
        .source("signoff")
        .render(&mut buf)?;
    buf.extend_from_slice(extra_sections(&page).as_bytes());
    // The settings, on the overview page and on `config`'s own.
    if name == "signoff" || name == "signoff-config" {
        buf.extend_from_slice(super::config::man_sections(roff_text).as_bytes());
    }
    std::fs::write(dir.join(format!("{name}.1")), buf)?;
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        write_page(dir, sub, &format!("{name}-{}", sub.get_name()))?;
    }
    Ok(())
}
