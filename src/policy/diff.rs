//! What a policy version changes, in lines a person reads before signing:
//! people and their keys, groups and their members, rules, attesters, and
//! the admin group with its threshold ([`diff`]); and the same in a few
//! words for the audit log ([`summary`]: "added person eve", "rotated bob's
//! key", "admin threshold 1 → 2").

use std::collections::BTreeSet;

use super::{Person, Policy, Rule};
use crate::sign::Key;

fn fingerprints(p: &Person) -> BTreeSet<String> {
    p.keys
        .iter()
        .map(|k| Key::parse(k).map_or_else(|_| k.clone(), |k| k.fingerprint().to_string()))
        .collect()
}

fn describe(p: &Person) -> String {
    let mut s = p.id.clone();
    if !p.name.is_empty() {
        s.push_str(&format!(" ({})", p.name));
    }
    if !p.email.is_empty() {
        s.push_str(&format!(" <{}>", p.email));
    }
    if let Some(tz) = &p.tz {
        s.push_str(&format!(" in {tz}"));
    }
    if let Some(until) = &p.access_until {
        s.push_str(&format!(", links until {until}"));
    }
    s
}

fn rule_line(r: &Rule) -> String {
    serde_json::to_string(r).unwrap_or_else(|_| format!("{r:?}"))
}

/// The changes from `old` to `new`, one per line, `+` added, `-` removed,
/// `~` changed. Empty when they differ only in version and `previous`.
#[must_use]
pub fn diff(old: &Policy, new: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    if old.admins != new.admins {
        out.push(format!(
            "~ admins: group {} with threshold {} -> group {} with threshold {}",
            old.admins.group, old.admins.threshold, new.admins.group, new.admins.threshold
        ));
    }
    for p in &old.people {
        if new.person(&p.id).is_none() {
            out.push(format!(
                "- person {} and their keys {}",
                describe(p),
                fingerprints(p).into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for p in &new.people {
        let Some(before) = old.person(&p.id) else {
            out.push(format!("+ person {}", describe(p)));
            for k in fingerprints(p) {
                out.push(format!("+ key {k} of {}", p.id));
            }
            continue;
        };
        if before.name != p.name
            || before.email != p.email
            || before.tz != p.tz
            || before.access_until != p.access_until
        {
            out.push(format!("~ person {} -> {}", describe(before), describe(p)));
        }
        let (was, now) = (fingerprints(before), fingerprints(p));
        for k in was.difference(&now) {
            out.push(format!("- key {k} of {}", p.id));
        }
        for k in now.difference(&was) {
            out.push(format!("+ key {k} of {}", p.id));
        }
    }
    for (g, members) in &old.groups {
        if !new.groups.contains_key(g) {
            out.push(format!("- group {g} [{}]", members.join(", ")));
        }
    }
    for (g, members) in &new.groups {
        let Some(before) = old.groups.get(g) else {
            out.push(format!("+ group {g} [{}]", members.join(", ")));
            continue;
        };
        for m in before.iter().filter(|m| !members.contains(m)) {
            out.push(format!("- {m} from group {g}"));
        }
        for m in members.iter().filter(|m| !before.contains(m)) {
            out.push(format!("+ {m} to group {g}"));
        }
    }
    for r in old.rules.iter().filter(|r| !new.rules.contains(r)) {
        out.push(format!("- rule {}", rule_line(r)));
    }
    for r in new.rules.iter().filter(|r| !old.rules.contains(r)) {
        out.push(format!("+ rule {}", rule_line(r)));
    }
    let same_set = old.rules.iter().all(|r| new.rules.contains(r))
        && new.rules.iter().all(|r| old.rules.contains(r));
    if same_set && old.rules != new.rules {
        out.push(format!(
            "~ rule order: {}",
            new.rules
                .iter()
                .map(|r| r.pattern.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for a in old.attesters.iter().filter(|a| !new.attesters.contains(a)) {
        out.push(format!("- attester {a}"));
    }
    for a in new.attesters.iter().filter(|a| !old.attesters.contains(a)) {
        out.push(format!("+ attester {a}"));
    }
    if old.store_id != new.store_id {
        out.push(format!("~ store id {} -> {}", old.store_id, new.store_id));
    }
    // Names, emails and group names come from whoever wrote the proposal:
    // no control character reaches the terminal of the admin reading it.
    out.into_iter().map(|l| printable(&l)).collect()
}

/// What `new` changed from `old`, in short phrases for the audit log.
#[must_use]
pub fn summary(old: &Policy, new: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    if old.admins.threshold != new.admins.threshold {
        out.push(format!(
            "admin threshold {} \u{2192} {}",
            old.admins.threshold, new.admins.threshold
        ));
    }
    if old.admins.group != new.admins.group {
        out.push(format!(
            "admin group {} \u{2192} {}",
            old.admins.group, new.admins.group
        ));
    }
    for p in &old.people {
        if new.person(&p.id).is_none() {
            out.push(format!("removed person {}", p.id));
        }
    }
    for p in &new.people {
        let Some(before) = old.person(&p.id) else {
            let keyless = if p.keys.is_empty() { " (no key)" } else { "" };
            out.push(format!("added person {}{keyless}", p.id));
            continue;
        };
        let (was, now) = (fingerprints(before), fingerprints(p));
        let gone = was.difference(&now).count();
        let came = now.difference(&was).count();
        match (gone, came) {
            (0, 0) => {}
            (1, 1) => out.push(format!("rotated {}'s key", p.id)),
            (0, n) => out.push(format!(
                "added {} for {}",
                if n == 1 {
                    "a key".to_string()
                } else {
                    format!("{n} keys")
                },
                p.id
            )),
            (n, 0) => out.push(format!(
                "removed {} of {}",
                if n == 1 {
                    "a key".to_string()
                } else {
                    format!("{n} keys")
                },
                p.id
            )),
            (_, _) => out.push(format!("replaced {}'s keys", p.id)),
        }
        if before.name != p.name || before.email != p.email {
            out.push(format!("changed {}'s name or email", p.id));
        }
    }
    for g in old.groups.keys() {
        if !new.groups.contains_key(g) {
            out.push(format!("removed group {g}"));
        }
    }
    for (g, members) in &new.groups {
        let Some(before) = old.groups.get(g) else {
            out.push(format!("added group {g} ({})", members.join(", ")));
            continue;
        };
        for m in before.iter().filter(|m| !members.contains(m)) {
            out.push(format!("removed {m} from group {g}"));
        }
        for m in members.iter().filter(|m| !before.contains(m)) {
            out.push(format!("added {m} to group {g}"));
        }
    }
    let removed = old.rules.iter().filter(|r| !new.rules.contains(r)).count();
    let added = new.rules.iter().filter(|r| !old.rules.contains(r)).count();
    for r in new.rules.iter().filter(|r| !old.rules.contains(r)) {
        let changed = old.rules.iter().any(|o| o.pattern == r.pattern);
        out.push(format!(
            "{} rule {}",
            if changed { "changed" } else { "added" },
            r.pattern
        ));
    }
    for r in old.rules.iter().filter(|r| !new.rules.contains(r)) {
        if !new.rules.iter().any(|n| n.pattern == r.pattern) {
            out.push(format!("removed rule {}", r.pattern));
        }
    }
    if removed == 0 && added == 0 && old.rules != new.rules {
        out.push("reordered the rules".into());
    }
    for a in old.attesters.iter().filter(|a| !new.attesters.contains(a)) {
        out.push(format!("removed attester {a}"));
    }
    for a in new.attesters.iter().filter(|a| !old.attesters.contains(a)) {
        out.push(format!("added attester {a}"));
    }
    if out.is_empty() {
        out.push("no change".into());
    }
    out.into_iter().map(|l| printable(&l)).collect()
}

/// `line` with control characters escaped (`\u{1b}`).
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ADMIN_GROUP, Admins};

    fn base() -> Policy {
        Policy {
            schema: crate::record::SCHEMA_POLICY.into(),
            store_id: "s".into(),
            version: 1,
            previous: None,
            admins: Admins {
                group: ADMIN_GROUP.into(),
                threshold: 1,
            },
            people: vec![Person {
                id: "alice".into(),
                name: String::new(),
                email: "a@example.com".into(),
                keys: Vec::new(),
                tz: None,
                access_until: None,
            }],
            groups: [(ADMIN_GROUP.to_string(), vec!["alice".to_string()])].into(),
            rules: vec![Rule::fallback()],
            attesters: Vec::new(),
        }
    }

    #[test]
    fn lists_people_groups_rules_and_admins() {
        let old = base();
        let mut new = base();
        new.version = 2;
        new.people.push(Person {
            id: "mallory".into(),
            name: String::new(),
            email: String::new(),
            keys: Vec::new(),
            tz: None,
            access_until: None,
        });
        new.groups
            .get_mut(ADMIN_GROUP)
            .unwrap()
            .push("mallory".into());
        new.admins.threshold = 2;
        new.rules = vec![Rule::fallback().with_pattern("x/**")];
        let d = diff(&old, &new);
        assert_eq!(
            d[0],
            "~ admins: group admins with threshold 1 -> group admins with threshold 2"
        );
        assert!(d.contains(&"+ person mallory".to_string()), "{d:?}");
        assert!(
            d.contains(&"+ mallory to group admins".to_string()),
            "{d:?}"
        );
        assert!(
            d.iter().any(|l| l.starts_with("- rule {\"match\":\"**\"")),
            "{d:?}"
        );
        assert!(
            d.iter()
                .any(|l| l.starts_with("+ rule {\"match\":\"x/**\"")),
            "{d:?}"
        );
        assert!(diff(&old, &old).is_empty());
        let mut sneaky = base();
        sneaky.people[0].name = "\u{1b}[2Jalice".into();
        assert_eq!(
            diff(&old, &sneaky),
            vec!["~ person alice <a@example.com> -> alice (\\u{1b}[2Jalice) <a@example.com>"]
        );
        let mut moved = base();
        moved.people[0].tz = Some("Europe/Paris".into());
        assert_eq!(
            diff(&old, &moved),
            vec!["~ person alice <a@example.com> -> alice <a@example.com> in Europe/Paris"]
        );
    }
}
