//! The kinds of decision, and everything that depends on which kind it is.
//!
//! A decision record carries one [`Verdict`]. This module owns, for each
//! kind, its name in records and on the command line, its past tense for
//! logs and mail, its label on buttons and menus, its one-line help, and its
//! [`Effect`] on a request's state. Counting (`state`), the decision
//! operation (`ops::decide`), the command line and the page all ask here
//! instead of naming kinds, so a new kind is added in this file (plus the
//! templates that show it and the generated completions and man pages).

use serde::{Deserialize, Serialize};

/// The kinds of decision a record can carry.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Approve,
    Changes,
    Decline,
    /// The requester withdrew the request.
    Withdraw,
}

/// What a counted decision of a kind does to its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Counts towards the rule's approvals.
    Approves,
    /// Holds the request in "changes requested" until a new version.
    RequestsChanges,
    /// Declines the request (or, with `decline = "counts-as-no"`, is a no vote).
    Declines,
    /// Ends the request (the requester's own kind; never a reviewer's).
    Withdraws,
}

/// Everything about one kind, in one row.
struct About {
    verdict: Verdict,
    name: &'static str,
    past: &'static str,
    /// What was done, without a doer ("approved for you by Bob").
    passive: &'static str,
    label: &'static str,
    help: &'static str,
    effect: Effect,
}

const KINDS: [About; 4] = [
    About {
        verdict: Verdict::Approve,
        name: "approve",
        past: "approved",
        passive: "approved",
        label: "Approve",
        help: "Approve a request",
        effect: Effect::Approves,
    },
    About {
        verdict: Verdict::Changes,
        name: "changes",
        past: "requested changes on",
        passive: "changes requested",
        label: "Request changes",
        help: "Request changes on a request",
        effect: Effect::RequestsChanges,
    },
    About {
        verdict: Verdict::Decline,
        name: "decline",
        past: "declined",
        passive: "declined",
        label: "Decline",
        help: "Decline a request",
        effect: Effect::Declines,
    },
    About {
        verdict: Verdict::Withdraw,
        name: "withdraw",
        past: "withdrew",
        passive: "withdrawn",
        label: "Withdraw",
        help: "Withdraw a request",
        effect: Effect::Withdraws,
    },
];

impl Verdict {
    /// The kinds a reviewer chooses from, in the order menus and buttons
    /// show them (withdrawing is the requester's, through `withdraw`).
    pub const DECIDING: [Verdict; 3] = [Verdict::Approve, Verdict::Changes, Verdict::Decline];

    fn about(self) -> &'static About {
        KINDS
            .iter()
            .find(|a| a.verdict == self)
            .expect("every kind has a row in KINDS")
    }

    /// The name in records, trailers, links and on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.about().name
    }

    /// Past tense, for logs and mails ("bob approved acme/logo").
    #[must_use]
    pub fn past(self) -> &'static str {
        self.about().past
    }

    /// What was done, said without the doer, for a decision someone else
    /// entered ("approved for you by Bob", "changes requested for you by
    /// Bob").
    #[must_use]
    pub fn passive(self) -> &'static str {
        self.about().passive
    }

    /// The label on a button or a menu entry.
    #[must_use]
    pub fn label(self) -> &'static str {
        self.about().label
    }

    /// One line of help for the command that records this kind.
    #[must_use]
    pub fn help(self) -> &'static str {
        self.about().help
    }

    /// What a counted decision of this kind does.
    #[must_use]
    pub fn effect(self) -> Effect {
        self.about().effect
    }

    /// The kind named `name` ([`Verdict::as_str`]).
    #[must_use]
    pub fn parse(name: &str) -> Option<Verdict> {
        KINDS.iter().find(|a| a.name == name).map(|a| a.verdict)
    }

    /// A reviewer's kind named `name`: one of [`Verdict::DECIDING`].
    #[must_use]
    pub fn parse_deciding(name: &str) -> Option<Verdict> {
        Self::parse(name).filter(|v| Self::DECIDING.contains(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for a in &KINDS {
            assert_eq!(Verdict::parse(a.name), Some(a.verdict));
            let json = serde_json::to_string(&a.verdict).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name));
        }
        assert_eq!(Verdict::parse_deciding("withdraw"), None);
        assert_eq!(Verdict::parse("maybe"), None);
    }
}
