//! SSH keys and SSHSIG signatures: the only place that signs or verifies.
//!
//! Records are signed over their exact bytes with namespace `signoff`, armored
//! as OpenSSH does, so stock `ssh-keygen -Y verify` checks them. Signing uses an
//! in-memory Ed25519 key when the private key is readable, or `ssh-keygen -Y
//! sign` (which talks to ssh-agent or a FIDO token) when it is not; either way
//! the result is verified in-process before it is used. Verification never runs
//! a program.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The SSHSIG namespace every signoff signature uses.
pub const NAMESPACE: &str = "signoff";

/// The SSHSIG namespace git uses for commit signatures (`gpg.format=ssh`):
/// store commits are signed in it, so `git verify-commit` accepts them.
pub const GIT_NAMESPACE: &str = "git";

/// Largest armored signature we accept (an Ed25519 SSHSIG is ~300 bytes).
const MAX_SIG_BYTES: usize = 4096;

/// Why a key or signature was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("not an OpenSSH public key line ({0})")]
    BadPublicKey(String),
    /// A key of a type signoff does not take (its algorithm).
    #[error(
        "{} is a key type signoff does not take: it signs with Ed25519 keys only (ssh-ed25519, or sk-ssh-ed25519@openssh.com on a FIDO security key)",
        crate::keytype::describe(.0)
    )]
    NotEd25519(String),
    #[error("weak Ed25519 public key (small-order point)")]
    WeakKey,
    #[error("cannot read private key {path}: {reason}")]
    BadPrivateKey { path: PathBuf, reason: String },
    /// A private key in another format than OpenSSH's (PEM, PKCS#8, `PuTTY`).
    #[error(
        "cannot read private key {path}: it is a {format} private key, not in OpenSSH's format"
    )]
    ForeignFormat { path: PathBuf, format: String },
    #[error("signature is not a valid armored SSH signature: {0}")]
    Malformed(String),
    #[error("signature namespace is {found:?}, expected {expected:?}")]
    Namespace {
        found: String,
        expected: &'static str,
    },
    #[error("signature was made by key {found}, not by {expected}")]
    WrongKey { found: String, expected: String },
    #[error("signature does not match the signed bytes")]
    Invalid,
    #[error("FIDO signature made without the user's touch (user-presence flag not set)")]
    NoUserPresence,
    #[error("signing failed: {0}")]
    Signing(String),
}

/// A validated Ed25519 public key with its SHA-256 fingerprint.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    public: PublicKey,
    fingerprint: String,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", self.fingerprint)
    }
}

impl Key {
    /// Parses an `ssh-ed25519 AAAA… [comment]` or FIDO
    /// `sk-ssh-ed25519@openssh.com AAAA… [comment]` line, rejecting other
    /// algorithms and weak (small-order) points.
    pub fn parse(line: &str) -> Result<Key, SignError> {
        // Checking a point costs tens of microseconds and counting asks for
        // the same few policy keys once per decision: each line is parsed
        // once per thread.
        thread_local! {
            static PARSED: std::cell::RefCell<std::collections::HashMap<String, Key>> =
                std::cell::RefCell::default();
        }
        let line = line.trim();
        if let Some(k) = PARSED.with(|m| m.borrow().get(line).cloned()) {
            return Ok(k);
        }
        let public = PublicKey::from_openssh(line).map_err(|_| bad_key(line))?;
        let key = Key::from_public(public)?;
        PARSED.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() < 4096 {
                m.insert(line.to_string(), key.clone());
            }
        });
        Ok(key)
    }

    fn from_public(public: PublicKey) -> Result<Key, SignError> {
        // An Ed25519 key, or one held on a FIDO token (`sk-ssh-ed25519`,
        // the point plus the token's application string).
        let point = match (public.key_data().ed25519(), public.key_data().sk_ed25519()) {
            (Some(ed), _) => ed.0,
            (None, Some(sk)) => sk.public_key().0,
            (None, None) => return Err(SignError::NotEd25519(public.algorithm().to_string())),
        };
        let vk = ed25519_dalek::VerifyingKey::from_bytes(&point).map_err(|_| SignError::WeakKey)?;
        if vk.is_weak() {
            return Err(SignError::WeakKey);
        }
        let fingerprint = public.fingerprint(HashAlg::Sha256).to_string();
        Ok(Key {
            public,
            fingerprint,
        })
    }

    /// `SHA256:…` as `ssh-keygen -l` prints it.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The key as an OpenSSH line without comment: `ssh-ed25519 AAAA…`.
    #[must_use]
    pub fn openssh(&self) -> String {
        let mut k = self.public.clone();
        k.set_comment("");
        k.to_openssh().unwrap_or_default().trim().to_string()
    }

    /// The raw Ed25519 verifying key (for link tokens).
    #[must_use]
    pub fn verifying_key(&self) -> Option<ed25519_dalek::VerifyingKey> {
        let ed = self.public.key_data().ed25519()?;
        ed25519_dalek::VerifyingKey::from_bytes(&ed.0).ok()
    }

    /// Verifies an armored SSHSIG over `data` made by this key.
    pub fn verify(&self, data: &[u8], armored: &[u8]) -> Result<(), SignError> {
        self.verify_parsed(data, &ParsedSignature::parse(armored)?)
    }

    /// Verifies an already parsed signature over `data` made by this key.
    pub fn verify_parsed(&self, data: &[u8], sig: &ParsedSignature) -> Result<(), SignError> {
        self.verify_in(NAMESPACE, data, &sig.0)
    }

    /// Verifies a signature made in `namespace` (records: [`NAMESPACE`];
    /// store commits: [`GIT_NAMESPACE`]).
    fn verify_in(
        &self,
        namespace: &'static str,
        data: &[u8],
        sig: &SshSig,
    ) -> Result<(), SignError> {
        if sig.namespace() != namespace {
            return Err(SignError::Namespace {
                found: sig.namespace().to_string(),
                expected: namespace,
            });
        }
        if sig.public_key() != self.public.key_data() {
            let found = PublicKey::from(sig.public_key().clone())
                .fingerprint(HashAlg::Sha256)
                .to_string();
            return Err(SignError::WrongKey {
                found,
                expected: self.fingerprint.clone(),
            });
        }
        self.public
            .verify(namespace, data, sig)
            .map_err(|_| SignError::Invalid)?;
        // As `ssh-keygen -Y verify` does, a FIDO signature counts only when
        // the token saw the user's touch (the user-presence flag), so a
        // record that verifies here verifies there too.
        if sig.algorithm() == ssh_key::Algorithm::SkEd25519 {
            let bytes = sig.signature().as_bytes();
            let flags = bytes.len().checked_sub(5).map(|i| bytes[i]);
            if flags.is_none_or(|f| f & SK_USER_PRESENCE == 0) {
                return Err(SignError::NoUserPresence);
            }
        }
        Ok(())
    }
}

/// The FIDO flag saying the user touched the token.
const SK_USER_PRESENCE: u8 = 0x01;

/// An armored SSHSIG parsed once, so that finding its key and verifying it
/// do not parse it twice (verify of a large store does both per record).
pub struct ParsedSignature(SshSig);

impl ParsedSignature {
    /// Parses an armored signature (size-limited).
    pub fn parse(armored: &[u8]) -> Result<ParsedSignature, SignError> {
        parse_signature(armored).map(ParsedSignature)
    }

    /// The fingerprint of the key that claims to have made it (not yet verified).
    #[must_use]
    pub fn key_fingerprint(&self) -> String {
        PublicKey::from(self.0.public_key().clone())
            .fingerprint(HashAlg::Sha256)
            .to_string()
    }
}

/// Says what is wrong with a line that does not parse as a public key. The
/// parser's own errors ("internal overflow error") mean nothing to users, and
/// it cannot read key types this build leaves out, so name the type instead.
fn bad_key(line: &str) -> SignError {
    let mut parts = line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(alg @ ("ssh-ed25519" | "sk-ssh-ed25519@openssh.com")), Some(_)) => {
            SignError::BadPublicKey(format!("the {alg} key data is damaged or cut short"))
        }
        (Some(alg), Some(_)) if crate::keytype::of_public_line(line).is_some() => {
            SignError::NotEd25519(alg.to_string())
        }
        _ => SignError::BadPublicKey(
            "expected \"ssh-ed25519 AAAA… [comment]\" or \"sk-ssh-ed25519@openssh.com AAAA… [comment]\"".into(),
        ),
    }
}

/// Parses an armored signature and returns the fingerprint of the key that
/// claims to have made it (not yet verified).
pub fn signature_key_fingerprint(armored: &[u8]) -> Result<String, SignError> {
    Ok(ParsedSignature::parse(armored)?.key_fingerprint())
}

fn parse_signature(armored: &[u8]) -> Result<SshSig, SignError> {
    if armored.len() > MAX_SIG_BYTES {
        return Err(SignError::Malformed(format!(
            "{} bytes is larger than the {MAX_SIG_BYTES}-byte limit",
            armored.len()
        )));
    }
    SshSig::from_pem(armored).map_err(|e| SignError::Malformed(e.to_string()))
}

/// Something that can produce signatures for one public key.
#[derive(Clone)]
pub struct Signer {
    key: Key,
    how: How,
    /// Where the key came from, for messages.
    pub source: String,
    /// What signs through the agent or a token instead of `ssh-keygen`
    /// (git's `gpg.ssh.program`).
    program: Option<String>,
}

#[derive(Clone)]
enum How {
    Memory(Box<PrivateKey>),
    /// `ssh-keygen -Y sign -f <public key file>`, which asks ssh-agent.
    Agent(PathBuf),
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signer({}, {})", self.key.fingerprint, self.source)
    }
}

impl Signer {
    /// Loads a signer from a private key file, or from a `.pub` file whose
    /// private half is held by ssh-agent. An encrypted private key is used
    /// through the agent, using the `.pub` file next to it.
    pub fn load(path: &Path) -> Result<Signer, SignError> {
        let bad = |reason: String| SignError::BadPrivateKey {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        if crate::keytype::of_public_line(&text).is_some() || text.trim_start().starts_with("ssh-")
        {
            let key = Key::parse(&text)?;
            return Ok(Signer {
                key,
                how: How::Agent(path.to_path_buf()),
                source: format!("{} (via ssh-agent)", path.display()),
                program: None,
            });
        }
        let private = PrivateKey::from_openssh(&text).map_err(|e| {
            // Name a key type or format this build cannot read instead of
            // the parser's complaint.
            match crate::keytype::of_private_file(&text) {
                Some(crate::keytype::Found::Algorithm(alg)) => SignError::NotEd25519(alg),
                Some(crate::keytype::Found::Format(format)) => SignError::ForeignFormat {
                    path: path.to_path_buf(),
                    format,
                },
                None => bad(e.to_string()),
            }
        })?;
        let key = Key::from_public(private.public_key().clone())?;
        // A FIDO key file holds a handle, not the key: the token signs,
        // through ssh-keygen, which asks for the touch.
        if private.algorithm() == ssh_key::Algorithm::SkEd25519 {
            return Ok(Signer {
                key,
                how: How::Agent(path.to_path_buf()),
                source: format!("{} (FIDO token, via ssh-keygen)", path.display()),
                program: None,
            });
        }
        if private.is_encrypted() {
            let mut pub_path = path.as_os_str().to_owned();
            pub_path.push(".pub");
            let pub_path = PathBuf::from(pub_path);
            if !pub_path.exists() {
                return Err(bad(format!(
                    "it is passphrase-protected and {} is missing; add the key to ssh-agent and keep the .pub file beside it",
                    pub_path.display()
                )));
            }
            return Ok(Signer {
                key,
                how: How::Agent(pub_path),
                source: format!("{} (passphrase-protected, via ssh-agent)", path.display()),
                program: None,
            });
        }
        Ok(Signer {
            key,
            how: How::Memory(Box::new(private)),
            source: path.display().to_string(),
            program: None,
        })
    }

    /// Generates a new random Ed25519 key.
    pub fn generate(comment: &str) -> Result<(Signer, String), SignError> {
        let mut rng = rand_core::OsRng;
        let mut private = PrivateKey::random(&mut rng, ssh_key::Algorithm::Ed25519)
            .map_err(|e| SignError::Signing(e.to_string()))?;
        private.set_comment(comment);
        let text = private
            .to_openssh(LineEnding::LF)
            .map_err(|e| SignError::Signing(e.to_string()))?
            .to_string();
        let key = Key::from_public(private.public_key().clone())?;
        Ok((
            Signer {
                key,
                how: How::Memory(Box::new(private)),
                source: "generated".into(),
                program: None,
            },
            text,
        ))
    }

    /// Signs through `program` (git's `gpg.ssh.program`) instead of
    /// `ssh-keygen` when the key is not in memory.
    #[must_use]
    pub fn with_program(mut self, program: Option<String>) -> Signer {
        self.program = program;
        self
    }

    /// The raw Ed25519 signing key, when the private key is in memory
    /// (the attestation key of `signoff serve` signs link tokens with it).
    #[must_use]
    pub fn ed25519_signing_key(&self) -> Option<ed25519_dalek::SigningKey> {
        let How::Memory(private) = &self.how else {
            return None;
        };
        let pair = private.key_data().ed25519()?;
        Some(ed25519_dalek::SigningKey::from_bytes(
            &pair.private.to_bytes(),
        ))
    }

    #[must_use]
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// Signs `data` and returns the armored signature, verified in-process.
    pub fn sign(&self, data: &[u8]) -> Result<String, SignError> {
        self.sign_in(NAMESPACE, data)
    }

    /// Signs a store commit's bytes as git does for `gpg.format=ssh`
    /// (namespace `git`): the armored signature for the `gpgsig` header.
    pub fn sign_commit(&self, commit: &[u8]) -> Result<String, SignError> {
        self.sign_in(GIT_NAMESPACE, commit)
    }

    fn sign_in(&self, namespace: &'static str, data: &[u8]) -> Result<String, SignError> {
        let armored = match &self.how {
            How::Memory(private) => private
                .sign(namespace, HashAlg::Sha512, data)
                .and_then(|s| s.to_pem(LineEnding::LF))
                .map_err(|e| SignError::Signing(e.to_string()))?,
            How::Agent(pub_path) => {
                let program = self.program.as_deref().unwrap_or("ssh-keygen");
                sign_with_ssh_keygen(program, pub_path, namespace, data)?
            }
        };
        self.key
            .verify_in(namespace, data, &parse_signature(armored.as_bytes())?)?;
        Ok(armored)
    }
}

fn sign_with_ssh_keygen(
    program: &str,
    pub_path: &Path,
    namespace: &str,
    data: &[u8],
) -> Result<String, SignError> {
    use std::io::Write;
    let dir = tempfile_dir()?;
    let msg = dir.join("record");
    std::fs::write(&msg, data).map_err(|e| SignError::Signing(e.to_string()))?;
    // On a terminal, the signer talks to the person directly: a FIDO
    // token's "touch your key" and its PIN prompt must reach them.
    let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let out = Command::new(program)
        .args(["-q", "-Y", "sign", "-n", namespace, "-f"])
        .arg(pub_path)
        .arg(&msg)
        .stdin(if on_terminal {
            std::process::Stdio::inherit()
        } else {
            std::process::Stdio::null()
        })
        .stderr(if on_terminal {
            std::process::Stdio::inherit()
        } else {
            std::process::Stdio::piped()
        })
        .output()
        .map_err(|e| SignError::Signing(format!("cannot run {program}: {e}")))?;
    let sig_path = dir.join("record.sig");
    let result = if out.status.success() {
        std::fs::read_to_string(&sig_path).map_err(|e| SignError::Signing(e.to_string()))
    } else {
        let mut err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if err.is_empty() {
            err = format!("{program} exited with {}", out.status);
        }
        let _ = std::io::stderr().flush();
        Err(SignError::Signing(format!(
            "{err} (is the key loaded in ssh-agent? try 'ssh-add')"
        )))
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn tempfile_dir() -> Result<PathBuf, SignError> {
    let dir = std::env::temp_dir().join(format!("signoff-sign-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir(&dir).map_err(|e| SignError::Signing(e.to_string()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify_roundtrip() {
        let (signer, _) = Signer::generate("t").unwrap();
        let sig = signer.sign(b"hello").unwrap();
        signer.key().verify(b"hello", sig.as_bytes()).unwrap();
        assert!(matches!(
            signer.key().verify(b"hellO", sig.as_bytes()),
            Err(SignError::Invalid)
        ));
    }

    #[test]
    fn other_key_is_rejected() {
        let (a, _) = Signer::generate("a").unwrap();
        let (b, _) = Signer::generate("b").unwrap();
        let sig = a.sign(b"x").unwrap();
        assert!(matches!(
            b.key().verify(b"x", sig.as_bytes()),
            Err(SignError::WrongKey { .. })
        ));
    }

    #[test]
    fn non_ed25519_and_garbage_keys_are_rejected() {
        assert!(Key::parse("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7").is_err());
        assert!(Key::parse("not a key").is_err());
    }

    #[test]
    fn small_order_key_is_weak() {
        // The identity point encoded as a public key: y = 1.
        let mut bytes = [0u8; 32];
        bytes[0] = 1;
        let kd = ssh_key::public::KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(bytes));
        let pk = PublicKey::from(kd);
        assert!(matches!(Key::from_public(pk), Err(SignError::WeakKey)));
    }
}

/// Property tests: a signed record whose bytes or signature change in any
/// way never verifies, and nothing panics on the way.
#[cfg(test)]
mod props {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::record::props::{DECISION, edits, mutate};

    /// One signer and its signature over the sample record, for all cases.
    fn signed() -> &'static (Signer, Vec<u8>) {
        static SIGNED: OnceLock<(Signer, Vec<u8>)> = OnceLock::new();
        SIGNED.get_or_init(|| {
            let (signer, _) = Signer::generate("prop").expect("key generation");
            let sig = signer.sign(DECISION.as_bytes()).expect("signing");
            (signer, sig.into_bytes())
        })
    }

    proptest! {
        #[test]
        fn a_mutated_signed_record_never_verifies(e in edits()) {
            let (signer, sig) = signed();
            let bytes = mutate(DECISION.as_bytes(), &e);
            let _ = crate::record::parse(&bytes);
            if bytes != DECISION.as_bytes() {
                prop_assert!(signer.key().verify(&bytes, sig).is_err());
            }
        }

        #[test]
        fn a_mutated_signature_never_verifies_other_bytes(e in edits()) {
            let (signer, sig) = signed();
            let armored = mutate(sig, &e);
            let _ = signature_key_fingerprint(&armored);
            if signer.key().verify(DECISION.as_bytes(), &armored).is_ok() {
                // Armor can change without the signature changing (line
                // breaks, padding bits); the signature itself must not.
                let a = SshSig::from_pem(&armored).expect("it verified");
                let b = SshSig::from_pem(sig).expect("our own signature");
                prop_assert_eq!(a.signature_bytes(), b.signature_bytes());
                prop_assert_eq!(a.public_key(), b.public_key());
            }
        }

        #[test]
        fn a_mutated_raw_signature_never_verifies(pos in 0usize..64, bit in 0u8..8) {
            let (signer, sig) = signed();
            let parsed = SshSig::from_pem(sig).expect("our own signature");
            let mut raw = parsed.signature_bytes().to_vec();
            raw[pos] ^= 1 << bit;
            let forged = SshSig::new(
                parsed.public_key().clone(),
                NAMESPACE,
                parsed.hash_alg(),
                ssh_key::Signature::new(ssh_key::Algorithm::Ed25519, raw).expect("64 bytes"),
            )
            .expect("well-formed");
            let pem = forged.to_pem(LineEnding::LF).expect("encodes");
            prop_assert!(signer.key().verify(DECISION.as_bytes(), pem.as_bytes()).is_err());
        }
    }
}
