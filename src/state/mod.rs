//! Folding records into request and deliverable state.
//!
//! This is the one place that decides what records mean: which request is
//! current, each person's latest decision, what counts under the policy, and
//! what is still missing. Everything here is a pure function of verified
//! records and the current policy; nothing is stored.
//!
//! Rooms, each importing only the ones below it (this file imports none;
//! it names the rooms and what the rest of the crate reads):
//!
//! ```text
//! evaluate   evaluate(): records + policy → Evaluation
//! rules      who may enter what (the rule owner; reads heads and who)
//! eligible   why a recorded decision is left out; the stage rules
//! heads      each person's latest decisions
//! who        who a request asks, reviews it, may enter for whom, withdraw
//! model      the types: RequestRecords, State, Need, NotCounted, Evaluation
//! deadlines  when a person's decision is due, whether their access ended
//!            (a bare date ends at midnight in their zone; reads no room)
//! ```

pub mod deadlines;
mod eligible;
mod evaluate;
mod heads;
mod model;
pub mod rules;
#[cfg(test)]
mod tests;
mod who;

pub use evaluate::evaluate;
pub use heads::{decider, latest_by_person, latest_by_person_ordered, may_compete};
pub use model::{Entered, Evaluation, Ignored, Need, NotCounted, RequestRecords, State};
pub use who::asked;
