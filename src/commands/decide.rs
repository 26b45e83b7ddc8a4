//! `signoff approve | changes | decline`: record a decision.

use serde::Serialize;

use super::{Ctx, resolve};
use crate::error::{CliError, Result};
use crate::events::Event;
use crate::ops::{
    self,
    decide::{DecideError, Decider, OnBehalfOf, Refused},
};
use crate::record::Verdict;
use crate::state::State;
use crate::state::rules::{OnBehalfRefusal, Refusal};

/// Record your decision on the current version of a deliverable.
///
/// TARGET is a deliverable name (its newest request), name@vN, or a unique
/// prefix of a request id. The decision signs the request id and its content
/// hash. Deciding again replaces your earlier decision (both stay in history).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Deliverable name, name@vN, or request id prefix (on a terminal,
    /// leave it out to choose from what waits on you).
    #[arg(add = crate::complete::deliverable())]
    pub target: Option<String>,
    /// Comment to go with the decision.
    #[arg(short, long, value_name = "TEXT")]
    pub message: Option<String>,
    /// Record the decision for another person (e.g. a client who answered by phone).
    #[arg(long, value_name = "PERSON", add = crate::complete::person())]
    pub on_behalf_of: Option<String>,
    /// How the other person gave their decision (required with --on-behalf-of).
    // The pairing with --on-behalf-of is checked in `run`, not by clap, so the
    // refusal reads like every other one: one error line and a hint.
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
}

/// One subcommand per kind a reviewer can decide ([`Verdict::DECIDING`]),
/// built from the kind module so a new kind needs no edit here.
#[derive(Debug)]
pub struct DecideCommand {
    pub verdict: Verdict,
    pub args: Args,
}

impl clap::FromArgMatches for DecideCommand {
    fn from_arg_matches(matches: &clap::ArgMatches) -> std::result::Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }
    fn from_arg_matches_mut(
        matches: &mut clap::ArgMatches,
    ) -> std::result::Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        let (name, mut sub) = matches.remove_subcommand().ok_or_else(missing)?;
        let verdict = Verdict::parse_deciding(&name).ok_or_else(missing)?;
        let args = <Args as clap::FromArgMatches>::from_arg_matches_mut(&mut sub)?;
        Ok(DecideCommand { verdict, args })
    }
    fn update_from_arg_matches(
        &mut self,
        matches: &clap::ArgMatches,
    ) -> std::result::Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Subcommand for DecideCommand {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for v in Verdict::DECIDING {
            let sub = <Args as clap::Args>::augment_args(clap::Command::new(v.as_str()));
            let examples = format!(
                "Examples:\n  signoff {v} acme/logo -m \"Looks right\"\n  signoff {v} acme/logo@v2 --on-behalf-of ana --evidence \"phone call, 3 Dec\"",
                v = v.as_str()
            );
            cmd = cmd.subcommand(sub.about(v.help()).long_about(None).after_help(examples));
        }
        cmd
    }
    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }
    fn has_subcommand(name: &str) -> bool {
        Verdict::parse_deciding(name).is_some()
    }
}

#[derive(Serialize)]
struct Out {
    decision: String,
    verdict: Verdict,
    deliverable: String,
    request: String,
    request_version: usize,
    by: String,
    on_behalf_of: Option<String>,
    state: State,
    summary: String,
    commit: String,
    events: Vec<Event>,
}

pub fn run(ctx: &Ctx, args: &Args, verdict: Verdict) -> Result<u8> {
    match (&args.on_behalf_of, &args.evidence) {
        (Some(o), None) => {
            return Err(CliError::usage(format!(
                "--on-behalf-of {o} needs --evidence: say how {o} gave their decision"
            ))
            .hint(format!(
                "add e.g. --evidence \"phone call with {o}, 2026-11-29 10:00\""
            )));
        }
        (None, Some(_)) => {
            return Err(CliError::usage(
                "--evidence is only for decisions recorded for someone else",
            )
            .hint("add --on-behalf-of <person>, or drop --evidence and use -m for a comment"));
        }
        _ => {}
    }
    let (target, verdict, message) = match &args.target {
        Some(t) => (t.clone(), verdict, args.message.clone()),
        None => super::interact::choose_decision(ctx, verdict, args.message.as_deref())?,
    };
    let comment = message.unwrap_or_default();
    if args
        .evidence
        .as_deref()
        .is_some_and(|e| e.trim().is_empty())
    {
        return Err(CliError::usage("--evidence is empty")
            .hint("say how the decision reached you, e.g. \"phone call 2026-11-29 10:00\""));
    }
    let ledger = ctx.ledger()?.scoped(&target);
    let signer = ctx.signer(&ledger.store)?;
    let input = ops::decide::Decide {
        decider: Decider::Key {
            signer: &signer,
            configured: ledger.store.config_string("signoff.person"),
            on_behalf_of: args
                .on_behalf_of
                .as_deref()
                .zip(args.evidence.as_deref())
                .map(|(person, evidence)| OnBehalfOf { person, evidence }),
        },
        verdict,
        comment: &comment,
    };
    let done = ops::decide::decide(&ledger, &input, |snap| resolve(snap, &target), |_| {})
        .map_err(|e| match e {
            DecideError::Target(e) => e,
            DecideError::Ledger(e) => e.into(),
            DecideError::Refused(r) => refusal(&r),
        })?;
    ctx.report(&done.notified);
    let d = &done.decision;
    let out = Out {
        decision: d.id.clone(),
        verdict,
        deliverable: d.deliverable.clone(),
        request: d.request.clone(),
        request_version: done.version,
        by: d.by.clone(),
        on_behalf_of: d.on_behalf_of.clone(),
        state: done.state,
        summary: done.summary.clone(),
        commit: done.commit.clone(),
        events: done.events.clone(),
    };
    if ctx.out.json {
        ctx.out.json(&out)?;
        return ctx.finish(&done.notified);
    }
    let who = match &out.on_behalf_of {
        Some(o) => format!("{o} (entered by {})", out.by),
        None => out.by.clone(),
    };
    ctx.out.print(&format!(
        "{who} {} {} v{} — now {}: {}",
        out.verdict.past(),
        out.deliverable,
        out.request_version,
        ctx.out.state(out.state.as_str()),
        out.summary
    ))?;
    ctx.finish(&done.notified)
}

/// The command line's words for a refusal.
fn refusal(refused: &Refused) -> CliError {
    let Refused {
        refusal: r,
        request: req,
        label,
        latest,
        on_behalf: _,
        verdict,
    } = refused;
    match r {
        Refusal::Closed(State::Superseded) => {
            CliError::refused(format!(
                "{label} is superseded by v{latest}; decisions on it are refused"
            ))
            .hint(format!(
                "decide on the current version: signoff {} {}",
                verdict.as_str(),
                req.deliverable
            ))
        }
        Refusal::Closed(State::Expired) => CliError::refused(format!(
            "{label} expired at {}; decisions on it are refused",
            req.expires.as_deref().unwrap_or("?")
        ))
        .hint(format!("ask {} to request it again", req.by)),
        Refusal::Closed(State::Withdrawn) => CliError::refused(format!(
            "{label} was withdrawn; decisions on it are refused"
        ))
        .hint(format!(
            "if it should be decided after all, ask {} to request it again",
            req.by
        )),
        Refusal::Closed(State::Draft) => {
            CliError::refused(format!("{label} is a draft and not open for decisions"))
                .hint("the requester publishes it by requesting again without --draft")
        }
        Refusal::Closed(other) => CliError::refused(format!(
            "{label} is {}; decisions on it are refused",
            other.as_str()
        ))
        .hint("'signoff status' shows where it stands"),
        Refusal::NotListed(person) => {
            CliError::not_found(format!("unknown person {person:?} in --on-behalf-of"))
                .hint("see 'signoff person list'")
        }
        Refusal::OnBehalf { by, person, why } => on_behalf_refusal(by, person, why, refused),
        Refusal::HasOwnDecision(person) => CliError::refused(format!(
            "{person} has decided on {label} themselves; an entry on their behalf would not count"
        ))
        .hint(format!(
            "{person}'s own decision outranks any entry; they change it with their own key"
        )),
        Refusal::OwnWork(person) => CliError::refused(format!(
            "{person} requested {label} and the policy does not let authors approve their own work"
        ))
        .hint("the reviewers decide; 'signoff status' shows who is waited on"),
        Refusal::NotReviewer(person) => {
            CliError::refused(format!("{person} is not a reviewer of {label}"))
                .hint("use 'signoff comment' to leave a note, or ask the requester to add you")
        }
        Refusal::StageNotOpen {
            person,
            stage,
            open,
        } => CliError::refused(format!(
            "{person} reviews {label} in stage {stage}, which opens once stage {open} is approved"
        ))
        .hint(format!(
            "{person} will be asked (by email) when stage {open} is approved; 'signoff status' shows where it stands"
        )),
        Refusal::Repeat { person, verdict } => {
            CliError::refused(format!("{person} already {} {label}", verdict.past()))
                .hint("nothing to do; add -m to change the comment, or use 'signoff comment'")
        }
        Refusal::NoReason(v) => CliError::usage(format!(
            "'signoff {}' needs a reason: say what should change or why",
            v.as_str()
        ))
        .hint(format!(
            "add -m, e.g. signoff {} {} -m \"the logo is too small\"",
            v.as_str(),
            req.deliverable
        )),
        Refusal::CommentTooLong { chars } => CliError::usage(format!(
            "the comment is {chars} characters; the limit is {}",
            crate::state::rules::MAX_COMMENT
        ))
        .hint("shorten it, or put the details in a file in the repository and name it"),
        // Only decisions through email links meet these; said for
        // completeness.
        Refusal::LinkUsed { verdict, at } => CliError::refused(format!(
            "this link already recorded that {label} was {} at {at}",
            verdict.past()
        ))
        .hint("each link records one decision; ask for a new link"),
        Refusal::LinksIgnored => CliError::refused(format!(
            "the policy does not count decisions through email links on {}",
            req.deliverable
        ))
        .hint("decide with your own key"),
    }
}

/// The command line's words for an entry on someone's behalf that the
/// rule refuses.
fn on_behalf_refusal(by: &str, person: &str, why: &OnBehalfRefusal, refused: &Refused) -> CliError {
    let Refused {
        request: req,
        label,
        on_behalf,
        ..
    } = refused;
    match why {
        OnBehalfRefusal::NotPermitted(crate::policy::OnBehalf::Forbidden) => {
            CliError::refused(format!(
                "the policy forbids on-behalf decisions for {}",
                req.deliverable
            ))
            .hint(format!("{person} has to decide with their own key"))
        }
        OnBehalfRefusal::NotPermitted(_) => CliError::refused(format!(
            "{by} may not enter decisions for others on {label}: the policy lets only {on_behalf} do that"
        ))
        .hint(format!(
            "ask one of them to enter it, or {person} decides with their own key"
        )),
        OnBehalfRefusal::Author => CliError::refused(format!(
            "{by} requested {label} and may not enter decisions on it for others"
        ))
        .hint(format!("{person} decides with their own key, or a delegate enters it")),
        OnBehalfRefusal::FellowReviewer => CliError::refused(format!(
            "{by} is a reviewer of {label} and may not enter decisions on it for another reviewer"
        ))
        .hint(format!("{person} decides with their own key, or a delegate enters it")),
        OnBehalfRefusal::Themselves => {
            CliError::usage(format!("--on-behalf-of {person} names yourself"))
                .hint("drop --on-behalf-of and --evidence to decide for yourself")
        }
    }
}
