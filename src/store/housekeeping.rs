//! Housekeeping, as git does it: after a write, `git gc --auto` through
//! the system git, in the background, so a busy store never sits on
//! gigabytes of loose objects; and `git gc` on demand (`signoff gc`).
//!
//! A write only looks (one directory listing) whether git's own
//! thresholds are passed (`gc.auto` loose objects, estimated from one
//! fan-out folder as git estimates them, or `gc.autoPackLimit` packs; 0
//! turns either off, as in git) and, when they are, starts
//! `git gc --auto`, which checks again and decides. It starts it after
//! the branch has moved (no lock of the store is held then), detached (its
//! own process group, no standard streams), and never waits for it: a
//! missing or failing git changes nothing for the write. What git prunes
//! is only unreachable objects older than `gc.pruneExpire` (two weeks by
//! default), so a concurrent write's new objects are safe.

use std::path::Path;
use std::process::{Command, Stdio};

use super::{Result, Store, StoreError};

/// git's default `gc.auto`: loose objects before `gc --auto` packs them.
const GC_AUTO: i64 = 6700;
/// git's default `gc.autoPackLimit`: packs before `gc --auto` joins them.
const GC_AUTO_PACK_LIMIT: i64 = 50;

/// What `git gc` did to the size of the repository's git folder.
#[derive(Debug, Clone, Copy)]
pub struct Packed {
    pub before_bytes: u64,
    pub after_bytes: u64,
}

impl Store {
    fn config_number(&self, key: &str, default: i64) -> i64 {
        self.repo
            .config()
            .and_then(|c| c.get_i64(key))
            .unwrap_or(default)
    }

    /// Whether git's `gc --auto` would act: too many loose objects (counted
    /// in the `objects/17` folder and scaled by 256, as git counts them) or
    /// too many packs.
    #[must_use]
    pub fn wants_housekeeping(&self) -> bool {
        let objects = self.common_dir().join("objects");
        let auto = self.config_number("gc.auto", GC_AUTO);
        if auto > 0 {
            let limit = (auto + 255) / 256;
            let loose = std::fs::read_dir(objects.join("17")).map_or(0, |d| {
                d.filter_map(std::result::Result::ok)
                    .filter(|e| {
                        let name = e.file_name();
                        let name = name.to_string_lossy();
                        name.len() == 38 && name.bytes().all(|b| b.is_ascii_hexdigit())
                    })
                    .count()
            });
            if i64::try_from(loose).unwrap_or(i64::MAX) > limit {
                return true;
            }
        }
        let packs_limit = self.config_number("gc.autoPackLimit", GC_AUTO_PACK_LIMIT);
        if packs_limit > 0 {
            let packs = std::fs::read_dir(objects.join("pack")).map_or(0, |d| {
                d.filter_map(std::result::Result::ok)
                    .filter(|e| {
                        let p = e.path();
                        p.extension().is_some_and(|x| x == "pack")
                            && !p.with_extension("keep").exists()
                    })
                    .count()
            });
            if i64::try_from(packs).unwrap_or(i64::MAX) > packs_limit {
                return true;
            }
        }
        false
    }

    /// After a write: starts `git gc --auto` in the background when git's
    /// thresholds are passed (see the module comment). Never waits for it
    /// and never fails.
    pub fn housekeep_in_background(&self) {
        if !self.wants_housekeeping() {
            return;
        }
        let mut cmd = self.gc_command(&["gc", "--auto", "--quiet"]);
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            // Its own process group: a terminal's Ctrl-C, or whoever waits
            // for this command's group, leaves it alone.
            cmd.process_group(0);
        }
        if let Ok(mut child) = cmd.spawn() {
            // Reaped by a thread of a long-running process (`serve`); a
            // command that exits first leaves it to the system.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
        }
    }

    /// `git gc` now, in the foreground (`signoff gc`): the size of the git
    /// folder before and after.
    pub fn gc_now(&self) -> Result<Packed> {
        let before_bytes = dir_size(self.common_dir());
        let out = self
            .gc_command(&["gc", "--quiet"])
            .output()
            .map_err(StoreError::CannotRunGit)?;
        if !out.status.success() {
            return Err(StoreError::GcFailed(
                String::from_utf8_lossy(&out.stderr).trim().to_string(),
            ));
        }
        Ok(Packed {
            before_bytes,
            after_bytes: dir_size(self.common_dir()),
        })
    }

    fn gc_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.arg("--git-dir").arg(self.common_dir()).args(args);
        cmd.stdin(Stdio::null());
        cmd
    }
}

/// The bytes of every file under `dir`.
#[must_use]
pub fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.filter_map(std::result::Result::ok) {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map_or(0, |m| m.len()),
                _ => {}
            }
        }
    }
    total
}
