//! Unit tests of counting: records in, evaluation out.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::policy::{Admins, Person, Policy};
use crate::record::{Decision, Request, Verdict};
use crate::record::{SCHEMA_DECISION, SCHEMA_POLICY, SCHEMA_REQUEST, Source};

/// One generated key per person, shared by every test: `(OpenSSH
/// line, fingerprint)`.
fn key(id: &str) -> (String, String) {
    static KEYS: std::sync::OnceLock<BTreeMap<&'static str, (String, String)>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        ["alice", "bob", "cat", "mallory"]
            .into_iter()
            .map(|p| {
                let (s, _) = crate::sign::Signer::generate(p).expect("key generation");
                (p, (s.key().openssh(), s.key().fingerprint().to_string()))
            })
            .collect()
    })[id]
        .clone()
}

fn policy() -> Policy {
    let person = |id: &str| Person {
        id: id.into(),
        name: String::new(),
        email: String::new(),
        keys: vec![key(id).0],
        tz: None,
        access_until: None,
    };
    Policy {
        schema: SCHEMA_POLICY.into(),
        store_id: "s".into(),
        version: 1,
        previous: None,
        admins: Admins {
            group: "admins".into(),
            threshold: 1,
        },
        people: vec![person("alice"), person("bob"), person("cat")],
        groups: BTreeMap::from([("admins".to_string(), vec!["alice".to_string()])]),
        rules: Vec::new(),
        attesters: Vec::new(),
    }
}

fn request() -> RequestRecords {
    RequestRecords {
        request: Request {
            schema: SCHEMA_REQUEST.into(),
            store_id: "s".into(),
            id: "r".into(),
            deliverable: "doc".into(),
            by: "alice".into(),
            key: String::new(),
            at: "2026-11-01T00:00:00Z".into(),
            message: String::new(),
            title: String::new(),
            reviewers: vec!["bob".into(), "cat".into()],
            quorum: None,
            due: None,
            expires: None,
            draft: false,
            supersedes: None,
            source: Source::default(),
            content: "sha256:c".into(),
            groups: Vec::new(),
            files: Vec::new(),
        },
        decisions: Vec::new(),
        comments: Vec::new(),
        dag_order: BTreeSet::new(),
        entered: None,
        arrived: BTreeMap::new(),
    }
}

fn withdrawal(by: &str) -> Decision {
    Decision {
        schema: SCHEMA_DECISION.into(),
        store_id: "s".into(),
        id: format!("w-{by}"),
        request: "r".into(),
        deliverable: "doc".into(),
        content: "sha256:c".into(),
        decision: Verdict::Withdraw,
        comment: String::new(),
        by: by.into(),
        key: key(by).1,
        at: "2026-11-02T00:00:00Z".into(),
        supersedes: None,
        on_behalf_of: None,
        evidence: None,
        via: "key".into(),
        link: None,
        policy_version: None,
        policy_hash: None,
    }
}

#[test]
fn only_the_requester_or_an_admin_can_withdraw() {
    let p = policy();
    let mut rr = request();
    rr.decisions.push(withdrawal("bob"));
    assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
    rr.decisions.push(withdrawal("alice"));
    assert_eq!(evaluate(&p, &rr, false).state, State::Withdrawn);
}

fn approval(by: &str) -> Decision {
    Decision {
        id: format!("a-{by}"),
        decision: Verdict::Approve,
        ..withdrawal(by)
    }
}

#[test]
fn a_withdrawal_by_a_removed_key_does_not_withdraw() {
    let mut p = policy();
    let mut rr = request();
    rr.decisions.push(withdrawal("alice"));
    p.people[0].keys = vec![key("mallory").0];
    assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
}

#[test]
fn a_link_decision_needs_a_key_the_policy_lists() {
    let mut p = policy();
    p.people.push(Person {
        id: "portal".into(),
        name: String::new(),
        email: String::new(),
        keys: vec![key("mallory").0],
        tz: None,
        access_until: None,
    });
    p.attesters = vec!["portal".into()];
    let mut rr = request();
    rr.request.quorum = Some(1);
    // Signed by bob's own key, a "link" decision is not attested.
    rr.decisions.push(Decision {
        via: "link".into(),
        ..approval("bob")
    });
    assert_eq!(evaluate(&p, &rr, false).state, State::Pending);
    rr.decisions[0].key = key("mallory").1;
    assert_eq!(evaluate(&p, &rr, false).state, State::Approved);
    // The attester is removed: what its key signed stops counting.
    p.attesters.clear();
    let ev = evaluate(&p, &rr, false);
    assert_eq!(ev.state, State::Pending);
    assert_eq!(ev.ignored[0].reason, NotCounted::KeyNotListed);
    assert_eq!(
        ev.ignored[0].reason.to_string(),
        "signed by a key the current policy does not list"
    );
}

#[test]
fn a_reviewer_named_twice_counts_once() {
    let p = policy();
    let mut rr = request();
    rr.request.reviewers = vec!["bob".into(), "bob".into(), "cat".into()];
    rr.request.quorum = Some(2);
    rr.decisions.push(approval("bob"));
    let ev = evaluate(&p, &rr, false);
    assert_eq!(ev.state, State::Pending);
    assert_eq!((ev.needs[0].have, ev.needs[0].need), (1, 2));
    // Without a quorum every distinct reviewer is needed.
    rr.request.quorum = None;
    rr.decisions.push(approval("cat"));
    assert_eq!(evaluate(&p, &rr, false).state, State::Approved);
}

mod stage_props {
    //! Generated staged policies and decision sequences (repeats,
    //! changes, declines): a complete stage stays complete unless a
    //! reviewer of it, or of a stage before it, asks for changes or
    //! declines (DESIGN §13).

    use super::*;
    use crate::policy::{Requirement, Rule, Stage};
    use proptest::prelude::*;

    const REVIEWERS: [&str; 3] = ["bob", "cat", "mallory"];

    fn staged(groups: &[(Vec<usize>, u32)]) -> Policy {
        let mut p = policy();
        let (line, _) = key("mallory");
        p.people.push(crate::policy::Person {
            id: "mallory".into(),
            name: String::new(),
            email: String::new(),
            keys: vec![line],
            tz: None,
            access_until: None,
        });
        let mut rule = Rule::fallback().with_pattern("doc");
        for (i, (members, count)) in groups.iter().enumerate() {
            let name = format!("g{i}");
            p.groups.insert(
                name.clone(),
                members.iter().map(|m| REVIEWERS[*m].to_string()).collect(),
            );
            rule.stages.push(Stage {
                name: format!("s{i}"),
                require: vec![Requirement {
                    group: name,
                    count: *count,
                }],
            });
        }
        p.rules = vec![rule];
        p
    }

    fn decision(i: usize, by: &str, verdict: Verdict, supersedes: Option<String>) -> Decision {
        Decision {
            id: format!("d{i:03}"),
            decision: verdict,
            supersedes,
            ..withdrawal(by)
        }
    }

    fn groups() -> impl Strategy<Value = Vec<(Vec<usize>, u32)>> {
        prop::collection::vec(
            prop::collection::btree_set(0..REVIEWERS.len(), 1..=REVIEWERS.len()).prop_flat_map(
                |set| {
                    let members: Vec<usize> = set.into_iter().collect();
                    let n = u32::try_from(members.len()).unwrap();
                    (Just(members), 1..=n)
                },
            ),
            2..=3,
        )
    }

    fn steps() -> impl Strategy<Value = Vec<(usize, u8)>> {
        prop::collection::vec((0..REVIEWERS.len(), 0u8..6), 1..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn a_complete_stage_stays_complete(groups in groups(), steps in steps()) {
            let p = staged(&groups);
            let mut rr = request();
            let mut previous: BTreeMap<&str, String> = BTreeMap::new();
            let mut before: Option<Evaluation> = None;
            for (i, (who, v)) in steps.into_iter().enumerate() {
                let by = REVIEWERS[who];
                // Approvals are the common case, as in real rounds.
                let verdict = match v {
                    0 => Verdict::Changes,
                    1 => Verdict::Decline,
                    _ => Verdict::Approve,
                };
                let d = decision(i, by, verdict, previous.get(by).cloned());
                previous.insert(by, d.id.clone());
                rr.arrived.insert(d.id.clone(), Entered { seq: i as u64, lo: 0, hi: 0, own: 0, authored: 0 });
                rr.decisions.push(d);
                let ev = evaluate(&p, &rr, false);
                if let Some(old) = &before {
                    for s in &old.stages_complete {
                        let k: usize = s[1..].parse().unwrap();
                        let reopener = verdict != Verdict::Approve
                            && groups[..=k].iter().any(|(m, _)| m.contains(&who));
                        prop_assert!(
                            reopener || ev.stages_complete.contains(s),
                            "stage {s} was complete and {by} {verdict:?} undid it: {ev:?}"
                        );
                    }
                }
                before = Some(ev);
            }
        }
    }
}

#[test]
fn every_reason_not_counted_reads_back_from_its_words() {
    use crate::policy::OnBehalf;
    use rules::OnBehalfRefusal as O;
    let mut all: Vec<NotCounted> = NotCounted::FIXED.to_vec();
    for why in [
        O::NotPermitted(OnBehalf::Forbidden),
        O::NotPermitted(OnBehalf::Admins),
        O::NotPermitted(OnBehalf::Group("account managers".into())),
        O::Author,
        O::FellowReviewer,
        O::Themselves,
    ] {
        all.push(NotCounted::EnteredAgainstRule(why));
    }
    for n in all {
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, serde_json::to_string(&n.to_string()).unwrap());
        let back: NotCounted = serde_json::from_str(&json).unwrap();
        assert_eq!(back, n, "{json}");
    }
    assert!(serde_json::from_str::<NotCounted>("\"because\"").is_err());
}
