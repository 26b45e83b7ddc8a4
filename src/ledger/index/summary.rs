//! Per-deliverable summaries in the index: where each deliverable stands
//! (its versions, evaluated), kept until its folders, the policy, the tip
//! (for folds that asked the history) or its next expiry says otherwise.
//! Each version is kept twice: whole (JSON, for `--json` and whoever asks
//! the versions) and as the line a table shows ([`Line`], a few bytes read
//! without a JSON parser).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::codec::{Codec, Of, RESAMPLE_AT};
use super::{Outcome, Skip, Updated, add, is_damage, path, remove, with_index};
use crate::layout;
use crate::ledger::overview::{Line, Listing, Overview, Version};
use crate::ledger::{Ledger, Result, Snapshot};

/// Where every deliverable stands at the tip of `head` (a snapshot of the
/// store file and policy chain, no records), from the index: the
/// deliverables whose units changed, whose policy changed or whose
/// requests expired since they were summed up are folded again, the rest
/// are read as they were. `None` when the index cannot be used.
pub(in crate::ledger) fn overview(
    ledger: &Ledger,
    head: &Snapshot,
    pending_only: bool,
    all_versions: bool,
) -> Result<Option<Overview>> {
    summed_up(ledger, head, |tx| {
        read_summaries(tx, head, pending_only, all_versions)
    })
}

/// [`overview`]'s answer as each version's table line, read without
/// decoding the versions. `None` when the index cannot be used.
pub(in crate::ledger) fn listing(
    ledger: &Ledger,
    head: &Snapshot,
    pending_only: bool,
    all_versions: bool,
) -> Result<Option<Listing>> {
    summed_up(ledger, head, |tx| {
        read_lines(tx, head, pending_only, all_versions)
    })
}

/// `read` of the summaries once every deliverable is summed up at `head`;
/// a damaged index is deleted and built again once. `None` when the index
/// cannot be used.
fn summed_up<T>(
    ledger: &Ledger,
    head: &Snapshot,
    read: impl Fn(&rusqlite::Transaction<'_>) -> std::result::Result<T, Outcome>,
) -> Result<Option<T>> {
    let file = path(ledger);
    for attempt in 0..2 {
        match with_index(ledger, &file, head, |tx, updated| {
            summarise(ledger, tx, head, updated)?;
            read(tx)
        }) {
            Ok(o) => return Ok(Some(o)),
            Err(Outcome::Ledger(e)) => return Err(e),
            Err(Outcome::Skip(Skip::Damaged)) if attempt == 0 => remove(&file),
            Err(Outcome::Skip(Skip::Db(e))) if attempt == 0 && is_damage(&e) => remove(&file),
            Err(Outcome::Skip(_)) => return Ok(None),
        }
    }
    Ok(None)
}

/// Folds again the deliverables whose summary is missing or out of date.
fn summarise(
    ledger: &Ledger,
    tx: &rusqlite::Transaction<'_>,
    head: &Snapshot,
    mut updated: Updated,
) -> std::result::Result<(), Outcome> {
    let now = crate::clock::now().as_second();
    let mut dirty = std::mem::take(&mut updated.touched);
    let mut versions_codec = Codec::load_of(tx, Of::Summaries)?;
    out_of_date(tx, head, now, &mut dirty, &mut versions_codec)?;
    if dirty.is_empty() {
        return Ok(());
    }
    // One snapshot of every dirty deliverable, so that the checks of
    // decision times walk the history once for all of them.
    let mut snap = head.clone();
    let codec = Codec::load(tx)?;
    {
        let mut stmt = tx.prepare("SELECT dir, data FROM units WHERE deliverable = ?1")?;
        for name in &dirty {
            let mut rows = stmt.query([name])?;
            while let Some(row) = rows.next()? {
                let dir: String = row.get(0)?;
                let unit = match updated.changed.remove(&dir) {
                    Some(u) => u,
                    None => codec.unit(row, 1)?,
                };
                let mut unit = unit;
                unit.problems.clear();
                unit.orphans.clear();
                unit.verified = 0;
                add(&mut snap, unit);
            }
        }
    }
    let mut arrived = crate::ledger::history::Arrived::default();
    for name in &dirty {
        let prefix = format!("{}/", head.layout().deliverable_dir(name));
        super::arrivals::read(tx, Some(&prefix), &mut arrived)?;
    }
    let before = snap.problems.len();
    let looked_up = ledger.settle(&mut snap, &arrived);
    let mut extra: HashMap<String, usize> = HashMap::new();
    for p in &snap.problems[before..] {
        if let Some(rr) = layout::unit_of(&p.path).and_then(|dir| {
            let id = dir.rsplit('/').next()?;
            snap.requests.get(id)
        }) {
            *extra.entry(rr.request.deliverable.clone()).or_default() += 1;
        }
    }
    for name in &dirty {
        let versions = crate::ledger::overview::versions_of(&snap, name);
        let Some((newest, older)) = versions.split_last() else {
            tx.execute("DELETE FROM summaries WHERE deliverable = ?1", [name])?;
            tx.execute("DELETE FROM older WHERE deliverable = ?1", [name])?;
            continue;
        };
        let until = snap
            .versions(name)
            .iter()
            .filter_map(|rr| {
                rr.request
                    .expires
                    .as_deref()
                    .and_then(crate::clock::seconds)
            })
            .filter(|e| *e > now)
            .min();
        // A fold that asked the history (decision times, competing heads)
        // or found a problem in it holds for this tip only.
        let problems = i64::try_from(extra.get(name).copied().unwrap_or(0)).unwrap_or(i64::MAX);
        let tip_bound = problems > 0 || looked_up.contains(name.as_str());
        // A decision left out for its time (dated ahead of the clock, say)
        // may count later: such a fold is never reused.
        let until = if problems > 0 { Some(now) } else { until };
        let newest_json = serde_json::to_vec(newest).expect("versions serialise");
        if versions_codec.is_empty() {
            versions_codec = sample_versions(tx, &snap, &dirty)?;
        }
        let mut line = Vec::new();
        Line::of(newest).encode(&mut line);
        tx.execute(
            "INSERT OR REPLACE INTO summaries (deliverable, until, tip, problems, state, line, newest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                name,
                until,
                tip_bound.then_some(head.tip.as_str()),
                problems,
                newest.evaluation.state.as_str(),
                line,
                versions_codec.encode(&newest_json),
            ],
        )?;
        let mut lines = Vec::new();
        for v in older {
            Line::of(v).encode(&mut lines);
        }
        tx.execute(
            "INSERT OR REPLACE INTO older (deliverable, lines, versions) VALUES (?1, ?2, ?3)",
            params![
                name,
                lines,
                versions_codec.encode(&serde_json::to_vec(older).expect("versions serialise"))
            ],
        )?;
    }
    Ok(())
}

/// Adds to `dirty` the deliverables whose summary is missing or out of
/// date (all of them when the policy changed, or when the summaries'
/// dictionary was sampled from a young store that has grown: then it is
/// emptied, to be sampled anew).
fn out_of_date(
    tx: &rusqlite::Transaction<'_>,
    head: &Snapshot,
    now: i64,
    dirty: &mut std::collections::BTreeSet<String>,
    versions_codec: &mut Codec,
) -> std::result::Result<(), Outcome> {
    let policy = policy_digest(head);
    if !versions_codec.is_empty() && versions_codec.young() {
        // Sampled from the first few deliverables of a new store: once it
        // has grown, every summary is folded again and the dictionary
        // sampled anew.
        let have: i64 = tx.query_row("SELECT count(*) FROM summaries", [], |r| r.get(0))?;
        let new = i64::try_from(dirty.len()).unwrap_or(i64::MAX);
        if have.saturating_add(new) >= RESAMPLE_AT {
            tx.execute_batch(
                "DELETE FROM summaries; DELETE FROM older;
                 DELETE FROM meta WHERE k IN ('sdict', 'sdict_units');",
            )?;
            *versions_codec = Codec::empty();
        }
    }
    {
        // Every summary was folded under the policy named in `meta`
        // (a fold of them all follows any change of it, in one transaction).
        let folded_under: Option<String> = tx
            .query_row("SELECT v FROM meta WHERE k = 'summaries_policy'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let every = folded_under.as_deref() != Some(policy.as_str());
        if every {
            tx.execute(
                "INSERT OR REPLACE INTO meta (k, v) VALUES ('summaries_policy', ?1)",
                [&policy],
            )?;
        }
        let mut stmt = tx.prepare(
            "SELECT deliverable FROM summaries WHERE ?1
                 OR (until IS NOT NULL AND until <= ?2) OR (tip IS NOT NULL AND tip != ?3)
             UNION SELECT DISTINCT u.deliverable FROM units u
                 LEFT JOIN summaries s ON s.deliverable = u.deliverable
                 WHERE u.deliverable IS NOT NULL AND s.deliverable IS NULL",
        )?;
        let names = stmt.query_map(params![every, now, head.tip], |r| r.get::<_, String>(0))?;
        for n in names {
            dirty.insert(n?);
        }
    }
    Ok(())
}

/// Samples the summaries' dictionary from the versions of the first
/// dirty deliverables (newest and older alike, as they are stored).
fn sample_versions(
    tx: &rusqlite::Transaction<'_>,
    snap: &Snapshot,
    dirty: &std::collections::BTreeSet<String>,
) -> std::result::Result<Codec, Outcome> {
    let mut samples = Vec::new();
    for name in dirty.iter().take(16) {
        let versions = crate::ledger::overview::versions_of(snap, name);
        if let Some((newest, older)) = versions.split_last() {
            samples.push(serde_json::to_vec(newest).expect("versions serialise"));
            samples.push(serde_json::to_vec(older).expect("versions serialise"));
        }
    }
    Codec::sample_of(tx, Of::Summaries, &samples, dirty.len())
}

/// How many problems a full load reports besides the head's.
fn problems(tx: &rusqlite::Transaction<'_>) -> std::result::Result<usize, Outcome> {
    let unit_problems: i64 =
        // Through the small index of the units with problems.
        tx.query_row(
            "SELECT coalesce(sum(problems), 0) FROM units WHERE problems > 0",
            [],
            |r| r.get(0),
        )?;
    let extra: i64 = tx.query_row(
        "SELECT coalesce(sum(problems), 0) FROM summaries WHERE problems > 0",
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(unit_problems + extra).unwrap_or(usize::MAX))
}

/// The query of the newest versions' `newest` (or `line`) column, with the
/// older ones' `older` (or `lines`) when all are asked for.
fn summaries_sql(pending_only: bool, all_versions: bool, newest: &str, older: &str) -> String {
    let filter = if pending_only {
        " WHERE s.state = 'pending'"
    } else {
        ""
    };
    if all_versions {
        format!(
            "SELECT s.deliverable, s.{newest}, o.{older} FROM summaries s JOIN older o USING (deliverable){filter} ORDER BY s.deliverable"
        )
    } else {
        format!("SELECT s.deliverable, s.{newest} FROM summaries s{filter} ORDER BY s.deliverable")
    }
}

fn read_lines(
    tx: &rusqlite::Transaction<'_>,
    head: &Snapshot,
    pending_only: bool,
    all_versions: bool,
) -> std::result::Result<Listing, Outcome> {
    let problems = problems(tx)?;
    let mut stmt = tx.prepare(&summaries_sql(pending_only, all_versions, "line", "lines"))?;
    let mut rows = stmt.query([])?;
    let mut deliverables = Vec::new();
    let damaged = || Outcome::Skip(Skip::Damaged);
    while let Some(row) = rows.next()? {
        let name = row.get_ref(0)?.as_str().map_err(|_| damaged())?.to_owned();
        let mut lines = Vec::new();
        if all_versions {
            let mut older = row.get_ref(2)?.as_blob().map_err(|_| damaged())?;
            while !older.is_empty() {
                lines.push(Line::decode(&mut older).ok_or_else(damaged)?);
            }
        }
        let mut newest = row.get_ref(1)?.as_blob().map_err(|_| damaged())?;
        lines.push(Line::decode(&mut newest).ok_or_else(damaged)?);
        if !newest.is_empty() {
            return Err(damaged());
        }
        deliverables.push((name, lines));
    }
    Ok(Listing {
        problems: head.problems.len() + problems,
        head: head.clone(),
        deliverables,
    })
}

fn read_summaries(
    tx: &rusqlite::Transaction<'_>,
    head: &Snapshot,
    pending_only: bool,
    all_versions: bool,
) -> std::result::Result<Overview, Outcome> {
    let problems = problems(tx)?;
    let codec = Codec::load_of(tx, Of::Summaries)?;
    let mut stmt = tx.prepare(&summaries_sql(
        pending_only,
        all_versions,
        "newest",
        "versions",
    ))?;
    let mut rows = stmt.query([])?;
    let mut deliverables = Vec::new();
    let bad = |_| Outcome::Skip(Skip::Damaged);
    while let Some(row) = rows.next()? {
        let name: String = row.get(0)?;
        let newest: Version = serde_json::from_slice(&codec.column(row, 1)?).map_err(bad)?;
        let mut versions: Vec<Version> = if all_versions {
            serde_json::from_slice(&codec.column(row, 2)?).map_err(bad)?
        } else {
            Vec::new()
        };
        versions.push(newest);
        deliverables.push((name, versions));
    }
    Ok(Overview {
        problems: head.problems.len() + problems,
        head: head.clone(),
        deliverables,
    })
}

fn policy_digest(head: &Snapshot) -> String {
    crate::content::sha256_tagged(&serde_json::to_vec(head.policy()).expect("policies serialise"))
}
