//! Whom a rendered message leaves out, and the words that tell the user why.

/// Whom a message was not written for, and why (see [`super::render_for`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsent {
    /// The policy gives the person no email address.
    NoAddress(String),
    /// The person's access has ended (`person … --access-until`): their
    /// links would only open the page that says so.
    AccessEnded(String),
}

impl Unsent {
    /// The note for the user: "… ; not `done`" (e.g. "notified").
    #[must_use]
    pub fn note(&self, done: &str) -> String {
        match self {
            Unsent::NoAddress(id) => {
                format!("{id} has no email address in the policy; not {done}")
            }
            Unsent::AccessEnded(id) => {
                format!("{id}'s access has ended (person edit {id} --access-until); not {done}")
            }
        }
    }
}
