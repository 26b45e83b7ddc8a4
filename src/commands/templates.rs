//! `signoff templates check`: tests a repository's template overrides
//! before any email needs them (a broken one is replaced by the built-in
//! template when mail is written, with a warning; this says so ahead of time).

use super::Ctx;
use crate::error::{CliError, Result};

/// The repository's template overrides (emails, reports, certificates).
///
/// Overrides live under the folder `git config signoff.templates` names,
/// else `.signoff/templates/` of the working tree; a file there replaces the
/// built-in template of the same name.
#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// Check that every override compiles and renders.
    ///
    /// Each problem is named with its file and line.
    /// Exits 0 when every override is sound, 4 when one is not. Emails whose
    /// override is broken are still written, with the built-in template, and
    /// a warning.
    Check,
}

pub fn run(ctx: &Ctx, cmd: &TemplatesCommand) -> Result<u8> {
    let TemplatesCommand::Check = cmd;
    let store = ctx.store()?;
    let Some(dir) = crate::events::template_dir(&store) else {
        ctx.out.note("no working tree, so no template overrides");
        return Ok(0);
    };
    let checks = crate::events::renderer_for(&store).check_overrides();
    if checks.is_empty() {
        ctx.out
            .note(&format!("no template overrides in {}", dir.display()));
        return Ok(0);
    }
    let mut broken = 0;
    for c in &checks {
        match &c.problem {
            Some(p) => {
                broken += 1;
                ctx.out.line(&format!("error  {}: {p}", c.name))?;
            }
            None if c.builtin => ctx.out.line(&format!("ok     {}", c.name))?,
            None => ctx.out.line(&format!(
                "ok     {} (no built-in template has this name: used only where another template includes it)",
                c.name
            ))?,
        }
    }
    if broken > 0 {
        return Err(CliError::refused(format!(
            "{broken} of {} template override(s) in {} cannot be used",
            checks.len(),
            dir.display()
        ))
        .hint("fix them; until then emails use the built-in templates instead (with a warning), and reports and certificates fail"));
    }
    Ok(0)
}
