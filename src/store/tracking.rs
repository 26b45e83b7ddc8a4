//! Where the store's tip comes from: the local store branch, or, when a
//! plain `git fetch origin signoff` (or `git clone`) made only the
//! remote-tracking branch, that branch, read-only and said once. Writes
//! refuse while the local branch is absent (`Store::write`).

use super::{Result, Store, StoreWarning};

impl Store {
    /// The current tip of the store: the local branch's, or, when there is
    /// no local branch, the tip of the remote-tracking branch a plain
    /// `git fetch origin signoff` made (read-only, said once).
    pub fn tip(&self) -> Result<Option<String>> {
        if let Some(tip) = self.local_tip()? {
            return Ok(Some(tip));
        }
        let Some((refname, tip)) = self.remote_tracking()? else {
            return Ok(None);
        };
        if !self.said_tracking.replace(true) {
            self.warning(StoreWarning::ReadingRemoteTracking {
                refname,
                branch: self.branch.clone(),
            });
        }
        Ok(Some(tip))
    }

    /// The tip of the local store branch, if it exists.
    pub fn local_tip(&self) -> Result<Option<String>> {
        self.ref_target(&self.refname())
    }

    /// The remote-tracking branch of the store (`refs/remotes/R/<branch>`)
    /// and its tip: R is `signoff.remote`, else `origin`, else the first
    /// remote that has one.
    pub(super) fn remote_tracking(&self) -> Result<Option<(String, String)>> {
        let mut names = Vec::new();
        if let Some(r) = self.config_string("signoff.remote") {
            names.push(format!("refs/remotes/{r}/{}", self.branch));
        }
        names.push(format!("refs/remotes/origin/{}", self.branch));
        if let Ok(refs) = self
            .repo
            .references_glob(&format!("refs/remotes/*/{}", self.branch))
        {
            names.extend(
                refs.flatten()
                    .filter_map(|r| r.name().ok().map(str::to_string)),
            );
        }
        for name in names {
            if let Some(tip) = self.ref_target(&name)? {
                return Ok(Some((name, tip)));
            }
        }
        Ok(None)
    }
}
