//! `signoff person`: add people to the policy and list them.

use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::policy::{Person, check_person_id};
use crate::sign::Key;

/// Manage the people in the policy (each change is a new signed policy version).
#[derive(Debug, clap::Subcommand)]
pub enum PersonCommand {
    /// Add a person with their public key.
    Add {
        /// Person id: a-z, 0-9, '.', '_' or '-'.
        id: String,
        /// Their email address (for notifications).
        #[arg(long)]
        email: String,
        /// Their public key line: "ssh-ed25519 AAAA…" (repeatable).
        #[arg(long = "key", value_name = "PUBLIC_KEY", required = true)]
        keys: Vec<String>,
        /// Their display name.
        #[arg(long)]
        name: Option<String>,
        /// Also add them to these groups (repeatable).
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
    },
    /// Remove a person (and their keys) from the policy and every group.
    ///
    /// From the version where this takes effect, their decisions stop
    /// counting in gates and status; history still shows them.
    Remove {
        /// Person id.
        id: String,
    },
    /// List the people in the policy in force.
    List,
}

pub fn run(ctx: &Ctx, cmd: &PersonCommand) -> Result<u8> {
    match cmd {
        PersonCommand::Add {
            id,
            email,
            keys,
            name,
            groups,
        } => add(ctx, id, email, keys, name.as_deref(), groups),
        PersonCommand::Remove { id } => {
            let p = super::policy::propose(ctx, &format!("Remove person {id}"), |_, policy| {
                if policy.person(id).is_none() {
                    return Err(CliError::not_found(format!("unknown person {id:?}"))
                        .hint("see 'signoff person list'"));
                }
                policy.people.retain(|p| p.id != *id);
                for members in policy.groups.values_mut() {
                    members.retain(|m| m != id);
                }
                Ok(())
            })?;
            report(ctx, &p, &format!("Removed {id}"))
        }
        PersonCommand::List => list(ctx),
    }
}

fn add(
    ctx: &Ctx,
    id: &str,
    email: &str,
    keys: &[String],
    name: Option<&str>,
    groups: &[String],
) -> Result<u8> {
    check_person_id(id).map_err(CliError::usage)?;
    crate::text::check_email(email)
        .map_err(|e| CliError::usage(e).hint("give an address like ana@example.com"))?;
    if let Some(name) = name {
        crate::text::check_name("name", name).map_err(|e| {
            CliError::usage(e)
                .hint("give the name as one line of visible text, e.g. --name \"Ana Lima\"")
        })?;
    }
    let mut lines = Vec::new();
    for k in keys {
        let key = Key::parse(k).map_err(|e| {
            CliError::usage(format!("invalid key for {id}: {e}"))
                .hint("paste the whole line of their id_ed25519.pub: \"ssh-ed25519 AAAA… comment\"")
        })?;
        lines.push(key.openssh());
    }
    let proposed = super::policy::propose(ctx, &format!("Add person {id}"), |_, policy| {
        if policy.person(id).is_some() {
            return Err(
                CliError::refused(format!("person {id} already exists")).hint("pick another id")
            );
        }
        policy.people.push(Person {
            id: id.to_string(),
            name: name.unwrap_or_default().to_string(),
            email: email.to_string(),
            keys: lines.clone(),
        });
        for g in groups {
            policy
                .groups
                .entry(g.clone())
                .or_default()
                .push(id.to_string());
        }
        Ok(())
    })?;
    report(ctx, &proposed, &format!("Added {id}"))
}

/// Prints the outcome of a policy change.
pub fn report(ctx: &Ctx, p: &super::policy::Proposed, what: &str) -> Result<u8> {
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out<'a> {
            policy_version: u32,
            proposal: &'a str,
            in_effect: bool,
            commit: &'a str,
        }
        return ctx
            .out
            .json(&Out {
                policy_version: p.version,
                proposal: &p.id,
                in_effect: p.in_effect,
                commit: &p.commit,
            })
            .map(|()| 0);
    }
    if p.in_effect {
        ctx.out.print(&format!(
            "{what}: policy version {} is in effect",
            p.version
        ))?;
    } else {
        ctx.out.print(&format!(
            "{what}: policy version {} proposed; it takes effect when enough admins sign it ('signoff policy sign {}')",
            p.version, p.id
        ))?;
    }
    Ok(0)
}

fn list(ctx: &Ctx) -> Result<u8> {
    let ledger = ctx.ledger()?;
    let snap = ctx.load(&ledger)?;
    let policy = snap.policy();
    if ctx.out.json {
        #[derive(Serialize)]
        struct Out<'a> {
            policy_version: u32,
            people: &'a [Person],
        }
        return ctx
            .out
            .json(&Out {
                policy_version: policy.version,
                people: &policy.people,
            })
            .map(|()| 0);
    }
    let rows = policy
        .people
        .iter()
        .map(|p| {
            let groups: Vec<&str> = policy
                .groups
                .iter()
                .filter(|(_, m)| m.contains(&p.id))
                .map(|(g, _)| g.as_str())
                .collect();
            let fps: Vec<String> = p
                .keys
                .iter()
                .filter_map(|k| Key::parse(k).ok())
                .map(|k| k.fingerprint().to_string())
                .collect();
            vec![
                p.id.clone(),
                p.name.clone(),
                p.email.clone(),
                groups.join(","),
                fps.join("\n"),
            ]
        })
        .collect();
    ctx.out.print(
        &ctx.out
            .table(&["id", "name", "email", "groups", "keys"], rows),
    )?;
    Ok(0)
}
