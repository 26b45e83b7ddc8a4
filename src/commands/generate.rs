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
    /// Folder to write into.
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out: PathBuf,
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

/// `cli` is the whole command line's grammar (`Cli::command()`).
pub fn run_man(ctx: &Ctx, args: &ManArgs, cli: &clap::Command) -> Result<u8> {
    write_man(&args.out, cli)?;
    ctx.out
        .note(&format!("Wrote man pages into {}", args.out.display()));
    Ok(0)
}

/// Writes `signoff.1` and one page per subcommand into `dir`.
pub fn write_man(dir: &Path, cli: &clap::Command) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    write_page(dir, cli, "signoff")?;
    Ok(())
}

fn write_page(dir: &Path, cmd: &clap::Command, name: &str) -> Result<()> {
    let cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    std::fs::write(dir.join(format!("{name}.1")), buf)?;
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        write_page(dir, sub, &format!("{name}-{}", sub.get_name()))?;
    }
    Ok(())
}
