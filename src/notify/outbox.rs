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
//! only), sends it, and marks it delivered by renaming it into `sent/`. A
//! failed send moves it back. A message left in `sending/` by a process that
//! died mid-send may or may not have been delivered: it is listed as
//! interrupted and sent again only when asked (`--retry-interrupted`), with
//! its original Message-ID so receivers can recognise a duplicate.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::address::Envelope;
use serde::{Deserialize, Serialize};

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
    Sent,
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
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, dest)
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
        self.put(&self.dir.join(format!("{id}.eml")), eml)?;
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
            let fresh = std::fs::metadata(sending.join(format!("{id}.eml")))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age < CLAIM_TIMEOUT);
            add(
                id,
                if fresh {
                    Status::Sending
                } else {
                    Status::Interrupted
                },
            );
        }
        if sent {
            for id in Self::ids_in(&self.dir.join("sent")) {
                add(id, Status::Sent);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Moves interrupted claims back to pending so the next flush sends them.
    pub fn requeue_interrupted(&self) -> std::io::Result<usize> {
        let mut n = 0;
        for e in self.list(false) {
            if e.status == Status::Interrupted {
                std::fs::rename(
                    self.dir.join("sending").join(format!("{}.eml", e.id)),
                    self.dir.join(format!("{}.eml", e.id)),
                )?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Claims a pending message for sending. `None` when another process
    /// claimed it first (or it is gone).
    pub fn claim(&self, id: &str) -> std::io::Result<Option<(Meta, Vec<u8>)>> {
        let from = self.dir.join(format!("{id}.eml"));
        let to = self.sub("sending")?.join(format!("{id}.eml"));
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
        // The claim's age is the file's mtime, which a rename keeps.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&to)?
            .set_modified(SystemTime::now())?;
        let bytes = std::fs::read(&to)?;
        let Some(meta) = self.read_meta(id) else {
            return Err(std::io::Error::other(format!(
                "outbox message {id} has no envelope file"
            )));
        };
        Ok(Some((meta, bytes)))
    }

    /// Marks a claimed message delivered.
    ///
    /// # Panics
    /// Only if serialising plain data to JSON fails, which it cannot.
    pub fn mark_sent(&self, id: &str, meta: &mut Meta) -> std::io::Result<()> {
        let sent = self.sub("sent")?;
        meta.attempts += 1;
        meta.last_error = None;
        std::fs::rename(
            self.dir.join("sending").join(format!("{id}.eml")),
            sent.join(format!("{id}.eml")),
        )?;
        let json = serde_json::to_vec_pretty(meta).expect("meta serialises");
        self.put(&sent.join(format!("{id}.json")), &json)?;
        let _ = std::fs::remove_file(self.dir.join(format!("{id}.json")));
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
        std::fs::rename(
            self.dir.join("sending").join(format!("{id}.eml")),
            self.dir.join(format!("{id}.eml")),
        )
    }
}
