//! `signoff person`: add people to the policy, change them, and list them.

use serde::Serialize;

use super::{Ctx, policy};
use crate::error::{CliError, Result};
use crate::ops::policy_change::Change;
use crate::policy::{Person, check_person_id};
use crate::sign::Key;

/// Manage the people in the policy.
///
/// Each change is a new signed policy version.
#[derive(Debug, clap::Subcommand)]
pub enum PersonCommand {
    /// Add a person: with their public key, or (a client) without one.
    #[command(
        after_help = "Examples:\n  signoff person add ana --email ana@example.com --key ~/ana.pub --name \"Ana Lima\"\n  signoff person add client --email cmo@client.example --group acme-contacts"
    )]
    Add {
        /// Person id: a-z, 0-9, '.', '_' or '-'.
        id: String,
        /// Their email address (for notifications).
        #[arg(long)]
        email: String,
        /// Their public key: the line "ssh-ed25519 AAAA…", their .pub file,
        /// or - to read it from standard input (repeatable). Without one,
        /// they decide only through email links (attested by `signoff
        /// serve`); a key can be added later as any policy change.
        #[arg(long = "key", value_name = "PUBLIC_KEY")]
        keys: Vec<String>,
        /// Their display name.
        #[arg(long)]
        name: Option<String>,
        /// Also add them to these groups (repeatable).
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
        /// Their time zone, an IANA name such as Europe/Paris: emails give
        /// them deadlines in it (default: UTC).
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// After this date their email links and inbox stop, with a page
        /// that says whom to contact (2026-12-31: the end of that day in
        /// their time zone; or an RFC 3339 time).
        #[arg(long, value_name = "DATE")]
        access_until: Option<String>,
    },
    /// Change a person's time zone, or when their link access ends.
    Edit {
        /// Person id.
        id: String,
        /// Their time zone, an IANA name such as Europe/Paris.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// After this date their email links and inbox stop (2026-12-31:
        /// the end of that day in their time zone; or an RFC 3339 time);
        /// "never" removes the end.
        #[arg(long, value_name = "DATE")]
        access_until: Option<String>,
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
            tz,
            access_until,
        } => {
            let person = Person {
                id: id.clone(),
                name: name.clone().unwrap_or_default(),
                email: email.clone(),
                keys: Vec::new(),
                tz: tz.clone(),
                access_until: access_until.as_deref().map(until).transpose()?,
            };
            add(ctx, person, keys, groups)
        }
        PersonCommand::Edit {
            id,
            tz,
            access_until,
        } => edit(ctx, id, tz.as_deref(), access_until.as_deref()),
        PersonCommand::Remove { id } => {
            let p = policy::propose(
                ctx,
                &format!("Remove person {id}"),
                &Change::RemovePerson(id.clone()),
            )?;
            policy::report(ctx, &p, &format!("Removed {id}"))
        }
        PersonCommand::List => list(ctx),
    }
}

/// Checks a time zone name typed with `--tz`.
fn zone(tz: &str) -> Result<()> {
    crate::clock::check_zone(tz).map_err(|e| {
        CliError::usage(e)
            .hint("give an IANA time zone name, e.g. --tz Europe/Paris or --tz America/New_York")
    })
}

/// What the policy keeps for `--access-until`: a day as typed
/// (`2026-12-31`, ending at midnight in the person's zone) or a time.
fn until(s: &str) -> Result<String> {
    crate::clock::Due::parse(s)
        .map(|d| d.stored())
        .map_err(|_| {
            CliError::usage(format!("invalid --access-until {s:?}")).hint(
                "use a date like 2026-12-31 (the end of that day in their time zone) or a time like 2026-12-31T17:00:00Z",
            )
        })
}

fn edit(ctx: &Ctx, id: &str, tz: Option<&str>, access_until: Option<&str>) -> Result<u8> {
    if tz.is_none() && access_until.is_none() {
        return Err(CliError::usage(format!("nothing to change for {id}"))
            .hint("give --tz ZONE or --access-until DATE (or --access-until never)"));
    }
    if let Some(tz) = tz {
        zone(tz)?;
    }
    let access_until = match access_until {
        None => None,
        Some(s) if s.trim().eq_ignore_ascii_case("never") => Some(None),
        Some(s) => Some(Some(until(s)?)),
    };
    let change = Change::EditPerson {
        id: id.to_string(),
        tz: tz.map(str::to_string),
        access_until,
    };
    let p = policy::propose(ctx, &format!("Edit person {id}"), &change)?;
    policy::report(ctx, &p, &format!("Changed {id}"))
}

fn add(ctx: &Ctx, mut person: Person, keys: &[String], groups: &[String]) -> Result<u8> {
    if let Some(tz) = &person.tz {
        zone(tz)?;
    }
    let (id, email, name) = (person.id.clone(), person.email.clone(), person.name.clone());
    let (id, email) = (id.as_str(), email.as_str());
    let name = (!name.is_empty()).then_some(name.as_str());
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
        let k = super::key_line(k)?;
        let key = Key::parse(&k).map_err(|e| {
            let hint = if matches!(e, crate::sign::SignError::NotEd25519(_)) {
                "ask them for an Ed25519 key: 'signoff key generate' (or 'ssh-keygen -t ed25519', 'ssh-keygen -t ed25519-sk' on a security key) makes one; or add them without --key, to decide through email links"
            } else {
                "paste the whole line of their id_ed25519.pub: \"ssh-ed25519 AAAA… comment\""
            };
            CliError::usage(format!("invalid key for {id}: {e}")).hint(hint)
        })?;
        lines.push(key.openssh());
    }
    person.keys = lines;
    let change = Change::AddPerson {
        person,
        groups: groups.to_vec(),
    };
    let proposed = policy::propose(ctx, &format!("Add person {id}"), &change)?;
    policy::report(ctx, &proposed, &format!("Added {id}"))
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
