//! `signoff group`: manage groups; each change is a new signed policy version.

use serde::Serialize;

use super::{Ctx, policy};
use crate::error::{CliError, Result};
use crate::ops::policy_change::{Change, PolicyChangeError};
use crate::policy::check_person_id;

/// Manage groups in the policy.
///
/// Each change is a new signed policy version.
#[derive(Debug, clap::Subcommand)]
pub enum GroupCommand {
    /// Add people to a group, creating the group if needed.
    Add {
        /// Group name (a-z, 0-9, '.', '_' or '-').
        #[arg(add = crate::complete::group())]
        group: String,
        /// Person ids to add.
        #[arg(required = true, add = crate::complete::person())]
        people: Vec<String>,
    },
    /// Remove people from a group, or the whole group when no people are given.
    Remove {
        #[arg(add = crate::complete::group())]
        group: String,
        /// Person ids to remove (default: remove the group).
        #[arg(add = crate::complete::person())]
        people: Vec<String>,
    },
    /// List the groups of the policy in force.
    List,
}

pub fn run(ctx: &Ctx, cmd: &GroupCommand) -> Result<u8> {
    match cmd {
        GroupCommand::Add { group, people } => {
            check_person_id(group)
                .map_err(|_| CliError::usage(format!("invalid group name {group:?}")))?;
            let change = Change::AddToGroup {
                group: group.clone(),
                people: people.clone(),
            };
            let subject = format!("Add {} to group {group}", people.join(", "));
            let p = policy::propose_or(ctx, &subject, &change, |e| match e {
                PolicyChangeError::UnknownPerson(id) => {
                    CliError::not_found(format!("unknown person {id:?}"))
                        .hint("add them first with 'signoff person add'")
                }
                e => policy::change_error(e),
            })?;
            policy::report(ctx, &p, &format!("Updated group {group}"))
        }
        GroupCommand::Remove { group, people } => {
            let subject = if people.is_empty() {
                format!("Remove group {group}")
            } else {
                format!("Remove {} from group {group}", people.join(", "))
            };
            let change = Change::RemoveFromGroup {
                group: group.clone(),
                people: people.clone(),
            };
            let p = policy::propose(ctx, &subject, &change)?;
            policy::report(ctx, &p, &format!("Updated group {group}"))
        }
        GroupCommand::List => {
            let ledger = ctx.ledger()?;
            let snap = ctx.load(&ledger)?;
            let policy = snap.policy();
            if ctx.out.json {
                #[derive(Serialize)]
                struct Out<'a> {
                    policy_version: u32,
                    admin_group: &'a str,
                    groups: &'a std::collections::BTreeMap<String, Vec<String>>,
                }
                return ctx
                    .out
                    .json(&Out {
                        policy_version: policy.version,
                        admin_group: &policy.admins.group,
                        groups: &policy.groups,
                    })
                    .map(|()| 0);
            }
            let rows = policy
                .groups
                .iter()
                .map(|(g, m)| {
                    let mut name = g.clone();
                    if *g == policy.admins.group {
                        name.push_str(&format!(" (admins, {} to sign)", policy.admins.threshold));
                    }
                    vec![name, m.join(", ")]
                })
                .collect();
            ctx.out.print(&ctx.out.table(&["group", "members"], rows))?;
            Ok(0)
        }
    }
}
