//! Interactive prompts (dialoguer), used only when stdin and stderr are
//! terminals. Every prompt has a flag, so scripts never reach one: without a
//! terminal a missing argument is a usage error with a hint.

use std::io::IsTerminal;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::ledger::whoami;
use crate::record::Verdict;
use crate::state;

/// Whether prompting is allowed: stdin and stderr are both terminals.
#[must_use]
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn prompt_error(e: dialoguer::Error) -> CliError {
    CliError::usage(format!("prompt cancelled: {e}"))
}

/// Asks which waiting request to decide, the decision and the comment.
/// Returns the request id, the verdict and the comment.
pub fn choose_decision(
    ctx: &Ctx,
    verdict: Verdict,
    message: Option<&str>,
) -> Result<(String, Verdict, Option<String>)> {
    if !can_prompt() {
        return Err(CliError::usage(format!(
            "which request? give TARGET (signoff {} <deliverable>)",
            verdict.as_str()
        ))
        .hint("'signoff list --mine' shows what waits on you; run in a terminal to choose interactively"));
    }
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let signer = ctx.signer(&ledger.store)?;
    let me = whoami(&snap, &signer, ledger.store.config_string("signoff.person"))?;
    let mut waiting = Vec::new();
    for rr in snap.requests.values() {
        let ev = state::evaluate(snap.policy(), rr, snap.is_superseded(&rr.request));
        if crate::views::waits_on(&ev, &me) {
            let req = &rr.request;
            let mut label = format!(
                "{} v{} — from {}",
                req.deliverable,
                snap.version_of(req),
                req.by
            );
            if !req.message.is_empty() {
                label.push_str(": ");
                label.push_str(req.message.lines().next().unwrap_or_default());
            }
            // The menu is drawn straight to the terminal, not through Output.
            waiting.push((req.id.clone(), crate::text::one_line(&label).into_owned()));
        }
    }
    if waiting.is_empty() {
        return Err(CliError::not_found(format!("nothing waits on {me}"))
            .hint("'signoff list' shows every request"));
    }
    let pick = dialoguer::Select::new()
        .with_prompt("Which request?")
        .items(waiting.iter().map(|(_, l)| l.as_str()))
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    let verdicts = Verdict::DECIDING;
    let v = dialoguer::Select::new()
        .with_prompt("Decision")
        .items(verdicts.map(|v| v.label().to_lowercase()))
        .default(verdicts.iter().position(|x| *x == verdict).unwrap_or(0))
        .interact()
        .map_err(prompt_error)?;
    let comment: String = dialoguer::Input::new()
        .with_prompt("Comment (optional)")
        .with_initial_text(message.unwrap_or_default())
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error)?;
    Ok((
        waiting[pick].0.clone(),
        verdicts[v],
        (!comment.trim().is_empty()).then_some(comment),
    ))
}

/// Asks for a value, offering `default`; returns it trimmed.
pub fn ask(prompt: &str, default: &str) -> Result<String> {
    let mut input = dialoguer::Input::<String>::new()
        .with_prompt(prompt)
        .allow_empty(!default.is_empty());
    if !default.is_empty() {
        input = input.default(default.to_string());
    }
    input
        .interact_text()
        .map(|s| s.trim().to_string())
        .map_err(prompt_error)
}

/// Asks a yes/no question.
pub fn confirm(prompt: &str, default: bool) -> Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(default)
        .interact()
        .map_err(prompt_error)
}
