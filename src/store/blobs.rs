//! Reading blobs by size and as streams: store files refused from git's
//! object header before they are read (see [`Store::read_small`]), content
//! streamed in chunks (downloads, extraction), and what a failed streamed
//! write means (a full disk, which libgit2's blob stream does not say).

use std::io::Read;

use git2::{ObjectType, Oid};
use sha2::{Digest, Sha256};

use super::{MAX_STORE_FILE, Result, Store, StoreError, StoredBlob};
use crate::fault::Fault;

impl Store {
    /// Reads a store file by blob id, refusing one larger than
    /// [`MAX_STORE_FILE`] before reading it (see [`Store::read`]).
    pub fn read_small(&self, id: &str) -> Result<Vec<u8>> {
        let oid = Oid::from_str(id)?;
        self.check_size(oid, &format!("object {id}"), MAX_STORE_FILE)?;
        Ok(self.repo.find_blob(oid)?.content().to_vec())
    }

    /// Refuses an object larger than `limit` from its header alone: what was
    /// pushed with plumbing may be any size, and reading it whole first
    /// would let it decide how much memory a command takes.
    pub(super) fn check_size(&self, oid: Oid, what: &str, limit: usize) -> Result<()> {
        let (size, _) = self.repo.odb()?.read_header(oid)?;
        if size > limit {
            return Err(StoreError::TooLarge {
                what: what.to_string(),
                size: size as u64,
                limit,
            });
        }
        Ok(())
    }

    /// The size of a blob, from its object header (the object is not read).
    pub fn blob_size(&self, id: &str) -> Result<u64> {
        let (size, kind) = self.repo.odb()?.read_header(Oid::from_str(id)?)?;
        if kind != ObjectType::Blob {
            return Err(StoreError::NotABlob { id: id.to_string() });
        }
        Ok(size as u64)
    }

    /// What a failed streamed blob write means. libgit2's blob stream
    /// drops the operating system's reason (its error reads "no error"), so
    /// when the error does not say, the object database's disk is asked
    /// directly: a small probe file that cannot be written there for lack of
    /// room makes the failure a full disk.
    pub(super) fn stream_failed(&self, e: StoreError, shown: &str) -> StoreError {
        if matches!(e, StoreError::Fault(Fault::DiskFull(_))) {
            return e;
        }
        let probe = self
            .repo
            .commondir()
            .join("objects")
            .join(format!("signoff-space-probe-{}", std::process::id()));
        let wrote = std::fs::write(&probe, vec![0u8; 64 * 1024]);
        let _ = std::fs::remove_file(&probe);
        match wrote.map_err(Fault::from) {
            Err(Fault::DiskFull(why)) => StoreError::Fault(Fault::DiskFull(format!(
                "{why} (while storing {shown} in the repository's object database)"
            ))),
            _ => e,
        }
    }

    /// SHA-256 and size of a blob already in the object database, streamed
    /// where the object database can stream it.
    pub fn blob_digest(&self, id: &str) -> Result<StoredBlob> {
        let mut hasher = Sha256::new();
        let size = self.each_blob_chunk(id, |chunk| hasher.update(chunk))?;
        Ok(StoredBlob {
            blob: id.to_string(),
            sha256: hex::encode(hasher.finalize()),
            size,
        })
    }

    /// Calls `f` with the bytes of a blob, chunk by chunk, and returns its
    /// size. Loose objects and whole packed objects are streamed; libgit2
    /// cannot stream a delta-compressed packed object (as found in any clone
    /// or after `git gc`), so those are read whole — git keeps large files
    /// out of delta chains, so that costs little memory in practice.
    fn each_blob_chunk(&self, id: &str, mut f: impl FnMut(&[u8])) -> Result<u64> {
        let oid = Oid::from_str(id)?;
        let odb = self.repo.odb()?;
        if let Ok((mut reader, size, kind)) = odb.reader(oid) {
            if kind != ObjectType::Blob {
                return Err(StoreError::NotABlob { id: id.to_string() });
            }
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = reader.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                f(&buf[..n]);
            }
            return Ok(size as u64);
        }
        let blob = self
            .repo
            .find_blob(oid)
            .map_err(|e| StoreError::UnreadableBlob {
                id: id.to_string(),
                detail: e.message().to_string(),
            })?;
        f(blob.content());
        Ok(blob.size() as u64)
    }

    /// Streams a blob into `out` without holding it in memory (snapshots
    /// can be far larger than RAM allows, and the page serves several at
    /// once).
    ///
    /// libgit2 reads a loose object's whole compressed file before it
    /// inflates it, and a delta-compressed one whole, so the blob is
    /// streamed by `git cat-file` (which inflates as it goes) where the
    /// system git runs, and through libgit2 otherwise.
    pub fn copy_blob(&self, id: &str, out: &mut impl std::io::Write) -> Result<u64> {
        let oid = Oid::from_str(id)?;
        let size = self.blob_size(id)?;
        if let Some(copied) = self.copy_with_git(oid, size, out)? {
            return Ok(copied);
        }
        let mut failed = None;
        let size = self.each_blob_chunk(id, |chunk| {
            if failed.is_none() {
                if let Err(e) = out.write_all(chunk) {
                    failed = Some(e);
                }
            }
        })?;
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(size),
        }
    }

    /// [`Store::copy_blob`] through `git cat-file`: `Ok(None)` when git
    /// could not start or failed before writing anything (the caller
    /// falls back to libgit2).
    fn copy_with_git(
        &self,
        oid: Oid,
        size: u64,
        out: &mut impl std::io::Write,
    ) -> Result<Option<u64>> {
        let Ok(mut child) = self
            .git()
            .args(["cat-file", "blob", &oid.to_string()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
        else {
            return Ok(None);
        };
        let mut from = child.stdout.take().expect("stdout is piped");
        let mut buf = vec![0u8; 1 << 16];
        let mut copied = 0u64;
        let result = loop {
            match from.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    if let Err(e) = out.write_all(&buf[..n]) {
                        break Err(e);
                    }
                    copied += n as u64;
                }
                Err(e) => break Err(e),
            }
        };
        drop(from);
        let status = child.wait().map_err(StoreError::CannotRunGit)?;
        result?;
        match (status.success() && copied == size, copied) {
            (true, _) => Ok(Some(copied)),
            (false, 0) => Ok(None),
            (false, _) => Err(StoreError::UnreadableBlob {
                id: oid.to_string(),
                detail: format!("git cat-file stopped after {copied} of {size} bytes"),
            }),
        }
    }
}
