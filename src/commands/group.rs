//! `signoff group`: manage groups; each change is a new signed policy version.

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::policy::check_person_id;

/// Manage groups in the policy (each change is a new signed policy version).
#[derive(Debug, clap::Subcommand)]
pub enum GroupCommand {
    /// Add people to a group, creating the group if needed.
    Add {
        /// Group name (a-z, 0-9, '.', '_' or '-').
        group: String,
        /// Person ids to add.
        #[arg(required = true)]
        people: Vec<String>,
    },
    /// Remove people from a group, or the whole group when no people are given.
    Remove {
        group: String,
        /// Person ids to remove (default: remove the group).
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
            let p = super::policy::propose(
                ctx,
                &format!("Add {} to group {group}", people.join(", ")),
                |_, policy| {
                    for id in people {
                        if policy.person(id).is_none() {
                            return Err(CliError::not_found(format!("unknown person {id:?}"))
                                .hint("add them first with 'signoff person add'"));
                        }
                    }
                    let members = policy.groups.entry(group.clone()).or_default();
                    for id in people {
                        if members.contains(id) {
                            return Err(CliError::refused(format!(
                                "{id} is already in group {group}"
                            ))
                            .hint("nothing to do; see 'signoff group list'"));
                        }
                        members.push(id.clone());
                    }
                    Ok(())
                },
            )?;
            super::person::report(ctx, &p, &format!("Updated group {group}"))
        }
        GroupCommand::Remove { group, people } => {
            let p = super::policy::propose(
                ctx,
                &if people.is_empty() {
                    format!("Remove group {group}")
                } else {
                    format!("Remove {} from group {group}", people.join(", "))
                },
                |_, policy| {
                    let Some(members) = policy.groups.get_mut(group) else {
                        return Err(CliError::not_found(format!("unknown group {group:?}"))
                            .hint("see 'signoff group list'"));
                    };
                    if people.is_empty() {
                        policy.groups.remove(group);
                        return Ok(());
                    }
                    for id in people {
                        let before = members.len();
                        members.retain(|m| m != id);
                        if members.len() == before {
                            return Err(CliError::not_found(format!(
                                "{id} is not in group {group}"
                            ))
                            .hint("see 'signoff group list'"));
                        }
                    }
                    Ok(())
                },
            )?;
            super::person::report(ctx, &p, &format!("Updated group {group}"))
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
