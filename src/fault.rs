//! Failures of the machine rather than of the data: a full disk, a place the
//! user may not write, any other I/O error.
//!
//! Every core module meets these, so they are told apart once, here, and
//! each module's error enum wraps a [`Fault`]. The operating system's message
//! is the only reliable sign (libgit2 passes it through as text, and for a
//! full disk sometimes reports no code at all), so the text decides. This
//! module says what happened; what the user should do about it is the
//! command-line edge's business.

/// A failure of the environment, classified by what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum Fault {
    /// The disk (or the user's quota) is full. Holds the system's message.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    /// A read-only file system or missing permissions. Holds the system's
    /// message.
    #[error("cannot write here: {0}")]
    NotWritable(String),
    /// Any other I/O error.
    #[error("I/O error: {0}")]
    Io(#[source] std::io::Error),
}

impl Fault {
    /// The fault an operating-system message describes, when it is a full
    /// disk or a place that cannot be written.
    #[must_use]
    pub fn from_text(text: &str) -> Option<Fault> {
        if text.contains("No space left on device") || text.contains("Disk quota exceeded") {
            return Some(Fault::DiskFull(text.to_string()));
        }
        if text.contains("Read-only file system") || text.contains("Permission denied") {
            return Some(Fault::NotWritable(text.to_string()));
        }
        None
    }
}

impl From<std::io::Error> for Fault {
    fn from(e: std::io::Error) -> Self {
        Fault::from_text(&e.to_string()).unwrap_or(Fault::Io(e))
    }
}
