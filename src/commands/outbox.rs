//! `signoff outbox list | flush | requeue`: emails waiting to be sent
//! (flushing is `ops::outbox`, asking again `ops::request::reask`).

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::notify::{self, Outbox, Status};
use crate::ops::outbox::{FlushError, Flushed};

/// Emails waiting in `.git/signoff/outbox/`.
///
/// Every email signoff writes lands in the outbox first. With no transport
/// configured (git config signoff.smtp or signoff.sendmail) it waits there
/// until `signoff outbox flush`; a send that fails leaves it there too.
///
/// A flush claims each message (recording its process id, the boot id and
/// its start time), sends it, then files it under sent/. A message whose
/// flush was killed mid-send is "interrupted": the next flush sends it again
/// as soon as that process is provably gone (receivers see the same
/// Message-ID, so a duplicate is recognisable). A message that was sent but
/// could not be filed is "sent-unmarked": it is never sent again, and a
/// later flush files it. If a command could not even put its emails in the
/// outbox (a full disk), it fails after writing its record and names
/// `signoff outbox requeue`, which asks the reviewers again.
#[derive(Debug, clap::Subcommand)]
pub enum OutboxCommand {
    /// List messages not yet delivered.
    List {
        /// Include messages already sent.
        #[arg(long)]
        sent: bool,
    },
    /// Send every waiting message, each exactly once.
    Flush {
        /// Also resend interrupted messages whose flush cannot be checked
        /// (a claim from an older version, or a system without /proc) once
        /// they are 10 minutes old.
        #[arg(long)]
        retry_interrupted: bool,
    },
    /// Email again everyone a request still waits on.
    ///
    /// For when its emails could not be put in the outbox.
    Requeue {
        /// The request: an id prefix, a deliverable (its newest request) or
        /// name@vN.
        request: String,
    },
}

pub fn run(ctx: &Ctx, cmd: &OutboxCommand) -> Result<u8> {
    let store = ctx.store()?;
    let outbox = Outbox::new(store.git_dir());
    match cmd {
        OutboxCommand::List { sent } => {
            let entries = outbox.list(*sent);
            if ctx.out.json {
                #[derive(Serialize)]
                struct Out<'a> {
                    messages: &'a [notify::Entry],
                }
                return ctx.out.json(&Out { messages: &entries }).map(|()| 0);
            }
            if entries.is_empty() {
                ctx.out.note("the outbox is empty");
                return Ok(0);
            }
            let rows = entries
                .iter()
                .map(|e| {
                    let status = match e.status {
                        Status::Pending => "pending",
                        Status::Sending => "sending",
                        Status::Interrupted => "interrupted",
                        Status::SentUnmarked => "sent-unmarked",
                        Status::Sent => "sent",
                    };
                    vec![
                        e.id.clone(),
                        status.to_string(),
                        e.meta
                            .envelope
                            .to()
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", "),
                        e.meta.subject.clone(),
                        e.meta.last_error.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            ctx.out.print(
                &ctx.out
                    .table(&["id", "status", "to", "subject", "last error"], rows),
            )?;
            Ok(0)
        }
        OutboxCommand::Flush { retry_interrupted } => flush(ctx, &store, *retry_interrupted),
        OutboxCommand::Requeue { request } => {
            let ledger = ctx.ledger()?;
            let snap = ctx.load(&ledger)?;
            let rr = super::resolve(&snap, request)?;
            let report = crate::ops::request::reask(&ledger, &snap, rr).map_err(|state| {
                CliError::refused(format!(
                    "{} v{} is {}: it waits on nobody, so there is nobody to ask again",
                    rr.request.deliverable,
                    snap.version_of(&rr.request),
                    state.as_str()
                ))
                .hint(format!(
                    "'signoff show {}' shows its decisions",
                    rr.request.deliverable
                ))
            })?;
            ctx.report(&report);
            if !ctx.out.json && report.queued > 0 {
                ctx.out.print(&format!(
                    "Queued {} email(s) for {} v{}",
                    report.queued,
                    rr.request.deliverable,
                    snap.version_of(&rr.request)
                ))?;
            }
            if ctx.out.json {
                ctx.out.json(&serde_json::json!({
                    "queued": report.queued,
                    "sent": report.sent,
                }))?;
            }
            ctx.finish(&report)
        }
    }
}

/// `outbox flush`: the round is `ops::outbox::flush`; this words it.
fn flush(ctx: &Ctx, store: &crate::store::Store, retry_interrupted: bool) -> Result<u8> {
    let mut bar: Option<indicatif::ProgressBar> = None;
    let flushed = crate::ops::outbox::flush(store, retry_interrupted, |done, total| {
        bar.get_or_insert_with(|| ctx.out.progress(total as u64, "sending"))
            .set_position(done as u64);
    })
    .map_err(|e| match e {
        FlushError::BadTransport(e) => CliError::usage(e).hint("fix git config signoff.smtp"),
        FlushError::NoTransport => CliError::usage("no mail transport configured; nothing can be sent")
            .hint("git config signoff.smtp smtps://user@mail.example.com (or signoff.sendmail /usr/sbin/sendmail)"),
        FlushError::Io(e) => e.into(),
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let Flushed {
        pending,
        sent,
        failed,
        interrupted,
        unfiled,
        unfiled_error,
    } = flushed;
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out {
            sent: usize,
            failed: Vec<(String, String)>,
            interrupted: usize,
        }
        ctx.out.json(&Out {
            sent,
            failed: failed.clone(),
            interrupted,
        })?;
    } else {
        ctx.out.print(&format!(
            "Sent {sent} message{}{}",
            if sent == 1 { "" } else { "s" },
            if failed.is_empty() {
                String::new()
            } else {
                format!("; {} failed and wait in the outbox", failed.len())
            }
        ))?;
    }
    if interrupted > 0 {
        ctx.out.warn(&format!(
            "{interrupted} message(s) were being sent by a run that did not finish; they may have been delivered. Resend them with 'signoff outbox flush --retry-interrupted'"
        ));
    }
    if let Some(e) = unfiled_error.filter(|_| unfiled > 0 && failed.is_empty()) {
        return Err(CliError::env(format!(
            "{unfiled} message(s) were sent but could not be filed as sent ({e}); they are listed as sent-unmarked and will not be sent again"
        ))
        .hint(format!(
            "make {} writable (or free disk space), then run 'signoff outbox flush' to file them",
            Outbox::new(store.git_dir()).dir().join("sent").display()
        )));
    }
    if let Some((id, e)) = failed.first() {
        return Err(CliError::env(format!(
            "{} of {} message(s) could not be sent (first: {id}: {e})",
            failed.len(),
            pending
        ))
        .hint("they stay in the outbox; check git config signoff.smtp and run 'signoff outbox flush' again"));
    }
    Ok(0)
}
