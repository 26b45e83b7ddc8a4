//! When a write that keeps losing the compare-and-swap of the branch gives
//! up: not after a fixed time, but once the branch stops moving (others
//! landing is progress), within a hard limit.

use std::time::{Duration, Instant};

/// How long a write keeps re-reading and re-applying after losing races
/// while the branch does not move: a write that loses to others who land
/// is waiting its turn, not stuck (see [`Deadline`]).
const MAX_WAIT: Duration = Duration::from_secs(120);

/// However busy the branch, a write gives up after this long.
const MAX_WAIT_BUSY: Duration = Duration::from_secs(900);

/// When a write that keeps losing races gives up: [`MAX_WAIT`] after the
/// branch last moved (others landing is progress: this write's turn comes,
/// and a slow machine only makes it come later), and never later than
/// [`MAX_WAIT_BUSY`] after it started.
#[derive(Debug)]
pub(super) struct Deadline {
    started: Instant,
    moved: Instant,
    /// The branch's tip when last looked at (`None`: no branch yet).
    last_tip: Option<String>,
}

impl Deadline {
    pub(super) fn new(now: Instant) -> Deadline {
        Deadline {
            started: now,
            moved: now,
            last_tip: None,
        }
    }

    /// Whether to try again, with the branch now at `tip`.
    pub(super) fn keep_going(&mut self, tip: Option<&str>, now: Instant) -> bool {
        if self.last_tip.as_deref() != tip {
            self.last_tip = tip.map(str::to_string);
            self.moved = now;
        }
        now.duration_since(self.moved) < MAX_WAIT
            && now.duration_since(self.started) < MAX_WAIT_BUSY
    }

    pub(super) fn waited(&self, now: Instant) -> Duration {
        now.duration_since(self.started)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_losing_write_waits_while_the_branch_moves_and_gives_up_when_it_stops() {
        let t0 = Instant::now();
        let mut d = Deadline::new(t0);
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert!(d.keep_going(Some("a"), at(0)));
        // Others land every 100 s: well past the fixed 120 s, still going.
        assert!(d.keep_going(Some("b"), at(100)));
        assert!(d.keep_going(Some("c"), at(200)));
        assert!(d.keep_going(Some("d"), at(300)));
        // The branch stops moving: 120 s later the write gives up.
        assert!(d.keep_going(Some("d"), at(419)));
        assert!(!d.keep_going(Some("d"), at(421)));
        // However busy the branch, never past the hard limit.
        let mut d = Deadline::new(t0);
        let mut s = 0;
        while d.keep_going(Some(&s.to_string()), at(s)) {
            s += 60;
        }
        assert_eq!(s, MAX_WAIT_BUSY.as_secs());
    }
}
