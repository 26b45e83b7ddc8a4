//! Judging records one at a time, for readers that stream (`log`).
//!
//! `log` prints events as it walks history. An `Audit` answers, for one
//! record path, what a full load at the tip concludes: whether the record
//! is accepted, the `vN` label of a request, and the parsed record itself
//! (so that a record at the tip is not read and parsed a second time). It
//! is built from the snapshot of the tip through the index (`index`), so
//! after the first run it costs a read of the index, not one signature
//! check per record; the answers are those of a full load by construction.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::Result;
use super::index::{self, Part};
use super::{Ledger, Snapshot, scope};
use crate::record::{Comment, Decision, Request};

/// A record of the tip, as the snapshot holds it.
#[derive(Debug, Clone)]
pub enum Held {
    Request(Request),
    Decision(Decision),
    Comment(Comment),
}

/// A loaded part of the tip (all of it, or one deliverable's units), with
/// lookups by record path.
struct Lookup {
    snap: Snapshot,
    /// Paths a full load reports as problems.
    failing: HashSet<String>,
    /// Record path → (request id, index into decisions or comments; `None`
    /// for the request itself, `Some((true, i))` for decision `i`,
    /// `Some((false, i))` for comment `i`).
    by_path: HashMap<String, (String, Option<(bool, usize)>)>,
}

impl Lookup {
    fn new(snap: Snapshot) -> Lookup {
        let failing = snap.problems.iter().map(|p| p.path.clone()).collect();
        let layout = snap.layout();
        let mut by_path = HashMap::new();
        for (id, rr) in &snap.requests {
            let r = &rr.request;
            by_path.insert(layout.request_path(&r.deliverable, id), (id.clone(), None));
            for (i, d) in rr.decisions.iter().enumerate() {
                by_path.insert(
                    layout.decision_path(&d.deliverable, &d.request, &d.id),
                    (id.clone(), Some((true, i))),
                );
            }
            for (i, c) in rr.comments.iter().enumerate() {
                by_path.insert(
                    layout.comment_path(&c.deliverable, &c.request, &c.id),
                    (id.clone(), Some((false, i))),
                );
            }
        }
        Lookup {
            snap,
            failing,
            by_path,
        }
    }

    fn held(&self, path: &str) -> Option<Held> {
        let (id, which) = self.by_path.get(path)?;
        let rr = self.snap.requests.get(id)?;
        Some(match which {
            None => Held::Request(rr.request.clone()),
            Some((true, i)) => Held::Decision(rr.decisions.get(*i)?.clone()),
            Some((false, i)) => Held::Comment(rr.comments.get(*i)?.clone()),
        })
    }

    fn version_of(&self, deliverable: &str, id: &str) -> Option<usize> {
        let rr = self.snap.requests.get(id)?;
        (rr.request.deliverable == deliverable).then(|| self.snap.version_of(&rr.request))
    }
}

/// The store at its tip, judged one deliverable at a time as a reader
/// asks: each deliverable's units come from the index (when it is exactly
/// at the tip) and are settled as a full load settles them, so the answers
/// are a full load's, and the first one costs one deliverable, not the
/// whole store. Without a usable index it loads the whole store once.
pub struct Audit<'a> {
    ledger: &'a Ledger,
    /// The store file and the policy chain at the tip, verified.
    head: Snapshot,
    /// `head` without its policy versions: what each part starts from
    /// (judging a deliverable's records asks nothing of the policy, and a
    /// copy of it for every deliverable of a large store is hundreds of MB).
    light: Snapshot,
    /// The whole store, once a part could not come from the index.
    full: OnceCell<Rc<Lookup>>,
    /// The index, read at the tip (`None`: not usable, load in full).
    reader: OnceCell<Option<index::Reader>>,
    /// Deliverable → its part; record unit folder → the deliverable (or
    /// the unit) whose part holds it.
    parts: RefCell<HashMap<String, Rc<Lookup>>>,
    part_of: RefCell<HashMap<String, String>>,
}

impl Ledger {
    /// Opens the store at its tip for a streaming reader: its head (store
    /// file and policy chain) verified now, each deliverable loaded and
    /// checked as `load` does (through the index) when first asked about.
    pub fn audit(&self) -> Result<Audit<'_>> {
        let tip = self.tip()?;
        let head = self.load_scope(&tip, scope::Load::Head)?;
        self.check_rollback(&head)?;
        let mut light = head.clone();
        let chain = &mut light.chain;
        for list in [&mut chain.proposed, &mut chain.stale, &mut chain.competing] {
            list.clear();
        }
        chain.effective.clear();
        chain.paths.clear();
        chain.hashes.clear();
        Ok(Audit {
            ledger: self,
            head,
            light,
            full: OnceCell::new(),
            reader: OnceCell::new(),
            parts: RefCell::default(),
            part_of: RefCell::default(),
        })
    }
}

impl Audit<'_> {
    /// The verified head of the tip: its store file and policy chain.
    #[must_use]
    pub fn head(&self) -> &Snapshot {
        &self.head
    }

    /// The whole store, loaded once (the index brought up to the tip).
    fn full(&self) -> Option<Rc<Lookup>> {
        if let Some(l) = self.full.get() {
            return Some(l.clone());
        }
        let mut snap = self.head.clone();
        let Some(arrived) = index::fill(self.ledger, &mut snap).ok()? else {
            let l = Rc::new(Lookup::new(self.ledger.load_at(&self.head.tip).ok()?));
            let _ = self.full.set(l.clone());
            return Some(l);
        };
        let first = self.head.problems.len();
        self.ledger.finish(&mut snap, first, &arrived);
        let l = Rc::new(Lookup::new(snap));
        let _ = self.full.set(l.clone());
        Some(l)
    }

    /// The part that answers for `which`, loading it when first asked.
    fn part(&self, key: Option<&str>, which: &Part<'_>) -> Option<Rc<Lookup>> {
        if let Some(l) = self.full.get() {
            return Some(l.clone());
        }
        if let Some(l) = key.and_then(|k| self.parts.borrow().get(k).cloned()) {
            return Some(l);
        }
        // An index behind the tip (a `sync` or a fetch moved it) is brought
        // up to it first: only what changed is checked, and the parts are
        // still read one by one, never the whole store at once.
        let reader = self.reader.get_or_init(|| {
            index::Reader::at(self.ledger, &self.head).or_else(|| {
                index::bring_up_to_date(self.ledger, &self.head)
                    .ok()
                    .filter(|usable| *usable)
                    .and_then(|_| index::Reader::at(self.ledger, &self.head))
            })
        });
        let Some((mut snap, arrived, deliverable)) =
            reader.as_ref().and_then(|r| r.part(&self.light, which))
        else {
            return self.full();
        };
        let first = self.light.problems.len();
        self.ledger.finish(&mut snap, first, &arrived);
        let l = Rc::new(Lookup::new(snap));
        let name = match (&deliverable, which) {
            (Some(d), _) => d.clone(),
            (None, Part::Holding(p)) => format!("unit:{}", crate::layout::unit_of(p).unwrap_or("")),
            (None, Part::Deliverable(d)) => (*d).to_string(),
        };
        if let Part::Holding(p) = which {
            self.part_of.borrow_mut().insert(
                crate::layout::unit_of(p).unwrap_or("").to_string(),
                name.clone(),
            );
        }
        self.parts.borrow_mut().insert(name, l.clone());
        Some(l)
    }

    fn holding(&self, path: &str) -> Option<Rc<Lookup>> {
        let unit = crate::layout::unit_of(path).unwrap_or("");
        let key = self.part_of.borrow().get(unit).cloned();
        self.part(key.as_deref(), &Part::Holding(path))
    }

    /// The accepted record at `path` in the tip, parsed.
    #[must_use]
    pub fn held(&self, path: &str) -> Option<Held> {
        self.holding(path)?.held(path)
    }

    /// Whether a full load at the tip accepts the record at `path` (a
    /// record that is no longer at the tip is not judged: `true`).
    #[must_use]
    pub fn record_ok(&self, path: &str) -> bool {
        self.holding(path).is_none_or(|l| !l.failing.contains(path))
    }

    /// The `vN` label of request `id` of `deliverable`, as a full load gives
    /// it: its place among the deliverable's verified requests.
    #[must_use]
    pub fn version_of(&self, deliverable: &str, id: &str) -> Option<usize> {
        self.part(Some(deliverable), &Part::Deliverable(deliverable))?
            .version_of(deliverable, id)
    }
}
