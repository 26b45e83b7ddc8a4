//! Flushing the outbox: send every waiting message once, after sending
//! again the ones whose flush provably died and filing the ones sent but
//! not yet filed. The outbox itself (claims, filing) is
//! `notify::outbox`'s; this is the round the `outbox flush` command and
//! nothing else runs. Prints nothing.

use crate::notify::{self, MailConfig, Outbox, Sender, Status};
use crate::store::Store;

/// What a flush did.
#[derive(Debug, Default)]
pub struct Flushed {
    /// Messages waiting when it began.
    pub pending: usize,
    pub sent: usize,
    /// `(message id, why)` for each message that could not be sent.
    pub failed: Vec<(String, String)>,
    /// Messages a run that did not finish was sending (maybe delivered).
    pub interrupted: usize,
    /// Messages sent but not filed as sent, and the last reason.
    pub unfiled: usize,
    pub unfiled_error: Option<String>,
}

/// Why a flush did not start.
#[derive(Debug)]
pub enum FlushError {
    /// No transport is configured: nothing can be sent.
    NoTransport,
    /// The configured transport is not usable (why).
    BadTransport(String),
    /// The outbox could not be read or written.
    Io(std::io::Error),
}

/// Sends every waiting message of `store`'s outbox. `retry_interrupted`
/// also resends interrupted messages whose flush cannot be checked.
/// `progress(done, total)` is called once before the first message and
/// after each.
pub fn flush(
    store: &Store,
    retry_interrupted: bool,
    mut progress: impl FnMut(usize, usize),
) -> Result<Flushed, FlushError> {
    let outbox = Outbox::new(store.git_dir());
    let cfg = MailConfig::from_store(store);
    let sender = Sender::from_config(&cfg)
        .map_err(FlushError::BadTransport)?
        .ok_or(FlushError::NoTransport)?;
    // Claims of flushes that are provably gone are sent again now.
    outbox
        .requeue_interrupted(retry_interrupted)
        .map_err(FlushError::Io)?;
    let (unfiled, unfiled_error) = outbox.file_delivered();
    let mut out = Flushed {
        unfiled,
        unfiled_error,
        ..Flushed::default()
    };
    let pending: Vec<String> = outbox
        .list(false)
        .into_iter()
        .filter(|e| e.status == Status::Pending)
        .map(|e| e.id)
        .collect();
    out.pending = pending.len();
    progress(0, pending.len());
    for (n, id) in pending.iter().enumerate() {
        match notify::send_one(&outbox, &sender, id) {
            Ok(notify::Sent::Filed) => out.sent += 1,
            Ok(notify::Sent::Unfiled(e)) => {
                out.sent += 1;
                out.unfiled += 1;
                out.unfiled_error = Some(e);
            }
            Ok(notify::Sent::Taken) => {}
            Err(e) => out.failed.push((id.clone(), e)),
        }
        progress(n + 1, pending.len());
    }
    out.interrupted = outbox
        .list(false)
        .iter()
        .filter(|e| e.status == Status::Interrupted)
        .count();
    Ok(out)
}
