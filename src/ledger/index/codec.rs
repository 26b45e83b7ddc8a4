//! How the index stores a unit's result: its JSON (`units::Unit`),
//! compressed with zstd against a dictionary sampled from the store's own
//! first units.
//!
//! Records of one store repeat most of their text (field names, schema
//! names, the store id, the signers' names and key fingerprints, the
//! shape of the ids): compressed alone, a unit keeps most of it; against a
//! dictionary of a few units of the same store, a unit keeps little more
//! than its ids and hashes (about 60 bytes a record instead of 450).
//!
//! The dictionary is kept in `meta` (`dict`, with the number of units it
//! could draw from in `dict_units`) and lives as long as the units
//! encoded with it: it is sampled again only when the units are checked
//! again from scratch (a new index, or one emptied because the signers,
//! the store or the format changed, or whose dictionary was sampled from
//! too few units: see [`Codec::young`]). A unit that does not decode with
//! it is damage, and the index is built again from the records.

use std::cell::RefCell;

use rusqlite::{OptionalExtension, params};

use super::{Outcome, Skip};
use crate::ledger::units::Unit;

/// How many units a dictionary samples, at most.
const SAMPLE_UNITS: usize = 16;
/// How many bytes of JSON a dictionary holds, at most.
const SAMPLE_BYTES: usize = 32 * 1024;
/// A dictionary sampled when fewer units than this were checked is
/// sampled again once the store holds [`RESAMPLE_AT`] units.
const YOUNG: i64 = 8;
/// See [`YOUNG`].
pub(super) const RESAMPLE_AT: i64 = 64;
/// zstd's level: fast to compress, and decoding costs the same at any level.
const LEVEL: i32 = 3;
/// The largest unit a row may claim to hold once decoded (a larger claim
/// is damage).
const MAX_UNIT: u64 = 256 << 20;

/// What a dictionary is sampled from and packs: units, or the summaries'
/// versions (evaluated versions share little text with records, so they
/// get a dictionary of their own, sampled from the first summaries).
#[derive(Clone, Copy)]
pub(super) enum Of {
    Units,
    Summaries,
}

impl Of {
    /// Its `meta` keys: the dictionary, and how many it could draw from.
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            Of::Units => ("dict", "dict_units"),
            Of::Summaries => ("sdict", "sdict_units"),
        }
    }
}

/// The dictionary of one index, ready to encode and decode units.
pub(super) struct Codec {
    /// How many units the dictionary could draw from when it was sampled
    /// (0: none yet).
    samples: i64,
    /// The dictionary's bytes; the compressor and decompressor are made
    /// from it when first used (a read of a few rows never compresses).
    dict: Vec<u8>,
    enc: RefCell<Option<zstd::bulk::Compressor<'static>>>,
    dec: RefCell<Option<zstd::bulk::Decompressor<'static>>>,
}

impl Codec {
    fn with(dict: &[u8], samples: i64) -> std::io::Result<Codec> {
        // Sampled JSON is used as raw content, which zstd takes whatever
        // its bytes; bytes that begin like a trained dictionary would be
        // parsed as one, and were never written by this code: damage.
        if dict.starts_with(&[0x37, 0xA4, 0x30, 0xEC]) {
            return Err(std::io::Error::other("not a sampled dictionary"));
        }
        Ok(Codec {
            samples,
            dict: dict.to_vec(),
            enc: RefCell::new(None),
            dec: RefCell::new(None),
        })
    }

    /// The index's dictionary; one that samples nothing when it has none
    /// (then no unit is stored yet, or the index is damaged, which a
    /// decode finds).
    pub(super) fn load(tx: &rusqlite::Connection) -> std::result::Result<Codec, Outcome> {
        Codec::load_of(tx, Of::Units)
    }

    /// The dictionary of `of` (see [`Codec::load`]).
    pub(super) fn load_of(
        tx: &rusqlite::Connection,
        of: Of,
    ) -> std::result::Result<Codec, Outcome> {
        let (dict_key, count_key) = of.keys();
        let dict: Option<Vec<u8>> = tx
            .query_row("SELECT v FROM meta WHERE k = ?1", [dict_key], |r| r.get(0))
            .optional()?;
        let samples: Option<String> = tx
            .query_row("SELECT v FROM meta WHERE k = ?1", [count_key], |r| r.get(0))
            .optional()?;
        match (dict, samples.and_then(|s| s.parse().ok())) {
            (Some(d), Some(n)) => Codec::with(&d, n).map_err(|_| Outcome::Skip(Skip::Damaged)),
            _ => Ok(Codec::empty()),
        }
    }

    /// No dictionary yet.
    pub(super) fn empty() -> Codec {
        Codec::with(&[], 0).expect("an empty dictionary loads")
    }

    /// Whether no dictionary is sampled yet.
    pub(super) fn is_empty(&self) -> bool {
        self.samples == 0
    }

    /// Whether the dictionary was sampled when the store had so few units
    /// that it is better served by sampling again (a store indexed when
    /// it was new).
    pub(super) fn young(&self) -> bool {
        self.samples < YOUNG
    }

    /// Samples a dictionary from `units` (their JSON, in path order) and
    /// keeps it in `meta`, with how many units it could draw from (not
    /// how many fit: a store of large units is not young for that).
    pub(super) fn sample(
        tx: &rusqlite::Transaction<'_>,
        units: &[Vec<u8>],
    ) -> std::result::Result<Codec, Outcome> {
        Codec::sample_of(tx, Of::Units, units, units.len())
    }

    /// Samples the dictionary of `of` from `units`, drawn from `from`
    /// units or deliverables (see [`Codec::sample`]).
    pub(super) fn sample_of(
        tx: &rusqlite::Transaction<'_>,
        of: Of,
        units: &[Vec<u8>],
        from: usize,
    ) -> std::result::Result<Codec, Outcome> {
        let (dict_key, count_key) = of.keys();
        let mut dict = Vec::new();
        for (i, u) in units.iter().take(SAMPLE_UNITS).enumerate() {
            if dict.len() + u.len() > SAMPLE_BYTES && i > 0 {
                break;
            }
            dict.extend_from_slice(u);
        }
        // At least one, so that an index holding units always has a
        // dictionary (an empty store's pseudo-unit samples itself).
        let samples = i64::try_from(from).unwrap_or(i64::MAX).max(1);
        tx.execute(
            "INSERT OR REPLACE INTO meta (k, v) VALUES (?1, ?2), (?3, ?4)",
            params![dict_key, dict, count_key, samples.to_string()],
        )?;
        Codec::with(&dict, samples).map_err(|_| Outcome::Skip(Skip::Damaged))
    }

    /// A unit's JSON (or a summary's versions), compressed (prefixed with
    /// its length).
    pub(super) fn encode(&self, json: &[u8]) -> Vec<u8> {
        let mut enc = self.enc.borrow_mut();
        let enc = match &mut *enc {
            Some(e) => e,
            None => enc.insert(
                zstd::bulk::Compressor::with_dictionary(LEVEL, &self.dict)
                    .expect("zstd takes any bytes as a raw dictionary"),
            ),
        };
        let packed = enc.compress(json).expect("zstd compresses into a vector");
        let mut out = Vec::with_capacity(packed.len() + 4);
        put_varint(&mut out, json.len() as u64);
        out.extend_from_slice(&packed);
        out
    }

    /// A unit from its stored bytes.
    pub(super) fn decode(&self, data: &[u8]) -> std::result::Result<Unit, Outcome> {
        let json = self.unpack(data)?;
        serde_json::from_slice::<Unit>(&json).map_err(|_| Outcome::Skip(Skip::Damaged))
    }

    /// The JSON that [`Codec::encode`] packed (a unit's, or a summary's
    /// versions).
    pub(super) fn unpack(&self, data: &[u8]) -> std::result::Result<Vec<u8>, Outcome> {
        let damaged = || Outcome::Skip(Skip::Damaged);
        let mut at = 0;
        let len = get_varint(data, &mut at)
            .filter(|n| *n <= MAX_UNIT)
            .ok_or_else(damaged)?;
        let mut dec = self.dec.borrow_mut();
        let dec = match &mut *dec {
            Some(d) => d,
            None => dec.insert(
                zstd::bulk::Decompressor::with_dictionary(&self.dict).map_err(|_| damaged())?,
            ),
        };
        dec.decompress(&data[at..], usize::try_from(len).map_err(|_| damaged())?)
            .map_err(|_| damaged())
    }

    /// The JSON packed in column `i` of `row` (a blob), or damage.
    pub(super) fn column(
        &self,
        row: &rusqlite::Row<'_>,
        i: usize,
    ) -> std::result::Result<Vec<u8>, Outcome> {
        match row.get_ref(i)? {
            rusqlite::types::ValueRef::Blob(b) => self.unpack(b),
            _ => Err(Outcome::Skip(Skip::Damaged)),
        }
    }

    /// The unit stored in column `i` of `row`.
    pub(super) fn unit(
        &self,
        row: &rusqlite::Row<'_>,
        i: usize,
    ) -> std::result::Result<Unit, Outcome> {
        match row.get_ref(i)? {
            rusqlite::types::ValueRef::Blob(b) => self.decode(b),
            _ => Err(Outcome::Skip(Skip::Damaged)),
        }
    }
}

/// Appends `n` as a LEB128 varint.
pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a LEB128 varint at `*at`, moving past it.
pub(super) fn get_varint(data: &[u8], at: &mut usize) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *data.get(*at)?;
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// Appends a signed `n` (zigzag, then varint).
pub(super) fn put_signed(out: &mut Vec<u8>, n: i64) {
    // The bits as they are: zigzag maps every i64 to one u64.
    #[allow(clippy::cast_sign_loss)]
    put_varint(out, ((n << 1) ^ (n >> 63)) as u64);
}

/// Reads a signed varint written by [`put_signed`].
pub(super) fn get_signed(data: &[u8], at: &mut usize) -> Option<i64> {
    let z = get_varint(data, at)?;
    // The bits as they are (see `put_signed`).
    #[allow(clippy::cast_possible_wrap)]
    Some(((z >> 1) as i64) ^ -((z & 1) as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for n in [0i64, 1, -1, 63, -64, 64, 1_796_678_744, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            put_signed(&mut out, n);
            let mut at = 0;
            assert_eq!(get_signed(&out, &mut at), Some(n));
            assert_eq!(at, out.len());
        }
        let mut at = 0;
        assert_eq!(get_varint(&[0x80, 0x80], &mut at), None);
    }
}
