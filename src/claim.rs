//! Who holds a claim, and whether that process is provably gone.
//!
//! A flush that claims an outbox message, and a sync that fetches into its
//! own tracking ref, write a claim file: the process
//! id, the machine's boot id and the process's start time (both read from
//! `/proc` on Linux). The claim is *dead* when the boot id differs (the
//! machine restarted), when no process has that id, when the process with
//! that id started at another time (the id was reused), or when it is a
//! zombie. Where none of this can be read (another system, a claim written
//! by an older version), liveness is unknown and the outbox falls back to
//! the claim's age.

use serde::{Deserialize, Serialize};

/// The process that claimed a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub pid: u32,
    #[serde(default)]
    pub boot_id: Option<String>,
    /// Start time of the process in clock ticks since boot (`/proc/PID/stat`).
    #[serde(default)]
    pub start_time: Option<u64>,
}

/// Whether a claim's process still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    Alive,
    Dead,
    Unknown,
}

impl Claim {
    /// The claim of this process.
    #[must_use]
    pub fn mine() -> Claim {
        Claim::of(std::process::id())
    }

    /// The claim of the process `pid` (a child this process started).
    #[must_use]
    pub fn of(pid: u32) -> Claim {
        Claim {
            pid,
            boot_id: boot_id(),
            start_time: proc_stat(pid).map(|(_, start)| start),
        }
    }

    /// Whether the claiming process is still running.
    #[must_use]
    pub fn liveness(&self) -> Liveness {
        let (Some(boot), Some(start)) = (&self.boot_id, self.start_time) else {
            return Liveness::Unknown;
        };
        let Some(now_boot) = boot_id() else {
            return Liveness::Unknown;
        };
        if *boot != now_boot {
            return Liveness::Dead;
        }
        match proc_stat(self.pid) {
            None => Liveness::Dead,
            Some((state, _)) if state == 'Z' || state == 'X' => Liveness::Dead,
            Some((_, s)) if s != start => Liveness::Dead,
            Some(_) => Liveness::Alive,
        }
    }
}

fn boot_id() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The state letter and start time of a process, from `/proc/PID/stat`
/// (the fields after the command name, which may itself hold spaces and
/// parentheses, so it is skipped up to its last `)`).
fn proc_stat(pid: u32) -> Option<(char, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field 3 of the whole line is the state; field 22 the start time.
    let state = fields.first()?.chars().next()?;
    let start = fields.get(19)?.parse().ok()?;
    Some((state, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_pid_is_not() {
        let me = Claim::mine();
        if me.boot_id.is_none() || me.start_time.is_none() {
            eprintln!("skipped: no /proc here");
            return;
        }
        assert_eq!(me.liveness(), Liveness::Alive);
        let reused = Claim {
            start_time: me.start_time.map(|s| s + 1),
            ..me.clone()
        };
        assert_eq!(reused.liveness(), Liveness::Dead);
        let rebooted = Claim {
            boot_id: Some("another-boot".into()),
            ..me.clone()
        };
        assert_eq!(rebooted.liveness(), Liveness::Dead);
        let legacy = Claim {
            boot_id: None,
            ..me
        };
        assert_eq!(legacy.liveness(), Liveness::Unknown);
    }
}
