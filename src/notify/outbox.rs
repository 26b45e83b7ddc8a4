//! The outbox: rendered messages waiting under `.git/signoff/outbox/`.
//!
//! Every message is written here first, and only then handed to a
//! transport, so a message that fails to send is never lost. Each message is
//! two files: `<id>.eml` (the exact RFC 5322 bytes) and `<id>.json` (the SMTP
//! envelope and bookkeeping). Files are written to `tmp/` and renamed into
//! place; the `.eml` appearing is the moment a message exists.
//!
//! Delivery is exactly-once as far as a crash allows: a flush *claims* a
//! message by renaming it into `sending/` (a rename succeeds for one process
//! only) and writes `sending/<id>.claim` (its pid, the boot id and its start
//! time, see [`super::claim`]), sends it, and marks it delivered by renaming
//! it into `sent/`. A failed send moves it back.
//!
//! - A message left in `sending/` by a process that is provably gone (killed
//!   mid-send, or the machine restarted) may or may not have been
//!   delivered: it is listed as *interrupted* and the next flush sends it
//!   again, right away, with its original Message-ID so receivers can
//!   recognise a duplicate. A claim whose process cannot be checked (no
//!   `/proc`, a claim from an older version) counts as interrupted only
//!   after [`CLAIM_TIMEOUT`], and is resent only when asked
//!   (`--retry-interrupted`).
//! - A message that was sent but could not be moved into `sent/` (that
//!   folder not writable, a full disk) gets a `sending/<id>.delivered`
//!   marker: it is listed as *sent-unmarked*, never sent again, and a later
//!   flush files it into `sent/`. Only when even the marker cannot be
//!   written does the failure say the message may be sent again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::address::Envelope;
use serde::{Deserialize, Serialize};

use super::claim::{Claim, Liveness};

/// How long a claim may last before it counts as interrupted.
pub const CLAIM_TIMEOUT: Duration = Duration::from_secs(600);

/// Bookkeeping stored beside each message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub envelope: Envelope,
    pub kind: String,
    pub request: String,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub created: String,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pending,
    /// Claimed by a flush that is running now.
    Sending,
    /// Claimed by a flush that did not finish: it may have been delivered.
    Interrupted,
    /// Delivered, but not yet filed into `sent/`; never sent again.
    SentUnmarked,
    Sent,
}

/// How a claimed message ended after it was handed to the transport.
#[derive(Debug)]
pub enum Marked {
    /// Filed into `sent/`.
    Filed,
    /// Not filed (the error), but marked delivered in `sending/`: it will
    /// not be sent again.
    Unfiled(String),
    /// Neither filed nor marked (the error): a later flush may send it again.
    Unmarked(String),
}

/// One message in the outbox.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub status: Status,
    #[serde(flatten)]
    pub meta: Meta,
}

/// The outbox directory of one repository.
pub struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    /// The outbox under a git directory.
    #[must_use]
    pub fn new(git_dir: &Path) -> Outbox {
        Outbox {
            dir: git_dir.join("signoff").join("outbox"),
        }
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn sub(&self, name: &str) -> std::io::Result<PathBuf> {
        let p = self.dir.join(name);
        std::fs::create_dir_all(&p)?;
        Ok(p)
    }

    /// Writes `bytes` to `dest` through `tmp/` and a rename.
    fn put(&self, dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let tmp = self.sub("tmp")?.join(format!(
            "{}.{}",
            uuid::Uuid::new_v4(),
            dest.extension().and_then(|e| e.to_str()).unwrap_or("tmp")
        ));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        let done = written.and_then(|()| std::fs::rename(&tmp, dest));
        if done.is_err() {
            // A full disk leaves no half-written file behind.
            let _ = std::fs::remove_file(&tmp);
        }
        done
    }

    /// Adds a message; returns its id.
    ///
    /// # Panics
    /// Only if serialising plain data to JSON fails, which it cannot.
    pub fn enqueue(&self, meta: &Meta, eml: &[u8]) -> std::io::Result<String> {
        std::fs::create_dir_all(&self.dir)?;
        let id = format!(
            "{}-{}",
            jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S"),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        self.put(&self.dir.join(format!("{id}.json")), &json)?;
        if let Err(e) = self.put(&self.dir.join(format!("{id}.eml")), eml) {
            let _ = std::fs::remove_file(self.dir.join(format!("{id}.json")));
            return Err(e);
        }
        Ok(id)
    }

    fn read_meta(&self, id: &str) -> Option<Meta> {
        let bytes = std::fs::read(self.dir.join(format!("{id}.json")))
            .or_else(|_| std::fs::read(self.dir.join("sent").join(format!("{id}.json"))))
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    fn ids_in(dir: &Path) -> Vec<String> {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = rd
            .filter_map(std::result::Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".eml"))
                    .map(str::to_string)
            })
            .collect();
        ids.sort();
        ids
    }

    /// Messages not yet delivered (and, with `sent`, delivered ones too).
    #[must_use]
    pub fn list(&self, sent: bool) -> Vec<Entry> {
        let mut out = Vec::new();
        let mut add = |id: String, status: Status| {
            if let Some(meta) = self.read_meta(&id) {
                out.push(Entry { id, status, meta });
            }
        };
        for id in Self::ids_in(&self.dir) {
            add(id, Status::Pending);
        }
        let sending = self.dir.join("sending");
        for id in Self::ids_in(&sending) {
            let status = match self.claim_state(&id) {
                ClaimState::Delivered => Status::SentUnmarked,
                ClaimState::Dead | ClaimState::Old => Status::Interrupted,
                ClaimState::Alive => Status::Sending,
            };
            add(id, status);
        }
        if sent {
            for id in Self::ids_in(&self.dir.join("sent")) {
                add(id, Status::Sent);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn claim_state(&self, id: &str) -> ClaimState {
        let sending = self.dir.join("sending");
        if sending.join(format!("{id}.delivered")).exists() {
            return ClaimState::Delivered;
        }
        let claim: Option<Claim> = std::fs::read(sending.join(format!("{id}.claim")))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match claim.map_or(Liveness::Unknown, |c| c.liveness()) {
            Liveness::Alive => ClaimState::Alive,
            Liveness::Dead => ClaimState::Dead,
            Liveness::Unknown => {
                let old = std::fs::metadata(sending.join(format!("{id}.eml")))
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok())
                    .is_none_or(|age| age >= CLAIM_TIMEOUT);
                if old {
                    ClaimState::Old
                } else {
                    ClaimState::Alive
                }
            }
        }
    }

    /// Moves claims whose process is provably gone (and, with `unknown`,
    /// claims that cannot be checked and are older than [`CLAIM_TIMEOUT`])
    /// back to pending so this flush sends them.
    pub fn requeue_interrupted(&self, unknown: bool) -> std::io::Result<usize> {
        let mut n = 0;
        let sending = self.dir.join("sending");
        for id in Self::ids_in(&sending) {
            let state = self.claim_state(&id);
            if state == ClaimState::Dead || (unknown && state == ClaimState::Old) {
                // The dead claim goes first: once the message is pending
                // again, a new claim file may be another flush's.
                let _ = std::fs::remove_file(sending.join(format!("{id}.claim")));
                match std::fs::rename(
                    sending.join(format!("{id}.eml")),
                    self.dir.join(format!("{id}.eml")),
                ) {
                    Ok(()) => n += 1,
                    // Another flush took it back first.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(n)
    }

    /// Files messages that were delivered but could not be moved into
    /// `sent/` then; returns how many are still not filed, and the last
    /// error.
    #[must_use]
    pub fn file_delivered(&self) -> (usize, Option<String>) {
        let sending = self.dir.join("sending");
        let (mut left, mut error) = (0, None);
        for id in Self::ids_in(&sending) {
            if self.claim_state(&id) != ClaimState::Delivered {
                continue;
            }
            let Some(mut meta) = self.read_meta(&id) else {
                continue;
            };
            if let Err(e) = self.file_sent(&id, &mut meta) {
                left += 1;
                error = Some(e.to_string());
            } else {
                let _ = std::fs::remove_file(sending.join(format!("{id}.delivered")));
            }
        }
        (left, error)
    }

    /// Claims a pending message for sending. `None` when another process
    /// claimed it first (or it is gone).
    pub fn claim(&self, id: &str) -> std::io::Result<Option<(Meta, Vec<u8>)>> {
        let from = self.dir.join(format!("{id}.eml"));
        let sending = self.sub("sending")?;
        let to = sending.join(format!("{id}.eml"));
        // The claim's age is the file's mtime, which a rename keeps: make
        // it now before the rename, so that the moment before the claim
        // file exists does not look like an old claim.
        if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&from) {
            let _ = f.set_modified(SystemTime::now());
        }
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
        let claim = serde_json::to_vec(&Claim::mine()).expect("a claim serialises");
        if let Err(e) = self.put(&sending.join(format!("{id}.claim")), &claim) {
            // Without a claim file the message could be taken for an
            // interrupted one: give it back.
            let _ = std::fs::rename(&to, &from);
            return Err(e);
        }
        let bytes = std::fs::read(&to)?;
        let Some(meta) = self.read_meta(id) else {
            return Err(std::io::Error::other(format!(
                "outbox message {id} has no envelope file"
            )));
        };
        Ok(Some((meta, bytes)))
    }

    /// Marks a claimed message delivered: files it into `sent/`, or, when
    /// that fails, leaves a marker so that it is never sent again.
    pub fn mark_sent(&self, id: &str, meta: &mut Meta) -> Marked {
        let sending = self.dir.join("sending");
        match self.file_sent(id, meta) {
            Ok(()) => Marked::Filed,
            Err(e) => match self.put(&sending.join(format!("{id}.delivered")), b"") {
                Ok(()) => Marked::Unfiled(e.to_string()),
                Err(e2) => Marked::Unmarked(format!("{e}; {e2}")),
            },
        }
    }

    /// Moves a delivered message from `sending/` into `sent/`.
    ///
    /// # Panics
    /// Only if serialising plain data to JSON fails, which it cannot.
    fn file_sent(&self, id: &str, meta: &mut Meta) -> std::io::Result<()> {
        let sent = self.sub("sent")?;
        meta.attempts += 1;
        meta.last_error = None;
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        self.put(&sent.join(format!("{id}.json")), &json)?;
        std::fs::rename(
            self.dir.join("sending").join(format!("{id}.eml")),
            sent.join(format!("{id}.eml")),
        )?;
        let _ = std::fs::remove_file(self.dir.join(format!("{id}.json")));
        let _ = std::fs::remove_file(self.dir.join("sending").join(format!("{id}.claim")));
        Ok(())
    }

    /// Returns a claimed message to pending after a failed attempt.
    ///
    /// # Panics
    /// Only if serialising plain data to JSON fails, which it cannot.
    pub fn release(&self, id: &str, meta: &mut Meta, error: &str) -> std::io::Result<()> {
        meta.attempts += 1;
        meta.last_error = Some(error.to_string());
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        self.put(&self.dir.join(format!("{id}.json")), &json)?;
        // The claim goes first: once the message is pending again, a claim
        // file may be another flush's.
        let _ = std::fs::remove_file(self.dir.join("sending").join(format!("{id}.claim")));
        std::fs::rename(
            self.dir.join("sending").join(format!("{id}.eml")),
            self.dir.join(format!("{id}.eml")),
        )
    }
}

/// Held messages: written before the record that says they are sent is
/// pushed (`ops::announce`), released into the outbox once the push has
/// landed, dropped when another server's push won. A message held by a
/// process that died between the push and the send is released by the
/// next round, which sends it with its original Message-ID.
impl Outbox {
    fn held_dir(&self, key: &str) -> PathBuf {
        self.dir.join("held").join(key)
    }

    /// Holds a message under `key` (the id of the record it waits for).
    ///
    /// # Panics
    /// Only if serialising plain data to JSON fails, which it cannot.
    pub fn hold(&self, key: &str, meta: &Meta, eml: &[u8]) -> std::io::Result<()> {
        let dir = self.held_dir(key);
        std::fs::create_dir_all(&dir)?;
        let id = format!(
            "{}-{}",
            jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S"),
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        self.put(&dir.join(format!("{id}.json")), &json)?;
        self.put(&dir.join(format!("{id}.eml")), eml)
    }

    /// The keys with held messages.
    #[must_use]
    pub fn held_keys(&self) -> Vec<String> {
        let Ok(rd) = std::fs::read_dir(self.dir.join("held")) else {
            return Vec::new();
        };
        let mut keys: Vec<String> = rd
            .filter_map(std::result::Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|k| crate::layout::is_record_id(k))
            .collect();
        keys.sort();
        keys
    }

    /// Moves the messages held under `key` into the outbox (each envelope
    /// first, then its message); returns their ids, ready to send.
    pub fn release_held(&self, key: &str) -> std::io::Result<Vec<String>> {
        let dir = self.held_dir(key);
        let ids = Self::ids_in(&dir);
        for id in &ids {
            for ext in ["json", "eml"] {
                match std::fs::rename(
                    dir.join(format!("{id}.{ext}")),
                    self.dir.join(format!("{id}.{ext}")),
                ) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(ids)
    }

    /// Forgets the messages held under `key` (their record never landed).
    pub fn drop_held(&self, key: &str) {
        let _ = std::fs::remove_dir_all(self.held_dir(key));
    }
}

/// What is known about a message in `sending/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimState {
    /// Sent, and marked so; only its filing into `sent/` failed.
    Delivered,
    /// Its flush is running (or may be: it cannot be checked and is recent).
    Alive,
    /// Its flush is provably gone.
    Dead,
    /// Its flush cannot be checked, and the claim is older than the timeout.
    Old,
}
