//! Deciding: approve, request changes or decline a request, with one's own
//! key, on someone else's behalf, or through an email link.
//!
//! Who may decide what is `decide_rules`' to say; this operation asks it
//! against the snapshot the write lands on, builds the signed decision, and
//! works out which stages the decision completed (their next reviewers are
//! asked only now). The command line and the page differ only in the
//! [`Decider`] they pass and in how they pick the request.

use crate::events::Event;
use crate::ledger::{Ledger, LedgerError, Note, Prepared, Snapshot, whoami};
use crate::link::VIA_LINK;
use crate::notify::Report;
use crate::policy::Policy;
use crate::record::{self, Decision, LinkEvidence, Request, Verdict};
use crate::sign::Signer;
use crate::state::rules::{self, Proposal, Refusal};
use crate::state::{self, Evaluation, RequestRecords, State};

/// Who decides, and whose key signs the record.
pub enum Decider<'a> {
    /// A person with their own key (`configured`: `git config
    /// signoff.person`, when set). With `on_behalf_of`, they enter the
    /// decision of another person, saying how it reached them.
    Key {
        signer: &'a Signer,
        configured: Option<String>,
        on_behalf_of: Option<OnBehalfOf<'a>>,
    },
    /// A reviewer without a key, through an email link: the server's
    /// attestation key (`attester`'s) signs, and the record embeds the
    /// link's evidence. `prior` is a verified snapshot the write may land
    /// on (it saves a load when the tip has not moved).
    Link {
        signer: &'a Signer,
        attester: &'a str,
        person: &'a str,
        evidence: LinkEvidence,
        prior: Option<&'a Snapshot>,
    },
}

/// A decision entered for someone else.
pub struct OnBehalfOf<'a> {
    pub person: &'a str,
    /// How their decision reached the person entering it.
    pub evidence: &'a str,
}

/// What to decide.
pub struct Decide<'a> {
    pub decider: Decider<'a>,
    pub verdict: Verdict,
    pub comment: &'a str,
}

/// A decision that landed.
#[derive(Debug)]
pub struct Decided {
    pub commit: String,
    pub decision: Decision,
    /// The request's place among the deliverable's versions (`v2`).
    pub version: usize,
    /// `acme/logo v2`.
    pub label: String,
    /// The request's state after the decision, and its one-line summary.
    pub state: State,
    pub summary: String,
    /// What was notified: the decision, a link receipt, completed stages.
    pub events: Vec<Event>,
    /// The snapshot the write produced, when the decider gave a `prior`
    /// one to build it from.
    pub after: Option<Snapshot>,
    /// How notifying went (warnings never undo the decision).
    pub notified: Report,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum DecideError<E> {
    /// The caller's `pick` refused.
    Target(E),
    /// The rules refuse this decision on this request.
    Refused(Box<Refused>),
    /// The store, the keys or the records failed.
    Ledger(LedgerError),
}

/// A refusal, with what a message about it needs.
#[derive(Debug)]
pub struct Refused {
    pub refusal: Refusal,
    pub request: Request,
    /// `acme/logo v2`.
    pub label: String,
    /// How many versions the deliverable has (the newest is `v{latest}`).
    pub latest: usize,
    /// The rule's `on_behalf` setting, described (`"admins"`).
    pub on_behalf: String,
    pub verdict: Verdict,
}

impl<E> From<LedgerError> for DecideError<E> {
    fn from(e: LedgerError) -> Self {
        DecideError::Ledger(e)
    }
}

/// Decides on the request `pick` chooses from the snapshot the write lands
/// on, then notifies. `after_write` runs as soon as the commit landed, before
/// anyone is notified (the page uses it to let the next writer in).
pub fn decide<E>(
    ledger: &Ledger,
    input: &Decide<'_>,
    pick: impl Fn(&Snapshot) -> Result<&RequestRecords, E>,
    after_write: impl FnOnce(&Decided),
) -> Result<Decided, DecideError<E>> {
    // The snapshot after the write is the one it landed on plus this
    // decision: the mail is rendered from it instead of loading the store
    // again (only wanted when there is mail to render).
    let keep_after = match &input.decider {
        Decider::Key { .. } => crate::notify::MailConfig::from_store(&ledger.store).enabled,
        Decider::Link { prior, .. } => prior.is_some(),
    };
    let make =
        |snap: &Snapshot, me: &str, key: &str| prepare(snap, input, &pick, me, key, keep_after);
    let (commit, mut decided) = match &input.decider {
        Decider::Key {
            signer, configured, ..
        } => ledger.append(signer, |snap| {
            let me = whoami(snap, signer, configured.clone())?;
            make(snap, &me, signer.key().fingerprint())
        })?,
        Decider::Link {
            signer,
            attester,
            person,
            prior,
            ..
        } => ledger.append_on(signer, attester, *prior, |snap| {
            make(snap, person, signer.key().fingerprint())
        })?,
    };
    decided.commit.clone_from(&commit);
    if let Some(after) = &mut decided.after {
        if matches!(input.decider, Decider::Key { .. }) {
            entered_at(ledger, after, &decided.decision, &commit);
        }
        after.tip = commit;
    }
    after_write(&decided);
    decided.notified = super::notify(ledger, decided.after.as_ref(), &decided.events);
    Ok(decided)
}

/// Picks the request a decision is for (as [`decide`]'s `pick`).
pub type Pick<'a, E> = Box<dyn Fn(&Snapshot) -> Result<&RequestRecords, E> + 'a>;

/// One decision through an email link, for [`decide_links`].
pub struct LinkJob<'a, E> {
    pub input: Decide<'a>,
    pub pick: Pick<'a, E>,
}

/// Writes the decisions of `jobs`, all through email links and signed by
/// the page's attestation key, as one commit (group commit): each is
/// checked against the tip the commit lands on with the batch's earlier
/// decisions applied, so two posts of one link still record once. Returns
/// each job's outcome in order; `after_write` gets the snapshot after the
/// commit (none when nothing was written) and every outcome as soon as the
/// commit has landed, before anyone is notified. A failure of the write itself (not
/// of one decision) is returned as is: the caller then decides one at a
/// time, so that each gets its own error.
pub fn decide_links<E>(
    ledger: &Ledger,
    signer: &Signer,
    attester: &str,
    prior: Option<&Snapshot>,
    jobs: &[LinkJob<'_, E>],
    after_write: impl FnOnce(Option<&Snapshot>, &[Result<Decided, DecideError<E>>]),
) -> Result<Vec<Result<Decided, DecideError<E>>>, LedgerError> {
    let mut outcomes: Vec<Option<Result<Decided, DecideError<E>>>> =
        jobs.iter().map(|_| None).collect();
    let fingerprint = signer.key().fingerprint().to_string();
    let written = ledger.append_on(signer, attester, prior, |snap| {
        let mut after = snap.clone();
        let mut records = Vec::new();
        let mut notes = Vec::new();
        let mut subjects = Vec::new();
        for (job, outcome) in jobs.iter().zip(outcomes.iter_mut()) {
            let Decider::Link { person, .. } = &job.input.decider else {
                *outcome = Some(Err(DecideError::Ledger(LedgerError::Aborted)));
                continue;
            };
            match prepare(&after, &job.input, &*job.pick, person, &fingerprint, false) {
                Ok(p) => {
                    let d = &p.value.decision;
                    if let Some(rr) = after.requests.get_mut(&d.request) {
                        rr.decisions.push(d.clone());
                    }
                    after.verified += 1;
                    records.extend(p.records);
                    notes.push(p.note);
                    subjects.push(p.subject);
                    *outcome = Some(Ok(p.value));
                }
                Err(e) => *outcome = Some(Err(e)),
            }
        }
        if records.is_empty() {
            return Err(LedgerError::Aborted);
        }
        let subject = if subjects.len() == 1 {
            subjects.remove(0)
        } else {
            format!("{} decisions through email links", subjects.len())
        };
        Ok(Prepared {
            records,
            files: Vec::new(),
            subject,
            note: Note::Batch(notes),
            value: after,
        })
    });
    let after = match written {
        Ok((commit, mut after)) => {
            after.tip.clone_from(&commit);
            for d in outcomes.iter_mut().flatten().flatten() {
                d.commit.clone_from(&commit);
            }
            Some(after)
        }
        // Every decision was refused: nothing to write.
        Err(LedgerError::Aborted) => None,
        Err(e) => return Err(e),
    };
    let mut outcomes: Vec<Result<Decided, DecideError<E>>> = outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Err(DecideError::Ledger(LedgerError::Aborted))))
        .collect();
    after_write(after.as_ref(), &outcomes);
    if let Some(after) = &after {
        let events: Vec<Event> = outcomes
            .iter()
            .flatten()
            .flat_map(|d| d.events.iter().cloned())
            .collect();
        let report = super::notify(ledger, Some(after), &events);
        if let Some(first) = outcomes.iter_mut().flatten().next() {
            first.notified = report;
        }
    }
    Ok(outcomes)
}

/// Builds one decision against `snap` (the tip the write lands on): picks
/// the request, asks the rules, and works out the events it causes.
fn prepare<E>(
    snap: &Snapshot,
    input: &Decide<'_>,
    pick: &dyn Fn(&Snapshot) -> Result<&RequestRecords, E>,
    me: &str,
    key: &str,
    keep_after: bool,
) -> Result<Prepared<Decided>, DecideError<E>> {
    let verdict = input.verdict;
    let rr = pick(snap).map_err(DecideError::Target)?;
    let req = &rr.request;
    let version = snap.version_of(req);
    let policy = snap.policy();
    let label = format!("{} v{version}", req.deliverable);
    let before = state::evaluate(policy, rr, snap.is_superseded(req));
    let on_behalf = match &input.decider {
        Decider::Key {
            on_behalf_of: Some(o),
            ..
        } => Some(o),
        _ => None,
    };
    let link_id = match &input.decider {
        Decider::Link { evidence, .. } => crate::link::peek(&evidence.token).map(|c| c.id),
        Decider::Key { .. } => None,
    };
    let proposal = Proposal {
        by: me,
        on_behalf_of: on_behalf.map(|o| o.person),
        verdict,
        comment: input.comment,
        link: link_id.as_deref(),
    };
    let supersedes = match rules::check(policy, rr, &before, &proposal) {
        Ok(p) => p.supersedes,
        Err(refusal) => {
            return Err(DecideError::Refused(Box::new(Refused {
                refusal,
                request: req.clone(),
                label,
                latest: snap.latest_version(&req.deliverable),
                on_behalf: policy.rule_for(&req.deliverable).on_behalf.describe(),
                verdict,
            })));
        }
    };
    let mut d = Decision {
        comment: input.comment.to_string(),
        supersedes,
        on_behalf_of: on_behalf.map(|o| o.person.to_string()),
        evidence: on_behalf.map(|o| o.evidence.to_string()),
        ..Decision::on(req, verdict, me, key, crate::clock::now_string())
    };
    snap.stamp(&mut d);
    let via_link = if let Decider::Link { evidence, .. } = &input.decider {
        d.via = VIA_LINK.into();
        d.link = Some(evidence.clone());
        true
    } else {
        false
    };
    let mut with = rr.clone();
    with.decisions.push(d.clone());
    let after_ev = state::evaluate(policy, &with, false);
    let mut events = vec![Event::Decided {
        deliverable: req.deliverable.clone(),
        request: req.id.clone(),
        decision: verdict.as_str().into(),
        by: me.to_string(),
        on_behalf_of: d.on_behalf_of.clone(),
        comment: d.comment.clone(),
    }];
    if via_link {
        events.push(Event::Receipt {
            deliverable: req.deliverable.clone(),
            request: req.id.clone(),
            decision: d.id.clone(),
            by: me.to_string(),
        });
    }
    // `before` counted the request as not superseded: a superseded one
    // was refused above.
    events.extend(stage_events(&before, &after_ev, policy, req, version));
    let subject = match (&d.on_behalf_of, via_link) {
        (Some(o), _) => format!("{me} recorded that {o} {} {label}", verdict.past()),
        (None, true) => format!("{me} {} {label} (email link)", verdict.past()),
        (None, false) => format!("{me} {} {label}", verdict.past()),
    };
    // The snapshot after the write is this one plus this record.
    let after = keep_after.then(|| {
        let mut after = snap.clone();
        if let Some(r) = after.requests.get_mut(&req.id) {
            r.decisions.push(d.clone());
        }
        after.verified += 1;
        after
    });
    Ok(Prepared {
        records: vec![(d.path(snap.layout()), record::to_bytes(&d))],
        files: Vec::new(),
        subject,
        note: Note::Decision {
            deliverable: req.deliverable.clone(),
            request: req.id.clone(),
            verdict,
            via_link,
        },
        value: Decided {
            commit: String::new(),
            decision: d,
            version,
            label,
            state: after_ev.state,
            summary: after_ev.summary(),
            events,
            after,
            notified: Report::default(),
        },
    })
}

/// Records in `after` (the snapshot the write landed on, plus `decision`)
/// where `decision` entered the history: `commit`, on top of every record
/// the snapshot holds, so a reload of the new tip would place it the same
/// way among them (the stage rules compare places, never their numbers).
/// Its time window is the commit's, bounded below by its parent's and by
/// every record the snapshot saw.
fn entered_at(ledger: &Ledger, after: &mut Snapshot, decision: &record::Decision, commit: &str) {
    let known = after
        .requests
        .values()
        .flat_map(|rr| rr.entered.iter().chain(rr.arrived.values()))
        .fold((0u64, i64::MIN), |(seq, hi), e| {
            (seq.max(e.seq), hi.max(e.hi))
        });
    let (Some(own), Some(parent)) = (
        ledger.store.commit_time(commit),
        ledger.store.commit_time(&after.tip),
    ) else {
        return;
    };
    let lo = parent.max(known.1);
    let Some(rr) = after.requests.get_mut(&decision.request) else {
        return;
    };
    if rr.entered.is_none() {
        // Without history (a shallow clone's oldest records) the stage
        // rules go by times alone, as a reload would.
        return;
    }
    rr.arrived.insert(
        decision.id.clone(),
        state::Entered {
            seq: known.0 + 1,
            lo,
            hi: own.max(lo),
            own,
            authored: own,
        },
    );
}

/// `StageComplete` events for stages this decision completed: the next
/// stage's reviewers are asked only now.
fn stage_events(
    before: &Evaluation,
    after: &Evaluation,
    policy: &Policy,
    req: &Request,
    version: usize,
) -> Vec<Event> {
    let stages = policy.rule_for(&req.deliverable).effective_stages();
    if stages.len() < 2 {
        return Vec::new();
    }
    after
        .stages_complete
        .iter()
        .filter(|s| !before.stages_complete.contains(s))
        .map(|done| {
            let idx = stages.iter().position(|s| &s.name == done);
            let next = idx.and_then(|i| stages.get(i + 1));
            let reviewers = next
                .map(|n| {
                    after
                        .needs
                        .iter()
                        .filter(|need| need.stage == n.name)
                        .flat_map(|need| need.waiting_on.iter().cloned())
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect()
                })
                .unwrap_or_default();
            Event::StageComplete {
                deliverable: req.deliverable.clone(),
                request: req.id.clone(),
                version,
                stage: done.clone(),
                next_stage: next.map(|n| n.name.clone()),
                reviewers,
            }
        })
        .collect()
}
